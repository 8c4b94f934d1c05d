//! The page shell: where the session comes from (a share link, the
//! autosave, or the first preset), the animation loop, the keyboard, and
//! the layout of the components around the lanes.

use yew::prelude::*;

use super::accumulator_panel::accumulator_panel;
use super::alarms::alarms;
use super::browser::{self, AnimationLoop};
use super::event_log::EventLog;
use super::faults_panel::FaultsPanel;
use super::groups_panel::GroupsPanel;
use super::header::header;
use super::help::Help;
use super::key_lookup::key_lookup;
use super::lag_panel::LagPanel;
use super::lane_view::lane_view;
use super::partitioner_panel::partitioner_panel;
use super::producer_panel::producer_panel;
use super::session_bar::session_bar;
use super::state::{Action, Playground};
use super::transport::transport;
use crate::i18n::{pick, Locale};
use crate::playground::groups::has_groups;
use crate::playground::preset::PresetId;
use crate::playground::session::Session;
use crate::playground::share;

const LOCALE_KEY: &str = "kafka-playground.locale";
const AUTOSAVE_KEY: &str = "kafka-playground.session";

/// Remembered choice first, then the browser's language, then English.
fn initial_locale() -> Locale {
    let saved = browser::load(LOCALE_KEY);
    let language = browser::language();
    saved
        .as_deref()
        .and_then(Locale::from_code)
        .or_else(|| language.as_deref().and_then(Locale::from_code))
        .unwrap_or(Locale::En)
}

/// A share link wins, then the autosave, then the acks demo. A damaged
/// link is reported and the page falls back to what it would have shown.
fn initial_state() -> Playground {
    let locale = initial_locale();
    let fallback = || {
        browser::load(AUTOSAVE_KEY)
            .and_then(|text| share::from_json(&text).ok())
            .unwrap_or_else(|| Session::from_preset(PresetId::Acks).expect("presets build"))
    };
    let (session, error) = match shared_hash() {
        Some(h) => {
            browser::clear_hash();
            match share::from_fragment(&h) {
                Ok(s) => (s, None),
                Err(e) => (fallback(), Some(link_error(locale, &e.to_string()))),
            }
        }
        None => (fallback(), None),
    };
    let mut state = Playground::new(locale, session);
    state.error = error;
    state.reduced_motion = browser::prefers_reduced_motion();
    state
}

/// The fragment, if it holds a session (`#s=…`); other fragments are not ours.
fn shared_hash() -> Option<String> {
    browser::hash().filter(|h| h.trim_start_matches('#').starts_with(share::FRAGMENT_KEY))
}

fn link_error(locale: Locale, detail: &str) -> String {
    format!(
        "{} {detail}",
        pick(
            locale,
            "This share link could not be opened, so nothing was changed:",
            "공유 링크를 열 수 없어 아무것도 바꾸지 않았습니다:"
        )
    )
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let locale = state.locale;

    use_effect_with(locale, |locale| {
        browser::save(LOCALE_KEY, locale.code());
        browser::set_lang(locale.code());
    });

    // Autosave whenever the history or the paused cursor changes.
    let save_key = {
        let s = state.session();
        let actions: usize = s.lanes.iter().map(|l| l.timeline.actions().len()).sum();
        let cursor = (!state.playing).then(|| (s.now(), s.lanes[0].timeline.pos()));
        (actions, cursor, state.session_id())
    };
    {
        let state = state.clone();
        use_effect_with(save_key, move |_| {
            browser::save(AUTOSAVE_KEY, &share::to_json(&state.session()));
        });
    }

    // The animation loop runs only while playing.
    {
        let state = state.clone();
        use_effect_with(state.playing, move |playing| {
            let anim = playing.then(|| {
                let dispatch = state.dispatcher();
                AnimationLoop::start(move |dt| dispatch.dispatch(Action::Frame(dt)))
            });
            move || drop(anim)
        });
    }

    // Keyboard: space, arrows, n, p, ?, Escape (not while typing).
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = browser::on_key(move |key| {
                let action = match key.as_str() {
                    " " => Action::TogglePlay,
                    "ArrowRight" => Action::Step,
                    "ArrowLeft" => Action::StepBack,
                    "n" => Action::NextMarker,
                    "p" => Action::TogglePresenter,
                    "?" => Action::ToggleHelp,
                    "Escape" => Action::CloseOverlays,
                    _ => return false,
                };
                dispatch.dispatch(action);
                true
            });
            move || drop(listener)
        });
    }

    // A link pasted into the address bar while the page is open. Installed
    // again when the language changes, so a refusal is in the page's language.
    {
        let dispatch = state.dispatcher();
        use_effect_with(locale, move |&locale| {
            let listener = browser::on_hash_change(move || {
                let Some(hash) = shared_hash() else { return };
                browser::clear_hash();
                let loaded =
                    share::from_fragment(&hash).map_err(|e| link_error(locale, &e.to_string()));
                dispatch.dispatch(Action::Load(loaded));
            });
            move || drop(listener)
        });
    }

    let lanes = state.session().lanes.len();
    let error = state.error.clone().map(|e| {
        let dismiss = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::DismissError))
        };
        html! {
            <div class="error-banner" role="alert" data-testid="error">
                <span>{ e }</span>
                <button onclick={dismiss} aria-label={pick(locale, "Dismiss", "닫기")}>{ "×" }</button>
            </div>
        }
    });

    // The partitioning panels come first in their preset, after the
    // producer and the faults elsewhere.
    let preset = state.session().preset;
    let mut panels = vec![
        html! { <div class="panels">
            { producer_panel(&state) }
            <FaultsPanel state={state.clone()} />
        </div> },
        html! { <div class="panels partitioning-panels">
            { key_lookup(&state) }
            { accumulator_panel(&state) }
            { partitioner_panel(&state) }
        </div> },
    ];
    if preset == Some(PresetId::Partitioning) {
        panels.reverse();
    }
    // Consumer groups and their lag: first in their preset, after the
    // other panels wherever the lane shown has a consumer with a group.id.
    let groups = {
        let s = state.session();
        has_groups(s.lanes[state.lane.min(lanes - 1)].timeline.sim())
    };
    if groups {
        let group_panels = [
            html! { <div class="panels groups-panels"><GroupsPanel state={state.clone()} /></div> },
            html! { <div class="panels lag-panels"><LagPanel state={state.clone()} /></div> },
        ];
        let at = match preset {
            Some(PresetId::LagRebalance) => 0,
            _ => panels.len(),
        };
        panels.splice(at..at, group_panels);
    }
    html! {
        <div class={classes!("page", state.presenter.then_some("presenter"))}>
            { header(&state) }
            { for error }
            { session_bar(&state) }
            { transport(&state) }
            { alarms(&state) }
            <div class={classes!("lanes", format!("lanes-{lanes}"))}>
                { for (0..lanes).map(|lane| lane_view(&state, lane)) }
            </div>
            <p class="legend">
                <span class="legend-hw">{ pick(locale, "▮ high watermark (HW): consumers read below it", "▮ 하이 워터마크(HW): 컨슈머는 이 아래까지 읽음") }</span>
                <span class="legend-leo">{ pick(locale, "▲ log end offset (LEO)", "▲ 로그 끝 오프셋(LEO)") }</span>
                <span class="legend-uncommitted">{ pick(locale, "pale cells: written but not committed yet", "옅은 칸: 쓰였지만 아직 커밋되지 않음") }</span>
                <span class="legend-dot">{ pick(locale, "● request  ○ response  ✕ dropped", "● 요청  ○ 응답  ✕ 유실") }</span>
                <span>{ pick(locale, "cells: a key's first letter, else the offset", "칸: 키의 첫 글자, 키가 없으면 오프셋") }</span>
            </p>
            { for panels }
            <EventLog state={state.clone()} />
            <Help state={state.clone()} />
        </div>
    }
}
