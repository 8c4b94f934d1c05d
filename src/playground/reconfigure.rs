//! "What if this producer had another partitioner?" A producer's config is
//! fixed when it is created (`new KafkaProducer(props)`), so a change runs
//! the session again from 0 ms: the same seed and script, the learner's
//! actions so far at the moments they happened, and back to the same
//! moment — the same history under the other setting.

use serde_json::Value;

use super::session::{Lane, Session};
use crate::engine::command::CommandError;
use crate::engine::timeline::Timeline;

/// A config change for one producer: `(name, Some(value))` sets, `None` removes.
pub type ConfigChange<'a> = (&'a str, Option<Value>);

impl Session {
    /// The same session with producer `producer`'s config changed in every
    /// lane, at the same moment. Nothing changes on error: the message says
    /// which setting broke which rule (the field starts at `config.`).
    pub fn with_producer_config(
        &self,
        producer: u32,
        changes: &[ConfigChange],
    ) -> Result<Session, CommandError> {
        let now = self.now();
        let mut lanes = Vec::with_capacity(self.lanes.len());
        for lane in &self.lanes {
            let mut scenario = lane.scenario.clone();
            let p = scenario
                .producers
                .iter_mut()
                .find(|p| p.id == producer)
                .ok_or_else(|| {
                    CommandError::new("producer", format!("unknown producer id {producer}"))
                })?;
            for (name, value) in changes {
                match value {
                    Some(v) => p.config.insert(name.to_string(), v.clone()),
                    None => p.config.remove(*name),
                };
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
                label: lane.label.clone(),
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
}
