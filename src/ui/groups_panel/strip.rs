//! The latest rebalance, phase by phase: a strip with the phases
//! (JoinGroup from every member → the leader computes the assignment →
//! SyncGroup, stored in `__consumer_offsets` → Stable), the phase at the
//! cursor highlighted, and under it a row per member over the same window:
//! its JoinGroup and SyncGroup, and a solid bar while an eager member had
//! revoked everything (stop the world) or a pale one for the partitions a
//! cooperative member gave up while it kept reading the rest. Quiet
//! stretches are drawn as breaks (`groups::Axis`), so tens of
//! milliseconds stay visible next to seconds of waiting; every bar is
//! labelled with its duration, and each member's row is told in words too.

use super::super::markup::{escape, Markup};
use super::super::member_colour::member_class;
use crate::engine::event::MemberRemovedReason;
use crate::engine::lag::RebalancePause;
use crate::engine::sort::sort;
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

fn phase_text(l: Locale, p: Phase) -> &'static str {
    match p {
        Phase::Join => pick(l, "JoinGroup from every member", "모든 멤버가 JoinGroup"),
        Phase::Assign => pick(
            l,
            "the leader computes the assignment",
            "리더가 할당을 계산",
        ),
        Phase::Sync => pick(
            l,
            "SyncGroup: the assignment is stored in __consumer_offsets",
            "SyncGroup: 할당을 __consumer_offsets에 저장",
        ),
        Phase::Stable => pick(
            l,
            "Stable: members take their partitions",
            "Stable: 멤버들이 파티션을 받음",
        ),
    }
}

/// The coordinator's reasons (`GroupCoordinator.prepareRebalance` callers), in the page's language.
fn reason_text(l: Locale, reason: &str) -> &str {
    match (l, reason) {
        (Locale::Ko, "a member joined or rejoined") => "멤버가 참여하거나 다시 참여함",
        (Locale::Ko, "a member left the group") => "멤버가 그룹을 떠남",
        (Locale::Ko, "storing the assignment failed") => "할당 저장 실패",
        (Locale::Ko, "a static member rejoined with a changed subscription") => {
            "정적 멤버가 바뀐 구독으로 다시 참여함"
        }
        _ => reason,
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
    let generation = r.generation.map_or("…".to_string(), |g| g.to_string());
    let end = r.end.map(|e| e.0);
    let took = end.unwrap_or(now) - r.started_ms;
    let running = match end {
        Some(_) => "",
        None => pick(l, " so far", " (진행 중)"),
    };
    format!(
        "{} {generation} ({}): {took} ms{running}",
        pick(l, "Rebalance → generation", "리밸런스 → 세대"),
        reason_text(l, &r.reason),
    )
}

/// What one member's row says in words, and its kind (`stop`, `partial`,
/// `removed`, `waiting`, `idle`, `joined`, `kept`) for the CSS and tests.
fn member_story(
    l: Locale,
    pauses: &[RebalancePause],
    r: &Rebalance,
    c: u32,
    now: TimeMs,
) -> (String, &'static str) {
    if let Some(p) = pauses.first() {
        let ms = p.duration_ms(now);
        let so_far = if p.to_ms.is_none() {
            pick(l, " so far", " (진행 중)")
        } else {
            ""
        };
        return match p.stopped_everything() {
            true => (
                format!(
                    "{} ({}), {} {ms} ms{so_far} — {}",
                    pick(l, "revoked everything", "전부 반납"),
                    tps(&p.revoked),
                    pick(l, "read nothing for", "읽지 못한 시간:"),
                    pick(l, "stop the world (eager)", "스톱 더 월드 (eager)"),
                ),
                "stop",
            ),
            false => (
                format!(
                    "{} {} ({ms} ms{so_far}), {} {}",
                    pick(l, "gave up", "내줌:"),
                    tps(&p.revoked),
                    pick(l, "kept reading", "계속 읽음:"),
                    tps(&p.kept),
                ),
                "partial",
            ),
        };
    }
    let m = r.member(c);
    if let Some((_, why)) = m.and_then(|m| m.removed.as_ref()) {
        let why = match why {
            MemberRemovedReason::SessionTimeout => "session.timeout.ms",
            MemberRemovedReason::RebalanceTimeout => "max.poll.interval.ms",
            MemberRemovedReason::LeftGroup(_) => "LeaveGroup",
        };
        let removed = pick(l, "removed by the coordinator", "코디네이터가 제거함");
        return (format!("{removed} ({why})"), "removed");
    }
    let Some(a) = m.and_then(|m| m.assigned.as_ref()) else {
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
    let (text, list, kind) = match (a.partitions.is_empty(), kept.is_empty()) {
        (true, _) => (
            pick(l, "no partition: idle", "파티션 없음: 유휴"),
            String::new(),
            "idle",
        ),
        (false, true) => (pick(l, "gets", "받음:"), tps(&a.partitions), "joined"),
        (false, false) => (
            pick(
                l,
                "never stopped reading; kept",
                "한 번도 멈추지 않음, 유지:",
            ),
            tps(&kept),
            "kept",
        ),
    };
    (format!("{text} {list}"), kind)
}

fn x(axis: &Axis, t: TimeMs) -> f64 {
    PLOT_X + axis.x(t) * PLOT_W
}

/// A member's row of the strip.
struct Row {
    consumer: u32,
    name: String,
    /// The row's middle line.
    y: f64,
    pauses: Vec<RebalancePause>,
    kind: &'static str,
    story: String,
}

/// One member's row: its name, a track (thick while it reads), its pause
/// bars with their durations, its JoinGroup, SyncGroup and assignment, and
/// a star where the leader computed the assignment.
fn member_row(svg: &mut Markup, axis: &Axis, episode: &[Rebalance], row: &Row, now: TimeMs) {
    let (c, mid) = (row.consumer, row.y);
    svg.open(
        "g",
        &format!(r#"class="{}" data-consumer="{c}""#, member_class(c)),
    );
    svg.label("member-label", (4.0, mid + 4.0), "start", &row.name);
    let track = format!("track track-{}", row.kind);
    svg.line(&track, (PLOT_X, mid), (PLOT_X + PLOT_W, mid));
    for p in &row.pauses {
        let end = p.to_ms.unwrap_or(now);
        let kind = if p.stopped_everything() {
            "stop"
        } else {
            "partial"
        };
        let (x0, x1) = (x(axis, p.from_ms), x(axis, end));
        svg.open(
            "g",
            &format!(r#"data-testid="pause-bar-{c}" data-kind="{kind}""#),
        );
        let title = format!("{}–{end} ms", p.from_ms);
        svg.rect(
            &format!("pause pause-{kind}"),
            (x0, x1),
            (mid - 5.0, 10.0),
            &title,
        );
        let (lx, anchor) = match x1 > WIDTH - 70.0 {
            true => (x0 - 4.0, "end"),
            false => (x1 + 4.0, "start"),
        };
        svg.label(
            "pause-label",
            (lx, mid + 4.0),
            anchor,
            &format!("{} ms", end - p.from_ms),
        );
        svg.close("g");
    }
    for r in episode {
        if let (Some(t), true) = (r.computed_ms, r.leader == Some(c)) {
            svg.label("mk-leader", (x(axis, t), mid - 5.0), "middle", "★");
        }
        let Some(m) = r.member(c) else { continue };
        for (class, api, t) in [
            ("mk-join", "JoinGroup", m.join_ms),
            ("mk-sync", "SyncGroup", m.sync_ms),
        ] {
            if let Some(t) = t {
                svg.circle(class, (x(axis, t), mid), &format!("{api} {t} ms"));
            }
        }
        if let Some(a) = &m.assigned {
            let ax = x(axis, a.at_ms);
            svg.line("mk-assigned", (ax, mid - 7.0), (ax, mid + 7.0));
        }
    }
    svg.close("g");
}

fn strip_svg(
    out: &mut Markup,
    l: Locale,
    g: &GroupView,
    axis: &Axis,
    rows: &[Row],
    current: Phase,
    now: TimeMs,
) {
    // Under the rows: the breaks' lengths, then the window's ends.
    let height = ROW_Y + rows.len() as f64 * ROW_H + 28.0;
    let label = pick(
        l,
        "Rebalance timeline: phases, then one row per member",
        "리밸런스 타임라인: 단계, 그리고 멤버별 한 줄",
    );
    let attrs = format!(
        r#"class="rebalance-strip" viewBox="0 0 {} {}" role="img" aria-label="{label}""#,
        WIDTH as i32, height as i32
    );
    out.open("svg", &attrs);
    let bottom = height - 26.0;
    let quiet = pick(l, "not to scale: a quiet stretch", "축척 무시: 조용한 구간");
    for p in axis.breaks() {
        let (x0, x1) = (PLOT_X + p.x0 * PLOT_W, PLOT_X + p.x1 * PLOT_W);
        out.rect("axis-break", (x0, x1), (0.0, bottom), quiet);
        let label = format!("≈ {} ms", p.to_ms - p.from_ms);
        out.label(
            "axis-label",
            ((x0 + x1) / 2.0, height - 15.0),
            "middle",
            &label,
        );
    }
    let episode = g.episode();
    let latest = episode.len() - 1;
    for (i, r) in episode.iter().enumerate() {
        for s in r.phases(now) {
            let here = i == latest && s.phase == current;
            let class = format!(
                "ph ph-{}{}",
                phase_code(s.phase),
                if here { " current" } else { "" }
            );
            let title = format!("{}: {}–{} ms", phase_text(l, s.phase), s.from_ms, s.to_ms);
            out.rect(
                &class,
                (x(axis, s.from_ms), x(axis, s.to_ms)),
                (PHASE_Y, 16.0),
                &title,
            );
        }
    }
    for row in rows {
        member_row(out, axis, episode, row, now);
    }
    if (axis.start_ms()..=axis.end_ms()).contains(&now) {
        let cx = x(axis, now);
        out.line("strip-cursor", (cx, 0.0), (cx, bottom));
    }
    let y = height - 3.0;
    out.label(
        "axis-label",
        (PLOT_X, y),
        "start",
        &format!("{} ms", axis.start_ms()),
    );
    out.label(
        "axis-label",
        (PLOT_X + PLOT_W, y),
        "end",
        &format!("{} ms", axis.end_ms()),
    );
    out.close("svg");
}

/// The phases of the latest rebalance, the one at the cursor marked.
fn phase_list(out: &mut Markup, l: Locale, r: &Rebalance, current: Phase, now: TimeMs) {
    let spans = r.phases(now);
    out.open("ol", r#"class="phases""#);
    for (i, p) in Phase::ALL.into_iter().enumerate() {
        let span = spans.iter().find(|s| s.phase == p);
        let state = match (p == current, span) {
            (true, _) => " current",
            (false, None) => " todo",
            _ => "",
        };
        let code = phase_code(p);
        out.open(
            "li",
            &format!(r#"class="ph-{code}{state}" data-phase="{code}""#),
        )
        .el("span", "ph-swatch", &(i + 1).to_string())
        .text(phase_text(l, p));
        if let (Phase::Assign, Some(c)) = (p, r.leader) {
            out.text(&format!(" ({})", node_name(l, NodeId::Consumer(c))));
        }
        if let Some(s) = span {
            let when = format!(
                " · {}–{} ms ({} ms)",
                s.from_ms,
                s.to_ms,
                s.to_ms - s.from_ms
            );
            out.el("span", "small", &when);
        }
        out.close("li");
    }
    out.close("ol");
}

pub(super) fn rebalance_view(out: &mut Markup, l: Locale, g: &GroupView, now: TimeMs) {
    let (Some(latest), Some(axis)) = (g.latest(), g.axis(now)) else {
        out.el(
            "p",
            "empty small",
            pick(l, "No rebalance yet.", "아직 리밸런스가 없습니다."),
        );
        return;
    };
    let current = latest.phase_at(now);
    // Rows: every consumer that took part or is a member now.
    let mut ids: Vec<u32> = g
        .episode()
        .iter()
        .flat_map(|r| r.members.iter().map(|m| m.consumer))
        .collect();
    ids.extend(g.members.iter().map(|m| m.consumer));
    sort(&mut ids);
    ids.dedup();
    let rows: Vec<Row> = ids
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let pauses: Vec<RebalancePause> = g
                .pauses
                .iter()
                .filter(|p| p.consumer == c)
                .cloned()
                .collect();
            let (story, kind) = member_story(l, &pauses, latest, c, now);
            let y = ROW_Y + i as f64 * ROW_H + ROW_H / 2.0 - 2.0;
            Row {
                consumer: c,
                name: node_name(l, NodeId::Consumer(c)),
                y,
                pauses,
                kind,
                story,
            }
        })
        .collect();
    let group = escape(&g.group);
    out.open(
        "figure",
        &format!(
            r#"class="rebalance" data-testid="rebalance-{group}" data-phase="{}""#,
            phase_code(current)
        ),
    )
    .el("figcaption", "", &caption(l, latest, now));
    if let Some(before) = g.rebalances.len().checked_sub(g.episode_len + 1) {
        let before = caption(l, &g.rebalances[before], now);
        out.el(
            "p",
            "small previous",
            &format!("{} {before}", pick(l, "Before it:", "그 전:")),
        );
    }
    phase_list(out, l, latest, current, now);
    strip_svg(out, l, g, &axis, &rows, current, now);
    out.open("ul", r#"class="member-stories""#);
    for r in &rows {
        let attrs = format!(
            r#"class="{}" data-testid="story-{}" data-kind="{}""#,
            member_class(r.consumer),
            r.consumer,
            r.kind
        );
        out.open("li", &attrs)
            .el("span", "member-swatch", "")
            .el("strong", "", &r.name)
            .text(": ")
            .text(&r.story)
            .close("li");
    }
    out.close("ul").el("p", "hint", pick(l,
        "● JoinGroup  ○ SyncGroup  ★ the leader's assignment  | partitions received. Solid bar: an eager member revoked everything and read nothing (stop the world). Pale bar: a cooperative member gave up only what moved. ≈: a quiet stretch, not to scale.",
        "● JoinGroup  ○ SyncGroup  ★ 리더의 할당  | 파티션 받음. 진한 막대: eager 멤버가 전부 반납하고 아무것도 읽지 못함(스톱 더 월드). 옅은 막대: 협력적 멤버가 옮겨 갈 것만 내줌. ≈: 조용한 구간(축척 무시).")).close("figure");
}
