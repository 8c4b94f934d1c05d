//! A broker process: its replicas' logs (which survive a crash), its roles
//! (which do not), its session with the controller (registration and
//! heartbeats), the follower side of replication — pull-based fetches
//! whose offsets tell the leader how far the follower got — and its
//! transaction coordinator (`txn_coordinator.rs`).

use std::rc::Rc;

use serde::Serialize;

use super::ctx::{Ctx, Timer};
use super::event::{Event, TruncationReason};
use super::group_coordinator::GroupCoordinator;
use super::internal_topic::{coordinator_partition, InternalTopic};
use super::isolation::IsolationLevel;
use super::leader::{LeaderState, Leading};
use super::log::Log;
use super::protocol::{
    CoordinatorType, FetchedData, KafkaError, Message, PartitionLeader, PartitionState,
};
use super::txn_coordinator::{Caller, TxnCoordinator};
use super::types::{BrokerId, NodeId, TimeMs, Tp};
use crate::engine::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowerState {
    pub leader: Option<BrokerId>,
    pub leader_epoch: i32,
    /// The fetch in flight, if any (one at a time per partition).
    pub in_flight: Option<u64>,
    /// When that fetch was sent.
    pub sent_at: TimeMs,
    /// The one pending fetch-timeout timer's deadline. A single re-armed
    /// timer instead of one per fetch keeps the event queue (and every
    /// time-travel checkpoint) small.
    pub timeout_at: Option<TimeMs>,
}

/// `replica.socket.timeout.ms` (30 s): how long a follower waits for a
/// fetch answer (lost on a cut link, say) before sending another.
const FETCH_TIMEOUT_MS: TimeMs = 30_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Not started, or the broker is down.
    Idle,
    Leader(LeaderState),
    Follower(FollowerState),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    pub log: Log,
    pub role: Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BrokerStatus {
    Running,
    ShuttingDown,
    Crashed,
    Stopped,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broker {
    pub id: BrokerId,
    pub status: BrokerStatus,
    /// Bumped on every start; timers from an older incarnation are void.
    pub incarnation: u32,
    /// Given by the controller at registration; `None` until registered.
    pub broker_epoch: Option<i64>,
    /// This broker's copy of the metadata log (kept on disk across restarts).
    pub metadata: VecMap<Tp, PartitionState>,
    pub metadata_offset: u64,
    pub fenced: Vec<BrokerId>,
    pub replicas: VecMap<Tp, Replica>,
    /// Producer ids handed out. Kafka brokers take blocks of 1000 ids from
    /// the controller (AllocateProducerIds); here broker N owns the block
    /// starting at N × 1000, which keeps ids unique without the round trip.
    producer_ids_issued: i64,
    /// The group coordinator for the `__consumer_offsets` partitions this
    /// broker leads (in memory: lost in a crash, reloaded from the log).
    pub groups: GroupCoordinator,
    /// In memory only: rebuilt from `__transaction_state` after a restart.
    pub txn: TxnCoordinator,
}

/// What the transaction coordinator may use of its broker: the logs it
/// appends to and loads from, the metadata that names partition leaders,
/// and the producer-id block.
pub struct Host<'a> {
    pub me: BrokerId,
    replicas: &'a mut VecMap<Tp, Replica>,
    metadata: &'a VecMap<Tp, PartitionState>,
    fenced: &'a [BrokerId],
    producer_ids_issued: &'a mut i64,
}

impl Host<'_> {
    /// Appends a coordinator record through the partition's leader path;
    /// the offset the HW must reach for it to be committed.
    pub fn append(
        &mut self,
        tp: &Tp,
        key: Rc<str>,
        value: Rc<str>,
        label: Rc<str>,
        ctx: &mut Ctx,
    ) -> Result<i64, KafkaError> {
        match lead(self.me, self.replicas, self.fenced, tp, ctx) {
            Some(mut l) => l.append_internal(key, value, label),
            None => Err(KafkaError::NotLeaderOrFollower),
        }
    }

    /// The HW of a partition this broker leads.
    pub fn high_watermark(&self, tp: &Tp) -> Option<i64> {
        match self.replicas.get(tp) {
            Some(Replica {
                log,
                role: Role::Leader(_),
            }) => Some(log.hw),
            _ => None,
        }
    }

    pub fn log(&self, tp: &Tp) -> Option<&Log> {
        self.replicas.get(tp).map(|r| &r.log)
    }

    pub fn leader_of(&self, tp: &Tp) -> Option<BrokerId> {
        self.metadata.get(tp).and_then(|s| s.leader)
    }

    pub fn new_producer_id(&mut self) -> i64 {
        let id = i64::from(self.me) * 1000 + *self.producer_ids_issued;
        *self.producer_ids_issued += 1;
        id
    }
}

/// The leader's half of `tp` on broker `me`, if it leads it.
fn lead<'a, 'c>(
    me: BrokerId,
    replicas: &'a mut VecMap<Tp, Replica>,
    fenced: &'a [BrokerId],
    tp: &'a Tp,
    ctx: &'a mut Ctx<'c>,
) -> Option<Leading<'a, 'c>> {
    let cfg = ctx.topic(&tp.topic);
    match replicas.get_mut(tp) {
        Some(Replica {
            log,
            role: Role::Leader(st),
        }) => Some(Leading {
            me,
            tp,
            log,
            st,
            cfg,
            fenced,
            ctx,
        }),
        _ => None,
    }
}

/// The `__transaction_state` partition number of `tp`, if it is one.
fn txn_state_partition(tp: &Tp) -> Option<u32> {
    (*tp.topic == *InternalTopic::TransactionState.name()).then_some(tp.partition)
}

impl Broker {
    /// A broker already registered at time 0 (the scenario's starting cluster).
    pub fn new(id: BrokerId, broker_epoch: i64) -> Self {
        Broker {
            id,
            status: BrokerStatus::Running,
            incarnation: 0,
            broker_epoch: Some(broker_epoch),
            metadata: VecMap::new(),
            metadata_offset: 0,
            fenced: Vec::new(),
            replicas: VecMap::new(),
            producer_ids_issued: 0,
            groups: GroupCoordinator::default(),
            txn: TxnCoordinator::default(),
        }
    }

    pub fn node(&self) -> NodeId {
        NodeId::Broker(self.id)
    }

    pub fn is_up(&self) -> bool {
        matches!(
            self.status,
            BrokerStatus::Running | BrokerStatus::ShuttingDown
        )
    }

    /// Starts the heartbeat and ISR-expiration loops (at boot and restart).
    pub fn start_loops(&self, ctx: &mut Ctx) {
        ctx.after(self.node(), 0, Timer::BrokerHeartbeat);
        ctx.after(
            self.node(),
            ctx.broker_config.replica_lag_time_max_ms / 2,
            Timer::IsrExpiration,
        );
    }

    /// The process dies: in-memory state is gone, the logs stay on disk.
    /// Requests held open as a leader (acks=all produce waiting for the
    /// ISR, parked fetches): `(client, correlation)`.
    pub fn held_requests(&self) -> Vec<(NodeId, u64)> {
        let mut out = Vec::new();
        for r in self.replicas.values() {
            if let Role::Leader(st) = &r.role {
                out.extend(st.waiting.iter().map(|w| (w.from, w.correlation)));
                out.extend(st.parked.iter().map(|p| (p.from, p.correlation)));
            }
        }
        out.extend(self.txn.held_requests());
        out
    }

    pub fn crash(&mut self) {
        self.status = BrokerStatus::Crashed;
        self.incarnation += 1;
        self.broker_epoch = None;
        self.stop_roles();
    }

    /// Every role and all in-memory state go; the logs stay.
    fn stop_roles(&mut self) {
        self.groups = GroupCoordinator::default();
        for r in self.replicas.values_mut() {
            r.role = Role::Idle;
        }
        self.txn = TxnCoordinator::default();
    }

    /// Runs `f` on the transaction coordinator with its view of this broker.
    fn coordinate<R>(
        &mut self,
        ctx: &mut Ctx,
        f: impl FnOnce(&mut TxnCoordinator, &mut Host, &mut Ctx) -> R,
    ) -> R {
        let mut host = Host {
            me: self.id,
            replicas: &mut self.replicas,
            metadata: &self.metadata,
            fenced: &self.fenced,
            producer_ids_issued: &mut self.producer_ids_issued,
        };
        f(&mut self.txn, &mut host, ctx)
    }

    /// After every message and timer: coordinator writes the HW has now
    /// passed take effect.
    fn txn_progress(&mut self, ctx: &mut Ctx) {
        if self.txn.has_pending_writes() {
            self.coordinate(ctx, |c, host, ctx| c.progress(host, ctx));
        }
    }

    /// Back up. A normal restart registers anew with the controller (which
    /// first waits out the old session and fences it). `fast` is the
    /// ZooKeeper-era bounce nobody noticed: the broker resumes its old
    /// session and immediately re-applies its metadata — the situation
    /// KIP-101's scenarios describe.
    pub fn restart(&mut self, fast: bool, ctx: &mut Ctx) {
        self.status = BrokerStatus::Running;
        if fast {
            self.broker_epoch = self.broker_epoch.or(Some(-1));
        }
        self.start_loops(ctx);
        if fast {
            let states: Vec<_> = self.metadata.values().cloned().collect();
            for s in states {
                self.apply_partition(&s, ctx);
            }
        }
    }

    pub fn on_message(&mut self, from: NodeId, msg: Message, ctx: &mut Ctx) {
        let msg = match msg {
            Message::JoinGroup { .. }
            | Message::SyncGroup { .. }
            | Message::Heartbeat { .. }
            | Message::LeaveGroup { .. }
            | Message::OffsetCommit { .. }
            | Message::OffsetFetch { .. } => {
                self.on_group_message(from, msg, ctx);
                return;
            }
            other => other,
        };
        self.handle_message(from, msg, ctx);
        self.txn_progress(ctx);
        self.group_progress(ctx);
    }

    fn handle_message(&mut self, from: NodeId, msg: Message, ctx: &mut Ctx) {
        match msg {
            Message::InitProducerId {
                correlation,
                transactional_id: Some(tid),
                transaction_timeout_ms,
                current,
            } => self.coordinate(ctx, |c, host, ctx| {
                c.init_producer_id(
                    host,
                    Caller {
                        node: from,
                        correlation,
                    },
                    tid,
                    transaction_timeout_ms,
                    current,
                    ctx,
                )
            }),
            Message::InitProducerId { correlation, .. } => {
                let producer_id = self.coordinate(ctx, |_, host, _| host.new_producer_id());
                ctx.send(
                    self.node(),
                    from,
                    Message::InitProducerIdResponse {
                        correlation,
                        result: Ok((producer_id, 0)),
                    },
                );
            }
            Message::AddPartitionsToTxn {
                correlation,
                transactional_id,
                producer_id,
                producer_epoch,
                partitions,
            } => self.coordinate(ctx, |c, host, ctx| {
                let producer = (producer_id, producer_epoch);
                c.add_partitions(
                    host,
                    Caller {
                        node: from,
                        correlation,
                    },
                    transactional_id,
                    producer,
                    partitions,
                    ctx,
                )
            }),
            Message::EndTxn {
                correlation,
                transactional_id,
                producer_id,
                producer_epoch,
                commit,
            } => self.coordinate(ctx, |c, host, ctx| {
                let producer = (producer_id, producer_epoch);
                c.end_txn(
                    host,
                    Caller {
                        node: from,
                        correlation,
                    },
                    transactional_id,
                    producer,
                    commit,
                    ctx,
                )
            }),
            Message::WriteTxnMarkers {
                correlation,
                marker,
            } => match self.leading(&marker.tp, ctx) {
                Some(mut l) => l.write_marker(from, correlation, &marker),
                None => {
                    let result = Err(self.not_leader_error(&marker.tp));
                    let tp = marker.tp;
                    let msg = Message::WriteTxnMarkersResponse {
                        correlation,
                        tp,
                        result,
                    };
                    ctx.send(self.node(), from, msg);
                }
            },
            Message::WriteTxnMarkersResponse {
                correlation,
                result,
                ..
            } => self.coordinate(ctx, |c, host, ctx| {
                c.on_marker_response(host, correlation, result, ctx)
            }),
            Message::Produce {
                correlation,
                tp,
                acks,
                timeout_ms,
                records,
                idempotent,
            } => match self.leading(&tp, ctx) {
                Some(mut l) => l.produce(from, correlation, acks, timeout_ms, records, idempotent),
                None => {
                    if acks != super::config::Acks::None {
                        let result = Err(self.not_leader_error(&tp));
                        ctx.send(
                            self.node(),
                            from,
                            Message::ProduceResponse {
                                correlation,
                                tp,
                                result,
                            },
                        );
                    }
                }
            },
            Message::Fetch {
                correlation,
                tp,
                replica,
                fetch_offset,
                last_fetched_epoch,
                current_leader_epoch,
                max_wait_ms,
                isolation,
            } => match self.leading(&tp, ctx) {
                Some(mut l) => l.fetch(
                    from,
                    correlation,
                    replica,
                    fetch_offset,
                    last_fetched_epoch,
                    current_leader_epoch,
                    max_wait_ms,
                    isolation,
                ),
                None => {
                    let result = Err(self.not_leader_error(&tp));
                    ctx.send(
                        self.node(),
                        from,
                        Message::FetchResponse {
                            correlation,
                            tp,
                            result,
                        },
                    );
                }
            },
            Message::FetchResponse {
                correlation,
                tp,
                result,
            } => self.on_fetch_response(&tp, correlation, result, ctx),
            Message::ListOffsets {
                correlation,
                tp,
                latest,
                isolation,
            } => {
                let result = match self.leading(&tp, ctx) {
                    Some(l) => Ok(l.list_offset(latest, isolation)),
                    None => Err(self.not_leader_error(&tp)),
                };
                ctx.send(
                    self.node(),
                    from,
                    Message::ListOffsetsResponse {
                        correlation,
                        tp,
                        result,
                    },
                );
            }
            Message::FindCoordinator {
                correlation,
                key,
                key_type,
            } => {
                let result = self.coordinator_for(&key, key_type, ctx);
                ctx.send(
                    self.node(),
                    from,
                    Message::FindCoordinatorResponse {
                        correlation,
                        result,
                    },
                );
            }
            Message::Metadata { correlation } => {
                let partitions = self
                    .metadata
                    .values()
                    .map(|s| PartitionLeader {
                        tp: s.tp.clone(),
                        leader: s.leader,
                        leader_epoch: s.leader_epoch,
                    })
                    .collect();
                ctx.send(
                    self.node(),
                    from,
                    Message::MetadataResponse {
                        correlation,
                        partitions: std::rc::Rc::new(partitions),
                    },
                );
            }
            Message::MetadataUpdate {
                offset,
                full,
                partitions,
                fenced,
            } => {
                // A gap (an update lost on a cut link) leaves the offset
                // behind; the next heartbeat asks for the whole image.
                if full || offset == self.metadata_offset + 1 {
                    self.metadata_offset = self.metadata_offset.max(offset);
                }
                self.fenced = fenced;
                for s in partitions {
                    self.apply_partition(&s, ctx);
                }
                self.sync_group_partitions(ctx);
            }
            Message::AlterPartitionResponse { tp, result } => match result {
                Ok(state) => {
                    self.metadata.insert(tp.clone(), state.clone());
                    if let Some(mut l) = self.leading(&tp, ctx) {
                        l.adopt(&state);
                    }
                }
                Err(_) => {
                    // Rejected (stale epoch, ineligible replica): wait for
                    // the metadata update, then try again.
                    if let Some(Replica {
                        role: Role::Leader(st),
                        ..
                    }) = self.replicas.get_mut(&tp)
                    {
                        st.pending_isr = None;
                    }
                }
            },
            // On DUPLICATE_BROKER_REGISTRATION the next heartbeat tick
            // simply tries again.
            Message::BrokerRegistrationResponse { result: Ok(epoch) } => {
                self.broker_epoch = Some(epoch)
            }
            Message::BrokerHeartbeatResponse {
                shutdown_ready: true,
                ..
            } if self.status == BrokerStatus::ShuttingDown => {
                self.status = BrokerStatus::Stopped;
                self.incarnation += 1;
                // The next start registers anew (new broker epoch).
                self.broker_epoch = None;
                self.stop_roles();
                ctx.emit(Event::BrokerStopped { broker: self.id });
            }
            Message::Disconnected {
                correlation: Some(c),
            } if self.txn.is_marker_request(c) => {
                self.coordinate(ctx, |t, host, ctx| t.on_marker_lost(host, c, ctx))
            }
            Message::Disconnected { correlation } => {
                // A leader we fetch from went away: retry after the backoff.
                let tp = self
                    .replicas
                    .iter_mut()
                    .find_map(|(tp, r)| match &mut r.role {
                        Role::Follower(f)
                            if f.in_flight.is_some() && f.in_flight == correlation =>
                        {
                            f.in_flight = None;
                            Some(tp.clone())
                        }
                        _ => None,
                    });
                if let Some(tp) = tp {
                    ctx.after(
                        self.node(),
                        ctx.broker_config.replica_fetch_backoff_ms,
                        Timer::FollowerFetch(tp),
                    );
                }
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        self.handle_timer(timer, ctx);
        self.txn_progress(ctx);
        self.group_progress(ctx);
    }

    fn handle_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::BrokerHeartbeat => {
                let msg = match self.broker_epoch {
                    Some(epoch) => Message::BrokerHeartbeat {
                        broker: self.id,
                        broker_epoch: epoch,
                        want_shutdown: self.status == BrokerStatus::ShuttingDown,
                        metadata_offset: self.metadata_offset,
                    },
                    None => Message::BrokerRegistration {
                        broker: self.id,
                        incarnation: self.incarnation,
                    },
                };
                ctx.send(self.node(), NodeId::Controller, msg);
                ctx.after(
                    self.node(),
                    ctx.broker_config.broker_heartbeat_interval_ms,
                    Timer::BrokerHeartbeat,
                );
            }
            Timer::IsrExpiration => {
                let led: Vec<Tp> = self
                    .replicas
                    .iter()
                    .filter(|(_, r)| matches!(r.role, Role::Leader(_)))
                    .map(|(tp, _)| tp.clone())
                    .collect();
                let tick = (ctx.broker_config.replica_lag_time_max_ms / 2).max(1);
                for tp in led {
                    if let Some(mut l) = self.leading(&tp, ctx) {
                        l.resend_alter_partition(tick);
                        l.maybe_shrink_isr();
                    }
                }
                ctx.after(
                    self.node(),
                    (ctx.broker_config.replica_lag_time_max_ms / 2).max(1),
                    Timer::IsrExpiration,
                );
            }
            Timer::FollowerFetch(tp) => self.send_fetch(&tp, ctx),
            Timer::FollowerFetchTimeout(tp) => {
                let now = ctx.now;
                let node = self.node();
                if let Some(Replica {
                    role: Role::Follower(f),
                    ..
                }) = self.replicas.get_mut(&tp)
                {
                    if f.timeout_at != Some(now) {
                        return;
                    }
                    f.timeout_at = None;
                    if f.in_flight.is_some() {
                        let deadline = f.sent_at + FETCH_TIMEOUT_MS;
                        if deadline <= now {
                            f.in_flight = None;
                            self.send_fetch(&tp, ctx);
                        } else {
                            f.timeout_at = Some(deadline);
                            ctx.after(node, deadline - now, Timer::FollowerFetchTimeout(tp));
                        }
                    }
                }
            }
            Timer::FetchWaitExpired { tp, correlation } => {
                if let Some(mut l) = self.leading(&tp, ctx) {
                    l.fetch_wait_expired(correlation);
                }
            }
            Timer::ProduceTimeout { tp, correlation } => {
                if let Some(mut l) = self.leading(&tp, ctx) {
                    l.produce_timeout(correlation);
                }
            }
            Timer::GroupDeadline { group } => self.on_group_deadline(&group, ctx),
            Timer::RequestTimeout { correlation } if self.txn.is_marker_request(correlation) => {
                self.coordinate(ctx, |t, host, ctx| t.on_marker_lost(host, correlation, ctx))
            }
            Timer::TxnLoaded { .. }
            | Timer::TxnAbortScan
            | Timer::TxnWriteTimeout { .. }
            | Timer::TxnRetry { .. } => {
                self.coordinate(ctx, |t, host, ctx| t.on_timer(host, timer, ctx))
            }
            _ => {}
        }
    }

    /// Begins a controlled shutdown: the controller moves leadership away
    /// first, then lets the broker stop.
    pub fn begin_shutdown(&mut self, ctx: &mut Ctx) {
        self.status = BrokerStatus::ShuttingDown;
        if let Some(epoch) = self.broker_epoch {
            ctx.send(
                self.node(),
                NodeId::Controller,
                Message::BrokerHeartbeat {
                    broker: self.id,
                    broker_epoch: epoch,
                    want_shutdown: true,
                    metadata_offset: self.metadata_offset,
                },
            );
        }
    }

    /// Any broker answers FindCoordinator from its metadata: the leader of
    /// the internal partition the key hashes to
    /// (`KafkaApis.handleFindCoordinatorRequest`).
    fn coordinator_for(
        &self,
        key: &str,
        key_type: CoordinatorType,
        ctx: &Ctx,
    ) -> Result<BrokerId, KafkaError> {
        let topic = key_type.topic();
        let partitions = topic.partitions(ctx.broker_config);
        let tp = Tp::new(topic.name(), coordinator_partition(key, partitions));
        self.metadata
            .get(&tp)
            .and_then(|s| s.leader)
            .ok_or(KafkaError::CoordinatorNotAvailable)
    }

    fn not_leader_error(&self, tp: &Tp) -> KafkaError {
        if self.metadata.contains_key(tp) {
            KafkaError::NotLeaderOrFollower
        } else {
            KafkaError::UnknownTopicOrPartition
        }
    }

    pub(super) fn leading<'a, 'c>(
        &'a mut self,
        tp: &'a Tp,
        ctx: &'a mut Ctx<'c>,
    ) -> Option<Leading<'a, 'c>> {
        lead(self.id, &mut self.replicas, &self.fenced, tp, ctx)
    }

    /// Acts on the controller's record for one partition: become leader,
    /// become follower (truncating as the protocol version says), or adopt
    /// a new ISR.
    pub fn apply_partition(&mut self, s: &PartitionState, ctx: &mut Ctx) {
        self.metadata.insert(s.tp.clone(), s.clone());
        if !s.replicas.contains(&self.id) || !self.is_up() {
            return;
        }
        let me = self.id;
        let replica = self
            .replicas
            .entry(s.tp.clone())
            .or_insert_with(|| Replica {
                log: Log::default(),
                role: Role::Idle,
            });
        if s.leader == Some(me) {
            if let Role::Leader(st) = &replica.role {
                if st.leader_epoch == s.leader_epoch {
                    if let Some(mut l) = self.leading(&s.tp, ctx) {
                        l.adopt(s);
                    }
                    return;
                }
            }
            replica
                .log
                .assign_epoch_start(s.leader_epoch, replica.log.leo());
            replica.role = Role::Leader(LeaderState::new(s, me, ctx.now, &replica.log));
            ctx.emit(Event::BecameLeader {
                broker: me,
                tp: s.tp.clone(),
                leader_epoch: s.leader_epoch,
                leo: replica.log.leo(),
                hw: replica.log.hw,
            });
            if let Some(mut l) = self.leading(&s.tp, ctx) {
                l.maybe_increment_hw();
                l.note_lso();
            }
            if let Some(p) = txn_state_partition(&s.tp) {
                self.coordinate(ctx, |t, host, ctx| {
                    t.on_election(host, p, s.leader_epoch, ctx)
                });
            }
            return;
        }
        if let Role::Follower(f) = &replica.role {
            if f.leader == s.leader && f.leader_epoch == s.leader_epoch {
                return;
            }
        }
        if let Some(mut l) = self.leading(&s.tp, ctx) {
            l.resign();
        }
        if let Some(p) = txn_state_partition(&s.tp) {
            self.coordinate(ctx, |t, host, ctx| t.on_resignation(host, p, ctx));
        }
        let replica = self.replicas.get_mut(&s.tp).expect("inserted above");
        replica.role = Role::Follower(FollowerState {
            leader: s.leader,
            leader_epoch: s.leader_epoch,
            in_flight: None,
            sent_at: 0,
            timeout_at: None,
        });
        ctx.emit(Event::BecameFollower {
            broker: me,
            tp: s.tp.clone(),
            leader: s.leader,
            leader_epoch: s.leader_epoch,
        });
        if !ctx.topic(&s.tp.topic).truncate_by_leader_epoch {
            // Pre-KIP-101: a new follower cuts its log back to its own HW,
            // which may be behind what the leader had committed.
            let hw = replica.log.hw;
            truncate(
                me,
                &s.tp,
                &mut replica.log,
                hw,
                TruncationReason::HighWatermark,
                ctx,
            );
        }
        if s.leader.is_some() {
            self.send_fetch(&s.tp, ctx);
        }
    }

    fn send_fetch(&mut self, tp: &Tp, ctx: &mut Ctx) {
        let node = self.node();
        let me = self.id;
        let epochs = ctx.topic(&tp.topic).truncate_by_leader_epoch;
        let Some(Replica {
            log,
            role: Role::Follower(f),
        }) = self.replicas.get_mut(tp)
        else {
            return;
        };
        let Some(leader) = f.leader else {
            return;
        };
        if f.in_flight.is_some() {
            return;
        }
        let correlation = ctx.correlation();
        f.in_flight = Some(correlation);
        f.sent_at = ctx.now;
        let arm = f.timeout_at.is_none();
        if arm {
            f.timeout_at = Some(ctx.now + FETCH_TIMEOUT_MS);
        }
        let msg = Message::Fetch {
            correlation,
            tp: tp.clone(),
            replica: Some(me),
            fetch_offset: log.leo(),
            last_fetched_epoch: if epochs { log.latest_epoch() } else { None },
            current_leader_epoch: f.leader_epoch,
            max_wait_ms: ctx.broker_config.replica_fetch_wait_max_ms,
            isolation: IsolationLevel::ReadUncommitted,
        };
        ctx.send(node, NodeId::Broker(leader), msg);
        if arm {
            ctx.after(
                node,
                FETCH_TIMEOUT_MS,
                Timer::FollowerFetchTimeout(tp.clone()),
            );
        }
    }

    fn on_fetch_response(
        &mut self,
        tp: &Tp,
        correlation: u64,
        result: Result<FetchedData, KafkaError>,
        ctx: &mut Ctx,
    ) {
        let me = self.id;
        let Some(Replica {
            log,
            role: Role::Follower(f),
        }) = self.replicas.get_mut(tp)
        else {
            return;
        };
        if f.in_flight != Some(correlation) {
            return;
        }
        f.in_flight = None;
        match result {
            Ok(data) => {
                if let Some(div) = data.diverging_epoch {
                    let (to, _again) = log.truncation_for(div);
                    let reason = if div.epoch < 0 {
                        TruncationReason::OffsetOutOfRange
                    } else {
                        TruncationReason::DivergingEpoch
                    };
                    truncate(me, tp, log, to, reason, ctx);
                    // If another round is needed, the next fetch carries the
                    // new last epoch and the leader answers again (KIP-279).
                } else {
                    let fresh: Vec<_> = data
                        .records
                        .into_iter()
                        .filter(|r| r.offset >= log.leo())
                        .collect();
                    if let Some(first) = fresh.first() {
                        if first.offset == log.leo() {
                            let base = first.offset;
                            let count = fresh.len() as u32;
                            let epoch = fresh.last().map_or(0, |r| r.leader_epoch);
                            let ids = fresh.iter().map(|r| r.id).collect();
                            log.append(fresh);
                            ctx.emit(Event::RecordsAppended {
                                broker: me,
                                tp: tp.clone(),
                                base_offset: base,
                                count,
                                leader_epoch: epoch,
                                as_leader: false,
                                ids,
                            });
                        }
                    }
                    // Follower HW = min(leader HW, own LEO): one round trip behind.
                    let hw = data.high_watermark.min(log.leo());
                    if hw > log.hw {
                        let from = log.hw;
                        log.hw = hw;
                        ctx.emit(Event::HighWatermarkAdvanced {
                            broker: me,
                            tp: tp.clone(),
                            from,
                            to: hw,
                        });
                    }
                }
                self.send_fetch(tp, ctx);
            }
            Err(_) => {
                ctx.after(
                    self.node(),
                    ctx.broker_config.replica_fetch_backoff_ms,
                    Timer::FollowerFetch(tp.clone()),
                );
            }
        }
    }
}

fn truncate(
    me: BrokerId,
    tp: &Tp,
    log: &mut Log,
    to: i64,
    reason: TruncationReason,
    ctx: &mut Ctx,
) {
    let from_leo = log.leo();
    if to >= from_leo {
        // `UnifiedLog.truncateTo`: nothing to remove, but the epoch cache is
        // cut at the log end all the same — an epoch this broker began as
        // leader without writing anything in it would otherwise be named by
        // every fetch, which the leader answers with the same divergence.
        log.truncate_to(to);
        return;
    }
    let removed = log.truncate_to(to).into_iter().map(|r| r.id).collect();
    ctx.emit(Event::LogTruncated {
        broker: me,
        tp: tp.clone(),
        from_leo,
        to_offset: to,
        reason,
        removed,
    });
}
