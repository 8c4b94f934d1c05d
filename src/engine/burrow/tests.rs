use super::*;

fn c(offset: i64, timestamp_ms: TimeMs, lag: u64) -> CommitSample {
    CommitSample {
        offset,
        timestamp_ms,
        lag,
    }
}

/// The status `calculate` gives, as Burrow's `calculatePartitionStatus`.
fn status(
    commits: &[CommitSample],
    brokers: &[i64],
    current_lag: u64,
    now_s: u64,
) -> PartitionStatus {
    calculate(commits, brokers, current_lag, now_s * 1000, 0)
        .rule()
        .status()
}

/// One row of Burrow's `TestCachingEvaluator_CheckRules` table
/// (core/internal/evaluator/caching_test.go): timestamps in ms, now in s.
struct Vector {
    commits: Vec<CommitSample>,
    brokers: Vec<i64>,
    current_lag: u64,
    now_s: u64,
    lag_always_not_zero: bool,
    rewind: bool,
    stopped: bool,
    stalled: bool,
    lag_not_decreasing: bool,
    recent_lag_zero: bool,
    status: PartitionStatus,
}

/// Ten commits one second apart (Burrow's vectors 9 and 10: offsets
/// 792748079.., timestamps 1512224618356..), all with lag 0.
fn busy_partition() -> Vec<CommitSample> {
    let stamps = [
        618_356, 619_362, 620_366, 621_367, 622_370, 623_373, 624_378, 625_379, 626_383, 627_383,
        628_383, 629_388, 630_391, 631_394, 632_397,
    ];
    stamps
        .iter()
        .enumerate()
        .map(|(i, ms)| c(792_748_079 + i as i64, 1_512_224_000_000 + ms, 0))
        .collect()
}

fn five(offsets: [i64; 5], lags: [u64; 5]) -> Vec<CommitSample> {
    (0..5)
        .map(|i| c(offsets[i], 100_000 * (i as u64 + 1), lags[i]))
        .collect()
}

fn burrow_vectors() -> Vec<Vector> {
    use PartitionStatus::*;
    let advancing = [1000, 2000, 3000, 4000, 5000];
    vec![
        // 0: OK because the lag is zero at the first commit.
        Vector {
            commits: five(advancing, [0, 50, 100, 150, 200]),
            brokers: vec![5200],
            current_lag: 200,
            now_s: 600,
            lag_always_not_zero: false,
            rewind: false,
            stopped: false,
            stalled: false,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Ok,
        },
        // 1: not stopped: 400 s since the last commit equals the 400 s span.
        Vector {
            commits: five(advancing, [0, 50, 100, 150, 200]),
            brokers: vec![5200],
            current_lag: 200,
            now_s: 900,
            lag_always_not_zero: false,
            rewind: false,
            stopped: false,
            stalled: false,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Ok,
        },
        // 2: STOP at 500 s since the last commit, although lag was zero at
        // the start (Burrow #290).
        Vector {
            commits: five(advancing, [0, 50, 100, 150, 200]),
            brokers: vec![5200],
            current_lag: 200,
            now_s: 1000,
            lag_always_not_zero: false,
            rewind: false,
            stopped: true,
            stalled: false,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Stop,
        },
        // 3: STOP with lag in every commit too.
        Vector {
            commits: five(advancing, [50, 100, 150, 200, 250]),
            brokers: vec![5250],
            current_lag: 250,
            now_s: 1000,
            lag_always_not_zero: true,
            rewind: false,
            stopped: true,
            stalled: false,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Stop,
        },
        // 4: the same offset every time, but lag zero at the first commit: OK.
        Vector {
            commits: five([1000; 5], [0, 50, 100, 150, 200]),
            brokers: vec![1200],
            current_lag: 200,
            now_s: 600,
            lag_always_not_zero: false,
            rewind: false,
            stopped: false,
            stalled: true,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Ok,
        },
        // 5: the same offset with lag every time: STALL.
        Vector {
            commits: five([1000; 5], [100, 150, 200, 250, 300]),
            brokers: vec![1300],
            current_lag: 300,
            now_s: 600,
            lag_always_not_zero: true,
            rewind: false,
            stopped: false,
            stalled: true,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Stall,
        },
        // 6: still STALL when the lag stays the same.
        Vector {
            commits: five([1000; 5], [100; 5]),
            brokers: vec![1100],
            current_lag: 100,
            now_s: 600,
            lag_always_not_zero: true,
            rewind: false,
            stopped: false,
            stalled: true,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Stall,
        },
        // 7: 3000 -> 2000 is a rewind, but the next commit (4000) is past
        // 3000 again, so since Burrow #716 (`checkIfRewindRecovered`) the
        // usual rules apply; the lag went down (1250 -> 300): OK. (Burrow's
        // table predates #716 and expected REWIND here.)
        Vector {
            commits: five([1000, 2000, 3000, 2000, 4000], [100, 150, 200, 1250, 300]),
            brokers: vec![4300],
            current_lag: 300,
            now_s: 600,
            lag_always_not_zero: true,
            rewind: true,
            stopped: false,
            stalled: false,
            lag_not_decreasing: false,
            recent_lag_zero: false,
            status: Ok,
        },
        // 8: OK because the current lag is 0, although the timestamps say
        // stopped.
        Vector {
            commits: five(advancing, [50, 100, 150, 200, 250]),
            brokers: vec![5250],
            current_lag: 0,
            now_s: 1000,
            lag_always_not_zero: true,
            rewind: false,
            stopped: true,
            stalled: false,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Ok,
        },
        // 9: STOP: new data arrived (lag 931), no commit for 18 s, and no
        // recent broker offset was at the last commit (#290).
        Vector {
            commits: busy_partition(),
            brokers: vec![
                792_749_024,
                792_749_000,
                792_748_800,
                792_748_600,
                792_748_500,
            ],
            current_lag: 931,
            now_s: 1_512_224_650,
            lag_always_not_zero: false,
            rewind: false,
            stopped: true,
            stalled: false,
            lag_not_decreasing: true,
            recent_lag_zero: false,
            status: Stop,
        },
        // 10: the same, but a recent broker offset (792748093) equals the
        // last commit: the consumer was caught up moments ago, not STOP (#303).
        Vector {
            commits: busy_partition(),
            brokers: vec![792_748_094, 792_748_093, 792_748_093, 792_748_093],
            current_lag: 1,
            now_s: 1_512_224_650,
            lag_always_not_zero: false,
            rewind: false,
            stopped: true,
            stalled: false,
            lag_not_decreasing: true,
            recent_lag_zero: true,
            status: Ok,
        },
    ]
}

#[test]
fn burrows_own_rule_table() {
    for (i, v) in burrow_vectors().iter().enumerate() {
        let cs = &v.commits;
        assert_eq!(
            first_lag_within(cs, 0).is_none(),
            v.lag_always_not_zero,
            "vector {i}: isLagAlwaysNotZero"
        );
        assert_eq!(
            rewind_index(cs).is_some(),
            v.rewind,
            "vector {i}: checkIfOffsetsRewind"
        );
        assert_eq!(
            offsets_stopped(cs, v.now_s * 1000),
            v.stopped,
            "vector {i}: checkIfOffsetsStopped"
        );
        assert_eq!(
            offsets_stalled(cs),
            v.stalled,
            "vector {i}: checkIfOffsetsStalled"
        );
        assert_eq!(
            first_lag_decrease(cs).is_none(),
            v.lag_not_decreasing,
            "vector {i}: checkIfLagNotDecreasing"
        );
        assert_eq!(
            recent_lag_zero(cs, &v.brokers),
            v.recent_lag_zero,
            "vector {i}: checkIfRecentLagZero"
        );
        assert_eq!(
            status(cs, &v.brokers, v.current_lag, v.now_s),
            v.status,
            "vector {i}: status"
        );
    }
}

// --- Each rule firing and not firing ---

#[test]
fn current_lag_zero_is_never_an_error() {
    // Burrow vector 8: stopped by the timestamps, but nothing to consume.
    let cs = five([1000, 2000, 3000, 4000, 5000], [50, 100, 150, 200, 250]);
    assert_eq!(
        calculate(&cs, &[5000], 0, 1_000_000, 0),
        Finding::CurrentLagZero
    );
    // One record behind: judged, and stopped.
    assert_eq!(calculate(&cs, &[5001], 1, 1_000_000, 0), Finding::Stopped);
}

#[test]
fn allowed_lag_counts_as_no_lag() {
    // Lag 5 everywhere with allowed-lag 5: "no lag" now and in the window.
    let stuck = five([1000; 5], [5; 5]);
    assert_eq!(
        calculate(&stuck, &[1005], 5, 600_000, 5),
        Finding::CurrentLagZero
    );
    // Current lag 6 > 5 is judged; the commits' lag 5 still counts as zero.
    assert_eq!(
        calculate(&stuck, &[1006], 6, 600_000, 5),
        Finding::LagZeroAt { at: 0 }
    );
    // With allowed-lag 4 the same window is a STALL.
    assert_eq!(calculate(&stuck, &[1006], 6, 600_000, 4), Finding::Stalled);
}

#[test]
fn stopped_fires_only_past_the_window_span() {
    // Commits at 100..500 s: the window spans 400 s.
    let cs = five([1000, 2000, 3000, 4000, 5000], [50, 100, 150, 200, 250]);
    assert_eq!(
        calculate(&cs, &[5250], 250, 900_000, 0),
        Finding::LagNotDecreasing
    );
    assert_eq!(calculate(&cs, &[5250], 250, 900_001, 0), Finding::Stopped);
}

#[test]
fn stopped_is_checked_before_the_zero_lag_rule() {
    // Lag 0 at the first commit does not hide a consumer that went away.
    let cs = five([1000, 2000, 3000, 4000, 5000], [0, 50, 100, 150, 200]);
    assert_eq!(calculate(&cs, &[5200], 200, 1_000_000, 0), Finding::Stopped);
    assert_eq!(
        calculate(&cs, &[5200], 200, 600_000, 0),
        Finding::LagZeroAt { at: 0 }
    );
}

#[test]
fn a_recent_caught_up_broker_offset_holds_off_stop() {
    let cs = five([1000, 2000, 3000, 4000, 5000], [50, 100, 150, 200, 250]);
    // One of the recent broker end offsets (5000) was at the last commit.
    assert!(recent_lag_zero(&cs, &[5000, 5100, 5250]));
    assert!(!recent_lag_zero(&cs, &[5001, 5100, 5250]));
    assert_eq!(
        calculate(&cs, &[5000, 5100, 5250], 250, 1_000_000, 0),
        Finding::LagNotDecreasing
    );
    assert_eq!(
        calculate(&cs, &[5001, 5100, 5250], 250, 1_000_000, 0),
        Finding::Stopped
    );
}

#[test]
fn an_unrecovered_rewind_is_rewind_even_after_zero_lag() {
    // Burrow issue #714: caught up at 10, 20, 30, then back to 20 (LEO 40).
    let cs = vec![
        c(10, 60_000, 0),
        c(20, 120_000, 0),
        c(30, 180_000, 0),
        c(20, 240_000, 20),
    ];
    assert_eq!(rewind_index(&cs), Some(3));
    assert!(!rewind_recovered(&cs, 3));
    assert_eq!(
        calculate(&cs, &[40], 20, 250_000, 0),
        Finding::Rewind { at: 3 }
    );
}

#[test]
fn a_recovered_rewind_falls_back_to_the_usual_rules() {
    // #714 later: 20, 30, back to 20, then 30 again: recovered; lag was 0.
    let cs = vec![
        c(20, 60_000, 0),
        c(30, 120_000, 0),
        c(20, 180_000, 20),
        c(30, 240_000, 15),
    ];
    assert_eq!(rewind_index(&cs), Some(2));
    assert!(rewind_recovered(&cs, 2));
    assert_eq!(
        calculate(&cs, &[45], 15, 250_000, 0),
        Finding::LagZeroAt { at: 0 }
    );
}

#[test]
fn the_stop_check_outranks_rewind() {
    let cs = vec![c(10, 60_000, 5), c(30, 120_000, 5), c(20, 180_000, 20)];
    assert_eq!(
        calculate(&cs, &[40], 20, 181_000, 0),
        Finding::Rewind { at: 2 }
    );
    assert_eq!(calculate(&cs, &[40], 20, 301_000, 0), Finding::Stopped);
}

#[test]
fn stalled_needs_lag_in_every_commit() {
    // Burrow vectors 4 and 5.
    let zero_first = five([1000; 5], [0, 50, 100, 150, 200]);
    assert_eq!(
        calculate(&zero_first, &[1200], 200, 600_000, 0),
        Finding::LagZeroAt { at: 0 }
    );
    let lagging = five([1000; 5], [100, 150, 200, 250, 300]);
    assert_eq!(
        calculate(&lagging, &[1300], 300, 600_000, 0),
        Finding::Stalled
    );
    // One commit that moved: not stalled.
    let moved = five([1000, 1000, 1000, 1000, 1001], [100, 150, 200, 250, 300]);
    assert_eq!(
        calculate(&moved, &[1301], 300, 600_000, 0),
        Finding::LagNotDecreasing
    );
}

#[test]
fn lag_not_decreasing_warns_and_one_decrease_is_enough_for_ok() {
    // Offsets advance by 100 per commit but the lag grows 10 per commit.
    let behind = five([100, 200, 300, 400, 500], [10, 20, 30, 40, 50]);
    assert_eq!(
        calculate(&behind, &[550], 50, 600_000, 0),
        Finding::LagNotDecreasing
    );
    // Equal lag is "not decreasing" too.
    let level = five([100, 200, 300, 400, 500], [10, 20, 20, 40, 50]);
    assert_eq!(
        calculate(&level, &[550], 50, 600_000, 0),
        Finding::LagNotDecreasing
    );
    // 40 -> 35 between the fourth and fifth commits.
    let catching_up = five([100, 200, 300, 400, 500], [10, 20, 30, 40, 35]);
    assert_eq!(
        calculate(&catching_up, &[535], 35, 600_000, 0),
        Finding::LagDecreasedAt { at: 4 }
    );
}

#[test]
fn a_single_commit_with_lag_is_judged_not_skipped() {
    // Burrow evaluates partial windows (minimum-complete 0): a single commit
    // spans 0 s, so any later second makes it STOP, and within the same
    // second it is a STALL (every commit at one offset).
    let one = [c(100, 5_000, 7)];
    assert_eq!(calculate(&one, &[107], 7, 6_000, 0), Finding::Stopped);
    assert_eq!(calculate(&one, &[107], 7, 5_000, 0), Finding::Stalled);
}

// --- evaluate(): storage, completeness, roll-up ---

/// A window built through the real bookkeeping: each commit is stored
/// against a broker end offset of `offset + lag`.
fn window(cfg: &BurrowConfig, rows: &[(i64, TimeMs, u64)]) -> CommitWindow {
    let mut w = CommitWindow::default();
    for &(offset, at, lag) in rows {
        let broker = brokers(cfg, &[offset + lag as i64]);
        assert_eq!(w.push(cfg, offset, at, &broker), CommitStored::Appended);
    }
    w
}

fn brokers(cfg: &BurrowConfig, end_offsets: &[i64]) -> BrokerOffsets {
    let mut b = BrokerOffsets::default();
    for &e in end_offsets {
        b.push(cfg, e);
    }
    b
}

fn part<'a>(p: u32, commits: &'a CommitWindow, broker: &'a BrokerOffsets) -> PartitionWindow<'a> {
    PartitionWindow {
        topic: "orders",
        partition: p,
        owner: "/10.0.0.1",
        client_id: "billing-1",
        commits,
        broker_offsets: broker,
    }
}

#[test]
fn a_half_full_window_is_judged_like_burrow_does() {
    // Burrow's own "Incomplete" case: 5 of 10 commits stored, complete 0.5,
    // and still STOP, because minimum-complete defaults to 0.
    let cfg = BurrowConfig::default();
    let w = window(
        &cfg,
        &[
            (1000, 100_000, 100),
            (1100, 200_000, 200),
            (1200, 300_000, 300),
            (1300, 400_000, 400),
            (1400, 500_000, 500),
        ],
    );
    let b = brokers(&cfg, &[1900, 2000]);
    let g = evaluate(&cfg, 1_000_000, &[part(0, &w, &b)]);
    let p = &g.partitions[0];
    assert_eq!(
        (p.status, p.rule, p.complete, p.current_lag),
        (PartitionStatus::Stop, Rule::OffsetsStopped, 0.5, 600)
    );
    assert_eq!(p.start, Some(c(1000, 100_000, 100)));
    assert_eq!(p.end, Some(c(1400, 500_000, 500)));
    assert_eq!((g.status, g.complete), (GroupStatus::Err, 0.0));
    assert_eq!(
        p.explanation,
        "The last commit (offset 1400) was 500 s ago, longer than the 400 s the window spans, \
         and none of the last 2 log end offsets was at or below it: the consumer stopped \
         committing while 600 records wait: STOP."
    );
    // With minimum-complete 0.6 the half-full window is not judged yet.
    let strict = BurrowConfig {
        minimum_complete: 0.6,
        ..cfg
    };
    let g = evaluate(&strict, 1_000_000, &[part(0, &w, &b)]);
    assert_eq!(
        (g.partitions[0].rule, g.status),
        (Rule::BelowMinimumComplete, GroupStatus::Ok)
    );
    assert_eq!(
        g.partitions[0].explanation,
        "Only 5 of 10 commits are stored (complete 0.50), below minimum-complete 0.6, so Burrow \
         does not judge this partition yet: OK."
    );
}

#[test]
fn a_partition_without_commits_is_ok_and_empty() {
    let cfg = BurrowConfig::default();
    let w = window(&cfg, &[(10, 1000, 0)]);
    let none = CommitWindow::default();
    let b = brokers(&cfg, &[10]);
    let g = evaluate(&cfg, 2000, &[part(0, &w, &b), part(1, &none, &b)]);
    let p = &g.partitions[1];
    assert_eq!(
        (p.status, p.rule, p.complete, p.current_lag, p.start),
        (PartitionStatus::Ok, Rule::NoCommits, 0.0, 0, None)
    );
    assert_eq!(
        p.explanation,
        "No offset commit is stored yet, so Burrow cannot judge this partition: OK."
    );
}

#[test]
fn the_group_takes_the_worst_status_and_errors_become_err() {
    let cfg = BurrowConfig::default();
    let ok = window(&cfg, &[(100, 10_000, 0), (200, 20_000, 0)]);
    let ok_b = brokers(&cfg, &[210]);
    let warn = window(&cfg, &[(100, 10_000, 10), (200, 20_000, 20)]);
    let warn_b = brokers(&cfg, &[230]);
    let stall = window(&cfg, &[(100, 10_000, 10), (100, 20_000, 20)]);
    let stall_b = brokers(&cfg, &[130]);
    let now = 25_000;

    let g = evaluate(&cfg, now, &[part(0, &ok, &ok_b)]);
    assert_eq!(
        (g.status, g.partitions[0].rule),
        (GroupStatus::Ok, Rule::LagZeroInWindow)
    );
    assert_eq!(g.explanation, "All 1 partitions are OK: OK.");

    let g = evaluate(&cfg, now, &[part(0, &ok, &ok_b), part(1, &warn, &warn_b)]);
    assert_eq!(g.status, GroupStatus::Warn);
    assert_eq!(
        g.explanation,
        "orders-1 is WARN; the group takes its worst partition's status: WARN."
    );

    let g = evaluate(
        &cfg,
        now,
        &[
            part(0, &ok, &ok_b),
            part(1, &warn, &warn_b),
            part(2, &stall, &stall_b),
        ],
    );
    assert_eq!(g.status, GroupStatus::Err);
    assert_eq!(g.partitions[2].status, PartitionStatus::Stall);
    assert_eq!(
        g.explanation,
        "orders-1 is WARN, orders-2 is STALL; a STOP, STALL or REWIND partition makes the group ERR."
    );
    assert_eq!(
        g.partitions[2].explanation,
        "Every commit in the window (2) is at offset 100 while the lag is 30: the consumer keeps \
         committing but does not advance: STALL."
    );
}

#[test]
fn maxlag_is_the_first_partition_with_the_largest_lag_and_total_lag_sums() {
    let cfg = BurrowConfig::default();
    let w = window(&cfg, &[(100, 10_000, 0)]);
    let lag7 = brokers(&cfg, &[107]);
    let lag9 = brokers(&cfg, &[109]);
    let parts = [part(0, &w, &lag7), part(1, &w, &lag9), part(2, &w, &lag9)];
    let g = evaluate(&cfg, 10_000, &parts);
    assert_eq!((g.total_lag, g.partition_count), (25, 3));
    let maxlag = g.maxlag.expect("three partitions");
    assert_eq!((maxlag.partition, maxlag.current_lag), (1, 9));
    // One commit of ten stored in each: no partition is complete.
    assert_eq!(g.complete, 0.0);
}

#[test]
fn group_complete_is_the_share_of_full_windows() {
    let cfg = BurrowConfig {
        intervals: 2,
        ..BurrowConfig::default()
    };
    let full = window(&cfg, &[(1, 1000, 0), (2, 2000, 0)]);
    let half = window(&cfg, &[(1, 1000, 0)]);
    let b = brokers(&cfg, &[2]);
    let g = evaluate(
        &cfg,
        3000,
        &[
            part(0, &full, &b),
            part(1, &half, &b),
            part(2, &half, &b),
            part(3, &full, &b),
        ],
    );
    assert_eq!(g.complete, 0.5);
    assert_eq!(g.partitions[1].complete, 0.5);
}

#[test]
fn an_unknown_or_expired_group_is_notfound() {
    let cfg = BurrowConfig {
        expire_group_s: 60,
        ..BurrowConfig::default()
    };
    let none = CommitWindow::default();
    let b = brokers(&cfg, &[5]);
    let g = evaluate(&cfg, 1000, &[part(0, &none, &b)]);
    assert_eq!(
        (g.status, g.complete, g.partitions.len(), g.total_lag),
        (GroupStatus::NotFound, 1.0, 0, 0)
    );
    assert_eq!(
        g.explanation,
        "Burrow has seen no offset commit from this group: NOTFOUND."
    );
    assert_eq!(evaluate(&cfg, 1000, &[]).status, GroupStatus::NotFound);

    // Last commit at 10 s: known up to 70 s, forgotten after.
    let w = window(&cfg, &[(5, 10_000, 0)]);
    assert_eq!(
        evaluate(&cfg, 70_999, &[part(0, &w, &b)]).status,
        GroupStatus::Ok
    );
    let g = evaluate(&cfg, 71_000, &[part(0, &w, &b)]);
    assert_eq!(g.status, GroupStatus::NotFound);
    assert_eq!(
        g.explanation,
        "The group's newest commit, at 10 s, is older than expire-group (60 s), so Burrow has \
         forgotten the group: NOTFOUND."
    );
}

#[test]
fn now_is_read_in_whole_seconds() {
    // Commits at 100 s and 500 s span 400 s; STOP needs more than 400 s
    // after 500 s. 900.999 s reads as 900 s.
    let cfg = BurrowConfig::default();
    let w = window(&cfg, &[(1000, 100_000, 50), (2000, 500_000, 60)]);
    let b = brokers(&cfg, &[2060]);
    assert_eq!(
        evaluate(&cfg, 900_999, &[part(0, &w, &b)]).partitions[0].rule,
        Rule::LagNotDecreasing
    );
    assert_eq!(
        evaluate(&cfg, 901_000, &[part(0, &w, &b)]).partitions[0].rule,
        Rule::OffsetsStopped
    );
}

#[test]
fn min_distance_merges_shape_the_window_burrow_judges() {
    // min-distance 60 s with commits every 10 s: one slot per minute, each
    // holding the newest offset of that minute.
    let cfg = BurrowConfig {
        min_distance_s: 60,
        ..BurrowConfig::default()
    };
    let mut w = CommitWindow::default();
    let b = brokers(&cfg, &[10_000]);
    for i in 0..13u64 {
        w.push(&cfg, 100 * i as i64, 10_000 * i, &b);
    }
    let got: Vec<_> = w
        .samples()
        .iter()
        .map(|s| (s.offset, s.timestamp_ms))
        .collect();
    assert_eq!(got, [(500, 0), (1100, 60_000), (1200, 120_000)]);
}

#[test]
fn explanations_name_the_deciding_commits() {
    let cfg = BurrowConfig::default();
    let explain_for = |rows: &[(i64, TimeMs, u64)], end: i64, now: TimeMs| {
        let w = window(&cfg, rows);
        let b = brokers(&cfg, &[end]);
        let g = evaluate(&cfg, now, &[part(0, &w, &b)]);
        (g.partitions[0].rule, g.partitions[0].explanation.clone())
    };
    assert_eq!(
        explain_for(
            &[
                (10, 60_000, 0),
                (20, 120_000, 0),
                (30, 180_000, 0),
                (20, 240_000, 20)
            ],
            40,
            250_000
        ),
        (
            Rule::OffsetsRewind,
            "Commit 4 of 4 went back from offset 30 to 20, and no later commit has reached 30 \
             again: the group's position was rewound (an offset reset, or a consumer restarting \
             from an old commit): REWIND."
                .to_string()
        )
    );
    assert_eq!(
        explain_for(
            &[(100, 10_000, 10), (200, 20_000, 20), (300, 30_000, 30)],
            340,
            35_000
        ),
        (
            Rule::LagNotDecreasing,
            "The offsets advanced (100 to 300) but the lag never went down from one commit to the \
             next (10 to 30): the consumer is slower than the producers and falls behind: WARN."
                .to_string()
        )
    );
    assert_eq!(
        explain_for(&[(100, 10_000, 40), (200, 20_000, 35)], 230, 25_000),
        (
            Rule::LagDecreasing,
            "The lag went down from 40 to 35 between the commits of offset 100 and 200: the \
             consumer keeps up: OK."
                .to_string()
        )
    );
    assert_eq!(
        explain_for(&[(100, 10_000, 0), (200, 20_000, 20)], 230, 25_000),
        (
            Rule::LagZeroInWindow,
            "The commit of offset 100 had lag 0: the consumer was caught up within the window, so \
             the current lag of 30 is no alarm yet: OK."
                .to_string()
        )
    );
    assert_eq!(
        explain_for(&[(100, 10_000, 5)], 100, 99_000),
        (
            Rule::CurrentLagZero,
            "The current lag is 0 (log end offset 100, last commit 100), and a partition without \
             lag is never in trouble: OK."
                .to_string()
        )
    );
}

#[test]
fn statuses_and_rules_serialize_as_burrow_names() {
    let names: Vec<String> = [
        PartitionStatus::Ok,
        PartitionStatus::Warn,
        PartitionStatus::Stop,
        PartitionStatus::Stall,
        PartitionStatus::Rewind,
    ]
    .iter()
    .map(|s| serde_json::to_string(s).unwrap())
    .collect();
    assert_eq!(
        names,
        ["\"OK\"", "\"WARN\"", "\"STOP\"", "\"STALL\"", "\"REWIND\""]
    );
    let names: Vec<String> = [
        GroupStatus::NotFound,
        GroupStatus::Ok,
        GroupStatus::Warn,
        GroupStatus::Err,
    ]
    .iter()
    .map(|s| serde_json::to_string(s).unwrap())
    .collect();
    assert_eq!(names, ["\"NOTFOUND\"", "\"OK\"", "\"WARN\"", "\"ERR\""]);
    assert_eq!(
        serde_json::to_string(&Rule::OffsetsStopped).unwrap(),
        "\"offsets_stopped\""
    );
    // Burrow's numeric order: OK < WARN < ERR; STOP < STALL < REWIND.
    assert!(GroupStatus::NotFound < GroupStatus::Ok && GroupStatus::Warn < GroupStatus::Err);
    assert!(
        PartitionStatus::Stop < PartitionStatus::Stall
            && PartitionStatus::Stall < PartitionStatus::Rewind
    );
}

#[test]
fn bad_config_names_the_field() {
    assert!(BurrowConfig::default().validate().is_ok());
    let bad = |cfg: BurrowConfig| cfg.validate().unwrap_err().to_string();
    let base = BurrowConfig::default();
    assert_eq!(
        bad(BurrowConfig {
            intervals: 0,
            ..base.clone()
        }),
        "intervals: must be at least 1"
    );
    assert_eq!(
        bad(BurrowConfig {
            offset_refresh_s: 0,
            ..base.clone()
        }),
        "offset-refresh: must be at least 1"
    );
    assert_eq!(
        bad(BurrowConfig {
            minimum_complete: 1.5,
            ..base.clone()
        }),
        "minimum-complete: must be between 0.0 and 1.0"
    );
    assert_eq!(
        bad(BurrowConfig {
            minimum_complete: f32::NAN,
            ..base
        }),
        "minimum-complete: must be between 0.0 and 1.0"
    );
}

#[test]
fn names_are_the_serialized_ones() {
    let serialized = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
    for s in [
        PartitionStatus::Ok,
        PartitionStatus::Warn,
        PartitionStatus::Stop,
        PartitionStatus::Stall,
        PartitionStatus::Rewind,
    ] {
        assert_eq!(s.name(), serialized(serde_json::to_value(s).unwrap()));
    }
    for s in [
        GroupStatus::NotFound,
        GroupStatus::Ok,
        GroupStatus::Warn,
        GroupStatus::Err,
    ] {
        assert_eq!(s.name(), serialized(serde_json::to_value(s).unwrap()));
    }
    for r in [
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
        assert_eq!(r.name(), serialized(serde_json::to_value(r).unwrap()));
    }
}
