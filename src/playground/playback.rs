//! How "play" turns wall time into simulated time. Kafka's interesting
//! moments last milliseconds (a 2 ms network hop) while its timeouts last
//! seconds, so one fixed rate shows either nothing moving or nothing at all.
//! Playback runs in slow motion while a message is on the wire, so every
//! Produce, Fetch and heartbeat visibly travels, and fast-forwards through
//! idle time. The learner's speed scales both.

use super::session::Session;

/// The speeds offered (multipliers of the base rates).
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
/// Simulated ms per real second while messages fly: at 1× a 2 ms hop takes
/// half a second.
pub const FLIGHT_MS_PER_S: f64 = 4.0;
/// Simulated ms per real second while nothing is on the wire.
pub const IDLE_MS_PER_S: f64 = 1500.0;
/// A frame never runs more engine steps than this (keeps frames short).
const MAX_STEPS_PER_FRAME: usize = 4_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Slow motion: messages are in flight.
    Flight,
    /// Fast-forward through quiet time.
    Idle,
}

impl Session {
    pub fn has_in_flight(&self) -> bool {
        self.lanes.iter().any(|l| l.timeline.sim().has_in_flight())
    }

    /// Advances one animation frame of `dt_ms` real milliseconds at `speed`.
    /// `clock` is the fractional simulated time the page draws dots at; it
    /// never falls behind the engine's clock.
    pub fn play_frame(&mut self, clock: &mut f64, dt_ms: f64, speed: f64) -> Pace {
        let dt_s = dt_ms.clamp(0.0, 100.0) / 1000.0;
        *clock = clock.max(self.now() as f64);
        if self.has_in_flight() {
            *clock += FLIGHT_MS_PER_S * speed * dt_s;
            self.advance_to(clock.floor() as u64);
            return Pace::Flight;
        }
        let target = self.now() + (IDLE_MS_PER_S * speed * dt_s).max(1.0) as u64;
        for _ in 0..MAX_STEPS_PER_FRAME {
            let next = self.next_time();
            if next.is_none_or(|n| n > target) {
                break;
            }
            self.step();
            if self.has_in_flight() {
                *clock = self.now() as f64;
                return Pace::Flight;
            }
        }
        if !self.has_in_flight() {
            self.advance_to(target.max(self.now()));
        }
        *clock = self.now() as f64;
        Pace::Idle
    }

    /// When the next thing happens in any lane.
    pub fn next_time(&self) -> Option<u64> {
        self.lanes
            .iter()
            .filter_map(|l| {
                let t = &l.timeline;
                if t.pos() < t.horizon() {
                    Some(t.time_at(t.pos() + 1))
                } else {
                    t.sim().next_time()
                }
            })
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::preset::PresetId;

    #[test]
    fn playback_slows_down_while_messages_fly_and_skips_idle_time() {
        let mut s = Session::from_preset(PresetId::LeaderEpoch).unwrap();
        let mut clock = 0.0;
        let (mut flight, mut idle) = (0, 0);
        for _ in 0..600 {
            match s.play_frame(&mut clock, 16.0, 1.0) {
                Pace::Flight => flight += 1,
                Pace::Idle => idle += 1,
            }
            assert!(clock >= s.now() as f64);
        }
        assert!(flight > 0 && idle > 0, "flight {flight}, idle {idle}");
        // Ten seconds of wall time reach well past the first produce.
        assert!(s.now() > 100, "now {}", s.now());
    }

    #[test]
    fn a_frame_in_flight_moves_the_clock_by_the_flight_rate() {
        let mut s = Session::from_preset(PresetId::Acks).unwrap();
        let mut clock = 0.0;
        while !s.has_in_flight() {
            s.play_frame(&mut clock, 16.0, 1.0);
        }
        let before = clock;
        s.play_frame(&mut clock, 250.0, 1.0);
        // dt is clamped to 100 ms: 0.4 simulated ms at 1×.
        assert!((clock - before - 0.4).abs() < 1e-9, "{before} → {clock}");
    }
}
