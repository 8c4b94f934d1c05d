//! Title, language switch, presenter mode and the help button.

use yew::prelude::*;

use super::state::{Action, Playground};
use crate::build_version;
use crate::i18n::{pick, tr, Locale, Text};

/// A plain function, not a component: it has no hooks, and every
/// component type costs the page about 1.5 KB of wasm.
pub fn header(state: &UseReducerHandle<Playground>) -> Html {
    let locale = state.locale;
    let send = |a: fn(Locale) -> Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(a(state.locale)))
    };
    html! {
        <header class="top">
            <div class="brand">
                <h1>{ tr(locale, Text::Title) }</h1>
                <p class="subtitle">{ tr(locale, Text::Subtitle) }</p>
            </div>
            <div class="top-actions">
                <div class="top-buttons">
                    <button class="pill" onclick={send(|_| Action::TogglePresenter)}
                        aria-pressed={state.presenter.to_string()}
                        title={pick(locale, "Large type for projectors (p)", "프로젝터용 큰 글씨 (p)")}>
                        { pick(locale, "Presenter", "발표 모드") }
                    </button>
                    <button class="pill" onclick={send(|_| Action::ToggleHelp)} data-testid="help-button"
                        title={pick(locale, "Keyboard shortcuts (?)", "단축키 (?)")}>
                        { "?" }
                    </button>
                    <button class="pill lang-switch" onclick={send(|l| Action::SetLocale(l.other()))} lang={locale.other().code()}>
                        { tr(locale, Text::SwitchLanguage) }
                    </button>
                </div>
                <span class="version" data-testid="version">
                    { format!("{} {}", tr(locale, Text::Version), build_version()) }
                </span>
            </div>
        </header>
    }
}
