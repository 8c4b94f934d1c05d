//! Small shared types: virtual time, node and partition names, records.

use std::fmt;
use std::rc::Rc;

use serde::Serialize;

pub use super::placement::BrokerId;

/// Simulated milliseconds since the scenario started. Never wall time.
pub type TimeMs = u64;

/// Every process on the simulated network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum NodeId {
    /// The active KRaft controller (a dedicated `process.roles=controller` node).
    Controller,
    Broker(BrokerId),
    Producer(u32),
    Consumer(u32),
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Controller => write!(f, "controller"),
            NodeId::Broker(id) => write!(f, "broker {id}"),
            NodeId::Producer(id) => write!(f, "producer {id}"),
            NodeId::Consumer(id) => write!(f, "consumer {id}"),
        }
    }
}

/// A topic partition, printed (and serialized) as Kafka prints it: `orders-0`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tp {
    pub topic: Rc<str>,
    pub partition: u32,
}

impl Tp {
    pub fn new(topic: &str, partition: u32) -> Self {
        Tp {
            topic: Rc::from(topic),
            partition,
        }
    }

    /// Parses `orders-0` (the topic name may itself contain dashes).
    pub fn parse(s: &str) -> Option<Tp> {
        let (topic, p) = s.rsplit_once('-')?;
        if topic.is_empty() {
            return None;
        }
        Some(Tp::new(topic, p.parse().ok()?))
    }
}

impl Serialize for Tp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Tp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// Identity of one record a producer sent, so its fate can be followed
/// through appends, replication, truncation and consumption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RecordId(pub u64);

/// One record in a replica's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Record {
    pub offset: i64,
    pub id: RecordId,
    pub key: Option<Rc<str>>,
    pub value: Rc<str>,
    pub timestamp_ms: TimeMs,
    /// Epoch of the leader that appended the batch (KIP-101).
    pub leader_epoch: i32,
    /// The idempotent producer's id and epoch and the record's sequence
    /// (-1 for a producer without idempotence).
    pub producer_id: i64,
    #[serde(skip_serializing_if = "is_no_epoch")]
    pub producer_epoch: i16,
    pub sequence: i32,
    /// This record's share of its batch's bytes on the wire (compressed
    /// when the producer compresses): what the log and fetches count.
    pub wire_bytes: u32,
    /// Written inside a transaction (the batch's `isTransactional` bit, KIP-98).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub transactional: bool,
    /// A control record: the COMMIT or ABORT marker a transaction coordinator
    /// had written (Kafka's control batch, `ControlRecordType`). It takes an
    /// offset like any record but is never handed to an application.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlMarker>,
}

fn is_no_epoch(e: &i16) -> bool {
    *e < 0
}

/// Kafka's `ControlRecordType` (ABORT = 0, COMMIT = 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ControlRecordType {
    Abort,
    Commit,
}

impl ControlRecordType {
    pub fn name(self) -> &'static str {
        match self {
            ControlRecordType::Abort => "ABORT",
            ControlRecordType::Commit => "COMMIT",
        }
    }
}

/// The value of a control record (`EndTransactionMarker`): its type and the
/// epoch of the coordinator that wrote it, which fences an older coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ControlMarker {
    pub kind: ControlRecordType,
    pub coordinator_epoch: i32,
}

/// A record as a producer hands it over, before the leader gives it an offset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProducerRecord {
    pub id: RecordId,
    pub key: Option<Rc<str>>,
    pub value: Rc<str>,
    /// Set when its batch is closed: see [`Record::wire_bytes`].
    pub wire_bytes: u32,
}
