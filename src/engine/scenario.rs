//! The scenario file (JSON, `"version": 1`): a starting cluster, its
//! clients, a timed script of commands and a stop time. Documented in
//! docs/scenario-format.md. Parsing is strict: unknown fields, wrong types
//! and out-of-range values are errors that give the field's path.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::command::{Command, CommandError, ConsumerSpec, ProducerSpec, Setup, TopicSpec};
use super::config::{indexed, scoped, BrokerConfig, ProducerConfig, TopicConfig};
use super::network::NetworkConfig;
use super::sim::Simulation;
use super::txn_manager::ScriptedTransactions;
use super::types::{BrokerId, TimeMs};
use super::vec_map::VecSet;

mod read;
mod write;

pub const FORMAT_VERSION: u32 = 1;

/// Which consumers exist at each step of a script, and which are down:
/// those of `consumers[]` and those the script adds, less those it closes.
/// Steps about a consumer the script adds are checked when they run, like
/// steps about a topic it creates.
struct ScriptedConsumers {
    alive: VecSet<u32>,
    down: VecSet<u32>,
    added: VecSet<u32>,
    closed: VecSet<u32>,
}

impl ScriptedConsumers {
    fn new(sim: &Simulation) -> Self {
        ScriptedConsumers {
            alive: sim.nodes.consumers.keys().copied().collect(),
            down: VecSet::new(),
            added: VecSet::new(),
            closed: VecSet::new(),
        }
    }

    /// Whether the step must wait until it runs to be checked, or why it
    /// cannot happen at this point of the script.
    fn check(&mut self, cmd: &Command) -> Result<bool, CommandError> {
        let Some(id) = cmd.consumer() else {
            return Ok(false);
        };
        let refuse = |message: String| Err(CommandError::new("consumer", message));
        if self.closed.contains(&id) {
            return refuse(format!(
                "consumer {id} is closed at this point of the script (a closed consumer's id \
                 is not reused)"
            ));
        }
        if let Command::AddConsumer { .. } = cmd {
            if !self.alive.insert(id) {
                return refuse(format!("consumer id {id} already exists"));
            }
            self.added.insert(id);
            return Ok(false);
        }
        if !self.alive.contains(&id) {
            // Unknown: the usual check says so.
            return Ok(false);
        }
        let down = self.down.contains(&id);
        match cmd {
            Command::CrashConsumer { .. } if down => {
                return refuse(format!(
                    "consumer {id} is already down at this point of the script"
                ))
            }
            Command::CrashConsumer { .. } => {
                self.down.insert(id);
            }
            Command::RestartConsumer { .. } if !self.down.remove(&id) => {
                return refuse(format!(
                    "consumer {id} is running at this point of the script; crash it first"
                ))
            }
            Command::PauseConsumer { .. } | Command::CloseConsumer { .. } if down => {
                return refuse(format!(
                    "consumer {id} is down at this point of the script; restart it first"
                ))
            }
            Command::CloseConsumer { .. } => {
                self.alive.remove(&id);
                self.closed.insert(id);
            }
            _ => {}
        }
        Ok(self.added.contains(&id))
    }
}

/// The types of a scenario file, read and written by hand (`read.rs`,
/// `write.rs`, for the page's size), field for field. The derive stays for
/// tests and the property tests' failure files, and writes the same bytes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BrokerList {
    Count(u32),
    Ids(Vec<BrokerId>),
}

/// No brokers: what stands in while a file that fails to read is read on
/// (`json_read::Obj::take`); `setup` refuses it.
impl Default for BrokerList {
    fn default() -> Self {
        BrokerList::Count(0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkFile {
    pub latency_ms: TimeMs,
    pub jitter_ms: TimeMs,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicFile {
    pub name: String,
    pub partitions: i64,
    pub replication_factor: i64,
    pub config: BTreeMap<String, Value>,
    pub replica_assignment: Option<Vec<Vec<BrokerId>>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProducerFile {
    pub id: u32,
    pub config: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsumerFile {
    pub id: u32,
    /// Partitions as Kafka names them: `"orders-0"` (`consumer.assign`).
    pub assign: Vec<String>,
    /// Topics (`consumer.subscribe`): partitions come from the group.
    pub subscribe: Vec<String>,
    pub config: BTreeMap<String, Value>,
}

/// A step is one object: `{"at_ms": 100, "action": "crash", "broker": 1}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub at_ms: TimeMs,
    #[serde(flatten)]
    pub command: Command,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    pub version: u32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub seed: u64,
    pub brokers: BrokerList,
    pub broker_config: BTreeMap<String, Value>,
    pub network: Option<NetworkFile>,
    pub topics: Vec<TopicFile>,
    pub producers: Vec<ProducerFile>,
    pub consumers: Vec<ConsumerFile>,
    pub script: Vec<Step>,
    pub stop_at_ms: TimeMs,
}

impl Scenario {
    /// Parses JSON; errors name the path of the offending field.
    pub fn from_json(text: &str) -> Result<Scenario, CommandError> {
        Scenario::from_value(super::json_path::parse_value(text)?)
    }

    /// Reads a parsed file, refusing another format version.
    pub fn from_value(v: Value) -> Result<Scenario, CommandError> {
        let scenario = <Scenario as super::json_read::FromJson>::from_json(v)?;
        if scenario.version != FORMAT_VERSION {
            return Err(CommandError::new(
                "version",
                format!(
                    "unsupported scenario version {}; this build reads version {FORMAT_VERSION}",
                    scenario.version
                ),
            ));
        }
        Ok(scenario)
    }

    pub fn setup(&self) -> Result<Setup, CommandError> {
        let brokers = match &self.brokers {
            BrokerList::Count(n) => {
                if *n == 0 || *n > 12 {
                    return Err(CommandError::new(
                        "brokers",
                        format!("between 1 and 12 brokers (got {n})"),
                    ));
                }
                (1..=*n as BrokerId).collect()
            }
            BrokerList::Ids(ids) => ids.clone(),
        };
        let broker_config = BrokerConfig::from_map(&self.broker_config)?;
        let network = self
            .network
            .as_ref()
            .map_or_else(NetworkConfig::default, |n| NetworkConfig {
                latency_ms: n.latency_ms,
                jitter_ms: n.jitter_ms,
            });
        for (name, v) in [
            ("network.latency_ms", network.latency_ms),
            ("network.jitter_ms", network.jitter_ms),
        ] {
            if v > 60_000 {
                return Err(CommandError::new(
                    name,
                    format!("{v} ms is more than the 60000 ms allowed"),
                ));
            }
        }
        let mut topics = Vec::new();
        for (i, t) in self.topics.iter().enumerate() {
            topics.push(TopicSpec {
                name: t.name.clone(),
                partitions: t.partitions,
                replication_factor: t.replication_factor,
                config: TopicConfig::from_map(&indexed("topics", i, ".config"), &t.config)?,
                replica_assignment: t.replica_assignment.clone(),
            });
        }
        let mut producers = Vec::new();
        for (i, p) in self.producers.iter().enumerate() {
            if self.producers[..i].iter().any(|o| o.id == p.id) {
                return Err(CommandError::new(
                    indexed("producers", i, ".id"),
                    format!("duplicate producer id {}", p.id),
                ));
            }
            producers.push(ProducerSpec {
                id: p.id,
                config: ProducerConfig::from_map(&indexed("producers", i, ".config"), &p.config)?,
            });
        }
        let mut consumers = Vec::new();
        for (i, c) in self.consumers.iter().enumerate() {
            if self.consumers[..i].iter().any(|o| o.id == c.id) {
                return Err(CommandError::new(
                    indexed("consumers", i, ".id"),
                    format!("duplicate consumer id {}", c.id),
                ));
            }
            let spec = ConsumerSpec::parse(c.id, &c.assign, &c.subscribe, &c.config)
                .map_err(|e| e.within(&indexed("consumers", i, "")))?;
            consumers.push(spec);
        }
        Ok(Setup {
            seed: self.seed,
            brokers,
            broker_config,
            network,
            topics,
            producers,
            consumers,
        })
    }

    /// Builds the simulation with the whole script scheduled. Every script
    /// step is validated against the cluster it will run on.
    pub fn build(&self) -> Result<Simulation, CommandError> {
        let setup = self.setup()?;
        let mut sim = Simulation::new(&setup)?;
        let mut last = 0;
        // Which brokers the script has taken down so far, to check
        // crash/shutdown/restart in order.
        let mut down = VecSet::new();
        let mut transactions = ScriptedTransactions::default();
        let mut consumers = ScriptedConsumers::new(&sim);
        for (i, step) in self.script.iter().enumerate() {
            let known = |b: &BrokerId| sim.nodes.brokers.contains_key(b);
            let out_of_order = match &step.command {
                Command::Crash { broker } | Command::Shutdown { broker } if known(broker) => {
                    (!down.insert(*broker)).then(|| {
                        format!("broker {broker} is already down at this point of the script")
                    })
                }
                Command::Restart { broker, .. } if known(broker) => (!down.remove(broker))
                    .then(|| format!("broker {broker} is running; crash or shut it down first")),
                _ => None,
            };
            if let Some(message) = out_of_order {
                return Err(CommandError::new(indexed("script", i, ".broker"), message));
            }
            let at = indexed("script", i, "");
            if step.at_ms < last {
                return Err(CommandError::new(
                    scoped(&at, "at_ms"),
                    "script steps must be in time order",
                ));
            }
            if step.at_ms > self.stop_at_ms {
                return Err(CommandError::new(
                    scoped(&at, "at_ms"),
                    format!("after stop_at_ms ({})", self.stop_at_ms),
                ));
            }
            last = step.at_ms;
            if let Some(checked) = transactions.check(&step.command, &sim) {
                checked.map_err(|e| e.within(&at))?;
            }
            let on_added_consumer = consumers.check(&step.command).map_err(|e| e.within(&at))?;
            // Steps that depend on earlier steps (restart after crash, produce
            // to a topic created by the script) are checked when they run.
            let checked = match on_added_consumer {
                true => Ok(()),
                false => step.command.validate_with(&sim, false),
            };
            if let Err(e) = checked {
                let depends_on_script = matches!(
                    step.command,
                    Command::Restart { .. }
                        | Command::Crash { .. }
                        | Command::Shutdown { .. }
                        | Command::RestartConsumer { .. }
                        | Command::CrashConsumer { .. }
                        | Command::PauseConsumer { .. }
                ) || self.script[..i].iter().any(|s| {
                    matches!(
                        s.command,
                        Command::CreateTopic { .. } | Command::AddPartitions { .. }
                    )
                });
                if !depends_on_script || e.message.starts_with("unknown") {
                    return Err(e.within(&at));
                }
            }
            sim.schedule_unchecked(step.at_ms, step.command.clone());
        }
        Ok(sim)
    }

    /// Runs to `stop_at_ms`.
    pub fn run(&self) -> Result<Simulation, CommandError> {
        let mut sim = self.build()?;
        sim.run_until(self.stop_at_ms);
        Ok(sim)
    }
}
