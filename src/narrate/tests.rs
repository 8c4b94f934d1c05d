//! Narration tests: every event variant, both languages.
use super::*;
use crate::engine::event::TxnFenceReason;
use crate::engine::event::{MemberRemovedReason, Revocation};
use crate::engine::group_coordinator::GroupState;
use crate::engine::isolation::IsolationLevel;
use crate::engine::txn_coordinator::TxnStatus;
use crate::engine::types::{ControlRecordType, Tp};

/// A member id as the coordinator makes them: `client.id-UUID`.
const MEMBER: &str = "consumer-hadoop-1-0f8fad5b-d9cb-469f-a165-70867728950e";

fn r(id: RecordId) -> String {
    format!("r{}", id.0)
}

fn ids(n: u64) -> Vec<RecordId> {
    (1..=n).map(RecordId).collect()
}

fn tp() -> Tp {
    Tp::new("orders", 0)
}

fn both(e: &Event) -> (String, String) {
    (narrate(Locale::En, e, &r), narrate(Locale::Ko, e, &r))
}

fn assert_has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "{p:?} missing from {text:?}");
    }
}

/// One of each variant (several for the ones with branches).
fn samples() -> Vec<Event> {
    let t = tp;
    vec![
        Event::MessageSent {
            id: 1,
            from: NodeId::Producer(1),
            to: NodeId::Broker(1),
            api: "Produce",
            response: false,
            deliver_at: 12,
        },
        Event::MessageDelivered {
            id: 1,
            from: NodeId::Broker(1),
            to: NodeId::Controller,
            api: "AlterPartition",
        },
        Event::MessageDropped {
            id: 2,
            from: NodeId::Broker(2),
            to: NodeId::Broker(1),
            api: "Fetch",
            reason: DropReason::LinkCut,
        },
        Event::BrokerCrashed { broker: 1 },
        Event::BrokerStarted {
            broker: 1,
            fast: false,
        },
        Event::BrokerStarted {
            broker: 1,
            fast: true,
        },
        Event::ControlledShutdownStarted { broker: 2 },
        Event::BrokerStopped { broker: 2 },
        Event::LinkCut {
            from: NodeId::Broker(3),
            to: NodeId::Controller,
        },
        Event::LinkHealed {
            from: NodeId::Broker(3),
            to: NodeId::Controller,
        },
        Event::DropRateSet { per_mille: 250 },
        Event::DropRateSet { per_mille: 0 },
        Event::NodeSlowed {
            node: NodeId::Broker(3),
            extra_ms: 400,
        },
        Event::NodeSlowed {
            node: NodeId::Broker(3),
            extra_ms: 0,
        },
        Event::TopicCreated {
            topic: "orders".into(),
            partitions: 3,
            replication_factor: 3,
        },
        Event::TopicConfigChanged {
            topic: "orders".into(),
            name: "min.insync.replicas".into(),
            value: "2".into(),
        },
        Event::BrokerRegistered {
            broker: 2,
            broker_epoch: 7,
        },
        Event::BrokerFenced {
            broker: 2,
            reason: FenceReason::SessionTimeout,
        },
        Event::BrokerFenced {
            broker: 2,
            reason: FenceReason::ControlledShutdown,
        },
        Event::BrokerUnfenced { broker: 2 },
        Event::LeaderElected {
            tp: t(),
            leader: Some(3),
            leader_epoch: 4,
            isr: vec![2, 3],
            clean: true,
            previous: Some(1),
        },
        Event::LeaderElected {
            tp: t(),
            leader: Some(1),
            leader_epoch: 5,
            isr: vec![1],
            clean: false,
            previous: None,
        },
        Event::LeaderElected {
            tp: t(),
            leader: None,
            leader_epoch: 6,
            isr: vec![2],
            clean: true,
            previous: Some(2),
        },
        Event::IsrChanged {
            tp: t(),
            isr: vec![1, 2],
            previous: vec![1, 2, 3],
            partition_epoch: 8,
            by_controller: false,
        },
        Event::IsrChanged {
            tp: t(),
            isr: vec![1, 2, 3],
            previous: vec![1, 2],
            partition_epoch: 9,
            by_controller: true,
        },
        Event::RecordsAppended {
            broker: 1,
            tp: t(),
            base_offset: 5,
            count: 2,
            leader_epoch: 3,
            as_leader: true,
            ids: ids(2),
        },
        Event::RecordsAppended {
            broker: 2,
            tp: t(),
            base_offset: 5,
            count: 1,
            leader_epoch: 3,
            as_leader: false,
            ids: ids(1),
        },
        Event::FollowerFetched {
            leader: 1,
            follower: 2,
            tp: t(),
            fetch_offset: 5,
            records: 3,
            leader_hw: 6,
        },
        Event::FollowerFetched {
            leader: 1,
            follower: 2,
            tp: t(),
            fetch_offset: 8,
            records: 0,
            leader_hw: 8,
        },
        Event::HighWatermarkAdvanced {
            broker: 1,
            tp: t(),
            from: 5,
            to: 7,
        },
        Event::BecameLeader {
            broker: 3,
            tp: t(),
            leader_epoch: 4,
            leo: 7,
            hw: 5,
        },
        Event::BecameFollower {
            broker: 2,
            tp: t(),
            leader: Some(3),
            leader_epoch: 4,
        },
        Event::BecameFollower {
            broker: 2,
            tp: t(),
            leader: None,
            leader_epoch: 4,
        },
        Event::LogTruncated {
            broker: 2,
            tp: t(),
            from_leo: 7,
            to_offset: 5,
            reason: TruncationReason::HighWatermark,
            removed: vec![RecordId(6), RecordId(7)],
        },
        Event::LogTruncated {
            broker: 2,
            tp: t(),
            from_leo: 7,
            to_offset: 6,
            reason: TruncationReason::DivergingEpoch,
            removed: vec![RecordId(7)],
        },
        Event::LogTruncated {
            broker: 2,
            tp: t(),
            from_leo: 9,
            to_offset: 8,
            reason: TruncationReason::OffsetOutOfRange,
            removed: vec![RecordId(9)],
        },
        Event::IsrShrinkRequested {
            leader: 1,
            tp: t(),
            out_of_sync: vec![3],
            lag_ms: 30_500,
        },
        Event::IsrExpandRequested {
            leader: 1,
            tp: t(),
            caught_up: 3,
        },
        Event::ProduceSent {
            producer: 1,
            tp: t(),
            ids: ids(2),
            acks: Acks::All,
            attempt: 3,
            leader: 1,
        },
        Event::ProduceAcked {
            producer: 1,
            tp: t(),
            ids: ids(2),
            base_offset: 5,
        },
        Event::ProduceUnacknowledged {
            producer: 1,
            tp: t(),
            ids: ids(1),
        },
        Event::ProduceError {
            producer: 1,
            tp: t(),
            ids: ids(1),
            error: KafkaError::NotEnoughReplicas,
            will_retry: true,
        },
        Event::ProduceFailed {
            producer: 1,
            tp: t(),
            ids: ids(1),
            error: KafkaError::DeliveryTimeout,
        },
        Event::AutoProduceSet {
            producer: 1,
            topic: "orders".into(),
            per_second: 5,
        },
        Event::ConsumerFetched {
            consumer: 1,
            tp: t(),
            offset: 5,
            ids: ids(7),
            high_watermark: 12,
            last_stable_offset: None,
        },
        Event::ConsumerReset {
            consumer: 1,
            tp: t(),
            offset: 0,
        },
        Event::AcknowledgedRecordLost {
            tp: t(),
            offset: 1,
            id: RecordId(1),
        },
        Event::ConsumedRecordLost {
            consumer: 1,
            tp: t(),
            offset: 1,
            id: RecordId(1),
        },
        Event::PartitionsAdded {
            topic: "orders".into(),
            from: 3,
            to: 6,
            moved_keys: vec![("busan".into(), 1, 4)],
        },
        Event::DuplicateRejected {
            broker: 2,
            tp: t(),
            producer_id: 1000,
            base_sequence: 4,
            offset: 9,
        },
        Event::ConsumerResumed {
            consumer: 1,
            tp: t(),
            offset: 4,
        },
        Event::ConsumerCrashed { consumer: 1 },
        Event::ConsumerStarted { consumer: 1 },
        Event::ConsumerPaused {
            consumer: 1,
            paused: true,
        },
        Event::ConsumerPaused {
            consumer: 1,
            paused: false,
        },
        Event::CoordinatorFound {
            client: NodeId::Consumer(1),
            key: "hadoop".into(),
            coordinator: 2,
        },
        Event::AssignmentComputed {
            consumer: 1,
            group: "hadoop".into(),
            generation: 2,
            protocol: "range".into(),
            assignment: vec![
                (MEMBER.into(), vec![t()]),
                ("consumer-hadoop-2-x".into(), vec![]),
            ],
        },
        Event::PartitionsRevoked {
            consumer: 1,
            group: "hadoop".into(),
            partitions: vec![t()],
            how: Revocation::Eager,
        },
        Event::PartitionsRevoked {
            consumer: 1,
            group: "hadoop".into(),
            partitions: vec![t()],
            how: Revocation::Cooperative,
        },
        Event::PartitionsRevoked {
            consumer: 1,
            group: "hadoop".into(),
            partitions: vec![t()],
            how: Revocation::Lost,
        },
        Event::PartitionsAssigned {
            consumer: 1,
            group: "hadoop".into(),
            generation: 2,
            partitions: vec![t()],
            added: vec![],
        },
        Event::PollTimeoutExpired {
            consumer: 1,
            group: "hadoop".into(),
            max_poll_interval_ms: 300_000,
        },
        Event::OffsetCommitFailed {
            consumer: 1,
            group: "hadoop".into(),
            error: KafkaError::IllegalGeneration,
        },
        Event::GroupsLoaded {
            coordinator: 2,
            partition: 31,
            groups: vec!["hadoop".into()],
        },
        Event::GroupStateChanged {
            group: "hadoop".into(),
            coordinator: 2,
            from: GroupState::Stable,
            to: GroupState::PreparingRebalance,
            generation: 1,
            reason: "a member joined".into(),
        },
        Event::MemberJoined {
            group: "hadoop".into(),
            member_id: MEMBER.into(),
            group_instance_id: None,
            client: NodeId::Consumer(1),
        },
        Event::MemberJoined {
            group: "hadoop".into(),
            member_id: MEMBER.into(),
            group_instance_id: Some("hadoop-a".into()),
            client: NodeId::Consumer(1),
        },
        Event::StaticMemberReplaced {
            group: "hadoop".into(),
            group_instance_id: "hadoop-a".into(),
            old_member_id: MEMBER.into(),
            new_member_id: MEMBER.into(),
            rebalance: false,
        },
        Event::StaticMemberReplaced {
            group: "hadoop".into(),
            group_instance_id: "hadoop-a".into(),
            old_member_id: MEMBER.into(),
            new_member_id: MEMBER.into(),
            rebalance: true,
        },
        Event::MemberRemoved {
            group: "hadoop".into(),
            member_id: MEMBER.into(),
            reason: MemberRemovedReason::SessionTimeout,
        },
        Event::MemberRemoved {
            group: "hadoop".into(),
            member_id: MEMBER.into(),
            reason: MemberRemovedReason::RebalanceTimeout,
        },
        Event::MemberRemoved {
            group: "hadoop".into(),
            member_id: MEMBER.into(),
            reason: MemberRemovedReason::LeftGroup("the consumer is being closed".into()),
        },
        Event::JoinCompleted {
            group: "hadoop".into(),
            generation: 2,
            protocol: "range".into(),
            leader: MEMBER.into(),
            members: vec![MEMBER.into()],
        },
        Event::OffsetsCommitted {
            group: "hadoop".into(),
            coordinator: 2,
            client: NodeId::Consumer(1),
            offsets: vec![(t(), 7)],
        },
        Event::SendBlocked {
            producer: 1,
            tp: t(),
            id: RecordId(7),
            needed: 16384,
            available: 1200,
            max_block_ms: 60000,
        },
        Event::SendUnblocked {
            producer: 1,
            tp: t(),
            id: RecordId(7),
            waited_ms: 120,
        },
        Event::SendFailed {
            producer: 1,
            topic: "orders".into(),
            id: RecordId(8),
            error: KafkaError::RecordTooLarge,
            message: "The message is 2000 bytes when serialized which is larger than 1000, \
                      which is the value of the max.request.size configuration."
                .into(),
        },
        Event::BatchCompressed {
            producer: 1,
            tp: t(),
            ids: ids(3),
            codec: crate::engine::compression::Codec::Gzip,
            bytes: 130,
            wire_bytes: 104,
            cpu_us: 1,
            send_at: 51,
        },
    ]
    .into_iter()
    .chain(transaction_samples())
    .collect()
}

fn tid() -> String {
    "tx-1".into()
}

/// The transaction events, several per variant where they branch.
fn transaction_samples() -> Vec<Event> {
    let t = tp;
    vec![
        Event::TxnCoordinatorFound {
            producer: 1,
            transactional_id: tid(),
            partition: 7,
            result: Ok(2),
        },
        Event::TxnCoordinatorFound {
            producer: 1,
            transactional_id: tid(),
            partition: 7,
            result: Err(KafkaError::CoordinatorNotAvailable),
        },
        Event::ProducerIdInitialized {
            producer: 2,
            transactional_id: tid(),
            producer_id: 2000,
            epoch: 2,
            coordinator: 2,
        },
        Event::TransactionBegun {
            producer: 1,
            transactional_id: tid(),
        },
        Event::TransactionEnded {
            producer: 1,
            transactional_id: tid(),
            committed: true,
        },
        Event::TransactionEnded {
            producer: 1,
            transactional_id: tid(),
            committed: false,
        },
        Event::TransactionalError {
            producer: 1,
            transactional_id: tid(),
            error: KafkaError::ProducerFenced,
            fatal: true,
        },
        Event::TransactionalError {
            producer: 1,
            transactional_id: tid(),
            error: KafkaError::InvalidProducerEpoch,
            fatal: false,
        },
        Event::TransactionCallFailed {
            producer: 1,
            call: "commitTransaction".into(),
            error: "KafkaException: TransactionalId tx-1: Invalid transition attempted from \
                    state READY to state COMMITTING_TRANSACTION"
                .into(),
        },
        Event::TxnStateChanged {
            coordinator: 2,
            transactional_id: tid(),
            producer_id: 2000,
            epoch: 0,
            state: TxnStatus::Ongoing,
            partitions: vec![t(), Tp::new("orders", 1)],
            offset: 3,
        },
        Event::TxnStateChanged {
            coordinator: 2,
            transactional_id: tid(),
            producer_id: 2000,
            epoch: 0,
            state: TxnStatus::PrepareCommit,
            partitions: vec![t()],
            offset: 4,
        },
        Event::TxnStateChanged {
            coordinator: 2,
            transactional_id: tid(),
            producer_id: 2000,
            epoch: 1,
            state: TxnStatus::Empty,
            partitions: vec![],
            offset: 0,
        },
        Event::TxnStateChanged {
            coordinator: 2,
            transactional_id: tid(),
            producer_id: 2000,
            epoch: 0,
            state: TxnStatus::CompleteAbort,
            partitions: vec![],
            offset: 6,
        },
        Event::TxnFenced {
            coordinator: 2,
            transactional_id: tid(),
            producer_id: 2000,
            old_epoch: 0,
            new_epoch: 1,
            reason: TxnFenceReason::NewInstance,
            partitions: vec![t()],
        },
        Event::TxnFenced {
            coordinator: 2,
            transactional_id: tid(),
            producer_id: 2000,
            old_epoch: 3,
            new_epoch: 4,
            reason: TxnFenceReason::Timeout,
            partitions: vec![t()],
        },
        Event::TxnCoordinatorLoaded {
            broker: 3,
            partition: 7,
            coordinator_epoch: 1,
            transactions: 2,
            completing: vec![tid()],
        },
        Event::TxnMarkerWritten {
            broker: 1,
            tp: t(),
            producer_id: 2000,
            producer_epoch: 1,
            marker: ControlRecordType::Abort,
            offset: 9,
            first_offset: 5,
            coordinator_epoch: 0,
        },
        Event::TxnMarkerWritten {
            broker: 1,
            tp: t(),
            producer_id: 2000,
            producer_epoch: 0,
            marker: ControlRecordType::Commit,
            offset: 3,
            first_offset: 1,
            coordinator_epoch: 0,
        },
        Event::LastStableOffsetMoved {
            broker: 1,
            tp: t(),
            from: 5,
            to: 5,
            high_watermark: 8,
            held_by: Some(2000),
        },
        Event::LastStableOffsetMoved {
            broker: 1,
            tp: t(),
            from: 5,
            to: 10,
            high_watermark: 10,
            held_by: None,
        },
        Event::ConsumerSkipped {
            consumer: 1,
            tp: t(),
            isolation: IsolationLevel::ReadCommitted,
            aborted: vec![RecordId(3), RecordId(4)],
            markers: vec![5],
            next_offset: 6,
        },
        Event::ConsumerSkipped {
            consumer: 2,
            tp: t(),
            isolation: IsolationLevel::ReadUncommitted,
            aborted: vec![],
            markers: vec![5],
            next_offset: 6,
        },
        Event::ConsumerFetched {
            consumer: 1,
            tp: t(),
            offset: 0,
            ids: ids(2),
            high_watermark: 8,
            last_stable_offset: Some(5),
        },
    ]
    .into_iter()
    .chain(lifecycle_samples())
    .collect()
}

/// `add_consumer` / `close_consumer`: every branch of their narration.
fn lifecycle_samples() -> Vec<Event> {
    let closing =
        |group: Option<&str>, subscribed, auto_commit, static_member| Event::ConsumerClosing {
            consumer: 2,
            group: group.map(str::to_string),
            subscribed,
            auto_commit,
            static_member,
        };
    vec![
        Event::ConsumerAdded {
            consumer: 3,
            group: Some("elasticsearch".into()),
            subscribe: vec!["click_log".into()],
            assign: vec![],
        },
        Event::ConsumerAdded {
            consumer: 4,
            group: Some("hadoop".into()),
            subscribe: vec![],
            assign: vec![tp()],
        },
        Event::ConsumerAdded {
            consumer: 5,
            group: None,
            subscribe: vec![],
            assign: vec![tp()],
        },
        closing(Some("elasticsearch"), true, true, false),
        closing(Some("elasticsearch"), true, false, true),
        closing(Some("hadoop"), false, true, false),
        closing(None, false, false, false),
        Event::ConsumerClosed { consumer: 2 },
        Event::PartitionsRevoked {
            consumer: 2,
            group: "elasticsearch".into(),
            partitions: vec![tp()],
            how: Revocation::Close,
        },
    ]
}

/// Position of each variant, so the samples are checked to cover all.
fn variant(e: &Event) -> usize {
    match e {
        Event::MessageSent { .. } => 0,
        Event::MessageDelivered { .. } => 1,
        Event::MessageDropped { .. } => 2,
        Event::BrokerCrashed { .. } => 3,
        Event::BrokerStarted { .. } => 4,
        Event::ControlledShutdownStarted { .. } => 5,
        Event::BrokerStopped { .. } => 6,
        Event::LinkCut { .. } => 7,
        Event::LinkHealed { .. } => 8,
        Event::DropRateSet { .. } => 9,
        Event::NodeSlowed { .. } => 10,
        Event::TopicCreated { .. } => 11,
        Event::TopicConfigChanged { .. } => 12,
        Event::BrokerRegistered { .. } => 13,
        Event::BrokerFenced { .. } => 14,
        Event::BrokerUnfenced { .. } => 15,
        Event::LeaderElected { .. } => 16,
        Event::IsrChanged { .. } => 17,
        Event::RecordsAppended { .. } => 18,
        Event::FollowerFetched { .. } => 19,
        Event::HighWatermarkAdvanced { .. } => 20,
        Event::BecameLeader { .. } => 21,
        Event::BecameFollower { .. } => 22,
        Event::LogTruncated { .. } => 23,
        Event::IsrShrinkRequested { .. } => 24,
        Event::IsrExpandRequested { .. } => 25,
        Event::ProduceSent { .. } => 26,
        Event::ProduceAcked { .. } => 27,
        Event::ProduceUnacknowledged { .. } => 28,
        Event::ProduceError { .. } => 29,
        Event::ProduceFailed { .. } => 30,
        Event::AutoProduceSet { .. } => 31,
        Event::ConsumerFetched { .. } => 32,
        Event::ConsumerReset { .. } => 33,
        Event::AcknowledgedRecordLost { .. } => 34,
        Event::ConsumedRecordLost { .. } => 35,
        Event::PartitionsAdded { .. } => 36,
        Event::DuplicateRejected { .. } => 37,
        Event::ConsumerResumed { .. } => 38,
        Event::ConsumerCrashed { .. } => 39,
        Event::ConsumerStarted { .. } => 40,
        Event::ConsumerPaused { .. } => 41,
        Event::CoordinatorFound { .. } => 42,
        Event::AssignmentComputed { .. } => 43,
        Event::PartitionsRevoked { .. } => 44,
        Event::PartitionsAssigned { .. } => 45,
        Event::PollTimeoutExpired { .. } => 46,
        Event::OffsetCommitFailed { .. } => 47,
        Event::GroupsLoaded { .. } => 48,
        Event::GroupStateChanged { .. } => 49,
        Event::MemberJoined { .. } => 50,
        Event::StaticMemberReplaced { .. } => 51,
        Event::MemberRemoved { .. } => 52,
        Event::JoinCompleted { .. } => 53,
        Event::OffsetsCommitted { .. } => 54,
        Event::SendBlocked { .. } => 55,
        Event::SendUnblocked { .. } => 56,
        Event::SendFailed { .. } => 57,
        Event::BatchCompressed { .. } => 58,
        Event::TxnCoordinatorFound { .. } => 59,
        Event::ProducerIdInitialized { .. } => 60,
        Event::TransactionBegun { .. } => 61,
        Event::TransactionEnded { .. } => 62,
        Event::TransactionalError { .. } => 63,
        Event::TransactionCallFailed { .. } => 64,
        Event::TxnStateChanged { .. } => 65,
        Event::TxnFenced { .. } => 66,
        Event::TxnCoordinatorLoaded { .. } => 67,
        Event::TxnMarkerWritten { .. } => 68,
        Event::LastStableOffsetMoved { .. } => 69,
        Event::ConsumerSkipped { .. } => 70,
        Event::ConsumerAdded { .. } => 71,
        Event::ConsumerClosing { .. } => 72,
        Event::ConsumerClosed { .. } => 73,
    }
}

#[test]
fn every_variant_is_narrated_in_both_languages() {
    let samples = samples();
    let covered: std::collections::BTreeSet<usize> = samples.iter().map(variant).collect();
    assert_eq!(covered.len(), 74, "a variant has no sample");
    let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
    for e in &samples {
        let (en, ko) = both(e);
        assert!(!en.trim().is_empty() && !ko.trim().is_empty(), "{e:?}");
        assert!(hangul(&ko), "no Hangul in {ko:?}");
        assert!(!hangul(&en), "Hangul in English {en:?}");
        assert_ne!(en, ko);
        assert!(
            [
                "network",
                "fault",
                "controller",
                "replication",
                "producer",
                "consumer",
                "group",
                "transaction",
                "alarm"
            ]
            .contains(&e.category()),
            "{e:?}"
        );
    }
}

#[test]
fn network_events_name_api_nodes_and_reason() {
    let (en, ko) = both(&samples()[2]);
    assert_has(&en, &["broker 2 → broker 1", "Fetch", "link is cut"]);
    assert_has(&ko, &["브로커 2 → 브로커 1", "Fetch", "링크가 끊겨"]);
    for (reason, en_part, ko_part) in [
        (DropReason::RandomDrop, "random drop", "무작위"),
        (
            DropReason::DestinationDown,
            "destination is down",
            "즉시 거부",
        ),
    ] {
        let e = Event::MessageDropped {
            id: 9,
            from: NodeId::Controller,
            to: NodeId::Consumer(1),
            api: "Metadata",
            reason,
        };
        let (en, ko) = both(&e);
        assert_has(&en, &["controller → consumer 1", en_part]);
        assert_has(&ko, &["컨트롤러 → 컨슈머 1", ko_part]);
    }
    let (en, ko) = both(&samples()[0]);
    assert_has(&en, &["producer 1 → broker 1: Produce request", "12 ms"]);
    assert_has(&ko, &["프로듀서 1 → 브로커 1: Produce 요청", "12ms"]);
    assert_eq!(samples()[0].category(), "network");
    assert!(!samples()[0].is_marker());
}

#[test]
fn faults_explain_the_consequence() {
    let e = Event::BrokerCrashed { broker: 1 };
    let (en, ko) = both(&e);
    assert!(en.starts_with("Broker 1 crashed"), "{en}");
    assert!(ko.starts_with("브로커 1이 다운"), "{ko}");
    assert_has(&en, &["broker.session.timeout.ms"]);
    assert_eq!(e.category(), "fault");
    assert!(e.is_marker());
    let (en, ko) = both(&Event::DropRateSet { per_mille: 250 });
    assert_has(&en, &["25.0%"]);
    assert_has(&ko, &["25.0%"]);
    let (en, ko) = both(&Event::NodeSlowed {
        node: NodeId::Broker(2),
        extra_ms: 400,
    });
    assert_has(
        &en,
        &["Broker 2 slowed", "400 ms", "replica.lag.time.max.ms"],
    );
    assert_has(
        &ko,
        &["브로커 2가 느려", "400ms", "replica.lag.time.max.ms"],
    );
    let (en, ko) = both(&samples()[15]);
    assert_has(
        &en,
        &["min.insync.replicas is now 2", "NOT_ENOUGH_REPLICAS"],
    );
    assert_has(
        &ko,
        &["min.insync.replicas=2로 변경", "NOT_ENOUGH_REPLICAS"],
    );
}

#[test]
fn elections_name_leader_epoch_isr_and_cleanliness() {
    let s = samples();
    let (en, ko) = both(&s[20]);
    assert_eq!(
        en,
        "orders-0: broker 3 is elected leader (epoch 4) from the ISR [2,3] — a clean \
         election: every committed record (below the HW) is kept; records only the old leader had are not. Previous leader: broker 1."
    );
    assert_has(
        &ko,
        &["브로커 3이 리더로 선출", "에포크 4", "[2,3]", "커밋된"],
    );
    let (en, ko) = both(&s[21]);
    assert!(en.starts_with("Unclean election on orders-0: broker 1 was not in the ISR"));
    assert_has(&en, &["records above its log end are lost", "epoch 5"]);
    assert_has(
        &ko,
        &[
            "언클린 선출",
            "브로커 1이",
            "unclean.leader.election.enable",
        ],
    );
    let (en, ko) = both(&s[22]);
    assert_has(&en, &["orders-0 is offline", "no eligible leader", "[2]"]);
    assert_has(&ko, &["오프라인", "[2]", "에포크 6"]);
    assert!(s[20..23].iter().all(Event::is_marker));
    assert_eq!(s[20].category(), "controller");
}

#[test]
fn isr_changes_and_requests() {
    let s = samples();
    let (en, ko) = both(&s[23]);
    assert_has(
        &en,
        &[
            "[1,2,3] → [1,2]",
            "partition epoch 8",
            "AlterPartition",
            "Out: [3]",
            "NOT_ENOUGH_REPLICAS (code 19)",
        ],
    );
    assert_has(&ko, &["[1,2,3] → [1,2]", "파티션 에포크 8", "오류 코드 19"]);
    let (en, ko) = both(&s[24]);
    assert_has(&en, &["In: [3]", "by the controller"]);
    assert_has(&ko, &["합류: [3]", "컨트롤러가 직접"]);
    let (en, ko) = both(&s[36]);
    assert_has(&en, &["remove [3]", "30500 ms", "replica.lag.time.max.ms"]);
    assert_has(&ko, &["[3]을 빼", "30500ms", "replica.lag.time.max.ms"]);
    let (en, ko) = both(&s[37]);
    assert_has(
        &en,
        &["Broker 3 caught up", "leader broker 1", "AlterPartition"],
    );
    assert_has(&ko, &["브로커 3이", "리더 브로커 1을"]);
}

#[test]
fn replication_offsets_hw_and_epochs() {
    let s = samples();
    let (en, ko) = both(&s[27]);
    assert!(
        en.starts_with("Broker 2 fetched 3 records of orders-0 from offset 5 (leader HW 6)."),
        "{en}"
    );
    assert!(
        ko.starts_with("브로커 2가 orders-0의 오프셋 5부터 레코드 3개를 가져왔습니다 (리더 HW 6)."),
        "{ko}"
    );
    let (en, ko) = both(&s[25]);
    assert_has(
        &en,
        &[
            "Leader broker 1",
            "2 records (r1, r2)",
            "offsets 5–6",
            "leader epoch 3",
            "LEO is now 7",
        ],
    );
    assert_has(
        &ko,
        &[
            "리더 브로커 1이",
            "레코드 2개(r1, r2)를",
            "오프셋 5~6",
            "리더 에포크 3",
        ],
    );
    let (en, ko) = both(&s[26]);
    assert_has(
        &en,
        &["Follower broker 2 copied 1 record (r1)", "offset 5 "],
    );
    assert_has(&ko, &["팔로워 브로커 2가"]);
    let (en, ko) = both(&s[29]);
    assert_has(&en, &["high watermark 5 → 7", "committed"]);
    assert_has(&ko, &["하이 워터마크(HW) 5 → 7", "커밋"]);
    let (en, ko) = both(&s[30]);
    assert_has(
        &en,
        &["leader epoch 4", "LEO 7, HW 5", "KIP-101", "offsets 5–6"],
    );
    assert_has(&ko, &["브로커 3이", "리더 에포크 4", "KIP-101"]);
    let (en, ko) = both(&s[32]);
    assert_has(&en, &["no leader", "offline"]);
    assert_has(&ko, &["오프라인"]);
}

#[test]
fn truncations_name_the_reason_and_removed_records() {
    let s = samples();
    let (en, ko) = both(&s[33]);
    assert_has(&en, &["high watermark 5", "LEO 7", "r6, r7", "pre-KIP-101"]);
    assert_has(&ko, &["하이 워터마크 5", "r6, r7", "KIP-101 이전"]);
    let (en, ko) = both(&s[34]);
    assert_has(
        &en,
        &["KIP-101/KIP-279", "leader epoch", "(r7)", "offset 6"],
    );
    assert_has(&ko, &["KIP-101/KIP-279", "리더 에포크", "r7"]);
    let (en, ko) = both(&s[35]);
    assert_has(&en, &["OFFSET_OUT_OF_RANGE", "(r9)"]);
    assert_has(&ko, &["OFFSET_OUT_OF_RANGE", "r9"]);
    assert!(s[33..36]
        .iter()
        .all(|e| e.is_marker() && e.category() == "replication"));
}

#[test]
fn producer_events_show_acks_retries_and_errors() {
    let s = samples();
    let (en, ko) = both(&s[38]);
    assert_has(
        &en,
        &[
            "Producer 1 sent 2 records (r1, r2)",
            "leader broker 1",
            "acks=all",
            "retry 2 (attempt 3)",
        ],
    );
    assert_has(&ko, &["프로듀서 1이", "acks=all", "2번째 재시도"]);
    let first = Event::ProduceSent {
        producer: 2,
        tp: tp(),
        ids: ids(1),
        acks: Acks::Leader,
        attempt: 1,
        leader: 2,
    };
    let (en, ko) = both(&first);
    assert_has(&en, &["acks=1"]);
    assert!(
        !en.contains("retry") && !ko.contains("재시도"),
        "{en} / {ko}"
    );
    let (en, ko) = both(&s[39]);
    assert_has(&en, &["acknowledged at orders-0 offsets 5–6"]);
    assert_has(&ko, &["오프셋 5~6", "확인(ack)"]);
    let (en, ko) = both(&s[40]);
    assert_has(&en, &["acks=0", "never learns"]);
    assert_has(&ko, &["acks=0", "알 수 없습니다"]);
    let (en, ko) = both(&s[41]);
    assert_has(
        &en,
        &[
            "NOT_ENOUGH_REPLICAS (code 19)",
            "min.insync.replicas",
            "will be retried",
        ],
    );
    assert_has(&ko, &["NOT_ENOUGH_REPLICAS (오류 코드 19)", "재시도합니다"]);
    let last = Event::ProduceError {
        producer: 1,
        tp: tp(),
        ids: ids(1),
        error: KafkaError::RequestTimedOut,
        will_retry: false,
    };
    let (en, ko) = both(&last);
    assert_has(&en, &["REQUEST_TIMED_OUT (code 7)", "not retried"]);
    assert_has(&ko, &["재시도하지 않습니다"]);
    let (en, ko) = both(&s[42]);
    assert_has(
        &en,
        &[
            "gave up",
            "TimeoutException (client-side)",
            "delivery.timeout.ms",
        ],
    );
    assert_has(&ko, &["포기", "TimeoutException"]);
    assert!(!s[41].is_marker() && s[42].is_marker() && !s[38].is_marker());
    assert_eq!(s[43].category(), "producer");
}

#[test]
fn consumers_and_alarms() {
    let s = samples();
    let (en, ko) = both(&s[44]);
    assert_has(
        &en,
        &[
            "Consumer 1 read 7 records (r1, r2, r3, r4, r5, …)",
            "offset 5",
            "HW 12",
        ],
    );
    assert_has(
        &ko,
        &[
            "컨슈머 1이",
            "오프셋 5부터 레코드 7개(r1, r2, r3, r4, r5, …)를",
            "HW 12",
        ],
    );
    let (en, ko) = both(&s[45]);
    assert_has(&en, &["auto.offset.reset", "offset 0"]);
    assert_has(&ko, &["컨슈머 1은", "auto.offset.reset"]);
    let (en, ko) = both(&s[46]);
    assert!(en.starts_with(
        "Acknowledged record r1 (orders-0 offset 1) is gone from the leader's log — the \
         producer was told it was written"
    ));
    assert_has(
        &ko,
        &["r1(orders-0 오프셋 1)이 리더의 로그에서 사라졌습니다"],
    );
    let (en, ko) = both(&s[47]);
    assert_has(&en, &["Consumer 1 already read r1"]);
    assert_has(&ko, &["컨슈머 1이 이미 읽은 r1"]);
    assert!(s[46..48]
        .iter()
        .all(|e| e.category() == "alarm" && e.is_marker()));
    assert_eq!(s[44].category(), "consumer");
}

#[test]
fn labels_stop_after_five() {
    assert_eq!(labels(&ids(3), &r), "r1, r2, r3");
    assert_eq!(labels(&ids(6), &r), "r1, r2, r3, r4, r5, …");
    assert_eq!(labels(&[], &r), "");
}

#[test]
fn korean_particles_follow_the_last_sound() {
    assert_eq!(josa("브로커 1", "이/가"), "브로커 1이");
    assert_eq!(josa("브로커 2", "이/가"), "브로커 2가");
    assert_eq!(josa("브로커 10", "이/가"), "브로커 10이");
    assert_eq!(josa("컨트롤러", "이/가"), "컨트롤러가");
    assert_eq!(josa("컨트롤러", "을/를"), "컨트롤러를");
    assert_eq!(josa("r1", "을/를"), "r1을");
    assert_eq!(josa("[3]", "을/를"), "[3]을");
    assert_eq!(josa("컨슈머 1", "은/는"), "컨슈머 1은");
    assert_eq!(josa("x=1", "으로/로"), "x=1로");
    assert_eq!(josa("x=3", "으로/로"), "x=3으로");
    assert_eq!(josa("x=true", "으로/로"), "x=true로");
    assert_eq!(node_name(Locale::En, NodeId::Controller), "controller");
    assert_eq!(node_name(Locale::Ko, NodeId::Producer(1)), "프로듀서 1");
}

#[test]
fn adding_partitions_names_the_keys_that_move() {
    let e = samples()
        .into_iter()
        .find(|e| matches!(e, Event::PartitionsAdded { .. }))
        .unwrap();
    let (en, ko) = both(&e);
    assert_has(
        &en,
        &["6 partitions", "was 3", "busan: 1→4", "per-key order"],
    );
    assert_has(&ko, &["3개에서 6개", "busan: 1→4", "순서"]);
    assert!(e.is_marker() && e.category() == "controller");
}

#[test]
fn member_ids_are_shortened_to_their_client_id() {
    let (en, ko) = both(&Event::MemberRemoved {
        group: "hadoop".into(),
        member_id: MEMBER.into(),
        reason: MemberRemovedReason::SessionTimeout,
    });
    assert_has(&en, &["consumer-hadoop-1-0f8f…", "session.timeout.ms"]);
    assert_has(&ko, &["consumer-hadoop-1-0f8f…", "session.timeout.ms"]);
}

#[test]
fn blocked_and_failed_sends_and_compressed_batches() {
    let s = samples();
    let at = |v: usize| s.iter().position(|e| variant(e) == v).unwrap();
    let (en, ko) = both(&s[at(55)]);
    assert_has(
        &en,
        &[
            "send() of r7 blocks",
            "16384 bytes",
            "only 1200",
            "60000 ms",
            "linger.ms",
        ],
    );
    assert_has(
        &ko,
        &["send()가 r7에서 멈췄습니다", "16384바이트", "max.block.ms"],
    );
    let (en, ko) = both(&s[at(56)]);
    assert_has(&en, &["r7 returns after waiting 120 ms"]);
    assert_has(&ko, &["120ms", "r7은"]);
    let (en, ko) = both(&s[at(57)]);
    assert_has(
        &en,
        &[
            "RecordTooLargeException (client-side)",
            "max.request.size configuration.",
            "never sent",
        ],
    );
    assert_has(
        &ko,
        &["RecordTooLargeException (클라이언트 측)", "전송되지도"],
    );
    let (en, ko) = both(&s[at(58)]);
    assert_has(&en, &["gzip", "130 → 104 bytes", "1 µs", "51 ms", "model"]);
    assert_has(&ko, &["gzip", "130 → 104바이트", "모델"]);
    assert!(s[at(55)].is_marker() && s[at(57)].is_marker());
    assert!(!s[at(56)].is_marker() && !s[at(58)].is_marker());
    let timeout = Event::SendFailed {
        producer: 1,
        topic: "orders".into(),
        id: RecordId(9),
        error: KafkaError::BufferExhausted,
        message: "Failed to allocate 16384 bytes".into(),
    };
    let (en, ko) = both(&timeout);
    assert_has(&en, &["BufferExhaustedException", "max.block.ms"]);
    assert_has(&ko, &["max.block.ms", "buffer.memory"]);
}

fn find(pred: impl Fn(&Event) -> bool) -> Vec<Event> {
    transaction_samples()
        .into_iter()
        .filter(|e| pred(e))
        .collect()
}

#[test]
fn transactional_producer_steps_name_the_id_epoch_and_coordinator() {
    let found = find(|e| matches!(e, Event::TxnCoordinatorFound { .. }));
    let (en, ko) = both(&found[0]);
    assert_has(
        &en,
        &[
            "Producer 1",
            "tx-1",
            "broker 2",
            "__transaction_state-7",
            "FindCoordinator",
        ],
    );
    assert_has(
        &ko,
        &[
            "프로듀서 1이",
            "tx-1",
            "브로커 2가",
            "__transaction_state-7",
        ],
    );
    let (en, ko) = both(&found[1]);
    assert_has(&en, &["COORDINATOR_NOT_AVAILABLE (code 15)", "asks again"]);
    assert_has(&ko, &["COORDINATOR_NOT_AVAILABLE (오류 코드 15)"]);
    let (en, ko) = both(&find(|e| matches!(e, Event::ProducerIdInitialized { .. }))[0]);
    assert_has(
        &en,
        &["producer id 2000, epoch 2", "InitProducerId", "fenced"],
    );
    assert_has(&ko, &["프로듀서 ID 2000, 에포크 2", "펜싱"]);
    let (en, ko) = both(&find(|e| matches!(e, Event::TransactionBegun { .. }))[0]);
    assert_has(&en, &["beginTransaction", "AddPartitionsToTxn"]);
    assert_has(&ko, &["beginTransaction", "AddPartitionsToTxn"]);
    let ended = find(|e| matches!(e, Event::TransactionEnded { .. }));
    assert_has(
        &both(&ended[0]).0,
        &["commitTransaction", "PrepareCommit", "COMMIT markers"],
    );
    assert_has(&both(&ended[1]).1, &["abortTransaction", "ABORT 마커"]);
    let errors = find(|e| matches!(e, Event::TransactionalError { .. }));
    let (en, ko) = both(&errors[0]);
    assert_has(
        &en,
        &["PRODUCER_FENCED (code 90)", "fatal", "close the producer"],
    );
    assert_has(&ko, &["PRODUCER_FENCED (오류 코드 90)", "치명적"]);
    let (en, ko) = both(&errors[1]);
    assert_has(
        &en,
        &[
            "INVALID_PRODUCER_EPOCH (code 47)",
            "abortable",
            "abortTransaction",
            "zombie",
        ],
    );
    assert_has(&ko, &["INVALID_PRODUCER_EPOCH", "abortTransaction", "좀비"]);
    let (en, ko) = both(&find(|e| matches!(e, Event::TransactionCallFailed { .. }))[0]);
    assert_has(&en, &["commitTransaction threw KafkaException", "READY"]);
    assert_has(&ko, &["commitTransaction", "예외"]);
    assert!(errors.iter().all(Event::is_marker));
    assert!(errors.iter().all(|e| e.category() == "transaction"));
}

#[test]
fn coordinator_events_say_what_is_decided() {
    let changed = find(|e| matches!(e, Event::TxnStateChanged { .. }));
    let (en, ko) = both(&changed[0]);
    assert_has(
        &en,
        &[
            "Coordinator broker 2",
            "Ongoing",
            "[orders-0, orders-1]",
            "offset 3",
            "transaction.timeout.ms",
        ],
    );
    assert_has(
        &ko,
        &[
            "코디네이터 브로커 2",
            "Ongoing",
            "[orders-0, orders-1]",
            "오프셋 3",
        ],
    );
    let (en, ko) = both(&changed[1]);
    assert_has(
        &en,
        &[
            "PrepareCommit",
            "survives a coordinator crash",
            "WriteTxnMarkers (COMMIT)",
        ],
    );
    assert_has(&ko, &["PrepareCommit", "WriteTxnMarkers(COMMIT)"]);
    assert_has(&both(&changed[2]).0, &["Empty", "older epoch are fenced"]);
    assert_has(
        &both(&changed[3]).1,
        &["CompleteAbort", "모든 파티션에 마커"],
    );
    let fenced = find(|e| matches!(e, Event::TxnFenced { .. }));
    let (en, ko) = both(&fenced[0]);
    assert_has(
        &en,
        &[
            "new producer called InitProducerId",
            "epoch 0",
            "to 1",
            "INVALID_PRODUCER_EPOCH",
            "PRODUCER_FENCED",
        ],
    );
    assert_has(&ko, &["새 프로듀서", "에포크를 1로", "펜싱"]);
    let (en, ko) = both(&fenced[1]);
    assert_has(&en, &["longer than its transaction.timeout.ms", "to 4"]);
    assert_has(&ko, &["transaction.timeout.ms보다 오래"]);
    let (en, ko) = both(&find(|e| matches!(e, Event::TxnCoordinatorLoaded { .. }))[0]);
    assert_has(
        &en,
        &[
            "Broker 3",
            "__transaction_state-7",
            "coordinator epoch 1",
            "2 transactional",
            "tx-1 stopped half-way",
        ],
    );
    assert_has(&ko, &["브로커 3이", "__transaction_state-7", "tx-1는"]);
    assert!(fenced.iter().all(Event::is_marker));
}

#[test]
fn markers_lso_and_skipping_consumers() {
    let markers = find(|e| matches!(e, Event::TxnMarkerWritten { .. }));
    let (en, ko) = both(&markers[0]);
    assert_has(
        &en,
        &[
            "ABORT marker",
            "offset 9",
            "producer 2000",
            "takes an offset",
            "began at offset 5",
            "drop",
        ],
    );
    assert_has(&ko, &["ABORT 마커", "오프셋 9", "오프셋 하나를 차지"]);
    assert_has(
        &both(&markers[1]).0,
        &["COMMIT marker", "read_committed consumers read"],
    );
    assert_eq!(markers[0].tp(), Some(&tp()));
    let lso = find(|e| matches!(e, Event::LastStableOffsetMoved { .. }));
    let (en, ko) = both(&lso[0]);
    assert_has(
        &en,
        &[
            "last stable offset (LSO) is 5",
            "HW is 8",
            "producer 2000",
            "read_committed consumers stop at 5",
        ],
    );
    assert_has(&ko, &["마지막 안정 오프셋(LSO)은 5", "HW는 8"]);
    assert_has(&both(&lso[1]).0, &["5 → 10", "level with the HW"]);
    let skipped = find(|e| matches!(e, Event::ConsumerSkipped { .. }));
    let (en, ko) = both(&skipped[0]);
    assert_has(
        &en,
        &[
            "Consumer 1 (read_committed) dropped 2 records (r3, r4)",
            "aborted",
            "offset(s) 5",
            "position is now 6",
        ],
    );
    assert_has(
        &ko,
        &[
            "컨슈머 1이 (read_committed)",
            "레코드 2개(r3, r4)",
            "위치는 6",
        ],
    );
    let (en, _) = both(&skipped[1]);
    assert!(
        en.starts_with("Consumer 2 (read_uncommitted) skipped the control marker"),
        "{en}"
    );
    assert_eq!(skipped[0].category(), "consumer");
    let (en, ko) = both(&find(|e| matches!(e, Event::ConsumerFetched { .. }))[0]);
    assert_has(
        &en,
        &["(read_committed)", "LSO 5, HW 8", "last stable offset"],
    );
    assert_has(&ko, &["LSO 5, HW 8", "마지막 안정 오프셋"]);
}

#[test]
fn adding_and_closing_consumers_say_what_the_group_does() {
    let s = lifecycle_samples();
    let (en, ko) = both(&s[0]);
    assert_has(
        &en,
        &[
            "Consumer 3",
            "new KafkaConsumer",
            "[click_log]",
            "elasticsearch",
            "rebalances",
            "idle",
        ],
    );
    assert_has(&ko, &["컨슈머 3이", "[click_log]를 구독", "리밸런스"]);
    let (en, ko) = both(&s[1]);
    assert_has(
        &en,
        &["assigned [orders-0] by hand", "hadoop's committed offsets"],
    );
    assert_has(&ko, &["[orders-0]을 직접 할당", "hadoop 그룹이 커밋한"]);
    let (en, _) = both(&s[2]);
    assert_has(&en, &["where auto.offset.reset says"]);
    let (en, ko) = both(&s[3]);
    assert_has(
        &en,
        &[
            "close()",
            "synchronously",
            "onPartitionsRevoked",
            "sends LeaveGroup",
            "instead of after session.timeout.ms",
        ],
    );
    assert_has(
        &ko,
        &["컨슈머 2가 close()", "동기 커밋", "LeaveGroup을 보냅니다"],
    );
    let (en, ko) = both(&s[4]);
    assert_has(
        &en,
        &[
            "auto-commit is off",
            "sends no LeaveGroup",
            "static member",
            "KIP-345",
        ],
    );
    assert_has(&ko, &["LeaveGroup은 보내지 않습니다", "정적 멤버"]);
    let (en, _) = both(&s[5]);
    assert_has(&en, &["assigned by hand", "no group rebalances"]);
    let (en, _) = both(&s[6]);
    assert_has(&en, &["without a group"]);
    let (en, ko) = both(&s[7]);
    assert_has(&en, &["Consumer 2 is closed", "cannot be restarted"]);
    assert_has(&ko, &["컨슈머 2가 닫혔습니다"]);
    let (en, ko) = both(&s[8]);
    assert_has(&en, &["as it closes", "onLeavePrepare"]);
    assert_has(&ko, &["닫히면서"]);
    for e in &s {
        assert_eq!(e.category(), "consumer", "{e:?}");
    }
    assert!(s[0].is_marker() && s[3].is_marker() && !s[7].is_marker());
}

#[test]
fn isr_changes_list_the_brokers_out_and_in() {
    assert_eq!(broker_list(&[2, 3]), "[2,3]");
    assert_eq!(brokers_outside(&[1, 3, 4], &[1, 2]), "[3,4]");
    assert_eq!(brokers_outside(&[1, 2], &[1, 2, 3]), "[]");
    let swap = Event::IsrChanged {
        tp: tp(),
        isr: vec![1, 2],
        previous: vec![1, 3],
        partition_epoch: 4,
        by_controller: false,
    };
    let (en, ko) = both(&swap);
    assert_has(
        &ko,
        &[" 제외: [3]. 이제 acks=all은 [1,2]만", " 합류: [2]. 다시"],
    );
    assert!(
        en.ends_with(
            "(partition epoch 4): the controller accepted the leader's AlterPartition request. \
             Out: [3]. acks=all now waits only for [1,2]; if the ISR is smaller than \
             min.insync.replicas, acks=all writes fail with NOT_ENOUGH_REPLICAS (code 19). \
             In: [2], which counts again for acks=all and the high watermark."
        ),
        "{en}"
    );
}

#[test]
fn a_both_phrase_is_split_into_its_languages() {
    const WHY: &str = both!("english", "한국어");
    assert_eq!(half(Locale::En, WHY), "english");
    assert_eq!(half(Locale::Ko, WHY), "한국어");
    assert_eq!(
        error_why(Locale::Ko, KafkaError::InvalidGroupId),
        "그룹 ID가 비어 있습니다"
    );
}
