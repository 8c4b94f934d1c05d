//! Which assignor runs: a consumer's `partition.assignment.strategy`, the
//! rebalance protocol that list allows, and the coordinator's choice among
//! the members' lists.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The four assignors Kafka ships (`org.apache.kafka.clients.consumer.*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Strategy {
    #[serde(rename = "range")]
    Range,
    #[serde(rename = "roundrobin")]
    RoundRobin,
    #[serde(rename = "sticky")]
    Sticky,
    #[serde(rename = "cooperative-sticky")]
    CooperativeSticky,
}

/// `ConsumerPartitionAssignor.RebalanceProtocol`, in id order: EAGER revokes
/// everything before rejoining, COOPERATIVE (KIP-429) only what moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum RebalanceProtocol {
    Eager,
    Cooperative,
}

const CONFIG: &str = "partition.assignment.strategy";
const PACKAGE: &str = "org.apache.kafka.clients.consumer.";

/// The default of `partition.assignment.strategy` since Kafka 3.0
/// (`[RangeAssignor, CooperativeStickyAssignor]`): Range is used, and one
/// rolling bounce that drops it switches the group to cooperative-sticky.
pub const DEFAULT_STRATEGIES: [Strategy; 2] = [Strategy::Range, Strategy::CooperativeSticky];

/// `KafkaConsumer.throwIfNoAssignorsConfigured`.
const NO_ASSIGNOR: &str = "Must configure at least one partition assigner class name to partition.assignment.strategy configuration property";

/// `Errors.INCONSISTENT_GROUP_PROTOCOL` (error code 23).
const INCONSISTENT_GROUP_PROTOCOL: &str = "INCONSISTENT_GROUP_PROTOCOL: The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.";

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::Range,
        Strategy::RoundRobin,
        Strategy::Sticky,
        Strategy::CooperativeSticky,
    ];

    /// The assignor's `name()`: the protocol name in JoinGroup.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Range => "range",
            Strategy::RoundRobin => "roundrobin",
            Strategy::Sticky => "sticky",
            Strategy::CooperativeSticky => "cooperative-sticky",
        }
    }

    pub fn class_name(self) -> String {
        let class = match self {
            Strategy::Range => "RangeAssignor",
            Strategy::RoundRobin => "RoundRobinAssignor",
            Strategy::Sticky => "StickyAssignor",
            Strategy::CooperativeSticky => "CooperativeStickyAssignor",
        };
        format!("{PACKAGE}{class}")
    }

    /// A short name or the class name. Java loads the class by name and
    /// fails with Kafka's ClassNotFoundException message; the short names
    /// are accepted too, as librdkafka and kafka-python accept them.
    pub fn parse(s: &str) -> Result<Strategy, String> {
        Strategy::ALL
            .into_iter()
            .find(|st| st.name() == s || st.class_name() == s)
            .ok_or_else(|| {
                format!(
                    "Invalid value {s} for configuration {CONFIG}: {s} ClassNotFoundException exception occurred; \
                     the assignors are range, roundrobin, sticky and cooperative-sticky \
                     (or their class names, e.g. {PACKAGE}RangeAssignor)"
                )
            })
    }

    /// `supportedProtocols()`: only CooperativeStickyAssignor adds COOPERATIVE.
    pub fn supported_protocols(self) -> &'static [RebalanceProtocol] {
        match self {
            Strategy::CooperativeSticky => {
                &[RebalanceProtocol::Cooperative, RebalanceProtocol::Eager]
            }
            _ => &[RebalanceProtocol::Eager],
        }
    }

    pub fn is_cooperative(self) -> bool {
        self.supported_protocols()
            .contains(&RebalanceProtocol::Cooperative)
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses `partition.assignment.strategy` as Kafka's `ConfigDef` LIST type
/// does (comma-separated, whitespace around commas ignored), then rejects
/// what `ConsumerPartitionAssignor.getAssignorInstances` and the consumer
/// reject: unknown names, one assignor twice, an empty list.
pub fn parse_strategy_list(value: &str) -> Result<Vec<Strategy>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(NO_ASSIGNOR.to_string());
    }
    let mut list: Vec<Strategy> = Vec::new();
    for item in value.split(',').map(str::trim) {
        let strategy = Strategy::parse(item)?;
        if list.contains(&strategy) {
            return Err(format!(
                "Invalid value {value} for configuration {CONFIG}: The assignor name: '{strategy}' is used in more than one assignor: {0}, {0}",
                strategy.class_name()
            ));
        }
        list.push(strategy);
    }
    Ok(list)
}

/// The protocol a consumer rebalances with: the highest one every assignor
/// in its list supports (`ConsumerCoordinator`'s constructor). The default
/// list therefore rebalances EAGER although it contains cooperative-sticky.
pub fn rebalance_protocol(strategies: &[Strategy]) -> Result<RebalanceProtocol, String> {
    if strategies.is_empty() {
        return Err(NO_ASSIGNOR.to_string());
    }
    [RebalanceProtocol::Cooperative, RebalanceProtocol::Eager]
        .into_iter()
        .find(|p| strategies.iter().all(|s| s.supported_protocols().contains(p)))
        .ok_or_else(|| format!("Specified assignors {strategies:?} do not have commonly supported rebalance protocol"))
}

/// Java's `HashMap<String, Integer>` iteration order of the four protocol
/// names: bucket `(h ^ h >>> 16) & 15` of `String.hashCode()` is 8 for
/// sticky, 9 range, 10 roundrobin, 15 cooperative-sticky.
const VOTE_TIE_ORDER: [Strategy; 4] = [
    Strategy::Sticky,
    Strategy::Range,
    Strategy::RoundRobin,
    Strategy::CooperativeSticky,
];

/// The coordinator's choice (`ClassicGroup.selectProtocol`): among the
/// assignors every member supports, each member votes for the first in its
/// own list, and the most votes win. A tie goes to the first in Java's
/// `HashMap` order (`Stream.max` keeps the earlier of equals). When all
/// members list the same assignors, that is the first of the list.
/// No common assignor is Kafka's INCONSISTENT_GROUP_PROTOCOL.
pub fn choose_strategy(preferences_per_member: &[Vec<Strategy>]) -> Result<Strategy, String> {
    if preferences_per_member.is_empty() {
        return Err("Cannot select protocol for empty group".to_string());
    }
    let mut common: Vec<Strategy> = Strategy::ALL.to_vec();
    for (i, list) in preferences_per_member.iter().enumerate() {
        common.retain(|s| list.contains(s));
        if common.is_empty() {
            let names = |l: &[Strategy]| l.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
            return Err(if i == 0 {
                format!("{INCONSISTENT_GROUP_PROTOCOL} (member 0 supports no assignor)")
            } else {
                format!(
                    "{INCONSISTENT_GROUP_PROTOCOL} (member {i} supports [{}], none of which every member before it supports)",
                    names(list)
                )
            });
        }
    }
    let votes = |candidate: Strategy| {
        preferences_per_member
            .iter()
            .filter(|list| list.iter().find(|s| common.contains(s)) == Some(&candidate))
            .count()
    };
    let mut best = (Strategy::Range, 0);
    for candidate in VOTE_TIE_ORDER {
        let n = votes(candidate);
        if n > best.1 {
            best = (candidate, n);
        }
    }
    Ok(best.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_class_names_parse() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::parse(s.name()), Ok(s));
            assert_eq!(Strategy::parse(&s.class_name()), Ok(s));
        }
        assert_eq!(
            Strategy::parse("org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
            Ok(Strategy::CooperativeSticky)
        );
        let err = Strategy::parse("fair").unwrap_err();
        assert!(
            err.starts_with("Invalid value fair for configuration partition.assignment.strategy"),
            "{err}"
        );
        assert!(err.contains("ClassNotFoundException"), "{err}");
        assert!(
            Strategy::parse("Range").is_err(),
            "class names and names are case-sensitive"
        );
    }

    #[test]
    fn only_cooperative_sticky_is_cooperative() {
        let cooperative: Vec<Strategy> = Strategy::ALL
            .into_iter()
            .filter(|s| s.is_cooperative())
            .collect();
        assert_eq!(cooperative, [Strategy::CooperativeSticky]);
    }

    #[test]
    fn strategy_lists_parse_like_kafka_config() {
        assert_eq!(
            parse_strategy_list(
                "org.apache.kafka.clients.consumer.RangeAssignor, cooperative-sticky"
            ),
            Ok(DEFAULT_STRATEGIES.to_vec())
        );
        assert_eq!(
            parse_strategy_list(" roundrobin ,sticky"),
            Ok(vec![Strategy::RoundRobin, Strategy::Sticky])
        );
        let unknown = parse_strategy_list("range,rangee").unwrap_err();
        assert!(unknown.contains("Invalid value rangee"), "{unknown}");
        let twice = parse_strategy_list("range,org.apache.kafka.clients.consumer.RangeAssignor")
            .unwrap_err();
        assert!(
            twice.contains("The assignor name: 'range' is used in more than one assignor"),
            "{twice}"
        );
        assert!(parse_strategy_list(" ")
            .unwrap_err()
            .starts_with("Must configure at least one partition assigner"));
        assert!(parse_strategy_list("range,,sticky")
            .unwrap_err()
            .contains("Invalid value  for"));
    }

    #[test]
    fn the_default_list_rebalances_eagerly() {
        assert_eq!(
            rebalance_protocol(&DEFAULT_STRATEGIES),
            Ok(RebalanceProtocol::Eager)
        );
        assert_eq!(
            rebalance_protocol(&[Strategy::CooperativeSticky]),
            Ok(RebalanceProtocol::Cooperative)
        );
        assert!(rebalance_protocol(&[]).is_err());
    }

    #[test]
    fn all_members_alike_choose_their_first_assignor() {
        for first in Strategy::ALL {
            let list: Vec<Strategy> = std::iter::once(first)
                .chain(Strategy::ALL.into_iter().filter(|s| *s != first))
                .collect();
            assert_eq!(
                choose_strategy(&[list.clone(), list.clone(), list]),
                Ok(first)
            );
        }
    }

    #[test]
    fn the_most_votes_win_not_the_leader() {
        use Strategy::*;
        let leader = vec![Range, RoundRobin];
        let other = vec![RoundRobin, Range];
        assert_eq!(
            choose_strategy(&[leader.clone(), other.clone(), other.clone()]),
            Ok(RoundRobin)
        );
        // One vote each: Java's HashMap order puts range before roundrobin.
        assert_eq!(choose_strategy(&[other, leader]), Ok(Range));
        // A rolling upgrade from the default list to cooperative-sticky only:
        // the one common assignor wins whatever the votes.
        assert_eq!(
            choose_strategy(&[DEFAULT_STRATEGIES.to_vec(), vec![CooperativeSticky]]),
            Ok(CooperativeSticky)
        );
    }

    #[test]
    fn no_common_assignor_is_inconsistent_group_protocol() {
        use Strategy::*;
        let err =
            choose_strategy(&[vec![Range], vec![Range, Sticky], vec![RoundRobin]]).unwrap_err();
        assert!(err.starts_with("INCONSISTENT_GROUP_PROTOCOL: The group member's supported protocols are incompatible"), "{err}");
        assert!(err.contains("member 2 supports [roundrobin]"), "{err}");
        assert!(choose_strategy(&[vec![]])
            .unwrap_err()
            .starts_with("INCONSISTENT_GROUP_PROTOCOL"));
        assert_eq!(
            choose_strategy(&[]).unwrap_err(),
            "Cannot select protocol for empty group"
        );
    }

    /// `VOTE_TIE_ORDER` is Java's HashMap order: recompute the buckets.
    #[test]
    fn vote_ties_follow_java_hashmap_buckets() {
        let bucket = |s: Strategy| {
            let h = s
                .name()
                .encode_utf16()
                .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)));
            let h = h as u32;
            (h ^ (h >> 16)) & 15
        };
        let mut by_bucket = Strategy::ALL.to_vec();
        by_bucket.sort_by_key(|&s| bucket(s));
        assert_eq!(by_bucket, VOTE_TIE_ORDER);
        assert_eq!(bucket(Strategy::Range), 9);
    }
}
