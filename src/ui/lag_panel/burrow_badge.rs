//! Burrow's verdict: the group's status as a badge with how it follows
//! from its partitions, and each partition's status with the rule that
//! fired and why (Burrow's evaluator, `BurrowConfig::default()`).

use crate::engine::burrow::{GroupVerdict, PartitionVerdict};
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::{group_explanation, partition_explanation, rule_summary};
use crate::ui::markup::Markup;

/// `OK`, `WARN` … in a badge whose class is the status (colour plus text).
fn badge(out: &mut Markup, status: &'static str) {
    let attrs = format!(
        r#"class="burrow-badge burrow-{}" data-status="{status}""#,
        status.to_ascii_lowercase()
    );
    out.open("span", &attrs).text(status).close("span");
}

pub fn group_badge(out: &mut Markup, l: Locale, v: &GroupVerdict) {
    out.open("div", r#"class="burrow-group" data-testid="burrow-group""#)
        .el("span", "burrow-label", pick(l, "Burrow", "Burrow 판정"));
    badge(out, v.status.name());
    out.el("span", "burrow-why small", &group_explanation(l, v))
        .el("span", "burrow-note small", pick(l,
            "Burrow judges the last 10 commits against log end offsets it fetches every 10 s (offset-refresh), so its lag can be older than the tool's.",
            "Burrow는 최근 커밋 10개를 10초마다(offset-refresh) 가져오는 로그 끝 오프셋과 비교하므로, 그 랙은 도구의 랙보다 오래된 값일 수 있습니다."))
        .close("div");
}

pub fn partition_verdict(out: &mut Markup, l: Locale, p: &PartitionVerdict) {
    let rule = p.rule.name();
    out.open(
        "span",
        &format!(r#"class="burrow-partition" data-rule="{rule}""#),
    );
    badge(out, p.status.name());
    out.el("code", "rule", rule)
        .el("span", "small", &format!(" — {}", rule_summary(l, p.rule)))
        .el("span", "burrow-explain small", &partition_explanation(l, p))
        .close("span");
}
