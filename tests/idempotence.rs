//! The idempotent producer (`enable.idempotence`, on by default since Kafka
//! 3.0): a retry after a lost response duplicates a record only without it,
//! and with `max.in.flight.requests.per.connection` > 1 a failed-then-
//! retried batch overtakes nothing only with it. Config conflicts are
//! Kafka's ConfigExceptions.

use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use serde_json::{json, Value};

fn scenario(producer: Value, script: Value) -> Value {
    json!({
        "version": 1, "seed": 5, "brokers": 3,
        "broker_config": { "min.insync.replicas": 2 },
        "network": { "latency_ms": 2, "jitter_ms": 0 },
        "topics": [{ "name": "orders", "partitions": 1, "replication_factor": 3,
                     "replica_assignment": [[1, 2, 3]] }],
        "producers": [{ "id": 1, "config": producer }],
        "script": script,
        "stop_at_ms": 4000
    })
}

fn run(v: &Value) -> Simulation {
    Scenario::from_json(&v.to_string()).unwrap().run().unwrap()
}

fn leader_values(sim: &Simulation) -> Vec<String> {
    let b = &sim.nodes.brokers[&1];
    let r = b.replicas.values().next().unwrap();
    r.log.records.iter().map(|r| r.value.to_string()).collect()
}

/// The answer to r1 is lost on the way back; the producer times out after
/// request.timeout.ms and sends r1 again.
fn lost_response(idempotence: bool) -> Vec<String> {
    let producer = json!({ "acks": "all", "request.timeout.ms": 1000, "delivery.timeout.ms": 5000,
                           "enable.idempotence": idempotence });
    let script = json!([
        { "at_ms": 50, "action": "cut_link", "from": "broker:1", "to": "producer:1", "one_way": true },
        { "at_ms": 100, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "r1" }] },
        { "at_ms": 600, "action": "heal_link", "from": "broker:1", "to": "producer:1", "one_way": true }
    ]);
    leader_values(&run(&scenario(producer, script)))
}

#[test]
fn a_lost_response_duplicates_a_record_without_idempotence() {
    assert_eq!(lost_response(false), ["r1", "r1"]);
}

#[test]
fn the_idempotent_producer_writes_it_once() {
    assert_eq!(lost_response(true), ["r1"]);
}

/// A's request is lost on the way out; B, sent after it, gets through
/// first; A is retried after request.timeout.ms.
fn overtaken(idempotence: bool) -> Vec<String> {
    let producer = json!({ "acks": "all", "request.timeout.ms": 1000, "delivery.timeout.ms": 5000,
                           "max.in.flight.requests.per.connection": 5,
                           "enable.idempotence": idempotence });
    let script = json!([
        { "at_ms": 50, "action": "cut_link", "from": "producer:1", "to": "broker:1", "one_way": true },
        { "at_ms": 100, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "A" }] },
        { "at_ms": 150, "action": "heal_link", "from": "producer:1", "to": "broker:1", "one_way": true },
        { "at_ms": 200, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "B" }] }
    ]);
    leader_values(&run(&scenario(producer, script)))
}

#[test]
fn a_retried_batch_lands_after_a_later_one_without_idempotence() {
    assert_eq!(overtaken(false), ["B", "A"]);
}

#[test]
fn the_idempotent_producer_keeps_the_order() {
    assert_eq!(overtaken(true), ["A", "B"]);
}

#[test]
fn explicit_idempotence_with_conflicting_configs_is_kafkas_config_exception() {
    for (config, field, message) in [
        (json!({ "acks": "1", "enable.idempotence": true }), "acks",
         "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."),
        (json!({ "max.in.flight.requests.per.connection": 6, "enable.idempotence": true }),
         "max.in.flight.requests.per.connection",
         "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer."),
        (json!({ "retries": 0, "enable.idempotence": true }), "retries",
         "Must set retries to non-zero when using the idempotent producer."),
    ] {
        let v = scenario(config, json!([]));
        let e = Scenario::from_json(&v.to_string()).unwrap().build().unwrap_err();
        assert_eq!(e.field, format!("producers[0].config.{field}"));
        assert_eq!(e.message, message);
    }
    // Not set explicitly, idempotence quietly gives way (Kafka 3.2+).
    let v = scenario(json!({ "acks": "1" }), json!([]));
    let sim = Scenario::from_json(&v.to_string())
        .unwrap()
        .build()
        .unwrap();
    assert!(!sim.nodes.producers[&1].config.idempotence);
}
