//! The leader's memory of idempotent producers (Kafka's
//! `ProducerStateManager`): for each producer id, the sequence ranges of its
//! last five batches and where they landed. A retried batch whose sequences
//! are already there is a duplicate — answered with the original offset, not
//! appended again; a batch that skips a sequence is refused with
//! OUT_OF_ORDER_SEQUENCE_NUMBER so the producer resends in order.
//!
//! The state is rebuilt from the log (every record carries its producer id
//! and sequence), which is why it survives a change of leader.

use std::collections::{BTreeMap, VecDeque};

use super::log::Log;

/// Kafka keeps this many batches per producer (`NUM_BATCHES_TO_RETAIN`).
const BATCHES_KEPT: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    first_seq: i32,
    last_seq: i32,
    first_offset: i64,
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
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerStates {
    producers: BTreeMap<i64, VecDeque<Range>>,
}

impl ProducerStates {
    pub fn from_log(log: &Log) -> Self {
        let mut s = ProducerStates::default();
        for r in log.records.iter().filter(|r| r.producer_id >= 0) {
            s.record(r.producer_id, r.sequence, r.sequence, r.offset);
        }
        s
    }

    pub fn check(&self, producer_id: i64, base_seq: i32, count: i32) -> Verdict {
        let last_seq = base_seq + count - 1;
        let ranges = self.producers.get(&producer_id);
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

    /// Notes an appended batch (consecutive records extend the last range).
    pub fn record(&mut self, producer_id: i64, first_seq: i32, last_seq: i32, first_offset: i64) {
        let ranges = self.producers.entry(producer_id).or_default();
        if let Some(last) = ranges.back_mut() {
            let next_offset = last.first_offset + i64::from(last.last_seq - last.first_seq) + 1;
            if last.last_seq + 1 == first_seq && next_offset == first_offset {
                last.last_seq = last_seq;
                return;
            }
        }
        ranges.push_back(Range {
            first_seq,
            last_seq,
            first_offset,
        });
        while ranges.len() > BATCHES_KEPT {
            ranges.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_in_order_and_gaps() {
        let mut s = ProducerStates::default();
        assert_eq!(s.check(7, 0, 3), Verdict::Append);
        s.record(7, 0, 2, 10);
        assert_eq!(
            s.check(7, 0, 3),
            Verdict::Duplicate {
                first_offset: 10,
                last_offset: 12
            }
        );
        assert_eq!(s.check(7, 5, 1), Verdict::OutOfOrder { expected: 3 });
        assert_eq!(s.check(7, 3, 2), Verdict::Append);
        assert_eq!(s.check(8, 1, 1), Verdict::OutOfOrder { expected: 0 });
    }
}
