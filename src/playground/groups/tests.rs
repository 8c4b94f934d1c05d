//! The cards of the "Lag and rebalance" preset: lane 0 runs range (eager),
//! lane 1 cooperative-sticky (KIP-429), with the same crash of consumer 1
//! at 20 s and its restart at 36 s.

use super::*;
use crate::engine::event::MemberRemovedReason;
use crate::playground::preset::PresetId;
use crate::playground::session::Session;

const ES: &str = "elasticsearch";

fn tp(p: u32) -> Tp {
    Tp::new("click_log", p)
}

fn at(ms: TimeMs) -> Session {
    let mut s = Session::from_preset(PresetId::LagRebalance).unwrap();
    s.advance_to(ms);
    s
}

fn groups(s: &Session, lane: usize) -> Vec<GroupView> {
    group_views(s.lanes[lane].timeline.sim(), s.past(lane))
}

fn es(s: &Session, lane: usize) -> GroupView {
    groups(s, lane).into_iter().find(|g| g.group == ES).unwrap()
}

fn member(g: &GroupView, consumer: u32) -> &MemberView {
    g.members.iter().find(|m| m.consumer == consumer).unwrap()
}

fn assigned(r: &Rebalance, consumer: u32) -> Vec<Tp> {
    let a = r.member(consumer).and_then(|m| m.assigned.as_ref());
    a.map(|a| a.partitions.clone()).unwrap_or_default()
}

#[test]
fn at_ten_seconds_both_groups_are_stable_and_consumer_3_is_idle() {
    let s = at(10_000);
    for lane in 0..2 {
        let gs = groups(&s, lane);
        let names: Vec<&str> = gs.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(names, ["elasticsearch", "hadoop"]);
        let g = &gs[0];
        assert_eq!(g.state, Some(GroupState::Stable));
        assert_eq!(g.generation, 1);
        assert_eq!(g.leader, Some(2), "the first to join leads");
        // |"elasticsearch".hashCode()| % 2 = 1963 … 563 % 2.
        assert_eq!(g.offsets_partition, 1);
        assert!(g.coordinator.is_some());
        let statuses: Vec<_> = g.members.iter().map(|m| m.status.clone()).collect();
        use MemberStatus::*;
        assert_eq!(statuses, [Consuming, Consuming, Idle], "lane {lane}");
        assert!(member(g, 3).partitions.is_empty());
        let p0 = &member(g, 1).partitions[0];
        assert_eq!(p0.tp, tp(0));
        assert!(p0.position.unwrap() >= p0.committed.unwrap());
        assert!(member(g, 1).processed > 0);
        assert!(member(g, 1)
            .member_id
            .as_deref()
            .unwrap()
            .starts_with("consumer-elasticsearch-1-"));
        assert_eq!(g.static_membership(), Some(false));
        // The first rebalance: three JoinGroups, the leader's assignment, Stable.
        let r = g.latest().unwrap();
        assert_eq!(r.generation, Some(1));
        let new: Vec<u32> = r
            .members
            .iter()
            .filter(|m| m.new_member)
            .map(|m| m.consumer)
            .collect();
        assert_eq!(new, [1, 2, 3]);
        assert_eq!(
            r.assignment,
            [(1, vec![tp(0)]), (2, vec![tp(1)]), (3, vec![])]
        );
        let phases: Vec<Phase> = r.phases(10_000).iter().map(|p| p.phase).collect();
        assert_eq!(phases, Phase::ALL);
        assert_eq!(r.phase_at(10_000), Phase::Stable);
    }
    let s = at(10_000);
    let range = es(&s, 0);
    assert_eq!(range.protocol.as_deref(), Some("range"));
    assert_eq!(range.assignors(), Some(&[Strategy::Range][..]));
    assert_eq!(es(&s, 1).protocol.as_deref(), Some("cooperative-sticky"));
}

#[test]
fn the_first_rebalance_waits_out_the_initial_delay_in_its_join_phase() {
    let g = es(&at(3_000), 0);
    let r = g.latest().unwrap();
    assert!(r.is_open());
    assert_eq!(r.phase_at(3_000), Phase::Join);
    assert_eq!(g.state, Some(GroupState::PreparingRebalance));
    let statuses: Vec<_> = g.members.iter().map(|m| m.status.clone()).collect();
    assert!(statuses
        .iter()
        .all(|s| *s == MemberStatus::Rebalancing { reading: false }));
    // The axis breaks the 3 s group.initial.rebalance.delay.ms.
    let axis = g.axis(3_000).unwrap();
    assert_eq!(axis.end_ms(), 3_000);
    assert_eq!(axis.breaks().count(), 1);
    let done = es(&at(3_100), 0);
    let r = done.latest().unwrap();
    assert_eq!(r.phase_at(3_100), Phase::Stable);
    let spans = r.phases(3_100);
    let from = |p: Phase| spans.iter().find(|s| s.phase == p).unwrap().from_ms;
    assert!(from(Phase::Join) < from(Phase::Assign));
    assert!(from(Phase::Assign) < from(Phase::Sync));
    assert!(from(Phase::Sync) < from(Phase::Stable));
    assert_eq!(r.phase_at(from(Phase::Sync)), Phase::Sync);
}

#[test]
fn at_31_s_eager_stopped_consumer_2_and_cooperative_kept_it_reading() {
    let s = at(31_000);
    for lane in 0..2 {
        let g = es(&s, lane);
        let r = g.latest().unwrap();
        assert_eq!(r.reason, "a member left the group");
        assert_eq!(r.generation, Some(2));
        assert_eq!(
            r.member(1).unwrap().removed.as_ref().map(|x| &x.1),
            Some(&MemberRemovedReason::SessionTimeout)
        );
        assert!(r.member(2).unwrap().join_ms.is_some());
        assert!(r.member(3).unwrap().join_ms.is_some());
        assert_eq!(r.leader, Some(2));
        assert_eq!(member(&g, 1).status, MemberStatus::Crashed);
        assert_eq!(g.episode().len(), 1);
    }
    let eager = es(&s, 0);
    let r = eager.latest().unwrap();
    assert_eq!(assigned(r, 2), [tp(0)]);
    assert_eq!(assigned(r, 3), [tp(1)]);
    let [pause] = &eager.pauses[..] else {
        panic!("{:?}", eager.pauses)
    };
    assert_eq!((pause.consumer, pause.stopped_everything()), (2, true));
    assert_eq!(pause.revoked, [tp(1)]);
    let took = pause.duration_ms(31_000);
    assert!((10..50).contains(&took), "a stop of tens of ms: {took}");
    let coop = es(&s, 1);
    assert!(coop.pauses.is_empty(), "{:?}", coop.pauses);
    let r = coop.latest().unwrap();
    let kept = r.member(2).unwrap().assigned.as_ref().unwrap();
    assert_eq!(
        (kept.partitions.clone(), kept.added.clone()),
        (vec![tp(1)], vec![])
    );
    assert_eq!(assigned(r, 3), [tp(0)]);
}

#[test]
fn at_40_s_the_restart_stops_the_world_under_range_and_nobody_under_cooperative_sticky() {
    let s = at(40_000);
    let eager = es(&s, 0);
    let r = eager.latest().unwrap();
    assert_eq!(r.reason, "a member joined or rejoined");
    assert_eq!(r.generation, Some(3));
    assert!(
        r.member(1).unwrap().new_member,
        "the restarted process is a new member"
    );
    let first_join = r.member(1).unwrap().join_ms.unwrap();
    assert!(
        first_join < r.started_ms,
        "its JoinGroup opened the rebalance"
    );
    let mut stopped: Vec<u32> = eager.pauses.iter().map(|p| p.consumer).collect();
    stopped.sort();
    assert_eq!(stopped, [2, 3]);
    for p in &eager.pauses {
        assert!(p.stopped_everything() && !p.cooperative);
        let revoked = r.member(p.consumer).unwrap().revoked[0].at_ms;
        assert_eq!(revoked, p.from_ms);
        assert!(p.to_ms.unwrap() > r.stable_ms().unwrap());
    }
    assert_eq!(
        member(&eager, 3).status,
        MemberStatus::Idle,
        "range gave p0 to consumer 1"
    );
    // The axis breaks the 3 s wait for the heartbeats and keeps the stops readable.
    let axis = eager.axis(40_000).unwrap();
    assert_eq!(axis.start_ms(), first_join);
    assert_eq!(axis.breaks().count(), 1);
    for p in &eager.pauses {
        let w = axis.x(p.to_ms.unwrap()) - axis.x(p.from_ms);
        assert!(w > 0.3, "consumer {}: {w}", p.consumer);
    }
    let coop = es(&s, 1);
    assert!(coop.pauses.is_empty(), "{:?}", coop.pauses);
    let r = coop.latest().unwrap();
    assert!(r.members.iter().all(|m| m.revoked.is_empty()));
    assert_eq!(assigned(r, 2), [tp(1)]);
    assert_eq!(assigned(r, 3), [tp(0)]);
    assert_eq!(member(&coop, 1).status, MemberStatus::Idle);
    assert_eq!(coop.rebalances.len(), 2, "the previous one is kept");
    assert_eq!(coop.rebalances[0].generation, Some(2));
}

#[test]
fn the_slow_hadoop_group_is_alone_and_a_paused_member_says_so() {
    let mut s = at(10_000);
    let hadoop = groups(&s, 0).pop().unwrap();
    assert_eq!(hadoop.group, "hadoop");
    assert_eq!(hadoop.members.len(), 1);
    assert_eq!(hadoop.leader, Some(4));
    let all: Vec<Tp> = hadoop.members[0]
        .partitions
        .iter()
        .map(|p| p.tp.clone())
        .collect();
    assert_eq!(all, [tp(0), tp(1)]);
    s.act(crate::engine::command::Command::PauseConsumer {
        consumer: 2,
        paused: true,
    })
    .unwrap();
    s.advance_to(10_100);
    assert_eq!(member(&es(&s, 0), 2).status, MemberStatus::Paused);
    assert!(!has_groups(
        Session::from_preset(PresetId::Acks).unwrap().lanes[0]
            .timeline
            .sim()
    ));
    assert!(has_groups(s.lanes[0].timeline.sim()));
}

#[test]
fn add_consumer_joins_both_lanes_and_close_leaves_at_once() {
    let mut s = at(10_000);
    let add = add_member(&s, 0, "elasticsearch");
    let crate::engine::command::Command::AddConsumer {
        consumer, config, ..
    } = &add
    else {
        panic!("{add:?}")
    };
    assert_eq!(*consumer, 5, "the next free id");
    assert!(
        !config.contains_key(ASSIGNOR),
        "the lanes compare the assignor"
    );
    s.act(add.clone()).unwrap();
    s.advance_to(16_000);
    for lane in 0..2 {
        let g = es(&s, lane);
        assert!(g.members.iter().any(|m| m.consumer == 5), "lane {lane}");
        assert_eq!(g.members.len(), 4, "lane {lane}");
    }
    s.act(crate::engine::command::Command::CloseConsumer { consumer: 5 })
        .unwrap();
    s.advance_to(17_000);
    for lane in 0..2 {
        assert!(
            es(&s, lane).members.iter().all(|m| m.consumer != 5),
            "lane {lane}"
        );
    }
}
