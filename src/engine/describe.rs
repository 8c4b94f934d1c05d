//! `kafka-topics.sh --describe` output, column for column
//! (TopicCommand `TopicDescription` / `PartitionDescription.printDescription`):
//! tab-separated fields, the topic line first, then one line per partition
//! starting with a tab. `Elr`/`LastKnownElr` (KIP-966, 3.8+) print `N/A`
//! because eligible leader replicas are off by default.

use super::cluster::TopicMetadata;

pub fn describe_topic(topic: &TopicMetadata) -> String {
    let configs: Vec<String> = topic
        .configs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let mut out = format!(
        "Topic: {}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}\n",
        topic.name,
        topic.id,
        topic.partitions.len(),
        topic.replication_factor(),
        configs.join(",")
    );
    for p in &topic.partitions {
        let leader = p
            .leader
            .map_or_else(|| "none".to_string(), |l| l.to_string());
        out.push_str(&format!(
            "\tTopic: {}\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\tElr: N/A\tLastKnownElr: N/A\n",
            topic.name,
            p.partition,
            leader,
            join_ids(&p.replicas),
            join_ids(&p.isr)
        ));
    }
    out
}

fn join_ids(ids: &[i32]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::cluster::{Cluster, TopicId};
    use crate::engine::rng::Rng;

    #[test]
    fn matches_kafka_topics_describe_format() {
        let mut c = Cluster::new(&[1, 2, 3]);
        c.create_topic("orders", 2, 3, &mut Rng::new(3)).unwrap();
        let t = c.topics.get_mut("orders").unwrap();
        t.id = TopicId([0; 16]);
        t.configs.insert("min.insync.replicas".into(), "2".into());
        t.partitions[1].leader = None;
        t.partitions[1].isr = vec![3];
        let r0 = join_ids(&t.partitions[0].replicas);
        let r1 = join_ids(&t.partitions[1].replicas);
        let text = describe_topic(t);
        let want = format!(
            "Topic: orders\tTopicId: AAAAAAAAAAAAAAAAAAAAAA\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: min.insync.replicas=2\n\
             \tTopic: orders\tPartition: 0\tLeader: {l0}\tReplicas: {r0}\tIsr: {r0}\tElr: N/A\tLastKnownElr: N/A\n\
             \tTopic: orders\tPartition: 1\tLeader: none\tReplicas: {r1}\tIsr: 3\tElr: N/A\tLastKnownElr: N/A\n",
            l0 = &r0[..1]
        );
        assert_eq!(text, want);
    }
}
