//! Reading a command from JSON by hand. serde's derive for an internally
//! tagged enum (`{"action": "crash", "broker": 1}`) buffers every step
//! into its own content tree and generates a visitor per variant per
//! deserializer: a twentieth of the page's wasm (19 KB of gzip). Here the
//! step is read as a `serde_json::Value` (already in the page) and taken
//! apart field by field, with serde's own messages: "missing field
//! `broker`", "unknown field `brokr`, expected one of …", "invalid type".

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::{Command, NodeRef};

/// The action names, in the enum's order (`rename_all = "snake_case"`).
const ACTIONS: &[&str] = &[
    "produce",
    "auto_produce",
    "crash",
    "crash_consumer",
    "restart_consumer",
    "pause_consumer",
    "add_consumer",
    "close_consumer",
    "restart",
    "shutdown",
    "cut_link",
    "heal_link",
    "drop_rate",
    "slow",
    "create_topic",
    "set_topic_config",
    "add_partitions",
    "init_transactions",
    "begin_transaction",
    "commit_transaction",
    "abort_transaction",
];

/// The fields of one step, handed out one by one; what is left at the end
/// was not expected.
struct Fields {
    map: Map<String, Value>,
    expected: &'static [&'static str],
}

impl Fields {
    fn take<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, String> {
        let v = self
            .map
            .remove(name)
            .ok_or_else(|| format!("missing field `{name}`"))?;
        T::deserialize(v).map_err(|e| format!("{name}: {e}"))
    }

    /// A field with `#[serde(default)]`.
    fn or_default<T: DeserializeOwned + Default>(
        &mut self,
        name: &'static str,
    ) -> Result<T, String> {
        match self.map.contains_key(name) {
            true => self.take(name),
            false => Ok(T::default()),
        }
    }

    fn done(self) -> Result<(), String> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(k) => Err(format!(
                "unknown field `{k}`, expected {}",
                one_of(self.expected)
            )),
        }
    }
}

/// serde's wording: "one of `a`, `b`" (or "`a`" alone).
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        1 => quoted[0].clone(),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

impl Command {
    fn from_json(value: Value) -> Result<Command, String> {
        let Value::Object(mut map) = value else {
            return Err("invalid type: expected a step object with an `action`".into());
        };
        let action = match map.remove("action") {
            Some(Value::String(s)) => s,
            Some(_) => return Err("action: invalid type, expected a string".into()),
            None => return Err("missing field `action`".into()),
        };
        let mut f = Fields { map, expected: &[] };
        let command = match action.as_str() {
            "produce" => {
                f.expected = &["producer", "topic", "records"];
                Command::Produce {
                    producer: f.take("producer")?,
                    topic: f.take("topic")?,
                    records: f.take("records")?,
                }
            }
            "auto_produce" => {
                f.expected = &["producer", "topic", "per_second"];
                Command::AutoProduce {
                    producer: f.take("producer")?,
                    topic: f.take("topic")?,
                    per_second: f.take("per_second")?,
                }
            }
            "crash" | "shutdown" => {
                f.expected = &["broker"];
                let broker = f.take("broker")?;
                match action.as_str() {
                    "crash" => Command::Crash { broker },
                    _ => Command::Shutdown { broker },
                }
            }
            "restart" => {
                f.expected = &["broker", "fast"];
                Command::Restart {
                    broker: f.take("broker")?,
                    fast: f.or_default("fast")?,
                }
            }
            "add_consumer" => {
                f.expected = &["consumer", "subscribe", "assign", "config"];
                Command::AddConsumer {
                    consumer: f.take("consumer")?,
                    subscribe: f.or_default("subscribe")?,
                    assign: f.or_default("assign")?,
                    config: f.or_default("config")?,
                }
            }
            "crash_consumer" | "restart_consumer" | "close_consumer" => {
                f.expected = &["consumer"];
                let consumer = f.take("consumer")?;
                match action.as_str() {
                    "crash_consumer" => Command::CrashConsumer { consumer },
                    "close_consumer" => Command::CloseConsumer { consumer },
                    _ => Command::RestartConsumer { consumer },
                }
            }
            "pause_consumer" => {
                f.expected = &["consumer", "paused"];
                Command::PauseConsumer {
                    consumer: f.take("consumer")?,
                    paused: f.take("paused")?,
                }
            }
            "cut_link" | "heal_link" => {
                f.expected = &["from", "to", "one_way"];
                let from: NodeRef = f.take("from")?;
                let to: NodeRef = f.take("to")?;
                let one_way = f.or_default("one_way")?;
                match action.as_str() {
                    "cut_link" => Command::CutLink { from, to, one_way },
                    _ => Command::HealLink { from, to, one_way },
                }
            }
            "drop_rate" => {
                f.expected = &["per_mille"];
                Command::DropRate {
                    per_mille: f.take("per_mille")?,
                }
            }
            "slow" => {
                f.expected = &["node", "extra_ms"];
                Command::Slow {
                    node: f.take("node")?,
                    extra_ms: f.take("extra_ms")?,
                }
            }
            "create_topic" => {
                f.expected = &["name", "partitions", "replication_factor", "config"];
                Command::CreateTopic {
                    name: f.take("name")?,
                    partitions: f.take("partitions")?,
                    replication_factor: f.take("replication_factor")?,
                    config: f.or_default("config")?,
                }
            }
            "set_topic_config" => {
                f.expected = &["topic", "name", "value"];
                Command::SetTopicConfig {
                    topic: f.take("topic")?,
                    name: f.take("name")?,
                    value: f.take("value")?,
                }
            }
            "add_partitions" => {
                f.expected = &["topic", "partitions"];
                Command::AddPartitions {
                    topic: f.take("topic")?,
                    partitions: f.take("partitions")?,
                }
            }
            "init_transactions" | "begin_transaction" | "commit_transaction"
            | "abort_transaction" => {
                f.expected = &["producer"];
                let producer = f.take("producer")?;
                match action.as_str() {
                    "init_transactions" => Command::InitTransactions { producer },
                    "begin_transaction" => Command::BeginTransaction { producer },
                    "commit_transaction" => Command::CommitTransaction { producer },
                    _ => Command::AbortTransaction { producer },
                }
            }
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected {}",
                    one_of(ACTIONS)
                ))
            }
        };
        f.done()?;
        Ok(command)
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Command, D::Error> {
        Command::from_json(Value::deserialize(d)?).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::command::RecordSpec;
    use serde_json::json;

    /// One of each command; the match makes a new variant fail to compile
    /// here until it is read and listed.
    fn one_of_each() -> Vec<Command> {
        let node = |s: &str| NodeRef(s.into());
        let all = vec![
            Command::Produce {
                producer: 1,
                topic: "t".into(),
                records: vec![RecordSpec {
                    key: Some("서울".into()),
                    value: "v".into(),
                    partition: Some(2),
                }],
            },
            Command::AutoProduce {
                producer: 1,
                topic: "t".into(),
                per_second: 10,
            },
            Command::Crash { broker: 1 },
            Command::CrashConsumer { consumer: 2 },
            Command::RestartConsumer { consumer: 2 },
            Command::PauseConsumer {
                consumer: 2,
                paused: true,
            },
            Command::AddConsumer {
                consumer: 4,
                subscribe: vec!["t".into()],
                assign: vec![],
                config: [("group.id".to_string(), json!("g"))].into(),
            },
            Command::CloseConsumer { consumer: 4 },
            Command::Restart {
                broker: 3,
                fast: true,
            },
            Command::Shutdown { broker: 2 },
            Command::CutLink {
                from: node("broker:1"),
                to: node("controller"),
                one_way: true,
            },
            Command::HealLink {
                from: node("broker:1"),
                to: node("producer:1"),
                one_way: false,
            },
            Command::DropRate { per_mille: 5 },
            Command::Slow {
                node: node("broker:2"),
                extra_ms: 30,
            },
            Command::CreateTopic {
                name: "n".into(),
                partitions: 3,
                replication_factor: 2,
                config: [("retention.ms".to_string(), json!(1000))].into(),
            },
            Command::SetTopicConfig {
                topic: "t".into(),
                name: "min.insync.replicas".into(),
                value: json!("2"),
            },
            Command::AddPartitions {
                topic: "t".into(),
                partitions: 4,
            },
            Command::InitTransactions { producer: 1 },
            Command::BeginTransaction { producer: 1 },
            Command::CommitTransaction { producer: 1 },
            Command::AbortTransaction { producer: 1 },
        ];
        for c in &all {
            match c {
                Command::Produce { .. }
                | Command::AutoProduce { .. }
                | Command::Crash { .. }
                | Command::CrashConsumer { .. }
                | Command::RestartConsumer { .. }
                | Command::PauseConsumer { .. }
                | Command::AddConsumer { .. }
                | Command::CloseConsumer { .. }
                | Command::Restart { .. }
                | Command::Shutdown { .. }
                | Command::CutLink { .. }
                | Command::HealLink { .. }
                | Command::DropRate { .. }
                | Command::Slow { .. }
                | Command::CreateTopic { .. }
                | Command::SetTopicConfig { .. }
                | Command::AddPartitions { .. }
                | Command::InitTransactions { .. }
                | Command::BeginTransaction { .. }
                | Command::CommitTransaction { .. }
                | Command::AbortTransaction { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_command_reads_back_what_serde_writes() {
        let all = one_of_each();
        assert_eq!(all.len(), ACTIONS.len());
        for (c, name) in all.iter().zip(ACTIONS) {
            let v = serde_json::to_value(c).unwrap();
            assert_eq!(v["action"], *name);
            let back: Command = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(&back, c, "{v}");
        }
    }

    #[test]
    fn defaults_apply_and_mistakes_are_named() {
        let c: Command = serde_json::from_value(json!({"action": "restart", "broker": 2})).unwrap();
        assert_eq!(
            c,
            Command::Restart {
                broker: 2,
                fast: false
            }
        );
        let err = |v: Value| {
            serde_json::from_value::<Command>(v)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(err(json!({"broker": 1})), "missing field `action`");
        assert_eq!(err(json!({"action": "crash"})), "missing field `broker`");
        assert_eq!(
            err(json!({"action": "crash", "broker": 1, "fast": true})),
            "unknown field `fast`, expected `broker`"
        );
        assert!(err(json!({"action": "crash_consumer", "consumer": -1}))
            .starts_with("consumer: invalid value: integer `-1`"));
        assert!(err(json!({"action": "explode"}))
            .starts_with("unknown variant `explode`, expected one of `produce`"));
        assert!(err(
            json!({"action": "produce", "producer": 1, "topic": "t", "records": [{"val": "x"}]})
        )
        .starts_with("records: unknown field `val`"));
    }
}
