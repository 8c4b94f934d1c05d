//! The consumer's `records-lag-max` fetch metric
//! (`FetchMetricsManager.recordPartitionLag`): each time `poll()` hands
//! records of a partition to the application, the fetcher records that
//! partition's lag, the high watermark of the fetch response minus the new
//! position, into one sensor whose `Max` stat spans every partition.
//!
//! `Max` is a `SampledStat`: `metrics.num.samples` (2) windows of
//! `metrics.sample.window.ms` (30 s). A value goes into the current window,
//! or starts the next one (reusing the oldest) once the current window is
//! 30 s old; reading the metric first resets windows that started
//! `2 × 30 s` or more ago, then takes the maximum (NaN when nothing is
//! recorded: `None` here). So the metric shows the worst lag of roughly
//! the last 30 to 60 seconds. A restarted consumer has fresh metrics.

use crate::engine::event::{Event, TimedEvent};
use crate::engine::types::TimeMs;

/// `metrics.sample.window.ms` default (`CommonClientConfigs`).
pub const METRICS_SAMPLE_WINDOW_MS: TimeMs = 30_000;
/// `metrics.num.samples` default.
pub const METRICS_NUM_SAMPLES: usize = 2;

#[derive(Clone, Copy, Debug)]
struct Sample {
    start_ms: TimeMs,
    max: Option<i64>,
}

/// `org.apache.kafka.common.metrics.stats.Max` over `SampledStat`'s ring.
#[derive(Clone, Debug, Default)]
struct SampledMax {
    samples: Vec<Sample>,
    current: usize,
}

impl SampledMax {
    fn record(&mut self, value: i64, now: TimeMs) {
        if self.samples.is_empty() {
            self.samples.push(Sample {
                start_ms: now,
                max: None,
            });
        }
        if now - self.samples[self.current].start_ms >= METRICS_SAMPLE_WINDOW_MS {
            // `advance`: the next slot, new or the oldest one reset.
            self.current = (self.current + 1) % METRICS_NUM_SAMPLES;
            let fresh = Sample {
                start_ms: now,
                max: None,
            };
            match self.samples.get_mut(self.current) {
                Some(s) => *s = fresh,
                None => self.samples.push(fresh),
            }
        }
        let s = &mut self.samples[self.current];
        s.max = Some(s.max.map_or(value, |m| m.max(value)));
    }

    /// `measure`: `purgeObsoleteSamples`, then the maximum.
    fn measure(&mut self, now: TimeMs) -> Option<i64> {
        let expire = METRICS_SAMPLE_WINDOW_MS * METRICS_NUM_SAMPLES as TimeMs;
        for s in &mut self.samples {
            if now.saturating_sub(s.start_ms) >= expire {
                *s = Sample {
                    start_ms: now,
                    max: None,
                };
            }
        }
        self.samples.iter().filter_map(|s| s.max).max()
    }
}

/// `records-lag-max` of `consumer` read at `now_ms`, from the events up to
/// then; `None` where Kafka shows NaN (nothing recorded in the window, or
/// the process is down).
pub fn records_lag_max(events: &[TimedEvent], consumer: u32, now_ms: TimeMs) -> Option<i64> {
    let mut stat = Some(SampledMax::default());
    for t in events.iter().take_while(|t| t.at_ms <= now_ms) {
        match &t.event {
            Event::ConsumerCrashed { consumer: c } | Event::ConsumerClosed { consumer: c }
                if *c == consumer =>
            {
                stat = None
            }
            Event::ConsumerStarted { consumer: c } if *c == consumer => {
                stat = Some(SampledMax::default())
            }
            Event::ConsumerFetched {
                consumer: c,
                offset,
                ids,
                high_watermark,
                ..
            } if *c == consumer => {
                let position = offset + ids.len() as i64;
                if let Some(s) = &mut stat {
                    s.record(high_watermark - position, t.at_ms);
                }
            }
            _ => {}
        }
    }
    stat?.measure(now_ms)
}
