//! `kafka-sim bench`: 3 brokers, one topic of 6 partitions with RF 3,
//! acks=all (idempotent, at most 5 requests in flight per broker), N
//! records (default 1,000,000). Prints simulated records per
//! second of wall time and the peak memory of the process. Wall time is
//! read here, in the runner, never in the engine.

use std::time::Instant;

use kafka_playground::engine::command::{Command, RecordSpec};
use kafka_playground::engine::producer::Fate;
use kafka_playground::engine::scenario::Scenario;

pub fn run(args: &[String]) -> Result<String, String> {
    let mut records: u64 = 1_000_000;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--records" => {
                records = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--records needs a positive whole number")?
            }
            other => return Err(format!("bench: unknown option '{other}'")),
        }
    }
    let scenario = Scenario::from_json(
        r#"{"version": 1, "seed": 42, "brokers": 3,
            "topics": [{"name": "bench", "partitions": 6, "replication_factor": 3,
                        "config": {"min.insync.replicas": 2}}],
            "producers": [{"id": 1, "config": {"acks": "all", "buffer.memory": 1048576}}],
            "stop_at_ms": 0}"#,
    )
    .map_err(|e| e.to_string())?;
    let mut sim = scenario.build().map_err(|e| e.to_string())?;
    sim.record_trace = false;
    // One value shared by every record: the benchmark measures the engine,
    // not the allocator copying payloads.
    let batch: Vec<RecordSpec> = (0..600)
        .map(|i| RecordSpec {
            key: None,
            value: "payload-0123456789".into(),
            partition: Some(i % 6),
        })
        .collect();
    let start = Instant::now();
    let mut sent = 0u64;
    while sent < records {
        // The application's send() blocks while buffer.memory (1 MiB here,
        // 64 batches) is full: feed no more until it returns.
        if sim.nodes.producers[&1].backlog() > 0 {
            sim.run_until(sim.now + 1);
            continue;
        }
        let n = (records - sent).min(batch.len() as u64) as usize;
        let cmd = Command::Produce {
            producer: 1,
            topic: "bench".into(),
            records: batch[..n].to_vec(),
        };
        sim.apply(cmd).map_err(|e| e.to_string())?;
        sent += n as u64;
        sim.run_until(sim.now + 1);
    }
    // Let replication finish and every acks=all response arrive.
    let deadline = sim.now + 60_000;
    while sim.now < deadline && pending(&sim) > 0 {
        sim.run_until(sim.now + 10);
    }
    let wall = start.elapsed().as_secs_f64();
    let acked = sim.nodes.producers[&1]
        .fates
        .values()
        .filter(|f| matches!(f, Fate::Acknowledged { .. }))
        .count();
    Ok(format!(
        "records: {records}, acknowledged: {acked}, simulated time: {} ms, events: {}\n\
         wall time: {wall:.3} s\n\
         throughput: {:.0} simulated records/s (wall)\n\
         peak memory: {}\n",
        sim.now,
        sim.events_emitted,
        records as f64 / wall,
        peak_memory()
    ))
}

fn pending(sim: &kafka_playground::engine::sim::Simulation) -> usize {
    sim.nodes.producers[&1]
        .fates
        .values()
        .filter(|f| matches!(f, Fate::Pending { .. } | Fate::Blocked { .. }))
        .count()
}

/// Peak resident set size (Linux `VmHWM`).
pub fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown (no /proc/self/status)".into())
}
