//! What the page is playing: one or more lanes (a scenario and its
//! timeline each) kept on one clock, so acks=0, acks=1 and acks=all — or
//! Kafka with and without leader epochs — run side by side on the same seed
//! and the same faults. A command from the page goes to every lane or to
//! none: it is checked against all of them first.
//!
//! Plain Rust, tested on the host; the Yew reducer owns one `Session`.

#[cfg(test)]
use serde::Serialize;
use serde_json::Value;

use super::preset::PresetId;
use crate::engine::command::{Command, CommandError};
use crate::engine::event::TimedEvent;
use crate::engine::json_read::{FromJson, Obj, Read};
use crate::engine::json_write::{Fields, ToJson};
use crate::engine::scenario::Scenario;
use crate::engine::sort;
use crate::engine::timeline::{Action, Timeline};
use crate::engine::types::TimeMs;

/// Restoring a link or a save never runs further than this many steps per
/// lane, so a corrupted cursor cannot freeze the tab.
pub const MAX_RESTORE_STEPS: u64 = 2_000_000;

#[derive(Clone, Debug)]
pub struct Lane {
    pub label: String,
    pub scenario: Scenario,
    pub timeline: Timeline,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub preset: Option<PresetId>,
    pub lanes: Vec<Lane>,
}

/// A point of interest on the time slider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub at_ms: TimeMs,
    pub lane: usize,
    pub seq: u64,
    pub category: &'static str,
}

/// Everything needed to rebuild a session exactly: what a share link,
/// an exported file and the autosave hold. Written and read by hand
/// (`json_write`, `json_read`); serde's derive, for the tests, writes the
/// same bytes.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize))]
pub struct Saved {
    pub version: u32,
    pub preset: Option<String>,
    pub lanes: Vec<SavedLane>,
    /// The cursor: the clock, and for a single lane the exact step.
    pub now_ms: TimeMs,
    pub pos: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize))]
pub struct SavedLane {
    pub label: String,
    pub scenario: Scenario,
    pub actions: Vec<Action>,
}

impl FromJson for Saved {
    fn from_json(v: Value) -> Read<Saved> {
        let mut o = Obj::new(
            v,
            "struct Saved",
            &["version", "preset", "lanes", "now_ms", "pos"],
        )?;
        let value = Saved {
            version: o.take("version"),
            preset: o.or_default("preset"),
            lanes: o.take("lanes"),
            now_ms: o.take("now_ms"),
            pos: o.or_default("pos"),
        };
        o.done(value)
    }
}

impl FromJson for SavedLane {
    fn from_json(v: Value) -> Read<SavedLane> {
        let mut o = Obj::new(v, "struct SavedLane", &["label", "scenario", "actions"])?;
        let value = SavedLane {
            label: o.take("label"),
            scenario: o.require("scenario")?,
            actions: o.or_default("actions"),
        };
        o.done(value)
    }
}

impl ToJson for Saved {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("version", &self.version)
            .field("preset", &self.preset)
            .field("lanes", &self.lanes)
            .field("now_ms", &self.now_ms)
            .field("pos", &self.pos);
        o.close();
    }
}

impl ToJson for SavedLane {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("label", &self.label)
            .field("scenario", &self.scenario)
            .field("actions", &self.actions);
        o.close();
    }
}

pub const SAVED_VERSION: u32 = 1;

impl Session {
    pub fn from_preset(preset: PresetId) -> Result<Session, CommandError> {
        let lanes = preset
            .lanes()?
            .into_iter()
            .map(|l| {
                Ok(Lane {
                    timeline: Timeline::new(l.scenario.build()?),
                    label: l.label,
                    scenario: l.scenario,
                })
            })
            .collect::<Result<_, CommandError>>()?;
        Ok(Session {
            preset: Some(preset),
            lanes,
        })
    }

    /// A single lane from a scenario file (import).
    pub fn from_scenario(scenario: Scenario) -> Result<Session, CommandError> {
        let label = scenario.name.clone().unwrap_or_else(|| "scenario".into());
        Ok(Session {
            preset: None,
            lanes: vec![Lane {
                timeline: Timeline::new(scenario.build()?),
                label,
                scenario,
            }],
        })
    }

    pub fn saved(&self) -> Saved {
        Saved {
            version: SAVED_VERSION,
            preset: self.preset.map(|p| p.code().to_string()),
            lanes: self
                .lanes
                .iter()
                .map(|l| SavedLane {
                    label: l.label.clone(),
                    scenario: l.scenario.clone(),
                    actions: l.timeline.actions().to_vec(),
                })
                .collect(),
            now_ms: self.now(),
            pos: (self.lanes.len() == 1).then(|| self.lanes[0].timeline.pos()),
        }
    }

    /// Rebuilds a saved session; the error names the field at fault.
    pub fn restore(saved: &Saved) -> Result<Session, CommandError> {
        if saved.version != SAVED_VERSION {
            return Err(CommandError::new(
                "version",
                format!(
                    "unsupported version {}; this build reads version {SAVED_VERSION}",
                    saved.version
                ),
            ));
        }
        if saved.lanes.is_empty() || saved.lanes.len() > 4 {
            return Err(CommandError::new("lanes", "between 1 and 4 lanes"));
        }
        let preset =
            match &saved.preset {
                None => None,
                Some(code) => Some(PresetId::from_code(code).ok_or_else(|| {
                    CommandError::new("preset", format!("unknown preset '{code}'"))
                })?),
            };
        let mut lanes = Vec::new();
        for (i, l) in saved.lanes.iter().enumerate() {
            let at = format!("lanes[{i}]");
            let sim = l
                .scenario
                .build()
                .map_err(|e| e.within(&format!("{at}.scenario")))?;
            let timeline = Timeline::replay(sim, &l.actions).map_err(|e| e.within(&at))?;
            lanes.push(Lane {
                label: l.label.clone(),
                scenario: l.scenario.clone(),
                timeline,
            });
        }
        let mut session = Session { preset, lanes };
        for (i, lane) in session.lanes.iter_mut().enumerate() {
            let t = &mut lane.timeline;
            let bad_cursor =
                || CommandError::new("now_ms", "the cursor is beyond what can be replayed");
            let ok = match saved.pos {
                Some(pos) if i == 0 && saved.lanes.len() == 1 => {
                    run_bounded(t, |t| t.pos() < pos && t.horizon() < pos)?;
                    t.seek(pos);
                    t.pos() == pos && saved.now_ms >= t.now()
                }
                _ => true,
            };
            if !ok {
                return Err(bad_cursor());
            }
            run_bounded(t, |t| {
                t.sim().next_time().is_some_and(|n| n <= saved.now_ms)
            })?;
            t.advance_to(saved.now_ms);
        }
        Ok(session)
    }

    /// The shared clock (every lane is kept at the same time).
    pub fn now(&self) -> TimeMs {
        self.lanes[0].timeline.now()
    }

    pub fn is_single(&self) -> bool {
        self.lanes.len() == 1
    }

    /// The end of the known history, for the slider.
    pub fn horizon_ms(&self) -> TimeMs {
        self.lanes
            .iter()
            .map(|l| l.timeline.time_at(l.timeline.horizon()))
            .max()
            .unwrap_or(0)
            .max(self.now())
    }

    /// One step forwards: one engine event with a single lane; with several,
    /// to the next moment anything happens in any lane.
    pub fn step(&mut self) -> bool {
        if self.is_single() {
            return self.lanes[0].timeline.step();
        }
        match self.next_time() {
            Some(t) => {
                self.advance_to(t.max(self.now()));
                true
            }
            None => false,
        }
    }

    /// One step backwards (the previous moment anything happened).
    pub fn step_back(&mut self) -> bool {
        if self.is_single() {
            return self.lanes[0].timeline.step_back();
        }
        let now = self.now();
        let prev = self
            .lanes
            .iter()
            .filter_map(|l| {
                let t = &l.timeline;
                (0..=t.pos())
                    .rev()
                    .map(|p| t.time_at(p))
                    .find(|&at| at < now)
            })
            .max();
        match prev {
            Some(t) => {
                self.seek_time(t);
                true
            }
            None => false,
        }
    }

    pub fn advance_to(&mut self, t: TimeMs) {
        for l in &mut self.lanes {
            l.timeline.advance_to(t);
        }
    }

    pub fn seek_time(&mut self, t: TimeMs) {
        for l in &mut self.lanes {
            l.timeline.seek_time(t);
        }
    }

    /// Jumps to where the event `seq` of lane `lane` happened.
    pub fn seek_event(&mut self, lane: usize, seq: u64) {
        let Some(l) = self.lanes.get(lane) else {
            return;
        };
        let Some(pos) = l.timeline.pos_of_event(seq) else {
            return;
        };
        if self.is_single() {
            self.lanes[0].timeline.seek(pos);
        } else {
            let t = l.timeline.time_at(pos);
            self.seek_time(t);
        }
    }

    /// Applies a command to every lane, or to none if any lane refuses it.
    pub fn act(&mut self, command: Command) -> Result<(), CommandError> {
        for l in &self.lanes {
            l.timeline.sim().validate(&command)?;
        }
        for l in &mut self.lanes {
            l.timeline.act(command.clone())?;
        }
        Ok(())
    }

    /// Faults, elections, losses … in every lane's known history.
    pub fn markers(&self) -> Vec<Marker> {
        let mut out: Vec<Marker> = self
            .lanes
            .iter()
            .enumerate()
            .flat_map(|(i, l)| {
                l.timeline.markers().map(move |e| Marker {
                    at_ms: e.at_ms,
                    lane: i,
                    seq: e.seq,
                    category: e.event.category(),
                })
            })
            .collect();
        sort::sort_by_key(&mut out, |m| (m.at_ms, m.lane, m.seq));
        out
    }

    /// Moves to the next marker after the clock, running forwards (at most
    /// `limit_ms` of simulated time) if the known history has none.
    pub fn jump_to_next_marker(&mut self, limit_ms: TimeMs) -> bool {
        let deadline = self.now().saturating_add(limit_ms);
        let starts: Vec<usize> = self.lanes.iter().map(|l| l.timeline.past().len()).collect();
        loop {
            let found = self
                .lanes
                .iter()
                .zip(&starts)
                .enumerate()
                .filter_map(|(i, (l, &start))| {
                    l.timeline.history()[start..]
                        .iter()
                        .find(|e| e.event.is_marker())
                        .map(|e| (e.at_ms, i, e.seq))
                })
                .min();
            if let Some((_, lane, seq)) = found {
                self.seek_event(lane, seq);
                return true;
            }
            let t = self.now();
            if t >= deadline || !self.step() {
                return false;
            }
        }
    }

    /// Events of one lane up to the cursor.
    pub fn past(&self, lane: usize) -> &[TimedEvent] {
        self.lanes[lane].timeline.past()
    }
}

fn run_bounded(t: &mut Timeline, more: impl Fn(&Timeline) -> bool) -> Result<(), CommandError> {
    while more(t) {
        if t.pos() >= MAX_RESTORE_STEPS || !t.step() {
            return Err(CommandError::new(
                "now_ms",
                format!("the cursor is beyond what can be replayed ({MAX_RESTORE_STEPS} steps)"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::event::Event;
    use crate::engine::producer::Fate;
    use crate::engine::types::RecordId;

    fn fates(l: &Lane) -> Vec<(String, &'static str)> {
        let sim = l.timeline.sim();
        sim.nodes.producers[&1]
            .fates
            .iter()
            .map(|(id, f): (&RecordId, &Fate)| {
                let v = sim.record_values[id].1.to_string();
                let f = match f {
                    Fate::Acknowledged { .. } => "acked",
                    Fate::Failed { .. } => "failed",
                    Fate::Unacknowledged { .. } => "unknown",
                    Fate::Pending { .. } | Fate::Blocked { .. } => "pending",
                    Fate::Rejected { .. } => "failed",
                };
                (v, f)
            })
            .collect()
    }

    fn lost(l: &Lane) -> usize {
        l.timeline
            .past()
            .iter()
            .filter(|e| matches!(e.event, Event::AcknowledgedRecordLost { .. }))
            .count()
    }

    #[test]
    fn the_acks_demo_shows_what_each_mode_loses() {
        let mut s = Session::from_preset(PresetId::Acks).unwrap();
        s.advance_to(15_000);
        let [a0, a1, all] = &s.lanes[..] else {
            panic!("three lanes")
        };
        assert_eq!(
            lost(a0),
            0,
            "acks=0 never learns, so nothing acknowledged is lost"
        );
        assert_eq!(lost(a1), 2, "acks=1 loses the acknowledged r1 and r2");
        assert_eq!(lost(all), 0, "acks=all loses nothing");
        assert!(fates(a0).iter().all(|(_, f)| *f == "unknown"));
        assert!(
            fates(all).iter().all(|(_, f)| *f == "acked"),
            "{:?}",
            fates(all)
        );
    }

    #[test]
    fn lanes_stay_on_one_clock_through_steps_and_back() {
        let mut s = Session::from_preset(PresetId::Acks).unwrap();
        for _ in 0..50 {
            s.step();
        }
        let now = s.now();
        assert!(s.lanes.iter().all(|l| l.timeline.now() == now));
        s.step_back();
        assert!(s.now() < now);
        assert!(s.lanes.iter().all(|l| l.timeline.now() == s.now()));
    }

    #[test]
    fn a_command_refused_by_one_lane_reaches_none() {
        let mut s = Session::from_preset(PresetId::Acks).unwrap();
        s.advance_to(2_500);
        // Broker 1 crashed at 2010 in every lane: crashing it again fails.
        let err = s.act(Command::Crash { broker: 1 }).unwrap_err();
        assert!(err.message.contains("already down"));
        assert!(s.lanes.iter().all(|l| l.timeline.actions().is_empty()));
    }

    #[test]
    fn saved_sessions_round_trip_through_json() {
        let mut s = Session::from_preset(PresetId::Isr).unwrap();
        s.advance_to(4_000);
        s.act(Command::Crash { broker: 2 }).unwrap();
        s.advance_to(9_000);
        s.step();
        s.step();
        let saved = s.saved();
        let json = crate::engine::json_write::to_string(&saved);
        let back: Saved = crate::engine::json_read::parse(&json).unwrap();
        let r = Session::restore(&back).unwrap();
        assert_eq!(r.now(), s.now());
        assert_eq!(r.lanes[0].timeline.pos(), s.lanes[0].timeline.pos());
        assert_eq!(
            r.lanes[0].timeline.sim().nodes,
            s.lanes[0].timeline.sim().nodes
        );
    }

    #[test]
    fn a_corrupt_save_is_refused_with_the_field() {
        let s = Session::from_preset(PresetId::Isr).unwrap();
        let mut saved = s.saved();
        saved.now_ms = u64::MAX;
        let err = Session::restore(&saved).unwrap_err();
        assert_eq!(err.field, "now_ms");
        let mut saved = s.saved();
        saved.lanes[0].scenario.brokers = crate::engine::scenario::BrokerList::Count(0);
        let err = Session::restore(&saved).unwrap_err();
        assert_eq!(err.field, "lanes[0].scenario.brokers");
    }

    #[test]
    fn markers_and_jumping_to_the_next_one() {
        let mut s = Session::from_preset(PresetId::LeaderEpoch).unwrap();
        assert!(s.jump_to_next_marker(60_000));
        assert_eq!(s.now(), 1_050, "the first marker is broker 1's crash");
        assert!(!s.markers().is_empty());
    }
}
