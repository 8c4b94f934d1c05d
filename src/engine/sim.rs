//! The discrete-event simulation: one virtual clock, one queue ordered by
//! (time, sequence), one seeded RNG. Each step takes the next item — a
//! message arriving, a timer firing, a scripted or clicked command — hands
//! it to the node it belongs to, and routes what the node sent through the
//! simulated network. `Simulation` is `Clone`: the UI checkpoints it to
//! step backwards and scrub through time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::rc::Rc;

use super::broker::{Broker, BrokerStatus};
use super::checker;
use super::cluster::Cluster;
use super::command::{Command, CommandError, ConsumerSpec, Setup};
use super::config::{BrokerConfig, EffectiveTopicConfig, TopicConfig};
use super::consumer::Consumer;
use super::controller::Controller;
use super::ctx::{Ctx, Timer};
use super::event::{Event, TimedEvent};
use super::internal_topic::InternalTopic;
use super::network::{DropReason, Network, Transit};
use super::producer::Producer;
use super::protocol::{Envelope, Message, PartitionLeader};
use super::rng::Rng;
use super::types::{BrokerId, NodeId, ProducerRecord, RecordId, TimeMs};
use crate::engine::sort;
use crate::engine::vec_map::{VecMap, VecSet};

/// Boxed payloads keep an item small: the queue holds thousands of timers
/// and every checkpoint clones it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Deliver(Box<Envelope>),
    Timer {
        node: NodeId,
        incarnation: u32,
        timer: Timer,
    },
    Command(Box<Command>),
    /// The next record of an auto-produce stream, if still `generation`.
    AutoProduce {
        producer: u32,
        generation: u64,
    },
}

/// A running `auto_produce` stream.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AutoStream {
    topic: String,
    per_second: u32,
    interval_ms: TimeMs,
    generation: u64,
    sent: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Scheduled {
    at: TimeMs,
    seq: u64,
    item: Item,
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A message between its send and its delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub api: &'static str,
    pub response: bool,
    pub sent_at: TimeMs,
    pub deliver_at: TimeMs,
}

/// Every process in the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nodes {
    pub controller: Controller,
    pub brokers: VecMap<BrokerId, Broker>,
    pub producers: VecMap<u32, Producer>,
    pub consumers: VecMap<u32, Consumer>,
}

/// One process, borrowed for a delivery or a timer.
enum NodeMut<'a> {
    Controller(&'a mut Controller),
    Broker(&'a mut Broker),
    Producer(&'a mut Producer),
    Consumer(&'a mut Consumer),
}

impl Nodes {
    fn get_mut(&mut self, id: NodeId) -> Option<NodeMut<'_>> {
        Some(match id {
            NodeId::Controller => NodeMut::Controller(&mut self.controller),
            NodeId::Broker(b) => NodeMut::Broker(self.brokers.get_mut(&b)?),
            NodeId::Producer(p) => NodeMut::Producer(self.producers.get_mut(&p)?),
            NodeId::Consumer(c) => NodeMut::Consumer(self.consumers.get_mut(&c)?),
        })
    }
}

impl NodeMut<'_> {
    fn on_timer(self, timer: Timer, ctx: &mut Ctx) {
        match self {
            NodeMut::Controller(n) => n.on_timer(timer, ctx),
            NodeMut::Broker(n) => n.on_timer(timer, ctx),
            NodeMut::Producer(n) => n.on_timer(timer, ctx),
            NodeMut::Consumer(n) => n.on_timer(timer, ctx),
        }
    }

    fn on_message(self, from: NodeId, msg: Message, ctx: &mut Ctx) {
        match self {
            NodeMut::Controller(n) => n.on_message(from, msg, ctx),
            NodeMut::Broker(n) => n.on_message(from, msg, ctx),
            NodeMut::Producer(n) => n.on_message(msg, ctx),
            NodeMut::Consumer(n) => n.on_message(msg, ctx),
        }
    }
}

#[derive(Debug)]
pub struct Simulation {
    pub now: TimeMs,
    queue: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
    rng: Rng,
    pub network: Network,
    pub broker_config: BrokerConfig,
    pub topic_configs: VecMap<Rc<str>, TopicConfig>,
    effective: VecMap<Rc<str>, EffectiveTopicConfig>,
    /// Names and partition counts as created (for commands and reports).
    pub cluster: Cluster,
    pub nodes: Nodes,
    /// The history. `record_trace = false` keeps only the count (benchmarks).
    pub trace: Vec<TimedEvent>,
    pub record_trace: bool,
    pub events_emitted: u64,
    next_correlation: u64,
    next_message: u64,
    next_record: u64,
    /// Values of every record ever produced, for reports and the UI.
    pub record_values: VecMap<RecordId, (Option<Rc<str>>, Rc<str>)>,
    reported_losses: VecSet<(Option<u32>, RecordId)>,
    auto: VecMap<u32, AutoStream>,
    auto_generation: u64,
    /// `bootstrap.servers` of every client: the brokers in the setup's order.
    bootstrap: Vec<BrokerId>,
    /// Consumers whose `close()` returned: gone from `nodes.consumers`, and
    /// their ids are not given to a new consumer.
    pub closed_consumers: VecSet<u32>,
}

/// A full copy, trace included (tests fork a run and compare both histories).
impl Clone for Simulation {
    fn clone(&self) -> Self {
        Simulation {
            trace: self.trace.clone(),
            ..self.checkpoint()
        }
    }
}

impl Simulation {
    /// A copy of everything but the trace: what the timeline keeps, since it
    /// holds the history itself. Never copying events keeps their `Clone`
    /// (over a quarter of a full clone's code) out of the page.
    pub fn checkpoint(&self) -> Simulation {
        Simulation {
            now: self.now,
            queue: self.queue.clone(),
            seq: self.seq,
            rng: self.rng.clone(),
            network: self.network.clone(),
            broker_config: self.broker_config.clone(),
            topic_configs: self.topic_configs.clone(),
            effective: self.effective.clone(),
            cluster: self.cluster.clone(),
            nodes: self.nodes.clone(),
            trace: Vec::new(),
            record_trace: self.record_trace,
            events_emitted: self.events_emitted,
            next_correlation: self.next_correlation,
            next_message: self.next_message,
            next_record: self.next_record,
            record_values: self.record_values.clone(),
            reported_losses: self.reported_losses.clone(),
            auto: self.auto.clone(),
            auto_generation: self.auto_generation,
            bootstrap: self.bootstrap.clone(),
            closed_consumers: self.closed_consumers.clone(),
        }
    }

    /// Builds the starting cluster; all validation happens in `Setup::build`.
    pub fn new(setup: &Setup) -> Result<Self, CommandError> {
        setup.validate()?;
        let mut rng = Rng::new(setup.seed);
        let mut cluster = Cluster::new(&setup.brokers);
        let mut topic_configs = VecMap::new();
        let internal = setup.internal_topic_specs()?;
        for t in setup.topics.iter().chain(&internal) {
            cluster
                .create_topic(&t.name, t.partitions, t.replication_factor, &mut rng)
                .map_err(|e| CommandError::new(format!("topics[{}]", t.name), e.to_string()))?;
            let meta = cluster.topics.get_mut(&t.name).expect("just created");
            if let Some(assign) = &t.replica_assignment {
                for (p, replicas) in meta.partitions.iter_mut().zip(assign) {
                    p.replicas = replicas.clone();
                    p.isr = replicas.clone();
                    p.leader = replicas.first().copied();
                }
            }
            meta.configs = t.config.overrides();
            topic_configs.insert(Rc::from(t.name.as_str()), t.config.clone());
        }
        let controller = Controller::from_cluster(&cluster);
        let brokers = controller
            .sessions
            .iter()
            .map(|(&id, s)| (id, Broker::new(id, s.broker_epoch)))
            .collect();
        let mut sim = Simulation {
            now: 0,
            queue: BinaryHeap::new(),
            seq: 0,
            rng,
            network: Network::new(setup.network.clone()),
            broker_config: setup.broker_config.clone(),
            topic_configs,
            effective: VecMap::new(),
            cluster,
            nodes: Nodes {
                controller,
                brokers,
                producers: VecMap::new(),
                consumers: VecMap::new(),
            },
            trace: Vec::new(),
            record_trace: true,
            events_emitted: 0,
            next_correlation: 0,
            next_message: 0,
            next_record: 0,
            record_values: VecMap::new(),
            reported_losses: VecSet::new(),
            auto: VecMap::new(),
            auto_generation: 0,
            bootstrap: setup.brokers.clone(),
            closed_consumers: VecSet::new(),
        };
        sim.refresh_effective();
        for p in &setup.producers {
            let mut producer = Producer::new(p.id, p.config.clone(), sim.bootstrap.clone());
            producer.learn(&sim.leaders());
            sim.nodes.producers.insert(p.id, producer);
        }
        for c in &setup.consumers {
            let consumer = sim.new_consumer(c);
            sim.nodes.consumers.insert(c.id, consumer);
        }
        // Time 0: every broker takes up its roles and starts its loops.
        let states: Vec<_> = sim.nodes.controller.partitions.values().cloned().collect();
        sim.with_ctx(|nodes, ctx| {
            nodes.controller.start(ctx);
            for b in nodes.brokers.values_mut() {
                b.start_loops(ctx);
                for s in &states {
                    b.apply_partition(s, ctx);
                }
                b.sync_group_partitions(ctx);
            }
            for p in nodes.producers.values_mut() {
                p.start(ctx);
            }
            for c in nodes.consumers.values_mut() {
                c.start(ctx);
            }
        });
        Ok(sim)
    }

    fn refresh_effective(&mut self) {
        self.effective = self
            .topic_configs
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    EffectiveTopicConfig::resolve(v, &self.broker_config),
                )
            })
            .collect();
    }

    /// Leaders as the controller sees them (what a Metadata answer holds).
    pub fn leaders(&self) -> Vec<PartitionLeader> {
        self.nodes
            .controller
            .partitions
            .values()
            .map(|p| PartitionLeader {
                tp: p.tp.clone(),
                leader: p.leader,
                leader_epoch: p.leader_epoch,
            })
            .collect()
    }

    /// `new KafkaConsumer(props)` + `subscribe()`/`assign()`: a scenario's
    /// consumers at the start and `add_consumer` later, the same way.
    fn new_consumer(&self, spec: &ConsumerSpec) -> Consumer {
        let subscription = spec
            .subscription
            .iter()
            .map(|t| Rc::from(t.as_str()))
            .collect();
        let mut consumer = Consumer::new(
            spec.id,
            spec.config.clone(),
            spec.assignment.clone(),
            subscription,
            self.bootstrap.clone(),
        );
        consumer.learn(&self.leaders());
        consumer
    }

    /// Brokers the controller counts as alive (registered, not fenced):
    /// what topic creation may place replicas on.
    pub fn alive_brokers(&self) -> usize {
        self.nodes
            .controller
            .sessions
            .values()
            .filter(|s| !s.fenced)
            .count()
    }

    /// The smallest consumer id above every one used so far (running,
    /// crashed or closed): what the page offers `add_consumer`.
    pub fn next_consumer_id(&self) -> u32 {
        let used = self
            .nodes
            .consumers
            .keys()
            .chain(self.closed_consumers.iter());
        used.max().map_or(1, |&m| m.saturating_add(1))
    }

    /// Creates an internal topic the first time something needs it (a
    /// group or a transactional producer added while the cluster runs).
    /// Kafka creates it on the first FindCoordinator
    /// (`AutoTopicCreationManager`); here it appears when the client does.
    pub fn ensure_internal_topic(&mut self, which: InternalTopic) -> Result<(), CommandError> {
        if self.cluster.topics.contains_key(which.name()) {
            return Ok(());
        }
        let spec = which.spec(&self.broker_config, self.alive_brokers())?;
        self.apply(Command::CreateTopic {
            name: spec.name,
            partitions: spec.partitions,
            replication_factor: spec.replication_factor,
            config: spec.config.override_values(),
        })
    }

    pub fn effective_topic_config(&self, topic: &str) -> Option<EffectiveTopicConfig> {
        self.effective.get(topic).copied()
    }

    // ---- running -------------------------------------------------------

    /// Messages on the wire right now, oldest first, for the page to draw
    /// as dots travelling along links.
    pub fn in_flight(&self) -> Vec<InFlight> {
        let mut out: Vec<InFlight> = self
            .queue
            .iter()
            .filter_map(|Reverse(s)| match &s.item {
                Item::Deliver(env) if !matches!(env.msg, Message::Disconnected { .. }) => {
                    Some(InFlight {
                        id: env.id,
                        from: env.from,
                        to: env.to,
                        api: env.msg.api(),
                        response: env.msg.is_response(),
                        sent_at: env.sent_at,
                        deliver_at: s.at,
                    })
                }
                _ => None,
            })
            .collect();
        sort::sort_by_key(&mut out, |m| (m.sent_at, m.id));
        out
    }

    /// Whether any message is on the wire (playback slows down to show it).
    pub fn has_in_flight(&self) -> bool {
        self.queue.iter().any(|Reverse(s)| {
            matches!(&s.item, Item::Deliver(env) if !matches!(env.msg, Message::Disconnected { .. }))
        })
    }

    /// Hands over the events recorded since the last call (the timeline
    /// keeps the history outside the checkpoints it clones).
    pub fn take_trace(&mut self) -> Vec<TimedEvent> {
        std::mem::take(&mut self.trace)
    }

    pub fn queued_kinds(&self) -> VecMap<String, usize> {
        let mut m = VecMap::new();
        for Reverse(s) in self.queue.iter() {
            let k = match &s.item {
                Item::Timer { timer, .. } => format!("{timer:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap()
                    .to_string(),
                Item::Deliver(_) => "deliver".into(),
                _ => "other".into(),
            };
            *m.entry(k).or_insert(0) += 1;
        }
        m
    }

    /// Time of the next queued item, if any.
    pub fn next_time(&self) -> Option<TimeMs> {
        self.queue.peek().map(|Reverse(s)| s.at)
    }

    /// Processes one queued item. Returns false when nothing is queued.
    pub fn step(&mut self) -> bool {
        let Some(Reverse(s)) = self.queue.pop() else {
            return false;
        };
        self.now = s.at;
        match s.item {
            Item::Deliver(env) => self.deliver(*env),
            Item::Timer {
                node,
                incarnation,
                timer,
            } => {
                if self.incarnation(node) == Some(incarnation) {
                    self.with_ctx(|nodes, ctx| {
                        if let Some(n) = nodes.get_mut(node) {
                            n.on_timer(timer, ctx)
                        }
                    });
                }
            }
            Item::Command(cmd) => {
                // Scripted commands were validated when scheduled; a command
                // that became invalid since (say, a topic deleted) is skipped.
                // A transactional call meets the producer's state only now:
                // the exception it throws is reported.
                let call = super::txn_manager::transactional_call(&cmd, self);
                if let (Err(e), Some((producer, call))) = (self.apply(*cmd), call) {
                    self.record(Event::TransactionCallFailed {
                        producer,
                        call: call.to_string(),
                        error: e.message,
                    });
                }
            }
            Item::AutoProduce {
                producer,
                generation,
            } => self.auto_produce_next(producer, generation),
        }
        true
    }

    /// Runs every item due at or before `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: TimeMs) {
        while self.next_time().is_some_and(|n| n <= t) {
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Schedules a command for later (a scenario script).
    pub fn schedule(&mut self, at: TimeMs, cmd: Command) -> Result<(), CommandError> {
        self.validate(&cmd)?;
        self.push(at.max(self.now), Item::Command(Box::new(cmd)));
        Ok(())
    }

    /// Schedules a command validated later, when it runs (script steps
    /// that depend on earlier steps).
    pub fn schedule_unchecked(&mut self, at: TimeMs, cmd: Command) {
        self.push(at.max(self.now), Item::Command(Box::new(cmd)));
    }

    fn push(&mut self, at: TimeMs, item: Item) {
        self.seq += 1;
        self.queue.push(Reverse(Scheduled {
            at,
            seq: self.seq,
            item,
        }));
    }

    fn incarnation(&self, node: NodeId) -> Option<u32> {
        match node {
            NodeId::Broker(b) => self
                .nodes
                .brokers
                .get(&b)
                .filter(|b| b.is_up())
                .map(|b| b.incarnation),
            NodeId::Consumer(c) => self
                .nodes
                .consumers
                .get(&c)
                .filter(|c| !c.crashed)
                .map(|c| c.incarnation),
            _ => Some(0),
        }
    }

    fn is_up(&self, node: NodeId) -> bool {
        match node {
            NodeId::Broker(b) => self.nodes.brokers.get(&b).is_some_and(Broker::is_up),
            NodeId::Consumer(c) => self.nodes.consumers.get(&c).is_some_and(|c| !c.crashed),
            _ => true,
        }
    }

    fn deliver(&mut self, env: Envelope) {
        let api = env.msg.api();
        if !self.is_up(env.to) {
            self.record(Event::MessageDropped {
                id: env.id,
                from: env.from,
                to: env.to,
                api,
                reason: DropReason::DestinationDown,
            });
            // Connection refused: the sender learns at once (TCP RST).
            if !env.msg.is_response() && self.is_up(env.from) {
                self.reset_connection(env.id, env.to, env.from, env.msg.correlation());
            }
            return;
        }
        if !matches!(env.msg, Message::Disconnected { .. }) {
            self.record(Event::MessageDelivered {
                id: env.id,
                from: env.from,
                to: env.to,
                api,
            });
        }
        let Envelope { from, to, msg, .. } = env;
        self.with_ctx(|nodes, ctx| {
            if let Some(n) = nodes.get_mut(to) {
                n.on_message(from, msg, ctx)
            }
        });
    }

    /// Tells a client its request on a closed connection is gone (the
    /// kernel's RST), unless the link is cut and nothing gets through.
    fn reset_connection(&mut self, id: u64, from: NodeId, to: NodeId, correlation: Option<u64>) {
        if self.network.is_cut(from, to) {
            return;
        }
        self.push(
            self.now + self.network.config.latency_ms,
            Item::Deliver(Box::new(Envelope {
                id,
                from,
                to,
                sent_at: self.now,
                msg: Message::Disconnected { correlation },
            })),
        );
    }

    /// Runs node logic with a context, then routes its output.
    fn with_ctx(&mut self, f: impl FnOnce(&mut Nodes, &mut Ctx)) {
        let mut ctx = Ctx::new(
            self.now,
            &mut self.rng,
            &self.broker_config,
            &self.effective,
            &mut self.next_correlation,
            &mut self.next_record,
        );
        f(&mut self.nodes, &mut ctx);
        let Ctx {
            outbox,
            timers,
            events,
            new_records,
            ..
        } = ctx;
        self.route(outbox, timers, events, new_records);
    }

    /// What a handler left in its context, put into the queue, the network
    /// and the trace. Not generic, so the many `with_ctx` closures share it.
    #[inline(never)]
    fn route(
        &mut self,
        outbox: Vec<(NodeId, NodeId, Message)>,
        timers: Vec<(NodeId, TimeMs, Timer)>,
        events: Vec<Event>,
        new_records: Vec<(RecordId, Option<Rc<str>>, Rc<str>)>,
    ) {
        for (id, key, label) in new_records {
            self.record_values.insert(id, (key, label));
        }
        let mut check = false;
        for e in events {
            check |= matches!(
                e,
                Event::LeaderElected { .. }
                    | Event::LogTruncated { .. }
                    | Event::BecameLeader { .. }
            );
            if let Event::ConsumerClosed { consumer } = e {
                // close() returned: the process is gone, its timers with it.
                self.nodes.consumers.remove(&consumer);
                self.closed_consumers.insert(consumer);
            }
            self.record(e);
        }
        for (from, to, msg) in outbox {
            self.transmit(from, to, msg);
        }
        for (node, at, timer) in timers {
            if let Some(incarnation) = self.incarnation(node) {
                self.push(
                    at,
                    Item::Timer {
                        node,
                        incarnation,
                        timer,
                    },
                );
            }
        }
        if check {
            self.report_new_losses();
        }
    }

    fn transmit(&mut self, from: NodeId, to: NodeId, msg: Message) {
        self.next_message += 1;
        let id = self.next_message;
        let api = msg.api();
        let response = msg.is_response();
        match self.network.send(self.now, from, to, &mut self.rng) {
            Transit::DeliverAt(at) => {
                self.record(Event::MessageSent {
                    id,
                    from,
                    to,
                    api,
                    response,
                    deliver_at: at,
                });
                let sent_at = self.now;
                self.push(
                    at,
                    Item::Deliver(Box::new(Envelope {
                        id,
                        from,
                        to,
                        sent_at,
                        msg,
                    })),
                );
            }
            Transit::Dropped(reason) => {
                self.record(Event::MessageDropped {
                    id,
                    from,
                    to,
                    api,
                    reason,
                });
            }
        }
    }

    fn record(&mut self, event: Event) {
        self.events_emitted += 1;
        if self.record_trace {
            self.trace.push(TimedEvent {
                seq: self.events_emitted,
                at_ms: self.now,
                event,
            });
        }
    }

    fn report_new_losses(&mut self) {
        for f in checker::lost_records(self) {
            if self.reported_losses.insert((f.consumer, f.id)) {
                let e = match f.consumer {
                    None => Event::AcknowledgedRecordLost {
                        tp: f.tp,
                        offset: f.offset,
                        id: f.id,
                    },
                    Some(c) => Event::ConsumedRecordLost {
                        consumer: c,
                        tp: f.tp,
                        offset: f.offset,
                        id: f.id,
                    },
                };
                self.record(e);
            }
        }
    }

    // ---- commands ------------------------------------------------------

    /// Checks a command against the current cluster without changing anything.
    pub fn validate(&self, cmd: &Command) -> Result<(), CommandError> {
        cmd.validate(self)
    }

    /// Validates and applies a command now. On error nothing changes.
    pub fn apply(&mut self, cmd: Command) -> Result<(), CommandError> {
        self.validate(&cmd)?;
        match cmd {
            Command::Produce {
                producer,
                topic,
                records,
            } => {
                let p = self.nodes.producers.get(&producer).expect("validated");
                if p.partition_count(&topic).is_none() {
                    return Ok(());
                }
                let mut sends = Vec::new();
                for r in records {
                    self.next_record += 1;
                    let id = RecordId(self.next_record);
                    let key: Option<Rc<str>> = r.key.map(|k| Rc::from(k.as_str()));
                    let value: Rc<str> = Rc::from(r.value.as_str());
                    self.record_values.insert(id, (key.clone(), value.clone()));
                    let record = ProducerRecord {
                        id,
                        key,
                        value,
                        wire_bytes: 0,
                    };
                    sends.push((record, r.partition));
                }
                self.with_ctx(|nodes, ctx| {
                    nodes
                        .producers
                        .get_mut(&producer)
                        .expect("validated")
                        .send(&topic, sends, ctx)
                });
            }
            Command::AutoProduce {
                producer,
                topic,
                per_second,
            } => {
                self.auto_generation += 1;
                let generation = self.auto_generation;
                self.record(Event::AutoProduceSet {
                    producer,
                    topic: topic.clone(),
                    per_second,
                });
                if per_second == 0 {
                    self.auto.remove(&producer);
                } else {
                    let sent = self.auto.get(&producer).map_or(0, |a| a.sent);
                    self.auto.insert(
                        producer,
                        AutoStream {
                            topic,
                            per_second,
                            interval_ms: (1000 / TimeMs::from(per_second)).max(1),
                            generation,
                            sent,
                        },
                    );
                    self.push(
                        self.now,
                        Item::AutoProduce {
                            producer,
                            generation,
                        },
                    );
                }
            }
            Command::CrashConsumer { consumer } => {
                self.nodes
                    .consumers
                    .get_mut(&consumer)
                    .expect("validated")
                    .crash();
                self.record(Event::ConsumerCrashed { consumer });
            }
            Command::RestartConsumer { consumer } => {
                self.record(Event::ConsumerStarted { consumer });
                self.with_ctx(|nodes, ctx| {
                    nodes
                        .consumers
                        .get_mut(&consumer)
                        .expect("validated")
                        .restart(ctx)
                });
            }
            Command::AddConsumer {
                consumer,
                subscribe,
                assign,
                config,
            } => {
                let spec = ConsumerSpec::parse(consumer, &assign, &subscribe, &config)?;
                if spec.config.group_id.is_some() {
                    self.ensure_internal_topic(InternalTopic::ConsumerOffsets)?;
                }
                let added = self.new_consumer(&spec);
                self.nodes.consumers.insert(consumer, added);
                self.record(Event::ConsumerAdded {
                    consumer,
                    group: spec.config.group_id,
                    subscribe,
                    assign: spec.assignment,
                });
                self.with_ctx(|nodes, ctx| {
                    nodes
                        .consumers
                        .get_mut(&consumer)
                        .expect("just added")
                        .start(ctx)
                });
            }
            Command::CloseConsumer { consumer } => self.with_ctx(|nodes, ctx| {
                nodes
                    .consumers
                    .get_mut(&consumer)
                    .expect("validated")
                    .close(ctx)
            }),
            Command::PauseConsumer { consumer, paused } => {
                self.record(Event::ConsumerPaused { consumer, paused });
                self.with_ctx(|nodes, ctx| {
                    nodes
                        .consumers
                        .get_mut(&consumer)
                        .expect("validated")
                        .set_paused(paused, ctx)
                });
            }
            Command::Crash { broker } => {
                let b = self.nodes.brokers.get_mut(&broker).expect("validated");
                // The process dies but the machine does not: its kernel
                // closes the sockets, so clients whose requests the broker
                // was holding (acks=all produce, long-poll fetch) see a
                // disconnect at once instead of waiting request.timeout.ms.
                let held = b.held_requests();
                b.crash();
                self.record(Event::BrokerCrashed { broker });
                for (client, correlation) in held {
                    self.next_message += 1;
                    let id = self.next_message;
                    self.reset_connection(id, NodeId::Broker(broker), client, Some(correlation));
                }
            }
            Command::Restart { broker, fast } => {
                self.record(Event::BrokerStarted { broker, fast });
                self.with_ctx(|nodes, ctx| {
                    nodes
                        .brokers
                        .get_mut(&broker)
                        .expect("validated")
                        .restart(fast, ctx)
                });
            }
            Command::Shutdown { broker } => {
                self.record(Event::ControlledShutdownStarted { broker });
                self.with_ctx(|nodes, ctx| {
                    nodes
                        .brokers
                        .get_mut(&broker)
                        .expect("validated")
                        .begin_shutdown(ctx)
                });
            }
            Command::CutLink { from, to, one_way } => {
                let (a, b) = (from.node()?, to.node()?);
                self.network.cut(a, b);
                self.record(Event::LinkCut { from: a, to: b });
                if !one_way {
                    self.network.cut(b, a);
                    self.record(Event::LinkCut { from: b, to: a });
                }
            }
            Command::HealLink { from, to, one_way } => {
                let (a, b) = (from.node()?, to.node()?);
                self.network.heal(a, b);
                self.record(Event::LinkHealed { from: a, to: b });
                if !one_way {
                    self.network.heal(b, a);
                    self.record(Event::LinkHealed { from: b, to: a });
                }
            }
            Command::DropRate { per_mille } => {
                self.network.drop_per_mille = per_mille;
                self.record(Event::DropRateSet { per_mille });
            }
            Command::Slow { node, extra_ms } => {
                let n = node.node()?;
                self.network.set_slow(n, extra_ms);
                self.record(Event::NodeSlowed { node: n, extra_ms });
            }
            Command::CreateTopic {
                name,
                partitions,
                replication_factor,
                config,
            } => {
                let tc = TopicConfig::from_map("config", &config).map_err(CommandError::from)?;
                let fenced = self.nodes.controller.fenced();
                for b in self.cluster.brokers.values_mut() {
                    b.fenced = fenced.contains(&b.id);
                }
                let meta = self
                    .cluster
                    .create_topic(&name, partitions, replication_factor, &mut self.rng)
                    .map_err(|e| CommandError::new("replication_factor", e.to_string()))?;
                let mut meta = meta.clone();
                meta.configs = tc.overrides();
                self.cluster.topics.insert(name.clone(), meta.clone());
                self.topic_configs.insert(Rc::from(name.as_str()), tc);
                self.refresh_effective();
                self.nodes.controller.add_topic(&meta);
                self.record(Event::TopicCreated {
                    topic: name.clone(),
                    partitions: partitions as u32,
                    replication_factor: replication_factor as u32,
                });
                let states: Vec<_> = self
                    .nodes
                    .controller
                    .partitions
                    .values()
                    .filter(|p| *p.tp.topic == *name)
                    .cloned()
                    .collect();
                let leaders = self.leaders();
                self.with_ctx(|nodes, ctx| {
                    nodes.controller.publish(states, ctx);
                    for p in nodes.producers.values_mut() {
                        p.learn(&leaders);
                    }
                });
            }
            Command::AddPartitions { topic, partitions } => {
                self.add_partitions(&topic, partitions)?
            }
            Command::InitTransactions { .. }
            | Command::BeginTransaction { .. }
            | Command::CommitTransaction { .. }
            | Command::AbortTransaction { .. } => {
                let (producer, call) = cmd.txn_call().expect("a transactional command");
                self.with_ctx(|nodes, ctx| {
                    nodes
                        .producers
                        .get_mut(&producer)
                        .expect("validated")
                        .transaction_call(call, ctx)
                });
            }
            Command::SetTopicConfig { topic, name, value } => {
                let current = self
                    .topic_configs
                    .get(topic.as_str())
                    .cloned()
                    .unwrap_or_default();
                let tc = current.with("config", &name, &value)?;
                if let Some(meta) = self.cluster.topics.get_mut(&topic) {
                    meta.configs = tc.overrides();
                }
                self.topic_configs.insert(Rc::from(topic.as_str()), tc);
                self.refresh_effective();
                let shown = match &value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                self.record(Event::TopicConfigChanged {
                    topic: topic.clone(),
                    name,
                    value: shown,
                });
                // Newly allowed unclean elections, a new min ISR: the
                // controller and the leaders re-evaluate at once.
                let states: Vec<_> = self
                    .nodes
                    .controller
                    .partitions
                    .values()
                    .filter(|p| *p.tp.topic == *topic)
                    .cloned()
                    .collect();
                self.with_ctx(|nodes, ctx| nodes.controller.publish(states, ctx));
            }
        }
        Ok(())
    }

    /// The auto-produce stream producer `producer` runs: topic and rate.
    pub fn auto_produce(&self, producer: u32) -> Option<(&str, u32)> {
        self.auto
            .get(&producer)
            .map(|a| (a.topic.as_str(), a.per_second))
    }

    /// New partitions placed as AdminUtils continues a topic, led by their
    /// preferred replica; producers learn them at once (a real producer
    /// waits for its next metadata refresh, `metadata.max.age.ms`).
    fn add_partitions(&mut self, topic: &str, partitions: i64) -> Result<(), CommandError> {
        let fenced = self.nodes.controller.fenced();
        for b in self.cluster.brokers.values_mut() {
            b.fenced = fenced.contains(&b.id);
        }
        let live = self.cluster.available_brokers();
        let meta = self.cluster.topics.get_mut(topic).expect("validated");
        let existing = meta.partitions.len();
        let first = &meta.partitions[0].replicas;
        let added = super::placement::assign_more(
            &live,
            existing,
            first[0],
            partitions as usize - existing,
            first.len(),
        )
        .map_err(|e| CommandError::new("partitions", e.to_string()))?;
        let mut new_meta = meta.clone();
        new_meta.partitions = added
            .into_iter()
            .enumerate()
            .map(|(i, replicas)| super::cluster::PartitionMetadata {
                partition: (existing + i) as u32,
                leader: replicas.first().copied(),
                leader_epoch: 0,
                isr: replicas.clone(),
                replicas,
            })
            .collect();
        meta.partitions.extend(new_meta.partitions.iter().cloned());
        self.nodes.controller.add_topic(&new_meta);
        let (from, to) = (existing as u32, partitions as u32);
        let moved_keys = self.moved_keys(topic, from, to);
        self.record(Event::PartitionsAdded {
            topic: topic.to_string(),
            from,
            to,
            moved_keys,
        });
        let states: Vec<_> = self
            .nodes
            .controller
            .partitions
            .values()
            .filter(|p| *p.tp.topic == *topic && p.tp.partition >= from)
            .cloned()
            .collect();
        let leaders = self.leaders();
        self.with_ctx(|nodes, ctx| {
            nodes.controller.publish(states, ctx);
            for p in nodes.producers.values_mut() {
                p.learn(&leaders);
            }
        });
        Ok(())
    }

    /// Distinct keys produced to `topic` whose partition differs between
    /// `from` and `to` partitions, in the order they were first produced.
    fn moved_keys(&self, topic: &str, from: u32, to: u32) -> Vec<(String, u32, u32)> {
        let mut seen = VecSet::new();
        let mut out = Vec::new();
        let in_topic = |id: &RecordId| {
            self.nodes
                .producers
                .values()
                .any(|p| p.fates.get(id).is_some_and(|f| f.topic() == topic))
        };
        for (id, (key, _)) in &self.record_values {
            let Some(key) = key else { continue };
            if !in_topic(id) || !seen.insert(key.clone()) {
                continue;
            }
            let old = super::murmur2::partition_for_key(key.as_bytes(), from);
            let new = super::murmur2::partition_for_key(key.as_bytes(), to);
            if old != new {
                out.push((key.to_string(), old, new));
            }
        }
        out
    }

    fn auto_produce_next(&mut self, producer: u32, generation: u64) {
        let Some(stream) = self.auto.get_mut(&producer) else {
            return;
        };
        if stream.generation != generation {
            return;
        }
        stream.sent += 1;
        let cmd = Command::Produce {
            producer,
            topic: stream.topic.clone(),
            records: vec![super::command::RecordSpec {
                key: None,
                value: format!("auto-{}", stream.sent),
                partition: None,
            }],
        };
        let at = self.now + stream.interval_ms;
        // A topic deleted or a producer gone ends the stream quietly.
        if self.apply(cmd).is_ok() {
            self.push(
                at,
                Item::AutoProduce {
                    producer,
                    generation,
                },
            );
        }
    }

    pub fn broker_status(&self, b: BrokerId) -> Option<BrokerStatus> {
        self.nodes.brokers.get(&b).map(|b| b.status)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::digest::trace_digest;
    use crate::engine::scenario::Scenario;

    #[test]
    fn a_checkpoint_is_a_clone_without_the_trace() {
        let text = include_str!("../../scenarios/acks1-leader-fails-before-replication.json");
        let mut sim = Scenario::from_json(text).unwrap().build().unwrap();
        sim.run_until(5_000);
        let mut copy = sim.checkpoint();
        let mut full = sim.clone();
        assert!(!sim.trace.is_empty() && copy.trace.is_empty());
        assert_eq!(trace_digest(&full.trace), trace_digest(&sim.trace));
        for s in [&mut sim, &mut copy, &mut full] {
            s.trace.clear();
            s.run_until(20_000);
        }
        assert_eq!(trace_digest(&copy.trace), trace_digest(&sim.trace));
        assert_eq!(trace_digest(&full.trace), trace_digest(&sim.trace));
        assert_eq!(copy.nodes, sim.nodes);
    }
}
