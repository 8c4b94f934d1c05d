//! Property D (consumer lifecycle): one group on a topic with 1 to 4
//! partitions, under a seed-chosen assignor, with or without static
//! membership, while the script adds consumers (`add_consumer`), closes them
//! (`close_consumer`), crashes and restarts them, and for some seeds crashes
//! and restarts a broker (the coordinator moves, a closing commit may have
//! to find it again).
//!
//! * A partition has at most one owner per generation, and the group's
//!   committed offsets never go back (`support/group_invariants.rs`).
//! * close() returns within its bound (request.timeout.ms), and a closed
//!   consumer sends nothing afterwards and is gone from the cluster.
//! * After the quiet period the running members share every partition,
//!   each owned exactly once.

use std::collections::{BTreeMap, BTreeSet};

use super::group_invariants::group_violations;
use super::*;
use kafka_playground::engine::event::MemberRemovedReason;
use kafka_playground::engine::types::{NodeId, Tp};

const LIFECYCLE_SEEDS: u64 = 50;
const CHURN_END_MS: TimeMs = 20_000;
const LIFECYCLE_STOP_MS: TimeMs = 50_000;
/// `request.timeout.ms` (the consumer default), which bounds close().
const CLOSE_BOUND_MS: TimeMs = 30_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Life {
    Running,
    Crashed,
    Closed,
}

fn member_config(id: u32, strategy: &str, static_members: bool) -> Value {
    let mut c = json!({"group.id": "g", "auto.offset.reset": "earliest",
                       "session.timeout.ms": 6000, "heartbeat.interval.ms": 2000,
                       "partition.assignment.strategy": strategy});
    if static_members {
        c["group.instance.id"] = json!(format!("g-{id}"));
    }
    c
}

/// The scenario for `seed`: everything derives from it.
fn generate_lifecycle(seed: u64) -> Value {
    let mut rng = Rng::new(seed ^ 0x00C0_115E_11FE_C7C1);
    let partitions = 1 + rng.below(4);
    let strategy = ["range", "roundrobin", "sticky", "cooperative-sticky"][rng.below(4) as usize];
    let static_members = rng.chance_per_mille(300);
    let broker_faults = rng.chance_per_mille(400);
    let mut life: BTreeMap<u32, Life> = BTreeMap::new();
    let mut consumers = Vec::new();
    for id in 1..=1 + rng.below(2) as u32 {
        life.insert(id, Life::Running);
        consumers.push(json!({"id": id, "subscribe": ["click_log"],
                              "config": member_config(id, strategy, static_members)}));
    }
    let mut steps: Vec<(TimeMs, Value)> = vec![(
        100,
        json!({"action": "auto_produce", "producer": 1, "topic": "click_log", "per_second": 20}),
    )];
    let pick = |rng: &mut Rng, life: &BTreeMap<u32, Life>, want: Life| {
        let ids: Vec<u32> = life
            .iter()
            .filter(|(_, l)| **l == want)
            .map(|(id, _)| *id)
            .collect();
        (!ids.is_empty()).then(|| ids[rng.below(ids.len() as u64) as usize])
    };
    let mut t = 500;
    while t < CHURN_END_MS {
        t += 300 + rng.below(2_500);
        let roll = rng.below(100);
        let alive = life.values().filter(|l| **l != Life::Closed).count();
        let step = if roll < 30 && alive < 6 {
            let id = life.keys().max().map_or(1, |m| m + 1);
            life.insert(id, Life::Running);
            Some(
                json!({"action": "add_consumer", "consumer": id, "subscribe": ["click_log"],
                        "config": member_config(id, strategy, static_members)}),
            )
        } else if roll < 55 {
            pick(&mut rng, &life, Life::Running).map(|id| {
                life.insert(id, Life::Closed);
                json!({"action": "close_consumer", "consumer": id})
            })
        } else if roll < 80 {
            pick(&mut rng, &life, Life::Running).map(|id| {
                life.insert(id, Life::Crashed);
                json!({"action": "crash_consumer", "consumer": id})
            })
        } else {
            pick(&mut rng, &life, Life::Crashed).map(|id| {
                life.insert(id, Life::Running);
                json!({"action": "restart_consumer", "consumer": id})
            })
        };
        steps.extend(step.map(|s| (t, s)));
    }
    if broker_faults {
        let broker = 1 + rng.below(BROKERS as u64);
        let down = 1_000 + rng.below(CHURN_END_MS - 6_000);
        steps.push((down, json!({"action": "crash", "broker": broker})));
        steps.push((
            down + 2_000 + rng.below(3_000),
            json!({"action": "restart", "broker": broker}),
        ));
    }
    json!({
        "version": 1,
        "seed": seed,
        "brokers": BROKERS,
        "broker_config": {"offsets.topic.num.partitions": 3},
        "network": {"latency_ms": 2, "jitter_ms": rng.below(4)},
        "topics": [{"name": "click_log", "partitions": partitions, "replication_factor": 3}],
        "producers": [{"id": 1}],
        "consumers": consumers,
        "script": script(steps),
        "stop_at_ms": LIFECYCLE_STOP_MS
    })
}

/// Each problem as text.
fn lifecycle_violations(sim: &Simulation) -> Vec<String> {
    let mut out = group_violations(&sim.trace);
    let mut closing: BTreeMap<u32, TimeMs> = BTreeMap::new();
    let mut closed: BTreeMap<u32, TimeMs> = BTreeMap::new();
    for t in &sim.trace {
        match &t.event {
            Event::ConsumerClosing { consumer, .. } => {
                closing.insert(*consumer, t.at_ms);
            }
            Event::ConsumerClosed { consumer } => {
                closed.insert(*consumer, t.at_ms);
            }
            Event::MessageSent {
                from: NodeId::Consumer(c),
                api,
                ..
            } if closed.contains_key(c) => {
                out.push(format!("{} ms: closed consumer {c} sent {api}", t.at_ms))
            }
            _ => {}
        }
    }
    for (c, at) in &closing {
        match closed.get(c) {
            Some(done) if done - at > CLOSE_BOUND_MS => {
                out.push(format!("consumer {c}'s close() took {} ms", done - at))
            }
            None if sim.now - at > CLOSE_BOUND_MS => {
                out.push(format!("consumer {c}'s close() at {at} ms never returned"))
            }
            _ => {}
        }
        if closed.contains_key(c) && sim.nodes.consumers.contains_key(c) {
            out.push(format!("closed consumer {c} is still in the cluster"));
        }
    }
    let running: Vec<_> = sim
        .nodes
        .consumers
        .values()
        .filter(|c| !c.crashed)
        .collect();
    if !running.is_empty() {
        let mut owned: Vec<Tp> = running
            .iter()
            .flat_map(|c| c.assignment.iter().cloned())
            .collect();
        owned.sort();
        let partitions = sim.cluster.topics["click_log"].partitions.len() as u32;
        let all: Vec<Tp> = (0..partitions).map(|p| Tp::new("click_log", p)).collect();
        if owned != all {
            out.push(format!(
                "after the quiet period the running members own {owned:?}, not each of {all:?} once"
            ));
        }
    }
    out
}

#[test]
fn consumers_added_closed_and_crashed_keep_one_owner_per_partition() {
    let seeds = seeds(LIFECYCLE_SEEDS);
    let name = "consumers_added_closed_and_crashed_keep_one_owner_per_partition";
    // Coverage: runs where a close sent LeaveGroup, and where a closing
    // commit failed (and was retried or given up).
    let (left, failed_commits) = (AtomicU64::new(0), AtomicU64::new(0));
    let failures = for_all_seeds(&seeds, |seed| {
        let scenario = generate_lifecycle(seed);
        let problems = match run(&scenario) {
            Ok(sim) => {
                let mut closing = BTreeSet::new();
                for t in &sim.trace {
                    match &t.event {
                        Event::ConsumerClosing { consumer, .. } => {
                            closing.insert(*consumer);
                        }
                        Event::ConsumerClosed { consumer } => {
                            closing.remove(consumer);
                        }
                        Event::OffsetCommitFailed { consumer, .. }
                            if closing.contains(consumer) =>
                        {
                            failed_commits.fetch_add(1, Ordering::Relaxed);
                        }
                        Event::MemberRemoved {
                            reason: MemberRemovedReason::LeftGroup(r),
                            ..
                        } if r == "the consumer is being closed" => {
                            left.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {}
                    }
                }
                lifecycle_violations(&sim)
            }
            Err(e) => vec![e],
        };
        (!problems.is_empty()).then(|| {
            format!(
                "{}\n  {}",
                reproduce(seed, "all", &scenario, name),
                problems.join("\n  ")
            )
        })
    });
    println!(
        "{name}: {} seeds, {} failing; members that left on close: {}, commits that failed \
         while closing: {}",
        seeds.len(),
        failures.len(),
        left.load(Ordering::Relaxed),
        failed_commits.load(Ordering::Relaxed)
    );
    assert_no_failures("the consumer lifecycle", &seeds, &failures);
}

#[test]
fn the_lifecycle_generator_adds_and_closes_for_most_seeds() {
    // Not vacuous: most runs both add and close consumers, some close a
    // static member, some close while a broker is down.
    let (mut both, mut statics) = (0, 0);
    for seed in 0..LIFECYCLE_SEEDS {
        let s = generate_lifecycle(seed);
        assert_eq!(
            s,
            generate_lifecycle(seed),
            "seed {seed}: not deterministic"
        );
        let actions: Vec<&str> = s["script"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["action"].as_str())
            .collect();
        if actions.contains(&"add_consumer") && actions.contains(&"close_consumer") {
            both += 1;
            statics += usize::from(s["consumers"][0]["config"]["group.instance.id"].is_string());
        }
        Scenario::from_json(&s.to_string())
            .and_then(|s| s.build())
            .unwrap_or_else(|e| panic!("seed {seed}: generated scenario rejected: {e}"));
    }
    assert!(
        both >= LIFECYCLE_SEEDS as usize / 2,
        "{both} seeds add and close"
    );
    assert!(statics > 0, "no seed closes a static member");
}
