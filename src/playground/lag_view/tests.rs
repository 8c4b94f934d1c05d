//! The lag view of the "Lag and rebalance" preset (lane 0: range, eager).

use super::*;
use crate::engine::burrow::{GroupStatus, PartitionStatus, Rule};
use crate::engine::group_describe::OFFSETS_HEADER;
use crate::i18n::Locale;
use crate::playground::preset::PresetId;
use crate::playground::session::Session;

fn view_at(t: TimeMs) -> (Session, LaneLag) {
    let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
    s.advance_to(t);
    let v = lane_lag(&s.lanes[0]);
    (s, v)
}

fn group<'a>(v: &'a LaneLag, name: &str) -> &'a GroupLag {
    v.groups.iter().find(|g| g.group == name).unwrap()
}

fn tp(p: u32) -> Tp {
    Tp::new("click_log", p)
}

fn chart(g: &GroupLag, p: u32) -> &PartitionChart {
    g.partitions.iter().find(|c| c.tp == tp(p)).unwrap()
}

/// The line's lag at `t` (the step function's value), if drawn there.
fn lag_at(c: &PartitionChart, t: TimeMs) -> Option<i64> {
    c.strokes
        .iter()
        .flat_map(|s| s.points.iter())
        .rfind(|p| p.0 <= t)
        .map(|p| p.1)
}

#[test]
fn both_groups_have_a_line_per_partition_up_to_the_cursor() {
    let (_, v) = view_at(25_000);
    assert_eq!(v.now_ms, 25_000);
    assert_eq!(v.end_ms, 50_000, "the preset's stop time");
    let names: Vec<&str> = v.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["elasticsearch", "hadoop"]);
    for g in &v.groups {
        let tps: Vec<&Tp> = g.partitions.iter().map(|c| &c.tp).collect();
        assert_eq!(tps, [&tp(0), &tp(1)], "{}", g.group);
        for c in &g.partitions {
            let last = c.strokes.last().and_then(|s| s.points.last()).unwrap();
            assert_eq!(last.0, 25_000, "drawn up to the cursor");
            assert_eq!(Some(last.1), c.now.and_then(|n| n.lag));
            let vertices: usize = c.strokes.iter().map(|s| s.points.len()).sum();
            assert!(
                vertices <= 2 * MAX_POINTS + 2 * c.strokes.len(),
                "{vertices}"
            );
        }
    }
}

#[test]
fn hadoop_falls_behind_and_burrow_warns_by_40_s() {
    let (_, early) = view_at(20_000);
    let (_, v) = view_at(40_000);
    let hadoop = group(&v, "hadoop");
    for p in 0..2 {
        let (then, now) = (chart(group(&early, "hadoop"), p), chart(hadoop, p));
        let (a, b) = (
            then.now.unwrap().lag.unwrap(),
            now.now.unwrap().lag.unwrap(),
        );
        assert!(b > a + 30, "p{p}: lag {a} at 20 s, {b} at 40 s");
        assert_eq!(now.owner, Some(4));
    }
    let b = &hadoop.burrow;
    assert_eq!(b.status, GroupStatus::Warn, "{}", b.explanation);
    for p in &b.partitions {
        assert_eq!(p.status, PartitionStatus::Warn);
        assert_eq!(p.rule, Rule::LagNotDecreasing);
        assert_eq!(p.rule.name(), "lag_not_decreasing");
        assert!(p.explanation.ends_with("WARN."), "{}", p.explanation);
        let ko = partition_explanation(Locale::Ko, p);
        let (first, last) = (p.start.unwrap(), p.end.unwrap());
        assert!(
            ko.contains(&format!("{} → {}", first.offset, last.offset)) && ko.ends_with("WARN."),
            "{ko}"
        );
    }
    assert!(group_explanation(Locale::Ko, b).contains("click_log-0은(는) WARN"));
    let member = &hadoop.members[0];
    assert_eq!(member.consumer, 4);
    assert!(member.records_lag_max.unwrap() > 30, "{member:?}");
    assert_eq!(group(&v, "elasticsearch").burrow.status, GroupStatus::Ok);
}

#[test]
fn elasticsearch_p0_climbs_from_the_crash_to_the_rebalance() {
    let (_, v) = view_at(33_000);
    let es = group(&v, "elasticsearch");
    let r = &es.rebalances;
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(
        r[0].from_ms < 3_100 && r[0].generation == 1,
        "the first join"
    );
    let after_crash = &r[1];
    assert!(
        (28_000..29_000).contains(&after_crash.from_ms),
        "the session timeout ran out: {after_crash:?}"
    );
    let end = after_crash.to_ms.unwrap();
    assert!((29_500..31_000).contains(&end) && after_crash.generation == 2);

    let p0 = chart(es, 0);
    let (at_crash, before) = (lag_at(p0, 20_000).unwrap(), lag_at(p0, end).unwrap());
    assert!(
        before > at_crash + 40,
        "{at_crash} at 20 s, {before} at {end} ms"
    );
    let mut last = at_crash;
    for t in (20_000..end).step_by(500) {
        let lag = lag_at(p0, t).unwrap();
        assert!(
            lag >= last,
            "no commit while consumer 1 is down: {lag} at {t}"
        );
        last = lag;
    }
    // The dead member keeps p0 until the group hands it on; range gives it to 2.
    let owner_at = |t| {
        p0.strokes
            .iter()
            .find(|s| s.points[0].0 <= t && s.points.last().unwrap().0 >= t)
            .and_then(|s| s.owner)
    };
    assert_eq!(owner_at(25_000), Some(1));
    assert_eq!(owner_at(32_000), Some(2));
    assert!(lag_at(p0, 33_000).unwrap() < 20, "consumer 2 caught up");
}

#[test]
fn the_describe_table_has_kafkas_columns_and_lag_is_the_difference() {
    assert_eq!(
        OFFSETS_HEADER,
        [
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID"
        ]
    );
    let (_, v) = view_at(45_000);
    for g in &v.groups {
        let d = &g.describe;
        let header: Vec<&str> = d
            .out
            .stdout
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(header, OFFSETS_HEADER);
        assert_eq!(d.rows.len(), 2, "{}", d.out.stdout);
        for (row, line) in d.rows.iter().zip(d.out.stdout.lines().skip(2)) {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(words, row.iter().map(String::as_str).collect::<Vec<_>>());
            let n = |i: usize| row[i].parse::<i64>().unwrap();
            assert_eq!(n(5), n(4) - n(3), "LAG = LOG-END-OFFSET − CURRENT-OFFSET");
            assert_eq!(row[0], g.group);
        }
    }
    let hadoop = &group(&v, "hadoop").describe;
    assert_eq!(hadoop.rows[0][8], "consumer-hadoop-4");
    assert_eq!(
        hadoop.command,
        "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group hadoop"
    );
}

#[test]
fn the_cluster_view_marks_commits_and_positions_per_group() {
    let (s, _) = view_at(15_000);
    let m = offset_markers(s.lanes[0].timeline.sim());
    assert_eq!(m.groups, ["elasticsearch", "hadoop"]);
    let p0 = &m.partitions[&tp(0)];
    assert_eq!(p0.iter().map(|g| g.group).collect::<Vec<_>>(), [0, 1]);
    for g in p0 {
        let (owner, position) = g.owner.unwrap();
        assert!(g.committed.unwrap() <= position.unwrap());
        assert_eq!(owner, if g.group == 0 { 1 } else { 4 });
    }
    // The crashed member shows no position; its group's commit stays.
    let (s, _) = view_at(25_000);
    let m = offset_markers(s.lanes[0].timeline.sim());
    let es = &m.partitions[&tp(0)][0];
    assert_eq!((es.group, es.owner), (0, None));
    assert!(es.committed.is_some());
}

#[test]
fn every_rule_is_explained_in_korean_with_its_status() {
    use crate::engine::burrow::{CommitSample, PartitionVerdict};
    let sample = |offset, lag| CommitSample {
        offset,
        timestamp_ms: 0,
        lag,
    };
    for rule in [
        Rule::NoCommits,
        Rule::BelowMinimumComplete,
        Rule::CurrentLagZero,
        Rule::OffsetsStopped,
        Rule::OffsetsRewind,
        Rule::LagZeroInWindow,
        Rule::OffsetsStalled,
        Rule::LagNotDecreasing,
        Rule::LagDecreasing,
    ] {
        let v = PartitionVerdict {
            topic: "t".into(),
            partition: 0,
            owner: String::new(),
            client_id: String::new(),
            status: rule.status(),
            start: Some(sample(10, 4)),
            end: Some(sample(30, 7)),
            current_lag: 7,
            complete: 0.5,
            rule,
            explanation: "English".into(),
        };
        let ko = partition_explanation(Locale::Ko, &v);
        assert!(ko.ends_with(&format!("{}.", rule.status().name())), "{ko}");
        assert!(!ko.is_ascii(), "{ko}");
        assert_eq!(partition_explanation(Locale::En, &v), "English");
        assert_ne!(
            rule_summary(Locale::Ko, rule),
            rule_summary(Locale::En, rule)
        );
    }
}
