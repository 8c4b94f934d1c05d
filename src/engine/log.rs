//! A replica's log on disk: records, log end offset (LEO), high watermark
//! (HW) and the leader-epoch cache (KIP-101). Survives a broker crash; only
//! the replica's role and in-memory state do not.
//!
//! Offsets start at 0; LEO is the offset the next record will get; records
//! below the HW are committed. The epoch cache is a list of
//! `(epoch, start offset)`: the first offset each leader epoch wrote.

use serde::Serialize;

use super::chunked::Chunked;
use super::types::Record;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Log {
    pub records: Chunked<Record>,
    pub hw: i64,
    pub epoch_cache: Vec<(i32, i64)>,
}

/// What `end_offset_for_epoch` answers (OffsetsForLeaderEpoch semantics).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EpochEndOffset {
    pub epoch: i32,
    pub end_offset: i64,
}

impl Log {
    pub fn leo(&self) -> i64 {
        self.records.last().map_or(0, |r| r.offset + 1)
    }

    pub fn latest_epoch(&self) -> Option<i32> {
        self.epoch_cache.last().map(|(e, _)| *e)
    }

    /// Records a new leader epoch starting at the current LEO (a new leader
    /// does this on election; a follower when it appends a batch of a newer
    /// epoch). Entries at or after that offset are stale and are replaced.
    pub fn assign_epoch_start(&mut self, epoch: i32, start_offset: i64) {
        if let Some(&(last, _)) = self.epoch_cache.last() {
            if last >= epoch {
                return;
            }
        }
        self.epoch_cache.retain(|&(_, s)| s < start_offset);
        self.epoch_cache.push((epoch, start_offset));
    }

    /// Appends records (offsets already set), keeping the epoch cache in step.
    pub fn append(&mut self, records: impl IntoIterator<Item = Record>) {
        for r in records {
            debug_assert_eq!(r.offset, self.leo());
            self.assign_epoch_start(r.leader_epoch, r.offset);
            self.records.push(r);
        }
    }

    /// The log's size in bytes (Kafka's `UnifiedLog.size`): batches as the
    /// producer sent them, compressed or not.
    pub fn size_bytes(&self) -> i64 {
        self.records.iter().map(|r| i64::from(r.wire_bytes)).sum()
    }

    pub fn record_at(&self, offset: i64) -> Option<&Record> {
        if offset < 0 {
            return None;
        }
        // Offsets are dense from the first record (no retention yet).
        let first = self.records.first()?.offset;
        self.records.get((offset - first) as usize)
    }

    /// Removes every record at or above `offset`; returns what was removed.
    /// The HW never exceeds the LEO afterwards.
    pub fn truncate_to(&mut self, offset: i64) -> Vec<Record> {
        let first = self.records.first().map_or(0, |r| r.offset);
        let keep = (offset - first).clamp(0, self.records.len() as i64) as usize;
        let removed = self.records.split_off(keep);
        let leo = self.leo();
        self.epoch_cache.retain(|&(_, s)| s < leo);
        self.hw = self.hw.min(leo);
        removed
    }

    /// The leader's answer to "where does epoch `epoch` end in your log?"
    /// (`LeaderEpochFileCache.endOffsetFor`): the largest epoch ≤ the asked
    /// one, and the start offset of the next epoch (or the LEO if it is the
    /// latest). Unknown (older than everything): epoch -1, offset -1.
    pub fn end_offset_for_epoch(&self, epoch: i32) -> EpochEndOffset {
        let idx = self.epoch_cache.iter().rposition(|&(e, _)| e <= epoch);
        match idx {
            None => EpochEndOffset {
                epoch: -1,
                end_offset: -1,
            },
            Some(i) => EpochEndOffset {
                epoch: self.epoch_cache[i].0,
                end_offset: self
                    .epoch_cache
                    .get(i + 1)
                    .map_or_else(|| self.leo(), |&(_, start)| start),
            },
        }
    }

    /// Where a follower must truncate given the leader's diverging-epoch
    /// answer (`AbstractFetcherThread.getOffsetTruncationState`). Returns the
    /// truncation offset and whether another round is needed (KIP-279: the
    /// follower lacks the leader's epoch, so it truncates to its own end of
    /// an older epoch and asks again).
    pub fn truncation_for(&self, leader: EpochEndOffset) -> (i64, bool) {
        if leader.epoch < 0 {
            // The leader knows nothing this old: keep nothing we cannot prove.
            return (self.leo().min(leader.end_offset.max(0)), false);
        }
        let mine = self.end_offset_for_epoch(leader.epoch);
        if mine.epoch == leader.epoch {
            (
                mine.end_offset.min(leader.end_offset).min(self.leo()),
                false,
            )
        } else {
            // We never saw the leader's epoch: cut back to the end of the
            // largest epoch we have below it and ask again.
            let older = self.end_offset_for_epoch(leader.epoch - 1);
            let to = if older.epoch < 0 {
                0
            } else {
                older.end_offset.min(self.leo())
            };
            (to, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::engine::types::RecordId;

    fn rec(offset: i64, epoch: i32) -> Record {
        Record {
            offset,
            id: RecordId(offset as u64),
            key: None,
            value: Rc::from("v"),
            timestamp_ms: 0,
            leader_epoch: epoch,
            producer_id: -1,
            producer_epoch: -1,
            sequence: -1,
            wire_bytes: 83,
            transactional: false,
            control: None,
        }
    }

    fn log_of(epochs: &[i32]) -> Log {
        let mut log = Log::default();
        log.append(epochs.iter().enumerate().map(|(o, &e)| rec(o as i64, e)));
        log
    }

    #[test]
    fn epoch_cache_tracks_first_offset_of_each_epoch() {
        let log = log_of(&[0, 0, 2, 2, 2, 4]);
        assert_eq!(log.epoch_cache, vec![(0, 0), (2, 2), (4, 5)]);
        assert_eq!(log.leo(), 6);
    }

    /// KIP-101 scenario 2's leader (broker 100): cache [(0,0),(2,1),(4,4)].
    #[test]
    fn end_offset_for_epoch_answers_like_kafka() {
        let log = log_of(&[0, 2, 2, 2, 4, 4]);
        let ask = |e| log.end_offset_for_epoch(e);
        assert_eq!(
            ask(3),
            EpochEndOffset {
                epoch: 2,
                end_offset: 4
            }
        );
        assert_eq!(
            ask(1),
            EpochEndOffset {
                epoch: 0,
                end_offset: 1
            }
        );
        assert_eq!(
            ask(4),
            EpochEndOffset {
                epoch: 4,
                end_offset: 6
            }
        );
        assert_eq!(
            ask(9),
            EpochEndOffset {
                epoch: 4,
                end_offset: 6
            }
        );
    }

    /// KIP-279: the follower (cache [(0,0),(1,1),(3,2)]) needs two rounds.
    #[test]
    fn follower_truncation_takes_two_rounds_when_it_lacks_the_leader_epoch() {
        let leader = log_of(&[0, 2, 2, 2, 4, 4]);
        let mut follower = log_of(&[0, 1, 3]);
        let ask1 = leader.end_offset_for_epoch(follower.latest_epoch().unwrap());
        let (to, again) = follower.truncation_for(ask1);
        assert_eq!((to, again), (2, true));
        follower.truncate_to(to);
        let ask2 = leader.end_offset_for_epoch(follower.latest_epoch().unwrap());
        assert_eq!(
            ask2,
            EpochEndOffset {
                epoch: 0,
                end_offset: 1
            }
        );
        let (to, again) = follower.truncation_for(ask2);
        assert_eq!((to, again), (1, false));
        follower.truncate_to(to);
        assert_eq!(follower.leo(), 1);
        assert_eq!(follower.epoch_cache, vec![(0, 0)]);
    }

    #[test]
    fn truncation_lowers_hw_and_returns_removed_records() {
        let mut log = log_of(&[0, 0, 0]);
        log.hw = 3;
        let removed = log.truncate_to(1);
        assert_eq!(removed.len(), 2);
        assert_eq!((log.leo(), log.hw), (1, 1));
        assert!(log.record_at(1).is_none());
        assert_eq!(log.record_at(0).unwrap().offset, 0);
    }
}
