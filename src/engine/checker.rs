//! The guarantee checker (TigerBeetle's "checkers, not eyeballs"): at any
//! moment it lists acknowledged records the current leader no longer has,
//! records a consumer read that later vanished, and replicas that disagree
//! with the leader below their high watermark — each with the events that
//! led there, so the UI can link a loss to its causes.

use serde::Serialize;

use super::broker::{Replica, Role};
use super::event::{Event, TimedEvent};
use super::producer::Fate;
use super::sim::Simulation;
use super::types::{BrokerId, RecordId, Tp};
use crate::engine::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LostRecord {
    pub tp: Tp,
    pub offset: i64,
    pub id: RecordId,
    /// `None`: acknowledged to a producer; `Some(c)`: read by consumer `c`.
    pub consumer: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Divergence {
    pub tp: Tp,
    pub broker: BrokerId,
    pub offset: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding<T> {
    #[serde(flatten)]
    pub what: T,
    /// Sequence numbers of the events that explain it.
    pub caused_by: Vec<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Findings {
    pub lost_acknowledged: Vec<Finding<LostRecord>>,
    pub lost_consumed: Vec<Finding<LostRecord>>,
    pub divergent_replicas: Vec<Finding<Divergence>>,
}

impl Findings {
    pub fn is_clean(&self) -> bool {
        self.lost_acknowledged.is_empty()
            && self.lost_consumed.is_empty()
            && self.divergent_replicas.is_empty()
    }
}

/// The current leader's log for each partition that has a leader.
fn leader_logs(sim: &Simulation) -> VecMap<&Tp, (BrokerId, &Replica)> {
    let mut out = VecMap::new();
    for p in sim.nodes.controller.partitions.values() {
        let Some(l) = p.leader else { continue };
        if let Some(r) = sim
            .nodes
            .brokers
            .get(&l)
            .and_then(|b| b.replicas.get(&p.tp))
        {
            out.insert(&p.tp, (l, r));
        }
    }
    out
}

fn still_there(
    leaders: &VecMap<&Tp, (BrokerId, &Replica)>,
    tp: &Tp,
    offset: i64,
    id: RecordId,
) -> bool {
    match leaders.get(tp) {
        // Offline partition: nothing can be said until it has a leader.
        None => true,
        Some((_, r)) => r.log.record_at(offset).is_some_and(|rec| rec.id == id),
    }
}

/// Acknowledged or consumed records missing from the current leader.
pub fn lost_records(sim: &Simulation) -> Vec<LostRecord> {
    let leaders = leader_logs(sim);
    let mut out = Vec::new();
    for p in sim.nodes.producers.values() {
        for (&id, fate) in &p.fates {
            if let Fate::Acknowledged { tp, offset } = fate {
                if !still_there(&leaders, tp, *offset, id) {
                    out.push(LostRecord {
                        tp: tp.clone(),
                        offset: *offset,
                        id,
                        consumer: None,
                    });
                }
            }
        }
    }
    for c in sim.nodes.consumers.values() {
        for r in &c.consumed {
            if !still_there(&leaders, &r.tp, r.offset, r.id) {
                out.push(LostRecord {
                    tp: r.tp.clone(),
                    offset: r.offset,
                    id: r.id,
                    consumer: Some(c.id),
                });
            }
        }
    }
    out
}

/// Events that explain a record's loss: its append and acknowledgement,
/// the elections on its partition afterwards, and truncations that removed it.
fn chain(trace: &[TimedEvent], tp: &Tp, id: RecordId) -> Vec<u64> {
    let mut out = Vec::new();
    let mut seen_append = false;
    for e in trace {
        let relevant = match &e.event {
            Event::RecordsAppended {
                tp: t,
                ids,
                as_leader: true,
                ..
            } => t == tp && ids.contains(&id),
            Event::ProduceAcked { ids, .. } | Event::ConsumerFetched { ids, .. } => {
                ids.contains(&id)
            }
            Event::BrokerCrashed { .. } | Event::ControlledShutdownStarted { .. } => seen_append,
            Event::LeaderElected { tp: t, .. } => seen_append && t == tp,
            Event::LogTruncated { removed, .. } => removed.contains(&id),
            _ => false,
        };
        if relevant {
            if matches!(e.event, Event::RecordsAppended { .. }) {
                seen_append = true;
            }
            out.push(e.seq);
        }
    }
    out
}

/// Replicas whose committed prefix (below their own HW) differs from the leader's.
pub fn divergent_replicas(sim: &Simulation) -> Vec<Divergence> {
    let leaders = leader_logs(sim);
    let mut out = Vec::new();
    for b in sim.nodes.brokers.values() {
        for (tp, r) in &b.replicas {
            let Some(&(leader, lr)) = leaders.get(tp) else {
                continue;
            };
            if leader == b.id || matches!(r.role, Role::Leader(_)) {
                continue;
            }
            let upto = r.log.hw.min(lr.log.hw);
            let differs = (0..upto).find(|&o| {
                let mine = r.log.record_at(o).map(|x| x.id);
                let theirs = lr.log.record_at(o).map(|x| x.id);
                mine != theirs
            });
            if let Some(offset) = differs {
                out.push(Divergence {
                    tp: tp.clone(),
                    broker: b.id,
                    offset,
                });
            }
        }
    }
    out
}

pub fn check(sim: &Simulation) -> Findings {
    check_against(sim, &sim.trace)
}

/// The findings, with causes looked up in a history kept outside the
/// simulation (the timeline's).
pub fn check_against(sim: &Simulation, trace: &[TimedEvent]) -> Findings {
    let mut f = Findings::default();
    for lost in lost_records(sim) {
        let caused_by = chain(trace, &lost.tp, lost.id);
        let finding = Finding {
            what: lost,
            caused_by,
        };
        if finding.what.consumer.is_none() {
            f.lost_acknowledged.push(finding);
        } else {
            f.lost_consumed.push(finding);
        }
    }
    for d in divergent_replicas(sim) {
        let caused_by = trace
            .iter()
            .filter(|e| matches!(&e.event, Event::LeaderElected { tp, .. } | Event::LogTruncated { tp, .. } if *tp == d.tp))
            .map(|e| e.seq)
            .collect();
        f.divergent_replicas.push(Finding { what: d, caused_by });
    }
    f
}
