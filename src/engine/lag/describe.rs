//! `kafka-consumer-groups.sh --describe` from the simulation's live state,
//! as the Admin client gathers it (`ConsumerGroupCommand.collectGroupsOffsets`
//! and friends): FindCoordinator for the group, DescribeGroups and
//! OffsetFetch on that coordinator, ListOffsets(latest) on each partition's
//! leader. `group_describe` prints the result byte for byte.

use crate::engine::vec_map::VecMap;

use serde::Serialize;

use crate::engine::broker::Role;
use crate::engine::group_describe::{
    describe_members, describe_offsets, describe_state, offset_rows, Coordinator, Describe,
    GroupSummary, Member, OffsetRow,
};
use crate::engine::group_state::GroupState;
use crate::engine::internal_topic::{coordinator_partition, InternalTopic};
use crate::engine::sim::Simulation;
use crate::engine::types::{BrokerId, TimeMs, Tp};

/// Every simulated client runs on one machine; Kafka shows the address
/// the coordinator saw the member connect from, with a leading slash.
pub const MEMBER_HOST: &str = "/127.0.0.1";

/// The tool's `--timeout` default (ms): how long the Admin client retries.
const ADMIN_TIMEOUT_MS: TimeMs = 5000;
/// The Admin client's `retry.backoff.ms` and `retry.backoff.max.ms`
/// (KIP-580: the backoff doubles per try up to the maximum; Kafka adds
/// ±20 % jitter, left out here so the output is deterministic).
const ADMIN_RETRY_BACKOFF_MS: TimeMs = 100;
const ADMIN_RETRY_BACKOFF_MAX_MS: TimeMs = 1000;

/// Which sub-action of `--describe`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescribeView {
    /// The default (`--offsets`).
    Offsets,
    Members,
    State,
}

/// Why the Admin client cannot reach the group's coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CoordinatorUnavailable {
    /// The group's `__consumer_offsets` partition has no leader: every
    /// FindCoordinator answers COORDINATOR_NOT_AVAILABLE.
    NoLeader { partition: u32 },
    /// Its leader is down and not replaced yet (the controller has not
    /// fenced it): FindCoordinator names it, and connecting to it fails.
    LeaderDown { partition: u32, broker: BrokerId },
}

/// What `describeConsumerGroups`, `listConsumerGroupOffsets` and
/// `listOffsets` return for one group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupDescription {
    pub group: String,
    pub state: GroupState,
    /// `None` when there is no `__consumer_offsets` topic at all (no group
    /// was ever configured): the group does not exist.
    pub coordinator: Option<Coordinator>,
    /// The chosen assignor; "" unless the group is Stable.
    pub assignment_strategy: String,
    pub members: Vec<Member>,
    pub committed: VecMap<Tp, i64>,
    /// High watermarks of the partitions owned or committed; missing when a
    /// partition has no live leader (printed `-`).
    pub log_end_offsets: VecMap<Tp, i64>,
}

/// The coordinator's address as the Admin client prints it: every broker
/// listens on localhost, broker N on port 9091 + N.
fn coordinator_node(id: BrokerId) -> Coordinator {
    Coordinator {
        host: "localhost".into(),
        port: u16::try_from(9091 + i64::from(id)).unwrap_or(9092),
        id,
    }
}

/// Describes `group` as the Admin client would see it right now.
pub fn describe_group(
    sim: &Simulation,
    group: &str,
) -> Result<GroupDescription, CoordinatorUnavailable> {
    let n = InternalTopic::ConsumerOffsets.partitions(&sim.broker_config);
    let partition = coordinator_partition(group, n);
    let tp = Tp::new(InternalTopic::ConsumerOffsets.name(), partition);
    let Some(state) = sim.nodes.controller.partitions.get(&tp) else {
        return Ok(GroupDescription::dead(group, None));
    };
    let broker = state
        .leader
        .ok_or(CoordinatorUnavailable::NoLeader { partition })?;
    let down = CoordinatorUnavailable::LeaderDown { partition, broker };
    let b = sim
        .nodes
        .brokers
        .get(&broker)
        .filter(|b| b.is_up())
        .ok_or(down.clone())?;
    if !matches!(b.replicas.get(&tp), Some(r) if matches!(r.role, Role::Leader(_))) {
        // NOT_COORDINATOR until the broker takes up the role: retried.
        return Err(down);
    }
    let coordinator = coordinator_node(broker);
    let Some(g) = b.groups.groups.get(group) else {
        return Ok(GroupDescription::dead(group, Some(coordinator)));
    };
    // `GroupMetadata.summary`: only a Stable group reports its protocol
    // and the members' assignments.
    let stable = g.state == GroupState::Stable;
    let members: Vec<Member> = g
        .members
        .values()
        .map(|m| Member {
            consumer_id: m.member_id.to_string(),
            group_instance_id: m.group_instance_id.as_deref().map(str::to_string),
            host: MEMBER_HOST.into(),
            client_id: m.client_id.to_string(),
            assignment: if stable {
                m.assignment.clone()
            } else {
                Vec::new()
            },
        })
        .collect();
    let mut log_end_offsets = VecMap::new();
    let wanted = members
        .iter()
        .flat_map(|m| m.assignment.iter())
        .chain(g.offsets.keys());
    for tp in wanted {
        if let Some(hw) = leader_high_watermark(sim, tp) {
            log_end_offsets.insert(tp.clone(), hw);
        }
    }
    Ok(GroupDescription {
        group: group.to_string(),
        state: g.state,
        coordinator: Some(coordinator),
        assignment_strategy: if stable {
            g.protocol.as_deref().unwrap_or("").to_string()
        } else {
            String::new()
        },
        members,
        committed: g.offsets.clone(),
        log_end_offsets,
    })
}

/// ListOffsets(latest) for `read_uncommitted`: the leader's high watermark,
/// if the partition has a leader that is up.
fn leader_high_watermark(sim: &Simulation, tp: &Tp) -> Option<i64> {
    let leader = sim.nodes.controller.partitions.get(tp)?.leader?;
    let b = sim.nodes.brokers.get(&leader).filter(|b| b.is_up())?;
    let r = b.replicas.get(tp)?;
    matches!(r.role, Role::Leader(_)).then_some(r.log.hw)
}

impl GroupDescription {
    /// DescribeGroups of a group the coordinator does not know: Dead, no members.
    fn dead(group: &str, coordinator: Option<Coordinator>) -> Self {
        GroupDescription {
            group: group.to_string(),
            state: GroupState::Dead,
            coordinator,
            assignment_strategy: String::new(),
            members: Vec::new(),
            committed: VecMap::new(),
            log_end_offsets: VecMap::new(),
        }
    }

    /// The offsets view's rows, in the tool's order.
    pub fn rows(&self) -> Vec<OffsetRow> {
        offset_rows(&self.members, &self.committed, &self.log_end_offsets)
    }

    /// The tool's output for one view.
    pub fn print(&self, view: DescribeView) -> Describe {
        match view {
            DescribeView::Offsets => describe_offsets(&self.group, self.state, &self.rows()),
            DescribeView::Members => describe_members(&self.group, self.state, &self.members),
            DescribeView::State => {
                // Kafka's `Node.noNode()` when there is none (a Dead group
                // prints no coordinator anyway).
                let coordinator = self.coordinator.clone().unwrap_or(Coordinator {
                    host: String::new(),
                    port: 0,
                    id: -1,
                });
                let summary = GroupSummary {
                    coordinator,
                    assignment_strategy: self.assignment_strategy.clone(),
                    members: self.members.len(),
                };
                describe_state(&self.group, self.state, &summary)
            }
        }
    }
}

impl CoordinatorUnavailable {
    /// What the tool prints when it gives up: the Admin client retries
    /// FindCoordinator (or the connection) until `--timeout` passes, then
    /// `describeConsumerGroups` fails with a TimeoutException, which
    /// `ConsumerGroupCommand.run` prints as `printError("Executing consumer
    /// group command failed due to " + e.getMessage())` on stdout and the
    /// stack trace on stderr (here its first line and the cause).
    /// Timestamps are simulated milliseconds; `at_ms` is when the tool ran.
    pub fn print(&self, at_ms: TimeMs) -> Describe {
        let deadline = at_ms + ADMIN_TIMEOUT_MS;
        let (mut tries, mut next, mut backoff) = (0u32, at_ms, ADMIN_RETRY_BACKOFF_MS);
        while next <= deadline {
            tries += 1;
            next += backoff;
            backoff = (backoff * 2).min(ADMIN_RETRY_BACKOFF_MAX_MS);
        }
        let api = match self {
            CoordinatorUnavailable::NoLeader { .. } => "FIND_COORDINATOR",
            CoordinatorUnavailable::LeaderDown { .. } => "DESCRIBE_GROUPS",
        };
        let timeout = format!(
            "org.apache.kafka.common.errors.TimeoutException: \
             Call(callName=describeConsumerGroups(api={api}), deadlineMs={deadline}, \
             tries={tries}, nextAllowedTryMs={next}) timed out at {deadline} after {tries} attempt(s)"
        );
        let trace = format!("java.util.concurrent.ExecutionException: {timeout}\n");
        let stderr = match self {
            CoordinatorUnavailable::NoLeader { .. } => format!(
                "{trace}Caused by: org.apache.kafka.common.errors.CoordinatorNotAvailableException: \
                 The coordinator is not available.\n"
            ),
            // The network client logs each refused connection while retrying.
            CoordinatorUnavailable::LeaderDown { broker, .. } => {
                let node = coordinator_node(*broker);
                format!(
                    "WARN [AdminClient clientId=adminclient-1] Connection to node {broker} \
                     ({}/127.0.0.1:{}) could not be established. Node may not be available. \
                     (org.apache.kafka.clients.NetworkClient)\n{trace}",
                    node.host, node.port
                )
            }
        };
        Describe {
            stdout: format!("\nError: Executing consumer group command failed due to {timeout}\n"),
            stderr,
        }
    }
}

/// `kafka-consumer-groups.sh --describe --group GROUP [--members|--state]`
/// run against the simulation now.
pub fn kafka_consumer_groups(sim: &Simulation, group: &str, view: DescribeView) -> Describe {
    match describe_group(sim, group) {
        Ok(d) => d.print(view),
        Err(e) => e.print(sim.now),
    }
}
