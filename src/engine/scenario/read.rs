//! Reading a scenario file (docs/scenario-format.md) by hand: strict, as
//! serde's `deny_unknown_fields` was, with optional fields defaulted.

use serde_json::Value;

use super::{BrokerList, ConsumerFile, NetworkFile, ProducerFile, Scenario, Step, TopicFile};
use crate::engine::command::{Command, CommandError};
use crate::engine::json_read::{FromJson, Obj, Read};
use crate::engine::network::NetworkConfig;

impl FromJson for Scenario {
    fn from_json(v: Value) -> Read<Scenario> {
        let mut o = Obj::new(
            v,
            "struct Scenario",
            &[
                "version",
                "name",
                "description",
                "seed",
                "brokers",
                "broker_config",
                "network",
                "topics",
                "producers",
                "consumers",
                "script",
                "stop_at_ms",
            ],
        )?;
        let value = Scenario {
            version: o.take("version"),
            name: o.or_default("name"),
            description: o.or_default("description"),
            seed: o.take("seed"),
            brokers: o.take("brokers"),
            broker_config: o.or_default("broker_config"),
            network: o.or_default("network"),
            topics: o.or_default("topics"),
            producers: o.or_default("producers"),
            consumers: o.or_default("consumers"),
            script: o.or_default("script"),
            stop_at_ms: o.take("stop_at_ms"),
        };
        o.done(value)
    }
}

/// `"brokers": 3` or `"brokers": [1, 2, 5]`.
impl FromJson for BrokerList {
    fn from_json(v: Value) -> Read<BrokerList> {
        match v {
            Value::Array(_) => Vec::from_json(v).map(BrokerList::Ids),
            Value::Number(_) => u32::from_json(v).map(BrokerList::Count),
            _ => Err(CommandError::new(
                "",
                "data did not match any variant of untagged enum BrokerList \
                 (a broker count or a list of broker ids)",
            )),
        }
    }
}

impl FromJson for NetworkFile {
    fn from_json(v: Value) -> Read<NetworkFile> {
        let mut o = Obj::new(v, "struct NetworkFile", &["latency_ms", "jitter_ms"])?;
        let default = NetworkConfig::default();
        let value = NetworkFile {
            latency_ms: o.or_else("latency_ms", || default.latency_ms),
            jitter_ms: o.or_else("jitter_ms", || default.jitter_ms),
        };
        o.done(value)
    }
}

impl FromJson for TopicFile {
    fn from_json(v: Value) -> Read<TopicFile> {
        let mut o = Obj::new(
            v,
            "struct TopicFile",
            &[
                "name",
                "partitions",
                "replication_factor",
                "config",
                "replica_assignment",
            ],
        )?;
        let value = TopicFile {
            name: o.take("name"),
            partitions: o.take("partitions"),
            replication_factor: o.take("replication_factor"),
            config: o.or_default("config"),
            replica_assignment: o.or_default("replica_assignment"),
        };
        o.done(value)
    }
}

impl FromJson for ProducerFile {
    fn from_json(v: Value) -> Read<ProducerFile> {
        let mut o = Obj::new(v, "struct ProducerFile", &["id", "config"])?;
        let value = ProducerFile {
            id: o.take("id"),
            config: o.or_default("config"),
        };
        o.done(value)
    }
}

impl FromJson for ConsumerFile {
    fn from_json(v: Value) -> Read<ConsumerFile> {
        let mut o = Obj::new(
            v,
            "struct ConsumerFile",
            &["id", "assign", "subscribe", "config"],
        )?;
        let value = ConsumerFile {
            id: o.take("id"),
            assign: o.or_default("assign"),
            subscribe: o.or_default("subscribe"),
            config: o.or_default("config"),
        };
        o.done(value)
    }
}

/// `at_ms` beside the command's own fields.
impl FromJson for Step {
    fn from_json(v: Value) -> Read<Step> {
        let mut o = Obj::open(v, "a step object")?;
        Ok(Step {
            at_ms: o.take("at_ms"),
            command: Command::from_obj(o)?,
        })
    }
}
