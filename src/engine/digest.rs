//! A short fingerprint of a history: FNV-1a 64 over the JSON trace. Equal
//! digests natively and in wasm show the engine is deterministic across
//! platforms (time travel and share links depend on it).

use super::event::TimedEvent;

pub fn trace_digest(trace: &[TimedEvent]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for e in trace {
        let json = serde_json::to_string(e).expect("events serialize");
        for b in json.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_trace_has_the_fnv_offset_basis() {
        assert_eq!(trace_digest(&[]), 0xcbf2_9ce4_8422_2325);
    }
}
