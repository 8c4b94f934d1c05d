//! One partition's lag over simulated time as an SVG line chart: the step
//! line in the colour of the member that owned the partition at each
//! moment (grey while nobody did), the group's rebalances as shaded bands,
//! and the cursor.

use crate::ui::svg::px;
use yew::prelude::*;

use super::secs;
use crate::engine::types::TimeMs;
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::{GroupLag, LaneLag, PartitionChart, Stroke};
use crate::ui::member_colour::member_class;

const W: f64 = 340.0;
const H: f64 = 150.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 34.0;

/// The y axis top: a round number of records at or above `v`.
pub fn nice_ceiling(v: i64) -> i64 {
    nice(v, 10)
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `v` and `floor`.
fn nice(v: i64, floor: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= v.max(floor) {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// Simulated time on x, records on y, for one chart.
struct Scale {
    end_ms: f64,
    y_max: f64,
}

impl Scale {
    fn x(&self, t: TimeMs) -> f64 {
        LEFT + (t as f64 / self.end_ms).min(1.0) * (W - LEFT - RIGHT)
    }

    fn y(&self, v: i64) -> f64 {
        H - BOTTOM - v as f64 / self.y_max * (H - TOP - BOTTOM)
    }
}

pub fn lag_chart(l: Locale, v: &LaneLag, g: &GroupLag, c: &PartitionChart, y_max: i64) -> Html {
    let s = Scale {
        end_ms: v.end_ms.max(1) as f64,
        y_max: y_max as f64,
    };
    let (bottom, right) = (H - BOTTOM, W - RIGHT);
    let y_ticks = [0, y_max / 2, y_max].map(|t| {
        let y = s.y(t);
        html! { <g class="tick">
            <line class="grid" x1={px(LEFT)} x2={px(right)} y1={px(y)} y2={px(y)} />
            <text x={px(LEFT - 4.0)} y={px(y + 3.5)} text-anchor="end">{ t }</text>
        </g> }
    });
    let step_s = nice((v.end_ms / 1000 / 5) as i64, 1) as usize;
    let x_ticks = (0..=v.end_ms / 1000).step_by(step_s).map(|t| {
        let x = s.x(t * 1000);
        html! { <g class="tick">
            <line class="axis" x1={px(x)} x2={px(x)} y1={px(bottom)} y2={px(bottom + 3.0)} />
            <text x={px(x)} y={px(bottom + 13.0)} text-anchor="middle">{ t }</text>
        </g> }
    });
    let bands = g.rebalances.iter().map(|r| {
        let to = r.to_ms.unwrap_or(v.now_ms);
        let (x1, x2) = (s.x(r.from_ms), s.x(to));
        let title = match l {
            Locale::En => format!(
                "Rebalance to generation {}: {} – {} ({})",
                r.generation,
                secs(l, r.from_ms),
                secs(l, to),
                r.reason
            ),
            Locale::Ko => format!(
                "리밸런스 → 세대 {}: {} – {} ({})",
                r.generation,
                secs(l, r.from_ms),
                secs(l, to),
                r.reason
            ),
        };
        html! { <g class="rebalance" data-from={r.from_ms.to_string()}>
            <rect x={px(x1)} y={px(TOP)} width={px((x2 - x1).max(2.0))} height={px(bottom - TOP)} />
            <text x={px(x1 + 2.0)} y={px(TOP + 9.0)}>{ "⟳" }</text>
            <title>{ title }</title>
        </g> }
    });
    let lines = c.strokes.iter().map(|st| stroke(l, &s, st));
    let now_x = s.x(v.now_ms);
    let label = match l {
        Locale::En => format!("Lag of {} for group {} over simulated time", c.tp, g.group),
        Locale::Ko => format!("그룹 {}의 {} 랙(시뮬레이션 시간에 따라)", g.group, c.tp),
    };
    html! {
        <svg class="lag-chart" viewBox={format!("0 0 {} {}", W as i32, H as i32)} role="img" aria-label={label}>
            <rect class="plot" x={px(LEFT)} y={px(TOP)} width={px(right - LEFT)} height={px(bottom - TOP)} />
            { for bands }
            { for y_ticks }
            { for x_ticks }
            <g class="lines">{ for lines }</g>
            <line class="cursor-line" x1={px(now_x)} x2={px(now_x)} y1={px(TOP - 2.0)} y2={px(bottom)}>
                <title>{ format!("{} {}", pick(l, "cursor:", "커서:"), secs(l, v.now_ms)) }</title>
            </line>
            <text class="axis-title" x={px((LEFT + right) / 2.0)} y={px(H - 4.0)} text-anchor="middle">
                { pick(l, "simulated time (s)", "시뮬레이션 시간(초)") }</text>
            <text class="axis-title" transform={format!("translate(11 {}) rotate(-90)", px((TOP + bottom) / 2.0))} text-anchor="middle">
                { pick(l, "lag (records)", "랙(레코드)") }</text>
        </svg>
    }
}

fn stroke(l: Locale, s: &Scale, st: &Stroke) -> Html {
    let points: Vec<String> = st
        .points
        .iter()
        // Whole units (under two pixels as drawn) are enough for a step
        // line, and integers format faster than floats.
        .map(|&(t, v)| format!("{},{}", s.x(t).round() as i32, s.y(v).round() as i32))
        .collect();
    let (class, who) = match st.owner {
        Some(c) => (
            member_class(c),
            format!("{} {c}", pick(l, "owned by consumer", "소유: 컨슈머")),
        ),
        None => (
            "no-owner".to_string(),
            pick(l, "no owner (rebalancing)", "소유자 없음(리밸런스 중)").to_string(),
        ),
    };
    html! {
        <polyline class={classes!("lag-line", class)} points={points.join(" ")}>
            <title>{ who }</title>
        </polyline>
    }
}

/// The partition's numbers at the cursor, in words.
pub fn caption(l: Locale, c: &PartitionChart) -> Html {
    let shown = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    let now = c.now;
    let (end, committed, lag) = (
        shown(now.and_then(|p| p.log_end_offset)),
        shown(now.and_then(|p| p.committed)),
        shown(now.and_then(|p| p.lag)),
    );
    let owner = match c.owner {
        Some(id) => {
            html! { <span class={classes!("owner-tag", member_class(id))}>{ format!("c{id}") }</span> }
        }
        None => {
            html! { <span class="owner-tag no-owner">{ pick(l, "no owner", "소유자 없음") }</span> }
        }
    };
    html! {
        <span class="lag-numbers">
            <strong class="mono">{ c.tp.to_string() }</strong>
            { " " }{ owner }{ " " }
            <span class="mono" data-testid="lag-now">{ format!("{} {lag} = {end} − {committed}", pick(l, "lag", "랙")) }</span>
        </span>
    }
}
