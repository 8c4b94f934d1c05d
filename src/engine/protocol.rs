//! Messages on the simulated network, named after Kafka's API keys
//! (Produce, Fetch, Metadata, ListOffsets, BrokerRegistration,
//! BrokerHeartbeat, AlterPartition, FindCoordinator, InitProducerId,
//! AddPartitionsToTxn, EndTxn, WriteTxnMarkers) and its error codes.

use std::fmt;
use std::rc::Rc;

use serde::Serialize;

use super::config::Acks;
use super::internal_topic::InternalTopic;
use super::isolation::IsolationLevel;
use super::log::EpochEndOffset;
use super::types::{BrokerId, NodeId, ProducerRecord, Record, TimeMs, Tp};

/// Kafka protocol errors (`org.apache.kafka.common.protocol.Errors`) that
/// the simulation can produce, with their codes and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KafkaError {
    OffsetOutOfRange,
    UnknownTopicOrPartition,
    LeaderNotAvailable,
    NotLeaderOrFollower,
    RequestTimedOut,
    NetworkException,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    FencedLeaderEpoch,
    UnknownLeaderEpoch,
    StaleBrokerEpoch,
    InvalidUpdateVersion,
    IneligibleReplica,
    DuplicateBrokerRegistration,
    /// Idempotence: a batch skipped a sequence number.
    OutOfOrderSequenceNumber,
    /// The coordinator is loading its state from its internal partition.
    CoordinatorLoadInProgress,
    /// No coordinator yet (its internal partition has no leader).
    CoordinatorNotAvailable,
    /// This broker is not (or no longer) the coordinator for the key.
    NotCoordinator,
    IllegalGeneration,
    InconsistentGroupProtocol,
    /// JoinGroup's session.timeout.ms outside the broker's
    /// group.min/max.session.timeout.ms.
    InvalidSessionTimeout,
    InvalidGroupId,
    UnknownMemberId,
    RebalanceInProgress,
    /// KIP-394: a new member first gets its member id, then joins with it.
    MemberIdRequired,
    /// KIP-345: another process joined with this group.instance.id.
    FencedInstanceId,
    /// A batch, marker or request carried an older producer epoch (KIP-588:
    /// what a partition leader answers a fenced producer's Produce).
    InvalidProducerEpoch,
    InvalidTxnState,
    InvalidProducerIdMapping,
    InvalidTransactionTimeout,
    /// The transaction is changing state (a commit, abort or fence is being
    /// written or its markers sent): retry shortly.
    ConcurrentTransactions,
    /// A WriteTxnMarkers from a coordinator older than the marker's partition has seen.
    TransactionCoordinatorFenced,
    /// The transaction coordinator's answer to an older epoch (Kafka 2.7+, KIP-588).
    ProducerFenced,
    /// Client-side: the batch was still in the accumulator when its
    /// transaction was aborted (`TransactionAbortedException`).
    TransactionAborted,
    /// Client-side: delivery.timeout.ms passed (`TimeoutException`).
    DeliveryTimeout,
    /// Client-side: retries were exhausted.
    RetriesExhausted,
    /// Client-side, from `send()`: the record is larger than
    /// `max.request.size` or `buffer.memory` (`RecordTooLargeException`).
    RecordTooLarge,
    /// Client-side, from `send()`: no buffer memory within `max.block.ms`
    /// (`BufferExhaustedException`, a `TimeoutException`).
    BufferExhausted,
}

impl KafkaError {
    pub fn code(self) -> i16 {
        match self {
            KafkaError::OffsetOutOfRange => 1,
            KafkaError::UnknownTopicOrPartition => 3,
            KafkaError::LeaderNotAvailable => 5,
            KafkaError::NotLeaderOrFollower => 6,
            KafkaError::RequestTimedOut => 7,
            KafkaError::NetworkException => 13,
            KafkaError::NotEnoughReplicas => 19,
            KafkaError::NotEnoughReplicasAfterAppend => 20,
            KafkaError::FencedLeaderEpoch => 74,
            KafkaError::UnknownLeaderEpoch => 75,
            KafkaError::StaleBrokerEpoch => 77,
            KafkaError::InvalidUpdateVersion => 95,
            KafkaError::DuplicateBrokerRegistration => 101,
            KafkaError::OutOfOrderSequenceNumber => 45,
            KafkaError::CoordinatorLoadInProgress => 14,
            KafkaError::CoordinatorNotAvailable => 15,
            KafkaError::NotCoordinator => 16,
            KafkaError::IllegalGeneration => 22,
            KafkaError::InconsistentGroupProtocol => 23,
            KafkaError::InvalidGroupId => 24,
            KafkaError::InvalidSessionTimeout => 26,
            KafkaError::UnknownMemberId => 25,
            KafkaError::RebalanceInProgress => 27,
            KafkaError::MemberIdRequired => 79,
            KafkaError::FencedInstanceId => 82,
            KafkaError::InvalidProducerEpoch => 47,
            KafkaError::InvalidTxnState => 48,
            KafkaError::InvalidProducerIdMapping => 49,
            KafkaError::InvalidTransactionTimeout => 50,
            KafkaError::ConcurrentTransactions => 51,
            KafkaError::TransactionCoordinatorFenced => 52,
            KafkaError::ProducerFenced => 90,
            KafkaError::IneligibleReplica => 107,
            KafkaError::DeliveryTimeout
            | KafkaError::RetriesExhausted
            | KafkaError::RecordTooLarge
            | KafkaError::BufferExhausted
            | KafkaError::TransactionAborted => -1,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            KafkaError::OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            KafkaError::UnknownTopicOrPartition => "UNKNOWN_TOPIC_OR_PARTITION",
            KafkaError::LeaderNotAvailable => "LEADER_NOT_AVAILABLE",
            KafkaError::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            KafkaError::RequestTimedOut => "REQUEST_TIMED_OUT",
            KafkaError::NetworkException => "NETWORK_EXCEPTION",
            KafkaError::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            KafkaError::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            KafkaError::FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
            KafkaError::UnknownLeaderEpoch => "UNKNOWN_LEADER_EPOCH",
            KafkaError::StaleBrokerEpoch => "STALE_BROKER_EPOCH",
            KafkaError::InvalidUpdateVersion => "INVALID_UPDATE_VERSION",
            KafkaError::IneligibleReplica => "INELIGIBLE_REPLICA",
            KafkaError::DuplicateBrokerRegistration => "DUPLICATE_BROKER_REGISTRATION",
            KafkaError::OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            KafkaError::CoordinatorLoadInProgress => "COORDINATOR_LOAD_IN_PROGRESS",
            KafkaError::CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            KafkaError::NotCoordinator => "NOT_COORDINATOR",
            KafkaError::IllegalGeneration => "ILLEGAL_GENERATION",
            KafkaError::InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
            KafkaError::InvalidGroupId => "INVALID_GROUP_ID",
            KafkaError::InvalidSessionTimeout => "INVALID_SESSION_TIMEOUT",
            KafkaError::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            KafkaError::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            KafkaError::MemberIdRequired => "MEMBER_ID_REQUIRED",
            KafkaError::FencedInstanceId => "FENCED_INSTANCE_ID",
            KafkaError::InvalidProducerEpoch => "INVALID_PRODUCER_EPOCH",
            KafkaError::InvalidTxnState => "INVALID_TXN_STATE",
            KafkaError::InvalidProducerIdMapping => "INVALID_PRODUCER_ID_MAPPING",
            KafkaError::InvalidTransactionTimeout => "INVALID_TRANSACTION_TIMEOUT",
            KafkaError::ConcurrentTransactions => "CONCURRENT_TRANSACTIONS",
            KafkaError::TransactionCoordinatorFenced => "TRANSACTION_COORDINATOR_FENCED",
            KafkaError::ProducerFenced => "PRODUCER_FENCED",
            KafkaError::TransactionAborted => "TransactionAbortedException",
            KafkaError::DeliveryTimeout => "TimeoutException",
            KafkaError::RetriesExhausted => "RETRIES_EXHAUSTED",
            KafkaError::RecordTooLarge => "RecordTooLargeException",
            KafkaError::BufferExhausted => "BufferExhaustedException",
        }
    }

    /// Kafka's message for the error (Errors.java / the client exception).
    pub fn message(self) -> &'static str {
        match self {
            KafkaError::OffsetOutOfRange => "The requested offset is not within the range of offsets maintained by the server.",
            KafkaError::UnknownTopicOrPartition => "This server does not host this topic-partition.",
            KafkaError::LeaderNotAvailable => "There is no leader for this topic-partition as we are in the middle of a leadership election.",
            KafkaError::NotLeaderOrFollower => "For requests intended only for the leader, this error indicates that the broker is not the current leader.",
            KafkaError::RequestTimedOut => "The request timed out.",
            KafkaError::NetworkException => "The server disconnected before a response was received.",
            KafkaError::NotEnoughReplicas => "Messages are rejected since there are fewer in-sync replicas than required.",
            KafkaError::NotEnoughReplicasAfterAppend => "Messages are written to the log, but to fewer in-sync replicas than required.",
            KafkaError::FencedLeaderEpoch => "The leader epoch in the request is older than the epoch on the broker.",
            KafkaError::UnknownLeaderEpoch => "The leader epoch in the request is newer than the epoch on the broker.",
            KafkaError::StaleBrokerEpoch => "Broker epoch has changed.",
            KafkaError::InvalidUpdateVersion => "The given update version was invalid.",
            KafkaError::IneligibleReplica => "The new ISR contains at least one ineligible replica.",
            KafkaError::DuplicateBrokerRegistration => "This broker ID is already in use.",
            KafkaError::OutOfOrderSequenceNumber => "The broker received an out of order sequence number.",
            KafkaError::CoordinatorLoadInProgress => "The coordinator is loading and hence can't process requests.",
            KafkaError::CoordinatorNotAvailable => "The coordinator is not available.",
            KafkaError::NotCoordinator => "This is not the correct coordinator.",
            KafkaError::IllegalGeneration => "Specified group generation id is not valid.",
            KafkaError::InconsistentGroupProtocol => "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.",
            KafkaError::InvalidGroupId => "The configured groupId is invalid.",
            KafkaError::InvalidSessionTimeout => "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).",
            KafkaError::UnknownMemberId => "The coordinator is not aware of this member.",
            KafkaError::RebalanceInProgress => "The group is rebalancing, so a rejoin is needed.",
            KafkaError::MemberIdRequired => "The group member needs to have a valid member id before actually entering a consumer group.",
            KafkaError::FencedInstanceId => "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.",
            KafkaError::InvalidProducerEpoch => "Producer attempted to produce with an old epoch.",
            KafkaError::InvalidTxnState => "The producer attempted a transactional operation in an invalid state.",
            KafkaError::InvalidProducerIdMapping => "The producer attempted to use a producer id which is not currently assigned to its transactional id.",
            KafkaError::InvalidTransactionTimeout => "The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).",
            KafkaError::ConcurrentTransactions => "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing.",
            KafkaError::TransactionCoordinatorFenced => "Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer.",
            KafkaError::ProducerFenced => "There is a newer producer with the same transactionalId which fences the current one.",
            KafkaError::TransactionAborted => "Failing batch since transaction was aborted",
            KafkaError::DeliveryTimeout => "Expiring record(s): delivery.timeout.ms has passed since the batch was created.",
            KafkaError::RetriesExhausted => "The send failed and the producer has no retries left.",
            KafkaError::RecordTooLarge => "The message is larger than max.request.size or buffer.memory allows.",
            KafkaError::BufferExhausted => "Failed to allocate buffer memory within the configured max blocking time (max.block.ms).",
        }
    }

    /// Whether the Java client retries it (a `RetriableException`). What
    /// `send()` itself throws is never retried by the producer.
    pub fn retriable(self) -> bool {
        !matches!(
            self,
            KafkaError::DeliveryTimeout
                | KafkaError::RetriesExhausted
                | KafkaError::RecordTooLarge
                | KafkaError::BufferExhausted
                | KafkaError::InvalidProducerEpoch
                | KafkaError::InvalidTxnState
                | KafkaError::InvalidProducerIdMapping
                | KafkaError::InvalidTransactionTimeout
                | KafkaError::TransactionCoordinatorFenced
                | KafkaError::ProducerFenced
                | KafkaError::TransactionAborted
        )
    }
}

impl fmt::Display for KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

/// The producer id, epoch and base sequence an idempotent batch carries,
/// and whether it belongs to a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ProducerBatch {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    pub transactional: bool,
}

/// A FetchResponse's `AbortedTransaction`: a read_committed consumer drops
/// this producer's transactional records from `first_offset` until the
/// producer's ABORT marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AbortedTransaction {
    pub producer_id: i64,
    pub first_offset: i64,
}

/// One WriteTxnMarkers entry: the coordinator asks a partition's leader to
/// append a COMMIT or ABORT control record for a producer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TxnMarker {
    pub tp: Tp,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub coordinator_epoch: i32,
    pub commit: bool,
}

/// FindCoordinator's `key_type`: which internal topic the key hashes into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoordinatorType {
    Group,
    Transaction,
}

impl CoordinatorType {
    pub fn topic(self) -> InternalTopic {
        match self {
            CoordinatorType::Group => InternalTopic::ConsumerOffsets,
            CoordinatorType::Transaction => InternalTopic::TransactionState,
        }
    }
}

/// What a consumer tells the coordinator in JoinGroup
/// (`ConsumerProtocolSubscription`): its topics and, for the sticky
/// assignors, what it owns now and since which generation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subscription {
    pub topics: Vec<Rc<str>>,
    pub owned: Vec<Tp>,
    pub generation: i32,
}

/// One member as the group leader sees it in its JoinGroup response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JoinedMember {
    pub member_id: Rc<str>,
    pub group_instance_id: Option<Rc<str>>,
    pub subscription: Subscription,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Joined {
    pub generation: i32,
    /// The assignor the coordinator chose (`protocol_name`).
    pub protocol: Rc<str>,
    pub leader: Rc<str>,
    pub member_id: Rc<str>,
    /// Every member with its subscription; only the leader receives it.
    pub members: Vec<JoinedMember>,
    /// KIP-345: a static member that rejoined a stable group with nothing
    /// changed gets its old assignment back without a rebalance.
    pub skip_assignment: bool,
}

/// A partition's registration as the controller publishes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionState {
    pub tp: Tp,
    pub replicas: Vec<BrokerId>,
    pub isr: Vec<BrokerId>,
    pub leader: Option<BrokerId>,
    pub leader_epoch: i32,
    pub partition_epoch: i32,
}

/// What a client learns from a Metadata response about one partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionLeader {
    pub tp: Tp,
    pub leader: Option<BrokerId>,
    pub leader_epoch: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FetchedData {
    pub records: Vec<Record>,
    pub high_watermark: i64,
    /// The leader's last stable offset: below it no transaction is open.
    pub last_stable_offset: i64,
    /// read_committed fetches only: aborted transactions overlapping the
    /// returned records (`FetchResponse.abortedTransactions`).
    pub aborted: Vec<AbortedTransaction>,
    pub leader_epoch: i32,
    /// Set when the follower's log diverges from the leader's (KIP-320 /
    /// KIP-595 fetch-based truncation): where the follower's last epoch ends.
    pub diverging_epoch: Option<EpochEndOffset>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum Message {
    Metadata {
        correlation: u64,
    },
    /// An idempotent producer asks any broker for a producer id; a
    /// transactional one asks its transaction coordinator, with its
    /// `transaction.timeout.ms` and, to bump its own epoch after an abortable
    /// error (KIP-360), the id and epoch it has.
    InitProducerId {
        correlation: u64,
        transactional_id: Option<Rc<str>>,
        transaction_timeout_ms: i64,
        current: Option<(i64, i16)>,
    },
    InitProducerIdResponse {
        correlation: u64,
        result: Result<(i64, i16), KafkaError>,
    },
    AddPartitionsToTxn {
        correlation: u64,
        transactional_id: Rc<str>,
        producer_id: i64,
        producer_epoch: i16,
        partitions: Vec<Tp>,
    },
    AddPartitionsToTxnResponse {
        correlation: u64,
        result: Result<(), KafkaError>,
    },
    /// Commit (`commit: true`) or abort the producer's transaction.
    EndTxn {
        correlation: u64,
        transactional_id: Rc<str>,
        producer_id: i64,
        producer_epoch: i16,
        commit: bool,
    },
    EndTxnResponse {
        correlation: u64,
        result: Result<(), KafkaError>,
    },
    /// Coordinator → partition leader (one partition per request here; Kafka
    /// batches a broker's partitions into one request).
    WriteTxnMarkers {
        correlation: u64,
        marker: TxnMarker,
    },
    /// The marker's offset, once the ISR has it (markers are appended with acks=all).
    WriteTxnMarkersResponse {
        correlation: u64,
        tp: Tp,
        result: Result<i64, KafkaError>,
    },
    MetadataResponse {
        correlation: u64,
        partitions: Rc<Vec<PartitionLeader>>,
    },
    /// Which broker coordinates a group id or a transactional id.
    FindCoordinator {
        correlation: u64,
        key: Rc<str>,
        key_type: CoordinatorType,
    },
    FindCoordinatorResponse {
        correlation: u64,
        result: Result<BrokerId, KafkaError>,
    },
    // --- the classic group protocol (KIP-62/345/394/429) ---
    JoinGroup {
        correlation: u64,
        group: Rc<str>,
        /// Empty for a member that has none yet.
        member_id: Rc<str>,
        group_instance_id: Option<Rc<str>>,
        client_id: Rc<str>,
        session_timeout_ms: TimeMs,
        rebalance_timeout_ms: TimeMs,
        /// Assignor names, most preferred first (`partition.assignment.strategy`).
        protocols: Vec<Rc<str>>,
        subscription: Subscription,
    },
    JoinGroupResponse {
        correlation: u64,
        /// The member id given out, also with MEMBER_ID_REQUIRED.
        member_id: Rc<str>,
        result: Result<Joined, KafkaError>,
    },
    SyncGroup {
        correlation: u64,
        group: Rc<str>,
        member_id: Rc<str>,
        generation: i32,
        /// Only the leader sends assignments.
        assignments: Vec<(Rc<str>, Vec<Tp>)>,
    },
    SyncGroupResponse {
        correlation: u64,
        result: Result<Vec<Tp>, KafkaError>,
    },
    Heartbeat {
        correlation: u64,
        group: Rc<str>,
        member_id: Rc<str>,
        generation: i32,
    },
    HeartbeatResponse {
        correlation: u64,
        result: Result<(), KafkaError>,
    },
    LeaveGroup {
        correlation: u64,
        group: Rc<str>,
        member_id: Rc<str>,
        reason: Rc<str>,
    },
    LeaveGroupResponse {
        correlation: u64,
        result: Result<(), KafkaError>,
    },
    /// Generation -1 with an empty member id: a consumer without group
    /// membership (assign mode) committing for its group id.
    OffsetCommit {
        correlation: u64,
        group: Rc<str>,
        member_id: Rc<str>,
        generation: i32,
        offsets: Vec<(Tp, i64)>,
    },
    OffsetCommitResponse {
        correlation: u64,
        result: Result<Vec<(Tp, i64)>, KafkaError>,
    },
    OffsetFetch {
        correlation: u64,
        group: Rc<str>,
        partitions: Vec<Tp>,
    },
    OffsetFetchResponse {
        correlation: u64,
        /// `None`: nothing committed for that partition.
        result: Result<Vec<(Tp, Option<i64>)>, KafkaError>,
    },
    Produce {
        correlation: u64,
        tp: Tp,
        acks: Acks,
        timeout_ms: TimeMs,
        records: Vec<ProducerRecord>,
        /// Idempotent producers: who sent it and the first record's sequence.
        idempotent: Option<ProducerBatch>,
    },
    ProduceResponse {
        correlation: u64,
        tp: Tp,
        result: Result<i64, KafkaError>,
    },
    Fetch {
        correlation: u64,
        tp: Tp,
        /// `None` for a consumer; the follower's id for replication.
        replica: Option<BrokerId>,
        fetch_offset: i64,
        /// The epoch of the last record the follower has (KIP-320/595).
        last_fetched_epoch: Option<i32>,
        current_leader_epoch: i32,
        max_wait_ms: TimeMs,
        /// A consumer's `isolation.level` (followers read everything).
        isolation: IsolationLevel,
    },
    FetchResponse {
        correlation: u64,
        tp: Tp,
        result: Result<FetchedData, KafkaError>,
    },
    ListOffsets {
        correlation: u64,
        tp: Tp,
        latest: bool,
        /// read_committed: "latest" is the last stable offset, not the HW.
        isolation: IsolationLevel,
    },
    ListOffsetsResponse {
        correlation: u64,
        tp: Tp,
        result: Result<i64, KafkaError>,
    },
    BrokerRegistration {
        broker: BrokerId,
        incarnation: u32,
    },
    BrokerRegistrationResponse {
        result: Result<i64, KafkaError>,
    },
    /// Carries how far the broker has read the metadata log (KRaft's
    /// `currentMetadataOffset`), so a broker that missed updates catches up.
    BrokerHeartbeat {
        broker: BrokerId,
        broker_epoch: i64,
        want_shutdown: bool,
        metadata_offset: u64,
    },
    BrokerHeartbeatResponse {
        fenced: bool,
        shutdown_ready: bool,
    },
    AlterPartition {
        tp: Tp,
        leader: BrokerId,
        leader_epoch: i32,
        partition_epoch: i32,
        new_isr: Vec<BrokerId>,
    },
    AlterPartitionResponse {
        tp: Tp,
        result: Result<PartitionState, KafkaError>,
    },
    /// The controller's metadata log reaching a broker (KRaft brokers
    /// replicate `__cluster_metadata`; here the controller pushes it).
    MetadataUpdate {
        /// Position in the metadata log after this update.
        offset: u64,
        /// The whole image (catch-up) rather than one change.
        full: bool,
        partitions: Vec<PartitionState>,
        fenced: Vec<BrokerId>,
    },
    /// The sender's connection was refused or reset: the destination
    /// process is down (TCP answers at once, unlike a cut cable).
    Disconnected {
        correlation: Option<u64>,
    },
}

impl Message {
    /// The Kafka API name, for the event log and the animation.
    pub fn api(&self) -> &'static str {
        match self {
            Message::Metadata { .. } | Message::MetadataResponse { .. } => "Metadata",
            Message::InitProducerId { .. } | Message::InitProducerIdResponse { .. } => {
                "InitProducerId"
            }
            Message::FindCoordinator { .. } | Message::FindCoordinatorResponse { .. } => {
                "FindCoordinator"
            }
            Message::JoinGroup { .. } | Message::JoinGroupResponse { .. } => "JoinGroup",
            Message::SyncGroup { .. } | Message::SyncGroupResponse { .. } => "SyncGroup",
            Message::Heartbeat { .. } | Message::HeartbeatResponse { .. } => "Heartbeat",
            Message::LeaveGroup { .. } | Message::LeaveGroupResponse { .. } => "LeaveGroup",
            Message::OffsetCommit { .. } | Message::OffsetCommitResponse { .. } => "OffsetCommit",
            Message::OffsetFetch { .. } | Message::OffsetFetchResponse { .. } => "OffsetFetch",
            Message::AddPartitionsToTxn { .. } | Message::AddPartitionsToTxnResponse { .. } => {
                "AddPartitionsToTxn"
            }
            Message::EndTxn { .. } | Message::EndTxnResponse { .. } => "EndTxn",
            Message::WriteTxnMarkers { .. } | Message::WriteTxnMarkersResponse { .. } => {
                "WriteTxnMarkers"
            }
            Message::Produce { .. } | Message::ProduceResponse { .. } => "Produce",
            Message::Fetch { .. } | Message::FetchResponse { .. } => "Fetch",
            Message::ListOffsets { .. } | Message::ListOffsetsResponse { .. } => "ListOffsets",
            Message::BrokerRegistration { .. } | Message::BrokerRegistrationResponse { .. } => {
                "BrokerRegistration"
            }
            Message::BrokerHeartbeat { .. } | Message::BrokerHeartbeatResponse { .. } => {
                "BrokerHeartbeat"
            }
            Message::AlterPartition { .. } | Message::AlterPartitionResponse { .. } => {
                "AlterPartition"
            }
            Message::MetadataUpdate { .. } => "MetadataUpdate",
            Message::Disconnected { .. } => "Disconnected",
        }
    }

    pub fn is_response(&self) -> bool {
        matches!(
            self,
            Message::MetadataResponse { .. }
                | Message::InitProducerIdResponse { .. }
                | Message::FindCoordinatorResponse { .. }
                | Message::JoinGroupResponse { .. }
                | Message::SyncGroupResponse { .. }
                | Message::HeartbeatResponse { .. }
                | Message::LeaveGroupResponse { .. }
                | Message::OffsetCommitResponse { .. }
                | Message::OffsetFetchResponse { .. }
                | Message::AddPartitionsToTxnResponse { .. }
                | Message::EndTxnResponse { .. }
                | Message::WriteTxnMarkersResponse { .. }
                | Message::ProduceResponse { .. }
                | Message::FetchResponse { .. }
                | Message::ListOffsetsResponse { .. }
                | Message::BrokerRegistrationResponse { .. }
                | Message::BrokerHeartbeatResponse { .. }
                | Message::AlterPartitionResponse { .. }
                | Message::Disconnected { .. }
        )
    }

    /// The request this answers, if the sender is waiting on it.
    pub fn correlation(&self) -> Option<u64> {
        match self {
            Message::Metadata { correlation }
            | Message::MetadataResponse { correlation, .. }
            | Message::InitProducerId { correlation, .. }
            | Message::InitProducerIdResponse { correlation, .. }
            | Message::AddPartitionsToTxn { correlation, .. }
            | Message::AddPartitionsToTxnResponse { correlation, .. }
            | Message::EndTxn { correlation, .. }
            | Message::EndTxnResponse { correlation, .. }
            | Message::WriteTxnMarkers { correlation, .. }
            | Message::WriteTxnMarkersResponse { correlation, .. }
            | Message::FindCoordinator { correlation, .. }
            | Message::FindCoordinatorResponse { correlation, .. }
            | Message::JoinGroup { correlation, .. }
            | Message::JoinGroupResponse { correlation, .. }
            | Message::SyncGroup { correlation, .. }
            | Message::SyncGroupResponse { correlation, .. }
            | Message::Heartbeat { correlation, .. }
            | Message::HeartbeatResponse { correlation, .. }
            | Message::LeaveGroup { correlation, .. }
            | Message::LeaveGroupResponse { correlation, .. }
            | Message::OffsetCommit { correlation, .. }
            | Message::OffsetCommitResponse { correlation, .. }
            | Message::OffsetFetch { correlation, .. }
            | Message::OffsetFetchResponse { correlation, .. }
            | Message::Produce { correlation, .. }
            | Message::ProduceResponse { correlation, .. }
            | Message::Fetch { correlation, .. }
            | Message::FetchResponse { correlation, .. }
            | Message::ListOffsets { correlation, .. }
            | Message::ListOffsetsResponse { correlation, .. } => Some(*correlation),
            Message::Disconnected { correlation } => *correlation,
            _ => None,
        }
    }
}

/// A message in flight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Envelope {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    /// When it left the sender (the page animates it along the link).
    pub sent_at: TimeMs,
    pub msg: Message,
}
