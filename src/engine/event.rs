//! The observable history: every step of the simulation emits typed events
//! with the simulated time and the data a learner needs to read them: who,
//! which partition, which offsets and record ids, which epoch, which error —
//! enough for the page to animate and narrate each one in Korean or English.
//! Events are data, never control flow: the engine never reads them back.

use serde::Serialize;

use super::config::Acks;
use super::isolation::IsolationLevel;
use super::network::DropReason;
use super::protocol::KafkaError;
use super::txn_coordinator::TxnStatus;
use super::types::{BrokerId, ControlRecordType, NodeId, RecordId, TimeMs, Tp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TruncationReason {
    /// Pre-KIP-101: a follower cuts its log back to its own high watermark.
    HighWatermark,
    /// KIP-101/279: the leader said where the follower's epoch really ends.
    DivergingEpoch,
    /// Pre-KIP-101: the follower was ahead of the leader's log end.
    OffsetOutOfRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FenceReason {
    SessionTimeout,
    ControlledShutdown,
}

/// Why a coordinator bumped the epoch of an open transaction and aborts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TxnFenceReason {
    /// A producer with the same transactional.id called InitProducerId.
    NewInstance,
    /// Open longer than its transaction.timeout.ms.
    Timeout,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    // --- network ---
    MessageSent {
        id: u64,
        from: NodeId,
        to: NodeId,
        api: &'static str,
        response: bool,
        deliver_at: TimeMs,
    },
    MessageDelivered {
        id: u64,
        from: NodeId,
        to: NodeId,
        api: &'static str,
    },
    MessageDropped {
        id: u64,
        from: NodeId,
        to: NodeId,
        api: &'static str,
        reason: DropReason,
    },

    // --- faults and operator actions ---
    BrokerCrashed {
        broker: BrokerId,
    },
    BrokerStarted {
        broker: BrokerId,
        fast: bool,
    },
    ControlledShutdownStarted {
        broker: BrokerId,
    },
    BrokerStopped {
        broker: BrokerId,
    },
    LinkCut {
        from: NodeId,
        to: NodeId,
    },
    LinkHealed {
        from: NodeId,
        to: NodeId,
    },
    DropRateSet {
        per_mille: u32,
    },
    NodeSlowed {
        node: NodeId,
        extra_ms: TimeMs,
    },
    TopicCreated {
        topic: String,
        partitions: u32,
        replication_factor: u32,
    },
    TopicConfigChanged {
        topic: String,
        name: String,
        value: String,
    },
    /// `kafka-topics.sh --alter --partitions`: the keys produced so far
    /// whose partition changes, `(key, old partition, new partition)`.
    PartitionsAdded {
        topic: String,
        from: u32,
        to: u32,
        moved_keys: Vec<(String, u32, u32)>,
    },

    // --- controller ---
    BrokerRegistered {
        broker: BrokerId,
        broker_epoch: i64,
    },
    BrokerFenced {
        broker: BrokerId,
        reason: FenceReason,
    },
    BrokerUnfenced {
        broker: BrokerId,
    },
    LeaderElected {
        tp: Tp,
        leader: Option<BrokerId>,
        leader_epoch: i32,
        isr: Vec<BrokerId>,
        clean: bool,
        previous: Option<BrokerId>,
    },
    IsrChanged {
        tp: Tp,
        isr: Vec<BrokerId>,
        previous: Vec<BrokerId>,
        partition_epoch: i32,
        by_controller: bool,
    },

    // --- replication ---
    RecordsAppended {
        broker: BrokerId,
        tp: Tp,
        base_offset: i64,
        count: u32,
        leader_epoch: i32,
        as_leader: bool,
        ids: Vec<RecordId>,
    },
    FollowerFetched {
        leader: BrokerId,
        follower: BrokerId,
        tp: Tp,
        fetch_offset: i64,
        records: u32,
        leader_hw: i64,
    },
    HighWatermarkAdvanced {
        broker: BrokerId,
        tp: Tp,
        from: i64,
        to: i64,
    },
    BecameLeader {
        broker: BrokerId,
        tp: Tp,
        leader_epoch: i32,
        leo: i64,
        hw: i64,
    },
    BecameFollower {
        broker: BrokerId,
        tp: Tp,
        leader: Option<BrokerId>,
        leader_epoch: i32,
    },
    LogTruncated {
        broker: BrokerId,
        tp: Tp,
        from_leo: i64,
        to_offset: i64,
        reason: TruncationReason,
        removed: Vec<RecordId>,
    },
    IsrShrinkRequested {
        leader: BrokerId,
        tp: Tp,
        out_of_sync: Vec<BrokerId>,
        lag_ms: TimeMs,
    },
    IsrExpandRequested {
        leader: BrokerId,
        tp: Tp,
        caught_up: BrokerId,
    },
    /// Idempotence: a retried batch that is already in the log is answered
    /// with its original offset instead of being written twice.
    DuplicateRejected {
        broker: BrokerId,
        tp: Tp,
        producer_id: i64,
        base_sequence: i32,
        offset: i64,
    },

    // --- producer ---
    ProduceSent {
        producer: u32,
        tp: Tp,
        ids: Vec<RecordId>,
        acks: Acks,
        attempt: u32,
        leader: BrokerId,
    },
    ProduceAcked {
        producer: u32,
        tp: Tp,
        ids: Vec<RecordId>,
        base_offset: i64,
    },
    ProduceUnacknowledged {
        producer: u32,
        tp: Tp,
        ids: Vec<RecordId>,
    },
    ProduceError {
        producer: u32,
        tp: Tp,
        ids: Vec<RecordId>,
        error: KafkaError,
        will_retry: bool,
    },
    ProduceFailed {
        producer: u32,
        tp: Tp,
        ids: Vec<RecordId>,
        error: KafkaError,
    },
    AutoProduceSet {
        producer: u32,
        topic: String,
        per_second: u32,
    },

    // --- transactions ---
    /// FindCoordinator answered a transactional producer.
    TxnCoordinatorFound {
        producer: u32,
        transactional_id: String,
        /// The `__transaction_state` partition the id hashes to.
        partition: u32,
        result: Result<BrokerId, KafkaError>,
    },
    /// InitProducerId answered: the id and epoch the producer now writes with.
    ProducerIdInitialized {
        producer: u32,
        transactional_id: String,
        producer_id: i64,
        epoch: i16,
        coordinator: BrokerId,
    },
    TransactionBegun {
        producer: u32,
        transactional_id: String,
    },
    /// commitTransaction / abortTransaction returned to the application.
    TransactionEnded {
        producer: u32,
        transactional_id: String,
        committed: bool,
    },
    /// The transaction manager entered an error state: abortable (the
    /// application must abort, then may go on) or fatal (only close is left).
    TransactionalError {
        producer: u32,
        transactional_id: String,
        error: KafkaError,
        fatal: bool,
    },
    /// A scripted transactional call or send refused when it ran, with the
    /// exception the Java client throws.
    TransactionCallFailed {
        producer: u32,
        call: String,
        error: String,
    },
    /// A transaction coordinator's state change, now committed in its
    /// `__transaction_state` partition at `offset`.
    TxnStateChanged {
        coordinator: BrokerId,
        transactional_id: String,
        producer_id: i64,
        epoch: i16,
        state: TxnStatus,
        partitions: Vec<Tp>,
        offset: i64,
    },
    /// The coordinator bumped an open transaction's epoch and aborts it.
    TxnFenced {
        coordinator: BrokerId,
        transactional_id: String,
        producer_id: i64,
        old_epoch: i16,
        new_epoch: i16,
        reason: TxnFenceReason,
        partitions: Vec<Tp>,
    },
    /// A broker became coordinator for a `__transaction_state` partition and
    /// rebuilt its transactions from the log; `completing` are those found
    /// half-way through a commit or abort, whose markers it now sends.
    TxnCoordinatorLoaded {
        broker: BrokerId,
        partition: u32,
        coordinator_epoch: i32,
        transactions: u32,
        completing: Vec<String>,
    },
    /// A partition leader appended a COMMIT or ABORT control record.
    TxnMarkerWritten {
        broker: BrokerId,
        tp: Tp,
        producer_id: i64,
        producer_epoch: i16,
        marker: ControlRecordType,
        offset: i64,
        /// Where this producer's transaction started in this partition.
        first_offset: i64,
        coordinator_epoch: i32,
    },
    /// The last stable offset moved, or started or stopped lagging the HW.
    LastStableOffsetMoved {
        broker: BrokerId,
        tp: Tp,
        from: i64,
        to: i64,
        high_watermark: i64,
        /// The producer whose undecided transaction holds it below the HW.
        held_by: Option<i64>,
    },

    // --- consumer ---
    ConsumerFetched {
        consumer: u32,
        tp: Tp,
        offset: i64,
        ids: Vec<RecordId>,
        high_watermark: i64,
        /// read_committed consumers: the leader's last stable offset.
        #[serde(skip_serializing_if = "Option::is_none")]
        last_stable_offset: Option<i64>,
    },
    /// Records a consumer fetched but did not return: aborted transactional
    /// records (read_committed) and control markers (both levels).
    ConsumerSkipped {
        consumer: u32,
        tp: Tp,
        isolation: IsolationLevel,
        aborted: Vec<RecordId>,
        markers: Vec<i64>,
        next_offset: i64,
    },
    ConsumerReset {
        consumer: u32,
        tp: Tp,
        offset: i64,
    },

    // --- guarantees (the checker's findings, as they appear) ---
    AcknowledgedRecordLost {
        tp: Tp,
        offset: i64,
        id: RecordId,
    },
    ConsumedRecordLost {
        consumer: u32,
        tp: Tp,
        offset: i64,
        id: RecordId,
    },
}

impl Event {
    /// The partition this event is about, for filtering the history.
    pub fn tp(&self) -> Option<&Tp> {
        match self {
            Event::LeaderElected { tp, .. }
            | Event::IsrChanged { tp, .. }
            | Event::RecordsAppended { tp, .. }
            | Event::FollowerFetched { tp, .. }
            | Event::HighWatermarkAdvanced { tp, .. }
            | Event::BecameLeader { tp, .. }
            | Event::BecameFollower { tp, .. }
            | Event::LogTruncated { tp, .. }
            | Event::IsrShrinkRequested { tp, .. }
            | Event::IsrExpandRequested { tp, .. }
            | Event::DuplicateRejected { tp, .. }
            | Event::ProduceSent { tp, .. }
            | Event::ProduceAcked { tp, .. }
            | Event::ProduceUnacknowledged { tp, .. }
            | Event::ProduceError { tp, .. }
            | Event::ProduceFailed { tp, .. }
            | Event::ConsumerFetched { tp, .. }
            | Event::ConsumerSkipped { tp, .. }
            | Event::TxnMarkerWritten { tp, .. }
            | Event::LastStableOffsetMoved { tp, .. }
            | Event::ConsumerReset { tp, .. }
            | Event::AcknowledgedRecordLost { tp, .. }
            | Event::ConsumedRecordLost { tp, .. } => Some(tp),
            _ => None,
        }
    }

    /// A short category for colouring and filtering: "network", "fault",
    /// "controller", "replication", "producer", "transaction", "consumer"
    /// or "alarm".
    pub fn category(&self) -> &'static str {
        match self {
            Event::MessageSent { .. }
            | Event::MessageDelivered { .. }
            | Event::MessageDropped { .. } => "network",
            Event::BrokerCrashed { .. }
            | Event::BrokerStarted { .. }
            | Event::ControlledShutdownStarted { .. }
            | Event::BrokerStopped { .. }
            | Event::LinkCut { .. }
            | Event::LinkHealed { .. }
            | Event::DropRateSet { .. }
            | Event::NodeSlowed { .. } => "fault",
            Event::TopicCreated { .. }
            | Event::TopicConfigChanged { .. }
            | Event::PartitionsAdded { .. }
            | Event::BrokerRegistered { .. }
            | Event::BrokerFenced { .. }
            | Event::BrokerUnfenced { .. }
            | Event::LeaderElected { .. }
            | Event::IsrChanged { .. } => "controller",
            Event::RecordsAppended { .. }
            | Event::FollowerFetched { .. }
            | Event::HighWatermarkAdvanced { .. }
            | Event::BecameLeader { .. }
            | Event::BecameFollower { .. }
            | Event::LogTruncated { .. }
            | Event::IsrShrinkRequested { .. }
            | Event::IsrExpandRequested { .. }
            | Event::DuplicateRejected { .. } => "replication",
            Event::ProduceSent { .. }
            | Event::ProduceAcked { .. }
            | Event::ProduceUnacknowledged { .. }
            | Event::ProduceError { .. }
            | Event::ProduceFailed { .. }
            | Event::AutoProduceSet { .. } => "producer",
            Event::TxnCoordinatorFound { .. }
            | Event::ProducerIdInitialized { .. }
            | Event::TransactionBegun { .. }
            | Event::TransactionEnded { .. }
            | Event::TransactionalError { .. }
            | Event::TransactionCallFailed { .. }
            | Event::TxnStateChanged { .. }
            | Event::TxnFenced { .. }
            | Event::TxnCoordinatorLoaded { .. }
            | Event::TxnMarkerWritten { .. }
            | Event::LastStableOffsetMoved { .. } => "transaction",
            Event::ConsumerFetched { .. }
            | Event::ConsumerSkipped { .. }
            | Event::ConsumerReset { .. } => "consumer",
            Event::AcknowledgedRecordLost { .. } | Event::ConsumedRecordLost { .. } => "alarm",
        }
    }

    /// Whether a teacher would want this event as a timeline marker: faults and
    /// operator actions, fencing, elections, ISR changes, truncations, produce
    /// errors and failures, and lost records.
    pub fn is_marker(&self) -> bool {
        match self {
            Event::BrokerCrashed { .. }
            | Event::BrokerStarted { .. }
            | Event::ControlledShutdownStarted { .. }
            | Event::BrokerStopped { .. }
            | Event::LinkCut { .. }
            | Event::LinkHealed { .. }
            | Event::DropRateSet { .. }
            | Event::NodeSlowed { .. }
            | Event::TopicConfigChanged { .. }
            | Event::PartitionsAdded { .. }
            | Event::DuplicateRejected { .. }
            | Event::BrokerFenced { .. }
            | Event::LeaderElected { .. }
            | Event::IsrChanged { .. }
            | Event::LogTruncated { .. }
            | Event::ProduceFailed { .. }
            | Event::TransactionalError { .. }
            | Event::TransactionCallFailed { .. }
            | Event::TxnFenced { .. }
            | Event::AcknowledgedRecordLost { .. }
            | Event::ConsumedRecordLost { .. } => true,
            // A coordinator moving (not the first load at start-up).
            Event::TxnCoordinatorLoaded {
                coordinator_epoch, ..
            } => *coordinator_epoch > 0,
            // A retried error repeats every retry.backoff.ms: too frequent
            // for a marker; the final ProduceFailed is one.
            Event::ProduceError { .. }
            | Event::MessageSent { .. }
            | Event::MessageDelivered { .. }
            | Event::MessageDropped { .. }
            | Event::TopicCreated { .. }
            | Event::BrokerRegistered { .. }
            | Event::BrokerUnfenced { .. }
            | Event::RecordsAppended { .. }
            | Event::FollowerFetched { .. }
            | Event::HighWatermarkAdvanced { .. }
            | Event::BecameLeader { .. }
            | Event::BecameFollower { .. }
            | Event::IsrShrinkRequested { .. }
            | Event::IsrExpandRequested { .. }
            | Event::ProduceSent { .. }
            | Event::ProduceAcked { .. }
            | Event::ProduceUnacknowledged { .. }
            | Event::ConsumerFetched { .. }
            | Event::ConsumerSkipped { .. }
            | Event::ConsumerReset { .. }
            | Event::TxnCoordinatorFound { .. }
            | Event::ProducerIdInitialized { .. }
            | Event::TransactionBegun { .. }
            | Event::TransactionEnded { .. }
            | Event::TxnStateChanged { .. }
            | Event::TxnMarkerWritten { .. }
            | Event::LastStableOffsetMoved { .. }
            | Event::AutoProduceSet { .. } => false,
        }
    }

    /// Network chatter (sent/delivered) the UI animates but does not narrate.
    /// A refused connection to a node that is down is chatter too: clients
    /// retry it every `retry.backoff.ms` until the metadata moves on.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            Event::MessageSent { .. }
                | Event::MessageDelivered { .. }
                | Event::MessageDropped {
                    reason: DropReason::DestinationDown,
                    ..
                }
        )
    }
}

/// An event with its place in history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimedEvent {
    pub seq: u64,
    pub at_ms: TimeMs,
    #[serde(flatten)]
    pub event: Event,
}
