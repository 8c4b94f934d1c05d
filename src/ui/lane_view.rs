//! One lane: its label, what it has lost so far, the cluster picture, and
//! the fault menu of the broker the learner clicked (faults go to every
//! lane, so the same crash happens side by side).

use yew::prelude::*;

use super::cluster_svg::{cluster_svg, Props as ClusterProps};
use super::state::{Action, Playground};
use crate::engine::broker::BrokerStatus;
use crate::engine::command::Command;
use crate::engine::config::Acks;
use crate::engine::event::Event;
use crate::engine::types::BrokerId;
use crate::i18n::{pick, tr, Text};

/// Plain functions, not components: neither has hooks, and every
/// component type costs the page about 1.5 KB of wasm.
pub fn lane_view(state: &UseReducerHandle<Playground>, index: usize) -> Html {
    let locale = state.locale;
    let session = state.session();
    let lane = &session.lanes[index];
    // Losses are markers, so the marker index finds them without a scan.
    let now_seq = lane.timeline.past().last().map_or(0, |e| e.seq);
    let lost = lane
        .timeline
        .markers()
        .filter(|e| e.seq <= now_seq && matches!(e.event, Event::AcknowledgedRecordLost { .. }))
        .count();
    let sim = lane.timeline.sim();
    let fire_and_forget = !sim.nodes.producers.is_empty()
        && sim
            .nodes
            .producers
            .values()
            .all(|p| p.config.acks == Acks::None);
    let on_broker = {
        let state = state.clone();
        Callback::from(move |b: BrokerId| state.dispatch(Action::SelectBroker(Some(b))))
    };
    let summary = if lost > 0 {
        html! { <span class="lane-lost" data-testid="lane-lost">{ format!("{lost}{}", pick(locale, " acknowledged lost", "개 확인 후 유실")) }</span> }
    } else if fire_and_forget {
        html! { <span class="lane-unknown">{ pick(locale, "acks=0: nothing is acknowledged, so no loss is ever noticed", "acks=0: 아무것도 확인받지 않으므로 유실도 알아채지 못함") }</span> }
    } else {
        html! { <span class="lane-ok">{ pick(locale, "no acknowledged record lost", "확인된 레코드 유실 없음") }</span> }
    };
    let menu = (index == 0)
        .then_some(())
        .and(state.selected_broker)
        .map(|b| broker_menu(state, b));
    html! {
        <section class="lane" data-lane={index.to_string()} aria-label={lane.label.clone()}>
            <h2 class="lane-title"><span class="lane-label">{ lane.label.clone() }</span>{ summary }</h2>
            { cluster_svg(&ClusterProps { state: state.clone(), lane: index, on_broker }) }
            { for menu }
        </section>
    }
}

fn broker_menu(state: &UseReducerHandle<Playground>, b: BrokerId) -> Html {
    let locale = state.locale;
    let status = state.session().lanes[0].timeline.sim().broker_status(b);
    let running = status == Some(BrokerStatus::Running);
    let up = matches!(
        status,
        Some(BrokerStatus::Running | BrokerStatus::ShuttingDown)
    );
    let act = |cmd: Command| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Act(cmd.clone()));
            state.dispatch(Action::SelectBroker(None));
        })
    };
    let close = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectBroker(None)))
    };
    html! {
        <div class="broker-menu" role="dialog" data-testid="broker-menu"
            aria-label={format!("{} {b}", tr(locale, Text::Broker))}>
            <strong>{ format!("{} {b}", tr(locale, Text::Broker)) }</strong>
            <button data-testid="crash" disabled={!up} onclick={act(Command::Crash { broker: b })}
                title={pick(locale, "kill -9: no controlled shutdown", "kill -9: 정상 종료 없이")}>
                { pick(locale, "Crash", "다운시키기") }
            </button>
            <button data-testid="shutdown" disabled={!running} onclick={act(Command::Shutdown { broker: b })}
                title={pick(locale, "Controlled shutdown: leadership moves away first", "정상 종료: 리더십을 먼저 옮깁니다")}>
                { pick(locale, "Controlled shutdown", "정상 종료") }
            </button>
            <button data-testid="restart" disabled={up} onclick={act(Command::Restart { broker: b, fast: false })}>
                { pick(locale, "Restart", "재시작") }
            </button>
            <button class="close" onclick={close}>{ pick(locale, "Close", "닫기") }</button>
        </div>
    }
}
