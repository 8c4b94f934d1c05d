//! Burrow's verdict: the group's status as a badge with how it follows
//! from its partitions, and each partition's status with the rule that
//! fired and why (Burrow's evaluator, `BurrowConfig::default()`).

use yew::prelude::*;

use crate::engine::burrow::{GroupVerdict, PartitionVerdict};
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::{group_explanation, partition_explanation, rule_summary};

/// `OK`, `WARN` … in a badge whose class is the status (colour plus text).
fn badge(status: &'static str) -> Html {
    html! { <span class={classes!("burrow-badge", format!("burrow-{}", status.to_ascii_lowercase()))} data-status={status}>{ status }</span> }
}

pub fn group_badge(l: Locale, v: &GroupVerdict) -> Html {
    html! {
        <div class="burrow-group" data-testid="burrow-group">
            <span class="burrow-label">{ pick(l, "Burrow", "Burrow 판정") }</span>
            { badge(v.status.name()) }
            <span class="burrow-why small">{ group_explanation(l, v) }</span>
            <span class="burrow-note small">{ pick(l,
                "Burrow judges the last 10 commits against log end offsets it fetches every 10 s (offset-refresh), so its lag can be older than the tool's.",
                "Burrow는 최근 커밋 10개를 10초마다(offset-refresh) 가져오는 로그 끝 오프셋과 비교하므로, 그 랙은 도구의 랙보다 오래된 값일 수 있습니다.") }</span>
        </div>
    }
}

pub fn partition_verdict(l: Locale, p: &PartitionVerdict) -> Html {
    html! {
        <span class="burrow-partition" data-rule={p.rule.name()}>
            { badge(p.status.name()) }
            <code class="rule">{ p.rule.name() }</code>
            <span class="small">{ format!(" — {}", rule_summary(l, p.rule)) }</span>
            <span class="burrow-explain small">{ partition_explanation(l, p) }</span>
        </span>
    }
}
