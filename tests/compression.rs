//! `compression.type`: batches are compressed when closed for sending, by
//! the playground's documented model (`engine::compression`); the brokers
//! store and replicate the compressed size while every record's key and
//! value stay as they were; compressing takes CPU time before the send;
//! and `batch.size` counts the estimated compressed size, with Kafka's
//! slowly improving ratio estimate (`CompressionRatioEstimator`).

use kafka_playground::engine::command::{Command, RecordSpec};
use kafka_playground::engine::compression::{Codec, BATCH_HEADER_BYTES};
use kafka_playground::engine::event::Event;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use serde_json::json;

/// `sends` calls of 40 records each, `every_ms` apart.
fn run(codec: &str, linger_ms: u64, sends: usize, every_ms: u64) -> Simulation {
    let v = json!({
        "version": 1, "seed": 4, "brokers": 3,
        "network": { "latency_ms": 2, "jitter_ms": 0 },
        "topics": [{ "name": "logs", "partitions": 1, "replication_factor": 3,
                     "replica_assignment": [[1, 2, 3]] }],
        "producers": [{ "id": 1, "config": { "compression.type": codec, "linger.ms": linger_ms } }],
        "consumers": [{ "id": 1, "assign": ["logs-0"], "config": { "auto.offset.reset": "earliest" } }],
        "stop_at_ms": 0
    });
    let mut sim = Scenario::from_json(&v.to_string())
        .unwrap()
        .build()
        .unwrap();
    sim.run_until(50);
    for s in 0..sends {
        let records = (0..40)
            .map(|i| RecordSpec {
                key: Some(format!("user-{i}")),
                value: format!("{{\"event\": \"page_view\", \"send\": {s}, \"n\": {i}}}"),
                partition: None,
            })
            .collect();
        sim.apply(Command::Produce {
            producer: 1,
            topic: "logs".into(),
            records,
        })
        .unwrap();
        sim.run_until(sim.now + every_ms);
    }
    sim.run_until(sim.now + 2_000);
    sim
}

/// (uncompressed bytes, wire bytes, CPU µs, closed at, sent at) per batch.
fn compressed(sim: &Simulation) -> Vec<(i64, i64, u64, u64, u64)> {
    sim.trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::BatchCompressed {
                bytes,
                wire_bytes,
                cpu_us,
                send_at,
                ..
            } => Some((*bytes, *wire_bytes, *cpu_us, e.at_ms, *send_at)),
            _ => None,
        })
        .collect()
}

fn log_sizes(sim: &Simulation) -> Vec<i64> {
    (1..=3)
        .map(|b| {
            sim.nodes.brokers[&b]
                .replicas
                .values()
                .next()
                .unwrap()
                .log
                .size_bytes()
        })
        .collect()
}

fn values_read(sim: &Simulation) -> Vec<String> {
    sim.nodes.consumers[&1]
        .consumed
        .iter()
        .map(|c| sim.record_values[&c.id].1.to_string())
        .collect()
}

#[test]
fn compressed_batches_take_the_models_wire_size_in_every_replica() {
    let plain = run("none", 20, 3, 200);
    let plain_bytes = log_sizes(&plain)[0];
    assert!(
        compressed(&plain).is_empty(),
        "nothing to report without compression"
    );
    for codec in [Codec::Gzip, Codec::Snappy, Codec::Lz4, Codec::Zstd] {
        let sim = run(codec.name(), 20, 3, 200);
        let batches = compressed(&sim);
        assert_eq!(batches.len(), 3, "{codec:?}: one batch per send()");
        for &(bytes, wire, cpu, ..) in &batches {
            let model = codec.compress(bytes - BATCH_HEADER_BYTES);
            assert_eq!((wire, cpu), (model.wire_bytes, model.cpu_us), "{codec:?}");
        }
        let wire: i64 = batches.iter().map(|b| b.1).sum();
        let uncompressed: i64 = batches.iter().map(|b| b.0).sum();
        assert_eq!(uncompressed, plain_bytes, "the same records, uncompressed");
        assert_eq!(
            log_sizes(&sim),
            [wire; 3],
            "{codec:?}: leader and followers"
        );
        assert!(wire * 2 < plain_bytes, "{codec:?}: {wire} vs {plain_bytes}");
        assert_eq!(
            values_read(&sim),
            values_read(&plain),
            "records are unchanged"
        );
        assert_eq!(values_read(&sim).len(), 120);
    }
}

#[test]
fn compressing_delays_the_send() {
    let sim = run("gzip", 20, 1, 200);
    let (.., closed, send_at) = compressed(&sim)[0];
    let sent: Vec<u64> = sim
        .trace
        .iter()
        .filter(|e| matches!(e.event, Event::ProduceSent { .. }))
        .map(|e| e.at_ms)
        .collect();
    assert_eq!(closed, 70, "linger.ms after the send() at 50");
    assert!(send_at > closed, "the CPU time rounds up to the next ms");
    assert_eq!(sent, [send_at]);
}

#[test]
fn batch_size_counts_the_estimated_compressed_size() {
    // 400 calls of 40 records, 10 ms apart: batches fill 16 KiB well
    // within linger.ms.
    // Uncompressed, 16 KiB always holds about the same number of records; with
    // gzip it first holds fewer (the estimate starts at 1.0, times 1.05)
    // and more as the estimate improves by 0.005 per batch.
    let per_batch = |codec: &str| -> Vec<usize> {
        let sim = run(codec, 1_000, 400, 10);
        sim.trace
            .iter()
            .filter_map(|e| match &e.event {
                Event::ProduceSent {
                    ids, attempt: 1, ..
                } => Some(ids.len()),
                _ => None,
            })
            .collect()
    };
    let plain = per_batch("none");
    let gzip = per_batch("gzip");
    let full = &plain[..plain.len() - 1];
    let (least, most) = (*full.iter().min().unwrap(), *full.iter().max().unwrap());
    assert!(
        most - least <= most / 30,
        "values differ a little in length: {plain:?}"
    );
    assert!(gzip[0] < least, "{gzip:?} vs {plain:?}");
    let last = gzip[gzip.len() - 2];
    assert!(last > most * 6 / 5, "the estimate improved: {gzip:?}");
}
