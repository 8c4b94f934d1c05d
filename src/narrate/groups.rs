//! Narration of consumer-group events: the consumer side (finding the
//! coordinator, assignments, revocations, commits) and the group
//! coordinator's (members, generations, group states).

use super::template::half;
use super::{error_label, error_why, Name};
use crate::engine::event::{Event, MemberRemovedReason, Revocation};
use crate::engine::group_coordinator::GroupState;
use crate::engine::types::{NodeId, Tp};
use crate::i18n::Locale;

fn tps(tps: &[Tp]) -> String {
    if tps.is_empty() {
        return "—".to_string();
    }
    tps.iter().map(Tp::to_string).collect::<Vec<_>>().join(", ")
}

/// Member ids are `client.id-UUID`: the learner recognises the client part.
fn short(member: &str) -> String {
    let cut = member
        .len()
        .checked_sub(37)
        .filter(|&i| member.is_char_boundary(i) && member[i..].starts_with('-'));
    match cut {
        Some(i) => format!("{}…", &member[..i + 5]),
        None => member.to_string(),
    }
}

pub(crate) fn state_meaning(locale: Locale, state: GroupState) -> &'static str {
    half(
        locale,
        match state {
            GroupState::Empty => both!("no members, offsets kept", "멤버 없음, 오프셋은 보관",),
            GroupState::PreparingRebalance => both!(
                "every member must send JoinGroup again",
                "모든 멤버가 JoinGroup을 다시 보내야 합니다",
            ),
            GroupState::CompletingRebalance => both!(
                "waiting for the leader's assignment in SyncGroup",
                "리더가 SyncGroup으로 보낼 할당을 기다립니다",
            ),
            GroupState::Stable => both!(
                "members consume their partitions and heartbeat",
                "멤버들이 파티션을 읽고 하트비트를 보냅니다",
            ),
            GroupState::Dead => both!(
                "this broker no longer coordinates the group",
                "이 브로커는 더 이상 이 그룹의 코디네이터가 아닙니다",
            ),
        },
    )
}

/// One sentence for a group event; `None` for other events.
pub fn narrate(locale: Locale, event: &Event) -> Option<String> {
    let node = |n: NodeId| Name(locale, n);
    let consumer = |c: u32| Name(locale, NodeId::Consumer(c));
    let broker = |b: i32| Name(locale, NodeId::Broker(b));
    Some(match event {
        Event::ConsumerResumed {
            consumer: c,
            tp,
            offset,
        } => {
            let c = consumer(*c);
            say!(
                locale,
                "{^c} resumes {tp} at its group's committed offset {offset} (OffsetFetch from \
                 __consumer_offsets).",
                "{c}{은/는} {tp}를 그룹이 커밋해 둔 오프셋 {offset}부터 이어서 읽습니다 (__consumer_offsets에서 \
                 OffsetFetch).",
                c,
                tp,
                offset
            )
        }
        Event::ConsumerCrashed { consumer: c } => {
            let c = consumer(*c);
            say!(
                locale,
                "{^c} crashed: no LeaveGroup, no more heartbeats. Its coordinator notices only \
                 after session.timeout.ms; until then its partitions are read by nobody.",
                "{c}{이/가} 다운되었습니다: LeaveGroup도 하트비트도 없습니다. 코디네이터는 session.timeout.ms가 \
                 지나서야 알아채고, 그때까지 이 컨슈머의 파티션은 아무도 읽지 않습니다.",
                c
            )
        }
        Event::ConsumerStarted { consumer: c } => {
            let c = consumer(*c);
            say!(
                locale,
                "{^c} started: it finds its group coordinator and joins the group.",
                "{c}{이/가} 시작되었습니다: 그룹 코디네이터를 찾아 그룹에 참여합니다.",
                c
            )
        }
        Event::ConsumerPaused {
            consumer: c,
            paused,
        } => {
            let c = consumer(*c);
            match paused {
                true => say!(
                    locale,
                    "{^c}'s application stops calling poll() (stuck processing). Heartbeats go on \
                     from the background thread, but after max.poll.interval.ms the consumer \
                     leaves the group.",
                    "{c}{이/가} 애플리케이션이 poll()을 멈췄습니다(처리 중 멈춤). 하트비트는 백그라운드 스레드가 \
                     계속 보내지만, max.poll.interval.ms가 지나면 컨슈머가 그룹을 떠납니다.",
                    c
                ),
                false => say!(
                    locale,
                    "{^c}'s application calls poll() again.",
                    "{c}{이/가} 애플리케이션이 다시 poll()을 호출합니다.",
                    c
                ),
            }
        }
        Event::ConsumerAdded {
            consumer: c,
            group,
            subscribe,
            assign,
        } => {
            let c = consumer(*c);
            match group.as_deref().filter(|_| !subscribe.is_empty()) {
                Some(g) => {
                    let topics = format!("[{}]", subscribe.join(", "));
                    say!(
                        locale,
                        "{^c} is created (new KafkaConsumer) and subscribes to {topics} in group \
                         {g}: it finds the group coordinator and joins, and the group rebalances \
                         to share the partitions (a member beyond the partition count stays idle).",
                        "{c}{이/가} 새로 만들어져(new KafkaConsumer) {g} 그룹에서 {topics}{을/를} 구독합니다: 그룹 \
                         코디네이터를 찾아 참여하고, 그룹은 파티션을 나누려고 리밸런스합니다 (파티션 수보다 \
                         많은 멤버는 놀게 됩니다).",
                        c,
                        topics,
                        g
                    )
                }
                None => {
                    let list = format!("[{}]", tps(assign));
                    let from = match group {
                        Some(g) => say!(
                            locale,
                            "{g}'s committed offsets, else where auto.offset.reset says",
                            "{g} 그룹이 커밋한 오프셋부터(없으면 auto.offset.reset에 따라)",
                            g
                        ),
                        None => say!(
                            locale,
                            "where auto.offset.reset says",
                            "auto.offset.reset에 따라"
                        ),
                    };
                    say!(
                        locale,
                        "{^c} is created (new KafkaConsumer) and assigned {list} by hand: no group \
                         rebalances; it starts from {from}.",
                        "{c}{이/가} 새로 만들어져(new KafkaConsumer) {list}{을/를} 직접 할당(assign)받습니다: 그룹 \
                         리밸런스는 없고, {from} 읽기 시작합니다.",
                        c,
                        list,
                        from
                    )
                }
            }
        }
        Event::ConsumerClosing {
            consumer: c,
            group,
            subscribed,
            auto_commit,
            static_member,
        } => {
            let c = consumer(*c);
            let Some(g) = group else {
                return Some(say!(
                    locale,
                    "{^c} calls close(): without a group it has nothing to commit or leave; it stops \
                     fetching and disconnects.",
                    "{c}{이/가} close()를 호출합니다: 그룹이 없으므로 커밋하거나 떠날 것이 없고, 가져오기를 \
                     멈추고 연결을 닫습니다.",
                    c
                ));
            };
            let commit = match auto_commit {
                true => say!(
                    locale,
                    "commits the offsets it consumed to {g} (auto-commit, synchronously)",
                    "읽은 오프셋을 {g} 그룹에 동기 커밋하고(자동 커밋)",
                    g
                ),
                false => say!(
                    locale,
                    "commits nothing more (auto-commit is off)",
                    "더 커밋하지 않고(자동 커밋 꺼짐)"
                ),
            };
            match (subscribed, static_member) {
                (false, _) => say!(
                    locale,
                    "{^c} calls close(): it {commit} and disconnects; its partitions were \
                     assigned by hand, so no group rebalances.",
                    "{c}{이/가} close()를 호출합니다: {commit} 연결을 닫습니다. 파티션을 직접 할당(assign)했으므로 \
                     그룹 리밸런스는 없습니다.",
                    c,
                    commit
                ),
                (true, false) => say!(
                    locale,
                    "{^c} calls close(): once the records in hand are processed it {commit}, \
                     gives up its partitions (onPartitionsRevoked) and sends LeaveGroup, so {g} \
                     rebalances now instead of after session.timeout.ms.",
                    "{c}{이/가} close()를 호출합니다: 손에 든 레코드를 처리한 뒤 {commit} 파티션을 \
                     내려놓고(onPartitionsRevoked) LeaveGroup을 보냅니다. 그래서 {g} 그룹은 \
                     session.timeout.ms를 기다리지 않고 바로 리밸런스합니다.",
                    c,
                    commit,
                    g
                ),
                (true, true) => say!(
                    locale,
                    "{^c} calls close(): once the records in hand are processed it {commit} and \
                     gives up its partitions, but sends no LeaveGroup: a static member \
                     (group.instance.id) keeps its place in {g} until session.timeout.ms passes, \
                     and nobody reads its partitions until then (KIP-345).",
                    "{c}{이/가} close()를 호출합니다: 손에 든 레코드를 처리한 뒤 {commit} 파티션을 \
                     내려놓지만 LeaveGroup은 보내지 않습니다. 정적 멤버(group.instance.id)는 \
                     session.timeout.ms가 지날 때까지 {g} 그룹에 자리가 남고, 그때까지 그 파티션은 아무도 \
                     읽지 않습니다 (KIP-345).",
                    c,
                    commit,
                    g
                ),
            }
        }
        Event::ConsumerClosed { consumer: c } => {
            let c = consumer(*c);
            say!(
                locale,
                "{^c} is closed: close() returned and the process is gone (a closed consumer \
                 cannot be restarted; add a new one instead).",
                "{c}{이/가} 닫혔습니다: close()가 끝나 프로세스가 사라졌습니다 (닫힌 컨슈머는 다시 시작할 수 \
                 없으니 새 컨슈머를 추가하세요).",
                c
            )
        }
        Event::CoordinatorFound {
            client,
            key,
            coordinator,
        } => {
            let (c, b) = (node(*client), broker(*coordinator));
            say!(
                locale,
                "{c}: the coordinator for \"{key}\" is {b} — the leader of the internal partition \
                 abs(\"{key}\".hashCode()) % partitions (FindCoordinator).",
                "{c}: \"{key}\"의 코디네이터는 {b}입니다 — 내부 토픽 파티션 abs(\"{key}\".hashCode()) % \
                 파티션 수의 리더입니다 (FindCoordinator).",
                c,
                key,
                b
            )
        }
        Event::AssignmentComputed {
            consumer: c,
            group,
            generation,
            protocol,
            assignment,
        } => {
            let c = consumer(*c);
            let parts = assignment
                .iter()
                .map(|(m, a)| format!("{} → [{}]", short(m), tps(a)))
                .collect::<Vec<_>>()
                .join("; ");
            say!(
                locale,
                "{^c}, leader of group {group}, ran the {protocol} assignor for generation \
                 {generation}: {parts}. It sends this in SyncGroup; the coordinator only passes it on.",
                "그룹 {group}의 리더인 {^c}가 세대 {generation}의 할당을 {protocol} 할당기로 계산했습니다: \
                 {parts}. 이 결과를 SyncGroup으로 보내면 코디네이터는 전달만 합니다.",
                c,
                group,
                protocol,
                generation,
                parts
            )
        }
        Event::PartitionsRevoked {
            consumer: c,
            group,
            partitions,
            how,
        } => {
            let c = consumer(*c);
            let list = tps(partitions);
            match how {
                Revocation::Lost => say!(
                    locale,
                    "{^c} lost [{list}]: {group} no longer counts it as a member (its session or \
                     poll timeout passed, or it was fenced), so it stops without committing \
                     (onPartitionsLost); other members may already own them.",
                    "{^c}가 [{list}]를 잃었습니다: {group}가 더 이상 이 컨슈머를 멤버로 보지 않으므로(세션이나 \
                     poll 타임아웃 초과, 또는 펜싱) 커밋 없이 멈춥니다 (onPartitionsLost). 다른 멤버가 이미 \
                     가져갔을 수 있습니다.",
                    c,
                    list,
                    group
                ),
                Revocation::Eager => say!(
                    locale,
                    "{^c} ({group}) gives up all its partitions [{list}] before rejoining: the eager \
                     protocol stops every member until the new assignment arrives.",
                    "{^c}({group})가 다시 참여하기 전에 모든 파티션 [{list}]을 내려놓습니다: eager \
                     프로토콜에서는 새 할당이 올 때까지 모든 멤버가 멈춥니다.",
                    c,
                    group,
                    list
                ),
                Revocation::Close => say!(
                    locale,
                    "{^c} ({group}) gives up all its partitions [{list}] as it closes \
                     (onPartitionsRevoked, from onLeavePrepare), after the closing commit when \
                     auto-commit is on.",
                    "{^c}({group})가 닫히면서 모든 파티션 [{list}]을 내려놓습니다 (onLeavePrepare의 \
                     onPartitionsRevoked). 자동 커밋이 켜져 있으면 먼저 읽은 만큼 커밋했습니다.",
                    c,
                    group,
                    list
                ),
                Revocation::Cooperative => say!(
                    locale,
                    "{^c} ({group}) gives up only [{list}], which move to another member; it keeps \
                     consuming the rest (cooperative rebalance) and rejoins so they can be assigned.",
                    "{^c}({group})가 다른 멤버로 옮겨질 [{list}]만 내려놓고 나머지는 계속 읽습니다 \
                     (cooperative 리밸런스). 옮길 파티션이 할당되도록 다시 참여합니다.",
                    c,
                    group,
                    list
                ),
            }
        }
        Event::PartitionsAssigned {
            consumer: c,
            group,
            generation,
            partitions,
            added,
        } => {
            let c = consumer(*c);
            let (all, new) = (tps(partitions), tps(added));
            say!(
                locale,
                "{^c} ({group}, generation {generation}) owns [{all}]; newly assigned: [{new}].",
                "{^c}({group}, 세대 {generation})의 파티션: [{all}]. 새로 받은 파티션: [{new}].",
                c,
                group,
                generation,
                all,
                new
            )
        }
        Event::PollTimeoutExpired {
            consumer: c,
            group,
            max_poll_interval_ms,
        } => {
            let c = consumer(*c);
            say!(
                locale,
                "{^c} did not call poll() for max.poll.interval.ms ({max_poll_interval_ms} ms): it \
                 sends LeaveGroup to {group}'s coordinator, and its partitions go to other members.",
                "{^c}가 max.poll.interval.ms({max_poll_interval_ms}ms) 동안 poll()을 호출하지 않아 \
                 {group}의 코디네이터에 LeaveGroup을 보냅니다. 파티션은 다른 멤버에게 넘어갑니다.",
                c,
                max_poll_interval_ms,
                group
            )
        }
        Event::OffsetCommitFailed {
            consumer: c,
            group,
            error,
        } => {
            let c = consumer(*c);
            let (err, why) = (error_label(locale, *error), error_why(locale, *error));
            say!(
                locale,
                "{^c}: committing offsets for {group} failed with {err} — {why}. Records processed \
                 since the last commit will be read again by whoever owns the partition next.",
                "{^c}: {group}의 오프셋 커밋 실패: {err} — {why}. 마지막 커밋 이후 처리한 레코드는 \
                 다음에 파티션을 맡는 컨슈머가 다시 읽게 됩니다.",
                c,
                group,
                err,
                why
            )
        }
        Event::GroupsLoaded {
            coordinator,
            partition,
            groups,
        } => {
            let b = broker(*coordinator);
            let list = if groups.is_empty() {
                "—".to_string()
            } else {
                groups.join(", ")
            };
            say!(
                locale,
                "{b} leads __consumer_offsets-{partition} and becomes coordinator of its groups \
                 [{list}]: it reads their offsets and assignments back from that partition.",
                "{b}가 __consumer_offsets-{partition}의 리더가 되어 그 파티션의 그룹 [{list}]의 \
                 코디네이터가 됩니다: 오프셋과 할당을 그 파티션에서 다시 읽어 들입니다.",
                b,
                partition,
                list
            )
        }
        Event::GroupStateChanged {
            group,
            coordinator,
            from,
            to,
            generation,
            reason,
        } => {
            let b = broker(*coordinator);
            let (f, t, m) = (from, to, state_meaning(locale, *to));
            say!(
                locale,
                "Group {group} ({b}, generation {generation}): {f} → {t} ({m}) — {reason}.",
                "그룹 {group}({b}, 세대 {generation}): {f} → {t} ({m}) — {reason}.",
                group,
                b,
                generation,
                f,
                t,
                m,
                reason
            )
        }
        Event::MemberJoined {
            group,
            member_id,
            group_instance_id,
            client,
        } => {
            let (c, m) = (node(*client), short(member_id));
            match group_instance_id {
                Some(i) => say!(
                    locale,
                    "{c} joins {group} as static member {i} (member id {m}).",
                    "{c}가 정적 멤버 {i}(멤버 ID {m})로 {group}에 참여합니다.",
                    c,
                    group,
                    i,
                    m
                ),
                None => say!(
                    locale,
                    "{c} joins {group} with member id {m}, which it got in a first JoinGroup \
                     answered with MEMBER_ID_REQUIRED (KIP-394).",
                    "{c}가 멤버 ID {m}로 {group}에 참여합니다. 이 ID는 첫 JoinGroup에 대한 \
                     MEMBER_ID_REQUIRED 응답으로 받았습니다 (KIP-394).",
                    c,
                    group,
                    m
                ),
            }
        }
        Event::StaticMemberReplaced {
            group,
            group_instance_id,
            old_member_id,
            new_member_id,
            rebalance,
        } => {
            let (o, n) = (short(old_member_id), short(new_member_id));
            match rebalance {
                false => say!(
                    locale,
                    "Static member {group_instance_id} of {group} came back within \
                     session.timeout.ms (member id {o} → {n}): it gets its old partitions back \
                     and nobody rebalances (KIP-345).",
                    "{group}의 정적 멤버 {group_instance_id}가 session.timeout.ms 안에 돌아왔습니다 \
                     (멤버 ID {o} → {n}): 이전 파티션을 그대로 돌려받고 리밸런스는 없습니다 (KIP-345).",
                    group_instance_id,
                    group,
                    o,
                    n
                ),
                true => say!(
                    locale,
                    "Static member {group_instance_id} of {group} rejoined (member id {o} → {n}) \
                     while the group was not stable or with a new subscription: a rebalance follows.",
                    "{group}의 정적 멤버 {group_instance_id}가 다시 참여했지만(멤버 ID {o} → {n}) 그룹이 \
                     안정 상태가 아니거나 구독이 바뀌어 리밸런스가 이어집니다.",
                    group_instance_id,
                    group,
                    o,
                    n
                ),
            }
        }
        Event::MemberRemoved {
            group,
            member_id,
            reason,
        } => {
            let m = short(member_id);
            let why = match reason {
                MemberRemovedReason::SessionTimeout => say!(
                    locale,
                    "no heartbeat within session.timeout.ms",
                    "session.timeout.ms 안에 하트비트가 없었습니다"
                ),
                MemberRemovedReason::RebalanceTimeout => say!(
                    locale,
                    "it did not rejoin within the rebalance timeout (max.poll.interval.ms)",
                    "리밸런스 타임아웃(max.poll.interval.ms) 안에 다시 참여하지 않았습니다"
                ),
                MemberRemovedReason::LeftGroup(r) => say!(
                    locale,
                    "it sent LeaveGroup ({r})",
                    "LeaveGroup을 보냈습니다 ({r})",
                    r
                ),
            };
            say!(
                locale,
                "{group} removes member {m}: {why}.",
                "{group}에서 멤버 {m}가 제거됩니다: {why}.",
                group,
                m,
                why
            )
        }
        Event::JoinCompleted {
            group,
            generation,
            protocol,
            leader,
            members,
        } => {
            let (l, n) = (short(leader), members.len());
            say!(
                locale,
                "{group}: every member has joined; generation {generation} has {n} member(s), \
                 assignor {protocol} (the one every member supports), leader {l}. The leader \
                 alone receives the member list and computes the assignment.",
                "{group}: 모든 멤버가 참여했습니다. 세대 {generation}의 멤버 {n}명, 할당기 {protocol}(모든 \
                 멤버가 지원하는 것), 리더 {l}. 멤버 목록은 리더만 받아 할당을 계산합니다.",
                group,
                generation,
                n,
                protocol,
                l
            )
        }
        Event::OffsetsCommitted {
            group,
            coordinator,
            client,
            offsets,
        } => {
            let (c, b) = (node(*client), broker(*coordinator));
            let list = offsets
                .iter()
                .map(|(tp, o)| format!("{tp}@{o}"))
                .collect::<Vec<_>>()
                .join(", ");
            say!(
                locale,
                "{b} stored {c}'s commit for {group} [{list}] in __consumer_offsets (replicated \
                 like any record): after a restart or rebalance, reading resumes there.",
                "{b}가 {c}의 {group} 커밋 [{list}]을 __consumer_offsets에 저장했습니다(다른 레코드처럼 \
                 복제됨): 재시작이나 리밸런스 뒤에는 여기서부터 읽습니다.",
                b,
                c,
                group,
                list
            )
        }
        _ => return None,
    })
}
