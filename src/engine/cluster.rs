//! The cluster's metadata as the controller publishes it: which brokers
//! exist, which topics, and for every partition its replicas, leader,
//! leader epoch and ISR. This is what `kafka-topics.sh --describe` prints
//! and what producers and consumers learn from a Metadata request.

use super::placement::{assign_replicas, BrokerId, PlacementError, PlacementStart};
use super::rng::Rng;
use crate::engine::vec_map::VecMap;

/// Kafka's topic id: 16 random bytes, shown as URL-safe base64 without
/// padding (`Uuid.toString()`), e.g. `7Hr2LMoXQ0yg5MvKxbJ3xA`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TopicId(pub [u8; 16]);

impl TopicId {
    pub fn random(rng: &mut Rng) -> Self {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&rng.next_u64().to_be_bytes());
        bytes[8..].copy_from_slice(&rng.next_u64().to_be_bytes());
        TopicId(bytes)
    }
}

impl std::fmt::Display for TopicId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::base64url::encode(&self.0))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broker {
    pub id: BrokerId,
    /// A fenced broker has lost its session with the controller: it leads
    /// nothing and is in no ISR until it registers again.
    pub fenced: bool,
}

/// One partition's replica set and leadership, as in the metadata log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionMetadata {
    pub partition: u32,
    /// Assigned replicas; the first is the preferred leader.
    pub replicas: Vec<BrokerId>,
    /// `None` = offline (`Leader: none`).
    pub leader: Option<BrokerId>,
    pub leader_epoch: i32,
    pub isr: Vec<BrokerId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicMetadata {
    pub name: String,
    pub id: TopicId,
    pub partitions: Vec<PartitionMetadata>,
    /// Topic-level config overrides (only non-defaults are shown by describe).
    pub configs: VecMap<String, String>,
}

impl TopicMetadata {
    pub fn replication_factor(&self) -> usize {
        self.partitions.first().map_or(0, |p| p.replicas.len())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    pub brokers: VecMap<BrokerId, Broker>,
    pub topics: VecMap<String, TopicMetadata>,
}

impl Cluster {
    /// A cluster of brokers with the given ids. The active KRaft controller
    /// is a dedicated node beside them (`controller.rs`), not a broker.
    pub fn new(broker_ids: &[BrokerId]) -> Self {
        let brokers: VecMap<_, _> = broker_ids
            .iter()
            .map(|&id| (id, Broker { id, fenced: false }))
            .collect();
        Cluster {
            brokers,
            topics: VecMap::new(),
        }
    }

    /// Unfenced brokers, which new replicas may be placed on.
    pub fn available_brokers(&self) -> Vec<BrokerId> {
        self.brokers
            .values()
            .filter(|b| !b.fenced)
            .map(|b| b.id)
            .collect()
    }

    /// Creates a topic the way the controller does: replicas placed by
    /// Kafka's rack-unaware assignment, preferred leader first, leader
    /// epoch 0, ISR = all replicas.
    pub fn create_topic(
        &mut self,
        name: &str,
        partitions: i64,
        replication_factor: i64,
        rng: &mut Rng,
    ) -> Result<&TopicMetadata, PlacementError> {
        let brokers = self.available_brokers();
        let start = PlacementStart::random(rng, brokers.len().max(1));
        let assignment = assign_replicas(&brokers, partitions, replication_factor, start)?;
        let topic = TopicMetadata {
            name: name.to_string(),
            id: TopicId::random(rng),
            partitions: assignment
                .into_iter()
                .enumerate()
                .map(|(p, replicas)| PartitionMetadata {
                    partition: p as u32,
                    leader: replicas.first().copied(),
                    leader_epoch: 0,
                    isr: replicas.clone(),
                    replicas,
                })
                .collect(),
            configs: VecMap::new(),
        };
        self.topics.insert(name.to_string(), topic);
        Ok(&self.topics[name])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_id_prints_like_kafka_uuid() {
        // Uuid.toString of all-zero bytes is 22 'A's.
        assert_eq!(TopicId([0; 16]).to_string(), "AAAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(TopicId([0xff; 16]).to_string(), "_____________________w");
    }

    #[test]
    fn new_topic_has_preferred_leaders_and_full_isr() {
        let mut c = Cluster::new(&[1, 2, 3]);
        let t = c.create_topic("orders", 3, 3, &mut Rng::new(1)).unwrap();
        assert_eq!(t.partitions.len(), 3);
        assert_eq!(t.replication_factor(), 3);
        for p in &t.partitions {
            assert_eq!(p.leader, Some(p.replicas[0]));
            assert_eq!(p.isr, p.replicas);
            assert_eq!(p.leader_epoch, 0);
        }
        // Round-robin leaders: every broker leads exactly one partition.
        let mut leaders: Vec<_> = t.partitions.iter().map(|p| p.leader.unwrap()).collect();
        leaders.sort_unstable();
        assert_eq!(leaders, vec![1, 2, 3]);
    }

    #[test]
    fn fenced_brokers_get_no_new_replicas() {
        let mut c = Cluster::new(&[1, 2, 3]);
        c.brokers.get_mut(&3).unwrap().fenced = true;
        let err = c.create_topic("t", 1, 3, &mut Rng::new(0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Replication factor: 3 larger than available brokers: 2."
        );
        assert!(c.topics.is_empty(), "a rejected topic leaves no trace");
    }

    #[test]
    fn same_seed_same_layout() {
        let layout = |seed| {
            let mut c = Cluster::new(&[1, 2, 3, 4, 5]);
            c.create_topic("t", 8, 3, &mut Rng::new(seed))
                .unwrap()
                .clone()
        };
        assert_eq!(layout(9), layout(9));
    }
}
