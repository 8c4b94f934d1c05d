//! Narration of the transaction events (KIP-98): the producer's
//! transaction manager, the transaction coordinator, markers, the last
//! stable offset and what read_committed consumers skip.

use super::{error_label, error_why, records, Name};
use crate::engine::event::{Event, TxnFenceReason};
use crate::engine::txn_coordinator::TxnStatus;
use crate::engine::types::{ControlRecordType, NodeId, RecordId, Tp};
use crate::i18n::{pick, Locale};

/// Partitions as Kafka prints a set of them: "[orders-0, orders-1]".
fn tp_list(tps: &[Tp]) -> String {
    let names: Vec<String> = tps.iter().map(Tp::to_string).collect();
    format!("[{}]", names.join(", "))
}

fn offset_list(offsets: &[i64]) -> String {
    let o: Vec<String> = offsets.iter().map(i64::to_string).collect();
    o.join(", ")
}

/// Narrates the events of the transactions category (the caller matches
/// them exhaustively; any other event is not handed here).
pub(super) fn narrate(locale: Locale, event: &Event, label: &dyn Fn(RecordId) -> String) -> String {
    let producer = |p: u32| Name(locale, NodeId::Producer(p));
    let broker = |b: i32| Name(locale, NodeId::Broker(b));
    match event {
        Event::TxnCoordinatorFound {
            producer: p,
            transactional_id: tid,
            partition,
            result,
        } => {
            let p = producer(*p);
            match result {
                Ok(b) => {
                    let b = broker(*b);
                    say!(
                        locale,
                        "{^p} looked up the coordinator of transactional.id {tid} (FindCoordinator): \
                         {b}, the leader of __transaction_state-{partition} — the partition \
                         abs(hashCode) % transaction.state.log.num.partitions picks. Every \
                         transactional request goes there now.",
                        "{p}{이/가} FindCoordinator로 transactional.id {tid}의 코디네이터를 찾았습니다: \
                         __transaction_state-{partition}(abs(hashCode) % \
                         transaction.state.log.num.partitions)의 리더인 {b}{이/가} 코디네이터이며, 이제 \
                         모든 트랜잭션 요청이 이 브로커로 갑니다.",
                        p,
                        tid,
                        b,
                        partition
                    )
                }
                Err(e) => {
                    let (err, why) = (error_label(locale, *e), error_why(locale, *e));
                    say!(
                        locale,
                        "{^p} found no coordinator for transactional.id {tid} yet \
                         (__transaction_state-{partition}): {err} — {why}. It asks again.",
                        "{p}{이/가} 아직 transactional.id {tid}의 코디네이터를 찾지 못했습니다 \
                         (__transaction_state-{partition}): {err} — {why}. 다시 물어봅니다.",
                        p,
                        tid,
                        partition,
                        err,
                        why
                    )
                }
            }
        }
        Event::ProducerIdInitialized {
            producer: p,
            transactional_id: tid,
            producer_id,
            epoch,
            coordinator,
        } => {
            let p = producer(*p);
            let c = broker(*coordinator);
            say!(
                locale,
                "{^p} (transactional.id {tid}) got producer id {producer_id}, epoch {epoch} from \
                 its coordinator {c} (InitProducerId). Its batches carry this epoch; any earlier \
                 instance with this transactional.id has an older one and is fenced.",
                "{p}{이/가} (transactional.id {tid}) 코디네이터 {c}에게서 프로듀서 ID {producer_id}, 에포크 \
                 {epoch}를 받았습니다 (InitProducerId). 이제 배치에 이 에포크를 싣고, 같은 \
                 transactional.id를 쓰던 이전 인스턴스는 더 낮은 에포크라서 펜싱됩니다.",
                p,
                tid,
                producer_id,
                epoch,
                c
            )
        }
        Event::TransactionBegun {
            producer: p,
            transactional_id: tid,
        } => {
            let p = producer(*p);
            say!(
                locale,
                "{^p} began a transaction for {tid} (beginTransaction). Nothing is sent yet: \
                 before its first record to each partition, AddPartitionsToTxn registers that \
                 partition with the coordinator.",
                "{p}{이/가} {tid}의 트랜잭션을 시작했습니다 (beginTransaction). 아직 아무것도 보내지 않습니다: \
                 파티션마다 첫 레코드를 보내기 전에 AddPartitionsToTxn으로 그 파티션을 코디네이터에 \
                 등록합니다.",
                p,
                tid
            )
        }
        Event::TransactionEnded {
            producer: p,
            transactional_id: tid,
            committed,
        } => {
            let p = producer(*p);
            match committed {
                true => say!(
                    locale,
                    "{^p}: commitTransaction for {tid} returned. The coordinator has PrepareCommit \
                     in its log, so the commit holds even if a broker crashes now; it writes the \
                     COMMIT markers next.",
                    "{^p}: {tid}의 commitTransaction이 끝났습니다. 코디네이터 로그에 PrepareCommit이 \
                     기록되었으므로 이제 브로커가 죽어도 커밋은 유지되고, 이어서 COMMIT 마커를 씁니다.",
                    p,
                    tid
                ),
                false => say!(
                    locale,
                    "{^p}: abortTransaction for {tid} returned. ABORT markers follow; \
                     read_committed consumers will skip its records.",
                    "{p}{이/가} {tid}의 abortTransaction을 마쳤습니다. ABORT 마커가 뒤따르고, read_committed \
                     컨슈머는 이 트랜잭션의 레코드를 건너뜁니다.",
                    p,
                    tid
                ),
            }
        }
        Event::TransactionalError {
            producer: p,
            transactional_id: tid,
            error,
            fatal,
        } => {
            let p = producer(*p);
            let (err, why) = (error_label(locale, *error), error_why(locale, *error));
            match fatal {
                true => say!(
                    locale,
                    "{^p} ({tid}) hit {err} — {why}. A fatal error: every later send or \
                     transactional call fails; all that is left is to close the producer.",
                    "{p}{이/가} ({tid}) {err} 오류를 만났습니다 — {why}. 치명적 오류이므로 이후 모든 전송과 \
                     트랜잭션 호출이 실패하고, 프로듀서를 닫는 것만 남습니다.",
                    p,
                    tid,
                    err,
                    why
                ),
                false => say!(
                    locale,
                    "{^p} ({tid}) hit {err} — {why}. An abortable error: commit would fail; the \
                     application must call abortTransaction and may then start again.",
                    "{p}{이/가} ({tid}) {err} 오류를 만났습니다 — {why}. 중단 가능한 오류이므로 커밋은 \
                     실패합니다. 애플리케이션은 abortTransaction을 호출한 뒤 다시 시작할 수 있습니다.",
                    p,
                    tid,
                    err,
                    why
                ),
            }
        }
        Event::TransactionCallFailed {
            producer: p,
            call,
            error,
        } => {
            let p = producer(*p);
            say!(
                locale,
                "{^p}: {call} threw {error}",
                "{p}{이/가} {call}을 호출했지만 예외가 발생했습니다: {error}",
                p,
                call,
                error
            )
        }
        Event::TxnStateChanged {
            coordinator,
            transactional_id: tid,
            producer_id: pid,
            epoch,
            state,
            partitions,
            offset,
        } => {
            let c = broker(*coordinator);
            let parts = tp_list(partitions);
            let name = state.name();
            let head = say!(
                locale,
                "Coordinator {c}: {tid} (producer id {pid}, epoch {epoch}) is now {name}, \
                 committed in __transaction_state at offset {offset}.",
                "코디네이터 {c}: {tid}(프로듀서 ID {pid}, 에포크 {epoch})의 상태가 {name}(으)로 \
                 바뀌어 __transaction_state 오프셋 {offset}에 커밋되었습니다.",
                c,
                tid,
                pid,
                epoch,
                name,
                offset
            );
            let more = match state {
                TxnStatus::Empty => say!(
                    locale,
                    " InitProducerId done: requests with an older epoch are fenced from now on.",
                    " InitProducerId 완료: 이제부터 더 낮은 에포크의 요청은 펜싱됩니다."
                ),
                TxnStatus::Ongoing => say!(
                    locale,
                    " AddPartitionsToTxn: the transaction spans {parts}, which will get its \
                     marker; its transaction.timeout.ms runs from its start.",
                    " AddPartitionsToTxn: 트랜잭션이 {parts}에 걸쳐 있고 이 파티션들이 마커를 받게 \
                     됩니다. transaction.timeout.ms는 트랜잭션 시작부터 잽니다.",
                    parts
                ),
                TxnStatus::PrepareCommit | TxnStatus::PrepareAbort => {
                    let kind = match state {
                        TxnStatus::PrepareCommit => "COMMIT",
                        _ => "ABORT",
                    };
                    say!(
                        locale,
                        " The outcome is decided and survives a coordinator crash; next: \
                         WriteTxnMarkers ({kind}) to the leaders of {parts}.",
                        " 결과가 확정되어 코디네이터가 죽어도 유지됩니다. 다음은 {parts}의 리더들에게 \
                         WriteTxnMarkers({kind})입니다.",
                        kind,
                        parts
                    )
                }
                TxnStatus::CompleteCommit | TxnStatus::CompleteAbort => say!(
                    locale,
                    " Every partition has its marker: the transactional.id is free for the \
                     next transaction.",
                    " 모든 파티션에 마커가 기록되었습니다: 이 transactional.id는 다음 트랜잭션을 \
                     시작할 수 있습니다."
                ),
                TxnStatus::PrepareEpochFence => String::new(),
            };
            head + &more
        }
        Event::TxnFenced {
            coordinator,
            transactional_id: tid,
            producer_id: pid,
            old_epoch,
            new_epoch,
            reason,
            partitions,
        } => {
            let c = broker(*coordinator);
            let parts = tp_list(partitions);
            let why = match reason {
                TxnFenceReason::NewInstance => say!(
                    locale,
                    "a new producer called InitProducerId for {tid} while its transaction \
                     (producer id {pid}, epoch {old_epoch}) was open on {parts}",
                    "{tid}의 트랜잭션(프로듀서 ID {pid}, 에포크 {old_epoch})이 {parts}에 열려 있는 \
                     동안 새 프로듀서가 InitProducerId를 호출했습니다",
                    tid,
                    pid,
                    old_epoch,
                    parts
                ),
                TxnFenceReason::Timeout => say!(
                    locale,
                    "{tid}'s transaction (producer id {pid}, epoch {old_epoch}) on {parts} was \
                     open longer than its transaction.timeout.ms",
                    "{tid}의 트랜잭션(프로듀서 ID {pid}, 에포크 {old_epoch})이 {parts}에서 \
                     transaction.timeout.ms보다 오래 열려 있었습니다",
                    tid,
                    pid,
                    old_epoch,
                    parts
                ),
            };
            say!(
                locale,
                "Coordinator {c}: {why}. It bumps the epoch to {new_epoch} and aborts the \
                 transaction under it, so the old instance is fenced: its next write gets \
                 INVALID_PRODUCER_EPOCH, its EndTxn PRODUCER_FENCED.",
                "코디네이터 {c}: {why}. 에포크를 {new_epoch}로 올리고 그 에포크로 트랜잭션을 \
                 중단하므로 이전 인스턴스는 펜싱됩니다: 다음 쓰기는 INVALID_PRODUCER_EPOCH, EndTxn은 \
                 PRODUCER_FENCED를 받습니다.",
                c,
                why,
                new_epoch
            )
        }
        Event::TxnCoordinatorLoaded {
            broker: b,
            partition,
            coordinator_epoch,
            transactions,
            completing,
        } => {
            let b = broker(*b);
            let mut text = say!(
                locale,
                "{^b} is the transaction coordinator of __transaction_state-{partition} now \
                 (coordinator epoch {coordinator_epoch}) and rebuilt {transactions} \
                 transactional id(s) from the partition's log.",
                "{b}{이/가} 이제 __transaction_state-{partition}의 트랜잭션 코디네이터이며(코디네이터 에포크 \
                 {coordinator_epoch}), 파티션 로그에서 transactional id {transactions}개의 상태를 \
                 다시 읽었습니다.",
                b,
                partition,
                coordinator_epoch,
                transactions
            );
            if !completing.is_empty() {
                let list = completing.join(", ");
                text += &say!(
                    locale,
                    " {list} stopped half-way through a commit or abort: it sends their markers \
                     again and finishes them.",
                    " {list}는 커밋이나 중단 도중에 멈춰 있었으므로, 마커를 다시 보내 마무리합니다.",
                    list
                );
            }
            text
        }
        Event::TxnMarkerWritten {
            broker: b,
            tp,
            producer_id: pid,
            producer_epoch: epoch,
            marker,
            offset,
            first_offset,
            coordinator_epoch: _,
        } => {
            let b = broker(*b);
            let kind = marker.name();
            let head = say!(
                locale,
                "Leader {b} appended a {kind} marker to {tp} at offset {offset} for producer \
                 {pid} (epoch {epoch}): a control record takes an offset like any record. It \
                 closes the producer's transaction here, which began at offset {first_offset}.",
                "리더 {b}가 {tp} 오프셋 {offset}에 프로듀서 {pid}(에포크 {epoch})의 {kind} 마커를 \
                 추가했습니다: 컨트롤 레코드도 여느 레코드처럼 오프셋 하나를 차지합니다. 오프셋 \
                 {first_offset}에서 시작한 이 프로듀서의 트랜잭션이 여기서 끝납니다.",
                b,
                kind,
                tp,
                offset,
                pid,
                epoch,
                first_offset
            );
            let then = match marker {
                ControlRecordType::Commit => say!(
                    locale,
                    " Once the HW passes it, read_committed consumers read the transaction's records.",
                    " HW가 이 마커를 넘으면 read_committed 컨슈머가 트랜잭션의 레코드를 읽습니다."
                ),
                ControlRecordType::Abort => say!(
                    locale,
                    " read_committed consumers will drop the producer's records from \
                     {first_offset} up to it.",
                    " read_committed 컨슈머는 {first_offset}부터 이 마커까지 이 프로듀서의 레코드를 \
                     버립니다.",
                    first_offset
                ),
            };
            head + &then
        }
        Event::LastStableOffsetMoved {
            broker: b,
            tp,
            from,
            to,
            high_watermark: hw,
            held_by,
        } => {
            let b = broker(*b);
            match held_by {
                Some(pid) => say!(
                    locale,
                    "{^b}: {tp}'s last stable offset (LSO) is {to} while the HW is {hw}: producer \
                     {pid}'s transaction from offset {to} is not decided yet, so read_committed \
                     consumers stop at {to}; read_uncommitted ones read on to the HW.",
                    "{^b}: {tp}의 마지막 안정 오프셋(LSO)은 {to}이고 HW는 {hw}입니다: 오프셋 {to}에서 \
                     시작한 프로듀서 {pid}의 트랜잭션이 아직 결정되지 않아 read_committed 컨슈머는 \
                     {to}에서 멈추고, read_uncommitted 컨슈머는 HW까지 읽습니다.",
                    b,
                    tp,
                    to,
                    hw,
                    pid
                ),
                None => say!(
                    locale,
                    "{^b}: {tp}'s last stable offset {from} → {to}, level with the HW again: \
                     every transaction below is decided, and read_committed consumers may read \
                     up to {to}.",
                    "{^b}: {tp}의 마지막 안정 오프셋(LSO) {from} → {to}, 다시 HW와 같아졌습니다: 그 아래 \
                     트랜잭션은 모두 결정되었고 read_committed 컨슈머가 {to}까지 읽을 수 있습니다.",
                    b,
                    tp,
                    from,
                    to
                ),
            }
        }
        Event::ConsumerSkipped {
            consumer: c,
            tp,
            isolation,
            aborted,
            markers,
            next_offset,
        } => {
            let c = Name(locale, NodeId::Consumer(*c));
            let level = isolation.name();
            let mut parts = Vec::new();
            if !aborted.is_empty() {
                let what = records(locale, aborted, label);
                parts.push(say!(
                    locale,
                    "dropped {what} of {tp}: they belong to aborted transactions, which the \
                     fetch answer listed",
                    "{tp}의 {what}를 버렸습니다: 페치 응답에 목록이 온, 중단된 트랜잭션의 레코드입니다",
                    what,
                    tp
                ));
            }
            if !markers.is_empty() {
                let at = offset_list(markers);
                parts.push(say!(
                    locale,
                    "skipped the control marker(s) at {tp} offset(s) {at}: applications never \
                     see markers, but their offsets are consumed",
                    "{tp} 오프셋 {at}의 컨트롤 마커를 건너뛰었습니다: 애플리케이션은 마커를 보지 \
                     않지만 그 오프셋은 소비됩니다",
                    tp,
                    at
                ));
            }
            let did = parts.join(pick(locale, "; it ", ". 또 "));
            say!(
                locale,
                "{^c} ({level}) {did}. Its position is now {next_offset}.",
                "{c}{이/가} ({level}) {did}. 이제 위치는 {next_offset}입니다.",
                c,
                level,
                did,
                next_offset
            )
        }
        other => unreachable!("not a transaction event: {}", other.category()),
    }
}
