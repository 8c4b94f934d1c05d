//! The latest rebalance, phase by phase: a strip with the phases
//! (JoinGroup from every member → the leader computes the assignment →
//! SyncGroup, stored in `__consumer_offsets` → Stable), the phase at the
//! cursor highlighted, and under it a row per member over the same window:
//! its JoinGroup and SyncGroup, and a solid bar while an eager member had
//! revoked everything (stop the world) or a pale one for the partitions a
//! cooperative member gave up while it kept reading the rest. Quiet
//! stretches are drawn as breaks (`groups::Axis`), so tens of
//! milliseconds stay visible next to seconds of waiting; every bar is
//! labelled with its duration.

use yew::prelude::*;

use super::super::member_colour::member_class;
use crate::engine::lag::RebalancePause;
use crate::engine::types::{NodeId, TimeMs, Tp};
use crate::i18n::{pick, Locale};
use crate::narrate::node_name;
use crate::playground::groups::{Axis, GroupView, Phase, Rebalance};

const WIDTH: f64 = 600.0;
/// Where the time axis starts (the member names are left of it).
const PLOT_X: f64 = 96.0;
const PLOT_W: f64 = WIDTH - PLOT_X - 8.0;
const PHASE_Y: f64 = 4.0;
const ROW_Y: f64 = 30.0;
const ROW_H: f64 = 22.0;

fn phase_code(p: Phase) -> &'static str {
    match p {
        Phase::Join => "join",
        Phase::Assign => "assign",
        Phase::Sync => "sync",
        Phase::Stable => "stable",
    }
}

fn phase_text(l: Locale, p: Phase, r: &Rebalance) -> String {
    let leader = r
        .leader
        .map_or("—".to_string(), |c| node_name(l, NodeId::Consumer(c)));
    match (p, l) {
        (Phase::Join, Locale::En) => "JoinGroup from every member".into(),
        (Phase::Join, Locale::Ko) => "모든 멤버가 JoinGroup".into(),
        (Phase::Assign, Locale::En) => format!("the leader ({leader}) computes the assignment"),
        (Phase::Assign, Locale::Ko) => format!("리더({leader})가 할당을 계산"),
        (Phase::Sync, Locale::En) => {
            "SyncGroup: the assignment is stored in __consumer_offsets".into()
        }
        (Phase::Sync, Locale::Ko) => "SyncGroup: 할당을 __consumer_offsets에 저장".into(),
        (Phase::Stable, Locale::En) => "Stable: members take their partitions".into(),
        (Phase::Stable, Locale::Ko) => "Stable: 멤버들이 파티션을 받음".into(),
    }
}

/// The coordinator's reasons (`GroupCoordinator.prepareRebalance` callers), in the page's language.
fn reason_text(l: Locale, reason: &str) -> &str {
    match (l, reason) {
        (Locale::En, _) => reason,
        (Locale::Ko, "a member joined or rejoined") => "멤버가 참여하거나 다시 참여함",
        (Locale::Ko, "a member left the group") => "멤버가 그룹을 떠남",
        (Locale::Ko, "storing the assignment failed") => "할당 저장 실패",
        (Locale::Ko, "a static member rejoined with a changed subscription") => {
            "정적 멤버가 바뀐 구독으로 다시 참여함"
        }
        (Locale::Ko, _) => reason,
    }
}

fn tps(list: &[Tp]) -> String {
    let names: Vec<String> = list.iter().map(Tp::to_string).collect();
    match names.is_empty() {
        true => "—".into(),
        false => names.join(", "),
    }
}

/// The heading: which generation it makes, why, and how long it took.
fn caption(l: Locale, r: &Rebalance, now: TimeMs) -> String {
    let why = reason_text(l, &r.reason);
    let generation = r.generation.map_or("…".to_string(), |g| g.to_string());
    let (took, open) = match r.end {
        Some((t, _)) => (t - r.started_ms, false),
        None => (now - r.started_ms, true),
    };
    match (l, open) {
        (Locale::En, false) => format!("Rebalance → generation {generation} ({why}): {took} ms"),
        (Locale::En, true) => {
            format!("Rebalance → generation {generation} ({why}): {took} ms so far")
        }
        (Locale::Ko, false) => format!("리밸런스 → 세대 {generation} ({why}): {took}ms"),
        (Locale::Ko, true) => format!("리밸런스 → 세대 {generation} ({why}): 지금까지 {took}ms"),
    }
}

/// What one member's row says in words (also its bar's label).
fn member_story(
    l: Locale,
    pauses: &[&RebalancePause],
    r: &Rebalance,
    c: u32,
    now: TimeMs,
) -> (String, &'static str) {
    if let Some(p) = pauses.first() {
        let ms = p.duration_ms(now);
        let so_far = p.to_ms.is_none();
        let (revoked, kept) = (tps(&p.revoked), tps(&p.kept));
        return match (p.stopped_everything(), l) {
            (true, Locale::En) => (format!("revoked everything ({revoked}) and read nothing for {ms} ms{} — stop the world", if so_far { " so far" } else { "" }), "stop"),
            (true, Locale::Ko) => (format!("전부({revoked}) 반납하고 {}{ms}ms 동안 아무것도 읽지 못함 — 스톱 더 월드", if so_far { "지금까지 " } else { "" }), "stop"),
            (false, Locale::En) => (format!("gave up {revoked} for {ms} ms and kept reading {kept}"), "partial"),
            (false, Locale::Ko) => (format!("{revoked}만 {ms}ms 동안 내주고 {kept}은 계속 읽음"), "partial"),
        };
    }
    let m = r.member(c);
    let assigned = m.and_then(|m| m.assigned.as_ref());
    if let Some((_, why)) = m.and_then(|m| m.removed.as_ref()) {
        let why = match why {
            crate::engine::event::MemberRemovedReason::SessionTimeout => {
                pick(l, "session.timeout.ms ran out", "session.timeout.ms 만료")
            }
            crate::engine::event::MemberRemovedReason::RebalanceTimeout => {
                pick(l, "it did not rejoin in time", "제때 다시 참여하지 않음")
            }
            crate::engine::event::MemberRemovedReason::LeftGroup(_) => {
                pick(l, "LeaveGroup", "LeaveGroup")
            }
        };
        let text = match l {
            Locale::En => format!("removed by the coordinator ({why})"),
            Locale::Ko => format!("코디네이터가 제거함 ({why})"),
        };
        return (text, "removed");
    }
    let Some(a) = assigned else {
        return (
            pick(l, "waiting for its assignment", "할당 대기 중").into(),
            "waiting",
        );
    };
    let kept: Vec<Tp> = a
        .partitions
        .iter()
        .filter(|tp| !a.added.contains(tp))
        .cloned()
        .collect();
    let new = m.is_some_and(|m| m.new_member);
    match (a.partitions.is_empty(), kept.is_empty(), l) {
        (true, _, Locale::En) => ("no partition: idle".into(), "idle"),
        (true, _, Locale::Ko) => ("파티션 없음: 유휴".into(), "idle"),
        (false, true, Locale::En) => (
            format!(
                "{} {}",
                if new { "joined, gets" } else { "gets" },
                tps(&a.partitions)
            ),
            "joined",
        ),
        (false, true, Locale::Ko) => (
            format!(
                "{}{} 받음",
                if new { "새로 참여해 " } else { "" },
                tps(&a.partitions)
            ),
            "joined",
        ),
        (false, false, Locale::En) => (
            format!("kept {} and never stopped reading", tps(&kept)),
            "kept",
        ),
        (false, false, Locale::Ko) => (
            format!("{}을 그대로 두고 한 번도 멈추지 않음", tps(&kept)),
            "kept",
        ),
    }
}

fn x(axis: &Axis, t: TimeMs) -> f64 {
    PLOT_X + axis.x(t) * PLOT_W
}

fn rect(class: String, x0: f64, x1: f64, y: f64, h: f64, title: String) -> Html {
    let w = (x1 - x0).max(2.0);
    html! { <rect class={class} x={format!("{x0:.1}")} y={format!("{y:.1}")} width={format!("{w:.1}")} height={format!("{h:.1}")}><title>{ title }</title></rect> }
}

fn mark(class: &'static str, cx: f64, cy: f64, title: String) -> Html {
    html! { <circle class={class} cx={format!("{cx:.1}")} cy={format!("{cy:.1}")} r="3.5"><title>{ title }</title></circle> }
}

pub(super) fn rebalance_view(l: Locale, g: &GroupView, now: TimeMs) -> Html {
    let (Some(latest), Some(axis)) = (g.latest(), g.axis(now)) else {
        return html! { <p class="empty small">{ pick(l, "No rebalance yet.", "아직 리밸런스가 없습니다.") }</p> };
    };
    let episode = g.episode();
    let current = latest.phase_at(now);
    // Rows: every consumer that took part or is a member now.
    let mut rows: Vec<u32> = episode
        .iter()
        .flat_map(|r| r.members.iter().map(|m| m.consumer))
        .collect();
    rows.extend(g.members.iter().map(|m| m.consumer));
    rows.sort_unstable();
    rows.dedup();
    let height = ROW_Y + rows.len() as f64 * ROW_H + 16.0;
    let axis = &axis;
    let phases = episode.iter().flat_map(|r| {
        let latest = std::ptr::eq(r, latest);
        r.phases(now).into_iter().map(move |s| {
            let here = latest && s.phase == current;
            let class = format!(
                "ph ph-{}{}",
                phase_code(s.phase),
                if here { " current" } else { "" }
            );
            rect(
                class,
                x(axis, s.from_ms),
                x(axis, s.to_ms),
                PHASE_Y,
                16.0,
                format!("{}–{} ms", s.from_ms, s.to_ms),
            )
        })
    });
    let breaks = axis.breaks().map(|p| {
        let (x0, x1) = (PLOT_X + p.x0 * PLOT_W, PLOT_X + p.x1 * PLOT_W);
        let label = format!("≈ {} ms", p.to_ms - p.from_ms);
        html! { <g class="axis-break">
            <rect x={format!("{x0:.1}")} y="0" width={format!("{:.1}", x1 - x0)} height={format!("{:.1}", height - 14.0)}>
                <title>{ pick(l, "not to scale: a quiet stretch", "축척 무시: 조용한 구간") }</title></rect>
            <text x={format!("{:.1}", (x0 + x1) / 2.0)} y={format!("{:.1}", height - 3.0)} text-anchor="middle">{ label }</text>
        </g> }
    });
    let mut stories = Vec::new();
    let member_rows = rows.iter().enumerate().map(|(i, &c)| {
        let y = ROW_Y + i as f64 * ROW_H;
        let mid = y + ROW_H / 2.0 - 2.0;
        let mine: Vec<&RebalancePause> = g.pauses.iter().filter(|p| p.consumer == c).collect();
        let (story, kind) = member_story(l, &mine, latest, c, now);
        stories.push((c, story.clone(), kind));
        let marks = episode.iter().filter_map(|r| r.member(c)).flat_map(|m| {
            let join = m.join_ms.map(|t| mark("mk-join", x(axis, t), mid, format!("JoinGroup {t} ms")));
            let sync = m.sync_ms.map(|t| mark("mk-sync", x(axis, t), mid, format!("SyncGroup {t} ms")));
            let assigned = m.assigned.as_ref().map(|a| {
                let t = a.at_ms;
                let x0 = x(axis, t);
                html! { <line class="mk-assigned" x1={format!("{x0:.1}")} x2={format!("{x0:.1}")} y1={format!("{:.1}", mid - 7.0)} y2={format!("{:.1}", mid + 7.0)}>
                    <title>{ format!("{} {t} ms: {}", pick(l, "assigned", "할당"), tps(&a.partitions)) }</title></line> }
            });
            [join, sync, assigned].into_iter().flatten().collect::<Vec<_>>()
        });
        let computed = episode.iter().filter(|r| r.leader == Some(c)).filter_map(|r| r.computed_ms).map(|t| {
            html! { <text class="mk-leader" x={format!("{:.1}", x(axis, t))} y={format!("{:.1}", mid - 5.0)} text-anchor="middle">
                { "★" }<title>{ format!("{} {t} ms", pick(l, "the leader computes the assignment", "리더가 할당 계산")) }</title></text> }
        });
        let bars = mine.iter().map(|p| {
            let end = p.to_ms.unwrap_or(now);
            let kind = if p.stopped_everything() { "stop" } else { "partial" };
            let (x0, x1) = (x(axis, p.from_ms), x(axis, end));
            let ms = end - p.from_ms;
            let label_x = if x1 > WIDTH - 70.0 { x0 - 4.0 } else { x1 + 4.0 };
            let anchor = if x1 > WIDTH - 70.0 { "end" } else { "start" };
            html! { <g data-testid={format!("pause-{c}")} data-kind={kind}>
                { rect(format!("bar bar-{kind}"), x0, x1, mid - 5.0, 10.0, format!("{}–{end} ms", p.from_ms)) }
                <text class="bar-label" x={format!("{label_x:.1}")} y={format!("{:.1}", mid + 4.0)} text-anchor={anchor}>{ format!("{ms} ms") }</text>
            </g> }
        });
        let track = format!("track track-{kind}");
        html! { <g class={member_class(c)} data-consumer={c.to_string()}>
            <text class="row-label" x="4" y={format!("{:.1}", mid + 4.0)}>{ node_name(l, NodeId::Consumer(c)) }</text>
            <line class={track} x1={format!("{PLOT_X:.1}")} x2={format!("{:.1}", PLOT_X + PLOT_W)} y1={format!("{mid:.1}")} y2={format!("{mid:.1}")} />
            { for bars }
            { for marks }
            { for computed }
        </g> }
    }).collect::<Html>();
    let cursor = (now >= axis.start_ms() && now <= axis.end_ms()).then(|| {
        let cx = x(axis, now);
        html! { <line class="strip-cursor" x1={format!("{cx:.1}")} x2={format!("{cx:.1}")} y1="0" y2={format!("{:.1}", height - 14.0)} /> }
    });
    let ends = html! { <>
        <text class="axis-label" x={format!("{PLOT_X:.1}")} y={format!("{:.1}", height - 3.0)}>{ format!("{} ms", axis.start_ms()) }</text>
        <text class="axis-label" x={format!("{:.1}", PLOT_X + PLOT_W)} y={format!("{:.1}", height - 3.0)} text-anchor="end">{ format!("{} ms", axis.end_ms()) }</text>
    </> };
    let spans = latest.phases(now);
    let steps = Phase::ALL.into_iter().enumerate().map(|(i, p)| {
        let span = spans.iter().find(|s| s.phase == p);
        let when = span.map_or(String::new(), |s| format!(" · {}–{} ms ({} ms)", s.from_ms, s.to_ms, s.to_ms - s.from_ms));
        let class = classes!(format!("ph-{}", phase_code(p)), (p == current).then_some("current"), span.is_none().then_some("todo"));
        html! { <li class={class} data-phase={phase_code(p)} aria-current={(p == current).then_some("step")}>
            <span class="ph-swatch" aria-hidden="true">{ i + 1 }</span>{ phase_text(l, p, latest) }<span class="small">{ when }</span>
        </li> }
    });
    let label = pick(
        l,
        "Rebalance timeline: phases, then one row per member",
        "리밸런스 타임라인: 단계, 그리고 멤버별 한 줄",
    );
    html! {
        <figure class="rebalance" data-testid={format!("rebalance-{}", g.group)} data-phase={phase_code(current)}>
            <figcaption>{ caption(l, latest, now) }</figcaption>
            <ol class="phases">{ for steps }</ol>
            <svg class="rebalance-strip" viewBox={format!("0 0 {WIDTH} {height:.0}")} role="img" aria-label={label}>
                { for breaks }
                { for phases }
                { member_rows }
                { for cursor }
                { ends }
            </svg>
            <ul class="member-stories">
                { for stories.into_iter().map(|(c, story, kind)| html! {
                    <li class={member_class(c)} data-testid={format!("story-{c}")} data-kind={kind}>
                        <span class="member-swatch" aria-hidden="true" /><strong>{ node_name(l, NodeId::Consumer(c)) }</strong>{ ": " }{ story }
                    </li>
                }) }
            </ul>
            <p class="hint">{ pick(l,
                "● JoinGroup  ○ SyncGroup  ★ the leader's assignment  | partitions received. Solid bar: an eager member revoked everything and read nothing (stop the world). Pale bar: a cooperative member gave up only what moved. ≈: a quiet stretch, not to scale.",
                "● JoinGroup  ○ SyncGroup  ★ 리더의 할당  | 파티션 받음. 진한 막대: eager 멤버가 전부 반납하고 아무것도 읽지 못함(스톱 더 월드). 옅은 막대: 협력적 멤버가 옮겨 갈 것만 내줌. ≈: 조용한 구간(축척 무시).") }</p>
        </figure>
    }
}
