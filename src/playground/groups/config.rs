//! The group-wide settings the cards switch: the assignor and static
//! membership. Both are consumer settings, so each becomes one change per
//! member for `Session::with_consumer_config` (which replays the run).

use serde_json::Value;

use crate::engine::command::Command;
use crate::engine::scenario::{ConsumerFile, Scenario};
use crate::playground::reconfigure::ConfigChange;
use crate::playground::session::Session;

pub const ASSIGNOR: &str = "partition.assignment.strategy";
pub const INSTANCE_ID: &str = "group.instance.id";

/// One change list per consumer.
pub type MemberChanges = Vec<(u32, Vec<ConfigChange<'static>>)>;

/// The consumers a lane's scenario puts in `group` (by `group.id`).
pub fn scenario_members(scenario: &Scenario, group: &str) -> Vec<u32> {
    let in_group = |config: &std::collections::BTreeMap<String, Value>| {
        config.get("group.id").and_then(Value::as_str) == Some(group)
    };
    scenario
        .consumers
        .iter()
        .filter(|c| in_group(&c.config))
        .map(|c| c.id)
        .collect()
}

/// Every member gets `partition.assignment.strategy = strategies` (a
/// list such as `range,cooperative-sticky`, most preferred first).
pub fn assignor_changes(members: &[u32], strategies: &str) -> MemberChanges {
    let value = Value::String(strategies.to_string());
    members
        .iter()
        .map(|&c| (c, vec![(ASSIGNOR, Some(value.clone()))]))
        .collect()
}

/// The static member id a card gives consumer `id` of `group`: a
/// `group.id` may hold any character, a `group.instance.id` only ASCII
/// letters, digits, `.`, `_` and `-` (`JoinGroupRequest.validateGroupInstanceId`).
pub fn instance_id(group: &str, consumer: u32) -> String {
    let legal = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let name: String = group
        .chars()
        .take(200)
        .map(|c| if legal(c) { c } else { '_' })
        .collect();
    format!("{name}-{consumer}")
}

/// Static membership (KIP-345) on: each member gets its own
/// `group.instance.id`; off: the setting is removed (dynamic members).
pub fn static_membership_changes(group: &str, members: &[u32], on: bool) -> MemberChanges {
    let value = |c: u32| on.then(|| Value::String(instance_id(group, c)));
    members
        .iter()
        .map(|&c| (c, vec![(INSTANCE_ID, value(c))]))
        .collect()
}

/// "Add consumer" for `group`: `new KafkaConsumer(props)` with the config
/// and subscription of the group's first member in the lane shown, under
/// the next free id — one command for every lane. A setting the lanes
/// compare (the assignor in "Lag & rebalance") is left to Kafka's default
/// so the newcomer can join either lane's group; a static member gets its
/// own `group.instance.id`.
pub fn add_member(session: &Session, lane: usize, group: &str) -> Command {
    let shown = &session.lanes[lane.min(session.lanes.len() - 1)];
    let consumer = shown.timeline.sim().next_consumer_id();
    fn first<'a>(s: &'a Scenario, group: &str) -> Option<&'a ConsumerFile> {
        let id = *scenario_members(s, group).first()?;
        s.consumers.iter().find(|c| c.id == id)
    }
    let (mut config, subscribe, assign) = match first(&shown.scenario, group) {
        Some(c) => (c.config.clone(), c.subscribe.clone(), c.assign.clone()),
        None => Default::default(),
    };
    config.insert("group.id".into(), Value::String(group.into()));
    let differs = |name: &str| {
        session
            .lanes
            .iter()
            .any(|l| first(&l.scenario, group).and_then(|c| c.config.get(name)) != config.get(name))
    };
    if differs(ASSIGNOR) {
        config.remove(ASSIGNOR);
    }
    if config.contains_key(INSTANCE_ID) {
        config.insert(
            INSTANCE_ID.into(),
            Value::String(instance_id(group, consumer)),
        );
    }
    Command::AddConsumer {
        consumer,
        subscribe,
        assign,
        config,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_are_legal_whatever_the_group_is_called() {
        assert_eq!(instance_id("elasticsearch", 2), "elasticsearch-2");
        assert_eq!(instance_id("검색 팀", 1), "____-1");
        let long = instance_id(&"g".repeat(400), 3);
        assert!(crate::engine::assignor::validate_group_instance_id(&long).is_ok());
    }
}
