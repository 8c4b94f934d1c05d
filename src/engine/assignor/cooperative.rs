//! `CooperativeStickyAssignor` (KIP-429): the sticky assignment, minus every
//! partition that would change owner in this rebalance. Its old owner sees
//! it missing, revokes it and rejoins; the follow-up rebalance then hands it
//! to the new owner. A partition is never revoked and assigned in the same
//! rebalance, and the partitions that stay put keep flowing throughout.

use serde::{Deserialize, Serialize};

use super::group::{Group, Tp};
use super::java_order::sort_partitions;
use super::sticky::Sticky;
use super::{assign, Assignment, MemberSubscription, Strategy};
use crate::engine::vec_map::{VecMap, VecSet};

/// `CooperativeStickyAssignor.adjustAssignment`.
pub(super) fn adjust(group: &Group, sticky: Sticky) -> Vec<Vec<Tp>> {
    let Sticky {
        mut assignment,
        transferring,
    } = sticky;
    let transferring = transferring.unwrap_or_else(|| transferring_ownership(group, &assignment));
    for (tp, m) in transferring {
        assignment[m].retain(|x| *x != tp);
    }
    assignment
}

/// `computePartitionsTransferringOwnership`: partitions a member gets but did
/// not claim, which another member claimed and does not keep.
fn transferring_ownership(group: &Group, assignment: &[Vec<Tp>]) -> VecMap<Tp, usize> {
    let claimed: Vec<VecSet<Tp>> = group
        .members
        .iter()
        .map(|m| {
            m.owned
                .iter()
                .filter_map(|tp| group.partition(tp))
                .collect()
        })
        .collect();
    let mut revoked: VecSet<Tp> = VecSet::new();
    let mut added = VecMap::new();
    for (m, tps) in assignment.iter().enumerate() {
        added.extend(
            tps.iter()
                .filter(|tp| !claimed[m].contains(tp))
                .map(|&tp| (tp, m)),
        );
        revoked.extend(claimed[m].iter().filter(|tp| !tps.contains(tp)));
    }
    added.retain(|tp, _| revoked.contains(tp));
    added
}

/// One cooperative rebalance: what the leader assigned, and the partitions
/// members owned but did not get back (they revoke them and rejoin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub assignment: Assignment,
    pub revoked: Vec<(String, u32)>,
}

/// At most this many rebalances: Kafka's `CooperativeStickyAssignorTest`
/// allows four follow-ups after the first (`verifyCooperativeValidity`).
pub const MAX_ROUNDS: usize = 5;

/// Cooperative rebalances from the members' subscriptions until one revokes
/// nothing: after each, every member rejoins owning what it was assigned, in
/// the next generation (one above the highest, the first being 1).
pub fn cooperative_rounds(
    partitions_per_topic: &VecMap<String, u32>,
    members: &[MemberSubscription],
) -> Vec<Round> {
    let mut members = members.to_vec();
    let mut rounds = Vec::new();
    loop {
        let assignment = assign(Strategy::CooperativeSticky, partitions_per_topic, &members);
        let revoked = revoked(&members, &assignment);
        let settled = revoked.is_empty();
        rounds.push(Round {
            assignment,
            revoked,
        });
        if settled || rounds.len() == MAX_ROUNDS {
            return rounds;
        }
        let assignment = &rounds[rounds.len() - 1].assignment;
        let generation = members
            .iter()
            .filter_map(|m| m.generation)
            .max()
            .unwrap_or(0)
            .max(0)
            .saturating_add(1);
        for m in &mut members {
            m.owned = assignment.get(&m.member_id).cloned().unwrap_or_default();
            m.generation = Some(generation);
        }
    }
}

/// Partitions some member owned but is not assigned.
pub fn revoked(members: &[MemberSubscription], assignment: &Assignment) -> Vec<(String, u32)> {
    let mut revoked: Vec<(String, u32)> = members
        .iter()
        .flat_map(|m| {
            let kept = assignment.get(&m.member_id);
            m.owned
                .iter()
                .filter(move |tp| kept.is_none_or(|k| !k.contains(tp)))
                .cloned()
        })
        .collect();
    sort_partitions(&mut revoked);
    revoked
}
