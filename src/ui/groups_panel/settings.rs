//! A group's settings row: `partition.assignment.strategy` and static
//! membership (`group.instance.id`). Both are consumer settings fixed at
//! construction, so a change replays the run (`with_consumer_config`).
//! "Add consumer" (`add_consumer`) starts one more member at this moment.

use yew::prelude::*;

use super::super::browser;
use super::super::markup::Markup;
use super::super::state::{Action, Playground};
use crate::i18n::{pick, Locale};
use crate::playground::groups::{
    add_member, assignor_changes, scenario_members, static_membership_changes, GroupView,
    MemberChanges, ASSIGNOR, INSTANCE_ID,
};

/// The lists offered, with what each one means.
fn assignors(l: Locale) -> [(&'static str, &'static str); 5] {
    [
        ("range", pick(l, "range (eager)", "range (eager)")),
        (
            "roundrobin",
            pick(l, "roundrobin (eager)", "roundrobin (eager)"),
        ),
        ("sticky", pick(l, "sticky (eager)", "sticky (eager)")),
        (
            "cooperative-sticky",
            pick(
                l,
                "cooperative-sticky (cooperative, KIP-429)",
                "cooperative-sticky (협력적, KIP-429)",
            ),
        ),
        (
            "range,cooperative-sticky",
            pick(
                l,
                "range, cooperative-sticky (Kafka's default: range, eager)",
                "range, cooperative-sticky (카프카 기본값: range, eager)",
            ),
        ),
    ]
}

pub(super) fn group_settings(
    state: &UseReducerHandle<Playground>,
    g: &GroupView,
    error: &UseStateHandle<Option<(String, String)>>,
) -> Html {
    let l = state.locale;
    let group = g.group.clone();
    // Each change replays the run; a refusal stays on this card.
    let reconfigure = {
        let (state, error, group) = (state.clone(), error.clone(), group.clone());
        move |changes: &dyn Fn(&[u32]) -> MemberChanges| {
            let lane = state.lane;
            let result = {
                let s = state.session();
                let shown = &s.lanes[lane.min(s.lanes.len() - 1)];
                let members = scenario_members(&shown.scenario, &group);
                s.with_consumer_config(lane, &changes(&members))
            };
            match result {
                Ok(session) => {
                    error.set(None);
                    state.dispatch(Action::Replay(session));
                }
                Err(e) => error.set(Some((group.clone(), e.to_string()))),
            }
        }
    };
    let on_assignor = {
        let reconfigure = reconfigure.clone();
        Callback::from(move |e: Event| {
            let v = browser::target_value(&e);
            reconfigure(&|members| assignor_changes(members, &v))
        })
    };
    let is_static = g.static_membership() == Some(true);
    let on_static = {
        let group = group.clone();
        Callback::from(move |_: Event| {
            reconfigure(&|members| static_membership_changes(&group, members, !is_static))
        })
    };
    let on_add = {
        let (state, group) = (state.clone(), group.clone());
        Callback::from(move |_: MouseEvent| {
            let command = add_member(&state.session(), state.lane, &group);
            state.dispatch(Action::Act(command));
        })
    };
    let current = g.assignors().map(|list| {
        let names: Vec<&str> = list.iter().map(|s| s.name()).collect();
        names.join(",")
    });
    let offered = assignors(l);
    let unlisted = current
        .clone()
        .filter(|c| !offered.iter().any(|(v, _)| v == c))
        .or_else(|| {
            current
                .is_none()
                .then(|| pick(l, "(members differ)", "(멤버마다 다름)").into())
        });
    let mut options = Markup::default();
    if let Some(u) = unlisted {
        let attrs = r#"value="" selected="selected" disabled="disabled""#;
        options.open("option", attrs).text(&u).close("option");
    }
    for (v, text) in offered {
        options.option(v, current.as_deref() == Some(v), text);
    }
    let error = error
        .as_ref()
        .filter(|(eg, _)| *eg == g.group)
        .map(|(_, e)| e.clone());
    html! {
        <div class="group-settings">
            <label>{ ASSIGNOR }
                <select onchange={on_assignor} data-testid={format!("assignor-{group}")}>
                    { options.finish() }
                </select></label>
            <label class="check" title={pick(l, "KIP-345: a member with a group.instance.id that restarts within session.timeout.ms gets its partitions back without a rebalance",
                "KIP-345: group.instance.id가 있는 멤버는 session.timeout.ms 안에 재시작하면 리밸런스 없이 파티션을 돌려받습니다")}>
                <input type="checkbox" checked={is_static} onchange={on_static} data-testid={format!("static-{group}")} />
                { pick(l, "static membership", "정적 멤버십") }
                <span class="mono small">{ format!("({INSTANCE_ID})") }</span>
            </label>
            <button type="button" onclick={on_add} data-testid={format!("add-consumer-{group}")}
                title={pick(l, "new KafkaConsumer(props) with the first member's config, then subscribe(): it sends JoinGroup and the group rebalances",
                    "첫 멤버의 설정으로 new KafkaConsumer(props) 후 subscribe(): JoinGroup을 보내고 그룹이 리밸런스합니다")}>
                { pick(l, "Add consumer", "컨슈머 추가") }</button>
            if let Some(e) = error {
                <p class="inline-error" role="alert" data-testid={format!("group-error-{group}")}>{ e }</p>
            }
            <p class="hint">{ pick(l,
                "A consumer's config is fixed when it starts, so a change replays this run from 0 ms with the same seed and your actions, back to this moment. Lanes that compare the setting keep their own value.",
                "컨슈머 설정은 시작할 때 정해지므로, 바꾸면 같은 시드와 지금까지의 조작으로 0ms부터 다시 재생해 이 순간으로 돌아옵니다. 이 설정을 비교하는 레인은 자기 값을 유지합니다.") }</p>
        </div>
    }
}
