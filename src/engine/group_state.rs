//! The states of a classic consumer group, by Kafka's names.
//!
//! The group coordinator moves a group through these (Kafka's
//! `org.apache.kafka.coordinator.group.classic.ClassicGroupState`); tools and
//! the Admin client print them as `org.apache.kafka.common.GroupState`'s
//! `toString()`: `Empty`, `PreparingRebalance`, `CompletingRebalance`,
//! `Stable`, `Dead`. (`Assigning`, `Reconciling` and `NotReady` belong to the
//! KIP-848 consumer protocol, which is not modelled.)

use std::fmt;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum GroupState {
    /// No members; committed offsets may remain until they expire.
    Empty,
    /// A rebalance started: members must (re)join with JoinGroup.
    PreparingRebalance,
    /// Everyone joined; waiting for the leader's SyncGroup assignment.
    CompletingRebalance,
    /// Members have their assignment and heartbeat.
    Stable,
    /// The group has no members and no metadata left (or it moved away).
    Dead,
}

impl GroupState {
    /// Whether `kafka-consumer-groups.sh` calls the group "rebalancing".
    pub fn is_rebalancing(self) -> bool {
        matches!(
            self,
            GroupState::PreparingRebalance | GroupState::CompletingRebalance
        )
    }
}

impl fmt::Display for GroupState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::GroupState::*;

    #[test]
    fn prints_and_serializes_kafka_names() {
        let all = [Empty, PreparingRebalance, CompletingRebalance, Stable, Dead];
        let shown: Vec<String> = all.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            shown,
            [
                "Empty",
                "PreparingRebalance",
                "CompletingRebalance",
                "Stable",
                "Dead"
            ]
        );
        for s in all {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
    }

    #[test]
    fn only_the_two_rebalance_states_are_rebalancing() {
        let rebalancing: Vec<_> = [Empty, PreparingRebalance, CompletingRebalance, Stable, Dead]
            .into_iter()
            .filter(|s| s.is_rebalancing())
            .collect();
        assert_eq!(rebalancing, [PreparingRebalance, CompletingRebalance]);
    }
}
