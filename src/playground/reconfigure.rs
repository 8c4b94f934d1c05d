//! "What if this producer had another partitioner?", "what if this group
//! used cooperative-sticky, or static membership?" A client's config is
//! fixed when it is created (`new KafkaProducer(props)`, `new
//! KafkaConsumer(props)`), so a change runs the session again from 0 ms:
//! the same seed and script, the learner's actions so far at the moments
//! they happened, and back to the same moment — the same history under the
//! other setting.

use std::collections::BTreeMap;

use serde_json::Value;

use super::session::{Lane, Session};
use crate::engine::command::CommandError;
use crate::engine::scenario::Scenario;
use crate::engine::timeline::Timeline;

/// A config change for one client: `(name, Some(value))` sets, `None` removes.
pub type ConfigChange<'a> = (&'a str, Option<Value>);

/// Whose config a change is for.
#[derive(Clone, Copy)]
enum Client {
    Producer,
    Consumer,
}

impl Client {
    fn name(self) -> &'static str {
        match self {
            Client::Producer => "producer",
            Client::Consumer => "consumer",
        }
    }

    fn config(
        self,
        s: &mut Scenario,
        id: u32,
    ) -> Result<&mut BTreeMap<String, Value>, CommandError> {
        let found = match self {
            Client::Producer => s
                .producers
                .iter_mut()
                .find(|p| p.id == id)
                .map(|p| &mut p.config),
            Client::Consumer => s
                .consumers
                .iter_mut()
                .find(|c| c.id == id)
                .map(|c| &mut c.config),
        };
        let name = self.name();
        found.ok_or_else(|| CommandError::new(name, format!("unknown {name} id {id}")))
    }
}

impl Session {
    /// The same session with producer `producer`'s config changed in every
    /// lane, at the same moment. Nothing changes on error: the message says
    /// which setting broke which rule (the field starts at `config.`).
    pub fn with_producer_config(
        &self,
        producer: u32,
        changes: &[ConfigChange],
    ) -> Result<Session, CommandError> {
        self.reconfigured(Client::Producer, &[(producer, changes.to_vec())], None)
    }

    /// The same session with consumers' configs changed (`(consumer,
    /// changes)`), at the same moment. A setting changes in lane `shown`
    /// (the one the learner is looking at) and in every lane where it has
    /// the same value; a lane where it differs keeps its own, since that is
    /// what the lanes compare (the "Lag and rebalance" lanes differ in
    /// `partition.assignment.strategy`).
    pub fn with_consumer_config(
        &self,
        shown: usize,
        changes: &[(u32, Vec<ConfigChange>)],
    ) -> Result<Session, CommandError> {
        self.reconfigured(Client::Consumer, changes, Some(shown))
    }

    /// Replays every lane with `changes` applied: in every lane, or with
    /// `shown`, in the lanes that agree with that lane on the setting.
    fn reconfigured(
        &self,
        which: Client,
        changes: &[(u32, Vec<ConfigChange>)],
        shown: Option<usize>,
    ) -> Result<Session, CommandError> {
        let now = self.now();
        let mut reference = shown.map(|l| self.lanes[l.min(self.lanes.len() - 1)].scenario.clone());
        let mut lanes = Vec::with_capacity(self.lanes.len());
        for lane in &self.lanes {
            let mut scenario = lane.scenario.clone();
            let mut label = lane.label.clone();
            for (id, list) in changes {
                let agreed = match &mut reference {
                    Some(r) => Some(which.config(r, *id)?.clone()),
                    None => None,
                };
                let config = which.config(&mut scenario, *id)?;
                for (name, value) in list {
                    let old = config.get(*name).cloned();
                    if agreed
                        .as_ref()
                        .is_some_and(|a| a.get(*name) != old.as_ref())
                    {
                        continue;
                    }
                    label = relabel(label, name, old.as_ref(), value.as_ref());
                    match value {
                        Some(v) => config.insert(name.to_string(), v.clone()),
                        None => config.remove(*name),
                    };
                }
            }
            let mut timeline = Timeline::new(scenario.build().map_err(config_field)?);
            // The learner's actions again, each after everything else that
            // happened in its millisecond (as after a seek or play).
            for a in lane.timeline.actions() {
                timeline.advance_to(a.at_ms);
                timeline.act(a.command.clone())?;
            }
            timeline.advance_to(now);
            lanes.push(Lane {
                label,
                scenario,
                timeline,
            });
        }
        Ok(Session {
            preset: self.preset,
            lanes,
        })
    }
}

/// A lane named after the setting it compares (`acks=1`,
/// `partition.assignment.strategy=range`) keeps telling the truth when
/// that setting changes.
fn relabel(label: String, name: &str, old: Option<&Value>, new: Option<&Value>) -> String {
    match (old.and_then(Value::as_str), new.and_then(Value::as_str)) {
        (Some(o), Some(n)) if label == format!("{name}={o}") => format!("{name}={n}"),
        _ => label,
    }
}

/// `producers[1].config.playground.partitioner.rules[0]` →
/// `playground.partitioner.rules[0]`: the learner edits the setting, not
/// the file; a script step the new setting cannot run says only why.
fn config_field(e: CommandError) -> CommandError {
    match e.field.split_once(".config.") {
        Some((_, name)) => CommandError::new(name, e.message),
        None if e.field.starts_with("script[") => CommandError::new("", e.message),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::command::{Command, RecordSpec};
    use crate::engine::event::Event;
    use crate::playground::groups;
    use crate::playground::preset::PresetId;
    use serde_json::json;

    fn produced(s: &Session) -> Vec<String> {
        let sim = s.lanes[0].timeline.sim();
        sim.record_values
            .values()
            .map(|v| v.1.to_string())
            .collect()
    }

    #[test]
    fn a_new_partitioner_replays_the_same_run_with_the_learners_actions() {
        let mut s = Session::from_preset(PresetId::Partitioning).unwrap();
        s.advance_to(2_000);
        s.act(Command::Produce {
            producer: 1,
            topic: "click_log".into(),
            records: vec![RecordSpec {
                key: Some("제주".into()),
                value: "제주-1".into(),
                partition: None,
            }],
        })
        .unwrap();
        s.advance_to(6_000);
        let class = json!("DefaultPartitioner");
        let r = s
            .with_producer_config(1, &[("partitioner.class", Some(class))])
            .unwrap();
        assert_eq!(r.now(), 6_000);
        assert_eq!(produced(&r), produced(&s), "the same records, 제주-1 too");
        let config = &r.lanes[0].scenario.producers[0].config;
        assert_eq!(config["partitioner.class"], "DefaultPartitioner");
        let p = &r.lanes[0].timeline.sim().nodes.producers[&1];
        assert_eq!(
            p.config.partitioner.kind,
            crate::engine::partitioner::Kind::LegacyDefault
        );
        // And back: removing the class restores the built-in partitioner.
        let back = r
            .with_producer_config(1, &[("partitioner.class", None)])
            .unwrap();
        let sim = |s: &Session| s.lanes[0].timeline.sim().nodes.clone();
        assert_eq!(sim(&back), sim(&s), "the very same cluster as before");
    }

    #[test]
    fn a_broken_rule_is_refused_with_the_setting_named() {
        let s = Session::from_preset(PresetId::Partitioning).unwrap();
        let rules = json!([{"key_prefix": "VIP", "partitions": "7-0"}, {"partitions": "8-9"}]);
        let name = "playground.partitioner.rules";
        let e = s
            .with_producer_config(2, &[(name, Some(rules))])
            .unwrap_err();
        assert_eq!(e.field, "playground.partitioner.rules[0]");
        assert!(e.message.contains("\"0-7\""), "{}", e.message);
        let beyond = json!([{"key_prefix": "VIP", "partitions": "0-11"}, {"partitions": "8-9"}]);
        let e = s
            .with_producer_config(2, &[(name, Some(beyond))])
            .unwrap_err();
        assert!(e.message.contains("partitions 0 to 9"), "{e}");
        assert_eq!(e.field, "", "the script step is not the learner's concern");
        let e = s.with_producer_config(9, &[]).unwrap_err();
        assert_eq!(e.field, "producer");
    }

    fn consumer_nodes(s: &Session, lane: usize) -> Vec<crate::engine::consumer::Consumer> {
        let sim = s.lanes[lane].timeline.sim();
        sim.nodes.consumers.values().cloned().collect()
    }

    fn es_members(s: &Session, lane: usize) -> Vec<u32> {
        groups::scenario_members(&s.lanes[lane].scenario, "elasticsearch")
    }

    #[test]
    fn another_assignor_replays_only_the_lane_shown_when_the_lanes_compare_it() {
        let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
        s.advance_to(5_000);
        s.act(Command::PauseConsumer {
            consumer: 4,
            paused: true,
        })
        .unwrap();
        s.advance_to(12_000);
        assert_eq!(es_members(&s, 0), [1, 2, 3]);
        let changes = groups::assignor_changes(&es_members(&s, 0), "roundrobin");
        let r = s.with_consumer_config(0, &changes).unwrap();
        assert_eq!(r.now(), 12_000);
        assert_eq!(r.lanes[0].label, "partition.assignment.strategy=roundrobin");
        assert_eq!(r.lanes[1].label, s.lanes[1].label, "its own value stays");
        let g = |s: &Session, lane: usize| {
            let views = groups::group_views(s.lanes[lane].timeline.sim(), s.past(lane));
            (views[0].protocol.clone(), views[1].protocol.clone())
        };
        let rr = Some("roundrobin".to_string());
        let range = Some("range".to_string());
        assert_eq!(g(&r, 0), (rr, range.clone()), "hadoop keeps range");
        assert_eq!(g(&r, 1), g(&s, 1));
        assert_eq!(
            consumer_nodes(&r, 1),
            consumer_nodes(&s, 1),
            "lane 1 is the same run"
        );
        for lane in 0..2 {
            let actions = r.lanes[lane].timeline.actions();
            assert_eq!(
                actions,
                s.lanes[lane].timeline.actions(),
                "the pause replayed"
            );
            assert!(r.lanes[lane].timeline.sim().nodes.consumers[&4].paused);
        }
        // And back to range: the very same run as before.
        let back = r
            .with_consumer_config(0, &groups::assignor_changes(&[1, 2, 3], "range"))
            .unwrap();
        assert_eq!(back.lanes[0].label, s.lanes[0].label);
        assert_eq!(consumer_nodes(&back, 0), consumer_nodes(&s, 0));
        assert_eq!(g(&back, 0), (range.clone(), range));
    }

    #[test]
    fn static_membership_goes_to_every_lane_that_agrees_and_comes_off_again() {
        let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
        s.advance_to(4_000);
        let on = groups::static_membership_changes("elasticsearch", &es_members(&s, 1), true);
        let r = s.with_consumer_config(1, &on).unwrap();
        for lane in 0..2 {
            let ids: Vec<Option<String>> = consumer_nodes(&r, lane)
                .iter()
                .map(|c| c.config.group_instance_id.clone())
                .collect();
            let want = |c: u32| Some(format!("elasticsearch-{c}"));
            assert_eq!(ids, [want(1), want(2), want(3), None], "lane {lane}");
            let joined = r.past(lane).iter().any(|t| {
                matches!(&t.event, Event::MemberJoined { group_instance_id: Some(i), .. } if i == "elasticsearch-2")
            });
            assert!(joined, "members join with their group.instance.id");
            assert_eq!(r.lanes[lane].label, s.lanes[lane].label);
        }
        let off = groups::static_membership_changes("elasticsearch", &[1, 2, 3], false);
        let back = r.with_consumer_config(0, &off).unwrap();
        for lane in 0..2 {
            assert_eq!(consumer_nodes(&back, lane), consumer_nodes(&s, lane));
            assert!(!back.lanes[lane].scenario.consumers[0]
                .config
                .contains_key(groups::INSTANCE_ID));
        }
    }

    #[test]
    fn a_bad_consumer_setting_is_refused_with_its_name() {
        let s = Session::from_preset(PresetId::LagRebalance).unwrap();
        let e = s
            .with_consumer_config(0, &groups::assignor_changes(&[2], "fancy"))
            .unwrap_err();
        assert_eq!(e.field, "partition.assignment.strategy");
        assert!(e.message.contains("fancy"), "{e}");
        let long = "x".repeat(300);
        let e = s
            .with_consumer_config(0, &[(1, vec![(groups::INSTANCE_ID, Some(json!(long)))])])
            .unwrap_err();
        assert_eq!(e.field, "group.instance.id");
        let e = s.with_consumer_config(0, &[(9, vec![])]).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("consumer", "unknown consumer id 9")
        );
    }
}
