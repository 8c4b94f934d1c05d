//! Time travel over a simulation: step forwards and **backwards**, scrub to
//! any point, and fork history by acting in the past (RaftScope's slider,
//! the Back button The Secret Lives of Data never had).
//!
//! The engine is deterministic and `Clone`, so the past is rebuilt, never
//! stored in full: the timeline keeps the starting simulation, a clone every
//! few hundred steps (a checkpoint) and the log of what the user did. To seek,
//! it clones the nearest checkpoint at or before the target and replays the
//! steps and actions after it. The event history lives here, outside the
//! checkpoints, so cloning never copies it.
//!
//! A *position* counts engine steps since the start. Actions the user takes
//! at position `p` are applied after step `p` and before step `p + 1`;
//! checkpoints hold the state at their position *before* those actions.

use serde::Serialize;
use serde_json::Value;

use super::command::{Command, CommandError};
use super::config::scoped;
use super::event::TimedEvent;
use super::json_read::{FromJson, Obj, Read};
use super::json_write::{Fields, ToJson};
use super::sim::Simulation;
use super::types::TimeMs;

/// Steps between checkpoints at first; doubles whenever more than
/// [`MAX_CHECKPOINTS`] exist, so memory stays bounded on long runs.
const FIRST_INTERVAL: u64 = 256;
const MAX_CHECKPOINTS: usize = 128;

/// Something the user (or a share link) did, pinned to where it happened.
/// Written as one object, `{"pos": …, "at_ms": …, "action": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    /// Steps taken before it.
    pub pos: u64,
    /// The clock when it was taken (play can stop between two steps).
    pub at_ms: TimeMs,
    #[serde(flatten)]
    pub command: Command,
}

impl FromJson for Action {
    fn from_json(v: Value) -> Read<Action> {
        let mut o = Obj::open(v, "an action object")?;
        Ok(Action {
            pos: o.take("pos"),
            at_ms: o.take("at_ms"),
            command: Command::from_obj(o)?,
        })
    }
}

impl ToJson for Action {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("pos", &self.pos).field("at_ms", &self.at_ms);
        self.command.write_fields(&mut o);
        o.close();
    }
}

/// Where position `p` stands: its clock and how many events precede it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    at_ms: TimeMs,
    events_end: usize,
}

#[derive(Clone, Debug)]
pub struct Timeline {
    sim: Simulation,
    pos: u64,
    /// `(position, state before that position's actions)`; the first is the start.
    checkpoints: Vec<(u64, Simulation)>,
    interval: u64,
    actions: Vec<Action>,
    /// Every event of the known history, which reaches past the cursor
    /// after a step back until the user forks it.
    events: Vec<TimedEvent>,
    /// One per known position, `0..=horizon`.
    marks: Vec<Mark>,
    /// Indices into `events` of the teacher-worthy ones (faults, elections,
    /// losses …), kept as events arrive so the slider never rescans history.
    markers: Vec<usize>,
}

impl Timeline {
    pub fn new(mut sim: Simulation) -> Self {
        sim.record_trace = true;
        let events = sim.take_trace();
        let marks = vec![Mark {
            at_ms: sim.now,
            events_end: events.len(),
        }];
        let mut t = Timeline {
            checkpoints: vec![(0, sim.checkpoint())],
            sim,
            pos: 0,
            interval: FIRST_INTERVAL,
            actions: Vec::new(),
            events: Vec::new(),
            marks,
            markers: Vec::new(),
        };
        t.record(events);
        t
    }

    /// The simulation at the cursor (read-only: change it through actions).
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    pub fn pos(&self) -> u64 {
        self.pos
    }

    pub fn now(&self) -> TimeMs {
        self.sim.now
    }

    /// The furthest position known (the end of the current future).
    pub fn horizon(&self) -> u64 {
        self.marks.len() as u64 - 1
    }

    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Events up to the cursor.
    pub fn past(&self) -> &[TimedEvent] {
        &self.events[..self.mark(self.pos).events_end]
    }

    /// Every known event, including the future after a step back.
    pub fn history(&self) -> &[TimedEvent] {
        &self.events
    }

    /// The known history's markers (see [`super::event::Event::is_marker`]).
    pub fn markers(&self) -> impl Iterator<Item = &TimedEvent> {
        self.markers.iter().map(|&i| &self.events[i])
    }

    fn record(&mut self, events: Vec<TimedEvent>) {
        for e in events {
            if e.event.is_marker() {
                self.markers.push(self.events.len());
            }
            self.events.push(e);
        }
    }

    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    fn mark(&self, pos: u64) -> Mark {
        self.marks[pos as usize]
    }

    /// The clock at a known position.
    pub fn time_at(&self, pos: u64) -> TimeMs {
        self.mark(pos.min(self.horizon())).at_ms
    }

    /// The position at which the event with sequence number `seq` happened.
    pub fn pos_of_event(&self, seq: u64) -> Option<u64> {
        let index = self.events.iter().position(|e| e.seq == seq)?;
        Some(self.marks.partition_point(|m| m.events_end <= index) as u64)
    }

    /// One engine step forwards. False when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        if self.pos < self.horizon() {
            self.replay_one();
            return true;
        }
        if !self.sim.step() {
            return false;
        }
        self.pos += 1;
        let events = self.sim.take_trace();
        self.record(events);
        self.marks.push(Mark {
            at_ms: self.sim.now,
            events_end: self.events.len(),
        });
        if self.pos.is_multiple_of(self.interval) {
            self.checkpoints.push((self.pos, self.sim.checkpoint()));
            if self.checkpoints.len() > MAX_CHECKPOINTS {
                self.thin_checkpoints();
            }
        }
        true
    }

    /// Keeps every other checkpoint (always the start) and doubles the spacing.
    fn thin_checkpoints(&mut self) {
        self.interval *= 2;
        let interval = self.interval;
        self.checkpoints.retain(|(p, _)| p.is_multiple_of(interval));
    }

    /// Replays the next known step and the actions taken after it.
    fn replay_one(&mut self) {
        self.sim.step();
        self.sim.take_trace();
        self.pos += 1;
        self.apply_recorded_actions();
    }

    fn apply_recorded_actions(&mut self) {
        let start = self.actions.partition_point(|a| a.pos < self.pos);
        for a in self.actions[start..]
            .iter()
            .take_while(|a| a.pos == self.pos)
        {
            self.sim.now = self.sim.now.max(a.at_ms);
            // Recorded actions were valid when taken; replay is deterministic.
            let _ = self.sim.apply(a.command.clone());
            self.sim.take_trace();
        }
    }

    /// One step backwards.
    pub fn step_back(&mut self) -> bool {
        if self.pos == 0 {
            return false;
        }
        self.seek(self.pos - 1);
        true
    }

    /// Moves the cursor to a known position (clamped to the horizon).
    pub fn seek(&mut self, target: u64) {
        let target = target.min(self.horizon());
        // The nearest checkpoint at or before the target, unless replaying
        // from the cursor is shorter.
        let i = self.checkpoints.partition_point(|(p, _)| *p <= target) - 1;
        let (p, sim) = &self.checkpoints[i];
        if target < self.pos || *p > self.pos {
            self.pos = *p;
            self.sim = sim.checkpoint();
            self.apply_recorded_actions();
        }
        while self.pos < target {
            self.replay_one();
        }
        self.sim.now = self.mark(self.pos).at_ms;
    }

    /// Runs (or replays) every step due at or before `t`, then sets the
    /// clock to `t`: what "play" does each animation frame.
    pub fn advance_to(&mut self, t: TimeMs) {
        while self.pos < self.horizon() && self.mark(self.pos + 1).at_ms <= t {
            self.replay_one();
        }
        if self.pos == self.horizon() {
            while self.sim.next_time().is_some_and(|n| n <= t) {
                self.step();
            }
        }
        self.sim.now = self.sim.now.max(t);
    }

    /// Moves the clock to `t`, backwards or forwards.
    pub fn seek_time(&mut self, t: TimeMs) {
        if t < self.sim.now {
            let pos = self.marks.partition_point(|m| m.at_ms <= t).max(1) as u64 - 1;
            self.seek(pos);
        }
        self.advance_to(t);
    }

    /// Applies a command now. If the cursor is in the past, the old future
    /// is dropped first (history forks). On error nothing changes.
    pub fn act(&mut self, command: Command) -> Result<(), CommandError> {
        self.sim.validate(&command)?;
        self.fork_here();
        self.sim.apply(command.clone())?;
        self.actions.push(Action {
            pos: self.pos,
            at_ms: self.sim.now,
            command,
        });
        let events = self.sim.take_trace();
        self.record(events);
        self.marks[self.pos as usize] = Mark {
            at_ms: self.sim.now,
            events_end: self.events.len(),
        };
        Ok(())
    }

    fn fork_here(&mut self) {
        let pos = self.pos;
        self.marks.truncate(pos as usize + 1);
        let end = self.mark(pos).events_end;
        self.events.truncate(end);
        self.markers.retain(|&i| i < end);
        self.actions.retain(|a| a.pos <= pos);
        self.checkpoints.retain(|(p, _)| *p <= pos);
    }

    /// Replays a recorded action log onto a fresh timeline (share links,
    /// autosave). Each action is checked as it was when first taken.
    pub fn replay(sim: Simulation, actions: &[Action]) -> Result<Self, CommandError> {
        let mut t = Timeline::new(sim);
        for (i, a) in actions.iter().enumerate() {
            let at = format!("actions[{i}]");
            if a.pos < t.pos {
                return Err(CommandError::new(at, "actions must be in order"));
            }
            while t.pos < a.pos {
                // Steps after the action's time would mean the log does not
                // belong to this scenario; stop rather than run forever.
                if t.sim.next_time().is_none_or(|n| n > a.at_ms) || !t.step() {
                    return Err(CommandError::new(
                        scoped(&at, "pos"),
                        format!(
                            "step {} is not reached by {} ms (the history has {} steps by then)",
                            a.pos, a.at_ms, t.pos
                        ),
                    ));
                }
            }
            if a.at_ms < t.sim.now {
                return Err(CommandError::new(
                    scoped(&at, "at_ms"),
                    format!("step {} already happened at {} ms", a.pos, t.sim.now),
                ));
            }
            if t.sim.next_time().is_some_and(|n| n < a.at_ms) {
                return Err(CommandError::new(
                    scoped(&at, "at_ms"),
                    "later than the next step: the clock cannot skip over it",
                ));
            }
            t.sim.now = a.at_ms;
            t.act(a.command.clone()).map_err(|e| e.within(&at))?;
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::command::RecordSpec;
    use crate::engine::digest::trace_digest;
    use crate::engine::scenario::Scenario;

    fn demo() -> Simulation {
        let text = include_str!("../../scenarios/acks1-leader-fails-before-replication.json");
        Scenario::from_json(text).unwrap().build().unwrap()
    }

    fn produce(value: &str) -> Command {
        Command::Produce {
            producer: 1,
            topic: "orders".into(),
            records: vec![RecordSpec {
                key: None,
                value: value.into(),
                partition: None,
            }],
        }
    }

    #[test]
    fn stepping_back_then_forward_gives_the_same_history() {
        let mut t = Timeline::new(demo());
        t.advance_to(30_000);
        let end = t.pos();
        let digest = trace_digest(t.past());
        let nodes = t.sim().nodes.clone();
        for target in [end - 1, end / 2, 3, 0, end] {
            t.seek(target);
            assert_eq!(t.pos(), target);
            assert_eq!(t.past().len(), t.mark(target).events_end);
        }
        assert_eq!(trace_digest(t.past()), digest);
        assert_eq!(t.sim().nodes, nodes, "the same brokers, logs and clients");
        assert!(t.checkpoint_count() > 1, "a long run leaves checkpoints");
    }

    #[test]
    fn a_seek_rebuilds_exactly_the_state_first_reached() {
        let mut t = Timeline::new(demo());
        let mut states = Vec::new();
        while t.now() < 5_000 && t.step() {
            states.push((t.pos(), t.sim().nodes.clone(), t.now()));
        }
        for (pos, nodes, now) in states.iter().rev().step_by(37) {
            t.seek(*pos);
            assert_eq!(&t.sim().nodes, nodes, "nodes at step {pos}");
            assert_eq!(t.now(), *now);
        }
    }

    #[test]
    fn acting_in_the_past_forks_history() {
        let mut t = Timeline::new(demo());
        t.advance_to(1_000);
        t.act(produce("first")).unwrap();
        t.advance_to(3_000);
        let old_horizon = t.horizon();
        t.seek(t.pos() / 2);
        let here = t.pos();
        t.act(produce("fork")).unwrap();
        assert_eq!(t.horizon(), here, "the old future is dropped");
        assert!(t.horizon() < old_horizon);
        assert_eq!(t.actions().len(), 2);
        assert!(t.history().len() == t.past().len());
    }

    #[test]
    fn a_rejected_action_changes_nothing() {
        let mut t = Timeline::new(demo());
        t.advance_to(3_000);
        t.seek(10);
        let horizon = t.horizon();
        let err = t.act(Command::Crash { broker: 9 }).unwrap_err();
        assert_eq!(err.field, "broker");
        assert_eq!(t.horizon(), horizon, "the future survives a bad command");
        assert!(t.actions().is_empty());
    }

    #[test]
    fn replaying_the_action_log_restores_the_same_history() {
        let mut t = Timeline::new(demo());
        t.advance_to(500);
        t.act(produce("a")).unwrap();
        t.step();
        t.step();
        t.act(Command::Crash { broker: 2 }).unwrap();
        t.advance_to(8_000);
        t.act(produce("b")).unwrap();
        t.advance_to(12_000);
        let mut r = Timeline::replay(demo(), t.actions()).unwrap();
        r.advance_to(12_000);
        assert_eq!(trace_digest(r.past()), trace_digest(t.past()));
        assert_eq!(r.sim().nodes, t.sim().nodes);
    }

    #[test]
    fn a_corrupt_action_log_is_an_error_naming_the_action() {
        let bad = vec![Action {
            pos: 1_000_000_000,
            at_ms: 5,
            command: produce("x"),
        }];
        let err = Timeline::replay(demo(), &bad).unwrap_err();
        assert_eq!(err.field, "actions[0].pos");
        let bad = vec![Action {
            pos: 0,
            at_ms: 0,
            command: Command::Restart {
                broker: 1,
                fast: false,
            },
        }];
        let err = Timeline::replay(demo(), &bad).unwrap_err();
        assert_eq!(err.field, "actions[0].broker");
    }

    #[test]
    fn scrubbing_by_time_lands_on_the_last_step_before() {
        let mut t = Timeline::new(demo());
        t.advance_to(10_000);
        t.seek_time(2_005);
        assert_eq!(t.now(), 2_005);
        assert!(t.time_at(t.pos()) <= 2_005);
        assert!(t.time_at(t.pos() + 1) > 2_005);
    }
}
