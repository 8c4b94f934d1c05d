//! `kafka-sim partition --partitions N [--hex] [--json] KEY…`: where each key
//! goes — its murmur2 hash as the Java client computes it (signed 32-bit)
//! and `toPositive(murmur2) % N`. `--hex` reads keys as hex bytes, since a
//! Kafka key is bytes and need not be UTF-8.

use kafka_playground::engine::partitioner::key_partition;
use serde::Serialize;

#[derive(Serialize)]
struct Row {
    key: String,
    murmur2: i32,
    partition: u32,
}

pub fn run(args: &[String]) -> Result<String, String> {
    let (mut partitions, mut hex, mut json, mut keys) = (None, false, false, Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--partitions" => {
                let v = it.next().ok_or("--partitions needs a number")?;
                partitions = Some(
                    v.parse::<u32>()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("--partitions: '{v}' is not a partition count (a whole number of at least 1)"))?,
                );
            }
            "--hex" => hex = true,
            "--json" => json = true,
            "--" => keys.extend(it.by_ref().cloned()),
            flag if flag.starts_with("--") => {
                return Err(format!("partition: unknown option '{flag}'"))
            }
            key => keys.push(key.to_string()),
        }
    }
    let n = partitions.ok_or("partition: --partitions N is required")?;
    if keys.is_empty() {
        return Err("partition: give at least one key".into());
    }
    let mut rows = Vec::new();
    for key in keys {
        let bytes = if hex {
            from_hex(&key)?
        } else {
            key.clone().into_bytes()
        };
        let (murmur2, partition) = key_partition(&bytes, n);
        rows.push(Row {
            key,
            murmur2,
            partition,
        });
    }
    if json {
        return Ok(serde_json::to_string(&rows).expect("rows serialize") + "\n");
    }
    let width = rows
        .iter()
        .map(|r| r.key.chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    let mut out = format!("{:<width$}  {:>11}  PARTITION (of {n})\n", "KEY", "MURMUR2");
    for r in &rows {
        let pad = width - r.key.chars().count();
        out += &format!(
            "{}{}  {:>11}  {}\n",
            r.key,
            " ".repeat(pad),
            r.murmur2,
            r.partition
        );
    }
    Ok(out)
}

fn from_hex(s: &str) -> Result<Vec<u8>, String> {
    let bad = || format!("--hex: key '{s}' is not hex bytes (pairs of 0-9 a-f)");
    if !s.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
                .ok_or_else(bad)
        })
        .collect()
}
