//! A consumer in assign mode (`consumer.assign(...)`, no group): for each
//! assigned partition it finds a starting offset (`auto.offset.reset`) and
//! long-polls the leader with Fetch. The leader only ever returns records
//! below the high watermark, so what a consumer reads is committed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::client::Bootstrap;
use super::config::{ConsumerConfig, OffsetReset};
use super::ctx::{Ctx, Timer};
use super::event::Event;
use super::isolation::IsolationLevel;
use super::protocol::{KafkaError, Message, PartitionLeader};
use super::types::{BrokerId, NodeId, RecordId, Tp};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Consumed {
    pub tp: Tp,
    pub offset: i64,
    pub id: RecordId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    ListOffsets(Tp),
    Fetch(Tp),
    Metadata,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub id: u32,
    pub config: ConsumerConfig,
    pub assignment: Vec<Tp>,
    pub positions: BTreeMap<Tp, i64>,
    bootstrap: Bootstrap,
    leaders: BTreeMap<Tp, (Option<BrokerId>, i32)>,
    pending: BTreeMap<u64, Pending>,
    pub consumed: Vec<Consumed>,
    /// `auto.offset.reset=none` with no position: the poll fails.
    pub error: Option<String>,
}

impl Consumer {
    pub fn new(
        id: u32,
        config: ConsumerConfig,
        assignment: Vec<Tp>,
        brokers: Vec<BrokerId>,
    ) -> Self {
        Consumer {
            id,
            config,
            assignment,
            positions: BTreeMap::new(),
            bootstrap: Bootstrap::new(brokers),
            leaders: BTreeMap::new(),
            pending: BTreeMap::new(),
            consumed: Vec::new(),
            error: None,
        }
    }

    fn node(&self) -> NodeId {
        NodeId::Consumer(self.id)
    }

    pub fn learn(&mut self, partitions: &[PartitionLeader]) {
        for p in partitions {
            self.leaders
                .insert(p.tp.clone(), (p.leader, p.leader_epoch));
        }
    }

    fn busy(&self, tp: &Tp) -> bool {
        self.pending
            .values()
            .any(|p| matches!(p, Pending::Fetch(t) | Pending::ListOffsets(t) if t == tp))
    }

    /// One pass of the poll loop: start whatever each partition needs next.
    pub fn poll(&mut self, ctx: &mut Ctx) {
        if self.error.is_some() {
            return;
        }
        let mut need_metadata = false;
        for tp in self.assignment.clone() {
            if self.busy(&tp) {
                continue;
            }
            let Some((Some(leader), epoch)) = self.leaders.get(&tp).copied() else {
                need_metadata = true;
                continue;
            };
            let correlation = ctx.correlation();
            let msg = match self.positions.get(&tp) {
                None => {
                    if self.config.auto_offset_reset == OffsetReset::None {
                        // NoOffsetForPartitionException
                        self.error = Some(format!(
                            "Undefined offset with no reset policy for partitions: [{tp}]"
                        ));
                        return;
                    }
                    self.pending
                        .insert(correlation, Pending::ListOffsets(tp.clone()));
                    Message::ListOffsets {
                        correlation,
                        tp: tp.clone(),
                        latest: self.config.auto_offset_reset == OffsetReset::Latest,
                        isolation: self.config.isolation_level,
                    }
                }
                Some(&offset) => {
                    self.pending.insert(correlation, Pending::Fetch(tp.clone()));
                    Message::Fetch {
                        correlation,
                        tp: tp.clone(),
                        replica: None,
                        fetch_offset: offset,
                        last_fetched_epoch: None,
                        current_leader_epoch: epoch,
                        max_wait_ms: self.config.fetch_max_wait_ms,
                        isolation: self.config.isolation_level,
                    }
                }
            };
            ctx.send(self.node(), NodeId::Broker(leader), msg);
            ctx.after(
                self.node(),
                self.config.request_timeout_ms,
                Timer::RequestTimeout { correlation },
            );
        }
        if need_metadata && !self.pending.values().any(|p| *p == Pending::Metadata) {
            let (node, timeout) = (self.node(), self.config.request_timeout_ms);
            if let Some(c) =
                self.bootstrap
                    .request(node, timeout, ctx, |correlation| Message::Metadata {
                        correlation,
                    })
            {
                self.pending.insert(c, Pending::Metadata);
            }
        }
    }

    pub fn on_message(&mut self, msg: Message, ctx: &mut Ctx) {
        let Some(c) = msg.correlation() else {
            return;
        };
        let Some(pending) = self.pending.remove(&c) else {
            return;
        };
        match (pending, msg) {
            (Pending::Metadata, Message::MetadataResponse { partitions, .. }) => {
                self.learn(&partitions)
            }
            (
                Pending::ListOffsets(tp),
                Message::ListOffsetsResponse {
                    result: Ok(offset), ..
                },
            ) => {
                self.positions.insert(tp.clone(), offset);
                ctx.emit(Event::ConsumerReset {
                    consumer: self.id,
                    tp,
                    offset,
                });
            }
            (
                Pending::Fetch(tp),
                Message::FetchResponse {
                    result: Ok(data), ..
                },
            ) if !data.records.is_empty() => {
                let (hw, lso) = (data.high_watermark, data.last_stable_offset);
                let level = self.config.isolation_level;
                let polled = super::isolation::poll(self.id, &tp, level, data, ctx);
                self.positions.insert(tp.clone(), polled.next_offset);
                if let Some(first) = polled.records.first() {
                    let offset = first.offset;
                    let ids = polled.records.iter().map(|r| r.id).collect();
                    for r in &polled.records {
                        self.consumed.push(Consumed {
                            tp: tp.clone(),
                            offset: r.offset,
                            id: r.id,
                        });
                    }
                    ctx.emit(Event::ConsumerFetched {
                        consumer: self.id,
                        tp,
                        offset,
                        ids,
                        high_watermark: hw,
                        last_stable_offset: (level == IsolationLevel::ReadCommitted).then_some(lso),
                    });
                }
            }
            (
                Pending::Fetch(tp),
                Message::FetchResponse {
                    result: Err(KafkaError::OffsetOutOfRange),
                    ..
                },
            ) => {
                // Position beyond the log (it was truncated): reset.
                self.positions.remove(&tp);
            }
            // The long poll expired with nothing new: poll again.
            (Pending::Fetch(_), Message::FetchResponse { result: Ok(_), .. }) => {}
            (Pending::Fetch(tp) | Pending::ListOffsets(tp), _) => {
                // Not the leader any more, or the connection dropped.
                self.leaders.remove(&tp);
                ctx.after(self.node(), self.config.retry_backoff_ms, Timer::ClientWake);
                return;
            }
            _ => {}
        }
        self.poll(ctx);
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::RequestTimeout { correlation } => {
                if let Some(p) = self.pending.remove(&correlation) {
                    if let Pending::Fetch(tp) | Pending::ListOffsets(tp) = p {
                        self.leaders.remove(&tp);
                    }
                    self.poll(ctx);
                }
            }
            Timer::ClientWake => self.poll(ctx),
            _ => {}
        }
    }
}
