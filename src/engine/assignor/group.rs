//! The group as the leader's assignor sees it, numbered so that the derived
//! orders are Java's: topics are numbered in `String.compareTo` order, so a
//! partition `(topic index, partition)` sorts like Kafka's `TopicPartition`
//! comparators (topic, then partition), and members are numbered in member
//! id order, which is how the sticky assignors break ties.

use super::java_order::{java_cmp, member_info_cmp};
use super::{Assignment, MemberSubscription};
use crate::engine::sort;
use crate::engine::vec_map::{VecMap, VecSet};

/// A partition as (topic index, partition number).
pub(super) type Tp = (usize, u32);

pub(super) struct Group<'a> {
    /// Topics someone subscribes to that have metadata (at least one
    /// partition), as `AbstractPartitionAssignor.assign(Cluster, …)` passes
    /// them on; the rest are skipped.
    pub topics: Vec<&'a str>,
    pub counts: Vec<u32>,
    /// Members by member id; a repeated id counts once (its first entry).
    pub members: Vec<&'a MemberSubscription>,
    /// Each member's subscribed topics that have metadata.
    pub subscribed: Vec<VecSet<usize>>,
}

impl<'a> Group<'a> {
    pub fn new(
        partitions_per_topic: &'a VecMap<String, u32>,
        members: &'a [MemberSubscription],
    ) -> Self {
        let mut seen = VecSet::new();
        let mut members: Vec<&MemberSubscription> = members
            .iter()
            .filter(|m| seen.insert(m.member_id.as_str()))
            .collect();
        sort::sort_by(&mut members, |a, b| java_cmp(&a.member_id, &b.member_id));
        let wanted: VecSet<&str> = members
            .iter()
            .flat_map(|m| m.topics.iter().map(String::as_str))
            .collect();
        let mut topics: Vec<&str> = partitions_per_topic
            .iter()
            .filter(|(t, n)| **n > 0 && wanted.contains(t.as_str()))
            .map(|(t, _)| t.as_str())
            .collect();
        sort::sort_by(&mut topics, |a, b| java_cmp(a, b));
        let counts = topics.iter().map(|t| partitions_per_topic[*t]).collect();
        let mut group = Group {
            topics,
            counts,
            members,
            subscribed: Vec::new(),
        };
        group.subscribed = group
            .members
            .iter()
            .map(|m| m.topics.iter().filter_map(|t| group.topic(t)).collect())
            .collect();
        group
    }

    pub fn topic(&self, name: &str) -> Option<usize> {
        self.topics.binary_search_by(|t| java_cmp(t, name)).ok()
    }

    /// The partition if it exists (its topic has metadata and enough
    /// partitions); owned partitions of deleted topics are ignored.
    pub fn partition(&self, (topic, p): &(String, u32)) -> Option<Tp> {
        self.topic(topic)
            .filter(|&t| *p < self.counts[t])
            .map(|t| (t, *p))
    }

    pub fn partitions_of(&self, topic: usize) -> impl Iterator<Item = Tp> {
        (0..self.counts[topic]).map(move |p| (topic, p))
    }

    /// Every partition, in `TopicPartition` order.
    pub fn all_partitions(&self) -> Vec<Tp> {
        (0..self.topics.len())
            .flat_map(|t| self.partitions_of(t))
            .collect()
    }

    /// Member indexes in `MemberInfo` order (static members first), the order
    /// Range and RoundRobin hand out partitions in.
    pub fn member_info_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.members.len()).collect();
        let info = |m: usize| {
            let member = self.members[m];
            (
                member.member_id.as_str(),
                member.group_instance_id.as_deref(),
            )
        };
        sort::sort_by(&mut order, |&a, &b| member_info_cmp(info(a), info(b)));
        order
    }

    /// Per-member partition lists (by member index) as the public
    /// [`Assignment`]: every member present, partitions sorted.
    pub fn assignment(&self, per_member: Vec<Vec<Tp>>) -> Assignment {
        self.members
            .iter()
            .zip(per_member)
            .map(|(m, mut tps)| {
                sort::sort(&mut tps);
                let named = tps
                    .into_iter()
                    .map(|(t, p)| (self.topics[t].to_string(), p))
                    .collect();
                (m.member_id.clone(), named)
            })
            .collect()
    }
}
