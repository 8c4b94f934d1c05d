//! Which partition a record goes to, as the Java producer decides
//! (`KafkaProducer.partition`):
//!
//! 1. an explicit partition on the record is used as is;
//! 2. a configured partitioner (`partitioner.class`) decides;
//! 3. a key (unless `partitioner.ignore.keys`) goes to
//!    `toPositive(murmur2(key)) % numPartitions` — every partition counts,
//!    available or not, so a key's partition never moves while the count
//!    stays the same;
//! 4. a record without a key goes to the built-in partitioner's sticky
//!    partition (KIP-794, `BuiltInPartitioner`): one partition per topic
//!    until `batch.size` bytes went there — switching only once the
//!    partition's last batch is full, or at 2 × `batch.size` regardless —
//!    then another one: at random among the partitions whose leader is
//!    known, or, with `partitioner.adaptive.partitioning.enable`, weighted
//!    towards short queues (`load_stats`).
//!
//! For comparison the older behaviours are selectable by class name:
//! `RoundRobinPartitioner` (a per-topic counter over available partitions),
//! `UniformStickyPartitioner` (KIP-480, Kafka 2.4–3.2: keys ignored, a new
//! sticky partition whenever the current one needs a new batch,
//! `onNewBatch`), and the pre-2.4 `DefaultPartitioner` (keys hashed, null
//! keys round-robin). The accumulator (`producer/append.rs`) tells the
//! sticky ones about appends and new batches. A learner's own rule-based
//! partitioner (`playground.partitioner.rules`, e.g. the seed notes' "VIP keys
//! to partitions 0–7, everyone else to 8–9") stands in for a custom class.
//!
//! All randomness comes from the simulation's seeded RNG.

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

use super::config::{scoped, ConfigError};
use super::murmur2::{murmur2, to_positive};
use super::rng::Rng;
use super::types::TimeMs;
use crate::engine::sort;
use crate::engine::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `partitioner.class` unset: the built-in partitioner (KIP-794).
    BuiltIn,
    /// `org.apache.kafka.clients.producer.RoundRobinPartitioner`.
    RoundRobin,
    /// `org.apache.kafka.clients.producer.UniformStickyPartitioner` (KIP-480).
    UniformSticky,
    /// Kafka before 2.4: `DefaultPartitioner` with round-robin null keys.
    LegacyDefault,
    /// `playground.partitioner.rules`.
    Rules(Vec<Rule>),
}

/// Keys starting with `key_prefix` (every key if `None`) go to `partitions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub key_prefix: Option<String>,
    pub partitions: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionerConfig {
    pub kind: Kind,
    pub ignore_keys: bool,
    /// `partitioner.adaptive.partitioning.enable`.
    pub adaptive: bool,
    /// `partitioner.availability.timeout.ms` (0: off).
    pub availability_timeout_ms: TimeMs,
}

/// The class names `partitioner.class` accepts (short names work too).
const CLASSES: [(&str, &str); 3] = [
    (
        "org.apache.kafka.clients.producer.RoundRobinPartitioner",
        "RoundRobinPartitioner",
    ),
    (
        "org.apache.kafka.clients.producer.UniformStickyPartitioner",
        "UniformStickyPartitioner",
    ),
    (
        "org.apache.kafka.clients.producer.internals.DefaultPartitioner",
        "DefaultPartitioner",
    ),
];

impl PartitionerConfig {
    /// Reads `partitioner.class` and `playground.partitioner.rules` (already
    /// taken from the config map); errors name the field.
    pub fn parse(
        scope: &str,
        class: Option<&Value>,
        rules: Option<&Value>,
        ignore_keys: bool,
    ) -> Result<Self, ConfigError> {
        let kind = match (class, rules) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    scoped(scope, "playground.partitioner.rules"),
                    "rules replace partitioner.class; set only one of them",
                ))
            }
            (None, Some(v)) => Kind::Rules(parse_rules(
                &scoped(scope, "playground.partitioner.rules"),
                v,
            )?),
            (Some(v), None) => {
                let name = v.as_str().unwrap_or_default();
                let found = CLASSES
                    .iter()
                    .position(|(long, short)| name == *long || name == *short)
                    .ok_or_else(|| {
                        ConfigError::new(
                            scoped(scope, "partitioner.class"),
                            format!(
                                "Class {v} cannot be found; this playground knows {}",
                                CLASSES.map(|c| c.1).join(", ")
                            ),
                        )
                    })?;
                [Kind::RoundRobin, Kind::UniformSticky, Kind::LegacyDefault][found].clone()
            }
            (None, None) => Kind::BuiltIn,
        };
        Ok(PartitionerConfig {
            kind,
            ignore_keys,
            adaptive: true,
            availability_timeout_ms: 0,
        })
    }

    /// Whether the built-in partitioner weights by queue sizes: only it
    /// does, as in `KafkaProducer` (`partitioner == null &&
    /// partitioner.adaptive.partitioning.enable`).
    pub fn adaptive(&self) -> bool {
        self.adaptive && self.kind == Kind::BuiltIn
    }

    /// Which sticky logic places a record with this key, if any.
    pub fn sticky(&self, key: Option<&str>) -> Option<Sticky> {
        let keyless = key.is_none() || self.ignore_keys;
        match self.kind {
            Kind::BuiltIn if keyless => Some(Sticky::BuiltIn),
            Kind::UniformSticky => Some(Sticky::PerBatch),
            _ => None,
        }
    }

    /// The highest partition a rule names, to check against a topic.
    pub fn max_rule_partition(&self) -> Option<u32> {
        match &self.kind {
            Kind::Rules(rules) => rules
                .iter()
                .flat_map(|r| r.partitions.iter().copied())
                .max(),
            _ => None,
        }
    }
}

fn parse_rules(field: &str, v: &Value) -> Result<Vec<Rule>, ConfigError> {
    let err = |i: Option<usize>, m: &str| {
        let f = i.map_or(field.to_string(), |i| format!("{field}[{i}]"));
        ConfigError::new(f, m.to_string())
    };
    let list = v
        .as_array()
        .filter(|l| !l.is_empty())
        .ok_or_else(|| err(None, "expected a list of rules like [{\"key_prefix\": \"VIP\", \"partitions\": \"0-7\"}, {\"partitions\": \"8-9\"}]"))?;
    let mut rules = Vec::new();
    for (i, r) in list.iter().enumerate() {
        let obj = r
            .as_object()
            .ok_or_else(|| err(Some(i), "expected an object"))?;
        if let Some(k) = obj
            .keys()
            .find(|k| *k != "key_prefix" && *k != "partitions")
        {
            return Err(err(
                Some(i),
                &format!("unknown field '{k}': use key_prefix and partitions"),
            ));
        }
        let key_prefix = match obj.get("key_prefix") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(err(Some(i), "key_prefix must be text")),
        };
        let partitions = obj
            .get("partitions")
            .and_then(Value::as_str)
            .and_then(parse_ranges)
            .ok_or_else(|| err(Some(i), "partitions must be like \"0-7\" or \"8,9\""))?;
        rules.push(Rule {
            key_prefix,
            partitions,
        });
    }
    if rules.last().is_some_and(|r| r.key_prefix.is_some()) {
        return Err(err(
            Some(rules.len() - 1),
            "the last rule needs no key_prefix: it takes every key the others do not",
        ));
    }
    Ok(rules)
}

/// `"0-7"`, `"8,9"`, `"0-2,5"` → the partitions, sorted and distinct.
fn parse_ranges(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                if a > b || b - a > 10_000 {
                    return None;
                }
                out.extend(a..=b);
            }
            None => out.push(part.parse().ok()?),
        }
    }
    sort::sort(&mut out);
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// Which sticky partitioner places a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sticky {
    /// KIP-794 `BuiltInPartitioner`: switches after `batch.size` bytes.
    BuiltIn,
    /// KIP-480 `StickyPartitionCache`: switches on every new batch.
    PerBatch,
}

/// What a producer remembers between records, per topic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionerState {
    /// The sticky partition and the bytes produced to it since the switch.
    sticky: VecMap<Rc<str>, (u32, i64)>,
    /// Round-robin counters (started at a random value, as Kafka's are).
    counters: VecMap<Rc<str>, i32>,
    /// `BuiltInPartitioner.partitionLoadStats`, from the last ready check.
    loads: VecMap<Rc<str>, LoadStats>,
}

/// What the partitioner needs to know about the topic and the record.
pub struct Target<'a> {
    pub topic: &'a str,
    pub key: Option<&'a str>,
    pub partitions: u32,
    /// Partitions whose leader is known (`availablePartitionsForTopic`).
    pub available: &'a [u32],
    pub batch_size: i64,
}

/// KIP-794's weights: a cumulative frequency table over the partitions a
/// new sticky partition may be drawn from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadStats {
    cumulative: Vec<u32>,
    partitions: Vec<u32>,
}

/// `BuiltInPartitioner.updatePartitionLoadStats`. `queues` are the
/// (partition, batches queued) of the partitions that may be chosen —
/// leader known and, with `partitioner.availability.timeout.ms`, not
/// excluded — and `all` how many partitions the accumulator tracks. Each
/// weight is `maxSizePlus1 - queueSize`, so an empty queue weighs most.
/// `None`: draw uniformly (fewer than two partitions, or every queue the
/// same length and none excluded).
pub fn load_stats(queues: &[(u32, u32)], all: usize) -> Option<LoadStats> {
    let max = queues.iter().map(|q| q.1).max()?;
    let all_equal = queues.iter().all(|q| q.1 == queues[0].1);
    if all < 2 || (all_equal && queues.len() == all) {
        return None;
    }
    let mut sum = 0;
    let cumulative = queues
        .iter()
        .map(|q| {
            sum += max + 1 - q.1;
            sum
        })
        .collect();
    Some(LoadStats {
        cumulative,
        partitions: queues.iter().map(|q| q.0).collect(),
    })
}

impl PartitionerState {
    pub fn choose(&mut self, cfg: &PartitionerConfig, t: &Target, rng: &mut Rng) -> u32 {
        let key = t.key.filter(|_| !cfg.ignore_keys);
        match (&cfg.kind, key) {
            (Kind::Rules(rules), _) => by_rule(rules, t.key, rng),
            (Kind::RoundRobin, _) => self.round_robin(t, rng),
            (Kind::UniformSticky, _) => self.per_batch_sticky(t, rng),
            (Kind::BuiltIn | Kind::LegacyDefault, Some(k)) => {
                key_partition(k.as_bytes(), t.partitions).1
            }
            (Kind::LegacyDefault, None) => self.round_robin(t, rng),
            (Kind::BuiltIn, None) => self.builtin_sticky(t, rng),
        }
    }

    /// `BuiltInPartitioner.peekCurrentPartitionInfo`: the topic's sticky
    /// partition, picked first if there is none yet.
    fn builtin_sticky(&mut self, t: &Target, rng: &mut Rng) -> u32 {
        match self.sticky.get(t.topic) {
            Some(&(p, _)) if p < t.partitions => p,
            _ => {
                let p = self.next_partition(t, rng);
                self.sticky.insert(Rc::from(t.topic), (p, 0));
                p
            }
        }
    }

    /// `BuiltInPartitioner.updatePartitionInfo`: `bytes` more went to the
    /// sticky partition. It switches once `batch.size` bytes went there and
    /// `switch` allows it (the partition's last batch is full, so the
    /// switch falls on a batch boundary), and at 2 × `batch.size` anyway.
    /// Returns whether it switched.
    pub fn sticky_appended(&mut self, t: &Target, bytes: i64, switch: bool, rng: &mut Rng) -> bool {
        let Some(entry) = self.sticky.get_mut(t.topic) else {
            return false;
        };
        entry.1 += bytes;
        let (limit, produced) = (t.batch_size.max(1), entry.1);
        let due = (produced >= limit && switch) || produced >= 2 * limit;
        if due {
            let p = self.next_partition(t, rng);
            self.sticky.insert(Rc::from(t.topic), (p, 0));
        }
        due
    }

    /// `BuiltInPartitioner.nextPartition`: one random draw, mapped through
    /// the load stats when there are any, else uniform over the available
    /// partitions (all of them if none is available).
    fn next_partition(&self, t: &Target, rng: &mut Rng) -> u32 {
        let random = to_positive(rng.next_u64() as i32) as u32;
        match self.loads.get(t.topic) {
            Some(s) => {
                let end = *s.cumulative.last().expect("load stats are never empty");
                let weighted = random % end;
                // The first entry strictly greater than the draw.
                let i = s.cumulative.partition_point(|&c| c <= weighted);
                s.partitions[i]
            }
            None if t.available.is_empty() => random % t.partitions,
            None => t.available[random as usize % t.available.len()],
        }
    }

    /// The load stats the next switch uses (`None`: uniform).
    pub fn set_load_stats(&mut self, topic: &Rc<str>, stats: Option<LoadStats>) {
        match stats {
            Some(s) => self.loads.insert(topic.clone(), s),
            None => self.loads.remove(topic),
        };
    }

    /// KIP-480 `StickyPartitionCache.partition`.
    fn per_batch_sticky(&mut self, t: &Target, rng: &mut Rng) -> u32 {
        match self.sticky.get(t.topic) {
            Some(&(p, _)) if p < t.partitions => p,
            _ => self.new_batch(t, None, rng),
        }
    }

    /// KIP-480 `onNewBatch` (`StickyPartitionCache.nextPartition`):
    /// partition `previous` needs a new batch; if it is the sticky one, the
    /// topic moves to another partition. Returns the sticky partition.
    pub fn new_batch(&mut self, t: &Target, previous: Option<u32>, rng: &mut Rng) -> u32 {
        if let Some(&(current, _)) = self.sticky.get(t.topic) {
            if Some(current) != previous && current < t.partitions {
                return current;
            }
        }
        let p = random_partition(t, previous, rng);
        self.sticky.insert(Rc::from(t.topic), (p, 0));
        p
    }

    fn round_robin(&mut self, t: &Target, rng: &mut Rng) -> u32 {
        let counter = self
            .counters
            .entry(Rc::from(t.topic))
            .or_insert_with(|| rng.next_u64() as i32);
        let next = *counter;
        *counter = counter.wrapping_add(1);
        let n = to_positive(next) as u32;
        if t.available.is_empty() {
            n % t.partitions
        } else {
            t.available[(n % t.available.len() as u32) as usize]
        }
    }
}

/// A random partition among the available ones (all if none is), other
/// than `not` when there is a choice.
fn random_partition(t: &Target, not: Option<u32>, rng: &mut Rng) -> u32 {
    let all: Vec<u32> = (0..t.partitions).collect();
    let pool = if t.available.is_empty() {
        &all[..]
    } else {
        t.available
    };
    let choices: Vec<u32> = pool.iter().copied().filter(|&p| Some(p) != not).collect();
    let choices = if choices.is_empty() {
        pool.to_vec()
    } else {
        choices
    };
    choices[rng.below(choices.len() as u64) as usize]
}

fn by_rule(rules: &[Rule], key: Option<&str>, rng: &mut Rng) -> u32 {
    let rule = rules
        .iter()
        .find(|r| match (&r.key_prefix, key) {
            (None, _) => true,
            (Some(p), Some(k)) => k.starts_with(p.as_str()),
            (Some(_), None) => false,
        })
        .expect("the last rule matches every key");
    let i = match key {
        Some(k) => to_positive(murmur2(k.as_bytes())) as usize % rule.partitions.len(),
        None => rng.below(rule.partitions.len() as u64) as usize,
    };
    rule.partitions[i]
}

/// A key's murmur2 hash (signed, as Java prints it) and its partition.
pub fn key_partition(key: &[u8], partitions: u32) -> (i32, u32) {
    let h = murmur2(key);
    (h, to_positive(h) as u32 % partitions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cfg(class: Option<Value>, rules: Option<Value>) -> PartitionerConfig {
        PartitionerConfig::parse("producer", class.as_ref(), rules.as_ref(), false).unwrap()
    }

    fn target<'a>(key: Option<&'a str>, available: &'a [u32]) -> Target<'a> {
        Target {
            topic: "orders",
            key,
            partitions: 6,
            available,
            batch_size: 1000,
        }
    }

    /// Where `n` null-key records of 100 bytes go; `full` says whether the
    /// partition's last batch is full after each append.
    fn sticky_run(n: usize, full: bool, rng: &mut Rng) -> Vec<u32> {
        let c = cfg(None, None);
        let mut s = PartitionerState::default();
        let t = target(None, &[]);
        (0..n)
            .map(|_| {
                let p = s.choose(&c, &t, rng);
                s.sticky_appended(&t, 100, full, rng);
                p
            })
            .collect()
    }

    #[test]
    fn builtin_sticky_stays_until_batch_size_then_switches() {
        let picks = sticky_run(40, true, &mut Rng::new(1));
        // 1000 bytes per partition at 100 bytes a record: runs of ten.
        for run in picks.chunks(10) {
            assert!(run.iter().all(|&p| p == run[0]), "{picks:?}");
        }
        // A batch still filling holds the switch back, up to 2 × batch.size.
        let picks = sticky_run(40, false, &mut Rng::new(1));
        for run in picks.chunks(20) {
            assert!(run.iter().all(|&p| p == run[0]), "{picks:?}");
        }
    }

    #[test]
    fn load_stats_are_kafkas_cumulative_frequency_table() {
        // BuiltInPartitioner's own example: queue sizes 0 3 1 → 4 5 8.
        let s = load_stats(&[(0, 0), (1, 3), (2, 1)], 3).unwrap();
        assert_eq!(s.cumulative, [4, 5, 8]);
        assert_eq!(s.partitions, [0, 1, 2]);
        assert_eq!(load_stats(&[(0, 2), (1, 2)], 2), None, "all equal");
        let excluded = load_stats(&[(0, 2)], 2).unwrap();
        assert_eq!(
            excluded.partitions,
            [0],
            "an excluded partition still counts"
        );
        assert_eq!(load_stats(&[(0, 5)], 1), None, "one partition");
        // Draws 0-3 → partition 0, 4 → 1, 5-7 → 2: about 4 : 1 : 3.
        let mut st = PartitionerState::default();
        st.set_load_stats(&Rc::from("orders"), Some(s));
        let mut rng = Rng::new(3);
        let mut counts = [0u32; 3];
        for _ in 0..8_000 {
            counts[st.next_partition(&target(None, &[]), &mut rng) as usize] += 1;
        }
        for (got, want) in counts.iter().zip([4_000, 1_000, 3_000]) {
            assert!(got.abs_diff(want) < 200, "{counts:?}");
        }
    }

    #[test]
    fn keys_hash_like_the_java_client_unless_ignored() {
        let c = cfg(None, None);
        let mut s = PartitionerState::default();
        let mut rng = Rng::new(1);
        let p = s.choose(&c, &target(Some("서울"), &[]), &mut rng);
        assert_eq!(p, key_partition("서울".as_bytes(), 6).1);
        let ignore = PartitionerConfig::parse("producer", None, None, true).unwrap();
        let a = s.choose(&ignore, &target(Some("서울"), &[]), &mut rng);
        let b = s.choose(&ignore, &target(Some("부산"), &[]), &mut rng);
        assert_eq!(a, b, "ignored keys go to the sticky partition");
    }

    #[test]
    fn round_robin_cycles_over_available_partitions() {
        let c = cfg(Some(json!("RoundRobinPartitioner")), None);
        let mut s = PartitionerState::default();
        let mut rng = Rng::new(3);
        let avail = [0, 2, 4];
        let picks: Vec<u32> = (0..6)
            .map(|_| s.choose(&c, &target(Some("k"), &avail), &mut rng))
            .collect();
        assert_eq!(picks[..3], picks[3..]);
        let mut first = picks[..3].to_vec();
        first.sort_unstable();
        assert_eq!(
            first, avail,
            "keys are ignored; every available partition in turn"
        );
    }

    #[test]
    fn kip480_sticky_switches_with_every_new_batch() {
        let c = cfg(
            Some(json!(
                "org.apache.kafka.clients.producer.UniformStickyPartitioner"
            )),
            None,
        );
        let mut s = PartitionerState::default();
        let mut rng = Rng::new(5);
        for _ in 0..20 {
            let a = s.choose(&c, &target(None, &[]), &mut rng);
            let b = s.choose(&c, &target(Some("x"), &[]), &mut rng);
            assert_eq!(a, b, "until a new batch, one partition; keys ignored");
            let next = s.new_batch(&target(None, &[]), Some(a), &mut rng);
            assert_ne!(next, a, "a new batch moves on");
            assert_eq!(s.choose(&c, &target(None, &[]), &mut rng), next);
        }
    }

    #[test]
    fn the_vip_rule_sends_vip_keys_to_eight_of_ten_partitions() {
        let rules = json!([{"key_prefix": "VIP", "partitions": "0-7"}, {"partitions": "8-9"}]);
        let c = cfg(None, Some(rules));
        let mut s = PartitionerState::default();
        let mut rng = Rng::new(9);
        for i in 0..200 {
            let (vip, other) = (format!("VIP-{i}"), format!("user-{i}"));
            for (key, vip_range) in [(&vip, true), (&other, false)] {
                let mut t = target(Some(key), &[]);
                t.partitions = 10;
                assert_eq!(s.choose(&c, &t, &mut rng) < 8, vip_range, "{key}");
            }
        }
        assert_eq!(c.max_rule_partition(), Some(9));
    }

    #[test]
    fn bad_partitioner_configs_name_the_field_and_the_rule() {
        let e = |class: Option<Value>, rules: Option<Value>| {
            PartitionerConfig::parse("producers[0].config", class.as_ref(), rules.as_ref(), false)
                .unwrap_err()
        };
        let x = e(Some(json!("com.example.Mine")), None);
        assert_eq!(x.field, "producers[0].config.partitioner.class");
        assert!(x.message.contains("cannot be found"), "{}", x.message);
        let x = e(
            None,
            Some(json!([{"key_prefix": "VIP", "partitions": "0-7"}])),
        );
        assert!(x.message.contains("last rule"), "{}", x.message);
        let x = e(None, Some(json!([{"partitions": "7-2"}])));
        assert_eq!(
            x.field,
            "producers[0].config.playground.partitioner.rules[0]"
        );
        let x = e(None, Some(json!([{"partition": "1"}])));
        assert!(x.message.contains("unknown field"), "{}", x.message);
        let x = e(
            Some(json!("RoundRobinPartitioner")),
            Some(json!([{"partitions": "1"}])),
        );
        assert!(x.message.contains("only one"), "{}", x.message);
    }
}
