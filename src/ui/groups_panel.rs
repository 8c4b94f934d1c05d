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

use super::event_log::LaneTabs;
use super::state::Playground;
use crate::engine::group_state::GroupState;
use crate::engine::types::{NodeId, TimeMs};
use crate::i18n::{pick, Locale};
use crate::narrate::{node_name, state_meaning};
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
    html! {
        <section class="side-panel groups-panel" aria-labelledby="groups-heading" data-testid="groups-panel">
            <h2 id="groups-heading">{ pick(l, "Consumer groups", "컨슈머 그룹") }</h2>
            <LaneTabs state={state.clone()} />
            <p class="hint">{ pick(l,
                "Each group reads every partition of its topics once, split among its members; groups read independently, each with its own committed offsets.",
                "그룹마다 토픽의 모든 파티션을 한 번씩, 멤버들이 나눠 읽습니다. 그룹끼리는 각자의 커밋 오프셋으로 따로 읽습니다.") }</p>
            <div class="group-cards">
                { for groups.iter().map(|g| group_card(state, g, now, &error)) }
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

/// `state-stable`, `state-preparingrebalance` …: the badge's colour class.
fn state_class(state: Option<GroupState>) -> String {
    let name = state.map_or("none".to_string(), |s| s.to_string());
    format!("state-badge state-{}", name.to_ascii_lowercase())
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

fn fact(name: &'static str, title: &str, value: String) -> Html {
    html! { <div class="setting"><dt title={title.to_string()}>{ name }</dt><dd>{ value }</dd></div> }
}

fn group_card(
    state: &UseReducerHandle<Playground>,
    g: &GroupView,
    now: TimeMs,
    error: &UseStateHandle<Option<(String, String)>>,
) -> Html {
    let l = state.locale;
    let meaning = g.state.map_or(
        pick(
            l,
            "the coordinator has not heard of this group yet",
            "코디네이터가 아직 이 그룹을 모릅니다",
        ),
        |s| state_meaning(l, s),
    );
    let dash = || "—".to_string();
    let leader = g
        .leader
        .map_or_else(dash, |c| node_name(l, NodeId::Consumer(c)));
    let state_code = g.state.map_or("none".to_string(), |s| s.to_string());
    html! {
        <article class="group-card" data-testid={format!("group-{}", g.group)} data-state={state_code}>
            <header class="group-head">
                <h3>{ &g.group }</h3>
                <span class={state_class(g.state)} title={meaning} data-testid={format!("group-state-{}", g.group)}>{ state_name(l, g.state) }</span>
            </header>
            <p class="hint">{ meaning }</p>
            <dl class="settings">
                { fact("generation", pick(l, "generation: +1 on every completed rebalance", "세대(generation): 리밸런스가 끝날 때마다 +1"), g.generation.to_string()) }
                { fact("protocol", pick(l, "the assignor the coordinator chose: the first of the leader's list every member supports", "코디네이터가 고른 할당 전략: 모든 멤버가 지원하는 것 중 목록에서 가장 앞선 것"), g.protocol.clone().unwrap_or_else(dash)) }
                { fact("coordinator", pick(l, "the broker that leads the group's __consumer_offsets partition (|hashCode(group.id)| % partitions)", "그룹의 __consumer_offsets 파티션(|hashCode(group.id)| % 파티션 수)의 리더 브로커"), coordinator_text(l, g)) }
                { fact("leader", pick(l, "the member that computes the assignment (the first to join)", "할당을 계산하는 멤버(가장 먼저 참여한 멤버)"), leader) }
            </dl>
            { settings::group_settings(state, g, error) }
            { strip::rebalance_view(l, g, now) }
            <div class="member-cards">
                { for g.members.iter().map(|m| member::member_card(state, g, m)) }
            </div>
        </article>
    }
}
