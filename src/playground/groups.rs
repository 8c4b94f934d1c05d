//! What the consumer-group cards show, read from one lane: each group's
//! state, generation, chosen assignor and leader as its coordinator
//! announced them (GroupStateChanged, JoinCompleted), its coordinator (the
//! leader of the group's `__consumer_offsets` partition,
//! `GroupCoordinator.partitionFor`), every member's partitions with their
//! position and committed offset, and the phases of its latest rebalances
//! with who stopped reading and for how long (`lag::rebalance_pauses`).

mod axis;
mod config;
mod rebalance;
#[cfg(test)]
mod tests;

pub use axis::{Axis, Piece, BREAK_MS};
pub use config::{
    add_member, assignor_changes, instance_id, scenario_members, static_membership_changes,
    MemberChanges, ASSIGNOR, INSTANCE_ID,
};
pub use rebalance::{Assigned, Phase, PhaseSpan, Rebalance, RebalanceMember, Revoked};

use crate::engine::assignor::Strategy;
use crate::engine::consumer::Consumer;
use crate::engine::event::{Event, Revocation, TimedEvent};
use crate::engine::group_member::MemberState;
use crate::engine::group_state::GroupState;
use crate::engine::internal_topic::{coordinator_partition, InternalTopic};
use crate::engine::lag::{rebalance_pauses, RebalancePause};
use crate::engine::sim::Simulation;
use crate::engine::sort::sort;
use crate::engine::types::{BrokerId, NodeId, TimeMs, Tp};
use crate::engine::vec_map::VecMap;
use rebalance::{forget_join, member_in};

/// Rebalances kept per group: the latest and the one before it.
const KEEP: usize = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberStatus {
    /// Reading its partitions.
    Consuming,
    /// In the group with no partition (more members than partitions).
    Idle,
    /// Between JoinGroup and its assignment; `reading` while it keeps
    /// fetching the partitions it owns (cooperative).
    Rebalancing {
        reading: bool,
    },
    /// The application stopped calling poll().
    Paused,
    /// The process is dead (no heartbeats, no LeaveGroup).
    Crashed,
    Error(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionView {
    pub tp: Tp,
    /// The offset of the next record poll() returns.
    pub position: Option<i64>,
    pub committed: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    pub consumer: u32,
    /// The id the coordinator gave it (`client.id-UUID`), once joined.
    pub member_id: Option<String>,
    pub group_instance_id: Option<String>,
    /// Its `partition.assignment.strategy`, most preferred first.
    pub assignors: Vec<Strategy>,
    pub max_poll_interval_ms: TimeMs,
    pub partitions: Vec<PartitionView>,
    /// Records the application finished processing.
    pub processed: usize,
    pub status: MemberStatus,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupView {
    pub group: String,
    /// The `__consumer_offsets` partition the group id hashes to.
    pub offsets_partition: u32,
    /// That partition's leader: the group coordinator.
    pub coordinator: Option<BrokerId>,
    /// `None` until the coordinator first hears of the group.
    pub state: Option<GroupState>,
    pub generation: i32,
    /// The assignor the coordinator chose (every member supports it).
    pub protocol: Option<String>,
    pub leader: Option<u32>,
    /// The consumers configured with this `group.id`, by id.
    pub members: Vec<MemberView>,
    /// The latest rebalances, oldest first (at most two).
    pub rebalances: Vec<Rebalance>,
    /// How many of the latest rebalances the strip draws: two when a
    /// member's pause runs from one into the next (a cooperative member
    /// revokes after the first and gets its partitions in the follow-up).
    pub episode_len: usize,
    /// Members' pauses in those rebalances.
    pub pauses: Vec<RebalancePause>,
}

impl GroupView {
    /// The rebalances the strip draws, oldest first.
    pub fn episode(&self) -> &[Rebalance] {
        &self.rebalances[self.rebalances.len() - self.episode_len..]
    }

    /// The latest rebalance.
    pub fn latest(&self) -> Option<&Rebalance> {
        self.rebalances.last()
    }

    /// The strip's time axis: everything the episode's rebalances and
    /// pauses did, and `now_ms` while the latest one is still running.
    pub fn axis(&self, now_ms: TimeMs) -> Option<Axis> {
        let latest = self.latest()?;
        let mut marks: Vec<TimeMs> = self.episode().iter().flat_map(Rebalance::times).collect();
        for p in &self.pauses {
            marks.extend([Some(p.from_ms), p.to_ms].into_iter().flatten());
        }
        if latest.is_open() {
            marks.push(now_ms);
        }
        Some(Axis::new(&marks))
    }

    /// The members' common `partition.assignment.strategy`, if they agree.
    pub fn assignors(&self) -> Option<&[Strategy]> {
        let first = &self.members.first()?.assignors;
        let agree = self.members.iter().all(|m| &m.assignors == first);
        agree.then_some(first.as_slice())
    }

    /// Whether every member is static (`group.instance.id`), none is, or
    /// `None` when they differ.
    pub fn static_membership(&self) -> Option<bool> {
        let first = self.members.first()?.group_instance_id.is_some();
        let agree = self
            .members
            .iter()
            .all(|m| m.group_instance_id.is_some() == first);
        agree.then_some(first)
    }
}

/// Whether the lane has a consumer in a group (the cards have something to show).
pub fn has_groups(sim: &Simulation) -> bool {
    sim.nodes
        .consumers
        .values()
        .any(|c| c.config.group_id.is_some())
}

/// One group, followed through the events.
#[derive(Default)]
struct Tracker {
    state: Option<GroupState>,
    generation: i32,
    protocol: Option<String>,
    leader: Option<u32>,
    rebalances: Vec<Rebalance>,
    /// What members did before the rebalance they cause opened.
    pending: Vec<RebalanceMember>,
}

impl Tracker {
    /// The rebalance members are joining, if one is open for JoinGroup;
    /// else what waits for the next one.
    fn joining(&mut self) -> &mut Vec<RebalanceMember> {
        match self.rebalances.last_mut() {
            Some(r) if r.joining() => &mut r.members,
            _ => &mut self.pending,
        }
    }

    fn open(&mut self) -> Option<&mut Rebalance> {
        self.rebalances.last_mut().filter(|r| r.is_open())
    }

    fn state_changed(&mut self, at_ms: TimeMs, to: GroupState, generation: i32, reason: &str) {
        self.state = Some(to);
        self.generation = generation;
        if let Some(r) = self.open() {
            if to != GroupState::CompletingRebalance {
                r.end = Some((at_ms, to));
            }
        }
        match to {
            GroupState::PreparingRebalance => {
                let members = std::mem::take(&mut self.pending);
                self.rebalances.push(Rebalance::new(reason, at_ms, members));
                if self.rebalances.len() > KEEP {
                    self.rebalances.remove(0);
                }
            }
            GroupState::Empty => {
                self.protocol = None;
                self.leader = None;
            }
            _ => {}
        }
    }

    /// The new coordinator reads the group back from its partition
    /// (`GroupMetadataManager.loadGroupsAndOffsets`): Stable with the
    /// stored generation, or Empty without members.
    fn loaded(&mut self) {
        self.state = Some(match self.protocol {
            Some(_) => GroupState::Stable,
            None => GroupState::Empty,
        });
    }

    fn apply(&mut self, t: &TimedEvent, ids: &mut VecMap<String, u32>) {
        let at_ms = t.at_ms;
        let consumer = |ids: &VecMap<String, u32>, id: &str| ids.get(id).copied();
        match &t.event {
            Event::GroupStateChanged {
                to,
                generation,
                reason,
                ..
            } => self.state_changed(at_ms, *to, *generation, reason),
            Event::JoinCompleted {
                generation,
                protocol,
                leader,
                members,
                ..
            } => {
                let leader = consumer(ids, leader);
                let joined: Vec<u32> = members.iter().filter_map(|m| consumer(ids, m)).collect();
                self.protocol = Some(protocol.clone());
                self.leader = leader;
                if let Some(r) = self.open() {
                    r.joined_ms = Some(at_ms);
                    r.generation = Some(*generation);
                    r.protocol = Some(protocol.clone());
                    r.leader = leader;
                    for c in joined {
                        r.member_mut(c);
                    }
                }
            }
            Event::AssignmentComputed { assignment, .. } => {
                if let Some(r) = self.open() {
                    r.computed_ms = Some(at_ms);
                    r.assignment = assignment
                        .iter()
                        .filter_map(|(m, tps)| Some((consumer(ids, m)?, tps.clone())))
                        .collect();
                    sort(&mut r.assignment);
                }
            }
            Event::MemberJoined {
                member_id,
                client: NodeId::Consumer(c),
                ..
            } => {
                ids.insert(member_id.clone(), *c);
                member_in(self.joining(), *c).new_member = true;
            }
            Event::StaticMemberReplaced {
                old_member_id,
                new_member_id,
                ..
            } => {
                if let Some(c) = consumer(ids, old_member_id) {
                    ids.insert(new_member_id.clone(), c);
                }
            }
            Event::MemberRemoved {
                member_id, reason, ..
            } => {
                if let Some(c) = consumer(ids, member_id) {
                    member_in(self.joining(), c).removed = Some((at_ms, reason.clone()));
                }
            }
            Event::MessageSent {
                from: NodeId::Consumer(c),
                api,
                response: false,
                ..
            } => match *api {
                "JoinGroup" => member_in(self.joining(), *c).join_ms = Some(at_ms),
                "SyncGroup" => {
                    if let Some(r) = self.open().filter(|r| r.joined_ms.is_some()) {
                        r.member_mut(*c).sync_ms = Some(at_ms);
                    }
                }
                _ => {}
            },
            Event::MessageSent {
                to: NodeId::Consumer(c),
                api: "JoinGroup",
                response: true,
                ..
            } if !self.rebalances.last().is_some_and(Rebalance::joining) => {
                forget_join(&mut self.pending, *c)
            }
            Event::PartitionsRevoked {
                consumer: c,
                partitions,
                how,
                ..
            } => {
                let revoked = Revoked {
                    at_ms,
                    partitions: partitions.clone(),
                    how: *how,
                };
                // A cooperative member revokes what moved once the
                // rebalance that moved it is over.
                let list = match (how, self.rebalances.last_mut()) {
                    (Revocation::Cooperative, Some(r)) => &mut r.members,
                    _ => self.joining(),
                };
                member_in(list, *c).revoked.push(revoked);
            }
            Event::PartitionsAssigned {
                consumer: c,
                generation,
                partitions,
                added,
                ..
            } => {
                let made = self
                    .rebalances
                    .iter_mut()
                    .rev()
                    .find(|r| r.generation == Some(*generation));
                if let Some(r) = made {
                    r.member_mut(*c).assigned = Some(Assigned {
                        at_ms,
                        partitions: partitions.clone(),
                        added: added.clone(),
                    });
                }
            }
            _ => {}
        }
    }
}

/// The group an event is about, if it is one of the trackers' events.
fn event_group<'e>(event: &'e Event, group_of: &VecMap<u32, &'e str>) -> Option<&'e str> {
    match event {
        Event::GroupStateChanged { group, .. }
        | Event::JoinCompleted { group, .. }
        | Event::AssignmentComputed { group, .. }
        | Event::MemberJoined { group, .. }
        | Event::StaticMemberReplaced { group, .. }
        | Event::MemberRemoved { group, .. }
        | Event::PartitionsRevoked { group, .. }
        | Event::PartitionsAssigned { group, .. } => Some(group),
        Event::MessageSent {
            from: NodeId::Consumer(c),
            ..
        }
        | Event::MessageSent {
            to: NodeId::Consumer(c),
            ..
        } => group_of.get(c).copied(),
        _ => None,
    }
}

fn status(c: &Consumer) -> MemberStatus {
    let rebalancing = c
        .group
        .as_ref()
        .is_some_and(|g| g.state != MemberState::Stable);
    if c.crashed {
        MemberStatus::Crashed
    } else if let Some(e) = &c.error {
        MemberStatus::Error(e.clone())
    } else if c.paused {
        MemberStatus::Paused
    } else if rebalancing {
        MemberStatus::Rebalancing {
            reading: !c.assignment.is_empty(),
        }
    } else if c.assignment.is_empty() {
        MemberStatus::Idle
    } else {
        MemberStatus::Consuming
    }
}

fn member_view(c: &Consumer) -> MemberView {
    let member_id = c.group.as_ref().map(|g| g.member_id.to_string());
    MemberView {
        consumer: c.id,
        member_id: member_id.filter(|m| !m.is_empty()),
        group_instance_id: c.config.group_instance_id.clone(),
        assignors: c.config.assignors.clone(),
        max_poll_interval_ms: c.config.max_poll_interval_ms,
        partitions: c
            .assignment
            .iter()
            .map(|tp| PartitionView {
                tp: tp.clone(),
                position: c.positions.get(tp).copied(),
                committed: c.committed.get(tp).copied(),
            })
            .collect(),
        processed: c.processed,
        status: status(c),
    }
}

/// Every group of the lane (its consumers' `group.id`s and the groups the
/// events name), by name, as of the last of `events`.
pub fn group_views(sim: &Simulation, events: &[TimedEvent]) -> Vec<GroupView> {
    let group_of: VecMap<u32, &str> = sim
        .nodes
        .consumers
        .iter()
        .filter_map(|(&id, c)| Some((id, c.config.group_id.as_deref()?)))
        .collect();
    let mut trackers: VecMap<String, Tracker> = group_of
        .values()
        .map(|g| (g.to_string(), Tracker::default()))
        .collect();
    let mut ids: VecMap<String, u32> = VecMap::new();
    for t in events {
        if let Event::GroupsLoaded { groups, .. } = &t.event {
            for g in groups {
                if let Some(t) = trackers.get_mut(g.as_str()) {
                    t.loaded();
                }
            }
        }
        let Some(g) = event_group(&t.event, &group_of) else {
            continue;
        };
        if !trackers.contains_key(g) {
            trackers.insert(g.to_string(), Tracker::default());
        }
        let tracker = trackers.get_mut(g).expect("just added");
        tracker.apply(t, &mut ids);
    }
    let mut pauses: VecMap<String, Vec<RebalancePause>> = VecMap::new();
    for p in rebalance_pauses(events) {
        pauses.entry(p.group.clone()).or_default().push(p);
    }
    let partitions = InternalTopic::ConsumerOffsets.partitions(&sim.broker_config);
    trackers
        .into_iter()
        .map(|(group, t)| {
            let offsets_partition = coordinator_partition(&group, partitions);
            let offsets_tp = Tp::new(InternalTopic::ConsumerOffsets.name(), offsets_partition);
            let coordinator = sim
                .nodes
                .controller
                .partitions
                .get(&offsets_tp)
                .and_then(|p| p.leader);
            let members = sim
                .nodes
                .consumers
                .values()
                .filter(|c| c.config.group_id.as_deref() == Some(group.as_str()))
                .map(member_view)
                .collect();
            let mine = pauses.remove(group.as_str()).unwrap_or_default();
            let episode_len = episode_len(&t.rebalances, &mine);
            let since = t.rebalances[t.rebalances.len() - episode_len..]
                .iter()
                .flat_map(Rebalance::times)
                .min();
            GroupView {
                offsets_partition,
                coordinator,
                state: t.state,
                generation: t.generation,
                protocol: t.protocol,
                leader: t.leader,
                members,
                pauses: mine
                    .into_iter()
                    .filter(|p| since.is_some_and(|s| p.from_ms >= s))
                    .collect(),
                episode_len,
                rebalances: t.rebalances,
                group,
            }
        })
        .collect()
}

/// 2 when a pause began in the rebalance before the latest and lasted
/// into it, else 1 (0 without rebalances).
fn episode_len(rebalances: &[Rebalance], pauses: &[RebalancePause]) -> usize {
    let [.., previous, latest] = rebalances else {
        return rebalances.len();
    };
    let spans = pauses.iter().any(|p| {
        p.from_ms >= previous.started_ms
            && p.from_ms < latest.started_ms
            && p.to_ms.is_none_or(|t| t >= latest.started_ms)
    });
    1 + usize::from(spans)
}
