//! The few browser facilities the page uses — localStorage, the URL
//! fragment, `<html lang>`, animation frames, key and hash listeners, file
//! download — behind small functions, so components stay free of
//! `web_sys` plumbing and every failure degrades to "nothing happens".

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        s.set_item(key, value).ok();
    }
}

pub fn language() -> Option<String> {
    window()?.navigator().language()
}

/// The learner asked the system for less motion.
pub fn prefers_reduced_motion() -> bool {
    window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// The URL fragment, percent-decoding undone (a pasted link may be encoded).
pub fn hash() -> Option<String> {
    let raw = window()?.location().hash().ok()?;
    Some(
        js_sys::decode_uri_component(&raw)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or(raw),
    )
}

/// Drops the fragment from the address bar without reloading, so a reload
/// shows the autosaved session rather than the link's starting point.
pub fn clear_hash() {
    let Some(w) = window() else { return };
    let path =
        w.location().pathname().unwrap_or_default() + &w.location().search().unwrap_or_default();
    if let Ok(h) = w.history() {
        h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
            .ok();
    }
}

/// The page's address with `fragment` as its hash (a share link).
pub fn link_with(fragment: &str) -> String {
    let location = window().map(|w| w.location());
    let base = location
        .map(|l| {
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    format!("{base}#{fragment}")
}

pub fn set_lang(code: &str) {
    if let Some(html) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        html.set_attribute("lang", code).ok();
    }
}

/// The frame callback, shared with itself so it can ask for the next frame.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// A `requestAnimationFrame` loop calling back with the real milliseconds
/// since the previous frame. Dropping it stops the loop.
pub struct AnimationLoop {
    running: Rc<RefCell<bool>>,
}

impl AnimationLoop {
    pub fn start(mut on_frame: impl FnMut(f64) + 'static) -> AnimationLoop {
        let running = Rc::new(RefCell::new(true));
        let slot: FrameSlot = Rc::new(RefCell::new(None));
        let (flag, again) = (running.clone(), slot.clone());
        let mut last: Option<f64> = None;
        *slot.borrow_mut() = Some(Closure::new(move |t: f64| {
            if !*flag.borrow() {
                again.borrow_mut().take();
                return;
            }
            on_frame(last.map_or(16.0, |l| t - l));
            last = Some(t);
            request_frame(&again);
        }));
        request_frame(&slot);
        AnimationLoop { running }
    }
}

fn request_frame(slot: &FrameSlot) {
    if let (Some(w), Some(f)) = (window(), slot.borrow().as_ref()) {
        w.request_animation_frame(f.as_ref().unchecked_ref()).ok();
    }
}

impl Drop for AnimationLoop {
    fn drop(&mut self) {
        *self.running.borrow_mut() = false;
    }
}

/// A listener on `document` (or `window`) removed when dropped.
pub struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref())
            .ok();
    }
}

fn listen(
    target: Option<web_sys::EventTarget>,
    kind: &'static str,
    f: impl FnMut(web_sys::Event) + 'static,
) -> Option<Listener> {
    let target = target?;
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    target
        .add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())
        .ok()?;
    Some(Listener {
        target,
        kind,
        closure,
    })
}

/// Page-wide shortcuts. `f` gets the key and returns whether it handled it;
/// keys typed into form fields are left alone.
pub fn on_key(mut f: impl FnMut(String) -> bool + 'static) -> Option<Listener> {
    let document = window().and_then(|w| w.document()).map(Into::into);
    listen(document, "keydown", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        // Space on a focused button presses it; don't also toggle play.
        let on_button = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.tag_name() == "BUTTON");
        if typing || (on_button && e.key() == " ") {
            return;
        }
        if f(e.key()) {
            e.prevent_default();
        }
    })
}

pub fn on_hash_change(mut f: impl FnMut() + 'static) -> Option<Listener> {
    let w: Option<web_sys::EventTarget> = window().map(Into::into);
    listen(w, "hashchange", move |_| f())
}

/// Offers `text` as a file download.
pub fn download(filename: &str, text: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        a.set_attribute("href", &url).ok();
        a.set_attribute("download", filename).ok();
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    web_sys::Url::revoke_object_url(&url).ok();
}

/// Reads the first file chosen in an `<input type=file>` as text.
pub fn read_file(
    input: &web_sys::HtmlInputElement,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let done = RefCell::new(Some(done));
    let r = reader.clone();
    let onload = Closure::<dyn FnMut()>::new(move || {
        let text = r
            .result()
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| "the file is not text".to_string());
        if let Some(done) = done.borrow_mut().take() {
            done(text);
        }
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    // The reader fires once; let the closure live as long as the page.
    onload.forget();
    reader.read_as_text(&file).ok();
}

/// The `value` of the element an event came from: an input, a select or a
/// textarea alike.
pub fn target_value(e: &web_sys::Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
