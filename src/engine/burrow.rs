//! LinkedIn Burrow's consumer-lag evaluation, rule for rule.
//!
//! Burrow judges a group without a lag threshold: it looks at how the last
//! `intervals` offset commits of each partition moved ([`CommitWindow`],
//! fed as Burrow's storage module feeds it) and names a status. The rules, their order and the group roll-up follow
//! Burrow's `core/internal/evaluator/caching.go` (`calculatePartitionStatus`
//! and the checks it calls, as on Burrow's master branch: the stop check
//! first (#292), a rewind counts only until the consumer is back where it was
//! (#716), `allowed-lag`), the status names `core/protocol/evaluator.go`
//! (`StatusConstant`), and the wiki page "Consumer Lag Evaluation Rules".
//!
//! Burrow reads the wall clock in whole seconds (`time.Now().Unix()`), so the
//! simulated `now` is truncated to a second before the stop check.

mod explain;
mod storage;

use serde::Serialize;

pub use storage::{BrokerOffsets, CommitSample, CommitStored, CommitWindow};

use super::config::ConfigError;
use super::types::TimeMs;

/// Burrow's defaults: storage `intervals` 10, `min-distance` 0,
/// `expire-group` 604800 s; evaluator `minimum-complete` 0, `allowed-lag` 0;
/// cluster `offset-refresh` 10 s. (Burrow's sample `burrow.toml` sets
/// `intervals=15` and `min-distance=1`; the code defaults are the ones here.)
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BurrowConfig {
    /// Commits (and broker offsets) kept per partition: the window length.
    pub intervals: usize,
    /// Commits closer together than this merge into one slot.
    pub min_distance_s: u64,
    /// A group whose newest commit is older than this is forgotten.
    pub expire_group_s: u64,
    /// How often the broker end offsets are fetched (for the caller to
    /// schedule [`BrokerOffsets::push`]).
    pub offset_refresh_s: u64,
    /// A partition whose window is less full than this (0.0–1.0) is OK.
    pub minimum_complete: f32,
    /// Lag up to this counts as "no lag".
    pub allowed_lag: u64,
}

impl Default for BurrowConfig {
    fn default() -> Self {
        BurrowConfig {
            intervals: 10,
            min_distance_s: 0,
            expire_group_s: 604_800,
            offset_refresh_s: 10,
            minimum_complete: 0.0,
            allowed_lag: 0,
        }
    }
}

impl BurrowConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.intervals == 0 {
            return Err(ConfigError::new("intervals", "must be at least 1"));
        }
        if self.offset_refresh_s == 0 {
            return Err(ConfigError::new("offset-refresh", "must be at least 1"));
        }
        if !(0.0..=1.0).contains(&self.minimum_complete) {
            return Err(ConfigError::new(
                "minimum-complete",
                "must be between 0.0 and 1.0",
            ));
        }
        Ok(())
    }
}

/// A partition's status: Burrow's `StatusConstant` values used for
/// partitions, in its order of severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PartitionStatus {
    #[serde(rename = "OK")]
    Ok,
    /// Making progress but falling further behind.
    #[serde(rename = "WARN")]
    Warn,
    /// Lag, and no commit for longer than the window spans.
    #[serde(rename = "STOP")]
    Stop,
    /// Lag, and committing the same offset over and over.
    #[serde(rename = "STALL")]
    Stall,
    /// Committed an offset lower than before and has not caught up with it.
    #[serde(rename = "REWIND")]
    Rewind,
}

impl PartitionStatus {
    /// The name Burrow's HTTP API gives it (`StatusConstant.String()`).
    pub fn name(self) -> &'static str {
        match self {
            PartitionStatus::Ok => "OK",
            PartitionStatus::Warn => "WARN",
            PartitionStatus::Stop => "STOP",
            PartitionStatus::Stall => "STALL",
            PartitionStatus::Rewind => "REWIND",
        }
    }
}

/// A group's status: Burrow's `StatusConstant` values used for groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum GroupStatus {
    /// Burrow knows no (unexpired) commits of the group.
    #[serde(rename = "NOTFOUND")]
    NotFound,
    #[serde(rename = "OK")]
    Ok,
    /// Some partition is WARN, none worse.
    #[serde(rename = "WARN")]
    Warn,
    /// Some partition is STOP, STALL or REWIND.
    #[serde(rename = "ERR")]
    Err,
}

impl GroupStatus {
    /// The name Burrow's HTTP API gives it (`StatusConstant.String()`).
    pub fn name(self) -> &'static str {
        match self {
            GroupStatus::NotFound => "NOTFOUND",
            GroupStatus::Ok => "OK",
            GroupStatus::Warn => "WARN",
            GroupStatus::Err => "ERR",
        }
    }
}

/// Which step of `calculatePartitionStatus` decided the status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// No commit stored: nothing to judge (OK).
    NoCommits,
    /// The window is below `minimum-complete` (OK).
    BelowMinimumComplete,
    /// Current lag is within `allowed-lag`: never an error (OK).
    CurrentLagZero,
    /// Rule 3, `checkIfOffsetsStopped` with no recent zero lag (STOP).
    OffsetsStopped,
    /// Rule 2, `checkIfOffsetsRewind` without `checkIfRewindRecovered` (REWIND).
    OffsetsRewind,
    /// Rule 1, `isLagAlwaysNotZero` false: some commit had no lag (OK).
    LagZeroInWindow,
    /// Rule 4, `checkIfOffsetsStalled` (STALL).
    OffsetsStalled,
    /// Rule 5, `checkIfLagNotDecreasing` (WARN).
    LagNotDecreasing,
    /// No rule fired: the lag went down somewhere in the window (OK).
    LagDecreasing,
}

impl Rule {
    /// The rule's name as the serialized verdict spells it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::NoCommits => "no_commits",
            Rule::BelowMinimumComplete => "below_minimum_complete",
            Rule::CurrentLagZero => "current_lag_zero",
            Rule::OffsetsStopped => "offsets_stopped",
            Rule::OffsetsRewind => "offsets_rewind",
            Rule::LagZeroInWindow => "lag_zero_in_window",
            Rule::OffsetsStalled => "offsets_stalled",
            Rule::LagNotDecreasing => "lag_not_decreasing",
            Rule::LagDecreasing => "lag_decreasing",
        }
    }

    pub fn status(self) -> PartitionStatus {
        match self {
            Rule::OffsetsStopped => PartitionStatus::Stop,
            Rule::OffsetsRewind => PartitionStatus::Rewind,
            Rule::OffsetsStalled => PartitionStatus::Stall,
            Rule::LagNotDecreasing => PartitionStatus::Warn,
            Rule::NoCommits
            | Rule::BelowMinimumComplete
            | Rule::CurrentLagZero
            | Rule::LagZeroInWindow
            | Rule::LagDecreasing => PartitionStatus::Ok,
        }
    }
}

/// What the caller knows about one partition the group commits for.
#[derive(Clone, Copy, Debug)]
pub struct PartitionWindow<'a> {
    pub topic: &'a str,
    pub partition: u32,
    /// The consumer host that owns the partition, "" if none.
    pub owner: &'a str,
    pub client_id: &'a str,
    pub commits: &'a CommitWindow,
    pub broker_offsets: &'a BrokerOffsets,
}

/// Burrow's `PartitionStatus` plus the rule that fired, for learners.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartitionVerdict {
    pub topic: String,
    pub partition: u32,
    pub owner: String,
    pub client_id: String,
    pub status: PartitionStatus,
    /// Oldest and newest stored commit.
    pub start: Option<CommitSample>,
    pub end: Option<CommitSample>,
    /// Newest broker offset minus the newest commit, never below zero.
    pub current_lag: u64,
    /// Share of the window filled: stored commits / `intervals`, at most 1.
    pub complete: f32,
    pub rule: Rule,
    /// The rule in one English sentence, with this partition's numbers.
    pub explanation: String,
}

/// Burrow's `ConsumerGroupStatus` (every partition, as with `showall`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupVerdict {
    pub status: GroupStatus,
    /// Share of partitions whose window is full.
    pub complete: f32,
    pub partitions: Vec<PartitionVerdict>,
    pub partition_count: usize,
    /// The first partition with the largest current lag.
    pub maxlag: Option<PartitionVerdict>,
    pub total_lag: u64,
    pub explanation: String,
}

/// Evaluates one group as Burrow's `evaluateConsumerStatus` does, with the
/// partitions in the order given.
///
/// When this returns NOTFOUND because the newest commit is older than
/// `expire-group`, Burrow has deleted the group: the caller should drop its
/// [`CommitWindow`]s for it, so that a later commit starts a fresh window.
pub fn evaluate(
    cfg: &BurrowConfig,
    now_ms: TimeMs,
    partitions: &[PartitionWindow],
) -> GroupVerdict {
    let now_ms = now_ms / 1000 * 1000;
    let last_commit = partitions
        .iter()
        .filter_map(|p| p.commits.last_commit_ms())
        .max();
    let expired = last_commit.is_none_or(|at| {
        i128::from(now_ms) - i128::from(cfg.expire_group_s) * 1000 > i128::from(at)
    });
    if expired {
        return GroupVerdict {
            status: GroupStatus::NotFound,
            complete: 1.0,
            partitions: Vec::new(),
            partition_count: 0,
            maxlag: None,
            total_lag: 0,
            explanation: explain::group_not_found(last_commit, cfg),
        };
    }
    let verdicts: Vec<PartitionVerdict> = partitions
        .iter()
        .map(|p| evaluate_partition(cfg, now_ms, p))
        .collect();
    let status = verdicts
        .iter()
        .map(|v| group_status_of(v.status))
        .max()
        .unwrap_or(GroupStatus::Ok);
    let maxlag = verdicts
        .iter()
        .fold(None::<&PartitionVerdict>, |best, v| match best {
            Some(b) if v.current_lag <= b.current_lag => Some(b),
            _ => Some(v),
        })
        .cloned();
    let full = verdicts.iter().filter(|v| v.complete == 1.0).count();
    let complete = if verdicts.is_empty() {
        0.0
    } else {
        full as f32 / verdicts.len() as f32
    };
    GroupVerdict {
        status,
        complete,
        explanation: explain::group(status, &verdicts),
        partition_count: verdicts.len(),
        total_lag: verdicts.iter().map(|v| v.current_lag).sum(),
        maxlag,
        partitions: verdicts,
    }
}

/// A partition's share of the group status: WARN stays WARN, every error
/// status makes the group ERR.
fn group_status_of(status: PartitionStatus) -> GroupStatus {
    match status {
        PartitionStatus::Ok => GroupStatus::Ok,
        PartitionStatus::Warn => GroupStatus::Warn,
        PartitionStatus::Stop | PartitionStatus::Stall | PartitionStatus::Rewind => {
            GroupStatus::Err
        }
    }
}

fn evaluate_partition(cfg: &BurrowConfig, now_ms: TimeMs, p: &PartitionWindow) -> PartitionVerdict {
    let commits = p.commits.samples();
    let current_lag = match (p.broker_offsets.latest(), commits.last()) {
        (Some(end_offset), Some(last)) => storage::lag_between(end_offset, last.offset),
        _ => 0,
    };
    let complete = if commits.is_empty() {
        0.0
    } else if commits.len() < cfg.intervals {
        commits.len() as f32 / cfg.intervals as f32
    } else {
        1.0
    };
    let finding = if commits.is_empty() {
        Finding::NoCommits
    } else if complete < cfg.minimum_complete {
        Finding::BelowMinimumComplete
    } else {
        calculate(
            commits,
            p.broker_offsets.as_slice(),
            current_lag,
            now_ms,
            cfg.allowed_lag,
        )
    };
    let facts = explain::Facts {
        cfg,
        now_ms,
        commits,
        broker_offsets: p.broker_offsets.as_slice(),
        current_lag,
        complete,
    };
    let rule = finding.rule();
    PartitionVerdict {
        topic: p.topic.to_string(),
        partition: p.partition,
        owner: p.owner.to_string(),
        client_id: p.client_id.to_string(),
        status: rule.status(),
        start: commits.first().copied(),
        end: commits.last().copied(),
        current_lag,
        complete,
        rule,
        explanation: explain::partition(finding, &facts),
    }
}

/// A fired rule with the index of the commit that decided it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Finding {
    NoCommits,
    BelowMinimumComplete,
    CurrentLagZero,
    Stopped,
    /// `commits[at]` is lower than `commits[at - 1]`.
    Rewind {
        at: usize,
    },
    /// `commits[at]` had no (allowed) lag.
    LagZeroAt {
        at: usize,
    },
    Stalled,
    LagNotDecreasing,
    /// The lag went down from `commits[at - 1]` to `commits[at]`.
    LagDecreasedAt {
        at: usize,
    },
}

impl Finding {
    fn rule(self) -> Rule {
        match self {
            Finding::NoCommits => Rule::NoCommits,
            Finding::BelowMinimumComplete => Rule::BelowMinimumComplete,
            Finding::CurrentLagZero => Rule::CurrentLagZero,
            Finding::Stopped => Rule::OffsetsStopped,
            Finding::Rewind { .. } => Rule::OffsetsRewind,
            Finding::LagZeroAt { .. } => Rule::LagZeroInWindow,
            Finding::Stalled => Rule::OffsetsStalled,
            Finding::LagNotDecreasing => Rule::LagNotDecreasing,
            Finding::LagDecreasedAt { .. } => Rule::LagDecreasing,
        }
    }
}

/// `calculatePartitionStatus`: the checks in Burrow's order of severity.
/// `commits` is not empty.
fn calculate(
    commits: &[CommitSample],
    broker_offsets: &[i64],
    current_lag: u64,
    now_ms: TimeMs,
    allowed_lag: u64,
) -> Finding {
    if current_lag <= allowed_lag {
        return Finding::CurrentLagZero;
    }
    // Stopped even if the lag was zero earlier in the window, which may be
    // old; but not while a recent broker offset shows the consumer was
    // caught up (it may not have seen the new data yet).
    if offsets_stopped(commits, now_ms) && !recent_lag_zero(commits, broker_offsets) {
        return Finding::Stopped;
    }
    // Before the zero-lag rule: a consumer reset to earliest after having
    // no lag would otherwise look fine.
    if let Some(at) = rewind_index(commits) {
        if !rewind_recovered(commits, at) {
            return Finding::Rewind { at };
        }
    }
    if let Some(at) = first_lag_within(commits, allowed_lag) {
        return Finding::LagZeroAt { at };
    }
    if offsets_stalled(commits) {
        return Finding::Stalled;
    }
    match first_lag_decrease(commits) {
        None => Finding::LagNotDecreasing,
        Some(at) => Finding::LagDecreasedAt { at },
    }
}

/// Rule 1, `isLagAlwaysNotZero` (false when this finds a commit): the
/// first commit with no (allowed) lag.
fn first_lag_within(commits: &[CommitSample], allowed_lag: u64) -> Option<usize> {
    commits.iter().position(|c| c.lag <= allowed_lag)
}

/// Rule 2, `checkIfOffsetsRewind`: the first commit lower than the one
/// before it.
fn rewind_index(commits: &[CommitSample]) -> Option<usize> {
    (1..commits.len()).find(|&i| commits[i].offset < commits[i - 1].offset)
}

/// Rule 2, `checkIfRewindRecovered`: a commit from the rewind on reached the
/// offset committed just before it.
fn rewind_recovered(commits: &[CommitSample], rewind: usize) -> bool {
    let before = commits[rewind - 1].offset;
    commits[rewind..].iter().any(|c| c.offset >= before)
}

/// Rule 3, `checkIfOffsetsStopped`: the time since the last commit is longer
/// than the time the window spans.
fn offsets_stopped(commits: &[CommitSample], now_ms: TimeMs) -> bool {
    let (first, last) = span(commits);
    i128::from(now_ms) - i128::from(last) > i128::from(last) - i128::from(first)
}

/// Rule 4, `checkIfOffsetsStalled`: every commit is at the same offset.
fn offsets_stalled(commits: &[CommitSample]) -> bool {
    commits.windows(2).all(|w| w[1].offset == w[0].offset)
}

/// Rule 5, `checkIfLagNotDecreasing` (true when this finds nothing): the
/// first commit whose lag is lower than the previous commit's.
fn first_lag_decrease(commits: &[CommitSample]) -> Option<usize> {
    (1..commits.len()).find(|&i| commits[i].lag < commits[i - 1].lag)
}

/// `checkIfRecentLagZero`: some recent broker end offset was at or below
/// the last committed offset, i.e. the consumer was caught up then.
fn recent_lag_zero(commits: &[CommitSample], broker_offsets: &[i64]) -> bool {
    let last = commits[commits.len() - 1].offset;
    broker_offsets.iter().any(|&end| end <= last)
}

/// Timestamps of the first and last commit (`commits` is not empty).
fn span(commits: &[CommitSample]) -> (TimeMs, TimeMs) {
    (
        commits[0].timestamp_ms,
        commits[commits.len() - 1].timestamp_ms,
    )
}

#[cfg(test)]
mod tests;
