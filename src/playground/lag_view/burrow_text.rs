//! Burrow's verdict in the page's two languages. The engine explains each
//! rule in English with the numbers that decided it
//! (`engine::burrow::explain`); this says the same in Korean from the
//! verdict's own numbers, and names what each rule checks.

use crate::engine::burrow::{GroupStatus, GroupVerdict, PartitionStatus, PartitionVerdict, Rule};
use crate::i18n::Locale;

/// What the rule looks at, in a few words (the badge's subtitle).
pub fn rule_summary(l: Locale, rule: Rule) -> &'static str {
    let (en, ko) = match rule {
        Rule::NoCommits => ("no commit stored yet", "저장된 커밋 없음"),
        Rule::BelowMinimumComplete => (
            "window below minimum-complete",
            "윈도우가 minimum-complete 미만",
        ),
        Rule::CurrentLagZero => ("no lag now", "현재 랙 없음"),
        Rule::OffsetsStopped => (
            "no commit for longer than the window",
            "윈도우보다 오래 커밋 없음",
        ),
        Rule::OffsetsRewind => ("the committed offset went back", "커밋 오프셋이 뒤로 감"),
        Rule::LagZeroInWindow => (
            "caught up within the window",
            "윈도우 안에서 따라잡은 적 있음",
        ),
        Rule::OffsetsStalled => (
            "commits the same offset while lagging",
            "랙이 있는데 같은 오프셋만 커밋",
        ),
        Rule::LagNotDecreasing => (
            "lag never went down from commit to commit",
            "커밋마다 랙이 한 번도 줄지 않음",
        ),
        Rule::LagDecreasing => ("lag went down in the window", "윈도우 안에서 랙이 줄었음"),
    };
    crate::i18n::pick(l, en, ko)
}

/// Why the partition has its status, with its numbers.
pub fn partition_explanation(l: Locale, v: &PartitionVerdict) -> String {
    if l == Locale::En {
        return v.explanation.clone();
    }
    let status = v.status.name();
    let lag = v.current_lag;
    let (Some(first), Some(last)) = (v.start, v.end) else {
        return format!(
            "저장된 오프셋 커밋이 아직 없어 Burrow가 이 파티션을 판단할 수 없습니다: {status}."
        );
    };
    match v.rule {
        Rule::NoCommits => format!("저장된 오프셋 커밋이 아직 없어 Burrow가 이 파티션을 판단할 수 없습니다: {status}."),
        Rule::BelowMinimumComplete => format!(
            "윈도우가 {}%만 찼고 minimum-complete보다 적어 아직 판단하지 않습니다: {status}.",
            crate::engine::decimal::fixed(f64::from(v.complete) * 100.0, 0)
        ),
        Rule::CurrentLagZero => format!(
            "현재 랙이 {lag}입니다(마지막 커밋 {}). 랙이 없는 파티션은 문제가 아닙니다: {status}.",
            last.offset
        ),
        Rule::OffsetsStopped => format!(
            "마지막 커밋(오프셋 {})이 윈도우가 담은 시간보다 오래되었고 레코드 {lag}개가 기다립니다. 컨슈머가 커밋을 멈췄습니다: {status}.",
            last.offset
        ),
        Rule::OffsetsRewind => format!(
            "커밋된 오프셋이 이전보다 뒤로 갔고(지금 {}) 아직 그 자리로 돌아오지 못했습니다. 오프셋 리셋이나 오래된 커밋에서 다시 시작한 컨슈머입니다: {status}.",
            last.offset
        ),
        Rule::LagZeroInWindow => format!(
            "윈도우 안의 어떤 커밋은 랙이 0이었습니다. 컨슈머가 따라잡은 적이 있으므로 현재 랙 {lag}은 아직 경보가 아닙니다: {status}."
        ),
        Rule::OffsetsStalled => format!(
            "윈도우의 모든 커밋이 오프셋 {}에 머물러 있는데 랙은 {lag}입니다. 커밋은 하지만 전진하지 않습니다: {status}.",
            last.offset
        ),
        Rule::LagNotDecreasing => format!(
            "오프셋은 전진했지만({} → {}) 커밋에서 다음 커밋으로 랙이 한 번도 줄지 않았습니다({} → {}). 컨슈머가 프로듀서보다 느려 뒤처집니다: {status}.",
            first.offset, last.offset, first.lag, last.lag
        ),
        Rule::LagDecreasing => format!(
            "윈도우 안에서 랙이 줄어든 적이 있습니다(마지막 커밋 {}의 랙 {}). 컨슈머가 따라가고 있습니다: {status}.",
            last.offset, last.lag
        ),
    }
}

/// How the group's status follows from its partitions'.
pub fn group_explanation(l: Locale, v: &GroupVerdict) -> String {
    if l == Locale::En {
        return v.explanation.clone();
    }
    let flagged: Vec<String> = v
        .partitions
        .iter()
        .filter(|p| p.status != PartitionStatus::Ok)
        .map(|p| format!("{}-{}은(는) {}", p.topic, p.partition, p.status.name()))
        .collect();
    let flagged = flagged.join(", ");
    match v.status {
        GroupStatus::Ok if v.partitions.is_empty() => {
            "판단할 커밋이 있는 파티션이 없습니다: OK.".to_string()
        }
        GroupStatus::Ok => format!("파티션 {}개가 모두 OK입니다: OK.", v.partitions.len()),
        GroupStatus::Warn => {
            format!("{flagged}. 그룹은 가장 나쁜 파티션의 상태를 따릅니다: WARN.")
        }
        GroupStatus::Err => {
            format!("{flagged}. STOP, STALL, REWIND인 파티션이 있으면 그룹은 ERR입니다.")
        }
        GroupStatus::NotFound => {
            "Burrow가 이 그룹의 커밋을 본 적이 없거나 expire-group이 지나 잊었습니다: NOTFOUND."
                .to_string()
        }
    }
}
