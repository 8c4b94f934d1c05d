//! `kafka-sim`: the playground's engine on the command line, for teachers
//! preparing runs, for tests and for benchmarks.

use std::process::ExitCode;

mod assign;
mod bench;
mod bench_seek;
mod consumer_groups;
mod partition;

use kafka_playground::engine::cluster::Cluster;
use kafka_playground::engine::describe::describe_topic;
use kafka_playground::engine::report::Report;
use kafka_playground::engine::rng::Rng;
use kafka_playground::engine::scenario::Scenario;

const USAGE: &str = "usage:
  kafka-sim run SCENARIO.json|- [--trace]   run a scenario; print the JSON report (--trace: the event trace as JSON lines instead)
  kafka-sim bench [--records N]            replication benchmark (build with --profile bench-native)
  kafka-sim bench-seek [--events N]        time-travel seek benchmark (step back / scrub)
  kafka-sim partition --partitions N [--hex] [--json] KEY...   each key's murmur2 and partition, as the Java client computes them
  kafka-sim assign --strategy range|roundrobin|sticky|cooperative-sticky CASE.json|-   the group leader's assignment for a case (cooperative-sticky: every rebalance until nothing is revoked)
  kafka-sim consumer-groups SCENARIO.json|- --describe --group G [--members|--state] [--at MS]   kafka-consumer-groups.sh --describe at that moment of the run (default stop_at_ms)
  kafka-sim consumer-groups SCENARIO.json|- --lag-json --group G [--at MS]   the group's lag series, Burrow verdict, records-lag-max and rebalance pauses as JSON
  kafka-sim describe [--brokers N] [--partitions N] [--replication-factor N] [--topic NAME] [--seed N]
  kafka-sim --version";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kafka-sim: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("describe") => describe(&args[1..]),
        Some("run") => run_scenario(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-seek") => bench_seek::run(&args[1..]),
        Some("partition") => partition::run(&args[1..]),
        Some("assign") => assign::run(&args[1..]),
        Some("consumer-groups") => consumer_groups::run(&args[1..]),
        Some("--version") => Ok(format!("kafka-sim {}\n", kafka_playground::build_version())),
        Some("--help") | Some("-h") | None => Ok(format!("{USAGE}\n")),
        Some(other) => Err(format!("unknown command '{other}'\n{USAGE}")),
    }
}

fn describe(args: &[String]) -> Result<String, String> {
    let mut brokers = 3i64;
    let mut partitions = 3i64;
    let mut rf = 3i64;
    let mut topic = "orders".to_string();
    let mut seed = 1u64;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let int = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| format!("{flag}: '{v}' is not a whole number"))
        };
        match flag.as_str() {
            "--brokers" => brokers = int(value)?,
            "--partitions" => partitions = int(value)?,
            "--replication-factor" => rf = int(value)?,
            "--topic" => topic = value.clone(),
            "--seed" => seed = int(value)? as u64,
            _ => return Err(format!("unknown option '{flag}'\n{USAGE}")),
        }
    }
    if !(1..=12).contains(&brokers) {
        return Err(format!(
            "--brokers: must be between 1 and 12 (got {brokers})"
        ));
    }
    let ids: Vec<i32> = (1..=brokers as i32).collect();
    let mut cluster = Cluster::new(&ids);
    let t = cluster
        .create_topic(&topic, partitions, rf, &mut Rng::new(seed))
        .map_err(|e| e.to_string())?;
    Ok(describe_topic(t))
}

fn run_scenario(args: &[String]) -> Result<String, String> {
    let mut path = None;
    let mut trace = false;
    for a in args {
        match a.as_str() {
            "--trace" => trace = true,
            other if path.is_none() => path = Some(other.to_string()),
            other => return Err(format!("unexpected argument '{other}'\n{USAGE}")),
        }
    }
    let path =
        path.ok_or_else(|| format!("run needs a scenario file (or - for stdin)\n{USAGE}"))?;
    let text = read_input(&path)?;
    let scenario = Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
    let sim = scenario.run().map_err(|e| format!("{path}: {e}"))?;
    if trace {
        let mut out = String::new();
        for e in &sim.trace {
            out.push_str(&serde_json::to_string(e).map_err(|e| e.to_string())?);
            out.push('\n');
        }
        return Ok(out);
    }
    let report = Report::of(&sim);
    serde_json::to_string_pretty(&report)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

/// A file's text, or stdin's for `-`.
fn read_input(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| format!("stdin: {e}"))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}
