//! The record accumulator made visible: each producer's batches per
//! partition — bytes against `batch.size`, the `linger.ms` timer, and once
//! sent the idempotent producer's sequence numbers on the wire. All of it
//! is read-only, so it is written as one markup string (see `markup`).

use crate::engine::decimal::fixed;
use yew::prelude::*;

use super::markup::Markup;
use super::state::Playground;
use crate::engine::producer::{BatchStage, BatchView, Producer};
use crate::engine::types::TimeMs;
use crate::i18n::{pick, Locale};
use crate::narrate::node_name;

/// A thin bar, `part` of `whole` (SVG: the page's CSP allows no inline styles).
fn bar(out: &mut Markup, part: i64, whole: i64, class: &str) {
    let pct = (part.max(0) as f64 / whole.max(1) as f64 * 100.0).min(100.0);
    let svg = format!(
        r#"class="bar {class}" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true""#
    );
    let fill = format!(r#"class="bar-fill" width="{}" height="6""#, fixed(pct, 1));
    out.open("svg", &svg)
        .open("rect", r#"class="bar-bg" width="100" height="6""#)
        .close("rect")
        .open("rect", &fill)
        .close("rect")
        .close("svg");
}

fn stage(l: Locale, b: &BatchView, linger_ms: TimeMs, now: TimeMs) -> String {
    let seq = |(pid, base): (i64, i32)| {
        let last = base + b.records.len() as i32 - 1;
        format!("PID {pid} · seq {base}–{last}")
    };
    match b.stage {
        BatchStage::Filling => pick(l, "filling", "채우는 중").to_string(),
        BatchStage::Ready => {
            let why = match (b.full, b.ready_at < b.created_ms + linger_ms) {
                (true, _) | (_, true) => pick(l, "full", "가득 참"),
                _ => pick(l, "linger.ms passed", "linger.ms 지남"),
            };
            format!(
                "{} ({why})",
                pick(l, "ready, waiting for the Sender", "준비됨, 전송 대기")
            )
        }
        BatchStage::Backoff => {
            let wait = b.ready_at.saturating_sub(now);
            match l {
                Locale::En => format!("attempt {} failed: retry in {wait} ms", b.attempts),
                Locale::Ko => format!("{}번째 시도 실패: {wait}ms 뒤 재시도", b.attempts),
            }
        }
        BatchStage::InFlight(leader) => {
            let to = node_name(l, crate::engine::types::NodeId::Broker(leader));
            let retry = match (b.attempts, l) {
                (1, _) => String::new(),
                (n, Locale::En) => format!(" · retry {}", n - 1),
                (n, Locale::Ko) => format!(" · 재시도 {}", n - 1),
            };
            let on_wire = b.sequence.map(seq).unwrap_or_default();
            format!(
                "{} {to} {on_wire}{retry}",
                pick(l, "in flight →", "전송 중 →")
            )
        }
    }
}

/// `data-stage` of a batch's row.
fn stage_code(stage: BatchStage) -> &'static str {
    match stage {
        BatchStage::Filling => "filling",
        BatchStage::Ready => "ready",
        BatchStage::Backoff => "backoff",
        BatchStage::InFlight(_) => "inflight",
    }
}

fn batch_row(out: &mut Markup, l: Locale, b: &BatchView, linger: TimeMs, now: TimeMs) {
    let waited = now.saturating_sub(b.created_ms);
    let bytes = format!(
        "{} / {} B · {} {}",
        b.estimated_bytes,
        b.limit,
        b.records.len(),
        pick(l, "rec.", "개")
    );
    out.open("tr", &format!(r#"data-stage="{}""#, stage_code(b.stage)))
        .el("td", "mono", &b.tp.to_string())
        .open("td", "");
    bar(out, b.estimated_bytes, b.limit, "bytes");
    out.el("span", "mono small", &bytes)
        .close("td")
        .open("td", "");
    if b.stage == BatchStage::Filling {
        bar(out, waited as i64, linger.max(1) as i64, "linger");
        out.el("span", "mono small", &format!("{waited} / {linger} ms"));
    }
    out.close("td")
        .el("td", "small", &stage(l, b, linger, now))
        .close("tr");
}

fn producer_batches(out: &mut Markup, l: Locale, id: u32, p: &Producer, now: TimeMs) {
    let batches = p.batches(now);
    let linger = p.config.linger_ms;
    let who = match p.producer_id.filter(|_| p.config.idempotence) {
        Some((pid, epoch)) => format!("PID {pid} · epoch {epoch}"),
        None if p.config.idempotence => {
            pick(l, "waiting for a producer id", "프로듀서 ID 대기 중").into()
        }
        None => pick(
            l,
            "enable.idempotence=false: no sequence numbers",
            "enable.idempotence=false: 시퀀스 번호 없음",
        )
        .into(),
    };
    let facts = format!(
        " · {who} · batch.size {} · linger.ms {linger}",
        p.config.batch_size
    );
    out.open(
        "div",
        &format!(r#"class="accumulator" data-testid="accumulator-{id}""#),
    )
    .open("h3", "")
    .text(&node_name(l, crate::engine::types::NodeId::Producer(id)))
    .el("span", "mono small muted", &facts)
    .close("h3");
    if batches.is_empty() {
        let none = pick(
            l,
            "No batch waiting: every record has been sent.",
            "대기 중인 배치 없음: 모든 레코드를 보냈습니다.",
        );
        out.el("p", "empty", none);
    } else {
        out.open("table", r#"class="batches""#)
            .thead(&[
                pick(l, "Partition", "파티션"),
                pick(l, "Bytes of batch.size", "batch.size 대비 바이트"),
                "linger.ms",
                pick(l, "State", "상태"),
            ])
            .open("tbody", "");
        for b in &batches {
            batch_row(out, l, b, linger, now);
        }
        out.close("tbody").close("table");
    }
    out.close("div");
}

/// A plain function, not a component: it has no state of its own and
/// changes with every frame anyway.
pub fn accumulator_panel(state: &Playground) -> Html {
    let l = state.locale;
    let s = state.session();
    let sim = s.lanes[state.lane.min(s.lanes.len() - 1)].timeline.sim();
    let mut out = Markup::default();
    out.open(
        "section",
        r#"class="side-panel accumulator-panel" aria-labelledby="acc-heading""#,
    )
    .open("h2", r#"id="acc-heading""#)
    .text(pick(l, "Record accumulator (batches)", "레코드 어큐뮬레이터 (배치)"))
    .close("h2")
    .el("p", "hint", pick(l,
        "send() adds each record to its partition's open batch. A batch goes when it reaches batch.size or linger.ms after it was opened, whichever comes first. An idempotent producer numbers each partition's records (sequence), so the broker can tell a retry from a new batch.",
        "send()는 레코드를 그 파티션의 열린 배치에 넣습니다. 배치는 batch.size에 닿거나 열린 지 linger.ms가 지나면(먼저 오는 쪽) 전송됩니다. 멱등성 프로듀서는 파티션마다 레코드에 번호(시퀀스)를 매겨, 브로커가 재시도와 새 배치를 구별할 수 있게 합니다."));
    for (&id, p) in &sim.nodes.producers {
        producer_batches(&mut out, l, id, p, sim.now);
    }
    out.close("section");
    out.finish()
}
