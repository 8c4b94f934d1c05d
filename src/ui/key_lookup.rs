//! "Where does my key go": the learner types keys (Korean works) and sees,
//! for a topic, each key's murmur2 hash, the partition its producer's
//! partitioner picks and why, where its records already are —
//! and after the topic grew, which keys moved and whose order broke.
//! The form is `html!`; the heading, the hint and the table are markup.

use yew::prelude::*;

use super::alarms::ranges;
use super::browser;
use super::cluster_svg::cell_colour;
use super::markup::Markup;
use super::state::{Action, Playground};
use crate::engine::command::{Command, RecordSpec};
use crate::engine::partitioner::Kind;
use crate::i18n::{pick, Locale};
use crate::playground::partitioning::{
    count_before_growth, keys_sent, newest_write, partition_count, place_keys, KeyPlacement,
};

/// Keys looked up at most at once.
const MAX_KEYS: usize = 12;
/// The keys of the seed notes.
const EXAMPLE: &str = "서울, 부산, 울산";

/// "서울, 부산\n울산" → distinct keys in order.
fn parse_keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        if !out.iter().any(|o| o == k) && out.len() < MAX_KEYS {
            out.push(k.to_string());
        }
    }
    out
}

/// The partition cell: how the partitioner got there.
fn partition_cell(
    out: &mut Markup,
    l: Locale,
    r: &KeyPlacement,
    kind: &Kind,
    n: u32,
    before: Option<u32>,
) {
    let Some(p) = r.partition else {
        out.el("td", "muted", pick(l, "— keys ignored", "— 키 무시"));
        return;
    };
    let how = match (kind, r.rule) {
        (Kind::Rules(rules), Some(i)) => {
            let parts = rules[i].partitions.iter().map(|&p| i64::from(p)).collect();
            format!(
                "{} {} → {} → ",
                pick(l, "rule", "규칙"),
                i + 1,
                ranges(l, parts)
            )
        }
        _ => format!("{} % {n} = ", r.positive),
    };
    let moved = r.moved_from.map(|old| match l {
        Locale::En => format!(" (was {old} with {} partitions)", before.unwrap_or(0)),
        Locale::Ko => format!(" (파티션 {}개일 때 {old})", before.unwrap_or(0)),
    });
    let class = if moved.is_some() {
        "mono moved"
    } else {
        "mono"
    };
    out.open("td", &format!(r#"class="{class}""#))
        .el("span", "muted", &how)
        .open("strong", "")
        .text(&p.to_string())
        .close("strong")
        .text(moved.as_deref().unwrap_or_default())
        .close("td");
}

fn landed_cell(out: &mut Markup, l: Locale, r: &KeyPlacement) {
    let list: Vec<String> = r.landed.iter().map(|(p, n)| format!("p{p} ×{n}")).collect();
    let list = if list.is_empty() {
        "—".to_string()
    } else {
        list.join(", ")
    };
    out.open("td", r#"class="mono""#).text(&list);
    if r.landed.len() > 1 {
        out.el(
            "div",
            "warn",
            pick(
                l,
                "⚠ in several partitions: no order between them",
                "⚠ 여러 파티션에 흩어짐: 서로 간 순서 없음",
            ),
        );
    }
    out.close("td");
}

/// The table: each key, its murmur2, its partition and where its records are.
fn key_table(
    l: Locale,
    rows: &[KeyPlacement],
    kind: &Kind,
    n: u32,
    before: Option<u32>,
    pid: i64,
) -> Html {
    let mut out = Markup::default();
    let of = format!(
        "{} ({} {n})",
        pick(l, "Partition", "파티션"),
        pick(l, "of", "전체")
    );
    out.open("table", r#"class="keys" data-testid="key-table""#)
        .thead(&[
            pick(l, "Key", "키"),
            "murmur2",
            &of,
            pick(l, "Its records in the log", "로그에 있는 레코드"),
        ])
        .open("tbody", "");
    for r in rows {
        let swatch = format!(
            r#"class="swatch c{}" aria-hidden="true""#,
            cell_colour(Some(&r.key), pid)
        );
        out.open("tr", "")
            .open("td", "")
            .open("span", &swatch)
            .close("span")
            .text(&r.key)
            .close("td")
            .el("td", "mono", &r.murmur2.to_string());
        partition_cell(&mut out, l, r, kind, n, before);
        landed_cell(&mut out, l, r);
        out.close("tr");
    }
    out.close("tbody").close("table");
    out.finish()
}

/// A plain function: its typed keys and picked topic live in the reducer.
pub fn key_lookup(state: &UseReducerHandle<Playground>) -> Html {
    let l = state.locale;
    let s = state.session();
    let lane = &s.lanes[state.lane.min(s.lanes.len() - 1)];
    let sim = lane.timeline.sim();
    let topics: Vec<String> = sim
        .cluster
        .topics
        .keys()
        .filter(|t| !t.starts_with("__"))
        .cloned()
        .collect();
    // The topic written last, until the learner picks one; its producer places the keys.
    let topic = state
        .keys_topic
        .clone()
        .filter(|t| topics.contains(t))
        .or_else(|| newest_write(sim, None).map(|(_, t)| t))
        .or_else(|| topics.first().cloned())
        .unwrap_or_default();
    let Some((producer, _)) = newest_write(sim, Some(&topic)).or_else(|| {
        sim.nodes
            .producers
            .keys()
            .next()
            .map(|&p| (p, topic.clone()))
    }) else {
        return html! {};
    };
    let p = &sim.nodes.producers[&producer];
    // Until the learner types keys: the topic's own, or the seed notes' example.
    let keys = match parse_keys(&state.keys_typed) {
        typed if !typed.is_empty() => typed,
        _ => Some(keys_sent(sim, producer, &topic, MAX_KEYS))
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| parse_keys(EXAMPLE)),
    };
    let before = count_before_growth(&lane.timeline, &topic);
    let rows = place_keys(sim, producer, &topic, &keys, before);
    let n = partition_count(sim, &topic);
    let kind = p.config.partitioner.kind.clone();
    let pid = p.producer_id.map_or(-1, |(id, _)| id);
    drop(s);

    let on_text = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            dispatch.dispatch(Action::TypeKeys(browser::target_value(&e)))
        })
    };
    let on_topic = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: Event| {
            dispatch.dispatch(Action::PickKeysTopic(browser::target_value(&e)))
        })
    };
    let on_send = {
        let (dispatch, topic) = (state.dispatcher(), topic.clone());
        let records: Vec<RecordSpec> = rows
            .iter()
            .map(|r| RecordSpec {
                key: Some(r.key.clone()),
                value: format!(
                    "{}-{}",
                    r.key,
                    r.landed.iter().map(|x| x.1).sum::<usize>() + 1
                ),
                partition: None,
            })
            .collect();
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::Act(Command::Produce {
                producer,
                topic: topic.clone(),
                records: records.clone(),
            }))
        })
    };
    let how = match &kind {
        Kind::RoundRobin | Kind::UniformSticky => pick(l, "This producer's partitioner ignores keys: every record goes round-robin or sticky.",
            "이 프로듀서의 파티셔너는 키를 무시합니다: 모든 레코드가 라운드 로빈 또는 스티키로 갑니다."),
        Kind::Rules(_) => pick(l, "This producer uses custom rules (playground.partitioner.rules): the first rule whose prefix the key starts with picks a partition from its list, by the key's murmur2.",
            "이 프로듀서는 커스텀 규칙(playground.partitioner.rules)을 씁니다: 키가 접두사로 시작하는 첫 규칙이 키의 murmur2로 자기 목록에서 파티션을 고릅니다."),
        _ => pick(l, "partition = toPositive(murmur2(UTF-8 bytes of the key)) % partitions, as the Java client computes it; toPositive clears the sign bit (h & 0x7fffffff).",
            "파티션 = toPositive(murmur2(키의 UTF-8 바이트)) % 파티션 수 (자바 클라이언트와 같은 계산). toPositive는 부호 비트를 지웁니다(h & 0x7fffffff)."),
    };
    let mut options = Markup::default();
    for t in &topics {
        options.option(t, *t == topic, t);
    }
    let mut head = Markup::default();
    head.open("h2", r#"id="keys-heading""#)
        .text(pick(l, "Where does my key go?", "내 키는 어디로 가나?"))
        .close("h2")
        .el("p", "hint", how);
    html! {
        <section class="side-panel key-lookup" data-testid="key-lookup" aria-labelledby="keys-heading">
            { head.finish() }
            <div class="key-form">
                <label>{ pick(l, "Topic", "토픽") }
                    <select onchange={on_topic} data-testid="keys-topic">
                        { options.finish() }
                    </select></label>
                <label class="grow">{ pick(l, "Keys, comma-separated (empty: the topic's)", "키, 쉼표로 구분 (비우면 토픽의 키)") }
                    <input type="text" value={state.keys_typed.clone()} oninput={on_text} placeholder={keys.join(", ")} autocomplete="off" data-testid="keys-input" /></label>
                <button type="button" onclick={on_send} disabled={rows.is_empty()} data-testid="keys-send">
                    { pick(l, "Send one record per key", "키마다 레코드 하나 보내기") }</button>
            </div>
            { key_table(l, &rows, &kind, n, before, pid) }
        </section>
    }
}
