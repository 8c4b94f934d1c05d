//! Consumer groups end to end: the seed notes' 1/2/3 consumers on two
//! partitions, independent groups, a crash that the session timeout
//! detects, static membership (KIP-345) and cooperative rebalancing (KIP-429).

use kafka_playground::engine::event::{Event, Revocation};
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use kafka_playground::engine::types::Tp;
use serde_json::{json, Value};

#[path = "support/group_invariants.rs"]
mod group_invariants;

fn scenario(consumers: Value, script: Value, stop_at_ms: u64) -> Simulation {
    let s = json!({
        "version": 1, "seed": 11, "brokers": [1, 2, 3],
        "broker_config": {"offsets.topic.num.partitions": 3},
        "topics": [{"name": "click_log", "partitions": 2, "replication_factor": 3}],
        "producers": [{"id": 1, "config": {"partitioner.class": "org.apache.kafka.clients.producer.RoundRobinPartitioner"}}],
        "consumers": consumers,
        "script": script,
        "stop_at_ms": stop_at_ms
    });
    Scenario::from_json(&s.to_string()).unwrap().run().unwrap()
}

fn member(id: u32, group: &str, extra: Value) -> Value {
    let mut config =
        json!({"group.id": group, "auto.offset.reset": "earliest", "session.timeout.ms": 10000});
    config
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    json!({"id": id, "subscribe": ["click_log"], "config": config})
}

fn produce() -> Value {
    json!({"at_ms": 100, "action": "auto_produce", "producer": 1, "topic": "click_log", "per_second": 20})
}

/// The last assignment each consumer received.
fn owners(sim: &Simulation) -> Vec<(u32, Vec<Tp>)> {
    sim.nodes
        .consumers
        .iter()
        .map(|(id, c)| (*id, c.assignment.clone()))
        .collect()
}

fn events(sim: &Simulation) -> Vec<&Event> {
    sim.trace.iter().map(|t| &t.event).collect()
}

#[test]
fn one_two_three_consumers_on_two_partitions() {
    for n in 1..=3u32 {
        let consumers: Vec<Value> = (1..=n).map(|i| member(i, "es", json!({}))).collect();
        let sim = scenario(json!(consumers), json!([produce()]), 15_000);
        let mut all: Vec<Tp> = owners(&sim).into_iter().flat_map(|(_, a)| a).collect();
        all.sort();
        assert_eq!(
            all,
            vec![Tp::new("click_log", 0), Tp::new("click_log", 1)],
            "n={n}"
        );
        if n == 3 {
            // Range gives each of the first two members (by member id) one
            // partition: one consumer stays idle.
            assert_eq!(owners(&sim).iter().filter(|(_, a)| a.is_empty()).count(), 1);
        }
        for c in sim.nodes.consumers.values() {
            assert!(c.error.is_none(), "{:?}", c.error);
        }
        // Every record produced so far and committed is read by the group.
        let read: usize = sim.nodes.consumers.values().map(|c| c.consumed.len()).sum();
        assert!(read >= 200, "n={n}: read {read}");
    }
}

#[test]
fn two_groups_read_the_same_topic_independently() {
    let sim = scenario(
        json!([
            member(1, "elasticsearch", json!({})),
            member(
                2,
                "hadoop",
                json!({"playground.processing.ms.per.record": 100})
            )
        ]),
        json!([produce()]),
        15_000,
    );
    let (fast, slow) = (&sim.nodes.consumers[&1], &sim.nodes.consumers[&2]);
    assert_eq!(fast.assignment.len(), 2);
    assert_eq!(slow.assignment.len(), 2);
    assert!(
        fast.consumed.len() > slow.consumed.len(),
        "the slow group lags"
    );
    let committed_by = |g: &str| {
        events(&sim)
            .into_iter()
            .any(|e| matches!(e, Event::OffsetsCommitted { group, .. } if group == g))
    };
    assert!(committed_by("elasticsearch") && committed_by("hadoop"));
}

#[test]
fn crash_is_noticed_after_the_session_timeout_and_the_survivor_resumes_from_the_commit() {
    let sim = scenario(
        json!([member(1, "es", json!({})), member(2, "es", json!({}))]),
        json!([produce(), {"at_ms": 12000, "action": "crash_consumer", "consumer": 2}]),
        40_000,
    );
    let ev = events(&sim);
    let removed = sim.trace.iter().find(|t| {
        matches!(&t.event, Event::MemberRemoved { reason, .. }
            if *reason == kafka_playground::engine::event::MemberRemovedReason::SessionTimeout)
    });
    let removed = removed.expect("the coordinator expires the crashed member");
    // The last heartbeat came at most heartbeat.interval.ms (3 s) before the crash.
    assert!(
        removed.at_ms >= 12_000 + 10_000 - 3_100 && removed.at_ms <= 12_000 + 10_100,
        "{}",
        removed.at_ms
    );
    assert_eq!(
        sim.nodes.consumers[&1].assignment.len(),
        2,
        "the survivor owns both"
    );
    assert!(ev
        .iter()
        .any(|e| matches!(e, Event::ConsumerResumed { consumer: 1, .. })));
}

#[test]
fn static_member_restart_within_the_session_timeout_does_not_rebalance() {
    let sim = scenario(
        json!([
            member(1, "es", json!({"group.instance.id": "es-a"})),
            member(2, "es", json!({"group.instance.id": "es-b"}))
        ]),
        json!([
            produce(),
            {"at_ms": 10000, "action": "crash_consumer", "consumer": 2},
            {"at_ms": 12000, "action": "restart_consumer", "consumer": 2}
        ]),
        30_000,
    );
    let joins_after = sim
        .trace
        .iter()
        .filter(|t| t.at_ms > 10_000 && matches!(t.event, Event::JoinCompleted { .. }))
        .count();
    assert_eq!(joins_after, 0, "no rebalance");
    assert!(events(&sim).iter().any(|e| matches!(
        e,
        Event::StaticMemberReplaced {
            rebalance: false,
            ..
        }
    )));
    assert_eq!(sim.nodes.consumers[&2].assignment.len(), 1);
}

#[test]
fn cooperative_rebalance_keeps_unmoved_partitions_flowing() {
    let coop = json!({"partition.assignment.strategy": "cooperative-sticky"});
    let sim = scenario(
        json!([member(1, "es", coop.clone()), member(2, "es", coop.clone())]),
        json!([produce(), {"at_ms": 10000, "action": "crash_consumer", "consumer": 2},
               {"at_ms": 11000, "action": "restart_consumer", "consumer": 2}]),
        40_000,
    );
    for t in &sim.trace {
        if let Event::PartitionsRevoked { how, .. } = &t.event {
            assert_ne!(
                *how,
                Revocation::Eager,
                "cooperative-sticky never revokes everything"
            );
        }
    }
    let mut all: Vec<Tp> = owners(&sim).into_iter().flat_map(|(_, a)| a).collect();
    all.sort();
    assert_eq!(all.len(), 2);
}

#[test]
fn at_most_one_owner_per_partition_per_generation_and_commits_never_go_back() {
    for seed in 0..100u64 {
        let s = json!({
            "version": 1, "seed": seed, "brokers": [1, 2, 3],
            "broker_config": {"offsets.topic.num.partitions": 3},
            "topics": [{"name": "click_log", "partitions": 2, "replication_factor": 3}],
            "producers": [{"id": 1}],
            "consumers": [member(1, "g", json!({})), member(2, "g", json!({})), member(3, "g", json!({}))],
            "script": [produce(), {"at_ms": 9000, "action": "crash_consumer", "consumer": 1 + (seed % 3) as u32}],
            "stop_at_ms": 30000
        });
        let sim = Scenario::from_json(&s.to_string()).unwrap().run().unwrap();
        let violations = group_invariants::group_violations(&sim.trace);
        assert!(violations.is_empty(), "seed {seed}: {violations:?}");
    }
}

#[test]
fn bad_group_configs_are_clear_errors() {
    let bad = |config: Value, subscribe: bool| bad_on(&[1, 2, 3], config, subscribe);
    assert!(bad(
        json!({"group.id": "g", "partition.assignment.strategy": "fastest"}),
        true
    )
    .contains("partition.assignment.strategy"));
    assert!(bad(json!({"group.id": ""}), true).contains("INVALID_GROUP_ID"));
    assert!(bad(json!({}), true).contains("you must provide a valid group.id"));
    assert!(
        bad(json!({"group.id": "g", "session.timeout.ms": -1}), true)
            .contains("session.timeout.ms")
    );
    assert!(bad(
        json!({"group.id": "g", "heartbeat.interval.ms": 50000}),
        true
    )
    .contains("Heartbeat must be set lower than the session timeout"));
    let e = bad_on(&[1], json!({"group.id": "g"}), true);
    assert!(
        e.contains("offsets.topic.replication.factor") && e.contains("Number of alive brokers '1'"),
        "{e}"
    );
}

fn bad_on(brokers: &[i32], config: Value, subscribe: bool) -> String {
    {
        let mut c = json!({"id": 1, "config": config});
        if subscribe {
            c["subscribe"] = json!(["click_log"]);
        } else {
            c["assign"] = json!(["click_log-0"]);
        }
        let s = json!({"version": 1, "seed": 1, "brokers": brokers,
            "topics": [{"name": "click_log", "partitions": 2, "replication_factor": 1}],
            "consumers": [c], "stop_at_ms": 10});
        match Scenario::from_json(&s.to_string()).and_then(|s| s.build()) {
            Ok(_) => panic!("accepted"),
            Err(e) => e.to_string(),
        }
    }
}

type Offsets = Vec<(Tp, i64)>;

/// Offsets a consumer got from poll(), and those it finished processing.
fn polled(sim: &Simulation, id: u32) -> (Offsets, Offsets) {
    let c = &sim.nodes.consumers[&id];
    let all: Vec<(Tp, i64)> = c
        .consumed
        .iter()
        .map(|r| (r.tp.clone(), r.offset))
        .collect();
    let done = all[..c.processed].to_vec();
    (all, done)
}

#[test]
fn a_crash_between_processing_and_the_auto_commit_redelivers_records() {
    // At-least-once: consumer 2 processed records that its last auto-commit
    // (every 5 s) did not cover; after the rebalance consumer 1 reads them again.
    let sim = scenario(
        json!([member(1, "es", json!({})), member(2, "es", json!({}))]),
        json!([produce(), {"at_ms": 13500, "action": "crash_consumer", "consumer": 2}]),
        40_000,
    );
    let (_, done_by_2) = polled(&sim, 2);
    let (read_by_1, _) = polled(&sim, 1);
    let twice: Vec<_> = done_by_2.iter().filter(|r| read_by_1.contains(r)).collect();
    assert!(
        !twice.is_empty(),
        "some processed records are delivered again"
    );
    let committed_by_2: i64 = sim
        .trace
        .iter()
        .filter(|t| t.at_ms < 13_500)
        .filter_map(|t| match &t.event {
            Event::OffsetsCommitted {
                client, offsets, ..
            } if *client == kafka_playground::engine::types::NodeId::Consumer(2) => {
                offsets.iter().map(|(_, o)| *o).max()
            }
            _ => None,
        })
        .max()
        .unwrap();
    assert!(
        twice.iter().all(|(_, o)| *o >= committed_by_2),
        "only what the last commit missed"
    );
}

#[test]
fn committing_before_processing_loses_what_a_crash_interrupts() {
    // At-most-once: consumer 2 commits right after poll(), then needs 100 ms
    // per record; it crashes mid-batch, and nobody ever processes the rest.
    let slow = json!({
        "enable.auto.commit": false,
        "playground.commit.mode": "before-processing",
        "playground.processing.ms.per.record": 100,
        "max.poll.records": 20
    });
    let sim = scenario(
        json!([member(1, "es", json!({})), member(2, "es", slow)]),
        json!([produce(), {"at_ms": 12050, "action": "crash_consumer", "consumer": 2}]),
        40_000,
    );
    let (read_by_2, done_by_2) = polled(&sim, 2);
    let in_hand: Vec<_> = read_by_2[done_by_2.len()..].to_vec();
    assert!(!in_hand.is_empty(), "the crash interrupts a batch");
    let (read_by_1, _) = polled(&sim, 1);
    assert!(
        in_hand.iter().all(|r| !read_by_1.contains(r)),
        "committed but never processed: lost"
    );
}

#[test]
fn a_stuck_application_leaves_the_group_once_max_poll_interval_passes() {
    let sim = scenario(
        json!([
            member(1, "es", json!({})),
            member(2, "es", json!({"max.poll.interval.ms": 5000}))
        ]),
        json!([produce(), {"at_ms": 8000, "action": "pause_consumer", "consumer": 2, "paused": true}]),
        30_000,
    );
    let expired = sim
        .trace
        .iter()
        .find(|t| matches!(t.event, Event::PollTimeoutExpired { consumer: 2, .. }))
        .expect("the poll timer runs out");
    // Heartbeats go on meanwhile; the heartbeat thread notices at once.
    assert!(
        expired.at_ms > 8_000 + 5_000 && expired.at_ms <= 8_000 + 5_001 + 1,
        "{}",
        expired.at_ms
    );
    assert!(events(&sim).iter().any(|e| matches!(
        e,
        Event::PartitionsRevoked {
            consumer: 2,
            how: Revocation::Lost,
            ..
        }
    )));
    assert_eq!(
        sim.nodes.consumers[&1].assignment.len(),
        2,
        "the other member takes over"
    );
}
