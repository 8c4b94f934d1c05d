//! `RoundRobinAssignor`: all partitions in `TopicPartition` order, dealt
//! over a circular list of all members in `MemberInfo` order; a member not
//! subscribed to the partition's topic is skipped, and the dealer moves past
//! whoever received one. With unequal subscriptions this can be unbalanced,
//! exactly as in Kafka (its javadoc example: C0 gets 1, C2 gets 4).

use super::group::{Group, Tp};

pub(super) fn assign(group: &Group) -> Vec<Vec<Tp>> {
    let n = group.members.len();
    let mut out = vec![Vec::new(); n];
    let order = group.member_info_order();
    let mut next = 0;
    for tp in group.all_partitions() {
        // Every topic here has a subscriber, so one lap always finds one.
        let Some(m) = (0..n)
            .map(|k| (next + k) % n)
            .find(|&i| group.subscribed[order[i]].contains(&tp.0))
        else {
            continue;
        };
        out[order[m]].push(tp);
        next = (m + 1) % n;
    }
    out
}
