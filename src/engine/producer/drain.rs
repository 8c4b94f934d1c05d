//! The Sender's pass over the accumulator (`Sender.sendProducerData`):
//! the blocked application goes first when memory came back; then the
//! ready check (`RecordAccumulator.ready`) updates what the adaptive
//! partitioner weighs (KIP-794: queue sizes, and `NodeLatencyStats` for
//! `partitioner.availability.timeout.ms`); then ready batches are closed
//! (`ProducerBatch.close`: compressed, by the model in `compression.rs`)
//! and sent (`send_ready` in `producer.rs`).

use std::rc::Rc;

use super::append::record_size;
use super::{Batch, Producer};
use crate::engine::compression::{Codec, BATCH_HEADER_BYTES};
use crate::engine::ctx::Ctx;
use crate::engine::event::Event;
use crate::engine::partitioner::{load_stats, LoadStats};
use crate::engine::types::{BrokerId, ProducerRecord, TimeMs, Tp};
use crate::engine::vec_map::VecMap;

impl Producer {
    /// One Sender pass. With acks=0 a sent batch gives its memory back at
    /// once, so a blocked `send()` may go on in the same instant.
    pub(super) fn drain(&mut self, ctx: &mut Ctx) {
        loop {
            self.run_app(ctx);
            self.observe(ctx.now);
            let used = self.acc.pool.used();
            self.send_ready(ctx);
            if self.acc.app.is_empty() || self.acc.pool.used() >= used {
                break;
            }
        }
        if let Some(at) = self.acc.block_deadline(self.config.max_block_ms) {
            self.wake_at(at, ctx);
        }
    }

    /// What `RecordAccumulator.ready` and `Sender.sendProducerData` learn
    /// for the built-in partitioner (only it is adaptive).
    fn observe(&mut self, now: TimeMs) {
        if !self.config.partitioner.adaptive() {
            return;
        }
        let stats = self.load_stats();
        for (topic, s) in stats {
            self.partitioner.set_load_stats(&topic, s);
        }
        self.update_node_stats(now);
    }

    /// `partitionReady`: per topic, once every partition has had a batch,
    /// the queue length of each partition whose leader is known — leaving
    /// out, with `partitioner.availability.timeout.ms`, those whose leader
    /// has had data ready but no room for it for longer than that.
    fn load_stats(&self) -> Vec<(Rc<str>, Option<LoadStats>)> {
        let timeout = self.config.partitioner.availability_timeout_ms;
        let mut queued: VecMap<&Tp, u32> = VecMap::new();
        for b in &self.queue {
            // Closed for sending and compressing: drained, in Kafka's terms.
            if b.attempts > 0 || b.fill.wire_bytes.is_none() {
                *queued.entry(&b.tp).or_default() += 1;
            }
        }
        let mut by_topic: VecMap<Rc<str>, Vec<&Tp>> = VecMap::new();
        for tp in &self.acc.deques {
            by_topic.entry(tp.topic.clone()).or_default().push(tp);
        }
        by_topic
            .into_iter()
            .map(|(topic, tracked)| {
                let count = self.partition_count(&topic).unwrap_or(0) as usize;
                if tracked.len() < count {
                    return (topic, None);
                }
                let mut queues = Vec::new();
                for tp in &tracked {
                    let Some(leader) = self.leaders.get(*tp).and_then(|(l, _)| *l) else {
                        continue;
                    };
                    let size = queued.get(*tp).copied().unwrap_or(0);
                    let stuck = self
                        .acc
                        .node_stats
                        .get(&leader)
                        .is_some_and(|&(ready, drained)| ready - drained > timeout);
                    if timeout > 0 && size > 0 && stuck {
                        continue;
                    }
                    queues.push((tp.partition, size));
                }
                (topic, load_stats(&queues, tracked.len()))
            })
            .collect()
    }

    /// `updateNodeLatencyStats`: every leader with a batch ready counts as
    /// ready now, and as drained now if its connection can take a request
    /// (`max.in.flight.requests.per.connection` not reached).
    fn update_node_stats(&mut self, now: TimeMs) {
        let mut flying: VecMap<BrokerId, i64> = VecMap::new();
        for f in self.in_flight.values() {
            *flying.entry(f.leader).or_default() += 1;
        }
        let exhausted = self.acc.exhausted();
        for b in &self.queue {
            let Some(leader) = self.leaders.get(&b.tp).and_then(|(l, _)| *l) else {
                continue;
            };
            if !b.ready(now, exhausted) {
                continue;
            }
            let room = flying.get(&leader).copied().unwrap_or(0) < self.config.max_in_flight;
            let stats = self.acc.node_stats.entry(leader).or_insert((now, now));
            stats.0 = now;
            if room {
                stats.1 = now;
            }
        }
    }

    /// `ProducerBatch.close` on the batch's first drain: its size on the
    /// wire, each record's share of it, and the topic's ratio estimate.
    /// Compressing takes the producer's compressing thread `cpu_us`;
    /// returns whether the batch can go now.
    pub(super) fn close(&mut self, b: &mut Batch, ctx: &mut Ctx) -> bool {
        if b.fill.wire_bytes.is_some() {
            return true;
        }
        let codec = self.config.compression;
        let c = codec.compress(b.bytes);
        b.fill.sealed = true;
        b.fill.wire_bytes = Some(c.wire_bytes);
        share(&mut b.records, c.wire_bytes);
        if codec == Codec::None {
            return true;
        }
        self.acc.ratios.observe(&b.tp.topic, c.ratio_milli);
        let start = self.acc.cpu_free_us.max(ctx.now * 1000);
        self.acc.cpu_free_us = start + c.cpu_us;
        b.ready_at = self.acc.cpu_free_us.div_ceil(1000);
        ctx.emit(Event::BatchCompressed {
            producer: self.id,
            tp: b.tp.clone(),
            ids: b.records.iter().map(|r| r.id).collect(),
            codec,
            bytes: BATCH_HEADER_BYTES + b.bytes,
            wire_bytes: c.wire_bytes,
            cpu_us: c.cpu_us,
            send_at: b.ready_at,
        });
        b.ready_at <= ctx.now
    }
}

/// Splits a batch's wire bytes over its records by their sizes, exactly.
fn share(records: &mut [ProducerRecord], wire_bytes: i64) {
    let sizes: Vec<i64> = records
        .iter()
        .map(|r| record_size(r.key.as_deref(), &r.value))
        .collect();
    let total: i64 = sizes.iter().sum::<i64>().max(1);
    let (mut upto, mut given) = (0, 0);
    for (r, size) in records.iter_mut().zip(sizes) {
        upto += size;
        let share = wire_bytes * upto / total;
        r.wire_bytes = u32::try_from(share - given).unwrap_or(u32::MAX);
        given = share;
    }
}
