//! The transactional producer's side of KIP-98 (the Java client's
//! `TransactionManager` and the transactional half of its `Sender`).
//!
//! The application calls `initTransactions`, `beginTransaction`, `send`,
//! `commitTransaction`, `abortTransaction`; each is checked against Kafka's
//! state machine (UNINITIALIZED → INITIALIZING → READY → IN_TRANSACTION →
//! COMMITTING_TRANSACTION / ABORTING_TRANSACTION → READY, plus
//! ABORTABLE_ERROR and FATAL_ERROR) and refused with the exception Kafka
//! throws. The manager then sends its requests one at a time, in priority
//! order — FindCoordinator, InitProducerId, AddPartitionsToTxn, EndTxn, the
//! KIP-360 epoch bump — and while one is in flight the producer sends no
//! data (`Sender.maybeSendAndPollTransactionalRequest`). A batch goes out
//! only once its partition is in the transaction; EndTxn only once every
//! batch of the transaction is acknowledged or failed.
//!
//! In the simulation a blocking call (init, commit, abort) returns at once
//! and its result arrives later as an event; a call made before the
//! previous one finished meets the state Kafka would be in (INITIALIZING,
//! COMMITTING_TRANSACTION …) and is refused as Kafka refuses it.

use std::rc::Rc;

use serde::Serialize;

use super::client::Bootstrap;
use super::command::{Command, CommandError};
use super::config::ProducerConfig;
use super::ctx::{Ctx, Timer};
use super::event::Event;
use super::internal_topic::{coordinator_partition, InternalTopic};
use super::protocol::{CoordinatorType, KafkaError, Message};
use super::sim::Simulation;
use super::types::{BrokerId, NodeId, TimeMs, Tp};
use crate::engine::vec_map::{VecMap, VecSet};

/// `TransactionManager.State`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TxnState {
    Uninitialized,
    Initializing,
    Ready,
    InTransaction,
    CommittingTransaction,
    AbortingTransaction,
    AbortableError,
    FatalError,
}

impl TxnState {
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Uninitialized => "UNINITIALIZED",
            TxnState::Initializing => "INITIALIZING",
            TxnState::Ready => "READY",
            TxnState::InTransaction => "IN_TRANSACTION",
            TxnState::CommittingTransaction => "COMMITTING_TRANSACTION",
            TxnState::AbortingTransaction => "ABORTING_TRANSACTION",
            TxnState::AbortableError => "ABORTABLE_ERROR",
            TxnState::FatalError => "FATAL_ERROR",
        }
    }

    /// `State.isTransitionValid`.
    fn can_become(self, target: TxnState) -> bool {
        use TxnState::*;
        match target {
            Uninitialized => self == Ready,
            Initializing => matches!(self, Uninitialized | AbortingTransaction),
            Ready => matches!(
                self,
                Initializing | CommittingTransaction | AbortingTransaction
            ),
            InTransaction => self == Ready,
            CommittingTransaction => self == InTransaction,
            AbortingTransaction => matches!(self, InTransaction | AbortableError),
            AbortableError => {
                matches!(self, InTransaction | CommittingTransaction | AbortableError)
            }
            FatalError => true,
        }
    }

    fn has_error(self) -> bool {
        matches!(self, TxnState::AbortableError | TxnState::FatalError)
    }

    fn is_completing(self) -> bool {
        matches!(
            self,
            TxnState::CommittingTransaction | TxnState::AbortingTransaction
        )
    }
}

/// The application's transactional calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnCall {
    Init,
    Begin,
    Commit,
    Abort,
}

impl TxnCall {
    pub fn name(self) -> &'static str {
        match self {
            TxnCall::Init => "initTransactions",
            TxnCall::Begin => "beginTransaction",
            TxnCall::Commit => "commitTransaction",
            TxnCall::Abort => "abortTransaction",
        }
    }

    /// The state the call moves to (the one it must be allowed to enter).
    fn target(self) -> TxnState {
        match self {
            TxnCall::Init => TxnState::Initializing,
            TxnCall::Begin => TxnState::InTransaction,
            TxnCall::Commit => TxnState::CommittingTransaction,
            TxnCall::Abort => TxnState::AbortingTransaction,
        }
    }
}

/// `KafkaProducer.throwIfNoTransactionManager`.
pub const NOT_TRANSACTIONAL: &str = "IllegalStateException: Cannot use transactional methods \
     without enabling transactions by setting the transactional.id configuration property";

/// What an application call meets: Kafka's checks, given the state, the
/// last error, the producer id and epoch, and the transactional id.
fn check_call(
    state: TxnState,
    last_error: Option<KafkaError>,
    producer: Option<(i64, i16)>,
    tid: &str,
    call: TxnCall,
) -> Result<(), String> {
    // handleCachedTransactionRequestResult: repeating a blocking call while
    // it runs just waits for it again.
    if call != TxnCall::Begin && state == call.target() {
        return Ok(());
    }
    let check_error = match call {
        TxnCall::Init => false,
        TxnCall::Abort => state != TxnState::AbortableError,
        TxnCall::Begin | TxnCall::Commit => true,
    };
    if check_error && state.has_error() {
        return Err(match last_error {
            Some(KafkaError::ProducerFenced) => "ProducerFencedException: The producer has been \
                 rejected from the broker because it tried to use an old epoch with the transactionalId"
                .to_string(),
            Some(KafkaError::InvalidProducerEpoch) => {
                let (pid, epoch) = producer.unwrap_or((-1, -1));
                format!(
                    "InvalidProducerEpochException: Producer attempted to produce with an old \
                     epoch (producerId={pid}, epoch={epoch})"
                )
            }
            _ => "KafkaException: Cannot execute transactional method because we are in an \
                  error state"
                .to_string(),
        });
    }
    if !state.can_become(call.target()) {
        return Err(format!(
            "KafkaException: TransactionalId {tid}: Invalid transition attempted from state {} \
             to state {}",
            state.name(),
            call.target().name()
        ));
    }
    Ok(())
}

/// `failIfNotReadyForSend`.
fn check_send(state: TxnState, has_producer_id: bool) -> Result<(), String> {
    if state.has_error() {
        return Err(
            "KafkaException: Cannot perform send because at least one previous \
                    transactional or idempotent request has failed with errors."
                .to_string(),
        );
    }
    if !has_producer_id {
        return Err(
            "IllegalStateException: Cannot perform a 'send' before completing a call \
                    to initTransactions when transactions are enabled."
                .to_string(),
        );
    }
    if state != TxnState::InTransaction {
        return Err(format!(
            "IllegalStateException: Cannot call send in state {}",
            state.name()
        ));
    }
    Ok(())
}

/// Transactional requests, in Kafka's priority order (`Priority`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Request {
    FindCoordinator,
    InitProducerId,
    AddPartitions,
    EndTxn {
        commit: bool,
    },
    /// InitProducerId with the current id and epoch (KIP-360).
    EpochBump,
}

/// What the Sender may do after the transactional step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnPoll {
    /// No transactional request is in the way: send data.
    Data,
    /// A transactional request is in flight (or was just sent).
    Wait,
    /// Backing off before a retried request.
    WaitUntil(TimeMs),
}

/// `AddPartitionsToTxnHandler`'s shorter backoff for the first partitions
/// of a transaction, while the previous one is still completing.
const ADD_PARTITIONS_RETRY_BACKOFF_MS: TimeMs = 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionManager {
    producer: u32,
    pub transactional_id: Rc<str>,
    timeout_ms: i64,
    pub state: TxnState,
    pub last_error: Option<KafkaError>,
    pub producer_id: Option<(i64, i16)>,
    coordinator: Option<BrokerId>,
    queue: VecSet<Request>,
    /// Requests waiting to be resent, with the backoff before they go.
    retrying: VecMap<Request, TimeMs>,
    in_flight: Option<(u64, Request)>,
    backoff_until: TimeMs,
    new_partitions: VecSet<Tp>,
    pending_partitions: VecSet<Tp>,
    pub partitions: VecSet<Tp>,
    transaction_started: bool,
    epoch_bump_required: bool,
    /// A new producer id or epoch the producer has not picked up yet.
    new_id: bool,
}

impl TransactionManager {
    pub fn new(producer: u32, transactional_id: &str, timeout_ms: i64) -> Self {
        TransactionManager {
            producer,
            transactional_id: Rc::from(transactional_id),
            timeout_ms,
            state: TxnState::Uninitialized,
            last_error: None,
            producer_id: None,
            coordinator: None,
            queue: VecSet::new(),
            retrying: VecMap::new(),
            in_flight: None,
            backoff_until: 0,
            new_partitions: VecSet::new(),
            pending_partitions: VecSet::new(),
            partitions: VecSet::new(),
            transaction_started: false,
            epoch_bump_required: false,
            new_id: false,
        }
    }

    // ---- the application's calls ---------------------------------------

    pub fn check(&self, call: TxnCall) -> Result<(), String> {
        check_call(
            self.state,
            self.last_error,
            self.producer_id,
            &self.transactional_id,
            call,
        )
    }

    pub fn check_send(&self) -> Result<(), String> {
        check_send(self.state, self.producer_id.is_some())
    }

    /// Applies a call that passed `check`.
    pub fn call(&mut self, call: TxnCall, ctx: &mut Ctx) {
        debug_assert!(self.check(call).is_ok());
        if call != TxnCall::Begin && self.state == call.target() {
            return;
        }
        match call {
            TxnCall::Init => {
                self.state = TxnState::Initializing;
                self.queue.insert(Request::InitProducerId);
            }
            TxnCall::Begin => {
                self.state = TxnState::InTransaction;
                ctx.emit(Event::TransactionBegun {
                    producer: self.producer,
                    transactional_id: self.transactional_id.to_string(),
                });
            }
            TxnCall::Commit => {
                self.state = TxnState::CommittingTransaction;
                self.begin_completing(true);
            }
            TxnCall::Abort => {
                self.state = TxnState::AbortingTransaction;
                self.last_error = None;
                self.new_partitions.clear();
                self.begin_completing(false);
            }
        }
    }

    /// `beginCompletingTransaction`: EndTxn, and the epoch bump after it if
    /// an error asked for one.
    fn begin_completing(&mut self, commit: bool) {
        if !self.new_partitions.is_empty() {
            self.enqueue_add_partitions();
        }
        self.queue.insert(Request::EndTxn { commit });
        if self.epoch_bump_required {
            self.queue.insert(Request::EpochBump);
        }
    }

    /// `maybeAddPartitionToTransaction`, at `send()`.
    pub fn maybe_add_partition(&mut self, tp: &Tp) {
        if !self.partitions.contains(tp) && !self.pending_partitions.contains(tp) {
            self.new_partitions.insert(tp.clone());
        }
    }

    /// `isSendToPartitionAllowed`.
    pub fn is_send_allowed(&self, tp: &Tp) -> bool {
        self.state != TxnState::FatalError && self.partitions.contains(tp)
    }

    /// Batches never sent are failed with this while the transaction is
    /// being aborted (`abortUndrainedBatches`).
    pub fn undrained_error(&self) -> Option<KafkaError> {
        matches!(
            self.state,
            TxnState::AbortableError | TxnState::AbortingTransaction
        )
        .then(|| self.last_error.unwrap_or(KafkaError::TransactionAborted))
    }

    /// In FATAL_ERROR every batch fails with the error and nothing is sent.
    pub fn fatal_error(&self) -> Option<KafkaError> {
        (self.state == TxnState::FatalError)
            .then(|| self.last_error.unwrap_or(KafkaError::ProducerFenced))
    }

    /// A new producer id or epoch to write with (sequences restart at 0).
    pub fn take_new_id(&mut self) -> Option<(i64, i16)> {
        std::mem::take(&mut self.new_id)
            .then_some(self.producer_id)
            .flatten()
    }

    /// `maybeTransitionToErrorState` for a batch that failed for good.
    pub fn batch_failed(&mut self, error: KafkaError, ctx: &mut Ctx) {
        if error == KafkaError::ProducerFenced {
            return self.fatal(error, ctx);
        }
        if !self.state.is_completing() {
            self.epoch_bump_required = true;
        }
        self.abortable(error, ctx);
    }

    fn fatal(&mut self, error: KafkaError, ctx: &mut Ctx) {
        if self.state == TxnState::FatalError {
            return;
        }
        self.state = TxnState::FatalError;
        self.last_error = Some(error);
        self.emit_error(error, true, ctx);
    }

    /// `transitionToAbortableError` (skipped while already aborting).
    fn abortable(&mut self, error: KafkaError, ctx: &mut Ctx) {
        if self.state == TxnState::AbortingTransaction
            || !self.state.can_become(TxnState::AbortableError)
        {
            return;
        }
        let first = self.state != TxnState::AbortableError;
        self.state = TxnState::AbortableError;
        self.last_error = Some(error);
        if first {
            self.emit_error(error, false, ctx);
        }
    }

    fn emit_error(&self, error: KafkaError, fatal: bool, ctx: &mut Ctx) {
        ctx.emit(Event::TransactionalError {
            producer: self.producer,
            transactional_id: self.transactional_id.to_string(),
            error,
            fatal,
        });
    }

    /// `completeTransaction`.
    fn complete(&mut self) {
        self.state = if self.epoch_bump_required {
            TxnState::Initializing
        } else {
            TxnState::Ready
        };
        self.last_error = None;
        self.epoch_bump_required = false;
        self.transaction_started = false;
        self.new_partitions.clear();
        self.pending_partitions.clear();
        self.partitions.clear();
    }

    // ---- the Sender's transactional step ------------------------------

    fn enqueue_add_partitions(&mut self) {
        self.pending_partitions.append(&mut self.new_partitions);
        self.queue.insert(Request::AddPartitions);
    }

    fn lookup_coordinator(&mut self) {
        self.coordinator = None;
        self.queue.insert(Request::FindCoordinator);
    }

    fn reenqueue(&mut self, request: Request, backoff_ms: TimeMs) {
        self.queue.insert(request);
        self.retrying.insert(request, backoff_ms);
    }

    pub fn owns(&self, correlation: u64) -> bool {
        self.in_flight.is_some_and(|(c, _)| c == correlation)
    }

    /// `nextRequest`: the next request to send, if any may go now.
    fn next_request(&mut self, incomplete_batches: bool, ctx: &mut Ctx) -> Option<Request> {
        if !self.new_partitions.is_empty() {
            self.enqueue_add_partitions();
        }
        loop {
            let next = *self.queue.first()?;
            // EndTxn only once every batch is acknowledged or failed.
            if matches!(next, Request::EndTxn { .. }) && incomplete_batches {
                return None;
            }
            self.queue.remove(&next);
            let passes = self.state == TxnState::AbortableError && next == Request::FindCoordinator;
            if self.state.has_error() && !passes {
                // maybeTerminateRequestWithError: the blocked call fails.
                if let Request::EndTxn { commit } = next {
                    let call = if commit {
                        TxnCall::Commit
                    } else {
                        TxnCall::Abort
                    };
                    let error = self
                        .last_error
                        .map_or_else(String::new, |e| e.message().into());
                    ctx.emit(Event::TransactionCallFailed {
                        producer: self.producer,
                        call: call.name().to_string(),
                        error,
                    });
                }
                return None;
            }
            if let Request::EndTxn { commit } = next {
                if !self.transaction_started {
                    // Nothing was added to the transaction: nothing to end.
                    self.complete();
                    self.transaction_ended(commit, ctx);
                    continue;
                }
            }
            return Some(next);
        }
    }

    /// Sends the next transactional request if there is one
    /// (`maybeSendAndPollTransactionalRequest`).
    pub fn poll(
        &mut self,
        bootstrap: &mut Bootstrap,
        incomplete_batches: bool,
        config: &ProducerConfig,
        ctx: &mut Ctx,
    ) -> TxnPoll {
        if self.in_flight.is_some() {
            return TxnPoll::Wait;
        }
        if ctx.now < self.backoff_until {
            return TxnPoll::WaitUntil(self.backoff_until);
        }
        let Some(request) = self.next_request(incomplete_batches, ctx) else {
            return TxnPoll::Data;
        };
        if let Some(backoff) = self.retrying.remove(&request) {
            // A retried request waits retry.backoff.ms first (the Sender sleeps).
            self.queue.insert(request);
            self.backoff_until = ctx.now + backoff;
            return TxnPoll::WaitUntil(self.backoff_until);
        }
        let node = NodeId::Producer(self.producer);
        let timeout = config.request_timeout_ms;
        if request == Request::FindCoordinator {
            let key = self.transactional_id.clone();
            let sent =
                bootstrap.request(node, timeout, ctx, |correlation| Message::FindCoordinator {
                    correlation,
                    key,
                    key_type: CoordinatorType::Transaction,
                });
            self.in_flight = sent.map(|c| (c, request));
            return TxnPoll::Wait;
        }
        let Some(coordinator) = self.coordinator else {
            // maybeFindCoordinatorAndRetry: FindCoordinator goes first.
            self.lookup_coordinator();
            self.reenqueue(request, config.retry_backoff_ms);
            return self.poll(bootstrap, incomplete_batches, config, ctx);
        };
        let correlation = ctx.correlation();
        let tid = self.transactional_id.clone();
        let (producer_id, producer_epoch) = self.producer_id.unwrap_or((-1, -1));
        let msg = match request {
            Request::InitProducerId | Request::EpochBump => Message::InitProducerId {
                correlation,
                transactional_id: Some(tid),
                transaction_timeout_ms: self.timeout_ms,
                current: (request == Request::EpochBump).then_some((producer_id, producer_epoch)),
            },
            Request::AddPartitions => Message::AddPartitionsToTxn {
                correlation,
                transactional_id: tid,
                producer_id,
                producer_epoch,
                partitions: self.pending_partitions.iter().cloned().collect(),
            },
            Request::EndTxn { commit } => Message::EndTxn {
                correlation,
                transactional_id: tid,
                producer_id,
                producer_epoch,
                commit,
            },
            Request::FindCoordinator => unreachable!("sent above"),
        };
        ctx.send(node, NodeId::Broker(coordinator), msg);
        ctx.after(node, timeout, Timer::RequestTimeout { correlation });
        self.in_flight = Some((correlation, request));
        TxnPoll::Wait
    }

    /// A transactional request lost (disconnected or timed out): look the
    /// coordinator up again and resend.
    pub fn on_lost(&mut self, config: &ProducerConfig) {
        if let Some((_, request)) = self.in_flight.take() {
            if request != Request::FindCoordinator {
                self.lookup_coordinator();
            }
            self.reenqueue(request, config.retry_backoff_ms);
        }
    }

    /// The handlers' `handleResponse`.
    pub fn on_response(&mut self, msg: Message, config: &ProducerConfig, ctx: &mut Ctx) {
        let Some((_, request)) = self.in_flight.take() else {
            return;
        };
        let backoff = config.retry_backoff_ms;
        let result = match msg {
            Message::FindCoordinatorResponse { result, .. } => {
                let n = InternalTopic::TransactionState.partitions(ctx.broker_config);
                ctx.emit(Event::TxnCoordinatorFound {
                    producer: self.producer,
                    transactional_id: self.transactional_id.to_string(),
                    partition: coordinator_partition(&self.transactional_id, n),
                    result,
                });
                match result {
                    Ok(b) => {
                        self.coordinator = Some(b);
                        return;
                    }
                    Err(KafkaError::CoordinatorNotAvailable) => {
                        return self.reenqueue(request, backoff);
                    }
                    Err(e) => return self.fatal(e, ctx),
                }
            }
            Message::InitProducerIdResponse { result, .. } => match result {
                Ok((pid, epoch)) => {
                    self.producer_id = Some((pid, epoch));
                    self.new_id = true;
                    self.state = TxnState::Ready;
                    self.last_error = None;
                    ctx.emit(Event::ProducerIdInitialized {
                        producer: self.producer,
                        transactional_id: self.transactional_id.to_string(),
                        producer_id: pid,
                        epoch,
                        coordinator: self.coordinator.unwrap_or(-1),
                    });
                    return;
                }
                Err(e) => e,
            },
            Message::AddPartitionsToTxnResponse { result, .. } => match result {
                Ok(()) => {
                    self.partitions.append(&mut self.pending_partitions);
                    self.transaction_started = true;
                    return;
                }
                Err(KafkaError::ConcurrentTransactions) => {
                    let backoff = if self.partitions.is_empty() {
                        ADD_PARTITIONS_RETRY_BACKOFF_MS.min(backoff)
                    } else {
                        backoff
                    };
                    return self.reenqueue(request, backoff);
                }
                Err(KafkaError::UnknownTopicOrPartition) => {
                    return self.reenqueue(request, backoff);
                }
                Err(e) => e,
            },
            Message::EndTxnResponse { result, .. } => match result {
                Ok(()) => {
                    if let Request::EndTxn { commit } = request {
                        self.complete();
                        self.transaction_ended(commit, ctx);
                    }
                    return;
                }
                Err(e) => e,
            },
            _ => return,
        };
        match result {
            KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable => {
                self.lookup_coordinator();
                self.reenqueue(request, backoff);
            }
            KafkaError::CoordinatorLoadInProgress | KafkaError::ConcurrentTransactions => {
                self.reenqueue(request, backoff)
            }
            // Older coordinators said INVALID_PRODUCER_EPOCH: the same fence.
            KafkaError::InvalidProducerEpoch | KafkaError::ProducerFenced => {
                self.fatal(KafkaError::ProducerFenced, ctx)
            }
            KafkaError::InvalidProducerIdMapping if request != Request::InitProducerId => {
                // abortableErrorIfPossible
                self.epoch_bump_required = true;
                self.pending_partitions.clear();
                self.abortable(result, ctx);
            }
            e => self.fatal(e, ctx),
        }
    }

    fn transaction_ended(&self, committed: bool, ctx: &mut Ctx) {
        ctx.emit(Event::TransactionEnded {
            producer: self.producer,
            transactional_id: self.transactional_id.to_string(),
            committed,
        });
    }
}

/// The producer and the call behind a transactional command (a produce by a
/// transactional producer counts: its `send()` is checked too).
pub fn transactional_call(cmd: &Command, sim: &Simulation) -> Option<(u32, &'static str)> {
    match cmd {
        Command::Produce { producer, .. } | Command::AutoProduce { producer, .. } => sim
            .nodes
            .producers
            .get(producer)
            .filter(|p| p.txn.is_some())
            .map(|_| (*producer, "send")),
        _ => cmd.txn_call().map(|(p, call)| (p, call.name())),
    }
}

/// A scenario script's transactional steps checked before it runs. Each
/// producer's possible states are predicted: a call succeeds in time
/// (`initTransactions` → READY, commit/abort → READY), but a transaction
/// may also have hit an abortable error (a fenced or failed send, a failed
/// commit). A step refused in every possible state — a commit without a
/// begin, a send outside a transaction, a begin before `initTransactions`
/// — is an error at load time, with Kafka's message for the expected state.
#[derive(Clone, Debug, Default)]
pub struct ScriptedTransactions {
    predicted: VecMap<u32, Vec<TxnState>>,
}

impl ScriptedTransactions {
    /// `None` for a step that is not transactional (checked as usual).
    pub fn check(&mut self, cmd: &Command, sim: &Simulation) -> Option<Result<(), CommandError>> {
        let (producer, call) = match cmd {
            Command::Produce { producer, .. } | Command::AutoProduce { producer, .. } => {
                (*producer, None)
            }
            _ => {
                let (p, call) = cmd.txn_call()?;
                (p, Some(call))
            }
        };
        let p = sim.nodes.producers.get(&producer)?;
        let Some(t) = &p.txn else {
            return call.map(|_| Err(CommandError::new("producer", NOT_TRANSACTIONAL)));
        };
        let states = self
            .predicted
            .entry(producer)
            .or_insert_with(|| vec![TxnState::Uninitialized]);
        let verdicts: Vec<Result<(), String>> = states
            .iter()
            .map(|&s| match call {
                None => check_send(s, s != TxnState::Uninitialized),
                Some(c) => check_call(s, None, None, &t.transactional_id, c),
            })
            .collect();
        if let Some(Err(e)) = verdicts
            .iter()
            .find(|_| verdicts.iter().all(Result::is_err))
        {
            return Some(Err(CommandError::new("producer", e.clone())));
        }
        if let Some(c) = call {
            *states = match c {
                TxnCall::Init | TxnCall::Abort => vec![TxnState::Ready],
                TxnCall::Begin => vec![TxnState::InTransaction, TxnState::AbortableError],
                TxnCall::Commit => vec![TxnState::Ready, TxnState::AbortableError],
            };
        }
        Some(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafkas_state_machine_and_messages() {
        let ready = |call| check_call(TxnState::Ready, None, Some((1000, 0)), "tx", call);
        assert_eq!(
            ready(TxnCall::Commit).unwrap_err(),
            "KafkaException: TransactionalId tx: Invalid transition attempted from state READY to \
             state COMMITTING_TRANSACTION"
        );
        assert!(ready(TxnCall::Begin).is_ok());
        assert!(ready(TxnCall::Init).is_err());
        let fenced = check_call(
            TxnState::FatalError,
            Some(KafkaError::ProducerFenced),
            Some((1000, 0)),
            "tx",
            TxnCall::Commit,
        );
        assert!(fenced.unwrap_err().starts_with("ProducerFencedException"));
        let old_epoch = check_call(
            TxnState::AbortableError,
            Some(KafkaError::InvalidProducerEpoch),
            Some((1000, 0)),
            "tx",
            TxnCall::Commit,
        );
        assert!(old_epoch
            .unwrap_err()
            .ends_with("old epoch (producerId=1000, epoch=0)"));
        // Abort is the way out of an abortable error.
        let abort = check_call(
            TxnState::AbortableError,
            Some(KafkaError::InvalidProducerEpoch),
            Some((1000, 0)),
            "tx",
            TxnCall::Abort,
        );
        assert!(abort.is_ok());
        assert_eq!(
            check_send(TxnState::Ready, true).unwrap_err(),
            "IllegalStateException: Cannot call send in state READY"
        );
        assert!(check_send(TxnState::Uninitialized, false)
            .unwrap_err()
            .contains("before completing a call to initTransactions"));
    }
}
