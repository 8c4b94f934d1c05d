//! The event log: what happened in one lane up to the cursor, newest first,
//! narrated in the page's language. Clicking a row jumps there in time.
//! Each row stays a keyed `html!` button (it keeps focus across a jump);
//! what it says is one markup string, built once per narration.

use yew::prelude::*;

use super::markup::Markup;
use super::state::{Action, Playground};
use crate::engine::event::TimedEvent;
use crate::engine::sim::Simulation;
use crate::engine::types::{RecordId, TimeMs};
use crate::i18n::{pick, Locale};
use crate::narrate::narrate;

/// Rows shown at most (the newest).
const MAX_ROWS: usize = 80;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
}

/// What the learner calls a record: its value, else `#id`.
pub(super) fn record_label(sim: &Simulation, id: RecordId) -> String {
    match sim.record_values.get(&id) {
        Some((_, v)) => v.to_string(),
        None => format!("#{}", id.0),
    }
}

/// A category chip's text (`Event::category` names the colour class).
pub(super) fn category_name(l: Locale, category: &str) -> &'static str {
    match category {
        "network" => pick(l, "network", "네트워크"),
        "fault" => pick(l, "fault", "장애"),
        "controller" => pick(l, "controller", "컨트롤러"),
        "replication" => pick(l, "replication", "복제"),
        "producer" => pick(l, "producer", "프로듀서"),
        "transaction" => pick(l, "transaction", "트랜잭션"),
        "consumer" => pick(l, "consumer", "컨슈머"),
        "alarm" => pick(l, "loss", "유실"),
        _ => pick(l, "other", "기타"),
    }
}

/// A log row's text: time, category chip and the narration.
pub(super) fn row_content(l: Locale, at_ms: TimeMs, category: &str, text: &str) -> Html {
    let mut out = Markup::default();
    out.el("span", "log-time", &format!("{at_ms} ms"))
        .el(
            "span",
            &format!("chip chip-{category}"),
            category_name(l, category),
        )
        .el("span", "log-text", text);
    out.finish()
}

/// A row of a log (this one or an alarm's causes): a button that jumps to
/// event `seq` of `lane`, keyed by it.
pub(super) fn log_row(
    dispatch: &UseReducerDispatcher<Playground>,
    (lane, seq): (usize, u64),
    class: String,
    title: Option<&'static str>,
    content: Html,
) -> Html {
    let dispatch = dispatch.clone();
    let onclick =
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SeekEvent { lane, seq }));
    html! {
        <li key={seq}>
            <button type="button" {class} data-seq={seq.to_string()} {onclick} {title}>{ content }</button>
        </li>
    }
}

/// Buttons choosing which lane the log and the panels show (several lanes
/// only). A plain function: no hooks, so no component type (each costs wasm).
pub(super) fn lane_tabs(state: &UseReducerHandle<Playground>) -> Html {
    let labels: Vec<String> = state
        .session()
        .lanes
        .iter()
        .map(|l| l.label.clone())
        .collect();
    if labels.len() < 2 {
        return html! {};
    }
    let group = pick(state.locale, "Lane shown", "표시할 레인");
    html! {
        <div class="lane-tabs" role="group" aria-label={group}>
            { for labels.into_iter().enumerate().map(|(i, label)| {
                let state = state.clone();
                let shown = i == state.lane;
                let onclick = Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowLane(i)));
                html! {
                    <button type="button" class={classes!("lane-tab", shown.then_some("current"))}
                        aria-pressed={shown.to_string()} {onclick}>{ label }</button>
                }
            }) }
        </div>
    }
}

#[derive(PartialEq)]
struct Row {
    seq: u64,
    category: &'static str,
    content: Html,
}

#[component]
pub fn EventLog(props: &Props) -> Html {
    let state = &props.state;
    let (l, chatter) = (state.locale, state.chatter);
    let lane = state.lane.min(state.session().lanes.len() - 1);
    // Narrating 300 rows is the costly part: redo it only when the lane's
    // past (or the language or the filter) changed, not on every frame.
    let key = {
        let s = state.session();
        let past = s.past(lane);
        let id = &*s as *const _ as usize;
        (
            id,
            lane,
            past.len(),
            past.last().map(|e| (e.seq, e.at_ms)),
            chatter,
            l,
        )
    };
    let (rows, total) = &*{
        let state = state.clone();
        use_memo(key, move |_| {
            let s = state.session();
            let sim = s.lanes[lane].timeline.sim();
            let label = |id| record_label(sim, id);
            let shown = |e: &&TimedEvent| chatter || !e.event.is_network();
            let rows: Vec<Row> = s
                .past(lane)
                .iter()
                .rev()
                .filter(shown)
                .take(MAX_ROWS)
                .map(|e| {
                    let category = e.event.category();
                    let text = narrate(l, &e.event, &label);
                    Row {
                        seq: e.seq,
                        category,
                        content: row_content(l, e.at_ms, category, &text),
                    }
                })
                .collect();
            let total = if rows.len() < MAX_ROWS {
                rows.len()
            } else {
                s.past(lane).iter().filter(shown).count()
            };
            (rows, total)
        })
    };
    let dispatch = state.dispatcher();
    let title = Some(pick(l, "Jump to this moment", "이 시점으로 이동"));
    let row = |r: &Row| {
        let class = format!("log-row cat-{}", r.category);
        log_row(&dispatch, (lane, r.seq), class, title, r.content.clone())
    };
    let on_chatter = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: Event| dispatch.dispatch(Action::ToggleChatter))
    };
    // The hints under the head: read-only, one markup string.
    let mut hints = Markup::default();
    hints.el(
        "p",
        "hint",
        pick(
            l,
            "Newest first. Click a row to jump back to that moment.",
            "최신 이벤트가 위에 있습니다. 줄을 누르면 그 시점으로 이동합니다.",
        ),
    );
    if rows.len() == MAX_ROWS {
        let s = pick(
            l,
            "showing the newest {n} of {t} events",
            "이벤트 {t}개 중 최근 {n}개 표시",
        );
        let note = s
            .replace("{n}", &MAX_ROWS.to_string())
            .replace("{t}", &total.to_string());
        hints.el("p", "hint", &note);
    }
    if rows.is_empty() {
        hints.el(
            "p",
            "empty",
            pick(l, "Nothing has happened yet.", "아직 아무 일도 없습니다."),
        );
    }
    let mut heading = Markup::default();
    heading
        .open("h2", r#"id="log-heading""#)
        .text(pick(l, "Event log", "이벤트 로그"))
        .close("h2");
    html! {
        <section class="side-panel event-log" aria-labelledby="log-heading">
            <div class="log-head">
                { heading.finish() }
                { lane_tabs(state) }
                <label class="check">
                    <input type="checkbox" checked={chatter} onchange={on_chatter} data-testid="chatter" />
                    { pick(l, "Show network messages (sent / delivered)", "네트워크 메시지 표시 (전송 / 도착)") }
                </label>
            </div>
            { hints.finish() }
            <ol class="log" data-testid="event-log">{ for rows.iter().map(row) }</ol>
        </section>
    }
}
