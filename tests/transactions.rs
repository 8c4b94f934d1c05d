//! Transactions (KIP-98): zombie fencing, read_committed against
//! read_uncommitted, control markers that take offsets, the last stable
//! offset, coordinator failover, the transaction timeout, and bad input.
//! The behaviour checked is Kafka 3.x's (transaction protocol v1):
//! `TransactionManager` on the client, `TransactionCoordinator` /
//! `TransactionStateManager` on the broker, `ProducerStateManager` and the
//! LSO in the partition leader, `CompletedFetch` in the consumer.

use kafka_playground::engine::command::Command;
use kafka_playground::engine::event::{Event, TxnFenceReason};
use kafka_playground::engine::protocol::KafkaError;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use kafka_playground::engine::txn_coordinator::TxnStatus;
use kafka_playground::engine::txn_manager::TxnState;
use kafka_playground::engine::types::{ControlRecordType, Tp};
use serde_json::{json, Value};

const ZOMBIE: &str = include_str!("../scenarios/transactions-zombie-fencing.json");
const READ_COMMITTED: &str = include_str!("../scenarios/transactions-read-committed.json");

fn run_text(text: &str) -> Simulation {
    Scenario::from_json(text)
        .and_then(|s| s.run())
        .unwrap_or_else(|e| panic!("scenario rejected: {e}"))
}

fn run(v: &Value) -> Simulation {
    run_text(&v.to_string())
}

/// A cluster of three brokers with one `__transaction_state` partition.
fn cluster(producers: Value, consumers: Value, script: Value, stop_at_ms: u64) -> Value {
    json!({
        "version": 1, "seed": 9, "brokers": 3,
        "broker_config": { "min.insync.replicas": 2, "transaction.state.log.num.partitions": 1,
                           "broker.session.timeout.ms": 3000, "broker.heartbeat.interval.ms": 500 },
        "network": { "latency_ms": 2, "jitter_ms": 0 },
        "topics": [{ "name": "orders", "partitions": 1, "replication_factor": 3,
                     "replica_assignment": [[3, 2, 1]] },
                   { "name": "__transaction_state", "partitions": 1, "replication_factor": 2,
                     "replica_assignment": [[1, 2]], "config": { "min.insync.replicas": 2 } }],
        "producers": producers,
        "consumers": consumers,
        "script": script,
        "stop_at_ms": stop_at_ms
    })
}

/// Producer 1 with `config`.
fn writer(config: Value) -> Value {
    json!([{ "id": 1, "config": config }])
}

/// Consumer 1, read_committed, on orders-0 from the start.
fn reader() -> Value {
    json!([{ "id": 1, "assign": ["orders-0"],
             "config": { "auto.offset.reset": "earliest", "isolation.level": "read_committed" } }])
}

fn orders0() -> Tp {
    Tp::new("orders", 0)
}

/// The current leader's log of `tp`: (offset, value, control marker).
fn leader_log(sim: &Simulation, tp: &Tp) -> Vec<(i64, String, Option<ControlRecordType>)> {
    let state = &sim.nodes.controller.partitions[tp];
    let leader = state.leader.expect("the partition has a leader");
    let log = &sim.nodes.brokers[&leader].replicas[tp].log;
    log.records
        .iter()
        .map(|r| (r.offset, r.value.to_string(), r.control.map(|m| m.kind)))
        .collect()
}

fn values(log: &[(i64, String, Option<ControlRecordType>)]) -> Vec<&str> {
    log.iter().map(|(_, v, _)| v.as_str()).collect()
}

fn consumed(sim: &Simulation, consumer: u32) -> Vec<String> {
    sim.nodes.consumers[&consumer]
        .consumed
        .iter()
        .map(|c| sim.record_values[&c.id].1.to_string())
        .collect()
}

fn txn_state(sim: &Simulation, producer: u32) -> (TxnState, Option<KafkaError>) {
    let t = sim.nodes.producers[&producer].txn.as_ref().unwrap();
    (t.state, t.last_error)
}

fn events<'a>(sim: &'a Simulation, pred: impl Fn(&Event) -> bool + 'a) -> Vec<&'a Event> {
    sim.trace
        .iter()
        .map(|e| &e.event)
        .filter(|e| pred(e))
        .collect()
}

fn coordinator_states(sim: &Simulation) -> Vec<(TxnStatus, i16)> {
    events(sim, |e| matches!(e, Event::TxnStateChanged { .. }))
        .into_iter()
        .map(|e| match e {
            Event::TxnStateChanged { state, epoch, .. } => (*state, *epoch),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn read_committed_skips_aborted_records_read_uncommitted_returns_them() {
    let sim = run_text(READ_COMMITTED);
    assert_eq!(consumed(&sim, 1), ["c1", "c2"]);
    assert_eq!(consumed(&sim, 2), ["c1", "c2", "x1", "x2"]);
    assert_eq!(txn_state(&sim, 1), (TxnState::Ready, None));
    let states: Vec<TxnStatus> = coordinator_states(&sim).into_iter().map(|s| s.0).collect();
    use TxnStatus::*;
    assert_eq!(
        states,
        [
            Empty,
            Ongoing,
            PrepareCommit,
            CompleteCommit,
            Ongoing,
            PrepareAbort,
            CompleteAbort
        ]
    );
    let skipped = events(
        &sim,
        |e| matches!(e, Event::ConsumerSkipped { consumer: 1, aborted, .. } if !aborted.is_empty()),
    );
    assert_eq!(
        skipped.len(),
        1,
        "read_committed dropped the aborted pair once"
    );
}

#[test]
fn control_markers_occupy_offsets_and_positions_move_past_them() {
    let sim = run_text(READ_COMMITTED);
    let log = leader_log(&sim, &orders0());
    assert_eq!(values(&log), ["c1", "c2", "COMMIT", "x1", "x2", "ABORT"]);
    assert_eq!(
        log[2],
        (2, "COMMIT".into(), Some(ControlRecordType::Commit))
    );
    assert_eq!(log[5], (5, "ABORT".into(), Some(ControlRecordType::Abort)));
    for c in [1, 2] {
        // Neither consumer returned a marker, but both moved past them.
        assert_eq!(sim.nodes.consumers[&c].positions[&orders0()], 6);
        assert!(sim.nodes.consumers[&c]
            .consumed
            .iter()
            .all(|r| r.offset != 2 && r.offset != 5));
    }
    // Every replica holds the markers at the same offsets.
    for b in sim.nodes.brokers.values() {
        let log: Vec<_> = b.replicas[&orders0()]
            .log
            .records
            .iter()
            .map(|r| r.control.is_some())
            .collect();
        assert_eq!(
            log,
            [false, false, true, false, false, true],
            "broker {}",
            b.id
        );
    }
    let markers = events(&sim, |e| matches!(e, Event::TxnMarkerWritten { .. }));
    assert!(matches!(
        markers[..],
        [
            Event::TxnMarkerWritten {
                offset: 2,
                first_offset: 0,
                marker: ControlRecordType::Commit,
                ..
            },
            Event::TxnMarkerWritten {
                offset: 5,
                first_offset: 3,
                marker: ControlRecordType::Abort,
                ..
            }
        ]
    ));
}

#[test]
fn a_second_instance_fences_the_zombie() {
    let sim = run_text(ZOMBIE);
    // Producer 2's initTransactions aborted producer 1's open transaction
    // under a bumped epoch, then got the next epoch itself.
    let fenced = events(&sim, |e| matches!(e, Event::TxnFenced { .. }));
    assert!(matches!(
        fenced[..],
        [Event::TxnFenced {
            old_epoch: 0,
            new_epoch: 1,
            reason: TxnFenceReason::NewInstance,
            ..
        }]
    ));
    let inits: Vec<(u32, i16)> = events(&sim, |e| matches!(e, Event::ProducerIdInitialized { .. }))
        .into_iter()
        .map(|e| match e {
            Event::ProducerIdInitialized {
                producer, epoch, ..
            } => (*producer, *epoch),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(inits, [(1, 0), (2, 2)]);
    // The zombie's write: INVALID_PRODUCER_EPOCH from the leader (KIP-588),
    // an abortable error; its abort: PRODUCER_FENCED from the coordinator, fatal.
    let z3 = sim
        .record_values
        .iter()
        .find(|(_, v)| &*v.1 == "z3")
        .map(|(id, _)| *id)
        .unwrap();
    assert!(matches!(
        sim.nodes.producers[&1].fates[&z3],
        kafka_playground::engine::producer::Fate::Failed {
            error: KafkaError::InvalidProducerEpoch,
            ..
        }
    ));
    let errors: Vec<(KafkaError, bool)> = events(&sim, |e| {
        matches!(e, Event::TransactionalError { producer: 1, .. })
    })
    .into_iter()
    .map(|e| match e {
        Event::TransactionalError { error, fatal, .. } => (*error, *fatal),
        _ => unreachable!(),
    })
    .collect();
    assert_eq!(
        errors,
        [
            (KafkaError::InvalidProducerEpoch, false),
            (KafkaError::ProducerFenced, true)
        ]
    );
    assert_eq!(
        txn_state(&sim, 1),
        (TxnState::FatalError, Some(KafkaError::ProducerFenced))
    );
    let refused = events(&sim, |e| {
        matches!(e, Event::TransactionCallFailed { producer: 1, .. })
    });
    assert!(
        matches!(refused[..], [Event::TransactionCallFailed { call, error, .. }]
        if call == "commitTransaction" && error.starts_with("InvalidProducerEpochException"))
    );
    // The log: the zombie's records, the ABORT that fenced them (epoch 1),
    // producer 2's record and its COMMIT; z3 never got in.
    assert_eq!(
        values(&leader_log(&sim, &orders0())),
        ["z1", "z2", "ABORT", "n1", "COMMIT"]
    );
    assert_eq!(consumed(&sim, 1), ["n1"]);
    assert_eq!(txn_state(&sim, 2), (TxnState::Ready, None));
}

#[test]
fn an_open_transaction_holds_the_last_stable_offset_back() {
    let producers = json!([{ "id": 1, "config": { "transactional.id": "tx-1" } },
                           { "id": 2, "config": {} }]);
    let consumers = json!([
        { "id": 1, "assign": ["orders-0"], "config": { "auto.offset.reset": "earliest", "isolation.level": "read_committed" } },
        { "id": 2, "assign": ["orders-0"], "config": { "auto.offset.reset": "earliest" } }
    ]);
    let script = json!([
        { "at_ms": 100, "action": "init_transactions", "producer": 1 },
        { "at_ms": 500, "action": "produce", "producer": 2, "topic": "orders", "records": [{ "value": "plain-1" }] },
        { "at_ms": 600, "action": "begin_transaction", "producer": 1 },
        { "at_ms": 600, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "t1" }] },
        { "at_ms": 800, "action": "produce", "producer": 2, "topic": "orders", "records": [{ "value": "plain-2" }] }
    ]);
    let v = cluster(producers, consumers, script, 1_500);
    let s = Scenario::from_json(&v.to_string()).unwrap();
    let mut sim = s.build().unwrap();
    sim.run_until(1_500);
    // plain-2 (offset 2) is committed but after the open transaction's
    // first offset (1): read_committed stops at the LSO, 1.
    assert_eq!(consumed(&sim, 1), ["plain-1"]);
    assert_eq!(consumed(&sim, 2), ["plain-1", "t1", "plain-2"]);
    let held = events(&sim, |e| {
        matches!(
            e,
            Event::LastStableOffsetMoved {
                held_by: Some(_),
                ..
            }
        )
    });
    assert!(
        matches!(
            held[..],
            [Event::LastStableOffsetMoved {
                to: 1,
                high_watermark: 2,
                ..
            }]
        ),
        "{held:?}"
    );
    // ListOffsets "latest" under read_committed is the LSO, not the HW.
    let mut v: Value = v;
    v["consumers"] = json!([
        { "id": 3, "assign": ["orders-0"], "config": { "isolation.level": "read_committed" } },
        { "id": 4, "assign": ["orders-0"], "config": {} }
    ]);
    let s = Scenario::from_json(&v.to_string()).unwrap();
    let mut sim = s.build().unwrap();
    sim.run_until(1_000);
    // The consumers looked up "latest" at time 0; they look again (as after
    // a seek to the end) once their parked fetch returns.
    for c in [3, 4] {
        sim.nodes.consumers.get_mut(&c).unwrap().positions.clear();
    }
    sim.run_until(1_600);
    let resets: Vec<(u32, i64)> = events(&sim, |e| matches!(e, Event::ConsumerReset { .. }))
        .into_iter()
        .filter_map(|e| match e {
            Event::ConsumerReset {
                consumer, offset, ..
            } if *offset > 0 => Some((*consumer, *offset)),
            _ => None,
        })
        .collect();
    assert!(resets.contains(&(3, 1)), "{resets:?}");
    assert!(resets.contains(&(4, 3)), "{resets:?}");
}

#[test]
fn the_coordinator_aborts_a_transaction_open_past_its_timeout() {
    let config = json!({ "transactional.id": "slow", "transaction.timeout.ms": 2000 });
    let (producers, consumers) = (writer(config), reader());
    let script = json!([
        { "at_ms": 100, "action": "init_transactions", "producer": 1 },
        { "at_ms": 500, "action": "begin_transaction", "producer": 1 },
        { "at_ms": 500, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "late" }] },
        { "at_ms": 15000, "action": "commit_transaction", "producer": 1 }
    ]);
    let mut v = cluster(producers, consumers, script, 16_000);
    v["broker_config"]["transaction.abort.timed.out.transaction.cleanup.interval.ms"] = json!(1000);
    let sim = run(&v);
    let fenced = events(&sim, |e| matches!(e, Event::TxnFenced { .. }));
    assert!(matches!(
        fenced[..],
        [Event::TxnFenced {
            reason: TxnFenceReason::Timeout,
            old_epoch: 0,
            new_epoch: 1,
            ..
        }]
    ));
    // Aborted by the first scan after start + 2000 ms.
    let at = sim
        .trace
        .iter()
        .find(|e| matches!(e.event, Event::TxnFenced { .. }))
        .unwrap()
        .at_ms;
    assert!((2_500..=3_600).contains(&at), "aborted at {at}");
    assert_eq!(values(&leader_log(&sim, &orders0())), ["late", "ABORT"]);
    assert!(consumed(&sim, 1).is_empty());
    // The producer learns at its commit: the coordinator's epoch moved on.
    assert_eq!(
        txn_state(&sim, 1),
        (TxnState::FatalError, Some(KafkaError::ProducerFenced))
    );
}

/// The coordinator (broker 1) writes PrepareCommit, but its markers cannot
/// reach the partition leader (broker 3); then it crashes. Broker 2 takes
/// over `__transaction_state-0`, loads PrepareCommit from the log and sends
/// the markers itself.
#[test]
fn a_new_coordinator_finishes_a_prepared_commit_from_the_log() {
    let (producers, consumers) = (writer(json!({ "transactional.id": "tx-1" })), reader());
    let script = json!([
        { "at_ms": 100, "action": "init_transactions", "producer": 1 },
        { "at_ms": 500, "action": "begin_transaction", "producer": 1 },
        { "at_ms": 500, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "a" }, { "value": "b" }] },
        { "at_ms": 900, "action": "cut_link", "from": "broker:1", "to": "broker:3", "one_way": true },
        { "at_ms": 1000, "action": "commit_transaction", "producer": 1 },
        { "at_ms": 1200, "action": "crash", "broker": 1 },
        { "at_ms": 8000, "action": "heal_link", "from": "broker:1", "to": "broker:3", "one_way": true },
        { "at_ms": 8000, "action": "restart", "broker": 1 }
    ]);
    let sim = run(&cluster(producers, consumers, script, 15_000));
    let loaded = events(&sim, |e| {
        matches!(e, Event::TxnCoordinatorLoaded { broker: 2, .. })
    });
    assert!(
        matches!(loaded[..], [Event::TxnCoordinatorLoaded { completing, coordinator_epoch: 1, .. }]
        if completing == &["tx-1"]),
        "{loaded:?}"
    );
    // The client was answered by the old coordinator, before the markers.
    let ended = sim
        .trace
        .iter()
        .find(|e| matches!(e.event, Event::TransactionEnded { .. }))
        .unwrap();
    assert!(ended.at_ms < 1200);
    let markers = events(&sim, |e| matches!(e, Event::TxnMarkerWritten { .. }));
    assert!(matches!(
        markers[..],
        [Event::TxnMarkerWritten {
            coordinator_epoch: 1,
            marker: ControlRecordType::Commit,
            ..
        }]
    ));
    assert_eq!(values(&leader_log(&sim, &orders0())), ["a", "b", "COMMIT"]);
    assert_eq!(consumed(&sim, 1), ["a", "b"]);
    let last = coordinator_states(&sim).last().copied();
    assert_eq!(last, Some((TxnStatus::CompleteCommit, 0)));
}

/// The coordinator crashes while the transaction is open; the producer's
/// commit finds the new coordinator, which loaded the open transaction.
#[test]
fn a_transaction_outlives_its_coordinator() {
    let (producers, consumers) = (writer(json!({ "transactional.id": "tx-1" })), reader());
    let script = json!([
        { "at_ms": 100, "action": "init_transactions", "producer": 1 },
        { "at_ms": 500, "action": "begin_transaction", "producer": 1 },
        { "at_ms": 500, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "a" }] },
        { "at_ms": 700, "action": "crash", "broker": 1 },
        { "at_ms": 800, "action": "commit_transaction", "producer": 1 },
        { "at_ms": 9000, "action": "restart", "broker": 1 }
    ]);
    let sim = run(&cluster(producers, consumers, script, 14_000));
    assert!(!events(&sim, |e| matches!(
        e,
        Event::TxnCoordinatorLoaded {
            broker: 2,
            transactions: 1,
            ..
        }
    ))
    .is_empty());
    // While the coordinator was down the client kept looking it up.
    assert!(!events(&sim, |e| matches!(
        e,
        Event::TxnCoordinatorFound { result: Ok(2), .. }
    ))
    .is_empty());
    assert_eq!(txn_state(&sim, 1), (TxnState::Ready, None));
    assert_eq!(values(&leader_log(&sim, &orders0())), ["a", "COMMIT"]);
    assert_eq!(consumed(&sim, 1), ["a"]);
}

/// The field and message of the error that refuses scenario `v`.
fn load_error(v: &Value) -> (String, String) {
    let e = Scenario::from_json(&v.to_string())
        .unwrap()
        .build()
        .unwrap_err();
    (e.field, e.message)
}

fn producer_config_error(config: Value) -> (String, String) {
    load_error(&cluster(writer(config), json!([]), json!([]), 100))
}

#[test]
fn transactional_id_needs_idempotence() {
    let msg = "Cannot set a transactional.id without also enabling idempotence.";
    for config in [
        json!({ "transactional.id": "tx", "enable.idempotence": false }),
        // Idempotence quietly off (acks=1, not set explicitly): still refused.
        json!({ "transactional.id": "tx", "acks": "1" }),
    ] {
        assert_eq!(
            producer_config_error(config),
            ("producers[0].config.transactional.id".into(), msg.into())
        );
    }
    assert_eq!(
        producer_config_error(json!({ "transactional.id": "" })).1,
        "Invalid value  for configuration transactional.id: String must be non-empty"
    );
    assert!(
        producer_config_error(json!({ "isolation.level": "read_committed" }))
            .1
            .starts_with("unknown config name")
    );
    let consumer = cluster(
        json!([]),
        json!([{ "id": 1, "assign": ["orders-0"], "config": { "isolation.level": "serializable" } }]),
        json!([]),
        100,
    );
    let (field, message) = load_error(&consumer);
    assert_eq!(field, "consumers[0].config.isolation.level");
    assert!(
        message.contains("read_uncommitted, read_committed"),
        "{message}"
    );
}

fn script_error(script: Value) -> (String, String) {
    let producers =
        json!([{ "id": 1, "config": { "transactional.id": "tx" } }, { "id": 2, "config": {} }]);
    load_error(&cluster(producers, json!([]), script, 5_000))
}

#[test]
fn calls_out_of_order_are_kafkas_exceptions() {
    let init = json!({ "at_ms": 100, "action": "init_transactions", "producer": 1 });
    let begin = json!({ "at_ms": 500, "action": "begin_transaction", "producer": 1 });
    let produce = json!({ "at_ms": 600, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "v" }] });
    let commit = json!({ "at_ms": 700, "action": "commit_transaction", "producer": 1 });
    let (field, msg) = script_error(json!([init, commit]));
    assert_eq!(field, "script[1].producer");
    assert_eq!(
        msg,
        "KafkaException: TransactionalId tx: Invalid transition attempted from state READY to state COMMITTING_TRANSACTION"
    );
    assert_eq!(
        script_error(json!([begin])).1,
        "KafkaException: TransactionalId tx: Invalid transition attempted from state UNINITIALIZED to state IN_TRANSACTION"
    );
    assert_eq!(
        script_error(json!([init, produce])).1,
        "IllegalStateException: Cannot call send in state READY"
    );
    assert!(script_error(json!([produce]))
        .1
        .contains("before completing a call to initTransactions"));
    assert!(script_error(json!([init, begin, begin]))
        .1
        .ends_with("from state IN_TRANSACTION to state IN_TRANSACTION"));
    assert!(script_error(json!([init, init]))
        .1
        .ends_with("from state READY to state INITIALIZING"));
    let (field, msg) =
        script_error(json!([{ "at_ms": 100, "action": "begin_transaction", "producer": 2 }]));
    assert_eq!(field, "script[0].producer");
    assert_eq!(
        msg,
        "IllegalStateException: Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property"
    );
    // A well-ordered script loads, and so does aborting after a commit
    // that may fail (the zombie's way out).
    let v = cluster(
        json!([{ "id": 1, "config": { "transactional.id": "tx" } }]),
        json!([]),
        json!([init, begin, produce, commit, { "at_ms": 800, "action": "abort_transaction", "producer": 1 }]),
        5_000,
    );
    assert!(Scenario::from_json(&v.to_string()).unwrap().build().is_ok());
    // Interactively (the page), a call is checked against the state now.
    let mut sim = Scenario::from_json(&v.to_string())
        .unwrap()
        .build()
        .unwrap();
    let e = sim
        .apply(Command::CommitTransaction { producer: 1 })
        .unwrap_err();
    assert!(e
        .message
        .ends_with("from state UNINITIALIZED to state COMMITTING_TRANSACTION"));
    sim.run_until(50);
    sim.apply(Command::InitTransactions { producer: 1 })
        .unwrap();
    let e = sim
        .apply(Command::BeginTransaction { producer: 1 })
        .unwrap_err();
    assert!(
        e.message
            .ends_with("from state INITIALIZING to state IN_TRANSACTION"),
        "{}",
        e.message
    );
}

/// `transaction.timeout.ms` is not checked by the client (a plain INT); the
/// coordinator refuses it with INVALID_TRANSACTION_TIMEOUT, fatal for the producer.
#[test]
fn a_timeout_out_of_range_is_refused_by_the_coordinator() {
    for timeout in [-5, 0, 900_001] {
        let producers = json!([{ "id": 1, "config": { "transactional.id": "tx", "transaction.timeout.ms": timeout } }]);
        let script = json!([{ "at_ms": 100, "action": "init_transactions", "producer": 1 }]);
        let sim = run(&cluster(producers, json!([]), script, 1_000));
        assert_eq!(
            txn_state(&sim, 1),
            (
                TxnState::FatalError,
                Some(KafkaError::InvalidTransactionTimeout)
            ),
            "transaction.timeout.ms={timeout}"
        );
        assert!(coordinator_states(&sim).is_empty());
    }
    // The broker's transaction.max.timeout.ms sets the bound.
    let producers = json!([{ "id": 1, "config": { "transactional.id": "tx", "transaction.timeout.ms": 900_001 } }]);
    let script = json!([{ "at_ms": 100, "action": "init_transactions", "producer": 1 }]);
    let mut v = cluster(producers, json!([]), script, 1_000);
    v["broker_config"]["transaction.max.timeout.ms"] = json!(1_000_000);
    assert_eq!(txn_state(&run(&v), 1), (TxnState::Ready, None));
}

#[test]
fn transactional_runs_are_deterministic_and_clone_safely() {
    let s = Scenario::from_json(ZOMBIE).unwrap();
    let straight = s.run().unwrap();
    let mut a = s.build().unwrap();
    a.run_until(1_110);
    let mut b = a.clone();
    a.run_until(s.stop_at_ms);
    b.run_until(s.stop_at_ms);
    let json = |sim: &Simulation| serde_json::to_string(&sim.trace).unwrap();
    assert_eq!(json(&a), json(&straight));
    assert_eq!(json(&b), json(&straight));
}

/// A batch that fails for good (its delivery.timeout.ms passes on a cut
/// link) is an abortable error: commit would fail, abort works, and the
/// abort is followed by InitProducerId with the current id and epoch
/// (KIP-360), so the next transaction starts at epoch 1 with sequences at 0.
#[test]
fn an_abortable_error_ends_in_an_abort_and_an_epoch_bump() {
    let config = json!({ "transactional.id": "tx-1", "delivery.timeout.ms": 1500, "request.timeout.ms": 1000 });
    let script = json!([
        { "at_ms": 100, "action": "init_transactions", "producer": 1 },
        { "at_ms": 400, "action": "begin_transaction", "producer": 1 },
        { "at_ms": 400, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "ok1" }] },
        { "at_ms": 600, "action": "cut_link", "from": "producer:1", "to": "broker:3", "one_way": true },
        { "at_ms": 700, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "lost" }] },
        { "at_ms": 2500, "action": "commit_transaction", "producer": 1 },
        { "at_ms": 3000, "action": "heal_link", "from": "producer:1", "to": "broker:3", "one_way": true },
        { "at_ms": 3100, "action": "abort_transaction", "producer": 1 },
        { "at_ms": 4000, "action": "begin_transaction", "producer": 1 },
        { "at_ms": 4000, "action": "produce", "producer": 1, "topic": "orders", "records": [{ "value": "again" }] },
        { "at_ms": 4500, "action": "commit_transaction", "producer": 1 }
    ]);
    let sim = run(&cluster(writer(config), reader(), script, 6_000));
    let errors = events(&sim, |e| matches!(e, Event::TransactionalError { .. }));
    assert!(matches!(
        errors[..],
        [Event::TransactionalError {
            error: KafkaError::DeliveryTimeout,
            fatal: false,
            ..
        }]
    ));
    let refused = events(&sim, |e| matches!(e, Event::TransactionCallFailed { .. }));
    assert!(
        matches!(refused[..], [Event::TransactionCallFailed { call, .. }] if call == "commitTransaction")
    );
    let epochs: Vec<i16> = events(&sim, |e| matches!(e, Event::ProducerIdInitialized { .. }))
        .into_iter()
        .map(|e| match e {
            Event::ProducerIdInitialized { epoch, .. } => *epoch,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(epochs, [0, 1]);
    let log = leader_log(&sim, &orders0());
    assert_eq!(values(&log), ["ok1", "ABORT", "again", "COMMIT"]);
    let again = &sim.nodes.brokers[&3].replicas[&orders0()]
        .log
        .records
        .iter()
        .nth(2)
        .cloned()
        .unwrap();
    assert_eq!((again.producer_epoch, again.sequence), (1, 0));
    assert_eq!(consumed(&sim, 1), ["again"]);
    assert_eq!(txn_state(&sim, 1), (TxnState::Ready, None));
}
