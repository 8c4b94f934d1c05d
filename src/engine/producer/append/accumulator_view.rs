//! A read-only look into the record accumulator for the page: each batch
//! waiting in a partition's deque or in flight, how full it is against its
//! limit, when `linger.ms` makes it ready, and the idempotent producer's
//! sequence numbers once it has been sent (`ProducerBatch.baseSequence`).
//! Nothing here changes the producer.

use super::super::{Batch, Producer};
use crate::engine::types::{BrokerId, RecordId, TimeMs, Tp};

/// Where a batch is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchStage {
    /// Still taking records; ready at `ready_at` (linger.ms) unless it fills.
    Filling,
    /// Ready (full, or linger.ms passed) and waiting for the Sender: a
    /// leader to be known, a free slot on the connection, compression.
    Ready,
    /// Failed once and waiting `retry.backoff.ms` before it goes again.
    Backoff,
    /// A Produce request to this leader, not answered yet.
    InFlight(BrokerId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchView {
    pub tp: Tp,
    pub records: Vec<RecordId>,
    /// What counts against the limit: the 61-byte header plus the records
    /// (their estimated compressed size when compressing).
    pub estimated_bytes: i64,
    /// `batch.size` (or the first record, if larger), capped by
    /// `max.request.size`.
    pub limit: i64,
    /// It takes no more records: full, or closed for sending.
    pub full: bool,
    pub created_ms: TimeMs,
    pub ready_at: TimeMs,
    pub attempts: u32,
    /// `(producer id, first record's sequence)`, fixed at the first send.
    pub sequence: Option<(i64, i32)>,
    pub stage: BatchStage,
}

impl Producer {
    /// Every batch not yet completed: the queued ones, then those in flight.
    pub fn batches(&self, now: TimeMs) -> Vec<BatchView> {
        let codec = self.config.compression;
        let view = |b: &Batch, stage: BatchStage| BatchView {
            tp: b.tp.clone(),
            records: b.records.iter().map(|r| r.id).collect(),
            estimated_bytes: b.estimated(codec),
            limit: b.fill.limit,
            full: b.is_full(codec),
            created_ms: b.created_ms,
            ready_at: b.ready_at,
            attempts: b.attempts,
            sequence: b.base_sequence,
            stage,
        };
        let queued = self.queue.iter().map(|b| {
            let stage = match (b.attempts, b.ready_at > now) {
                (0, true) => BatchStage::Filling,
                (_, true) => BatchStage::Backoff,
                (_, false) => BatchStage::Ready,
            };
            view(b, stage)
        });
        // The Sender keeps the queue in partition order.
        let mut out: Vec<BatchView> = queued.collect();
        out.extend(
            self.in_flight
                .values()
                .map(|f| view(&f.batch, BatchStage::InFlight(f.leader))),
        );
        out
    }
}
