//! Writing a command as JSON by hand (`json_write`): internally tagged, its
//! `action` first, then its fields in declaration order, as serde's derive
//! writes it.

use super::{Command, NodeRef, RecordSpec};
use crate::engine::json_write::{Fields, ToJson};

impl Command {
    /// The `action` a command is written with (`rename_all = "snake_case"`).
    fn action(&self) -> &'static str {
        match self {
            Command::Produce { .. } => "produce",
            Command::AutoProduce { .. } => "auto_produce",
            Command::Crash { .. } => "crash",
            Command::CrashConsumer { .. } => "crash_consumer",
            Command::RestartConsumer { .. } => "restart_consumer",
            Command::PauseConsumer { .. } => "pause_consumer",
            Command::AddConsumer { .. } => "add_consumer",
            Command::CloseConsumer { .. } => "close_consumer",
            Command::Restart { .. } => "restart",
            Command::Shutdown { .. } => "shutdown",
            Command::CutLink { .. } => "cut_link",
            Command::HealLink { .. } => "heal_link",
            Command::DropRate { .. } => "drop_rate",
            Command::Slow { .. } => "slow",
            Command::CreateTopic { .. } => "create_topic",
            Command::SetTopicConfig { .. } => "set_topic_config",
            Command::AddPartitions { .. } => "add_partitions",
            Command::InitTransactions { .. } => "init_transactions",
            Command::BeginTransaction { .. } => "begin_transaction",
            Command::CommitTransaction { .. } => "commit_transaction",
            Command::AbortTransaction { .. } => "abort_transaction",
        }
    }

    /// The command's `action` and fields, into an object that may hold
    /// others before them (a step's `at_ms`).
    pub(crate) fn write_fields(&self, o: &mut Fields) {
        o.field("action", &self.action());
        match self {
            Command::Produce {
                producer,
                topic,
                records,
            } => {
                o.field("producer", producer)
                    .field("topic", topic)
                    .field("records", records);
            }
            Command::AutoProduce {
                producer,
                topic,
                per_second,
            } => {
                o.field("producer", producer)
                    .field("topic", topic)
                    .field("per_second", per_second);
            }
            Command::Crash { broker } | Command::Shutdown { broker } => {
                o.field("broker", broker);
            }
            Command::CrashConsumer { consumer }
            | Command::RestartConsumer { consumer }
            | Command::CloseConsumer { consumer } => {
                o.field("consumer", consumer);
            }
            Command::PauseConsumer { consumer, paused } => {
                o.field("consumer", consumer).field("paused", paused);
            }
            Command::AddConsumer {
                consumer,
                subscribe,
                assign,
                config,
            } => {
                o.field("consumer", consumer)
                    .field("subscribe", subscribe)
                    .field("assign", assign)
                    .field("config", config);
            }
            Command::Restart { broker, fast } => {
                o.field("broker", broker).field("fast", fast);
            }
            Command::CutLink { from, to, one_way } | Command::HealLink { from, to, one_way } => {
                o.field("from", from)
                    .field("to", to)
                    .field("one_way", one_way);
            }
            Command::DropRate { per_mille } => {
                o.field("per_mille", per_mille);
            }
            Command::Slow { node, extra_ms } => {
                o.field("node", node).field("extra_ms", extra_ms);
            }
            Command::CreateTopic {
                name,
                partitions,
                replication_factor,
                config,
            } => {
                o.field("name", name)
                    .field("partitions", partitions)
                    .field("replication_factor", replication_factor)
                    .field("config", config);
            }
            Command::SetTopicConfig { topic, name, value } => {
                o.field("topic", topic)
                    .field("name", name)
                    .field("value", value);
            }
            Command::AddPartitions { topic, partitions } => {
                o.field("topic", topic).field("partitions", partitions);
            }
            Command::InitTransactions { producer }
            | Command::BeginTransaction { producer }
            | Command::CommitTransaction { producer }
            | Command::AbortTransaction { producer } => {
                o.field("producer", producer);
            }
        }
    }
}

impl ToJson for Command {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        self.write_fields(&mut o);
        o.close();
    }
}

impl ToJson for NodeRef {
    fn write_json(&self, out: &mut String) {
        self.0.write_json(out)
    }
}

impl ToJson for RecordSpec {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("key", &self.key)
            .field("value", &self.value)
            .field("partition", &self.partition);
        o.close();
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::json_write::to_string;
    use crate::engine::scenario::Step;
    use crate::engine::timeline::Action;

    /// Alone, in a script step and in the action log (serde's `flatten`).
    #[test]
    fn every_command_is_written_as_serde_writes_it() {
        for command in super::super::read::tests::one_of_each() {
            assert_eq!(
                to_string(&command),
                serde_json::to_string(&command).unwrap()
            );
            let step = Step {
                at_ms: 7,
                command: command.clone(),
            };
            assert_eq!(to_string(&step), serde_json::to_string(&step).unwrap());
            let action = Action {
                pos: 3,
                at_ms: 7,
                command,
            };
            assert_eq!(to_string(&action), serde_json::to_string(&action).unwrap());
        }
    }
}
