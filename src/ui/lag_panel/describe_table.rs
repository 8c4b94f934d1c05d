//! `kafka-consumer-groups.sh --describe --group G` as a table with the
//! tool's own columns and cells, and the literal output to copy.

use yew::prelude::*;

use crate::engine::group_describe::OFFSETS_HEADER;
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::DescribeTable;
use crate::ui::markup::Markup;

/// The LAG column, highlighted.
const LAG: usize = 5;

/// The command, the tool's note and the table are markup; the literal
/// output stays `html!`, so an opened `<details>` stays open while the
/// numbers change.
pub fn describe_table(l: Locale, d: &DescribeTable) -> Html {
    let mut out = Markup::default();
    out.el("h4", "mono small", &format!("$ {}", d.command));
    // The tool's notes (rebalancing, no active members) go to stderr.
    if let Some(note) = d.out.stderr.trim().lines().next() {
        out.el("p", "describe-note mono small", note);
    }
    if d.rows.is_empty() {
        out.el(
            "p",
            "empty small",
            pick(
                l,
                "The tool prints no offsets row now.",
                "지금 도구가 출력하는 오프셋 행이 없습니다.",
            ),
        );
    } else {
        out.open("div", r#"class="table-scroll""#)
            .open(
                "table",
                r#"class="describe-table" data-testid="describe-table""#,
            )
            .open("thead", "")
            .open("tr", "");
        for h in OFFSETS_HEADER {
            out.open("th", r#"scope="col""#).text(h).close("th");
        }
        out.close("tr").close("thead").open("tbody", "");
        for r in &d.rows {
            out.open("tr", "");
            for (i, c) in r.iter().enumerate() {
                let class = if i == LAG { r#"class="lag-cell""# } else { "" };
                out.open("td", class).text(c).close("td");
            }
            out.close("tr");
        }
        out.close("tbody").close("table").close("div");
    }
    html! {
        <div class="describe-group">
            { out.finish() }
            <details class="describe-raw">
                <summary>{ pick(l, "The tool's exact output (to copy)", "도구의 출력 그대로(복사용)") }</summary>
                <pre class="mono" data-testid="describe-stdout">{ format!("$ {}\n{}{}", d.command, d.out.stdout, d.out.stderr) }</pre>
            </details>
        </div>
    }
}
