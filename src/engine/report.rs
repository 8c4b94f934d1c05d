//! The JSON report `kafka-sim run` prints: every partition's leader, epoch,
//! ISR and each replica's LEO/HW/log; every record's fate; what consumers
//! read; and the guarantee checker's findings.

use serde::Serialize;

use super::broker::BrokerStatus;
use super::checker::{check, Findings};
use super::consumer::Consumed;
use super::producer::Fate;
use super::sim::Simulation;
use super::types::{BrokerId, ControlRecordType, RecordId, TimeMs};
use crate::engine::sort;

#[derive(Serialize)]
pub struct LogEntry {
    pub offset: i64,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub leader_epoch: i32,
    /// A transaction's COMMIT or ABORT marker (a control record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlRecordType>,
}

#[derive(Serialize)]
pub struct ReplicaReport {
    pub broker: BrokerId,
    pub status: BrokerStatus,
    pub leo: i64,
    pub hw: i64,
    /// Bytes in the log (`UnifiedLog.size`), compressed as produced.
    pub size_bytes: i64,
    pub epoch_cache: Vec<(i32, i64)>,
    pub log: Vec<LogEntry>,
}

#[derive(Serialize)]
pub struct PartitionReport {
    pub topic: String,
    pub partition: u32,
    pub leader: Option<BrokerId>,
    pub leader_epoch: i32,
    pub isr: Vec<BrokerId>,
    pub replicas: Vec<ReplicaReport>,
}

#[derive(Serialize)]
pub struct RecordReport {
    pub id: RecordId,
    pub producer: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub value: String,
    #[serde(flatten)]
    pub fate: Fate,
}

#[derive(Serialize)]
pub struct ConsumerReport {
    pub id: u32,
    pub consumed: Vec<Consumed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize)]
pub struct Report {
    pub time_ms: TimeMs,
    pub events: u64,
    pub partitions: Vec<PartitionReport>,
    pub records: Vec<RecordReport>,
    pub consumers: Vec<ConsumerReport>,
    pub findings: Findings,
}

impl Report {
    pub fn of(sim: &Simulation) -> Report {
        let partitions = sim
            .nodes
            .controller
            .partitions
            .values()
            .map(|p| PartitionReport {
                topic: p.tp.topic.to_string(),
                partition: p.tp.partition,
                leader: p.leader,
                leader_epoch: p.leader_epoch,
                isr: p.isr.clone(),
                replicas: p
                    .replicas
                    .iter()
                    .filter_map(|b| {
                        let broker = sim.nodes.brokers.get(b)?;
                        let r = broker.replicas.get(&p.tp)?;
                        Some(ReplicaReport {
                            broker: *b,
                            status: broker.status,
                            leo: r.log.leo(),
                            hw: r.log.hw,
                            size_bytes: r.log.size_bytes(),
                            epoch_cache: r.log.epoch_cache.clone(),
                            log: r
                                .log
                                .records
                                .iter()
                                .map(|rec| LogEntry {
                                    offset: rec.offset,
                                    value: rec.value.to_string(),
                                    key: rec.key.as_deref().map(str::to_string),
                                    leader_epoch: rec.leader_epoch,
                                    control: rec.control.map(|m| m.kind),
                                })
                                .collect(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let mut records = Vec::new();
        for p in sim.nodes.producers.values() {
            for (id, fate) in &p.fates {
                let (key, value) = sim
                    .record_values
                    .get(id)
                    .cloned()
                    .unwrap_or((None, "".into()));
                records.push(RecordReport {
                    id: *id,
                    producer: p.id,
                    key: key.as_deref().map(str::to_string),
                    value: value.to_string(),
                    fate: fate.clone(),
                });
            }
        }
        sort::sort_by_key(&mut records, |r| r.id);
        let consumers = sim
            .nodes
            .consumers
            .values()
            .map(|c| ConsumerReport {
                id: c.id,
                consumed: c.consumed.clone(),
                error: c.error.clone(),
            })
            .collect();
        Report {
            time_ms: sim.now,
            events: sim.events_emitted,
            partitions,
            records,
            consumers,
            findings: check(sim),
        }
    }
}
