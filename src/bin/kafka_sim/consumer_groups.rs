//! `kafka-sim consumer-groups SCENARIO.json|- --describe --group G
//! [--offsets|--members|--state] [--at MS]`: runs the scenario to `--at`
//! (default `stop_at_ms`) and prints what `kafka-consumer-groups.sh` would
//! print then, stdout and stderr as Kafka splits them.
//!
//! `--lag-json` instead of `--describe` prints the group's lag history as
//! JSON: every partition's lag series, Burrow's verdict at `--at` (with the
//! rule that fired), each member's `records-lag-max`, and the rebalance
//! pauses of its consumers.

use std::collections::BTreeMap;

use kafka_playground::engine::burrow::{BurrowConfig, GroupVerdict};
use kafka_playground::engine::lag::{
    burrow_status, kafka_consumer_groups, lag_series, rebalance_pauses, records_lag_max,
    DescribeView, PartitionLag, RebalancePause,
};
use kafka_playground::engine::scenario::Scenario;
use kafka_playground::engine::types::TimeMs;
use serde::Serialize;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Describe,
    LagJson,
}

#[derive(Serialize)]
struct LagReport<'a> {
    group: &'a str,
    at_ms: TimeMs,
    partitions: Vec<PartitionLag>,
    burrow: GroupVerdict,
    /// Consumer id → `records-lag-max` (null: NaN, nothing recorded).
    records_lag_max: BTreeMap<u32, Option<i64>>,
    pauses: Vec<RebalancePause>,
}

pub fn run(args: &[String]) -> Result<String, String> {
    let (mut path, mut group, mut at) = (None, None, None);
    let mut actions = Vec::new();
    let mut views = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--describe" => actions.push(Action::Describe),
            "--lag-json" => actions.push(Action::LagJson),
            "--offsets" => views.push(("[offsets]", DescribeView::Offsets)),
            "--members" => views.push(("[members]", DescribeView::Members)),
            "--state" => views.push(("[state]", DescribeView::State)),
            "--group" => group = Some(it.next().ok_or("--group needs a group id")?.clone()),
            "--at" => {
                let v = it.next().ok_or("--at needs a time in ms")?;
                let ms = v
                    .parse::<TimeMs>()
                    .map_err(|_| format!("--at: '{v}' is not a time in ms (0 or more)"))?;
                at = Some(ms);
            }
            flag if flag.starts_with("--") => {
                return Err(format!("consumer-groups: unknown option '{flag}'"))
            }
            file if path.is_none() => path = Some(file.to_string()),
            other => return Err(format!("consumer-groups: unexpected argument '{other}'")),
        }
    }
    // ConsumerGroupCommandOptions.checkArgs, in Kafka's words.
    let [action] = actions[..] else {
        return Err(
            "consumer-groups: Command must include exactly one action: --describe, --lag-json"
                .into(),
        );
    };
    let group =
        group.ok_or("consumer-groups: Option [describe] takes one of these options: [[group]]")?;
    if views.len() > 1 {
        return Err(
            "consumer-groups: Option [describe] takes at most one of these options: [[members], [offsets], [state]]"
                .into(),
        );
    }
    if action == Action::LagJson && !views.is_empty() {
        return Err(format!(
            "consumer-groups: Option {} can only be used with [describe]",
            views[0].0
        ));
    }
    let path = path.ok_or("consumer-groups needs a scenario file (or - for stdin)")?;
    let text = crate::read_input(&path)?;
    let scenario = Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
    let mut sim = scenario.build().map_err(|e| format!("{path}: {e}"))?;
    let at = at.unwrap_or(scenario.stop_at_ms);
    sim.run_until(at);
    match action {
        Action::Describe => {
            let view = views.first().map_or(DescribeView::Offsets, |v| v.1);
            let out = kafka_consumer_groups(&sim, &group, view);
            eprint!("{}", out.stderr);
            Ok(out.stdout)
        }
        Action::LagJson => {
            let members = sim
                .nodes
                .consumers
                .values()
                .filter(|c| c.config.group_id.as_deref() == Some(group.as_str()));
            let report = LagReport {
                group: &group,
                at_ms: at,
                partitions: lag_series(&sim.trace, &group),
                burrow: burrow_status(&sim.trace, &group, &BurrowConfig::default(), at),
                records_lag_max: members
                    .map(|c| (c.id, records_lag_max(&sim.trace, c.id, at)))
                    .collect(),
                pauses: rebalance_pauses(&sim.trace)
                    .into_iter()
                    .filter(|p| p.group == group)
                    .collect(),
            };
            serde_json::to_string_pretty(&report)
                .map(|s| s + "\n")
                .map_err(|e| e.to_string())
        }
    }
}
