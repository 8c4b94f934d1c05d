//! A partition's lag as a chart draws it: a step function (the lag holds
//! from one change, a commit or a move of the log end, to the next), cut
//! into strokes by who owned the partition, and thinned to at most
//! [`MAX_POINTS`] changes so a long run stays cheap to draw. Thinning keeps
//! every bucket's highest and lowest value, so no peak is lost.

use crate::engine::types::TimeMs;

/// The most lag changes a chart draws per partition.
pub const MAX_POINTS: usize = 200;
/// What each time bucket keeps: its first, highest, lowest and last change.
const KEPT_PER_BUCKET: usize = 4;

/// One change of the lag: `None` while it is unknown (no commit yet, or
/// the partition has no leader).
pub type Change = (TimeMs, Option<i64>);

/// A run of the line while one member (or nobody) owned the partition:
/// its vertices, corners included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stroke {
    pub owner: Option<u32>,
    pub points: Vec<(TimeMs, i64)>,
}

/// At most about [`MAX_POINTS`] of `changes` (in time order): per time
/// bucket the first, the highest, the lowest and the last, plus every
/// change from or to an unknown lag, so gaps stay where they are.
pub fn downsample(changes: &[Change]) -> Vec<Change> {
    let (Some(first), Some(last)) = (changes.first(), changes.last()) else {
        return Vec::new();
    };
    if changes.len() <= MAX_POINTS {
        return changes.to_vec();
    }
    let buckets = (MAX_POINTS / KEPT_PER_BUCKET) as u64;
    let width = ((last.0 - first.0) / buckets).max(1);
    let bucket = |i: usize| (changes[i].0 - first.0) / width;
    let mut kept = vec![false; changes.len()];
    let mut start = 0;
    while start < changes.len() {
        let b = bucket(start);
        let end = (start..changes.len())
            .find(|&i| bucket(i) != b)
            .unwrap_or(changes.len());
        let known = (start..end).filter(|&i| changes[i].1.is_some());
        let value = |i: &usize| changes[*i].1;
        for i in [
            Some(start),
            Some(end - 1),
            known.clone().max_by_key(value),
            known.min_by_key(value),
        ]
        .into_iter()
        .flatten()
        {
            kept[i] = true;
        }
        start = end;
    }
    let gap = |j: usize| changes[j].1.is_none();
    for (i, k) in kept.iter_mut().enumerate() {
        *k |= gap(i) || (i > 0 && gap(i - 1));
    }
    changes
        .iter()
        .zip(kept)
        .filter_map(|(c, k)| k.then_some(*c))
        .collect()
}

/// The step line through `changes` up to `end_ms`, a new stroke wherever
/// `owners` (time-ordered `(at, owner)`) says the partition changed hands.
pub fn strokes(
    changes: &[Change],
    owners: &[(TimeMs, Option<u32>)],
    end_ms: TimeMs,
) -> Vec<Stroke> {
    enum Step {
        Lag(Option<i64>),
        Owner(Option<u32>),
    }
    // Both are in time order: merge them, the owner first at one instant.
    let (mut owners, mut changes) = (owners.iter().peekable(), changes.iter().peekable());
    let steps = std::iter::from_fn(|| match (owners.peek(), changes.peek()) {
        (Some(&&(to, o)), next) if next.is_none_or(|c| to <= c.0) => {
            owners.next();
            Some((to, Step::Owner(o)))
        }
        (_, Some(&&(t, v))) => {
            changes.next();
            Some((t, Step::Lag(v)))
        }
        _ => None,
    });
    let mut out = Vec::new();
    let (mut value, mut owner): (Option<i64>, Option<u32>) = (None, None);
    // Some exactly while `value` is.
    let mut current: Option<Stroke> = None;
    for (t, step) in steps.take_while(|(t, _)| *t <= end_ms) {
        match step {
            Step::Lag(v) if v != value => {
                if let (Some(s), Some(old)) = (current.as_mut(), value) {
                    s.points.push((t, old));
                }
                value = v;
                match (v, current.as_mut()) {
                    (Some(v), Some(s)) => s.points.push((t, v)),
                    (Some(v), None) => {
                        current = Some(Stroke {
                            owner,
                            points: vec![(t, v)],
                        })
                    }
                    (None, _) => out.extend(current.take()),
                }
            }
            Step::Owner(o) if o != owner => {
                owner = o;
                if let (Some(mut s), Some(v)) = (current.take(), value) {
                    s.points.push((t, v));
                    out.push(s);
                    current = Some(Stroke {
                        owner,
                        points: vec![(t, v)],
                    });
                }
            }
            _ => {}
        }
    }
    if let (Some(mut s), Some(v)) = (current, value) {
        s.points.push((end_ms, v));
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sawtooth: lag climbs by one every 100 ms and drops to 0 every 5 s,
    /// with one extra high peak.
    fn sawtooth(n: u64) -> Vec<Change> {
        (0..n)
            .map(|i| {
                let lag = if i == 777 { 1000 } else { (i % 50) as i64 };
                (i * 100, Some(lag))
            })
            .collect()
    }

    #[test]
    fn thinning_keeps_at_most_max_points_and_every_peak() {
        let changes = sawtooth(10_000);
        let thin = downsample(&changes);
        assert!(thin.len() <= MAX_POINTS, "{}", thin.len());
        assert!(thin.contains(&(77_700, Some(1000))), "the highest peak");
        // Each 5 s tooth reaches 49: still there in every bucket of 20 s.
        let peaks = thin.iter().filter(|c| c.1 == Some(49)).count();
        assert!(peaks >= MAX_POINTS / KEPT_PER_BUCKET - 1, "{peaks}");
        assert_eq!(thin.first(), changes.first());
        assert_eq!(thin.last(), changes.last());
    }

    #[test]
    fn short_series_and_gaps_are_kept() {
        let few = sawtooth(30);
        assert_eq!(downsample(&few), few);
        let mut gappy = sawtooth(1000);
        gappy[500].1 = None;
        let thin = downsample(&gappy);
        assert!(thin.contains(&gappy[500]) && thin.contains(&gappy[501]));
    }

    #[test]
    fn a_step_line_breaks_where_the_owner_changes() {
        let changes = [(0, None), (10, Some(3)), (20, Some(5)), (30, Some(1))];
        let owners = [(0, Some(1)), (25, None), (28, Some(2))];
        let s = strokes(&changes, &owners, 40);
        assert_eq!(
            s,
            [
                Stroke {
                    owner: Some(1),
                    points: vec![(10, 3), (20, 3), (20, 5), (25, 5)]
                },
                Stroke {
                    owner: None,
                    points: vec![(25, 5), (28, 5)]
                },
                Stroke {
                    owner: Some(2),
                    points: vec![(28, 5), (30, 5), (30, 1), (40, 1)]
                },
            ]
        );
    }

    #[test]
    fn an_unknown_lag_ends_the_stroke_and_the_cursor_cuts_it() {
        let changes = [(0, Some(2)), (10, None), (20, Some(4)), (50, Some(9))];
        let s = strokes(&changes, &[], 30);
        let points: Vec<_> = s.iter().map(|s| s.points.clone()).collect();
        assert_eq!(points, [vec![(0, 2), (10, 2)], vec![(20, 4), (30, 4)]]);
    }
}
