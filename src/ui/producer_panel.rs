//! The producer: its settings by Kafka's names (per lane where lanes
//! differ), a form to send records to every lane, auto-produce, and what
//! became of each record in the lane shown (acked, failed, unknown, pending).

use std::collections::BTreeSet;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::event_log::{record_label, LaneTabs};
use super::state::{Action, Playground};
use crate::engine::checker::lost_records;
use crate::engine::command::{Command, RecordSpec};
use crate::engine::config::ProducerConfig;
use crate::engine::event::Event as SimEvent;
use crate::engine::producer::Fate;
use crate::glossary::config_help;
use crate::i18n::{pick, Locale};
use crate::playground::session::Session;

const FATE_ROWS: usize = 30;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
}

#[component]
pub fn ProducerPanel(props: &Props) -> Html {
    let state = &props.state;
    let l = state.locale;
    let ids: Vec<u32> = {
        let s = state.session();
        let lane = state.lane.min(s.lanes.len() - 1);
        s.lanes[lane]
            .timeline
            .sim()
            .nodes
            .producers
            .keys()
            .copied()
            .collect()
    };
    html! {
        <section class="side-panel producer-panel" aria-labelledby="producer-heading">
            <h2 id="producer-heading">{ pick(l, "Producer", "프로듀서") }</h2>
            { for ids.into_iter().map(|id| html! { <ProducerCard key={id} state={state.clone()} {id} /> }) }
            <LaneTabs state={state.clone()} />
            <Fates state={state.clone()} />
        </section>
    }
}

/// A setting's name (glossary on hover) and its value in every lane; one
/// value when the lanes agree, else "0 | 1 | all" with the lane shown marked.
fn setting(l: Locale, name: &'static str, values: Vec<(String, String)>, shown: usize) -> Html {
    let same = values.windows(2).all(|w| w[0].1 == w[1].1);
    let value = if same {
        html! { { values.first().map(|v| v.1.clone()).unwrap_or_default() } }
    } else {
        values.into_iter().enumerate().map(|(i, (label, v))| html! { <>
            { (i > 0).then_some(" | ") }
            <span class={classes!("per-lane", (i == shown).then_some("current"))} title={label.clone()}>
                <span class="sr-only">{ format!("{label}: ") }</span>{ v }
            </span>
        </> }).collect::<Html>()
    };
    html! { <div class="setting">
        <dt title={config_help(l, name)} class="setting-name">{ name }</dt>
        <dd>{ value }</dd>
    </div> }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    state: UseReducerHandle<Playground>,
    id: u32,
}

#[component]
fn ProducerCard(props: &CardProps) -> Html {
    let (state, id, l) = (&props.state, props.id, props.state.locale);
    let (topic, key, value) = (use_node_ref(), use_node_ref(), use_node_ref());
    let rate = use_state(|| "2".to_string());
    let s = state.session();
    let shown = state.lane.min(s.lanes.len() - 1);
    let sim = s.lanes[shown].timeline.sim();
    let topics: Vec<String> = sim.cluster.topics.keys().cloned().collect();
    let sent = sim.nodes.producers.get(&id).map_or(0, |p| p.fates.len());
    let lanes = |f: &dyn Fn(&ProducerConfig) -> String| -> Vec<(String, String)> {
        let per = |sess: &Session, i: usize| {
            let p = sess.lanes[i].timeline.sim().nodes.producers.get(&id);
            p.map_or("—".to_string(), |p| f(&p.config))
        };
        (0..s.lanes.len())
            .map(|i| (s.lanes[i].label.clone(), per(&s, i)))
            .collect()
    };
    let mut rows = vec![
        setting(l, "acks", lanes(&|c| c.acks.name().into()), shown),
        setting(l, "retries", lanes(&|c| c.retries.to_string()), shown),
        setting(
            l,
            "delivery.timeout.ms",
            lanes(&|c| c.delivery_timeout_ms.to_string()),
            shown,
        ),
        setting(
            l,
            "request.timeout.ms",
            lanes(&|c| c.request_timeout_ms.to_string()),
            shown,
        ),
        setting(
            l,
            "retry.backoff.ms",
            lanes(&|c| c.retry_backoff_ms.to_string()),
            shown,
        ),
        setting(l, "linger.ms", lanes(&|c| c.linger_ms.to_string()), shown),
        setting(l, "batch.size", lanes(&|c| c.batch_size.to_string()), shown),
    ];
    for t in &topics {
        let per = |f: &dyn Fn(bool, i64) -> String| -> Vec<(String, String)> {
            let v = |i: usize| s.lanes[i].timeline.sim().effective_topic_config(t);
            let v = |i| {
                v(i).map_or("—".into(), |c| {
                    f(c.unclean_leader_election_enable, c.min_insync_replicas)
                })
            };
            (0..s.lanes.len())
                .map(|i| (s.lanes[i].label.clone(), v(i)))
                .collect()
        };
        rows.push(html! { <div class="setting-topic">{ format!("{} {t}", pick(l, "topic", "토픽")) }</div> });
        rows.push(setting(
            l,
            "min.insync.replicas",
            per(&|_, m| m.to_string()),
            shown,
        ));
        rows.push(setting(
            l,
            "unclean.leader.election.enable",
            per(&|u, _| u.to_string()),
            shown,
        ));
    }
    let auto = s
        .past(shown)
        .iter()
        .rev()
        .find_map(|e| match &e.event {
            SimEvent::AutoProduceSet {
                producer,
                topic,
                per_second,
            } if *producer == id && *per_second > 0 => Some(Some((topic.clone(), *per_second))),
            SimEvent::AutoProduceSet { producer, .. } if *producer == id => Some(None),
            _ => None,
        })
        .flatten();
    drop(s);
    let read = |r: &NodeRef| {
        r.cast::<HtmlInputElement>()
            .map(|e| e.value())
            .unwrap_or_default()
    };
    let topic_of = {
        let topic = topic.clone();
        move || {
            topic
                .cast::<web_sys::HtmlSelectElement>()
                .map(|e| e.value())
                .unwrap_or_default()
        }
    };
    let send = |burst: bool| {
        let (state, topic_of, key, value) =
            (state.clone(), topic_of.clone(), key.clone(), value.clone());
        move || {
            let k = Some(read(&key)).filter(|k| !k.is_empty());
            let v = read(&value);
            let values: Vec<String> = match (burst, v.is_empty()) {
                (false, false) => vec![v],
                (false, true) => vec![format!("r{}", sent + 1)],
                (true, false) => (1..=10).map(|i| format!("{v}-{i}")).collect(),
                (true, true) => (1..=10).map(|i| format!("burst-{}", sent + i)).collect(),
            };
            let records = values
                .into_iter()
                .map(|value| RecordSpec {
                    key: k.clone(),
                    value,
                    partition: None,
                })
                .collect();
            state.dispatch(Action::Act(Command::Produce {
                producer: id,
                topic: topic_of(),
                records,
            }));
        }
    };
    let onsubmit = {
        let f = send(false);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            f()
        })
    };
    let onburst = {
        let f = send(true);
        Callback::from(move |_: MouseEvent| f())
    };
    let on_rate = {
        let rate = rate.clone();
        Callback::from(move |e: InputEvent| {
            rate.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_auto = {
        let (state, rate) = (state.clone(), rate.clone());
        Callback::from(move |_: MouseEvent| {
            let per_second = rate.trim().parse().unwrap_or(0);
            state.dispatch(Action::Act(Command::AutoProduce {
                producer: id,
                topic: topic_of(),
                per_second,
            }));
        })
    };
    let name = crate::narrate::node_name(l, crate::engine::types::NodeId::Producer(id));
    html! {
        <div class="producer-card" data-testid={format!("producer-{id}")}>
            <h3>{ name }</h3>
            <dl class="settings">{ for rows }</dl>
            <form class="produce-form" {onsubmit}>
                <label>{ pick(l, "Topic", "토픽") }
                    <select ref={topic}>{ for topics.iter().map(|t| html! { <option value={t.clone()}>{ t }</option> }) }</select>
                </label>
                <label>{ pick(l, "Key (optional)", "키 (선택)") }
                    <input ref={key} type="text" placeholder={pick(l, "e.g. user-1", "예: 사용자-1")} autocomplete="off" />
                </label>
                <label>{ pick(l, "Value", "값") }
                    <input ref={value} type="text" placeholder={format!("r{}", sent + 1)} autocomplete="off" />
                </label>
                <div class="button-row">
                    <button type="submit" class="primary" data-testid="send">{ pick(l, "Send", "보내기") }</button>
                    <button type="button" onclick={onburst} data-testid="send-10">{ pick(l, "Send 10", "10개 보내기") }</button>
                </div>
            </form>
            <div class="auto-produce">
                <label>{ pick(l, "Auto-produce (records/s, 0 stops)", "자동 전송 (초당 레코드 수, 0이면 멈춤)") }
                    <input type="number" min="0" max="1000" value={(*rate).clone()} oninput={on_rate} data-testid="auto-rate" />
                </label>
                <button type="button" onclick={on_auto} data-testid="auto-apply">{ pick(l, "Apply", "적용") }</button>
                <span class="hint">{ match auto {
                    Some((t, n)) => format!("{} {n}/s → {t}", pick(l, "auto-producing", "자동 전송 중")),
                    None => pick(l, "auto-produce off", "자동 전송 꺼짐").to_string(),
                } }</span>
            </div>
        </div>
    }
}

#[component]
fn Fates(props: &Props) -> Html {
    let (state, l) = (&props.state, props.state.locale);
    let s = state.session();
    let lane = state.lane.min(s.lanes.len() - 1);
    let sim = s.lanes[lane].timeline.sim();
    let lost: BTreeSet<_> = lost_records(sim)
        .into_iter()
        .filter(|r| r.consumer.is_none())
        .map(|r| r.id)
        .collect();
    let mut all: Vec<_> = sim
        .nodes
        .producers
        .values()
        .flat_map(|p| p.fates.iter().rev().take(FATE_ROWS))
        .collect();
    all.sort_by(|a, b| b.0.cmp(a.0));
    all.truncate(FATE_ROWS);
    let row = |(&id, fate): (&_, &Fate)| {
        let key = sim.record_values.get(&id).and_then(|(k, _)| k.clone());
        let (kind, mark, text, title) = match fate {
            Fate::Acknowledged { offset, .. } => (
                "acked",
                "✓",
                format!(
                    "{} {offset}",
                    pick(l, "acknowledged at offset", "확인됨, 오프셋")
                ),
                None,
            ),
            Fate::Failed { error, .. } => (
                "failed",
                "✗",
                format!("{} {}", pick(l, "failed with", "실패:"), error.name()),
                Some(error.message()),
            ),
            Fate::Unacknowledged { .. } => (
                "unknown",
                "?",
                pick(
                    l,
                    "sent, never acknowledged (acks=0)",
                    "보냈지만 확인 없음 (acks=0)",
                )
                .into(),
                None,
            ),
            Fate::Pending { .. } => ("pending", "…", pick(l, "in flight", "전송 중").into(), None),
        };
        let gone = lost.contains(&id);
        html! { <tr key={id.0} data-fate={kind} data-lost={gone.then_some("true")}>
            <td><span class="rec-value">{ record_label(sim, id) }</span>
                { for key.map(|k| html! { <span class="rec-key">{ format!(" ({k})") }</span> }) }</td>
            <td class="mono">{ fate.tp().to_string() }</td>
            <td class={classes!("fate", format!("fate-{kind}"))} {title}>
                <span class="fate-mark" aria-hidden="true">{ mark }</span>{ " " }{ text }
                { for gone.then(|| html! { <strong class="fate-lost">{ pick(l, " — lost since!", " — 이후 유실!") }</strong> }) }
            </td>
        </tr> }
    };
    let caption = format!(
        "{} — {}",
        pick(l, "Record fates, newest first", "레코드 결과 (최신순)"),
        s.lanes[lane].label
    );
    html! {
        <table class="fates" data-testid="fates">
            <caption>{ caption }</caption>
            <thead><tr>
                <th scope="col">{ pick(l, "Record (key)", "레코드 (키)") }</th>
                <th scope="col">{ pick(l, "Partition", "파티션") }</th>
                <th scope="col">{ pick(l, "Fate", "결과") }</th>
            </tr></thead>
            <tbody>{ for all.into_iter().map(row) }</tbody>
        </table>
    }
}
