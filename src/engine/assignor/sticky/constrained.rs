//! `ConstrainedAssignmentBuilder`: all members subscribe to the same topics,
//! so each should end with `minQuota` or `maxQuota` partitions and exactly
//! `total % members` of them with `maxQuota`.
//!
//! 1. Each member keeps its validly owned partitions, lowest partition
//!    numbers first, up to `maxQuota` while members with more than
//!    `minQuota` are still wanted, otherwise up to `minQuota`; the rest are
//!    revoked.
//! 2. The unassigned partitions go round-robin to the members under
//!    `minQuota`, then one each to members at exactly `minQuota`.

use std::collections::VecDeque;

use super::{Claims, Group, Sticky, Tp};
use crate::engine::sort;
use crate::engine::vec_map::{VecMap, VecSet};

pub(super) fn assign(group: &Group, claims: &Claims) -> Sticky {
    let n = group.members.len();
    let total: usize = group.counts.iter().map(|&c| c as usize).sum();
    let (min_quota, max_quota) = (total / n, total.div_ceil(n));
    let expected_over_min = total % n;
    let mut over_min = 0;
    let mut assignment: Vec<Vec<Tp>> = vec![Vec::new(); n];
    let mut revoked = VecSet::new();
    // Members are indexed in member id order, so both lists are built
    // sorted, as Java sorts them before filling.
    let mut under_min = Vec::new();
    let mut exactly_min = VecDeque::new();

    for (m, kept) in assignment.iter_mut().enumerate() {
        let mut owned: Vec<Tp> = claims.owned[m]
            .iter()
            .copied()
            .filter(|tp| !claims.multiple.contains(tp))
            .collect();
        // Java: comparing(TopicPartition::partition).thenComparing(topic).
        sort::sort_by_key(&mut owned, |&(t, p)| (p, t));
        if owned.len() < min_quota {
            under_min.push(m);
        } else if owned.len() >= max_quota && over_min < expected_over_min {
            over_min += 1;
            if over_min == expected_over_min {
                exactly_min.clear();
            }
            revoked.extend(owned.drain(max_quota..));
        } else {
            revoked.extend(owned.drain(min_quota..));
            if over_min < expected_over_min {
                exactly_min.push_back(m);
            }
        }
        *kept = owned;
    }

    let assigned: VecSet<Tp> = assignment.iter().flatten().copied().collect();
    let mut transferring = VecMap::new();
    let mut cursor = 0;
    for tp in group.all_partitions() {
        if assigned.contains(&tp) {
            continue;
        }
        let (m, from_under_min) = if cursor < under_min.len() {
            cursor += 1;
            (under_min[cursor - 1], true)
        } else if !under_min.is_empty() {
            cursor = 1;
            (under_min[0], true)
        } else if let Some(m) = exactly_min.pop_front() {
            (m, false)
        } else {
            break; // Kafka throws here; the quotas add up, so it cannot happen
        };
        assignment[m].push(tp);
        if revoked.contains(&tp) || claims.multiple.contains(&tp) {
            transferring.insert(tp, m);
        }
        if from_under_min && assignment[m].len() == min_quota {
            cursor -= 1;
            under_min.remove(cursor);
            exactly_min.push_back(m);
        }
    }
    Sticky {
        assignment,
        transferring: Some(transferring),
    }
}
