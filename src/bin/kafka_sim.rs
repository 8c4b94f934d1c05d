//! `kafka-sim`: the playground's engine on the command line, for teachers
//! preparing runs, for tests and for benchmarks.

use std::process::ExitCode;

use kafka_playground::engine::cluster::Cluster;
use kafka_playground::engine::describe::describe_topic;
use kafka_playground::engine::rng::Rng;

const USAGE: &str = "usage: kafka-sim describe [--brokers N] [--partitions N] [--replication-factor N] [--topic NAME] [--seed N]";

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
