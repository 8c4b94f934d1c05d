//! A member's card, in the member's colour: its ids, partitions with
//! position and committed offset, status, and the faults a learner can
//! cause (kill, stop polling, restart).

use yew::prelude::*;

use super::super::markup::{escape, Markup};
use super::super::member_colour::member_class;
use super::super::state::{Action, Playground};
use crate::engine::command::Command;
use crate::engine::types::NodeId;
use crate::i18n::{pick, Locale};
use crate::narrate::node_name;
use crate::playground::groups::{GroupView, MemberStatus, MemberView, PartitionView};

/// `data-status` and the CSS class suffix.
fn status_code(s: &MemberStatus) -> &'static str {
    match s {
        MemberStatus::Consuming => "consuming",
        MemberStatus::Idle => "idle",
        MemberStatus::Rebalancing { .. } => "rebalancing",
        MemberStatus::Paused => "paused",
        MemberStatus::Crashed => "crashed",
        MemberStatus::Error(_) => "error",
    }
}

fn status_text(l: Locale, s: &MemberStatus) -> String {
    let text = match s {
        MemberStatus::Consuming => pick(l, "consuming", "읽는 중"),
        MemberStatus::Idle => pick(
            l,
            "idle: no partition (more members than partitions)",
            "유휴: 파티션 없음 (멤버가 파티션보다 많음)",
        ),
        MemberStatus::Rebalancing { reading: true } => pick(
            l,
            "rebalancing, still reading its partitions (cooperative)",
            "리밸런스 중, 자기 파티션은 계속 읽음 (협력적)",
        ),
        MemberStatus::Rebalancing { reading: false } => pick(
            l,
            "rebalancing: reads nothing until its assignment",
            "리밸런스 중: 할당을 받을 때까지 읽지 못함",
        ),
        MemberStatus::Paused => pick(
            l,
            "paused: not calling poll()",
            "일시 정지: poll()을 호출하지 않음",
        ),
        MemberStatus::Crashed => pick(l, "crashed: no heartbeats", "죽음: 하트비트 없음"),
        MemberStatus::Error(e) => {
            return format!("{}: {e}", pick(l, "error", "오류"));
        }
    };
    text.to_string()
}

fn offsets(l: Locale, p: &PartitionView) -> String {
    let show = |o: Option<i64>| o.map_or("—".to_string(), |o| o.to_string());
    format!(
        "{} {} · {} {}",
        pick(l, "position", "위치"),
        show(p.position),
        pick(l, "committed", "커밋"),
        show(p.committed)
    )
}

/// What the card says about the member (read-only markup).
fn member_details(l: Locale, leader: bool, m: &MemberView) -> Html {
    let c = m.consumer;
    let mut out = Markup::default();
    out.open("div", r#"class="member-head""#)
        .el("span", "member-swatch", "")
        .el("strong", "", &node_name(l, NodeId::Consumer(c)));
    if leader {
        out.el("span", "leader-badge", pick(l, "leader", "리더"));
    }
    out.close("div");
    let status = format!(r#"class="member-status" data-testid="member-status-{c}""#);
    out.open("p", &status)
        .text(&status_text(l, &m.status))
        .close("p");
    if let Some(id) = &m.member_id {
        let title = format!(r#"class="member-id mono small" title="{}""#, escape(id));
        out.open("p", &title).text(id).close("p");
    }
    if let Some(id) = &m.group_instance_id {
        out.el("p", "mono small", &format!("group.instance.id={id}"));
    }
    if m.partitions.is_empty() {
        out.el("p", "empty small", pick(l, "no partitions", "파티션 없음"));
    }
    out.open("ul", r#"class="tp-chips""#);
    for p in &m.partitions {
        out.open("li", r#"class="tp-chip""#)
            .el("span", "mono", &p.tp.to_string())
            .el("span", "small", &offsets(l, p))
            .close("li");
    }
    out.close("ul");
    let processed = format!(
        "{} {}",
        pick(l, "records processed:", "처리한 레코드:"),
        m.processed
    );
    out.el("p", "small", &processed);
    out.finish()
}

pub(super) fn member_card(
    state: &UseReducerHandle<Playground>,
    g: &GroupView,
    m: &MemberView,
) -> Html {
    let c = m.consumer;
    let code = status_code(&m.status);
    html! {
        <div class={classes!("member-card", member_class(c), format!("status-{code}"))}
            data-testid={format!("member-{c}")} data-status={code}>
            { member_details(state.locale, g.leader == Some(c), m) }
            { member_buttons(state, m) }
        </div>
    }
}

/// A member's buttons; only those that apply are enabled. Close is the
/// graceful way out (`close_consumer`: commit, revoke, LeaveGroup), Kill
/// the abrupt one.
fn member_buttons(state: &UseReducerHandle<Playground>, m: &MemberView) -> Html {
    let l = state.locale;
    let c = m.consumer;
    let crashed = m.status == MemberStatus::Crashed;
    let paused = m.status == MemberStatus::Paused;
    let act = |command: Command| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Act(command.clone())))
    };
    let pause_title = format!(
        "{} max.poll.interval.ms = {} ms",
        pick(
            l,
            "The application stops calling poll(); the consumer leaves the group once this passes:",
            "애플리케이션이 poll() 호출을 멈춥니다. 이 시간이 지나면 컨슈머가 그룹을 떠납니다:"
        ),
        m.max_poll_interval_ms
    );
    html! {
        <div class="button-row">
            <button type="button" class="danger" disabled={crashed} data-testid={format!("kill-{c}")}
                title={pick(l, "Kill the process: heartbeats stop and no LeaveGroup is sent; the coordinator notices after session.timeout.ms",
                    "프로세스를 죽입니다: 하트비트가 멈추고 LeaveGroup도 보내지 않아, 코디네이터는 session.timeout.ms 뒤에야 알아챕니다")}
                onclick={act(Command::CrashConsumer { consumer: c })}>{ pick(l, "Kill", "강제 종료") }</button>
            <button type="button" disabled={crashed} data-testid={format!("pause-{c}")} title={pause_title}
                aria-pressed={paused.to_string()}
                onclick={act(Command::PauseConsumer { consumer: c, paused: !paused })}>
                { if paused { pick(l, "Resume poll()", "poll() 재개") } else { pick(l, "Pause poll()", "poll() 멈춤") } }</button>
            <button type="button" disabled={!crashed} data-testid={format!("restart-{c}")}
                title={pick(l, "A new process with the same config (and group.instance.id)", "같은 설정(과 group.instance.id)으로 새 프로세스를 시작합니다")}
                onclick={act(Command::RestartConsumer { consumer: c })}>{ pick(l, "Restart", "재시작") }</button>
            <button type="button" disabled={crashed} data-testid={format!("close-{c}")}
                title={pick(l, "consumer.close(): commits (with auto-commit), gives its partitions up and sends LeaveGroup, so the group rebalances at once (a static member sends no LeaveGroup)",
                    "consumer.close(): (자동 커밋이면) 커밋하고 파티션을 반납한 뒤 LeaveGroup을 보내 그룹이 바로 리밸런스합니다(정적 멤버는 LeaveGroup을 보내지 않음)")}
                onclick={act(Command::CloseConsumer { consumer: c })}>{ pick(l, "Close", "종료(close)") }</button>
        </div>
    }
}
