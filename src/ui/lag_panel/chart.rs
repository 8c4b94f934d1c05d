//! One partition's lag over simulated time as an SVG line chart: the step
//! line in the colour of the member that owned the partition at each
//! moment (grey while nobody did), the group's rebalances as shaded bands,
//! and the cursor.

use std::fmt::Write;

use super::secs;
use crate::engine::types::TimeMs;
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::{GroupLag, LaneLag, PartitionChart, Stroke};
use crate::ui::markup::{escape, Markup};
use crate::ui::member_colour::member_class;
use crate::ui::svg::px;

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

/// `x="…" y="…"`.
fn at(x: f64, y: f64) -> String {
    format!(r#"x="{}" y="{}""#, px(x), px(y))
}

/// `x="…" y="…" width="…" height="…"`.
fn area(x: f64, y: f64, width: f64, height: f64) -> String {
    format!(
        r#"{} width="{}" height="{}""#,
        at(x, y),
        px(width),
        px(height)
    )
}

/// `x1="…" x2="…" y1="…" y2="…"`.
fn segment((x1, x2): (f64, f64), (y1, y2): (f64, f64)) -> String {
    format!(
        r#"x1="{}" x2="{}" y1="{}" y2="{}""#,
        px(x1),
        px(x2),
        px(y1),
        px(y2)
    )
}

/// An element with only a tooltip inside: `<tag attrs><title>…</title></tag>`.
fn titled(out: &mut Markup, tag: &str, attrs: &str, text: &str) {
    out.open(tag, attrs);
    out.el("title", "", text);
    out.close(tag);
}

/// A tick: its line and its number.
fn tick(out: &mut Markup, line: &str, text: &str, value: &str) {
    out.open("g", r#"class="tick""#)
        .open("line", line)
        .close("line")
        .open("text", text)
        .text(value)
        .close("text")
        .close("g");
}

pub fn lag_chart(
    out: &mut Markup,
    l: Locale,
    v: &LaneLag,
    g: &GroupLag,
    c: &PartitionChart,
    y_max: i64,
) {
    let s = Scale {
        end_ms: v.end_ms.max(1) as f64,
        y_max: y_max as f64,
    };
    let (bottom, right) = (H - BOTTOM, W - RIGHT);
    let label = match l {
        Locale::En => format!("Lag of {} for group {} over simulated time", c.tp, g.group),
        Locale::Ko => format!("그룹 {}의 {} 랙(시뮬레이션 시간에 따라)", g.group, c.tp),
    };
    let svg = format!(
        r#"class="lag-chart" viewBox="0 0 {} {}" role="img" aria-label="{}""#,
        W as i32,
        H as i32,
        escape(&label)
    );
    out.open("svg", &svg)
        .open(
            "rect",
            &format!(
                r#"class="plot" {}"#,
                area(LEFT, TOP, right - LEFT, bottom - TOP)
            ),
        )
        .close("rect");
    for r in &g.rebalances {
        let to = r.to_ms.unwrap_or(v.now_ms);
        let (x1, x2) = (s.x(r.from_ms), s.x(to));
        let tip = format!(
            "{} {}: {} – {} ({})",
            pick(l, "Rebalance to generation", "리밸런스 → 세대"),
            r.generation,
            secs(l, r.from_ms),
            secs(l, to),
            r.reason
        );
        out.open(
            "g",
            &format!(r#"class="rebalance" data-from="{}""#, r.from_ms),
        )
        .open("rect", &area(x1, TOP, (x2 - x1).max(2.0), bottom - TOP))
        .close("rect")
        .open("text", &at(x1 + 2.0, TOP + 9.0))
        .text("⟳")
        .close("text");
        out.el("title", "", &tip);
        out.close("g");
    }
    for t in [0, y_max / 2, y_max] {
        let y = s.y(t);
        let line = format!(r#"class="grid" {}"#, segment((LEFT, right), (y, y)));
        let text = format!(r#"{} text-anchor="end""#, at(LEFT - 4.0, y + 3.5));
        tick(out, &line, &text, &t.to_string());
    }
    let step_s = nice((v.end_ms / 1000 / 5) as i64, 1) as usize;
    for t in (0..=v.end_ms / 1000).step_by(step_s) {
        let x = s.x(t * 1000);
        let line = format!(
            r#"class="axis" {}"#,
            segment((x, x), (bottom, bottom + 3.0))
        );
        let text = format!(r#"{} text-anchor="middle""#, at(x, bottom + 13.0));
        tick(out, &line, &text, &t.to_string());
    }
    out.open("g", r#"class="lines""#);
    for st in &c.strokes {
        stroke(out, l, &s, st);
    }
    out.close("g");
    let now_x = s.x(v.now_ms);
    let cursor = format!(
        r#"class="cursor-line" {}"#,
        segment((now_x, now_x), (TOP - 2.0, bottom))
    );
    let now = format!("{} {}", pick(l, "cursor:", "커서:"), secs(l, v.now_ms));
    titled(out, "line", &cursor, &now);
    let x_title = format!(
        r#"class="axis-title" {} text-anchor="middle""#,
        at((LEFT + right) / 2.0, H - 4.0)
    );
    let y_title = format!(
        r#"class="axis-title" transform="translate(11 {}) rotate(-90)" text-anchor="middle""#,
        px((TOP + bottom) / 2.0)
    );
    out.open("text", &x_title)
        .text(pick(l, "simulated time (s)", "시뮬레이션 시간(초)"))
        .close("text")
        .open("text", &y_title)
        .text(pick(l, "lag (records)", "랙(레코드)"))
        .close("text")
        .close("svg");
}

fn stroke(out: &mut Markup, l: Locale, s: &Scale, st: &Stroke) {
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
    let mut attrs = format!(r#"class="lag-line {class}" points=""#);
    for (i, &(t, v)) in st.points.iter().enumerate() {
        // Whole units (under two pixels as drawn) are enough for a step
        // line, and integers format faster than floats.
        let sep = if i == 0 { "" } else { " " };
        let (x, y) = (s.x(t).round() as i32, s.y(v).round() as i32);
        let _ = write!(attrs, "{sep}{x},{y}");
    }
    attrs.push('"');
    titled(out, "polyline", &attrs, &who);
}

/// The partition's numbers at the cursor, in words.
pub fn caption(out: &mut Markup, l: Locale, c: &PartitionChart) {
    let shown = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    let now = c.now;
    let (end, committed, lag) = (
        shown(now.and_then(|p| p.log_end_offset)),
        shown(now.and_then(|p| p.committed)),
        shown(now.and_then(|p| p.lag)),
    );
    out.open("span", r#"class="lag-numbers""#)
        .el("strong", "mono", &c.tp.to_string())
        .text(" ");
    match c.owner {
        Some(id) => out.el(
            "span",
            &format!("owner-tag {}", member_class(id)),
            &format!("c{id}"),
        ),
        None => out.el(
            "span",
            "owner-tag no-owner",
            pick(l, "no owner", "소유자 없음"),
        ),
    };
    let numbers = format!("{} {lag} = {end} − {committed}", pick(l, "lag", "랙"));
    out.text(" ")
        .open("span", r#"class="mono" data-testid="lag-now""#)
        .text(&numbers)
        .close("span")
        .close("span");
}
