//! `AbstractStickyAssignor.PartitionMovements`: the moves made during one
//! general assignment, so that moving a partition from A to B can instead
//! move back one that went from B to A earlier (stickiness: no partition
//! of a topic should bounce between the same two members).

use super::Tp;
use crate::engine::vec_map::{VecMap, VecSet};

/// (from member, to member)
type Pair = (usize, usize);

#[derive(Default)]
pub(super) struct Movements {
    by_partition: VecMap<Tp, Pair>,
    by_topic: VecMap<usize, VecMap<Pair, VecSet<Tp>>>,
}

impl Movements {
    fn remove(&mut self, tp: Tp) -> Option<Pair> {
        let pair = self.by_partition.remove(&tp)?;
        if let Some(pairs) = self.by_topic.get_mut(&tp.0) {
            if let Some(set) = pairs.get_mut(&pair) {
                set.remove(&tp);
                if set.is_empty() {
                    pairs.remove(&pair);
                }
            }
            if pairs.is_empty() {
                self.by_topic.remove(&tp.0);
            }
        }
        Some(pair)
    }

    fn add(&mut self, tp: Tp, pair: Pair) {
        self.by_partition.insert(tp, pair);
        self.by_topic
            .entry(tp.0)
            .or_default()
            .entry(pair)
            .or_default()
            .insert(tp);
    }

    /// Records `tp` moving `from` → `to`; a partition that moved before is
    /// recorded from its original owner, and forgotten if it goes back.
    pub fn record(&mut self, tp: Tp, from: usize, to: usize) {
        match self.remove(tp) {
            Some((original, _)) if original == to => {}
            Some((original, _)) => self.add(tp, (original, to)),
            None => self.add(tp, (from, to)),
        }
    }

    /// `getTheActualPartitionToBeMoved`: to move `tp` from `from` to `to`,
    /// prefer a partition of the same topic that earlier went from `to` to
    /// `tp`'s original owner.
    pub fn partition_to_move(&self, tp: Tp, from: usize, to: usize) -> Tp {
        let Some(pairs) = self.by_topic.get(&tp.0) else {
            return tp;
        };
        let from = self
            .by_partition
            .get(&tp)
            .map_or(from, |&(original, _)| original);
        pairs
            .get(&(to, from))
            .and_then(|set| set.first())
            .copied()
            .unwrap_or(tp)
    }
}
