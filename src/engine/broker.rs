//! A broker process: its replicas' logs (which survive a crash), its roles
//! (which do not), its session with the controller (registration and
//! heartbeats), and the follower side of replication — pull-based fetches
//! whose offsets tell the leader how far the follower got.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ctx::{Ctx, Timer};
use super::event::{Event, TruncationReason};
use super::group_coordinator::GroupCoordinator;
use super::internal_topic::coordinator_partition;
use super::leader::{LeaderState, Leading};
use super::log::Log;
use super::protocol::{
    CoordinatorType, FetchedData, KafkaError, Message, PartitionLeader, PartitionState,
};
use super::types::{BrokerId, NodeId, TimeMs, Tp};

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
    pub metadata: BTreeMap<Tp, PartitionState>,
    pub metadata_offset: u64,
    pub fenced: Vec<BrokerId>,
    pub replicas: BTreeMap<Tp, Replica>,
    /// Producer ids handed out. Kafka brokers take blocks of 1000 ids from
    /// the controller (AllocateProducerIds); here broker N owns the block
    /// starting at N × 1000, which keeps ids unique without the round trip.
    producer_ids_issued: i64,
    /// The group coordinator for the `__consumer_offsets` partitions this
    /// broker leads (in memory: lost in a crash, reloaded from the log).
    pub groups: GroupCoordinator,
}

impl Broker {
    /// A broker already registered at time 0 (the scenario's starting cluster).
    pub fn new(id: BrokerId, broker_epoch: i64) -> Self {
        Broker {
            id,
            status: BrokerStatus::Running,
            incarnation: 0,
            broker_epoch: Some(broker_epoch),
            metadata: BTreeMap::new(),
            metadata_offset: 0,
            fenced: Vec::new(),
            replicas: BTreeMap::new(),
            producer_ids_issued: 0,
            groups: GroupCoordinator::default(),
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
        out
    }

    pub fn crash(&mut self) {
        self.status = BrokerStatus::Crashed;
        self.incarnation += 1;
        self.broker_epoch = None;
        self.groups = GroupCoordinator::default();
        for r in self.replicas.values_mut() {
            r.role = Role::Idle;
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
            | Message::OffsetFetch { .. }
            | Message::ProduceResponse { .. } => {
                self.on_group_message(from, msg, ctx);
                return;
            }
            other => other,
        };
        match msg {
            Message::InitProducerId { correlation } => {
                let producer_id = i64::from(self.id) * 1000 + self.producer_ids_issued;
                self.producer_ids_issued += 1;
                ctx.send(
                    self.node(),
                    from,
                    Message::InitProducerIdResponse {
                        correlation,
                        producer_id,
                        producer_epoch: 0,
                    },
                );
            }
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
            } => match self.leading(&tp, ctx) {
                Some(mut l) => l.fetch(
                    from,
                    correlation,
                    replica,
                    fetch_offset,
                    last_fetched_epoch,
                    current_leader_epoch,
                    max_wait_ms,
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
            } => {
                let result = match self.replicas.get(&tp) {
                    Some(Replica {
                        log,
                        role: Role::Leader(_),
                    }) => Ok(if latest {
                        log.hw
                    } else {
                        log.records.first().map_or(0, |r| r.offset)
                    }),
                    _ => Err(self.not_leader_error(&tp)),
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
                for r in self.replicas.values_mut() {
                    r.role = Role::Idle;
                }
                ctx.emit(Event::BrokerStopped { broker: self.id });
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
        let cfg = ctx.topic(&tp.topic);
        match self.replicas.get_mut(tp) {
            Some(Replica {
                log,
                role: Role::Leader(st),
            }) => Some(Leading {
                me: self.id,
                tp,
                log,
                st,
                cfg,
                fenced: &self.fenced,
                ctx,
            }),
            _ => None,
        }
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
            replica.role = Role::Leader(LeaderState::new(s, me, ctx.now));
            ctx.emit(Event::BecameLeader {
                broker: me,
                tp: s.tp.clone(),
                leader_epoch: s.leader_epoch,
                leo: replica.log.leo(),
                hw: replica.log.hw,
            });
            if let Some(mut l) = self.leading(&s.tp, ctx) {
                l.maybe_increment_hw();
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
