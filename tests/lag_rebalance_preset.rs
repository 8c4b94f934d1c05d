//! The "Lag and rebalance" preset tells the story its captions promise:
//! one idle member of three on two partitions, a crash found by the
//! session timeout, a slow "hadoop" group Burrow warns about, and on the
//! restart a stop-the-world rebalance under range (eager) but none under
//! cooperative-sticky (KIP-429).

use kafka_playground::engine::burrow::{BurrowConfig, GroupStatus};
use kafka_playground::engine::lag::{burrow_status, rebalance_pauses};
use kafka_playground::engine::types::Tp;
use kafka_playground::playground::preset::PresetId;
use kafka_playground::playground::session::Session;

fn owners(s: &Session, lane: usize) -> Vec<(u32, Vec<Tp>)> {
    let sim = s.lanes[lane].timeline.sim();
    sim.nodes
        .consumers
        .iter()
        .filter(|(_, c)| c.config.group_id.as_deref() == Some("elasticsearch"))
        .map(|(id, c)| (*id, c.assignment.clone()))
        .collect()
}

fn tp(p: u32) -> Tp {
    Tp::new("click_log", p)
}

#[test]
fn three_members_on_two_partitions_leave_one_idle_in_both_lanes() {
    let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
    s.advance_to(10_000);
    for lane in 0..2 {
        let o = owners(&s, lane);
        assert_eq!(
            o,
            vec![(1, vec![tp(0)]), (2, vec![tp(1)]), (3, vec![])],
            "lane {lane}"
        );
    }
}

#[test]
fn the_crash_hands_the_orphaned_partition_to_the_idle_member() {
    let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
    s.advance_to(27_000);
    // The session timeout has not run out: the dead member still owns p0.
    assert_eq!(owners(&s, 0)[0], (1, vec![tp(0)]));
    s.advance_to(32_000);
    // range sorts members by id: 2 takes p0, 3 takes p1; cooperative-sticky
    // leaves 2 on p1 and gives the orphan to 3.
    assert_eq!(owners(&s, 0)[1..], [(2, vec![tp(0)]), (3, vec![tp(1)])]);
    assert_eq!(owners(&s, 1)[1..], [(2, vec![tp(1)]), (3, vec![tp(0)])]);
}

#[test]
fn eager_stops_everyone_on_the_restart_and_cooperative_stops_no_one() {
    let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
    s.advance_to(50_000);
    let eager = rebalance_pauses(s.past(0));
    let on_restart: Vec<_> = eager.iter().filter(|p| p.from_ms >= 36_000).collect();
    let stopped: Vec<u32> = on_restart.iter().map(|p| p.consumer).collect();
    assert_eq!(stopped, [3, 2], "both owners revoke everything");
    assert!(on_restart
        .iter()
        .all(|p| p.stopped_everything() && p.to_ms.is_some()));
    let cooperative = rebalance_pauses(s.past(1));
    assert!(cooperative.is_empty(), "{cooperative:?}");
}

#[test]
fn burrow_warns_about_the_slow_hadoop_group_only() {
    let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
    s.advance_to(40_000);
    let cfg = BurrowConfig::default();
    let hadoop = burrow_status(s.past(0), "hadoop", &cfg, 40_000);
    assert_eq!(hadoop.status, GroupStatus::Warn, "{}", hadoop.explanation);
    let es = burrow_status(s.past(0), "elasticsearch", &cfg, 15_000);
    assert_eq!(es.status, GroupStatus::Ok, "{}", es.explanation);
}
