//! The active KRaft controller (a dedicated controller node): it tracks
//! broker liveness by heartbeats, fences a broker whose session expires
//! (`broker.session.timeout.ms`), elects leaders (clean from the ISR, or
//! unclean when the topic allows), bumps leader epochs, applies
//! AlterPartition requests and publishes every change to the brokers.

use serde::Serialize;

use super::cluster::Cluster;
use super::ctx::{Ctx, Timer};
use super::event::{Event, FenceReason};
use super::protocol::{KafkaError, Message, PartitionState};
use super::types::{BrokerId, NodeId, TimeMs, Tp};
use crate::engine::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokerSession {
    pub broker_epoch: i64,
    pub fenced: bool,
    pub last_heartbeat_ms: TimeMs,
    pub in_controlled_shutdown: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controller {
    pub sessions: VecMap<BrokerId, BrokerSession>,
    pub partitions: VecMap<Tp, PartitionState>,
    next_broker_epoch: i64,
    /// End of the metadata log: bumped by every published change.
    pub metadata_offset: u64,
}

impl Controller {
    /// Takes over a freshly created cluster: every broker registered and
    /// heartbeating at time 0, every partition led by its preferred replica.
    pub fn from_cluster(cluster: &Cluster) -> Self {
        let mut next_broker_epoch = 1;
        let sessions = cluster
            .brokers
            .keys()
            .map(|&id| {
                next_broker_epoch += 1;
                (
                    id,
                    BrokerSession {
                        broker_epoch: next_broker_epoch - 1,
                        fenced: false,
                        last_heartbeat_ms: 0,
                        in_controlled_shutdown: false,
                    },
                )
            })
            .collect();
        let mut c = Controller {
            sessions,
            partitions: VecMap::new(),
            next_broker_epoch,
            metadata_offset: 0,
        };
        for t in cluster.topics.values() {
            c.add_topic(t);
        }
        c
    }

    pub fn add_topic(&mut self, t: &super::cluster::TopicMetadata) {
        for p in &t.partitions {
            let tp = Tp::new(&t.name, p.partition);
            self.partitions.insert(
                tp.clone(),
                PartitionState {
                    tp,
                    replicas: p.replicas.clone(),
                    isr: p.isr.clone(),
                    leader: p.leader,
                    leader_epoch: p.leader_epoch,
                    partition_epoch: 0,
                },
            );
        }
    }

    pub fn fenced(&self) -> Vec<BrokerId> {
        self.sessions
            .iter()
            .filter(|(_, s)| s.fenced)
            .map(|(&b, _)| b)
            .collect()
    }

    fn eligible(&self, b: BrokerId) -> bool {
        self.sessions
            .get(&b)
            .is_some_and(|s| !s.fenced && !s.in_controlled_shutdown)
    }

    pub fn on_message(&mut self, from: NodeId, msg: Message, ctx: &mut Ctx) {
        match msg {
            Message::BrokerRegistration { broker, .. } => self.register(broker, from, ctx),
            Message::BrokerHeartbeat {
                broker,
                broker_epoch,
                want_shutdown,
                metadata_offset,
            } => self.heartbeat(
                broker,
                broker_epoch,
                want_shutdown,
                metadata_offset,
                from,
                ctx,
            ),
            Message::AlterPartition {
                tp,
                leader,
                leader_epoch,
                partition_epoch,
                new_isr,
            } => {
                let result =
                    self.alter_partition(&tp, leader, leader_epoch, partition_epoch, new_isr, ctx);
                if let Ok(state) = &result {
                    self.publish(vec![state.clone()], ctx);
                }
                ctx.send(
                    NodeId::Controller,
                    from,
                    Message::AlterPartitionResponse { tp, result },
                );
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        if let Timer::SessionCheck(b) = timer {
            let timeout = ctx.broker_config.broker_session_timeout_ms;
            let expired = self
                .sessions
                .get(&b)
                .is_some_and(|s| !s.fenced && s.last_heartbeat_ms + timeout <= ctx.now);
            if expired {
                self.fence(b, FenceReason::SessionTimeout, ctx);
            }
        }
    }

    /// Arms the session timer for every broker (at time 0).
    pub fn start(&self, ctx: &mut Ctx) {
        for &b in self.sessions.keys() {
            ctx.after(
                NodeId::Controller,
                ctx.broker_config.broker_session_timeout_ms,
                Timer::SessionCheck(b),
            );
        }
    }

    fn register(&mut self, broker: BrokerId, from: NodeId, ctx: &mut Ctx) {
        let timeout = ctx.broker_config.broker_session_timeout_ms;
        if let Some(s) = self.sessions.get(&broker) {
            // ClusterControlManager: a new incarnation cannot register while
            // the old one's session is still valid; it retries until the
            // controller has fenced the old one.
            if !s.fenced && s.last_heartbeat_ms + timeout > ctx.now {
                let result = Err(KafkaError::DuplicateBrokerRegistration);
                ctx.send(
                    NodeId::Controller,
                    from,
                    Message::BrokerRegistrationResponse { result },
                );
                return;
            }
        }
        let epoch = self.next_broker_epoch;
        self.next_broker_epoch += 1;
        self.sessions.insert(
            broker,
            BrokerSession {
                broker_epoch: epoch,
                fenced: true,
                last_heartbeat_ms: ctx.now,
                in_controlled_shutdown: false,
            },
        );
        ctx.emit(Event::BrokerRegistered {
            broker,
            broker_epoch: epoch,
        });
        ctx.send(
            NodeId::Controller,
            from,
            Message::BrokerRegistrationResponse { result: Ok(epoch) },
        );
        // The new broker catches up with the whole metadata log.
        self.send_image(from, ctx);
    }

    /// The whole metadata image, for a broker that is behind.
    fn send_image(&self, to: NodeId, ctx: &mut Ctx) {
        let msg = Message::MetadataUpdate {
            offset: self.metadata_offset,
            full: true,
            partitions: self.partitions.values().cloned().collect(),
            fenced: self.fenced(),
        };
        ctx.send(NodeId::Controller, to, msg);
    }

    fn heartbeat(
        &mut self,
        broker: BrokerId,
        broker_epoch: i64,
        want_shutdown: bool,
        metadata_offset: u64,
        from: NodeId,
        ctx: &mut Ctx,
    ) {
        let timeout = ctx.broker_config.broker_session_timeout_ms;
        let Some(s) = self.sessions.get_mut(&broker) else {
            return;
        };
        // A heartbeat under the current registration (-1: a broker that
        // bounced unnoticed and resumed its old session).
        if broker_epoch != s.broker_epoch && broker_epoch != -1 {
            ctx.send(
                NodeId::Controller,
                from,
                Message::BrokerHeartbeatResponse {
                    fenced: true,
                    shutdown_ready: false,
                },
            );
            return;
        }
        s.last_heartbeat_ms = ctx.now;
        if metadata_offset < self.metadata_offset {
            self.send_image(from, ctx);
        }
        let Some(s) = self.sessions.get_mut(&broker) else {
            return;
        };
        let was_fenced = s.fenced;
        ctx.after(NodeId::Controller, timeout, Timer::SessionCheck(broker));
        if want_shutdown {
            if !s.in_controlled_shutdown {
                s.in_controlled_shutdown = true;
                self.move_away(broker, ctx);
            }
            let leads_nothing = !self.partitions.values().any(|p| p.leader == Some(broker));
            let already_fenced = self.sessions.get(&broker).is_some_and(|s| s.fenced);
            if leads_nothing && !already_fenced {
                if let Some(s) = self.sessions.get_mut(&broker) {
                    s.fenced = true;
                }
                ctx.emit(Event::BrokerFenced {
                    broker,
                    reason: FenceReason::ControlledShutdown,
                });
                self.publish(Vec::new(), ctx);
            }
            ctx.send(
                NodeId::Controller,
                from,
                Message::BrokerHeartbeatResponse {
                    fenced: true,
                    shutdown_ready: leads_nothing,
                },
            );
            return;
        }
        if was_fenced {
            self.unfence(broker, ctx);
        }
        ctx.send(
            NodeId::Controller,
            from,
            Message::BrokerHeartbeatResponse {
                fenced: false,
                shutdown_ready: false,
            },
        );
    }

    fn unfence(&mut self, broker: BrokerId, ctx: &mut Ctx) {
        if let Some(s) = self.sessions.get_mut(&broker) {
            s.fenced = false;
        }
        ctx.emit(Event::BrokerUnfenced { broker });
        // Leaderless partitions this broker can now lead.
        let mut changed = Vec::new();
        let tps: Vec<Tp> = self
            .partitions
            .values()
            .filter(|p| p.leader.is_none() && p.replicas.contains(&broker))
            .map(|p| p.tp.clone())
            .collect();
        for tp in tps {
            if let Some(state) = self.elect(&tp, None, ctx) {
                changed.push(state);
            }
        }
        self.publish(changed, ctx);
    }

    /// A broker lost its session or finished shutting down: it leads
    /// nothing and leaves every ISR (the last ISR member stays listed so it
    /// can come back as the clean leader).
    pub fn fence(&mut self, broker: BrokerId, reason: FenceReason, ctx: &mut Ctx) {
        if let Some(s) = self.sessions.get_mut(&broker) {
            s.fenced = true;
        }
        ctx.emit(Event::BrokerFenced { broker, reason });
        self.move_away(broker, ctx);
    }

    /// Elect new leaders for partitions `broker` leads and drop it from ISRs.
    fn move_away(&mut self, broker: BrokerId, ctx: &mut Ctx) {
        let tps: Vec<Tp> = self
            .partitions
            .values()
            .filter(|p| p.replicas.contains(&broker))
            .map(|p| p.tp.clone())
            .collect();
        let mut changed = Vec::new();
        for tp in tps {
            let p = &self.partitions[&tp];
            if p.leader == Some(broker) {
                if let Some(state) = self.elect(&tp, Some(broker), ctx) {
                    changed.push(state);
                }
            } else if p.isr.contains(&broker) && p.isr.len() > 1 {
                let p = self.partitions.get_mut(&tp).expect("listed above");
                let isr = p.isr.iter().copied().filter(|&r| r != broker).collect();
                set_isr(p, isr, true, ctx);
                changed.push(p.clone());
            }
        }
        self.publish(changed, ctx);
    }

    /// `PartitionChangeBuilder`: the first replica (in assignment order)
    /// that is in the ISR and eligible; else, if the topic allows it, the
    /// first live replica at all (unclean); else no leader.
    fn elect(
        &mut self,
        tp: &Tp,
        leaving: Option<BrokerId>,
        ctx: &mut Ctx,
    ) -> Option<PartitionState> {
        let unclean_ok = ctx.topic(&tp.topic).unclean_leader_election_enable;
        let p = self.partitions.get(tp)?.clone();
        let ok = |b: &BrokerId| Some(*b) != leaving && self.eligible(*b);
        let clean = p
            .replicas
            .iter()
            .copied()
            .find(|b| p.isr.contains(b) && ok(b));
        let (leader, clean_election, isr) = match clean {
            Some(l) => {
                let isr: Vec<_> = p
                    .isr
                    .iter()
                    .copied()
                    .filter(|b| Some(*b) != leaving)
                    .collect();
                (Some(l), true, isr)
            }
            None => match p
                .replicas
                .iter()
                .copied()
                .find(|b| ok(b))
                .filter(|_| unclean_ok)
            {
                Some(l) => (Some(l), false, vec![l]),
                // Offline: ISR keeps its last member, the one clean choice.
                None => (
                    None,
                    true,
                    if p.isr.len() > 1 {
                        p.isr
                            .iter()
                            .copied()
                            .filter(|b| Some(*b) != leaving)
                            .collect()
                    } else {
                        p.isr.clone()
                    },
                ),
            },
        };
        if leader == p.leader && isr == p.isr {
            return None;
        }
        let previous = p.leader;
        let np = self.partitions.get_mut(tp)?;
        if leader != np.leader {
            np.leader_epoch += 1;
        }
        np.leader = leader;
        np.isr = isr;
        np.partition_epoch += 1;
        ctx.emit(Event::LeaderElected {
            tp: tp.clone(),
            leader,
            leader_epoch: np.leader_epoch,
            isr: np.isr.clone(),
            clean: clean_election,
            previous,
        });
        Some(np.clone())
    }

    fn alter_partition(
        &mut self,
        tp: &Tp,
        leader: BrokerId,
        leader_epoch: i32,
        partition_epoch: i32,
        new_isr: Vec<BrokerId>,
        ctx: &mut Ctx,
    ) -> Result<PartitionState, KafkaError> {
        let Some(p) = self.partitions.get(tp) else {
            return Err(KafkaError::UnknownTopicOrPartition);
        };
        if p.leader != Some(leader) || p.leader_epoch != leader_epoch {
            return Err(KafkaError::FencedLeaderEpoch);
        }
        if p.partition_epoch != partition_epoch {
            return Err(KafkaError::InvalidUpdateVersion);
        }
        if new_isr
            .iter()
            .any(|b| !p.isr.contains(b) && !self.eligible(*b))
        {
            return Err(KafkaError::IneligibleReplica);
        }
        let p = self.partitions.get_mut(tp).expect("checked above");
        set_isr(p, new_isr, false, ctx);
        Ok(p.clone())
    }

    /// Sends changed partition records (and who is fenced) to every broker.
    pub fn publish(&mut self, partitions: Vec<PartitionState>, ctx: &mut Ctx) {
        self.metadata_offset += 1;
        let fenced = self.fenced();
        for &b in self.sessions.keys() {
            ctx.send(
                NodeId::Controller,
                NodeId::Broker(b),
                Message::MetadataUpdate {
                    offset: self.metadata_offset,
                    full: false,
                    partitions: partitions.clone(),
                    fenced: fenced.clone(),
                },
            );
        }
    }
}

/// A new ISR in the metadata log: the partition epoch moves on and the
/// change is an event (`by_controller`: the controller removed a fenced or
/// departing broker itself, rather than granting a leader's AlterPartition).
fn set_isr(p: &mut PartitionState, isr: Vec<BrokerId>, by_controller: bool, ctx: &mut Ctx) {
    let previous = std::mem::replace(&mut p.isr, isr);
    p.partition_epoch += 1;
    ctx.emit(Event::IsrChanged {
        tp: p.tp.clone(),
        isr: p.isr.clone(),
        previous,
        partition_epoch: p.partition_epoch,
        by_controller,
    });
}
