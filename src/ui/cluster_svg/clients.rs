//! The clients' column left of the brokers: producers, the KRaft
//! controller and consumers, each a box where its messages leave and arrive.

use super::super::markup::Markup;
use super::super::member_colour::member_class;
use super::{Layout, Px};
use crate::engine::producer::BatchStage;
use crate::engine::sim::Simulation;
use crate::engine::types::NodeId;
use crate::i18n::{pick, tr, Locale, Text};

/// The clients' column: producers (with the batches filling in their
/// accumulators), the controller and consumers.
pub(super) fn column(svg: &mut Markup, sim: &Simulation, l: &Layout, locale: Locale) {
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
            Px(x - 60.0),
            Px(y - 16.0),
            Px(x),
            Px(y + dy)
        );
        if !filling.is_empty() {
            write!(
                svg,
                r#"<text class="filling" x="{}" y="{}" text-anchor="middle">▤ p{}"#,
                Px(x),
                Px(y + 11.0),
                filling.join(" p")
            );
            svg.el(
                "title",
                "",
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
