//! `kafka-sim assign`: Kafka's own assignor cases, fed to the command as they
//! stand in tests/data/assignor_cases.json, give Kafka's results; sticky and
//! cooperative-sticky print what the engine computes (every rebalance for
//! cooperative-sticky); bad input is a clear error naming the field, with
//! exit code 2.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

use kafka_playground::engine::assignor::{
    assign, cooperative_rounds, Assignment, MemberSubscription, Round, Strategy,
};
use kafka_playground::engine::vec_map::VecMap;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Debug, PartialEq)]
struct Rounds {
    rounds: Vec<Round>,
}

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

fn cases() -> Value {
    serde_json::from_str(include_str!("data/assignor_cases.json")).unwrap()
}

fn as_sets(a: &Assignment) -> BTreeMap<&String, BTreeSet<&(String, u32)>> {
    a.iter().map(|(m, tps)| (m, tps.iter().collect())).collect()
}

#[test]
fn assign_gives_kafkas_result_for_every_range_and_roundrobin_case() {
    let cases = cases();
    for case in cases["range_roundrobin_extracted_cases"]
        .as_array()
        .unwrap()
    {
        let id = case["id"].as_str().unwrap();
        let strategy = case["assignor"].as_str().unwrap();
        let (code, out, err) =
            kafka_sim(&["assign", "--strategy", strategy, "-"], &case.to_string());
        let no_topics = case["members"]
            .as_object()
            .unwrap()
            .values()
            .any(|m| m["topics"].as_array().unwrap().is_empty());
        if no_topics {
            assert_eq!(code, 2, "{id}");
            assert!(
                err.contains("a member subscribes to at least one topic"),
                "{id}: {err}"
            );
            continue;
        }
        assert_eq!(code, 0, "{id}: {err}");
        let got: Assignment =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{id}: {e}\n{out}"));
        let expected: Assignment = serde_json::from_value(case["expected"].clone()).unwrap();
        assert_eq!(as_sets(&got), as_sets(&expected), "{id}");
    }
}

fn subscriptions(case: &Value) -> (VecMap<String, u32>, Vec<MemberSubscription>) {
    let topics = serde_json::from_value(case["topics"].clone()).unwrap();
    let members = case["members"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, m)| MemberSubscription {
            member_id: id.clone(),
            group_instance_id: serde_json::from_value(m["group_instance_id"].clone()).unwrap(),
            topics: serde_json::from_value(m["topics"].clone()).unwrap(),
            owned: serde_json::from_value(m["owned"].clone()).unwrap(),
            generation: serde_json::from_value(m["generation"].clone()).unwrap(),
        })
        .collect();
    (topics, members)
}

#[test]
fn assign_prints_the_engines_sticky_assignment_and_every_cooperative_rebalance() {
    let dir = env!("CARGO_TARGET_TMPDIR");
    let cases = cases();
    for (i, case) in cases["sticky_scenarios_from_kafka_tests"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let id = case["id"].as_str().unwrap();
        // From a file this time (stdin is covered above).
        let path = format!("{dir}/sticky-case-{i}.json");
        std::fs::write(&path, case.to_string()).unwrap();
        let (topics, members) = subscriptions(case);

        let (code, out, err) = kafka_sim(&["assign", "--strategy", "sticky", &path], "");
        assert_eq!(code, 0, "{id}: {err}");
        let got: Assignment = serde_json::from_str(&out).unwrap();
        assert_eq!(got, assign(Strategy::Sticky, &topics, &members), "{id}");

        let class = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
        let (code, out, err) = kafka_sim(&["assign", "--strategy", class, &path], "");
        assert_eq!(code, 0, "{id}: {err}");
        let got: Rounds = serde_json::from_str(&out).unwrap();
        let expected = cooperative_rounds(&topics, &members);
        assert_eq!(got.rounds, expected, "{id}");
        assert!(got.rounds.last().unwrap().revoked.is_empty(), "{id}");
    }
}

#[test]
fn assign_rejects_bad_input_clearly() {
    let good = r#"{"topics": {"t": 2}, "members": {"a": {"topics": ["t"]}}}"#;
    let member = |m: &str| format!(r#"{{"topics": {{"t": 2}}, "members": {{"a": {m}}}}}"#);
    let cases: Vec<(Vec<&str>, String, &str)> = vec![
        (vec!["assign", "-"], good.into(), "--strategy range|roundrobin|sticky|cooperative-sticky is required"),
        (vec!["assign", "--strategy", "fair", "-"], good.into(), "Invalid value fair for configuration partition.assignment.strategy"),
        (vec!["assign", "--strategy", "range"], good.into(), "needs a case file"),
        (vec!["assign", "--strategy", "range", "--fast", "-"], good.into(), "unknown option '--fast'"),
        (vec!["assign", "--strategy", "range", "/no/such/case.json"], good.into(), "/no/such/case.json: "),
        (vec!["assign", "--strategy", "range", "-"], "{\"topics\": ".into(), "EOF while parsing"),
        (vec!["assign", "--strategy", "range", "-"], "[]".into(), "a case is a JSON object"),
        (vec!["assign", "--strategy", "range", "-"], r#"{"topics": {"t": -1}, "members": {"a": {"topics": ["t"]}}}"#.into(), "topics.t: partition count must be between 1 and 1000 (got -1)"),
        (vec!["assign", "--strategy", "range", "-"], r#"{"topics": {"t": 2}, "members": {}}"#.into(), "members: a group has at least one member"),
        (vec!["assign", "--strategy", "range", "-"], member(r#"{"topics": []}"#), "members.a.topics: a member subscribes to at least one topic"),
        (vec!["assign", "--strategy", "range", "-"], member(r#"{"topics": ["t"], "genration": 1}"#), "members.a.genration: unknown field"),
        (vec!["assign", "--strategy", "sticky", "-"], member(r#"{"topics": ["t"], "owned": [["t", -1]]}"#), "members.a.owned: partition -1 of t is not a partition number"),
        (vec!["assign", "--strategy", "sticky", "-"], member(r#"{"topics": ["t"], "generation": -2}"#), "members.a.generation: -2 is not a generation id"),
        (vec!["assign", "--strategy", "range", "-"], member(r#"{"topics": ["t"], "group_instance_id": "서울"}"#), "members.a.group_instance_id: Group instance id \"서울\" is illegal"),
        (vec!["assign", "--strategy", "range", "-"], member(r#"{"topics": "t"}"#), "members.a.topics: invalid type"),
        (
            vec!["assign", "--strategy", "range", "-"],
            r#"{"topics": {"t": 2}, "members": {"a": {"topics": ["t"], "group_instance_id": "i"}, "b": {"topics": ["t"], "group_instance_id": "i"}}}"#.into(),
            "members.b.group_instance_id: i is also a's",
        ),
    ];
    for (args, stdin, says) in &cases {
        let (code, out, err) = kafka_sim(args, stdin);
        assert_eq!(code, 2, "{args:?} {stdin}: {out}");
        assert!(err.contains(says), "{args:?} {stdin}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
