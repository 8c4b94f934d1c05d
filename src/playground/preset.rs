//! The guided demos a teacher opens with one click. Each preset is one or
//! more *lanes* (scenarios run side by side on the same seed and the same
//! fault schedule) plus captions that tell the class what to watch, tied
//! to simulated time so they follow the cursor backwards as well.

use serde_json::Value;

use crate::engine::command::CommandError;
use crate::engine::scenario::Scenario;
use crate::engine::types::TimeMs;
use crate::i18n::Locale;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresetId {
    Acks,
    Isr,
    LeaderEpoch,
    Partitioning,
    LagRebalance,
}

pub const PRESETS: [PresetId; 5] = [
    PresetId::Acks,
    PresetId::Isr,
    PresetId::LeaderEpoch,
    PresetId::Partitioning,
    PresetId::LagRebalance,
];

/// A caption shown while the clock is at or after `from_ms`.
pub struct Caption {
    pub from_ms: TimeMs,
    pub en: &'static str,
    pub ko: &'static str,
}

impl Caption {
    pub fn text(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::Ko => self.ko,
        }
    }
}

const ACKS_BASE: &str = include_str!("../../scenarios/presets/acks-classroom.json");
const ISR: &str = include_str!("../../scenarios/presets/isr-min-insync.json");
const KIP101_OFF: &str = include_str!("../../scenarios/kip101-scenario1-pre-kip101.json");
const KIP101_ON: &str = include_str!("../../scenarios/kip101-scenario1-with-leader-epoch.json");
const PARTITIONING: &str = include_str!("../../scenarios/presets/partitioning.json");
const LAG_REBALANCE: &str = include_str!("../../scenarios/presets/lag-rebalance.json");

const ACKS_CAPTIONS: &[Caption] = &[
    Caption {
        from_ms: 0,
        en: "Three lanes, one cluster each: the same seed and the same faults, only the producer's acks differs. Press play (space).",
        ko: "레인 3개, 레인마다 클러스터 하나: 시드와 장애는 같고 프로듀서의 acks만 다릅니다. 재생(스페이스)을 누르세요.",
    },
    Caption {
        from_ms: 500,
        en: "r0 goes to leader 1; followers 2 and 3 fetch it and the high watermark rises. Every lane keeps r0.",
        ko: "r0이 리더 1로 갑니다. 팔로워 2와 3이 가져가면 하이 워터마크가 올라갑니다. 모든 레인에 r0이 남습니다.",
    },
    Caption {
        from_ms: 2000,
        en: "The worst moment: leader 1 can no longer reach its followers, and r1, r2 arrive. Watch each lane's producer panel.",
        ko: "최악의 순간: 리더 1이 팔로워와 통신할 수 없는데 r1, r2가 도착합니다. 레인마다 프로듀서 패널을 보세요.",
    },
    Caption {
        from_ms: 2003,
        en: "acks=0 never waits; acks=1 is acknowledged as soon as leader 1 writes; acks=all waits for the ISR, which cannot fetch.",
        ko: "acks=0은 기다리지 않고, acks=1은 리더 1이 쓰자마자 확인받고, acks=all은 ISR을 기다리지만 팔로워가 가져가지 못합니다.",
    },
    Caption {
        from_ms: 2010,
        en: "Leader 1 crashes before any follower fetched r1 and r2. Once its heartbeats stop for broker.session.timeout.ms (3 s here), the controller fences it and elects a new leader from the ISR.",
        ko: "팔로워가 r1, r2를 가져가기 전에 리더 1이 죽습니다. broker.session.timeout.ms(여기서는 3초) 동안 하트비트가 없으면 컨트롤러가 펜싱하고 ISR에서 새 리더를 뽑습니다.",
    },
    Caption {
        from_ms: 5500,
        en: "Compare: acks=1 lost acknowledged records (red alarm); acks=0 lost them without anyone knowing; acks=all retried to the new leader and lost nothing.",
        ko: "비교해 보세요: acks=1은 확인받은 레코드를 잃었고(빨간 경보), acks=0은 아무도 모르게 잃었고, acks=all은 새 리더로 재시도해 아무것도 잃지 않았습니다.",
    },
    Caption {
        from_ms: 9000,
        en: "Broker 1 restarts as a follower: it truncates r1, r2 to match the new leader's log (leader epoch) — they are gone for good.",
        ko: "브로커 1이 팔로워로 재시작하며 새 리더의 로그에 맞춰 r1, r2를 잘라냅니다(리더 에포크). 영영 사라집니다.",
    },
];

const ISR_CAPTIONS: &[Caption] = &[
    Caption {
        from_ms: 0,
        en: "acks=all with min.insync.replicas=2 and RF 3: a write needs at least two in-sync replicas. The producer sends two records a second.",
        ko: "acks=all, min.insync.replicas=2, RF 3: 쓰기에는 동기화된 레플리카가 최소 2개 필요합니다. 프로듀서는 초당 2개씩 보냅니다.",
    },
    Caption {
        from_ms: 3000,
        en: "Follower 3 dies. Once its session times out (broker.session.timeout.ms) the controller drops it from the ISR: [1,2] is still enough.",
        ko: "팔로워 3이 죽습니다. 세션이 만료되면(broker.session.timeout.ms) 컨트롤러가 ISR에서 뺍니다. [1,2]로도 충분합니다.",
    },
    Caption {
        from_ms: 10000,
        en: "Follower 2 dies too. When the ISR is just [1], the leader refuses writes with NOT_ENOUGH_REPLICAS (19): availability traded for durability.",
        ko: "팔로워 2도 죽습니다. ISR이 [1]뿐이면 리더는 NOT_ENOUGH_REPLICAS(19)로 쓰기를 거부합니다. 가용성 대신 내구성을 택한 것입니다.",
    },
    Caption {
        from_ms: 20000,
        en: "Broker 2 restarts, fetches what it missed and rejoins the ISR (AlterPartition): writes succeed again.",
        ko: "브로커 2가 재시작해 놓친 레코드를 가져오고 ISR에 다시 들어갑니다(AlterPartition). 쓰기가 다시 성공합니다.",
    },
];

const EPOCH_CAPTIONS: &[Caption] = &[
    Caption {
        from_ms: 0,
        en: "KIP-101 scenario 1, twice: left without leader epochs (Kafka before 0.11), right with them. Broker 2 leads, broker 1 follows.",
        ko: "KIP-101 시나리오 1을 두 번: 왼쪽은 리더 에포크 없이(0.11 이전 카프카), 오른쪽은 에포크와 함께. 브로커 2가 리더, 1이 팔로워입니다.",
    },
    Caption {
        from_ms: 1000,
        en: "m2 is written to both replicas and acknowledged, but follower 1 has not yet learned the new high watermark.",
        ko: "m2가 두 레플리카에 쓰이고 확인되었지만, 팔로워 1은 아직 새 하이 워터마크를 모릅니다.",
    },
    Caption {
        from_ms: 1050,
        en: "Broker 1 bounces. Without epochs it truncates its log to its own high watermark and throws m2 away; with epochs it keeps m2.",
        ko: "브로커 1이 재시작합니다. 에포크가 없으면 자기 하이 워터마크까지 로그를 잘라 m2를 버리고, 에포크가 있으면 m2를 지킵니다.",
    },
    Caption {
        from_ms: 1100,
        en: "Leader 2 dies right after. Once its session times out (broker.session.timeout.ms, 3 s here), broker 1 — the only replica left in the ISR — will lead.",
        ko: "곧바로 리더 2가 죽습니다. 세션이 만료되면(broker.session.timeout.ms, 여기서는 3초) ISR에 남은 유일한 레플리카인 브로커 1이 리더가 됩니다.",
    },
    Caption {
        from_ms: 4010,
        en: "Broker 1 leads (epoch 1). Left: the acknowledged m2 is lost — it was cut away at the bounce. Right: m2 survives, because leader epochs, not the high watermark, decide what to truncate.",
        ko: "브로커 1이 리더입니다(에포크 1). 왼쪽: 확인받은 m2를 잃었습니다 — 재시작 때 잘려 나갔습니다. 오른쪽: m2가 살아남습니다. 무엇을 자를지는 하이 워터마크가 아니라 리더 에포크가 정하기 때문입니다.",
    },
];

const PARTITIONING_CAPTIONS: &[Caption] = &[
    Caption {
        from_ms: 0,
        en: "The partitioner decides where each record goes. click_log has 3 partitions, orders 10. Press play, and try your own keys in “Where does my key go” below.",
        ko: "파티셔너가 레코드마다 갈 파티션을 정합니다. click_log는 파티션 3개, orders는 10개. 재생을 누르고, 아래 “내 키는 어디로 가나”에서 직접 키를 넣어 보세요.",
    },
    Caption {
        from_ms: 500,
        en: "Keys 서울, 부산, 울산: partition = toPositive(murmur2(key)) % 3, so 서울 → 0, 부산 → 1, 울산 → 2. Each batch waits linger.ms (500 ms) for company, then goes.",
        ko: "키 서울, 부산, 울산: 파티션 = toPositive(murmur2(키)) % 3 이므로 서울 → 0, 부산 → 1, 울산 → 2. 배치마다 linger.ms(500ms) 동안 레코드를 더 기다렸다가 갑니다.",
    },
    Caption {
        from_ms: 1500,
        en: "The same keys again land in the same partitions, behind their earlier records: order is kept per key, because a key always maps to one partition.",
        ko: "같은 키는 다시 같은 파티션의 앞선 레코드 뒤에 쌓입니다. 키는 늘 한 파티션으로 가므로 키별 순서가 지켜집니다.",
    },
    Caption {
        from_ms: 3000,
        en: "Now records without a key, 20 a second. The built-in sticky partitioner (KIP-794) fills one partition's batch up to batch.size (7 records here), sends it, then picks another partition.",
        ko: "이제 키 없는 레코드가 초당 20개. 내장 스티키 파티셔너(KIP-794)가 한 파티션의 배치를 batch.size(여기서는 레코드 7개)까지 채워 보내고 다른 파티션을 고릅니다.",
    },
    Caption {
        from_ms: 5200,
        en: "Compare: switch partitioner.class to DefaultPartitioner (before Kafka 2.4) in the partitioner panel. It replays the run: null keys go round-robin, one record per partition in turn, in more and smaller batches.",
        ko: "비교해 보세요: 파티셔너 패널에서 partitioner.class를 DefaultPartitioner(Kafka 2.4 이전)로 바꾸면 처음부터 다시 재생합니다. 키 없는 레코드가 라운드 로빈으로 한 파티션에 하나씩 가서 배치가 더 많고 작아집니다.",
    },
    Caption {
        from_ms: 7000,
        en: "Producer 2 uses a custom partitioner: keys starting with VIP go to 8 of orders' 10 partitions (0–7), everyone else shares 8–9. Edit the rule in the partitioner panel and watch the traffic split change.",
        ko: "프로듀서 2는 커스텀 파티셔너를 씁니다: VIP로 시작하는 키는 orders의 파티션 10개 중 8개(0~7)로, 나머지 고객은 8~9를 나눠 씁니다. 파티셔너 패널에서 규칙을 고치고 트래픽이 어떻게 나뉘는지 보세요.",
    },
    Caption {
        from_ms: 9000,
        en: "click_log grows from 3 to 4 partitions (partitions can only grow). murmur2 % 4 sends 부산 and 울산 to partition 0 now, while their earlier records stay in 1 and 2.",
        ko: "click_log의 파티션이 3개에서 4개로 늘어납니다(파티션은 늘리기만 가능). 이제 murmur2 % 4에 따라 부산과 울산은 파티션 0으로 가고, 예전 레코드는 1과 2에 남습니다.",
    },
    Caption {
        from_ms: 10000,
        en: "부산-3 is in partition 0, 부산-1 and 부산-2 in partition 1: a consumer may read 부산-3 first. Per-key order holds only while the partition count stays the same.",
        ko: "부산-3은 파티션 0에, 부산-1과 부산-2는 파티션 1에 있습니다. 컨슈머는 부산-3을 먼저 읽을 수도 있습니다. 키별 순서는 파티션 수가 그대로일 때만 지켜집니다.",
    },
    Caption {
        from_ms: 11000,
        en: "Broker 1's answers to producer 1 are now lost. 서울-4 is written, but the producer never hears so: after request.timeout.ms it sends the batch again, with the same sequence number.",
        ko: "이제 브로커 1이 프로듀서 1에 보내는 응답이 유실됩니다. 서울-4는 쓰였지만 프로듀서는 모릅니다. request.timeout.ms가 지나면 같은 시퀀스 번호로 배치를 다시 보냅니다.",
    },
    Caption {
        from_ms: 12600,
        en: "The idempotent producer's sequence number gives the retry away: broker 1 answers with the original offset and writes nothing twice (the duplicate is rejected).",
        ko: "멱등성 프로듀서의 시퀀스 번호로 재시도임이 드러납니다: 브로커 1은 원래 오프셋으로 답하고 아무것도 두 번 쓰지 않습니다(중복 거부).",
    },
];

const LAG_CAPTIONS: &[Caption] = &[
    Caption {
        from_ms: 0,
        en: "Two lanes, one cluster each, the same seed and faults: only partition.assignment.strategy differs — range (eager) above, cooperative-sticky (KIP-429) below. click_log has 2 partitions; 10 records a second arrive.",
        ko: "레인 2개, 레인마다 클러스터 하나, 시드와 장애는 같고 partition.assignment.strategy만 다릅니다. 위는 range(eager), 아래는 cooperative-sticky(KIP-429). click_log는 파티션 2개, 초당 레코드 10개가 들어옵니다.",
    },
    Caption {
        from_ms: 10,
        en: "Every consumer finds its group coordinator (the leader of __consumer_offsets' partition for the group) and sends JoinGroup. The coordinator waits group.initial.rebalance.delay.ms (3 s) for more members.",
        ko: "컨슈머마다 그룹 코디네이터(그룹에 해당하는 __consumer_offsets 파티션의 리더)를 찾아 JoinGroup을 보냅니다. 코디네이터는 group.initial.rebalance.delay.ms(3초) 동안 멤버를 더 기다립니다.",
    },
    Caption {
        from_ms: 3013,
        en: "The group leader (a consumer) computes the assignment and sends it in SyncGroup; the coordinator stores it in __consumer_offsets, then the group is Stable. Three members, two partitions: consumer 3 is idle.",
        ko: "그룹 리더(컨슈머 중 하나)가 할당을 계산해 SyncGroup으로 보내고, 코디네이터가 __consumer_offsets에 저장하면 그룹이 Stable이 됩니다. 멤버 3, 파티션 2: 컨슈머 3은 놀고 있습니다.",
    },
    Caption {
        from_ms: 6000,
        en: "\"hadoop\" reads the same records on its own offsets, but spends 200 ms per record: 5 a second against 10 produced. Its lag (log end offset − committed offset) only grows, and Burrow warns.",
        ko: "\"hadoop\"은 같은 레코드를 자기 오프셋으로 읽지만 레코드마다 200ms를 씁니다. 초당 10개가 들어오는데 5개만 처리하니 랙(로그 끝 오프셋 − 커밋된 오프셋)이 계속 늘고 Burrow가 경고합니다.",
    },
    Caption {
        from_ms: 20000,
        en: "Consumer 1 crashes: no LeaveGroup, its heartbeats just stop. Nobody reads its partition now, and the group's lag there climbs.",
        ko: "컨슈머 1이 죽습니다. LeaveGroup 없이 하트비트만 멈춥니다. 이제 그 파티션은 아무도 읽지 않고 그룹의 랙이 올라갑니다.",
    },
    Caption {
        from_ms: 28000,
        en: "session.timeout.ms (10 s) after its last heartbeat, the coordinator removes consumer 1 and starts a rebalance. The others learn it from their next heartbeat (heartbeat.interval.ms, 3 s).",
        ko: "마지막 하트비트 후 session.timeout.ms(10초)가 지나 코디네이터가 컨슈머 1을 빼고 리밸런스를 시작합니다. 나머지는 다음 하트비트(heartbeat.interval.ms, 3초)에서 알게 됩니다.",
    },
    Caption {
        from_ms: 30005,
        en: "Eager: consumer 2 gives up its partition too and waits for the new assignment. Cooperative: consumer 2 keeps reading; only the orphaned partition moves. Consumer 3 resumes from the last committed offset, so records processed since that commit are read again.",
        ko: "eager: 컨슈머 2도 자기 파티션을 내려놓고 새 할당을 기다립니다. cooperative: 컨슈머 2는 계속 읽고, 주인 잃은 파티션만 옮겨 갑니다. 컨슈머 3은 마지막 커밋 오프셋부터 이어 읽으니, 그 커밋 뒤에 처리된 레코드는 다시 읽힙니다.",
    },
    Caption {
        from_ms: 36000,
        en: "Consumer 1 restarts as a new member and sends JoinGroup: another rebalance. Eager: every member stops and revokes everything (stop the world). Cooperative: the sticky assignment keeps both partitions where they are, so nobody stops.",
        ko: "컨슈머 1이 새 멤버로 재시작해 JoinGroup을 보냅니다. 또 리밸런스입니다. eager: 모든 멤버가 멈추고 전부 반납합니다(stop the world). cooperative: 스티키 할당이 두 파티션을 그대로 두므로 아무도 멈추지 않습니다.",
    },
];

/// One lane of a preset: a label and its scenario.
pub struct Lane {
    pub label: String,
    pub scenario: Scenario,
}

impl PresetId {
    pub fn code(self) -> &'static str {
        match self {
            PresetId::Acks => "acks",
            PresetId::Isr => "isr",
            PresetId::LeaderEpoch => "leader-epoch",
            PresetId::Partitioning => "partitioning",
            PresetId::LagRebalance => "lag-rebalance",
        }
    }

    pub fn from_code(code: &str) -> Option<PresetId> {
        PRESETS.into_iter().find(|p| p.code() == code)
    }

    pub fn title(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (PresetId::Acks, _) => "acks 0/1/all",
            (PresetId::Isr, _) => "ISR & min.insync.replicas",
            (PresetId::LeaderEpoch, Locale::En) => "Leader epoch",
            (PresetId::LeaderEpoch, Locale::Ko) => "리더 에포크",
            (PresetId::Partitioning, Locale::En) => "Partitioning",
            (PresetId::Partitioning, Locale::Ko) => "파티셔닝",
            (PresetId::LagRebalance, Locale::En) => "Lag & rebalance",
            (PresetId::LagRebalance, Locale::Ko) => "랙과 리밸런스",
        }
    }

    pub fn captions(self) -> &'static [Caption] {
        match self {
            PresetId::Acks => ACKS_CAPTIONS,
            PresetId::Isr => ISR_CAPTIONS,
            PresetId::LeaderEpoch => EPOCH_CAPTIONS,
            PresetId::Partitioning => PARTITIONING_CAPTIONS,
            PresetId::LagRebalance => LAG_CAPTIONS,
        }
    }

    /// The caption for the clock `now`.
    pub fn caption_at(self, now: TimeMs) -> Option<&'static Caption> {
        self.captions().iter().rev().find(|c| c.from_ms <= now)
    }

    pub fn lanes(self) -> Result<Vec<Lane>, CommandError> {
        let lane = |label: &str, text: &str| -> Result<Lane, CommandError> {
            Ok(Lane {
                label: label.to_string(),
                scenario: Scenario::from_json(text)?,
            })
        };
        match self {
            PresetId::Acks => ["0", "1", "all"]
                .into_iter()
                .map(|acks| {
                    let mut l = lane(&format!("acks={acks}"), ACKS_BASE)?;
                    l.scenario.producers[0]
                        .config
                        .insert("acks".into(), Value::String(acks.into()));
                    Ok(l)
                })
                .collect(),
            PresetId::Isr => Ok(vec![lane("acks=all, min.insync.replicas=2", ISR)?]),
            PresetId::LeaderEpoch => Ok(vec![
                lane(
                    "playground.truncate.by.leader.epoch=false (pre-KIP-101)",
                    KIP101_OFF,
                )?,
                lane("leader epoch (KIP-101)", KIP101_ON)?,
            ]),
            PresetId::Partitioning => Ok(vec![lane("click_log · orders", PARTITIONING)?]),
            // The same run under an eager and a cooperative assignor.
            PresetId::LagRebalance => ["range", "cooperative-sticky"]
                .into_iter()
                .map(|strategy| {
                    let label = format!("partition.assignment.strategy={strategy}");
                    let mut l = lane(&label, LAG_REBALANCE)?;
                    for c in &mut l.scenario.consumers {
                        let s = Value::String(strategy.into());
                        c.config.insert("partition.assignment.strategy".into(), s);
                    }
                    Ok(l)
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_builds_and_has_captions_in_time_order() {
        for p in PRESETS {
            assert_eq!(PresetId::from_code(p.code()), Some(p));
            for l in p.lanes().unwrap() {
                l.scenario.build().unwrap();
            }
            let caps = p.captions();
            assert_eq!(caps[0].from_ms, 0);
            assert!(caps.windows(2).all(|w| w[0].from_ms < w[1].from_ms));
            assert!(caps.iter().all(|c| !c.en.is_empty() && !c.ko.is_empty()));
        }
    }

    #[test]
    fn the_acks_lanes_differ_only_in_acks() {
        let lanes = PresetId::Acks.lanes().unwrap();
        let acks: Vec<_> = lanes
            .iter()
            .map(|l| l.scenario.producers[0].config["acks"].clone())
            .collect();
        assert_eq!(acks, ["0", "1", "all"]);
        assert_eq!(lanes[0].scenario.script, lanes[2].scenario.script);
        assert_eq!(lanes[0].scenario.seed, lanes[2].scenario.seed);
    }
}
