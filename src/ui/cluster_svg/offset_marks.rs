//! Under a partition's leader row, one strip per consumer group: the
//! group's committed offset (△, what a restarted member resumes from), its
//! owner's position (●, the next offset `poll()` returns) joined by the
//! records fetched but not committed yet, and a tag naming the owner, all
//! in the owner's colour. Offsets left of the row's window sit at its edge
//! with a "←" and their numbers.

use crate::ui::markup::{escape, Markup};

use super::{Px, CELL, CELLS, CELLS_X, COL_W};
use crate::engine::types::Tp;
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::GroupMarks;
use crate::ui::member_colour::member_class;

/// The height of one group's strip.
pub(super) const STRIP_H: f64 = 11.0;
/// Group names longer than this are cut in the tag.
const TAG_CHARS: usize = 14;

/// The strips of `tp`'s groups, from `y` down; `first` is the row's first offset.
pub(super) fn strips(
    svg: &mut Markup,
    l: Locale,
    groups: &[String],
    tp: &Tp,
    marks: &[GroupMarks],
    (x0, y): (f64, f64),
    first: i64,
) {
    let x = |o: i64| x0 + CELLS_X + (o.max(first) - first) as f64 * CELL - 1.0;
    let tp_name = tp.to_string();
    write!(
        svg,
        r#"<g class="offset-marks" data-tp="{}">"#,
        escape(&tp_name)
    );
    for m in marks {
        let name = groups.get(m.group).map_or("", String::as_str);
        let mid = y + m.group as f64 * STRIP_H + STRIP_H / 2.0;
        let colour = m
            .owner
            .map_or_else(|| "no-owner".to_string(), |(c, _)| member_class(c));
        let position = m.owner.and_then(|(c, p)| p.map(|p| (c, p)));
        let y_mid = Px(mid);
        write!(
            svg,
            r#"<g class="group-strip {colour}" data-group="{}"><line class="strip-base" x1="{}" x2="{}" y1="{y_mid}" y2="{y_mid}"/>"#,
            escape(name),
            Px(x(first)),
            Px(x(first + CELLS))
        );
        if let (Some(c), Some((_, p))) = (m.committed, position) {
            write!(
                svg,
                r#"<line class="in-flight" x1="{}" x2="{}" y1="{y_mid}" y2="{y_mid}"/>"#,
                Px(x(c)),
                Px(x(p))
            );
        }
        if let Some(c) = m.committed {
            write!(
                svg,
                r#"<path class="committed-mark" data-offset="{c}" d="M{} {} l-4 7 h8 z">"#,
                Px(x(c)),
                Px(mid - 4.0)
            );
            let tip = format!("{name} {} {c}", pick(l, "committed", "커밋"));
            svg.el("title", "", &tip);
            svg.close("path");
        }
        if let Some((c, p)) = position {
            write!(
                svg,
                r#"<circle class="position-mark" data-offset="{p}" cx="{}" cy="{y_mid}" r="3.2">"#,
                Px(x(p))
            );
            let (consumer, position) = (pick(l, "consumer", "컨슈머"), pick(l, "position", "위치"));
            svg.el("title", "", &format!("{consumer} {c} {position} {p}"));
            svg.close("circle");
        }
        let behind: Vec<String> = [("△", m.committed), ("●", position.map(|(_, p)| p))]
            .into_iter()
            .filter_map(|(glyph, o)| o.filter(|&o| o < first).map(|o| format!("{glyph}{o}")))
            .collect();
        if !behind.is_empty() {
            write!(
                svg,
                r#"<text class="clamped-hint" x="{}" y="{}">← {}"#,
                Px(x(first) + 6.0),
                Px(mid + 3.0),
                behind.join(" ")
            );
            svg.el(
                "title",
                "",
                pick(
                    l,
                    "Left of the newest offsets shown",
                    "보이는 최신 오프셋보다 왼쪽",
                ),
            );
            svg.close("text");
        }
        let short: String = if name.chars().count() > TAG_CHARS {
            name.chars()
                .take(TAG_CHARS - 1)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            name.to_string()
        };
        let (tag, tag_title) = match (m.owner, l) {
            (Some((c, _)), Locale::En) => (
                format!("{short} c{c}"),
                format!("consumer {c} of {name} reads {tp}"),
            ),
            (Some((c, _)), Locale::Ko) => (
                format!("{short} c{c}"),
                format!("{name}의 컨슈머 {c}가 {tp}를 읽습니다"),
            ),
            (None, Locale::En) => (
                format!("{short} –"),
                format!("nobody in {name} reads {tp} now"),
            ),
            (None, Locale::Ko) => (
                format!("{short} –"),
                format!("지금 {name}에서 {tp}를 읽는 컨슈머가 없습니다"),
            ),
        };
        write!(
            svg,
            r#"<text class="strip-tag" x="{}" y="{}" text-anchor="end">{}"#,
            Px(x0 + COL_W - 8.0),
            Px(mid + 3.0),
            escape(&tag)
        );
        svg.el("title", "", &tag_title);
        svg.close("text").close("g");
    }
    svg.close("g");
}
