//! The record accumulator: `batch.size` and `linger.ms` decide when a batch
//! goes, and with linger.ms = 0 records batch up only while the connection
//! is busy (`max.in.flight.requests.per.connection`), as in Kafka.

use kafka_playground::engine::command::{Command, RecordSpec};
use kafka_playground::engine::event::Event;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use serde_json::{json, Value};

fn cluster(producer: Value) -> Simulation {
    let v = json!({
        "version": 1, "seed": 2, "brokers": 3,
        "network": { "latency_ms": 2, "jitter_ms": 0 },
        "topics": [{ "name": "orders", "partitions": 1, "replication_factor": 3,
                     "replica_assignment": [[1, 2, 3]] }],
        "producers": [{ "id": 1, "config": producer }],
        "stop_at_ms": 0
    });
    let mut sim = Scenario::from_json(&v.to_string())
        .unwrap()
        .build()
        .unwrap();
    sim.run_until(50); // InitProducerId is answered
    sim
}

fn send(sim: &mut Simulation, values: &[&str]) {
    let records = values
        .iter()
        .map(|v| RecordSpec {
            key: None,
            value: v.to_string(),
            partition: None,
        })
        .collect();
    sim.apply(Command::Produce {
        producer: 1,
        topic: "orders".into(),
        records,
    })
    .unwrap();
}

/// (time, record count) of every Produce request the producer sent.
fn requests(sim: &Simulation) -> Vec<(u64, usize)> {
    sim.trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::ProduceSent {
                ids, attempt: 1, ..
            } => Some((e.at_ms, ids.len())),
            _ => None,
        })
        .collect()
}

#[test]
fn linger_ms_waits_for_more_records_before_sending() {
    let mut sim = cluster(json!({ "linger.ms": 100 }));
    for (t, v) in [(50, "a"), (60, "b"), (70, "c")] {
        sim.run_until(t);
        send(&mut sim, &[v]);
    }
    sim.run_until(1_000);
    assert_eq!(
        requests(&sim),
        [(150, 3)],
        "one batch, linger.ms after the first record"
    );
}

#[test]
fn a_full_batch_goes_without_waiting_for_linger() {
    // Each record is 22 bytes here (21 of framing + 1 of value) and a batch
    // has a 61-byte header (DefaultRecordBatch.RECORD_BATCH_OVERHEAD): 3
    // records fill 61 + 66 = 127.
    let mut sim =
        cluster(json!({ "linger.ms": 1000, "batch.size": 127, "delivery.timeout.ms": 120000 }));
    send(&mut sim, &["a", "b", "c", "d", "e", "f", "g"]);
    sim.run_until(3_000);
    assert_eq!(requests(&sim), [(50, 3), (50, 3), (1050, 1)]);
}

#[test]
fn with_linger_zero_records_batch_up_while_the_connection_is_busy() {
    let mut sim = cluster(json!({ "max.in.flight.requests.per.connection": 1 }));
    for v in ["r0", "r1", "r2", "r3", "r4"] {
        send(&mut sim, &[v]);
    }
    sim.run_until(1_000);
    let sizes: Vec<usize> = requests(&sim).into_iter().map(|(_, n)| n).collect();
    assert_eq!(
        sizes,
        [1, 4],
        "the first goes at once, the rest wait together"
    );
}
