//! Presets, the caption that says what to watch, and the session's way in
//! and out: share link, export and import of the JSON file.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::state::{Action, Playground};
use crate::i18n::pick;
use crate::playground::preset::PRESETS;
use crate::playground::share;

/// A plain function, not a component: the link it shows is the reducer's
/// (`share_link`), so it has no hooks, and every component type costs the
/// page about 1.5 KB of wasm.
pub fn session_bar(state: &UseReducerHandle<Playground>) -> Html {
    let locale = state.locale;
    let session = state.session();
    let current = session.preset;
    let caption = current.and_then(|p| p.caption_at(session.now()));

    let presets = PRESETS.iter().map(|&p| {
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::LoadPreset(p)))
        };
        html! {
            <button class={classes!("preset", (current == Some(p)).then_some("active"))}
                aria-pressed={(current == Some(p)).to_string()} data-preset={p.code()} {onclick}>
                { p.title(locale) }
            </button>
        }
    });
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let url = browser::link_with(&share::to_fragment(&state.session()));
            state.dispatch(Action::ShowShareLink(url))
        })
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let s = state.session();
            let name = s.preset.map_or("scenario", |p| p.code());
            browser::download(
                &format!("kafka-playground-{name}.json"),
                &share::to_json(&s),
            );
        })
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let state = state.clone();
            browser::read_file(&input, move |text| {
                let loaded = text.and_then(|t| {
                    share::import(&t).map_err(|e| {
                        format!(
                            "{} {e}",
                            pick(
                                state.locale,
                                "This file could not be opened, so nothing was changed:",
                                "파일을 열 수 없어 아무것도 바꾸지 않았습니다:"
                            )
                        )
                    })
                });
                state.dispatch(Action::Load(loaded));
            });
            input.set_value("");
        })
    };
    let link_box = state.share_link.clone().map(|url| {
        html! {
            <div class="share-link">
                <label>
                    { pick(locale, "Share link (copy it): reopens exactly this moment", "공유 링크(복사하세요): 바로 이 순간을 그대로 엽니다") }
                    <input type="text" readonly=true value={url} data-testid="share-link" />
                </label>
            </div>
        }
    });
    html! {
        <section class="session-bar">
            <div class="presets" role="group" aria-label={pick(locale, "Presets", "프리셋")}>
                <span class="presets-label">{ pick(locale, "Presets:", "프리셋:") }</span>
                { for presets }
            </div>
            <div class="io">
                <button onclick={on_share} data-testid="share">{ pick(locale, "Share link", "공유 링크") }</button>
                <button onclick={on_export} data-testid="export">{ pick(locale, "Export JSON", "JSON 내보내기") }</button>
                <label class="import">
                    { pick(locale, "Import JSON", "JSON 가져오기") }
                    <input type="file" accept=".json,application/json" onchange={on_import} data-testid="import" />
                </label>
            </div>
            { for link_box }
            if let Some(c) = caption {
                <p class="caption" data-testid="caption" aria-live="polite">{ c.text(locale) }</p>
            }
        </section>
    }
}
