//! The producer: its settings by Kafka's names (per lane where lanes
//! differ), a form to send records to every lane, auto-produce, and what
//! became of each record in the lane shown (acked, failed, unknown, pending).
//! The settings and the fates are markup; the form and its buttons `html!`.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::event_log::{lane_tabs, record_label};
use super::markup::{escape, Markup};
use super::state::{Action, Playground};
use crate::engine::checker::lost_records;
use crate::engine::command::{Command, RecordSpec};
use crate::engine::config::{EffectiveTopicConfig, ProducerConfig, LEADER_EPOCH_SWITCH};
use crate::engine::producer::Fate;
use crate::engine::sim::Simulation;
use crate::engine::sort;
use crate::engine::types::RecordId;
use crate::engine::vec_map::VecSet;
use crate::glossary::config_help;
use crate::i18n::{pick, Locale};
use crate::playground::session::Session;

const FATE_ROWS: usize = 12;

/// A plain function, not a component: it has no hooks, and every
/// component type costs the page about 1.5 KB of wasm.
pub fn producer_panel(state: &UseReducerHandle<Playground>) -> Html {
    let l = state.locale;
    let ids: Vec<u32> = {
        let s = state.session();
        let sim = s.lanes[state.lane.min(s.lanes.len() - 1)].timeline.sim();
        sim.nodes.producers.keys().copied().collect()
    };
    let mut heading = Markup::default();
    heading
        .open("h2", r#"id="producer-heading""#)
        .text(pick(l, "Producer", "프로듀서"))
        .close("h2");
    html! {
        <section class="side-panel producer-panel" aria-labelledby="producer-heading">
            { heading.finish() }
            { for ids.into_iter().map(|id| html! { <ProducerCard key={id} state={state.clone()} {id} /> }) }
            { lane_tabs(state) }
            { fates(state) }
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
    out: &mut Markup,
    l: Locale,
    name: &'static str,
    s: &Session,
    shown: usize,
    get: &dyn Fn(&Simulation) -> Option<String>,
) {
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
    let title =
        config_help(l, name).map_or(String::new(), |t| format!(r#" title="{}""#, escape(t)));
    out.open("div", r#"class="setting""#)
        .open("dt", &format!(r#"class="setting-name"{title}"#));
    // Long names wrap at their dots.
    for part in name.split_inclusive('.') {
        out.text(part).open("wbr", "");
    }
    out.close("dt").open("dd", "");
    if values.windows(2).all(|w| w[0].1 == w[1].1) {
        out.text(values.first().map_or("", |v| &v.1));
    } else {
        for (i, (label, v)) in values.iter().enumerate() {
            if i > 0 {
                out.text(" | ");
            }
            let class = if i == shown {
                "per-lane current"
            } else {
                "per-lane"
            };
            let attrs = format!(r#"class="{class}" title="{}""#, escape(label));
            out.open("span", &attrs)
                .el("span", "sr-only", &format!("{label}: "))
                .text(v)
                .close("span");
        }
    }
    out.close("dd").close("div");
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
    let name = crate::narrate::node_name(l, crate::engine::types::NodeId::Producer(id));
    let mut settings = Markup::default();
    settings
        .open("h3", "")
        .text(&name)
        .close("h3")
        .open("dl", r#"class="settings""#);
    for (name, get) in &PRODUCER_SETTINGS {
        setting(&mut settings, l, name, &s, shown, &|sim| {
            sim.nodes.producers.get(&id).map(|p| get(&p.config))
        });
    }
    for t in &topics {
        settings.el(
            "div",
            "setting-topic",
            &format!("{} {t}", pick(l, "topic", "토픽")),
        );
        let pre_kip101 = s.lanes.iter().any(|ln| {
            let c = ln.timeline.sim().effective_topic_config(t);
            c.is_some_and(|c| !c.truncate_by_leader_epoch)
        });
        let shown_settings = TOPIC_SETTINGS
            .iter()
            .filter(|(n, _)| pre_kip101 || *n != LEADER_EPOCH_SWITCH);
        for (name, get) in shown_settings {
            setting(&mut settings, l, name, &s, shown, &|sim| {
                sim.effective_topic_config(t).map(|c| get(&c))
            });
        }
    }
    settings.close("dl");
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
    let auto = match auto {
        Some((t, n)) => format!("{} {n}/s → {t}", pick(l, "auto-producing", "자동 전송 중")),
        None => pick(l, "auto-produce off", "자동 전송 꺼짐").to_string(),
    };
    let mut auto_note = Markup::default();
    auto_note.el("span", "hint", &auto);
    html! {
        <div class="producer-card" data-testid={format!("producer-{id}")}>
            { settings.finish() }
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
                { auto_note.finish() }
            </div>
        </div>
    }
}

fn fates(state: &UseReducerHandle<Playground>) -> Html {
    let l = state.locale;
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
    let caption = format!(
        "{} — {}",
        pick(l, "Record fates, newest first", "레코드 결과 (최신순)"),
        s.lanes[lane].label
    );
    let mut out = Markup::default();
    out.open("table", r#"class="fates" data-testid="fates""#)
        .open("caption", "")
        .text(&caption)
        .close("caption")
        .thead(&[
            pick(l, "Record (key)", "레코드 (키)"),
            pick(l, "Partition", "파티션"),
            pick(l, "Fate", "결과"),
        ])
        .open("tbody", "");
    if all.is_empty() {
        out.open("tr", "")
            .open("td", r#"colspan="3" class="empty""#)
            .text(pick(l, "Nothing sent yet.", "아직 보낸 레코드가 없습니다."))
            .close("td")
            .close("tr");
    }
    for (&id, fate) in all {
        fate_row(&mut out, l, sim, id, fate, lost.contains(&id));
    }
    out.close("tbody").close("table");
    out.finish()
}

/// One record's row: its value (key), partition and fate; `gone` when an
/// acknowledged record was lost since.
fn fate_row(out: &mut Markup, l: Locale, sim: &Simulation, id: RecordId, fate: &Fate, gone: bool) {
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
    let lost = if gone { r#" data-lost="true""# } else { "" };
    let title = title.map_or(String::new(), |t| format!(r#" title="{}""#, escape(t)));
    let tp = fate
        .tp()
        .map_or_else(|| fate.topic().to_string(), |tp| tp.to_string());
    out.open("tr", &format!(r#"data-fate="{kind}"{lost}"#))
        .open("td", "")
        .el("span", "rec-value", &record_label(sim, id));
    if let Some(k) = key {
        out.el("span", "rec-key", &format!(" ({k})"));
    }
    out.close("td")
        .el("td", "mono", &tp)
        .open("td", &format!(r#"class="fate fate-{kind}"{title}"#))
        .open("span", r#"class="fate-mark" aria-hidden="true""#)
        .text(mark)
        .close("span")
        .text(&format!(" {text}"));
    if gone {
        out.el(
            "strong",
            "fate-lost",
            pick(l, " — now lost!", " — 이후 유실됨!"),
        );
    }
    out.close("td").close("tr");
}
