//! The consumer groups of the lane shown, one card each: the state the
//! coordinator announced, the generation, the assignor it chose, the
//! coordinator itself (the leader of the group's `__consumer_offsets`
//! partition), the group-wide settings (assignor, static membership), the
//! latest rebalance phase by phase, and a card per member with its
//! partitions, offsets, status and fault buttons.

mod member;
mod settings;
mod strip;

use std::rc::Rc;

use yew::prelude::*;

use super::event_log::lane_tabs;
use super::markup::{escape, Markup};
use super::state::Playground;
use crate::engine::group_state::GroupState;
use crate::engine::types::{NodeId, TimeMs};
use crate::i18n::{pick, Locale};
use crate::narrate::groups::state_meaning;
use crate::narrate::node_name;
use crate::playground::groups::{group_views, GroupView};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
}

#[component]
pub fn GroupsPanel(props: &Props) -> Html {
    let state = &props.state;
    let l = state.locale;
    // A refused setting, next to the group it was for: (group, message).
    let error = use_state(|| None::<(String, String)>);
    let (key, now) = {
        let s = state.session();
        let lane = state.lane.min(s.lanes.len() - 1);
        let t = &s.lanes[lane].timeline;
        let key = (state.session_id(), lane, t.pos(), t.actions().len());
        (key, t.now())
    };
    // One pass over the lane's events per step, not one per card.
    let groups: Rc<Vec<GroupView>> = {
        let state = state.clone();
        use_memo(key, move |&(_, lane, _, _)| {
            let s = state.session();
            group_views(s.lanes[lane].timeline.sim(), s.past(lane))
        })
    };
    // Plain loops: an iterator chain collected into `Html` costs far more wasm.
    let mut cards = Vec::with_capacity(groups.len());
    for g in groups.iter() {
        cards.push(group_card(state, g, now, &error));
    }
    html! {
        <section class="side-panel groups-panel" aria-labelledby="groups-heading" data-testid="groups-panel">
            <h2 id="groups-heading">{ pick(l, "Consumer groups", "컨슈머 그룹") }</h2>
            { lane_tabs(state) }
            <p class="hint">{ pick(l,
                "Each group reads every partition of its topics once, split among its members; groups read independently, each with its own committed offsets.",
                "그룹마다 토픽의 모든 파티션을 한 번씩, 멤버들이 나눠 읽습니다. 그룹끼리는 각자의 커밋 오프셋으로 따로 읽습니다.") }</p>
            <div class="group-cards">
                { cards }
            </div>
        </section>
    }
}

fn state_name(l: Locale, state: Option<GroupState>) -> String {
    match state {
        Some(s) => s.to_string(),
        None => pick(l, "not created yet", "아직 없음").into(),
    }
}

fn coordinator_text(l: Locale, g: &GroupView) -> String {
    let p = g.offsets_partition;
    match (g.coordinator, l) {
        (Some(b), Locale::En) => format!("broker {b} (leader of __consumer_offsets-{p})"),
        (Some(b), Locale::Ko) => format!("브로커 {b} (__consumer_offsets-{p}의 리더)"),
        (None, Locale::En) => format!("none: __consumer_offsets-{p} has no leader"),
        (None, Locale::Ko) => format!("없음: __consumer_offsets-{p}에 리더가 없음"),
    }
}

/// The card's head: name, state badge with its meaning, and the facts.
fn group_head(l: Locale, g: &GroupView) -> Html {
    let meaning = g.state.map_or(
        pick(
            l,
            "the coordinator has not heard of this group yet",
            "코디네이터가 아직 이 그룹을 모릅니다",
        ),
        |s| state_meaning(l, s),
    );
    let code = g
        .state
        .map_or("none".to_string(), |s| s.to_string().to_ascii_lowercase());
    let name = escape(&g.group);
    let badge = format!(
        r#"class="state-badge state-{code}" title="{}" data-testid="group-state-{name}""#,
        escape(meaning)
    );
    let mut out = Markup::default();
    out.open("header", r#"class="group-head""#)
        .el("h3", "", &g.group)
        .open("span", &badge)
        .text(&state_name(l, g.state))
        .close("span")
        .close("header")
        .el("p", "hint", meaning)
        .open("dl", r#"class="settings""#);
    let leader = g.leader.map(|c| node_name(l, NodeId::Consumer(c)));
    let facts = [
        ("generation", pick(l, "generation: +1 on every completed rebalance", "세대(generation): 리밸런스가 끝날 때마다 +1"), g.generation.to_string()),
        ("protocol", pick(l, "the assignor the coordinator chose: the first of the leader's list every member supports", "코디네이터가 고른 할당 전략: 모든 멤버가 지원하는 것 중 목록에서 가장 앞선 것"), g.protocol.clone().unwrap_or_default()),
        ("coordinator", pick(l, "the broker that leads the group's __consumer_offsets partition (|hashCode(group.id)| % partitions)", "그룹의 __consumer_offsets 파티션(|hashCode(group.id)| % 파티션 수)의 리더 브로커"), coordinator_text(l, g)),
        ("leader", pick(l, "the member that computes the assignment (the first to join)", "할당을 계산하는 멤버(가장 먼저 참여한 멤버)"), leader.unwrap_or_default()),
    ];
    for (name, title, value) in facts {
        let value = if value.is_empty() {
            "—".to_string()
        } else {
            value
        };
        out.open("div", r#"class="setting""#)
            .open("dt", &format!(r#"title="{}""#, escape(title)))
            .text(name)
            .close("dt")
            .el("dd", "", &value)
            .close("div");
    }
    out.close("dl");
    out.finish()
}

fn group_card(
    state: &UseReducerHandle<Playground>,
    g: &GroupView,
    now: TimeMs,
    error: &UseStateHandle<Option<(String, String)>>,
) -> Html {
    let state_code = g.state.map_or("none".to_string(), |s| s.to_string());
    let mut strip = Markup::default();
    strip::rebalance_view(&mut strip, state.locale, g, now);
    let mut members = Vec::with_capacity(g.members.len());
    for m in &g.members {
        members.push(member::member_card(state, g, m));
    }
    html! {
        <article class="group-card" data-testid={format!("group-{}", g.group)} data-state={state_code}>
            { group_head(state.locale, g) }
            { settings::group_settings(state, g, error) }
            <div class="group-body">
                { strip.finish() }
                <div class="member-cards">
                    { members }
                </div>
            </div>
        </article>
    }
}
