//! Reading a command from JSON by hand (`json_read`): a step is
//! internally tagged (`{"action": "crash", "broker": 1}`), so the action
//! decides which fields the rest of the object may have.

use serde_json::Value;

use super::{Command, CommandError, NodeRef, RecordSpec};
use crate::engine::json_read::{one_of, FromJson, Obj, Read};

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

impl FromJson for Command {
    fn from_json(v: Value) -> Read<Command> {
        Command::from_obj(Obj::open(v, "a step object with an `action`")?)
    }
}

impl Command {
    /// A command from its object's fields (a step's, less its `at_ms`).
    pub(crate) fn from_obj(mut f: Obj) -> Read<Command> {
        let action: String = f.take("action");
        f.check()?;
        let command = match action.as_str() {
            "produce" => {
                f.only(&["producer", "topic", "records"])?;
                Command::Produce {
                    producer: f.take("producer"),
                    topic: f.take("topic"),
                    records: f.take("records"),
                }
            }
            "auto_produce" => {
                f.only(&["producer", "topic", "per_second"])?;
                Command::AutoProduce {
                    producer: f.take("producer"),
                    topic: f.take("topic"),
                    per_second: f.take("per_second"),
                }
            }
            "crash" | "shutdown" => {
                f.only(&["broker"])?;
                let broker = f.take("broker");
                match action.as_str() {
                    "crash" => Command::Crash { broker },
                    _ => Command::Shutdown { broker },
                }
            }
            "restart" => {
                f.only(&["broker", "fast"])?;
                Command::Restart {
                    broker: f.take("broker"),
                    fast: f.or_default("fast"),
                }
            }
            "add_consumer" => {
                f.only(&["consumer", "subscribe", "assign", "config"])?;
                Command::AddConsumer {
                    consumer: f.take("consumer"),
                    subscribe: f.or_default("subscribe"),
                    assign: f.or_default("assign"),
                    config: f.or_default("config"),
                }
            }
            "crash_consumer" | "restart_consumer" | "close_consumer" => {
                f.only(&["consumer"])?;
                let consumer = f.take("consumer");
                match action.as_str() {
                    "crash_consumer" => Command::CrashConsumer { consumer },
                    "close_consumer" => Command::CloseConsumer { consumer },
                    _ => Command::RestartConsumer { consumer },
                }
            }
            "pause_consumer" => {
                f.only(&["consumer", "paused"])?;
                Command::PauseConsumer {
                    consumer: f.take("consumer"),
                    paused: f.take("paused"),
                }
            }
            "cut_link" | "heal_link" => {
                f.only(&["from", "to", "one_way"])?;
                let from: NodeRef = f.take("from");
                let to: NodeRef = f.take("to");
                let one_way = f.or_default("one_way");
                match action.as_str() {
                    "cut_link" => Command::CutLink { from, to, one_way },
                    _ => Command::HealLink { from, to, one_way },
                }
            }
            "drop_rate" => {
                f.only(&["per_mille"])?;
                Command::DropRate {
                    per_mille: f.take("per_mille"),
                }
            }
            "slow" => {
                f.only(&["node", "extra_ms"])?;
                Command::Slow {
                    node: f.take("node"),
                    extra_ms: f.take("extra_ms"),
                }
            }
            "create_topic" => {
                f.only(&["name", "partitions", "replication_factor", "config"])?;
                Command::CreateTopic {
                    name: f.take("name"),
                    partitions: f.take("partitions"),
                    replication_factor: f.take("replication_factor"),
                    config: f.or_default("config"),
                }
            }
            "set_topic_config" => {
                f.only(&["topic", "name", "value"])?;
                Command::SetTopicConfig {
                    topic: f.take("topic"),
                    name: f.take("name"),
                    value: f.take("value"),
                }
            }
            "add_partitions" => {
                f.only(&["topic", "partitions"])?;
                Command::AddPartitions {
                    topic: f.take("topic"),
                    partitions: f.take("partitions"),
                }
            }
            "init_transactions" | "begin_transaction" | "commit_transaction"
            | "abort_transaction" => {
                f.only(&["producer"])?;
                let producer = f.take("producer");
                match action.as_str() {
                    "init_transactions" => Command::InitTransactions { producer },
                    "begin_transaction" => Command::BeginTransaction { producer },
                    "commit_transaction" => Command::CommitTransaction { producer },
                    _ => Command::AbortTransaction { producer },
                }
            }
            other => {
                return Err(CommandError::new(
                    "action",
                    format!("unknown variant `{other}`, expected {}", one_of(ACTIONS)),
                ))
            }
        };
        f.done(command)
    }
}

impl FromJson for NodeRef {
    fn from_json(v: Value) -> Read<NodeRef> {
        String::from_json(v).map(NodeRef)
    }
}

impl FromJson for RecordSpec {
    fn from_json(v: Value) -> Read<RecordSpec> {
        let mut o = Obj::new(v, "struct RecordSpec", &["key", "value", "partition"])?;
        let value = RecordSpec {
            key: o.or_default("key"),
            value: o.take("value"),
            partition: o.or_default("partition"),
        };
        o.done(value)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use serde_json::json;

    /// One of each command; the match makes a new variant fail to compile
    /// here until it is read and listed.
    pub(in crate::engine) fn one_of_each() -> Vec<Command> {
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
            let back = Command::from_json(v.clone()).unwrap();
            assert_eq!(&back, c, "{v}");
        }
    }

    #[test]
    fn defaults_apply_and_mistakes_are_named() {
        let c = Command::from_json(json!({"action": "restart", "broker": 2})).unwrap();
        assert_eq!(
            c,
            Command::Restart {
                broker: 2,
                fast: false
            }
        );
        let err = |v: Value| Command::from_json(v).unwrap_err().to_string();
        assert_eq!(err(json!({"broker": 1})), "missing field `action`");
        assert_eq!(err(json!({"action": "crash"})), "missing field `broker`");
        assert_eq!(
            err(json!({"action": "crash", "broker": 1, "fast": true})),
            "fast: unknown field `fast`, expected `broker`"
        );
        assert!(err(json!({"action": "crash_consumer", "consumer": -1}))
            .starts_with("consumer: invalid value: integer `-1`"));
        assert!(err(json!({"action": "explode"}))
            .starts_with("action: unknown variant `explode`, expected one of `produce`"));
        assert!(err(
            json!({"action": "produce", "producer": 1, "topic": "t", "records": [{"val": "x"}]})
        )
        .starts_with("records[0].val: unknown field `val`"));
        assert_eq!(
            err(json!({"action": 3})),
            "action: invalid type: integer `3`, expected a string"
        );
    }
}
