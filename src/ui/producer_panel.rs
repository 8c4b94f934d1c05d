//! The producer: its settings by Kafka's names (per lane where lanes
//! differ), a form to send records to every lane, auto-produce, and what
//! became of each record in the lane shown (acked, failed, unknown, pending).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::event_log::{record_label, LaneTabs};
use super::state::{Action, Playground};
use crate::engine::checker::lost_records;
use crate::engine::command::{Command, RecordSpec};
use crate::engine::config::{EffectiveTopicConfig, ProducerConfig, LEADER_EPOCH_SWITCH};
use crate::engine::producer::Fate;
use crate::engine::sim::Simulation;
use crate::engine::sort;
use crate::engine::vec_map::VecSet;
use crate::glossary::config_help;
use crate::i18n::{pick, Locale};
use crate::playground::session::Session;

const FATE_ROWS: usize = 12;

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
        let sim = s.lanes[state.lane.min(s.lanes.len() - 1)].timeline.sim();
        sim.nodes.producers.keys().copied().collect()
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

type Getter<T> = fn(&T) -> String;

const PRODUCER_SETTINGS: [(&str, Getter<ProducerConfig>); 7] = [
    ("acks", |c| c.acks.name().into()),
    ("retries", |c| c.retries.to_string()),
    ("delivery.timeout.ms", |c| c.delivery_timeout_ms.to_string()),
    ("request.timeout.ms", |c| c.request_timeout_ms.to_string()),
    ("retry.backoff.ms", |c| c.retry_backoff_ms.to_string()),
    ("linger.ms", |c| c.linger_ms.to_string()),
    ("batch.size", |c| c.batch_size.to_string()),
];

/// The playground-only switch is listed only where some lane turns it off.
const TOPIC_SETTINGS: [(&str, Getter<EffectiveTopicConfig>); 3] = [
    ("min.insync.replicas", |c| c.min_insync_replicas.to_string()),
    ("unclean.leader.election.enable", |c| {
        c.unclean_leader_election_enable.to_string()
    }),
    (LEADER_EPOCH_SWITCH, |c| {
        c.truncate_by_leader_epoch.to_string()
    }),
];

/// A setting's name (glossary on hover) and its value in every lane; one
/// value when the lanes agree, else "0 | 1 | all" with the lane shown marked.
fn setting(
    l: Locale,
    name: &'static str,
    s: &Session,
    shown: usize,
    get: &dyn Fn(&Simulation) -> Option<String>,
) -> Html {
    let values: Vec<(&str, String)> = s
        .lanes
        .iter()
        .map(|ln| {
            (
                ln.label.as_str(),
                get(ln.timeline.sim()).unwrap_or_else(|| "—".into()),
            )
        })
        .collect();
    let value = if values.windows(2).all(|w| w[0].1 == w[1].1) {
        html! { { values.first().map(|v| v.1.clone()).unwrap_or_default() } }
    } else {
        values.into_iter().enumerate().map(|(i, (label, v))| html! { <>
            { (i > 0).then_some(" | ") }
            <span class={classes!("per-lane", (i == shown).then_some("current"))} title={label.to_string()}>
                <span class="sr-only">{ format!("{label}: ") }</span>{ v }
            </span>
        </> }).collect::<Html>()
    };
    html! { <div class="setting">
        <dt title={config_help(l, name)} class="setting-name">
            // Long names wrap at their dots.
            { for name.split_inclusive('.').map(|part| html! { <>{ part }<wbr /></> }) }
        </dt>
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
    let mut rows: Vec<Html> = PRODUCER_SETTINGS
        .iter()
        .map(|(name, get)| {
            setting(l, name, &s, shown, &|sim| {
                sim.nodes.producers.get(&id).map(|p| get(&p.config))
            })
        })
        .collect();
    for t in &topics {
        rows.push(html! { <div class="setting-topic">{ format!("{} {t}", pick(l, "topic", "토픽")) }</div> });
        let pre_kip101 = s.lanes.iter().any(|ln| {
            let c = ln.timeline.sim().effective_topic_config(t);
            c.is_some_and(|c| !c.truncate_by_leader_epoch)
        });
        let shown_settings = TOPIC_SETTINGS
            .iter()
            .filter(|(n, _)| pre_kip101 || *n != LEADER_EPOCH_SWITCH);
        rows.extend(shown_settings.map(|(name, get)| {
            setting(l, name, &s, shown, &|sim| {
                sim.effective_topic_config(t).map(|c| get(&c))
            })
        }));
    }
    let auto = s.lanes[shown]
        .timeline
        .sim()
        .auto_produce(id)
        .map(|(t, r)| (t.to_string(), r));
    drop(s);
    let read = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|e| e.value());
    let topic_of = {
        let topic = topic.clone();
        move || topic.cast::<HtmlSelectElement>().map(|e| e.value())
    };
    let send = |burst: bool| {
        let (state, topic_of, key, value) =
            (state.clone(), topic_of.clone(), key.clone(), value.clone());
        move || {
            let k = read(&key).filter(|k| !k.is_empty());
            let v = read(&value).unwrap_or_default();
            let values: Vec<String> = match (burst, v.is_empty()) {
                (false, false) => vec![v],
                (false, true) => vec![format!("r{sent}")],
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
                topic: topic_of().unwrap_or_default(),
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
                topic: topic_of().unwrap_or_default(),
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
                    <input ref={value} type="text" placeholder={format!("r{sent}")} autocomplete="off" />
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
    let lost: VecSet<_> = lost_records(sim)
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
    sort::sort_by(&mut all, |a, b| b.0.cmp(a.0));
    all.truncate(FATE_ROWS);
    let row = |(&id, fate): (&_, &Fate)| {
        let key = sim.record_values.get(&id).and_then(|(k, _)| k.clone());
        let t = |en, ko| pick(l, en, ko).to_string();
        let (kind, mark, text, title) = match fate {
            Fate::Acknowledged { offset, .. } => {
                let at = t("acknowledged at offset", "확인됨, 오프셋");
                ("acked", "✓", format!("{at} {offset}"), None)
            }
            Fate::Failed { error, .. } | Fate::Rejected { error, .. } => {
                let name = format!("{} {}", t("failed with", "실패:"), error.name());
                ("failed", "✗", name, Some(error.message()))
            }
            Fate::Unacknowledged { .. } => {
                let what = t(
                    "sent, never acknowledged (acks=0)",
                    "보냈지만 확인 없음 (acks=0)",
                );
                ("unknown", "?", what, None)
            }
            Fate::Pending { .. } => ("pending", "…", t("in flight", "전송 중"), None),
            Fate::Blocked { .. } => {
                let what = t(
                    "send() blocked: buffer.memory full",
                    "send() 대기: buffer.memory 가득 참",
                );
                ("pending", "…", what, None)
            }
        };
        let gone = lost.contains(&id);
        html! { <tr key={id.0} data-fate={kind} data-lost={gone.then_some("true")}>
            <td><span class="rec-value">{ record_label(sim, id) }</span>
                { for key.map(|k| html! { <span class="rec-key">{ format!(" ({k})") }</span> }) }</td>
            <td class="mono">{ fate.tp().map_or_else(|| fate.topic().to_string(), |tp| tp.to_string()) }</td>
            <td class={classes!("fate", format!("fate-{kind}"))} {title}>
                <span class="fate-mark" aria-hidden="true">{ mark }</span>{ " " }{ text }
                { for gone.then(|| html! { <strong class="fate-lost">{ pick(l, " — now lost!", " — 이후 유실됨!") }</strong> }) }
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
            <tbody>
                if all.is_empty() {
                    <tr><td colspan="3" class="empty">{ pick(l, "Nothing sent yet.", "아직 보낸 레코드가 없습니다.") }</td></tr>
                }
                { for all.into_iter().map(row) }
            </tbody>
        </table>
    }
}
