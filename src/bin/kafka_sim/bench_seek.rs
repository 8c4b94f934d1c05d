//! `kafka-sim bench-seek`: builds a history of N events (default 100,000)
//! on the 6-broker, 24-partition performance scenario with continuous
//! produce, then seeks to 200 seeded random positions and prints the seek
//! time percentiles (the page's step-back and scrub budget is < 50 ms).

use std::time::Instant;

use kafka_playground::engine::rng::Rng;
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::timeline::Timeline;

const SCENARIO: &str = include_str!("../../../scenarios/perf/six-brokers-24-partitions.json");

pub fn run(args: &[String]) -> Result<String, String> {
    let mut events: usize = 100_000;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--events" => {
                events = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--events needs a positive whole number")?
            }
            other => return Err(format!("bench-seek: unknown option '{other}'")),
        }
    }
    let sim = Scenario::from_json(SCENARIO)
        .and_then(|s| s.build())
        .map_err(|e| e.to_string())?;
    let build = Instant::now();
    let mut t = Timeline::new(sim);
    while t.history().len() < events {
        if !t.step() {
            return Err("the history ended early".into());
        }
    }
    let build_s = build.elapsed().as_secs_f64();
    let queue = t.sim().queued_kinds();
    let built_memory = super::bench::peak_memory();
    let horizon = t.horizon();
    let mut rng = Rng::new(7);
    let mut times: Vec<f64> = (0..200)
        .map(|_| {
            let target = rng.below(horizon + 1);
            let start = Instant::now();
            t.seek(target);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let start = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(t.sim().checkpoint());
    }
    let clone_ms = start.elapsed().as_secs_f64() * 1000.0 / 20.0;
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    Ok(format!(
        "history: {} events, {horizon} steps, {} ms simulated, {} checkpoints, built in {build_s:.2} s\n\
         queue at the end: {queue:?}\n\
         seek over 200 random positions: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (goal < 50 ms)\n\
         one checkpoint clone at the end: {clone_ms:.2} ms; memory after building: {built_memory}, peak: {}\n",
        t.history().len(),
        t.time_at(horizon),
        t.checkpoint_count(),
        pct(0.5),
        pct(0.95),
        pct(1.0),
        super::bench::peak_memory(),
    ))
}
