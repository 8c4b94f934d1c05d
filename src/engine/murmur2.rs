//! Kafka's default key partitioning: murmur2, bit for bit as the Java client.
//!
//! Kafka's Java producer places a keyed record (when no partition is given and
//! no custom partitioner is set) on
//! `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`
//! (`clients/src/main/java/org/apache/kafka/common/utils/Utils.java`).
//!
//! `Utils.murmur2` is MurmurHash2 with seed `0x9747b28c`, `m = 0x5bd1e995`
//! and `r = 24`, computed on Java's signed 32-bit `int`s:
//!
//! - `h = seed ^ length`;
//! - each whole 4-byte chunk is read little-endian into `k`, then
//!   `k *= m; k ^= k >>> r; k *= m; h *= m; h ^= k`;
//! - the 1–3 trailing bytes go through a `switch (length % 4)` whose cases
//!   3, 2 and 1 fall through: `h ^= tail[2] << 16`, `h ^= tail[1] << 8`,
//!   `h ^= tail[0]; h *= m`, each byte masked `& 0xff` so Java's signed
//!   bytes do not sign-extend;
//! - the final mix is `h ^= h >>> 13; h *= m; h ^= h >>> 15`.
//!
//! Here the arithmetic runs on `u32` with wrapping multiplication (Java's
//! `int` overflow), Rust's `>>` on `u32` is Java's unsigned `>>>`, and `u8`
//! widens to `u32` without sign extension (the `& 0xff`). The result is
//! reinterpreted as `i32` so it equals the Java value, sign included.
//!
//! `Utils.toPositive` is `n & 0x7fffffff`: a mask, not `Math.abs`, so
//! `i32::MIN` maps to 0 and negative hashes do not mirror positive ones.

/// MurmurHash2 seed used by Kafka.
const SEED: u32 = 0x9747_b28c;
/// MurmurHash2 multiplier.
const M: u32 = 0x5bd1_e995;
/// MurmurHash2 shift.
const R: u32 = 24;

/// Kafka's `Utils.murmur2(byte[])`: the signed 32-bit hash Java returns.
pub fn murmur2(data: &[u8]) -> i32 {
    // Java arrays hold at most `i32::MAX` bytes; `length` is an `int`.
    let mut h = SEED ^ data.len() as u32;

    let mut chunks = data.chunks_exact(4);
    for chunk in &mut chunks {
        let mut k = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }

    // The tail switch: cases 3, 2, 1 fall through, and all of them end in
    // case 1's `h *= m`.
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &byte) in tail.iter().enumerate() {
            h ^= u32::from(byte) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }

    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Kafka's `Utils.toPositive(int)`: clears the sign bit (`n & 0x7fffffff`).
pub fn to_positive(n: i32) -> i32 {
    n & 0x7fff_ffff
}

/// The partition Kafka's Java client picks for a keyed record:
/// `toPositive(murmur2(key)) % numPartitions`.
///
/// `num_partitions` must be greater than 0; a topic always has at least one
/// partition. For 0 this returns 0 instead of panicking.
pub fn partition_for_key(key: &[u8], num_partitions: u32) -> u32 {
    if num_partitions == 0 {
        return 0;
    }
    // `to_positive` is never negative, so the cast keeps the value.
    to_positive(murmur2(key)) as u32 % num_partitions
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases of Kafka's `UtilsTest.testMurmur2`.
    #[test]
    fn matches_kafka_utils_test_murmur2_cases() {
        let cases: [(&[u8], i32); 6] = [
            (b"21", -973_932_308),
            (b"foobar", -790_332_482),
            (b"a-little-bit-long-string", -985_981_536),
            (b"a-little-bit-longer-string", -1_486_304_829),
            (
                b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58_897_971,
            ),
            (b"abc", 479_470_107),
        ];
        for (key, expected) in cases {
            assert_eq!(
                murmur2(key),
                expected,
                "key {:?}",
                String::from_utf8_lossy(key)
            );
        }
    }

    #[test]
    fn empty_key_hashes_to_the_seed_mix() {
        assert_eq!(murmur2(b""), 275_646_681);
        assert_eq!(partition_for_key(b"", 3), 0);
        assert_eq!(partition_for_key(b"", 12), 9);
    }

    #[test]
    fn korean_keys_hash_their_utf8_bytes() {
        let cases = [
            ("서울", -2_063_068_724, 84_414_924, 24),
            ("부산", -683_739_892, 1_463_743_756, 56),
            ("울산", -614_402_136, 1_533_081_512, 12),
        ];
        for (key, hash, positive, of_100) in cases {
            assert_eq!(murmur2(key.as_bytes()), hash, "{key}");
            assert_eq!(to_positive(hash), positive, "{key}");
            assert_eq!(partition_for_key(key.as_bytes(), 100), of_100, "{key}");
        }
    }

    #[test]
    fn to_positive_masks_the_sign_bit_rather_than_negating() {
        assert_eq!(to_positive(0), 0);
        assert_eq!(to_positive(5), 5);
        assert_eq!(to_positive(-1), i32::MAX);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(-973_932_308), 1_173_551_340);
    }

    #[test]
    fn zero_partitions_yields_partition_zero_without_panicking() {
        assert_eq!(partition_for_key(b"foobar", 0), 0);
    }
}
