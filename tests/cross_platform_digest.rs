//! The acks=1 loss scenario's trace digest, natively. `tests/browser.rs`
//! computes the same digest in headless Chromium (wasm32); both must equal
//! the golden value, so native and wasm histories are bit-identical.
//! After an intended engine change, update tests/data/acks1.digest with the
//! value this test prints.

use kafka_playground::engine::digest::trace_digest;
use kafka_playground::engine::scenario::Scenario;

#[test]
fn native_trace_digest_matches_the_golden_value_shared_with_wasm() {
    let text = include_str!("../scenarios/acks1-leader-fails-before-replication.json");
    let sim = Scenario::from_json(text).unwrap().run().unwrap();
    let digest = format!("{:016x}", trace_digest(&sim.trace));
    println!("trace digest: {digest} ({} events)", sim.trace.len());
    assert_eq!(digest, include_str!("data/acks1.digest").trim());
}
