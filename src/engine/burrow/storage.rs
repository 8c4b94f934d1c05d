//! Burrow's storage side: the sliding windows the evaluator reads.
//!
//! Burrow's `inmemory` storage module (`core/internal/storage/inmemory.go`)
//! keeps, per topic partition, a ring of the last `intervals` broker end
//! offsets (one every `offset-refresh` seconds, `addBrokerOffset`) and, per
//! group and partition, a ring of the last `intervals` offset commits
//! (`addConsumerOffset`). Each commit records the lag at the moment Burrow
//! saw it, against the newest broker offset it knew then, never below zero.
//!
//! Burrow also inserts commits that arrive out of order by their
//! `__consumer_offsets` offset (and then stores no lag for them); a
//! simulation reads `__consumer_offsets` in order, so every commit here is
//! an append and every stored commit has a lag.

use serde::Serialize;

use super::BurrowConfig;
use crate::engine::types::TimeMs;

/// One stored offset commit (Burrow's `protocol.ConsumerOffset`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CommitSample {
    pub offset: i64,
    pub timestamp_ms: TimeMs,
    /// Broker end offset minus `offset` when Burrow stored the commit, or 0
    /// if its broker offset was behind (it is fetched only periodically).
    pub lag: u64,
}

/// What [`CommitWindow::push`] did with a commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitStored {
    /// A new slot (the oldest commit falls out once `intervals` are stored).
    Appended,
    /// Closer than `min-distance` to the previous commit: it replaced that
    /// commit's offset and lag but kept its timestamp
    /// (`mergeFrequentCommitIntoPrevious`), so frequent committers still
    /// open a new slot every `min-distance`.
    MergedIntoPrevious,
    /// Burrow has no broker offset for the partition yet and ignores the
    /// commit (`getBrokerOffset` "no broker offset").
    DroppedNoBrokerOffset,
}

/// The broker end offsets Burrow fetched for one partition, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BrokerOffsets {
    offsets: Vec<i64>,
}

impl BrokerOffsets {
    /// One periodic fetch of the partition's end offset (Burrow's cluster
    /// module does this every `offset-refresh` seconds).
    pub fn push(&mut self, cfg: &BurrowConfig, end_offset: i64) {
        push_bounded(&mut self.offsets, end_offset, cfg.intervals);
    }

    pub fn latest(&self) -> Option<i64> {
        self.offsets.last().copied()
    }

    pub fn as_slice(&self) -> &[i64] {
        &self.offsets
    }
}

/// One group's commits for one partition, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CommitWindow {
    samples: Vec<CommitSample>,
    /// Timestamp of the newest commit received, merged or not (Burrow's
    /// per-group `lastCommit`, which decides when a group expires).
    last_commit_ms: Option<TimeMs>,
}

impl CommitWindow {
    /// Stores a commit as Burrow's `addConsumerOffset` does, against the
    /// newest broker offset known for the partition.
    pub fn push(
        &mut self,
        cfg: &BurrowConfig,
        offset: i64,
        timestamp_ms: TimeMs,
        broker: &BrokerOffsets,
    ) -> CommitStored {
        let Some(end_offset) = broker.latest() else {
            return CommitStored::DroppedNoBrokerOffset;
        };
        self.last_commit_ms = Some(timestamp_ms);
        let lag = lag_between(end_offset, offset);
        let min_distance_ms = i128::from(cfg.min_distance_s) * 1000;
        if let Some(prev) = self.samples.last_mut() {
            if i128::from(timestamp_ms) - i128::from(prev.timestamp_ms) < min_distance_ms {
                prev.offset = offset;
                prev.lag = lag;
                return CommitStored::MergedIntoPrevious;
            }
        }
        let sample = CommitSample {
            offset,
            timestamp_ms,
            lag,
        };
        push_bounded(&mut self.samples, sample, cfg.intervals);
        CommitStored::Appended
    }

    pub fn samples(&self) -> &[CommitSample] {
        &self.samples
    }

    pub fn last_commit_ms(&self) -> Option<TimeMs> {
        self.last_commit_ms
    }
}

/// Lag as Burrow computes it: never negative, because its broker offset can
/// be older than the commit.
pub(super) fn lag_between(end_offset: i64, committed: i64) -> u64 {
    u64::try_from(i128::from(end_offset) - i128::from(committed)).unwrap_or(0)
}

/// A ring of `capacity` slots: the oldest value falls out.
fn push_bounded<T>(ring: &mut Vec<T>, value: T, capacity: usize) {
    ring.push(value);
    let excess = ring.len().saturating_sub(capacity);
    ring.drain(..excess);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(intervals: usize, min_distance_s: u64) -> BurrowConfig {
        BurrowConfig {
            intervals,
            min_distance_s,
            ..BurrowConfig::default()
        }
    }

    fn broker_at(cfg: &BurrowConfig, end_offset: i64) -> BrokerOffsets {
        let mut b = BrokerOffsets::default();
        b.push(cfg, end_offset);
        b
    }

    #[test]
    fn keeps_the_last_intervals_commits_with_their_lag() {
        let cfg = cfg(3, 0);
        let broker = broker_at(&cfg, 100);
        let mut w = CommitWindow::default();
        for (i, offset) in [10, 20, 30, 40].into_iter().enumerate() {
            let at = 1000 * (i as u64 + 1);
            assert_eq!(w.push(&cfg, offset, at, &broker), CommitStored::Appended);
        }
        // 10 fell out; lag = 100 - offset at the time of each commit.
        let want = [(20, 2000, 80), (30, 3000, 70), (40, 4000, 60)];
        let got: Vec<_> = w
            .samples()
            .iter()
            .map(|s| (s.offset, s.timestamp_ms, s.lag))
            .collect();
        assert_eq!(got, want);
        assert_eq!(w.last_commit_ms(), Some(4000));
    }

    #[test]
    fn lag_is_zero_when_the_broker_offset_is_behind_the_commit() {
        let cfg = cfg(10, 0);
        let broker = broker_at(&cfg, 50);
        let mut w = CommitWindow::default();
        w.push(&cfg, 60, 1000, &broker);
        assert_eq!(w.samples()[0].lag, 0);
        assert_eq!(lag_between(50, 60), 0);
        assert_eq!(lag_between(i64::MAX, i64::MIN), u64::MAX);
    }

    #[test]
    fn commits_closer_than_min_distance_merge_into_the_previous_slot() {
        // min-distance 1 s: commits at 0.0, 0.4 and 0.9 s share one slot that
        // keeps the first timestamp; 1.0 s is a full second after it.
        let cfg = cfg(10, 1);
        let broker = broker_at(&cfg, 100);
        let mut w = CommitWindow::default();
        assert_eq!(w.push(&cfg, 10, 0, &broker), CommitStored::Appended);
        assert_eq!(
            w.push(&cfg, 15, 400, &broker),
            CommitStored::MergedIntoPrevious
        );
        assert_eq!(
            w.push(&cfg, 18, 900, &broker),
            CommitStored::MergedIntoPrevious
        );
        assert_eq!(w.push(&cfg, 20, 1000, &broker), CommitStored::Appended);
        let got: Vec<_> = w
            .samples()
            .iter()
            .map(|s| (s.offset, s.timestamp_ms, s.lag))
            .collect();
        assert_eq!(got, [(18, 0, 82), (20, 1000, 80)]);
        // The group's last commit is the newest one received, merged or not.
        w.push(&cfg, 21, 1500, &broker);
        assert_eq!(w.last_commit_ms(), Some(1500));
        assert_eq!(w.samples()[1].timestamp_ms, 1000);
    }

    #[test]
    fn min_distance_zero_stores_every_commit() {
        let cfg = cfg(10, 0);
        let broker = broker_at(&cfg, 100);
        let mut w = CommitWindow::default();
        w.push(&cfg, 1, 5, &broker);
        assert_eq!(w.push(&cfg, 2, 5, &broker), CommitStored::Appended);
        assert_eq!(w.samples().len(), 2);
    }

    #[test]
    fn commits_before_any_broker_offset_are_dropped() {
        let cfg = cfg(10, 0);
        let mut w = CommitWindow::default();
        let none = BrokerOffsets::default();
        assert_eq!(
            w.push(&cfg, 5, 1000, &none),
            CommitStored::DroppedNoBrokerOffset
        );
        assert!(w.samples().is_empty());
        assert_eq!(w.last_commit_ms(), None);
    }

    #[test]
    fn broker_offsets_keep_the_last_intervals_fetches() {
        let cfg = cfg(2, 0);
        let mut b = BrokerOffsets::default();
        assert_eq!(b.latest(), None);
        for leo in [5, 7, 9] {
            b.push(&cfg, leo);
        }
        assert_eq!(b.as_slice(), [7, 9]);
        assert_eq!(b.latest(), Some(9));
    }

    #[test]
    fn zero_intervals_stores_nothing_and_does_not_panic() {
        let cfg = cfg(0, 0);
        let mut b = BrokerOffsets::default();
        b.push(&cfg, 5);
        assert!(b.as_slice().is_empty());
        let mut w = CommitWindow::default();
        let broker = broker_at(&BurrowConfig::default(), 5);
        assert_eq!(w.push(&cfg, 1, 1, &broker), CommitStored::Appended);
        assert!(w.samples().is_empty());
    }
}
