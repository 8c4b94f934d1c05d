//! What a teacher, a learner or a scenario script can do to the cluster,
//! and the validation that keeps bad input from ever reaching the engine:
//! every error names the field and the rule, and the simulation is left
//! untouched.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::config::{
    indexed, scoped, BrokerConfig, ConfigError, ConsumerConfig, ProducerConfig, TopicConfig,
};
use super::consumer::Consumer;
use super::internal_topic::InternalTopic;
use super::network::NetworkConfig;
use super::producer::Producer;
use super::sim::Simulation;
use super::txn_manager::TxnCall;
use super::types::{BrokerId, NodeId, TimeMs, Tp};

mod read;
mod write;
use crate::engine::sort;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub field: String,
    pub message: String,
}

impl CommandError {
    /// Not inlined: each of the many call sites would get its own copy of
    /// the conversions.
    #[inline(never)]
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        CommandError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, seen from an enclosing field (`script[3]` …); an
    /// index joins without a dot (`topics` + `[0].name`).
    pub fn within(self, prefix: &str) -> Self {
        let field = if self.field.is_empty() {
            prefix.to_string()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            scoped(prefix, &self.field)
        };
        CommandError { field, ..self }
    }
}

impl From<ConfigError> for CommandError {
    fn from(e: ConfigError) -> Self {
        CommandError::new(e.field, e.message)
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for CommandError {}

/// A node named in JSON: `"controller"`, `"broker:2"`, `"producer:1"`, `"consumer:1"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NodeRef(pub String);

impl NodeRef {
    pub fn node(&self) -> Result<NodeId, CommandError> {
        let s = self.0.trim();
        if s == "controller" {
            return Ok(NodeId::Controller);
        }
        let bad = || {
            CommandError::new(
                "",
                format!("'{s}' is not a node: use \"controller\", \"broker:ID\", \"producer:ID\" or \"consumer:ID\""),
            )
        };
        let (kind, id) = s.split_once(':').ok_or_else(bad)?;
        match kind {
            "broker" => id.parse().map(NodeId::Broker).map_err(|_| bad()),
            "producer" => id.parse().map(NodeId::Producer).map_err(|_| bad()),
            "consumer" => id.parse().map(NodeId::Consumer).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

/// Read and written by hand (`read.rs`, `write.rs`), like every command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordSpec {
    pub key: Option<String>,
    pub value: String,
    /// An explicit partition (`new ProducerRecord(topic, partition, …)`).
    pub partition: Option<u32>,
}

/// Read and written by hand (`read.rs`, `write.rs`, for the page's size);
/// serde's derive, kept for tests, writes the same bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    Produce {
        producer: u32,
        topic: String,
        records: Vec<RecordSpec>,
    },
    /// Keeps producing one null-key record every `1000 / per_second` ms
    /// (values `auto-1`, `auto-2`, …); `per_second: 0` stops it.
    AutoProduce {
        producer: u32,
        topic: String,
        per_second: u32,
    },
    /// The broker process is killed (no controlled shutdown).
    Crash {
        broker: BrokerId,
    },
    /// The consumer process is killed: no LeaveGroup, heartbeats stop.
    CrashConsumer {
        consumer: u32,
    },
    /// A new consumer process with the same config (and group.instance.id).
    RestartConsumer {
        consumer: u32,
    },
    /// The application stops (`true`) or resumes calling poll().
    PauseConsumer {
        consumer: u32,
        paused: bool,
    },
    /// `new KafkaConsumer(props)` then `subscribe(topics)` or
    /// `assign(partitions)`, while the cluster runs: built and checked
    /// exactly as a scenario's `consumers[]` entry.
    AddConsumer {
        consumer: u32,
        subscribe: Vec<String>,
        assign: Vec<String>,
        config: BTreeMap<String, Value>,
    },
    /// `consumer.close()`: a graceful leave (commit, revoke, LeaveGroup).
    CloseConsumer {
        consumer: u32,
    },
    Restart {
        broker: BrokerId,
        fast: bool,
    },
    /// Controlled shutdown: leadership moves away before the broker stops.
    Shutdown {
        broker: BrokerId,
    },
    CutLink {
        from: NodeRef,
        to: NodeRef,
        one_way: bool,
    },
    HealLink {
        from: NodeRef,
        to: NodeRef,
        one_way: bool,
    },
    DropRate {
        per_mille: u32,
    },
    Slow {
        node: NodeRef,
        extra_ms: TimeMs,
    },
    CreateTopic {
        name: String,
        partitions: i64,
        replication_factor: i64,
        config: BTreeMap<String, Value>,
    },
    SetTopicConfig {
        topic: String,
        name: String,
        value: Value,
    },
    /// `kafka-topics.sh --alter --partitions N` (CreatePartitions): the new
    /// total, which must be larger (Kafka never removes partitions).
    AddPartitions {
        topic: String,
        partitions: i64,
    },
    /// `producer.initTransactions()`: find the transaction coordinator and
    /// get the producer id and epoch (fencing older instances).
    InitTransactions {
        producer: u32,
    },
    /// `producer.beginTransaction()`.
    BeginTransaction {
        producer: u32,
    },
    /// `producer.commitTransaction()`.
    CommitTransaction {
        producer: u32,
    },
    /// `producer.abortTransaction()`.
    AbortTransaction {
        producer: u32,
    },
}

impl Command {
    /// The producer and call of a transactional command.
    pub fn txn_call(&self) -> Option<(u32, TxnCall)> {
        match *self {
            Command::InitTransactions { producer } => Some((producer, TxnCall::Init)),
            Command::BeginTransaction { producer } => Some((producer, TxnCall::Begin)),
            Command::CommitTransaction { producer } => Some((producer, TxnCall::Commit)),
            Command::AbortTransaction { producer } => Some((producer, TxnCall::Abort)),
            _ => None,
        }
    }

    /// The consumer a consumer command is about.
    pub fn consumer(&self) -> Option<u32> {
        match *self {
            Command::CrashConsumer { consumer }
            | Command::RestartConsumer { consumer }
            | Command::PauseConsumer { consumer, .. }
            | Command::AddConsumer { consumer, .. }
            | Command::CloseConsumer { consumer } => Some(consumer),
            _ => None,
        }
    }

    pub fn validate(&self, sim: &Simulation) -> Result<(), CommandError> {
        self.validate_with(sim, true)
    }

    /// Validation; `txn_state: false` leaves out what depends on a
    /// producer's transaction state (a script is checked for that as a
    /// whole, `txn_manager::ScriptedTransactions`).
    pub fn validate_with(&self, sim: &Simulation, txn_state: bool) -> Result<(), CommandError> {
        let broker = |id: BrokerId| {
            if sim.nodes.brokers.contains_key(&id) {
                Ok(())
            } else {
                Err(CommandError::new(
                    "broker",
                    format!(
                        "unknown broker id {id}; the brokers are {}",
                        sim.nodes
                            .brokers
                            .keys()
                            .map(|b| b.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ))
            }
        };
        let node = |r: &NodeRef, field: &str| -> Result<(), CommandError> {
            let n = r.node().map_err(|e| e.within(field))?;
            let known = match n {
                NodeId::Controller => true,
                NodeId::Broker(b) => sim.nodes.brokers.contains_key(&b),
                NodeId::Producer(p) => sim.nodes.producers.contains_key(&p),
                NodeId::Consumer(c) => sim.nodes.consumers.contains_key(&c),
            };
            if known {
                Ok(())
            } else {
                Err(CommandError::new(field, format!("no such node: {n}")))
            }
        };
        match self {
            Command::Produce {
                producer,
                topic,
                records,
            } => {
                let p = known_producer(sim, *producer)?;
                if let Some(t) = p.txn.as_ref().filter(|_| txn_state) {
                    t.check_send()
                        .map_err(|e| CommandError::new("producer", e))?;
                }
                let n = p.partition_count(topic).or_else(|| {
                    sim.cluster
                        .topics
                        .get(topic)
                        .map(|t| t.partitions.len() as u32)
                });
                let n = n.ok_or_else(|| {
                    CommandError::new("topic", format!("Topic {topic} not present in metadata"))
                })?;
                if records.is_empty() {
                    return Err(CommandError::new(
                        "records",
                        "at least one record is needed",
                    ));
                }
                if let Some(max) = p
                    .config
                    .partitioner
                    .max_rule_partition()
                    .filter(|&m| m >= n)
                {
                    return Err(CommandError::new(
                        "producer",
                        format!("producer {producer}'s playground.partitioner.rules name partition {max}, but topic {topic} has partitions 0 to {}", n - 1),
                    ));
                }
                for (i, r) in records.iter().enumerate() {
                    if let Some(part) = r.partition {
                        if part >= n {
                            // KafkaProducer.waitOnMetadata's message.
                            return Err(CommandError::new(
                                indexed("records", i, ".partition"),
                                format!("Partition {part} of topic {topic} with partition count {n} is not present in metadata"),
                            ));
                        }
                    }
                }
                Ok(())
            }
            Command::AutoProduce {
                producer,
                topic,
                per_second,
            } => {
                if *per_second > 1000 {
                    return Err(CommandError::new(
                        "per_second",
                        format!("{per_second} is above 1000 records per second"),
                    ));
                }
                Command::Produce {
                    producer: *producer,
                    topic: topic.clone(),
                    records: vec![RecordSpec {
                        key: None,
                        value: String::new(),
                        partition: None,
                    }],
                }
                .validate_with(sim, txn_state)
            }
            Command::InitTransactions { producer }
            | Command::BeginTransaction { producer }
            | Command::CommitTransaction { producer }
            | Command::AbortTransaction { producer } => {
                let p = known_producer(sim, *producer)?;
                let (_, call) = self.txn_call().expect("a transactional command");
                let checked = match txn_state {
                    true => p.check_transaction_call(call),
                    false => p
                        .txn
                        .as_ref()
                        .map(|_| ())
                        .ok_or_else(|| super::txn_manager::NOT_TRANSACTIONAL.to_string()),
                };
                checked.map_err(|e| CommandError::new("producer", e))
            }
            Command::CrashConsumer { consumer }
            | Command::PauseConsumer { consumer, .. }
            | Command::CloseConsumer { consumer } => {
                let c = known_consumer(sim, *consumer)?;
                let closing = matches!(self, Command::CloseConsumer { .. });
                if c.crashed {
                    return Err(CommandError::new(
                        "consumer",
                        match closing {
                            true => format!(
                                "consumer {consumer} is down: a crashed process cannot call \
                                 close(); restart it first"
                            ),
                            false => format!("consumer {consumer} is down; restart it first"),
                        },
                    ));
                }
                // A closing consumer can still crash.
                if c.closing.is_some() && !matches!(self, Command::CrashConsumer { .. }) {
                    let already = if closing { "already " } else { "" };
                    return Err(CommandError::new(
                        "consumer",
                        format!("consumer {consumer} is {already}closing"),
                    ));
                }
                Ok(())
            }
            Command::RestartConsumer { consumer } => {
                if !known_consumer(sim, *consumer)?.crashed {
                    return Err(CommandError::new(
                        "consumer",
                        format!("consumer {consumer} is running; crash it first"),
                    ));
                }
                Ok(())
            }
            Command::AddConsumer {
                consumer,
                subscribe,
                assign,
                config,
            } => {
                if sim.nodes.consumers.contains_key(consumer) {
                    return Err(CommandError::new(
                        "consumer",
                        format!("consumer id {consumer} already exists"),
                    ));
                }
                if sim.closed_consumers.contains(consumer) {
                    return Err(CommandError::new(
                        "consumer",
                        format!(
                            "consumer id {consumer} belonged to a consumer that was closed; ids \
                             are not reused ({} is free)",
                            sim.next_consumer_id()
                        ),
                    ));
                }
                let spec = ConsumerSpec::parse(*consumer, assign, subscribe, config)?;
                spec.validate(&|t| sim.cluster.topics.get(t).map(|m| m.partitions.len() as i64))?;
                let offsets = InternalTopic::ConsumerOffsets;
                if spec.config.group_id.is_some()
                    && !sim.cluster.topics.contains_key(offsets.name())
                {
                    offsets.spec(&sim.broker_config, sim.alive_brokers())?;
                }
                Ok(())
            }
            Command::Crash { broker: b } => {
                broker(*b)?;
                if sim.nodes.brokers[b].is_up() {
                    Ok(())
                } else {
                    Err(CommandError::new(
                        "broker",
                        format!("broker {b} is already down"),
                    ))
                }
            }
            Command::Shutdown { broker: b } => {
                broker(*b)?;
                if sim.nodes.brokers[b].status == super::broker::BrokerStatus::Running {
                    Ok(())
                } else {
                    Err(CommandError::new(
                        "broker",
                        format!("broker {b} is not running"),
                    ))
                }
            }
            Command::Restart { broker: b, .. } => {
                broker(*b)?;
                if sim.nodes.brokers[b].is_up() {
                    Err(CommandError::new(
                        "broker",
                        format!("broker {b} is running; crash or shut it down first"),
                    ))
                } else {
                    Ok(())
                }
            }
            Command::CutLink { from, to, .. } | Command::HealLink { from, to, .. } => {
                node(from, "from")?;
                node(to, "to")?;
                if from.node()? == to.node()? {
                    return Err(CommandError::new("to", "a link joins two different nodes"));
                }
                Ok(())
            }
            Command::DropRate { per_mille } => {
                if *per_mille > 1000 {
                    Err(CommandError::new(
                        "per_mille",
                        format!("{per_mille} is above 1000 (all messages)"),
                    ))
                } else {
                    Ok(())
                }
            }
            Command::Slow { node: n, extra_ms } => {
                node(n, "node")?;
                if *extra_ms > 600_000 {
                    return Err(CommandError::new(
                        "extra_ms",
                        "at most 600000 ms (10 minutes)",
                    ));
                }
                Ok(())
            }
            Command::CreateTopic {
                name,
                partitions,
                replication_factor,
                config,
            } => {
                validate_topic_name(name).map_err(|e| e.within("name"))?;
                if sim.cluster.topics.contains_key(name) {
                    return Err(CommandError::new(
                        "name",
                        format!("Topic '{name}' already exists."),
                    ));
                }
                validate_counts(*partitions, *replication_factor, sim.alive_brokers())?;
                TopicConfig::from_map("config", config)?;
                Ok(())
            }
            Command::AddPartitions { topic, partitions } => {
                let current = sim
                    .cluster
                    .topics
                    .get(topic)
                    .map(|t| t.partitions.len() as i64)
                    .ok_or_else(|| {
                        CommandError::new("topic", format!("Topic '{topic}' does not exist."))
                    })?;
                // ReplicationControlManager.createPartitions' messages.
                if *partitions == current {
                    return Err(CommandError::new(
                        "partitions",
                        format!("Topic already has {current} partition(s)."),
                    ));
                }
                if *partitions < current {
                    return Err(CommandError::new(
                        "partitions",
                        format!("The topic {topic} currently has {current} partition(s); {partitions} would not be an increase."),
                    ));
                }
                if *partitions > 1000 {
                    return Err(CommandError::new(
                        "partitions",
                        format!(
                            "Number of partitions must be between 1 and 1000 (got {partitions})."
                        ),
                    ));
                }
                Ok(())
            }
            Command::SetTopicConfig { topic, name, value } => {
                if !sim.cluster.topics.contains_key(topic) {
                    return Err(CommandError::new(
                        "topic",
                        format!("Topic '{topic}' does not exist."),
                    ));
                }
                sim.topic_configs
                    .get(topic.as_str())
                    .cloned()
                    .unwrap_or_default()
                    .with("config", name, value)?;
                Ok(())
            }
        }
    }
}

/// The producer a command names.
fn known_producer(sim: &Simulation, id: u32) -> Result<&Producer, CommandError> {
    sim.nodes
        .producers
        .get(&id)
        .ok_or_else(|| CommandError::new("producer", format!("unknown producer id {id}")))
}

/// The consumer a command names; a closed one is named as such, so that
/// `restart_consumer` says why it cannot bring it back.
fn known_consumer(sim: &Simulation, id: u32) -> Result<&Consumer, CommandError> {
    sim.nodes.consumers.get(&id).ok_or_else(|| {
        let message = match sim.closed_consumers.contains(&id) {
            true => format!(
                "consumer {id} was closed: a closed consumer cannot be restarted or used again \
                 (add_consumer starts a new one)"
            ),
            false => format!("unknown consumer id {id}"),
        };
        CommandError::new("consumer", message)
    })
}

/// Kafka's topic name rule (`Topic.validate`).
pub fn validate_topic_name(name: &str) -> Result<(), CommandError> {
    if name.is_empty() || name == "." || name == ".." {
        return Err(CommandError::new(
            "",
            "Topic name is illegal, it can't be empty, '.' or '..'",
        ));
    }
    if name.len() > 249 {
        return Err(CommandError::new(
            "",
            "Topic name is illegal, it can't be longer than 249 characters",
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
    {
        return Err(CommandError::new(
            "",
            format!("Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"),
        ));
    }
    Ok(())
}

fn validate_counts(partitions: i64, rf: i64, brokers: usize) -> Result<(), CommandError> {
    if partitions <= 0 || partitions > 1000 {
        return Err(CommandError::new(
            "partitions",
            format!("Number of partitions must be between 1 and 1000 (got {partitions})."),
        ));
    }
    if rf <= 0 {
        return Err(CommandError::new(
            "replication_factor",
            format!("Replication factor must be larger than 0 (got {rf})."),
        ));
    }
    if rf as u64 > brokers as u64 {
        return Err(CommandError::new(
            "replication_factor",
            format!("Replication factor: {rf} larger than available brokers: {brokers}."),
        ));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: i64,
    pub replication_factor: i64,
    pub config: TopicConfig,
    /// Explicit replica lists (`--replica-assignment`), else Kafka's placement.
    pub replica_assignment: Option<Vec<Vec<BrokerId>>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerSpec {
    pub id: u32,
    pub config: ProducerConfig,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerSpec {
    pub id: u32,
    pub config: ConsumerConfig,
    pub assignment: Vec<Tp>,
    pub subscription: Vec<String>,
}

impl ConsumerSpec {
    /// `new KafkaConsumer(props)` with `assign()` or `subscribe()`, as a
    /// scenario's `consumers[]` entry and `add_consumer` write it. Fields in
    /// errors are relative to the entry (`config.group.id`, `assign[0]`).
    pub fn parse(
        id: u32,
        assign: &[String],
        subscribe: &[String],
        config: &BTreeMap<String, Value>,
    ) -> Result<Self, CommandError> {
        let mut assignment = Vec::new();
        for (j, s) in assign.iter().enumerate() {
            let tp = Tp::parse(s).ok_or_else(|| {
                CommandError::new(
                    indexed("assign", j, ""),
                    format!("'{s}' is not a partition like \"orders-0\""),
                )
            })?;
            assignment.push(tp);
        }
        Ok(ConsumerSpec {
            id,
            config: ConsumerConfig::from_map("config", config)?,
            assignment,
            subscription: subscribe.to_vec(),
        })
    }

    /// `KafkaConsumer.subscribe` / `assign` rules, checked before start.
    /// `partitions(topic)` counts an existing topic's partitions: assigned
    /// ones must exist, while subscribing to a topic that does not (yet)
    /// exist is allowed, as `subscribe()` allows it. A `dyn`: one copy for
    /// its two callers.
    pub fn validate(&self, partitions: &dyn Fn(&str) -> Option<i64>) -> Result<(), CommandError> {
        if !self.assignment.is_empty() && !self.subscription.is_empty() {
            return Err(CommandError::new(
                "assign",
                "Subscription to topics, partitions and pattern are mutually exclusive",
            ));
        }
        if self.assignment.is_empty() && self.subscription.is_empty() {
            return Err(CommandError::new(
                "subscribe",
                "a consumer needs `assign` (partitions) or `subscribe` (topics)",
            ));
        }
        if !self.subscription.is_empty() && self.config.group_id.is_none() {
            return Err(CommandError::new(
                "config.group.id",
                "To use the group management or offset commit APIs, you must provide a valid \
                 group.id in the consumer configuration.",
            ));
        }
        for (j, t) in self.subscription.iter().enumerate() {
            validate_topic_name(t).map_err(|e| e.within(&indexed("subscribe", j, "")))?;
        }
        for (j, tp) in self.assignment.iter().enumerate() {
            if partitions(&tp.topic).is_none_or(|n| i64::from(tp.partition) >= n) {
                return Err(CommandError::new(
                    indexed("assign", j, ""),
                    format!("no such partition: {tp}"),
                ));
            }
        }
        Ok(())
    }
}

/// A starting cluster, already parsed into typed configs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    pub seed: u64,
    pub brokers: Vec<BrokerId>,
    pub broker_config: BrokerConfig,
    pub network: NetworkConfig,
    pub topics: Vec<TopicSpec>,
    pub producers: Vec<ProducerSpec>,
    pub consumers: Vec<ConsumerSpec>,
}

impl Setup {
    /// Internal topics this cluster needs from the start: `__consumer_offsets`
    /// once any consumer has a `group.id`, `__transaction_state` once any
    /// producer has a `transactional.id`. A topic of that name in the
    /// scenario is taken as it is.
    pub fn internal_topic_specs(&self) -> Result<Vec<TopicSpec>, CommandError> {
        let mut needed = Vec::new();
        if self.consumers.iter().any(|c| c.config.group_id.is_some()) {
            needed.push(InternalTopic::ConsumerOffsets);
        }
        if self
            .producers
            .iter()
            .any(|p| p.config.transactional_id.is_some())
        {
            needed.push(InternalTopic::TransactionState);
        }
        needed
            .into_iter()
            .filter(|t| !self.topics.iter().any(|s| s.name == t.name()))
            .map(|t| t.spec(&self.broker_config, self.brokers.len()))
            .collect()
    }

    pub fn validate(&self) -> Result<(), CommandError> {
        if self.brokers.is_empty() || self.brokers.len() > 12 {
            return Err(CommandError::new(
                "brokers",
                format!("between 1 and 12 brokers (got {})", self.brokers.len()),
            ));
        }
        let mut ids = self.brokers.clone();
        sort::sort(&mut ids);
        ids.dedup();
        if ids.len() != self.brokers.len() {
            return Err(CommandError::new("brokers", "broker ids must be distinct"));
        }
        if ids.iter().any(|&b| b < 0) {
            return Err(CommandError::new(
                "brokers",
                "broker ids must not be negative",
            ));
        }
        for (i, t) in self.topics.iter().enumerate() {
            let at = indexed("topics", i, "");
            validate_topic_name(&t.name).map_err(|e| e.within(&scoped(&at, "name")))?;
            if self.topics[..i].iter().any(|o| o.name == t.name) {
                return Err(CommandError::new(
                    scoped(&at, "name"),
                    format!("Topic '{}' already exists.", t.name),
                ));
            }
            validate_counts(t.partitions, t.replication_factor, self.brokers.len())
                .map_err(|e| e.within(&at))?;
            if let Some(a) = &t.replica_assignment {
                if a.len() as i64 != t.partitions {
                    return Err(CommandError::new(
                        scoped(&at, "replica_assignment"),
                        format!("{} replica lists for {} partitions", a.len(), t.partitions),
                    ));
                }
                for (p, r) in a.iter().enumerate() {
                    let mut s = r.clone();
                    sort::sort(&mut s);
                    s.dedup();
                    if r.len() as i64 != t.replication_factor
                        || s.len() != r.len()
                        || r.iter().any(|b| !self.brokers.contains(b))
                    {
                        return Err(CommandError::new(
                            format!("{at}.replica_assignment[{p}]"),
                            format!("needs {} distinct known broker ids", t.replication_factor),
                        ));
                    }
                }
            }
        }
        let partitions = |topic: &str| {
            self.topics
                .iter()
                .find(|t| t.name == topic)
                .map(|t| t.partitions)
        };
        for (i, c) in self.consumers.iter().enumerate() {
            c.validate(&partitions)
                .map_err(|e| e.within(&indexed("consumers", i, "")))?;
        }
        Ok(())
    }
}
