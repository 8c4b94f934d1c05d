//! The leader's memory of idempotent and transactional producers (Kafka's
//! `ProducerStateManager`). For each producer id: its current epoch, the
//! sequence ranges of its last five batches and where they landed, the epoch
//! of the coordinator that last wrote a marker for it, and the first offset
//! of its open transaction. A retried batch whose sequences are already
//! there is a duplicate — answered with the original offset, not appended
//! again; a batch that skips a sequence is refused with
//! OUT_OF_ORDER_SEQUENCE_NUMBER so the producer resends in order; a batch
//! or marker with an older epoch is refused (a fenced zombie, KIP-98).
//!
//! The partition-level transaction state lives here too: the open
//! transactions (which hold the last stable offset back), the completed ones
//! whose marker is not yet below the high watermark (`unreplicatedTxns`,
//! which still hold it back), and the aborted-transaction index (Kafka
//! keeps it beside each log segment as a `.txnindex` file) that
//! read_committed fetches carry.
//!
//! Everything is rebuilt from the log (every record carries its producer id,
//! epoch and sequence, markers are records too), which is why it survives a
//! change of leader.

use std::collections::VecDeque;

use super::log::Log;
use super::protocol::{AbortedTransaction, KafkaError};
use super::types::{ControlMarker, ControlRecordType, Record};
use crate::engine::vec_map::VecMap;

/// Kafka keeps this many batches per producer (`NUM_BATCHES_TO_RETAIN`).
const BATCHES_KEPT: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    first_seq: i32,
    last_seq: i32,
    first_offset: i64,
}

/// `ProducerStateEntry`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Entry {
    epoch: i16,
    ranges: VecDeque<Range>,
    /// -1 until a marker was written for this producer.
    coordinator_epoch: i32,
    current_txn_first_offset: Option<i64>,
}

impl Entry {
    /// `maybeUpdateProducerEpoch`: a new epoch forgets the old batches.
    fn set_epoch(&mut self, epoch: i16) {
        if self.epoch != epoch {
            self.epoch = epoch;
            self.ranges.clear();
        }
    }
}

/// What the leader does with an idempotent batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Append,
    /// Already in the log from `first_offset` to `last_offset`.
    Duplicate {
        first_offset: i64,
        last_offset: i64,
    },
    /// The next sequence the leader expects from this producer.
    OutOfOrder {
        expected: i32,
    },
    /// The batch's epoch is older than the producer's current one
    /// (INVALID_PRODUCER_EPOCH).
    OldEpoch {
        current: i16,
    },
}

/// A transaction's span in this partition: from its first record to its
/// marker (`AbortedTxn` / `CompletedTxn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxnSpan {
    pub producer_id: i64,
    pub first_offset: i64,
    pub last_offset: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerStates {
    producers: VecMap<i64, Entry>,
    /// Completed transactions whose marker may still be at or above the HW.
    unreplicated: Vec<TxnSpan>,
    aborted: Vec<TxnSpan>,
    /// Whether this partition ever held transactional data.
    transactional: bool,
}

impl ProducerStates {
    pub fn from_log(log: &Log) -> Self {
        let mut s = ProducerStates::default();
        for r in log.records.iter().filter(|r| r.producer_id >= 0) {
            match r.control {
                Some(marker) => {
                    s.complete(r, marker);
                }
                None => s.record(r, r.sequence, r.sequence),
            }
        }
        s
    }

    pub fn check(&self, producer_id: i64, epoch: i16, base_seq: i32, count: i32) -> Verdict {
        let last_seq = base_seq + count - 1;
        let entry = self.producers.get(&producer_id);
        let ranges = match entry {
            Some(e) if epoch < e.epoch => return Verdict::OldEpoch { current: e.epoch },
            // A new epoch starts its sequences again at 0.
            Some(e) if epoch == e.epoch => Some(&e.ranges),
            _ => None,
        };
        if let Some(r) = ranges.and_then(|rs| {
            rs.iter()
                .find(|r| r.first_seq <= base_seq && last_seq <= r.last_seq)
        }) {
            let first_offset = r.first_offset + i64::from(base_seq - r.first_seq);
            return Verdict::Duplicate {
                first_offset,
                last_offset: first_offset + i64::from(count - 1),
            };
        }
        let expected = ranges
            .and_then(|rs| rs.back())
            .map_or(0, |r| r.last_seq + 1);
        if base_seq == expected {
            Verdict::Append
        } else {
            Verdict::OutOfOrder { expected }
        }
    }

    /// Notes appended records `first_seq..=last_seq` of one producer, the
    /// first at `first.offset` (consecutive records extend the last range);
    /// a transactional record opens the producer's transaction here.
    pub fn record(&mut self, first: &Record, first_seq: i32, last_seq: i32) {
        let entry = self.producers.entry(first.producer_id).or_default();
        entry.set_epoch(first.producer_epoch);
        if first.transactional {
            self.transactional = true;
            entry.current_txn_first_offset.get_or_insert(first.offset);
        }
        let ranges = &mut entry.ranges;
        if let Some(last) = ranges.back_mut() {
            let next_offset = last.first_offset + i64::from(last.last_seq - last.first_seq) + 1;
            if last.last_seq + 1 == first_seq && next_offset == first.offset {
                last.last_seq = last_seq;
                return;
            }
        }
        ranges.push_back(Range {
            first_seq,
            last_seq,
            first_offset: first.offset,
        });
        while ranges.len() > BATCHES_KEPT {
            ranges.pop_front();
        }
    }

    /// `ProducerAppendInfo.appendEndTxnMarker`'s checks: a marker from an
    /// older producer epoch or an older coordinator is refused.
    pub fn check_marker(
        &self,
        producer_id: i64,
        epoch: i16,
        marker: ControlMarker,
    ) -> Result<(), KafkaError> {
        match self.producers.get(&producer_id) {
            Some(e) if epoch < e.epoch => Err(KafkaError::InvalidProducerEpoch),
            Some(e) if marker.coordinator_epoch < e.coordinator_epoch => {
                Err(KafkaError::TransactionCoordinatorFenced)
            }
            _ => Ok(()),
        }
    }

    /// A marker at `marker_record.offset` ends the producer's transaction
    /// here (one with no records here spans just the marker); the span it
    /// closed.
    pub fn complete(&mut self, marker_record: &Record, marker: ControlMarker) -> TxnSpan {
        self.transactional = true;
        let offset = marker_record.offset;
        let entry = self.producers.entry(marker_record.producer_id).or_default();
        entry.set_epoch(marker_record.producer_epoch);
        entry.coordinator_epoch = marker.coordinator_epoch;
        let span = TxnSpan {
            producer_id: marker_record.producer_id,
            first_offset: entry.current_txn_first_offset.take().unwrap_or(offset),
            last_offset: offset,
        };
        if marker.kind == ControlRecordType::Abort {
            self.aborted.push(span);
        }
        self.unreplicated.push(span);
        span
    }

    /// Whether this partition ever held transactional data or markers.
    pub fn has_transactions(&self) -> bool {
        self.transactional
    }

    /// The earliest transaction that is not yet decided below `hw`: still
    /// open, or its marker not yet committed (`firstUnstableOffset`).
    pub fn first_unstable(&self, hw: i64) -> Option<TxnSpan> {
        let open = self.producers.iter().filter_map(|(&pid, e)| {
            e.current_txn_first_offset.map(|first| TxnSpan {
                producer_id: pid,
                first_offset: first,
                last_offset: i64::MAX,
            })
        });
        let unreplicated = self.unreplicated.iter().filter(|t| t.last_offset >= hw);
        open.chain(unreplicated.copied())
            .min_by_key(|t| (t.first_offset, t.producer_id))
    }

    /// Forgets completed transactions whose marker is below `hw`
    /// (`removeUnreplicatedTransactions`).
    pub fn prune(&mut self, hw: i64) {
        self.unreplicated.retain(|t| t.last_offset >= hw);
    }

    /// The last stable offset: the HW, or the first offset of the earliest
    /// undecided transaction if that is lower (`UnifiedLog.lastStableOffset`).
    pub fn last_stable_offset(&self, hw: i64) -> i64 {
        self.first_unstable(hw)
            .map_or(hw, |t| t.first_offset.min(hw))
    }

    /// Aborted transactions overlapping `[from, until)`
    /// (`UnifiedLog.collectAbortedTransactions`).
    pub fn aborted_between(&self, from: i64, until: i64) -> Vec<AbortedTransaction> {
        self.aborted
            .iter()
            .filter(|t| t.last_offset >= from && t.first_offset < until)
            .map(|t| AbortedTransaction {
                producer_id: t.producer_id,
                first_offset: t.first_offset,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::engine::types::RecordId;

    fn rec(offset: i64, pid: i64, epoch: i16, transactional: bool) -> Record {
        Record {
            offset,
            id: RecordId(offset as u64),
            key: None,
            value: Rc::from("v"),
            timestamp_ms: 0,
            leader_epoch: 0,
            producer_id: pid,
            producer_epoch: epoch,
            sequence: 0,
            wire_bytes: 22,
            transactional,
            control: None,
        }
    }

    #[test]
    fn duplicates_in_order_and_gaps() {
        let mut s = ProducerStates::default();
        assert_eq!(s.check(7, 0, 0, 3), Verdict::Append);
        s.record(&rec(10, 7, 0, false), 0, 2);
        assert_eq!(
            s.check(7, 0, 0, 3),
            Verdict::Duplicate {
                first_offset: 10,
                last_offset: 12
            }
        );
        assert_eq!(s.check(7, 0, 5, 1), Verdict::OutOfOrder { expected: 3 });
        assert_eq!(s.check(7, 0, 3, 2), Verdict::Append);
        assert_eq!(s.check(8, 0, 1, 1), Verdict::OutOfOrder { expected: 0 });
    }

    #[test]
    fn epochs_fence_older_batches_and_restart_sequences() {
        let mut s = ProducerStates::default();
        s.record(&rec(0, 7, 0, true), 0, 4);
        assert_eq!(s.check(7, 1, 0, 1), Verdict::Append);
        assert_eq!(s.check(7, 1, 5, 1), Verdict::OutOfOrder { expected: 0 });
        let abort = ControlMarker {
            kind: ControlRecordType::Abort,
            coordinator_epoch: 3,
        };
        s.complete(&rec(5, 7, 1, true), abort);
        assert_eq!(s.check(7, 0, 5, 1), Verdict::OldEpoch { current: 1 });
        assert_eq!(
            s.check_marker(7, 0, abort),
            Err(KafkaError::InvalidProducerEpoch)
        );
        let stale = ControlMarker {
            coordinator_epoch: 2,
            ..abort
        };
        assert_eq!(
            s.check_marker(7, 1, stale),
            Err(KafkaError::TransactionCoordinatorFenced)
        );
    }

    /// LSO = min(HW, first offset of the earliest undecided transaction);
    /// a decided one stops counting once the HW passes its marker.
    #[test]
    fn last_stable_offset_and_aborted_index() {
        let mut s = ProducerStates::default();
        s.record(&rec(0, 1, 0, false), 0, 0);
        s.record(&rec(1, 2, 0, true), 0, 1);
        s.record(&rec(3, 3, 0, true), 0, 0);
        assert_eq!(s.last_stable_offset(1), 1);
        assert_eq!(s.last_stable_offset(4), 1);
        let abort = ControlMarker {
            kind: ControlRecordType::Abort,
            coordinator_epoch: 0,
        };
        let span = s.complete(&rec(4, 2, 0, true), abort);
        assert_eq!((span.first_offset, span.last_offset), (1, 4));
        // The marker at 4 is not committed yet: 1 is still unstable.
        assert_eq!(s.last_stable_offset(4), 1);
        // Now producer 3's open transaction (from 3) holds it.
        assert_eq!(s.last_stable_offset(5), 3);
        assert_eq!(s.first_unstable(5).map(|t| t.producer_id), Some(3));
        assert_eq!(
            s.aborted_between(0, 3),
            vec![AbortedTransaction {
                producer_id: 2,
                first_offset: 1
            }]
        );
        assert!(s.aborted_between(5, 9).is_empty());
        assert!(s.has_transactions());
    }
}
