//! The simulated Kafka cluster.
//!
//! Everything here is deterministic: one seeded [`rng::Rng`], ordered maps
//! only, integer arithmetic for anything that shapes history. The same inputs
//! give the same history natively and in wasm, which time travel relies on.

pub mod cluster;
pub mod describe;
pub mod placement;
pub mod rng;
