//! Bad input never reaches the engine: every mistake in a scenario file or
//! a command gives an error that names the field and the rule — never a
//! panic — and a rejected command leaves the simulation exactly as it was.

use std::panic::{catch_unwind, AssertUnwindSafe};

use kafka_playground::engine::command::{Command, CommandError, NodeRef, RecordSpec};
use kafka_playground::engine::report::Report;
use kafka_playground::engine::rng::Rng;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use serde_json::{json, Value};

/// A small valid scenario every test below breaks in one place.
fn valid() -> Value {
    json!({
        "version": 1,
        "name": "valid",
        "seed": 7,
        "brokers": 3,
        "broker_config": { "min.insync.replicas": 2 },
        "network": { "latency_ms": 2, "jitter_ms": 1 },
        "topics": [
            { "name": "orders", "partitions": 2, "replication_factor": 3 }
        ],
        "producers": [{ "id": 1, "config": { "acks": "all" } }],
        "consumers": [{ "id": 1, "assign": ["orders-0", "orders-1"],
                        "config": { "auto.offset.reset": "earliest" } }],
        "script": [
            { "at_ms": 100, "action": "produce", "producer": 1, "topic": "orders",
              "records": [{ "value": "r0" }, { "key": "k", "value": "r1" }] },
            { "at_ms": 2000, "action": "crash", "broker": 1 },
            { "at_ms": 2500, "action": "cut_link", "from": "broker:2", "to": "broker:3" },
            { "at_ms": 4000, "action": "heal_link", "from": "broker:2", "to": "broker:3" },
            { "at_ms": 9000, "action": "restart", "broker": 1 }
        ],
        "stop_at_ms": 15000
    })
}

/// Parses and builds the scenario (the whole validation a run goes through).
fn load(v: &Value) -> Result<Simulation, CommandError> {
    Scenario::from_json(&v.to_string())?.build()
}

/// The error `v` must give, with the scenario in the panic message if none.
fn error_of(v: &Value) -> CommandError {
    match load(v) {
        Ok(_) => panic!("expected an error, but this scenario was accepted:\n{v:#}"),
        Err(e) => e,
    }
}

/// Asserts the field exactly and that the message contains `rule`.
#[track_caller]
fn assert_error(v: &Value, field: &str, rule: &str) {
    let e = error_of(v);
    assert_eq!(e.field, field, "wrong field for error {e:?}");
    assert!(
        e.message.contains(rule),
        "error {e:?} should say {rule:?} (field {field})"
    );
    assert!(!e.to_string().is_empty());
}

#[test]
fn the_base_scenario_is_valid() {
    let mut sim = load(&valid()).expect("the base scenario must be valid");
    sim.run_until(15_000);
}

#[test]
fn replication_factor_larger_than_brokers() {
    let mut v = valid();
    v["topics"][0]["replication_factor"] = json!(4);
    let e = error_of(&v);
    assert_eq!(e.field, "topics[0].replication_factor");
    // Kafka's own InvalidReplicationFactorException text.
    assert_eq!(
        e.message,
        "Replication factor: 4 larger than available brokers: 3."
    );
    assert_eq!(
        e.to_string(),
        "topics[0].replication_factor: Replication factor: 4 larger than available brokers: 3."
    );
}

#[test]
fn zero_or_negative_counts() {
    let mut v = valid();
    v["topics"][0]["partitions"] = json!(0);
    assert_error(
        &v,
        "topics[0].partitions",
        "Number of partitions must be between 1 and 1000 (got 0).",
    );
    let mut v = valid();
    v["topics"][0]["partitions"] = json!(-3);
    assert_error(&v, "topics[0].partitions", "(got -3)");
    let mut v = valid();
    v["topics"][0]["replication_factor"] = json!(0);
    assert_error(
        &v,
        "topics[0].replication_factor",
        "Replication factor must be larger than 0",
    );
    let mut v = valid();
    v["brokers"] = json!(0);
    assert_error(&v, "brokers", "between 1 and 12 brokers (got 0)");
    let mut v = valid();
    v["brokers"] = json!(13);
    assert_error(&v, "brokers", "between 1 and 12 brokers (got 13)");
}

#[test]
fn unknown_config_names() {
    let mut v = valid();
    v["broker_config"]["min.insync.replica"] = json!(2);
    assert_error(
        &v,
        "broker_config.min.insync.replica",
        "unknown config name",
    );
    // The message lists the names that are known, to spot the typo.
    assert!(error_of(&v).message.contains("min.insync.replicas"));

    let mut v = valid();
    v["topics"][0]["config"] = json!({ "retention.msx": 1 });
    assert_error(&v, "topics[0].config.retention.msx", "unknown config name");

    let mut v = valid();
    v["producers"][0]["config"]["ack"] = json!("all");
    assert_error(&v, "producers[0].config.ack", "unknown config name");

    let mut v = valid();
    v["consumers"][0]["config"]["group.idd"] = json!("g");
    assert_error(&v, "consumers[0].config.group.idd", "unknown config name");
}

#[test]
fn bad_config_values() {
    let mut v = valid();
    v["producers"][0]["config"]["acks"] = json!("2");
    assert_error(
        &v,
        "producers[0].config.acks",
        "must be one of all, -1, 1, 0",
    );
    let mut v = valid();
    v["topics"][0]["config"] = json!({ "min.insync.replicas": "two" });
    assert_error(
        &v,
        "topics[0].config.min.insync.replicas",
        "expected a whole number",
    );
    let mut v = valid();
    v["topics"][0]["config"] = json!({ "unclean.leader.election.enable": "yes" });
    assert_error(
        &v,
        "topics[0].config.unclean.leader.election.enable",
        "expected true or false",
    );
    let mut v = valid();
    v["producers"][0]["config"]["delivery.timeout.ms"] = json!(1000);
    assert_error(
        &v,
        "producers[0].config.delivery.timeout.ms",
        "should be equal to or larger than linger.ms + request.timeout.ms",
    );
    let mut v = valid();
    v["broker_config"]["broker.heartbeat.interval.ms"] = json!(20_000);
    assert_error(
        &v,
        "broker_config.broker.heartbeat.interval.ms",
        "below broker.session.timeout.ms",
    );
}

#[test]
fn negative_timeouts() {
    for (scope, name, path) in [
        ("broker_config", "replica.lag.time.max.ms", "/broker_config"),
        (
            "broker_config",
            "broker.session.timeout.ms",
            "/broker_config",
        ),
        (
            "producers[0].config",
            "request.timeout.ms",
            "/producers/0/config",
        ),
        (
            "producers[0].config",
            "delivery.timeout.ms",
            "/producers/0/config",
        ),
        (
            "consumers[0].config",
            "fetch.max.wait.ms",
            "/consumers/0/config",
        ),
    ] {
        let mut v = valid();
        v.pointer_mut(path).unwrap()[name] = json!(-5);
        assert_error(
            &v,
            &format!("{scope}.{name}"),
            "value -5 out of range: must be between 0 and 2147483647",
        );
    }
    // Times in the file itself are unsigned: serde names the field.
    let mut v = valid();
    v["network"]["latency_ms"] = json!(-1);
    assert_error(&v, "network.latency_ms", "invalid value: integer `-1`");
    let mut v = valid();
    v["script"][1]["at_ms"] = json!(-1);
    assert_error(&v, "script[1].at_ms", "invalid value: integer `-1`");
    let mut v = valid();
    v["stop_at_ms"] = json!(-1);
    assert_error(&v, "stop_at_ms", "invalid value: integer `-1`");
}

#[test]
fn unknown_broker_in_a_script_action() {
    let mut v = valid();
    v["script"][1]["broker"] = json!(9);
    assert_error(
        &v,
        "script[1].broker",
        "unknown broker id 9; the brokers are 1, 2, 3",
    );
    let mut v = valid();
    v["script"][4]["broker"] = json!(4);
    assert_error(&v, "script[4].broker", "unknown broker id 4");
    let mut v = valid();
    v["script"][2]["to"] = json!("broker:7");
    assert_error(&v, "script[2].to", "no such node: broker 7");
    let mut v = valid();
    v["script"][2]["to"] = json!("brokr:3");
    assert_error(&v, "script[2].to", "is not a node");
}

#[test]
fn restart_of_a_running_broker_is_rejected_by_apply() {
    let mut sim = load(&valid()).unwrap();
    let e = sim
        .apply(Command::Restart {
            broker: 2,
            fast: false,
        })
        .unwrap_err();
    assert_eq!(e.field, "broker");
    assert_eq!(
        e.message,
        "broker 2 is running; crash or shut it down first"
    );
    let e = sim.apply(Command::Crash { broker: 9 }).unwrap_err();
    assert_eq!(e.field, "broker");
    assert!(e.message.contains("unknown broker id 9"), "{e:?}");
    // Crash twice: the second is rejected.
    sim.apply(Command::Crash { broker: 2 }).unwrap();
    let e = sim.apply(Command::Crash { broker: 2 }).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("broker", "broker 2 is already down")
    );
}

/// A script that restarts a broker nothing ever crashed cannot be right;
/// the file should be rejected when it is loaded, naming the step.
#[test]
fn restart_of_a_running_broker_in_a_script_is_rejected() {
    let mut v = valid();
    v["script"] = json!([{ "at_ms": 100, "action": "restart", "broker": 2 }]);
    assert_error(
        &v,
        "script[0].broker",
        "broker 2 is running; crash or shut it down first",
    );
}

/// Network delays must be bounded like every other time: a huge latency or
/// jitter is an input error, not an arithmetic overflow deep in the engine.
#[test]
fn huge_network_delays_are_rejected() {
    for (name, value) in [
        ("latency_ms", u64::MAX),
        ("jitter_ms", u64::MAX),
        ("latency_ms", u64::MAX / 2),
    ] {
        let mut v = valid();
        v["network"][name] = json!(value);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            load(&v).map(|mut sim| {
                sim.run_until(5_000);
                sim.now
            })
        }));
        match outcome {
            Err(_) => panic!("network.{name} = {value}: the engine panicked"),
            Ok(Ok(_)) => panic!("network.{name} = {value} was accepted"),
            Ok(Err(e)) => assert_eq!(e.field, format!("network.{name}"), "{e:?}"),
        }
    }
}

#[test]
fn malformed_json() {
    let text = valid().to_string();
    for broken in [&text[..text.len() / 2], "", "{", "{\"version\": 1,}", "nul"] {
        let e = Scenario::from_json(broken).unwrap_err();
        assert!(
            e.message.contains("line") && e.message.contains("column"),
            "a syntax error should say where: {e:?} for {broken:?}"
        );
    }
    // Well-formed JSON that is not an object is a type error.
    let e = Scenario::from_json("[1, 2]").unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("", "invalid type: sequence, expected struct Scenario")
    );
}

#[test]
fn wrong_types() {
    let mut v = valid();
    v["seed"] = json!("seven");
    assert_error(&v, "seed", "invalid type: string \"seven\", expected u64");
    let mut v = valid();
    v["topics"][0]["partitions"] = json!("2");
    assert_error(&v, "topics[0].partitions", "invalid type: string \"2\"");
    let mut v = valid();
    v["topics"] = json!({ "name": "orders" });
    assert_error(&v, "topics", "invalid type: map, expected a sequence");
    let mut v = valid();
    v["brokers"] = json!("three");
    assert_error(&v, "brokers", "did not match any variant");
    let mut v = valid();
    v["consumers"][0]["assign"] = json!("orders-0");
    assert_error(&v, "consumers[0].assign", "expected a sequence");
    let mut v = valid();
    v["script"][0]["records"][0]["value"] = json!(5);
    let e = error_of(&v);
    assert!(e.field.starts_with("script[0]"), "{e:?}");
    assert!(e.message.contains("invalid type: integer `5`"), "{e:?}");
}

#[test]
fn unknown_fields() {
    let mut v = valid();
    v["brokerz"] = json!(3);
    let e = error_of(&v);
    assert!(e.message.contains("unknown field `brokerz`"), "{e:?}");
    let mut v = valid();
    v["topics"][0]["replicas"] = json!(3);
    assert_error(&v, "topics[0].replicas", "unknown field `replicas`");
    let mut v = valid();
    v["network"]["latency"] = json!(3);
    assert_error(&v, "network.latency", "unknown field `latency`");
    // A typo inside a script step (its fields are flattened into the step).
    let mut v = valid();
    v["script"][1]["brokr"] = json!(1);
    let e = error_of(&v);
    assert!(e.field.starts_with("script[1]"), "{e:?}");
    assert!(e.message.contains("brokr"), "{e:?}");
    // An action nobody knows.
    let mut v = valid();
    v["script"][1]["action"] = json!("explode");
    let e = error_of(&v);
    assert!(e.field.starts_with("script[1]"), "{e:?}");
    assert!(e.message.contains("unknown variant `explode`"), "{e:?}");
}

#[test]
fn unsupported_version() {
    let mut v = valid();
    v["version"] = json!(2);
    assert_error(
        &v,
        "version",
        "unsupported scenario version 2; this build reads version 1",
    );
    let mut v = valid();
    v.as_object_mut().unwrap().remove("version");
    assert_error(&v, "", "missing field `version`");
}

#[test]
fn consumer_assigned_to_a_partition_that_does_not_exist() {
    let mut v = valid();
    v["consumers"][0]["assign"] = json!(["orders-0", "orders-2"]);
    assert_error(&v, "consumers[0].assign[1]", "no such partition: orders-2");
    let mut v = valid();
    v["consumers"][0]["assign"] = json!(["payments-0"]);
    assert_error(
        &v,
        "consumers[0].assign[0]",
        "no such partition: payments-0",
    );
    let mut v = valid();
    v["consumers"][0]["assign"] = json!(["orders"]);
    assert_error(
        &v,
        "consumers[0].assign[0]",
        "'orders' is not a partition like \"orders-0\"",
    );
}

#[test]
fn produce_to_an_explicit_partition_that_does_not_exist() {
    let mut v = valid();
    v["script"][0]["records"][1]["partition"] = json!(2);
    assert_error(
        &v,
        "script[0].records[1].partition",
        "Partition 2 of topic orders with partition count 2 is not present in metadata",
    );
    let mut v = valid();
    v["script"][0]["topic"] = json!("payments");
    assert_error(
        &v,
        "script[0].topic",
        "Topic payments not present in metadata",
    );
    let mut v = valid();
    v["script"][0]["producer"] = json!(5);
    assert_error(&v, "script[0].producer", "unknown producer id 5");
    let mut v = valid();
    v["script"][0]["records"] = json!([]);
    assert_error(&v, "script[0].records", "at least one record is needed");
}

#[test]
fn script_order_and_duplicates() {
    let mut v = valid();
    v["script"][1]["at_ms"] = json!(50);
    assert_error(&v, "script[1].at_ms", "script steps must be in time order");
    let mut v = valid();
    v["script"][4]["at_ms"] = json!(20_000);
    assert_error(&v, "script[4].at_ms", "after stop_at_ms (15000)");
    let mut v = valid();
    v["producers"] = json!([{ "id": 1 }, { "id": 1 }]);
    assert_error(&v, "producers[1].id", "duplicate producer id 1");
    let mut v = valid();
    v["topics"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "orders", "partitions": 1, "replication_factor": 1 }));
    assert_error(&v, "topics[1].name", "Topic 'orders' already exists.");
    let mut v = valid();
    v["topics"][0]["name"] = json!("or ders");
    assert_error(&v, "topics[0].name", "is illegal");
}

/// Snapshot of everything observable: the report, the trace, the clock and
/// what comes next.
fn snapshot(sim: &Simulation) -> String {
    format!(
        "{}\n{}\n{}\n{:?}\n{}",
        serde_json::to_string(&Report::of(sim)).unwrap(),
        serde_json::to_string(&sim.trace).unwrap(),
        sim.now,
        sim.next_time(),
        sim.events_emitted
    )
}

fn invalid_commands() -> Vec<(Command, &'static str, &'static str)> {
    let node = |s: &str| NodeRef(s.to_string());
    let record = |partition| RecordSpec {
        key: None,
        value: "x".into(),
        partition,
    };
    vec![
        (
            Command::Crash { broker: 9 },
            "broker",
            "unknown broker id 9",
        ),
        (
            Command::Restart {
                broker: 2,
                fast: true,
            },
            "broker",
            "broker 2 is running",
        ),
        (
            Command::Shutdown { broker: 1 },
            "broker",
            "broker 1 is not running",
        ),
        (
            Command::Produce {
                producer: 1,
                topic: "orders".into(),
                records: vec![record(None), record(Some(7))],
            },
            "records[1].partition",
            "Partition 7 of topic orders",
        ),
        (
            Command::Produce {
                producer: 1,
                topic: "orders".into(),
                records: vec![],
            },
            "records",
            "at least one record",
        ),
        (
            Command::Produce {
                producer: 3,
                topic: "orders".into(),
                records: vec![record(None)],
            },
            "producer",
            "unknown producer id 3",
        ),
        (
            Command::CutLink {
                from: node("broker:2"),
                to: node("broker:2"),
                one_way: false,
            },
            "to",
            "a link joins two different nodes",
        ),
        (
            Command::HealLink {
                from: node("consumer:4"),
                to: node("broker:2"),
                one_way: false,
            },
            "from",
            "no such node: consumer 4",
        ),
        (
            Command::DropRate { per_mille: 1001 },
            "per_mille",
            "above 1000",
        ),
        (
            Command::Slow {
                node: node("broker:1"),
                extra_ms: 600_001,
            },
            "extra_ms",
            "at most 600000",
        ),
        (
            Command::CreateTopic {
                name: "payments".into(),
                partitions: 1,
                replication_factor: 4,
                config: Default::default(),
            },
            "replication_factor",
            "larger than available brokers",
        ),
        (
            Command::CreateTopic {
                name: "orders".into(),
                partitions: 1,
                replication_factor: 1,
                config: Default::default(),
            },
            "name",
            "already exists",
        ),
        (
            Command::SetTopicConfig {
                topic: "orders".into(),
                name: "min.insync.replica".into(),
                value: json!(2),
            },
            "config.min.insync.replica",
            "unknown config name",
        ),
        (
            Command::SetTopicConfig {
                topic: "nope".into(),
                name: "min.insync.replicas".into(),
                value: json!(2),
            },
            "topic",
            "Topic 'nope' does not exist.",
        ),
    ]
}

#[test]
fn an_invalid_command_leaves_the_simulation_unchanged() {
    let mut sim = load(&valid()).unwrap();
    sim.run_until(3_000); // broker 1 is down, some records are in
    let pristine = sim.clone();
    let before = snapshot(&sim);
    for (cmd, field, rule) in invalid_commands() {
        let shown = format!("{cmd:?}");
        let e = sim
            .apply(cmd)
            .expect_err(&format!("{shown} should be rejected"));
        assert_eq!(e.field, field, "{shown}: {e:?}");
        assert!(
            e.message.contains(rule),
            "{shown}: {e:?} should say {rule:?}"
        );
        assert_eq!(
            snapshot(&sim),
            before,
            "{shown} was rejected but changed the simulation"
        );
        assert!(sim.validate(&Command::Crash { broker: 2 }).is_ok());
    }
    // Not even hidden state (the RNG, queued items) moved: both copies go
    // on to make the same history.
    let mut untouched = pristine;
    sim.run_until(15_000);
    untouched.run_until(15_000);
    assert_eq!(snapshot(&sim), snapshot(&untouched));
}

/// Mutations of a valid scenario file: text damage and JSON-level changes.
fn mutate(rng: &mut Rng, text: &str) -> String {
    const VALUES: &[&str] = &[
        "-1",
        "0",
        "1",
        "3",
        "4",
        "13",
        "1000",
        "1001",
        "2147483648",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "1e308",
        "0.5",
        "\"\"",
        "\"x\"",
        "\"orders-99\"",
        "\"broker:9\"",
        "\"controller\"",
        "\"all\"",
        "null",
        "true",
        "[]",
        "{}",
        "[[1,1,1]]",
    ];
    const KEYS: &[&str] = &[
        "version",
        "seed",
        "brokers",
        "partitions",
        "replication_factor",
        "replica_assignment",
        "min.insync.replicas",
        "unclean.leader.election.enable",
        "acks",
        "at_ms",
        "action",
        "broker",
        "partition",
        "fast",
        "one_way",
        "stop_at_ms",
        "zzz",
    ];
    let pick = |rng: &mut Rng, n: usize| rng.below(n as u64) as usize;
    let mut s: Vec<char> = text.chars().collect();
    match rng.below(14) {
        // Delete a few characters.
        0 => {
            let at = pick(rng, s.len());
            let n = 1 + pick(rng, 4);
            s.drain(at..(at + n).min(s.len()));
        }
        // Insert a random character.
        1 => {
            const CHARS: &[u8] = b"{}[]\",:0123456789-e.ax ";
            let c = CHARS[pick(rng, CHARS.len())] as char;
            let at = pick(rng, s.len() + 1);
            s.insert(at, c);
        }
        // Swap two characters.
        2 => {
            let (a, b) = (pick(rng, s.len()), pick(rng, s.len()));
            s.swap(a, b);
        }
        _ => {
            let Ok(mut v) = serde_json::from_str::<Value>(text) else {
                return text.to_string();
            };
            let mut all = Vec::new();
            paths(&v, String::new(), &mut all);
            let target = all[pick(rng, all.len())].clone();
            let node = v.pointer_mut(&target).expect("listed");
            match rng.below(3) {
                // Replace a value, usually by one of the same type (so
                // that more mutants get past parsing and into the engine).
                0 => {
                    let same: Vec<Value> = VALUES
                        .iter()
                        .map(|t| serde_json::from_str::<Value>(t).unwrap())
                        .filter(|c| {
                            std::mem::discriminant(c) == std::mem::discriminant(&*node)
                                && (!c.is_number() || c.is_u64() == node.is_u64())
                        })
                        .collect();
                    *node = if !same.is_empty() && rng.chance_per_mille(800) {
                        same[pick(rng, same.len())].clone()
                    } else {
                        serde_json::from_str(VALUES[pick(rng, VALUES.len())]).unwrap()
                    };
                }
                // Insert a random key.
                1 => {
                    let objects: Vec<&String> = all
                        .iter()
                        .filter(|p| v.pointer(p).is_some_and(Value::is_object))
                        .collect();
                    let at = if objects.is_empty() {
                        String::new()
                    } else {
                        objects[pick(rng, objects.len())].clone()
                    };
                    let k = KEYS[pick(rng, KEYS.len())];
                    let value = serde_json::from_str(VALUES[pick(rng, VALUES.len())]).unwrap();
                    if let Some(Value::Object(m)) = v.pointer_mut(&at) {
                        m.insert(k.to_string(), value);
                    }
                }
                // Swap with another value of the document.
                _ => {
                    let other = all[pick(rng, all.len())].clone();
                    if !other.starts_with(&target) && !target.starts_with(&other) {
                        let a = v.pointer(&target).unwrap().clone();
                        let b = v.pointer(&other).unwrap().clone();
                        *v.pointer_mut(&target).unwrap() = b;
                        *v.pointer_mut(&other).unwrap() = a;
                    }
                }
            }
            return v.to_string();
        }
    }
    s.into_iter().collect()
}

/// JSON pointers of every node below the root.
fn paths(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                paths(c, p, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                paths(c, p, out);
            }
        }
        _ => {}
    }
}

#[test]
fn fuzzed_scenarios_never_panic() {
    let bases = [
        valid().to_string(),
        include_str!("../scenarios/acks1-leader-fails-before-replication.json").to_string(),
    ];
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0xF022);
    let mut rng = Rng::new(seed);
    let (mut ok, mut rejected) = (0, 0);
    let mut panics = Vec::new();
    let iterations = std::env::var("FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    for i in 0..iterations {
        let base = &bases[i % bases.len()];
        let mut text = base.clone();
        for _ in 0..1 + rng.below(2) {
            text = mutate(&mut rng, &text);
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let scenario = Scenario::from_json(&text)?;
            let mut sim = scenario.build()?;
            // Run a while (bounded: a mutation may push stop_at_ms far out).
            sim.run_until(scenario.stop_at_ms.min(20_000));
            Ok::<_, CommandError>(Report::of(&sim).events)
        }));
        match outcome {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(e)) => {
                if std::env::var("FUZZ_SHOW").is_ok() {
                    println!("{e}");
                }
                assert!(!e.message.is_empty(), "iteration {i}: empty error message");
                rejected += 1;
            }
            Err(p) => {
                let why = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panics.push(format!("iteration {i}: {why}\n{text}"));
            }
        }
    }
    println!(
        "fuzz: {ok} accepted and run, {rejected} rejected with an error, {} panicked",
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "the engine panicked on {} of {iterations} mutated scenarios (Rng seed {seed:#x}, \
         reproduce: FUZZ_SEED={seed} FUZZ_ITERS={iterations} cargo test --test bad_input \
         fuzzed_scenarios_never_panic -- --nocapture); first:\n{}",
        panics.len(),
        panics[0]
    );
    assert!(
        ok > 0 && rejected > 0,
        "the mutations should hit both outcomes"
    );
}

#[test]
fn partitioner_configs_that_kafka_would_refuse() {
    let mut v = valid();
    v["producers"][0]["config"]["partitioner.class"] = json!("com.example.MyPartitioner");
    assert_error(
        &v,
        "producers[0].config.partitioner.class",
        "cannot be found",
    );
    let mut v = valid();
    v["producers"][0]["config"]["partitioner.ignore.keys"] = json!("sometimes");
    assert_error(
        &v,
        "producers[0].config.partitioner.ignore.keys",
        "expected true or false",
    );
    // The VIP rule of the seed notes needs 10 partitions; orders has 2.
    let mut v = valid();
    v["producers"][0]["config"]["playground.partitioner.rules"] =
        json!([{"key_prefix": "VIP", "partitions": "0-7"}, {"partitions": "8-9"}]);
    assert_error(
        &v,
        "script[0].producer",
        "name partition 9, but topic orders has partitions 0 to 1",
    );
}

#[test]
fn negative_sizes_and_times_name_the_field() {
    for name in [
        "batch.size",
        "buffer.memory",
        "max.request.size",
        "max.block.ms",
        "partitioner.availability.timeout.ms",
    ] {
        let mut v = valid();
        v["producers"][0]["config"][name] = json!(-1);
        assert_error(
            &v,
            &format!("producers[0].config.{name}"),
            "value -1 out of range: must be between 0 and",
        );
    }
}

#[test]
fn unknown_compression_is_kafkas_config_exception() {
    let mut v = valid();
    v["producers"][0]["config"]["compression.type"] = json!("brotli");
    assert_error(
        &v,
        "producers[0].config.compression.type",
        "Invalid value brotli for configuration compression.type: String must be one of: \
         none, gzip, snappy, lz4, zstd",
    );
}

#[test]
fn a_buffer_smaller_than_one_batch_is_refused() {
    // Kafka accepts it and then fails every send() in BufferPool.allocate.
    let mut v = valid();
    v["producers"][0]["config"]["buffer.memory"] = json!(1000);
    assert_error(
        &v,
        "producers[0].config.buffer.memory",
        "Attempt to allocate 16384 bytes, but there is a hard limit of 1000 on memory allocations.",
    );
}
