//! Kafka's internal topics: `__consumer_offsets`, where group coordinators
//! keep committed offsets and group metadata, and `__transaction_state`,
//! where transaction coordinators keep transaction metadata. They are
//! ordinary replicated topics: a coordinator is simply the broker that leads
//! the partition a group id (or transactional id) hashes to, and it moves
//! with leadership (`GroupCoordinator.partitionFor`,
//! `TransactionStateManager.partitionFor`).
//!
//! Kafka creates them on the first FindCoordinator; the playground creates
//! them with the cluster (or when the first group or transactional producer
//! appears), so they are visible from the start like any topic.

use std::collections::BTreeMap;

use serde::Serialize;

use super::command::{CommandError, TopicSpec};
use super::config::{BrokerConfig, TopicConfig};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum InternalTopic {
    ConsumerOffsets,
    TransactionState,
}

impl InternalTopic {
    pub fn name(self) -> &'static str {
        match self {
            InternalTopic::ConsumerOffsets => "__consumer_offsets",
            InternalTopic::TransactionState => "__transaction_state",
        }
    }

    pub fn is_internal(topic: &str) -> bool {
        [
            InternalTopic::ConsumerOffsets,
            InternalTopic::TransactionState,
        ]
        .iter()
        .any(|t| t.name() == topic)
    }

    /// The broker settings that size this topic, by name (for errors).
    fn settings(self, cfg: &BrokerConfig) -> (&'static str, i64, i64) {
        match self {
            InternalTopic::ConsumerOffsets => (
                "offsets.topic.replication.factor",
                cfg.offsets_topic_num_partitions,
                cfg.offsets_topic_replication_factor,
            ),
            InternalTopic::TransactionState => (
                "transaction.state.log.replication.factor",
                cfg.transaction_state_log_num_partitions,
                cfg.transaction_state_log_replication_factor,
            ),
        }
    }

    pub fn partitions(self, cfg: &BrokerConfig) -> u32 {
        self.settings(cfg).1 as u32
    }

    /// The topic as the broker would create it, or Kafka's refusal when
    /// too few brokers are alive for its replication factor
    /// (`AutoTopicCreationManager`: creation fails until they are).
    pub fn spec(self, cfg: &BrokerConfig, alive_brokers: usize) -> Result<TopicSpec, CommandError> {
        let (rf_name, partitions, rf) = self.settings(cfg);
        if rf as u64 > alive_brokers as u64 {
            return Err(CommandError::new(
                format!("broker_config.{rf_name}"),
                format!(
                    "Number of alive brokers '{alive_brokers}' does not meet the required \
                     replication factor '{rf}' for the {} topic (configured via \
                     '{rf_name}'). This error can be ignored if the cluster is starting \
                     up and not all brokers are up yet.",
                    match self {
                        InternalTopic::ConsumerOffsets => "offsets",
                        InternalTopic::TransactionState => "transactions state",
                    }
                ),
            ));
        }
        let mut config = BTreeMap::new();
        if self == InternalTopic::TransactionState {
            config.insert(
                "min.insync.replicas".to_string(),
                serde_json::Value::from(cfg.transaction_state_log_min_isr),
            );
        }
        Ok(TopicSpec {
            name: self.name().to_string(),
            partitions,
            replication_factor: rf,
            config: TopicConfig::from_map("config", &config).map_err(CommandError::from)?,
            replica_assignment: None,
        })
    }
}

/// `java.lang.String.hashCode`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16
/// code units, wrapping like Java's `int`.
pub fn java_hash_code(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(i32::from(u)))
}

/// The internal-topic partition that owns `key` (a group id or a
/// transactional id): `Utils.abs(key.hashCode()) % partitions`, where
/// `Utils.abs(Integer.MIN_VALUE)` is 0.
pub fn coordinator_partition(key: &str, partitions: u32) -> u32 {
    let h = java_hash_code(key);
    let abs = if h == i32::MIN { 0 } else { h.unsigned_abs() };
    abs % partitions.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_code_matches_java() {
        // Values from `"…".hashCode()` in a JVM.
        assert_eq!(java_hash_code(""), 0);
        assert_eq!(java_hash_code("a"), 97);
        assert_eq!(java_hash_code("hello"), 99_162_322);
        assert_eq!(java_hash_code("elasticsearch"), -1_985_354_563);
        // Korean: one UTF-16 unit per syllable (서 = U+C11C, 울 = U+C6B8).
        assert_eq!(java_hash_code("서울"), 0xC11C * 31 + 0xC6B8);
        // Above U+FFFF Java hashes the surrogate pair.
        assert_eq!(java_hash_code("😀"), 0xD83D * 31 + 0xDE00);
    }

    #[test]
    fn coordinator_partition_is_abs_hash_mod_partitions() {
        assert_eq!(coordinator_partition("hello", 50), 99_162_322 % 50);
        assert_eq!(
            coordinator_partition("elasticsearch", 50),
            1_985_354_563 % 50
        );
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE → partition 0.
        assert_eq!(java_hash_code("polygenelubricants"), i32::MIN);
        assert_eq!(coordinator_partition("polygenelubricants", 7), 0);
    }

    #[test]
    fn too_few_brokers_is_kafkas_refusal() {
        let cfg = BrokerConfig::default();
        let e = InternalTopic::ConsumerOffsets.spec(&cfg, 1).unwrap_err();
        assert_eq!(e.field, "broker_config.offsets.topic.replication.factor");
        assert!(e.message.starts_with(
            "Number of alive brokers '1' does not meet the required replication factor '3'"
        ));
        let s = InternalTopic::TransactionState.spec(&cfg, 3).unwrap();
        assert_eq!((s.partitions, s.replication_factor), (50, 3));
        assert_eq!(s.config.min_insync_replicas, Some(2));
    }
}
