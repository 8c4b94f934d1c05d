//! The group coordinator of the classic consumer-group protocol
//! (`kafka.coordinator.group.GroupCoordinator` / `GroupMetadataManager`):
//! it runs on the broker that leads the `__consumer_offsets` partition a
//! group id hashes to, keeps each group's members, generation and state
//! (Empty → PreparingRebalance → CompletingRebalance → Stable, Dead when
//! its partition moves away), and stores committed offsets and the group's
//! assignment as records in that partition. A new coordinator (after an
//! election) rebuilds everything by reading the partition back.
//!
//! The assignment itself is computed by the group leader (a consumer); the
//! coordinator only picks the protocol every member supports and hands the
//! leader's result out in SyncGroup.

use std::rc::Rc;

use serde::Serialize;

use super::assignor::{choose_strategy, Strategy};
use super::broker::{Broker, Replica, Role};
use super::ctx::{Ctx, Timer};
use super::event::{Event, MemberRemovedReason};
pub use super::group_state::GroupState;
use super::internal_topic::{coordinator_partition, InternalTopic};
use super::protocol::{Joined, JoinedMember, KafkaError, Message, Subscription};
use super::types::{NodeId, TimeMs, Tp};
use crate::engine::vec_map::{VecMap, VecSet};

mod record;
use record::{GroupRecord, Loaded};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    pub member_id: Rc<str>,
    pub group_instance_id: Option<Rc<str>>,
    pub client_id: Rc<str>,
    /// The consumer process behind the member (for the UI and describe).
    pub client: NodeId,
    pub session_timeout_ms: TimeMs,
    pub rebalance_timeout_ms: TimeMs,
    pub protocols: Vec<Rc<str>>,
    pub subscription: Subscription,
    pub assignment: Vec<Tp>,
    #[serde(skip)]
    awaiting_join: Option<u64>,
    #[serde(skip)]
    awaiting_sync: Option<u64>,
    #[serde(skip)]
    heartbeat_deadline: TimeMs,
    /// Order of joining: the first member to join becomes the leader.
    #[serde(skip)]
    joined_seq: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: Rc<str>,
    pub state: GroupState,
    pub generation: i32,
    pub protocol: Option<Rc<str>>,
    pub leader: Option<Rc<str>>,
    pub members: VecMap<Rc<str>, Member>,
    /// Committed offsets (what OffsetFetch answers).
    pub offsets: VecMap<Tp, i64>,
    /// Member ids handed out with MEMBER_ID_REQUIRED, not yet joined.
    pending: VecSet<Rc<str>>,
    /// When the current join phase ends at the latest.
    join_deadline: Option<TimeMs>,
    /// A group coming out of Empty: the join phase waits
    /// `group.initial.rebalance.delay.ms` after each new member, but not
    /// past this (the rebalance timeout).
    initial_join_cap: Option<TimeMs>,
    /// The latest deadline timer queued, so timers do not pile up.
    armed: Option<TimeMs>,
    next_seq: u64,
}

impl Group {
    fn new(id: Rc<str>) -> Self {
        Group {
            id,
            state: GroupState::Empty,
            generation: 0,
            protocol: None,
            leader: None,
            members: VecMap::new(),
            offsets: VecMap::new(),
            pending: VecSet::new(),
            join_deadline: None,
            initial_join_cap: None,
            armed: None,
            next_seq: 0,
        }
    }

    fn static_member(&self, instance: &str) -> Option<Rc<str>> {
        self.members
            .values()
            .find(|m| m.group_instance_id.as_deref() == Some(instance))
            .map(|m| m.member_id.clone())
    }

    /// `ClassicGroup.selectProtocol` (the vote, in `assignor::choose_strategy`).
    fn select_protocol(&self) -> Option<Rc<str>> {
        let prefs: Vec<Vec<Strategy>> = self
            .members
            .values()
            .map(|m| {
                m.protocols
                    .iter()
                    .filter_map(|p| Strategy::parse(p).ok())
                    .collect()
            })
            .collect();
        choose_strategy(&prefs).ok().map(|s| Rc::from(s.name()))
    }

    fn supports(&self, protocols: &[Rc<str>]) -> bool {
        self.members.is_empty()
            || protocols
                .iter()
                .any(|p| self.members.values().all(|m| m.protocols.contains(p)))
    }

    fn all_joined(&self) -> bool {
        self.members.values().all(|m| m.awaiting_join.is_some())
    }
}

/// An internal append waiting for its records to be committed (HW).
#[derive(Clone, Debug, PartialEq, Eq)]
struct PendingAppend {
    partition: u32,
    /// The leader epoch it was written in: a new epoch means it may be lost.
    leader_epoch: i32,
    /// The HW must reach this for the records to be committed.
    end_offset: i64,
    deadline: TimeMs,
    then: Append,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Append {
    Offsets {
        group: Rc<str>,
        from: NodeId,
        correlation: u64,
        offsets: Vec<(Tp, i64)>,
    },
    Assignment {
        group: Rc<str>,
        generation: i32,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupCoordinator {
    pub groups: VecMap<Rc<str>, Group>,
    /// `__consumer_offsets` partitions read back, with the leader epoch
    /// they were loaded in (a new epoch means a reload).
    loaded: VecMap<u32, i32>,
    appends: VecMap<u64, PendingAppend>,
    next_append: u64,
}

fn offsets_tp(partition: u32) -> Tp {
    Tp::new(InternalTopic::ConsumerOffsets.name(), partition)
}

/// A random version-4 UUID's text, from the seeded RNG (member ids).
fn uuid(ctx: &mut Ctx) -> String {
    let (a, b) = (ctx.rng.next_u64(), ctx.rng.next_u64());
    let h = format!("{a:016x}{b:016x}");
    // RFC 4122: version 4, variant 10xx.
    let variant = ['8', '9', 'a', 'b'][usize::from(h.as_bytes()[16] % 4)];
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

impl Broker {
    /// The group the request is for, loaded and coordinated here, or the
    /// error the client gets (NOT_COORDINATOR sends it looking again).
    fn coordinated_group(&mut self, group: &str, ctx: &mut Ctx) -> Result<u32, KafkaError> {
        if group.is_empty() {
            return Err(KafkaError::InvalidGroupId);
        }
        let n = InternalTopic::ConsumerOffsets.partitions(ctx.broker_config);
        let p = coordinator_partition(group, n);
        let epoch = match self.replicas.get(&offsets_tp(p)) {
            Some(Replica {
                role: Role::Leader(st),
                ..
            }) => st.leader_epoch,
            _ => return Err(KafkaError::NotCoordinator),
        };
        if self.groups.loaded.get(&p) != Some(&epoch) {
            self.load_groups(p, epoch, ctx);
        }
        Ok(p)
    }

    /// `GroupMetadataManager.loadGroupsAndOffsets`: replays the partition.
    /// Members come back with fresh session deadlines; any that stopped
    /// heartbeating meanwhile expire and trigger a rebalance.
    fn load_groups(&mut self, p: u32, epoch: i32, ctx: &mut Ctx) {
        let n = InternalTopic::ConsumerOffsets.partitions(ctx.broker_config);
        self.groups
            .groups
            .retain(|id, _| coordinator_partition(id, n) != p);
        let mut groups: VecMap<Rc<str>, Group> = VecMap::new();
        if let Some(r) = self.replicas.get(&offsets_tp(p)) {
            for rec in r.log.records.iter() {
                let Some(loaded) = rec
                    .key
                    .as_deref()
                    .and_then(|k| record::decode(k, &rec.value))
                else {
                    continue;
                };
                match loaded {
                    Loaded::Offset { group, tp, offset } => {
                        let g: Rc<str> = Rc::from(group);
                        groups
                            .entry(g.clone())
                            .or_insert_with(|| Group::new(g))
                            .offsets
                            .insert(tp, offset);
                    }
                    Loaded::Group {
                        group: g,
                        record: v,
                    } => {
                        let g: Rc<str> = Rc::from(g);
                        let group = groups.entry(g.clone()).or_insert_with(|| Group::new(g));
                        group.generation = v.generation;
                        group.protocol = v.protocol;
                        group.leader = v.leader;
                        group.members = v
                            .members
                            .into_iter()
                            .map(|mut m| {
                                m.heartbeat_deadline = ctx.now + m.session_timeout_ms;
                                (m.member_id.clone(), m)
                            })
                            .collect();
                        group.state = if group.members.is_empty() {
                            GroupState::Empty
                        } else {
                            GroupState::Stable
                        };
                    }
                }
            }
        }
        let ids: Vec<Rc<str>> = groups.keys().cloned().collect();
        ctx.emit(Event::GroupsLoaded {
            coordinator: self.id,
            partition: p,
            groups: ids.iter().map(|g| g.to_string()).collect(),
        });
        self.groups.groups.extend(groups);
        self.groups.loaded.insert(p, epoch);
        for g in ids {
            self.arm_group_deadline(&g, ctx);
        }
    }

    /// After a leadership change: load the groups of `__consumer_offsets`
    /// partitions this broker now leads (`onElection`), drop the others.
    pub fn sync_group_partitions(&mut self, ctx: &mut Ctx) {
        self.unload_groups(ctx);
        let led: Vec<(u32, i32)> = self
            .replicas
            .iter()
            .filter(|(tp, _)| *tp.topic == *InternalTopic::ConsumerOffsets.name())
            .filter_map(|(tp, r)| match &r.role {
                Role::Leader(st) => Some((tp.partition, st.leader_epoch)),
                _ => None,
            })
            .collect();
        for (p, epoch) in led {
            if self.groups.loaded.get(&p) != Some(&epoch) {
                self.load_groups(p, epoch, ctx);
            }
        }
    }

    /// Forgets the groups of partitions this broker no longer leads (their
    /// state is Dead here; the new leader loads them).
    fn unload_groups(&mut self, ctx: &mut Ctx) {
        let led: VecSet<u32> = self
            .groups
            .loaded
            .iter()
            .filter(|(p, e)| {
                matches!(self.replicas.get(&offsets_tp(**p)),
                    Some(Replica { role: Role::Leader(st), .. }) if st.leader_epoch == **e)
            })
            .map(|(p, _)| *p)
            .collect();
        let n = InternalTopic::ConsumerOffsets.partitions(ctx.broker_config);
        let gone: Vec<Rc<str>> = self
            .groups
            .groups
            .keys()
            .filter(|g| !led.contains(&coordinator_partition(g, n)))
            .cloned()
            .collect();
        for g in gone {
            let group = self.groups.groups.remove(&g).expect("listed");
            if group.state != GroupState::Empty || !group.members.is_empty() {
                ctx.emit(Event::GroupStateChanged {
                    group: g.to_string(),
                    coordinator: self.id,
                    from: group.state,
                    to: GroupState::Dead,
                    generation: group.generation,
                    reason:
                        "the coordinator no longer leads the group's __consumer_offsets partition"
                            .into(),
                });
            }
        }
        self.groups.loaded.retain(|p, _| led.contains(p));
    }

    /// Group protocol requests; `None` if `msg` is not one.
    pub fn on_group_message(&mut self, from: NodeId, msg: Message, ctx: &mut Ctx) -> Option<()> {
        match msg {
            Message::JoinGroup {
                correlation,
                group,
                member_id,
                group_instance_id,
                client_id,
                session_timeout_ms,
                rebalance_timeout_ms,
                protocols,
                subscription,
            } => {
                let member = Member {
                    member_id,
                    group_instance_id,
                    client_id,
                    client: from,
                    session_timeout_ms,
                    rebalance_timeout_ms,
                    protocols,
                    subscription,
                    assignment: Vec::new(),
                    awaiting_join: Some(correlation),
                    awaiting_sync: None,
                    heartbeat_deadline: 0,
                    joined_seq: 0,
                };
                if let Err(e) = self.join(&group, member, ctx) {
                    let reply = Message::JoinGroupResponse {
                        correlation,
                        member_id: Rc::from(""),
                        result: Err(e),
                    };
                    ctx.send(self.node(), from, reply);
                }
            }
            Message::SyncGroup {
                correlation,
                group,
                member_id,
                generation,
                assignments,
            } => {
                if let Err(e) = self.sync(
                    &group,
                    &member_id,
                    generation,
                    correlation,
                    assignments,
                    ctx,
                ) {
                    let reply = Message::SyncGroupResponse {
                        correlation,
                        result: Err(e),
                    };
                    ctx.send(self.node(), from, reply);
                }
            }
            Message::Heartbeat {
                correlation,
                group,
                member_id,
                generation,
            } => {
                let result = self.heartbeat(&group, &member_id, generation, ctx);
                let reply = Message::HeartbeatResponse {
                    correlation,
                    result,
                };
                ctx.send(self.node(), from, reply);
            }
            Message::LeaveGroup {
                correlation,
                group,
                member_id,
                reason,
            } => {
                let result = self.coordinated_group(&group, ctx).and_then(|_| {
                    let g = self
                        .groups
                        .groups
                        .get(&group)
                        .ok_or(KafkaError::UnknownMemberId)?;
                    if !g.members.contains_key(&member_id) {
                        return Err(KafkaError::UnknownMemberId);
                    }
                    let why = MemberRemovedReason::LeftGroup(reason.to_string());
                    self.remove_member(&group, &member_id, why, ctx);
                    Ok(())
                });
                let reply = Message::LeaveGroupResponse {
                    correlation,
                    result,
                };
                ctx.send(self.node(), from, reply);
            }
            Message::OffsetCommit {
                correlation,
                group,
                member_id,
                generation,
                offsets,
            } => {
                if let Err(e) = self.commit(
                    &group,
                    &member_id,
                    generation,
                    from,
                    correlation,
                    offsets,
                    ctx,
                ) {
                    let reply = Message::OffsetCommitResponse {
                        correlation,
                        result: Err(e),
                    };
                    ctx.send(self.node(), from, reply);
                }
            }
            Message::OffsetFetch {
                correlation,
                group,
                partitions,
            } => {
                let result = self.coordinated_group(&group, ctx).map(|_| {
                    let offsets = self.groups.groups.get(&group).map(|g| &g.offsets);
                    partitions
                        .into_iter()
                        .map(|tp| {
                            let o = offsets.and_then(|o| o.get(&tp)).copied();
                            (tp, o)
                        })
                        .collect()
                });
                let reply = Message::OffsetFetchResponse {
                    correlation,
                    result,
                };
                ctx.send(self.node(), from, reply);
            }
            _ => return None,
        }
        Some(())
    }

    fn group_mut(&mut self, group: &str) -> &mut Group {
        let id: Rc<str> = Rc::from(group);
        self.groups
            .groups
            .entry(id.clone())
            .or_insert_with(|| Group::new(id))
    }

    /// `GroupCoordinator.handleJoinGroup`.
    fn join(&mut self, group: &str, mut m: Member, ctx: &mut Ctx) -> Result<(), KafkaError> {
        self.coordinated_group(group, ctx)?;
        let cfg = ctx.broker_config;
        if m.session_timeout_ms < cfg.group_min_session_timeout_ms
            || m.session_timeout_ms > cfg.group_max_session_timeout_ms
        {
            return Err(KafkaError::InvalidSessionTimeout);
        }
        let g = self.group_mut(group);
        if m.protocols.is_empty() || !g.supports(&m.protocols) {
            return Err(KafkaError::InconsistentGroupProtocol);
        }
        m.heartbeat_deadline = ctx.now + m.session_timeout_ms;
        let (client, correlation) = (m.client, m.awaiting_join.expect("join"));
        if m.member_id.is_empty() {
            let new_id: Rc<str> = Rc::from(format!("{}-{}", m.client_id, uuid(ctx)));
            let g = self.group_mut(group);
            match m.group_instance_id.clone() {
                // KIP-394: a dynamic member first learns its id.
                None => {
                    g.pending.insert(new_id.clone());
                    let reply = Message::JoinGroupResponse {
                        correlation,
                        member_id: new_id,
                        result: Err(KafkaError::MemberIdRequired),
                    };
                    ctx.send(self.node(), client, reply);
                    return Ok(());
                }
                Some(instance) => {
                    if let Some(old) = g.static_member(&instance) {
                        return self.replace_static_member(group, &old, new_id, m, ctx);
                    }
                    m.member_id = new_id;
                }
            }
        }
        let g = self.group_mut(group);
        match g.members.get_mut(&m.member_id) {
            Some(existing) => {
                // `MemberMetadata.matches`: the protocol metadata compared
                // whole, owned partitions included, so a cooperative member
                // rejoining after a revocation triggers the follow-up
                // rebalance (KIP-429).
                let changed =
                    existing.protocols != m.protocols || existing.subscription != m.subscription;
                existing.protocols = m.protocols;
                existing.subscription = m.subscription;
                existing.awaiting_join = Some(correlation);
                existing.heartbeat_deadline = m.heartbeat_deadline;
                existing.client = client;
                let is_leader = g.leader.as_deref() == Some(&*existing.member_id);
                if g.state == GroupState::Stable && !changed && !is_leader {
                    // Nothing changed: the current generation stands.
                    let id = existing.member_id.clone();
                    existing.awaiting_join = None;
                    let joined = joined_reply(g, &id, false);
                    let reply = Message::JoinGroupResponse {
                        correlation,
                        member_id: id,
                        result: Ok(joined),
                    };
                    ctx.send(self.node(), client, reply);
                    return Ok(());
                }
            }
            None => {
                // A dynamic member must come back with the id it was given;
                // an id the coordinator no longer knows (it expired) is refused.
                if m.group_instance_id.is_none() && !g.pending.remove(&m.member_id) {
                    return Err(KafkaError::UnknownMemberId);
                }
                if let Some(cap) = g.initial_join_cap {
                    let delay = ctx.broker_config.group_initial_rebalance_delay_ms;
                    g.join_deadline = Some((ctx.now + delay).min(cap));
                }
                g.next_seq += 1;
                m.joined_seq = g.next_seq;
                ctx.emit(Event::MemberJoined {
                    group: group.to_string(),
                    member_id: m.member_id.to_string(),
                    group_instance_id: m.group_instance_id.as_deref().map(str::to_string),
                    client: m.client,
                });
                g.members.insert(m.member_id.clone(), m);
            }
        }
        self.prepare_rebalance(group, "a member joined or rejoined", ctx);
        self.maybe_complete_join(group, ctx);
        Ok(())
    }

    /// KIP-345: a static member restarted (same group.instance.id, new
    /// member id). The old id is fenced; a stable group hands the new id
    /// the old assignment without a rebalance.
    fn replace_static_member(
        &mut self,
        group: &str,
        old: &Rc<str>,
        new_id: Rc<str>,
        mut m: Member,
        ctx: &mut Ctx,
    ) -> Result<(), KafkaError> {
        let node = self.node();
        let g = self.group_mut(group);
        let prev = g.members.remove(old).expect("found");
        let changed =
            prev.protocols != m.protocols || prev.subscription.topics != m.subscription.topics;
        let correlation = m.awaiting_join.expect("join");
        m.member_id = new_id.clone();
        m.assignment = prev.assignment;
        m.joined_seq = prev.joined_seq;
        if g.leader.as_ref() == Some(old) {
            g.leader = Some(new_id.clone());
        }
        ctx.emit(Event::StaticMemberReplaced {
            group: group.to_string(),
            group_instance_id: m.group_instance_id.as_deref().unwrap_or("").to_string(),
            old_member_id: old.to_string(),
            new_member_id: new_id.to_string(),
            rebalance: g.state != GroupState::Stable || changed,
        });
        if g.state == GroupState::Stable && !changed {
            m.awaiting_join = None;
            let client = m.client;
            g.members.insert(new_id.clone(), m);
            let joined = joined_reply(g, &new_id, true);
            let reply = Message::JoinGroupResponse {
                correlation,
                member_id: new_id,
                result: Ok(joined),
            };
            ctx.send(node, client, reply);
            return Ok(());
        }
        g.members.insert(new_id, m);
        self.prepare_rebalance(
            group,
            "a static member rejoined with a changed subscription",
            ctx,
        );
        self.maybe_complete_join(group, ctx);
        Ok(())
    }

    fn set_state(&mut self, group: &str, to: GroupState, reason: &str, ctx: &mut Ctx) {
        let me = self.id;
        let g = self.group_mut(group);
        if g.state == to {
            return;
        }
        ctx.emit(Event::GroupStateChanged {
            group: group.to_string(),
            coordinator: me,
            from: g.state,
            to,
            generation: g.generation,
            reason: reason.to_string(),
        });
        g.state = to;
    }

    /// `prepareRebalance`: everyone must rejoin within the rebalance timeout.
    /// An empty group waits `group.initial.rebalance.delay.ms` first so that
    /// members starting together land in one generation (InitialDelayedJoin).
    fn prepare_rebalance(&mut self, group: &str, reason: &str, ctx: &mut Ctx) {
        let delay = ctx.broker_config.group_initial_rebalance_delay_ms;
        let now = ctx.now;
        let g = self.group_mut(group);
        let max_rebalance = g
            .members
            .values()
            .map(|m| m.rebalance_timeout_ms)
            .max()
            .unwrap_or(0);
        match g.state {
            GroupState::PreparingRebalance => return,
            GroupState::Empty | GroupState::Dead => {
                g.join_deadline = Some(now + delay.min(max_rebalance));
                g.initial_join_cap = Some(now + max_rebalance);
            }
            GroupState::Stable | GroupState::CompletingRebalance => {
                g.join_deadline = Some(now + max_rebalance);
                // Members waiting for SyncGroup must rejoin instead.
                let waiting: Vec<(NodeId, u64)> = g
                    .members
                    .values_mut()
                    .filter_map(|m| m.awaiting_sync.take().map(|c| (m.client, c)))
                    .collect();
                for (client, correlation) in waiting {
                    let reply = Message::SyncGroupResponse {
                        correlation,
                        result: Err(KafkaError::RebalanceInProgress),
                    };
                    ctx.send(self.node(), client, reply);
                }
            }
        }
        self.set_state(group, GroupState::PreparingRebalance, reason, ctx);
        self.arm_group_deadline(group, ctx);
    }

    /// Completes the join phase once every member rejoined (a group coming
    /// out of Empty waits out its initial delay), or at the deadline.
    fn maybe_complete_join(&mut self, group: &str, ctx: &mut Ctx) {
        let now = ctx.now;
        let g = self.group_mut(group);
        if g.state != GroupState::PreparingRebalance {
            return;
        }
        let deadline_passed = g.join_deadline.is_some_and(|d| d <= now);
        let initial = g.initial_join_cap.is_some();
        if deadline_passed || (!initial && g.all_joined()) {
            self.complete_join(group, ctx);
        }
    }

    fn complete_join(&mut self, group: &str, ctx: &mut Ctx) {
        let late: Vec<Rc<str>> = self
            .group_mut(group)
            .members
            .values()
            .filter(|m| m.awaiting_join.is_none())
            .map(|m| m.member_id.clone())
            .collect();
        for id in late {
            let g = self.group_mut(group);
            g.members.remove(&id);
            ctx.emit(Event::MemberRemoved {
                group: group.to_string(),
                member_id: id.to_string(),
                reason: MemberRemovedReason::RebalanceTimeout,
            });
        }
        let node = self.node();
        let g = self.group_mut(group);
        g.join_deadline = None;
        g.initial_join_cap = None;
        g.pending.clear();
        g.generation += 1;
        if g.members.is_empty() {
            g.protocol = None;
            g.leader = None;
            self.set_state(group, GroupState::Empty, "no member rejoined", ctx);
            return;
        }
        g.protocol = g.select_protocol();
        if !g.leader.as_ref().is_some_and(|l| g.members.contains_key(l)) {
            g.leader = g
                .members
                .values()
                .min_by_key(|m| m.joined_seq)
                .map(|m| m.member_id.clone());
        }
        let leader = g.leader.clone().expect("members");
        ctx.emit(Event::JoinCompleted {
            group: group.to_string(),
            generation: g.generation,
            protocol: g.protocol.as_deref().unwrap_or("").to_string(),
            leader: leader.to_string(),
            members: g.members.keys().map(|m| m.to_string()).collect(),
        });
        let replies: Vec<(NodeId, u64, Rc<str>, Joined)> = g
            .members
            .values()
            .map(|m| {
                let joined = joined_reply(g, &m.member_id, false);
                (
                    m.client,
                    m.awaiting_join.expect("all joined"),
                    m.member_id.clone(),
                    joined,
                )
            })
            .collect();
        for m in g.members.values_mut() {
            m.awaiting_join = None;
            m.heartbeat_deadline = ctx.now + m.session_timeout_ms;
        }
        for (client, correlation, member_id, joined) in replies {
            let reply = Message::JoinGroupResponse {
                correlation,
                member_id,
                result: Ok(joined),
            };
            ctx.send(node, client, reply);
        }
        self.set_state(
            group,
            GroupState::CompletingRebalance,
            "every member has joined; waiting for the leader's assignment",
            ctx,
        );
        self.arm_group_deadline(group, ctx);
    }

    /// The checks every request from a member passes first (unknown
    /// member, stale generation); a valid request counts as a heartbeat.
    fn live_member(
        &mut self,
        group: &str,
        member_id: &str,
        generation: i32,
        ctx: &mut Ctx,
    ) -> Result<&mut Group, KafkaError> {
        self.coordinated_group(group, ctx)?;
        let g = self
            .groups
            .groups
            .get_mut(group)
            .ok_or(KafkaError::UnknownMemberId)?;
        if generation != g.generation && g.members.contains_key(member_id) {
            return Err(KafkaError::IllegalGeneration);
        }
        let m = g
            .members
            .get_mut(member_id)
            .ok_or(KafkaError::UnknownMemberId)?;
        m.heartbeat_deadline = ctx.now + m.session_timeout_ms;
        Ok(g)
    }

    /// `GroupCoordinator.handleSyncGroup`.
    fn sync(
        &mut self,
        group: &str,
        member_id: &str,
        generation: i32,
        correlation: u64,
        assignments: Vec<(Rc<str>, Vec<Tp>)>,
        ctx: &mut Ctx,
    ) -> Result<(), KafkaError> {
        let node = self.node();
        let g = self.live_member(group, member_id, generation, ctx)?;
        let m = g.members.get_mut(member_id).expect("live member");
        match g.state {
            GroupState::PreparingRebalance => Err(KafkaError::RebalanceInProgress),
            GroupState::Stable => {
                let reply = Message::SyncGroupResponse {
                    correlation,
                    result: Ok(m.assignment.clone()),
                };
                ctx.send(node, m.client, reply);
                Ok(())
            }
            GroupState::CompletingRebalance => {
                m.awaiting_sync = Some(correlation);
                if g.leader.as_deref() == Some(member_id) {
                    for mem in g.members.values_mut() {
                        mem.assignment = assignments
                            .iter()
                            .find(|(id, _)| *id == mem.member_id)
                            .map(|(_, a)| a.clone())
                            .unwrap_or_default();
                    }
                    let record = GroupRecord {
                        protocol: g.protocol.clone(),
                        generation: g.generation,
                        leader: g.leader.clone(),
                        members: g.members.values().cloned().collect(),
                    };
                    let (key, value) = (record::group_key(group), record::group_value(&record));
                    let label = format!("{group}: generation {generation}");
                    let append = Append::Assignment {
                        group: Rc::from(group),
                        generation,
                    };
                    self.append_internal(group, vec![(key, value, label)], append, ctx);
                }
                Ok(())
            }
            GroupState::Empty | GroupState::Dead => Err(KafkaError::UnknownMemberId),
        }
    }

    fn heartbeat(
        &mut self,
        group: &str,
        member_id: &str,
        generation: i32,
        ctx: &mut Ctx,
    ) -> Result<(), KafkaError> {
        let g = self.live_member(group, member_id, generation, ctx)?;
        match g.state {
            GroupState::PreparingRebalance => Err(KafkaError::RebalanceInProgress),
            GroupState::Empty | GroupState::Dead => Err(KafkaError::UnknownMemberId),
            _ => Ok(()),
        }
    }

    /// `GroupCoordinator.handleCommitOffsets`: members commit with their
    /// generation; a consumer outside group management (generation -1)
    /// may commit while the group has no members.
    #[allow(clippy::too_many_arguments)]
    fn commit(
        &mut self,
        group: &str,
        member_id: &str,
        generation: i32,
        from: NodeId,
        correlation: u64,
        offsets: Vec<(Tp, i64)>,
        ctx: &mut Ctx,
    ) -> Result<(), KafkaError> {
        if generation < 0 && member_id.is_empty() {
            self.coordinated_group(group, ctx)?;
            if !self.group_mut(group).members.is_empty() {
                return Err(KafkaError::UnknownMemberId);
            }
        } else if self.live_member(group, member_id, generation, ctx)?.state
            == GroupState::CompletingRebalance
        {
            return Err(KafkaError::RebalanceInProgress);
        }
        let now = ctx.now;
        let records = offsets
            .iter()
            .map(|(tp, o)| {
                let (key, value) = (record::offset_key(group, tp), record::offset_value(*o, now));
                (key, value, format!("{group}: {tp}@{o}"))
            })
            .collect();
        let append = Append::Offsets {
            group: Rc::from(group),
            from,
            correlation,
            offsets,
        };
        self.append_internal(group, records, append, ctx);
        Ok(())
    }

    /// Appends to the group's `__consumer_offsets` partition as the
    /// leader's own records (`Leading::append_internal`, shared with the
    /// transaction coordinator); like Kafka's acks=-1
    /// (`offsets.commit.required.acks`) the outcome waits for the HW.
    fn append_internal(
        &mut self,
        group: &str,
        records: Vec<(String, String, String)>,
        then: Append,
        ctx: &mut Ctx,
    ) {
        let n = InternalTopic::ConsumerOffsets.partitions(ctx.broker_config);
        let partition = coordinator_partition(group, n);
        let tp = offsets_tp(partition);
        let mut written = Ok(0);
        let mut leader_epoch = -1;
        if let Some(mut l) = self.leading(&tp, ctx) {
            leader_epoch = l.st.leader_epoch;
            for (k, v, label) in records {
                written = l.append_internal(Rc::from(k), Rc::from(v), Rc::from(label));
                if written.is_err() {
                    break;
                }
            }
        } else {
            written = Err(KafkaError::NotLeaderOrFollower);
        }
        let end_offset = match written {
            Ok(end) => end,
            Err(_) => return self.append_done(then, false, ctx),
        };
        self.groups.next_append += 1;
        let id = self.groups.next_append;
        let timeout = ctx.broker_config.offsets_commit_timeout_ms;
        self.groups.appends.insert(
            id,
            PendingAppend {
                partition,
                leader_epoch,
                end_offset,
                deadline: ctx.now + timeout,
                then,
            },
        );
        ctx.after(self.node(), timeout, Timer::GroupAppendTimeout);
        self.group_progress(ctx);
    }

    /// Completes internal appends the HW has passed, and fails those whose
    /// partition changed leader or that waited past offsets.commit.timeout.ms.
    pub fn group_progress(&mut self, ctx: &mut Ctx) {
        if self.groups.appends.is_empty() {
            return;
        }
        let now = ctx.now;
        let mut settled = Vec::new();
        for (&id, a) in &self.groups.appends {
            let led = match self.replicas.get(&offsets_tp(a.partition)) {
                Some(Replica {
                    log,
                    role: Role::Leader(st),
                }) if st.leader_epoch == a.leader_epoch => Some(log.hw),
                _ => None,
            };
            match led {
                Some(hw) if hw >= a.end_offset => settled.push((id, true)),
                Some(_) if a.deadline > now => {}
                _ => settled.push((id, false)),
            }
        }
        for (id, ok) in settled {
            let a = self.groups.appends.remove(&id).expect("listed");
            self.append_done(a.then, ok, ctx);
        }
    }

    fn append_done(&mut self, append: Append, ok: bool, ctx: &mut Ctx) {
        match append {
            Append::Offsets {
                group,
                from,
                correlation,
                offsets,
            } => {
                let result = if ok {
                    let g = self.group_mut(&group);
                    for (tp, o) in &offsets {
                        g.offsets.insert(tp.clone(), *o);
                    }
                    ctx.emit(Event::OffsetsCommitted {
                        group: group.to_string(),
                        coordinator: self.id,
                        client: from,
                        offsets: offsets.clone(),
                    });
                    Ok(offsets)
                } else {
                    Err(KafkaError::NotCoordinator)
                };
                let reply = Message::OffsetCommitResponse {
                    correlation,
                    result,
                };
                ctx.send(self.node(), from, reply);
            }
            Append::Assignment { group, generation } => {
                let node = self.node();
                let g = self.group_mut(&group);
                if g.generation != generation || g.state != GroupState::CompletingRebalance {
                    return;
                }
                if !ok {
                    // `storeGroup` failed: members must rejoin.
                    self.prepare_rebalance(&group, "storing the assignment failed", ctx);
                    return;
                }
                let replies: Vec<(NodeId, u64, Vec<Tp>)> = g
                    .members
                    .values_mut()
                    .filter_map(|m| {
                        m.awaiting_sync
                            .take()
                            .map(|c| (m.client, c, m.assignment.clone()))
                    })
                    .collect();
                for (client, correlation, assignment) in replies {
                    let reply = Message::SyncGroupResponse {
                        correlation,
                        result: Ok(assignment),
                    };
                    ctx.send(node, client, reply);
                }
                self.set_state(
                    &group,
                    GroupState::Stable,
                    "the leader's assignment is stored in __consumer_offsets",
                    ctx,
                );
            }
        }
    }

    fn remove_member(
        &mut self,
        group: &str,
        member_id: &str,
        reason: MemberRemovedReason,
        ctx: &mut Ctx,
    ) {
        let g = self.group_mut(group);
        if g.members.remove(member_id).is_none() {
            return;
        }
        ctx.emit(Event::MemberRemoved {
            group: group.to_string(),
            member_id: member_id.to_string(),
            reason,
        });
        match g.state {
            GroupState::Stable | GroupState::CompletingRebalance => {
                if g.members.is_empty() {
                    g.generation += 1;
                    g.protocol = None;
                    g.leader = None;
                    self.set_state(group, GroupState::Empty, "the last member left", ctx);
                } else {
                    self.prepare_rebalance(group, "a member left the group", ctx)
                }
            }
            GroupState::PreparingRebalance => self.maybe_complete_join(group, ctx),
            GroupState::Empty | GroupState::Dead => {}
        }
    }

    /// One timer per group at its next deadline (session expiry or the
    /// end of the join phase), re-armed only when that moves earlier.
    fn arm_group_deadline(&mut self, group: &str, ctx: &mut Ctx) {
        let node = self.node();
        let g = self.group_mut(group);
        let next = g
            .members
            .values()
            .filter(|m| m.awaiting_join.is_none() && m.awaiting_sync.is_none())
            .map(|m| m.heartbeat_deadline)
            .chain(g.join_deadline)
            .min();
        if let Some(at) = next {
            if g.armed.is_none_or(|a| at < a || a < ctx.now) {
                g.armed = Some(at);
                let id = g.id.clone();
                ctx.after(
                    node,
                    at.saturating_sub(ctx.now),
                    Timer::GroupDeadline { group: id },
                );
            }
        }
    }

    /// Session timeouts (`onExpireHeartbeat`) and the join-phase deadline.
    pub fn on_group_deadline(&mut self, group: &str, ctx: &mut Ctx) {
        if self.coordinated_group(group, ctx).is_err() {
            return;
        }
        let now = ctx.now;
        let g = self.group_mut(group);
        if g.armed.is_some_and(|a| a <= now) {
            g.armed = None;
        }
        let expired: Vec<Rc<str>> = g
            .members
            .values()
            .filter(|m| {
                m.awaiting_join.is_none()
                    && m.awaiting_sync.is_none()
                    && m.heartbeat_deadline <= now
            })
            .map(|m| m.member_id.clone())
            .collect();
        for id in expired {
            self.remove_member(group, &id, MemberRemovedReason::SessionTimeout, ctx);
        }
        self.maybe_complete_join(group, ctx);
        self.arm_group_deadline(group, ctx);
    }
}

fn joined_reply(g: &Group, member_id: &Rc<str>, skip_assignment: bool) -> Joined {
    let is_leader = g.leader.as_ref() == Some(member_id);
    Joined {
        generation: g.generation,
        protocol: g.protocol.clone().unwrap_or_else(|| Rc::from("")),
        leader: g.leader.clone().unwrap_or_else(|| Rc::from("")),
        member_id: member_id.clone(),
        members: if is_leader && !skip_assignment {
            g.members
                .values()
                .map(|m| JoinedMember {
                    member_id: m.member_id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    subscription: m.subscription.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
        skip_assignment,
    }
}
