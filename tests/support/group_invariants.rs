//! What must hold for every consumer group, read from a run's events:
//! a partition has at most one owner in each generation of a group, and a
//! group's committed offset for a partition never goes back. Shared by
//! tests/consumer_groups.rs and the consumer-lifecycle property.

use std::collections::BTreeMap;

use kafka_playground::engine::event::{Event, TimedEvent};
use kafka_playground::engine::types::Tp;

/// Each breach as text (empty when the groups behaved).
pub fn group_violations(trace: &[TimedEvent]) -> Vec<String> {
    let mut out = Vec::new();
    let mut owner: BTreeMap<(String, i32, Tp), u32> = BTreeMap::new();
    let mut committed: BTreeMap<(String, Tp), i64> = BTreeMap::new();
    for t in trace {
        match &t.event {
            Event::PartitionsAssigned {
                consumer,
                group,
                generation,
                partitions,
                ..
            } => {
                for tp in partitions {
                    let key = (group.clone(), *generation, tp.clone());
                    if let Some(other) = owner.insert(key, *consumer).filter(|o| o != consumer) {
                        out.push(format!(
                            "{} ms: {tp} of {group} goes to consumers {other} and {consumer} in \
                             generation {generation}",
                            t.at_ms
                        ));
                    }
                }
            }
            Event::OffsetsCommitted { group, offsets, .. } => {
                for (tp, o) in offsets {
                    let prev = committed.insert((group.clone(), tp.clone()), *o);
                    if let Some(prev) = prev.filter(|p| p > o) {
                        out.push(format!(
                            "{} ms: {group}'s commit for {tp} went back {prev} -> {o}",
                            t.at_ms
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}
