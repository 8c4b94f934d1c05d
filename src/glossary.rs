//! One-line explanations (hover text) of the Kafka config names a learner
//! meets in the playground, in Korean and English.
//!
//! Each line says what the setting does in Kafka's own terms and its
//! default as Kafka documents it (Kafka 3.9 / 4.0, the same defaults
//! `engine::config` uses), so what is learned here holds on a real cluster.
//! Names the playground accepts but does not simulate say so. One table
//! holds every entry, so a name cannot have one language and miss the other;
//! a test checks that every name `engine::config` parses is explained here.

use crate::i18n::Locale;

struct Entry {
    name: &'static str,
    en: &'static str,
    ko: &'static str,
}

const ENTRIES: &[Entry] = &[
    // --- producer ---
    Entry {
        name: "acks",
        en: "How many replicas must have a record before the leader answers the producer: 0 = no answer, 1 = the leader alone, all (-1) = every in-sync replica. Default all (since Kafka 3.0, KIP-679).",
        ko: "리더가 프로듀서에 응답하기 전에 레코드를 가져야 하는 레플리카 수: 0 = 응답 없음, 1 = 리더만, all(-1) = ISR 전체. 기본값 all (Kafka 3.0부터, KIP-679).",
    },
    Entry {
        name: "retries",
        en: "How many times the producer resends a batch after a retriable error (NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, timeouts…); in practice delivery.timeout.ms limits retrying. Default 2147483647.",
        ko: "재시도 가능한 오류(NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, 타임아웃 등) 뒤 프로듀서가 배치를 다시 보내는 횟수. 실제로는 delivery.timeout.ms가 재시도를 제한합니다. 기본값 2147483647.",
    },
    Entry {
        name: "delivery.timeout.ms",
        en: "Upper bound on the time from send() to success or failure, retries included; must be at least linger.ms + request.timeout.ms. Default 120000 (2 minutes).",
        ko: "send()부터 성공·실패가 확정될 때까지의 최대 시간(재시도 포함). linger.ms + request.timeout.ms 이상이어야 합니다. 기본값 120000 (2분).",
    },
    Entry {
        name: "request.timeout.ms",
        en: "How long a client waits for the response to one request before treating it as failed (and maybe retrying); an acks=all produce also waits at most this long on the leader for the ISR. Default 30000.",
        ko: "클라이언트가 요청 하나의 응답을 기다리는 시간. 지나면 실패로 보고 재시도할 수 있습니다. acks=all 쓰기가 리더에서 ISR 복제를 기다리는 한도이기도 합니다. 기본값 30000.",
    },
    Entry {
        name: "retry.backoff.ms",
        en: "Pause before a client retries a failed request. Default 100.",
        ko: "클라이언트가 실패한 요청을 재시도하기 전의 대기 시간. 기본값 100.",
    },
    Entry {
        name: "linger.ms",
        en: "How long a new batch waits for more records before it is sent (a full batch goes at once). Default 0 in Kafka 3.x — records then batch up only while the connection is busy — and 5 since Kafka 4.0 (KIP-1030); the playground follows 3.x.",
        ko: "새 배치가 보내지기 전에 레코드가 더 모이기를 기다리는 시간(가득 찬 배치는 바로 갑니다). Kafka 3.x 기본값 0 — 이때는 연결이 바쁠 때만 레코드가 배치로 모입니다 — 이고 Kafka 4.0부터 5 (KIP-1030). 플레이그라운드는 3.x를 따릅니다.",
    },
    Entry {
        name: "batch.size",
        en: "Most bytes a producer batch for one partition holds, counting the 61-byte batch header and, when compressing, the estimated compressed size; also how much the built-in partitioner sends to one sticky partition before it switches. Default 16384 (16 KiB).",
        ko: "파티션 하나로 가는 프로듀서 배치의 최대 바이트 수. 61바이트 배치 헤더를 포함하고, 압축할 때는 압축 후 예상 크기로 셉니다. 내장 파티셔너가 스티키 파티션을 바꾸기 전에 한 파티션에 보내는 양이기도 합니다. 기본값 16384 (16KiB).",
    },
    Entry {
        name: "buffer.memory",
        en: "Bytes the producer may hold in batches waiting or in flight; a new batch takes max(batch.size, its first record) and gives it back when it completes. When none is left, send() blocks up to max.block.ms, then fails with BufferExhaustedException. Default 33554432 (32 MiB).",
        ko: "프로듀서가 대기 중이거나 전송 중인 배치에 쓸 수 있는 메모리(바이트). 새 배치는 max(batch.size, 첫 레코드 크기)를 차지했다가 끝나면 돌려줍니다. 남은 메모리가 없으면 send()가 max.block.ms까지 멈췄다가 BufferExhaustedException으로 실패합니다. 기본값 33554432 (32MiB).",
    },
    Entry {
        name: "max.block.ms",
        en: "How long send() may block waiting for buffer memory (in Kafka also for metadata, which the playground always has) before it fails with a TimeoutException. Default 60000 (1 minute).",
        ko: "send()가 버퍼 메모리(카프카에서는 메타데이터도 — 플레이그라운드에는 늘 있습니다)를 기다리며 멈출 수 있는 최대 시간. 지나면 TimeoutException으로 실패합니다. 기본값 60000 (1분).",
    },
    Entry {
        name: "max.request.size",
        en: "Largest produce request, and so the largest record: a bigger one fails in send() with RecordTooLargeException. Each request here carries one batch, so a batch also stops growing at this size. Default 1048576 (1 MiB).",
        ko: "프로듀스 요청의 최대 크기이자 레코드 하나의 최대 크기: 더 큰 레코드는 send()에서 RecordTooLargeException으로 실패합니다. 여기서는 요청마다 배치 하나를 실으므로 배치도 이 크기에서 더 커지지 않습니다. 기본값 1048576 (1MiB).",
    },
    Entry {
        name: "compression.type",
        en: "Codec for each batch: none, gzip, snappy, lz4 or zstd; brokers store the batch compressed. The playground runs no codec: size and CPU time come from a model (published lzbench ratios and speeds). Default none.",
        ko: "배치마다 쓰는 압축 코덱: none, gzip, snappy, lz4, zstd. 브로커는 압축된 배치를 그대로 저장합니다. 플레이그라운드는 실제로 압축하지 않고 크기와 CPU 시간을 모델(공개된 lzbench 압축률과 속도)로 계산합니다. 기본값 none.",
    },
    Entry {
        name: "max.in.flight.requests.per.connection",
        en: "How many unanswered requests a producer may have on one broker connection. Without idempotence, more than 1 lets a retried batch land after a later one; with idempotence it must be at most 5 and order survives retries. Default 5.",
        ko: "프로듀서가 브로커 연결 하나에 응답 없이 보낼 수 있는 요청 수. 멱등성이 없으면 1보다 클 때 재시도된 배치가 나중 배치 뒤에 기록될 수 있고, 멱등성을 쓰면 5 이하여야 하며 재시도 중에도 순서가 지켜집니다. 기본값 5.",
    },
    Entry {
        name: "enable.idempotence",
        en: "A producer id and per-partition sequence numbers let the leader drop batches a retry sends twice and refuse ones that skip ahead; needs acks=all, retries > 0 and at most 5 requests in flight. Default true (since Kafka 3.0); it quietly turns off if those conflict and it was not set explicitly.",
        ko: "프로듀서 ID와 파티션별 시퀀스 번호로 리더가 재시도로 두 번 온 배치를 버리고 순서를 건너뛴 배치를 거부합니다. acks=all, retries > 0, 동시 요청 5개 이하가 필요합니다. 기본값 true (Kafka 3.0부터). 명시하지 않았는데 설정이 충돌하면 조용히 꺼집니다.",
    },
    Entry {
        name: "transactional.id",
        en: "Makes the producer transactional (KIP-98): its writes to several partitions commit or abort together, and a new producer with the same id fences the old one (a zombie) by bumping the epoch. Needs enable.idempotence. Its coordinator is the leader of __transaction_state partition abs(transactional.id.hashCode()) % transaction.state.log.num.partitions. Default none.",
        ko: "프로듀서를 트랜잭션 프로듀서로 만듭니다 (KIP-98): 여러 파티션에 쓴 것이 함께 커밋되거나 함께 중단되고, 같은 ID로 새로 시작한 프로듀서가 에포크를 올려 이전 프로듀서(좀비)를 펜싱합니다. enable.idempotence가 필요합니다. 코디네이터는 __transaction_state의 abs(transactional.id.hashCode()) % transaction.state.log.num.partitions 번 파티션 리더입니다. 기본값 없음.",
    },
    Entry {
        name: "transaction.timeout.ms",
        en: "How long a transaction may stay open before its coordinator aborts it on its own (and fences the producer by bumping the epoch). The coordinator refuses values above transaction.max.timeout.ms (or below 1) with INVALID_TRANSACTION_TIMEOUT. Default 60000.",
        ko: "트랜잭션이 열린 채로 있을 수 있는 시간. 지나면 코디네이터가 스스로 트랜잭션을 중단하고 에포크를 올려 프로듀서를 펜싱합니다. transaction.max.timeout.ms보다 크거나 1보다 작으면 코디네이터가 INVALID_TRANSACTION_TIMEOUT으로 거부합니다. 기본값 60000.",
    },
    Entry {
        name: "partitioner.class",
        en: "Who picks the partition. Unset (default): the built-in partitioner — keys by murmur2, null keys sticky until batch.size bytes (KIP-794). Here also RoundRobinPartitioner, UniformStickyPartitioner (KIP-480, 2.4–3.2) and the pre-2.4 DefaultPartitioner.",
        ko: "파티션을 고르는 주체. 미설정(기본값): 내장 파티셔너 — 키는 murmur2, null 키는 batch.size 바이트가 찰 때까지 한 파티션에 고정(KIP-794). 여기서는 RoundRobinPartitioner, UniformStickyPartitioner(KIP-480, 2.4–3.2), 2.4 이전 DefaultPartitioner도 고를 수 있습니다.",
    },
    Entry {
        name: "partitioner.ignore.keys",
        en: "true: keys are not hashed; every record goes to the sticky partition like a null-key record. Default false.",
        ko: "true면 키를 해시하지 않고 모든 레코드를 null 키처럼 스티키 파티션으로 보냅니다. 기본값 false.",
    },
    Entry {
        name: "partitioner.adaptive.partitioning.enable",
        en: "true: when the built-in partitioner moves to a new sticky partition it draws partitions with shorter queues (fewer batches waiting) more often, weight longest queue + 1 − queue (KIP-794). Only the built-in partitioner. Default true.",
        ko: "true면 내장 파티셔너가 새 스티키 파티션으로 옮길 때 대기열이 짧은(기다리는 배치가 적은) 파티션을 더 자주 고릅니다. 가중치는 가장 긴 대기열 + 1 − 대기열 (KIP-794). 내장 파티셔너에만 해당. 기본값 true.",
    },
    Entry {
        name: "partitioner.availability.timeout.ms",
        en: "With adaptive partitioning: a partition whose leader has had batches ready but no room to take them for longer than this is left out of the next sticky choice. 0 (default) turns this off.",
        ko: "적응형 파티셔닝에서, 리더가 보낼 배치가 있는데도 이 시간보다 오래 받을 여유가 없던 파티션은 다음 스티키 파티션 선택에서 빠집니다. 0(기본값)이면 꺼집니다.",
    },
    Entry {
        name: "metadata.max.age.ms",
        en: "How often a client refreshes its metadata (who leads each partition) even without errors. Default 300000 (5 minutes).",
        ko: "오류가 없어도 클라이언트가 메타데이터(각 파티션의 리더 정보)를 새로 받는 주기. 기본값 300000 (5분).",
    },
    // --- topic / broker ---
    Entry {
        name: "min.insync.replicas",
        en: "With acks=all, the fewest ISR members that must have a write; when the ISR is smaller the leader refuses writes with NOT_ENOUGH_REPLICAS (19). Default 1 (capped at the replication factor since Kafka 3.7).",
        ko: "acks=all일 때 쓰기를 가져야 하는 최소 ISR 수. ISR이 이보다 작으면 리더가 NOT_ENOUGH_REPLICAS(19)로 쓰기를 거부합니다. 기본값 1 (Kafka 3.7부터 복제 계수를 넘지 않도록 제한).",
    },
    Entry {
        name: "unclean.leader.election.enable",
        en: "Lets a replica outside the ISR become leader when no ISR member is alive: the partition comes back sooner, but committed records can be lost. Default false.",
        ko: "살아 있는 ISR 멤버가 없을 때 ISR 밖의 레플리카도 리더가 될 수 있게 합니다. 파티션은 빨리 살아나지만 커밋된 레코드를 잃을 수 있습니다. 기본값 false.",
    },
    Entry {
        name: "replication.factor",
        en: "How many brokers hold a copy of each partition, chosen when the topic is created (kafka-topics.sh --replication-factor); the broker default is default.replication.factor = 1.",
        ko: "각 파티션의 복제본을 가진 브로커 수. 토픽을 만들 때 정합니다 (kafka-topics.sh --replication-factor). 브로커 기본값은 default.replication.factor = 1.",
    },
    Entry {
        name: "replica.lag.time.max.ms",
        en: "A follower that has not caught up with the leader's log end (LEO) for this long is removed from the ISR. Default 30000.",
        ko: "팔로워가 이 시간 동안 리더의 로그 끝(LEO)을 따라잡지 못하면 ISR에서 제외됩니다. 기본값 30000.",
    },
    Entry {
        name: "replica.fetch.wait.max.ms",
        en: "How long the leader may hold a follower's fetch when there is no new data (long poll); keep it below replica.lag.time.max.ms. Default 500.",
        ko: "새 데이터가 없을 때 리더가 팔로워의 페치 요청을 붙잡아 둘 수 있는 최대 시간(롱 폴링). replica.lag.time.max.ms보다 작아야 합니다. 기본값 500.",
    },
    Entry {
        name: "replica.fetch.backoff.ms",
        en: "Pause before a follower fetches again after a fetch error. Default 1000.",
        ko: "페치 오류 뒤 팔로워가 다시 페치하기 전의 대기 시간. 기본값 1000.",
    },
    Entry {
        name: "replica.fetch.max.bytes",
        en: "Most bytes one follower fetch takes from each partition (at least one batch is always returned). Default 1048576 (1 MiB).",
        ko: "팔로워가 페치 한 번에 파티션당 가져오는 최대 바이트 수 (배치 하나는 항상 가져옵니다). 기본값 1048576 (1MiB).",
    },
    Entry {
        name: "broker.session.timeout.ms",
        en: "KRaft: if the controller hears no heartbeat from a broker for this long, it fences the broker and moves its leaderships away. Default 9000.",
        ko: "KRaft: 컨트롤러가 이 시간 동안 브로커의 하트비트를 받지 못하면 그 브로커를 펜싱하고 리더 역할을 다른 브로커로 옮깁니다. 기본값 9000.",
    },
    Entry {
        name: "broker.heartbeat.interval.ms",
        en: "KRaft: how often a broker sends a heartbeat to the controller; must be below broker.session.timeout.ms. Default 2000.",
        ko: "KRaft: 브로커가 컨트롤러에 하트비트를 보내는 간격. broker.session.timeout.ms보다 작아야 합니다. 기본값 2000.",
    },
    Entry {
        name: "offsets.topic.num.partitions",
        en: "Partitions of the internal topic __consumer_offsets. A group's coordinator is the leader of partition abs(group.id.hashCode()) % this. Default 50.",
        ko: "내부 토픽 __consumer_offsets의 파티션 수. 그룹의 코디네이터는 abs(group.id.hashCode()) % 이 값 번 파티션의 리더입니다. 기본값 50.",
    },
    Entry {
        name: "offsets.topic.replication.factor",
        en: "Replication factor of __consumer_offsets; the topic cannot be created while fewer brokers are alive. Default 3.",
        ko: "__consumer_offsets의 복제 팩터. 살아 있는 브로커가 이보다 적으면 토픽을 만들 수 없습니다. 기본값 3.",
    },
    Entry {
        name: "transaction.state.log.num.partitions",
        en: "Partitions of the internal topic __transaction_state. A transactional.id's coordinator is the leader of partition abs(transactional.id.hashCode()) % this. Default 50.",
        ko: "내부 토픽 __transaction_state의 파티션 수. transactional.id의 코디네이터는 abs(transactional.id.hashCode()) % 이 값 번 파티션의 리더입니다. 기본값 50.",
    },
    Entry {
        name: "transaction.state.log.replication.factor",
        en: "Replication factor of __transaction_state; the topic cannot be created while fewer brokers are alive. Default 3.",
        ko: "__transaction_state의 복제 팩터. 살아 있는 브로커가 이보다 적으면 토픽을 만들 수 없습니다. 기본값 3.",
    },
    Entry {
        name: "transaction.state.log.min.isr",
        en: "min.insync.replicas of __transaction_state: how many in-sync copies a transaction state change needs. Default 2.",
        ko: "__transaction_state의 min.insync.replicas: 트랜잭션 상태 변경에 필요한 동기화 복제본 수. 기본값 2.",
    },
    Entry {
        name: "group.min.session.timeout.ms",
        en: "The shortest session.timeout.ms the group coordinator accepts in JoinGroup (else INVALID_SESSION_TIMEOUT). Default 6000.",
        ko: "그룹 코디네이터가 JoinGroup에서 받아들이는 가장 짧은 session.timeout.ms (더 짧으면 INVALID_SESSION_TIMEOUT). 기본값 6000.",
    },
    Entry {
        name: "group.max.session.timeout.ms",
        en: "The longest session.timeout.ms the group coordinator accepts in JoinGroup. Default 1800000 (30 minutes).",
        ko: "그룹 코디네이터가 JoinGroup에서 받아들이는 가장 긴 session.timeout.ms. 기본값 1800000 (30분).",
    },
    Entry {
        name: "group.initial.rebalance.delay.ms",
        en: "How long the coordinator waits for more members before the first rebalance of an empty group, so consumers starting together share one generation. Default 3000.",
        ko: "빈 그룹의 첫 리밸런스 전에 코디네이터가 다른 멤버를 더 기다리는 시간. 함께 시작한 컨슈머들이 한 세대에 들어가게 합니다. 기본값 3000.",
    },
    Entry {
        name: "offsets.commit.timeout.ms",
        en: "How long an offset commit may wait for all replicas of its __consumer_offsets partition before it fails. Default 5000.",
        ko: "오프셋 커밋이 __consumer_offsets 파티션의 모든 복제본을 기다릴 수 있는 시간. 지나면 실패합니다. 기본값 5000.",
    },
    Entry {
        name: "transaction.max.timeout.ms",
        en: "The largest transaction.timeout.ms a producer may ask for; InitProducerId with more fails with INVALID_TRANSACTION_TIMEOUT. Default 900000 (15 minutes).",
        ko: "프로듀서가 요청할 수 있는 가장 큰 transaction.timeout.ms. 이보다 큰 값의 InitProducerId는 INVALID_TRANSACTION_TIMEOUT으로 실패합니다. 기본값 900000 (15분).",
    },
    Entry {
        name: "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        en: "How often a transaction coordinator looks for transactions open longer than their transaction.timeout.ms and aborts them. Default 10000.",
        ko: "트랜잭션 코디네이터가 transaction.timeout.ms보다 오래 열려 있는 트랜잭션을 찾아 중단하는 주기. 기본값 10000.",
    },
    // --- consumer ---
    Entry {
        name: "group.id",
        en: "The consumer group this consumer belongs to. Members of one group share a topic's partitions; each group keeps its own committed offsets in __consumer_offsets. Default none (no group: assign() only, no commits).",
        ko: "이 컨슈머가 속한 컨슈머 그룹. 같은 그룹의 멤버들은 토픽의 파티션을 나눠 갖고, 그룹마다 커밋한 오프셋을 __consumer_offsets에 따로 보관합니다. 기본값 없음(그룹 없음: assign()만 가능, 커밋 불가).",
    },
    Entry {
        name: "group.instance.id",
        en: "Makes the consumer a static member (KIP-345): a restart within session.timeout.ms gets its partitions back with no rebalance, and it sends no LeaveGroup on close. Default none (dynamic member).",
        ko: "컨슈머를 정적 멤버로 만듭니다 (KIP-345): session.timeout.ms 안에 재시작하면 리밸런스 없이 파티션을 돌려받고, 종료할 때 LeaveGroup을 보내지 않습니다. 기본값 없음(동적 멤버).",
    },
    Entry {
        name: "session.timeout.ms",
        en: "How long the group coordinator waits without a heartbeat before it removes the member and rebalances. Default 45000 (since Kafka 3.0, KIP-735).",
        ko: "그룹 코디네이터가 하트비트 없이 기다리는 시간. 지나면 멤버를 제거하고 리밸런스합니다. 기본값 45000 (Kafka 3.0부터, KIP-735).",
    },
    Entry {
        name: "heartbeat.interval.ms",
        en: "How often the consumer's background thread sends Heartbeat to the coordinator; a rebalance is learned from its answer. Must be below session.timeout.ms. Default 3000.",
        ko: "컨슈머의 백그라운드 스레드가 코디네이터에 Heartbeat를 보내는 간격. 리밸런스는 그 응답으로 알게 됩니다. session.timeout.ms보다 작아야 합니다. 기본값 3000.",
    },
    Entry {
        name: "max.poll.interval.ms",
        en: "Longest allowed gap between two poll() calls; past it the consumer leaves the group so its partitions go to others. Also its rebalance timeout. Default 300000 (5 minutes).",
        ko: "poll() 호출 사이에 허용되는 최대 간격. 넘으면 컨슈머가 그룹을 떠나 파티션이 다른 멤버에게 갑니다. 리밸런스 타임아웃이기도 합니다. 기본값 300000 (5분).",
    },
    Entry {
        name: "enable.auto.commit",
        en: "Commit positions automatically inside poll(), every auto.commit.interval.ms, and before a rebalance. A crash re-delivers what was processed since the last commit. Default true.",
        ko: "poll() 안에서 auto.commit.interval.ms마다, 그리고 리밸런스 전에 위치를 자동으로 커밋합니다. 장애가 나면 마지막 커밋 이후 처리한 것이 다시 전달됩니다. 기본값 true.",
    },
    Entry {
        name: "auto.commit.interval.ms",
        en: "How often auto-commit commits the consumer's positions. Default 5000.",
        ko: "자동 커밋이 컨슈머의 위치를 커밋하는 간격. 기본값 5000.",
    },
    Entry {
        name: "partition.assignment.strategy",
        en: "Assignors the consumer supports, preferred first: range, roundrobin, sticky, cooperative-sticky. The group uses one every member supports. Default range, cooperative-sticky (which still rebalances eagerly until range is removed).",
        ko: "컨슈머가 지원하는 할당기, 선호 순: range, roundrobin, sticky, cooperative-sticky. 그룹은 모든 멤버가 지원하는 것을 씁니다. 기본값 range, cooperative-sticky (range를 빼기 전까지는 eager로 리밸런스합니다).",
    },
    Entry {
        name: "playground.commit.mode",
        en: "Not a Kafka setting: what the application does with enable.auto.commit=false — sync (commitSync after processing: at-least-once), async (commitAsync after processing), before-processing (commit right after poll: at-most-once), none. Default sync.",
        ko: "Kafka 설정이 아닙니다: enable.auto.commit=false일 때 애플리케이션의 커밋 방식 — sync(처리 후 commitSync: 최소 한 번), async(처리 후 commitAsync), before-processing(poll 직후 커밋: 최대 한 번), none. 기본값 sync.",
    },
    Entry {
        name: "playground.processing.ms.per.record",
        en: "Not a Kafka setting: how long the application spends on each record after poll(); a slow consumer falls behind and its lag grows. Default 0.",
        ko: "Kafka 설정이 아닙니다: poll() 뒤 애플리케이션이 레코드 하나에 쓰는 시간. 느린 컨슈머는 뒤처지고 랙이 커집니다. 기본값 0.",
    },
    Entry {
        name: "auto.offset.reset",
        en: "Where a consumer starts when it has no valid offset: earliest, latest, or none (raise an error). Default latest.",
        ko: "유효한 오프셋이 없을 때 컨슈머가 읽기 시작할 위치: earliest(처음), latest(끝), none(오류 발생). 기본값 latest.",
    },
    Entry {
        name: "isolation.level",
        en: "read_committed reads only up to the last stable offset (LSO: below it no transaction is open) and drops records of aborted transactions; read_uncommitted reads up to the high watermark and returns them. Either way COMMIT/ABORT markers are skipped but use up an offset. Default read_uncommitted.",
        ko: "read_committed는 마지막 안정 오프셋(LSO: 그 아래에는 열린 트랜잭션이 없음)까지만 읽고 중단된 트랜잭션의 레코드를 버립니다. read_uncommitted는 하이 워터마크까지 읽고 그 레코드도 돌려줍니다. 어느 쪽이든 COMMIT/ABORT 마커는 건너뛰지만 오프셋 하나를 차지합니다. 기본값 read_uncommitted.",
    },
    Entry {
        name: "fetch.max.wait.ms",
        en: "How long the broker may hold a consumer's fetch when there is not enough new data (long poll). Default 500.",
        ko: "새 데이터가 충분하지 않을 때 브로커가 컨슈머의 페치 요청을 붙잡아 둘 수 있는 최대 시간(롱 폴링). 기본값 500.",
    },
    Entry {
        name: "max.poll.records",
        en: "Most records one poll() hands to the application. Default 500.",
        ko: "poll() 한 번이 애플리케이션에 넘겨주는 최대 레코드 수. 기본값 500.",
    },
    // --- playground only ---
    Entry {
        name: "playground.partitioner.rules",
        en: "Playground-only custom partitioner: rules like [{\"key_prefix\": \"VIP\", \"partitions\": \"0-7\"}, {\"partitions\": \"8-9\"}]; a key goes to the first matching rule's partitions (murmur2 within them).",
        ko: "플레이그라운드 전용 사용자 정의 파티셔너: [{\"key_prefix\": \"VIP\", \"partitions\": \"0-7\"}, {\"partitions\": \"8-9\"}] 같은 규칙. 키는 처음 맞는 규칙의 파티션들로 갑니다(그 안에서 murmur2).",
    },
    Entry {
        name: "playground.truncate.by.leader.epoch",
        en: "Playground-only switch, not a Kafka config: true (default) = followers truncate by leader epoch (KIP-101/KIP-279); false = the pre-KIP-101 rule of truncating to the high watermark, to show the data loss that leader epochs fixed.",
        ko: "카프카 설정이 아닌 플레이그라운드 전용 스위치: true(기본값) = 팔로워가 리더 에포크 기준으로 로그를 자름 (KIP-101/KIP-279), false = KIP-101 이전처럼 하이 워터마크까지 자름 — 리더 에포크가 고친 데이터 유실을 보여 줍니다.",
    },
];

const fn names<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = ENTRIES[i].name;
        i += 1;
    }
    out
}

/// Every config name [`config_help`] explains.
pub const CONFIG_NAMES: &[&str] = &names::<{ ENTRIES.len() }>();

/// The one-line explanation of config `name`, or `None` for a name the
/// glossary does not know.
pub fn config_help(locale: Locale, name: &str) -> Option<&'static str> {
    let entry = ENTRIES.iter().find(|e| e.name == name)?;
    Some(match locale {
        Locale::En => entry.en,
        Locale::Ko => entry.ko,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::LEADER_EPOCH_SWITCH;

    /// Every name `engine/config.rs` reads with `r.int`, `r.ms`, `r.bool`,
    /// `r.choice` or `r.raw` (the first string literal after the call).
    fn parsed_config_names() -> Vec<String> {
        let src = include_str!("engine/config.rs");
        let mut out = Vec::new();
        for call in ["r.int(", "r.ms(", "r.bool(", "r.choice(", "r.raw("] {
            for (at, _) in src.match_indices(call) {
                let rest = src[at + call.len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    let name = &lit[..lit.find('"').expect("closed literal")];
                    out.push(name.to_string());
                }
            }
        }
        out.push(LEADER_EPOCH_SWITCH.to_string());
        out.push(crate::engine::config::PARTITIONER_RULES.to_string());
        out
    }

    #[test]
    fn every_name_has_both_languages() {
        for name in CONFIG_NAMES {
            let en = config_help(Locale::En, name).unwrap();
            let ko = config_help(Locale::Ko, name).unwrap();
            assert!(!en.is_empty() && !ko.is_empty(), "{name}");
            let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
            assert!(hangul(ko), "{name}: no Hangul in {ko}");
            assert!(!hangul(en), "{name}: Hangul in {en}");
            assert_ne!(en, ko, "{name}");
        }
        assert_eq!(CONFIG_NAMES.len(), ENTRIES.len());
        assert_eq!(config_help(Locale::En, "no.such.config"), None);
    }

    #[test]
    fn names_are_unique() {
        let mut names = CONFIG_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CONFIG_NAMES.len());
    }

    #[test]
    fn every_config_the_engine_parses_is_explained() {
        let parsed = parsed_config_names();
        assert!(parsed.len() >= 19, "scan found only {parsed:?}");
        for name in [
            "acks",
            "retries",
            "delivery.timeout.ms",
            "replica.fetch.max.bytes",
            "auto.offset.reset",
        ] {
            assert!(parsed.iter().any(|p| p == name), "scan missed {name}");
        }
        for name in &parsed {
            assert!(CONFIG_NAMES.contains(&name.as_str()), "{name} unexplained");
        }
    }

    #[test]
    fn defaults_are_stated() {
        for (name, default) in [
            ("acks", "all"),
            ("retries", "2147483647"),
            ("delivery.timeout.ms", "120000"),
            ("request.timeout.ms", "30000"),
            ("min.insync.replicas", "1"),
            ("unclean.leader.election.enable", "false"),
            ("replica.lag.time.max.ms", "30000"),
            ("broker.session.timeout.ms", "9000"),
            ("broker.heartbeat.interval.ms", "2000"),
            ("auto.offset.reset", "latest"),
            ("isolation.level", "read_uncommitted"),
            ("buffer.memory", "33554432"),
            ("max.block.ms", "60000"),
            ("max.request.size", "1048576"),
            ("compression.type", "none"),
            ("partitioner.availability.timeout.ms", "0"),
        ] {
            for locale in [Locale::En, Locale::Ko] {
                let help = config_help(locale, name).unwrap();
                assert!(help.contains(default), "{name} ({locale:?}): {help}");
            }
        }
    }
}
