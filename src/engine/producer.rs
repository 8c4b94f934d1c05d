//! The producer client: learns leaders from metadata, groups records into
//! one batch per partition, sends Produce requests with its `acks`, and
//! retries retriable errors (refreshing metadata) until `retries` or
//! `delivery.timeout.ms` run out. Every record's fate is tracked. A
//! transactional producer's transactional half is `txn_manager.rs`.
//!
//! The application side — `send()`, the partitioner, the record
//! accumulator and its `buffer.memory` — is in `append.rs`; what the
//! Sender does around draining (closing and compressing batches, the
//! adaptive partitioner's queue statistics) in `drain.rs`.

mod append;
pub use append::accumulator_view::{BatchStage, BatchView};
pub use append::record_size;
mod drain;

use std::rc::Rc;

use serde::Serialize;

use super::client::Bootstrap;
use super::config::{Acks, ProducerConfig};
use super::ctx::{Ctx, Timer};
use super::event::Event;
use super::partitioner::PartitionerState;
use super::protocol::{KafkaError, Message, PartitionLeader, ProducerBatch};
use super::txn_manager::{TransactionManager, TxnCall, TxnPoll, NOT_TRANSACTIONAL};
use super::types::{BrokerId, NodeId, ProducerRecord, RecordId, TimeMs, Tp};
use crate::engine::sort;
use crate::engine::vec_map::{VecMap, VecSet};

/// What became of one record, as the application's callback would see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum Fate {
    /// The application's `send()` has not returned yet: it waits for
    /// `buffer.memory` (`max.block.ms`), for this record or an earlier one.
    Blocked {
        topic: String,
    },
    /// `send()` failed before the record joined a batch
    /// (`RecordTooLargeException`, `BufferExhaustedException`).
    Rejected {
        topic: String,
        error: KafkaError,
    },
    /// Still buffered or in flight.
    Pending {
        tp: Tp,
    },
    /// acks=1/all: the broker confirmed this offset.
    Acknowledged {
        tp: Tp,
        offset: i64,
    },
    /// acks=0: sent, offset unknown (-1); nobody will ever say more.
    Unacknowledged {
        tp: Tp,
    },
    Failed {
        tp: Tp,
        error: KafkaError,
    },
}

impl Fate {
    /// The partition, once the record has one.
    pub fn tp(&self) -> Option<&Tp> {
        match self {
            Fate::Blocked { .. } | Fate::Rejected { .. } => None,
            Fate::Pending { tp }
            | Fate::Acknowledged { tp, .. }
            | Fate::Unacknowledged { tp }
            | Fate::Failed { tp, .. } => Some(tp),
        }
    }

    pub fn topic(&self) -> &str {
        match self {
            Fate::Blocked { topic } | Fate::Rejected { topic, .. } => topic,
            _ => self.tp().map_or("", |tp| &tp.topic),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Batch {
    id: u64,
    tp: Tp,
    records: Vec<ProducerRecord>,
    /// Record bytes so far, uncompressed.
    bytes: i64,
    /// Its limit, memory and compression (`append.rs`).
    fill: append::Fill,
    created_ms: TimeMs,
    attempts: u32,
    ready_at: TimeMs,
    /// Idempotence: the producer id and first record's sequence, fixed at
    /// the first send under that id (a new id re-sequences the batch).
    base_sequence: Option<(i64, i32)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct InFlight {
    batch: Batch,
    leader: BrokerId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    pub id: u32,
    pub config: ProducerConfig,
    bootstrap: Bootstrap,
    leaders: VecMap<Tp, (Option<BrokerId>, i32)>,
    partition_counts: VecMap<Rc<str>, u32>,
    metadata_in_flight: Option<u64>,
    queue: Vec<Batch>,
    in_flight: VecMap<u64, InFlight>,
    next_batch: u64,
    /// What the partitioner remembers (sticky partitions, counters).
    partitioner: PartitionerState,
    /// The accumulator's memory and the application's blocked sends.
    acc: append::Accumulator,
    pub fates: VecMap<RecordId, Fate>,
    wake: Option<TimeMs>,
    /// Idempotence: the id and epoch from InitProducerId, the request for
    /// them in flight, and each partition's next sequence number.
    pub producer_id: Option<(i64, i16)>,
    init_in_flight: Option<u64>,
    next_sequence: VecMap<Tp, i32>,
    /// A sequence gap exists (a batch failed for good, or the leader lost
    /// records): start over with a new producer id once every batch that may
    /// already be in a log under the current one is resolved — re-sequencing
    /// such a batch could write it twice.
    reset_pending: bool,
    /// Set with `transactional.id`.
    pub txn: Option<TransactionManager>,
}

impl Producer {
    pub fn new(id: u32, config: ProducerConfig, brokers: Vec<BrokerId>) -> Self {
        Producer {
            acc: append::Accumulator::new(config.buffer_memory),
            id,
            bootstrap: Bootstrap::new(brokers),
            leaders: VecMap::new(),
            partition_counts: VecMap::new(),
            metadata_in_flight: None,
            queue: Vec::new(),
            in_flight: VecMap::new(),
            next_batch: 0,
            partitioner: PartitionerState::default(),
            fates: VecMap::new(),
            wake: None,
            producer_id: None,
            init_in_flight: None,
            next_sequence: VecMap::new(),
            reset_pending: false,
            txn: config
                .transactional_id
                .as_deref()
                .map(|t| TransactionManager::new(id, t, config.transaction_timeout_ms)),
            config,
        }
    }

    /// Records whose `send()` has not returned: it blocks while
    /// `buffer.memory` is full, and later calls wait behind it.
    pub fn backlog(&self) -> usize {
        self.acc.app.len()
    }

    /// The Sender thread starting: an idempotent producer first gets its
    /// producer id (`Sender.maybeWaitForProducerId`); a transactional one
    /// waits for `initTransactions`.
    pub fn start(&mut self, ctx: &mut Ctx) {
        if self.config.idempotence && self.txn.is_none() {
            self.init_producer_id(ctx);
        }
    }

    /// Whether the application may make this transactional call now.
    pub fn check_transaction_call(&self, call: TxnCall) -> Result<(), String> {
        let t = self.txn.as_ref().ok_or(NOT_TRANSACTIONAL)?;
        t.check(call)
    }

    /// A transactional call that passed `check_transaction_call`.
    pub fn transaction_call(&mut self, call: TxnCall, ctx: &mut Ctx) {
        if let Some(t) = self.txn.as_mut() {
            t.call(call, ctx);
        }
        self.drain(ctx);
    }

    fn init_producer_id(&mut self, ctx: &mut Ctx) {
        if self.init_in_flight.is_none() {
            let (node, timeout) = (self.node(), self.config.request_timeout_ms);
            self.init_in_flight =
                self.bootstrap
                    .request(node, timeout, ctx, |correlation| Message::InitProducerId {
                        correlation,
                        transactional_id: None,
                        // What the Java client sends without a transactional.id.
                        transaction_timeout_ms: i64::from(i32::MAX),
                        current: None,
                    });
        }
    }

    fn node(&self) -> NodeId {
        NodeId::Producer(self.id)
    }

    /// What the client knows after a Metadata response.
    pub fn learn(&mut self, partitions: &[PartitionLeader]) {
        for p in partitions {
            self.leaders
                .insert(p.tp.clone(), (p.leader, p.leader_epoch));
            let count = self.partition_counts.entry(p.tp.topic.clone()).or_insert(0);
            *count = (*count).max(p.tp.partition + 1);
        }
    }

    pub fn partition_count(&self, topic: &str) -> Option<u32> {
        self.partition_counts.get(topic).copied()
    }

    /// The Sender loop: send every ready batch whose leader is known and
    /// whose connection has room (`max.in.flight.requests.per.connection`).
    /// An idempotent producer sends each partition's batches in sequence
    /// order: once one has to wait, the later ones wait too.
    fn send_ready(&mut self, ctx: &mut Ctx) {
        if self.reset_pending && !self.unresolved() {
            self.reset_pending = false;
            self.reset_sequences();
        }
        if let Some(poll) = self.transactional_step(ctx) {
            match poll {
                TxnPoll::Data => {}
                TxnPoll::Wait => return,
                TxnPoll::WaitUntil(at) => return self.wake_at(at, ctx),
            }
        } else if self.config.idempotence && self.producer_id.is_none() {
            self.init_producer_id(ctx);
            return;
        }
        let mut queue = std::mem::take(&mut self.queue);
        let current = self.producer_id.map(|(id, _)| id);
        for b in &mut queue {
            if b.base_sequence.map(|(id, _)| id) != current {
                b.base_sequence = None;
            }
        }
        sort::sort_by_key(&mut queue, |b| {
            (
                b.tp.clone(),
                b.base_sequence.map_or(i32::MAX, |s| s.1),
                b.id,
            )
        });
        let mut waiting = Vec::new();
        let mut blocked = VecSet::new();
        let mut need_metadata = false;
        let mut flying: VecMap<BrokerId, i64> = VecMap::new();
        for f in self.in_flight.values() {
            *flying.entry(f.leader).or_default() += 1;
        }
        let max = self.config.max_in_flight;
        let exhausted = self.acc.exhausted();
        for batch in queue {
            let leader = self.leaders.get(&batch.tp).and_then(|(l, _)| *l);
            // While a reset waits, only batches already sequenced may go.
            let held = (self.reset_pending && batch.base_sequence.is_none())
                || self
                    .txn
                    .as_ref()
                    .is_some_and(|t| !t.is_send_allowed(&batch.tp));
            let sendable = |l: BrokerId| {
                batch.ready(ctx.now, exhausted)
                    && !held
                    && !blocked.contains(&batch.tp)
                    && flying.get(&l).copied().unwrap_or(0) < max
            };
            match leader {
                Some(l) if sendable(l) => {
                    let mut batch = batch;
                    if self.close(&mut batch, ctx) {
                        if self.config.acks != Acks::None {
                            *flying.entry(l).or_default() += 1;
                        }
                        self.send_batch(batch, l, ctx)
                    } else {
                        // Still compressing: it keeps its place in the order.
                        if self.config.idempotence {
                            blocked.insert(batch.tp.clone());
                        }
                        waiting.push(batch);
                    }
                }
                _ => {
                    need_metadata |= leader.is_none();
                    if self.config.idempotence {
                        blocked.insert(batch.tp.clone());
                    }
                    waiting.push(batch);
                }
            }
        }
        self.queue = waiting;
        if need_metadata {
            self.refresh_metadata(ctx);
        }
        if let Some(next) = self
            .queue
            .iter()
            .map(|b| b.ready_at)
            .filter(|&t| t > ctx.now)
            .min()
        {
            self.wake_at(next, ctx);
        }
    }

    /// The transactional half of the Sender loop (`Sender.runOnce`): fail
    /// batches a fatal error or an abort leaves behind, then send the next
    /// transactional request. `None` for a producer without transactions.
    fn transactional_step(&mut self, ctx: &mut Ctx) -> Option<TxnPoll> {
        let t = self.txn.as_ref()?;
        if let Some(error) = t.fatal_error() {
            self.abort_batches(true, error, ctx);
            return Some(TxnPoll::Wait);
        }
        if let Some(error) = t.undrained_error() {
            self.abort_batches(false, error, ctx);
        }
        let incomplete = !self.queue.is_empty() || !self.in_flight.is_empty();
        let t = self.txn.as_mut()?;
        Some(t.poll(&mut self.bootstrap, incomplete, &self.config, ctx))
    }

    /// Fails the batches never sent (`abortUndrainedBatches`), or all of
    /// them (`abortBatches`, after a fatal error).
    fn abort_batches(&mut self, in_flight_too: bool, error: KafkaError, ctx: &mut Ctx) {
        let (mut aborted, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.queue)
            .into_iter()
            .partition(|b| in_flight_too || b.base_sequence.is_none());
        self.queue = kept;
        if in_flight_too {
            aborted.extend(
                std::mem::take(&mut self.in_flight)
                    .into_values()
                    .map(|f| f.batch),
            );
        }
        for b in aborted {
            self.fail_records(b, error, ctx);
        }
    }

    /// A new producer id or epoch from the transaction coordinator: every
    /// partition's sequence starts again at 0.
    fn adopt_transactional_id(&mut self) {
        if let Some(id) = self.txn.as_mut().and_then(TransactionManager::take_new_id) {
            self.producer_id = Some(id);
            self.next_sequence.clear();
            for b in &mut self.queue {
                b.base_sequence = None;
            }
        }
    }

    fn send_batch(&mut self, mut batch: Batch, leader: BrokerId, ctx: &mut Ctx) {
        batch.attempts += 1;
        let idempotent = self
            .producer_id
            .filter(|_| self.config.idempotence)
            .map(|(id, epoch)| {
                let (_, seq) = *batch.base_sequence.get_or_insert_with(|| {
                    let next = self.next_sequence.entry(batch.tp.clone()).or_insert(0);
                    let s = *next;
                    *next += batch.records.len() as i32;
                    (id, s)
                });
                ProducerBatch {
                    producer_id: id,
                    producer_epoch: epoch,
                    base_sequence: seq,
                    transactional: self.txn.is_some(),
                }
            });
        let correlation = ctx.correlation();
        let acks = self.config.acks;
        ctx.emit(Event::ProduceSent {
            producer: self.id,
            tp: batch.tp.clone(),
            ids: batch.records.iter().map(|r| r.id).collect(),
            acks,
            attempt: batch.attempts,
            leader,
        });
        ctx.send(
            self.node(),
            NodeId::Broker(leader),
            Message::Produce {
                correlation,
                tp: batch.tp.clone(),
                acks,
                timeout_ms: self.config.request_timeout_ms,
                records: batch.records.clone(),
                idempotent,
            },
        );
        if acks == Acks::None {
            // acks=0: done as soon as it is on the wire; offset -1.
            self.acc.release(&batch);
            for r in &batch.records {
                self.fates.insert(
                    r.id,
                    Fate::Unacknowledged {
                        tp: batch.tp.clone(),
                    },
                );
            }
            ctx.emit(Event::ProduceUnacknowledged {
                producer: self.id,
                tp: batch.tp.clone(),
                ids: batch.records.iter().map(|r| r.id).collect(),
            });
            return;
        }
        ctx.after(
            self.node(),
            self.config.request_timeout_ms,
            Timer::RequestTimeout { correlation },
        );
        self.in_flight
            .insert(correlation, InFlight { batch, leader });
    }

    /// One pending wake-up at a time: the earliest one needed.
    fn wake_at(&mut self, at: TimeMs, ctx: &mut Ctx) {
        if self.wake.is_some_and(|w| w <= at) {
            return;
        }
        self.wake = Some(at);
        ctx.after(self.node(), at.saturating_sub(ctx.now), Timer::ClientWake);
    }

    fn refresh_metadata(&mut self, ctx: &mut Ctx) {
        if self.metadata_in_flight.is_none() {
            let (node, timeout) = (self.node(), self.config.request_timeout_ms);
            self.metadata_in_flight =
                self.bootstrap
                    .request(node, timeout, ctx, |correlation| Message::Metadata {
                        correlation,
                    });
        }
    }

    pub fn on_message(&mut self, msg: Message, ctx: &mut Ctx) {
        if let Some(t) = self.txn.as_mut() {
            if msg.correlation().is_some_and(|c| t.owns(c)) {
                match msg {
                    Message::Disconnected { .. } => t.on_lost(&self.config),
                    msg => t.on_response(msg, &self.config, ctx),
                }
                self.adopt_transactional_id();
                return self.drain(ctx);
            }
        }
        match msg {
            Message::MetadataResponse {
                correlation,
                partitions,
            } if self.metadata_in_flight == Some(correlation) => {
                self.metadata_in_flight = None;
                self.learn(&partitions);
                self.drain(ctx);
            }
            Message::InitProducerIdResponse {
                correlation,
                result,
            } if self.init_in_flight == Some(correlation) => {
                self.init_in_flight = None;
                self.producer_id = result.ok();
                self.drain(ctx);
            }
            Message::ProduceResponse {
                correlation,
                result,
                ..
            } => {
                if let Some(f) = self.in_flight.remove(&correlation) {
                    match result {
                        Ok(base) => self.acknowledge(f.batch, base, ctx),
                        Err(e) => self.failed_attempt(f.batch, e, ctx),
                    }
                    // A slot on that connection is free again.
                    self.drain(ctx);
                }
            }
            Message::Disconnected {
                correlation: Some(c),
            } => {
                if self.metadata_in_flight == Some(c) {
                    self.metadata_in_flight = None;
                    self.refresh_metadata(ctx);
                } else if self.init_in_flight == Some(c) {
                    self.init_in_flight = None;
                    self.init_producer_id(ctx);
                } else if let Some(f) = self.in_flight.remove(&c) {
                    self.failed_attempt(f.batch, KafkaError::NetworkException, ctx);
                }
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::ClientWake => {
                self.wake = None;
                self.drain(ctx)
            }
            Timer::RequestTimeout { correlation }
                if self.txn.as_ref().is_some_and(|t| t.owns(correlation)) =>
            {
                if let Some(t) = self.txn.as_mut() {
                    t.on_lost(&self.config);
                }
                self.drain(ctx);
            }
            Timer::RequestTimeout { correlation } => {
                if self.metadata_in_flight == Some(correlation) {
                    self.metadata_in_flight = None;
                    self.refresh_metadata(ctx);
                } else if self.init_in_flight == Some(correlation) {
                    self.init_in_flight = None;
                    self.init_producer_id(ctx);
                } else if let Some(f) = self.in_flight.remove(&correlation) {
                    // No answer in request.timeout.ms: the request may or may
                    // not have been written — a retry can duplicate it.
                    self.failed_attempt(f.batch, KafkaError::RequestTimedOut, ctx);
                }
            }
            Timer::BatchExpiry { batch } => {
                let queued = self.queue.iter().position(|b| b.id == batch);
                let flying = self
                    .in_flight
                    .iter()
                    .find(|(_, f)| f.batch.id == batch)
                    .map(|(c, _)| *c);
                let expired = match (queued, flying) {
                    (Some(i), _) => Some(self.queue.remove(i)),
                    (None, Some(c)) => self.in_flight.remove(&c).map(|f| f.batch),
                    _ => None,
                };
                if let Some(b) = expired {
                    self.fail(b, KafkaError::DeliveryTimeout, ctx);
                }
            }
            _ => {}
        }
    }

    fn acknowledge(&mut self, batch: Batch, base: i64, ctx: &mut Ctx) {
        self.acc.release(&batch);
        for (i, r) in batch.records.iter().enumerate() {
            self.fates.insert(
                r.id,
                Fate::Acknowledged {
                    tp: batch.tp.clone(),
                    offset: base + i as i64,
                },
            );
        }
        ctx.emit(Event::ProduceAcked {
            producer: self.id,
            tp: batch.tp.clone(),
            ids: batch.records.iter().map(|r| r.id).collect(),
            base_offset: base,
        });
    }

    fn failed_attempt(&mut self, mut batch: Batch, error: KafkaError, ctx: &mut Ctx) {
        let deadline = batch.created_ms + self.config.delivery_timeout_ms;
        let retry_at = ctx.now + self.config.retry_backoff_ms;
        // Sender.canRetry: retriable, retries left, delivery timeout not yet
        // reached; a retry that cannot finish in time expires later with a
        // TimeoutException (BatchExpiry).
        // A real gap in a transactional producer's sequences is not retried:
        // the transaction aborts and the epoch bump restarts them.
        let gap = error == KafkaError::OutOfOrderSequenceNumber && self.is_oldest(&batch);
        let can_retry = error.retriable()
            && i64::from(batch.attempts) <= self.config.retries
            && ctx.now < deadline
            && !(gap && self.txn.is_some());
        ctx.emit(Event::ProduceError {
            producer: self.id,
            tp: batch.tp.clone(),
            ids: batch.records.iter().map(|r| r.id).collect(),
            error,
            will_retry: can_retry,
        });
        if !can_retry {
            return self.fail(batch, error, ctx);
        }
        if gap {
            // Nothing earlier of ours is still on its way, so the gap is on
            // the broker: records it had were lost (an unclean election, say).
            // This batch is not in the log; it goes again under a fresh
            // producer id (KIP-360 bumps the epoch for the same purpose).
            self.reset_pending = true;
            batch.base_sequence = None;
        }
        if matches!(
            error,
            KafkaError::NotLeaderOrFollower
                | KafkaError::LeaderNotAvailable
                | KafkaError::NetworkException
                | KafkaError::RequestTimedOut
                | KafkaError::UnknownTopicOrPartition
                | KafkaError::FencedLeaderEpoch
        ) {
            self.leaders.remove(&batch.tp);
            self.refresh_metadata(ctx);
        }
        batch.ready_at = retry_at;
        self.queue.push(batch);
        self.wake_at(retry_at, ctx);
    }

    /// Whether no batch of the same partition with a lower sequence is
    /// queued or in flight.
    fn is_oldest(&self, batch: &Batch) -> bool {
        let earlier = |b: &Batch| {
            b.tp == batch.tp
                && b.base_sequence.is_some()
                && b.base_sequence.map(|s| s.1) < batch.base_sequence.map(|s| s.1)
        };
        !self.queue.iter().any(earlier) && !self.in_flight.values().any(|f| earlier(&f.batch))
    }

    /// A new producer id and sequences from 0 for everything not yet sent.
    fn reset_sequences(&mut self) {
        self.producer_id = None;
        self.next_sequence.clear();
        for b in &mut self.queue {
            b.base_sequence = None;
        }
    }

    /// Whether a batch that may already be in a log under the current
    /// producer id is still queued for a retry or in flight.
    fn unresolved(&self) -> bool {
        let current = self.producer_id.map(|(id, _)| id);
        let sequenced = |b: &Batch| b.base_sequence.is_some_and(|(id, _)| Some(id) == current);
        self.queue.iter().any(sequenced) || self.in_flight.values().any(|f| sequenced(&f.batch))
    }

    fn fail(&mut self, batch: Batch, error: KafkaError, ctx: &mut Ctx) {
        self.acc.release(&batch);
        if let Some(t) = self.txn.as_mut() {
            t.batch_failed(error, ctx);
        } else if batch.base_sequence.is_some() {
            // Its sequence numbers will never reach the leader, so every later
            // batch would be out of order: start over (once it is safe).
            self.reset_pending = true;
        }
        self.fail_records(batch, error, ctx);
    }

    /// The batch's records failed: the application's callbacks get `error`.
    fn fail_records(&mut self, batch: Batch, error: KafkaError, ctx: &mut Ctx) {
        for r in &batch.records {
            self.fates.insert(
                r.id,
                Fate::Failed {
                    tp: batch.tp.clone(),
                    error,
                },
            );
        }
        ctx.emit(Event::ProduceFailed {
            producer: self.id,
            tp: batch.tp.clone(),
            ids: batch.records.iter().map(|r| r.id).collect(),
            error,
        });
    }
}
