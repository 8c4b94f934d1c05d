//! The simulated Kafka cluster.
//!
//! Everything here is deterministic: one seeded [`rng::Rng`], ordered maps
//! only, integer arithmetic for anything that shapes history. The same inputs
//! give the same history natively and in wasm, which time travel relies on.
//!
//! Layout, by Kafka concept: `sim` (the event loop), `network`, `protocol`
//! (messages by API key), `broker` + `leader` + `log` (replication),
//! `controller` (KRaft), `producer` + `txn_manager`, `txn_coordinator`,
//! `consumer` + `consumer_close` + `isolation`, `checker` (guarantees),
//! `command` (what users and scripts can do), `scenario` (the JSON format).

pub mod assignor;
pub mod base64url;
pub mod broker;
pub mod buffer_pool;
pub mod burrow;
pub mod checker;
pub mod chunked;
pub mod client;
pub mod cluster;
pub mod command;
pub mod compression;
pub mod config;
pub mod consumer;
pub mod consumer_close;
pub mod controller;
pub mod ctx;
pub mod decimal;
pub mod describe;
pub mod digest;
pub mod event;
pub mod group_coordinator;
pub mod group_describe;
pub mod group_member;
pub mod group_state;
pub mod internal_topic;
pub mod isolation;
pub mod json_path;
pub mod json_read;
pub mod json_write;
pub mod lag;
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
pub mod sort;
pub mod timeline;
pub mod txn_coordinator;
pub mod txn_manager;
pub mod types;
pub mod vec_map;
