//! `kafka-sim assign --strategy NAME CASE.json|-`: the assignment a group
//! leader computes with one of Kafka's four assignors, for a case in the
//! format of tests/data/assignor_cases.json:
//!
//! ```json
//! {"topics": {"orders": 3},
//!  "members": {"c1": {"topics": ["orders"], "group_instance_id": null,
//!                     "owned": [["orders", 0]], "generation": 1}}}
//! ```
//!
//! `owned` and `generation` (what the member held, and since which
//! generation) matter to sticky and cooperative-sticky only. Other top-level
//! fields, such as a case's `expected`, are ignored. Prints member → sorted
//! `[topic, partition]` list; for cooperative-sticky every rebalance until
//! one revokes nothing, as `{"rounds": [{"assignment", "revoked"}, …]}`.

use std::collections::{BTreeMap, BTreeSet};

use kafka_playground::engine::assignor::{
    assign, cooperative_rounds, validate_group_instance_id, Assignment, MemberSubscription,
    Strategy,
};
use kafka_playground::engine::command::validate_topic_name;
use kafka_playground::engine::json_path;
use kafka_playground::engine::vec_map::VecMap;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    topics: BTreeMap<String, i64>,
    members: BTreeMap<String, CaseMember>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseMember {
    topics: Vec<String>,
    #[serde(default)]
    group_instance_id: Option<String>,
    #[serde(default)]
    owned: Vec<(String, i64)>,
    #[serde(default)]
    generation: Option<i64>,
}

/// The playground's partition limit (as for `kafka-topics.sh --create`).
const MAX_PARTITIONS: i64 = 1000;

pub fn run(args: &[String]) -> Result<String, String> {
    let (mut strategy, mut path) = (None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--strategy" => {
                let v = it.next().ok_or("--strategy needs an assignor name")?;
                strategy = Some(Strategy::parse(v).map_err(|e| format!("--strategy: {e}"))?);
            }
            flag if flag.starts_with("--") => {
                return Err(format!("assign: unknown option '{flag}'"))
            }
            file if path.is_none() => path = Some(file.to_string()),
            other => return Err(format!("assign: unexpected argument '{other}'")),
        }
    }
    let strategy = strategy
        .ok_or("assign: --strategy range|roundrobin|sticky|cooperative-sticky is required")?;
    let path = path.ok_or("assign needs a case file (or - for stdin)")?;
    let text = crate::read_input(&path)?;
    let (topics, members) = parse_case(&text).map_err(|e| format!("{path}: {e}"))?;
    if strategy == Strategy::CooperativeSticky {
        let rounds: Vec<String> = cooperative_rounds(&topics, &members)
            .iter()
            .map(|r| {
                format!(
                    "    {{\n      \"assignment\": {},\n      \"revoked\": {}\n    }}",
                    assignment_json(&r.assignment, "      "),
                    partitions_json(&r.revoked)
                )
            })
            .collect();
        return Ok(format!(
            "{{\n  \"rounds\": [\n{}\n  ]\n}}\n",
            rounds.join(",\n")
        ));
    }
    Ok(assignment_json(&assign(strategy, &topics, &members), "") + "\n")
}

type Group = (VecMap<String, u32>, Vec<MemberSubscription>);

/// Reads and checks a case; errors name the field.
fn parse_case(text: &str) -> Result<Group, String> {
    // Syntax errors first (with line and column), then shape (with path).
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if !value.is_object() {
        return Err("a case is a JSON object with \"topics\" and \"members\"".into());
    }
    let case: Case = json_path::parse(text).map_err(|e| match e.field.as_str() {
        "" => e.message,
        p => format!("{p}: {}", e.message),
    })?;
    let mut topics = VecMap::new();
    for (name, &count) in &case.topics {
        let field = format!("topics.{name}");
        validate_topic_name(name).map_err(|e| format!("{field}: {}", e.message))?;
        if !(1..=MAX_PARTITIONS).contains(&count) {
            return Err(format!(
                "{field}: partition count must be between 1 and {MAX_PARTITIONS} (got {count})"
            ));
        }
        topics.insert(name.clone(), count as u32);
    }
    if case.members.is_empty() {
        return Err("members: a group has at least one member".into());
    }
    let mut instances: BTreeMap<&str, &str> = BTreeMap::new();
    let mut members = Vec::new();
    for (id, m) in &case.members {
        let field = |name: &str| format!("members.{id}.{name}");
        if id.is_empty() {
            return Err("members: a member id must not be empty".into());
        }
        if m.topics.is_empty() {
            return Err(format!(
                "{}: a member subscribes to at least one topic",
                field("topics")
            ));
        }
        for t in &m.topics {
            validate_topic_name(t).map_err(|e| format!("{}: {}", field("topics"), e.message))?;
        }
        if let Some(instance) = &m.group_instance_id {
            validate_group_instance_id(instance)
                .map_err(|e| format!("{}: {e}", field("group_instance_id")))?;
            if let Some(other) = instances.insert(instance, id) {
                return Err(format!(
                    "{}: {instance} is also {other}'s; the coordinator fences one of two members with the same group.instance.id (FENCED_INSTANCE_ID)",
                    field("group_instance_id")
                ));
            }
        }
        let mut owned = Vec::new();
        for (topic, p) in &m.owned {
            let p = u32::try_from(*p)
                .ok()
                .filter(|&p| p <= i32::MAX as u32)
                .ok_or_else(|| {
                    format!(
                        "{}: partition {p} of {topic} is not a partition number (0 or more)",
                        field("owned")
                    )
                })?;
            owned.push((topic.clone(), p));
        }
        let generation = m
            .generation
            .map(|g| {
                i32::try_from(g).ok().filter(|&g| g >= -1).ok_or_else(|| {
                    format!(
                        "{}: {g} is not a generation id (-1 for none, or more; 32-bit)",
                        field("generation")
                    )
                })
            })
            .transpose()?;
        members.push(MemberSubscription {
            member_id: id.clone(),
            group_instance_id: m.group_instance_id.clone(),
            topics: dedup(&m.topics),
            owned,
            generation,
        });
    }
    Ok((topics, members))
}

/// A subscription is a set (`KafkaConsumer.subscribe` takes a collection).
fn dedup(topics: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    topics.iter().filter(|t| seen.insert(*t)).cloned().collect()
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

fn partitions_json(tps: &[(String, u32)]) -> String {
    let items: Vec<String> = tps
        .iter()
        .map(|(t, p)| format!("[{}, {p}]", json(t)))
        .collect();
    format!("[{}]", items.join(", "))
}

/// One member per line, so an assignment reads at a glance.
fn assignment_json(a: &Assignment, indent: &str) -> String {
    if a.is_empty() {
        return "{}".into();
    }
    let rows: Vec<String> = a
        .iter()
        .map(|(m, tps)| format!("{indent}  {}: {}", json(m), partitions_json(tps)))
        .collect();
    format!("{{\n{}\n{indent}}}", rows.join(",\n"))
}
