//! Where each group stands on each partition's log, for the cluster view:
//! the offset committed in `__consumer_offsets` (what a restarted member
//! resumes from) and the position of the consumer reading it now (the next
//! offset its `poll()` returns). The distance between the log end and the
//! committed marker is the lag `kafka-consumer-groups.sh` prints.

use crate::engine::lag::describe_group;
use crate::engine::sim::Simulation;
use crate::engine::types::Tp;
use crate::engine::vec_map::VecMap;

/// One group's marks on one partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMarks {
    /// Index into [`OffsetMarkers::groups`]: the row's strip for this group.
    pub group: usize,
    pub committed: Option<i64>,
    /// The live member reading the partition, with its position.
    pub owner: Option<(u32, Option<i64>)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMarkers {
    pub groups: Vec<String>,
    pub partitions: VecMap<Tp, Vec<GroupMarks>>,
}

/// The groups of the lane's consumers, in the order of their first member.
pub fn consumer_groups(sim: &Simulation) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for c in sim.nodes.consumers.values() {
        if let Some(g) = &c.config.group_id {
            if !groups.contains(g) {
                groups.push(g.clone());
            }
        }
    }
    groups
}

/// Every group's committed offsets and owners' positions now. The
/// committed offsets come from the group's coordinator, as the tool reads
/// them; while it cannot be reached, from what the members last learned.
pub fn offset_markers(sim: &Simulation) -> OffsetMarkers {
    let groups = consumer_groups(sim);
    let mut partitions: VecMap<Tp, Vec<GroupMarks>> = VecMap::new();
    for (i, group) in groups.iter().enumerate() {
        let members = || {
            sim.nodes
                .consumers
                .values()
                .filter(|c| c.config.group_id.as_ref() == Some(group))
        };
        let committed: VecMap<Tp, i64> = match describe_group(sim, group) {
            Ok(d) => d.committed,
            Err(_) => {
                let mut known: VecMap<Tp, i64> = VecMap::new();
                for (tp, &o) in members().flat_map(|c| &c.committed) {
                    let e = known.entry(tp.clone()).or_insert(o);
                    *e = (*e).max(o);
                }
                known
            }
        };
        let mut marks: VecMap<Tp, GroupMarks> = committed
            .iter()
            .map(|(tp, &o)| {
                let m = GroupMarks {
                    group: i,
                    committed: Some(o),
                    owner: None,
                };
                (tp.clone(), m)
            })
            .collect();
        for c in members().filter(|c| !c.crashed) {
            for tp in &c.assignment {
                let m = marks.entry(tp.clone()).or_insert(GroupMarks {
                    group: i,
                    committed: None,
                    owner: None,
                });
                m.owner = Some((c.id, c.positions.get(tp).copied()));
            }
        }
        for (tp, m) in marks {
            partitions.entry(tp).or_default().push(m);
        }
    }
    OffsetMarkers { groups, partitions }
}
