//! A group's rebalances as the events tell them, phase by phase (the
//! classic protocol, `AbstractCoordinator` on the client and
//! `GroupCoordinator` on the broker):
//!
//! 1. **Join** — the coordinator moves the group to PreparingRebalance and
//!    every member sends JoinGroup (an eager member revokes everything
//!    first, `ConsumerCoordinator.onJoinPrepare`);
//! 2. **Assign** — once all have joined (CompletingRebalance) the
//!    coordinator answers them, naming a leader, which runs the assignor on
//!    the client (`onLeaderElected`);
//! 3. **Sync** — every member sends SyncGroup, the leader's carrying the
//!    assignment; the coordinator stores it in `__consumer_offsets`;
//! 4. **Stable** — SyncGroup is answered and each member takes its
//!    partitions (a cooperative member revokes only what moved, KIP-429).
//!
//! Steps a member takes before the coordinator opens the rebalance (the
//! JoinGroup of a new member, a removal by session timeout) belong to the
//! rebalance they cause.

use crate::engine::event::{MemberRemovedReason, Revocation};
use crate::engine::group_state::GroupState;
use crate::engine::types::{TimeMs, Tp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Join,
    Assign,
    Sync,
    Stable,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Join, Phase::Assign, Phase::Sync, Phase::Stable];
}

/// One phase of a rebalance, as far as it got by the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhaseSpan {
    pub phase: Phase,
    pub from_ms: TimeMs,
    pub to_ms: TimeMs,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revoked {
    pub at_ms: TimeMs,
    pub partitions: Vec<Tp>,
    pub how: Revocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assigned {
    pub at_ms: TimeMs,
    pub partitions: Vec<Tp>,
    /// Newly owned; the rest it kept through the rebalance.
    pub added: Vec<Tp>,
}

/// What one consumer did in a rebalance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RebalanceMember {
    pub consumer: u32,
    /// Its (last) JoinGroup request.
    pub join_ms: Option<TimeMs>,
    /// Joined as a new member (MemberJoined), not a rejoin.
    pub new_member: bool,
    pub sync_ms: Option<TimeMs>,
    pub revoked: Vec<Revoked>,
    pub assigned: Option<Assigned>,
    /// The coordinator dropped it, and why.
    pub removed: Option<(TimeMs, MemberRemovedReason)>,
}

impl RebalanceMember {
    fn is_empty(&self) -> bool {
        self.join_ms.is_none()
            && !self.new_member
            && self.revoked.is_empty()
            && self.removed.is_none()
    }

    /// Every moment it did something, for the strip's axis.
    pub fn times(&self) -> impl Iterator<Item = TimeMs> + '_ {
        let revoked = self.revoked.iter().map(|r| r.at_ms);
        let removed = self.removed.as_ref().map(|r| r.0);
        let assigned = self.assigned.as_ref().map(|a| a.at_ms);
        [self.join_ms, self.sync_ms, removed, assigned]
            .into_iter()
            .flatten()
            .chain(revoked)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebalance {
    /// The coordinator's reason for PreparingRebalance.
    pub reason: String,
    pub started_ms: TimeMs,
    /// The generation it makes (JoinCompleted), and when everyone had joined.
    pub generation: Option<i32>,
    pub joined_ms: Option<TimeMs>,
    pub protocol: Option<String>,
    pub leader: Option<u32>,
    /// When the leader computed the assignment, and what it gave whom.
    pub computed_ms: Option<TimeMs>,
    pub assignment: Vec<(u32, Vec<Tp>)>,
    /// When and how it ended: Stable (the assignment is stored), Empty (no
    /// member rejoined), Dead (the coordinator moved) or PreparingRebalance
    /// (another rebalance began before this one finished).
    pub end: Option<(TimeMs, GroupState)>,
    /// By consumer id.
    pub members: Vec<RebalanceMember>,
}

impl Rebalance {
    pub(super) fn new(reason: &str, started_ms: TimeMs, members: Vec<RebalanceMember>) -> Self {
        Rebalance {
            reason: reason.to_string(),
            started_ms,
            generation: None,
            joined_ms: None,
            protocol: None,
            leader: None,
            computed_ms: None,
            assignment: Vec::new(),
            end: None,
            members,
        }
    }

    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }

    /// Whether members are still sending JoinGroup for it.
    pub(super) fn joining(&self) -> bool {
        self.is_open() && self.joined_ms.is_none()
    }

    pub(super) fn member_mut(&mut self, consumer: u32) -> &mut RebalanceMember {
        member_in(&mut self.members, consumer)
    }

    pub fn member(&self, consumer: u32) -> Option<&RebalanceMember> {
        self.members.iter().find(|m| m.consumer == consumer)
    }

    pub fn stable_ms(&self) -> Option<TimeMs> {
        self.end
            .filter(|(_, s)| *s == GroupState::Stable)
            .map(|(t, _)| t)
    }

    /// Its phases up to `now_ms`: each ends where the next begins, the one
    /// in progress at `now_ms`; Stable lasts while members take their
    /// partitions.
    pub fn phases(&self, now_ms: TimeMs) -> Vec<PhaseSpan> {
        let last = self.end.map_or(now_ms, |(t, _)| t);
        let assigned = self
            .members
            .iter()
            .filter_map(|m| m.assigned.as_ref().map(|a| a.at_ms))
            .max();
        let starts = [
            Some(self.started_ms),
            self.joined_ms,
            self.computed_ms,
            self.stable_ms(),
        ];
        let mut spans = Vec::new();
        for (i, phase) in Phase::ALL.into_iter().enumerate() {
            let Some(from_ms) = starts[i] else { break };
            let to_ms = match starts.get(i + 1).copied().flatten() {
                Some(next) => next,
                None if phase == Phase::Stable => assigned.unwrap_or(from_ms).max(from_ms),
                None => last,
            };
            spans.push(PhaseSpan {
                phase,
                from_ms,
                to_ms,
            });
        }
        spans
    }

    /// The phase the group was in at `now_ms`.
    pub fn phase_at(&self, now_ms: TimeMs) -> Phase {
        self.phases(now_ms)
            .iter()
            .rev()
            .find(|s| s.from_ms <= now_ms)
            .map_or(Phase::Join, |s| s.phase)
    }

    /// Every moment something happened in it, for the strip's axis.
    pub fn times(&self) -> Vec<TimeMs> {
        let mut t = vec![self.started_ms];
        t.extend(
            [self.joined_ms, self.computed_ms, self.end.map(|e| e.0)]
                .into_iter()
                .flatten(),
        );
        t.extend(self.members.iter().flat_map(RebalanceMember::times));
        t
    }
}

/// The member of `list` for `consumer`, added in id order if missing.
pub(super) fn member_in(list: &mut Vec<RebalanceMember>, consumer: u32) -> &mut RebalanceMember {
    let i = list.partition_point(|m| m.consumer < consumer);
    if list.get(i).is_none_or(|m| m.consumer != consumer) {
        list.insert(
            i,
            RebalanceMember {
                consumer,
                ..RebalanceMember::default()
            },
        );
    }
    &mut list[i]
}

/// Drops what a no-op JoinGroup left (the coordinator answered it at once).
pub(super) fn forget_join(list: &mut Vec<RebalanceMember>, consumer: u32) {
    if let Some(m) = list.iter_mut().find(|m| m.consumer == consumer) {
        m.join_ms = None;
    }
    list.retain(|m| !m.is_empty());
}
