//! Plain-language narration of engine events (placeholder until written).
