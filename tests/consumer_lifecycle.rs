//! Consumers added and closed while the cluster runs (issue #7):
//! `add_consumer` is `new KafkaConsumer(props)` + `subscribe()`/`assign()`,
//! `close_consumer` is `consumer.close()` (ConsumerCoordinator.close: the
//! synchronous auto-commit, onLeavePrepare, then LeaveGroup unless the
//! member is static, KIP-345).

use std::collections::BTreeSet;

use kafka_playground::engine::command::{Command, CommandError};
use kafka_playground::engine::digest::trace_digest;
use kafka_playground::engine::event::{Event, MemberRemovedReason, Revocation, TimedEvent};
use kafka_playground::engine::json_read::FromJson;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::sim::Simulation;
use kafka_playground::engine::timeline::Timeline;
use kafka_playground::engine::types::{NodeId, RecordId, TimeMs, Tp};
use serde_json::{json, Value};

#[path = "support/group_invariants.rs"]
mod group_invariants;

const SESSION_MS: TimeMs = 10_000;
const HEARTBEAT_MS: TimeMs = 3_000;

/// The `config` of a member of `group` (auto-commit on, Kafka's default).
fn config(group: &str, extra: Value) -> Value {
    let mut c = json!({"group.id": group, "auto.offset.reset": "earliest",
                       "session.timeout.ms": SESSION_MS});
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c
}

fn add(at_ms: TimeMs, consumer: u32, extra: Value) -> Value {
    json!({"at_ms": at_ms, "action": "add_consumer", "consumer": consumer,
           "subscribe": ["click_log"], "config": config("es", extra)})
}

fn close(at_ms: TimeMs, consumer: u32) -> Value {
    json!({"at_ms": at_ms, "action": "close_consumer", "consumer": consumer})
}

/// click_log with 2 partitions, a producer writing 20 records a second
/// round-robin, and `consumers` at the start.
fn scenario(consumers: Value, script: Vec<Value>, stop_at_ms: TimeMs) -> Value {
    let mut steps = vec![
        json!({"at_ms": 100, "action": "auto_produce", "producer": 1,
                                "topic": "click_log", "per_second": 20}),
    ];
    steps.extend(script);
    json!({
        "version": 1, "seed": 11, "brokers": [1, 2, 3],
        "broker_config": {"offsets.topic.num.partitions": 3},
        "topics": [{"name": "click_log", "partitions": 2, "replication_factor": 3}],
        "producers": [{"id": 1, "config": {"partitioner.class":
            "org.apache.kafka.clients.producer.RoundRobinPartitioner"}}],
        "consumers": consumers,
        "script": steps,
        "stop_at_ms": stop_at_ms
    })
}

fn first_member(extra: Value) -> Value {
    json!([{"id": 1, "subscribe": ["click_log"], "config": config("es", extra)}])
}

fn run(s: &Value) -> Simulation {
    Scenario::from_json(&s.to_string())
        .and_then(|s| s.run())
        .unwrap_or_else(|e| panic!("rejected: {e}"))
}

fn build(s: &Value) -> Simulation {
    Scenario::from_json(&s.to_string())
        .and_then(|s| s.build())
        .unwrap_or_else(|e| panic!("rejected: {e}"))
}

/// The first event after `from_ms` that `f` picks, with its time.
fn first_after<'a, T>(
    sim: &'a Simulation,
    from_ms: TimeMs,
    f: impl Fn(&'a Event) -> Option<T>,
) -> Option<(TimeMs, T)> {
    sim.trace
        .iter()
        .filter(|t| t.at_ms >= from_ms)
        .find_map(|t| f(&t.event).map(|v| (t.at_ms, v)))
}

/// Members of each completed join, in order.
fn joins(sim: &Simulation) -> Vec<(TimeMs, usize)> {
    sim.trace
        .iter()
        .filter_map(|t| match &t.event {
            Event::JoinCompleted { members, .. } => Some((t.at_ms, members.len())),
            _ => None,
        })
        .collect()
}

/// Every record the group's application got from poll(), with who got it.
fn polled(trace: &[TimedEvent]) -> Vec<(u32, Tp, i64, RecordId)> {
    let mut out = Vec::new();
    for t in trace {
        if let Event::ConsumerFetched {
            consumer,
            tp,
            offset,
            ids,
            ..
        } = &t.event
        {
            for (i, id) in ids.iter().enumerate() {
                out.push((*consumer, tp.clone(), offset + i as i64, *id));
            }
        }
    }
    out
}

fn no_duplicates(sim: &Simulation) {
    let mut seen = BTreeSet::new();
    for (c, tp, offset, id) in polled(&sim.trace) {
        assert!(
            seen.insert(id),
            "record {id:?} ({tp}@{offset}) polled twice, again by consumer {c}"
        );
    }
}

#[test]
fn a_second_and_a_third_consumer_join_a_running_group_and_the_third_is_idle() {
    let sim = run(&scenario(
        first_member(json!({})),
        vec![add(8_000, 2, json!({})), add(16_000, 3, json!({}))],
        26_000,
    ));
    let added: Vec<(TimeMs, u32)> = sim
        .trace
        .iter()
        .filter_map(|t| match &t.event {
            Event::ConsumerAdded {
                consumer, group, ..
            } if group.as_deref() == Some("es") => Some((t.at_ms, *consumer)),
            _ => None,
        })
        .collect();
    assert_eq!(added, vec![(8_000, 2), (16_000, 3)]);
    // Each newcomer's JoinGroup rebalances the group within a heartbeat
    // interval (the others learn it from REBALANCE_IN_PROGRESS).
    let sizes: Vec<usize> = joins(&sim).iter().map(|(_, n)| *n).collect();
    assert_eq!(sizes, vec![1, 2, 3], "{:?}", joins(&sim));
    for ((at, _), added_at) in joins(&sim)[1..].iter().zip([8_000, 16_000]) {
        assert!(
            *at > added_at && *at <= added_at + HEARTBEAT_MS + 100,
            "{at}"
        );
    }
    let owned: Vec<(u32, Vec<Tp>)> = sim
        .nodes
        .consumers
        .iter()
        .map(|(id, c)| (*id, c.assignment.clone()))
        .collect();
    // Range over member ids consumer-es-1-…, -2-…, -3-…: one partition each
    // for the first two, nothing for the third.
    assert_eq!(
        owned,
        vec![
            (1, vec![Tp::new("click_log", 0)]),
            (2, vec![Tp::new("click_log", 1)]),
            (3, vec![]),
        ]
    );
    assert!(sim
        .trace
        .iter()
        .any(|t| matches!(&t.event, Event::PartitionsAssigned { consumer: 3, partitions, .. } if partitions.is_empty())));
    no_duplicates(&sim);
    assert!(group_invariants::group_violations(&sim.trace).is_empty());
}

/// The offsets consumer `c` committed in its close, from the events.
fn closing_commit(sim: &Simulation, c: u32, close_at: TimeMs) -> Vec<(Tp, i64)> {
    first_after(sim, close_at, |e| match e {
        Event::OffsetsCommitted {
            client: NodeId::Consumer(x),
            offsets,
            ..
        } if *x == c => Some(offsets.clone()),
        _ => None,
    })
    .expect("the closing auto-commit is stored")
    .1
}

/// `consumer` reads each partition of `committed` from that commit, after `from_ms`.
fn resumes_from(sim: &Simulation, consumer: u32, from_ms: TimeMs, committed: &[(Tp, i64)]) {
    for (tp, offset) in committed {
        let resumed = first_after(sim, from_ms, |e| match e {
            Event::ConsumerResumed {
                consumer: c,
                tp: t,
                offset,
            } if *c == consumer && t == tp => Some(*offset),
            _ => None,
        });
        assert_eq!(resumed.map(|r| r.1), Some(*offset), "{tp}");
    }
}

#[test]
fn closing_a_member_rebalances_at_once_and_the_survivor_resumes_from_its_commit() {
    let close_at = 12_000;
    let sim = run(&scenario(
        first_member(json!({})),
        vec![add(2_000, 2, json!({})), close(close_at, 2)],
        25_000,
    ));
    let (closing_at, auto_commit) = first_after(&sim, close_at, |e| match e {
        Event::ConsumerClosing {
            consumer: 2,
            auto_commit,
            static_member: false,
            subscribed: true,
            ..
        } => Some(*auto_commit),
        _ => None,
    })
    .expect("close() is called");
    assert!(closing_at == close_at && auto_commit);
    // ConsumerCoordinator.close: the commit first, then onLeavePrepare, then LeaveGroup.
    let committed = closing_commit(&sim, 2, close_at);
    let (commit_at, _) = first_after(&sim, close_at, |e| match e {
        Event::OffsetsCommitted {
            client: NodeId::Consumer(2),
            ..
        } => Some(()),
        _ => None,
    })
    .unwrap();
    let (revoked_at, revoked) = first_after(&sim, close_at, |e| match e {
        Event::PartitionsRevoked {
            consumer: 2,
            partitions,
            how: Revocation::Close,
            ..
        } => Some(partitions.clone()),
        _ => None,
    })
    .expect("onPartitionsRevoked on close");
    assert_eq!(
        committed
            .iter()
            .map(|(tp, _)| tp.clone())
            .collect::<Vec<_>>(),
        revoked
    );
    let (left_at, _) = first_after(&sim, close_at, |e| match e {
        Event::MemberRemoved {
            reason: MemberRemovedReason::LeftGroup(r),
            ..
        } if r == "the consumer is being closed" => Some(()),
        _ => None,
    })
    .expect("LeaveGroup reaches the coordinator");
    let (closed_at, _) = first_after(&sim, close_at, |e| match e {
        Event::ConsumerClosed { consumer: 2 } => Some(()),
        _ => None,
    })
    .expect("close() returns");
    assert!(commit_at <= revoked_at && revoked_at < left_at && left_at < closed_at);
    assert!(closed_at < close_at + 100, "closed at {closed_at}");
    // No session.timeout.ms wait: the survivor rejoins on its next heartbeat.
    let (rejoined_at, members) = *joins(&sim).last().unwrap();
    assert_eq!(members, 1);
    assert!(rejoined_at <= left_at + HEARTBEAT_MS + 100, "{rejoined_at}");
    assert!(!sim.trace.iter().any(|t| matches!(
        &t.event,
        Event::MemberRemoved {
            reason: MemberRemovedReason::SessionTimeout,
            ..
        }
    )));
    // The survivor reads the closed member's partition from its commit.
    resumes_from(&sim, 1, left_at, &committed);
    assert_eq!(sim.nodes.consumers[&1].assignment.len(), 2);
    no_duplicates(&sim);
    // Gone from the cluster view, and it stays gone.
    assert!(!sim.nodes.consumers.contains_key(&2));
    assert!(sim.closed_consumers.contains(&2));
    assert!(!sim
        .trace
        .iter()
        .filter(|t| t.at_ms > closed_at)
        .any(|t| matches!(
            &t.event,
            Event::MessageSent {
                from: NodeId::Consumer(2),
                ..
            }
        )));
    let e = sim
        .validate(&Command::RestartConsumer { consumer: 2 })
        .unwrap_err();
    assert_eq!(e.field, "consumer");
    assert!(e.message.contains("cannot be restarted"), "{e}");
    assert_eq!(sim.next_consumer_id(), 3);
}

#[test]
fn a_closing_static_member_sends_no_leave_group_and_its_partition_waits_for_the_session_timeout() {
    let close_at = 12_000;
    let static_id = |id: &str| json!({"group.instance.id": id});
    let sim = run(&scenario(
        first_member(static_id("es-a")),
        vec![add(2_000, 2, static_id("es-b")), close(close_at, 2)],
        30_000,
    ));
    assert!(first_after(&sim, close_at, |e| match e {
        Event::ConsumerClosing {
            consumer: 2,
            static_member: true,
            ..
        } => Some(()),
        _ => None,
    })
    .is_some());
    let committed = closing_commit(&sim, 2, close_at);
    assert!(!sim.trace.iter().any(|t| matches!(
        &t.event,
        Event::MessageSent {
            api: "LeaveGroup",
            ..
        }
    )));
    let (removed_at, _) = first_after(&sim, close_at, |e| match e {
        Event::MemberRemoved { reason, .. } => Some(reason.clone()),
        _ => None,
    })
    .expect("the coordinator expires the member");
    // The last heartbeat came at most heartbeat.interval.ms before close().
    assert!(
        removed_at >= close_at + SESSION_MS - HEARTBEAT_MS - 100
            && removed_at <= close_at + SESSION_MS + 100,
        "removed at {removed_at}"
    );
    assert!(matches!(
        first_after(&sim, close_at, |e| match e {
            Event::MemberRemoved { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .unwrap()
        .1,
        MemberRemovedReason::SessionTimeout
    ));
    assert!(
        !joins(&sim)
            .iter()
            .any(|(at, _)| *at > close_at && *at < removed_at),
        "no rebalance before the session timeout: {:?}",
        joins(&sim)
    );
    assert!(
        !sim.nodes.consumers.contains_key(&2),
        "close() returned at once"
    );
    resumes_from(&sim, 1, removed_at, &committed);
    no_duplicates(&sim);
}

#[test]
fn a_cooperative_member_also_revokes_everything_when_it_closes() {
    let coop = json!({"partition.assignment.strategy": "cooperative-sticky"});
    let sim = run(&scenario(
        first_member(coop.clone()),
        vec![add(2_000, 2, coop), close(12_000, 2)],
        20_000,
    ));
    let revoked = first_after(&sim, 12_000, |e| match e {
        Event::PartitionsRevoked {
            consumer: 2,
            how,
            partitions,
            ..
        } => Some((*how, partitions.len())),
        _ => None,
    });
    assert_eq!(revoked.map(|r| r.1), Some((Revocation::Close, 1)));
    assert_eq!(sim.nodes.consumers[&1].assignment.len(), 2);
    no_duplicates(&sim);
}

#[test]
fn a_group_added_to_a_cluster_without_one_creates_consumer_offsets_first() {
    let mut s = scenario(json!([]), vec![add(3_000, 1, json!({}))], 12_000);
    let built = build(&s);
    assert!(!built.cluster.topics.contains_key("__consumer_offsets"));
    let sim = run(&s);
    let created = first_after(&sim, 3_000, |e| match e {
        Event::TopicCreated {
            topic, partitions, ..
        } if topic == "__consumer_offsets" => Some(*partitions),
        _ => None,
    });
    assert_eq!(
        created,
        Some((3_000, 3)),
        "as FindCoordinator would create it"
    );
    assert_eq!(sim.nodes.consumers[&1].assignment.len(), 2);
    assert!(!polled(&sim.trace).is_empty());
    // Too few brokers alive for offsets.topic.replication.factor: Kafka's refusal.
    s["brokers"] = json!([1]);
    s["topics"][0]["replication_factor"] = json!(1);
    let e = Scenario::from_json(&s.to_string())
        .and_then(|s| s.build())
        .unwrap_err();
    assert_eq!(
        e.field,
        "script[1].broker_config.offsets.topic.replication.factor"
    );
    assert!(e.message.contains("Number of alive brokers '1'"), "{e}");
}

#[test]
fn subscribing_to_a_topic_that_does_not_exist_is_accepted_as_for_a_scenario_consumer() {
    let nope = json!({"at_ms": 3_000, "action": "add_consumer", "consumer": 2,
                      "subscribe": ["nope"], "config": config("other", json!({}))});
    let sim = run(&scenario(first_member(json!({})), vec![nope], 10_000));
    let c = &sim.nodes.consumers[&2];
    assert!(c.assignment.is_empty() && c.error.is_none());
    // The same consumer in consumers[] behaves the same.
    let from_start = run(&scenario(
        json!([{"id": 2, "subscribe": ["nope"], "config": config("other", json!({}))}]),
        vec![],
        10_000,
    ));
    let c = &from_start.nodes.consumers[&2];
    assert!(c.assignment.is_empty() && c.error.is_none());
}

#[test]
fn an_assigning_consumer_added_later_commits_on_close_without_a_group_rebalance() {
    let assign = json!({"at_ms": 2_000, "action": "add_consumer", "consumer": 2,
                        "assign": ["click_log-0"], "config": config("batch", json!({}))});
    let sim = run(&scenario(
        first_member(json!({})),
        vec![assign, close(9_000, 2)],
        12_000,
    ));
    let committed = closing_commit(&sim, 2, 9_000);
    assert_eq!(committed[0].0, Tp::new("click_log", 0));
    assert!(!sim.trace.iter().any(|t| matches!(
        &t.event,
        Event::MessageSent {
            from: NodeId::Consumer(2),
            api: "LeaveGroup" | "JoinGroup",
            ..
        }
    )));
    assert!(sim.closed_consumers.contains(&2));
}

fn refused(sim: &Simulation, cmd: Value) -> CommandError {
    let cmd = Command::from_json(cmd).expect("a command");
    sim.validate(&cmd).expect_err("refused")
}

#[test]
fn bad_input_names_the_field_and_the_rule() {
    let mut sim = build(&scenario(
        json!([{"id": 1, "subscribe": ["click_log"], "config": config("es", json!({}))},
               {"id": 2, "subscribe": ["click_log"], "config": config("es", json!({}))}]),
        vec![],
        30_000,
    ));
    sim.run_until(5_000);
    let add = |consumer: u32, body: Value| {
        let mut c = json!({"action": "add_consumer", "consumer": consumer});
        c.as_object_mut()
            .unwrap()
            .extend(body.as_object().unwrap().clone());
        c
    };
    let cases = [
        (
            add(
                2,
                json!({"subscribe": ["click_log"], "config": {"group.id": "es"}}),
            ),
            "consumer",
            "consumer id 2 already exists",
        ),
        (
            add(
                3,
                json!({"subscribe": ["click_log"], "config": {"group.idd": "es"}}),
            ),
            "config.group.idd",
            "unknown config name",
        ),
        (
            add(
                3,
                json!({"subscribe": ["click_log"], "config": {"group.id": "es", "heartbeat.interval.ms": 50000}}),
            ),
            "config.heartbeat.interval.ms",
            "Heartbeat must be set lower than the session timeout",
        ),
        (
            add(3, json!({"subscribe": ["click_log"]})),
            "config.group.id",
            "you must provide a valid group.id",
        ),
        (
            add(
                3,
                json!({"subscribe": ["click_log"], "assign": ["click_log-0"], "config": {"group.id": "es"}}),
            ),
            "assign",
            "mutually exclusive",
        ),
        (add(3, json!({})), "subscribe", "a consumer needs"),
        (
            add(3, json!({"assign": ["click_log-7"]})),
            "assign[0]",
            "no such partition: click_log-7",
        ),
        (
            add(3, json!({"assign": ["click_log"]})),
            "assign[0]",
            "is not a partition like",
        ),
        (
            add(
                3,
                json!({"subscribe": ["bad topic"], "config": {"group.id": "es"}}),
            ),
            "subscribe[0]",
            "is illegal",
        ),
        (
            json!({"action": "close_consumer", "consumer": 9}),
            "consumer",
            "unknown consumer id 9",
        ),
    ];
    for (cmd, field, rule) in cases {
        let e = refused(&sim, cmd.clone());
        assert_eq!(e.field, field, "{cmd}: {e}");
        assert!(e.message.contains(rule), "{cmd}: {e}");
    }
    // A crashed process cannot call close(); a closing one cannot close again.
    sim.apply(Command::CrashConsumer { consumer: 2 }).unwrap();
    let e = refused(&sim, json!({"action": "crash_consumer", "consumer": 2}));
    assert_eq!(
        e.to_string(),
        "consumer: consumer 2 is down; restart it first"
    );
    let e = refused(&sim, json!({"action": "close_consumer", "consumer": 2}));
    assert!(
        e.field == "consumer" && e.message.contains("cannot call close()"),
        "{e}"
    );
    sim.apply(Command::CloseConsumer { consumer: 1 }).unwrap();
    // A closing process can still be killed.
    assert_eq!(
        Command::CrashConsumer { consumer: 1 }.validate(&sim),
        Ok(())
    );
    let e = refused(&sim, json!({"action": "close_consumer", "consumer": 1}));
    assert!(
        e.field == "consumer" && e.message.contains("already closing"),
        "{e}"
    );
    sim.run_until(6_000);
    assert!(sim.closed_consumers.contains(&1));
    for cmd in [
        json!({"action": "close_consumer", "consumer": 1}),
        json!({"action": "crash_consumer", "consumer": 1}),
        json!({"action": "restart_consumer", "consumer": 1}),
    ] {
        let e = refused(&sim, cmd.clone());
        assert!(
            e.field == "consumer" && e.message.contains("was closed"),
            "{cmd}: {e}"
        );
    }
    let e = refused(&sim, add(1, json!({"assign": ["click_log-0"]})));
    assert_eq!(e.field, "consumer");
    assert!(e.message.contains("ids are not reused (3 is free)"), "{e}");
    // Unknown fields in the JSON action are refused by name.
    let e =
        Command::from_json(json!({"action": "close_consumer", "consumer": 1, "graceful": true}))
            .unwrap_err();
    assert!(e.to_string().contains("unknown field `graceful`"), "{e}");
}

#[test]
fn a_script_is_checked_in_order_for_consumers_it_adds_and_closes() {
    let bad = |script: Vec<Value>| {
        Scenario::from_json(&scenario(first_member(json!({})), script, 30_000).to_string())
            .and_then(|s| s.build())
            .map(|_| ())
            .unwrap_err()
    };
    let e = bad(vec![add(1_000, 2, json!({})), add(2_000, 2, json!({}))]);
    assert_eq!(e.field, "script[2].consumer");
    assert!(e.message.contains("consumer id 2 already exists"), "{e}");
    let e = bad(vec![add(1_000, 1, json!({}))]);
    assert_eq!(e.field, "script[1].consumer");
    let e = bad(vec![
        close(1_000, 1),
        json!({"at_ms": 2_000, "action": "restart_consumer", "consumer": 1}),
    ]);
    assert_eq!(e.field, "script[2].consumer");
    assert!(
        e.message.contains("closed at this point of the script"),
        "{e}"
    );
    let e = bad(vec![close(1_000, 1), add(2_000, 1, json!({}))]);
    assert_eq!(e.field, "script[2].consumer");
    let crash = |at_ms: TimeMs| json!({"at_ms": at_ms, "action": "crash_consumer", "consumer": 1});
    let e = bad(vec![crash(1_000), close(2_000, 1)]);
    assert_eq!(e.field, "script[2].consumer");
    assert!(
        e.message.contains("down at this point of the script"),
        "{e}"
    );
    let e = bad(vec![crash(1_000), crash(2_000)]);
    assert!(e.message.contains("already down"), "{e}");
    let e = bad(vec![
        json!({"at_ms": 1_000, "action": "restart_consumer", "consumer": 1}),
    ]);
    assert!(
        e.message.contains("running at this point of the script"),
        "{e}"
    );
    // Steps on a consumer the script adds wait until they run.
    let ok = scenario(
        first_member(json!({})),
        vec![
            add(1_000, 2, json!({})),
            json!({"at_ms": 5_000, "action": "crash_consumer", "consumer": 2}),
            json!({"at_ms": 6_000, "action": "restart_consumer", "consumer": 2}),
            close(9_000, 2),
        ],
        12_000,
    );
    let sim = run(&ok);
    assert!(sim.closed_consumers.contains(&2));
}

#[test]
fn time_travel_replays_adds_and_closes_to_the_same_history() {
    let start = build(&scenario(first_member(json!({})), vec![], 40_000));
    let add = |consumer: u32| Command::AddConsumer {
        consumer,
        subscribe: vec!["click_log".into()],
        assign: vec![],
        config: serde_json::from_value(config("es", json!({}))).unwrap(),
    };
    let mut t = Timeline::new(start.clone());
    t.advance_to(4_000);
    t.act(add(2)).unwrap();
    t.advance_to(9_000);
    t.act(add(3)).unwrap();
    t.advance_to(15_000);
    t.act(Command::CloseConsumer { consumer: 1 }).unwrap();
    t.advance_to(25_000);
    let (end, digest) = (t.pos(), trace_digest(t.past()));
    let (nodes, closed) = (t.sim().nodes.clone(), t.sim().closed_consumers.clone());
    assert!(closed.contains(&1) && nodes.consumers.len() == 2);
    for target in [end / 3, end / 2, 0, end] {
        t.seek(target);
    }
    assert_eq!(trace_digest(t.past()), digest);
    assert_eq!(t.sim().nodes, nodes);
    assert_eq!(t.sim().closed_consumers, closed);
    let mut replayed = Timeline::replay(start, t.actions()).unwrap();
    replayed.advance_to(25_000);
    assert_eq!(trace_digest(replayed.past()), digest);
    assert_eq!(replayed.sim().nodes, nodes);
}

#[test]
fn a_close_while_the_coordinator_is_down_retries_its_commit_until_a_new_one_takes_over() {
    let mut sim = build(&scenario(
        first_member(json!({})),
        vec![add(2_000, 2, json!({}))],
        40_000,
    ));
    sim.run_until(11_990);
    let coordinator = sim.nodes.consumers[&2]
        .group
        .as_ref()
        .and_then(|g| g.coordinator)
        .expect("a coordinator");
    sim.apply(Command::Crash {
        broker: coordinator,
    })
    .unwrap();
    sim.run_until(12_000);
    sim.apply(Command::CloseConsumer { consumer: 2 }).unwrap();
    sim.run_until(40_000);
    let retries = sim
        .trace
        .iter()
        .filter(|t| matches!(&t.event, Event::OffsetCommitFailed { consumer: 2, .. }))
        .count();
    assert!(retries > 1, "commitOffsetsSync retries ({retries})");
    let (committed_at, (by, offsets)) = first_after(&sim, 12_000, |e| match e {
        Event::OffsetsCommitted {
            client: NodeId::Consumer(2),
            coordinator,
            offsets,
            ..
        } => Some((*coordinator, offsets.clone())),
        _ => None,
    })
    .expect("the commit lands once a new coordinator leads the group's partition");
    assert_ne!(by, coordinator);
    let (closed_at, _) = first_after(&sim, 12_000, |e| match e {
        Event::ConsumerClosed { consumer: 2 } => Some(()),
        _ => None,
    })
    .unwrap();
    assert!(
        committed_at < closed_at && closed_at < 12_000 + 30_000,
        "{closed_at}"
    );
    assert!(first_after(&sim, committed_at, |e| match e {
        Event::MemberRemoved {
            reason: MemberRemovedReason::LeftGroup(_),
            ..
        } => Some(()),
        _ => None,
    })
    .is_some());
    resumes_from(&sim, 1, closed_at, &offsets);
}

#[test]
fn the_same_run_twice_and_a_clone_taken_mid_close_give_one_history() {
    let s = scenario(
        first_member(json!({})),
        vec![add(2_000, 2, json!({})), close(12_000, 2)],
        20_000,
    );
    assert_eq!(trace_digest(&run(&s).trace), trace_digest(&run(&s).trace));
    let mut sim = build(&s);
    sim.run_until(12_003);
    assert!(
        sim.nodes.consumers[&2].closing.is_some(),
        "close() is under way"
    );
    let mut clone = sim.clone();
    sim.run_until(20_000);
    clone.run_until(20_000);
    assert_eq!(trace_digest(&clone.trace), trace_digest(&sim.trace));
    assert_eq!(clone.nodes, sim.nodes);
    assert_eq!(trace_digest(&sim.trace), trace_digest(&run(&s).trace));
}
