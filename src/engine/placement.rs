//! Replica placement as `kafka-topics.sh --create` does it without racks.
//!
//! Kafka's rack-unaware assignment (`AdminUtils.assignReplicasToBrokersRackUnaware`):
//! the first replica of partition *p* goes to broker `(p + start) % n`
//! (round-robin over the sorted broker list from a random start), and the
//! other replicas follow at a shift that grows by one every time the
//! partitions wrap around the brokers, so followers spread out too. `start`
//! and the first shift are random in Kafka; here they come from the seeded
//! RNG, so the same seed gives the same layout.

use std::fmt;

use super::rng::Rng;
use crate::engine::sort;

pub type BrokerId = i32;

/// Why a topic could not be placed; messages are Kafka's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacementError {
    NoPartitions(i64),
    NoReplicas(i64),
    ReplicationFactorTooLarge {
        replication_factor: i64,
        brokers: usize,
    },
}

impl fmt::Display for PlacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // TopicCommand / CreateTopicsRequest validation wording.
            PlacementError::NoPartitions(n) => {
                write!(f, "Number of partitions must be larger than 0 (got {n}).")
            }
            PlacementError::NoReplicas(n) => {
                write!(f, "Replication factor must be larger than 0 (got {n}).")
            }
            PlacementError::ReplicationFactorTooLarge {
                replication_factor,
                brokers,
            } => write!(
                f,
                "Replication factor: {replication_factor} larger than available brokers: {brokers}."
            ),
        }
    }
}

impl std::error::Error for PlacementError {}

/// Where the first replica starts and how far followers are shifted.
/// Kafka draws both at random; fixing them reproduces its documented tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacementStart {
    pub start_index: usize,
    pub replica_shift: usize,
}

impl PlacementStart {
    pub fn random(rng: &mut Rng, brokers: usize) -> Self {
        PlacementStart {
            start_index: rng.below(brokers as u64) as usize,
            replica_shift: rng.below(brokers as u64) as usize,
        }
    }
}

/// Replica lists for `partitions` partitions; the first id of each list is
/// the preferred leader. `brokers` need not be sorted.
pub fn assign_replicas(
    brokers: &[BrokerId],
    partitions: i64,
    replication_factor: i64,
    start: PlacementStart,
) -> Result<Vec<Vec<BrokerId>>, PlacementError> {
    if partitions <= 0 {
        return Err(PlacementError::NoPartitions(partitions));
    }
    if replication_factor <= 0 {
        return Err(PlacementError::NoReplicas(replication_factor));
    }
    if replication_factor as u64 > brokers.len() as u64 {
        return Err(PlacementError::ReplicationFactorTooLarge {
            replication_factor,
            brokers: brokers.len(),
        });
    }
    place_from(
        brokers,
        0,
        partitions as usize,
        replication_factor as usize,
        start,
    )
}

/// Replicas for partitions added to a topic that has `existing` of them
/// (`kafka-topics.sh --alter --partitions`): AdminUtils continues from
/// partition id `existing`, with start index and shift both fixed at the
/// index of the first broker whose id is ≥ partition 0's first replica.
pub fn assign_more(
    brokers: &[BrokerId],
    existing: usize,
    partition0_leader: BrokerId,
    to_add: usize,
    replication_factor: usize,
) -> Result<Vec<Vec<BrokerId>>, PlacementError> {
    if replication_factor > brokers.len() {
        return Err(PlacementError::ReplicationFactorTooLarge {
            replication_factor: replication_factor as i64,
            brokers: brokers.len(),
        });
    }
    let mut sorted = brokers.to_vec();
    sort::sort(&mut sorted);
    let index = sorted
        .iter()
        .position(|&b| b >= partition0_leader)
        .unwrap_or(0);
    let start = PlacementStart {
        start_index: index,
        replica_shift: index,
    };
    place_from(brokers, existing, to_add, replication_factor, start)
}

fn place_from(
    brokers: &[BrokerId],
    first_partition: usize,
    count: usize,
    replication_factor: usize,
    start: PlacementStart,
) -> Result<Vec<Vec<BrokerId>>, PlacementError> {
    let mut sorted = brokers.to_vec();
    sort::sort(&mut sorted);
    let n = sorted.len();
    let mut shift = start.replica_shift;
    let mut out = Vec::with_capacity(count);
    for p in first_partition..first_partition + count {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + start.start_index) % n;
        let mut replicas = vec![sorted[first]];
        for j in 0..(replication_factor - 1) {
            replicas.push(sorted[replica_index(first, shift, j, n)]);
        }
        out.push(replicas);
    }
    Ok(out)
}

fn replica_index(first: usize, shift: usize, j: usize, n: usize) -> usize {
    let offset = 1 + (shift + j) % (n - 1);
    (first + offset) % n
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXED: PlacementStart = PlacementStart {
        start_index: 0,
        replica_shift: 0,
    };

    /// The table in AdminUtils' own doc comment: 5 brokers, 10 partitions,
    /// RF 3, start index 0.
    #[test]
    fn matches_kafka_adminutils_doc_table() {
        let got = assign_replicas(&[0, 1, 2, 3, 4], 10, 3, FIXED).unwrap();
        let want: Vec<Vec<BrokerId>> = vec![
            vec![0, 1, 2],
            vec![1, 2, 3],
            vec![2, 3, 4],
            vec![3, 4, 0],
            vec![4, 0, 1],
            vec![0, 2, 3],
            vec![1, 3, 4],
            vec![2, 4, 0],
            vec![3, 0, 1],
            vec![4, 1, 2],
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn leaders_are_spread_round_robin() {
        let got = assign_replicas(&[3, 1, 2], 6, 3, FIXED).unwrap();
        let leaders: Vec<_> = got.iter().map(|r| r[0]).collect();
        assert_eq!(leaders, vec![1, 2, 3, 1, 2, 3]);
        for r in &got {
            let mut s = r.clone();
            s.sort_unstable();
            s.dedup();
            assert_eq!(s.len(), 3, "replicas must be on distinct brokers: {r:?}");
        }
    }

    #[test]
    fn replication_factor_larger_than_brokers_uses_kafkas_message() {
        let err = assign_replicas(&[1, 2, 3], 1, 4, FIXED).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Replication factor: 4 larger than available brokers: 3."
        );
    }

    #[test]
    fn zero_partitions_or_replicas_rejected() {
        assert_eq!(
            assign_replicas(&[1], 0, 1, FIXED),
            Err(PlacementError::NoPartitions(0))
        );
        assert_eq!(
            assign_replicas(&[1], 1, 0, FIXED),
            Err(PlacementError::NoReplicas(0))
        );
    }

    #[test]
    fn single_broker_rf_one() {
        assert_eq!(
            assign_replicas(&[7], 2, 1, FIXED).unwrap(),
            vec![vec![7], vec![7]]
        );
    }
}
