//! The observable history: every step of the simulation emits typed events
//! with the simulated time and the data a learner needs to read them: who,
//! which partition, which offsets and record ids, which epoch, which error —
//! enough for the page to animate and narrate each one in Korean or English.
//! Events are data, never control flow: the engine never reads them back.

use serde::Serialize;

use super::compression::Codec;
use super::config::Acks;
use super::group_coordinator::GroupState;
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

/// How a consumer gives partitions up (`ConsumerRebalanceListener`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Revocation {
    /// `onPartitionsRevoked` before rejoining: every partition (eager protocol).
    Eager,
    /// `onPartitionsRevoked` after SyncGroup: only those moving elsewhere.
    Cooperative,
    /// `onPartitionsLost`: the group dropped this member (session or poll
    /// timeout, fenced); nothing is committed, others may already own them.
    Lost,
    /// `onPartitionsRevoked` in `close()` (`ConsumerCoordinator.onLeavePrepare`):
    /// every partition, after the closing auto-commit, under either protocol.
    Close,
}

/// Why the coordinator dropped a member from its group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRemovedReason {
    /// No heartbeat within session.timeout.ms (the process died or hangs).
    SessionTimeout,
    /// It did not rejoin within the rebalance timeout (max.poll.interval.ms).
    RebalanceTimeout,
    /// LeaveGroup, with the client's reason (closing, poll timeout expired).
    LeftGroup(String),
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
    /// `send()` blocks (`BufferPool.allocate`): record `id` needs a new
    /// batch of `needed` bytes and only `available` of `buffer.memory` are
    /// free; it waits up to `max_block_ms` for a batch to complete.
    SendBlocked {
        producer: u32,
        tp: Tp,
        id: RecordId,
        needed: i64,
        available: i64,
        max_block_ms: TimeMs,
    },
    /// Memory came back; the blocked `send()` returns after `waited_ms`.
    SendUnblocked {
        producer: u32,
        tp: Tp,
        id: RecordId,
        waited_ms: TimeMs,
    },
    /// `send()` failed before the record joined a batch; `message` is the
    /// Java client's exception text.
    SendFailed {
        producer: u32,
        topic: String,
        id: RecordId,
        error: KafkaError,
        message: String,
    },
    /// A batch closed for sending and compressed (`compression.type` not
    /// `none`; sizes and CPU time by the model in `compression.rs`): `bytes`
    /// uncompressed, `wire_bytes` on the wire, both with the batch header.
    BatchCompressed {
        producer: u32,
        tp: Tp,
        ids: Vec<RecordId>,
        codec: Codec,
        bytes: i64,
        wire_bytes: i64,
        cpu_us: u64,
        send_at: TimeMs,
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
    /// A consumer's committed offset for a partition, read back (OffsetFetch).
    ConsumerResumed {
        consumer: u32,
        tp: Tp,
        offset: i64,
    },
    ConsumerCrashed {
        consumer: u32,
    },
    ConsumerStarted {
        consumer: u32,
    },
    /// `new KafkaConsumer(props)` and `subscribe(topics)` or `assign(partitions)`
    /// while the cluster runs (`add_consumer`).
    ConsumerAdded {
        consumer: u32,
        group: Option<String>,
        subscribe: Vec<String>,
        assign: Vec<Tp>,
    },
    /// The application calls `close()`: once the records in hand are
    /// processed it commits (when auto-commit is on), revokes its partitions
    /// and, unless it is a static member, sends LeaveGroup.
    ConsumerClosing {
        consumer: u32,
        /// Its `group.id`, if any (what it commits to).
        group: Option<String>,
        /// A group member (`subscribe`), not `assign`.
        subscribed: bool,
        auto_commit: bool,
        static_member: bool,
    },
    /// `close()` returned: the process is gone from the cluster.
    ConsumerClosed {
        consumer: u32,
    },
    /// The application stops (or resumes) calling poll().
    ConsumerPaused {
        consumer: u32,
        paused: bool,
    },
    CoordinatorFound {
        client: NodeId,
        key: String,
        coordinator: BrokerId,
    },
    /// The group leader ran the assignor (client side, before SyncGroup).
    AssignmentComputed {
        consumer: u32,
        group: String,
        generation: i32,
        protocol: String,
        assignment: Vec<(String, Vec<Tp>)>,
    },
    /// The consumer stops fetching these partitions.
    PartitionsRevoked {
        consumer: u32,
        group: String,
        partitions: Vec<Tp>,
        how: Revocation,
    },
    PartitionsAssigned {
        consumer: u32,
        group: String,
        generation: i32,
        partitions: Vec<Tp>,
        /// Newly owned (the rest it kept through the rebalance).
        added: Vec<Tp>,
    },
    /// max.poll.interval.ms passed without a poll: the consumer leaves.
    PollTimeoutExpired {
        consumer: u32,
        group: String,
        max_poll_interval_ms: TimeMs,
    },
    OffsetCommitFailed {
        consumer: u32,
        group: String,
        error: KafkaError,
    },

    // --- group coordinator ---
    GroupsLoaded {
        coordinator: BrokerId,
        partition: u32,
        groups: Vec<String>,
    },
    GroupStateChanged {
        group: String,
        coordinator: BrokerId,
        from: GroupState,
        to: GroupState,
        generation: i32,
        reason: String,
    },
    MemberJoined {
        group: String,
        member_id: String,
        group_instance_id: Option<String>,
        client: NodeId,
    },
    StaticMemberReplaced {
        group: String,
        group_instance_id: String,
        old_member_id: String,
        new_member_id: String,
        rebalance: bool,
    },
    MemberRemoved {
        group: String,
        member_id: String,
        reason: MemberRemovedReason,
    },
    JoinCompleted {
        group: String,
        generation: i32,
        protocol: String,
        leader: String,
        members: Vec<String>,
    },
    /// The commit is in __consumer_offsets (replicated): it survives.
    OffsetsCommitted {
        group: String,
        coordinator: BrokerId,
        client: NodeId,
        offsets: Vec<(Tp, i64)>,
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
            | Event::SendBlocked { tp, .. }
            | Event::SendUnblocked { tp, .. }
            | Event::BatchCompressed { tp, .. }
            | Event::ConsumerFetched { tp, .. }
            | Event::ConsumerSkipped { tp, .. }
            | Event::TxnMarkerWritten { tp, .. }
            | Event::LastStableOffsetMoved { tp, .. }
            | Event::ConsumerReset { tp, .. }
            | Event::ConsumerResumed { tp, .. }
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
            | Event::AutoProduceSet { .. }
            | Event::SendBlocked { .. }
            | Event::SendUnblocked { .. }
            | Event::SendFailed { .. }
            | Event::BatchCompressed { .. } => "producer",
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
            | Event::ConsumerReset { .. }
            | Event::ConsumerSkipped { .. }
            | Event::ConsumerResumed { .. }
            | Event::CoordinatorFound { .. }
            | Event::AssignmentComputed { .. }
            | Event::PartitionsRevoked { .. }
            | Event::PartitionsAssigned { .. }
            | Event::PollTimeoutExpired { .. }
            | Event::OffsetCommitFailed { .. }
            | Event::ConsumerAdded { .. }
            | Event::ConsumerClosing { .. }
            | Event::ConsumerClosed { .. } => "consumer",
            Event::ConsumerCrashed { .. }
            | Event::ConsumerStarted { .. }
            | Event::ConsumerPaused { .. } => "fault",
            Event::GroupsLoaded { .. }
            | Event::GroupStateChanged { .. }
            | Event::MemberJoined { .. }
            | Event::StaticMemberReplaced { .. }
            | Event::MemberRemoved { .. }
            | Event::JoinCompleted { .. }
            | Event::OffsetsCommitted { .. } => "group",
            Event::AcknowledgedRecordLost { .. } | Event::ConsumedRecordLost { .. } => "alarm",
        }
    }

    /// Whether a teacher would want this event as a timeline marker: faults and
    /// operator actions, fencing, elections, ISR changes, truncations, produce
    /// failures, blocked and failed `send()` calls, and lost records.
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
            | Event::SendBlocked { .. }
            | Event::SendFailed { .. }
            | Event::AcknowledgedRecordLost { .. }
            | Event::ConsumedRecordLost { .. }
            | Event::ConsumerCrashed { .. }
            | Event::ConsumerStarted { .. }
            | Event::ConsumerPaused { .. }
            | Event::ConsumerAdded { .. }
            | Event::ConsumerClosing { .. }
            | Event::PollTimeoutExpired { .. }
            | Event::MemberRemoved { .. }
            | Event::JoinCompleted { .. }
            | Event::TransactionalError { .. }
            | Event::TransactionCallFailed { .. }
            | Event::TxnFenced { .. } => true,
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
            | Event::ConsumerResumed { .. }
            | Event::ConsumerClosed { .. }
            | Event::CoordinatorFound { .. }
            | Event::AssignmentComputed { .. }
            | Event::PartitionsRevoked { .. }
            | Event::PartitionsAssigned { .. }
            | Event::OffsetCommitFailed { .. }
            | Event::GroupsLoaded { .. }
            | Event::GroupStateChanged { .. }
            | Event::MemberJoined { .. }
            | Event::StaticMemberReplaced { .. }
            | Event::OffsetsCommitted { .. }
            | Event::AutoProduceSet { .. }
            | Event::SendUnblocked { .. }
            | Event::BatchCompressed { .. }
            | Event::TxnCoordinatorFound { .. }
            | Event::ProducerIdInitialized { .. }
            | Event::TransactionBegun { .. }
            | Event::TransactionEnded { .. }
            | Event::TxnStateChanged { .. }
            | Event::TxnMarkerWritten { .. }
            | Event::LastStableOffsetMoved { .. } => false,
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
