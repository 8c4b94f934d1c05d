//! `kafka-sim consumer-groups`: `--describe` prints what
//! `kafka-consumer-groups.sh` prints at that moment of the run, stdout and
//! stderr as `ConsumerGroupCommand` splits them; `--lag-json` prints the
//! lag history; bad arguments are clear errors with exit code 2.

use std::io::Write;
use std::process::{Command, Stdio};

use kafka_playground::engine::internal_topic::{coordinator_partition, InternalTopic};
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::types::Tp;
use serde_json::{json, Value};

const SCENARIO: &str = include_str!("../scenarios/group-two-consumers.json");

fn kafka_sim(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafka-sim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kafka-sim runs");
    // A command refused before it reads stdin closes the pipe early.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn describe(extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "consumer-groups",
        "-",
        "--describe",
        "--group",
        "elasticsearch",
    ];
    args.extend_from_slice(extra);
    kafka_sim(&args, SCENARIO)
}

/// Splits a printed row at runs of spaces (no cell here contains one).
fn cells(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

#[test]
fn offsets_view_at_the_end_of_the_run() {
    let (code, out, err) = describe(&[]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.split('\n').collect();
    // "\n" + header, one "\n" + row per partition, then println().
    assert_eq!(lines.len(), 5, "{out:?}");
    assert_eq!(lines[0], "");
    assert_eq!(lines[4], "");
    assert_eq!(
        cells(lines[1]),
        [
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID"
        ]
    );
    for (row, partition) in lines[2..4].iter().zip(["0", "1"]) {
        let c = cells(row);
        assert_eq!(&c[..3], ["elasticsearch", "click_log", partition]);
        let (current, end, lag): (i64, i64, i64) = (
            c[3].parse().unwrap(),
            c[4].parse().unwrap(),
            c[5].parse().unwrap(),
        );
        assert_eq!(lag, end - current);
        assert!(
            c[6].starts_with(&format!("{}-", c[8])),
            "member id from client id"
        );
        assert_eq!(c[7], "/127.0.0.1");
        // Columns are padded to the widest value: the header lines up.
        assert_eq!(row.find(c[6]), lines[1].find("CONSUMER-ID"));
    }
}

#[test]
fn members_and_state_views() {
    let (code, out, err) = describe(&["--members"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        cells(lines[1]),
        ["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"]
    );
    assert!(lines[2..]
        .iter()
        .all(|l| l.ends_with(' ') && cells(l)[4] == "1"));

    let (code, out, _) = describe(&["--state"]);
    assert_eq!(code, 0);
    // The coordinator is the leader of the group's __consumer_offsets partition.
    let sim = Scenario::from_json(SCENARIO).unwrap().run().unwrap();
    let p = coordinator_partition("elasticsearch", 3);
    let tp = Tp::new(InternalTopic::ConsumerOffsets.name(), p);
    let id = sim.nodes.controller.partitions[&tp].leader.unwrap();
    let coordinator = format!("localhost:{}  ({id})", 9091 + id);
    assert_eq!(
        out,
        format!(
            "\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS\
             \nelasticsearch   {coordinator:<25} range                Stable               2\n"
        )
    );
}

#[test]
fn while_rebalancing_and_for_an_unknown_group() {
    // At 1 s the group waits out group.initial.rebalance.delay.ms (3 s)
    // and nothing is committed yet: only the warning, on stderr.
    let (code, out, err) = describe(&["--at", "1000"]);
    assert_eq!(code, 0);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "\nWarning: Consumer group 'elasticsearch' is rebalancing.\n"
    );
    let (code, out, err) = kafka_sim(
        &["consumer-groups", "-", "--describe", "--group", "nobody"],
        SCENARIO,
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "\nError: Consumer group 'nobody' does not exist.\n", "")
    );
}

#[test]
fn a_coordinator_that_is_down_times_out_as_the_admin_client_does() {
    // One __consumer_offsets partition without replicas, on broker 1.
    let scenario = json!({
        "version": 1, "seed": 3, "brokers": [1, 2, 3],
        "broker_config": {"offsets.topic.num.partitions": 1, "offsets.topic.replication.factor": 1},
        "topics": [{"name": "click_log", "partitions": 2, "replication_factor": 3}],
        "producers": [{"id": 1}],
        "consumers": [{"id": 1, "subscribe": ["click_log"],
                       "config": {"group.id": "es", "auto.offset.reset": "earliest"}}],
        "script": [{"at_ms": 8000, "action": "crash", "broker": 1}],
        "stop_at_ms": 30000
    })
    .to_string();
    let run = |at: &str| {
        kafka_sim(
            &[
                "consumer-groups",
                "-",
                "--describe",
                "--group",
                "es",
                "--state",
                "--at",
                at,
            ],
            &scenario,
        )
    };
    let (code, out, _) = run("7000");
    assert_eq!(code, 0);
    assert!(
        out.contains("localhost:9092  (1)") && out.contains("Stable"),
        "{out}"
    );
    // Just after the crash the metadata still names broker 1: connecting fails.
    let (code, out, err) = run("8500");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "\nError: Executing consumer group command failed due to \
         org.apache.kafka.common.errors.TimeoutException: \
         Call(callName=describeConsumerGroups(api=DESCRIBE_GROUPS), deadlineMs=13500, \
         tries=8, nextAllowedTryMs=14000) timed out at 13500 after 8 attempt(s)\n"
    );
    assert!(
        err.contains("Connection to node 1 (localhost/127.0.0.1:9092) could not be established")
    );
    // Once the controller fenced it, the partition has no leader at all.
    let (_, out, err) = run("30000");
    assert!(out.contains("api=FIND_COORDINATOR"), "{out}");
    assert!(err.ends_with(
        "Caused by: org.apache.kafka.common.errors.CoordinatorNotAvailableException: \
         The coordinator is not available.\n"
    ));
}

#[test]
fn lag_json_has_the_series_burrow_and_records_lag_max() {
    let (code, out, err) = kafka_sim(
        &[
            "consumer-groups",
            "-",
            "--lag-json",
            "--group",
            "elasticsearch",
        ],
        SCENARIO,
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["group"], "elasticsearch");
    assert_eq!(v["at_ms"], 20000);
    let partitions = v["partitions"].as_array().unwrap();
    assert_eq!(partitions.len(), 2);
    for p in partitions {
        for point in p["points"].as_array().unwrap() {
            if let (Some(end), Some(c)) = (
                point["log_end_offset"].as_i64(),
                point["committed"].as_i64(),
            ) {
                assert_eq!(point["lag"].as_i64(), Some(end - c));
            }
        }
    }
    assert!(["OK", "WARN", "ERR"].contains(&v["burrow"]["status"].as_str().unwrap()));
    assert!(v["burrow"]["partitions"][0]["rule"].is_string());
    let lag_max = v["records_lag_max"].as_object().unwrap();
    assert_eq!(lag_max.keys().collect::<Vec<_>>(), ["1", "2"]);
    assert!(
        v["pauses"].as_array().unwrap().is_empty(),
        "one rebalance, nobody owned anything before"
    );
}

#[test]
fn bad_arguments_are_errors() {
    let bad = |args: &[&str]| {
        let (code, out, err) = kafka_sim(args, SCENARIO);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        err
    };
    assert!(bad(&["consumer-groups", "-", "--group", "g"]).contains("exactly one action"));
    assert!(bad(&["consumer-groups", "-", "--describe"]).contains("takes one of these options"));
    assert!(bad(&[
        "consumer-groups",
        "-",
        "--describe",
        "--group",
        "g",
        "--members",
        "--state"
    ])
    .contains("at most one of these options"));
    assert!(bad(&[
        "consumer-groups",
        "-",
        "--lag-json",
        "--group",
        "g",
        "--members"
    ])
    .contains("can only be used with [describe]"));
    assert!(bad(&[
        "consumer-groups",
        "-",
        "--describe",
        "--group",
        "g",
        "--at",
        "-5"
    ])
    .contains("--at: '-5' is not a time in ms"));
    assert!(
        bad(&["consumer-groups", "--describe", "--group", "g"]).contains("needs a scenario file")
    );
    assert!(bad(&[
        "consumer-groups",
        "-",
        "--describe",
        "--group",
        "g",
        "--verbose"
    ])
    .contains("unknown option '--verbose'"));
    let (code, _, err) = kafka_sim(
        &["consumer-groups", "-", "--describe", "--group", "g"],
        "{\"version\": 1}",
    );
    assert_eq!(code, 2);
    assert!(err.contains("-: "), "{err}");
}
