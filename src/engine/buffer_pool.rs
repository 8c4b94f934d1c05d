//! `buffer.memory`: every batch in a producer's record accumulator takes its
//! memory from one pool (Kafka's `BufferPool`). A new batch asks for
//! max(`batch.size`, the record's serialized size); the memory comes back
//! when the batch completes — acknowledged, failed or expired
//! (`Sender.completeBatch` / `failBatch` → `RecordAccumulator.deallocate`),
//! for `acks=0` as soon as it is sent. When a new batch cannot get its
//! memory, `send()` blocks up to `max.block.ms` (see `producer/append.rs`).
//!
//! Only the amount matters here: Kafka's free list of `batch.size` buffers
//! changes how memory is reused, not how much is available.

/// The pool's bookkeeping, in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferPool {
    total: i64,
    used: i64,
}

impl BufferPool {
    pub fn new(total: i64) -> Self {
        BufferPool { total, used: 0 }
    }

    pub fn available(&self) -> i64 {
        self.total - self.used
    }

    pub fn used(&self) -> i64 {
        self.used
    }

    /// Takes `size` bytes if that many are free (`BufferPool.allocate`
    /// without waiting; the caller does the waiting).
    pub fn try_allocate(&mut self, size: i64) -> bool {
        let ok = size <= self.available();
        if ok {
            self.used += size;
        }
        ok
    }

    pub fn deallocate(&mut self, size: i64) {
        self.used = (self.used - size).max(0);
    }

    /// `BufferPool.allocate`'s `BufferExhaustedException` (a
    /// `TimeoutException`) once `max.block.ms` has passed; the poolable size
    /// is `batch.size`.
    pub fn exhausted_message(&self, size: i64, max_block_ms: u64, batch_size: i64) -> String {
        format!(
            "Failed to allocate {size} bytes within the configured max blocking time \
             {max_block_ms} ms. Total memory: {} bytes. Available memory: {} bytes. \
             Poolable size: {batch_size} bytes",
            self.total,
            self.available()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_taken_while_there_is_enough_and_comes_back() {
        let mut p = BufferPool::new(40_000);
        assert!(p.try_allocate(16_384));
        assert!(p.try_allocate(16_384));
        assert!(!p.try_allocate(16_384), "7,232 bytes left");
        assert_eq!(p.available(), 7_232);
        p.deallocate(16_384);
        assert!(p.try_allocate(16_384));
        assert_eq!(
            p.exhausted_message(16_384, 60_000, 16_384),
            "Failed to allocate 16384 bytes within the configured max blocking time 60000 ms. \
             Total memory: 40000 bytes. Available memory: 7232 bytes. Poolable size: 16384 bytes"
        );
    }
}
