//! Kafka's consumer partition assignors, as pure functions of the group's
//! subscriptions and the topics' partition counts — what the group leader
//! computes after JoinGroup and sends back in SyncGroup.
//!
//! * `range` and `roundrobin` give exactly Kafka's results, member order
//!   included (`java_order.rs`).
//! * `sticky` and `cooperative-sticky` follow `AbstractStickyAssignor`
//!   (`sticky/`, `cooperative.rs`): owned partitions are honoured by
//!   generation, the result is balanced, and as little as possible moves.
//!   Their results are valid and deterministic but need not equal Java's,
//!   which depend on HashMap order.
//!
//! Choosing the assignor (`partition.assignment.strategy`, the
//! coordinator's vote) is in `strategy.rs`.

mod cooperative;
mod group;
mod java_order;
mod range;
mod roundrobin;
mod sticky;
mod strategy;

use serde::{Deserialize, Serialize};

pub use cooperative::{cooperative_rounds, revoked, Round, MAX_ROUNDS};
pub use java_order::{java_cmp, sort_partitions};
pub use strategy::{
    choose_strategy, parse_strategy_list, rebalance_protocol, RebalanceProtocol, Strategy,
    DEFAULT_STRATEGIES,
};

use group::Group;

use crate::engine::vec_map::VecMap;

/// One member's JoinGroup subscription, as the leader's assignor sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSubscription {
    pub member_id: String,
    /// `group.instance.id` (static membership, KIP-345).
    pub group_instance_id: Option<String>,
    pub topics: Vec<String>,
    /// Partitions the member owns (cooperative: `ownedPartitions`; eager
    /// sticky: the previous assignment in its user data). Ignored by range
    /// and roundrobin.
    pub owned: Vec<(String, u32)>,
    /// The generation `owned` is from; `None` is a new member
    /// (`DEFAULT_GENERATION`, -1). Ignored by range and roundrobin.
    pub generation: Option<i32>,
}

/// Member id → its partitions as (topic, partition), sorted by topic in
/// Java order then partition. Every member appears, possibly with none.
pub type Assignment = VecMap<String, Vec<(String, u32)>>;

/// The leader's assignment with `strategy` (`ConsumerPartitionAssignor.assign`).
/// Topics without metadata (missing or 0 partitions) are skipped; owned
/// partitions that do not exist are ignored; a repeated member id counts
/// once. For cooperative-sticky this is one rebalance: partitions changing
/// owner are left out (see [`cooperative_rounds`]).
pub fn assign(
    strategy: Strategy,
    partitions_per_topic: &VecMap<String, u32>,
    members: &[MemberSubscription],
) -> Assignment {
    let group = Group::new(partitions_per_topic, members);
    if group.members.is_empty() {
        return Assignment::new();
    }
    let per_member = match strategy {
        Strategy::Range => range::assign(&group),
        Strategy::RoundRobin => roundrobin::assign(&group),
        Strategy::Sticky => sticky::assign(&group).assignment,
        Strategy::CooperativeSticky => cooperative::adjust(&group, sticky::assign(&group)),
    };
    group.assignment(per_member)
}

/// Kafka's rule for `group.instance.id` (`JoinGroupRequest.validateGroupInstanceId`).
pub fn validate_group_instance_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("Group instance id must be non-empty string".into());
    }
    if id == "." || id == ".." {
        return Err("Group instance id cannot be \".\" or \"..\"".into());
    }
    if id.encode_utf16().count() > 249 {
        return Err(format!(
            "Group instance id can't be longer than 249 characters: {id}"
        ));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(format!("Group instance id \"{id}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, topics: &[&str]) -> MemberSubscription {
        MemberSubscription {
            member_id: id.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn no_members_no_assignment() {
        let topics = VecMap::from([("t".to_string(), 3)]);
        for s in Strategy::ALL {
            assert!(assign(s, &topics, &[]).is_empty());
        }
    }

    #[test]
    fn partitions_come_out_in_java_topic_order() {
        // 'Topic-Z' < 'a-topic' in Java (and here); U+10000 < U+E000 only in Java.
        let topics = VecMap::from([
            ("a-topic".to_string(), 1),
            ("Topic-Z".to_string(), 1),
            ("\u{E000}".to_string(), 1),
            ("\u{10000}".to_string(), 1),
        ]);
        let names: Vec<&str> = topics.keys().map(String::as_str).collect();
        for s in Strategy::ALL {
            let got = assign(s, &topics, &[member("c", &names)]);
            let order: Vec<&str> = got["c"].iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(
                order,
                ["Topic-Z", "a-topic", "\u{10000}", "\u{E000}"],
                "{s}"
            );
        }
    }

    #[test]
    fn a_repeated_member_id_counts_once() {
        let topics = VecMap::from([("t".to_string(), 2)]);
        let members = [member("c", &["t"]), member("c", &["other"])];
        for s in Strategy::ALL {
            let got = assign(s, &topics, &members);
            assert_eq!(got.len(), 1);
            assert_eq!(
                got["c"],
                [("t".to_string(), 0), ("t".to_string(), 1)],
                "{s}"
            );
        }
    }

    #[test]
    fn group_instance_ids_follow_kafka_rules() {
        assert!(validate_group_instance_id("instance-1.a_b").is_ok());
        for (bad, says) in [
            ("", "non-empty"),
            ("..", "cannot be"),
            ("서울", "ASCII alphanumerics"),
            (&"i".repeat(250), "longer than 249"),
        ] {
            let err = validate_group_instance_id(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
