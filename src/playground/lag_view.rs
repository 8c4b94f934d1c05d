//! What the lag panel shows for one lane up to its cursor, per consumer
//! group: each partition's lag over time (the log end offset minus the
//! committed offset, `ConsumerGroupCommand.getLag`) as chart strokes
//! coloured by the member that owned it, the rebalances to mark on the
//! chart, each member's `records-lag-max`, Burrow's verdict, and the
//! `kafka-consumer-groups.sh --describe` table.
//!
//! Everything here reads the whole history (`engine::lag`), so the page
//! computes it once per change of the lane, never per row or per frame.

mod burrow_text;
mod chart;
mod markers;

pub use burrow_text::{group_explanation, partition_explanation, rule_summary};
pub use chart::{downsample, strokes, Change, Stroke, MAX_POINTS};
pub use markers::{consumer_groups, offset_markers, GroupMarks, OffsetMarkers};

use crate::engine::burrow::{BurrowConfig, GroupVerdict};
use crate::engine::event::{Event, TimedEvent};
use crate::engine::group_describe::{describe_offsets, Describe};
use crate::engine::group_state::GroupState;
use crate::engine::lag::{
    burrow_status, describe_group, lag_series, records_lag_max, LagPoint, Owners,
};
use crate::engine::sim::Simulation;
use crate::engine::types::{TimeMs, Tp};
use crate::engine::vec_map::VecMap;

use super::session::Lane;

/// The chart's x axis ends at the scenario's stop time, or at the cursor
/// once it is past that (and never before this).
const MIN_AXIS_MS: TimeMs = 10_000;

#[derive(Clone, Debug, PartialEq)]
pub struct LaneLag {
    pub now_ms: TimeMs,
    /// Where the time axis ends.
    pub end_ms: TimeMs,
    pub groups: Vec<GroupLag>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupLag {
    pub group: String,
    pub partitions: Vec<PartitionChart>,
    pub rebalances: Vec<Rebalance>,
    pub members: Vec<MemberLag>,
    pub burrow: GroupVerdict,
    pub describe: DescribeTable,
}

/// One partition's line.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionChart {
    pub tp: Tp,
    pub strokes: Vec<Stroke>,
    /// The highest lag in the line (0 if none).
    pub max_lag: i64,
    /// The offsets at the cursor.
    pub now: Option<LagPoint>,
    /// Who owns it at the cursor.
    pub owner: Option<u32>,
}

/// A rebalance: from PreparingRebalance until the group is Stable (or
/// Empty) again, in the generation it ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebalance {
    pub from_ms: TimeMs,
    /// `None` while still rebalancing at the cursor.
    pub to_ms: Option<TimeMs>,
    pub generation: i32,
    /// The coordinator's reason for starting it.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberLag {
    pub consumer: u32,
    /// `records-lag-max`; `None` where Kafka shows NaN.
    pub records_lag_max: Option<i64>,
    pub assignment: Vec<Tp>,
    pub crashed: bool,
}

/// The offsets view of `kafka-consumer-groups.sh --describe`: the command
/// line, its rows as cells under `group_describe::OFFSETS_HEADER`, and the
/// literal output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescribeTable {
    pub command: String,
    pub rows: Vec<[String; 9]>,
    pub out: Describe,
}

/// The lag of every group of `lane`'s consumers, up to the cursor.
pub fn lane_lag(lane: &Lane) -> LaneLag {
    let sim = lane.timeline.sim();
    let events = lane.timeline.past();
    let now_ms = sim.now;
    let end_ms = lane.scenario.stop_at_ms.max(now_ms).max(MIN_AXIS_MS);
    let groups = consumer_groups(sim)
        .into_iter()
        .map(|g| group_lag(sim, events, g, now_ms))
        .collect();
    LaneLag {
        now_ms,
        end_ms,
        groups,
    }
}

fn group_lag(sim: &Simulation, events: &[TimedEvent], group: String, now_ms: TimeMs) -> GroupLag {
    let series = lag_series(events, &group);
    let tps: Vec<Tp> = series.iter().map(|s| s.tp.clone()).collect();
    let (owners, rebalances) = group_history(events, &group, &tps);
    let partitions = series
        .into_iter()
        .map(|s| {
            let changes: Vec<Change> = s
                .points
                .iter()
                .skip_while(|p| p.lag.is_none())
                .map(|p| (p.at_ms, p.lag))
                .collect();
            let owned = owners.get(&s.tp).map_or(&[][..], Vec::as_slice);
            PartitionChart {
                strokes: strokes(&downsample(&changes), owned, now_ms),
                max_lag: changes.iter().filter_map(|c| c.1).max().unwrap_or(0),
                now: s.points.last().copied(),
                owner: owned.last().and_then(|o| o.1),
                tp: s.tp,
            }
        })
        .collect();
    let members = sim
        .nodes
        .consumers
        .values()
        .filter(|c| c.config.group_id.as_ref() == Some(&group))
        .map(|c| MemberLag {
            consumer: c.id,
            records_lag_max: records_lag_max(events, c.id, now_ms),
            assignment: c.assignment.clone(),
            crashed: c.crashed,
        })
        .collect();
    GroupLag {
        burrow: burrow_status(events, &group, &BurrowConfig::default(), now_ms),
        describe: describe_table(sim, &group),
        partitions,
        rebalances,
        members,
        group,
    }
}

type OwnerChanges = VecMap<Tp, Vec<(TimeMs, Option<u32>)>>;

/// Who owned each of `tps` over time, and the group's rebalances.
fn group_history(events: &[TimedEvent], group: &str, tps: &[Tp]) -> (OwnerChanges, Vec<Rebalance>) {
    let mut owners = Owners::default();
    let mut changes: OwnerChanges = VecMap::new();
    let mut rebalances: Vec<Rebalance> = Vec::new();
    for t in events {
        if owners.apply(group, &t.event) {
            for tp in tps {
                let now = owners.owner(tp);
                let seen = changes.entry(tp.clone()).or_default();
                if seen.last().map(|c| c.1) != Some(now) {
                    seen.push((t.at_ms, now));
                }
            }
        }
        let Event::GroupStateChanged {
            group: g,
            to,
            generation,
            reason,
            ..
        } = &t.event
        else {
            continue;
        };
        if g != group {
            continue;
        }
        let open = rebalances.last_mut().filter(|r| r.to_ms.is_none());
        match (to, open) {
            (GroupState::PreparingRebalance, None) => rebalances.push(Rebalance {
                from_ms: t.at_ms,
                to_ms: None,
                generation: *generation,
                reason: reason.clone(),
            }),
            (GroupState::Stable | GroupState::Empty | GroupState::Dead, Some(r)) => {
                r.to_ms = Some(t.at_ms);
                r.generation = *generation;
            }
            _ => {}
        }
    }
    (changes, rebalances)
}

/// `kafka-consumer-groups.sh --describe --group GROUP` now: the rows the
/// tool prints (none when it prints only an error) and its output.
/// The tool bootstraps from the first broker (broker N listens on
/// localhost:9091 + N, as the coordinator's address says).
pub fn describe_table(sim: &Simulation, group: &str) -> DescribeTable {
    let port = sim
        .nodes
        .brokers
        .keys()
        .next()
        .map_or(9092, |&b| 9091 + i64::from(b));
    let command = format!(
        "kafka-consumer-groups.sh --bootstrap-server localhost:{port} --describe --group {group}"
    );
    // The offsets view only (`GroupDescription::print` would bring the
    // other views' printers into the page too).
    let (rows, out) = match describe_group(sim, group) {
        Ok(d) => {
            let rows = d.rows();
            let out = describe_offsets(group, d.state, &rows);
            let shown = d.state != GroupState::Dead;
            let cells = rows.iter().filter(|_| shown).map(|r| r.cells(group));
            (cells.collect(), out)
        }
        Err(e) => (Vec::new(), e.print(sim.now)),
    };
    DescribeTable { command, rows, out }
}

#[cfg(test)]
mod tests;
