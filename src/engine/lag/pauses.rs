//! Who stopped reading during a rebalance, and for how long.
//!
//! Under an eager protocol (range, roundrobin, sticky) every member revokes
//! everything before it rejoins (`ConsumerCoordinator.onJoinPrepare`) and
//! reads nothing until SyncGroup hands out the new assignment: the whole
//! group stops ("stop the world"). Under cooperative-sticky (KIP-429) a
//! member revokes only the partitions that move, after SyncGroup, and keeps
//! reading the rest throughout: a member that keeps its partitions never
//! stops, and one that gives some up stops only for those.

use crate::engine::vec_map::VecMap;

use serde::Serialize;

use crate::engine::event::{Event, Revocation, TimedEvent};
use crate::engine::types::{TimeMs, Tp};

/// One consumer giving up partitions until its next assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RebalancePause {
    pub consumer: u32,
    pub group: String,
    pub from_ms: TimeMs,
    /// Its next assignment (or its crash or close); `None` while still waiting at
    /// the end of the events.
    pub to_ms: Option<TimeMs>,
    /// Partitions it stopped reading at `from_ms`.
    pub revoked: Vec<Tp>,
    /// Partitions it kept reading throughout; empty means it stopped
    /// completely.
    pub kept: Vec<Tp>,
    /// Revoked by a cooperative rebalance (only what moved).
    pub cooperative: bool,
}

impl RebalancePause {
    /// Whether the consumer read nothing during the pause.
    pub fn stopped_everything(&self) -> bool {
        self.kept.is_empty()
    }

    /// How long it lasted, or has lasted by `now_ms` if still open.
    pub fn duration_ms(&self, now_ms: TimeMs) -> TimeMs {
        self.to_ms.unwrap_or(now_ms).saturating_sub(self.from_ms)
    }
}

/// Every consumer's pauses, in the order they began.
pub fn rebalance_pauses(events: &[TimedEvent]) -> Vec<RebalancePause> {
    let mut pauses: Vec<RebalancePause> = Vec::new();
    let mut open: VecMap<u32, usize> = VecMap::new();
    let mut owned: VecMap<u32, Vec<Tp>> = VecMap::new();
    for t in events {
        match &t.event {
            Event::PartitionsRevoked {
                consumer,
                group,
                partitions,
                how,
            } => {
                let mine = owned.entry(*consumer).or_default();
                mine.retain(|tp| !partitions.contains(tp));
                match open.get(consumer) {
                    Some(&i) => {
                        pauses[i].revoked.extend(partitions.iter().cloned());
                        pauses[i].kept.retain(|tp| !partitions.contains(tp));
                    }
                    None => {
                        open.insert(*consumer, pauses.len());
                        pauses.push(RebalancePause {
                            consumer: *consumer,
                            group: group.clone(),
                            from_ms: t.at_ms,
                            to_ms: None,
                            revoked: partitions.clone(),
                            kept: mine.clone(),
                            cooperative: *how == Revocation::Cooperative,
                        });
                    }
                }
            }
            Event::PartitionsAssigned {
                consumer,
                partitions,
                ..
            } => {
                owned.insert(*consumer, partitions.clone());
                if let Some(i) = open.remove(consumer) {
                    pauses[i].to_ms = Some(t.at_ms);
                }
            }
            Event::ConsumerCrashed { consumer } | Event::ConsumerClosed { consumer } => {
                owned.remove(consumer);
                if let Some(i) = open.remove(consumer) {
                    pauses[i].to_ms = Some(t.at_ms);
                }
            }
            _ => {}
        }
    }
    pauses
}
