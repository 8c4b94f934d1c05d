//! The lag panel: one block per consumer group of the lane shown — a lag
//! chart per partition, each member's `records-lag-max`, Burrow's status
//! with the rule that fired, and `kafka-consumer-groups.sh --describe`.
//!
//! The view (`playground::lag_view`) scans the whole history, so it is
//! computed once per change of the lane — while playing, at most a few
//! times per real second — and the blocks re-render only when it changes.

mod burrow_badge;
mod chart;
mod describe_table;

use yew::prelude::*;

use super::markup::{escape, Markup};
use super::member_colour::member_class;
use super::state::Playground;
use crate::engine::types::TimeMs;
use crate::i18n::{pick, Locale};
use crate::playground::lag_view::{lane_lag, GroupLag, LaneLag, MemberLag};

/// While playing, the view is recomputed when the cursor has moved this
/// many real milliseconds' worth of simulated time.
const REFRESH_REAL_MS: f64 = 200.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground>,
}

#[component]
pub fn LagPanel(props: &Props) -> Html {
    let state = &props.state;
    let l = state.locale;
    let lane = state.lane.min(state.session().lanes.len() - 1);
    let stamp = if state.playing {
        let bucket = (REFRESH_REAL_MS * state.speed_factor()).max(1.0) as TimeMs;
        (true, state.session().now() / bucket)
    } else {
        (false, state.version)
    };
    // The blocks are redrawn only when the view (or the language) changes.
    let blocks = {
        let state = state.clone();
        use_memo(
            (state.session_id(), lane, stamp, l),
            move |&(_, lane, _, l)| blocks(l, &lane_lag(&state.session().lanes[lane])),
        )
    };
    let mut intro = Markup::default();
    intro
        .open("h2", r#"id="lag-heading""#)
        .text(pick(l, "Lag", "랙"))
        .close("h2")
        .el("p", "hint", pick(l,
            "Lag = log end offset − committed offset: the records a group has not committed yet. The tool's log end offset is the leader's high watermark (what a consumer can read). A group commits only now and then (auto.commit.interval.ms), so its lag climbs between commits and drops at each one.",
            "랙 = 로그 끝 오프셋 − 커밋된 오프셋: 그룹이 아직 커밋하지 않은 레코드 수입니다. 도구가 말하는 로그 끝 오프셋은 리더의 하이 워터마크(컨슈머가 읽을 수 있는 끝)입니다. 그룹은 가끔씩만 커밋하므로(auto.commit.interval.ms) 랙은 커밋 사이에 오르고 커밋할 때 떨어집니다."))
        .el("p", "hint", pick(l,
            "Each line starts at the group's first commit and takes the colour of the member that owned the partition (dashed grey: nobody); shaded bands are rebalances. On the cluster view, one strip per group under each partition's leader: △ the committed offset, ● the owner's position.",
            "선은 그룹의 첫 커밋에서 시작하고, 그때 파티션을 가진 멤버의 색으로 그립니다(회색 점선: 소유자 없음). 음영 띠는 리밸런스입니다. 클러스터 그림에서는 각 파티션 리더 아래에 그룹마다 한 줄: △ 커밋된 오프셋, ● 소유 컨슈머의 위치."));
    html! {
        <section class="side-panel lag-panel" aria-labelledby="lag-heading" data-testid="lag-panel">
            { intro.finish() }
            { (*blocks).clone() }
        </section>
    }
}

/// One block per group, or a note that the lane has none.
fn blocks(l: Locale, v: &LaneLag) -> Html {
    if v.groups.is_empty() {
        let mut out = Markup::default();
        out.el(
            "p",
            "empty",
            pick(
                l,
                "No consumer group in this lane.",
                "이 레인에는 컨슈머 그룹이 없습니다.",
            ),
        );
        return out.finish();
    }
    // A plain loop: an iterator chain collected into `Html` costs far more wasm.
    let mut blocks = Vec::with_capacity(v.groups.len());
    for g in &v.groups {
        blocks.push(group_block(l, v, g));
    }
    html! { <div class="lag-groups">{ blocks }</div> }
}

/// A group's block: everything but the describe output is one markup
/// string (read-only, redrawn as the numbers change).
fn group_block(l: Locale, v: &LaneLag, g: &GroupLag) -> Html {
    let mut out = Markup::default();
    out.open("header", r#"class="lag-group-head""#)
        .open("h3", "")
        .el("span", "muted", pick(l, "group ", "그룹 "))
        .el("span", "mono", &g.group)
        .close("h3");
    burrow_badge::group_badge(&mut out, l, &g.burrow);
    out.close("header").open("div", r#"class="lag-charts""#);
    let y_max = chart::nice_ceiling(g.partitions.iter().map(|c| c.max_lag).max().unwrap_or(0));
    for c in &g.partitions {
        let tp = c.tp.to_string();
        out.open(
            "figure",
            &format!(r#"class="lag-partition" data-tp="{}""#, escape(&tp)),
        );
        chart::lag_chart(&mut out, l, v, g, c, y_max);
        out.open("figcaption", "");
        chart::caption(&mut out, l, c);
        let verdict = g
            .burrow
            .partitions
            .iter()
            .find(|p| p.topic == *c.tp.topic && p.partition == c.tp.partition);
        if let Some(p) = verdict {
            burrow_badge::partition_verdict(&mut out, l, p);
        }
        out.close("figcaption").close("figure");
    }
    out.close("div");
    members(&mut out, l, &g.members);
    html! {
        <article class="lag-group" data-group={g.group.clone()} data-testid={format!("lag-group-{}", g.group)}>
            { out.finish() }
            { describe_table::describe_table(l, &g.describe) }
        </article>
    }
}

/// Each member with its colour, its partitions and `records-lag-max`.
fn members(out: &mut Markup, l: Locale, members: &[MemberLag]) {
    out.open("div", r#"class="lag-members""#).open("ul", "");
    for m in members {
        let c = m.consumer;
        let reads = if m.crashed {
            pick(l, "crashed", "다운").to_string()
        } else if m.assignment.is_empty() {
            pick(l, "idle: no partition", "유휴: 파티션 없음").to_string()
        } else {
            let p: Vec<String> = m
                .assignment
                .iter()
                .map(|tp| format!("p{}", tp.partition))
                .collect();
            p.join(" ")
        };
        let lag_max = m
            .records_lag_max
            .map_or_else(|| "NaN".to_string(), |v| v.to_string());
        let item = format!(
            r#"class="lag-member {}" data-consumer="{c}""#,
            member_class(c)
        );
        let metric = format!(r#"class="mono" data-testid="records-lag-max-{c}""#);
        out.open("li", &item)
            .el(
                "span",
                "member-chip",
                &format!("{} {c}", pick(l, "consumer", "컨슈머")),
            )
            .el("span", "member-reads", &reads)
            .open("span", &metric)
            .text(&format!("records-lag-max {lag_max}"))
            .close("span")
            .close("li");
    }
    out.close("ul").el("p", "hint", pick(l,
        "records-lag-max: the consumer's own metric, the worst lag behind the high watermark its fetches saw in the last 30–60 s (metrics.sample.window.ms × metrics.num.samples); NaN when nothing was fetched or the process is down.",
        "records-lag-max: 컨슈머 자신의 지표로, 최근 30–60초(metrics.sample.window.ms × metrics.num.samples) 동안 페치에서 본 하이 워터마크 대비 최대 랙입니다. 페치가 없었거나 프로세스가 다운이면 NaN입니다."))
        .close("div");
}

/// Simulated milliseconds as seconds with one decimal.
fn secs(l: Locale, ms: TimeMs) -> String {
    format!(
        "{}{}",
        crate::engine::decimal::fixed(ms as f64 / 1000.0, 1),
        pick(l, " s", "초")
    )
}
