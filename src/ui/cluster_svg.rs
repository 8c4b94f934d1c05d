//! One lane's cluster as SVG: clients and the KRaft controller on top,
//! brokers as columns below, each partition replica a row of log cells with
//! its LEO marker and high-watermark line, the leader badge with its epoch,
//! ISR membership, and messages travelling along the links as dots.
//!
//! Offsets line up across brokers (every replica of a partition shows the
//! same offset window), so a follower that lags or a log that was truncated
//! is visible at a glance. Geometry only: no state, no callbacks but one.

use crate::engine::decimal::fixed;
use crate::ui::svg::px;
use yew::prelude::*;

use super::markup::{escape, Markup};

mod offset_marks;

use super::member_colour::member_class;
use super::state::Playground;
use crate::engine::broker::{BrokerStatus, Role};
use crate::engine::event::Event;
use crate::engine::producer::BatchStage;
use crate::engine::sim::Simulation;
use crate::engine::types::{BrokerId, NodeId, Tp};
use crate::engine::vec_map::VecMap;
use crate::i18n::{pick, tr, Locale, Text};
use crate::playground::lag_view::offset_markers;

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

#[derive(Properties, PartialEq)]
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

#[component]
pub fn ClusterSvg(props: &Props) -> Html {
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
    clients_svg(&mut clients, sim, &l, locale);
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
            px(x0),
            px(BROKER_Y),
            px(COL_W),
            px(l.height - BROKER_Y - 4.0)
        );
        let mut head = Markup::default();
        write!(
            head,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8"/><text class="broker-name" x="{x}" y="{}">{broker} {}</text><text class="broker-status" x="{x}" y="{}">{status} · {}</text>"#,
            px(x0),
            px(BROKER_Y),
            px(COL_W),
            px(HEAD_H),
            px(BROKER_Y + 17.0),
            b.id,
            px(BROKER_Y + 33.0),
            pick(locale, "click for faults", "클릭: 장애"),
            x = px(x0 + 10.0),
        );
        let mut rows = Markup::default();
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
            replica_row(
                &mut rows, sim, locale, b.id, tp, r, x0, y, window, &recent, dup,
            );
            if let (Some(m), Role::Leader(_)) = (marks.partitions.get(tp), &r.role) {
                offset_marks::strips(
                    &mut rows,
                    locale,
                    &marks.groups,
                    tp,
                    m,
                    (x0, y + ROW_H),
                    window,
                );
            }
        }
        columns.push(html! {
            <g {class} data-broker={b.id.to_string()}>
                { bg.finish() }
                <g class="broker-head" role="button" tabindex="0" {onclick} {onkeydown}
                    aria-label={format!("{broker} {} — {status}", b.id)}>
                    { head.finish() }
                </g>
                { rows.finish() }
            </g>
        });
    }
    let mut messages = Markup::default();
    messages_svg(&mut messages, sim, &l, &recent, props.state.clock, locale);

    html! {
        <svg class="cluster-svg" viewBox={format!("0 0 {} {}", fixed(l.width, 0), fixed(l.height, 0))}
            width={fixed(l.width * 1.35, 0)}
            role="img" aria-label={pick(locale, "Cluster: brokers, replicas and messages", "클러스터: 브로커, 레플리카, 메시지")}>
            { clients.finish() }
            { for columns }
            { messages.finish() }
        </svg>
    }
}

/// `<title>` (a tooltip) with `text`.
fn title(svg: &mut Markup, text: &str) {
    write!(svg, "<title>{}</title>", escape(text));
}

/// The clients' column: producers (with the batches filling in their
/// accumulators), the controller and consumers.
fn clients_svg(svg: &mut Markup, sim: &Simulation, l: &Layout, locale: Locale) {
    svg.open("g", r#"class="clients""#);
    for (n, &(x, y)) in l.nodes.iter() {
        let (class, label) = match n {
            NodeId::Controller => (
                "node controller".to_string(),
                format!("{} (KRaft)", tr(locale, Text::Controller)),
            ),
            NodeId::Producer(p) => (
                "node producer".to_string(),
                format!("{} {p}", pick(locale, "Producer", "프로듀서")),
            ),
            NodeId::Consumer(c) => (
                format!("node consumer {}", member_class(*c)),
                format!("{} {c}", pick(locale, "Consumer", "컨슈머")),
            ),
            NodeId::Broker(_) => continue,
        };
        // A producer's batches still filling in its accumulator.
        let filling: Vec<String> = match n {
            NodeId::Producer(p) => sim
                .nodes
                .producers
                .get(p)
                .map(|p| p.batches(sim.now))
                .unwrap_or_default()
                .into_iter()
                .filter(|b| b.stage == BatchStage::Filling)
                .map(|b| format!("{}×{}", b.tp.partition, b.records.len()))
                .collect(),
            _ => Vec::new(),
        };
        let dy = if filling.is_empty() { 5.0 } else { -1.0 };
        write!(
            svg,
            r#"<g class="{class}"><rect x="{}" y="{}" width="120" height="32" rx="6"/><text x="{}" y="{}" text-anchor="middle">{label}</text>"#,
            px(x - 60.0),
            px(y - 16.0),
            px(x),
            px(y + dy)
        );
        if !filling.is_empty() {
            write!(
                svg,
                r#"<text class="filling" x="{}" y="{}" text-anchor="middle">▤ p{}"#,
                px(x),
                px(y + 11.0),
                filling.join(" p")
            );
            title(
                svg,
                pick(
                    locale,
                    "Batches filling in the accumulator: partition × records",
                    "어큐뮬레이터에서 채워지는 배치: 파티션 × 레코드 수",
                ),
            );
            svg.close("text");
        }
        svg.close("g");
    }
    svg.close("g");
}

/// Cut links, then messages travelling as dots (`clock` is fractional
/// while playing) and the ✕ of recently dropped ones, halfway.
fn messages_svg(
    svg: &mut Markup,
    sim: &Simulation,
    l: &Layout,
    recent: &[&Event],
    clock: f64,
    locale: Locale,
) {
    svg.open("g", r#"class="links""#);
    for (a, b) in sim.network.cut_links() {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (l.ports.get(a), l.ports.get(b)) else {
            continue;
        };
        write!(
            svg,
            r#"<line class="cut-link" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            px(x1),
            px(y1),
            px(x2),
            px(y2)
        );
    }
    svg.close("g").open("g", r#"class="messages""#);
    for m in sim.in_flight() {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (l.ports.get(&m.from), l.ports.get(&m.to)) else {
            continue;
        };
        let span = (m.deliver_at - m.sent_at).max(1) as f64;
        let f = ((clock - m.sent_at as f64) / span).clamp(0.0, 1.0);
        let (x, y) = (x1 + (x2 - x1) * f, y1 + (y2 - y1) * f);
        let (response, kind) = if m.response {
            (" response", "response")
        } else {
            ("", "request")
        };
        write!(
            svg,
            r#"<circle class="dot {}{response}" cx="{}" cy="{}" r="5">"#,
            api_class(m.api),
            px(x),
            px(y)
        );
        title(svg, &format!("{} {kind} → {}", m.api, m.from));
        svg.close("circle");
    }
    for e in recent {
        let Event::MessageDropped { from, to, api, .. } = e else {
            continue;
        };
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (l.ports.get(from), l.ports.get(to)) else {
            continue;
        };
        let (x, y) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        write!(
            svg,
            r#"<g class="dropped" transform="translate({},{})"><text text-anchor="middle">✕</text>"#,
            px(x),
            px(y)
        );
        title(svg, &format!("{api} {}", pick(locale, "dropped", "유실")));
        svg.close("g");
    }
    svg.close("g");
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

/// One replica's row: its role, HW and LEO (or the duplicate it just
/// answered), its log cells in the partition's window, the records it lost
/// in a recent truncation, and the HW line and LEO marker.
#[allow(clippy::too_many_arguments)]
fn replica_row(
    svg: &mut Markup,
    sim: &Simulation,
    locale: Locale,
    broker: BrokerId,
    tp: &Tp,
    r: &crate::engine::broker::Replica,
    x0: f64,
    y: f64,
    first: i64,
    recent: &[&Event],
    duplicate: Option<(i64, i32)>,
) {
    let state = sim.nodes.controller.partitions.get(tp);
    let leader = state.and_then(|s| s.leader);
    let epoch = state.map_or(0, |s| s.leader_epoch);
    let in_isr = state.is_some_and(|s| s.isr.contains(&broker));
    let is_leader = matches!(r.role, Role::Leader(_));
    let (role, badge) = if leader.is_none() {
        (pick(locale, "offline", "오프라인"), "offline")
    } else if is_leader {
        (tr(locale, Text::Leader), "leader")
    } else if in_isr {
        (pick(locale, "in ISR", "ISR"), "isr")
    } else {
        (pick(locale, "out of ISR", "ISR 밖"), "out")
    };
    let leo = r.log.leo();
    let hw = r.log.hw;
    let cx = |o: i64| x0 + CELLS_X + (o - first) as f64 * CELL;
    let label = tp.to_string();
    let label = escape(&label);
    write!(
        svg,
        r#"<g class="replica-row {badge}" data-tp="{label}" data-leo="{leo}" data-hw="{hw}"><rect class="row-bar" x="{}" y="{}" width="4" height="{}"/><text class="row-label" x="{}" y="{}">{label} · {role}"#,
        px(x0 + 2.0),
        px(y + 2.0),
        px(ROW_H - 6.0),
        px(x0 + 10.0),
        px(y + 12.0)
    );
    if is_leader {
        write!(
            svg,
            r#"<tspan class="epoch"> · {} {epoch}</tspan>"#,
            pick(locale, "epoch", "에포크")
        );
    }
    let offsets = (px(x0 + COL_W - 8.0), px(y + 29.0));
    if let Some((offset, seq)) = duplicate {
        write!(
            svg,
            r#"</text><text class="row-offsets duplicate" x="{}" y="{}" text-anchor="end">↺ {} {seq}"#,
            offsets.0,
            offsets.1,
            pick(locale, "dup. seq", "중복 seq")
        );
        title(svg, &match locale {
            Locale::En => format!("A retried batch with sequence {seq} is already at offset {offset}: answered with that offset, not written again (idempotence)"),
            Locale::Ko => format!("시퀀스 {seq}인 재시도 배치가 이미 오프셋 {offset}에 있어, 그 오프셋으로 답하고 다시 쓰지 않습니다(멱등성)"),
        });
    } else {
        write!(
            svg,
            r#"</text><text class="row-offsets" x="{}" y="{}" text-anchor="end">HW {hw} · LEO {leo}"#,
            offsets.0, offsets.1
        );
    }
    svg.close("text");
    for rec in (first..leo).filter_map(|o| r.log.record_at(o)) {
        let x = cx(rec.offset);
        let colour = cell_colour(rec.key.as_deref(), rec.producer_id);
        let uncommitted = if rec.offset >= hw { " uncommitted" } else { "" };
        let dup = if duplicate.is_some_and(|(o, _)| o == rec.offset) {
            " duplicate-of"
        } else {
            ""
        };
        // A keyed record shows its key's first letter, so keys can be
        // followed from partition to partition; others show the offset.
        let glyph = rec
            .key
            .as_deref()
            .and_then(|k| k.chars().next())
            .map_or_else(|| (rec.offset % 100).to_string(), String::from);
        write!(
            svg,
            r#"<g class="cell c{colour}{uncommitted}{dup}"><rect x="{}" y="{}" width="{}" height="18" rx="3"/><text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            px(x),
            px(y + 16.0),
            px(CELL - 2.0),
            px(x + CELL / 2.0 - 1.0),
            px(y + 29.0),
            escape(&glyph)
        );
        let key = rec
            .key
            .as_deref()
            .map(|k| format!(" key={k}"))
            .unwrap_or_default();
        let seq = match rec.producer_id {
            -1 => String::new(),
            pid => format!(" · producer id {pid} sequence {}", rec.sequence),
        };
        title(
            svg,
            &format!(
                "offset {} · {}{key} · leader epoch {}{seq}",
                rec.offset, rec.value, rec.leader_epoch
            ),
        );
        svg.close("g");
    }
    // Records this replica lost in a recent truncation, fading out.
    for e in recent {
        let Event::LogTruncated {
            broker: b,
            tp: t,
            to_offset,
            removed,
            ..
        } = e
        else {
            continue;
        };
        if *b != broker || t != tp {
            continue;
        }
        for o in (*to_offset..*to_offset + removed.len() as i64)
            .filter(|&o| o >= first && o < first + CELLS)
        {
            write!(
                svg,
                r#"<rect class="cell truncated" x="{}" y="{}" width="{}" height="18" rx="3"/>"#,
                px(cx(o)),
                px(y + 16.0),
                px(CELL - 2.0)
            );
        }
    }
    if leo < first {
        // A log that ends before the window: say so instead of drawing its
        // markers at the window's left edge.
        write!(
            svg,
            r#"<text class="behind" x="{}" y="{}">◂ {} {leo}</text>"#,
            px(x0 + CELLS_X),
            px(y + 29.0),
            pick(locale, "log ends at", "로그 끝")
        );
    } else {
        let hw_x = px(cx(hw.max(first)) - 1.0);
        let leo_x = cx(leo.max(first)) - 1.0;
        write!(
            svg,
            r#"<line class="hw-line" x1="{hw_x}" x2="{hw_x}" y1="{}" y2="{}">"#,
            px(y + 13.0),
            px(y + 37.0)
        );
        title(
            svg,
            pick(
                locale,
                "High watermark: consumers read below this line",
                "하이 워터마크: 컨슈머는 이 선 아래까지만 읽습니다",
            ),
        );
        write!(
            svg,
            r#"</line><path class="leo-marker" d="M{} {} l-4 5 h8 z">"#,
            px(leo_x),
            px(y + 34.0)
        );
        title(
            svg,
            pick(
                locale,
                "Log end offset (LEO): where the next record goes",
                "로그 끝 오프셋(LEO): 다음 레코드가 들어갈 자리",
            ),
        );
        svg.close("path");
    }
    svg.close("g");
}

/// A record's colour class (`c0`…`c5`): its producer's without a key; a
/// key takes one of the other five by its hash, so a keyed record never
/// looks like a keyless one of the same producer.
pub(super) fn cell_colour(key: Option<&str>, producer_id: i64) -> usize {
    let own = producer_id.unsigned_abs() as usize % 6;
    let by_key = |k: &str| crate::engine::murmur2::murmur2(k.as_bytes()) as u32 as usize % 5;
    key.map_or(own, |k| (own + 1 + by_key(k)) % 6)
}

fn api_class(api: &str) -> &'static str {
    match api {
        "Produce" => "api-produce",
        "Fetch" => "api-fetch",
        "BrokerHeartbeat" | "BrokerRegistration" => "api-heartbeat",
        "AlterPartition" | "MetadataUpdate" | "Metadata" => "api-control",
        _ => "api-other",
    }
}
