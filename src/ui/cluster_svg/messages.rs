//! What travels between the nodes: cut links, requests and responses as
//! dots coloured by API, and a ✕ where one was dropped.

use super::super::markup::Markup;
use super::{title, Layout, Px};
use crate::engine::event::Event;
use crate::engine::sim::Simulation;
use crate::i18n::{pick, Locale};

/// Cut links, then messages travelling as dots (`clock` is fractional
/// while playing) and the ✕ of recently dropped ones, halfway.
pub(super) fn links_and_dots(
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
            Px(x1),
            Px(y1),
            Px(x2),
            Px(y2)
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
            Px(x),
            Px(y)
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
            Px(x),
            Px(y)
        );
        title(svg, &format!("{api} {}", pick(locale, "dropped", "유실")));
        svg.close("g");
    }
    svg.close("g");
}

/// A dot's colour class: data, fetches, heartbeats, control, the rest.
fn api_class(api: &str) -> &'static str {
    match api {
        "Produce" => "api-produce",
        "Fetch" => "api-fetch",
        "BrokerHeartbeat" | "BrokerRegistration" => "api-heartbeat",
        "AlterPartition" | "MetadataUpdate" | "Metadata" => "api-control",
        _ => "api-other",
    }
}
