//! Adding partitions (`kafka-topics.sh --alter --partitions`), as the seed
//! notes warn: keyed records of some keys now land on another partition, so
//! per-key order breaks across the change; Kafka never removes partitions.

use kafka_playground::engine::command::{Command, RecordSpec};
use kafka_playground::engine::event::Event;
use kafka_playground::engine::murmur2::partition_for_key;
use kafka_playground::engine::placement::{assign_more, assign_replicas, PlacementStart};
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;

fn cluster() -> Simulation {
    Scenario::from_json(
        r#"{"version": 1, "seed": 4, "brokers": 3,
            "topics": [{"name": "click_log", "partitions": 2, "replication_factor": 2}],
            "producers": [{"id": 1, "config": {"acks": "all"}}],
            "stop_at_ms": 0}"#,
    )
    .unwrap()
    .build()
    .unwrap()
}

fn produce(sim: &mut Simulation, keys: &[&str]) {
    let records = keys
        .iter()
        .map(|k| RecordSpec {
            key: Some(k.to_string()),
            value: format!("v-{k}"),
            partition: None,
        })
        .collect();
    sim.apply(Command::Produce {
        producer: 1,
        topic: "click_log".into(),
        records,
    })
    .unwrap();
    sim.run_until(sim.now + 500);
}

/// Where each key's records are, partition by partition.
fn partitions_of(sim: &Simulation, key: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for p in sim.nodes.controller.partitions.values() {
        let leader = p.leader.unwrap();
        let log = &sim.nodes.brokers[&leader].replicas[&p.tp].log;
        if log.records.iter().any(|r| r.key.as_deref() == Some(key)) {
            out.push(p.tp.partition);
        }
    }
    out
}

#[test]
fn keys_move_after_adding_partitions_and_the_event_names_them() {
    let mut sim = cluster();
    let keys = ["서울", "부산", "울산", "1", "2"];
    produce(&mut sim, &keys);
    sim.apply(Command::AddPartitions {
        topic: "click_log".into(),
        partitions: 5,
    })
    .unwrap();
    sim.run_until(sim.now + 500);
    produce(&mut sim, &keys);
    let moved: Vec<(String, u32, u32)> = sim
        .trace
        .iter()
        .find_map(|e| match &e.event {
            Event::PartitionsAdded {
                moved_keys,
                from: 2,
                to: 5,
                ..
            } => Some(moved_keys.clone()),
            _ => None,
        })
        .expect("PartitionsAdded event");
    for k in keys {
        let (old, new) = (
            partition_for_key(k.as_bytes(), 2),
            partition_for_key(k.as_bytes(), 5),
        );
        let mut want = vec![old, new];
        want.sort_unstable();
        want.dedup();
        assert_eq!(partitions_of(&sim, k), want, "records of key {k}");
        assert_eq!(
            moved.iter().any(|(m, _, _)| m == k),
            old != new,
            "{k} in {moved:?}"
        );
    }
    assert!(!moved.is_empty(), "with these keys some move");
    assert_eq!(sim.nodes.controller.partitions.len(), 5);
    // Every new partition has a leader and its followers replicate.
    for p in sim.nodes.controller.partitions.values() {
        assert_eq!(p.isr.len(), 2, "{}", p.tp);
    }
}

#[test]
fn fewer_or_as_many_partitions_are_refused_with_kafkas_words() {
    let mut sim = cluster();
    let e = sim
        .apply(Command::AddPartitions {
            topic: "click_log".into(),
            partitions: 1,
        })
        .unwrap_err();
    assert_eq!(e.field, "partitions");
    assert_eq!(
        e.message,
        "The topic click_log currently has 2 partition(s); 1 would not be an increase."
    );
    let e = sim
        .apply(Command::AddPartitions {
            topic: "click_log".into(),
            partitions: 2,
        })
        .unwrap_err();
    assert_eq!(e.message, "Topic already has 2 partition(s).");
    let e = sim
        .apply(Command::AddPartitions {
            topic: "clicks".into(),
            partitions: 3,
        })
        .unwrap_err();
    assert_eq!(e.field, "topic");
    assert_eq!(sim.nodes.controller.partitions.len(), 2, "nothing changed");
}

#[test]
fn added_partitions_continue_adminutils_placement() {
    // Placing 10 partitions at once equals placing 5 and adding 5 when
    // partition 0 starts on the first broker (AdminUtils' doc table).
    let brokers = [0, 1, 2, 3, 4];
    let fixed = PlacementStart {
        start_index: 0,
        replica_shift: 0,
    };
    let all = assign_replicas(&brokers, 10, 3, fixed).unwrap();
    let more = assign_more(&brokers, 5, 0, 5, 3).unwrap();
    assert_eq!(&all[5..], &more[..]);
}
