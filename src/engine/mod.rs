//! The simulated Kafka cluster.
//!
//! Everything here is deterministic: one seeded [`rng::Rng`], ordered maps
//! only, integer arithmetic for anything that shapes history. The same inputs
//! give the same history natively and in wasm, which time travel relies on.
//!
//! Layout, by Kafka concept: `sim` (the event loop), `network`, `protocol`
//! (messages by API key), `broker` + `leader` + `log` (replication),
//! `controller` (KRaft), `producer` + `txn_manager`, `txn_coordinator`,
//! `consumer` + `isolation`, `checker` (guarantees),
//! `command` (what users and scripts can do), `scenario` (the JSON format).

pub mod base64url;
pub mod broker;
pub mod checker;
pub mod chunked;
pub mod client;
pub mod cluster;
pub mod command;
pub mod config;
pub mod consumer;
pub mod controller;
pub mod ctx;
pub mod describe;
pub mod digest;
pub mod event;
pub mod internal_topic;
pub mod isolation;
pub mod leader;
pub mod log;
pub mod murmur2;
pub mod network;
pub mod partitioner;
pub mod placement;
pub mod producer;
pub mod producer_state;
pub mod protocol;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod timeline;
pub mod txn_coordinator;
pub mod txn_manager;
pub mod types;
