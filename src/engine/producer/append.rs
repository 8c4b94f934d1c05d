//! The application side of the producer (`KafkaProducer.doSend`) and the
//! record accumulator (`RecordAccumulator.append`). Each `send()` picks
//! the record's partition, checks its size (`ensureValidRecordSize`) and
//! adds it to the partition's open batch (`tryAppend`), or opens a new
//! batch with memory from `buffer.memory` — or blocks until a completed
//! batch gives some back, at most `max.block.ms` (`BufferPool.allocate`).
//!
//! The application calls `send()` once per record, in order, from one
//! thread: while a call blocks, the records after it wait with it (fate
//! `Blocked`); a call that gives up fails with `BufferExhaustedException`
//! and the next one starts its own wait. A blocked application also makes
//! every batch sendable at once, linger or not (`RecordAccumulator.ready`:
//! `exhausted`).
//!
//! A batch is ready when it is full or `linger.ms` after it was created;
//! with linger.ms = 0 that is at once, so records batch up only while the
//! connection is busy (`max.in.flight.requests.per.connection` reached) or
//! a leader is unknown — as in Kafka.
//!
//! A batch is full when `61 + records × ratio estimate × 1.05` reaches its
//! limit (see `compression.rs`); the limit is `batch.size` (Kafka's
//! `writeLimit`, at least the first record), and also `max.request.size`:
//! Kafka drains several batches into one request up to that size, the
//! playground sends one batch per request, so a batch stops growing there.

pub(super) mod accumulator_view;

use std::collections::VecDeque;
use std::rc::Rc;

use super::{Batch, Fate, Producer};
use crate::engine::buffer_pool::BufferPool;
use crate::engine::compression::{Codec, RatioEstimator, BATCH_HEADER_BYTES};
use crate::engine::ctx::{Ctx, Timer};
use crate::engine::event::Event;
use crate::engine::partitioner::{Sticky, Target};
use crate::engine::protocol::KafkaError;
use crate::engine::types::{BrokerId, ProducerRecord, TimeMs, Tp};
use crate::engine::vec_map::{VecMap, VecSet};

/// The size model of one record in a v2 batch: at most 21 bytes of framing
/// (`DefaultRecord.MAX_RECORD_OVERHEAD`) plus key and value. Kafka's
/// `estimateSizeInBytesUpperBound` also counts the length varints and the
/// header count, a few bytes more.
pub fn record_size(key: Option<&str>, value: &str) -> i64 {
    21 + key.map_or(0, str::len) as i64 + value.len() as i64
}

/// What the accumulator keeps besides its batches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Accumulator {
    pub(super) pool: BufferPool,
    /// The application's `send()` calls that have not returned, oldest
    /// first; only the first can be blocked, the rest wait behind it.
    pub(super) app: VecDeque<SendCall>,
    pub(super) ratios: RatioEstimator,
    /// Partitions that have had a batch (the keys of `TopicInfo.batches`).
    pub(super) deques: VecSet<Tp>,
    /// `NodeLatencyStats` per leader: when it last had a batch ready and
    /// when its connection last could take one.
    pub(super) node_stats: VecMap<BrokerId, (TimeMs, TimeMs)>,
    /// The compressing thread is busy until this simulated microsecond.
    pub(super) cpu_free_us: u64,
}

impl Accumulator {
    pub(super) fn new(buffer_memory: i64) -> Self {
        Accumulator {
            pool: BufferPool::new(buffer_memory),
            app: VecDeque::new(),
            ratios: RatioEstimator::default(),
            deques: VecSet::new(),
            node_stats: VecMap::new(),
            cpu_free_us: 0,
        }
    }

    /// Whether `send()` waits for memory (`BufferPool.queued() > 0`).
    pub(super) fn exhausted(&self) -> bool {
        self.app.front().is_some_and(|c| c.blocked_since.is_some())
    }

    /// When the blocked `send()` gives up.
    pub(super) fn block_deadline(&self, max_block_ms: TimeMs) -> Option<TimeMs> {
        self.app.front()?.blocked_since.map(|t| t + max_block_ms)
    }

    /// A completed batch gives its memory back.
    pub(super) fn release(&mut self, batch: &Batch) {
        self.pool.deallocate(batch.fill.memory);
    }
}

/// One `send()` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SendCall {
    topic: Rc<str>,
    record: ProducerRecord,
    explicit: Option<u32>,
    /// The partition once chosen; the built-in sticky partitioner chooses
    /// inside the append instead, again after a wait.
    chosen: Option<u32>,
    /// KIP-480: the partitioner's `onNewBatch` already ran for it.
    renewed: bool,
    blocked_since: Option<TimeMs>,
}

/// A batch's limit and memory, and its size once closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Fill {
    limit: i64,
    /// The topic's compression ratio estimate when the batch was created.
    estimate: i64,
    /// Taken from `buffer.memory`: max(`batch.size`, first record).
    memory: i64,
    /// Closed for appends: a record did not fit, or it was drained.
    pub(super) sealed: bool,
    /// Its size on the wire, once closed for sending.
    pub(super) wire_bytes: Option<i64>,
}

impl Batch {
    fn estimated(&self, codec: Codec) -> i64 {
        codec.estimated_size(self.bytes, self.fill.estimate)
    }

    fn is_full(&self, codec: Codec) -> bool {
        self.fill.sealed || self.attempts > 0 || self.estimated(codec) >= self.fill.limit
    }

    /// `MemoryRecordsBuilder.hasRoomFor`: the new record counts
    /// uncompressed.
    fn has_room(&self, codec: Codec, size: i64) -> bool {
        !self.is_full(codec) && self.fill.limit >= self.estimated(codec) + size
    }

    /// Sendable now: linger (or retry backoff, or compression) is over, or
    /// the application waits for memory and this batch never went.
    pub(super) fn ready(&self, now: TimeMs, exhausted: bool) -> bool {
        self.ready_at <= now || (exhausted && self.attempts == 0 && self.fill.wire_bytes.is_none())
    }
}

impl Producer {
    /// The application calls `send()` for each record, in order.
    pub fn send(
        &mut self,
        topic: &str,
        records: Vec<(ProducerRecord, Option<u32>)>,
        ctx: &mut Ctx,
    ) {
        let topic: Rc<str> = Rc::from(topic);
        let n = records.len();
        self.acc
            .app
            .extend(records.into_iter().map(|(record, explicit)| SendCall {
                topic: topic.clone(),
                record,
                explicit,
                chosen: None,
                renewed: false,
                blocked_since: None,
            }));
        self.drain(ctx);
        for c in self.acc.app.iter().rev().take(n) {
            self.fates
                .entry(c.record.id)
                .or_insert_with(|| Fate::Blocked {
                    topic: c.topic.to_string(),
                });
        }
    }

    /// The application thread: its `send()` calls go on while memory allows.
    pub(super) fn run_app(&mut self, ctx: &mut Ctx) {
        while let Some(call) = self.acc.app.pop_front() {
            if let Some(blocked) = self.append(call, ctx) {
                self.acc.app.push_front(blocked);
                return;
            }
        }
    }

    /// Partitions of `topic` whose leader is known.
    fn available(&self, topic: &str) -> Vec<u32> {
        self.leaders
            .iter()
            .filter(|(tp, (l, _))| *tp.topic == *topic && l.is_some())
            .map(|(tp, _)| tp.partition)
            .collect()
    }

    /// One `send()`; the call comes back if it blocks.
    fn append(&mut self, mut call: SendCall, ctx: &mut Ctx) -> Option<SendCall> {
        let topic = call.topic.clone();
        let Some(partitions) = self.partition_count(&topic) else {
            let message = format!("Topic {topic} not present in metadata");
            self.reject(call, KafkaError::UnknownTopicOrPartition, message, ctx);
            return None;
        };
        let key = call.record.key.clone();
        // Only a partitioner looks at which partitions have a leader.
        let available = match call.explicit {
            Some(_) => Vec::new(),
            None => self.available(&topic),
        };
        let target = Target {
            topic: &topic,
            key: key.as_deref(),
            partitions,
            available: &available,
            batch_size: self.config.batch_size,
        };
        let sticky = self.config.partitioner.sticky(key.as_deref());
        let builtin = call.explicit.is_none() && sticky == Some(Sticky::BuiltIn);
        if call.explicit.is_none() && call.chosen.is_none() && !builtin {
            let cfg = &self.config.partitioner;
            call.chosen = Some(self.partitioner.choose(cfg, &target, ctx.rng));
        }
        let size = record_size(key.as_deref(), &call.record.value);
        if let Some(message) = self.too_large(size + BATCH_HEADER_BYTES) {
            self.reject(call, KafkaError::RecordTooLarge, message, ctx);
            return None;
        }
        loop {
            let p = match call.explicit.or(call.chosen) {
                Some(p) => p,
                None => {
                    let cfg = &self.config.partitioner;
                    let p = self.partitioner.choose(cfg, &target, ctx.rng);
                    // RecordAccumulator.partitionChanged: a switch held back
                    // while the batch was filling happens once it is full.
                    let tp = Tp {
                        topic: topic.clone(),
                        partition: p,
                    };
                    let full = self.all_batches_full(&tp);
                    if full && self.partitioner.sticky_appended(&target, 0, true, ctx.rng) {
                        continue;
                    }
                    p
                }
            };
            let tp = Tp {
                topic: topic.clone(),
                partition: p,
            };
            let appended = match self.try_append(&tp, &call.record, size, ctx.now) {
                Some(bytes) => bytes,
                None if sticky == Some(Sticky::PerBatch) && !call.renewed => {
                    // KafkaProducer.doSend: abortOnNewBatch, the partitioner's
                    // onNewBatch, and partition() once more.
                    call.renewed = true;
                    let next = self.partitioner.new_batch(&target, Some(p), ctx.rng);
                    call.chosen = Some(call.explicit.unwrap_or(next));
                    continue;
                }
                None => {
                    let memory = self.config.batch_size.max(size + BATCH_HEADER_BYTES).max(1);
                    if !self.acc.pool.try_allocate(memory) {
                        return self.block(call, tp, memory, ctx);
                    }
                    self.open_batch(tp.clone(), call.record.clone(), size, memory, ctx)
                }
            };
            if builtin {
                let full = self.all_batches_full(&tp);
                self.partitioner
                    .sticky_appended(&target, appended, full, ctx.rng);
            }
            if let Some(since) = call.blocked_since {
                ctx.emit(Event::SendUnblocked {
                    producer: self.id,
                    tp: tp.clone(),
                    id: call.record.id,
                    waited_ms: ctx.now - since,
                });
            }
            if let Some(t) = self.txn.as_mut() {
                t.maybe_add_partition(&tp);
            }
            self.fates.insert(call.record.id, Fate::Pending { tp });
            return None;
        }
    }

    /// `KafkaProducer.ensureValidRecordSize`'s `RecordTooLargeException`.
    fn too_large(&self, serialized: i64) -> Option<String> {
        let c = &self.config;
        let message = |limit: &str| {
            format!(
                "The message is {serialized} bytes when serialized which is larger than {limit}"
            )
        };
        if serialized > c.max_request_size {
            let limit = format!("{}, which is the value of the", c.max_request_size);
            Some(message(&limit) + " max.request.size configuration.")
        } else if serialized > c.buffer_memory {
            Some(
                message("the total memory buffer you have configured with the")
                    + " buffer.memory configuration.",
            )
        } else {
            None
        }
    }

    /// Whether the partition's last batch takes no more records
    /// (`RecordAccumulator.allBatchesFull`).
    fn all_batches_full(&self, tp: &Tp) -> bool {
        let codec = self.config.compression;
        self.open(tp).is_none_or(|b| b.is_full(codec))
    }

    fn open(&self, tp: &Tp) -> Option<&Batch> {
        self.queue
            .iter()
            .rev()
            .find(|b| b.tp == *tp && b.attempts == 0)
    }

    /// `RecordAccumulator.tryAppend`: into the partition's last batch if it
    /// has room, else that batch is closed for appends. Returns the bytes
    /// its estimated size grew by.
    fn try_append(&mut self, tp: &Tp, r: &ProducerRecord, size: i64, now: TimeMs) -> Option<i64> {
        let codec = self.config.compression;
        let b = self
            .queue
            .iter_mut()
            .rev()
            .find(|b| b.tp == *tp && b.attempts == 0)?;
        if !b.has_room(codec, size) {
            b.fill.sealed = true;
            b.ready_at = b.ready_at.min(now);
            return None;
        }
        let before = b.estimated(codec);
        b.bytes += size;
        b.records.push(r.clone());
        if b.is_full(codec) {
            b.ready_at = b.ready_at.min(now);
        }
        Some(b.estimated(codec) - before)
    }

    /// `RecordAccumulator.appendNewBatch`; returns its estimated size. The
    /// batch is ready when full, else `linger.ms` after it was created.
    fn open_batch(
        &mut self,
        tp: Tp,
        r: ProducerRecord,
        size: i64,
        memory: i64,
        ctx: &mut Ctx,
    ) -> i64 {
        self.next_batch += 1;
        let id = self.next_batch;
        self.acc.deques.insert(tp.clone());
        let codec = self.config.compression;
        let mut b = Batch {
            id,
            fill: Fill {
                limit: memory.min(self.config.max_request_size),
                estimate: self.acc.ratios.estimate(&tp.topic),
                memory,
                sealed: false,
                wire_bytes: None,
            },
            tp,
            records: vec![r],
            bytes: size,
            created_ms: ctx.now,
            attempts: 0,
            ready_at: ctx.now + self.config.linger_ms,
            base_sequence: None,
        };
        if b.is_full(codec) {
            b.ready_at = ctx.now;
        }
        let estimated = b.estimated(codec);
        self.queue.push(b);
        ctx.after(
            self.node(),
            self.config.delivery_timeout_ms,
            Timer::BatchExpiry { batch: id },
        );
        estimated
    }

    /// No memory for a new batch: `send()` waits, up to `max.block.ms`.
    fn block(
        &mut self,
        mut call: SendCall,
        tp: Tp,
        memory: i64,
        ctx: &mut Ctx,
    ) -> Option<SendCall> {
        let max_block = self.config.max_block_ms;
        let since = match call.blocked_since {
            Some(t) => t,
            None => {
                ctx.emit(Event::SendBlocked {
                    producer: self.id,
                    tp,
                    id: call.record.id,
                    needed: memory,
                    available: self.acc.pool.available(),
                    max_block_ms: max_block,
                });
                *call.blocked_since.insert(ctx.now)
            }
        };
        if since + max_block > ctx.now {
            return Some(call);
        }
        let batch_size = self.config.batch_size.max(1);
        let message = self
            .acc
            .pool
            .exhausted_message(memory, max_block, batch_size);
        self.reject(call, KafkaError::BufferExhausted, message, ctx);
        None
    }

    /// `send()` failed: the callback gets the exception, no batch the record.
    fn reject(&mut self, call: SendCall, error: KafkaError, message: String, ctx: &mut Ctx) {
        let topic = call.topic.to_string();
        self.fates.insert(
            call.record.id,
            Fate::Rejected {
                topic: topic.clone(),
                error,
            },
        );
        ctx.emit(Event::SendFailed {
            producer: self.id,
            topic,
            id: call.record.id,
            error,
            message,
        });
    }
}
