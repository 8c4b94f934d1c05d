//! `AbstractStickyAssignor`, the core of `StickyAssignor` (eager) and
//! `CooperativeStickyAssignor`: keep what members validly own, balance, and
//! move as little as possible (KIP-54, KIP-341, KIP-429; Kafka 3.5+ source
//! with its `ConstrainedAssignmentBuilder` and `GeneralAssignmentBuilder`).
//! Members have no rack, so the rack-aware passes never run.
//!
//! Java walks its `HashMap`s in hash order where the order matters; here
//! members are walked in member id order and partitions in `TopicPartition`
//! order, so results are deterministic (Kafka's are valid but not unique).

mod constrained;
mod general;
mod movements;

use super::group::{Group, Tp};
use crate::engine::vec_map::{VecMap, VecSet};

/// `AbstractStickyAssignor.DEFAULT_GENERATION`: a member without one.
pub(super) const DEFAULT_GENERATION: i32 = -1;

/// A sticky assignment and, when the constrained builder ran, the
/// partitions it moved from one owner to another (`partitionsTransferringOwnership`),
/// by new owner; the general builder leaves the cooperative assignor to
/// work them out (`None`).
pub(super) struct Sticky {
    pub assignment: Vec<Vec<Tp>>,
    pub transferring: Option<VecMap<Tp, usize>>,
}

pub(super) fn assign(group: &Group) -> Sticky {
    let claims = Claims::resolve(group);
    if all_subscriptions_equal(group) {
        constrained::assign(group, &claims)
    } else {
        general::assign(group, claims)
    }
}

/// The members' claimed partitions after `allSubscriptionsEqual` settled
/// conflicts: a partition claimed by several members goes to the highest
/// generation; claimed twice in the same generation, it is nobody's and is
/// remembered in `multiple` (KAFKA-12984's fix).
pub(super) struct Claims {
    pub owned: Vec<Vec<Tp>>,
    pub multiple: VecSet<Tp>,
    pub max_generation: i32,
}

impl Claims {
    fn resolve(group: &Group) -> Self {
        let generation = |m: usize| group.members[m].generation.unwrap_or(DEFAULT_GENERATION);
        let mut owned: Vec<Vec<Tp>> = vec![Vec::new(); group.members.len()];
        let mut multiple = VecSet::new();
        let mut claimed_by: VecMap<Tp, usize> = VecMap::new();
        for (m, member) in group.members.iter().enumerate() {
            let mut listed = VecSet::new();
            for tp in member.owned.iter().filter_map(|tp| group.partition(tp)) {
                if !listed.insert(tp) {
                    continue; // listed twice by the same member: one claim
                }
                let Some(&other) = claimed_by.get(&tp) else {
                    owned[m].push(tp);
                    claimed_by.insert(tp, m);
                    continue;
                };
                if generation(m) < generation(other) {
                    continue;
                }
                if generation(m) == generation(other) {
                    multiple.insert(tp);
                } else {
                    owned[m].push(tp);
                }
                owned[other].retain(|x| *x != tp);
                claimed_by.insert(tp, m);
            }
        }
        let max_generation = (0..group.members.len())
            .map(generation)
            .max()
            .unwrap_or(DEFAULT_GENERATION);
        Claims {
            owned,
            multiple,
            max_generation,
        }
    }
}

/// Whether every member subscribes to the same set of topics (metadata or
/// not), which selects the constrained builder. Java seeds its comparison
/// from the first non-empty subscription; sets are compared exactly here.
fn all_subscriptions_equal(group: &Group) -> bool {
    let mut sets = group.members.iter().map(|m| {
        m.topics
            .iter()
            .map(String::as_str)
            .collect::<VecSet<&str>>()
    });
    let first = sets.next().unwrap_or_default();
    sets.all(|s| s == first)
}
