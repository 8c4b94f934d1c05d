//! The partitioners, per producer: its `partitioner.class` (switching replays the run with it, since a
//! producer's config is fixed when it starts), the editor of a custom rule
//! set (the JSON value itself) with its errors inline, and where the
//! producer's records went —
//! partition by partition, with how many batches carried them.
//! The selects, the editor and its button are `html!`; what the card
//! says (heading, hints, error, the traffic bars) is markup.

use crate::engine::decimal::fixed;
use serde_json::{json, Value};
use yew::prelude::*;

use super::browser;
use super::cluster_svg::cell_colour;
use super::markup::{escape, Markup};
use super::state::{Action, Playground};
use crate::engine::partitioner::{Kind, Rule};
use crate::i18n::{pick, Locale};
use crate::narrate::node_name;
use crate::playground::partitioning::{batching, partition_loads, Group, PartitionLoad};
use crate::playground::reconfigure::ConfigChange;

const RULES: &str = "playground.partitioner.rules";
const CLASS: &str = "partitioner.class";
/// The `<select>` value that means "custom rules" rather than a class.
const CUSTOM: &str = "rules";
/// The seed notes' example: 8 of 10 partitions for VIP customers.
fn vip_rules() -> Value {
    json!([{ "key_prefix": "VIP", "partitions": "0-7" }, { "partitions": "8-9" }])
}

/// The cards, one per producer of the lane shown.
pub fn partitioner_panel(state: &UseReducerHandle<Playground>) -> Html {
    let l = state.locale;
    let ids: Vec<u32> = {
        let s = state.session();
        let sim = s.lanes[state.lane.min(s.lanes.len() - 1)].timeline.sim();
        sim.nodes.producers.keys().copied().collect()
    };
    let mut head = Markup::default();
    head.open("h2", r#"id="partitioner-heading""#)
        .text(pick(l, "Partitioners", "파티셔너"))
        .close("h2")
        .el("p", "hint", pick(l, "A producer's config is fixed when it starts, so a change replays this run from 0 ms with the same seed and your actions, back to this moment.",
            "프로듀서 설정은 시작할 때 정해지므로, 바꾸면 같은 시드와 지금까지의 조작으로 0ms부터 다시 재생해 이 순간으로 돌아옵니다."));
    html! {
        <section class="side-panel partitioner-panel" aria-labelledby="partitioner-heading">
            { head.finish() }
            <div class="cards">
                { for ids.into_iter().map(|id| html! { <PartitionerCard key={id} state={state.clone()} {id} /> }) }
            </div>
        </section>
    }
}

/// The class names offered, with what each one is.
fn classes(l: Locale) -> [(&'static str, &'static str); 5] {
    [
        (
            "",
            pick(
                l,
                "built-in (default): sticky for null keys (KIP-794)",
                "내장(기본값): 키 없으면 스티키 (KIP-794)",
            ),
        ),
        (
            "DefaultPartitioner",
            pick(
                l,
                "DefaultPartitioner (before 2.4): null keys round-robin",
                "DefaultPartitioner (2.4 이전): 키 없으면 라운드 로빈",
            ),
        ),
        (
            "UniformStickyPartitioner",
            pick(
                l,
                "UniformStickyPartitioner (KIP-480): keys ignored",
                "UniformStickyPartitioner (KIP-480): 키 무시",
            ),
        ),
        (
            "RoundRobinPartitioner",
            pick(
                l,
                "RoundRobinPartitioner: keys ignored",
                "RoundRobinPartitioner: 키 무시",
            ),
        ),
        (
            CUSTOM,
            pick(
                l,
                "custom rules (playground.partitioner.rules)",
                "커스텀 규칙 (playground.partitioner.rules)",
            ),
        ),
    ]
}

fn current_class(kind: &Kind) -> &'static str {
    match kind {
        Kind::BuiltIn => "",
        Kind::LegacyDefault => "DefaultPartitioner",
        Kind::UniformSticky => "UniformStickyPartitioner",
        Kind::RoundRobin => "RoundRobinPartitioner",
        Kind::Rules(_) => CUSTOM,
    }
}

/// The rules as the scenario file holds them, one rule per line.
fn rules_text(value: Option<&Value>) -> String {
    let rules = value.and_then(Value::as_array).cloned().unwrap_or_default();
    let lines: Vec<String> = rules.iter().map(|r| format!("  {r}")).collect();
    format!("[\n{}\n]", lines.join(",\n"))
}

fn group_label(l: Locale, g: &Group, rules: Option<&[Rule]>) -> String {
    match (g, rules) {
        (Group::Key(k), _) => k.to_string(),
        (Group::OtherKeys, _) => pick(l, "other keys", "다른 키").into(),
        (Group::NoKey, _) => pick(l, "no key", "키 없음").into(),
        (Group::Rule(i), Some(rules)) => match &rules[*i].key_prefix {
            Some(p) => format!("{p}…"),
            None => pick(l, "every other key", "나머지 키").into(),
        },
        (Group::Rule(i), None) => format!("#{i}"),
    }
}

fn group_colour(g: &Group, pid: i64) -> String {
    match g {
        Group::Key(k) => format!("c{}", cell_colour(Some(k), pid)),
        Group::NoKey => format!("c{}", cell_colour(None, pid)),
        Group::Rule(i) => format!("c{}", i % 6),
        Group::OtherKeys => "cx".into(),
    }
}

/// One stacked bar per partition, scaled to the fullest partition, and the
/// legend of the groups.
fn loads_view(
    out: &mut Markup,
    l: Locale,
    (loads, legend): &(Vec<PartitionLoad>, Vec<Group>),
    rules: Option<&[Rule]>,
    pid: i64,
) {
    let most = loads.iter().map(|p| p.total).max().unwrap_or(0).max(1) as f64;
    let label = escape(pick(l, "Records per partition", "파티션별 레코드 수"));
    out.open("ol", &format!(r#"class="loads" aria-label="{label}""#));
    for p in loads {
        out.open("li", "")
            .el("span", "mono", &format!("p{}", p.partition))
            .open(
                "svg",
                r#"class="split" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true""#,
            );
        let mut x = 0.0;
        for (g, n) in &p.groups {
            let w = *n as f64 / most * 100.0;
            let attrs = format!(
                r#"class="seg {}" x="{}" width="{}" height="8""#,
                group_colour(g, pid),
                fixed(x, 1),
                fixed(w, 1)
            );
            out.open("rect", &attrs)
                .open("title", "")
                .text(&format!("{}: {n}", group_label(l, g, rules)))
                .close("title")
                .close("rect");
            x += w;
        }
        out.close("svg")
            .el("span", "mono small", &p.total.to_string())
            .close("li");
    }
    out.close("ol").open("p", r#"class="legend-keys small""#);
    for g in legend {
        let swatch = format!(
            r#"class="swatch {}" aria-hidden="true""#,
            group_colour(g, pid)
        );
        out.open("span", "")
            .open("span", &swatch)
            .close("span")
            .text(&group_label(l, g, rules))
            .close("span");
    }
    out.close("p");
}

#[derive(Properties, PartialEq)]
struct CardProps {
    state: UseReducerHandle<Playground>,
    id: u32,
}

#[component]
fn PartitionerCard(props: &CardProps) -> Html {
    let (state, id, l) = (&props.state, props.id, props.state.locale);
    let draft = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let s = state.session();
    let lane = &s.lanes[state.lane.min(s.lanes.len() - 1)];
    let sim = lane.timeline.sim();
    let Some(p) = sim.nodes.producers.get(&id) else {
        return html! {};
    };
    let kind = p.config.partitioner.kind.clone();
    let rules = match &kind {
        Kind::Rules(r) => Some(r.clone()),
        _ => None,
    };
    let pid = p.producer_id.map_or(-1, |(id, _)| id);
    let config = lane.scenario.producers.iter().find(|p| p.id == id);
    let rules_value = rules_text(config.and_then(|c| c.config.get(RULES)));
    let topic = p.fates.values().next_back().map(|f| f.topic().to_string());
    let loads = topic
        .as_deref()
        .map(|t| partition_loads(sim, t, rules.as_deref()));
    let sent = topic
        .as_deref()
        .map(|t| batching(lane.timeline.past(), id, t));
    drop(s);

    // Every change replays the run; a refusal stays here, next to the input.
    let reconfigure = {
        let (state, error, draft) = (state.clone(), error.clone(), draft.clone());
        move |changes: Vec<ConfigChange<'static>>| {
            let result = state.session().with_producer_config(id, &changes);
            match result {
                Ok(session) => {
                    error.set(None);
                    draft.set(None);
                    state.dispatch(Action::Load(Ok(session)));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    };
    let on_class = {
        let reconfigure = reconfigure.clone();
        Callback::from(move |e: Event| {
            let v = browser::target_value(&e);
            reconfigure(match v.as_str() {
                CUSTOM => vec![(CLASS, None), (RULES, Some(vip_rules()))],
                "" => vec![(CLASS, None), (RULES, None)],
                class => vec![(CLASS, Some(Value::String(class.into()))), (RULES, None)],
            })
        })
    };
    let on_edit = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(Some(browser::target_value(&e))))
    };
    let on_apply = {
        let (reconfigure, error, text) = (reconfigure.clone(), error.clone(), (*draft).clone());
        Callback::from(move |_: MouseEvent| {
            match serde_json::from_str::<Value>(text.as_deref().unwrap_or_default()) {
                Ok(v) => reconfigure(vec![(CLASS, None), (RULES, Some(v))]),
                Err(e) => error.set(Some(format!("{RULES}: {e}"))),
            }
        })
    };
    let mut rules_hint = Markup::default();
    rules_hint.el("p", "hint", pick(l, "Tried in order: a key that starts with key_prefix goes to one of the rule's partitions, chosen by its murmur2; the last rule has no key_prefix and takes every other key.",
        "차례대로 적용됩니다: key_prefix로 시작하는 키는 그 규칙의 파티션 중 하나(키의 murmur2로 선택)로 갑니다. 마지막 규칙은 key_prefix 없이 나머지 모든 키를 받습니다."));
    let editor = rules.is_some().then(|| html! {
        <div class="rules" data-testid={format!("rules-{id}")}>
            <label class="wide">{ RULES }
                <textarea rows="4" spellcheck="false" value={(*draft).clone().unwrap_or_else(|| rules_value.clone())}
                    oninput={on_edit} data-testid={format!("rules-input-{id}")} /></label>
            { rules_hint.finish() }
            <button type="button" class="primary" onclick={on_apply} disabled={draft.is_none()} data-testid={format!("rules-apply-{id}")}>
                { pick(l, "Apply and replay", "적용하고 다시 재생") }</button>
        </div>
    });
    let mut head = Markup::default();
    head.open("h3", "")
        .text(&node_name(l, crate::engine::types::NodeId::Producer(id)))
        .close("h3");
    // Its own string: the alert is not redrawn (and re-announced) as records flow.
    let mut error_note = Markup::default();
    if let Some(e) = error.as_deref() {
        let attrs =
            format!(r#"class="inline-error" role="alert" data-testid="partitioner-error-{id}""#);
        error_note.open("p", &attrs).text(e).close("p");
    }
    let mut traffic = Markup::default();
    if let (Some(t), Some(loads)) = (topic, loads) {
        let title = format!(
            "{} {t}",
            pick(l, "Where its records went:", "레코드가 간 곳:")
        );
        traffic.open("h4", "").text(&title).close("h4");
        loads_view(&mut traffic, l, &loads, rules.as_deref(), pid);
        if let Some(b) = sent.filter(|b| b.batches > 0) {
            let per = fixed(b.records as f64 / b.batches as f64, 1);
            let summary = match l {
                Locale::En => format!(
                    "{} records in {} batches so far: {per} records per batch.",
                    b.records, b.batches
                ),
                Locale::Ko => format!(
                    "지금까지 레코드 {}개를 배치 {}개로 보냄: 배치당 {per}개.",
                    b.records, b.batches
                ),
            };
            let attrs = format!(r#"class="small" data-testid="batching-{id}""#);
            traffic.open("p", &attrs).text(&summary).close("p");
        }
    }
    let current = current_class(&kind);
    let mut options = Markup::default();
    for (v, text) in classes(l) {
        options.option(v, v == current, text);
    }
    html! {
        <div class="partitioner-card" data-testid={format!("partitioner-{id}")}>
            { head.finish() }
            <label class="wide">{ CLASS }
                <select onchange={on_class} data-testid={format!("partitioner-class-{id}")}>
                    { options.finish() }
                </select></label>
            { for editor }
            { error_note.finish() }
            { traffic.finish() }
        </div>
    }
}
