//! The producer client: learns leaders from metadata, groups records into
//! one batch per partition, sends Produce requests with its `acks`, and
//! retries retriable errors (refreshing metadata) until `retries` or
//! `delivery.timeout.ms` run out. Every record's fate is tracked.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

use super::config::{Acks, ProducerConfig};
use super::ctx::{Ctx, Timer};
use super::event::Event;
use super::partitioner::{PartitionerState, Target};
use super::protocol::{KafkaError, Message, PartitionLeader};
use super::types::{BrokerId, NodeId, ProducerRecord, RecordId, TimeMs, Tp};

/// What became of one record, as the application's callback would see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum Fate {
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
    pub fn tp(&self) -> &Tp {
        match self {
            Fate::Pending { tp }
            | Fate::Acknowledged { tp, .. }
            | Fate::Unacknowledged { tp }
            | Fate::Failed { tp, .. } => tp,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Batch {
    id: u64,
    tp: Tp,
    records: Vec<ProducerRecord>,
    created_ms: TimeMs,
    attempts: u32,
    ready_at: TimeMs,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct InFlight {
    batch: Batch,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    pub id: u32,
    pub config: ProducerConfig,
    brokers: Vec<BrokerId>,
    next_bootstrap: usize,
    leaders: BTreeMap<Tp, (Option<BrokerId>, i32)>,
    partition_counts: BTreeMap<Rc<str>, u32>,
    metadata_in_flight: Option<u64>,
    queue: Vec<Batch>,
    in_flight: BTreeMap<u64, InFlight>,
    next_batch: u64,
    /// What the partitioner remembers (sticky partitions, counters).
    partitioner: PartitionerState,
    pub fates: BTreeMap<RecordId, Fate>,
    wake: Option<TimeMs>,
}

impl Producer {
    pub fn new(id: u32, config: ProducerConfig, brokers: Vec<BrokerId>) -> Self {
        Producer {
            id,
            config,
            brokers,
            next_bootstrap: 0,
            leaders: BTreeMap::new(),
            partition_counts: BTreeMap::new(),
            metadata_in_flight: None,
            queue: Vec::new(),
            in_flight: BTreeMap::new(),
            next_batch: 0,
            partitioner: PartitionerState::default(),
            fates: BTreeMap::new(),
            wake: None,
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

    /// `KafkaProducer.partition`: see `partitioner.rs`.
    pub fn choose_partition(
        &mut self,
        topic: &str,
        key: Option<&str>,
        value: &str,
        explicit: Option<u32>,
        ctx: &mut Ctx,
    ) -> Option<u32> {
        let n = self.partition_count(topic)?;
        if let Some(p) = explicit {
            return Some(p);
        }
        let available: Vec<u32> = self
            .leaders
            .iter()
            .filter(|(tp, (l, _))| *tp.topic == *topic && l.is_some())
            .map(|(tp, _)| tp.partition)
            .collect();
        let target = Target {
            topic,
            key,
            size_bytes: super::leader::record_size(key, value),
            partitions: n,
            available: &available,
            batch_size: self.config.batch_size,
        };
        Some(
            self.partitioner
                .choose(&self.config.partitioner, &target, ctx.rng),
        )
    }

    /// The application's send call is over: its records form one batch.
    pub fn batch_closed(&mut self, topic: &str) {
        self.partitioner
            .batch_closed(&self.config.partitioner, topic);
    }

    /// Accepts records from the application: they wait in per-partition
    /// batches and go out at once (linger.ms = 0).
    pub fn send(&mut self, records: Vec<(Tp, ProducerRecord)>, ctx: &mut Ctx) {
        let mut batches: BTreeMap<Tp, Vec<ProducerRecord>> = BTreeMap::new();
        for (tp, r) in records {
            self.fates.insert(r.id, Fate::Pending { tp: tp.clone() });
            batches.entry(tp).or_default().push(r);
        }
        for (tp, records) in batches {
            self.next_batch += 1;
            let id = self.next_batch;
            self.queue.push(Batch {
                id,
                tp,
                records,
                created_ms: ctx.now,
                attempts: 0,
                ready_at: ctx.now,
            });
            ctx.after(
                self.node(),
                self.config.delivery_timeout_ms,
                Timer::BatchExpiry { batch: id },
            );
        }
        self.drain(ctx);
    }

    /// The Sender loop: send every ready batch whose leader is known.
    fn drain(&mut self, ctx: &mut Ctx) {
        let mut waiting = Vec::new();
        let mut need_metadata = false;
        for batch in std::mem::take(&mut self.queue) {
            let leader = self.leaders.get(&batch.tp).and_then(|(l, _)| *l);
            match leader {
                Some(l) if batch.ready_at <= ctx.now => self.send_batch(batch, l, ctx),
                Some(_) => waiting.push(batch),
                None => {
                    need_metadata = true;
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

    fn send_batch(&mut self, mut batch: Batch, leader: BrokerId, ctx: &mut Ctx) {
        batch.attempts += 1;
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
            },
        );
        if acks == Acks::None {
            // acks=0: done as soon as it is on the wire; offset -1.
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
        self.in_flight.insert(correlation, InFlight { batch });
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
        if self.metadata_in_flight.is_some() || self.brokers.is_empty() {
            return;
        }
        let correlation = ctx.correlation();
        let to = self.brokers[self.next_bootstrap % self.brokers.len()];
        self.next_bootstrap += 1;
        self.metadata_in_flight = Some(correlation);
        ctx.send(
            self.node(),
            NodeId::Broker(to),
            Message::Metadata { correlation },
        );
        ctx.after(
            self.node(),
            self.config.request_timeout_ms,
            Timer::RequestTimeout { correlation },
        );
    }

    pub fn on_message(&mut self, msg: Message, ctx: &mut Ctx) {
        match msg {
            Message::MetadataResponse {
                correlation,
                partitions,
            } if self.metadata_in_flight == Some(correlation) => {
                self.metadata_in_flight = None;
                self.learn(&partitions);
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
                }
            }
            Message::Disconnected {
                correlation: Some(c),
            } => {
                if self.metadata_in_flight == Some(c) {
                    self.metadata_in_flight = None;
                    self.refresh_metadata(ctx);
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
            Timer::RequestTimeout { correlation } => {
                if self.metadata_in_flight == Some(correlation) {
                    self.metadata_in_flight = None;
                    self.refresh_metadata(ctx);
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
        let can_retry = error.retriable()
            && i64::from(batch.attempts) <= self.config.retries
            && ctx.now < deadline;
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

    fn fail(&mut self, batch: Batch, error: KafkaError, ctx: &mut Ctx) {
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
