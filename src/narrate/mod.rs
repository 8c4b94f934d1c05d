//! Plain-language narration of every engine [`Event`], in Korean and English.
//!
//! The engine emits typed data (who, which partition, which offsets, which
//! epoch, which error) and never prose, so that tests and the checker can
//! read it. A learner reading the event log needs more: what happened *and*
//! why it matters, in Kafka's own vocabulary (high watermark, LEO, ISR,
//! leader epoch, `min.insync.replicas`, `acks=all`, AlterPartition, KIP-101
//! truncation …), so that what they learn here carries over to real
//! clusters, logs and documentation.
//!
//! Every match on [`Event`] here is exhaustive (no `_` arm): a new event
//! variant does not compile until it is narrated, categorised and marked.
//! This is plain Rust with no web types, so both languages are tested on
//! the host. Korean particles (이/가, 을/를 …) depend on the last syllable of
//! the word before them ("브로커 1이", "브로커 2가"), so [`particle`] picks
//! them from how that word is read aloud, for the `{b}{이/가}` of the
//! sentence templates ([`template`]).

use crate::engine::config::Acks;
use crate::engine::event::{Event, FenceReason, TruncationReason};
use crate::engine::network::DropReason;
use crate::engine::protocol::KafkaError;
use crate::engine::types::{BrokerId, NodeId, RecordId};
use crate::glossary::config_help;
use crate::i18n::Locale;
use std::fmt::{self, Write as _};
use template::half;

/// The English or the Korean template, filled with the local variables
/// listed after it (`say!(locale, "{^b} …", "{b}{이/가} …", b)`): each
/// language orders the sentence its own way and may use its own subset of
/// them (see [`template`] for the placeholders). The `const` items compile
/// both templates while the crate builds, so a name that is not listed, or
/// listed and never used, does not compile; [`template::say`] does the rest
/// at run time.
macro_rules! say {
    ($locale:expr, $en:literal, $ko:literal $(, $name:ident)* $(,)?) => {{
        use $crate::narrate::template as t;
        #[allow(unused_imports)] // by sentences without values
        use t::Value as _;
        const NAMES: &[&str] = &[$(stringify!($name)),*];
        const LEN: usize = t::compiled_len($en, NAMES) + 1 + t::compiled_len($ko, NAMES);
        const COMPILED: [u8; LEN] = t::compile($en, $ko, NAMES);
        const TEXT: &str = t::text(&COMPILED);
        t::say($locale, TEXT, &[$($name.as_value()),*])
    }};
}

/// A plain phrase in both languages as one constant, English first, for
/// [`template::half`] to pick from.
macro_rules! both {
    ($en:literal, $ko:literal $(,)?) => {
        concat!($en, "\0", $ko)
    };
}

pub(crate) mod groups;
mod template;
mod transaction;

/// How many record labels a sentence lists before "…".
const MAX_LABELS: usize = 5;

/// One narrated sentence (or two) for `event`. `label` turns a record id
/// into what the learner sees, usually the record's value ("r1").
pub fn narrate(locale: Locale, event: &Event, label: &dyn Fn(RecordId) -> String) -> String {
    let node = |n: NodeId| Name(locale, n);
    let broker = |b: BrokerId| Name(locale, NodeId::Broker(b));
    let producer = |p: u32| Name(locale, NodeId::Producer(p));
    let consumer = |c: u32| Name(locale, NodeId::Consumer(c));
    let recs = |ids: &[RecordId]| records(locale, ids, label);
    match event {
        // --- network ---
        Event::MessageSent {
            from,
            to,
            api,
            response,
            deliver_at,
            ..
        } => {
            let (f, t) = (node(*from), node(*to));
            let kind = half(
                locale,
                match response {
                    true => both!("response", "응답"),
                    false => both!("request", "요청"),
                },
            );
            say!(
                locale,
                "{f} → {t}: {api} {kind} sent (arrives at {deliver_at} ms).",
                "{f} → {t}: {api} {kind} 전송 ({deliver_at}ms에 도착 예정).",
                f,
                t,
                api,
                kind,
                deliver_at
            )
        }
        Event::MessageDelivered { from, to, api, .. } => {
            let (f, t) = (node(*from), node(*to));
            say!(
                locale,
                "{f} → {t}: {api} delivered.",
                "{f} → {t}: {api} 메시지 도착.",
                f,
                t,
                api
            )
        }
        Event::MessageDropped {
            from,
            to,
            api,
            reason,
            ..
        } => {
            let (f, t) = (node(*from), node(*to));
            let why = half(
                locale,
                match reason {
                    DropReason::LinkCut => both!(
                        "the link is cut, so the sender only finds out when its request times out",
                        "링크가 끊겨 있어, 보낸 쪽은 요청 타임아웃이 나서야 알아챕니다",
                    ),
                    DropReason::RandomDrop => both!(
                        "lost to the random drop rate; the sender only finds out from a timeout",
                        "무작위 유실(drop rate)로 사라졌고, 보낸 쪽은 타임아웃으로만 알게 됩니다",
                    ),
                    DropReason::DestinationDown => both!(
                        "the destination is down, so the connection is refused at once",
                        "받는 쪽 프로세스가 내려가 있어 연결이 즉시 거부됩니다",
                    ),
                },
            );
            say!(
                locale,
                "{f} → {t}: {api} dropped — {why}.",
                "{f} → {t}: {api} 메시지 유실 — {why}.",
                f,
                t,
                api,
                why
            )
        }

        // --- faults and operator actions ---
        Event::BrokerCrashed { broker: b } => {
            let b = broker(*b);
            say!(
                locale,
                "{^b} crashed: it stops fetching and heartbeating. After broker.session.timeout.ms \
                 without a heartbeat the controller fences {b} and moves its leaderships to other \
                 ISR members.",
                "{b}{이/가} 다운되었습니다: 페치와 하트비트가 멈춥니다. broker.session.timeout.ms 동안 \
                 하트비트가 없으면 컨트롤러가 이 브로커를 펜싱하고, 맡던 리더 역할을 다른 ISR 멤버에게 \
                 넘깁니다.",
                b
            )
        }
        Event::BrokerStarted { broker: b, fast } => {
            let b = broker(*b);
            match fast {
                false => say!(
                    locale,
                    "{^b} restarted: it registers with the controller again and stays fenced until \
                     it has caught up on metadata; its replicas rejoin the ISR once they catch up \
                     with their leaders.",
                    "{b}{이/가} 재시작했습니다: 컨트롤러에 다시 등록하고, 메타데이터를 따라잡을 때까지는 펜싱된 \
                     상태입니다. 레플리카는 리더를 따라잡으면 ISR에 다시 들어갑니다.",
                    b
                ),
                true => say!(
                    locale,
                    "{^b} restarted quickly, resuming its old session before the controller \
                     noticed, and re-applies the partition state it had — the bounce KIP-101's \
                     scenarios start from.",
                    "{b}{이/가} 빠르게 재시작해 컨트롤러가 알아채기 전에 예전 세션을 이어 쓰고, 갖고 있던 파티션 \
                     상태를 그대로 다시 적용합니다 — KIP-101 시나리오의 출발점입니다.",
                    b
                ),
            }
        }
        Event::ControlledShutdownStarted { broker: b } => {
            let b = broker(*b);
            say!(
                locale,
                "{^b} began a controlled shutdown: its heartbeat asks the controller to move its \
                 leaderships to other ISR members first, so clients see clean leader changes \
                 instead of a failure.",
                "{b}{이/가} 제어된 종료(controlled shutdown)를 시작했습니다: 하트비트로 요청하면 컨트롤러가 먼저 \
                 이 브로커의 리더 역할을 다른 ISR 멤버에게 옮기므로, 클라이언트는 장애 대신 깔끔한 리더 \
                 교체만 보게 됩니다.",
                b
            )
        }
        Event::BrokerStopped { broker: b } => {
            let b = broker(*b);
            say!(
                locale,
                "{^b} stopped after its controlled shutdown: it no longer led any partition, so \
                 producers and followers had already moved to the new leaders.",
                "{b}{이/가} 제어된 종료를 마치고 멈췄습니다: 이미 리더인 파티션이 없었으므로 프로듀서와 \
                 팔로워는 새 리더로 옮겨 간 뒤입니다.",
                b
            )
        }
        Event::LinkCut { from, to } => {
            let (f, t) = (node(*from), node(*to));
            say!(
                locale,
                "Network link cut: messages from {f} to {t} are dropped (this direction only) — \
                 requests and heartbeats on it now time out.",
                "네트워크 링크 끊김: {f} → {t} 방향 메시지가 모두 유실됩니다(이 방향만). 이 경로의 \
                 요청과 하트비트는 이제 타임아웃됩니다.",
                f,
                t
            )
        }
        Event::LinkHealed { from, to } => {
            let (f, t) = (node(*from), node(*to));
            say!(
                locale,
                "Link from {f} to {t} healed: messages flow again in this direction.",
                "{f} → {t} 링크 복구: 이 방향으로 메시지가 다시 전달됩니다.",
                f,
                t
            )
        }
        Event::DropRateSet { per_mille: 0 } => say!(
            locale,
            "Random message loss turned off.",
            "무작위 메시지 유실을 껐습니다."
        ),
        Event::DropRateSet { per_mille } => {
            let (whole, tenth) = (per_mille / 10, per_mille % 10);
            say!(
                locale,
                "Random message loss set to {whole}.{tenth}% on every link — lost requests show up as \
                 timeouts and retries.",
                "모든 링크의 무작위 메시지 유실률을 {whole}.{tenth}%로 설정했습니다 — 유실된 요청은 타임아웃과 \
                 재시도로 나타납니다.",
                whole,
                tenth
            )
        }
        Event::NodeSlowed { node: n, extra_ms } => {
            let n = node(*n);
            match extra_ms {
                0 => say!(
                    locale,
                    "{^n} is back to normal speed.",
                    "{n}{이/가} 정상 속도로 돌아왔습니다.",
                    n
                ),
                _ => say!(
                    locale,
                    "{^n} slowed: +{extra_ms} ms on every message to or from it — a follower this \
                     slow can lag longer than replica.lag.time.max.ms and drop out of the ISR.",
                    "{n}{이/가} 느려졌습니다: 주고받는 모든 메시지에 {extra_ms}ms가 더해집니다 — 이렇게 느린 \
                     팔로워는 replica.lag.time.max.ms보다 오래 뒤처져 ISR에서 빠질 수 있습니다.",
                    n,
                    extra_ms
                ),
            }
        }
        Event::TopicCreated {
            topic,
            partitions,
            replication_factor: rf,
        } => {
            let en_s = plural(*partitions);
            say!(
                locale,
                "Topic {topic} created: {partitions} partition{en_s} × replication factor {rf}. The \
                 controller places the replicas and makes each partition's first replica (the \
                 preferred leader) its leader.",
                "토픽 {topic} 생성: 파티션 {partitions}개 × 복제 계수 {rf}. 컨트롤러가 레플리카를 배치하고 \
                 각 파티션의 첫 번째 레플리카(선호 리더)를 리더로 정합니다.",
                topic,
                partitions,
                en_s,
                rf
            )
        }
        Event::DuplicateRejected {
            broker: b,
            tp,
            producer_id,
            base_sequence,
            offset,
        } => {
            let bc = broker(*b);
            say!(
                locale,
                "{bc} already has producer {producer_id}'s batch with sequence {base_sequence} on \
                 {tp} at offset {offset}: a retry of a batch whose answer was lost. Idempotence: \
                 it is acknowledged with the original offset and not written twice.",
                "{bc}는 프로듀서 {producer_id}의 시퀀스 {base_sequence} 배치를 이미 {tp} 오프셋 {offset}에 \
                 갖고 있습니다: 응답이 유실된 배치의 재시도입니다. 멱등성 덕분에 원래 오프셋으로 확인만 하고 \
                 두 번 쓰지 않습니다.",
                bc,
                producer_id,
                base_sequence,
                tp,
                offset
            )
        }
        Event::PartitionsAdded {
            topic,
            from,
            to,
            moved_keys,
        } => {
            let moved: Vec<String> = moved_keys
                .iter()
                .take(MAX_LABELS)
                .map(|(k, a, b)| format!("{k}: {a}→{b}"))
                .collect();
            let more = if moved_keys.len() > MAX_LABELS {
                ", …"
            } else {
                ""
            };
            let list = moved.join(", ");
            let n = moved_keys.len();
            say!(
                locale,
                "{topic} now has {to} partitions (was {from}). A key's partition is murmur2 % \
                 partitions, so {n} key(s) produced so far now go elsewhere ({list}{more}): \
                 their old records stay where they were, and per-key order breaks across the change.",
                "{topic}의 파티션이 {from}개에서 {to}개가 되었습니다. 키의 파티션은 murmur2 % 파티션 수이므로 \
                 지금까지 보낸 키 {n}개가 이제 다른 파티션으로 갑니다({list}{more}). 예전 레코드는 그대로 \
                 남아 있어, 키별 순서가 이 변경을 사이에 두고 깨집니다.",
                topic,
                to,
                from,
                n,
                list,
                more
            )
        }
        Event::TopicConfigChanged { topic, name, value } => {
            let setting = josa(&format!("{name}={value}"), "으로/로");
            let help = config_help(locale, name)
                .map(|h| format!(" {name}: {h}"))
                .unwrap_or_default();
            say!(
                locale,
                "Topic {topic}: {name} is now {value}, applied at once by the controller and the \
                 partition leaders.{help}",
                "토픽 {topic}: {setting} 변경, 컨트롤러와 파티션 리더가 즉시 적용합니다.{help}",
                topic,
                name,
                value,
                help,
                setting
            )
        }

        // --- controller ---
        Event::BrokerRegistered {
            broker: b,
            broker_epoch: e,
        } => {
            let b = broker(*b);
            say!(
                locale,
                "{^b} registered with the controller (broker epoch {e}); it starts fenced and is \
                 unfenced once its heartbeats show it has caught up on the metadata log.",
                "{b}{이/가} 컨트롤러에 등록했습니다 (브로커 에포크 {e}). 처음엔 펜싱된 상태이며, 하트비트로 \
                 메타데이터 로그를 따라잡은 것이 확인되면 펜싱이 풀립니다.",
                b,
                e
            )
        }
        Event::BrokerFenced { broker: b, reason } => {
            let b = broker(*b);
            match reason {
                FenceReason::SessionTimeout => say!(
                    locale,
                    "The controller fenced {b}: no heartbeat within broker.session.timeout.ms. It \
                     leaves every ISR and its leaderships move to other ISR members.",
                    "컨트롤러가 {b}{을/를} 펜싱했습니다: broker.session.timeout.ms 안에 하트비트가 없었습니다. \
                     모든 ISR에서 빠지고, 맡던 리더 역할은 다른 ISR 멤버에게 넘어갑니다.",
                    b
                ),
                FenceReason::ControlledShutdown => say!(
                    locale,
                    "The controller fenced {b} for its controlled shutdown: it leads nothing any \
                     more and may now stop.",
                    "컨트롤러가 제어된 종료를 위해 {b}{을/를} 펜싱했습니다: 더 이상 리더인 파티션이 없으니 이제 \
                     멈춰도 됩니다.",
                    b
                ),
            }
        }
        Event::BrokerUnfenced { broker: b } => {
            let b = broker(*b);
            say!(
                locale,
                "The controller unfenced {b}: its heartbeats are current, so it may lead \
                 partitions and rejoin ISRs again (offline partitions can elect it).",
                "컨트롤러가 {b}의 펜싱을 풀었습니다: 하트비트가 정상이므로 다시 리더가 되거나 ISR에 \
                 합류할 수 있습니다 (오프라인 파티션이 이 브로커를 리더로 뽑을 수 있습니다).",
                b
            )
        }
        Event::LeaderElected {
            tp,
            leader: None,
            leader_epoch: e,
            isr,
            ..
        } => {
            let isr = broker_list(isr);
            say!(
                locale,
                "{tp} is offline: no eligible leader (leader epoch {e}, ISR {isr}). No ISR member \
                 is available and no unclean election is allowed or possible \
                 (unclean.leader.election.enable), so produce and fetch fail until an ISR member \
                 returns.",
                "{tp} 오프라인: 리더가 될 수 있는 레플리카가 없습니다 (리더 에포크 {e}, ISR {isr}). \
                 살아 있는 ISR 멤버가 없고 언클린 선출도 허용되지 않거나 불가능해서 \
                 (unclean.leader.election.enable), ISR 멤버가 돌아올 때까지 쓰기와 읽기가 실패합니다.",
                tp,
                e,
                isr
            )
        }
        Event::LeaderElected {
            tp,
            leader: Some(l),
            leader_epoch: e,
            isr,
            clean,
            previous,
        } => {
            let l = broker(*l);
            let isr = broker_list(isr);
            let was = match previous {
                Some(p) => {
                    let p = broker(*p);
                    say!(locale, " Previous leader: {p}.", " 이전 리더: {p}.", p)
                }
                None => String::new(),
            };
            match clean {
                true => say!(
                    locale,
                    "{tp}: {l} is elected leader (epoch {e}) from the ISR {isr} — a clean \
                     election: every committed record (below the HW) is kept; records only the old \
                     leader had are not.{was}",
                    "{tp}: ISR {isr} 중에서 {l}{이/가} 리더로 선출되었습니다 (에포크 {e}) — 클린 선출이므로 \
                     커밋된 레코드(HW 아래)는 모두 남지만, 이전 리더에만 있던 레코드는 남지 않습니다.{was}",
                    tp,
                    l,
                    e,
                    isr,
                    was
                ),
                false => say!(
                    locale,
                    "Unclean election on {tp}: {l} was not in the ISR but becomes leader (epoch {e}) \
                     because unclean.leader.election.enable=true; records above its log end are \
                     lost.{was}",
                    "{tp} 언클린 선출: {l}{이/가} ISR에 없었지만 unclean.leader.election.enable=true라서 리더가 \
                     됩니다 (에포크 {e}). 이 브로커의 로그 끝(LEO)보다 뒤에 있던 레코드는 유실됩니다.{was}",
                    tp,
                    l,
                    e,
                    was
                ),
            }
        }
        Event::IsrChanged {
            tp,
            isr,
            previous,
            partition_epoch: pe,
            by_controller,
        } => {
            let (prev, now) = (broker_list(previous), broker_list(isr));
            let how = half(
                locale,
                match by_controller {
                    true => both!(
                        "changed by the controller because a broker was fenced or is shutting down",
                        "브로커가 펜싱되었거나 종료 중이라 컨트롤러가 직접 변경",
                    ),
                    false => both!(
                        "the controller accepted the leader's AlterPartition request",
                        "리더의 AlterPartition 요청을 컨트롤러가 승인",
                    ),
                },
            );
            let mut text = say!(
                locale,
                "{tp} ISR {prev} → {now} (partition epoch {pe}): {how}.",
                "{tp} ISR {prev} → {now} (파티션 에포크 {pe}): {how}.",
                tp,
                prev,
                now,
                pe,
                how
            );
            let out = brokers_outside(previous, isr);
            if out.len() > "[]".len() {
                let ner = error_label(locale, KafkaError::NotEnoughReplicas);
                text += &say!(
                    locale,
                    " Out: {out}. acks=all now waits only for {now}; if the ISR is smaller than \
                     min.insync.replicas, acks=all writes fail with {ner}.",
                    " 제외: {out}. 이제 acks=all은 {now}만 기다립니다. ISR이 min.insync.replicas보다 \
                     작으면 acks=all 쓰기는 {ner}로 실패합니다.",
                    out,
                    now,
                    ner
                );
            }
            let back = brokers_outside(isr, previous);
            if back.len() > "[]".len() {
                text += &say!(
                    locale,
                    " In: {back}, which counts again for acks=all and the high watermark.",
                    " 합류: {back}. 다시 acks=all과 하이 워터마크 계산에 포함됩니다.",
                    back
                );
            }
            text
        }

        // --- replication ---
        Event::RecordsAppended {
            broker: b,
            tp,
            base_offset,
            count,
            leader_epoch: e,
            as_leader,
            ids,
        } => {
            let b = broker(*b);
            let at = offsets(locale, *base_offset, i64::from(*count));
            let what = recs(ids);
            let leo = base_offset + i64::from(*count);
            match as_leader {
                true => say!(
                    locale,
                    "Leader {b} appended {what} to {tp} at {at} (leader epoch {e}); its LEO is now \
                     {leo}. They are committed only once the ISR has them and the high watermark \
                     passes them.",
                    "리더 {b}{이/가} {tp}의 {at}에 {what}를 추가했습니다 (리더 에포크 {e}). 이제 LEO는 {leo}입니다. \
                     ISR이 모두 복제해 하이 워터마크가 이 오프셋을 넘어서야 커밋됩니다.",
                    b,
                    what,
                    tp,
                    at,
                    e,
                    leo
                ),
                false => say!(
                    locale,
                    "Follower {b} copied {what} of {tp} at {at} (leader epoch {e}); its LEO is now \
                     {leo}, which the leader learns from its next fetch.",
                    "팔로워 {b}{이/가} {tp}의 {at}에 {what}를 복제했습니다 (리더 에포크 {e}). LEO는 이제 {leo}이며, \
                     리더는 다음 페치 요청에서 이를 알게 됩니다.",
                    b,
                    what,
                    tp,
                    at,
                    e,
                    leo
                ),
            }
        }
        Event::FollowerFetched {
            leader,
            follower,
            tp,
            fetch_offset: o,
            records: n,
            leader_hw: hw,
        } => {
            let f = broker(*follower);
            let l = broker(*leader);
            let head = match n {
                0 => say!(
                    locale,
                    "{^f} fetched {tp} from offset {o}: nothing new (leader HW {hw}).",
                    "{f}{이/가} {tp}의 오프셋 {o}부터 페치했지만 새 레코드가 없습니다 (리더 HW {hw}).",
                    f,
                    tp,
                    o,
                    hw
                ),
                _ => {
                    let what = count_records(locale, i64::from(*n));
                    say!(
                        locale,
                        "{^f} fetched {what} of {tp} from offset {o} (leader HW {hw}).",
                        "{f}{이/가} {tp}의 오프셋 {o}부터 {what}를 가져왔습니다 (리더 HW {hw}).",
                        f,
                        what,
                        tp,
                        o,
                        hw
                    )
                }
            };
            head + &say!(
                locale,
                " The fetch offset tells leader {l} that this follower has everything below {o}, \
                 which is how the leader advances the HW.",
                " 페치 오프셋은 리더 {l}에게 이 팔로워가 {o} 미만을 모두 가졌다고 알려 주며, 리더는 이것으로 \
                 HW를 올립니다.",
                l,
                o
            )
        }
        Event::HighWatermarkAdvanced {
            broker: b,
            tp,
            from,
            to,
        } => {
            let b = broker(*b);
            say!(
                locale,
                "{^b}: {tp} high watermark {from} → {to} — offsets below {to} are committed and \
                 visible to consumers.",
                "{^b}: {tp}의 하이 워터마크(HW) {from} → {to}. 이제 {to} 미만의 오프셋은 커밋되어 \
                 컨슈머가 읽을 수 있습니다.",
                b,
                tp,
                from,
                to
            )
        }
        Event::BecameLeader {
            broker: b,
            tp,
            leader_epoch: e,
            leo,
            hw,
        } => {
            let b = broker(*b);
            let mut text = say!(
                locale,
                "{^b} is now leader of {tp} at leader epoch {e} (LEO {leo}, HW {hw}). It notes in \
                 its leader-epoch cache that epoch {e} starts at offset {leo}; followers use that \
                 to truncate correctly (KIP-101).",
                "{b}{이/가} {tp}의 리더가 되었습니다 (리더 에포크 {e}, LEO {leo}, HW {hw}). 리더 에포크 캐시에 \
                 '에포크 {e}는 오프셋 {leo}부터'라고 기록하고, 팔로워는 이를 기준으로 로그를 올바르게 \
                 잘라냅니다 (KIP-101).",
                b,
                tp,
                e,
                leo,
                hw
            );
            if leo > hw {
                let at = offsets(locale, *hw, leo - hw);
                text += &say!(
                    locale,
                    " Its uncommitted {at} commit once the ISR catches up.",
                    " 아직 커밋되지 않은 {at}{은/는} ISR이 따라잡으면 커밋됩니다.",
                    at
                );
            }
            text
        }
        Event::BecameFollower {
            broker: b,
            tp,
            leader,
            leader_epoch: e,
        } => {
            let b = broker(*b);
            match leader {
                Some(l) => {
                    let l = broker(*l);
                    say!(
                        locale,
                        "{^b} now follows {l} for {tp} (leader epoch {e}) and fetches from it.",
                        "{b}{이/가} {tp}에서 {l}의 팔로워가 되어, 리더 에포크 {e} 기준으로 페치를 시작합니다.",
                        b,
                        l,
                        tp,
                        e
                    )
                }
                None => say!(
                    locale,
                    "{^b} is a follower of {tp} with no leader to fetch from (epoch {e}): the \
                     partition is offline.",
                    "{b}{은/는} {tp}의 팔로워지만 페치할 리더가 없습니다 (에포크 {e}): 파티션이 오프라인입니다.",
                    b,
                    tp,
                    e
                ),
            }
        }
        Event::LogTruncated {
            broker: b,
            tp,
            from_leo: from,
            to_offset: to,
            reason,
            removed,
        } => {
            let b = broker(*b);
            let what = recs(removed);
            match reason {
                TruncationReason::HighWatermark => say!(
                    locale,
                    "{^b} truncated {tp} from LEO {from} to its high watermark {to}, removing \
                     {what} — the pre-KIP-101 rule. A follower's HW can lag the leader's, so \
                     records the leader already committed can vanish this way.",
                    "{b}{이/가} {tp} 로그를 LEO {from}에서 자신의 하이 워터마크 {to}까지 잘라내며 {what}를 \
                     지웠습니다 — KIP-101 이전 방식입니다. 팔로워의 HW는 리더보다 늦을 수 있어, 리더가 이미 \
                     커밋한 레코드도 이렇게 사라질 수 있습니다.",
                    b,
                    tp,
                    from,
                    to,
                    what
                ),
                TruncationReason::DivergingEpoch => say!(
                    locale,
                    "{^b} truncated {tp} from LEO {from} to offset {to}, where its log diverges from \
                     the leader's epoch history (KIP-101/KIP-279 truncation by leader epoch), \
                     removing {what} that the current leader does not have.",
                    "{b}{이/가} {tp} 로그를 LEO {from}에서 오프셋 {to}까지 잘라내며 현재 리더에게 없는 {what}를 \
                     지웠습니다 — 리더의 에포크 기록과 갈라지는 지점까지 자르는 KIP-101/KIP-279 방식(리더 \
                     에포크 기반 잘라내기)입니다.",
                    b,
                    tp,
                    from,
                    to,
                    what
                ),
                TruncationReason::OffsetOutOfRange => {
                    let oor = KafkaError::OffsetOutOfRange.name();
                    say!(
                        locale,
                        "{^b} was ahead of the leader's log end ({oor}) and truncated {tp} from LEO \
                         {from} to {to}, removing {what} — the pre-KIP-101 fallback, which can \
                         leave replicas with different records at the same offset.",
                        "{b}{이/가} 리더의 로그 끝보다 앞서 있어({oor}) {tp} 로그를 LEO {from}에서 {to}까지 \
                         잘라내며 {what}를 지웠습니다 — KIP-101 이전의 처리 방식으로, 같은 오프셋에 서로 \
                         다른 레코드를 가진 레플리카가 남을 수 있습니다.",
                        b,
                        oor,
                        tp,
                        from,
                        to,
                        what
                    )
                }
            }
        }
        Event::IsrShrinkRequested {
            leader,
            tp,
            out_of_sync,
            lag_ms,
        } => {
            let l = broker(*leader);
            let out = broker_list(out_of_sync);
            say!(
                locale,
                "Leader {l} asks the controller (AlterPartition) to remove {out} from {tp}'s ISR: \
                 not caught up for {lag_ms} ms, longer than replica.lag.time.max.ms. A smaller ISR \
                 lets the HW advance without waiting for them.",
                "리더 {l}{이/가} 컨트롤러에 AlterPartition을 보내 {tp}의 ISR에서 {out}{을/를} 빼 달라고 요청합니다: \
                 {lag_ms}ms 동안 따라잡지 못해 replica.lag.time.max.ms를 넘었습니다. ISR이 줄면 HW는 \
                 이 레플리카를 기다리지 않고 전진합니다.",
                l,
                out,
                tp,
                lag_ms
            )
        }
        Event::IsrExpandRequested {
            leader,
            tp,
            caught_up,
        } => {
            let c = broker(*caught_up);
            let l = broker(*leader);
            say!(
                locale,
                "{^c} caught up with {tp}'s leader {l} (reached the high watermark): the leader \
                 asks the controller (AlterPartition) to add it back to the ISR.",
                "{c}{이/가} {tp}의 리더 {l}{을/를} 따라잡았습니다(HW 도달): 리더가 컨트롤러에 AlterPartition을 보내 \
                 ISR에 다시 넣어 달라고 요청합니다.",
                c,
                tp,
                l
            )
        }

        // --- producer ---
        Event::ProduceSent {
            producer: p,
            tp,
            ids,
            acks,
            attempt,
            leader,
        } => {
            let p = producer(*p);
            let (what, l) = (recs(ids), broker(*leader));
            let meaning = acks_meaning(locale, *acks);
            let mut text = say!(
                locale,
                "{^p} sent {what} to {tp}'s leader {l} ({meaning}).",
                "{p}{이/가} {what}를 {tp}의 리더 {l}에게 보냈습니다 ({meaning}).",
                p,
                what,
                tp,
                l,
                meaning
            );
            if *attempt > 1 {
                let retry = attempt - 1;
                text += &say!(
                    locale,
                    " This is retry {retry} (attempt {attempt}).",
                    " {retry}번째 재시도입니다 (총 {attempt}번째 시도).",
                    retry,
                    attempt
                );
            }
            text
        }
        Event::ProduceAcked {
            producer: p,
            tp,
            ids,
            base_offset,
        } => {
            let p = producer(*p);
            let (what, at) = (recs(ids), offsets(locale, *base_offset, ids.len() as i64));
            say!(
                locale,
                "{^p}: {what} acknowledged at {tp} {at} — the producer now treats them as written \
                 (how durable that is depends on acks).",
                "{^p}: {what}가 {tp} {at}에 기록되었다는 확인(ack)을 받았습니다 — 프로듀서는 이제 쓰기가 \
                 끝났다고 여깁니다 (얼마나 안전한지는 acks 설정에 달려 있습니다).",
                p,
                what,
                tp,
                at
            )
        }
        Event::ProduceUnacknowledged {
            producer: p,
            tp,
            ids,
        } => {
            let p = producer(*p);
            let what = recs(ids);
            say!(
                locale,
                "{^p} sent {what} to {tp} with acks=0: no response comes back, so the producer \
                 never learns whether it was written or at which offset.",
                "{p}{이/가} {what}를 acks=0으로 {tp}에 보냈습니다: 응답이 없으므로 프로듀서는 기록됐는지, 어느 \
                 오프셋인지 끝내 알 수 없습니다.",
                p,
                what,
                tp
            )
        }
        Event::ProduceError {
            producer: p,
            tp,
            ids,
            error,
            will_retry,
        } => {
            let p = producer(*p);
            let what = recs(ids);
            let (err, why) = (error_label(locale, *error), error_why(locale, *error));
            let next = half(locale, match (will_retry, error.retriable()) {
                (true, _) => both!("It will be retried after retry.backoff.ms.",
                    "retry.backoff.ms 후에 재시도합니다.",
                ),
                (false, false) => both!("It is not retriable, so the send fails.",
                    "재시도할 수 없는 오류라서 전송이 실패합니다.",
                ),
                (false, true) => both!("It is not retried: no retries are left or delivery.timeout.ms has passed.",
                    "재시도하지 않습니다: 남은 재시도가 없거나 delivery.timeout.ms가 지났습니다.",
                ),
            });
            say!(
                locale,
                "{^p}: sending {what} to {tp} failed with {err} — {why}. {next}",
                "{^p}: {what}를 {tp}에 보내지 못했습니다: {err} — {why}. {next}",
                p,
                what,
                tp,
                err,
                why,
                next
            )
        }
        Event::ProduceFailed {
            producer: p,
            tp,
            ids,
            error,
        } => {
            let p = producer(*p);
            let what = recs(ids);
            let (err, why) = (error_label(locale, *error), error_why(locale, *error));
            say!(
                locale,
                "{^p} gave up on {what} for {tp}: {err} — {why}. The application's send fails; \
                 these records were never acknowledged.",
                "{p}{이/가} {tp}에 보내던 {what} 전송을 포기했습니다: {err} — {why}. 애플리케이션에는 전송 실패로 \
                 전달되며, 이 레코드들은 확인(ack)을 받지 못했습니다.",
                p,
                what,
                tp,
                err,
                why
            )
        }
        Event::AutoProduceSet {
            producer: p,
            topic,
            per_second,
        } => {
            let p = producer(*p);
            if *per_second == 0 {
                say!(
                    locale,
                    "{^p} stops producing to {topic} automatically.",
                    "{p}{이/가} {topic}로의 자동 전송을 멈춥니다.",
                    p,
                    topic
                )
            } else {
                say!(
                    locale,
                    "{^p} now sends {per_second} record(s) per second to {topic} (null key: the partitioner picks the partition).",
                    "{p}{이/가} 이제 {topic}에 초당 {per_second}개의 레코드를 보냅니다 (키가 null이라 파티셔너가 파티션을 고릅니다).",
                    p,
                    per_second,
                    topic
                )
            }
        }

        Event::SendBlocked {
            producer: p,
            tp,
            id,
            needed,
            available,
            max_block_ms,
        } => {
            let (pn, r) = (producer(*p), label(*id));
            say!(
                locale,
                "{pn}'s send() of {r} blocks: a new batch for {tp} needs {needed} bytes of \
                 buffer.memory and only {available} are free. The application waits until a batch \
                 completes and gives its memory back, at most max.block.ms ({max_block_ms} ms); \
                 meanwhile every batch goes without waiting for linger.ms.",
                "{pn}의 send()가 {r}에서 멈췄습니다: {tp}의 새 배치에 buffer.memory {needed}바이트가 \
                 필요한데 {available}바이트만 남았습니다. 배치가 끝나 메모리를 돌려줄 때까지 애플리케이션이 \
                 기다립니다(최대 max.block.ms = {max_block_ms}ms). 그동안 모든 배치는 linger.ms를 \
                 기다리지 않고 바로 보내집니다.",
                pn,
                r,
                tp,
                needed,
                available,
                max_block_ms
            )
        }
        Event::SendUnblocked {
            producer: p,
            tp,
            id,
            waited_ms,
        } => {
            let p = producer(*p);
            let r = label(*id);
            say!(
                locale,
                "{^p}: a completed batch gave memory back, so the send() of {r} returns after \
                 waiting {waited_ms} ms; {r} starts a new batch for {tp}.",
                "{^p}: 끝난 배치가 메모리를 돌려줘서 {r}의 send()가 {waited_ms}ms 기다린 끝에 \
                 돌아옵니다. {r}{은/는} {tp}의 새 배치를 시작합니다.",
                p,
                r,
                waited_ms,
                tp
            )
        }
        Event::SendFailed {
            producer: p,
            topic,
            id,
            error,
            message,
        } => {
            let (pn, r) = (producer(*p), label(*id));
            let (err, why) = (error_label(locale, *error), error_why(locale, *error));
            say!(
                locale,
                "{pn}'s send() of {r} to {topic} failed: {err} — {why}. The Java client says: \
                 \"{message}\" The record never joined a batch and was never sent.",
                "{pn}의 {r} send()가 {topic}에 대해 실패했습니다: {err} — {why}. Java 클라이언트의 \
                 메시지: \"{message}\" 이 레코드는 배치에 들어가지도, 전송되지도 않았습니다.",
                pn,
                r,
                topic,
                err,
                why,
                message
            )
        }
        Event::BatchCompressed {
            producer: p,
            tp,
            ids,
            codec,
            bytes,
            wire_bytes,
            cpu_us,
            send_at,
        } => {
            let p = producer(*p);
            let (what, c) = (recs(ids), codec.name());
            say!(
                locale,
                "{^p} closed a batch of {what} for {tp} and compressed it with {c}: {bytes} → \
                 {wire_bytes} bytes on the wire, {cpu_us} µs of CPU (the playground's model, not \
                 a real codec), so it goes at {send_at} ms. The brokers store and replicate the \
                 batch compressed.",
                "{p}{이/가} {tp}로 갈 {what}의 배치를 닫고 {c}로 압축했습니다: {bytes} → {wire_bytes}바이트, \
                 CPU {cpu_us}µs (실제 코덱이 아닌 플레이그라운드 모델), 그래서 {send_at}ms에 보냅니다. \
                 브로커는 압축된 배치를 그대로 저장하고 복제합니다.",
                p,
                what,
                tp,
                c,
                bytes,
                wire_bytes,
                cpu_us,
                send_at
            )
        }

        // --- consumer ---
        Event::ConsumerFetched {
            consumer: c,
            tp,
            offset,
            ids,
            high_watermark: hw,
            last_stable_offset,
        } => {
            let c = consumer(*c);
            let what = recs(ids);
            match last_stable_offset {
                None => say!(
                    locale,
                    "{^c} read {what} of {tp} from offset {offset} (HW {hw}) — a consumer only \
                     gets records below the high watermark, i.e. committed ones.",
                    "{c}{이/가} {tp}의 오프셋 {offset}부터 {what}를 읽었습니다 (HW {hw}) — 컨슈머는 하이 \
                     워터마크 아래, 즉 커밋된 레코드만 받습니다.",
                    c,
                    what,
                    tp,
                    offset,
                    hw
                ),
                Some(lso) => say!(
                    locale,
                    "{^c} (read_committed) read {what} of {tp} from offset {offset} (LSO {lso}, HW \
                     {hw}) — it reads only below the last stable offset, where every transaction \
                     is decided, and gets no record of an aborted one.",
                    "{c}{이/가} (read_committed) {tp}의 오프셋 {offset}부터 {what}를 읽었습니다 (LSO {lso}, \
                     HW {hw}) — 모든 트랜잭션이 결정된 마지막 안정 오프셋 아래만 읽고, 중단된 \
                     트랜잭션의 레코드는 받지 않습니다.",
                    c,
                    what,
                    tp,
                    offset,
                    lso,
                    hw
                ),
            }
        }
        e @ (Event::TxnCoordinatorFound { .. }
        | Event::ProducerIdInitialized { .. }
        | Event::TransactionBegun { .. }
        | Event::TransactionEnded { .. }
        | Event::TransactionalError { .. }
        | Event::TransactionCallFailed { .. }
        | Event::TxnStateChanged { .. }
        | Event::TxnFenced { .. }
        | Event::TxnCoordinatorLoaded { .. }
        | Event::TxnMarkerWritten { .. }
        | Event::LastStableOffsetMoved { .. }
        | Event::ConsumerSkipped { .. }) => transaction::narrate(locale, e, label),
        Event::ConsumerReset {
            consumer: c,
            tp,
            offset,
        } => {
            let c = consumer(*c);
            say!(
                locale,
                "{^c} had no valid position on {tp} and starts at offset {offset}, as \
                 auto.offset.reset says (looked up with ListOffsets).",
                "{c}{은/는} {tp}에서 유효한 위치가 없어 auto.offset.reset에 따라 오프셋 {offset}부터 읽기 \
                 시작합니다 (ListOffsets로 조회).",
                c,
                tp,
                offset
            )
        }

        // --- consumer groups (narrate/groups.rs) ---
        Event::ConsumerResumed { .. }
        | Event::ConsumerCrashed { .. }
        | Event::ConsumerStarted { .. }
        | Event::ConsumerPaused { .. }
        | Event::ConsumerAdded { .. }
        | Event::ConsumerClosing { .. }
        | Event::ConsumerClosed { .. }
        | Event::CoordinatorFound { .. }
        | Event::AssignmentComputed { .. }
        | Event::PartitionsRevoked { .. }
        | Event::PartitionsAssigned { .. }
        | Event::PollTimeoutExpired { .. }
        | Event::OffsetCommitFailed { .. }
        | Event::GroupsLoaded { .. }
        | Event::GroupStateChanged { .. }
        | Event::MemberJoined { .. }
        | Event::StaticMemberReplaced { .. }
        | Event::MemberRemoved { .. }
        | Event::JoinCompleted { .. }
        | Event::OffsetsCommitted { .. } => groups::narrate(locale, event).unwrap_or_default(),

        // --- guarantees ---
        Event::AcknowledgedRecordLost { tp, offset, id } => {
            let r = label(*id);
            let rg = particle(&r, "이/가");
            say!(
                locale,
                "Acknowledged record {r} ({tp} offset {offset}) is gone from the leader's log — \
                 the producer was told it was written, so this is real data loss.",
                "확인(ack)된 레코드 {r}({tp} 오프셋 {offset}){rg} 리더의 로그에서 사라졌습니다 — \
                 프로듀서는 기록됐다고 통보받았으므로 실제 데이터 유실입니다.",
                r,
                tp,
                offset,
                rg
            )
        }
        Event::ConsumedRecordLost {
            consumer: c,
            tp,
            offset,
            id,
        } => {
            let c = consumer(*c);
            let r = label(*id);
            let rg = particle(&r, "이/가");
            say!(
                locale,
                "{^c} already read {r} ({tp} offset {offset}), but it is no longer in the \
                 leader's log — the consumer saw a record the partition no longer has.",
                "{c}{이/가} 이미 읽은 {r}({tp} 오프셋 {offset}){rg} 리더의 로그에서 사라졌습니다 — 컨슈머는 \
                 파티션에 더 이상 없는 레코드를 본 셈입니다.",
                c,
                r,
                tp,
                offset,
                rg
            )
        }
    }
}

/// A node as the learner reads it: "broker 2" / "브로커 2".
pub fn node_name(locale: Locale, node: NodeId) -> String {
    Name(locale, node).to_string()
}

/// A node's name as a sentence value: written straight into the sentence,
/// with no `String` of its own to build and drop at every call site.
#[derive(Clone, Copy)]
struct Name(Locale, NodeId);

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, id) = match (self.0, self.1) {
            (Locale::En, node) => return node.fmt(f),
            (Locale::Ko, NodeId::Controller) => return f.write_str("컨트롤러"),
            (Locale::Ko, NodeId::Broker(id)) => ("브로커", i64::from(id)),
            (Locale::Ko, NodeId::Producer(id)) => ("프로듀서", i64::from(id)),
            (Locale::Ko, NodeId::Consumer(id)) => ("컨슈머", i64::from(id)),
        };
        write!(f, "{kind} {id}")
    }
}

/// Up to five record labels, then "…": "r1, r2, r3, r4, r5, …".
pub fn labels(ids: &[RecordId], label: &dyn Fn(RecordId) -> String) -> String {
    let mut shown: Vec<String> = ids.iter().take(MAX_LABELS).map(|&id| label(id)).collect();
    if ids.len() > MAX_LABELS {
        shown.push("…".to_string());
    }
    shown.join(", ")
}

/// "3 records (r1, r2, r3)" / "레코드 3개(r1, r2, r3)".
fn records(locale: Locale, ids: &[RecordId], label: &dyn Fn(RecordId) -> String) -> String {
    let (n, shown) = (count_records(locale, ids.len() as i64), labels(ids, label));
    say!(locale, "{n} ({shown})", "{n}({shown})", n, shown)
}

fn count_records(locale: Locale, n: i64) -> String {
    let s = plural(n);
    say!(locale, "{n} record{s}", "레코드 {n}개", n, s)
}

fn plural(n: impl Into<i64>) -> &'static str {
    if n.into() == 1 {
        ""
    } else {
        "s"
    }
}

/// "offset 5" or "offsets 5–6" / "오프셋 5" or "오프셋 5~6".
fn offsets(locale: Locale, base: i64, count: i64) -> String {
    let last = base + count - 1;
    match count > 1 {
        false => say!(locale, "offset {base}", "오프셋 {base}", base),
        true => say!(
            locale,
            "offsets {base}–{last}",
            "오프셋 {base}~{last}",
            base,
            last
        ),
    }
}

/// Broker ids as Kafka's tools print an ISR: "[2,3]".
fn broker_list(ids: &[BrokerId]) -> String {
    brokers_outside(ids, &[])
}

/// The [`broker_list`] of the ids in `ids` and not in `other`, "[]" if
/// none: written straight into one `String`, with no `Vec` of the ids or
/// of their digits on the way.
fn brokers_outside(ids: &[BrokerId], other: &[BrokerId]) -> String {
    let mut out = String::from("[");
    for id in ids.iter().filter(|b| !other.contains(b)) {
        if out.len() > 1 {
            out.push(',');
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{id}");
    }
    out.push(']');
    out
}

/// "NOT_ENOUGH_REPLICAS (code 19)"; client-side errors have no code.
fn error_label(locale: Locale, e: KafkaError) -> String {
    let (name, code) = (e.name(), e.code());
    match code >= 0 {
        true => say!(
            locale,
            "{name} (code {code})",
            "{name} (오류 코드 {code})",
            name,
            code
        ),
        false => say!(
            locale,
            "{name} (client-side)",
            "{name} (클라이언트 측)",
            name
        ),
    }
}

/// What the error means for the records in flight.
fn error_why(locale: Locale, e: KafkaError) -> &'static str {
    half(locale, match e {
        KafkaError::OffsetOutOfRange => both!("the requested offset is outside the log",
            "요청한 오프셋이 로그 범위 밖입니다",
        ),
        KafkaError::UnknownTopicOrPartition => both!("that broker does not host the partition (yet)",
            "그 브로커는 (아직) 이 파티션을 갖고 있지 않습니다",
        ),
        KafkaError::LeaderNotAvailable => both!("there is no leader right now: an election is in progress or the partition is offline",
            "지금은 리더가 없습니다: 선출 중이거나 파티션이 오프라인입니다",
        ),
        KafkaError::NotLeaderOrFollower => both!("that broker is no longer the leader; the producer refreshes its metadata to find the new one",
            "그 브로커는 더 이상 리더가 아니므로, 프로듀서가 메타데이터를 새로 받아 새 리더를 찾습니다",
        ),
        KafkaError::RequestTimedOut => both!("no response within request.timeout.ms, or the leader could not gather the ISR's copies in time",
            "request.timeout.ms 안에 응답이 없었거나, 리더가 제시간에 ISR의 복제를 모으지 못했습니다",
        ),
        KafkaError::NetworkException => both!("the connection broke before a response came, so whether the write happened is unknown",
            "응답 전에 연결이 끊겨, 실제로 기록됐는지 알 수 없습니다",
        ),
        KafkaError::OutOfOrderSequenceNumber => both!("an earlier batch of this idempotent producer is missing on the leader (it failed or is still on its way), so this one must wait and be resent after it — that is how order survives retries",
            "이 멱등성 프로듀서의 앞 배치가 리더에 없어서(실패했거나 아직 오는 중) 이 배치는 그 뒤에 다시 보내야 합니다 — 재시도 중에도 순서가 지켜지는 방법입니다",
        ),
        KafkaError::IllegalGeneration => both!("the request carried an old generation: the group rebalanced without this member",
            "요청의 세대(generation)가 오래되었습니다: 이 멤버 없이 그룹이 리밸런스되었습니다",
        ),
        KafkaError::InconsistentGroupProtocol => both!("none of its partition.assignment.strategy entries is supported by every member",
            "partition.assignment.strategy 중 모든 멤버가 지원하는 할당기가 없습니다",
        ),
        KafkaError::InvalidGroupId => both!("the group id is empty", "그룹 ID가 비어 있습니다"),
        KafkaError::InvalidSessionTimeout => both!("session.timeout.ms is outside group.min/max.session.timeout.ms on the broker",
            "session.timeout.ms가 브로커의 group.min/max.session.timeout.ms 범위 밖입니다",
        ),
        KafkaError::UnknownMemberId => both!("the coordinator no longer knows this member (its session expired); it must rejoin",
            "코디네이터가 이 멤버를 더 이상 모릅니다(세션 만료). 다시 참여해야 합니다",
        ),
        KafkaError::RebalanceInProgress => both!("the group is rebalancing; the member must rejoin",
            "그룹이 리밸런스 중이라 멤버가 다시 참여해야 합니다",
        ),
        KafkaError::MemberIdRequired => both!("a new member first receives its member id and joins again with it",
            "새 멤버는 먼저 멤버 ID를 받고 그 ID로 다시 참여합니다",
        ),
        KafkaError::FencedInstanceId => both!("another process took over this group.instance.id",
            "다른 프로세스가 이 group.instance.id를 가져갔습니다",
        ),
        KafkaError::CoordinatorLoadInProgress => both!("the coordinator just became leader of its internal partition and is still reading its state back from the log",
            "코디네이터가 내부 파티션의 리더가 된 직후라 아직 로그에서 상태를 다시 읽는 중입니다",
        ),
        KafkaError::CoordinatorNotAvailable => both!("the internal partition that holds this state has no leader right now, so there is no coordinator",
            "이 상태를 담는 내부 파티션에 지금 리더가 없어서 코디네이터가 없습니다",
        ),
        KafkaError::NotCoordinator => both!("that broker no longer leads the internal partition; the client looks the coordinator up again",
            "그 브로커는 더 이상 내부 파티션의 리더가 아니므로, 클라이언트가 코디네이터를 다시 찾습니다",
        ),
        KafkaError::NotEnoughReplicas => both!("the ISR is smaller than min.insync.replicas, so the leader refuses acks=all writes before appending them",
            "ISR이 min.insync.replicas보다 작아서, 리더가 acks=all 쓰기를 로그에 추가하기 전에 거부합니다",
        ),
        KafkaError::NotEnoughReplicasAfterAppend => both!("the leader appended the records, but the ISR fell below min.insync.replicas before they were replicated; a retry may write them twice",
            "리더는 레코드를 로그에 추가했지만 복제 전에 ISR이 min.insync.replicas 아래로 줄었습니다. 재시도하면 중복으로 기록될 수 있습니다",
        ),
        KafkaError::FencedLeaderEpoch => both!("the request carried an older leader epoch than the broker's: it was aimed at a stale leader",
            "요청의 리더 에포크가 브로커의 것보다 오래되었습니다: 옛 리더를 기준으로 보낸 요청입니다",
        ),
        KafkaError::UnknownLeaderEpoch => both!("the request carried a newer leader epoch than the broker knows: the broker has not caught up on metadata yet",
            "요청의 리더 에포크가 브로커가 아는 것보다 새롭습니다: 브로커가 아직 메타데이터를 따라잡지 못했습니다",
        ),
        KafkaError::StaleBrokerEpoch => both!("the broker epoch changed because the broker registered again",
            "브로커가 다시 등록해서 브로커 에포크가 바뀌었습니다",
        ),
        KafkaError::InvalidUpdateVersion => both!("the AlterPartition was based on an old partition epoch",
            "오래된 파티션 에포크를 기준으로 한 AlterPartition입니다",
        ),
        KafkaError::IneligibleReplica => both!("the new ISR names a fenced or shutting-down replica",
            "새 ISR에 펜싱되었거나 종료 중인 레플리카가 들어 있습니다",
        ),
        KafkaError::DuplicateBrokerRegistration => both!("the old session of that broker id is still alive",
            "같은 브로커 ID의 이전 세션이 아직 살아 있습니다",
        ),
        KafkaError::DeliveryTimeout => both!("delivery.timeout.ms has passed since the batch was created",
            "배치가 만들어진 뒤 delivery.timeout.ms가 지났습니다",
        ),
        KafkaError::RetriesExhausted => both!("the producer has no retries left (retries)",
            "프로듀서에게 남은 재시도(retries)가 없습니다",
        ),
        KafkaError::RecordTooLarge => both!("the record is bigger than max.request.size (or buffer.memory) allows, so send() refuses it at once",
            "레코드가 max.request.size(또는 buffer.memory)가 허용하는 것보다 커서 send()가 바로 거부합니다",
        ),
        KafkaError::BufferExhausted => both!("buffer.memory stayed full for max.block.ms: the batches already buffered did not complete in time",
            "max.block.ms 동안 buffer.memory가 가득 찬 채였습니다: 이미 버퍼에 있던 배치들이 제때 끝나지 않았습니다",
        ),
        KafkaError::InvalidProducerEpoch => both!("the batch carries an older producer epoch than the partition has seen: a newer instance with the same transactional.id, or the coordinator after a timeout, bumped it — this producer is a zombie",
            "배치의 프로듀서 에포크가 파티션이 이미 본 것보다 낮습니다: 같은 transactional.id의 새 인스턴스가, 또는 타임아웃 뒤 코디네이터가 에포크를 올렸습니다 — 이 프로듀서는 좀비입니다",
        ),
        KafkaError::InvalidTxnState => both!("the request does not fit the transaction's state at the coordinator (committing one that was aborted, say)",
            "요청이 코디네이터에 있는 트랜잭션 상태와 맞지 않습니다 (예: 중단된 트랜잭션을 커밋)",
        ),
        KafkaError::InvalidProducerIdMapping => both!("the coordinator knows no such producer id for this transactional.id",
            "코디네이터가 이 transactional.id에 대해 그런 프로듀서 ID를 모릅니다",
        ),
        KafkaError::InvalidTransactionTimeout => both!("transaction.timeout.ms is below 1 or above the broker's transaction.max.timeout.ms",
            "transaction.timeout.ms가 1보다 작거나 브로커의 transaction.max.timeout.ms보다 큽니다",
        ),
        KafkaError::ConcurrentTransactions => both!("the coordinator is still finishing this transactional.id's previous step (a state write or its markers); the client retries shortly",
            "코디네이터가 아직 이 transactional.id의 이전 단계(상태 기록이나 마커)를 마무리하는 중이라, 클라이언트가 곧 다시 시도합니다",
        ),
        KafkaError::TransactionCoordinatorFenced => both!("a newer coordinator already wrote markers for this producer, so the old one's are refused",
            "더 새로운 코디네이터가 이미 이 프로듀서의 마커를 썼으므로 이전 코디네이터의 마커는 거부됩니다",
        ),
        KafkaError::ProducerFenced => both!("a newer producer with the same transactional.id bumped the epoch, so this one is fenced",
            "같은 transactional.id의 새 프로듀서가 에포크를 올려서 이 프로듀서는 펜싱되었습니다",
        ),
        KafkaError::TransactionAborted => both!("its transaction was aborted before the batch was sent, so it never will be",
            "배치를 보내기 전에 트랜잭션이 중단되어 이 배치는 보내지지 않습니다",
        ),
    })
}

fn acks_meaning(locale: Locale, acks: Acks) -> &'static str {
    half(locale, match acks {
        Acks::All => both!("acks=all: the leader answers once every ISR replica has them, and only while the ISR has at least min.insync.replicas members",
            "acks=all: ISR의 모든 레플리카가 받아야, 그리고 ISR이 min.insync.replicas 이상일 때만 리더가 응답합니다",
        ),
        Acks::Leader => both!("acks=1: the leader answers as soon as it has appended them, before any follower copies them",
            "acks=1: 팔로워가 복제하기 전, 리더가 로그에 추가하자마자 응답합니다",
        ),
        Acks::None => both!("acks=0: no response at all",
            "acks=0: 응답이 전혀 없습니다",
        ),
    })
}

/// `word` followed by the Korean particle that fits it: `pair` is one of
/// "이/가", "을/를", "은/는", "과/와", "으로/로".
fn josa(word: &str, pair: &'static str) -> String {
    format!("{word}{}", particle(word, pair))
}

/// The half of `pair` that follows `word`: the first after a final
/// consonant (받침), the second after a vowel; "으로/로" also takes "로"
/// after ㄹ.
fn particle(word: &str, pair: &'static str) -> &'static str {
    let (with_final, without) = pair.split_once('/').unwrap_or((pair, pair));
    match coda(word) {
        Coda::None => without,
        Coda::Rieul if pair == "으로/로" => without,
        Coda::Rieul | Coda::Other => with_final,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Coda {
    None,
    Rieul,
    Other,
}

/// The final consonant of `word` as it is read aloud in Korean: Hangul by
/// its syllable, numbers as Sino-Korean numerals (1 일, 2 이, 10 십),
/// Latin letters by their Korean names (l 엘, m 엠, r 알).
fn coda(word: &str) -> Coda {
    let text = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let Some(last) = text.chars().next_back() else {
        return Coda::None;
    };
    match last {
        '가'..='힣' => match (u32::from(last) - 0xAC00) % 28 {
            0 => Coda::None,
            8 => Coda::Rieul,
            _ => Coda::Other,
        },
        '1' | '7' | '8' => Coda::Rieul,
        '2' | '4' | '5' | '9' => Coda::None,
        // 3 삼, 6 육, and 영/십/백/천/만 for a trailing zero.
        '0'..='9' => Coda::Other,
        'l' | 'L' | 'r' | 'R' => Coda::Rieul,
        'm' | 'M' | 'n' | 'N' => Coda::Other,
        _ => Coda::None,
    }
}

#[cfg(test)]
mod tests;
