//! `kafka-consumer-groups.sh --describe --group G` as a table with the
//! tool's own columns and cells, and the literal output to copy.

use yew::prelude::*;

use crate::engine::group_describe::OFFSETS_HEADER;
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::DescribeTable;

/// The LAG column, highlighted.
const LAG: usize = 5;

pub fn describe_table(l: Locale, d: &DescribeTable) -> Html {
    let header = OFFSETS_HEADER
        .iter()
        .map(|h| html! { <th scope="col">{ *h }</th> });
    let rows = d.rows.iter().map(|r| {
        html! { <tr>{ for r.iter().enumerate().map(|(i, c)| html! { <td class={(i == LAG).then_some("lag-cell")}>{ c.clone() }</td> }) }</tr> }
    });
    // The tool's notes (rebalancing, no active members) go to stderr.
    let note = d.out.stderr.trim();
    html! {
        <div class="describe-group">
            <h4 class="mono small">{ format!("$ {}", d.command) }</h4>
            if !note.is_empty() {
                <p class="describe-note mono small">{ note.lines().next().unwrap_or_default().to_string() }</p>
            }
            if d.rows.is_empty() {
                <p class="empty small">{ pick(l, "The tool prints no offsets row now.", "지금 도구가 출력하는 오프셋 행이 없습니다.") }</p>
            } else {
                <div class="table-scroll">
                    <table class="describe-table" data-testid="describe-table">
                        <thead><tr>{ for header }</tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
            <details class="describe-raw">
                <summary>{ pick(l, "The tool's exact output (to copy)", "도구의 출력 그대로(복사용)") }</summary>
                <pre class="mono" data-testid="describe-stdout">{ format!("$ {}\n{}{}", d.command, d.out.stdout, d.out.stderr) }</pre>
            </details>
        </div>
    }
}
