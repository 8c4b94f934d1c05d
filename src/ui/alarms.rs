//! Alarms: the guarantee checker, per lane, at the cursor. Acknowledged
//! records lost, consumed records that vanished, replicas that diverged —
//! each banner can list the events that led there, which jump in time.
//! What a banner says is markup; its buttons and the event rows are `html!`.

use yew::prelude::*;

use super::event_log::{log_row, record_label, row_content};
use super::markup::Markup;
use super::state::{Action, Playground};
use crate::engine::checker::{check_against, divergent_replicas, lost_records, LostRecord};
use crate::engine::sim::Simulation;
use crate::engine::sort;
use crate::engine::types::{NodeId, Tp};
use crate::engine::vec_map::VecMap;
use crate::i18n::{pick, Locale};
use crate::narrate::{labels, narrate, node_name};

/// "1–2, 5" (Korean "1~2, 5", as the narration writes them): offsets as ranges.
pub(super) fn ranges(l: Locale, mut offsets: Vec<i64>) -> String {
    let dash = pick(l, "–", "~");
    sort::sort(&mut offsets);
    offsets.dedup();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i;
        while j + 1 < offsets.len() && offsets[j + 1] == offsets[j] + 1 {
            j += 1;
        }
        out.push(match j > i {
            true => format!("{}{dash}{}", offsets[i], offsets[j]),
            false => offsets[i].to_string(),
        });
        i = j + 1;
    }
    out.join(", ")
}

/// "r1, r2 (orders-0 offsets 1–2)".
fn lost_text(l: Locale, sim: &Simulation, lost: &[&LostRecord]) -> String {
    let ids: Vec<_> = lost.iter().map(|r| r.id).collect();
    let mut by_tp: VecMap<&Tp, Vec<i64>> = VecMap::new();
    for r in lost {
        by_tp.entry(&r.tp).or_default().push(r.offset);
    }
    let word = |n: usize| match (l, n) {
        (Locale::En, 1) => "offset",
        (Locale::En, _) => "offsets",
        (Locale::Ko, _) => "오프셋",
    };
    let at: Vec<String> = by_tp
        .into_iter()
        .map(|(tp, o)| format!("{tp} {} {}", word(o.len()), ranges(l, o)))
        .collect();
    format!(
        "{} ({})",
        labels(&ids, &|id| record_label(sim, id)),
        at.join("; ")
    )
}

/// The sentences of one lane's alarm; empty when the lane is clean.
fn findings(l: Locale, sim: &Simulation) -> Vec<String> {
    let lost = lost_records(sim);
    let mut out = Vec::new();
    let acked: Vec<&LostRecord> = lost.iter().filter(|r| r.consumer.is_none()).collect();
    if !acked.is_empty() {
        let (n, what) = (acked.len(), lost_text(l, sim, &acked));
        out.push(match (l, n) {
            (Locale::En, 1) => format!("1 acknowledged record lost — {what}"),
            (Locale::En, _) => format!("{n} acknowledged records lost — {what}"),
            (Locale::Ko, _) => format!("확인(ack)까지 받은 레코드 {n}개 유실 — {what}"),
        });
    }
    let mut by_consumer: VecMap<u32, Vec<&LostRecord>> = VecMap::new();
    for r in &lost {
        if let Some(c) = r.consumer {
            by_consumer.entry(c).or_default().push(r);
        }
    }
    for (c, recs) in by_consumer {
        let (who, n, what) = (
            node_name(l, NodeId::Consumer(c)),
            recs.len(),
            lost_text(l, sim, &recs),
        );
        out.push(match (l, n) {
            (Locale::En, 1) => format!("{who} read a record that no longer exists — {what}"),
            (Locale::En, _) => format!("{who} read {n} records that no longer exist — {what}"),
            (Locale::Ko, _) => format!("{who}: 읽은 레코드 {n}개가 이제 없음 — {what}"),
        });
    }
    for d in divergent_replicas(sim) {
        let (b, tp, o) = (node_name(l, NodeId::Broker(d.broker)), d.tp, d.offset);
        out.push(match l {
            Locale::En => format!("Divergent replicas: {b}'s copy of {tp} differs from the leader's at offset {o}, below the high watermark"),
            Locale::Ko => format!("레플리카 불일치: {b}의 {tp} 복제본이 하이 워터마크 아래 오프셋 {o}에서 리더와 다름"),
        });
    }
    out
}

/// The events explaining a lane's findings, kept (in the reducer, until
/// another session loads) when "show why" is pressed, so they stay listed
/// after jumping back to before the loss.
#[derive(Clone, PartialEq)]
pub struct Why {
    lane: usize,
    seqs: Vec<u64>,
}

/// A banner's mark and sentences (with the lane's name when there are several).
fn banner_body(lane: Option<&str>, lines: &[String]) -> Html {
    let mut out = Markup::default();
    out.open("span", r#"class="alarm-mark" aria-hidden="true""#)
        .text("⚠")
        .close("span")
        .open("div", r#"class="alarm-body""#);
    if let Some(label) = lane {
        out.el("strong", "alarm-lane", &format!("{label}: "));
    }
    out.open("ul", "");
    for line in lines {
        out.open("li", "").text(line).close("li");
    }
    out.close("ul").close("div");
    out.finish()
}

/// A plain function, not a component: what it shows open is the reducer's
/// (`why`), so it has no hooks, and every component type costs the page
/// about 1.5 KB of wasm.
pub fn alarms(state: &UseReducerHandle<Playground>) -> Html {
    let l = state.locale;
    let why = &state.why;
    let s = state.session();
    let many = s.lanes.len() > 1;
    let mut banners: Vec<Html> = Vec::new();
    for (lane, ln) in s.lanes.iter().enumerate() {
        let lines = findings(l, ln.timeline.sim());
        if lines.is_empty() {
            continue;
        }
        let open = why.as_ref().is_some_and(|w| w.lane == lane);
        let toggle = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| {
                if open {
                    return state.dispatch(Action::ShowWhy(None));
                }
                let s = state.session();
                let t = &s.lanes[lane].timeline;
                let f = check_against(t.sim(), t.past());
                let mut seqs: Vec<u64> = f
                    .lost_acknowledged
                    .iter()
                    .chain(&f.lost_consumed)
                    .flat_map(|x| x.caused_by.iter().copied())
                    .chain(
                        f.divergent_replicas
                            .iter()
                            .flat_map(|x| x.caused_by.iter().copied()),
                    )
                    .collect();
                sort::sort(&mut seqs);
                seqs.dedup();
                state.dispatch(Action::ShowWhy(Some(Why { lane, seqs })));
            })
        };
        let body = banner_body(many.then_some(ln.label.as_str()), &lines);
        banners.push(html! {
            <div class="alarm" role="alert" data-testid="alarm" data-lane={lane.to_string()}>
                { body }
                <button type="button" onclick={toggle} aria-expanded={open.to_string()} data-testid="alarm-why">
                    { if open { pick(l, "Hide why", "이유 숨기기") } else { pick(l, "Show why", "이유 보기") } }
                </button>
            </div>
        });
    }
    let causes = why.as_ref().filter(|w| w.lane < s.lanes.len()).map(|w| {
        let t = &s.lanes[w.lane].timeline;
        let (history, sim) = (t.history(), t.sim());
        let reached = t.past().last().map_or(0, |e| e.seq);
        let label = |id| record_label(sim, id);
        let dispatch = state.dispatcher();
        let mut items: Vec<Html> = Vec::new();
        for &seq in &w.seqs {
            let found = match history.binary_search_by_key(&seq, |e| e.seq) {
                Ok(i) => Some(&history[i]),
                Err(_) => history.iter().find(|e| e.seq == seq),
            };
            let Some(e) = found else { continue };
            let class = if seq > reached { "log-row future" } else { "log-row" };
            let content = row_content(l, e.at_ms, e.event.category(), &narrate(l, &e.event, &label));
            items.push(log_row(&dispatch, (w.lane, seq), class.into(), None, content));
        }
        let close = { let state = state.clone(); Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowWhy(None))) };
        let mut title = Markup::default();
        title.open("h3", "").text(pick(l, "Why: the events that led here", "이유: 여기까지 이어진 이벤트"));
        if many {
            title.text(&format!(" — {}", s.lanes[w.lane].label));
        }
        title.close("h3");
        let mut hint = Markup::default();
        hint.el("p", "hint", pick(l, "Click an event to jump to it; greyed ones lie after the cursor.",
            "이벤트를 누르면 그 시점으로 이동합니다. 흐린 것은 현재 시점 이후입니다."));
        html! {
            <div class="alarm-why" data-testid="alarm-causes">
                <div class="alarm-why-head">
                    { title.finish() }
                    <button type="button" onclick={close} aria-label={pick(l, "Close the explanation", "설명 닫기")}>{ "×" }</button>
                </div>
                { hint.finish() }
                <ol class="log">{ for items }</ol>
            </div>
        }
    });
    html! {
        <div class="alarms">{ for banners }{ for causes }</div>
    }
}
