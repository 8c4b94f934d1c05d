//! One-line explanations of Kafka config names (placeholder until written).
