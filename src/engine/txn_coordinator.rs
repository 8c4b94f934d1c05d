//! The transaction coordinator (KIP-98; Kafka's `TransactionCoordinator`,
//! `TransactionStateManager`, `TransactionMetadata`,
//! `TransactionMarkerChannelManager`), as in Kafka 3.x with transaction
//! protocol version 1 (before KIP-890's per-transaction epoch bump).
//!
//! Every broker runs one. It coordinates the transactional ids that hash to
//! the `__transaction_state` partitions the broker leads, and keeps each
//! id's `TransactionMetadata` — producer id and epoch, timeout, state,
//! partitions — as records in that partition, keyed by transactional.id,
//! appended through the partition's normal leader path. A state change
//! takes effect (and the client is answered) only once its record is
//! committed: the HW passed it, as Kafka's appends with acks=all. The state
//! is rebuilt from the log when a broker becomes leader of the partition
//! (COORDINATOR_LOAD_IN_PROGRESS meanwhile) and dropped when it stops.
//!
//! Commit: EndTxn → PrepareCommit written → the client is answered →
//! WriteTxnMarkers to every partition's leader, each appending a COMMIT
//! control record → CompleteCommit written. Abort is the same with ABORT.
//! InitProducerId bumps the epoch; an open transaction of the old epoch is
//! first aborted with the bumped epoch (which fences the zombie) and the new
//! instance is told CONCURRENT_TRANSACTIONS until that abort completes.
//! Transactions open longer than their timeout are aborted the same way.
//! `sendOffsetsToTransaction` (AddOffsetsToTxn, TxnOffsetCommit) needs the
//! group coordinator and is not modelled.

use std::rc::Rc;

use serde::Serialize;

use super::broker::Host;
use super::ctx::{Ctx, Timer};
use super::event::{Event, TxnFenceReason};
use super::internal_topic::{coordinator_partition, InternalTopic};
use super::protocol::{KafkaError, Message, TxnMarker};
use super::types::{NodeId, TimeMs, Tp};
use crate::engine::vec_map::{VecMap, VecSet};

/// `request.timeout.ms` of the broker's own requests (markers, appends).
pub const INTER_BROKER_TIMEOUT_MS: TimeMs = 30_000;
/// Pause before a marker or a completion is tried again.
const RETRY_BACKOFF_MS: TimeMs = 100;

/// Loading a `__transaction_state` partition takes a little while (a model:
/// 5 ms plus 1 ms per 100 records); requests meanwhile get
/// COORDINATOR_LOAD_IN_PROGRESS.
fn load_ms(records: usize) -> TimeMs {
    5 + records as TimeMs / 100
}

/// A client's request being answered: who sent it, and its correlation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub node: NodeId,
    pub correlation: u64,
}

/// The answers a coordinator gives clients.
enum Answer {
    ProducerId(Result<(i64, i16), KafkaError>),
    Partitions(Result<(), KafkaError>),
    End(Result<(), KafkaError>),
}

fn answer(host: &Host, to: Caller, a: Answer, ctx: &mut Ctx) {
    let correlation = to.correlation;
    let msg = match a {
        Answer::ProducerId(result) => Message::InitProducerIdResponse {
            correlation,
            result,
        },
        Answer::Partitions(result) => Message::AddPartitionsToTxnResponse {
            correlation,
            result,
        },
        Answer::End(result) => Message::EndTxnResponse {
            correlation,
            result,
        },
    };
    ctx.send(NodeId::Broker(host.me), to.node, msg);
}

/// `TransactionState` (Dead, for expired transactional ids, is not modelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum TxnStatus {
    Empty,
    Ongoing,
    PrepareCommit,
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
    /// In memory only: bumping an open transaction's epoch before aborting it.
    PrepareEpochFence,
}

const STATUSES: [TxnStatus; 7] = [
    TxnStatus::Empty,
    TxnStatus::Ongoing,
    TxnStatus::PrepareCommit,
    TxnStatus::PrepareAbort,
    TxnStatus::CompleteCommit,
    TxnStatus::CompleteAbort,
    TxnStatus::PrepareEpochFence,
];

impl TxnStatus {
    pub fn name(self) -> &'static str {
        match self {
            TxnStatus::Empty => "Empty",
            TxnStatus::Ongoing => "Ongoing",
            TxnStatus::PrepareCommit => "PrepareCommit",
            TxnStatus::PrepareAbort => "PrepareAbort",
            TxnStatus::CompleteCommit => "CompleteCommit",
            TxnStatus::CompleteAbort => "CompleteAbort",
            TxnStatus::PrepareEpochFence => "PrepareEpochFence",
        }
    }
}

/// What a `__transaction_state` record holds (`TransactionLogValue`),
/// written as readable text: `Ongoing pid=1000 epoch=0 timeout=60000
/// start=120 updated=130 partitions=orders-0,orders-1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxnValue {
    pub producer_id: i64,
    pub producer_epoch: i16,
    /// The epoch before the last bump (not persisted, as in Kafka), so a
    /// retried epoch bump whose answer was lost is recognised.
    pub last_producer_epoch: i16,
    pub timeout_ms: i64,
    pub state: TxnStatus,
    pub partitions: VecSet<Tp>,
    /// When the open transaction started (-1: none).
    pub start_ms: i64,
    pub last_update_ms: i64,
}

impl TxnValue {
    fn encode(&self) -> String {
        let parts: Vec<String> = self.partitions.iter().map(Tp::to_string).collect();
        format!(
            "{} pid={} epoch={} timeout={} start={} updated={} partitions={}",
            self.state.name(),
            self.producer_id,
            self.producer_epoch,
            self.timeout_ms,
            self.start_ms,
            self.last_update_ms,
            parts.join(",")
        )
    }

    fn decode(text: &str) -> Option<TxnValue> {
        let mut words = text.split(' ');
        let state = words.next()?;
        let state = STATUSES.into_iter().find(|s| s.name() == state)?;
        let mut fields = VecMap::new();
        for w in words {
            let (k, v) = w.split_once('=')?;
            fields.insert(k, v);
        }
        let num = |k: &str| fields.get(k)?.parse::<i64>().ok();
        let partitions = fields
            .get("partitions")?
            .split(',')
            .filter(|p| !p.is_empty())
            .map(Tp::parse)
            .collect::<Option<_>>()?;
        Some(TxnValue {
            producer_id: num("pid")?,
            producer_epoch: i16::try_from(num("epoch")?).ok()?,
            last_producer_epoch: -1,
            timeout_ms: num("timeout")?,
            state,
            partitions,
            start_ms: num("start")?,
            last_update_ms: num("updated")?,
        })
    }

    /// `isEpochExhausted`: Kafka rotates to a new producer id before the
    /// epoch would overflow.
    fn epoch_exhausted(epoch: i16) -> bool {
        epoch >= i16::MAX - 1
    }
}

/// `TransactionMetadata`: the committed state plus the transition being written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Metadata {
    value: TxnValue,
    pending: Option<TxnStatus>,
    /// The epoch bump of a fence was not written (the append failed): the
    /// next fence reuses it rather than bumping again.
    failed_epoch_fence: bool,
}

/// A transaction's markers being written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Completion {
    commit: bool,
    producer_id: i64,
    producer_epoch: i16,
    remaining: VecSet<Tp>,
}

/// A `__transaction_state` partition this broker leads.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Owned {
    /// The partition's leader epoch when this broker took it over.
    coordinator_epoch: i32,
    loaded: bool,
    txns: VecMap<Rc<str>, Metadata>,
    completing: VecMap<Rc<str>, Completion>,
}

/// Who hears of a Prepare write once it is committed.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PrepareReply {
    /// A timed-out transaction: nobody is waiting.
    Nobody,
    EndTxn(Caller),
    /// A new instance's InitProducerId, told to retry (CONCURRENT_TRANSACTIONS).
    InitRetry(Caller),
}

/// What to do when a state record is committed.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Then {
    InitProducerId(Caller),
    AddPartitions(Caller),
    Prepare { reply: PrepareReply, fence: bool },
    Complete,
}

/// A state record appended, waiting for the HW to pass `end_offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PendingWrite {
    partition: u32,
    coordinator_epoch: i32,
    transactional_id: Rc<str>,
    end_offset: i64,
    value: TxnValue,
    then: Then,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TxnCoordinator {
    owned: VecMap<u32, Owned>,
    writes: VecMap<u64, PendingWrite>,
    next_write: u64,
    /// WriteTxnMarkers in flight: correlation → (transactional id, partition).
    markers: VecMap<u64, (Rc<str>, Tp)>,
    scan_armed: bool,
}

fn state_tp(partition: u32) -> Tp {
    Tp::new(InternalTopic::TransactionState.name(), partition)
}

impl TxnCoordinator {
    /// Client requests this coordinator is holding until a write commits
    /// (a crash resets their connections).
    pub fn held_requests(&self) -> Vec<(NodeId, u64)> {
        self.writes
            .values()
            .filter_map(|w| match &w.then {
                Then::InitProducerId(c)
                | Then::AddPartitions(c)
                | Then::Prepare {
                    reply: PrepareReply::EndTxn(c) | PrepareReply::InitRetry(c),
                    ..
                } => Some((c.node, c.correlation)),
                _ => None,
            })
            .collect()
    }

    pub fn has_pending_writes(&self) -> bool {
        !self.writes.is_empty()
    }

    pub fn is_marker_request(&self, correlation: u64) -> bool {
        self.markers.contains_key(&correlation)
    }

    fn partition_of(&self, tid: &str, ctx: &Ctx) -> u32 {
        let n = InternalTopic::TransactionState.partitions(ctx.broker_config);
        coordinator_partition(tid, n)
    }

    /// `getTransactionState`: this id's partition must be ours and loaded.
    fn owned_for(&mut self, tid: &str, ctx: &Ctx) -> Result<(u32, &mut Owned), KafkaError> {
        let p = self.partition_of(tid, ctx);
        match self.owned.get_mut(&p) {
            None => Err(KafkaError::NotCoordinator),
            Some(o) if !o.loaded => Err(KafkaError::CoordinatorLoadInProgress),
            Some(o) => Ok((p, o)),
        }
    }

    // ---- leadership of __transaction_state partitions ---------------

    /// `onElection`: load the partition's transactions (after a short load).
    pub fn on_election(
        &mut self,
        host: &Host,
        partition: u32,
        coordinator_epoch: i32,
        ctx: &mut Ctx,
    ) {
        self.owned.insert(
            partition,
            Owned {
                coordinator_epoch,
                loaded: false,
                txns: VecMap::new(),
                completing: VecMap::new(),
            },
        );
        let records = host
            .log(&state_tp(partition))
            .map_or(0, |l| l.records.len());
        let node = NodeId::Broker(host.me);
        ctx.after(
            node,
            load_ms(records),
            Timer::TxnLoaded {
                partition,
                coordinator_epoch,
            },
        );
        if !self.scan_armed {
            self.scan_armed = true;
            ctx.after(
                node,
                ctx.broker_config.transaction_abort_interval_ms,
                Timer::TxnAbortScan,
            );
        }
    }

    /// `onResignation`: forget the partition; whoever waits on one of its
    /// writes is told NOT_COORDINATOR.
    pub fn on_resignation(&mut self, host: &Host, partition: u32, ctx: &mut Ctx) {
        if self.owned.remove(&partition).is_none() {
            return;
        }
        let lost: Vec<u64> = self
            .writes
            .iter()
            .filter(|(_, w)| w.partition == partition)
            .map(|(&id, _)| id)
            .collect();
        for id in lost {
            if let Some(w) = self.writes.remove(&id) {
                reply_failed(host, &w.then, KafkaError::NotCoordinator, ctx);
            }
        }
    }

    fn load(&mut self, host: &mut Host, partition: u32, coordinator_epoch: i32, ctx: &mut Ctx) {
        let Some(owned) = self
            .owned
            .get_mut(&partition)
            .filter(|o| o.coordinator_epoch == coordinator_epoch && !o.loaded)
        else {
            return;
        };
        // TransactionStateManager.loadTransactionMetadata reads to the log
        // end: the last record of each id is its state.
        if let Some(log) = host.log(&state_tp(partition)) {
            for r in log.records.iter() {
                if let (Some(key), Some(value)) = (&r.key, TxnValue::decode(&r.value)) {
                    owned.txns.insert(
                        key.clone(),
                        Metadata {
                            value,
                            pending: None,
                            failed_epoch_fence: false,
                        },
                    );
                }
            }
        }
        owned.loaded = true;
        let completing: Vec<Rc<str>> = owned
            .txns
            .iter()
            .filter(|(_, m)| {
                matches!(
                    m.value.state,
                    TxnStatus::PrepareCommit | TxnStatus::PrepareAbort
                )
            })
            .map(|(k, _)| k.clone())
            .collect();
        ctx.emit(Event::TxnCoordinatorLoaded {
            broker: host.me,
            partition,
            coordinator_epoch,
            transactions: owned.txns.len() as u32,
            completing: completing.iter().map(|t| t.to_string()).collect(),
        });
        for tid in completing {
            self.start_markers(host, partition, &tid, ctx);
        }
    }

    // ---- client requests -------------------------------------------

    /// `handleInitProducerId` for a transactional id.
    pub fn init_producer_id(
        &mut self,
        host: &mut Host,
        caller: Caller,
        tid: Rc<str>,
        timeout_ms: i64,
        current: Option<(i64, i16)>,
        ctx: &mut Ctx,
    ) {
        let reply = |host: &Host, ctx: &mut Ctx, result| {
            answer(host, caller, Answer::ProducerId(result), ctx)
        };
        if timeout_ms <= 0 || timeout_ms > ctx.broker_config.transaction_max_timeout_ms {
            return reply(host, ctx, Err(KafkaError::InvalidTransactionTimeout));
        }
        let now = ctx.now as i64;
        let (partition, owned) = match self.owned_for(&tid, ctx) {
            Ok(o) => o,
            Err(e) => return reply(host, ctx, Err(e)),
        };
        let meta = owned.txns.entry(tid.clone()).or_insert_with(|| Metadata {
            value: TxnValue {
                producer_id: host.new_producer_id(),
                producer_epoch: -1,
                last_producer_epoch: -1,
                timeout_ms,
                state: TxnStatus::Empty,
                partitions: VecSet::new(),
                start_ms: -1,
                last_update_ms: now,
            },
            pending: None,
            failed_epoch_fence: false,
        });
        let v = &meta.value;
        // isValidProducerId: an epoch bump must come from the current id.
        let valid_id = |(pid, epoch): (i64, i16)| {
            v.producer_epoch < 0 || pid == v.producer_id || TxnValue::epoch_exhausted(epoch)
        };
        if meta.pending.is_some() {
            return reply(host, ctx, Err(KafkaError::ConcurrentTransactions));
        }
        if !current.is_none_or(valid_id) {
            return reply(host, ctx, Err(KafkaError::ProducerFenced));
        }
        match v.state {
            TxnStatus::PrepareCommit | TxnStatus::PrepareAbort => {
                reply(host, ctx, Err(KafkaError::ConcurrentTransactions))
            }
            TxnStatus::Ongoing => {
                let reply = PrepareReply::InitRetry(caller);
                self.fence_and_abort(
                    host,
                    partition,
                    &tid,
                    TxnFenceReason::NewInstance,
                    reply,
                    ctx,
                );
            }
            _ => {
                // prepareIncrementProducerEpoch / prepareProducerIdRotation
                let mut next = v.clone();
                let expected = current.map(|(_, e)| e);
                if TxnValue::epoch_exhausted(v.producer_epoch)
                    && expected.is_none_or(|e| e == v.producer_epoch)
                {
                    next.producer_id = host.new_producer_id();
                    next.producer_epoch = 0;
                    next.last_producer_epoch = -1;
                } else {
                    let bumped = if v.producer_epoch < 0 {
                        0
                    } else {
                        v.producer_epoch + 1
                    };
                    match expected {
                        None => {
                            next.producer_epoch = bumped;
                            next.last_producer_epoch = -1;
                        }
                        Some(e) if v.producer_epoch < 0 || e == v.producer_epoch => {
                            next.producer_epoch = bumped;
                            next.last_producer_epoch = v.producer_epoch;
                        }
                        // A retry of a bump whose answer was lost.
                        Some(e) if e == v.last_producer_epoch => {}
                        Some(_) => return reply(host, ctx, Err(KafkaError::ProducerFenced)),
                    }
                }
                next.timeout_ms = timeout_ms;
                next.state = TxnStatus::Empty;
                next.partitions.clear();
                next.start_ms = -1;
                next.last_update_ms = now;
                let then = Then::InitProducerId(caller);
                self.append(host, partition, &tid, next, then, ctx);
            }
        }
    }

    /// `handleAddPartitionsToTransaction`.
    pub fn add_partitions(
        &mut self,
        host: &mut Host,
        caller: Caller,
        tid: Rc<str>,
        producer: (i64, i16),
        partitions: Vec<Tp>,
        ctx: &mut Ctx,
    ) {
        let reply = |host: &Host, ctx: &mut Ctx, result| {
            answer(host, caller, Answer::Partitions(result), ctx)
        };
        let now = ctx.now as i64;
        let (partition, owned) = match self.owned_for(&tid, ctx) {
            Ok(o) => o,
            Err(e) => return reply(host, ctx, Err(e)),
        };
        let Some(meta) = owned.txns.get(&tid) else {
            return reply(host, ctx, Err(KafkaError::InvalidProducerIdMapping));
        };
        let v = &meta.value;
        let added: VecSet<Tp> = partitions.into_iter().collect();
        let refused = if v.producer_id != producer.0 {
            Some(KafkaError::InvalidProducerIdMapping)
        } else if v.producer_epoch != producer.1 {
            Some(KafkaError::ProducerFenced)
        } else if meta.pending.is_some()
            || matches!(v.state, TxnStatus::PrepareCommit | TxnStatus::PrepareAbort)
        {
            Some(KafkaError::ConcurrentTransactions)
        } else {
            None
        };
        if let Some(e) = refused {
            return reply(host, ctx, Err(e));
        }
        if v.state == TxnStatus::Ongoing && added.is_subset(&v.partitions) {
            return reply(host, ctx, Ok(()));
        }
        // prepareAddPartitions
        let mut next = v.clone();
        if matches!(
            v.state,
            TxnStatus::Empty | TxnStatus::CompleteCommit | TxnStatus::CompleteAbort
        ) {
            next.start_ms = now;
        }
        next.state = TxnStatus::Ongoing;
        next.partitions.extend(added);
        next.last_update_ms = now;
        let then = Then::AddPartitions(caller);
        self.append(host, partition, &tid, next, then, ctx);
    }

    /// `handleEndTransaction` from a client.
    pub fn end_txn(
        &mut self,
        host: &mut Host,
        caller: Caller,
        tid: Rc<str>,
        producer: (i64, i16),
        commit: bool,
        ctx: &mut Ctx,
    ) {
        let reply = PrepareReply::EndTxn(caller);
        if let Err(e) = self.end_transaction(host, &tid, producer, commit, true, reply, ctx) {
            answer(host, caller, Answer::End(e), ctx);
        }
    }

    /// `endTransaction`: validate, then write PrepareCommit/PrepareAbort.
    /// `Err(answer)` when nothing is written (the answer may be success: a
    /// retried commit of a committed transaction).
    #[allow(clippy::too_many_arguments)]
    fn end_transaction(
        &mut self,
        host: &mut Host,
        tid: &Rc<str>,
        (pid, epoch): (i64, i16),
        commit: bool,
        from_client: bool,
        reply: PrepareReply,
        ctx: &mut Ctx,
    ) -> Result<(), Result<(), KafkaError>> {
        let now = ctx.now as i64;
        let (partition, owned) = self.owned_for(tid, ctx).map_err(Err)?;
        let meta = owned
            .txns
            .get_mut(tid)
            .ok_or(Err(KafkaError::InvalidProducerIdMapping))?;
        let v = &meta.value;
        let fence = meta.pending == Some(TxnStatus::PrepareEpochFence);
        if v.producer_id != pid {
            return Err(Err(KafkaError::InvalidProducerIdMapping));
        }
        // Strict equality for clients; the coordinator's own abort may carry the bumped epoch.
        if (from_client && epoch != v.producer_epoch) || epoch < v.producer_epoch {
            return Err(Err(KafkaError::ProducerFenced));
        }
        if meta.pending.is_some() && !fence {
            return Err(Err(KafkaError::ConcurrentTransactions));
        }
        let answer = match (v.state, commit) {
            (TxnStatus::Ongoing, _) => Ok(()),
            (TxnStatus::CompleteCommit, true) | (TxnStatus::CompleteAbort, false) => Err(Ok(())),
            (TxnStatus::PrepareCommit, true) | (TxnStatus::PrepareAbort, false) => {
                Err(Err(KafkaError::ConcurrentTransactions))
            }
            _ => Err(Err(KafkaError::InvalidTxnState)),
        };
        answer?;
        if fence {
            meta.pending = None;
            meta.value.producer_epoch = epoch;
            meta.value.last_producer_epoch = -1;
        }
        let mut next = meta.value.clone();
        next.state = if commit {
            TxnStatus::PrepareCommit
        } else {
            TxnStatus::PrepareAbort
        };
        next.last_update_ms = now;
        let then = Then::Prepare { reply, fence };
        self.append(host, partition, tid, next, then, ctx);
        Ok(())
    }

    /// `prepareFenceProducerEpoch` + `endTransaction(ABORT, isFromClient =
    /// false)`: the open transaction is aborted under a bumped epoch, so
    /// its markers fence the old producer on every partition it wrote to.
    fn fence_and_abort(
        &mut self,
        host: &mut Host,
        partition: u32,
        tid: &Rc<str>,
        reason: TxnFenceReason,
        reply: PrepareReply,
        ctx: &mut Ctx,
    ) {
        let Some(meta) = self
            .owned
            .get_mut(&partition)
            .and_then(|o| o.txns.get_mut(tid))
        else {
            return;
        };
        let v = &meta.value;
        let old = v.producer_epoch;
        let bumped = if meta.failed_epoch_fence {
            old
        } else {
            old.saturating_add(1)
        };
        meta.pending = Some(TxnStatus::PrepareEpochFence);
        ctx.emit(Event::TxnFenced {
            coordinator: host.me,
            transactional_id: tid.to_string(),
            producer_id: v.producer_id,
            old_epoch: old,
            new_epoch: bumped,
            reason,
            partitions: v.partitions.iter().cloned().collect(),
        });
        let pid = v.producer_id;
        let result =
            self.end_transaction(host, tid, (pid, bumped), false, false, reply.clone(), ctx);
        if let Err(answer) = result {
            if let Some(meta) = self
                .owned
                .get_mut(&partition)
                .and_then(|o| o.txns.get_mut(tid))
            {
                meta.pending = None;
            }
            let error = answer.err().unwrap_or(KafkaError::ConcurrentTransactions);
            reply_prepare(host, &reply, Err(error), ctx);
        }
    }

    // ---- writing the state log ---------------------------------------

    /// `appendTransactionToLog`: the transition is pending until its record
    /// is committed.
    fn append(
        &mut self,
        host: &mut Host,
        partition: u32,
        tid: &Rc<str>,
        value: TxnValue,
        then: Then,
        ctx: &mut Ctx,
    ) {
        let Some(owned) = self.owned.get_mut(&partition) else {
            return reply_failed(host, &then, KafkaError::NotCoordinator, ctx);
        };
        let coordinator_epoch = owned.coordinator_epoch;
        if let Some(meta) = owned.txns.get_mut(tid) {
            meta.pending = Some(value.state);
        }
        let label: Rc<str> = Rc::from(format!("{tid}: {}", value.state.name()));
        let text: Rc<str> = Rc::from(value.encode());
        match host.append(&state_tp(partition), tid.clone(), text, label, ctx) {
            Ok(end_offset) => {
                self.next_write += 1;
                let write = self.next_write;
                self.writes.insert(
                    write,
                    PendingWrite {
                        partition,
                        coordinator_epoch,
                        transactional_id: tid.clone(),
                        end_offset,
                        value,
                        then,
                    },
                );
                ctx.after(
                    NodeId::Broker(host.me),
                    INTER_BROKER_TIMEOUT_MS,
                    Timer::TxnWriteTimeout { write },
                );
            }
            Err(e) => self.write_failed(host, partition, tid, &then, e, ctx),
        }
    }

    /// An append that failed or timed out: the pending transition is
    /// dropped; the error the client sees is Kafka's mapping.
    fn write_failed(
        &mut self,
        host: &Host,
        partition: u32,
        tid: &Rc<str>,
        then: &Then,
        error: KafkaError,
        ctx: &mut Ctx,
    ) {
        let error = match error {
            KafkaError::NotLeaderOrFollower => KafkaError::NotCoordinator,
            KafkaError::UnknownTopicOrPartition
            | KafkaError::NotEnoughReplicas
            | KafkaError::NotEnoughReplicasAfterAppend
            | KafkaError::RequestTimedOut => KafkaError::CoordinatorNotAvailable,
            e => e,
        };
        if let Some(meta) = self
            .owned
            .get_mut(&partition)
            .and_then(|o| o.txns.get_mut(tid))
        {
            meta.pending = None;
            if matches!(then, Then::Prepare { fence: true, .. }) {
                meta.failed_epoch_fence = true;
            }
        }
        if *then == Then::Complete {
            // TransactionMarkerChannelManager retries the completion.
            ctx.after(
                NodeId::Broker(host.me),
                RETRY_BACKOFF_MS,
                Timer::TxnRetry {
                    transactional_id: tid.clone(),
                    tp: None,
                },
            );
        }
        reply_failed(host, then, error, ctx);
    }

    /// After the broker handled anything: writes the HW has passed take effect.
    pub fn progress(&mut self, host: &mut Host, ctx: &mut Ctx) {
        let done: Vec<u64> = self
            .writes
            .iter()
            .filter(|(_, w)| {
                host.high_watermark(&state_tp(w.partition))
                    .is_some_and(|hw| hw >= w.end_offset)
            })
            .map(|(&id, _)| id)
            .collect();
        for id in done {
            if let Some(w) = self.writes.remove(&id) {
                self.committed(host, w, ctx);
            }
        }
    }

    /// `completeTransitionTo`, then the callback of the write.
    fn committed(&mut self, host: &mut Host, w: PendingWrite, ctx: &mut Ctx) {
        let tid = w.transactional_id.clone();
        let Some(owned) = self
            .owned
            .get_mut(&w.partition)
            .filter(|o| o.coordinator_epoch == w.coordinator_epoch)
        else {
            return reply_failed(host, &w.then, KafkaError::NotCoordinator, ctx);
        };
        let meta = owned.txns.entry(tid.clone()).or_insert_with(|| Metadata {
            value: w.value.clone(),
            pending: None,
            failed_epoch_fence: false,
        });
        meta.value = w.value.clone();
        meta.pending = None;
        meta.failed_epoch_fence = false;
        let v = &w.value;
        ctx.emit(Event::TxnStateChanged {
            coordinator: host.me,
            transactional_id: tid.to_string(),
            producer_id: v.producer_id,
            epoch: v.producer_epoch,
            state: v.state,
            partitions: v.partitions.iter().cloned().collect(),
            offset: w.end_offset - 1,
        });
        match w.then {
            Then::InitProducerId(c) => {
                let result = Ok((v.producer_id, v.producer_epoch));
                answer(host, c, Answer::ProducerId(result), ctx)
            }
            Then::AddPartitions(c) => answer(host, c, Answer::Partitions(Ok(())), ctx),
            Then::Prepare { reply, .. } => {
                // The client is answered now; the markers follow.
                reply_prepare(host, &reply, Ok(()), ctx);
                self.start_markers(host, w.partition, &tid, ctx);
            }
            Then::Complete => {
                owned.completing.remove(&tid);
            }
        }
    }

    // ---- markers ------------------------------------------------------

    /// `addTxnMarkersToSend`: a marker for every partition of a prepared
    /// transaction; the completion is pending meanwhile.
    fn start_markers(&mut self, host: &mut Host, partition: u32, tid: &Rc<str>, ctx: &mut Ctx) {
        let Some(owned) = self.owned.get_mut(&partition) else {
            return;
        };
        let Some(meta) = owned.txns.get_mut(tid) else {
            return;
        };
        let v = &meta.value;
        let commit = v.state == TxnStatus::PrepareCommit;
        meta.pending = Some(if commit {
            TxnStatus::CompleteCommit
        } else {
            TxnStatus::CompleteAbort
        });
        owned.completing.insert(
            tid.clone(),
            Completion {
                commit,
                producer_id: v.producer_id,
                producer_epoch: v.producer_epoch,
                remaining: v.partitions.clone(),
            },
        );
        let partitions: Vec<Tp> = v.partitions.iter().cloned().collect();
        if partitions.is_empty() {
            self.write_complete(host, partition, tid, ctx);
        }
        for tp in partitions {
            self.send_marker(host, partition, tid, &tp, ctx);
        }
    }

    fn send_marker(&mut self, host: &Host, partition: u32, tid: &Rc<str>, tp: &Tp, ctx: &mut Ctx) {
        let Some(owned) = self.owned.get(&partition) else {
            return;
        };
        let Some(c) = owned
            .completing
            .get(tid)
            .filter(|c| c.remaining.contains(tp))
        else {
            return;
        };
        let me = NodeId::Broker(host.me);
        let Some(leader) = host.leader_of(tp) else {
            return retry_later(me, tid, Some(tp.clone()), ctx);
        };
        let correlation = ctx.correlation();
        let marker = TxnMarker {
            tp: tp.clone(),
            producer_id: c.producer_id,
            producer_epoch: c.producer_epoch,
            coordinator_epoch: owned.coordinator_epoch,
            commit: c.commit,
        };
        ctx.send(
            me,
            NodeId::Broker(leader),
            Message::WriteTxnMarkers {
                correlation,
                marker,
            },
        );
        ctx.after(
            me,
            INTER_BROKER_TIMEOUT_MS,
            Timer::RequestTimeout { correlation },
        );
        self.markers.insert(correlation, (tid.clone(), tp.clone()));
    }

    /// `TransactionMarkerRequestCompletionHandler`.
    pub fn on_marker_response(
        &mut self,
        host: &mut Host,
        correlation: u64,
        result: Result<i64, KafkaError>,
        ctx: &mut Ctx,
    ) {
        let Some((tid, tp)) = self.markers.remove(&correlation) else {
            return;
        };
        let partition = self.partition_of(&tid, ctx);
        let Some(owned) = self.owned.get_mut(&partition) else {
            return;
        };
        let Some(c) = owned.completing.get_mut(&tid) else {
            return;
        };
        match result {
            Ok(_) => {
                c.remaining.remove(&tp);
                if c.remaining.is_empty() {
                    self.write_complete(host, partition, &tid, ctx);
                }
            }
            // The producer or this coordinator was fenced meanwhile: this
            // transaction is someone else's business now.
            Err(KafkaError::InvalidProducerEpoch | KafkaError::TransactionCoordinatorFenced) => {
                owned.completing.remove(&tid);
            }
            Err(_) => retry_later(NodeId::Broker(host.me), &tid, Some(tp), ctx),
        }
    }

    /// A marker request lost (timed out or the connection reset): try again.
    pub fn on_marker_lost(&mut self, host: &mut Host, correlation: u64, ctx: &mut Ctx) {
        self.on_marker_response(host, correlation, Err(KafkaError::NetworkException), ctx);
    }

    /// `prepareComplete`: CompleteCommit/CompleteAbort, the partitions cleared.
    fn write_complete(&mut self, host: &mut Host, partition: u32, tid: &Rc<str>, ctx: &mut Ctx) {
        let Some(meta) = self.owned.get(&partition).and_then(|o| o.txns.get(tid)) else {
            return;
        };
        let mut next = meta.value.clone();
        next.state = match next.state {
            TxnStatus::PrepareCommit => TxnStatus::CompleteCommit,
            _ => TxnStatus::CompleteAbort,
        };
        next.partitions.clear();
        next.last_update_ms = ctx.now as i64;
        self.append(host, partition, tid, next, Then::Complete, ctx);
    }

    // ---- timers -------------------------------------------------------

    pub fn on_timer(&mut self, host: &mut Host, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::TxnLoaded {
                partition,
                coordinator_epoch,
            } => self.load(host, partition, coordinator_epoch, ctx),
            Timer::TxnAbortScan => {
                self.abort_timed_out(host, ctx);
                let every = ctx.broker_config.transaction_abort_interval_ms;
                ctx.after(NodeId::Broker(host.me), every, Timer::TxnAbortScan);
            }
            Timer::TxnWriteTimeout { write } => {
                if let Some(w) = self.writes.remove(&write) {
                    let tid = w.transactional_id.clone();
                    self.write_failed(
                        host,
                        w.partition,
                        &tid,
                        &w.then,
                        KafkaError::RequestTimedOut,
                        ctx,
                    );
                }
            }
            Timer::TxnRetry {
                transactional_id,
                tp,
            } => {
                let partition = self.partition_of(&transactional_id, ctx);
                match tp {
                    Some(tp) => self.send_marker(host, partition, &transactional_id, &tp, ctx),
                    None => {
                        let waiting = self.owned.get(&partition).is_some_and(|o| {
                            o.completing
                                .get(&transactional_id)
                                .is_some_and(|c| c.remaining.is_empty())
                        });
                        if waiting {
                            self.write_complete(host, partition, &transactional_id, ctx);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// `abortTimedOutTransactions`: open longer than their timeout.
    fn abort_timed_out(&mut self, host: &mut Host, ctx: &mut Ctx) {
        let now = ctx.now as i64;
        let expired: Vec<(u32, Rc<str>)> = self
            .owned
            .iter()
            .filter(|(_, o)| o.loaded)
            .flat_map(|(&p, o)| {
                o.txns
                    .iter()
                    .filter(move |(_, m)| {
                        m.value.state == TxnStatus::Ongoing
                            && m.pending.is_none()
                            && m.value.start_ms + m.value.timeout_ms < now
                    })
                    .map(move |(tid, _)| (p, tid.clone()))
            })
            .collect();
        for (partition, tid) in expired {
            let reason = TxnFenceReason::Timeout;
            self.fence_and_abort(host, partition, &tid, reason, PrepareReply::Nobody, ctx);
        }
    }
}

fn retry_later(me: NodeId, tid: &Rc<str>, tp: Option<Tp>, ctx: &mut Ctx) {
    let transactional_id = tid.clone();
    ctx.after(
        me,
        RETRY_BACKOFF_MS,
        Timer::TxnRetry {
            transactional_id,
            tp,
        },
    );
}

fn reply_prepare(host: &Host, reply: &PrepareReply, result: Result<(), KafkaError>, ctx: &mut Ctx) {
    match *reply {
        PrepareReply::Nobody => {}
        PrepareReply::EndTxn(c) => answer(host, c, Answer::End(result), ctx),
        PrepareReply::InitRetry(c) => {
            // The fence is written: the new instance retries until the abort completes.
            let result = Err(result.err().unwrap_or(KafkaError::ConcurrentTransactions));
            answer(host, c, Answer::ProducerId(result), ctx)
        }
    }
}

fn reply_failed(host: &Host, then: &Then, error: KafkaError, ctx: &mut Ctx) {
    match *then {
        Then::InitProducerId(c) => answer(host, c, Answer::ProducerId(Err(error)), ctx),
        Then::AddPartitions(c) => answer(host, c, Answer::Partitions(Err(error)), ctx),
        Then::Prepare { ref reply, .. } => reply_prepare(host, reply, Err(error), ctx),
        Then::Complete => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_records_read_back() {
        let v = TxnValue {
            producer_id: 2000,
            producer_epoch: 3,
            last_producer_epoch: -1,
            timeout_ms: 60_000,
            state: TxnStatus::Ongoing,
            partitions: [Tp::new("orders", 0), Tp::new("my-topic", 11)].into(),
            start_ms: 120,
            last_update_ms: 130,
        };
        let text = v.encode();
        assert_eq!(
            text,
            "Ongoing pid=2000 epoch=3 timeout=60000 start=120 updated=130 partitions=my-topic-11,orders-0"
        );
        assert_eq!(TxnValue::decode(&text), Some(v.clone()));
        let empty = TxnValue {
            state: TxnStatus::CompleteCommit,
            partitions: VecSet::new(),
            ..v
        };
        assert_eq!(TxnValue::decode(&empty.encode()), Some(empty));
        assert_eq!(TxnValue::decode("Ongoing pid=x"), None);
        assert!(TxnValue::epoch_exhausted(i16::MAX - 1) && !TxnValue::epoch_exhausted(5));
    }
}
