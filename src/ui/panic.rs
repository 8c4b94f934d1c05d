//! A panic in wasm is a bug: instead of a blank or frozen page the learner
//! sees what happened (and the console gets the full message via
//! `console_error_panic_hook`).

use std::panic;

pub fn install() {
    panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_overlay(&info.to_string());
    }));
}

fn show_overlay(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(el) = doc.create_element("div") else {
        return;
    };
    el.set_id("panic-overlay");
    el.set_attribute("role", "alert").ok();
    let text = format!(
        "The playground hit a bug and stopped. / 플레이그라운드에 버그가 발생해 멈췄습니다.\n\n{message}\n\nReload the page to start again. / 새로고침하면 다시 시작합니다."
    );
    el.set_text_content(Some(&text));
    if let Some(body) = doc.body() {
        body.append_child(&el).ok();
    }
}
