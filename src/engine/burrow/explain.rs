//! One English sentence per verdict, with the numbers that decided it.

use super::{
    span, BurrowConfig, CommitSample, Finding, GroupStatus, PartitionStatus, PartitionVerdict,
};
use crate::engine::decimal::{fixed, short};
use crate::engine::types::TimeMs;

/// Everything a partition's explanation may quote.
pub(super) struct Facts<'a> {
    pub cfg: &'a BurrowConfig,
    pub now_ms: TimeMs,
    pub commits: &'a [CommitSample],
    pub broker_offsets: &'a [i64],
    pub current_lag: u64,
    pub complete: f32,
}

pub(super) fn partition(finding: Finding, f: &Facts) -> String {
    let (Some(first), Some(last)) = (f.commits.first(), f.commits.last()) else {
        return NO_COMMITS.to_string();
    };
    match finding {
        Finding::NoCommits => NO_COMMITS.to_string(),
        Finding::BelowMinimumComplete => format!(
            "Only {} of {} commits are stored (complete {}), below minimum-complete {}, \
             so Burrow does not judge this partition yet: OK.",
            f.commits.len(),
            f.cfg.intervals,
            fixed(f64::from(f.complete), 2),
            short(f64::from(f.cfg.minimum_complete), 3)
        ),
        Finding::CurrentLagZero => {
            let end = f
                .broker_offsets
                .last()
                .map_or_else(|| "unknown".to_string(), |e| e.to_string());
            let within = if f.cfg.allowed_lag == 0 {
                String::new()
            } else {
                format!(", within allowed-lag {}", f.cfg.allowed_lag)
            };
            format!(
                "The current lag is {} (log end offset {end}, last commit {}){within}, \
                 and a partition without lag is never in trouble: OK.",
                f.current_lag, last.offset
            )
        }
        Finding::Stopped => {
            let (t_first, t_last) = span(f.commits);
            format!(
                "The last commit (offset {}) was {} ago, longer than the {} the window spans, \
                 and none of the last {} log end offsets was at or below it: the consumer \
                 stopped committing while {} records wait: STOP.",
                last.offset,
                secs(f.now_ms.saturating_sub(t_last)),
                secs(t_last.saturating_sub(t_first)),
                f.broker_offsets.len(),
                f.current_lag
            )
        }
        Finding::Rewind { at } => format!(
            "Commit {} of {} went back from offset {} to {}, and no later commit has reached \
             {} again: the group's position was rewound (an offset reset, or a consumer \
             restarting from an old commit): REWIND.",
            at + 1,
            f.commits.len(),
            f.commits[at - 1].offset,
            f.commits[at].offset,
            f.commits[at - 1].offset
        ),
        Finding::LagZeroAt { at } => format!(
            "The commit of offset {} had lag {}: the consumer was caught up within the window, \
             so the current lag of {} is no alarm yet: OK.",
            f.commits[at].offset, f.commits[at].lag, f.current_lag
        ),
        Finding::Stalled => format!(
            "Every commit in the window ({}) is at offset {} while the lag is {}: the consumer \
             keeps committing but does not advance: STALL.",
            f.commits.len(),
            last.offset,
            f.current_lag
        ),
        Finding::LagNotDecreasing => format!(
            "The offsets advanced ({} to {}) but the lag never went down from one commit to the \
             next ({} to {}): the consumer is slower than the producers and falls behind: WARN.",
            first.offset, last.offset, first.lag, last.lag
        ),
        Finding::LagDecreasedAt { at } => format!(
            "The lag went down from {} to {} between the commits of offset {} and {}: the \
             consumer keeps up: OK.",
            f.commits[at - 1].lag,
            f.commits[at].lag,
            f.commits[at - 1].offset,
            f.commits[at].offset
        ),
    }
}

const NO_COMMITS: &str =
    "No offset commit is stored yet, so Burrow cannot judge this partition: OK.";

pub(super) fn group(status: GroupStatus, partitions: &[PartitionVerdict]) -> String {
    let flagged: Vec<String> = partitions
        .iter()
        .filter(|p| p.status != PartitionStatus::Ok)
        .map(|p| format!("{}-{} is {}", p.topic, p.partition, p.status.name()))
        .collect();
    match status {
        GroupStatus::Ok if partitions.is_empty() => {
            "No partition of the group has commits to judge: OK.".to_string()
        }
        GroupStatus::Ok => format!("All {} partitions are OK: OK.", partitions.len()),
        GroupStatus::Warn => format!(
            "{}; the group takes its worst partition's status: WARN.",
            flagged.join(", ")
        ),
        GroupStatus::Err => format!(
            "{}; a STOP, STALL or REWIND partition makes the group ERR.",
            flagged.join(", ")
        ),
        GroupStatus::NotFound => "Burrow does not know the group: NOTFOUND.".to_string(),
    }
}

pub(super) fn group_not_found(last_commit: Option<TimeMs>, cfg: &BurrowConfig) -> String {
    match last_commit {
        None => "Burrow has seen no offset commit from this group: NOTFOUND.".to_string(),
        Some(at) => format!(
            "The group's newest commit, at {}, is older than expire-group ({}), so Burrow \
             has forgotten the group: NOTFOUND.",
            secs(at),
            secs(cfg.expire_group_s.saturating_mul(1000))
        ),
    }
}

/// Simulated milliseconds as seconds: `12 s`, `1.5 s`.
fn secs(ms: u64) -> String {
    let (whole, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        format!("{whole} s")
    } else {
        let frac = format!("{frac:03}");
        format!("{whole}.{} s", frac.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::secs;

    #[test]
    fn seconds_drop_trailing_zeros() {
        assert_eq!(secs(0), "0 s");
        assert_eq!(secs(12_000), "12 s");
        assert_eq!(secs(1_500), "1.5 s");
        assert_eq!(secs(1_005), "1.005 s");
    }
}
