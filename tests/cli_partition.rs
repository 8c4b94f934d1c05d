//! `kafka-sim partition`: every key of Kafka's own murmur2 vectors, given as
//! hex bytes, lands where the Java client puts it, for every partition count
//! in the vector file; bad input is a clear error with exit code 2.

use std::collections::BTreeMap;
use std::process::Command;

use serde::Deserialize;

#[derive(Deserialize)]
struct Vector {
    key_hex: String,
    murmur2: i32,
    partitions: BTreeMap<u32, u32>,
}

#[derive(Deserialize)]
struct Row {
    key: String,
    murmur2: i32,
    partition: u32,
}

fn kafka_sim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kafka-sim"))
        .args(args)
        .output()
        .expect("kafka-sim runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn partition_subcommand_matches_the_java_client_for_every_vector() {
    let vectors: Vec<Vector> =
        serde_json::from_str(include_str!("data/murmur2_vectors.json")).unwrap();
    let counts: Vec<u32> = vectors[0].partitions.keys().copied().collect();
    for n in counts {
        let mut args = vec![
            "partition".to_string(),
            "--partitions".into(),
            n.to_string(),
        ];
        args.extend(["--hex".into(), "--json".into(), "--".into()]);
        args.extend(vectors.iter().map(|v| v.key_hex.clone()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = kafka_sim(&args);
        assert_eq!(code, 0, "{err}");
        let rows: Vec<Row> = serde_json::from_str(&out).unwrap();
        assert_eq!(rows.len(), vectors.len());
        for (r, v) in rows.iter().zip(&vectors) {
            assert_eq!(r.key, v.key_hex);
            assert_eq!(r.murmur2, v.murmur2, "murmur2 of {}", v.key_hex);
            assert_eq!(
                r.partition, v.partitions[&n],
                "{} with {n} partitions",
                v.key_hex
            );
        }
    }
}

#[test]
fn partition_subcommand_prints_a_table_for_utf8_keys() {
    let (code, out, _) = kafka_sim(&["partition", "--partitions", "6", "서울", "부산"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("KEY"), "{out}");
    assert!(
        lines[1].starts_with("서울") && lines[2].starts_with("부산"),
        "{out}"
    );
}

#[test]
fn partition_subcommand_rejects_bad_input_clearly() {
    for (args, says) in [
        (&["partition", "k"][..], "--partitions N is required"),
        (
            &["partition", "--partitions", "0", "k"][..],
            "not a partition count",
        ),
        (&["partition", "--partitions", "6"][..], "at least one key"),
        (
            &["partition", "--partitions", "6", "--hex", "abc"][..],
            "not hex bytes",
        ),
        (
            &["partition", "--partitions", "6", "--fast", "k"][..],
            "unknown option",
        ),
    ] {
        let (code, _, err) = kafka_sim(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
