//! The page shell: header, cluster view, describe output.

use yew::prelude::*;

use super::cluster_view::ClusterView;
use super::header::Header;
use super::state::{Action, Playground};
use crate::engine::describe::describe_topic;
use crate::i18n::{tr, Locale, Text};

const LOCALE_KEY: &str = "kafka-playground.locale";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Remembered choice first, then the browser's language, then English.
fn initial_locale() -> Locale {
    let saved = storage().and_then(|s| s.get_item(LOCALE_KEY).ok()?);
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    saved
        .as_deref()
        .and_then(Locale::from_code)
        .or_else(|| browser.as_deref().and_then(Locale::from_code))
        .unwrap_or(Locale::En)
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| Playground::demo(initial_locale()));
    let locale = state.locale;

    use_effect_with(locale, |locale| {
        if let Some(s) = storage() {
            s.set_item(LOCALE_KEY, locale.code()).ok();
        }
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            html.set_attribute("lang", locale.code()).ok();
        }
    });

    let on_switch = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::SetLocale(state.locale.other())))
    };

    let describe: String = state.cluster.topics.values().map(describe_topic).collect();

    html! {
        <div class="page">
            <Header {locale} {on_switch} />
            <main>
                <ClusterView cluster={state.cluster.clone()} {locale} />
                <section class="describe" aria-label={tr(locale, Text::DescribeHeading)}>
                    <h2>{ tr(locale, Text::DescribeHeading) }</h2>
                    <pre>{ describe }</pre>
                </section>
            </main>
        </div>
    }
}
