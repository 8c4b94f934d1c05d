//! What the page's partitioning views show, read from one lane: where a
//! key goes under a producer's partitioner and why ("Where does my key
//! go"), where a topic's records actually went — grouped by key, or by the
//! custom rule that placed them — and how many batches carried them.
//!
//! The partition comes from the engine's own partitioner
//! (`PartitionerState::choose`), so the page cannot disagree with the
//! simulation; for a key that choice never uses randomness.

use std::rc::Rc;

use crate::engine::event::{Event, TimedEvent};
use crate::engine::log::Log;
use crate::engine::murmur2::to_positive;
use crate::engine::partitioner::{
    key_partition, Kind, PartitionerConfig, PartitionerState, Rule, Target,
};
use crate::engine::rng::Rng;
use crate::engine::sim::Simulation;
use crate::engine::timeline::Timeline;

/// Keys drawn in their own colour in a partition's bar; the rest are "other keys".
pub const MAX_KEYS: usize = 6;

/// One key, as the producer's partitioner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPlacement {
    pub key: String,
    /// `Utils.murmur2(keyBytes)`, signed as Java prints it.
    pub murmur2: i32,
    /// `Utils.toPositive`: the hash with its sign bit cleared.
    pub positive: i32,
    /// Where a record with this key goes now; `None` when the partitioner
    /// ignores keys (round-robin, KIP-480 sticky, `partitioner.ignore.keys`).
    pub partition: Option<u32>,
    /// The custom rule that placed it (`playground.partitioner.rules`).
    pub rule: Option<usize>,
    /// Its partition before the topic last grew, when that was another one.
    pub moved_from: Option<u32>,
    /// Where this key's records are in the log: (partition, how many).
    pub landed: Vec<(u32, usize)>,
}

/// How a partition's records are grouped in its bar.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Key(Rc<str>),
    OtherKeys,
    NoKey,
    /// Placed by custom rule number `n`.
    Rule(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionLoad {
    pub partition: u32,
    pub total: usize,
    pub groups: Vec<(Group, usize)>,
}

/// Produce requests a producer sent to a topic (first attempts only):
/// how many batches, and how many records they carried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Batching {
    pub batches: usize,
    pub records: usize,
}

/// The partition `partitioner` picks for `key` among `partitions`.
pub fn key_target(cfg: &PartitionerConfig, key: &str, partitions: u32) -> Option<u32> {
    let hashes = match cfg.kind {
        Kind::RoundRobin | Kind::UniformSticky => false,
        Kind::Rules(_) => true,
        Kind::BuiltIn | Kind::LegacyDefault => !cfg.ignore_keys,
    };
    if !hashes || partitions == 0 {
        return None;
    }
    let target = Target {
        topic: "",
        key: Some(key),
        partitions,
        available: &[],
        batch_size: 1,
    };
    let p = PartitionerState::default().choose(cfg, &target, &mut Rng::new(0));
    (p < partitions).then_some(p)
}

/// The first rule that takes `key` (the last one takes every key).
pub fn rule_for(rules: &[Rule], key: Option<&str>) -> usize {
    let takes = |r: &Rule| match (&r.key_prefix, key) {
        (None, _) => true,
        (Some(prefix), Some(k)) => k.starts_with(prefix.as_str()),
        (Some(_), None) => false,
    };
    rules
        .iter()
        .position(takes)
        .unwrap_or(rules.len().saturating_sub(1))
}

/// Each partition of `topic` (by index) with the longest copy of its log.
fn logs<'a>(sim: &'a Simulation, topic: &str) -> Vec<Option<&'a Log>> {
    let mut out: Vec<Option<&Log>> = vec![None; partition_count(sim, topic) as usize];
    let replicas = sim.nodes.brokers.values().flat_map(|b| &b.replicas);
    for (tp, r) in replicas.filter(|(tp, _)| &*tp.topic == topic) {
        if let Some(slot) = out.get_mut(tp.partition as usize) {
            if slot.is_none_or(|l| r.log.leo() > l.leo()) {
                *slot = Some(&r.log);
            }
        }
    }
    out
}

/// Adds `n` to `group`'s count in a list kept in group order (a handful
/// of groups: a list will do).
fn count(groups: &mut Vec<(Group, usize)>, group: &Group, n: usize) {
    let i = groups.partition_point(|(g, _)| g < group);
    match groups.get_mut(i) {
        Some((g, c)) if g == group => *c += n,
        _ => groups.insert(i, (group.clone(), n)),
    }
}

/// The producer that sent the newest record (to `topic`, if given) and its topic.
pub fn newest_write(sim: &Simulation, topic: Option<&str>) -> Option<(u32, String)> {
    sim.nodes
        .producers
        .iter()
        .filter_map(|(&id, p)| {
            let mine = p
                .fates
                .iter()
                .rev()
                .find(|(_, f)| topic.is_none_or(|t| f.topic() == t));
            mine.map(|(record, f)| (*record, id, f.topic()))
        })
        .max()
        .map(|(_, id, t)| (id, t.to_string()))
}

/// The distinct keys `producer` sent to `topic`, in the order it sent them.
pub fn keys_sent(sim: &Simulation, producer: u32, topic: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let Some(p) = sim.nodes.producers.get(&producer) else {
        return out;
    };
    let sent = p.fates.iter().filter(|(_, f)| f.topic() == topic);
    for (id, _) in sent {
        let key = sim.record_values.get(id).and_then(|(k, _)| k.as_deref());
        if let Some(k) = key.filter(|k| !out.iter().any(|o| o == k)) {
            out.push(k.to_string());
            if out.len() == max {
                break;
            }
        }
    }
    out
}

pub fn partition_count(sim: &Simulation, topic: &str) -> u32 {
    sim.cluster
        .topics
        .get(topic)
        .map_or(0, |t| t.partitions.len() as u32)
}

/// "Where does my key go" for `keys`, as producer `producer` places them
/// in `topic`. `before` is the partition count before the topic last grew.
pub fn place_keys(
    sim: &Simulation,
    producer: u32,
    topic: &str,
    keys: &[String],
    before: Option<u32>,
) -> Vec<KeyPlacement> {
    let Some(p) = sim.nodes.producers.get(&producer) else {
        return Vec::new();
    };
    let cfg = &p.config.partitioner;
    let n = partition_count(sim, topic);
    let logs = logs(sim, topic);
    keys.iter()
        .map(|key| {
            let (murmur2, _) = key_partition(key.as_bytes(), n.max(1));
            let partition = key_target(cfg, key, n);
            let old = before.and_then(|b| key_target(cfg, key, b));
            let landed = logs
                .iter()
                .enumerate()
                .filter_map(|(part, log)| Some((part as u32, (*log)?)))
                .map(|(part, log)| {
                    let same = |r: &&crate::engine::types::Record| r.key.as_deref() == Some(key);
                    (part, log.records.iter().filter(same).count())
                })
                .filter(|&(_, count)| count > 0)
                .collect();
            KeyPlacement {
                key: key.clone(),
                murmur2,
                positive: to_positive(murmur2),
                partition,
                rule: match &cfg.kind {
                    Kind::Rules(rules) => Some(rule_for(rules, Some(key))),
                    _ => None,
                },
                moved_from: old.filter(|&o| Some(o) != partition),
                landed,
            }
        })
        .collect()
}

/// Where `topic`'s records are, partition by partition: by custom rule when
/// `rules` are given, else by key (the first `MAX_KEYS` keys met, in
/// partition order, by name; the rest as other keys). Also every group
/// that occurs, in order, for a legend.
pub fn partition_loads(
    sim: &Simulation,
    topic: &str,
    rules: Option<&[Rule]>,
) -> (Vec<PartitionLoad>, Vec<Group>) {
    let logs = logs(sim, topic);
    let mut named: Vec<Rc<str>> = Vec::new();
    let mut group = |key: Option<&Rc<str>>| match (rules, key) {
        (Some(rules), k) => Group::Rule(rule_for(rules, k.map(|k| &**k))),
        (None, None) => Group::NoKey,
        (None, Some(k)) if named.contains(k) => Group::Key(k.clone()),
        (None, Some(k)) if named.len() < MAX_KEYS => {
            named.push(k.clone());
            Group::Key(k.clone())
        }
        (None, Some(_)) => Group::OtherKeys,
    };
    let mut all: Vec<(Group, usize)> = Vec::new();
    let loads = logs
        .iter()
        .enumerate()
        .map(|(partition, log)| {
            let mut groups: Vec<(Group, usize)> = Vec::new();
            for r in log.iter().flat_map(|l| l.records.iter()) {
                count(&mut groups, &group(r.key.as_ref()), 1);
            }
            for (g, n) in &groups {
                count(&mut all, g, *n);
            }
            PartitionLoad {
                partition: partition as u32,
                total: groups.iter().map(|g| g.1).sum(),
                groups,
            }
        })
        .collect();
    (loads, all.into_iter().map(|g| g.0).collect())
}

/// The batches `producer` sent to `topic` so far (retries not counted).
pub fn batching(past: &[TimedEvent], producer: u32, topic: &str) -> Batching {
    let mut b = Batching::default();
    for e in past {
        if let Event::ProduceSent {
            producer: p,
            tp,
            ids,
            attempt: 1,
            ..
        } = &e.event
        {
            if *p == producer && &*tp.topic == topic {
                b.batches += 1;
                b.records += ids.len();
            }
        }
    }
    b
}

/// The partition count of `topic` before it last grew, up to the cursor.
pub fn count_before_growth(timeline: &Timeline, topic: &str) -> Option<u32> {
    let now_seq = timeline.past().last().map_or(0, |e| e.seq);
    timeline
        .markers()
        .filter(|e| e.seq <= now_seq)
        .filter_map(|e| match &e.event {
            Event::PartitionsAdded { topic: t, from, .. } if t == topic => Some(*from),
            _ => None,
        })
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::preset::PresetId;
    use crate::playground::session::Session;

    fn keys() -> Vec<String> {
        ["서울", "부산", "울산"].map(String::from).to_vec()
    }

    fn at(ms: u64) -> Session {
        let mut s = Session::from_preset(PresetId::Partitioning).unwrap();
        s.advance_to(ms);
        s
    }

    #[test]
    fn the_seed_keys_go_to_partitions_0_1_2_of_three() {
        let s = at(2_500);
        let sim = s.lanes[0].timeline.sim();
        let rows = place_keys(sim, 1, "click_log", &keys(), None);
        let got: Vec<_> = rows.iter().map(|r| (r.murmur2, r.partition)).collect();
        // kafka-sim partition --partitions 3 서울 부산 울산 (tests/cli_partition.rs).
        assert_eq!(
            got,
            [
                (-2063068724, Some(0)),
                (-683739892, Some(1)),
                (-614402136, Some(2))
            ]
        );
        assert_eq!(rows[1].positive, 1463743756);
        let landed: Vec<_> = rows.iter().map(|r| r.landed.clone()).collect();
        assert_eq!(landed, [vec![(0, 2)], vec![(1, 2)], vec![(2, 2)]]);
    }

    #[test]
    fn null_keys_fill_one_sticky_batch_of_seven_at_a_time() {
        let s = at(5_500);
        let lane = &s.lanes[0];
        let b = batching(lane.timeline.past(), 1, "click_log");
        // Six keyed batches of one record, then 42 null keys in 6 batches.
        assert_eq!(
            b,
            Batching {
                batches: 12,
                records: 48
            }
        );
        let (loads, legend) = partition_loads(lane.timeline.sim(), "click_log", None);
        assert_eq!(legend.last(), Some(&Group::NoKey));
        let null_keys: usize = loads
            .iter()
            .flat_map(|l| &l.groups)
            .filter(|(g, _)| *g == Group::NoKey)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(null_keys, 42);
        assert!(loads.iter().all(|l| l
            .groups
            .iter()
            .all(|(g, n)| *g != Group::NoKey || n % 7 == 0)));
        // DefaultPartitioner (before 2.4): round-robin, record by record.
        let legacy = s
            .with_producer_config(
                1,
                &[("partitioner.class", Some("DefaultPartitioner".into()))],
            )
            .unwrap();
        let b = batching(legacy.lanes[0].timeline.past(), 1, "click_log");
        assert_eq!(b.records, 48);
        // Each partition gets every third record, one per 150 ms, so a batch
        // holds the 4 that arrive within linger.ms (500): 14 records a
        // partition in batches of 4, 4, 4 and 2 — twice the batches.
        assert_eq!(b.batches - 6, 3 * 4, "{b:?}");
    }

    #[test]
    fn vip_keys_get_eight_partitions_and_everyone_else_two() {
        let s = at(9_000);
        let sim = s.lanes[0].timeline.sim();
        let Kind::Rules(rules) = &sim.nodes.producers[&2].config.partitioner.kind else {
            panic!("producer 2 has the VIP rule")
        };
        let (loads, legend) = partition_loads(sim, "orders", Some(rules));
        assert_eq!(legend, [Group::Rule(0), Group::Rule(1)]);
        for l in &loads {
            let want = if l.partition < 8 {
                Group::Rule(0)
            } else {
                Group::Rule(1)
            };
            assert!(l.groups.iter().all(|(g, _)| *g == want), "{l:?}");
        }
        let totals: Vec<usize> = loads.iter().map(|l| l.total).collect();
        assert_eq!(totals, [2, 2, 2, 2, 2, 2, 2, 2, 4, 4]);
        assert_eq!(newest_write(sim, None), Some((2, "orders".into())));
        let keys = keys_sent(sim, 2, "orders", 3);
        assert_eq!(keys, ["VIP-김", "user-1", "VIP-이"]);
        assert_eq!(newest_write(sim, Some("click_log")).map(|w| w.0), Some(1));
        let rows = place_keys(sim, 2, "orders", &["VIP-김".into(), "user-1".into()], None);
        assert_eq!(rows[0].rule, Some(0));
        assert_eq!((rows[1].rule, rows[1].partition), (Some(1), Some(8)));
    }

    #[test]
    fn after_growing_to_four_partitions_busan_and_ulsan_move_to_0() {
        let s = at(10_500);
        let lane = &s.lanes[0];
        let before = count_before_growth(&lane.timeline, "click_log");
        assert_eq!(before, Some(3));
        let rows = place_keys(lane.timeline.sim(), 1, "click_log", &keys(), before);
        let moved: Vec<_> = rows.iter().map(|r| (r.partition, r.moved_from)).collect();
        assert_eq!(
            moved,
            [(Some(0), None), (Some(0), Some(1)), (Some(0), Some(2))]
        );
        assert_eq!(
            rows[1].landed,
            [(0, 1), (1, 2)],
            "부산 is split: order breaks"
        );
        assert_eq!(
            count_before_growth(&at(8_999).lanes[0].timeline, "click_log"),
            None
        );
    }

    #[test]
    fn a_batch_fills_then_its_retry_keeps_the_sequence_and_is_not_written_twice() {
        use crate::engine::producer::BatchStage;
        let s = at(3_120);
        let sim = s.lanes[0].timeline.sim();
        let batches = sim.nodes.producers[&1].batches(sim.now);
        let [b] = &batches[..] else {
            panic!("one batch filling: {batches:?}")
        };
        assert_eq!(
            (b.stage, b.records.len(), b.full),
            (BatchStage::Filling, 3, false)
        );
        assert_eq!((b.estimated_bytes, b.limit), (61 + 3 * 29, 264));
        assert_eq!(b.ready_at, 3_000 + 500, "linger.ms after the first record");

        let s = at(11_501);
        let sim = s.lanes[0].timeline.sim();
        let sent = sim.nodes.producers[&1].batches(sim.now);
        assert_eq!(sent.len(), 1);
        assert!(matches!(sent[0].stage, BatchStage::InFlight(1)));
        let seq = sent[0].sequence;
        assert_eq!(seq.map(|s| s.1), Some(12), "click_log-0 had 12 records");

        let s = at(14_000);
        let lane = &s.lanes[0];
        let dup = lane.timeline.past().iter().find_map(|e| match &e.event {
            Event::DuplicateRejected {
                producer_id,
                base_sequence,
                ..
            } => Some((*producer_id, *base_sequence)),
            _ => None,
        });
        assert_eq!(dup, seq, "the broker recognises the retried sequence");
        let landed = place_keys(lane.timeline.sim(), 1, "click_log", &keys(), Some(3));
        assert_eq!(landed[0].landed, [(0, 4)], "서울-1 … 서울-4, each once");
    }

    #[test]
    fn round_robin_ignores_keys() {
        let cfg = PartitionerConfig::parse("p", Some(&"RoundRobinPartitioner".into()), None, false)
            .unwrap();
        assert_eq!(key_target(&cfg, "서울", 3), None);
    }
}
