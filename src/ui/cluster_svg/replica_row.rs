//! One replica of a partition on one broker: its role in the partition,
//! its newest log cells, and where its high watermark and log end are.

use yew::prelude::*;

use super::super::markup::{escape, Markup};
use super::super::svg::px;
use super::{cell_colour, Px, CELL, CELLS, CELLS_X, COL_W, ROW_H};
use crate::engine::broker::{Replica, Role};
use crate::engine::event::Event;
use crate::engine::sim::Simulation;
use crate::engine::types::{BrokerId, Tp};
use crate::i18n::{pick, tr, Locale, Text};

/// One replica's row: its role, HW and LEO (or the duplicate it just
/// answered), its log cells in the partition's window, the records it lost
/// in a recent truncation, and the HW line and LEO marker.
///
/// The row and its fading ghosts are `html!` elements, the rest markup: a
/// ghost's CSS animation runs once, when its element is made, so it must
/// outlive the steps that redraw the row's cells around it.
#[allow(clippy::too_many_arguments)]
pub(super) fn replica_row(
    sim: &Simulation,
    locale: Locale,
    broker: BrokerId,
    tp: &Tp,
    r: &Replica,
    x0: f64,
    y: f64,
    first: i64,
    recent: &[&Event],
    duplicate: Option<(i64, i32)>,
) -> Html {
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
    let mut front = Markup::default();
    write!(
        front,
        r#"<rect class="row-bar" x="{}" y="{}" width="4" height="{}"/><text class="row-label" x="{}" y="{}">{} · {role}"#,
        Px(x0 + 2.0),
        Px(y + 2.0),
        Px(ROW_H - 6.0),
        Px(x0 + 10.0),
        Px(y + 12.0),
        escape(&label)
    );
    if is_leader {
        write!(
            front,
            r#"<tspan class="epoch"> · {} {epoch}</tspan>"#,
            pick(locale, "epoch", "에포크")
        );
    }
    let offsets = (Px(x0 + COL_W - 8.0), Px(y + 29.0));
    if let Some((offset, seq)) = duplicate {
        write!(
            front,
            r#"</text><text class="row-offsets duplicate" x="{}" y="{}" text-anchor="end">↺ {} {seq}"#,
            offsets.0,
            offsets.1,
            pick(locale, "dup. seq", "중복 seq")
        );
        front.el("title", "", &match locale {
            Locale::En => format!("A retried batch with sequence {seq} is already at offset {offset}: answered with that offset, not written again (idempotence)"),
            Locale::Ko => format!("시퀀스 {seq}인 재시도 배치가 이미 오프셋 {offset}에 있어, 그 오프셋으로 답하고 다시 쓰지 않습니다(멱등성)"),
        });
    } else {
        write!(
            front,
            r#"</text><text class="row-offsets" x="{}" y="{}" text-anchor="end">HW {hw} · LEO {leo}"#,
            offsets.0, offsets.1
        );
    }
    front.close("text");
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
            front,
            r#"<g class="cell c{colour}{uncommitted}{dup}"><rect x="{}" y="{}" width="{}" height="18" rx="3"/><text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            Px(x),
            Px(y + 16.0),
            Px(CELL - 2.0),
            Px(x + CELL / 2.0 - 1.0),
            Px(y + 29.0),
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
        front.el(
            "title",
            "",
            &format!(
                "offset {} · {}{key} · leader epoch {}{seq}",
                rec.offset, rec.value, rec.leader_epoch
            ),
        );
        front.close("g");
    }
    // Records this replica lost in a recent truncation, fading out.
    let mut ghosts = Vec::new();
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
            ghosts.push(html! {
                <rect class="cell truncated" x={px(cx(o))} y={px(y + 16.0)} width={px(CELL - 2.0)} height="18" rx="3" />
            });
        }
    }
    let mut marks = Markup::default();
    if leo < first {
        // A log that ends before the window: say so instead of drawing its
        // markers at the window's left edge.
        write!(
            marks,
            r#"<text class="behind" x="{}" y="{}">◂ {} {leo}</text>"#,
            Px(x0 + CELLS_X),
            Px(y + 29.0),
            pick(locale, "log ends at", "로그 끝")
        );
    } else {
        let hw_x = Px(cx(hw.max(first)) - 1.0);
        let leo_x = cx(leo.max(first)) - 1.0;
        write!(
            marks,
            r#"<line class="hw-line" x1="{hw_x}" x2="{hw_x}" y1="{}" y2="{}">"#,
            Px(y + 13.0),
            Px(y + 37.0)
        );
        marks.el(
            "title",
            "",
            pick(
                locale,
                "High watermark: consumers read below this line",
                "하이 워터마크: 컨슈머는 이 선 아래까지만 읽습니다",
            ),
        );
        write!(
            marks,
            r#"</line><path class="leo-marker" d="M{} {} l-4 5 h8 z">"#,
            Px(leo_x),
            Px(y + 34.0)
        );
        marks.el(
            "title",
            "",
            pick(
                locale,
                "Log end offset (LEO): where the next record goes",
                "로그 끝 오프셋(LEO): 다음 레코드가 들어갈 자리",
            ),
        );
        marks.close("path");
    }
    html! {
        <g class={format!("replica-row {badge}")} data-tp={label} data-leo={leo.to_string()} data-hw={hw.to_string()}>
            { front.finish() }
            { for ghosts }
            { marks.finish() }
        </g>
    }
}
