use super::*;
use crate::engine::burrow::{BurrowConfig, GroupStatus, PartitionStatus, Rule};
use crate::engine::types::{NodeId, RecordId};

fn tp(p: u32) -> Tp {
    Tp::new("click_log", p)
}

fn at(at_ms: TimeMs, event: Event) -> TimedEvent {
    TimedEvent {
        seq: 0,
        at_ms,
        event,
    }
}

fn leader(at_ms: TimeMs, broker: BrokerId, p: u32, hw: i64) -> TimedEvent {
    at(
        at_ms,
        Event::BecameLeader {
            broker,
            tp: tp(p),
            leader_epoch: 0,
            leo: hw,
            hw,
        },
    )
}

fn hw(at_ms: TimeMs, broker: BrokerId, p: u32, to: i64) -> TimedEvent {
    at(
        at_ms,
        Event::HighWatermarkAdvanced {
            broker,
            tp: tp(p),
            from: 0,
            to,
        },
    )
}

fn commit(at_ms: TimeMs, group: &str, offsets: &[(u32, i64)]) -> TimedEvent {
    at(
        at_ms,
        Event::OffsetsCommitted {
            group: group.into(),
            coordinator: 1,
            client: NodeId::Consumer(1),
            offsets: offsets.iter().map(|&(p, o)| (tp(p), o)).collect(),
        },
    )
}

fn assigned(at_ms: TimeMs, consumer: u32, partitions: &[u32]) -> TimedEvent {
    at(
        at_ms,
        Event::PartitionsAssigned {
            consumer,
            group: "g".into(),
            generation: 1,
            partitions: partitions.iter().map(|&p| tp(p)).collect(),
            added: Vec::new(),
        },
    )
}

fn revoked(at_ms: TimeMs, consumer: u32, partitions: &[u32], cooperative: bool) -> TimedEvent {
    at(
        at_ms,
        Event::PartitionsRevoked {
            consumer,
            group: "g".into(),
            partitions: partitions.iter().map(|&p| tp(p)).collect(),
            how: match cooperative {
                true => crate::engine::event::Revocation::Cooperative,
                false => crate::engine::event::Revocation::Eager,
            },
        },
    )
}

fn fetched(
    at_ms: TimeMs,
    consumer: u32,
    offset: i64,
    count: u64,
    high_watermark: i64,
) -> TimedEvent {
    at(
        at_ms,
        Event::ConsumerFetched {
            consumer,
            tp: tp(0),
            offset,
            ids: (0..count).map(RecordId).collect(),
            high_watermark,
            last_stable_offset: None,
        },
    )
}

fn point(at_ms: TimeMs, end: Option<i64>, committed: Option<i64>) -> LagPoint {
    LagPoint {
        at_ms,
        log_end_offset: end,
        committed,
        lag: committed.and_then(|c| end.map(|e| e - c)),
    }
}

#[test]
fn lag_series_follows_the_leaders_high_watermark_and_the_groups_commits() {
    let events = [
        leader(0, 2, 0, 0),
        assigned(5, 1, &[0]),
        hw(10, 2, 0, 8),
        hw(11, 3, 0, 8), // a follower's HW: ignored
        commit(20, "g", &[(0, 4)]),
        commit(20, "other", &[(0, 1)]),
        hw(30, 2, 0, 12),
        hw(30, 2, 0, 13),           // same instant: one point
        commit(40, "g", &[(0, 4)]), // nothing changed: no point
        leader(50, 3, 0, 11),       // a new leader's lower HW
        at(
            60,
            Event::LeaderElected {
                tp: tp(0),
                leader: None,
                leader_epoch: 2,
                isr: Vec::new(),
                clean: true,
                previous: Some(3),
            },
        ),
    ];
    let series = lag_series(&events, "g");
    assert_eq!(series.len(), 1);
    assert_eq!(series[0].tp, tp(0));
    assert_eq!(
        series[0].points,
        [
            point(5, Some(0), None),
            point(10, Some(8), None),
            point(20, Some(8), Some(4)),
            point(30, Some(13), Some(4)),
            point(50, Some(11), Some(4)),
            point(60, None, Some(4)),
        ]
    );
    assert!(lag_series(&events, "nobody").is_empty());
}

#[test]
fn records_lag_max_is_the_worst_lag_of_the_last_windows() {
    let events = [
        fetched(1_000, 1, 0, 10, 50),   // lag 40
        fetched(2_000, 1, 10, 10, 30),  // lag 10
        fetched(31_000, 1, 20, 10, 35), // second window: lag 5
        fetched(40_000, 2, 0, 1, 1000), // another consumer
    ];
    assert_eq!(records_lag_max(&events, 1, 0), None, "nothing recorded yet");
    assert_eq!(records_lag_max(&events, 1, 2_000), Some(40));
    assert_eq!(records_lag_max(&events, 1, 40_000), Some(40));
    // The first window (from 1 s) expires at 61 s; the second (from 31 s) at 91 s.
    assert_eq!(records_lag_max(&events, 1, 61_000), Some(5));
    assert_eq!(records_lag_max(&events, 1, 91_000), None);
    let crashed = [
        fetched(1_000, 1, 0, 10, 50),
        at(2_000, Event::ConsumerCrashed { consumer: 1 }),
    ];
    assert_eq!(records_lag_max(&crashed, 1, 3_000), None);
}

#[test]
fn a_third_window_reuses_the_oldest() {
    let events = [
        fetched(0, 1, 0, 1, 100),     // 99 in window 1
        fetched(30_000, 1, 1, 1, 10), // 8 in window 2
        fetched(60_000, 1, 2, 1, 5),  // 2: window 1 is reset and reused
    ];
    assert_eq!(records_lag_max(&events, 1, 60_000), Some(8));
}

/// The leader's HW grows by 10 every second; the group commits every 5 s.
fn steady_producer(until_s: u64) -> Vec<TimedEvent> {
    let mut events = vec![leader(0, 1, 0, 0), assigned(0, 1, &[0])];
    for s in 1..=until_s {
        events.push(hw(s * 1000, 1, 0, 10 * s as i64));
    }
    events
}

fn merged(mut events: Vec<TimedEvent>, more: Vec<TimedEvent>) -> Vec<TimedEvent> {
    events.extend(more);
    events.sort_by_key(|t| t.at_ms);
    events
}

#[test]
fn burrow_warns_about_a_consumer_that_falls_further_behind() {
    // Commits every 10 s (Burrow's offset-refresh: each commit is judged
    // against a fresh end offset) reach only 4 offsets per second.
    let commits = (1..=10u64)
        .map(|i| commit(i * 10_000 + 500, "g", &[(0, 40 * i as i64)]))
        .collect();
    let events = merged(steady_producer(101), commits);
    let v = burrow_status(&events, "g", &BurrowConfig::default(), 101_000);
    assert_eq!(v.status, GroupStatus::Warn);
    let p = &v.partitions[0];
    assert_eq!(
        (p.status, p.rule),
        (PartitionStatus::Warn, Rule::LagNotDecreasing)
    );
    assert_eq!(p.owner, MEMBER_HOST);
    assert_eq!(p.client_id, "consumer-g-1");
}

#[test]
fn burrow_is_ok_for_a_consumer_that_keeps_up_and_stop_when_commits_cease() {
    let keeping_up: Vec<TimedEvent> = (1..=12u64)
        .map(|i| commit(i * 5000 + 500, "g", &[(0, 50 * i as i64)]))
        .collect();
    let events = merged(steady_producer(61), keeping_up);
    let v = burrow_status(&events, "g", &BurrowConfig::default(), 61_000);
    assert_eq!(v.status, GroupStatus::Ok, "{}", v.explanation);
    // No commit after 30 s while the log keeps growing: stopped.
    let stopping: Vec<TimedEvent> = (1..=6u64)
        .map(|i| commit(i * 5000 + 500, "g", &[(0, 40 * i as i64)]))
        .collect();
    let events = merged(steady_producer(120), stopping);
    let v = burrow_status(&events, "g", &BurrowConfig::default(), 120_000);
    assert_eq!(v.status, GroupStatus::Err);
    assert_eq!(v.partitions[0].rule, Rule::OffsetsStopped);
}

#[test]
fn burrow_drops_commits_before_its_first_end_offset_fetch() {
    // The leader appears at 1 s; Burrow's fetch at 0 s saw no partition.
    let events = [leader(1000, 1, 0, 5), commit(1500, "g", &[(0, 5)])];
    let v = burrow_status(&events, "g", &BurrowConfig::default(), 2000);
    assert_eq!(v.status, GroupStatus::NotFound);
    assert!(v.partitions.is_empty());
}

#[test]
fn eager_revocation_stops_the_member_until_its_next_assignment() {
    let events = [
        assigned(100, 1, &[0, 1]),
        revoked(1000, 1, &[0, 1], false),
        assigned(4000, 1, &[0]),
        revoked(5000, 1, &[0], false),
    ];
    let pauses = rebalance_pauses(&events);
    assert_eq!(pauses.len(), 2);
    assert_eq!((pauses[0].from_ms, pauses[0].to_ms), (1000, Some(4000)));
    assert!(pauses[0].stopped_everything());
    assert_eq!(pauses[0].duration_ms(9000), 3000);
    assert_eq!(pauses[1].to_ms, None);
    assert_eq!(pauses[1].duration_ms(9000), 4000);
}

#[test]
fn cooperative_revocation_keeps_the_rest_flowing() {
    let events = [
        assigned(100, 1, &[0, 1]),
        revoked(3000, 1, &[1], true),
        assigned(3000, 1, &[0]),
        at(4000, Event::ConsumerCrashed { consumer: 2 }),
    ];
    let pauses = rebalance_pauses(&events);
    assert_eq!(pauses.len(), 1);
    let p = &pauses[0];
    assert_eq!(
        (p.revoked.clone(), p.kept.clone()),
        (vec![tp(1)], vec![tp(0)])
    );
    assert!(p.cooperative && !p.stopped_everything());
    assert_eq!(p.duration_ms(10_000), 0);
}
