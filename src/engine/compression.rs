//! `compression.type`: the codec a producer compresses each batch with, and
//! — this part is a **model**, the playground runs no codec — how many bytes
//! the batch then takes on the wire and how long compressing it takes.
//!
//! What is Kafka's: the records of a batch are compressed, its 61-byte
//! header (`DefaultRecordBatch.RECORD_BATCH_OVERHEAD`) is not; while a batch
//! fills, the producer guesses its compressed size from a per-topic ratio
//! estimate (`CompressionRatioEstimator`: starts at 1.0, moves 0.005 towards
//! a better observed ratio per batch, at least 0.05 towards a worse one), so
//! `batch.size` is compared with `61 + uncompressed × estimate × 1.05`
//! (`MemoryRecordsBuilder.estimatedBytesWritten`); the ratio a closed batch
//! achieved updates the estimate (`ProducerBatch.close`). The broker stores
//! the compressed batch as it came (topic `compression.type=producer`).
//!
//! What is the model:
//! - compressed records = the codec's frame overhead + records ÷ ratio;
//! - ratio and speed per codec from lzbench on the Silesia corpus (Core
//!   i7-9700K @ 4.9 GHz, the table in the zstd README, facebook/zstd
//!   v1.5.7): zlib 1.3.1 -1 2.743 at 105 MB/s, snappy 1.2.1 2.089 at
//!   520 MB/s, lz4 1.10.0 2.101 at 675 MB/s, zstd 1.5.7 -1 2.896 at
//!   510 MB/s. Kafka's defaults are gzip level 6 and zstd level 3 (a little
//!   smaller and slower than these level-1 rows; the table has no such
//!   rows, so none are invented); lz4's default level 9 uses the fast
//!   compressor, the row given. Short, repetitive text records compress
//!   better than this mixed corpus, tiny batches worse (the frame dominates);
//! - frame overhead from the formats: gzip 18 bytes (RFC 1952 header 10,
//!   trailer 8), snappy 20 (snappy-java stream header 16, block length 4),
//!   lz4 15 (LZ4 frame: magic 4, FLG/BD/HC 3, block size 4, end mark 4),
//!   zstd 9 (RFC 8878: magic 4, frame header 2, block header 3);
//! - CPU: the batch's uncompressed records at that speed. Kafka compresses
//!   while appending, on the thread calling `send()`; the playground
//!   charges the whole batch when it is closed for sending, on one
//!   compressing thread per producer whose busy time adds up in
//!   microseconds, and the batch goes at the first millisecond after its
//!   compression ends — the same delay for the batch, without a model of
//!   the application's own time.

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

use super::config::ConfigError;
use crate::engine::vec_map::VecMap;

/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the batch header, never
/// compressed.
pub const BATCH_HEADER_BYTES: i64 = 61;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Codec {
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

/// The model's figures for one codec (see the module comment).
struct Figures {
    /// Compression ratio × 1000.
    ratio_milli: i64,
    /// Compression speed in MB/s, that is bytes per microsecond.
    bytes_per_us: i64,
    frame_bytes: i64,
}

const CODECS: [(Codec, &str); 5] = [
    (Codec::None, "none"),
    (Codec::Gzip, "gzip"),
    (Codec::Snappy, "snappy"),
    (Codec::Lz4, "lz4"),
    (Codec::Zstd, "zstd"),
];

/// A closed batch's size on the wire and the CPU time compressing it took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compressed {
    pub wire_bytes: i64,
    pub cpu_us: u64,
    /// Compressed ÷ uncompressed records, × 1000 (Kafka's
    /// `actualCompressionRatio`).
    pub ratio_milli: i64,
}

impl Codec {
    /// `compression.type` with Kafka's `ConfigException` for anything else
    /// (`ConfigDef.ValidString`, case-sensitive as in Kafka).
    pub fn parse(field: &str, name: &str, v: Option<&Value>) -> Result<Codec, ConfigError> {
        let Some(v) = v else {
            return Ok(Codec::None);
        };
        let text = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        CODECS
            .iter()
            .find(|(_, n)| *n == text)
            .map(|(c, _)| *c)
            .ok_or_else(|| {
                let names: Vec<&str> = CODECS.iter().map(|(_, n)| *n).collect();
                ConfigError::new(
                    field,
                    format!(
                        "Invalid value {text} for configuration {name}: String must be one of: {}",
                        names.join(", ")
                    ),
                )
            })
    }

    pub fn name(self) -> &'static str {
        CODECS
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("none", |(_, n)| n)
    }

    fn figures(self) -> Option<Figures> {
        let (ratio_milli, bytes_per_us, frame_bytes) = match self {
            Codec::None => return None,
            Codec::Gzip => (2743, 105, 18),
            Codec::Snappy => (2089, 520, 20),
            Codec::Lz4 => (2101, 675, 15),
            Codec::Zstd => (2896, 510, 9),
        };
        Some(Figures {
            ratio_milli,
            bytes_per_us,
            frame_bytes,
        })
    }

    /// `MemoryRecordsBuilder.estimatedBytesWritten`: what a filling batch
    /// counts against `batch.size`, with the topic's ratio estimate.
    pub fn estimated_size(self, records_bytes: i64, estimate_milli: i64) -> i64 {
        match self {
            Codec::None => BATCH_HEADER_BYTES + records_bytes,
            // × estimate × COMPRESSION_RATE_ESTIMATION_FACTOR (1.05).
            _ => BATCH_HEADER_BYTES + records_bytes * estimate_milli * 105 / 100_000,
        }
    }

    /// The model: a closed batch of `records_bytes` uncompressed records.
    pub fn compress(self, records_bytes: i64) -> Compressed {
        let Some(f) = self.figures() else {
            return Compressed {
                wire_bytes: BATCH_HEADER_BYTES + records_bytes,
                cpu_us: 0,
                ratio_milli: 1000,
            };
        };
        let body = f.frame_bytes + ceil_div(records_bytes * 1000, f.ratio_milli);
        Compressed {
            wire_bytes: BATCH_HEADER_BYTES + body,
            cpu_us: ceil_div(records_bytes, f.bytes_per_us).max(1) as u64,
            ratio_milli: body * 1000 / records_bytes.max(1),
        }
    }
}

fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

/// `CompressionRatioEstimator`, per topic, in thousandths. Kafka keeps one
/// per JVM for every producer in it; here each producer has its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RatioEstimator {
    by_topic: VecMap<Rc<str>, i64>,
}

/// `COMPRESSION_RATIO_IMPROVING_STEP` and `COMPRESSION_RATIO_DETERIORATE_STEP`.
const IMPROVING_STEP: i64 = 5;
const DETERIORATE_STEP: i64 = 50;

impl RatioEstimator {
    pub fn estimate(&self, topic: &str) -> i64 {
        self.by_topic.get(topic).copied().unwrap_or(1000)
    }

    /// `updateEstimation` with the ratio a closed batch achieved.
    pub fn observe(&mut self, topic: &Rc<str>, observed_milli: i64) {
        let current = self.estimate(topic);
        let next = if observed_milli > current {
            (current + DETERIORATE_STEP).max(observed_milli)
        } else if observed_milli < current {
            current - IMPROVING_STEP
        } else {
            current
        };
        self.by_topic.insert(topic.clone(), next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_codecs_get_kafkas_config_exception() {
        let e = Codec::parse(
            "p.compression.type",
            "compression.type",
            Some(&json!("brotli")),
        )
        .unwrap_err();
        assert_eq!(e.field, "p.compression.type");
        assert_eq!(
            e.message,
            "Invalid value brotli for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd"
        );
        let upper = Codec::parse("f", "compression.type", Some(&json!("GZIP")));
        assert!(upper.is_err(), "Kafka's ValidString is case-sensitive");
        for (c, n) in CODECS {
            assert_eq!(
                Codec::parse("f", "compression.type", Some(&json!(n))),
                Ok(c)
            );
            assert_eq!(c.name(), n);
        }
        assert_eq!(Codec::parse("f", "compression.type", None), Ok(Codec::None));
    }

    #[test]
    fn the_model_shrinks_large_batches_and_grows_tiny_ones() {
        // 16,384 bytes of records: gzip's frame 18 + ⌈16384 / 2.743⌉ + 61.
        let gz = Codec::Gzip.compress(16_384);
        assert_eq!(gz.wire_bytes, 61 + 18 + 5_974);
        assert_eq!(gz.cpu_us, 157, "16,384 bytes at 105 MB/s");
        let lz4 = Codec::Lz4.compress(16_384);
        assert!(lz4.wire_bytes > gz.wire_bytes && lz4.cpu_us < gz.cpu_us);
        // One 23-byte record: the frame costs more than compression saves.
        assert!(Codec::Snappy.compress(23).wire_bytes > 61 + 23);
        assert_eq!(Codec::None.compress(100).wire_bytes, 161);
        assert_eq!(Codec::None.compress(100).cpu_us, 0);
    }

    #[test]
    fn the_estimate_improves_slowly_and_worsens_fast() {
        let mut e = RatioEstimator::default();
        let t: Rc<str> = Rc::from("orders");
        assert_eq!(e.estimate("orders"), 1000);
        e.observe(&t, 370);
        assert_eq!(e.estimate("orders"), 995);
        e.observe(&t, 2000);
        assert_eq!(e.estimate("orders"), 2000);
        e.observe(&t, 2010);
        assert_eq!(e.estimate("orders"), 2050);
        // A filling batch counts records × estimate × 1.05 plus the header.
        assert_eq!(Codec::Gzip.estimated_size(1000, 1000), 61 + 1050);
        assert_eq!(Codec::None.estimated_size(1000, 400), 1061);
    }
}
