//! The time axis of the rebalance strip. A rebalance is mostly waiting
//! (for the members' next heartbeat, `heartbeat.interval.ms`, or for
//! `group.initial.rebalance.delay.ms`) around a few busy milliseconds of
//! JoinGroup, assignment and SyncGroup: drawn to one scale, a 20 ms
//! stop-the-world next to a 3 s wait would be a hairline. So time runs
//! linearly except that a quiet stretch longer than [`BREAK_MS`] becomes a
//! break of fixed width, labelled with how long it was.

use crate::engine::sort::sort;
use crate::engine::types::TimeMs;

/// A gap between two marks longer than this is drawn as a break.
pub const BREAK_MS: TimeMs = 250;
/// The share of the width one break takes (at most half for all of them).
const BREAK_WIDTH: f64 = 0.12;

/// A stretch of time and where it is drawn, `x` from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    pub from_ms: TimeMs,
    pub to_ms: TimeMs,
    pub x0: f64,
    pub x1: f64,
    /// A compressed quiet stretch (not to scale).
    pub broken: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pieces: Vec<Piece>,
}

impl Axis {
    /// An axis from the earliest to the latest of `marks` (the moments
    /// something happened); the stretches between them are the pieces.
    pub fn new(marks: &[TimeMs]) -> Axis {
        let mut m = marks.to_vec();
        sort(&mut m);
        m.dedup();
        if m.len() < 2 {
            let t = m.first().copied().unwrap_or(0);
            m = vec![t, t + 1];
        }
        let gaps: Vec<(TimeMs, TimeMs)> = m.windows(2).map(|w| (w[0], w[1])).collect();
        let broken = |(a, b): &(TimeMs, TimeMs)| b - a > BREAK_MS;
        let breaks = gaps.iter().filter(|g| broken(g)).count() as f64;
        let linear_ms: TimeMs = gaps.iter().filter(|g| !broken(g)).map(|(a, b)| b - a).sum();
        let break_width = match linear_ms {
            0 => 1.0 / breaks,
            _ => BREAK_WIDTH.min(0.5 / breaks.max(1.0)),
        };
        let per_ms = match linear_ms {
            0 => 0.0,
            ms => (1.0 - breaks * break_width) / ms as f64,
        };
        let mut x = 0.0;
        let pieces = gaps
            .iter()
            .map(|g| {
                let w = match broken(g) {
                    true => break_width,
                    false => (g.1 - g.0) as f64 * per_ms,
                };
                let piece = Piece {
                    from_ms: g.0,
                    to_ms: g.1,
                    x0: x,
                    x1: x + w,
                    broken: broken(g),
                };
                x += w;
                piece
            })
            .collect();
        Axis { pieces }
    }

    pub fn start_ms(&self) -> TimeMs {
        self.pieces[0].from_ms
    }

    pub fn end_ms(&self) -> TimeMs {
        self.pieces[self.pieces.len() - 1].to_ms
    }

    /// Where moment `t` is drawn (clamped to the axis).
    pub fn x(&self, t: TimeMs) -> f64 {
        let i = self.pieces.partition_point(|p| p.to_ms < t);
        let Some(p) = self.pieces.get(i) else {
            return 1.0;
        };
        let t = t.max(p.from_ms);
        p.x0 + (t - p.from_ms) as f64 / (p.to_ms - p.from_ms) as f64 * (p.x1 - p.x0)
    }

    /// The compressed stretches, to draw as breaks.
    pub fn breaks(&self) -> impl Iterator<Item = &Piece> {
        self.pieces.iter().filter(|p| p.broken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_wait_is_a_break_and_the_busy_milliseconds_get_the_rest() {
        // The restart rebalance: a join at 36011, then 3 s waiting for the
        // next heartbeat, then 23 busy milliseconds.
        let axis = Axis::new(&[36_011, 36_014, 39_004, 39_009, 39_027]);
        let breaks: Vec<_> = axis.breaks().collect();
        assert_eq!(breaks.len(), 1);
        assert_eq!((breaks[0].from_ms, breaks[0].to_ms), (36_014, 39_004));
        assert!((breaks[0].x1 - breaks[0].x0 - BREAK_WIDTH).abs() < 1e-9);
        assert_eq!(axis.x(36_011), 0.0);
        assert!((axis.x(39_027) - 1.0).abs() < 1e-9);
        // 26 linear ms share 88 % of the width: 5 ms is about 17 %.
        let five = axis.x(39_009) - axis.x(39_004);
        assert!((five - 0.88 * 5.0 / 26.0).abs() < 1e-9, "{five}");
        assert_eq!((axis.start_ms(), axis.end_ms()), (36_011, 39_027));
        assert_eq!(axis.x(1), 0.0, "clamped before the start");
        assert_eq!(axis.x(99_999), 1.0, "clamped after the end");
    }

    #[test]
    fn short_rebalances_stay_linear_and_lone_marks_still_make_an_axis() {
        let axis = Axis::new(&[30_006, 30_009, 30_023]);
        assert_eq!(axis.breaks().count(), 0);
        assert!((axis.x(30_009) - 3.0 / 17.0).abs() < 1e-9);
        let lone = Axis::new(&[500]);
        assert_eq!((lone.start_ms(), lone.end_ms()), (500, 501));
        let only_waiting = Axis::new(&[0, 3_000]);
        assert_eq!(only_waiting.breaks().count(), 1);
        assert_eq!(only_waiting.x(1_500), 0.5);
    }
}
