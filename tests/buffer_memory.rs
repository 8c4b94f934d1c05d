//! `buffer.memory`, `max.block.ms` and `max.request.size`: a new batch
//! needs memory from the producer's pool; without it `send()` blocks until
//! a batch completes, and after `max.block.ms` fails with Kafka's
//! `BufferExhaustedException` (`BufferPool.allocate`). Records too large
//! for `max.request.size` or `buffer.memory` fail in `send()` with
//! `RecordTooLargeException` (`KafkaProducer.ensureValidRecordSize`).

use kafka_playground::engine::command::{Command, NodeRef, RecordSpec};
use kafka_playground::engine::event::Event;
use kafka_playground::engine::producer::Fate;
use kafka_playground::engine::protocol::KafkaError;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use kafka_playground::engine::types::RecordId;
use serde_json::{json, Value};

fn cluster(producer: Value) -> Simulation {
    let v = json!({
        "version": 1, "seed": 3, "brokers": 3,
        "network": { "latency_ms": 2, "jitter_ms": 0 },
        "topics": [{ "name": "orders", "partitions": 3, "replication_factor": 3,
                     "replica_assignment": [[1, 2, 3], [2, 3, 1], [3, 1, 2]] }],
        "producers": [{ "id": 1, "config": producer }],
        "stop_at_ms": 0
    });
    let mut sim = Scenario::from_json(&v.to_string())
        .unwrap()
        .build()
        .unwrap();
    sim.run_until(50);
    sim
}

/// One `send()` per record, to the given partitions.
fn send(sim: &mut Simulation, records: &[(&str, u32)]) {
    let records = records
        .iter()
        .map(|(v, p)| RecordSpec {
            key: None,
            value: v.to_string(),
            partition: Some(*p),
        })
        .collect();
    sim.apply(Command::Produce {
        producer: 1,
        topic: "orders".into(),
        records,
    })
    .unwrap();
}

fn cut(sim: &mut Simulation, heal: bool) {
    for b in 1..=3 {
        let (from, to) = (NodeRef("producer:1".into()), NodeRef(format!("broker:{b}")));
        let cmd = match heal {
            false => Command::CutLink {
                from,
                to,
                one_way: false,
            },
            true => Command::HealLink {
                from,
                to,
                one_way: false,
            },
        };
        sim.apply(cmd).unwrap();
    }
}

fn fate(sim: &Simulation, id: u64) -> Fate {
    sim.nodes.producers[&1].fates[&RecordId(id)].clone()
}

/// (time, event) of the producer's send()-side events.
fn sends(sim: &Simulation) -> Vec<(u64, Event)> {
    sim.trace
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                Event::SendBlocked { .. } | Event::SendUnblocked { .. } | Event::SendFailed { .. }
            )
        })
        .map(|e| (e.at_ms, e.event.clone()))
        .collect()
}

/// Room for two 16 KiB batches; no broker answers, so none completes.
fn exhausted() -> Simulation {
    let mut sim = cluster(
        json!({ "acks": "1", "buffer.memory": 32768, "max.block.ms": 1000,
                                  "request.timeout.ms": 200 }),
    );
    cut(&mut sim, false);
    send(&mut sim, &[("r1", 0), ("r2", 1), ("r3", 2), ("r4", 0)]);
    sim
}

#[test]
fn send_blocks_when_no_memory_is_left_and_fails_after_max_block_ms() {
    let mut sim = exhausted();
    // r1 and r2 each hold a 16,384-byte batch; r3 needs a third.
    assert!(matches!(fate(&sim, 1), Fate::Pending { .. }));
    assert_eq!(
        fate(&sim, 3),
        Fate::Blocked {
            topic: "orders".into()
        }
    );
    assert_eq!(
        fate(&sim, 4),
        Fate::Blocked {
            topic: "orders".into()
        },
        "behind r3"
    );
    assert_eq!(sim.nodes.producers[&1].backlog(), 2);
    sim.run_until(3_000);
    let message = "Failed to allocate 16384 bytes within the configured max blocking time \
                   1000 ms. Total memory: 32768 bytes. Available memory: 0 bytes. Poolable \
                   size: 16384 bytes";
    let failed = |id: u64| Event::SendFailed {
        producer: 1,
        topic: "orders".into(),
        id: RecordId(id),
        error: KafkaError::BufferExhausted,
        message: message.into(),
    };
    let blocked = |id: u64, partition: u32| Event::SendBlocked {
        producer: 1,
        tp: kafka_playground::engine::types::Tp::new("orders", partition),
        id: RecordId(id),
        needed: 16384,
        available: 0,
        max_block_ms: 1000,
    };
    // r4's own wait starts when r3's send() has failed: its batch for
    // orders-0 is in flight, so it needs a new one too.
    assert_eq!(
        sends(&sim),
        [
            (50, blocked(3, 2)),
            (1050, failed(3)),
            (1050, blocked(4, 0)),
            (2050, failed(4)),
        ]
    );
    let rejected = Fate::Rejected {
        topic: "orders".into(),
        error: KafkaError::BufferExhausted,
    };
    assert_eq!((fate(&sim, 3), fate(&sim, 4)), (rejected.clone(), rejected));
    assert_eq!(sim.nodes.producers[&1].backlog(), 0);
}

#[test]
fn memory_from_a_completed_batch_unblocks_send() {
    let mut sim = exhausted();
    sim.run_until(300);
    cut(&mut sim, true);
    sim.run_until(3_000);
    // The retried batches are acknowledged, their memory comes back, and
    // r3's send() returns before max.block.ms; nothing fails.
    let events = sends(&sim);
    let r3 = events.iter().find_map(|(_, e)| match e {
        Event::SendUnblocked {
            id: RecordId(3),
            waited_ms,
            ..
        } => Some(*waited_ms),
        _ => None,
    });
    assert!(r3.is_some_and(|w| w > 250 && w < 1000), "{events:?}");
    assert!(
        !events
            .iter()
            .any(|(_, e)| matches!(e, Event::SendFailed { .. })),
        "{events:?}"
    );
    for id in 1..=4 {
        assert!(
            matches!(fate(&sim, id), Fate::Acknowledged { .. }),
            "r{id}: {:?}",
            fate(&sim, id)
        );
    }
}

#[test]
fn a_blocked_send_makes_lingering_batches_go_at_once() {
    // RecordAccumulator.ready: with a thread waiting for memory, every
    // batch is sendable, linger.ms or not.
    let mut sim = cluster(
        json!({ "acks": "1", "buffer.memory": 32768, "linger.ms": 5000,
                                  "delivery.timeout.ms": 60000 }),
    );
    send(&mut sim, &[("r1", 0), ("r2", 1), ("r3", 2)]);
    sim.run_until(200);
    let sent: Vec<u64> = sim
        .trace
        .iter()
        .filter(|e| matches!(e.event, Event::ProduceSent { .. }))
        .map(|e| e.at_ms)
        .collect();
    assert_eq!(
        sent,
        [50, 50],
        "both batches go while r3 waits, not at 5050 ms"
    );
    assert!(
        matches!(fate(&sim, 3), Fate::Pending { .. }),
        "{:?}",
        fate(&sim, 3)
    );
}

#[test]
fn a_record_larger_than_max_request_size_fails_in_send() {
    let mut sim = cluster(json!({ "max.request.size": 1000 }));
    let big = "x".repeat(1100);
    send(&mut sim, &[(&big, 0), ("small", 0)]);
    sim.run_until(500);
    // 1,100 bytes of value + 21 of record framing + 61 of batch header.
    let message = "The message is 1182 bytes when serialized which is larger than 1000, \
                   which is the value of the max.request.size configuration.";
    assert_eq!(
        sends(&sim),
        [(
            50,
            Event::SendFailed {
                producer: 1,
                topic: "orders".into(),
                id: RecordId(1),
                error: KafkaError::RecordTooLarge,
                message: message.into(),
            }
        )]
    );
    assert!(
        matches!(fate(&sim, 2), Fate::Acknowledged { .. }),
        "the next send() is fine"
    );
}

#[test]
fn a_record_larger_than_buffer_memory_fails_in_send() {
    let mut sim = cluster(json!({ "buffer.memory": 1000, "batch.size": 1000 }));
    send(&mut sim, &[(&"x".repeat(1100), 0)]);
    let Some((_, Event::SendFailed { message, .. })) = sends(&sim).pop() else {
        panic!("no SendFailed: {:?}", sends(&sim));
    };
    assert_eq!(
        message,
        "The message is 1182 bytes when serialized which is larger than the total memory \
         buffer you have configured with the buffer.memory configuration."
    );
}

#[test]
fn no_produce_request_is_larger_than_max_request_size() {
    // batch.size allows 10,000 bytes, max.request.size 2,000: each batch,
    // and so each request (one batch each here), stops at 2,000.
    let mut sim = cluster(
        json!({ "acks": "1", "batch.size": 10000, "max.request.size": 2000,
                                  "linger.ms": 100 }),
    );
    let value = "v".repeat(100);
    let records: Vec<(&str, u32)> = (0..100).map(|_| (value.as_str(), 0)).collect();
    send(&mut sim, &records);
    sim.run_until(2_000);
    let leader = &sim.nodes.brokers[&1].replicas.values().next().unwrap().log;
    assert_eq!(leader.leo(), 100);
    let bytes = |ids: &[RecordId]| -> i64 {
        let wire = |id: &RecordId| {
            let r = leader.records.iter().find(|r| r.id == *id).unwrap();
            i64::from(r.wire_bytes)
        };
        ids.iter().map(wire).sum()
    };
    let requests: Vec<i64> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::ProduceSent { ids, .. } => Some(bytes(ids)),
            _ => None,
        })
        .collect();
    assert!(requests.len() >= 6, "{requests:?}");
    assert!(requests.iter().all(|&b| b <= 2000), "{requests:?}");
    assert!(
        requests.iter().any(|&b| b > 1800),
        "batches fill up to it: {requests:?}"
    );
}
