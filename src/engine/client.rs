//! What producers and consumers share: the bootstrap list (`bootstrap.servers`)
//! they rotate through for requests any broker can answer — Metadata,
//! InitProducerId — each guarded by `request.timeout.ms`.

use super::ctx::{Ctx, Timer};
use super::protocol::Message;
use super::types::{BrokerId, NodeId, TimeMs};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bootstrap {
    brokers: Vec<BrokerId>,
    next: usize,
}

impl Bootstrap {
    pub fn new(brokers: Vec<BrokerId>) -> Self {
        Bootstrap { brokers, next: 0 }
    }

    pub fn brokers(&self) -> &[BrokerId] {
        &self.brokers
    }

    /// Sends `make(correlation)` from `from` to the next bootstrap broker and
    /// arms its request timeout; the correlation, or `None` with no brokers.
    pub fn request(
        &mut self,
        from: NodeId,
        timeout_ms: TimeMs,
        ctx: &mut Ctx,
        make: impl FnOnce(u64) -> Message,
    ) -> Option<u64> {
        if self.brokers.is_empty() {
            return None;
        }
        let to = self.brokers[self.next % self.brokers.len()];
        self.next += 1;
        let correlation = ctx.correlation();
        ctx.send(from, NodeId::Broker(to), make(correlation));
        ctx.after(from, timeout_ms, Timer::RequestTimeout { correlation });
        Some(correlation)
    }
}
