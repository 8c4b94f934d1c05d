//! What a node's handler may do: send messages, set timers, emit events.
//! Handlers never touch the event queue or the network directly (raft-rs
//! `Ready`, stateright `Out`): the simulation drains this afterwards, so
//! node logic stays a pure function of (state, input, time, rng).

use std::rc::Rc;

use super::config::{BrokerConfig, EffectiveTopicConfig};
use super::event::Event;
use super::protocol::Message;
use super::rng::Rng;
use super::types::{NodeId, RecordId, TimeMs, Tp};
use crate::engine::vec_map::VecMap;

/// Timers, each owned by one node; a timer set before a crash is void.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    // broker
    BrokerHeartbeat,
    IsrExpiration,
    FollowerFetch(Tp),
    FollowerFetchTimeout(Tp),
    FetchWaitExpired {
        tp: Tp,
        correlation: u64,
    },
    ProduceTimeout {
        tp: Tp,
        correlation: u64,
    },
    /// The group coordinator's next deadline for a group.
    GroupDeadline {
        group: Rc<str>,
    },
    /// An internal group append may have outlived offsets.commit.timeout.ms.
    GroupAppendTimeout,
    // broker: transaction coordinator
    TxnLoaded {
        partition: u32,
        coordinator_epoch: i32,
    },
    TxnAbortScan,
    TxnWriteTimeout {
        write: u64,
    },
    /// Send a marker again (`tp`), or write the transaction's completion.
    TxnRetry {
        transactional_id: Rc<str>,
        tp: Option<Tp>,
    },
    // controller
    SessionCheck(super::types::BrokerId),
    // clients
    ClientWake,
    RequestTimeout {
        correlation: u64,
    },
    /// The consumer application finished processing the last poll's records.
    ProcessingDone,
    /// The consumer's heartbeat thread (heartbeats, max.poll.interval.ms).
    GroupHeartbeat,
    BatchExpiry {
        batch: u64,
    },
}

pub struct Ctx<'a> {
    pub now: TimeMs,
    pub rng: &'a mut Rng,
    pub broker_config: &'a BrokerConfig,
    pub topics: &'a VecMap<Rc<str>, EffectiveTopicConfig>,
    next_correlation: &'a mut u64,
    next_record: &'a mut u64,
    pub(crate) outbox: Vec<(NodeId, NodeId, Message)>,
    /// Records a broker wrote itself (markers, coordinator state), with the
    /// key and label the learner sees for them.
    pub(crate) new_records: Vec<(RecordId, Option<Rc<str>>, Rc<str>)>,
    pub(crate) timers: Vec<(NodeId, TimeMs, Timer)>,
    pub(crate) events: Vec<Event>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        now: TimeMs,
        rng: &'a mut Rng,
        broker_config: &'a BrokerConfig,
        topics: &'a VecMap<Rc<str>, EffectiveTopicConfig>,
        next_correlation: &'a mut u64,
        next_record: &'a mut u64,
    ) -> Self {
        Ctx {
            now,
            rng,
            broker_config,
            topics,
            next_correlation,
            next_record,
            outbox: Vec::new(),
            new_records: Vec::new(),
            timers: Vec::new(),
            events: Vec::new(),
        }
    }

    pub fn send(&mut self, from: NodeId, to: NodeId, msg: Message) {
        self.outbox.push((from, to, msg));
    }

    pub fn after(&mut self, node: NodeId, delay_ms: TimeMs, timer: Timer) {
        self.timers.push((node, self.now + delay_ms, timer));
    }

    pub fn emit(&mut self, event: Event) {
        self.events.push(event);
    }

    pub fn correlation(&mut self) -> u64 {
        *self.next_correlation += 1;
        *self.next_correlation
    }

    /// An id for a record a broker writes itself, from the same counter as
    /// produced records, so that ids stay unique across replicas.
    pub fn new_record(&mut self, key: Option<Rc<str>>, label: Rc<str>) -> RecordId {
        *self.next_record += 1;
        let id = RecordId(*self.next_record);
        self.new_records.push((id, key, label));
        id
    }

    /// The topic's settings with broker defaults applied.
    pub fn topic(&self, topic: &str) -> EffectiveTopicConfig {
        self.topics.get(topic).copied().unwrap_or_else(|| {
            EffectiveTopicConfig::resolve(&Default::default(), self.broker_config)
        })
    }
}
