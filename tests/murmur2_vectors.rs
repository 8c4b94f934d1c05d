//! Kafka's keyed partitioning against values from the real Java client.
//!
//! `data/murmur2_vectors.json` holds keys with the signed `Utils.murmur2`
//! result, `Utils.toPositive` of it, and the partition chosen for several
//! partition counts, all computed by Apache Kafka's own Java code.

use std::collections::BTreeMap;

use kafka_playground::engine::murmur2::{murmur2, partition_for_key, to_positive};
use serde::Deserialize;

const VECTORS: &str = include_str!("data/murmur2_vectors.json");

#[derive(Deserialize)]
struct Vector {
    key_hex: String,
    key_utf8: String,
    length: usize,
    murmur2: i32,
    murmur2_unsigned: u32,
    to_positive: i32,
    /// Partition count → partition.
    partitions: BTreeMap<u32, u32>,
}

fn vectors() -> Vec<Vector> {
    let vectors: Vec<Vector> = serde_json::from_str(VECTORS).expect("valid vector file");
    assert!(!vectors.is_empty(), "no vectors");
    vectors
}

fn decode_hex(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd-length hex {hex:?}");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digit"))
        .collect()
}

#[test]
fn every_kafka_murmur2_vector_matches_the_java_client() {
    for v in vectors() {
        let key = decode_hex(&v.key_hex);
        assert_eq!(key.len(), v.length, "{:?}: length", v.key_utf8);
        assert_eq!(
            v.murmur2 as u32, v.murmur2_unsigned,
            "{:?}: file",
            v.key_utf8
        );
        assert_eq!(murmur2(&key), v.murmur2, "{:?}: murmur2", v.key_utf8);
        assert_eq!(
            to_positive(v.murmur2),
            v.to_positive,
            "{:?}: to_positive",
            v.key_utf8
        );
    }
}

#[test]
fn every_keyed_record_lands_on_the_java_clients_partition() {
    for v in vectors() {
        let key = decode_hex(&v.key_hex);
        assert!(!v.partitions.is_empty(), "{:?}: no partitions", v.key_utf8);
        for (&count, &partition) in &v.partitions {
            assert_eq!(
                partition_for_key(&key, count),
                partition,
                "{:?} with {count} partitions",
                v.key_utf8
            );
        }
    }
}
