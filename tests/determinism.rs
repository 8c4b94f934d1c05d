//! Determinism: one seed, one history. The same scenario gives a
//! byte-identical trace and report every time; another seed gives another
//! history when the network has jitter; and a `Simulation` cloned mid-run
//! continues exactly like the original (the UI's time travel restores
//! clones).
//!
//! A stable digest of a run, for comparing runs across builds and targets
//! (native vs wasm, the browser test): FNV-1a 64 over the UTF-8 bytes of
//! `serde_json::to_string(&sim.trace)` (compact JSON, no trailing newline),
//! printed as 16 lowercase hex digits. FNV-1a is trivially reimplemented in
//! JavaScript with BigInt: start at 0xcbf29ce484222325; for each byte,
//! `h ^= byte; h = (h * 0x100000001b3) mod 2^64`.

use kafka_playground::engine::report::Report;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use kafka_playground::engine::types::TimeMs;
use serde_json::{json, Value};

const EXAMPLE: &str = include_str!("../scenarios/acks1-leader-fails-before-replication.json");

/// FNV-1a, 64 bits.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn trace_json(sim: &Simulation) -> String {
    serde_json::to_string(&sim.trace).expect("the trace serializes")
}

fn report_json(sim: &Simulation) -> String {
    serde_json::to_string(&Report::of(sim)).expect("the report serializes")
}

/// The trace digest described at the top of this file.
fn digest(sim: &Simulation) -> String {
    format!("{:016x}", fnv1a64(trace_json(sim).as_bytes()))
}

fn run_text(text: &str) -> Simulation {
    Scenario::from_json(text)
        .and_then(|s| s.run())
        .unwrap_or_else(|e| panic!("scenario rejected: {e}"))
}

/// A busier scenario with network jitter, faults on every kind of node and
/// keyed and unkeyed records on several partitions.
fn jittery(seed: u64) -> Value {
    let mut script = Vec::new();
    for i in 0..40u64 {
        script.push(json!({
            "at_ms": 100 + i * 150, "action": "produce", "producer": 1, "topic": "orders",
            "records": [{ "value": format!("v{i}") }, { "key": format!("k{}", i % 5), "value": format!("w{i}") }]
        }));
    }
    script.extend([
        json!({ "at_ms": 1_500, "action": "cut_link", "from": "broker:1", "to": "broker:2" }),
        json!({ "at_ms": 2_000, "action": "crash", "broker": 2 }),
        json!({ "at_ms": 2_500, "action": "drop_rate", "per_mille": 50 }),
        json!({ "at_ms": 3_000, "action": "slow", "node": "broker:3", "extra_ms": 40 }),
        json!({ "at_ms": 4_000, "action": "heal_link", "from": "broker:1", "to": "broker:2" }),
        json!({ "at_ms": 4_500, "action": "drop_rate", "per_mille": 0 }),
        json!({ "at_ms": 5_000, "action": "restart", "broker": 2 }),
        json!({ "at_ms": 6_000, "action": "shutdown", "broker": 1 }),
        json!({ "at_ms": 9_000, "action": "restart", "broker": 1 }),
    ]);
    let mut script: Vec<Value> = script;
    script.sort_by_key(|s| s["at_ms"].as_u64());
    json!({
        "version": 1,
        "seed": seed,
        "brokers": 3,
        "broker_config": {
            "min.insync.replicas": 2,
            "broker.session.timeout.ms": 3000,
            "broker.heartbeat.interval.ms": 500,
            "replica.lag.time.max.ms": 5000
        },
        "network": { "latency_ms": 3, "jitter_ms": 4 },
        "topics": [{ "name": "orders", "partitions": 3, "replication_factor": 3 }],
        "producers": [{ "id": 1, "config": { "acks": "all", "delivery.timeout.ms": 5000, "request.timeout.ms": 1000 } }],
        "consumers": [{ "id": 1, "assign": ["orders-0", "orders-1", "orders-2"],
                        "config": { "auto.offset.reset": "earliest" } }],
        "script": script,
        "stop_at_ms": 15_000
    })
}

fn run_value(v: &Value) -> Simulation {
    run_text(&v.to_string())
}

#[test]
fn fnv1a64_reference_values() {
    // Published FNV-1a 64 test vectors.
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
}

#[test]
fn same_scenario_twice_gives_identical_trace_and_report() {
    for text in [EXAMPLE.to_string(), jittery(11).to_string()] {
        let a = run_text(&text);
        let b = run_text(&text);
        assert!(!a.trace.is_empty());
        assert_eq!(a.trace.len(), b.trace.len());
        let (ta, tb) = (trace_json(&a), trace_json(&b));
        if ta != tb {
            let first = a
                .trace
                .iter()
                .zip(&b.trace)
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("{x:?}\n   vs {y:?}"));
            panic!("two runs of the same scenario differ; first difference:\n{first:?}");
        }
        assert_eq!(report_json(&a), report_json(&b));
        assert_eq!(digest(&a), digest(&b));
    }
}

#[test]
fn the_trace_does_not_depend_on_recording_it() {
    // Benchmarks turn the trace off; the history must stay the same.
    let s = Scenario::from_json(&jittery(5).to_string()).unwrap();
    let mut quiet = s.build().unwrap();
    // (Building already recorded the time-0 events.)
    let at_build = quiet.trace.len();
    quiet.record_trace = false;
    quiet.run_until(s.stop_at_ms);
    let loud = s.run().unwrap();
    assert_eq!(quiet.trace.len(), at_build);
    assert_eq!(quiet.events_emitted, loud.events_emitted);
    assert_eq!(quiet.events_emitted, loud.trace.len() as u64);
    let strip = |r: String| {
        // The findings' `caused_by` lists point into the trace; compare the rest.
        let mut v: Value = serde_json::from_str(&r).unwrap();
        v.as_object_mut().unwrap().remove("findings");
        v
    };
    assert_eq!(strip(report_json(&quiet)), strip(report_json(&loud)));
}

#[test]
fn different_seeds_give_different_histories_with_jitter() {
    let digests: Vec<String> = (1..=4)
        .map(|seed| digest(&run_value(&jittery(seed))))
        .collect();
    for i in 0..digests.len() {
        for j in i + 1..digests.len() {
            assert_ne!(
                digests[i],
                digests[j],
                "seeds {} and {} gave the same trace",
                i + 1,
                j + 1
            );
        }
    }
}

/// Clones at `at`, runs original and clone to the end: both must match an
/// uninterrupted run.
fn check_clone_at(v: &Value, at: TimeMs) {
    let s = Scenario::from_json(&v.to_string()).unwrap();
    let straight = s.run().unwrap();
    let mut original = s.build().unwrap();
    original.run_until(at);
    let mut copy = original.clone();
    copy.run_until(s.stop_at_ms);
    original.run_until(s.stop_at_ms);
    let want = trace_json(&straight);
    assert_eq!(
        trace_json(&copy),
        want,
        "a clone taken at {at} ms diverged from an uninterrupted run"
    );
    assert_eq!(
        trace_json(&original),
        want,
        "cloning at {at} ms changed the original"
    );
    assert_eq!(report_json(&copy), report_json(&straight));
}

#[test]
fn a_clone_taken_mid_run_continues_identically() {
    let v = jittery(3);
    for at in [0, 1, 777, 2_000, 2_001, 5_000, 9_500, 15_000] {
        check_clone_at(&v, at);
    }
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    for at in [2_005, 2_010, 20_000] {
        check_clone_at(&example, at);
    }
}

#[test]
fn clones_step_by_step_match() {
    // Time travel restores a checkpoint and replays one step at a time.
    let s = Scenario::from_json(&jittery(9).to_string()).unwrap();
    let mut sim = s.build().unwrap();
    sim.run_until(3_000);
    let checkpoint = sim.clone();
    let mut steps = 0;
    while steps < 2_000 && sim.step() {
        steps += 1;
    }
    let mut replay = checkpoint.clone();
    for _ in 0..steps {
        assert!(replay.step());
    }
    assert_eq!(replay.now, sim.now);
    assert_eq!(trace_json(&replay), trace_json(&sim));
    // The checkpoint itself was not touched by either.
    assert_eq!(trace_json(&checkpoint).len(), {
        let mut again = s.build().unwrap();
        again.run_until(3_000);
        trace_json(&again).len()
    });
}

#[test]
fn example_scenario_digest() {
    let sim = run_text(EXAMPLE);
    let d = digest(&sim);
    // Not hard-coded: the browser test compares its own run against this.
    println!(
        "acks1-leader-fails-before-replication: {} events, trace FNV-1a 64 = {d}",
        sim.trace.len()
    );
    assert_eq!(d.len(), 16);
    assert_eq!(d, digest(&run_text(EXAMPLE)));
    // The story the scenario tells: r1 was acknowledged and is lost.
    assert_eq!(Report::of(&sim).findings.lost_acknowledged.len(), 1);
}
