//! Kafka Playground: Apache Kafka's brokers, replication and clients as a
//! deterministic discrete-event simulation (`engine`), and the Yew page that
//! animates it (`ui`, wasm only).
//!
//! The engine is sans-IO: no web types, no wall clock, no unseeded
//! randomness. It builds and is tested on the host with plain `cargo test`.

pub mod engine;
pub mod glossary;
pub mod i18n;
pub mod narrate;
pub mod playground;

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The build line shown on the page and printed by the CLI:
/// crate version plus the git commit the build came from.
pub fn build_version() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (", env!("KP_GIT_COMMIT"), ")")
}
