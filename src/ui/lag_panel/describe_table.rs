//! `kafka-consumer-groups.sh --describe --group G` as a table with the
//! tool's own columns and cells, and the literal output to copy.

use yew::prelude::*;

use crate::engine::group_describe::OFFSETS_HEADER;
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::DescribeTable;
use crate::ui::markup::Markup;

/// The LAG column, highlighted.
const LAG: usize = 5;

/// The command, the tool's note and the table are markup. The elements
/// a reader acts on stay `html!`, so they outlive a change of the numbers:
/// the table's scroll box keeps its horizontal scroll, an opened
/// `<details>` stays open.
pub fn describe_table(l: Locale, d: &DescribeTable) -> Html {
    let mut head = Markup::default();
    head.el("h4", "mono small", &format!("$ {}", d.command));
    // The tool's notes (rebalancing, no active members) go to stderr.
    if let Some(note) = d.out.stderr.trim().lines().next() {
        head.el("p", "describe-note mono small", note);
    }
    let table = if d.rows.is_empty() {
        let mut empty = Markup::default();
        empty.el(
            "p",
            "empty small",
            pick(
                l,
                "The tool prints no offsets row now.",
                "지금 도구가 출력하는 오프셋 행이 없습니다.",
            ),
        );
        empty.finish()
    } else {
        html! { <div class="table-scroll">{ rows(d) }</div> }
    };
    html! {
        <div class="describe-group">
            { head.finish() }
            { table }
            <details class="describe-raw">
                <summary>{ pick(l, "The tool's exact output (to copy)", "도구의 출력 그대로(복사용)") }</summary>
                <pre class="mono" data-testid="describe-stdout">{ format!("$ {}\n{}{}", d.command, d.out.stdout, d.out.stderr) }</pre>
            </details>
        </div>
    }
}

/// The table with the tool's header and its rows.
fn rows(d: &DescribeTable) -> Html {
    let mut out = Markup::default();
    out.open(
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
    out.close("tbody").close("table");
    out.finish()
}
