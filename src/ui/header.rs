//! Title, language switch, presenter mode and the help button.

use yew::prelude::*;

use super::state::{Action, Playground};
use crate::build_version;
use crate::i18n::{pick, tr, Locale, Text};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub locale: Locale,
    pub on_switch: Callback<()>,
    pub state: UseReducerHandle<Playground>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let locale = props.locale;
    let onclick = props.on_switch.reform(|_: MouseEvent| ());
    let send = |a: fn() -> Action| {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(a()))
    };
    html! {
        <header class="top">
            <div class="brand">
                <h1>{ tr(locale, Text::Title) }</h1>
                <p class="subtitle">{ tr(locale, Text::Subtitle) }</p>
            </div>
            <div class="top-actions">
                <div class="top-buttons">
                    <button class="pill" onclick={send(|| Action::TogglePresenter)}
                        aria-pressed={props.state.presenter.to_string()}
                        title={pick(locale, "Large type for projectors (p)", "프로젝터용 큰 글씨 (p)")}>
                        { pick(locale, "Presenter", "발표 모드") }
                    </button>
                    <button class="pill" onclick={send(|| Action::ToggleHelp)} data-testid="help-button"
                        title={pick(locale, "Keyboard shortcuts (?)", "단축키 (?)")}>
                        { "?" }
                    </button>
                    <button class="pill lang-switch" {onclick} lang={locale.other().code()}>
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
