//! Consumer lag as Kafka's tools and Burrow see it.
//!
//! Two sources, for two uses:
//!
//! - **Live state** (`describe`): what `kafka-consumer-groups.sh --describe`
//!   would print now, read from the group's coordinator (committed offsets,
//!   members, state) and the partition leaders (high watermarks).
//! - **The event trace** (everything else): pure functions over
//!   `&[TimedEvent]`, so the UI's timeline, which keeps the history outside
//!   the simulation (`Timeline::history`), and a finished run's `sim.trace`
//!   use the same code: the lag time series per partition, the consumer's
//!   `records-lag-max`, Burrow's verdict, and who stopped during a
//!   rebalance and for how long.
//!
//! The log end offset is the partition leader's high watermark: what the
//! tool's `ListOffsets(latest)` answers for `read_uncommitted`
//! (`GroupOffsetsResetter.getLogEndOffsets`), and what Burrow's cluster
//! module fetches.

mod burrow_feed;
mod describe;
mod fetch_metrics;
mod pauses;

use crate::engine::vec_map::VecMap;

use serde::Serialize;

pub use burrow_feed::burrow_status;
pub use describe::{
    describe_group, kafka_consumer_groups, CoordinatorUnavailable, DescribeView, GroupDescription,
    MEMBER_HOST,
};
pub use fetch_metrics::{records_lag_max, METRICS_NUM_SAMPLES, METRICS_SAMPLE_WINDOW_MS};
pub use pauses::{rebalance_pauses, RebalancePause};

use super::event::{Event, TimedEvent};
use super::types::{BrokerId, TimeMs, Tp};

/// Each partition's log end offset (its leader's high watermark) as the
/// trace tells it: `BecameLeader` names the leader and its HW, the
/// leader's `HighWatermarkAdvanced` moves it (followers' HWs are ignored),
/// and an election without a leader makes it unknown.
#[derive(Clone, Debug, Default)]
struct LogEnds {
    leaders: VecMap<Tp, BrokerId>,
    ends: VecMap<Tp, i64>,
}

impl LogEnds {
    /// Applies one event; returns the partition whose log end changed.
    fn apply<'e>(&mut self, event: &'e Event) -> Option<&'e Tp> {
        match event {
            Event::BecameLeader { broker, tp, hw, .. } => {
                self.leaders.insert(tp.clone(), *broker);
                self.ends.insert(tp.clone(), *hw);
                Some(tp)
            }
            Event::HighWatermarkAdvanced { broker, tp, to, .. }
                if self.leaders.get(tp) == Some(broker) =>
            {
                self.ends.insert(tp.clone(), *to);
                Some(tp)
            }
            Event::LeaderElected {
                tp, leader: None, ..
            } => {
                self.leaders.remove(tp);
                self.ends.remove(tp).map(|_| tp)
            }
            _ => None,
        }
    }

    fn get(&self, tp: &Tp) -> Option<i64> {
        self.ends.get(tp).copied()
    }
}

/// Which consumer of a group reads each partition, from the consumers'
/// own `PartitionsAssigned` / `PartitionsRevoked` (a crashed consumer keeps
/// its partitions until the group gives them to someone else, as the
/// coordinator's view does until the session times out).
#[derive(Clone, Debug, Default)]
pub(crate) struct Owners {
    owners: VecMap<Tp, u32>,
}

impl Owners {
    /// Applies one event of `group`; returns whether it was an ownership event.
    pub(crate) fn apply(&mut self, group: &str, event: &Event) -> bool {
        match event {
            Event::PartitionsAssigned {
                consumer,
                group: g,
                partitions,
                ..
            } if g == group => {
                self.owners
                    .retain(|tp, c| c != consumer || partitions.contains(tp));
                for tp in partitions {
                    self.owners.insert(tp.clone(), *consumer);
                }
                true
            }
            Event::PartitionsRevoked {
                consumer,
                group: g,
                partitions,
                ..
            } if g == group => {
                for tp in partitions {
                    if self.owners.get(tp) == Some(consumer) {
                        self.owners.remove(tp);
                    }
                }
                true
            }
            _ => false,
        }
    }

    pub(crate) fn owner(&self, tp: &Tp) -> Option<u32> {
        self.owners.get(tp).copied()
    }

    fn partitions(&self) -> impl Iterator<Item = &Tp> {
        self.owners.keys()
    }
}

/// One moment of a partition's lag for a group. `committed` and `lag` are
/// `None` before the group's first commit, `log_end_offset` while the
/// partition has no leader (the tool prints `-` for both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LagPoint {
    pub at_ms: TimeMs,
    pub log_end_offset: Option<i64>,
    pub committed: Option<i64>,
    pub lag: Option<i64>,
}

/// A partition's lag over time, one point per change of either offset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionLag {
    pub tp: Tp,
    pub points: Vec<LagPoint>,
}

/// The lag of every partition `group` has owned or committed, from the
/// moment it first did, as `kafka-consumer-groups.sh` would have shown it
/// at each change: log end offset minus the committed offset
/// (`ConsumerGroupCommand.getLag`). Several changes at one instant make one
/// point (the last state).
pub fn lag_series(events: &[TimedEvent], group: &str) -> Vec<PartitionLag> {
    let mut ends = LogEnds::default();
    let mut owners = Owners::default();
    let mut committed: VecMap<Tp, i64> = VecMap::new();
    let mut series: VecMap<Tp, Vec<LagPoint>> = VecMap::new();
    for t in events {
        let mut changed: Vec<Tp> = Vec::new();
        if let Some(tp) = ends.apply(&t.event) {
            if series.contains_key(tp) {
                changed.push(tp.clone());
            }
        }
        if owners.apply(group, &t.event) {
            changed.extend(
                owners
                    .partitions()
                    .filter(|tp| !series.contains_key(*tp))
                    .cloned(),
            );
        }
        if let Event::OffsetsCommitted {
            group: g, offsets, ..
        } = &t.event
        {
            if g == group {
                for (tp, o) in offsets {
                    committed.insert(tp.clone(), *o);
                    changed.push(tp.clone());
                }
            }
        }
        for tp in changed {
            let c = committed.get(&tp).copied();
            let end = ends.get(&tp);
            let point = LagPoint {
                at_ms: t.at_ms,
                log_end_offset: end,
                committed: c,
                lag: c.and_then(|c| end.map(|e| e - c)),
            };
            let points = series.entry(tp).or_default();
            match points.last_mut() {
                Some(last) if last.at_ms == point.at_ms => *last = point,
                Some(last) if (last.log_end_offset, last.committed) == (end, c) => {}
                _ => points.push(point),
            }
        }
    }
    series
        .into_iter()
        .map(|(tp, points)| PartitionLag { tp, points })
        .collect()
}

#[cfg(test)]
mod tests;
