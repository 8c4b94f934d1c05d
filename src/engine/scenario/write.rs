//! Writing a scenario file by hand (`json_write`), field for field in
//! declaration order, as serde's derive writes it.

use super::{BrokerList, ConsumerFile, NetworkFile, ProducerFile, Scenario, Step, TopicFile};
use crate::engine::json_write::{Fields, ToJson};

impl ToJson for Scenario {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("version", &self.version)
            .field("name", &self.name)
            .field("description", &self.description)
            .field("seed", &self.seed)
            .field("brokers", &self.brokers)
            .field("broker_config", &self.broker_config)
            .field("network", &self.network)
            .field("topics", &self.topics)
            .field("producers", &self.producers)
            .field("consumers", &self.consumers)
            .field("script", &self.script)
            .field("stop_at_ms", &self.stop_at_ms);
        o.close();
    }
}

/// Untagged: the count or the list itself.
impl ToJson for BrokerList {
    fn write_json(&self, out: &mut String) {
        match self {
            BrokerList::Count(n) => n.write_json(out),
            BrokerList::Ids(ids) => ids.write_json(out),
        }
    }
}

impl ToJson for NetworkFile {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("latency_ms", &self.latency_ms)
            .field("jitter_ms", &self.jitter_ms);
        o.close();
    }
}

impl ToJson for TopicFile {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("name", &self.name)
            .field("partitions", &self.partitions)
            .field("replication_factor", &self.replication_factor)
            .field("config", &self.config)
            .field("replica_assignment", &self.replica_assignment);
        o.close();
    }
}

impl ToJson for ProducerFile {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("id", &self.id).field("config", &self.config);
        o.close();
    }
}

impl ToJson for ConsumerFile {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("id", &self.id)
            .field("assign", &self.assign)
            .field("subscribe", &self.subscribe)
            .field("config", &self.config);
        o.close();
    }
}

/// `at_ms` beside the command's own fields (serde's `flatten`).
impl ToJson for Step {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        o.field("at_ms", &self.at_ms);
        self.command.write_fields(&mut o);
        o.close();
    }
}

#[cfg(test)]
mod tests {
    use super::Scenario;
    use crate::engine::json_write::to_string;

    /// Every scenario file of the repository, as serde's derive writes it.
    #[test]
    fn scenario_files_are_written_as_serde_writes_them() {
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios"
        ))];
        let mut files = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let scenario = Scenario::from_json(&text).unwrap();
                    let serde = serde_json::to_string(&scenario).unwrap();
                    assert_eq!(to_string(&scenario), serde, "{}", path.display());
                    files += 1;
                }
            }
        }
        assert!(files >= 20, "{files} scenario files");
    }
}
