//! `isolation.level`: which fetched records a consumer hands to the
//! application (KIP-98; the Java consumer's `CompletedFetch`).
//!
//! A read_committed fetch is answered only up to the partition's last
//! stable offset and carries the aborted transactions that overlap it. The
//! consumer walks the records in order: once it reaches an aborted
//! transaction's first offset it drops that producer's transactional records
//! until the producer's ABORT marker. Under both levels control records
//! (COMMIT/ABORT markers) are never returned, but their offsets are
//! consumed: the position moves past them.

use std::collections::VecDeque;

use serde::Serialize;

use super::ctx::Ctx;
use super::event::Event;
use super::protocol::FetchedData;
use super::types::{ControlRecordType, Record, RecordId, Tp};
use crate::engine::sort;
use crate::engine::vec_map::VecSet;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IsolationLevel {
    #[default]
    ReadUncommitted,
    ReadCommitted,
}

impl IsolationLevel {
    pub fn name(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "read_uncommitted",
            IsolationLevel::ReadCommitted => "read_committed",
        }
    }
}

/// What one fetch gives the application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Polled {
    pub records: Vec<Record>,
    /// The offset after the last fetched record, returned or skipped.
    pub next_offset: i64,
}

/// Filters one fetch answer as the Java consumer does
/// (`CompletedFetch.nextFetchedRecord`), emitting `ConsumerSkipped` for
/// what it drops.
pub fn poll(
    consumer: u32,
    tp: &Tp,
    level: IsolationLevel,
    data: FetchedData,
    ctx: &mut Ctx,
) -> Polled {
    let next_offset = data.records.last().map_or(0, |r| r.offset + 1);
    let mut aborted: VecDeque<_> = data.aborted.iter().copied().collect();
    sort::sort_by_key(aborted.make_contiguous(), |a| a.first_offset);
    let mut aborted_producers = VecSet::new();
    let mut records = Vec::new();
    let mut skipped: Vec<RecordId> = Vec::new();
    let mut markers = Vec::new();
    for r in data.records {
        if level == IsolationLevel::ReadCommitted && r.producer_id >= 0 {
            // consumeAbortedTransactionsUpTo
            while aborted.front().is_some_and(|a| a.first_offset <= r.offset) {
                aborted_producers.extend(aborted.pop_front().map(|a| a.producer_id));
            }
            if r.control
                .is_some_and(|m| m.kind == ControlRecordType::Abort)
            {
                aborted_producers.remove(&r.producer_id);
            } else if r.transactional && aborted_producers.contains(&r.producer_id) {
                skipped.push(r.id);
                continue;
            }
        }
        match r.control {
            Some(_) => markers.push(r.offset),
            None => records.push(r),
        }
    }
    if !skipped.is_empty() || !markers.is_empty() {
        ctx.emit(Event::ConsumerSkipped {
            consumer,
            tp: tp.clone(),
            isolation: level,
            aborted: skipped,
            markers,
            next_offset,
        });
    }
    Polled {
        records,
        next_offset,
    }
}
