use yew::prelude::*;

use crate::build_version;
use crate::i18n::{tr, Locale, Text};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub locale: Locale,
    pub on_switch: Callback<()>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let locale = props.locale;
    let onclick = props.on_switch.reform(|_: MouseEvent| ());
    html! {
        <header class="top">
            <div class="brand">
                <h1>{ tr(locale, Text::Title) }</h1>
                <p class="subtitle">{ tr(locale, Text::Subtitle) }</p>
            </div>
            <div class="top-actions">
                <button class="lang-switch" {onclick} lang={locale.other().code()}>
                    { tr(locale, Text::SwitchLanguage) }
                </button>
                <span class="version" data-testid="version">
                    { format!("{} {}", tr(locale, Text::Version), build_version()) }
                </span>
            </div>
        </header>
    }
}
