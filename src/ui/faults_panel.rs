//! Faults and live settings: cut or heal network links, slow a node down,
//! drop messages at random, and change topic configs — in every lane.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::{Action, Playground};
use crate::engine::command::{Command, NodeRef as Peer};
use crate::engine::sim::Simulation;
use crate::engine::types::NodeId;
use crate::engine::vec_map::VecSet;
use crate::glossary::config_help;
use crate::i18n::pick;
use crate::narrate::node_name;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
}

/// How a command names a node: `"broker:2"`.
fn peer(n: NodeId) -> Peer {
    Peer(match n {
        NodeId::Controller => "controller".into(),
        NodeId::Broker(b) => format!("broker:{b}"),
        NodeId::Producer(p) => format!("producer:{p}"),
        NodeId::Consumer(c) => format!("consumer:{c}"),
    })
}

fn nodes(sim: &Simulation) -> Vec<NodeId> {
    let n = &sim.nodes;
    let mut out = vec![NodeId::Controller];
    out.extend(n.brokers.keys().map(|&b| NodeId::Broker(b)));
    out.extend(n.producers.keys().map(|&p| NodeId::Producer(p)));
    out.extend(n.consumers.keys().map(|&c| NodeId::Consumer(c)));
    out
}

fn value_of(r: &NodeRef) -> String {
    r.cast::<HtmlSelectElement>()
        .map(|e| e.value())
        .unwrap_or_default()
}

fn act(
    state: &UseReducerHandle<Playground>,
    make: impl Fn() -> Command + 'static,
) -> Callback<MouseEvent> {
    let dispatch = state.dispatcher();
    Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Act(make())))
}

/// A number field that shows the simulation's value until the user edits it.
fn draft_input(draft: &UseStateHandle<Option<String>>) -> Callback<InputEvent> {
    let draft = draft.clone();
    Callback::from(move |e: InputEvent| {
        draft.set(Some(e.target_unchecked_into::<HtmlInputElement>().value()))
    })
}

#[component]
pub fn FaultsPanel(props: &Props) -> Html {
    let (state, l) = (&props.state, props.state.locale);
    let (from, to, slow_node) = (use_node_ref(), use_node_ref(), use_node_ref());
    let slow_ms = use_state(|| Some("500".to_string()));
    let drop_draft = use_state(|| None::<String>);
    let s = state.session();
    let sim = s.lanes[state.lane.min(s.lanes.len() - 1)].timeline.sim();
    let all = nodes(sim);
    // A plain loop: an iterator chain collected into `Html` costs far more wasm.
    let options = |default: usize| {
        let mut out = Vec::with_capacity(all.len());
        for (i, &n) in all.iter().enumerate() {
            out.push(html! { <option value={peer(n).0} selected={i == default}>{ node_name(l, n) }</option> });
        }
        out
    };
    let link = |cut: bool| {
        let (from, to) = (from.clone(), to.clone());
        act(state, move || {
            let (from, to) = (Peer(value_of(&from)), Peer(value_of(&to)));
            match cut {
                true => Command::CutLink {
                    from,
                    to,
                    one_way: false,
                },
                false => Command::HealLink {
                    from,
                    to,
                    one_way: false,
                },
            }
        })
    };
    let cuts: VecSet<(NodeId, NodeId)> = sim.network.cut_links().copied().collect();
    let cut_items = cuts.iter().filter(|(a, b)| a < b || !cuts.contains(&(*b, *a))).map(|&(a, b)| {
        let both = cuts.contains(&(b, a));
        let text = format!("{} {} {}", node_name(l, a), if both { "⇄" } else { "→" }, node_name(l, b));
        let heal = act(state, move || Command::HealLink { from: peer(a), to: peer(b), one_way: !both });
        html! { <li><span>{ &text }</span>
            <button type="button" onclick={heal} aria-label={format!("{} {text}", pick(l, "Heal", "복구"))}>{ pick(l, "Heal", "복구") }</button></li> }
    }).collect::<Html>();
    let slowed = all.iter().filter(|&&n| sim.network.slowness(n) > 0).map(|&n| {
        let restore = act(state, move || Command::Slow { node: peer(n), extra_ms: 0 });
        let name = node_name(l, n);
        html! { <li><span>{ format!("{name}: +{} ms", sim.network.slowness(n)) }</span>
            <button type="button" onclick={restore} aria-label={format!("{} {name}", pick(l, "Restore speed of", "속도 복구:"))}>{ pick(l, "Restore", "복구") }</button></li> }
    }).collect::<Html>();
    let on_slow = {
        let (slow_node, slow_ms) = (slow_node.clone(), slow_ms.clone());
        act(state, move || Command::Slow {
            node: Peer(value_of(&slow_node)),
            extra_ms: slow_ms
                .as_deref()
                .unwrap_or("0")
                .trim()
                .parse()
                .unwrap_or(0),
        })
    };
    let current_drop = sim.network.drop_per_mille;
    let shown_drop: u32 = drop_draft
        .as_deref()
        .and_then(|d| d.parse().ok())
        .unwrap_or(current_drop);
    let pct = format!("{}.{}%", shown_drop / 10, shown_drop % 10);
    let on_drop = {
        let (dispatch, drop_draft) = (state.dispatcher(), drop_draft.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            drop_draft.set(None);
            dispatch.dispatch(Action::Act(Command::DropRate {
                per_mille: v.parse().unwrap_or(0),
            }));
        })
    };
    let topics: Vec<(String, i64, bool, u32)> = sim
        .cluster
        .topics
        .iter()
        .filter_map(|(t, meta)| {
            sim.effective_topic_config(t).map(|c| {
                (
                    t.clone(),
                    c.min_insync_replicas,
                    c.unclean_leader_election_enable,
                    meta.partitions.len() as u32,
                )
            })
        })
        .collect();
    let (first, second) = (
        all.iter()
            .position(|n| matches!(n, NodeId::Broker(_)))
            .unwrap_or(0),
        0,
    );
    html! {
        <section class="side-panel faults-panel" aria-labelledby="faults-heading">
            <h2 id="faults-heading">{ pick(l, "Faults and settings", "장애와 설정") }</h2>
            <p class="hint">{ pick(l, "Click a broker in the cluster view to crash, restart or shut it down. Everything here applies to every lane.",
                "브로커 다운·재시작·종료는 클러스터 그림에서 브로커를 누르세요. 여기서 하는 일은 모든 레인에 적용됩니다.") }</p>
            <fieldset>
                <legend>{ pick(l, "Network link (both directions)", "네트워크 링크 (양방향)") }</legend>
                <label>{ pick(l, "From", "보내는 쪽") }<select ref={from.clone()} data-testid="cut-from">{ options(first) }</select></label>
                <label>{ pick(l, "To", "받는 쪽") }<select ref={to.clone()} data-testid="cut-to">{ options(second) }</select></label>
                <div class="button-row">
                    <button type="button" class="danger" onclick={link(true)} data-testid="cut-button">{ pick(l, "Cut", "끊기") }</button>
                    <button type="button" onclick={link(false)} data-testid="heal-button">{ pick(l, "Heal", "복구") }</button>
                </div>
                if cuts.is_empty() {
                    <p class="hint">{ pick(l, "No link is cut.", "끊긴 링크가 없습니다.") }</p>
                } else {
                    <ul class="fault-list" data-testid="cut-links" aria-label={pick(l, "Cut links", "끊긴 링크")}>{ cut_items }</ul>
                }
            </fieldset>
            <fieldset>
                <legend>{ pick(l, "Slow down a node", "노드 느리게 하기") }</legend>
                <label>{ pick(l, "Node", "노드") }<select ref={slow_node} data-testid="slow-node">{ options(first) }</select></label>
                <label>{ pick(l, "Extra delay per message (ms, 0 = normal)", "메시지당 추가 지연 (ms, 0 = 정상)") }
                    <input type="number" min="0" max="600000" step="100" value={(*slow_ms).clone().unwrap_or_default()}
                        oninput={draft_input(&slow_ms)} data-testid="slow-ms" /></label>
                <button type="button" onclick={on_slow} data-testid="slow-button">{ pick(l, "Slow down", "느리게") }</button>
                <ul class="fault-list">{ slowed }</ul>
            </fieldset>
            <fieldset>
                <legend>{ pick(l, "Random message loss", "무작위 메시지 유실") }</legend>
                <label>{ format!("{} {pct}", pick(l, "Drop rate:", "유실률:")) }
                    <input type="range" min="0" max="1000" step="10" value={shown_drop.to_string()} aria-valuetext={pct.clone()}
                        oninput={draft_input(&drop_draft)} onchange={on_drop} data-testid="drop-rate" /></label>
            </fieldset>
            { for topics.into_iter().map(|(topic, isr, unclean, partitions)| html! { <TopicSettings key={topic.as_str()} state={state.clone()} topic={topic.clone()} {isr} {unclean} {partitions} /> }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TopicProps {
    state: UseReducerHandle<Playground>,
    topic: String,
    isr: i64,
    unclean: bool,
    partitions: u32,
}

#[component]
fn TopicSettings(props: &TopicProps) -> Html {
    let (state, l, topic) = (&props.state, props.state.locale, props.topic.clone());
    let draft = use_state(|| None::<String>);
    let more = use_state(|| None::<String>);
    let add = {
        let (dispatch, more, topic) = (state.dispatcher(), more.clone(), topic.clone());
        let text = more.as_deref().map(str::to_string);
        Callback::from(move |_: MouseEvent| {
            let Some(t) = text.clone() else { return };
            more.set(None);
            // Anything but a whole number is refused by the command itself.
            let partitions = t.trim().parse::<i64>().unwrap_or(0);
            dispatch.dispatch(Action::Act(Command::AddPartitions {
                topic: topic.clone(),
                partitions,
            }));
        })
    };
    let set = move |name: &'static str, value: Value| {
        Action::Act(Command::SetTopicConfig {
            topic: topic.clone(),
            name: name.into(),
            value,
        })
    };
    let apply = {
        let (dispatch, draft, set) = (state.dispatcher(), draft.clone(), set.clone());
        let text = draft.as_deref().map(str::to_string);
        Callback::from(move |_: MouseEvent| {
            let Some(t) = text.clone() else { return };
            let v = t
                .trim()
                .parse::<i64>()
                .map_or(Value::String(t), Value::from);
            draft.set(None);
            dispatch.dispatch(set("min.insync.replicas", v));
        })
    };
    let on_unclean = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            dispatch.dispatch(set("unclean.leader.election.enable", Value::Bool(on)));
        })
    };
    html! {
        <fieldset class="topic-settings">
            <legend>{ format!("{} {} ({})", pick(l, "Topic", "토픽"), props.topic, pick(l, "live config", "실시간 설정")) }</legend>
            <label title={config_help(l, "min.insync.replicas")}>{ "min.insync.replicas" }
                <input type="number" min="1" value={draft.as_deref().map_or(props.isr.to_string(), str::to_string)}
                    oninput={draft_input(&draft)} data-testid="min-isr-input" /></label>
            <button type="button" onclick={apply} disabled={draft.is_none()} data-testid="min-isr-apply">{ pick(l, "Apply", "적용") }</button>
            <label class="check" title={config_help(l, "unclean.leader.election.enable")}>
                <input type="checkbox" checked={props.unclean} onchange={on_unclean} data-testid="unclean-toggle" />
                { "unclean.leader.election.enable" }</label>
            <label title={pick(l, "kafka-topics.sh --alter --partitions: more partitions, never fewer; keys may move", "kafka-topics.sh --alter --partitions: 파티션은 늘리기만 가능하며 키가 옮겨갈 수 있음")}>
                { pick(l, "partitions", "파티션 수") }
                <input type="number" min="1" value={more.as_deref().map_or(props.partitions.to_string(), str::to_string)}
                    oninput={draft_input(&more)} data-testid="partitions-input" /></label>
            <button type="button" onclick={add} disabled={more.is_none()} data-testid="partitions-apply">{ pick(l, "Alter", "변경") }</button>
        </fieldset>
    }
}
