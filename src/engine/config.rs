//! Configuration by Kafka's own names and defaults (Kafka 3.9 / 4.0 source,
//! see tests/data/defaults.json). Values may be JSON numbers, booleans or
//! the strings a `.properties` file would hold. Unknown names, wrong types
//! and out-of-range values are errors that name the field.

use std::collections::BTreeMap;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::assignor::{parse_strategy_list, Strategy, DEFAULT_STRATEGIES};
use super::compression::Codec;
use super::isolation::IsolationLevel;
use super::partitioner::PartitionerConfig;
use crate::engine::vec_map::{VecMap, VecSet};

use super::types::TimeMs;

/// A configuration problem, phrased for the learner: which field, which rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

impl ConfigError {
    /// Not inlined: each of the many call sites would get its own copy of
    /// the conversions.
    #[inline(never)]
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// `scope.name`, the path of a setting in an error. One shared copy: written
/// inline, each of the many `format!`s is its own argument-building code.
#[inline(never)]
pub fn scoped(scope: &str, name: &str) -> String {
    format!("{scope}.{name}")
}

/// `list[i]rest`, the path of a list item (`rest` goes on into it:
/// `".config"`, or `""`); one shared copy, as for [`scoped`].
#[inline(never)]
pub fn indexed(list: &str, i: usize, rest: &str) -> String {
    format!("{list}[{i}]{rest}")
}

/// Reads typed settings out of a name → value map and, at the end, rejects
/// any name nobody asked for (a typo must not be silently ignored).
///
/// A bad value does not end the reading: the reader keeps the first error
/// and hands out the default, and [`Self::check`] or [`Self::finish`]
/// report it. One `?` per config then replaces one per setting, each of
/// which was its own copy of the error-passing code.
pub struct ConfigReader<'a> {
    scope: &'a str,
    map: &'a BTreeMap<String, Value>,
    known: VecSet<&'static str>,
    error: Option<ConfigError>,
}

impl<'a> ConfigReader<'a> {
    pub fn new(scope: &'a str, map: &'a BTreeMap<String, Value>) -> Self {
        ConfigReader {
            scope,
            map,
            known: VecSet::new(),
            error: None,
        }
    }

    fn field(&self, name: &str) -> String {
        scoped(self.scope, name)
    }

    /// Keeps `message` about `name` unless an earlier setting failed.
    fn fail(&mut self, name: &str, message: String) {
        if self.error.is_none() {
            self.error = Some(ConfigError::new(self.field(name), message));
        }
    }

    pub fn raw(&mut self, name: &'static str) -> Option<&'a Value> {
        self.known.insert(name);
        self.map.get(name)
    }

    pub fn int(&mut self, name: &'static str, default: i64, min: i64, max: i64) -> i64 {
        let Some(v) = self.raw(name) else {
            return default;
        };
        let n = match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        let message = match n {
            None => format!("expected a whole number, got {v}"),
            Some(n) if n < min || n > max => {
                format!("value {n} out of range: must be between {min} and {max}")
            }
            Some(n) => return n,
        };
        self.fail(name, message);
        default
    }

    pub fn ms(&mut self, name: &'static str, default: TimeMs) -> TimeMs {
        self.int(name, default as i64, 0, i64::from(i32::MAX)) as TimeMs
    }

    pub fn bool(&mut self, name: &'static str, default: bool) -> bool {
        let Some(v) = self.raw(name) else {
            return default;
        };
        match v {
            Value::Bool(b) => *b,
            Value::String(s) if s.eq_ignore_ascii_case("true") => true,
            Value::String(s) if s.eq_ignore_ascii_case("false") => false,
            _ => {
                self.fail(name, format!("expected true or false, got {v}"));
                default
            }
        }
    }

    pub fn choice(
        &mut self,
        name: &'static str,
        default: &'static str,
        allowed: &[&'static str],
    ) -> &'static str {
        let Some(v) = self.raw(name) else {
            return default;
        };
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        match allowed.iter().copied().find(|a| *a == s) {
            Some(a) => a,
            None => {
                let message = format!("invalid value {v}: must be one of {}", allowed.join(", "));
                self.fail(name, message);
                default
            }
        }
    }

    /// The first bad setting read so far: for a config's own checks, which
    /// come after the settings read before them.
    pub fn check(&mut self) -> Result<(), ConfigError> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// Fails on the first bad setting, then on the first name that is not a
    /// known setting of this scope.
    pub fn finish(mut self) -> Result<(), ConfigError> {
        self.check()?;
        match self.map.keys().find(|k| !self.known.contains(k.as_str())) {
            None => Ok(()),
            Some(k) => Err(ConfigError::new(
                self.field(k),
                format!(
                    "unknown config name; known names here: {}",
                    self.known.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }
}

/// Broker-wide settings (`server.properties`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokerConfig {
    pub replica_lag_time_max_ms: TimeMs,
    pub broker_session_timeout_ms: TimeMs,
    pub broker_heartbeat_interval_ms: TimeMs,
    pub replica_fetch_wait_max_ms: TimeMs,
    pub replica_fetch_backoff_ms: TimeMs,
    pub replica_fetch_max_bytes: i64,
    /// Broker defaults for the topic-level settings below.
    pub min_insync_replicas: i64,
    pub unclean_leader_election_enable: bool,
    /// Internal topics (see `internal_topic.rs`), with Kafka's defaults.
    pub offsets_topic_num_partitions: i64,
    pub offsets_topic_replication_factor: i64,
    pub transaction_state_log_num_partitions: i64,
    pub transaction_state_log_replication_factor: i64,
    pub transaction_state_log_min_isr: i64,
    pub group_min_session_timeout_ms: TimeMs,
    pub group_max_session_timeout_ms: TimeMs,
    pub group_initial_rebalance_delay_ms: TimeMs,
    pub offsets_commit_timeout_ms: TimeMs,
    /// The longest `transaction.timeout.ms` a producer may ask for.
    pub transaction_max_timeout_ms: i64,
    /// How often a transaction coordinator looks for transactions open
    /// longer than their timeout and aborts them.
    pub transaction_abort_interval_ms: TimeMs,
}

impl Default for BrokerConfig {
    fn default() -> Self {
        Self::from_map(&BTreeMap::new()).expect("defaults are valid")
    }
}

impl BrokerConfig {
    pub fn from_map(map: &BTreeMap<String, Value>) -> Result<Self, ConfigError> {
        let mut r = ConfigReader::new("broker_config", map);
        let c = BrokerConfig {
            replica_lag_time_max_ms: r.ms("replica.lag.time.max.ms", 30_000),
            broker_session_timeout_ms: r.ms("broker.session.timeout.ms", 9_000),
            broker_heartbeat_interval_ms: r.ms("broker.heartbeat.interval.ms", 2_000),
            replica_fetch_wait_max_ms: r.ms("replica.fetch.wait.max.ms", 500),
            replica_fetch_backoff_ms: r.ms("replica.fetch.backoff.ms", 1_000),
            replica_fetch_max_bytes: r.int(
                "replica.fetch.max.bytes",
                1_048_576,
                1,
                i64::from(i32::MAX),
            ),
            min_insync_replicas: r.int("min.insync.replicas", 1, 1, i64::from(i32::MAX)),
            unclean_leader_election_enable: r.bool("unclean.leader.election.enable", false),
            offsets_topic_num_partitions: r.int("offsets.topic.num.partitions", 50, 1, 1000),
            offsets_topic_replication_factor: r.int(
                "offsets.topic.replication.factor",
                3,
                1,
                i64::from(i16::MAX),
            ),
            transaction_state_log_num_partitions: r.int(
                "transaction.state.log.num.partitions",
                50,
                1,
                1000,
            ),
            transaction_state_log_replication_factor: r.int(
                "transaction.state.log.replication.factor",
                3,
                1,
                i64::from(i16::MAX),
            ),
            transaction_state_log_min_isr: r.int(
                "transaction.state.log.min.isr",
                2,
                1,
                i64::from(i32::MAX),
            ),
            group_min_session_timeout_ms: r.ms("group.min.session.timeout.ms", 6_000),
            group_max_session_timeout_ms: r.ms("group.max.session.timeout.ms", 1_800_000),
            group_initial_rebalance_delay_ms: r.ms("group.initial.rebalance.delay.ms", 3_000),
            offsets_commit_timeout_ms: r.ms("offsets.commit.timeout.ms", 5_000),
            transaction_max_timeout_ms: r.int(
                "transaction.max.timeout.ms",
                900_000,
                1,
                i64::from(i32::MAX),
            ),
            transaction_abort_interval_ms: r.int(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                10_000,
                1,
                i64::from(i32::MAX),
            ) as TimeMs,
        };
        r.finish()?;
        if c.broker_heartbeat_interval_ms == 0
            || c.broker_heartbeat_interval_ms >= c.broker_session_timeout_ms
        {
            return Err(ConfigError::new(
                "broker_config.broker.heartbeat.interval.ms",
                "must be above 0 and below broker.session.timeout.ms",
            ));
        }
        Ok(c)
    }
}

/// Topic-level settings (`kafka-configs.sh --entity-type topics`). `None`
/// means "not set on the topic: the broker default applies".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicConfig {
    pub min_insync_replicas: Option<i64>,
    pub unclean_leader_election_enable: Option<bool>,
    /// Not a Kafka setting: `false` makes followers of this topic truncate
    /// to their high watermark the way brokers did before KIP-101
    /// (inter.broker.protocol.version < 0.11.0-IV2), to show the bug that
    /// leader epochs fixed.
    pub truncate_by_leader_epoch: bool,
}

impl Default for TopicConfig {
    fn default() -> Self {
        TopicConfig {
            min_insync_replicas: None,
            unclean_leader_election_enable: None,
            truncate_by_leader_epoch: true,
        }
    }
}

pub const LEADER_EPOCH_SWITCH: &str = "playground.truncate.by.leader.epoch";
/// A producer's rule-based partitioner (see `partitioner.rs`).
pub const PARTITIONER_RULES: &str = "playground.partitioner.rules";

impl TopicConfig {
    pub fn from_map(scope: &str, map: &BTreeMap<String, Value>) -> Result<Self, ConfigError> {
        let mut r = ConfigReader::new(scope, map);
        let min_isr = map
            .contains_key("min.insync.replicas")
            .then(|| r.int("min.insync.replicas", 1, 1, i64::from(i32::MAX)));
        let unclean = map
            .contains_key("unclean.leader.election.enable")
            .then(|| r.bool("unclean.leader.election.enable", false));
        let c = TopicConfig {
            min_insync_replicas: min_isr,
            unclean_leader_election_enable: unclean,
            truncate_by_leader_epoch: r.bool(LEADER_EPOCH_SWITCH, true),
        };
        // Register the optional names so `finish` accepts them.
        r.raw("min.insync.replicas");
        r.raw("unclean.leader.election.enable");
        r.finish()?;
        Ok(c)
    }

    /// These settings with `name` set to `value` (`kafka-configs.sh --alter`).
    pub fn with(&self, scope: &str, name: &str, value: &Value) -> Result<TopicConfig, ConfigError> {
        let mut map = self.override_values();
        map.insert(name.to_string(), value.clone());
        TopicConfig::from_map(scope, &map)
    }

    /// [`Self::overrides`] as the JSON values of a topic's `config` map
    /// (inserted one by one: `collect` would instantiate a sort for them).
    pub fn override_values(&self) -> BTreeMap<String, Value> {
        let mut map = BTreeMap::new();
        for (k, v) in self.overrides() {
            map.insert(k, Value::String(v));
        }
        map
    }

    /// The non-default settings, as `kafka-topics.sh --describe` lists them.
    pub fn overrides(&self) -> VecMap<String, String> {
        let mut m = VecMap::new();
        if let Some(v) = self.min_insync_replicas {
            m.insert("min.insync.replicas".into(), v.to_string());
        }
        if let Some(v) = self.unclean_leader_election_enable {
            m.insert("unclean.leader.election.enable".into(), v.to_string());
        }
        if !self.truncate_by_leader_epoch {
            m.insert(LEADER_EPOCH_SWITCH.into(), "false".into());
        }
        m
    }
}

/// A topic's settings with broker defaults filled in: what a broker acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EffectiveTopicConfig {
    pub min_insync_replicas: i64,
    pub unclean_leader_election_enable: bool,
    pub truncate_by_leader_epoch: bool,
}

impl EffectiveTopicConfig {
    pub fn resolve(topic: &TopicConfig, broker: &BrokerConfig) -> Self {
        EffectiveTopicConfig {
            min_insync_replicas: topic
                .min_insync_replicas
                .unwrap_or(broker.min_insync_replicas),
            unclean_leader_election_enable: topic
                .unclean_leader_election_enable
                .unwrap_or(broker.unclean_leader_election_enable),
            truncate_by_leader_epoch: topic.truncate_by_leader_epoch,
        }
    }

    /// `Partition.effectiveMinIsr` (KAFKA-15583, Kafka 3.7+): never more than
    /// the replication factor, so min.insync.replicas > RF cannot block a topic.
    pub fn effective_min_isr(&self, replication_factor: usize) -> usize {
        (self.min_insync_replicas.max(1) as usize).min(replication_factor)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Acks {
    #[serde(rename = "0")]
    None,
    #[serde(rename = "1")]
    Leader,
    #[serde(rename = "all")]
    All,
}

impl Acks {
    pub fn name(self) -> &'static str {
        match self {
            Acks::None => "0",
            Acks::Leader => "1",
            Acks::All => "all",
        }
    }
}

/// Producer settings (ProducerConfig).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProducerConfig {
    pub acks: Acks,
    pub retries: i64,
    pub delivery_timeout_ms: TimeMs,
    pub request_timeout_ms: TimeMs,
    pub retry_backoff_ms: TimeMs,
    pub linger_ms: TimeMs,
    pub batch_size: i64,
    pub metadata_max_age_ms: TimeMs,
    pub partitioner: PartitionerConfig,
    /// `max.in.flight.requests.per.connection`.
    pub max_in_flight: i64,
    /// `buffer.memory`: what all batches waiting or in flight may hold.
    pub buffer_memory: i64,
    /// `max.block.ms`: how long `send()` waits for buffer memory.
    pub max_block_ms: TimeMs,
    /// `max.request.size`: the largest record (serialized) and request.
    pub max_request_size: i64,
    /// `compression.type`.
    pub compression: Codec,
    /// `enable.idempotence` as it ends up: on by default, off without a
    /// word when another setting conflicts and it was not set explicitly.
    pub idempotence: bool,
    /// `transactional.id`: set, the producer is transactional (KIP-98).
    pub transactional_id: Option<String>,
    /// Sent to the coordinator, which refuses a value outside
    /// 1..=`transaction.max.timeout.ms`; the client does not check it.
    pub transaction_timeout_ms: i64,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        Self::from_map("producer", &BTreeMap::new()).expect("defaults are valid")
    }
}

impl ProducerConfig {
    pub fn from_map(scope: &str, map: &BTreeMap<String, Value>) -> Result<Self, ConfigError> {
        let mut r = ConfigReader::new(scope, map);
        let acks = match r.choice("acks", "all", &["all", "-1", "1", "0"]) {
            "0" => Acks::None,
            "1" => Acks::Leader,
            _ => Acks::All,
        };
        let c = ProducerConfig {
            acks,
            retries: r.int("retries", i64::from(i32::MAX), 0, i64::from(i32::MAX)),
            delivery_timeout_ms: r.ms("delivery.timeout.ms", 120_000),
            request_timeout_ms: r.ms("request.timeout.ms", 30_000),
            retry_backoff_ms: r.ms("retry.backoff.ms", 100),
            linger_ms: r.ms("linger.ms", 0),
            batch_size: r.int("batch.size", 16_384, 0, i64::from(i32::MAX)),
            metadata_max_age_ms: r.ms("metadata.max.age.ms", 300_000),
            max_in_flight: r.int(
                "max.in.flight.requests.per.connection",
                5,
                1,
                i64::from(i32::MAX),
            ),
            idempotence: r.bool("enable.idempotence", true),
            buffer_memory: r.int("buffer.memory", 33_554_432, 0, i64::MAX),
            max_block_ms: r.ms("max.block.ms", 60_000),
            max_request_size: r.int("max.request.size", 1_048_576, 0, i64::from(i32::MAX)),
            compression: {
                // A bad setting above is the error, as when each failed at once.
                r.check()?;
                Codec::parse(
                    &scoped(scope, "compression.type"),
                    "compression.type",
                    r.raw("compression.type"),
                )?
            },
            transactional_id: match r.raw("transactional.id") {
                None | Some(Value::Null) => None,
                // ConfigDef.NonEmptyString
                Some(Value::String(s)) if s.is_empty() => return Err(ConfigError::new(
                    scoped(scope, "transactional.id"),
                    "Invalid value  for configuration transactional.id: String must be non-empty",
                )),
                Some(Value::String(s)) => Some(s.clone()),
                Some(other) => {
                    return Err(ConfigError::new(
                        scoped(scope, "transactional.id"),
                        format!("expected a string, got {other}"),
                    ))
                }
            },
            transaction_timeout_ms: r.int(
                "transaction.timeout.ms",
                60_000,
                i64::from(i32::MIN),
                i64::from(i32::MAX),
            ),
            partitioner: {
                let ignore = r.bool("partitioner.ignore.keys", false);
                let adaptive = r.bool("partitioner.adaptive.partitioning.enable", true);
                let timeout = r.ms("partitioner.availability.timeout.ms", 0);
                let class = r.raw("partitioner.class").filter(|v| !v.is_null());
                let rules = r.raw(PARTITIONER_RULES);
                r.check()?;
                PartitionerConfig {
                    adaptive,
                    availability_timeout_ms: timeout,
                    ..PartitionerConfig::parse(scope, class, rules, ignore)?
                }
            },
        };
        r.finish()?;
        let mut c = c;
        c.idempotence = idempotence(scope, map.contains_key("enable.idempotence"), &c)?;
        if c.delivery_timeout_ms < c.linger_ms + c.request_timeout_ms {
            // KafkaProducer.configureDeliveryTimeout's ConfigException.
            return Err(ConfigError::new(
                scoped(scope, "delivery.timeout.ms"),
                "should be equal to or larger than linger.ms + request.timeout.ms",
            ));
        }
        if c.request_timeout_ms == 0 {
            return Err(ConfigError::new(
                scoped(scope, "request.timeout.ms"),
                "must be at least 1",
            ));
        }
        let batch = c.batch_size.max(1);
        if batch > c.buffer_memory {
            // Kafka takes this config, then every send() throws.
            return Err(ConfigError::new(
                scoped(scope, "buffer.memory"),
                format!(
                    "{} is smaller than batch.size {batch}: every send() would fail with \
                     BufferPool.allocate's IllegalArgumentException \"Attempt to allocate {batch} \
                     bytes, but there is a hard limit of {} on memory allocations.\"",
                    c.buffer_memory, c.buffer_memory
                ),
            ));
        }
        Ok(c)
    }
}

/// `ProducerConfig.postProcessAndValidateIdempotenceConfigs`: an explicit
/// `enable.idempotence=true` that conflicts is a ConfigException with
/// Kafka's text; the default quietly gives way (Kafka 3.2+).
fn idempotence(scope: &str, explicit: bool, c: &ProducerConfig) -> Result<bool, ConfigError> {
    let conflict = if c.max_in_flight > 5 {
        Some((
            "max.in.flight.requests.per.connection",
            "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.",
        ))
    } else if c.retries == 0 {
        Some((
            "retries",
            "Must set retries to non-zero when using the idempotent producer.",
        ))
    } else if c.acks != Acks::All {
        Some((
            "acks",
            "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
        ))
    } else {
        None
    };
    let on = match (c.idempotence, explicit, conflict) {
        (true, true, Some((name, message))) => {
            return Err(ConfigError::new(scoped(scope, name), message))
        }
        (true, false, Some(_)) => false,
        (on, _, _) => on,
    };
    // Checked after the conflicts, which may have turned idempotence off.
    if !on && c.transactional_id.is_some() {
        return Err(ConfigError::new(
            scoped(scope, "transactional.id"),
            "Cannot set a transactional.id without also enabling idempotence.",
        ));
    }
    Ok(on)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetReset {
    Earliest,
    Latest,
    None,
}

/// Consumer settings (ConsumerConfig) used by the assign-mode consumer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerConfig {
    /// `group.id`: `None` (Kafka's default, null) is a consumer without a
    /// group, which can only `assign` partitions and cannot commit.
    pub group_id: Option<String>,
    /// `group.instance.id`: a static member (KIP-345).
    pub group_instance_id: Option<String>,
    pub session_timeout_ms: TimeMs,
    pub heartbeat_interval_ms: TimeMs,
    pub max_poll_interval_ms: TimeMs,
    pub enable_auto_commit: bool,
    pub auto_commit_interval_ms: TimeMs,
    /// `partition.assignment.strategy`, most preferred first.
    pub assignors: Vec<Strategy>,
    /// How the application commits when auto-commit is off (not a Kafka
    /// setting: the code a learner would write around poll()).
    pub commit_mode: CommitMode,
    /// Not a Kafka setting: how long the application spends on each record
    /// (what makes a consumer fall behind, i.e. lag).
    pub processing_ms_per_record: TimeMs,
    pub auto_offset_reset: OffsetReset,
    pub fetch_max_wait_ms: TimeMs,
    pub max_poll_records: i64,
    pub request_timeout_ms: TimeMs,
    pub retry_backoff_ms: TimeMs,
    pub isolation_level: IsolationLevel,
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        Self::from_map("consumer", &BTreeMap::new()).expect("defaults are valid")
    }
}

impl ConsumerConfig {
    pub fn from_map(scope: &str, map: &BTreeMap<String, Value>) -> Result<Self, ConfigError> {
        let mut r = ConfigReader::new(scope, map);
        let reset = match r.choice(
            "auto.offset.reset",
            "latest",
            &["latest", "earliest", "none"],
        ) {
            "earliest" => OffsetReset::Earliest,
            "none" => OffsetReset::None,
            _ => OffsetReset::Latest,
        };
        r.check()?;
        let group_id =
            match r.raw("group.id") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if s.trim().is_empty() => return Err(ConfigError::new(
                    scoped(scope, "group.id"),
                    "INVALID_GROUP_ID (24): The configured groupId is invalid (an empty group.id \
                     cannot join a group or commit offsets; leave it unset for a consumer \
                     without a group).",
                )),
                Some(Value::String(s)) => Some(s.clone()),
                Some(other) => {
                    return Err(ConfigError::new(
                        scoped(scope, "group.id"),
                        format!("expected a string, got {other}"),
                    ))
                }
            };
        let group_instance_id = match r.raw("group.instance.id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => {
                crate::engine::assignor::validate_group_instance_id(s)
                    .map_err(|e| ConfigError::new(scoped(scope, "group.instance.id"), e))?;
                Some(s.clone())
            }
            Some(other) => {
                return Err(ConfigError::new(
                    scoped(scope, "group.instance.id"),
                    format!("expected a string, got {other}"),
                ))
            }
        };
        let strategies = match r.raw("partition.assignment.strategy") {
            None => DEFAULT_STRATEGIES.to_vec(),
            Some(Value::String(s)) => parse_strategy_list(s)
                .map_err(|e| ConfigError::new(scoped(scope, "partition.assignment.strategy"), e))?,
            Some(Value::Array(items)) => {
                let joined: Vec<String> = items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .collect();
                parse_strategy_list(&joined.join(",")).map_err(|e| {
                    ConfigError::new(scoped(scope, "partition.assignment.strategy"), e)
                })?
            }
            Some(other) => {
                return Err(ConfigError::new(
                    scoped(scope, "partition.assignment.strategy"),
                    format!("expected a list of assignor names, got {other}"),
                ))
            }
        };
        let commit_mode = match r.choice(
            COMMIT_MODE,
            "sync",
            &["sync", "async", "before-processing", "none"],
        ) {
            "async" => CommitMode::Async,
            "before-processing" => CommitMode::BeforeProcessing,
            "none" => CommitMode::Never,
            _ => CommitMode::Sync,
        };
        let c = ConsumerConfig {
            group_id,
            group_instance_id,
            session_timeout_ms: r.ms("session.timeout.ms", 45_000),
            heartbeat_interval_ms: r.ms("heartbeat.interval.ms", 3_000),
            max_poll_interval_ms: r.int("max.poll.interval.ms", 300_000, 1, i64::from(i32::MAX))
                as TimeMs,
            enable_auto_commit: r.bool("enable.auto.commit", true),
            auto_commit_interval_ms: r.ms("auto.commit.interval.ms", 5_000),
            assignors: strategies,
            commit_mode,
            processing_ms_per_record: r.ms(PROCESSING_MS, 0),
            auto_offset_reset: reset,
            fetch_max_wait_ms: r.ms("fetch.max.wait.ms", 500),
            max_poll_records: r.int("max.poll.records", 500, 1, i64::from(i32::MAX)),
            request_timeout_ms: r.ms("request.timeout.ms", 30_000),
            retry_backoff_ms: r.ms("retry.backoff.ms", 100),
            isolation_level: match r.choice(
                "isolation.level",
                "read_uncommitted",
                &["read_uncommitted", "read_committed"],
            ) {
                "read_committed" => IsolationLevel::ReadCommitted,
                _ => IsolationLevel::ReadUncommitted,
            },
        };
        r.finish()?;
        if c.heartbeat_interval_ms >= c.session_timeout_ms {
            return Err(ConfigError::new(
                scoped(scope, "heartbeat.interval.ms"),
                "Heartbeat must be set lower than the session timeout",
            ));
        }
        Ok(c)
    }
}

/// Where the application commits, with `enable.auto.commit=false`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommitMode {
    /// `commitSync()` after processing each poll's records: at-least-once.
    Sync,
    /// `commitAsync()` after processing: faster, a failed commit is not retried.
    Async,
    /// `commitSync()` right after poll(), before processing: at-most-once
    /// (a crash mid-batch loses the rest).
    BeforeProcessing,
    /// Never commits.
    Never,
}

pub const COMMIT_MODE: &str = "playground.commit.mode";
pub const PROCESSING_MS: &str = "playground.processing.ms.per.record";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn scoped_joins_with_a_dot() {
        assert_eq!(
            scoped("producers[0].config", "acks"),
            "producers[0].config.acks"
        );
    }

    #[test]
    fn indexed_puts_the_index_in_brackets() {
        assert_eq!(indexed("topics", 2, ".config"), "topics[2].config");
        assert_eq!(indexed("script", 0, ""), "script[0]");
    }

    #[test]
    fn kafka_defaults() {
        let p = ProducerConfig::default();
        assert_eq!(p.acks, Acks::All, "acks=all since Kafka 3.0 (KIP-679)");
        assert_eq!(p.delivery_timeout_ms, 120_000);
        assert_eq!(p.request_timeout_ms, 30_000);
        assert_eq!(p.retries, 2_147_483_647);
        let b = BrokerConfig::default();
        assert_eq!(b.replica_lag_time_max_ms, 30_000);
        assert_eq!(b.min_insync_replicas, 1);
        assert!(!b.unclean_leader_election_enable);
        assert_eq!(
            ConsumerConfig::default().auto_offset_reset,
            OffsetReset::Latest
        );
    }

    #[test]
    fn strings_and_numbers_both_work() {
        let p = ProducerConfig::from_map(
            "p",
            &map(json!({"acks": "1", "retries": "0", "request.timeout.ms": 500})),
        )
        .unwrap();
        assert_eq!(
            (p.acks, p.retries, p.request_timeout_ms),
            (Acks::Leader, 0, 500)
        );
        assert_eq!(
            ProducerConfig::from_map("p", &map(json!({"acks": -1})))
                .unwrap()
                .acks,
            Acks::All
        );
    }

    #[test]
    fn errors_name_the_field_and_the_rule() {
        let e = ProducerConfig::from_map("producers[0].config", &map(json!({"ack": "all"})))
            .unwrap_err();
        assert_eq!(e.field, "producers[0].config.ack");
        assert!(e.message.starts_with("unknown config name"));
        let e = ProducerConfig::from_map("p", &map(json!({"request.timeout.ms": -5}))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.request.timeout.ms: value -5 out of range: must be between 0 and 2147483647"
        );
        let e =
            ProducerConfig::from_map("p", &map(json!({"delivery.timeout.ms": 1000}))).unwrap_err();
        assert_eq!(e.to_string(), "p.delivery.timeout.ms: should be equal to or larger than linger.ms + request.timeout.ms");
        let e = ProducerConfig::from_map("p", &map(json!({"acks": "2"}))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.acks: invalid value \"2\": must be one of all, -1, 1, 0"
        );
        let e =
            TopicConfig::from_map("t", &map(json!({"min.insync.replicas": "two"}))).unwrap_err();
        assert_eq!(e.field, "t.min.insync.replicas");
    }

    #[test]
    fn the_first_bad_setting_is_the_error() {
        let producer = |v: Value| ProducerConfig::from_map("p", &map(v)).unwrap_err().field;
        let bad = json!({"retries": -1, "linger.ms": "x", "compression.type": "brotli"});
        assert_eq!(producer(bad), "p.retries");
        let bad = json!({"linger.ms": "x", "compression.type": "brotli", "typo": 1});
        assert_eq!(producer(bad), "p.linger.ms");
        let bad = json!({"transaction.timeout.ms": "x", "partitioner.class": "Nope"});
        assert_eq!(producer(bad), "p.transaction.timeout.ms");
        let consumer = |v: Value| ConsumerConfig::from_map("c", &map(v)).unwrap_err().field;
        let bad = json!({"auto.offset.reset": "never", "group.id": ""});
        assert_eq!(consumer(bad), "c.auto.offset.reset");
        let bad = json!({"session.timeout.ms": "x", "heartbeat.interval.ms": 99_999});
        assert_eq!(consumer(bad), "c.session.timeout.ms");
        let broker = |v: Value| BrokerConfig::from_map(&map(v)).unwrap_err().field;
        let bad = json!({"replica.lag.time.max.ms": -1, "min.insync.replicas": 0});
        assert_eq!(broker(bad), "broker_config.replica.lag.time.max.ms");
    }

    #[test]
    fn effective_min_isr_is_capped_by_replication_factor() {
        let t = TopicConfig {
            min_insync_replicas: Some(3),
            ..TopicConfig::default()
        };
        let e = EffectiveTopicConfig::resolve(&t, &BrokerConfig::default());
        assert_eq!(e.effective_min_isr(2), 2);
        assert_eq!(e.effective_min_isr(3), 3);
    }
}
