//! Consumer groups under faults and load (#6): coordinator failover,
//! incompatible assignors, every record eventually consumed by each group
//! over many seeds, eager stop-the-world vs cooperative rebalances, and lag
//! as `kafka-consumer-groups.sh`, `records-lag-max` and Burrow report it.

use std::collections::{BTreeMap, BTreeSet};

use kafka_playground::engine::burrow::{BurrowConfig, GroupStatus, PartitionStatus};
use kafka_playground::engine::command::Command;
use kafka_playground::engine::event::Event;
use kafka_playground::engine::group_coordinator::GroupState;
use kafka_playground::engine::lag::{
    burrow_status, describe_group, kafka_consumer_groups, lag_series, rebalance_pauses,
    records_lag_max, DescribeView,
};
use kafka_playground::engine::rng::Rng;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use kafka_playground::engine::types::{BrokerId, TimeMs, Tp};
use serde_json::{json, Value};

fn member(id: u32, group: &str, extra: Value) -> Value {
    let mut config = json!({"group.id": group, "auto.offset.reset": "earliest",
                            "session.timeout.ms": 10000});
    config
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    json!({"id": id, "subscribe": ["click_log"], "config": config})
}

fn build(
    seed: u64,
    partitions: u32,
    consumers: Value,
    script: Value,
    stop_at_ms: TimeMs,
) -> Simulation {
    let s = scenario(seed, partitions, consumers, script, stop_at_ms);
    Scenario::from_json(&s.to_string())
        .unwrap()
        .build()
        .unwrap()
}

fn scenario(
    seed: u64,
    partitions: u32,
    consumers: Value,
    script: Value,
    stop_at_ms: TimeMs,
) -> Value {
    json!({
        "version": 1, "seed": seed, "brokers": [1, 2, 3],
        "broker_config": {"offsets.topic.num.partitions": 3},
        "topics": [{"name": "click_log", "partitions": partitions, "replication_factor": 3}],
        "producers": [{"id": 1, "config": {"partitioner.class": "org.apache.kafka.clients.producer.RoundRobinPartitioner"}}],
        "consumers": consumers,
        "script": script,
        "stop_at_ms": stop_at_ms
    })
}

fn produce(per_second: u32) -> Value {
    json!({"at_ms": 100, "action": "auto_produce", "producer": 1, "topic": "click_log", "per_second": per_second})
}

fn coordinator(sim: &Simulation, group: &str) -> BrokerId {
    describe_group(sim, group)
        .expect("reachable")
        .coordinator
        .expect("exists")
        .id
}

/// The last offset each partition had committed for `group` by `until`.
fn committed_by(sim: &Simulation, group: &str, until: TimeMs) -> BTreeMap<Tp, i64> {
    let mut out = BTreeMap::new();
    for t in sim.trace.iter().take_while(|t| t.at_ms <= until) {
        if let Event::OffsetsCommitted {
            group: g, offsets, ..
        } = &t.event
        {
            if g == group {
                out.extend(offsets.iter().cloned());
            }
        }
    }
    out
}

#[test]
fn coordinator_failover_keeps_the_commits_and_the_group_reading_on() {
    let consumers = json!([member(1, "es", json!({})), member(2, "es", json!({}))]);
    let mut sim = build(5, 2, consumers, json!([produce(20)]), 60_000);
    sim.run_until(12_000);
    let old = coordinator(&sim, "es");
    let before = committed_by(&sim, "es", 12_000);
    assert_eq!(
        before.len(),
        2,
        "both partitions committed before the crash"
    );
    sim.apply(Command::Crash { broker: old }).unwrap();
    sim.run_until(60_000);

    // Another broker leads the group's __consumer_offsets partition and
    // loads the group from the log.
    let new = coordinator(&sim, "es");
    assert_ne!(new, old);
    assert!(sim.trace.iter().any(|t| t.at_ms > 12_000
        && matches!(&t.event, Event::GroupsLoaded { coordinator, groups, .. }
            if *coordinator == new && groups.iter().any(|g| g == "es"))));
    // Both members found it again.
    for c in [1u32, 2] {
        assert!(
            sim.trace.iter().any(|t| t.at_ms > 12_000
                && matches!(&t.event, Event::CoordinatorFound { client, coordinator, .. }
                    if *client == kafka_playground::engine::types::NodeId::Consumer(c) && *coordinator == new)),
            "consumer {c} found the new coordinator"
        );
    }
    // The commits survived and grew; nobody went back to offset 0.
    let d = describe_group(&sim, "es").unwrap();
    assert_eq!(d.state, GroupState::Stable);
    for (tp, o) in &before {
        assert!(d.committed[tp] > *o, "{tp}: {} after {o}", d.committed[tp]);
    }
    for t in sim.trace.iter().filter(|t| t.at_ms > 12_000) {
        match &t.event {
            Event::ConsumerReset { tp, .. } => panic!("{tp} reset by auto.offset.reset"),
            Event::ConsumerFetched { tp, offset, .. } => {
                assert!(
                    *offset >= before[tp],
                    "{tp} re-read from {offset} after the failover"
                )
            }
            _ => {}
        }
    }
    let text = kafka_consumer_groups(&sim, "es", DescribeView::State).stdout;
    assert!(
        text.contains(&format!("({new})")) && text.contains("Stable"),
        "{text}"
    );
}

#[test]
fn members_without_a_common_assignor_get_inconsistent_group_protocol() {
    let consumers = json!([
        member(1, "es", json!({"partition.assignment.strategy": "range"})),
        member(
            2,
            "es",
            json!({"partition.assignment.strategy": "cooperative-sticky"})
        )
    ]);
    let mut sim = build(2, 2, consumers, json!([produce(10)]), 15_000);
    sim.run_until(15_000);
    let errors: Vec<(u32, &str)> = sim
        .nodes
        .consumers
        .values()
        .filter_map(|c| c.error.as_deref().map(|e| (c.id, e)))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (refused, e) = errors[0];
    assert!(
        e.starts_with("JoinGroup failed: INCONSISTENT_GROUP_PROTOCOL")
            && e.contains("The group member's supported protocols are incompatible"),
        "{e}"
    );
    let other = if refused == 1 { 2 } else { 1 };
    assert_eq!(sim.nodes.consumers[&other].assignment.len(), 2);
    assert!(sim.nodes.consumers[&refused].assignment.is_empty());
}

/// Consumer 3 joins at 10 s (it crashed before it could join at 0 s).
fn third_member_joins(strategy: &str) -> Simulation {
    let cfg = json!({"partition.assignment.strategy": strategy});
    let consumers = json!([
        member(1, "es", cfg.clone()),
        member(2, "es", cfg.clone()),
        member(3, "es", cfg)
    ]);
    let script = json!([
        {"at_ms": 0, "action": "crash_consumer", "consumer": 3},
        produce(20),
        {"at_ms": 10000, "action": "restart_consumer", "consumer": 3}
    ]);
    let mut sim = build(9, 4, consumers, script, 30_000);
    sim.run_until(30_000);
    sim
}

#[test]
fn eager_stops_every_member_cooperative_only_the_one_giving_up_a_partition() {
    let eager = third_member_joins("range");
    let pauses = rebalance_pauses(&eager.trace);
    for c in [1u32, 2] {
        let p = pauses
            .iter()
            .find(|p| p.consumer == c && p.from_ms >= 10_000)
            .unwrap_or_else(|| panic!("consumer {c} stops: {pauses:?}"));
        assert!(p.stopped_everything() && !p.cooperative);
        assert!(p.duration_ms(30_000) > 0 && p.to_ms.is_some());
    }
    assert!(!eager.nodes.consumers[&3].assignment.is_empty());

    let coop = third_member_joins("cooperative-sticky");
    let pauses: Vec<_> = rebalance_pauses(&coop.trace)
        .into_iter()
        .filter(|p| p.from_ms >= 10_000)
        .collect();
    assert!(
        pauses
            .iter()
            .all(|p| p.cooperative && !p.stopped_everything()),
        "{pauses:?}"
    );
    let paused: BTreeSet<u32> = pauses.iter().map(|p| p.consumer).collect();
    assert_eq!(
        paused.len(),
        1,
        "one member gives up a partition: {pauses:?}"
    );
    assert_eq!(pauses[0].revoked.len(), 1);
    let mut counts: Vec<usize> = coop
        .nodes
        .consumers
        .values()
        .map(|c| c.assignment.len())
        .collect();
    counts.sort();
    assert_eq!(counts, [1, 1, 2]);
}

/// Property: when consumers keep up, each group eventually reads every
/// record below the high watermark, whatever faults came before (they all
/// heal by `HEAL_MS`). Faults are drawn from the seed with engine::rng.
#[test]
fn every_record_below_the_hw_is_eventually_consumed_by_each_group() {
    const PRODUCE_END_MS: TimeMs = 15_000;
    const HEAL_MS: TimeMs = 20_000;
    const STOP_MS: TimeMs = 70_000;
    let seeds: u64 = std::env::var("PROP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    for seed in 0..seeds {
        let mut rng = Rng::new(seed ^ 0x6A0B_C0FF_EE00_0006);
        let partitions = 1 + rng.below(3) as u32;
        let strategy =
            ["range", "roundrobin", "sticky", "cooperative-sticky"][rng.below(4) as usize];
        let cfg = |statics: bool, id: u32| {
            let mut c = json!({"partition.assignment.strategy": strategy});
            if statics {
                c["group.instance.id"] = json!(format!("m{id}"));
            }
            c
        };
        let statics = rng.chance_per_mille(300);
        let consumers = json!([
            member(1, "elasticsearch", cfg(statics, 1)),
            member(2, "elasticsearch", cfg(statics, 2)),
            member(3, "hadoop", cfg(false, 3)),
        ]);
        let mut script = vec![produce(10 + rng.below(30) as u32)];
        let mut down_brokers = BTreeSet::new();
        let mut down_consumers = BTreeSet::new();
        let mut t = 1_000;
        loop {
            t += 500 + rng.below(3_000);
            if t >= HEAL_MS {
                break;
            }
            match rng.below(4) {
                0 => {
                    let b = 1 + rng.below(3) as i32;
                    if down_brokers.is_empty() {
                        down_brokers.insert(b);
                        script.push(json!({"at_ms": t, "action": "crash", "broker": b}));
                    }
                }
                1 => {
                    let c = 1 + rng.below(3) as u32;
                    if down_consumers.insert(c) {
                        script.push(json!({"at_ms": t, "action": "crash_consumer", "consumer": c}));
                    }
                }
                2 => {
                    if let Some(b) = down_brokers.pop_first() {
                        script.push(json!({"at_ms": t, "action": "restart", "broker": b}));
                    }
                }
                _ => {
                    if let Some(c) = down_consumers.pop_first() {
                        script
                            .push(json!({"at_ms": t, "action": "restart_consumer", "consumer": c}));
                    }
                }
            }
        }
        script.push(
            json!({"at_ms": PRODUCE_END_MS, "action": "auto_produce", "producer": 1,
                           "topic": "click_log", "per_second": 0}),
        );
        for b in &down_brokers {
            script.push(json!({"at_ms": HEAL_MS, "action": "restart", "broker": b}));
        }
        for c in &down_consumers {
            script.push(json!({"at_ms": HEAL_MS, "action": "restart_consumer", "consumer": c}));
        }
        script.sort_by_key(|s| s["at_ms"].as_u64());
        let s = scenario(seed, partitions, consumers, json!(script), STOP_MS);
        let sim = Scenario::from_json(&s.to_string()).unwrap().run().unwrap();
        if let Err(e) =
            std::panic::catch_unwind(|| check_everything_consumed(&sim, seed, partitions))
        {
            // `kafka-sim run` or `consumer-groups` reproduce it.
            let path = std::env::temp_dir().join(format!("consumer-groups-seed-{seed}.json"));
            std::fs::write(&path, s.to_string()).unwrap();
            eprintln!("seed {seed}: scenario written to {}", path.display());
            std::panic::resume_unwind(e);
        }
    }
}

fn check_everything_consumed(sim: &Simulation, seed: u64, partitions: u32) {
    for group in ["elasticsearch", "hadoop"] {
        let read: BTreeSet<(Tp, i64)> = sim
            .nodes
            .consumers
            .values()
            .filter(|c| c.config.group_id.as_deref() == Some(group))
            .flat_map(|c| c.consumed.iter().map(|r| (r.tp.clone(), r.offset)))
            .collect();
        let d =
            describe_group(sim, group).unwrap_or_else(|e| panic!("seed {seed}: {group}: {e:?}"));
        for p in 0..partitions {
            let tp = Tp::new("click_log", p);
            let hw =
                d.log_end_offsets.get(&tp).copied().unwrap_or_else(|| {
                    panic!("seed {seed}: {group}: {tp} has no end offset: {d:?}")
                });
            assert!(hw > 0, "seed {seed}: nothing produced to {tp}");
            let missing: Vec<i64> = (0..hw)
                .filter(|o| !read.contains(&(tp.clone(), *o)))
                .collect();
            assert!(
                missing.is_empty(),
                "seed {seed}: {group} never read {tp} offsets {missing:?} (HW {hw})"
            );
            assert_eq!(
                d.committed.get(&tp).copied(),
                Some(hw),
                "seed {seed}: {group}: {tp} committed"
            );
        }
        assert_eq!(d.state, GroupState::Stable, "seed {seed}: {group}");
    }
}

fn two_groups(stop_at_ms: TimeMs) -> Simulation {
    let consumers = json!([
        member(1, "elasticsearch", json!({})),
        member(
            2,
            "hadoop",
            json!({"playground.processing.ms.per.record": 100, "max.poll.records": 10,
                                   "auto.commit.interval.ms": 10000})
        )
    ]);
    let mut sim = build(4, 2, consumers, json!([produce(20)]), stop_at_ms);
    sim.run_until(stop_at_ms);
    sim
}

#[test]
fn a_slow_consumer_lags_in_every_report_and_burrow_names_the_rule() {
    let sim = two_groups(130_000);
    let cfg = BurrowConfig::default();
    let fast = burrow_status(&sim.trace, "elasticsearch", &cfg, sim.now);
    assert_eq!(fast.status, GroupStatus::Ok, "{}", fast.explanation);
    let slow = burrow_status(&sim.trace, "hadoop", &cfg, sim.now);
    assert!(
        matches!(slow.status, GroupStatus::Warn | GroupStatus::Err),
        "{}",
        slow.explanation
    );
    for p in &slow.partitions {
        assert_ne!(p.status, PartitionStatus::Ok, "{}", p.explanation);
        assert_eq!(p.rule.status(), p.status);
    }
    assert!(slow.total_lag > 100);

    // records-lag-max: the slow member sees a large lag at each fetch.
    let fast_lag = records_lag_max(&sim.trace, 1, sim.now).unwrap();
    let slow_lag = records_lag_max(&sim.trace, 2, sim.now).unwrap();
    assert!(slow_lag > 100 && fast_lag < 20, "{fast_lag} vs {slow_lag}");

    // The series grows for hadoop and stays small for elasticsearch.
    let last_lag = |group: &str| -> i64 {
        lag_series(&sim.trace, group)
            .iter()
            .map(|s| s.points.last().unwrap().lag.unwrap())
            .sum()
    };
    assert!(last_lag("hadoop") > 10 * last_lag("elasticsearch").max(1));
}

#[test]
fn describe_shows_both_groups_in_kafkas_format() {
    let sim = two_groups(30_000);
    for (group, consumer) in [("elasticsearch", 1u32), ("hadoop", 2)] {
        let d = describe_group(&sim, group).unwrap();
        let out = d.print(DescribeView::Offsets);
        assert_eq!(out.stderr, "");
        let lines: Vec<&str> = out.stdout.split('\n').collect();
        let member = &d.members[0];
        let id_width = member.consumer_id.len().max(15);
        let header = format!(
            "{:<15} {:<15} {:<10} {:<15} {:<15} {:<15} {:<id_width$} {:<15} {}",
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID"
        );
        assert_eq!(lines[1], header);
        for p in 0..2u32 {
            let tp = Tp::new("click_log", p);
            let (current, end) = (d.committed[&tp], d.log_end_offsets[&tp]);
            let row = format!(
                "{:<15} {:<15} {:<10} {:<15} {:<15} {:<15} {:<id_width$} {:<15} consumer-{group}-{consumer}",
                group,
                "click_log",
                p,
                current,
                end,
                end - current,
                member.consumer_id,
                "/127.0.0.1",
            );
            assert_eq!(lines[2 + p as usize], row);
        }
        assert_eq!(lines.len(), 5);
    }
    let lag = |group: &str| {
        let d = describe_group(&sim, group).unwrap();
        d.rows().iter().map(|r| r.lag().unwrap()).sum::<i64>()
    };
    assert!(lag("hadoop") > lag("elasticsearch"));
}
