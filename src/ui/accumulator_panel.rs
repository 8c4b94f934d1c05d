//! The record accumulator made visible: each producer's batches per
//! partition — bytes against `batch.size`, the `linger.ms` timer, and once
//! sent the idempotent producer's sequence numbers on the wire.

use crate::engine::decimal::fixed;
use yew::prelude::*;

use super::state::Playground;
use crate::engine::producer::{BatchStage, BatchView, Producer};
use crate::engine::types::TimeMs;
use crate::i18n::{pick, Locale};
use crate::narrate::node_name;

/// A thin bar, `part` of `whole` (SVG: the page's CSP allows no inline styles).
pub(super) fn bar(part: i64, whole: i64, class: &'static str) -> Html {
    let pct = (part.max(0) as f64 / whole.max(1) as f64 * 100.0).min(100.0);
    html! {
        <svg class={format!("bar {class}")} viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
            <rect class="bar-bg" width="100" height="6" />
            <rect class="bar-fill" width={fixed(pct, 1)} height="6" />
        </svg>
    }
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

fn producer_batches(l: Locale, id: u32, p: &Producer, now: TimeMs) -> Html {
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
    let row = |b: &BatchView| {
        let filling = b.stage == BatchStage::Filling;
        let waited = now.saturating_sub(b.created_ms);
        html! {
            <tr data-stage={match b.stage {
                BatchStage::Filling => "filling",
                BatchStage::Ready => "ready",
                BatchStage::Backoff => "backoff",
                BatchStage::InFlight(_) => "inflight",
            }}>
                <td class="mono">{ b.tp.to_string() }</td>
                <td>
                    { bar(b.estimated_bytes, b.limit, "bytes") }
                    <span class="mono small">{ format!("{} / {} B · {} {}", b.estimated_bytes, b.limit, b.records.len(), pick(l, "rec.", "개")) }</span>
                </td>
                <td>
                    if filling {
                        { bar(waited as i64, linger.max(1) as i64, "linger") }
                        <span class="mono small">{ format!("{waited} / {linger} ms") }</span>
                    }
                </td>
                <td class="small">{ stage(l, b, linger, now) }</td>
            </tr>
        }
    };
    html! {
        <div class="accumulator" data-testid={format!("accumulator-{id}")}>
            <h3>{ node_name(l, crate::engine::types::NodeId::Producer(id)) }
                <span class="mono small muted">{ format!(" · {who} · batch.size {} · linger.ms {linger}", p.config.batch_size) }</span></h3>
            if batches.is_empty() {
                <p class="empty">{ pick(l, "No batch waiting: every record has been sent.", "대기 중인 배치 없음: 모든 레코드를 보냈습니다.") }</p>
            } else {
                <table class="batches">
                    <thead><tr>
                        <th scope="col">{ pick(l, "Partition", "파티션") }</th>
                        <th scope="col">{ pick(l, "Bytes of batch.size", "batch.size 대비 바이트") }</th>
                        <th scope="col">{ "linger.ms" }</th>
                        <th scope="col">{ pick(l, "State", "상태") }</th>
                    </tr></thead>
                    <tbody>{ for batches.iter().map(row) }</tbody>
                </table>
            }
        </div>
    }
}

/// A plain function, not a component: it has no state of its own and
/// changes with every frame anyway.
pub fn accumulator_panel(state: &Playground) -> Html {
    let l = state.locale;
    let s = state.session();
    let sim = s.lanes[state.lane.min(s.lanes.len() - 1)].timeline.sim();
    html! {
        <section class="side-panel accumulator-panel" aria-labelledby="acc-heading">
            <h2 id="acc-heading">{ pick(l, "Record accumulator (batches)", "레코드 어큐뮬레이터 (배치)") }</h2>
            <p class="hint">{ pick(l,
                "send() adds each record to its partition's open batch. A batch goes when it reaches batch.size or linger.ms after it was opened, whichever comes first. An idempotent producer numbers each partition's records (sequence), so the broker can tell a retry from a new batch.",
                "send()는 레코드를 그 파티션의 열린 배치에 넣습니다. 배치는 batch.size에 닿거나 열린 지 linger.ms가 지나면(먼저 오는 쪽) 전송됩니다. 멱등성 프로듀서는 파티션마다 레코드에 번호(시퀀스)를 매겨, 브로커가 재시도와 새 배치를 구별할 수 있게 합니다.") }</p>
            { for sim.nodes.producers.iter().map(|(&id, p)| producer_batches(l, id, p, sim.now)) }
        </section>
    }
}
