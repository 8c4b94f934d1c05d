//! Burrow watching the simulated cluster: its cluster module fetches every
//! partition's end offset every `offset-refresh` seconds
//! ([`BrokerOffsets::push`]), its consumer module reads each commit from
//! `__consumer_offsets` as it is written ([`CommitWindow::push`]), and the
//! evaluator judges the group ([`burrow::evaluate`]).

use crate::engine::vec_map::VecMap;

use super::{LogEnds, Owners, MEMBER_HOST};
use crate::engine::burrow::{
    self, BrokerOffsets, BurrowConfig, CommitStored, CommitWindow, GroupVerdict, PartitionWindow,
};
use crate::engine::event::{Event, TimedEvent};
use crate::engine::group_member::client_id;
use crate::engine::types::{TimeMs, Tp};

/// Burrow's status of `group` at `now_ms`, from the events up to then.
/// Burrow starts with the cluster (its first end-offset fetch at time 0,
/// after that instant's events); a commit seen before Burrow has an end
/// offset for the partition is dropped, as Burrow drops it.
pub fn burrow_status(
    events: &[TimedEvent],
    group: &str,
    cfg: &BurrowConfig,
    now_ms: TimeMs,
) -> GroupVerdict {
    let refresh_ms = cfg.offset_refresh_s.max(1) * 1000;
    let mut ends = LogEnds::default();
    let mut owners = Owners::default();
    let mut brokers: VecMap<Tp, BrokerOffsets> = VecMap::new();
    let mut windows: VecMap<Tp, CommitWindow> = VecMap::new();
    let mut next_fetch: TimeMs = 0;
    let fetch = |brokers: &mut VecMap<Tp, BrokerOffsets>, ends: &LogEnds| {
        for (tp, &end) in &ends.ends {
            brokers.entry(tp.clone()).or_default().push(cfg, end);
        }
    };
    for t in events.iter().take_while(|t| t.at_ms <= now_ms) {
        while next_fetch < t.at_ms {
            fetch(&mut brokers, &ends);
            next_fetch += refresh_ms;
        }
        ends.apply(&t.event);
        owners.apply(group, &t.event);
        if let Event::OffsetsCommitted {
            group: g, offsets, ..
        } = &t.event
        {
            if g == group {
                for (tp, offset) in offsets {
                    let broker = brokers.entry(tp.clone()).or_default();
                    let window = windows.entry(tp.clone()).or_default();
                    let stored = window.push(cfg, *offset, t.at_ms, broker);
                    if stored == CommitStored::DroppedNoBrokerOffset && window.samples().is_empty()
                    {
                        // Burrow keeps nothing for the partition yet.
                        windows.remove(tp);
                    }
                }
            }
        }
    }
    while next_fetch <= now_ms {
        fetch(&mut brokers, &ends);
        next_fetch += refresh_ms;
    }
    let no_offsets = BrokerOffsets::default();
    let clients: VecMap<&Tp, String> = windows
        .keys()
        .filter_map(|tp| owners.owner(tp).map(|c| (tp, client_id(group, c))))
        .collect();
    let partitions: Vec<PartitionWindow> = windows
        .iter()
        .map(|(tp, commits)| PartitionWindow {
            topic: &tp.topic,
            partition: tp.partition,
            owner: if clients.contains_key(tp) {
                MEMBER_HOST
            } else {
                ""
            },
            client_id: clients.get(tp).map_or("", String::as_str),
            commits,
            broker_offsets: brokers.get(tp).unwrap_or(&no_offsets),
        })
        .collect();
    burrow::evaluate(cfg, now_ms, &partitions)
}
