//! A consumer's side of group membership (`ConsumerCoordinator` +
//! `AbstractCoordinator` in the Java client): find the coordinator, join
//! (MEMBER_ID_REQUIRED, then JoinGroup with the member id), compute the
//! assignment when elected leader, SyncGroup, heartbeat, leave on poll
//! timeout, and commit offsets. Eager protocols revoke every partition
//! before rejoining; cooperative-sticky revokes only what moves and
//! rejoins once more so it can be assigned (KIP-429).

use std::rc::Rc;

use super::assignor::{self, MemberSubscription, RebalanceProtocol, Strategy};
use super::consumer::{Consumer, Pending};
use super::ctx::{Ctx, Timer};
use super::event::{Event, Revocation};
use super::protocol::{CoordinatorType, Joined, KafkaError, Message, Subscription};
use super::types::{BrokerId, NodeId, Tp};
use crate::engine::vec_map::VecMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    /// Needs a (re)join.
    Unjoined,
    Joining,
    Syncing,
    Stable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub group: Rc<str>,
    pub protocol: RebalanceProtocol,
    pub coordinator: Option<BrokerId>,
    pub member_id: Rc<str>,
    /// -1 until the first JoinGroup succeeds (DEFAULT_GENERATION).
    pub generation: i32,
    pub state: MemberState,
    /// Whether a heartbeat is on its way (one at a time).
    heartbeat_in_flight: bool,
}

impl Membership {
    pub fn new(group: &str, protocol: RebalanceProtocol) -> Self {
        Membership {
            group: Rc::from(group),
            protocol,
            coordinator: None,
            member_id: Rc::from(""),
            generation: -1,
            state: MemberState::Unjoined,
            heartbeat_in_flight: false,
        }
    }
}

fn to_pair(tp: &Tp) -> (String, u32) {
    (tp.topic.to_string(), tp.partition)
}

/// The `client.id` a consumer gets by default, `consumer-{group.id}-{N}`
/// (`ConsumerConfig`); Java numbers N per process, here it is the consumer's id.
pub fn client_id(group: &str, consumer: u32) -> String {
    format!("consumer-{group}-{consumer}")
}

impl Consumer {
    fn client_id(&self) -> Rc<str> {
        let group = self.group.as_ref().map_or("", |g| &g.group);
        Rc::from(client_id(group, self.id))
    }

    /// Drives membership forward; called from every poll-loop pass.
    pub(super) fn ensure_group(&mut self, ctx: &mut Ctx) {
        let Some(g) = &self.group else { return };
        if self
            .has_pending(|p| matches!(p, Pending::FindCoordinator | Pending::Join | Pending::Sync))
        {
            return;
        }
        match (g.coordinator, g.state) {
            (None, _) => {
                let key = g.group.clone();
                let (node, timeout) = (self.node(), self.config.request_timeout_ms);
                if let Some(c) = self.bootstrap.request(node, timeout, ctx, |correlation| {
                    Message::FindCoordinator {
                        correlation,
                        key,
                        key_type: CoordinatorType::Group,
                    }
                }) {
                    self.pending.insert(c, Pending::FindCoordinator);
                }
            }
            (Some(_), MemberState::Unjoined)
                if !self.paused && !self.subscription.is_empty() && self.closing.is_none() =>
            {
                self.join_group(ctx)
            }
            _ => {}
        }
    }

    fn send_to_coordinator(
        &mut self,
        pending: Pending,
        ctx: &mut Ctx,
        make: impl FnOnce(u64, &Membership) -> Message,
    ) {
        let Some(g) = &self.group else { return };
        let Some(coordinator) = g.coordinator else {
            return;
        };
        let correlation = ctx.correlation();
        let msg = make(correlation, g);
        self.pending.insert(correlation, pending);
        ctx.send(self.node(), NodeId::Broker(coordinator), msg);
        ctx.after(
            self.node(),
            self.config.request_timeout_ms,
            Timer::RequestTimeout { correlation },
        );
    }

    /// `onJoinPrepare`: eager protocols give up everything (committing
    /// first when auto-commit is on), then JoinGroup.
    fn join_group(&mut self, ctx: &mut Ctx) {
        let eager = self
            .group
            .as_ref()
            .is_some_and(|g| g.protocol == RebalanceProtocol::Eager);
        if eager && !self.assignment.is_empty() {
            if self.config.enable_auto_commit {
                self.commit_positions(ctx);
            }
            let all = self.assignment.clone();
            self.revoke(&all, Revocation::Eager, ctx);
        }
        let owned = self.assignment.clone();
        let subscription = Subscription {
            topics: self.subscription.clone(),
            owned,
            generation: self.group.as_ref().map_or(-1, |g| g.generation),
        };
        let (client_id, cfg) = (self.client_id(), self.config.clone());
        if let Some(g) = &mut self.group {
            g.state = MemberState::Joining;
        }
        self.send_to_coordinator(Pending::Join, ctx, |correlation, g| Message::JoinGroup {
            correlation,
            group: g.group.clone(),
            member_id: g.member_id.clone(),
            group_instance_id: cfg.group_instance_id.as_deref().map(Rc::from),
            client_id,
            session_timeout_ms: cfg.session_timeout_ms,
            rebalance_timeout_ms: cfg.max_poll_interval_ms,
            protocols: cfg.assignors.iter().map(|s| Rc::from(s.name())).collect(),
            subscription,
        });
    }

    pub(super) fn revoke(&mut self, partitions: &[Tp], how: Revocation, ctx: &mut Ctx) {
        if partitions.is_empty() {
            return;
        }
        self.assignment.retain(|tp| !partitions.contains(tp));
        self.drop_partitions(partitions);
        if let Some(g) = &self.group {
            ctx.emit(Event::PartitionsRevoked {
                consumer: self.id,
                group: g.group.to_string(),
                partitions: partitions.to_vec(),
                how,
            });
        }
    }

    /// The group forgot us (session expired, fenced, poll timeout): the
    /// partitions are lost and the next join starts from scratch.
    pub(super) fn reset_membership(&mut self, ctx: &mut Ctx) {
        let all = self.assignment.clone();
        self.revoke(&all, Revocation::Lost, ctx);
        if let Some(g) = &mut self.group {
            g.member_id = Rc::from("");
            g.generation = -1;
            g.state = MemberState::Unjoined;
        }
    }

    fn rejoin(&mut self) {
        if let Some(g) = &mut self.group {
            g.state = MemberState::Unjoined;
        }
    }

    fn coordinator_lost(&mut self) {
        if let Some(g) = &mut self.group {
            g.coordinator = None;
            if g.state != MemberState::Stable {
                g.state = MemberState::Unjoined;
            }
        }
    }

    /// Group-protocol responses; returns false if `msg` is not one.
    pub(super) fn on_group_response(
        &mut self,
        pending: &Pending,
        msg: &Message,
        ctx: &mut Ctx,
    ) -> bool {
        match (pending, msg) {
            (Pending::FindCoordinator, Message::FindCoordinatorResponse { result, .. }) => {
                match result {
                    Ok(b) => {
                        if let Some(g) = &mut self.group {
                            g.coordinator = Some(*b);
                            ctx.emit(Event::CoordinatorFound {
                                client: NodeId::Consumer(self.id),
                                key: g.group.to_string(),
                                coordinator: *b,
                            });
                        }
                    }
                    Err(_) => {
                        ctx.after(self.node(), self.config.retry_backoff_ms, Timer::ClientWake)
                    }
                }
            }
            (
                Pending::Join,
                Message::JoinGroupResponse {
                    member_id, result, ..
                },
            ) => self.on_join_response(member_id, result, ctx),
            (Pending::Sync, Message::SyncGroupResponse { result, .. }) => {
                self.on_sync_response(result, ctx)
            }
            (Pending::Heartbeat, Message::HeartbeatResponse { result, .. }) => {
                if let Some(g) = &mut self.group {
                    g.heartbeat_in_flight = false;
                }
                match result {
                    Ok(()) => {}
                    Err(KafkaError::RebalanceInProgress) => self.rejoin(),
                    Err(
                        KafkaError::UnknownMemberId
                        | KafkaError::IllegalGeneration
                        | KafkaError::FencedInstanceId,
                    ) => self.reset_membership(ctx),
                    Err(_) => self.coordinator_lost(),
                }
            }
            (Pending::Commit(offsets), Message::OffsetCommitResponse { result, .. }) => {
                match result {
                    Ok(_) => {
                        for (tp, o) in offsets {
                            self.committed.insert(tp.clone(), *o);
                        }
                    }
                    Err(e) => self.commit_failed(*e, ctx),
                }
            }
            (Pending::OffsetFetch, Message::OffsetFetchResponse { result, .. }) => match result {
                Ok(found) => {
                    for (tp, offset) in found {
                        if !self.assignment.contains(tp) {
                            continue;
                        }
                        if let Some(o) = offset {
                            self.committed.insert(tp.clone(), *o);
                            self.positions.insert(tp.clone(), *o);
                            ctx.emit(Event::ConsumerResumed {
                                consumer: self.id,
                                tp: tp.clone(),
                                offset: *o,
                            });
                        }
                        self.awaiting_offsets.retain(|t| t != tp);
                    }
                }
                Err(_) => {
                    self.coordinator_lost();
                    self.awaiting_offsets.clear();
                    self.fetch_committed(ctx);
                }
            },
            (Pending::Leave, Message::LeaveGroupResponse { .. }) => {}
            (
                Pending::FindCoordinator
                | Pending::Join
                | Pending::Sync
                | Pending::Heartbeat
                | Pending::Leave
                | Pending::OffsetFetch
                | Pending::Commit(_),
                _,
            ) => {
                // Disconnected or the wrong answer: look the coordinator up again.
                match pending {
                    Pending::Heartbeat => {
                        if let Some(g) = &mut self.group {
                            g.heartbeat_in_flight = false;
                        }
                    }
                    Pending::Commit(_) => self.commit_failed(KafkaError::NetworkException, ctx),
                    Pending::OffsetFetch => self.awaiting_offsets.clear(),
                    _ => {}
                }
                self.coordinator_lost();
                if matches!(pending, Pending::Join | Pending::Sync) {
                    self.rejoin();
                }
                ctx.after(self.node(), self.config.retry_backoff_ms, Timer::ClientWake);
            }
            _ => return false,
        }
        true
    }

    fn commit_failed(&mut self, error: KafkaError, ctx: &mut Ctx) {
        if let Some(g) = &self.group {
            ctx.emit(Event::OffsetCommitFailed {
                consumer: self.id,
                group: g.group.to_string(),
                error,
            });
        }
        match error {
            KafkaError::UnknownMemberId | KafkaError::IllegalGeneration => {
                self.reset_membership(ctx)
            }
            KafkaError::RebalanceInProgress => self.rejoin(),
            KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable => {
                self.coordinator_lost()
            }
            _ => {}
        }
        self.close_commit_failed(error, ctx);
    }

    fn on_join_response(
        &mut self,
        member_id: &Rc<str>,
        result: &Result<Joined, KafkaError>,
        ctx: &mut Ctx,
    ) {
        let Some(g) = &mut self.group else { return };
        match result {
            Err(KafkaError::MemberIdRequired) => {
                g.member_id = member_id.clone();
                g.state = MemberState::Unjoined;
            }
            Err(KafkaError::UnknownMemberId | KafkaError::FencedInstanceId) => {
                g.member_id = Rc::from("");
                g.state = MemberState::Unjoined;
            }
            Err(
                KafkaError::NotCoordinator
                | KafkaError::CoordinatorNotAvailable
                | KafkaError::CoordinatorLoadInProgress,
            ) => {
                self.coordinator_lost();
                self.rejoin();
            }
            Err(e) => {
                // Not retriable (INCONSISTENT_GROUP_PROTOCOL, INVALID_SESSION_TIMEOUT…).
                self.error = Some(format!("JoinGroup failed: {e}: {}", e.message()));
            }
            Ok(joined) => {
                g.member_id = joined.member_id.clone();
                g.generation = joined.generation;
                g.state = MemberState::Syncing;
                let assignments = if joined.leader == joined.member_id && !joined.skip_assignment {
                    self.compute_assignment(joined, ctx)
                } else {
                    Vec::new()
                };
                self.send_to_coordinator(Pending::Sync, ctx, |correlation, g| Message::SyncGroup {
                    correlation,
                    group: g.group.clone(),
                    member_id: g.member_id.clone(),
                    generation: g.generation,
                    assignments,
                });
            }
        }
    }

    /// A fetch failed: the partition's leader is unknown until the next
    /// metadata answer, but the partition stays known. The group leader
    /// counts partitions from metadata (`Cluster.partitionCountForTopic`),
    /// which a failed fetch does not shrink; forgetting the partition made
    /// a leader that had just revoked it leave it out of the assignment.
    pub(super) fn forget_leader(&mut self, tp: &Tp) {
        if let Some(l) = self.leaders.get_mut(tp) {
            l.0 = None;
        }
    }

    /// The group leader runs the chosen assignor over every member's
    /// subscription with the partition counts it knows from metadata.
    fn compute_assignment(&mut self, joined: &Joined, ctx: &mut Ctx) -> Vec<(Rc<str>, Vec<Tp>)> {
        let Ok(strategy) = Strategy::parse(&joined.protocol) else {
            return Vec::new();
        };
        let mut counts: VecMap<String, u32> = VecMap::new();
        for tp in self.leaders.keys() {
            let n = counts.entry(tp.topic.to_string()).or_default();
            *n = (*n).max(tp.partition + 1);
        }
        let members: Vec<MemberSubscription> = joined
            .members
            .iter()
            .map(|m| MemberSubscription {
                member_id: m.member_id.to_string(),
                group_instance_id: m.group_instance_id.as_deref().map(str::to_string),
                topics: m
                    .subscription
                    .topics
                    .iter()
                    .map(|t| t.to_string())
                    .collect(),
                owned: m.subscription.owned.iter().map(to_pair).collect(),
                generation: (m.subscription.generation >= 0).then_some(m.subscription.generation),
            })
            .collect();
        let result = assignor::assign(strategy, &counts, &members);
        let out: Vec<(Rc<str>, Vec<Tp>)> = result
            .iter()
            .map(|(m, a)| {
                (
                    Rc::from(m.as_str()),
                    a.iter().map(|(t, p)| Tp::new(t, *p)).collect(),
                )
            })
            .collect();
        ctx.emit(Event::AssignmentComputed {
            consumer: self.id,
            group: self
                .group
                .as_ref()
                .map_or(String::new(), |g| g.group.to_string()),
            generation: joined.generation,
            protocol: joined.protocol.to_string(),
            assignment: out
                .iter()
                .map(|(m, a)| (m.to_string(), a.clone()))
                .collect(),
        });
        out
    }

    fn on_sync_response(&mut self, result: &Result<Vec<Tp>, KafkaError>, ctx: &mut Ctx) {
        let assigned = match result {
            Ok(a) => a.clone(),
            Err(KafkaError::RebalanceInProgress) => return self.rejoin(),
            Err(
                KafkaError::UnknownMemberId
                | KafkaError::IllegalGeneration
                | KafkaError::FencedInstanceId,
            ) => return self.reset_membership(ctx),
            Err(_) => {
                self.coordinator_lost();
                return self.rejoin();
            }
        };
        let Some(g) = &mut self.group else { return };
        g.state = MemberState::Stable;
        let (group, generation, cooperative) = (
            g.group.to_string(),
            g.generation,
            g.protocol == RebalanceProtocol::Cooperative,
        );
        let revoked: Vec<Tp> = self
            .assignment
            .iter()
            .filter(|tp| !assigned.contains(tp))
            .cloned()
            .collect();
        let added: Vec<Tp> = assigned
            .iter()
            .filter(|tp| !self.assignment.contains(tp))
            .cloned()
            .collect();
        if !revoked.is_empty() {
            if self.config.enable_auto_commit {
                self.commit_positions(ctx);
            }
            let how = match cooperative {
                true => Revocation::Cooperative,
                false => Revocation::Eager,
            };
            self.revoke(&revoked, how, ctx);
        }
        self.assignment = assigned.clone();
        ctx.emit(Event::PartitionsAssigned {
            consumer: self.id,
            group,
            generation,
            partitions: assigned,
            added: added.clone(),
        });
        self.awaiting_offsets.extend(added);
        self.fetch_committed(ctx);
        // KIP-429: what was revoked can only be assigned in a follow-up rebalance.
        if cooperative && !revoked.is_empty() {
            self.rejoin();
        }
        self.schedule_heartbeat(ctx);
    }

    /// OffsetFetch for newly assigned partitions: resume where the group
    /// left off; partitions with no commit fall back to auto.offset.reset.
    pub(super) fn fetch_committed(&mut self, ctx: &mut Ctx) {
        let partitions = self.awaiting_offsets.clone();
        if partitions.is_empty() || self.has_pending(|p| matches!(p, Pending::OffsetFetch)) {
            return;
        }
        self.send_to_coordinator(Pending::OffsetFetch, ctx, |correlation, g| {
            Message::OffsetFetch {
                correlation,
                group: g.group.clone(),
                partitions,
            }
        });
    }

    /// The heartbeat thread wakes for the next heartbeat, or earlier when
    /// the application is stuck and its poll timer runs out first.
    pub(super) fn schedule_heartbeat(&mut self, ctx: &mut Ctx) {
        let mut at = ctx.now + self.config.heartbeat_interval_ms;
        if self.paused || self.busy_until.is_some() {
            let poll_deadline = self.last_poll + self.config.max_poll_interval_ms + 1;
            at = at.min(poll_deadline.max(ctx.now));
        }
        if self.heartbeat_at.is_none_or(|h| at < h) {
            self.heartbeat_at = Some(at);
            ctx.after(self.node(), at - ctx.now, Timer::GroupHeartbeat);
        }
    }

    /// The heartbeat thread: every heartbeat.interval.ms while in a group,
    /// and the max.poll.interval.ms check (`pollTimer`).
    pub(super) fn on_heartbeat_timer(&mut self, ctx: &mut Ctx) {
        let Some(g) = &self.group else { return };
        if ctx.now.saturating_sub(self.last_poll) > self.config.max_poll_interval_ms
            && g.state != MemberState::Unjoined
        {
            ctx.emit(Event::PollTimeoutExpired {
                consumer: self.id,
                group: g.group.to_string(),
                max_poll_interval_ms: self.config.max_poll_interval_ms,
            });
            self.leave_group("consumer poll timeout has expired", ctx);
            return;
        }
        let g = self.group.as_mut().expect("checked");
        if g.state == MemberState::Stable && !g.heartbeat_in_flight && g.coordinator.is_some() {
            g.heartbeat_in_flight = true;
            self.send_to_coordinator(Pending::Heartbeat, ctx, |correlation, g| {
                Message::Heartbeat {
                    correlation,
                    group: g.group.clone(),
                    member_id: g.member_id.clone(),
                    generation: g.generation,
                }
            });
        }
        self.schedule_heartbeat(ctx);
        self.ensure_group(ctx);
    }

    /// `maybeLeaveGroup`: static members never send LeaveGroup (KIP-345),
    /// so a quick restart does not rebalance; dynamic members with a member
    /// id do (once only: the request is not retried).
    pub(super) fn leave_group(&mut self, reason: &str, ctx: &mut Ctx) {
        let is_static = self.config.group_instance_id.is_some();
        let has_member_id = self.group.as_ref().is_some_and(|g| !g.member_id.is_empty());
        if !is_static && has_member_id {
            let reason: Rc<str> = Rc::from(reason);
            self.send_to_coordinator(Pending::Leave, ctx, |correlation, g| Message::LeaveGroup {
                correlation,
                group: g.group.clone(),
                member_id: g.member_id.clone(),
                reason,
            });
        }
        self.reset_membership(ctx);
    }

    /// Commits every position (auto-commit, commitSync/commitAsync):
    /// the offset of the next record the application will get.
    pub(super) fn commit_positions(&mut self, ctx: &mut Ctx) {
        let offsets: Vec<(Tp, i64)> = self
            .assignment
            .iter()
            .filter_map(|tp| Some((tp.clone(), *self.positions.get(tp)?)))
            .collect();
        if offsets.is_empty() {
            return;
        }
        let in_group = self
            .group
            .as_ref()
            .is_some_and(|g| g.state == MemberState::Stable || g.generation >= 0);
        let manual = self.subscription.is_empty();
        let o = offsets.clone();
        self.send_to_coordinator(Pending::Commit(offsets), ctx, |correlation, g| {
            Message::OffsetCommit {
                correlation,
                group: g.group.clone(),
                member_id: if manual || !in_group {
                    Rc::from("")
                } else {
                    g.member_id.clone()
                },
                generation: if manual || !in_group {
                    -1
                } else {
                    g.generation
                },
                offsets: o,
            }
        });
    }
}
