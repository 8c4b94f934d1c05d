//! `GeneralAssignmentBuilder`: subscriptions differ, so balance is judged
//! per member against what it could hold.
//!
//! 1. Keep every validly owned partition the member still subscribes to.
//! 2. Give each unassigned partition (topics with fewest subscribers first)
//!    to the least-loaded subscriber.
//! 3. While some partition could go to a member holding two or more fewer,
//!    move it: back to its previous owner (an older generation's claim) if
//!    that helps, else to the least-loaded subscriber. Only new partitions
//!    move first, unless a subscription change already forces revocations.
//! 4. If the moves did not improve the balance score, undo them.

use super::movements::Movements;
use super::{Claims, Group, Sticky, Tp, DEFAULT_GENERATION};
use crate::engine::sort;
use crate::engine::vec_map::{VecMap, VecSet};

pub(super) fn assign(group: &Group, claims: Claims) -> Sticky {
    let mut builder = Builder::new(group, claims);
    builder.balance();
    Sticky {
        assignment: builder.current,
        transferring: None,
    }
}

struct Builder<'g, 'a> {
    group: &'g Group<'a>,
    current: Vec<Vec<Tp>>,
    owner: VecMap<Tp, usize>,
    /// Members taking part, by (partition count, member): Java's
    /// `sortedCurrentSubscriptions`.
    by_load: VecSet<(usize, usize)>,
    /// Per topic, the members subscribed to it.
    subscribers: Vec<Vec<usize>>,
    /// The latest claim from an older generation: partition → member.
    previous_owner: VecMap<Tp, usize>,
    /// A member lost a partition of a topic it unsubscribed from.
    revocation_required: bool,
    movements: Movements,
}

impl<'g, 'a> Builder<'g, 'a> {
    fn new(group: &'g Group<'a>, claims: Claims) -> Self {
        let n = group.members.len();
        let mut subscribers = vec![Vec::new(); group.topics.len()];
        for m in 0..n {
            for &t in &group.subscribed[m] {
                subscribers[t].push(m);
            }
        }
        let previous_owner = previous_owners(group, claims.max_generation);
        let mut current = claims.owned;
        let mut revocation_required = false;
        for (m, owned) in current.iter_mut().enumerate() {
            let before = owned.len();
            owned.retain(|tp| group.subscribed[m].contains(&tp.0));
            revocation_required |= owned.len() != before;
        }
        let owner = current
            .iter()
            .enumerate()
            .flat_map(|(m, tps)| tps.iter().map(move |&tp| (tp, m)))
            .collect();
        let by_load = current.iter().map(Vec::len).zip(0..n).collect();
        Builder {
            group,
            current,
            owner,
            by_load,
            subscribers,
            previous_owner,
            revocation_required,
            movements: Movements::default(),
        }
    }

    fn load(&self, m: usize) -> usize {
        self.current[m].len()
    }

    fn give(&mut self, m: usize, tp: Tp) {
        self.by_load.remove(&(self.load(m), m));
        self.current[m].push(tp);
        self.by_load.insert((self.load(m), m));
        self.owner.insert(tp, m);
    }

    fn take(&mut self, m: usize, tp: Tp) {
        self.by_load.remove(&(self.load(m), m));
        self.current[m].retain(|x| *x != tp);
        self.by_load.insert((self.load(m), m));
    }

    /// The least-loaded taking-part member subscribed to `topic`.
    fn least_loaded(&self, topic: usize) -> Option<usize> {
        self.by_load
            .iter()
            .map(|&(_, m)| m)
            .find(|&m| self.group.subscribed[m].contains(&topic))
    }

    fn max_assignment_size(&self, m: usize) -> usize {
        self.group.subscribed[m]
            .iter()
            .map(|&t| self.group.counts[t] as usize)
            .sum()
    }

    fn balance(&mut self) {
        let group = self.group;
        // Topics with fewest subscribers first (`TopicComparator`).
        let mut topics: Vec<usize> = (0..group.topics.len()).collect();
        sort::sort_by_key(&mut topics, |&t| (self.subscribers[t].len(), t));
        let all: Vec<Tp> = topics
            .iter()
            .flat_map(|&t| group.partitions_of(t))
            .collect();
        let unassigned: Vec<Tp> = all
            .iter()
            .copied()
            .filter(|tp| !self.owner.contains_key(tp))
            .collect();
        let initializing = self.by_load.last().is_none_or(|&(load, _)| load == 0);
        for &tp in &unassigned {
            if let Some(m) = self.least_loaded(tp.0) {
                self.give(m, tp);
            }
        }

        // Only partitions with two or more possible owners, and members
        // that could gain or lose one, take part in the reassignment.
        let movable = |tp: &Tp| self.subscribers[tp.0].len() >= 2;
        let all: Vec<Tp> = all.iter().copied().filter(movable).collect();
        let unassigned: Vec<Tp> = unassigned.iter().copied().filter(movable).collect();
        let fixed: Vec<usize> = (0..group.members.len())
            .filter(|&m| {
                self.load(m) >= self.max_assignment_size(m)
                    && !self.current[m]
                        .iter()
                        .any(|tp| self.subscribers[tp.0].len() >= 2)
            })
            .collect();
        for &m in &fixed {
            self.by_load.remove(&(self.load(m), m));
        }

        let before = (self.current.clone(), self.owner.clone());
        let score_before = self.balance_score();
        if !self.revocation_required {
            self.perform_reassignments(&unassigned);
        }
        let reassigned = self.perform_reassignments(&all);
        if !initializing && reassigned && self.balance_score() >= score_before {
            (self.current, self.owner) = before;
        }
    }

    /// `isBalanced`: loads differ by at most one, or no member could take a
    /// partition from one holding two or more than it.
    fn is_balanced(&self) -> bool {
        let (Some(&(min, _)), Some(&(max, _))) = (self.by_load.first(), self.by_load.last()) else {
            return true;
        };
        if min + 1 >= max {
            return true;
        }
        self.by_load.iter().all(|&(load, m)| {
            load == self.max_assignment_size(m)
                || self.group.subscribed[m].iter().all(|&t| {
                    self.group
                        .partitions_of(t)
                        .all(|tp| match self.owner.get(&tp) {
                            Some(&other) if other != m => load + 1 >= self.load(other),
                            _ => true,
                        })
                })
        })
    }

    /// `getBalanceScore`: the sum of load differences over all pairs of
    /// taking-part members.
    fn balance_score(&self) -> usize {
        let loads: Vec<usize> = self.by_load.iter().map(|&(load, _)| load).collect();
        loads
            .iter()
            .enumerate()
            .flat_map(|(i, a)| loads[i + 1..].iter().map(move |b| a.abs_diff(*b)))
            .sum()
    }

    /// `performReassignments`: passes over `partitions` until one moves
    /// nothing. Kafka's loop has no bound; one pass per partition per member
    /// is far more than balancing needs and keeps a pathological input from
    /// hanging the simulation.
    fn perform_reassignments(&mut self, partitions: &[Tp]) -> bool {
        let mut reassigned = false;
        for _ in 0..=partitions.len() * self.group.members.len() {
            let mut modified = false;
            for &tp in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(&owner) = self.owner.get(&tp) else {
                    continue;
                };
                let load = self.load(owner);
                // Java also sends a partition back to a previous owner that
                // no longer subscribes to its topic; that would be invalid.
                let previous = self.previous_owner.get(&tp).copied().filter(|&p| {
                    self.by_load.contains(&(self.load(p), p))
                        && self.group.subscribed[p].contains(&tp.0)
                });
                let target = match previous {
                    Some(p) if load > self.load(p) + 1 => Some(p),
                    _ if self.subscribers[tp.0]
                        .iter()
                        .any(|&o| load > self.load(o) + 1) =>
                    {
                        self.least_loaded(tp.0)
                    }
                    _ => None,
                };
                if let Some(to) = target {
                    let moved = self.movements.partition_to_move(tp, owner, to);
                    self.move_partition(moved, to);
                    reassigned = true;
                    modified = true;
                }
            }
            if !modified {
                break;
            }
        }
        reassigned
    }

    fn move_partition(&mut self, tp: Tp, to: usize) {
        let Some(&from) = self.owner.get(&tp) else {
            return;
        };
        self.movements.record(tp, from, to);
        self.take(from, tp);
        self.give(to, tp);
    }
}

/// `prepopulateCurrentAssignments`: each partition's claim from the highest
/// generation below the current one (claims without a generation count as
/// `DEFAULT_GENERATION` once some member has one); the first such claim
/// wins a tie.
fn previous_owners(group: &Group, max_generation: i32) -> VecMap<Tp, usize> {
    let mut previous: VecMap<Tp, (usize, i32)> = VecMap::new();
    for (m, member) in group.members.iter().enumerate() {
        let generation = match member.generation {
            Some(g) if g < max_generation => g,
            None if max_generation > DEFAULT_GENERATION => DEFAULT_GENERATION,
            _ => continue,
        };
        for tp in member.owned.iter().filter_map(|tp| group.partition(tp)) {
            let newer = previous.get(&tp).is_none_or(|&(_, g)| generation > g);
            if newer {
                previous.insert(tp, (m, generation));
            }
        }
    }
    previous.into_iter().map(|(tp, (m, _))| (tp, m)).collect()
}
