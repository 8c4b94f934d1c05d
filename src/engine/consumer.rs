//! A consumer: the fetcher, which long-polls each partition's leader from
//! the consumer's position (the leader only returns records below the high
//! watermark, so what a consumer reads is committed), and the application
//! loop around `poll()`: up to `max.poll.records` records per poll, a
//! processing time per record, and commits (auto, sync, async).
//!
//! Partitions come from `assign` (no group) or from `subscribe` through
//! the group protocol (`group_member.rs`).

use std::rc::Rc;

use serde::Serialize;

use super::assignor::rebalance_protocol;
use super::client::Bootstrap;
use super::config::{CommitMode, ConsumerConfig, OffsetReset};
use super::consumer_close::{ClosePhase, Closing};
use super::ctx::{Ctx, Timer};
use super::event::Event;
use super::group_member::Membership;
use super::isolation::IsolationLevel;
use super::protocol::{KafkaError, Message, PartitionLeader};
use super::types::{BrokerId, NodeId, Record, RecordId, TimeMs, Tp};
use crate::engine::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Consumed {
    pub tp: Tp,
    pub offset: i64,
    pub id: RecordId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    ListOffsets(Tp),
    Fetch(Tp),
    Metadata,
    FindCoordinator,
    Join,
    Sync,
    Heartbeat,
    Leave,
    OffsetFetch,
    Commit(Vec<(Tp, i64)>),
}

impl Buffered {
    /// Everything but the records (what a handed-over slice reports).
    fn clone_header(&self) -> Buffered {
        Buffered {
            records: Vec::new(),
            tp: self.tp.clone(),
            ..*self
        }
    }
}

/// Records fetched but not yet returned by `poll()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Buffered {
    tp: Tp,
    records: Vec<Record>,
    /// Where the position goes once these are returned (past any control
    /// or aborted records the fetch also covered).
    next_offset: i64,
    high_watermark: i64,
    last_stable_offset: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub id: u32,
    pub config: ConsumerConfig,
    /// Subscribed topics (group mode); empty for an assign-mode consumer.
    pub subscription: Vec<Rc<str>>,
    pub assignment: Vec<Tp>,
    /// The offset of the next record `poll()` returns, per partition.
    pub positions: VecMap<Tp, i64>,
    /// The last offsets this consumer knows are committed for its group.
    pub committed: VecMap<Tp, i64>,
    pub(super) bootstrap: Bootstrap,
    pub(super) leaders: VecMap<Tp, (Option<BrokerId>, i32)>,
    pub(super) pending: VecMap<u64, Pending>,
    pub group: Option<Membership>,
    /// Newly assigned partitions waiting for their committed offset.
    pub(super) awaiting_offsets: Vec<Tp>,
    pub(super) buffer: Vec<Buffered>,
    /// Records the application got from `poll()` (whether or not it has
    /// finished processing them).
    pub consumed: Vec<Consumed>,
    /// How many of `consumed` the application finished processing; the
    /// rest were in hand when it crashed.
    pub processed: usize,
    /// `auto.offset.reset=none` with no position, or a fatal group error.
    pub error: Option<String>,
    /// The application stopped calling poll() (a hang, a long GC).
    pub paused: bool,
    pub crashed: bool,
    /// Bumped on every restart; timers of an older process are void.
    pub incarnation: u32,
    pub(super) last_poll: TimeMs,
    /// While the application processes the last poll's records.
    pub busy_until: Option<TimeMs>,
    next_auto_commit: TimeMs,
    /// The one heartbeat-thread timer queued, if any.
    pub(super) heartbeat_at: Option<TimeMs>,
    /// A `close()` under way (`consumer_close.rs`).
    pub closing: Option<Closing>,
}

impl Consumer {
    pub fn new(
        id: u32,
        config: ConsumerConfig,
        assignment: Vec<Tp>,
        subscription: Vec<Rc<str>>,
        brokers: Vec<BrokerId>,
    ) -> Self {
        let group = match (&config.group_id, subscription.is_empty()) {
            (Some(g), _) => Some(Membership::new(
                g,
                rebalance_protocol(&config.assignors)
                    .unwrap_or(super::assignor::RebalanceProtocol::Eager),
            )),
            (None, _) => None,
        };
        Consumer {
            id,
            config,
            subscription,
            assignment,
            positions: VecMap::new(),
            committed: VecMap::new(),
            bootstrap: Bootstrap::new(brokers),
            leaders: VecMap::new(),
            pending: VecMap::new(),
            group,
            awaiting_offsets: Vec::new(),
            buffer: Vec::new(),
            consumed: Vec::new(),
            processed: 0,
            error: None,
            paused: false,
            crashed: false,
            incarnation: 0,
            last_poll: 0,
            busy_until: None,
            next_auto_commit: 0,
            heartbeat_at: None,
            closing: None,
        }
    }

    pub(super) fn node(&self) -> NodeId {
        NodeId::Consumer(self.id)
    }

    pub fn learn(&mut self, partitions: &[PartitionLeader]) {
        for p in partitions {
            self.leaders
                .insert(p.tp.clone(), (p.leader, p.leader_epoch));
        }
    }

    pub(super) fn has_pending(&self, f: impl Fn(&Pending) -> bool) -> bool {
        self.pending.values().any(f)
    }

    fn busy(&self, tp: &Tp) -> bool {
        self.has_pending(|p| matches!(p, Pending::Fetch(t) | Pending::ListOffsets(t) if t == tp))
            || self.buffer.iter().any(|b| b.tp == *tp)
    }

    /// Which member of a group this is, if it subscribed.
    pub(super) fn subscribes(&self) -> bool {
        self.group.is_some() && !self.subscription.is_empty()
    }

    /// Starts the process: the group side first (find the coordinator),
    /// then the fetch loop.
    pub fn start(&mut self, ctx: &mut Ctx) {
        self.last_poll = ctx.now;
        self.next_auto_commit = ctx.now + self.config.auto_commit_interval_ms;
        if self.group.is_some() {
            self.schedule_heartbeat(ctx);
            if !self.subscribes() {
                // assign() with a group id: positions come from its commits.
                self.awaiting_offsets = self.assignment.clone();
            }
        }
        self.poll(ctx);
    }

    /// One pass of the fetch loop: start whatever each partition needs next.
    pub fn poll(&mut self, ctx: &mut Ctx) {
        if self.closing.is_some() {
            // Inside close(): the network poll only moves close() on.
            return self.advance_close(ctx);
        }
        if self.error.is_some() || self.crashed {
            return;
        }
        if self.group.is_some() {
            self.ensure_group(ctx);
            if self.group.as_ref().is_some_and(|g| g.coordinator.is_some()) {
                self.fetch_committed(ctx);
            }
        }
        let mut need_metadata = false;
        for tp in self.assignment.clone() {
            if self.busy(&tp) || self.awaiting_offsets.contains(&tp) {
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
        if need_metadata && !self.has_pending(|p| *p == Pending::Metadata) {
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

    /// The application's side: `poll()` returns up to max.poll.records
    /// buffered records, the application spends its processing time on
    /// them, commits as its mode says, and polls again.
    fn run_application(&mut self, ctx: &mut Ctx) {
        while !self.paused
            && self.busy_until.is_none()
            && self.closing.is_none()
            && !self.buffer.is_empty()
        {
            self.last_poll = ctx.now;
            self.maybe_auto_commit(ctx);
            let mut budget = self.config.max_poll_records.max(1) as usize;
            let mut returned = 0;
            while budget > 0 && !self.buffer.is_empty() {
                let b = &mut self.buffer[0];
                let take = budget.min(b.records.len());
                let batch: Vec<Record> = b.records.drain(..take).collect();
                let fetched = self.buffer[0].clone_header();
                let next = match self.buffer[0].records.first() {
                    Some(r) => r.offset,
                    None => {
                        self.buffer.remove(0);
                        fetched.next_offset
                    }
                };
                budget -= take;
                returned += take;
                self.hand_over(batch, next, fetched, ctx);
            }
            if self.group.is_some()
                && !self.config.enable_auto_commit
                && self.config.commit_mode == CommitMode::BeforeProcessing
            {
                self.commit_positions(ctx);
            }
            let cost = self.config.processing_ms_per_record * returned as TimeMs;
            if cost > 0 {
                self.busy_until = Some(ctx.now + cost);
                if self.group.is_some() {
                    self.schedule_heartbeat(ctx);
                }
                ctx.after(self.node(), cost, Timer::ProcessingDone);
            } else {
                self.processed(ctx);
            }
        }
    }

    /// `poll()` returns `batch`; the position moves to `next`.
    fn hand_over(&mut self, batch: Vec<Record>, next: i64, fetched: Buffered, ctx: &mut Ctx) {
        let Some(first) = batch.first() else { return };
        let (offset, tp) = (first.offset, fetched.tp);
        for r in &batch {
            self.consumed.push(Consumed {
                tp: tp.clone(),
                offset: r.offset,
                id: r.id,
            });
        }
        self.positions.insert(tp.clone(), next);
        ctx.emit(Event::ConsumerFetched {
            consumer: self.id,
            tp,
            offset,
            ids: batch.iter().map(|r| r.id).collect(),
            high_watermark: fetched.high_watermark,
            last_stable_offset: fetched.last_stable_offset,
        });
    }

    /// The application finished the last poll's records.
    fn processed(&mut self, ctx: &mut Ctx) {
        self.busy_until = None;
        self.processed = self.consumed.len();
        if self.group.is_some() && !self.config.enable_auto_commit {
            match self.config.commit_mode {
                CommitMode::Sync | CommitMode::Async => self.commit_positions(ctx),
                CommitMode::BeforeProcessing | CommitMode::Never => {}
            }
        }
        if self.is_draining() {
            // The poll loop ends here and the application calls close().
            self.begin_close(ctx);
        }
    }

    /// Auto-commit runs inside poll(): it commits what earlier polls returned.
    fn maybe_auto_commit(&mut self, ctx: &mut Ctx) {
        if self.group.is_some()
            && self.config.enable_auto_commit
            && ctx.now >= self.next_auto_commit
        {
            self.next_auto_commit = ctx.now + self.config.auto_commit_interval_ms;
            self.commit_positions(ctx);
        }
    }

    /// Forgets fetched data and requests for partitions it no longer owns.
    pub(super) fn drop_partitions(&mut self, partitions: &[Tp]) {
        self.buffer.retain(|b| !partitions.contains(&b.tp));
        self.pending.retain(|_, p| {
            !matches!(p, Pending::Fetch(t) | Pending::ListOffsets(t) if partitions.contains(t))
        });
        for tp in partitions {
            self.positions.remove(tp);
        }
        self.awaiting_offsets.retain(|t| !partitions.contains(t));
    }

    pub fn on_message(&mut self, msg: Message, ctx: &mut Ctx) {
        if self.crashed {
            return;
        }
        let Some(c) = msg.correlation() else {
            return;
        };
        let Some(pending) = self.pending.remove(&c) else {
            return;
        };
        if self.on_group_response(&pending, &msg, ctx) {
            self.run_application(ctx);
            self.poll(ctx);
            return;
        }
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
                let (high_watermark, lso) = (data.high_watermark, data.last_stable_offset);
                let level = self.config.isolation_level;
                let polled = super::isolation::poll(self.id, &tp, level, data, ctx);
                let last_stable_offset = (level == IsolationLevel::ReadCommitted).then_some(lso);
                if polled.records.is_empty() {
                    // Only markers or aborted records: the position moves past them.
                    self.positions.insert(tp, polled.next_offset);
                } else {
                    self.buffer.push(Buffered {
                        tp,
                        records: polled.records,
                        next_offset: polled.next_offset,
                        high_watermark,
                        last_stable_offset,
                    });
                    self.run_application(ctx);
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
                self.forget_leader(&tp);
                ctx.after(self.node(), self.config.retry_backoff_ms, Timer::ClientWake);
                return;
            }
            _ => {}
        }
        self.poll(ctx);
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        if self.crashed {
            return;
        }
        match timer {
            Timer::RequestTimeout { correlation } => {
                if let Some(p) = self.pending.remove(&correlation) {
                    match p {
                        Pending::Fetch(tp) | Pending::ListOffsets(tp) => {
                            self.forget_leader(&tp);
                        }
                        Pending::Metadata => {}
                        other => {
                            let timeout = Message::Disconnected {
                                correlation: Some(correlation),
                            };
                            self.on_group_response(&other, &timeout, ctx);
                        }
                    }
                    self.poll(ctx);
                }
            }
            Timer::ClientWake => self.poll(ctx),
            Timer::ProcessingDone => {
                self.processed(ctx);
                self.run_application(ctx);
                self.poll(ctx);
            }
            // A superseded wake-up (an earlier one was set) does nothing;
            // close() has stopped the heartbeat thread once it commits.
            Timer::GroupHeartbeat
                if self.heartbeat_at != Some(ctx.now)
                    || self
                        .closing
                        .as_ref()
                        .is_some_and(|c| c.phase != ClosePhase::Draining) => {}
            Timer::GroupHeartbeat => {
                self.heartbeat_at = None;
                if self.buffer.is_empty() && self.busy_until.is_none() && !self.paused {
                    // Idle in poll(): it keeps returning empty, which counts
                    // as polling, and auto-commit still runs.
                    self.last_poll = ctx.now;
                    self.maybe_auto_commit(ctx);
                }
                self.on_heartbeat_timer(ctx);
            }
            _ => {}
        }
    }

    /// The process dies: no LeaveGroup, nothing in memory survives.
    pub fn crash(&mut self) {
        self.crashed = true;
        self.incarnation += 1;
    }

    /// A new process with the same configuration (and group.instance.id).
    pub fn restart(&mut self, ctx: &mut Ctx) {
        let fresh = Consumer::new(
            self.id,
            self.config.clone(),
            if self.subscription.is_empty() {
                self.assignment.clone()
            } else {
                Vec::new()
            },
            self.subscription.clone(),
            self.bootstrap.brokers().to_vec(),
        );
        let consumed = std::mem::take(&mut self.consumed);
        let leaders = std::mem::take(&mut self.leaders);
        let incarnation = self.incarnation + 1;
        *self = Consumer {
            processed: consumed.len(),
            consumed,
            leaders,
            incarnation,
            ..fresh
        };
        self.start(ctx);
    }

    pub fn set_paused(&mut self, paused: bool, ctx: &mut Ctx) {
        if paused && self.buffer.is_empty() && self.busy_until.is_none() {
            // It was waiting inside poll() until now.
            self.last_poll = ctx.now;
        }
        self.paused = paused;
        if self.group.is_some() {
            self.schedule_heartbeat(ctx);
        }
        if !paused {
            self.last_poll = ctx.now;
            self.run_application(ctx);
            self.poll(ctx);
        }
    }
}
