//! The leader side of one partition (Kafka's `Partition` on the leader):
//! appends produce requests, transaction markers and coordinator state,
//! serves follower and consumer fetches (read_committed ones up to the last
//! stable offset), learns each follower's LEO from its fetch offset, moves
//! the high watermark, and asks the controller to shrink or expand the ISR
//! (AlterPartition).

use std::rc::Rc;

use super::config::{Acks, EffectiveTopicConfig};
use super::ctx::{Ctx, Timer};
use super::event::Event;
use super::isolation::IsolationLevel;
use super::log::Log;
use super::producer_state::{ProducerStates, Verdict};
use super::protocol::{FetchedData, KafkaError, Message, PartitionState, ProducerBatch, TxnMarker};
use super::types::{
    BrokerId, ControlMarker, ControlRecordType, NodeId, ProducerRecord, Record, TimeMs, Tp,
};
use crate::engine::vec_map::VecMap;

/// What the leader knows of one follower (Kafka's `Replica` state).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowerProgress {
    /// The follower's LEO as learned from its last fetch offset; -1 unknown.
    pub leo: i64,
    pub last_caught_up_ms: TimeMs,
    pub last_fetch_ms: TimeMs,
    pub last_fetch_leader_leo: i64,
}

/// Which request an append answers once it is committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Produce,
    /// A WriteTxnMarkers entry (markers are written with acks=all).
    TxnMarker,
}

/// An acks=all produce (or marker) waiting in purgatory for the HW to pass it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingProduce {
    pub from: NodeId,
    pub correlation: u64,
    pub base_offset: i64,
    pub required_offset: i64,
    pub reply: Reply,
}

/// A fetch with nothing to return yet, held up to its max wait (long poll).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParkedFetch {
    pub from: NodeId,
    pub correlation: u64,
    pub replica: Option<BrokerId>,
    pub fetch_offset: i64,
    pub isolation: IsolationLevel,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderState {
    pub leader_epoch: i32,
    pub partition_epoch: i32,
    pub replicas: Vec<BrokerId>,
    pub isr: Vec<BrokerId>,
    /// The ISR proposed in an AlterPartition not yet answered.
    pub pending_isr: Option<Vec<BrokerId>>,
    /// When that AlterPartition was sent (it is resent if unanswered, as
    /// Kafka's AlterPartitionManager retries through the controller channel).
    pub pending_since: TimeMs,
    pub followers: VecMap<BrokerId, FollowerProgress>,
    pub waiting: Vec<WaitingProduce>,
    pub parked: Vec<ParkedFetch>,
    /// Producers' recent batches and the partition's transactions, rebuilt
    /// from the log when this broker becomes leader.
    pub producers: ProducerStates,
    /// The last stable offset as last reported, and whether an undecided
    /// transaction held it below the HW (for `LastStableOffsetMoved`).
    pub reported_lso: Option<(i64, bool)>,
}

impl LeaderState {
    pub fn new(state: &PartitionState, me: BrokerId, now: TimeMs, log: &Log) -> Self {
        let followers = state
            .replicas
            .iter()
            .filter(|&&r| r != me)
            .map(|&r| {
                let in_isr = state.isr.contains(&r);
                (
                    r,
                    FollowerProgress {
                        leo: -1,
                        last_caught_up_ms: if in_isr { now } else { 0 },
                        last_fetch_ms: now,
                        last_fetch_leader_leo: -1,
                    },
                )
            })
            .collect();
        LeaderState {
            leader_epoch: state.leader_epoch,
            partition_epoch: state.partition_epoch,
            replicas: state.replicas.clone(),
            isr: state.isr.clone(),
            pending_isr: None,
            pending_since: 0,
            followers,
            waiting: Vec::new(),
            parked: Vec::new(),
            producers: ProducerStates::from_log(log),
            reported_lso: None,
        }
    }

    /// ISR plus members being added: what the HW must wait for (KIP-497).
    fn maximal_isr(&self) -> Vec<BrokerId> {
        let mut m = self.isr.clone();
        if let Some(p) = &self.pending_isr {
            for r in p {
                if !m.contains(r) {
                    m.push(*r);
                }
            }
        }
        m
    }

    /// `Replica.isCaughtUp`: at the leader's LEO, or caught up recently.
    fn is_caught_up(&self, f: BrokerId, leader_leo: i64, now: TimeMs, lag_max_ms: TimeMs) -> bool {
        self.followers.get(&f).is_some_and(|p| {
            p.leo == leader_leo || now.saturating_sub(p.last_caught_up_ms) <= lag_max_ms
        })
    }
}

/// The leader's half of a partition, bound to its log for one call.
pub struct Leading<'a, 'c> {
    pub me: BrokerId,
    pub tp: &'a Tp,
    pub log: &'a mut Log,
    pub st: &'a mut LeaderState,
    pub cfg: EffectiveTopicConfig,
    pub fenced: &'a [BrokerId],
    pub ctx: &'a mut Ctx<'c>,
}

impl Leading<'_, '_> {
    fn node(&self) -> NodeId {
        NodeId::Broker(self.me)
    }

    fn min_isr(&self) -> usize {
        self.cfg.effective_min_isr(self.st.replicas.len())
    }

    pub fn produce(
        &mut self,
        from: NodeId,
        correlation: u64,
        acks: Acks,
        timeout_ms: TimeMs,
        records: Vec<ProducerRecord>,
        idempotent: Option<ProducerBatch>,
    ) {
        // Partition.appendRecordsToLeader: acks=all is refused before the
        // append when the ISR is already too small.
        if acks == Acks::All && self.st.isr.len() < self.min_isr() {
            self.respond_produce(from, correlation, acks, Err(KafkaError::NotEnoughReplicas));
            return;
        }
        let count = records.len() as u32;
        if let Some(b) = idempotent {
            let states = &self.st.producers;
            match states.check(
                b.producer_id,
                b.producer_epoch,
                b.base_sequence,
                count as i32,
            ) {
                Verdict::Append => {}
                Verdict::OldEpoch { .. } => {
                    // KIP-588: a partition leader answers a fenced producer's
                    // batch with INVALID_PRODUCER_EPOCH (the coordinator's
                    // PRODUCER_FENCED is for InitProducerId, AddPartitionsToTxn, EndTxn).
                    let e = Err(KafkaError::InvalidProducerEpoch);
                    return self.respond_produce(from, correlation, acks, e);
                }
                Verdict::Duplicate {
                    first_offset,
                    last_offset,
                } => {
                    self.ctx.emit(Event::DuplicateRejected {
                        broker: self.me,
                        tp: self.tp.clone(),
                        producer_id: b.producer_id,
                        base_sequence: b.base_sequence,
                        offset: first_offset,
                    });
                    return self.answer_appended(
                        from,
                        correlation,
                        acks,
                        timeout_ms,
                        first_offset,
                        last_offset + 1,
                        Reply::Produce,
                    );
                }
                Verdict::OutOfOrder { .. } => {
                    let e = Err(KafkaError::OutOfOrderSequenceNumber);
                    return self.respond_produce(from, correlation, acks, e);
                }
            }
        }
        let base = self.log.leo();
        let ids: Vec<_> = records.iter().map(|r| r.id).collect();
        let epoch = self.st.leader_epoch;
        let now = self.ctx.now;
        let (producer_id, producer_epoch, base_seq, transactional) =
            idempotent.map_or((-1, -1, -1, false), |b| {
                (
                    b.producer_id,
                    b.producer_epoch,
                    b.base_sequence,
                    b.transactional,
                )
            });
        self.log
            .append(records.into_iter().enumerate().map(|(i, r)| Record {
                offset: base + i as i64,
                id: r.id,
                key: r.key,
                value: r.value,
                timestamp_ms: now,
                leader_epoch: epoch,
                producer_id,
                producer_epoch,
                sequence: if producer_id < 0 {
                    -1
                } else {
                    base_seq + i as i32
                },
                wire_bytes: r.wire_bytes,
                transactional,
                control: None,
            }));
        if let (Some(b), Some(first)) = (idempotent, self.log.record_at(base)) {
            let last_seq = b.base_sequence + count as i32 - 1;
            self.st.producers.record(first, b.base_sequence, last_seq);
        }
        self.ctx.emit(Event::RecordsAppended {
            broker: self.me,
            tp: self.tp.clone(),
            base_offset: base,
            count,
            leader_epoch: epoch,
            as_leader: true,
            ids,
        });
        let end = self.log.leo();
        self.answer_appended(
            from,
            correlation,
            acks,
            timeout_ms,
            base,
            end,
            Reply::Produce,
        );
        self.appended();
    }

    /// After any append: followers long-polling for data get it, and with
    /// a lone ISR the HW moves at once.
    fn appended(&mut self) {
        self.wake_parked_followers();
        self.maybe_increment_hw();
    }

    /// WriteTxnMarkers for this partition: append the COMMIT or ABORT
    /// control record (acks=all), which ends the producer's transaction here
    /// (`ProducerStateManager` / `UnifiedLog.appendAsLeader` with
    /// `AppendOrigin.COORDINATOR`).
    pub fn write_marker(&mut self, from: NodeId, correlation: u64, m: &TxnMarker) {
        let marker = ControlMarker {
            kind: if m.commit {
                ControlRecordType::Commit
            } else {
                ControlRecordType::Abort
            },
            coordinator_epoch: m.coordinator_epoch,
        };
        let refused = if self.st.isr.len() < self.min_isr() {
            Err(KafkaError::NotEnoughReplicas)
        } else {
            self.st
                .producers
                .check_marker(m.producer_id, m.producer_epoch, marker)
        };
        if let Err(e) = refused {
            return self.respond(from, correlation, &Reply::TxnMarker, Err(e));
        }
        let name: Rc<str> = Rc::from(marker.kind.name());
        let record = Record {
            producer_id: m.producer_id,
            producer_epoch: m.producer_epoch,
            transactional: true,
            control: Some(marker),
            ..self.own_record(None, name.clone(), name)
        };
        let offset = record.offset;
        let span = self.st.producers.complete(&record, marker);
        self.log.append([record]);
        self.ctx.emit(Event::TxnMarkerWritten {
            broker: self.me,
            tp: self.tp.clone(),
            producer_id: m.producer_id,
            producer_epoch: m.producer_epoch,
            marker: marker.kind,
            offset,
            first_offset: span.first_offset,
            coordinator_epoch: m.coordinator_epoch,
        });
        let timeout = super::txn_coordinator::INTER_BROKER_TIMEOUT_MS;
        self.answer_appended(
            from,
            correlation,
            Acks::All,
            timeout,
            offset,
            offset + 1,
            Reply::TxnMarker,
        );
        self.appended();
    }

    /// A transaction coordinator's own state record (`__transaction_state`,
    /// key = transactional.id), appended like an acks=all write; the end
    /// offset the HW must pass before the coordinator may act on it.
    pub fn append_internal(
        &mut self,
        key: Rc<str>,
        value: Rc<str>,
        label: Rc<str>,
    ) -> Result<i64, KafkaError> {
        if self.st.isr.len() < self.min_isr() {
            return Err(KafkaError::NotEnoughReplicas);
        }
        let record = self.own_record(Some(key), value, label);
        let (offset, id, epoch) = (record.offset, record.id, record.leader_epoch);
        self.log.append([record]);
        self.ctx.emit(Event::RecordsAppended {
            broker: self.me,
            tp: self.tp.clone(),
            base_offset: offset,
            count: 1,
            leader_epoch: epoch,
            as_leader: true,
            ids: vec![id],
        });
        self.appended();
        Ok(offset + 1)
    }

    /// A record this broker writes itself at the log end, with a fresh id
    /// and the label the learner sees for it.
    fn own_record(&mut self, key: Option<Rc<str>>, value: Rc<str>, label: Rc<str>) -> Record {
        let wire_bytes = super::producer::record_size(key.as_deref(), &value) as u32;
        Record {
            offset: self.log.leo(),
            id: self.ctx.new_record(key.clone(), label),
            key,
            value,
            timestamp_ms: self.ctx.now,
            leader_epoch: self.st.leader_epoch,
            producer_id: -1,
            producer_epoch: -1,
            sequence: -1,
            wire_bytes,
            transactional: false,
            control: None,
        }
    }

    /// Answers a batch that is in the log from `base` up to `end`: at once
    /// for acks=1, once the HW passes `end` for acks=all.
    #[allow(clippy::too_many_arguments)]
    fn answer_appended(
        &mut self,
        from: NodeId,
        correlation: u64,
        acks: Acks,
        timeout_ms: TimeMs,
        base: i64,
        end: i64,
        reply: Reply,
    ) {
        match acks {
            Acks::None => {}
            Acks::Leader => self.respond_produce(from, correlation, acks, Ok(base)),
            Acks::All if self.log.hw >= end => self.respond(from, correlation, &reply, Ok(base)),
            Acks::All => {
                self.st.waiting.push(WaitingProduce {
                    from,
                    correlation,
                    base_offset: base,
                    required_offset: end,
                    reply,
                });
                self.ctx.after(
                    self.node(),
                    timeout_ms,
                    Timer::ProduceTimeout {
                        tp: self.tp.clone(),
                        correlation,
                    },
                );
            }
        }
    }

    fn respond_produce(
        &mut self,
        to: NodeId,
        correlation: u64,
        acks: Acks,
        result: Result<i64, KafkaError>,
    ) {
        if acks == Acks::None {
            return; // acks=0: the broker never answers.
        }
        self.respond(to, correlation, &Reply::Produce, result);
    }

    /// The answer to a produce or a marker: the base offset or an error.
    fn respond(
        &mut self,
        to: NodeId,
        correlation: u64,
        reply: &Reply,
        result: Result<i64, KafkaError>,
    ) {
        let tp = self.tp.clone();
        let msg = match reply {
            Reply::Produce => Message::ProduceResponse {
                correlation,
                tp,
                result,
            },
            Reply::TxnMarker => Message::WriteTxnMarkersResponse {
                correlation,
                tp,
                result,
            },
        };
        self.ctx.send(self.node(), to, msg);
    }

    /// The request timed out in purgatory (REQUEST_TIMED_OUT).
    pub fn produce_timeout(&mut self, correlation: u64) {
        if let Some(i) = self
            .st
            .waiting
            .iter()
            .position(|w| w.correlation == correlation)
        {
            let w = self.st.waiting.remove(i);
            self.respond(
                w.from,
                correlation,
                &w.reply,
                Err(KafkaError::RequestTimedOut),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn fetch(
        &mut self,
        from: NodeId,
        correlation: u64,
        replica: Option<BrokerId>,
        fetch_offset: i64,
        last_fetched_epoch: Option<i32>,
        current_leader_epoch: i32,
        max_wait_ms: TimeMs,
        isolation: IsolationLevel,
    ) {
        if current_leader_epoch >= 0 && current_leader_epoch != self.st.leader_epoch {
            let err = if current_leader_epoch < self.st.leader_epoch {
                KafkaError::FencedLeaderEpoch
            } else {
                KafkaError::UnknownLeaderEpoch
            };
            return self.respond_fetch(from, correlation, Err(err));
        }
        let leo = self.log.leo();
        if let Some(f) = replica {
            if self.cfg.truncate_by_leader_epoch {
                if let Some(epoch) = last_fetched_epoch {
                    // KIP-320/595: tell a follower whose log diverges where
                    // its last epoch really ends, instead of sending data.
                    let eo = self.log.end_offset_for_epoch(epoch);
                    if eo.epoch < epoch || eo.end_offset < fetch_offset {
                        let data = self.fetched(Vec::new(), Some(eo), isolation);
                        return self.respond_fetch(from, correlation, Ok(data));
                    }
                }
            }
            if fetch_offset > leo {
                // The follower is ahead of us (pre-KIP-101 divergence): like
                // `handleOffsetOutOfRange`, it must cut back to our LEO.
                let data = self.fetched(
                    Vec::new(),
                    Some(super::log::EpochEndOffset {
                        epoch: -1,
                        end_offset: leo,
                    }),
                    isolation,
                );
                return self.respond_fetch(from, correlation, Ok(data));
            }
            self.update_follower(f, fetch_offset, leo);
            let records = self.slice(
                fetch_offset,
                leo,
                self.ctx.broker_config.replica_fetch_max_bytes,
                i64::MAX,
            );
            self.ctx.emit(Event::FollowerFetched {
                leader: self.me,
                follower: f,
                tp: self.tp.clone(),
                fetch_offset,
                records: records.len() as u32,
                leader_hw: self.log.hw,
            });
            self.maybe_expand_isr(f);
            self.maybe_increment_hw();
            let parked = ParkedFetch {
                from,
                correlation,
                replica,
                fetch_offset,
                isolation,
            };
            self.answer_or_park(parked, records, max_wait_ms);
        } else {
            if fetch_offset > leo || fetch_offset < 0 {
                return self.respond_fetch(from, correlation, Err(KafkaError::OffsetOutOfRange));
            }
            let until = self.readable_until(isolation);
            let records = self.slice(fetch_offset, until, 1_048_576, 500);
            let parked = ParkedFetch {
                from,
                correlation,
                replica,
                fetch_offset,
                isolation,
            };
            self.answer_or_park(parked, records, max_wait_ms);
        }
    }

    /// How far a consumer may read: the HW, or for read_committed the last
    /// stable offset (`FetchIsolation.TXN_COMMITTED`).
    fn readable_until(&self, isolation: IsolationLevel) -> i64 {
        match isolation {
            IsolationLevel::ReadUncommitted => self.log.hw,
            IsolationLevel::ReadCommitted => self.last_stable_offset(),
        }
    }

    pub fn last_stable_offset(&self) -> i64 {
        self.st.producers.last_stable_offset(self.log.hw)
    }

    /// ListOffsets: the log start, or the end a consumer of this isolation
    /// level may read to (read_committed: the LSO).
    pub fn list_offset(&self, latest: bool, isolation: IsolationLevel) -> i64 {
        if latest {
            self.readable_until(isolation)
        } else {
            self.log.records.first().map_or(0, |r| r.offset)
        }
    }

    fn answer_or_park(&mut self, p: ParkedFetch, records: Vec<Record>, max_wait_ms: TimeMs) {
        if records.is_empty() && max_wait_ms > 0 {
            let correlation = p.correlation;
            self.st.parked.push(p);
            self.ctx.after(
                self.node(),
                max_wait_ms,
                Timer::FetchWaitExpired {
                    tp: self.tp.clone(),
                    correlation,
                },
            );
            return;
        }
        let data = self.fetched(records, None, p.isolation);
        self.respond_fetch(p.from, p.correlation, Ok(data));
    }

    /// Records in `[from, until)`, capped by bytes and count (always at
    /// least one record, as Kafka returns at least one batch).
    fn slice(&self, from: i64, until: i64, max_bytes: i64, max_records: i64) -> Vec<Record> {
        let mut out = Vec::new();
        let mut bytes = 0;
        let mut offset = from;
        while offset < until && (out.len() as i64) < max_records {
            let Some(r) = self.log.record_at(offset) else {
                break;
            };
            bytes += i64::from(r.wire_bytes);
            if bytes > max_bytes && !out.is_empty() {
                break;
            }
            out.push(r.clone());
            offset += 1;
        }
        out
    }

    fn respond_fetch(
        &mut self,
        to: NodeId,
        correlation: u64,
        result: Result<FetchedData, KafkaError>,
    ) {
        let msg = Message::FetchResponse {
            correlation,
            tp: self.tp.clone(),
            result,
        };
        self.ctx.send(self.node(), to, msg);
    }

    /// `Replica.updateFetchStateOrThrow`: the follower's LEO is its fetch
    /// offset; it counts as caught up at this fetch if it reached the
    /// leader's LEO, or at the previous fetch if it reached what the LEO
    /// was then.
    fn update_follower(&mut self, f: BrokerId, fetch_offset: i64, leader_leo: i64) {
        let now = self.ctx.now;
        let p = self.st.followers.entry(f).or_insert(FollowerProgress {
            leo: -1,
            last_caught_up_ms: 0,
            last_fetch_ms: now,
            last_fetch_leader_leo: -1,
        });
        if fetch_offset >= leader_leo {
            p.last_caught_up_ms = p.last_caught_up_ms.max(now);
        } else if fetch_offset >= p.last_fetch_leader_leo && p.last_fetch_leader_leo >= 0 {
            p.last_caught_up_ms = p.last_caught_up_ms.max(p.last_fetch_ms);
        }
        p.leo = fetch_offset;
        p.last_fetch_leader_leo = leader_leo;
        p.last_fetch_ms = now;
    }

    /// `Partition.isFollowerInSync` + KRaft eligibility: a follower rejoins
    /// once it has everything up to the HW and to the start of this epoch.
    fn maybe_expand_isr(&mut self, f: BrokerId) {
        if self.st.isr.contains(&f) || self.st.pending_isr.is_some() || self.fenced.contains(&f) {
            return;
        }
        let leo = self.st.followers.get(&f).map_or(-1, |p| p.leo);
        let epoch_start = self
            .log
            .epoch_cache
            .iter()
            .find(|(e, _)| *e == self.st.leader_epoch)
            .map_or(0, |(_, s)| *s);
        if leo >= self.log.hw && leo >= epoch_start {
            let mut new_isr = self.st.isr.clone();
            new_isr.push(f);
            self.ctx.emit(Event::IsrExpandRequested {
                leader: self.me,
                tp: self.tp.clone(),
                caught_up: f,
            });
            self.alter_partition(new_isr);
        }
    }

    /// The periodic `maybeShrinkIsr` (every replica.lag.time.max.ms / 2).
    pub fn maybe_shrink_isr(&mut self) {
        if self.st.pending_isr.is_some() {
            return;
        }
        let lag_max = self.ctx.broker_config.replica_lag_time_max_ms;
        let leo = self.log.leo();
        let now = self.ctx.now;
        let out: Vec<BrokerId> = self
            .st
            .isr
            .iter()
            .copied()
            .filter(|&r| r != self.me && !self.st.is_caught_up(r, leo, now, lag_max))
            .collect();
        if out.is_empty() {
            return;
        }
        let lag_ms = out
            .iter()
            .filter_map(|r| self.st.followers.get(r))
            .map(|p| now.saturating_sub(p.last_caught_up_ms))
            .max()
            .unwrap_or(0);
        self.ctx.emit(Event::IsrShrinkRequested {
            leader: self.me,
            tp: self.tp.clone(),
            out_of_sync: out.clone(),
            lag_ms,
        });
        let new_isr = self
            .st
            .isr
            .iter()
            .copied()
            .filter(|r| !out.contains(r))
            .collect();
        self.alter_partition(new_isr);
    }

    /// Resends an AlterPartition unanswered for `after_ms` (lost on a cut
    /// link, or the controller was down): without it the ISR could never
    /// change again.
    pub fn resend_alter_partition(&mut self, after_ms: TimeMs) {
        let due = self.st.pending_since + after_ms <= self.ctx.now;
        if let Some(isr) = self.st.pending_isr.clone().filter(|_| due) {
            self.alter_partition(isr);
        }
    }

    fn alter_partition(&mut self, new_isr: Vec<BrokerId>) {
        self.st.pending_isr = Some(new_isr.clone());
        self.st.pending_since = self.ctx.now;
        let msg = Message::AlterPartition {
            tp: self.tp.clone(),
            leader: self.me,
            leader_epoch: self.st.leader_epoch,
            partition_epoch: self.st.partition_epoch,
            new_isr,
        };
        self.ctx.send(self.node(), NodeId::Controller, msg);
    }

    /// `Partition.maybeIncrementLeaderHW`: HW = the smallest LEO among the
    /// leader, the (maximal) ISR and followers that are caught up and
    /// eligible; never while the ISR is below min.insync.replicas (3.7+,
    /// KAFKA-15583); never backwards.
    pub fn maybe_increment_hw(&mut self) {
        if self.st.isr.len() < self.min_isr() {
            return;
        }
        let now = self.ctx.now;
        let lag_max = self.ctx.broker_config.replica_lag_time_max_ms;
        let leo = self.log.leo();
        let maximal = self.st.maximal_isr();
        let mut new_hw = leo;
        for (&f, p) in &self.st.followers {
            let counts = maximal.contains(&f)
                || (!self.fenced.contains(&f)
                    && self.st.is_caught_up(f, leo, now, lag_max)
                    && p.leo >= 0);
            if counts {
                new_hw = new_hw.min(p.leo.max(0));
            }
        }
        if new_hw > self.log.hw {
            let from = self.log.hw;
            self.log.hw = new_hw;
            self.ctx.emit(Event::HighWatermarkAdvanced {
                broker: self.me,
                tp: self.tp.clone(),
                from,
                to: new_hw,
            });
            self.note_lso();
            self.complete_waiting();
            self.wake_parked_consumers();
        }
    }

    /// Reports the last stable offset when it moves while an undecided
    /// transaction holds it below the HW, or when it catches up again
    /// (where it simply follows the HW, `HighWatermarkAdvanced` says it all).
    pub fn note_lso(&mut self) {
        let states = &mut self.st.producers;
        if !states.has_transactions() {
            return;
        }
        let hw = self.log.hw;
        states.prune(hw);
        let holder = states.first_unstable(hw).filter(|t| t.first_offset < hw);
        let lso = holder.map_or(hw, |t| t.first_offset);
        let now = (lso, holder.is_some());
        let before = self.st.reported_lso.replace(now);
        let report = match before {
            None => now.1,
            Some(b) => b != now && (b.1 || now.1),
        };
        if report {
            self.ctx.emit(Event::LastStableOffsetMoved {
                broker: self.me,
                tp: self.tp.clone(),
                from: before.map_or(lso, |b| b.0),
                to: lso,
                high_watermark: hw,
                held_by: holder.map(|t| t.producer_id),
            });
        }
    }

    /// `checkEnoughReplicasReachOffset`: once the HW passes a waiting
    /// request it succeeds — unless the ISR meanwhile fell below the minimum.
    fn complete_waiting(&mut self) {
        let hw = self.log.hw;
        let enough = self.st.isr.len() >= self.min_isr();
        let (done, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut self.st.waiting)
            .into_iter()
            .partition(|w| w.required_offset <= hw);
        self.st.waiting = keep;
        for w in done {
            let result = if enough {
                Ok(w.base_offset)
            } else {
                Err(KafkaError::NotEnoughReplicasAfterAppend)
            };
            self.respond(w.from, w.correlation, &w.reply, result);
        }
    }

    fn wake_parked_followers(&mut self) {
        self.wake_parked(|p| p.replica.is_some());
    }

    fn wake_parked_consumers(&mut self) {
        self.wake_parked(|p| p.replica.is_none());
    }

    fn wake_parked(&mut self, which: impl Fn(&ParkedFetch) -> bool) {
        let (wake, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut self.st.parked)
            .into_iter()
            .partition(which);
        self.st.parked = keep;
        for p in wake {
            let until = if p.replica.is_some() {
                self.log.leo()
            } else {
                self.readable_until(p.isolation)
            };
            if p.fetch_offset < until {
                let (bytes, count) = if p.replica.is_some() {
                    (self.ctx.broker_config.replica_fetch_max_bytes, i64::MAX)
                } else {
                    (1_048_576, 500)
                };
                let records = self.slice(p.fetch_offset, until, bytes, count);
                let data = self.fetched(records, None, p.isolation);
                self.respond_fetch(p.from, p.correlation, Ok(data));
            } else {
                self.st.parked.push(p);
            }
        }
    }

    /// A Fetch answer carrying the leader's HW, LSO and epoch, and for
    /// read_committed the aborted transactions the records overlap.
    fn fetched(
        &self,
        records: Vec<Record>,
        diverging_epoch: Option<super::log::EpochEndOffset>,
        isolation: IsolationLevel,
    ) -> FetchedData {
        let aborted = match (isolation, records.first(), records.last()) {
            (IsolationLevel::ReadCommitted, Some(first), Some(last)) => self
                .st
                .producers
                .aborted_between(first.offset, last.offset + 1),
            _ => Vec::new(),
        };
        FetchedData {
            records,
            high_watermark: self.log.hw,
            last_stable_offset: self.last_stable_offset(),
            aborted,
            leader_epoch: self.st.leader_epoch,
            diverging_epoch,
        }
    }

    /// A parked fetch's max wait ran out: answer with what there is.
    pub fn fetch_wait_expired(&mut self, correlation: u64) {
        if let Some(i) = self
            .st
            .parked
            .iter()
            .position(|p| p.correlation == correlation)
        {
            let p = self.st.parked.remove(i);
            let data = self.fetched(Vec::new(), None, p.isolation);
            self.respond_fetch(p.from, p.correlation, Ok(data));
        }
    }

    /// The controller's view of this partition changed (AlterPartition
    /// answered, or a fence removed a follower): adopt a newer ISR.
    pub fn adopt(&mut self, state: &PartitionState) {
        if state.leader_epoch != self.st.leader_epoch
            || state.partition_epoch < self.st.partition_epoch
        {
            return;
        }
        self.st.isr = state.isr.clone();
        self.st.partition_epoch = state.partition_epoch;
        self.st.pending_isr = None;
        let now = self.ctx.now;
        for r in &state.replicas {
            if *r != self.me {
                self.st.followers.entry(*r).or_insert(FollowerProgress {
                    leo: -1,
                    last_caught_up_ms: 0,
                    last_fetch_ms: now,
                    last_fetch_leader_leo: -1,
                });
            }
        }
        self.maybe_increment_hw();
    }

    /// Leadership lost: everyone waiting is told to look elsewhere.
    pub fn resign(&mut self) {
        for w in std::mem::take(&mut self.st.waiting) {
            let e = Err(KafkaError::NotLeaderOrFollower);
            self.respond(w.from, w.correlation, &w.reply, e);
        }
        for p in std::mem::take(&mut self.st.parked) {
            self.respond_fetch(p.from, p.correlation, Err(KafkaError::NotLeaderOrFollower));
        }
    }
}
