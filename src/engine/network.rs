//! The simulated network between every node: per-link latency with jitter
//! from the seeded RNG, FIFO per link (Kafka speaks TCP), and faults as
//! first-class settings — a cut link (one or both directions), a drop rate,
//! a slowed node.

use serde::Serialize;

use super::rng::Rng;
use super::types::{NodeId, TimeMs};
use crate::engine::vec_map::{VecMap, VecSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    LinkCut,
    RandomDrop,
    DestinationDown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NetworkConfig {
    pub latency_ms: TimeMs,
    pub jitter_ms: TimeMs,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            latency_ms: 2,
            jitter_ms: 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub config: NetworkConfig,
    /// Directed links that deliver nothing.
    cut: VecSet<(NodeId, NodeId)>,
    /// Per-mille of messages lost at random, on every link.
    pub drop_per_mille: u32,
    /// Extra one-way latency for everything to or from a node.
    slow: VecMap<NodeId, TimeMs>,
    /// Last delivery time per directed link, to keep links FIFO.
    last_delivery: VecMap<(NodeId, NodeId), TimeMs>,
}

/// What the network decided for one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transit {
    DeliverAt(TimeMs),
    Dropped(DropReason),
}

impl Network {
    pub fn new(config: NetworkConfig) -> Self {
        Network {
            config,
            cut: VecSet::new(),
            drop_per_mille: 0,
            slow: VecMap::new(),
            last_delivery: VecMap::new(),
        }
    }

    pub fn cut(&mut self, from: NodeId, to: NodeId) {
        self.cut.insert((from, to));
    }

    pub fn heal(&mut self, from: NodeId, to: NodeId) {
        self.cut.remove(&(from, to));
    }

    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.cut.contains(&(from, to))
    }

    pub fn cut_links(&self) -> impl Iterator<Item = &(NodeId, NodeId)> {
        self.cut.iter()
    }

    pub fn set_slow(&mut self, node: NodeId, extra_ms: TimeMs) {
        if extra_ms == 0 {
            self.slow.remove(&node);
        } else {
            self.slow.insert(node, extra_ms);
        }
    }

    pub fn slowness(&self, node: NodeId) -> TimeMs {
        self.slow.get(&node).copied().unwrap_or(0)
    }

    /// Decides when (or whether) a message sent now arrives.
    pub fn send(&mut self, now: TimeMs, from: NodeId, to: NodeId, rng: &mut Rng) -> Transit {
        if self.is_cut(from, to) {
            return Transit::Dropped(DropReason::LinkCut);
        }
        if self.drop_per_mille > 0 && rng.chance_per_mille(self.drop_per_mille) {
            return Transit::Dropped(DropReason::RandomDrop);
        }
        let jitter = rng.below(self.config.jitter_ms.saturating_add(1));
        let latency = self
            .config
            .latency_ms
            .saturating_add(jitter)
            .saturating_add(self.slowness(from))
            .saturating_add(self.slowness(to));
        let last = self.last_delivery.entry((from, to)).or_insert(0);
        let at = now.saturating_add(latency).max(*last);
        *last = at;
        Transit::DeliverAt(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: NodeId = NodeId::Broker(1);
    const B: NodeId = NodeId::Broker(2);

    #[test]
    fn links_are_fifo_despite_jitter() {
        let mut net = Network::new(NetworkConfig {
            latency_ms: 1,
            jitter_ms: 50,
        });
        let mut rng = Rng::new(3);
        let mut last = 0;
        for t in 0..200 {
            match net.send(t, A, B, &mut rng) {
                Transit::DeliverAt(at) => {
                    assert!(at >= last && at > t);
                    last = at;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn a_cut_is_one_directional() {
        let mut net = Network::new(NetworkConfig::default());
        let mut rng = Rng::new(0);
        net.cut(A, B);
        assert_eq!(
            net.send(0, A, B, &mut rng),
            Transit::Dropped(DropReason::LinkCut)
        );
        assert!(matches!(net.send(0, B, A, &mut rng), Transit::DeliverAt(_)));
        net.heal(A, B);
        assert!(matches!(net.send(0, A, B, &mut rng), Transit::DeliverAt(_)));
    }

    #[test]
    fn drop_rate_drops_about_that_share() {
        let mut net = Network::new(NetworkConfig::default());
        net.drop_per_mille = 250;
        let mut rng = Rng::new(11);
        let dropped = (0..4000)
            .filter(|&t| matches!(net.send(t, A, B, &mut rng), Transit::Dropped(_)))
            .count();
        assert!((800..1200).contains(&dropped), "dropped {dropped} of 4000");
    }

    #[test]
    fn a_slow_node_adds_latency_both_ways() {
        let mut net = Network::new(NetworkConfig {
            latency_ms: 5,
            jitter_ms: 0,
        });
        let mut rng = Rng::new(0);
        net.set_slow(B, 100);
        assert_eq!(net.send(0, A, B, &mut rng), Transit::DeliverAt(105));
        assert_eq!(net.send(0, B, A, &mut rng), Transit::DeliverAt(105));
    }
}
