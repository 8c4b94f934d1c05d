//! What travels between the nodes: cut links, requests and responses as
//! dots coloured by API, and a ✕ where one was dropped.

use yew::prelude::*;

use super::super::markup::Markup;
use super::super::svg::px;
use super::{Layout, Px};
use crate::engine::event::Event;
use crate::engine::sim::Simulation;
use crate::i18n::{pick, Locale};

/// Cut links, then messages travelling as dots (`clock` is fractional
/// while playing) and the ✕ of recently dropped ones, halfway. A ✕ is an
/// `html!` element: its CSS animation runs once, when the element is made,
/// so it must outlive the frames that move the dots.
pub(super) fn links_and_dots(
    sim: &Simulation,
    l: &Layout,
    recent: &[&Event],
    clock: f64,
    locale: Locale,
) -> Html {
    let mut links = Markup::default();
    links.open("g", r#"class="links""#);
    for (a, b) in sim.network.cut_links() {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (l.ports.get(a), l.ports.get(b)) else {
            continue;
        };
        write!(
            links,
            r#"<line class="cut-link" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            Px(x1),
            Px(y1),
            Px(x2),
            Px(y2)
        );
    }
    links.close("g");
    let mut dots = Markup::default();
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
            dots,
            r#"<circle class="dot {}{response}" cx="{}" cy="{}" r="5">"#,
            api_class(m.api),
            Px(x),
            Px(y)
        );
        dots.el("title", "", &format!("{} {kind} → {}", m.api, m.from));
        dots.close("circle");
    }
    let mut drops = Vec::new();
    for e in recent {
        let Event::MessageDropped { from, to, api, .. } = e else {
            continue;
        };
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (l.ports.get(from), l.ports.get(to)) else {
            continue;
        };
        let (x, y) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        drops.push(html! {
            <g class="dropped" transform={format!("translate({},{})", px(x), px(y))}>
                <text text-anchor="middle">{ "✕" }</text>
                <title>{ format!("{api} {}", pick(locale, "dropped", "유실")) }</title>
            </g>
        });
    }
    html! { <>
        { links.finish() }
        <g class="messages">{ dots.finish() }{ for drops }</g>
    </> }
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
