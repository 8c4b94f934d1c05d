//! One lane's cluster as SVG: clients and the KRaft controller on top,
//! brokers as columns below, each partition replica a row of log cells with
//! its LEO marker and high-watermark line, the leader badge with its epoch,
//! ISR membership, and messages travelling along the links as dots.
//!
//! Offsets line up across brokers (every replica of a partition shows the
//! same offset window), so a follower that lags or a log that was truncated
//! is visible at a glance. Geometry only: no state, no callbacks but one.
//!
//! It is redrawn on every step, so what is read-only is written as markup
//! (`ui::markup`, a fraction of the wasm of as many `html!` elements).
//! `html!` are: each broker's column and its head, a button that opens the
//! broker's menu (focus, click and Enter); and the elements whose CSS
//! animation must run once, from when they appear (a truncated record's
//! ghost in its replica's row, a dropped message's ✕), as Yew keeps an
//! element but replaces markup whenever its text changes.

mod clients;
mod messages;
mod offset_marks;
mod replica_row;

use yew::prelude::*;

use super::markup::Markup;
use super::state::Playground;
use crate::engine::broker::{BrokerStatus, Role};
use crate::engine::decimal::fixed;
use crate::engine::event::Event;
use crate::engine::sim::Simulation;
use crate::engine::types::{BrokerId, NodeId, Tp};
use crate::engine::vec_map::VecMap;
use crate::i18n::{pick, tr, Text};
use crate::playground::lag_view::offset_markers;
use crate::ui::svg::px;

/// Log cells shown per replica (the newest offsets).
const CELLS: i64 = 8;
const CELL: f64 = 17.0;
const COL_W: f64 = 250.0;
const GAP: f64 = 14.0;
const CLIENT_W: f64 = 120.0;
const CLIENT_STEP: f64 = 42.0;
/// Room between the clients' column and the first broker for dots to fly.
const LINK_GAP: f64 = 70.0;
const BROKER_Y: f64 = 4.0;
const HEAD_H: f64 = 40.0;
const ROW_H: f64 = 40.0;
const CELLS_X: f64 = 8.0;
/// Simulated ms during which a dropped message or a truncation stays drawn.
const RECENT_MS: u64 = 400;
/// How long a replica row says it answered a duplicate (idempotence).
const DUPLICATE_MS: u64 = 2_000;

pub struct Props {
    pub state: UseReducerHandle<Playground>,
    pub lane: usize,
    pub on_broker: Callback<BrokerId>,
}

/// Where each node sits: the centre of its box.
struct Layout {
    nodes: VecMap<NodeId, (f64, f64)>,
    /// Where messages leave and arrive: a client box's right edge, a
    /// broker head's empty top-right corner — never over a label.
    ports: VecMap<NodeId, (f64, f64)>,
    width: f64,
    height: f64,
}

/// Clients and the controller stack in a column on the left, brokers to the
/// right: lanes stay short, so three fit on one projector screen. Rows are
/// `row_h` tall: taller when consumer groups need strips for their marks.
fn layout(sim: &Simulation, rows: usize, row_h: f64) -> Layout {
    let mut nodes = VecMap::new();
    let clients = sim
        .nodes
        .producers
        .keys()
        .map(|&p| NodeId::Producer(p))
        .chain(std::iter::once(NodeId::Controller))
        .chain(sim.nodes.consumers.keys().map(|&c| NodeId::Consumer(c)));
    let mut clients_end: f64 = 0.0;
    for (i, n) in clients.enumerate() {
        let y = BROKER_Y + 16.0 + i as f64 * CLIENT_STEP;
        nodes.insert(n, (GAP + CLIENT_W / 2.0, y));
        clients_end = y + 24.0;
    }
    let x0 = GAP + CLIENT_W + LINK_GAP;
    let brokers: Vec<BrokerId> = sim.nodes.brokers.keys().copied().collect();
    for (i, b) in brokers.iter().enumerate() {
        let x = x0 + i as f64 * (COL_W + GAP) + COL_W / 2.0;
        nodes.insert(NodeId::Broker(*b), (x, BROKER_Y + HEAD_H / 2.0));
    }
    let width = x0 + brokers.len() as f64 * (COL_W + GAP);
    let height = (BROKER_Y + HEAD_H + 8.0 + rows as f64 * row_h + 8.0).max(clients_end);
    let ports = nodes
        .iter()
        .map(|(&n, &(x, y))| match n {
            NodeId::Broker(_) => (n, (x + COL_W / 2.0 - 14.0, y)),
            _ => (n, (x + CLIENT_W / 2.0 + 6.0, y)),
        })
        .collect();
    Layout {
        nodes,
        ports,
        width,
        height,
    }
}

/// A plain function, not a component: it has no hooks, and every
/// component type costs the page about 1.5 KB of wasm.
pub fn cluster_svg(props: &Props) -> Html {
    let session = props.state.session();
    let timeline = &session.lanes[props.lane].timeline;
    let sim = timeline.sim();
    let locale = props.state.locale;
    let selected = props.state.selected_broker;
    let rows = sim
        .nodes
        .brokers
        .values()
        .map(|b| b.replicas.len())
        .max()
        .unwrap_or(0);
    // Each consumer group's committed offset and owner's position, under
    // the leader's row of each partition it reads.
    let marks = offset_markers(sim);
    let row_h = ROW_H + offset_marks::STRIP_H * marks.groups.len() as f64;
    let l = layout(sim, rows, row_h);
    let windows = offset_windows(sim);
    let recent: Vec<&Event> = timeline
        .past()
        .iter()
        .rev()
        .take_while(|e| e.at_ms + RECENT_MS >= sim.now)
        .map(|e| &e.event)
        .collect();
    let duplicates: Vec<&Event> = timeline
        .past()
        .iter()
        .rev()
        .take_while(|e| e.at_ms + DUPLICATE_MS >= sim.now)
        .map(|e| &e.event)
        .filter(|e| matches!(e, Event::DuplicateRejected { .. }))
        .collect();

    let mut clients = Markup::default();
    clients::column(&mut clients, sim, &l, locale);
    let mut columns = Vec::new();
    for b in sim.nodes.brokers.values() {
        let (cx, _) = l.nodes[&NodeId::Broker(b.id)];
        let x0 = cx - COL_W / 2.0;
        let fenced = sim
            .nodes
            .controller
            .sessions
            .get(&b.id)
            .is_some_and(|s| s.fenced);
        let status = match b.status {
            BrokerStatus::Running if fenced => pick(locale, "fenced", "펜싱됨"),
            BrokerStatus::Running => pick(locale, "running", "실행 중"),
            BrokerStatus::ShuttingDown => pick(locale, "shutting down", "종료 중"),
            BrokerStatus::Crashed => pick(locale, "crashed", "다운"),
            BrokerStatus::Stopped => pick(locale, "stopped", "중지됨"),
        };
        let down = matches!(b.status, BrokerStatus::Crashed | BrokerStatus::Stopped);
        let onclick = {
            let cb = props.on_broker.clone();
            let id = b.id;
            Callback::from(move |_: MouseEvent| cb.emit(id))
        };
        let onkeydown = {
            let cb = props.on_broker.clone();
            let id = b.id;
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    cb.emit(id)
                }
            })
        };
        let mut class = String::from("broker-col");
        for (on, name) in [
            (down, " down"),
            (fenced, " fenced"),
            (selected == Some(b.id), " selected"),
        ] {
            if on {
                class.push_str(name);
            }
        }
        let broker = tr(locale, Text::Broker);
        let mut bg = Markup::default();
        write!(
            bg,
            r#"<rect class="col-bg" x="{}" y="{}" width="{}" height="{}" rx="8"/>"#,
            Px(x0),
            Px(BROKER_Y),
            Px(COL_W),
            Px(l.height - BROKER_Y - 4.0)
        );
        let mut head = Markup::default();
        write!(
            head,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8"/><text class="broker-name" x="{x}" y="{}">{broker} {}</text><text class="broker-status" x="{x}" y="{}">{status} · {}</text>"#,
            Px(x0),
            Px(BROKER_Y),
            Px(COL_W),
            Px(HEAD_H),
            Px(BROKER_Y + 17.0),
            b.id,
            Px(BROKER_Y + 33.0),
            pick(locale, "click for faults", "클릭: 장애"),
            x = Px(x0 + 10.0),
        );
        // Each replica's row, then its groups' strips (markup, maybe empty).
        let mut rows = Vec::new();
        for (i, (tp, r)) in b.replicas.iter().enumerate() {
            let y = BROKER_Y + HEAD_H + 8.0 + i as f64 * row_h;
            let window = windows.get(tp).copied().unwrap_or(0);
            let dup = duplicates.iter().find_map(|e| match e {
                Event::DuplicateRejected {
                    broker,
                    tp: t,
                    offset,
                    base_sequence,
                    ..
                } if *broker == b.id && t == tp => Some((*offset, *base_sequence)),
                _ => None,
            });
            rows.push(replica_row::replica_row(
                sim, locale, b.id, tp, r, x0, y, window, &recent, dup,
            ));
            let mut strips = Markup::default();
            if let (Some(m), Role::Leader(_)) = (marks.partitions.get(tp), &r.role) {
                offset_marks::strips(
                    &mut strips,
                    locale,
                    &marks.groups,
                    tp,
                    m,
                    (x0, y + ROW_H),
                    window,
                );
            }
            rows.push(strips.finish());
        }
        columns.push(html! {
            <g {class} data-broker={b.id.to_string()}>
                { bg.finish() }
                <g class="broker-head" role="button" tabindex="0" {onclick} {onkeydown}
                    aria-label={format!("{broker} {} — {status}", b.id)}>
                    { head.finish() }
                </g>
                { for rows }
            </g>
        });
    }
    let messages = messages::links_and_dots(sim, &l, &recent, props.state.clock, locale);

    html! {
        <svg class="cluster-svg" viewBox={format!("0 0 {} {}", fixed(l.width, 0), fixed(l.height, 0))}
            width={fixed(l.width * 1.35, 0)}
            role="img" aria-label={pick(locale, "Cluster: brokers, replicas and messages", "클러스터: 브로커, 레플리카, 메시지")}>
            { clients.finish() }
            { for columns }
            { messages }
        </svg>
    }
}

/// [`px`] as a `write!` argument, so an element's coordinates go into one
/// `write!` with the rest of its markup.
#[derive(Clone, Copy)]
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&px(self.0))
    }
}

/// The first offset shown for each partition: the newest `CELLS` offsets of
/// the longest replica, the same for every replica so columns line up.
fn offset_windows(sim: &Simulation) -> VecMap<Tp, i64> {
    let mut leo: VecMap<Tp, i64> = VecMap::new();
    for b in sim.nodes.brokers.values() {
        for (tp, r) in &b.replicas {
            let e = leo.entry(tp.clone()).or_default();
            *e = (*e).max(r.log.leo());
        }
    }
    leo.into_iter()
        .map(|(tp, l)| (tp, (l - CELLS).max(0)))
        .collect()
}

/// A record's colour class (`c0`…`c5`): its producer's without a key; a
/// key takes one of the other five by its hash, so a keyed record never
/// looks like a keyless one of the same producer.
pub(super) fn cell_colour(key: Option<&str>, producer_id: i64) -> usize {
    let own = producer_id.unsigned_abs() as usize % 6;
    let by_key = |k: &str| crate::engine::murmur2::murmur2(k.as_bytes()) as u32 as usize % 5;
    key.map_or(own, |k| (own + 1 + by_key(k)) % 6)
}
