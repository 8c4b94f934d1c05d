//! Play, pause, step, step back, jump to the next interesting event, speed,
//! and the time slider with markers for faults, elections and losses
//! (RaftScope's slider, with a Back button).

use crate::engine::decimal::{fixed, short};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{Action, Playground};
use crate::i18n::pick;
use crate::playground::playback::{Pace, SPEEDS};

/// A plain function: no hooks, so no component type (each costs wasm).
pub fn transport(state: &UseReducerHandle<Playground>) -> Html {
    let locale = state.locale;
    let session = state.session();
    let now = session.now();
    let end = session
        .lanes
        .iter()
        .map(|l| l.scenario.stop_at_ms)
        .max()
        .unwrap_or(0)
        .max(session.horizon_ms())
        .max(1);
    let send = |a: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(a()))
    };
    let on_slide = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: Option<web_sys::HtmlInputElement> =
                e.target().and_then(|t| t.dyn_into().ok());
            if let Some(v) = input.and_then(|i| i.value().parse::<u64>().ok()) {
                state.dispatch(Action::SeekTime(v));
            }
        })
    };
    let on_speed = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: Option<web_sys::HtmlSelectElement> =
                e.target().and_then(|t| t.dyn_into().ok());
            if let Some(i) = select.and_then(|s| s.value().parse::<usize>().ok()) {
                state.dispatch(Action::SetSpeed(i));
            }
        })
    };
    // One tick per lane and pixel column, the most telling one (a loss over
    // a fault over an election …): a long history stays cheap to draw.
    let rank = |c: &str| match c {
        "alarm" => 0,
        "fault" => 1,
        "controller" => 2,
        "replication" => 3,
        _ => 4,
    };
    let mut ticks = crate::engine::vec_map::VecMap::new();
    for m in session.markers() {
        let px = (m.at_ms as f64 / end as f64 * 1000.0) as u32;
        let slot = ticks.entry((m.lane, px)).or_insert_with(|| m.clone());
        if rank(m.category) < rank(slot.category) {
            *slot = m;
        }
    }
    let markers = ticks.into_values().map(|m| {
        let x = m.at_ms as f64 / end as f64 * 1000.0;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::SeekEvent { lane: m.lane, seq: m.seq })
            })
        };
        html! {
            <rect class={classes!("marker", m.category)} x={fixed(x, 1)} y={(m.lane * 6).to_string()}
                width="3" height="6" {onclick}>
                <title>{ format!("{} ms · {}", m.at_ms, m.category) }</title>
            </rect>
        }
    });
    let pace = match (state.playing, state.pace) {
        (false, _) => pick(locale, "paused", "일시 정지"),
        (true, Pace::Flight) => pick(
            locale,
            "slow motion: messages in flight",
            "슬로 모션: 메시지 전송 중",
        ),
        (true, Pace::Idle) => pick(
            locale,
            "fast-forward: nothing on the wire",
            "빨리 감기: 전송 중인 메시지 없음",
        ),
    };
    let lanes = session.lanes.len();
    html! {
        <section class="transport" aria-label={pick(locale, "Time controls", "시간 조작")}>
            <div class="transport-buttons">
                <button onclick={send(|| Action::StepBack)} data-testid="step-back"
                    title={pick(locale, "Step back (←)", "한 단계 뒤로 (←)")}>{ pick(locale, "← Back", "← 뒤로") }</button>
                <button class="play" onclick={send(|| Action::TogglePlay)} data-testid="play"
                    aria-pressed={state.playing.to_string()}
                    title={pick(locale, "Play / pause (space)", "재생 / 일시 정지 (스페이스)")}>
                    { if state.playing { pick(locale, "❚❚ Pause", "❚❚ 일시 정지") } else { pick(locale, "▶ Play", "▶ 재생") } }
                </button>
                <button onclick={send(|| Action::Step)} data-testid="step"
                    title={pick(locale, "Step forward (→)", "한 단계 앞으로 (→)")}>{ pick(locale, "Step →", "한 단계 →") }</button>
                <button onclick={send(|| Action::NextMarker)} data-testid="next-marker"
                    title={pick(locale, "Jump to the next fault, election or loss (n)", "다음 장애·선출·유실로 이동 (n)")}>
                    { pick(locale, "Next event »", "다음 사건 »") }
                </button>
                <label class="speed">
                    { pick(locale, "Speed", "속도") }
                    <select onchange={on_speed} data-testid="speed">
                        { for SPEEDS.iter().enumerate().map(|(i, s)| html! {
                            <option value={i.to_string()} selected={i == state.speed}>{ format!("{}×", short(*s, 2)) }</option>
                        }) }
                    </select>
                </label>
                <span class="clock" data-testid="clock" aria-live="off">{ format!("{now} ms") }</span>
                <span class="pace">{ pace }</span>
            </div>
            <div class="timeline">
                <svg class="markers" viewBox={format!("0 0 1000 {}", lanes * 6)} preserveAspectRatio="none"
                    role="img" aria-label={pick(locale, "Markers: faults, elections, losses", "표시: 장애, 선출, 유실")}>
                    { for markers }
                </svg>
                <input type="range" class="slider" min="0" max={end.to_string()} value={now.to_string()}
                    oninput={on_slide} data-testid="slider"
                    aria-label={pick(locale, "Simulated time", "시뮬레이션 시간")} />
            </div>
        </section>
    }
}
