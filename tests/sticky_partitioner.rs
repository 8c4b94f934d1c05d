//! Null-key records and the sticky partitioners, through the whole
//! producer: the built-in one (KIP-794) stays on a partition until
//! `batch.size` bytes went there, spreads batches uniformly over many
//! switches, and with `partitioner.adaptive.partitioning.enable` sends
//! less to a partition whose broker is slow (and, with
//! `partitioner.availability.timeout.ms`, less still); KIP-480's
//! `UniformStickyPartitioner` is uniform too.

use std::collections::BTreeSet;

use kafka_playground::engine::command::{Command, NodeRef, RecordSpec};
use kafka_playground::engine::event::Event;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use kafka_playground::engine::types::RecordId;
use serde_json::{json, Value};

/// Chi-square critical value for 5 degrees of freedom (6 partitions) at
/// p = 0.001: a uniform partitioner exceeds it once in a thousand seeds.
const CHI2_5DF_P001: f64 = 20.515;

fn cluster(partitions: u32, producer: Value) -> Simulation {
    let assignment: Vec<Value> = (0..partitions)
        .map(|p| {
            let first = p % 3 + 1;
            json!([first, first % 3 + 1, (first + 1) % 3 + 1])
        })
        .collect();
    let v = json!({
        "version": 1, "seed": 11, "brokers": 3,
        "network": { "latency_ms": 1, "jitter_ms": 0 },
        "topics": [{ "name": "events", "partitions": partitions, "replication_factor": 3,
                     "replica_assignment": assignment }],
        "producers": [{ "id": 1, "config": producer }],
        "stop_at_ms": 0
    });
    Scenario::from_json(&v.to_string())
        .unwrap()
        .build()
        .unwrap()
}

/// One null-key record per `send()`, `every_ms` apart.
fn produce_spaced(sim: &mut Simulation, n: usize, value: &str, every_ms: u64) {
    for _ in 0..n {
        let records = vec![RecordSpec {
            key: None,
            value: value.to_string(),
            partition: None,
        }];
        sim.apply(Command::Produce {
            producer: 1,
            topic: "events".into(),
            records,
        })
        .unwrap();
        sim.run_until(sim.now + every_ms);
    }
}

/// Each record's partition, in the order the records were sent.
fn partitions(sim: &Simulation) -> Vec<u32> {
    sim.nodes.producers[&1]
        .fates
        .values()
        .map(|f| f.tp().expect("every record was appended").partition)
        .collect()
}

fn counts(parts: &[u32], n: usize) -> Vec<u32> {
    let mut c = vec![0; n];
    for &p in parts {
        c[p as usize] += 1;
    }
    c
}

fn chi_square(counts: &[u32]) -> f64 {
    let expected = counts.iter().sum::<u32>() as f64 / counts.len() as f64;
    counts
        .iter()
        .map(|&o| (o as f64 - expected).powi(2) / expected)
        .sum()
}

/// Lengths of the runs of equal partitions.
fn runs(parts: &[u32]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 && parts[i - 1] == *p {
            *out.last_mut().unwrap() += 1;
        } else {
            out.push(1);
        }
    }
    out
}

#[test]
fn the_builtin_partitioner_stays_until_batch_size_bytes_went_to_the_partition() {
    // linger.ms = 0 and records 5 ms apart: every record is a batch of its
    // own, 61 bytes of batch header + 21 of record framing + 17 of value =
    // 99 bytes. 10 such batches are 990 bytes, under batch.size = 1000; the
    // 11th reaches it, and the next record goes to a new sticky partition
    // (which may, at random, be the same one: runs then merge).
    let mut sim = cluster(6, json!({ "acks": "1", "batch.size": 1000 }));
    sim.run_until(20);
    produce_spaced(&mut sim, 330, "seventeen-bytes!!", 5);
    let per_batch = 61 + 21 + 17;
    let run = 1000_usize.div_ceil(per_batch);
    assert_eq!(run, 11);
    let lens = runs(&partitions(&sim));
    assert!(lens.len() > 20, "the partition changes: {lens:?}");
    for len in &lens {
        assert_eq!(len % run, 0, "runs are whole sticky periods: {lens:?}");
    }
}

#[test]
fn with_full_batches_queued_the_switch_waits_for_a_batch_boundary() {
    // linger.ms = 1000: one send() of 500 records fills batches back to
    // back, so the partition's last batch is never full when batch.size is
    // crossed; Kafka then switches at 2 × batch.size (updatePartitionInfo).
    let mut sim = cluster(
        6,
        json!({ "acks": "1", "batch.size": 1000, "linger.ms": 1000 }),
    );
    sim.run_until(20);
    let records = (0..500)
        .map(|_| RecordSpec {
            key: None,
            value: "seventeen-bytes!!".into(),
            partition: None,
        })
        .collect();
    sim.apply(Command::Produce {
        producer: 1,
        topic: "events".into(),
        records,
    })
    .unwrap();
    sim.run_until(3_000);
    // What each record added to its sticky partition's count: 38 bytes,
    // plus the 61-byte header if it opened a batch (the first id of a
    // Produce request).
    let first: BTreeSet<RecordId> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::ProduceSent { ids, .. } => ids.first().copied(),
            _ => None,
        })
        .collect();
    let ids: Vec<RecordId> = sim.nodes.producers[&1].fates.keys().copied().collect();
    let parts = partitions(&sim);
    let lens = runs(&parts);
    assert!(lens.len() > 4, "{lens:?}");
    let mut at = 0;
    for &len in &lens[..lens.len() - 1] {
        let added = |id: &RecordId| 38 + if first.contains(id) { 61 } else { 0 };
        let bytes: i64 = ids[at..at + len].iter().map(added).sum();
        at += len;
        // A run is one sticky period or several that drew the same
        // partition; each ends once it reaches 2,000 bytes.
        let periods = bytes / 2_000;
        assert!(
            periods >= 1 && bytes % 2_000 < 99 * periods,
            "a run of {len} records added {bytes} bytes: {lens:?}"
        );
    }
}

#[test]
fn the_builtin_partitioner_spreads_batches_uniformly() {
    // A 101-byte record fills batch.size = 100 by itself, so the sticky
    // partition changes after every record: 3,000 independent choices.
    // Adaptive partitioning is on (the default) but every queue is empty,
    // so the choice is uniform.
    let mut sim = cluster(6, json!({ "acks": "1", "batch.size": 100 }));
    sim.run_until(20);
    produce_spaced(&mut sim, 3_000, &"x".repeat(80), 5);
    let c = counts(&partitions(&sim), 6);
    let chi = chi_square(&c);
    assert!(chi < CHI2_5DF_P001, "chi-square {chi} for {c:?}");
}

#[test]
fn the_kip480_uniform_sticky_partitioner_spreads_batches_uniformly() {
    // Each record starts a new batch (the previous one is gone by then), so
    // UniformStickyPartitioner.onNewBatch moves to another partition.
    let mut sim = cluster(
        6,
        json!({ "acks": "1", "partitioner.class": "UniformStickyPartitioner" }),
    );
    sim.run_until(20);
    produce_spaced(&mut sim, 3_000, "v", 5);
    let parts = partitions(&sim);
    assert!(
        parts.windows(2).all(|w| w[0] != w[1]),
        "a new batch never stays on the partition it left"
    );
    let c = counts(&parts, 6);
    let chi = chi_square(&c);
    assert!(chi < CHI2_5DF_P001, "chi-square {chi} for {c:?}");
}

/// Share of 1,500 records (one per ms, one batch each) that go to
/// partition 2, whose leader, broker 3, is 200 ms away each way.
fn share_on_slow_partition(producer: Value) -> f64 {
    let mut sim = cluster(3, producer);
    sim.run_until(20);
    sim.apply(Command::Slow {
        node: NodeRef("broker:3".into()),
        extra_ms: 200,
    })
    .unwrap();
    produce_spaced(&mut sim, 1_500, &"x".repeat(80), 1);
    let c = counts(&partitions(&sim), 3);
    f64::from(c[2]) / 1_500.0
}

#[test]
fn adaptive_partitioning_sends_less_to_a_partition_with_a_long_queue() {
    let base = json!({ "acks": "1", "batch.size": 100,
                       "max.in.flight.requests.per.connection": 1 });
    let mut uniform = base.clone();
    uniform["partitioner.adaptive.partitioning.enable"] = json!(false);
    let even = share_on_slow_partition(uniform);
    let adaptive = share_on_slow_partition(base.clone());
    let mut timeout = base;
    timeout["partitioner.availability.timeout.ms"] = json!(50);
    let excluded = share_on_slow_partition(timeout);
    assert!((0.28..0.39).contains(&even), "uniform: {even}");
    // Its queue grows while broker 3 answers slowly, so it weighs less.
    assert!(
        adaptive < even / 2.0,
        "adaptive {adaptive} vs uniform {even}"
    );
    // Stuck for over 50 ms with batches ready: left out while that lasts.
    assert!(
        excluded < adaptive,
        "timeout {excluded} vs adaptive {adaptive}"
    );
}
