//! `RangeAssignor`: per topic, the subscribers in `MemberInfo` order get
//! contiguous ranges, the first `partitions % consumers` of them one extra.
//! Kafka ≥ 3.5 first aligns partitions with consumer racks when both sides
//! have racks; members here have no rack, so that pass never runs and the
//! result is the classic one (`RangeAssignor.assignRanges`).

use super::group::{Group, Tp};

pub(super) fn assign(group: &Group) -> Vec<Vec<Tp>> {
    let mut out = vec![Vec::new(); group.members.len()];
    let order = group.member_info_order();
    for topic in 0..group.topics.len() {
        let consumers: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&m| group.subscribed[m].contains(&topic))
            .collect();
        let n = consumers.len() as u32;
        if n == 0 {
            continue;
        }
        let (per_consumer, with_extra) = (group.counts[topic] / n, group.counts[topic] % n);
        for (i, m) in (0u32..).zip(consumers) {
            let start = per_consumer * i + i.min(with_extra);
            let len = per_consumer + u32::from(i < with_extra);
            out[m].extend((start..start + len).map(|p| (topic, p)));
        }
    }
    out
}
