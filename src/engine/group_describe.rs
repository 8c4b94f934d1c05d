//! `kafka-consumer-groups.sh --describe` output, byte for byte: the offsets
//! view (the default, `--offsets`), `--members` and `--state`.
//!
//! Follows `ConsumerGroupCommand.java` on Apache Kafka trunk
//! (`tools/src/main/java/org/apache/kafka/tools/consumer/group/`):
//! `shouldPrintMemberState`, `printOffsets`/`printOffsetFormat`,
//! `collectGroupsOffsets`/`describePartitions`, `printMembers` and
//! `printStates`. Every table starts with a newline (`"\n%-15s ..."`), so a
//! blank line precedes the header; widths are Java's `String.length()`,
//! which counts UTF-16 units, and `%-Ns` pads to N of them.
//!
//! Versions differ: Kafka 3.9 (and the 2024-10 trunk snapshot in
//! tests/data) listed a member's partitions in `HashMap` order, printed no
//! newline after the last offsets row, and laid out `--state` as
//! `%-{coordinator}s %-25s %-20s %-15s %s`. Trunk since KIP-1099 (4.0) and
//! KAFKA-19435 sorts rows by topic and partition and uses the layout here.

use std::cmp::Ordering;

use serde::Serialize;

use super::group_state::GroupState;
use super::types::Tp;
use crate::engine::sort;
use crate::engine::vec_map::{VecMap, VecSet};

/// `ConsumerGroupCommand.MISSING_COLUMN_VALUE`.
pub const MISSING: &str = "-";

/// What the tool prints, split by stream.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Describe {
    pub stdout: String,
    pub stderr: String,
}

/// One member as the Admin client's `describeConsumerGroups` reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    pub consumer_id: String,
    pub group_instance_id: Option<String>,
    /// As Kafka shows it: `/10.0.0.7`.
    pub host: String,
    pub client_id: String,
    pub assignment: Vec<Tp>,
}

/// One line of the offsets view (`PartitionAssignmentState`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OffsetRow {
    pub topic: String,
    pub partition: u32,
    /// The committed offset; `None` when the group never committed one.
    pub current_offset: Option<i64>,
    /// `None` when the partition's end offset is unknown (no leader).
    pub log_end_offset: Option<i64>,
    pub consumer_id: Option<String>,
    pub host: Option<String>,
    pub client_id: Option<String>,
}

/// The offsets view's columns (`printOffsetFormat`).
pub const OFFSETS_HEADER: [&str; 9] = [
    "GROUP",
    "TOPIC",
    "PARTITION",
    "CURRENT-OFFSET",
    "LOG-END-OFFSET",
    "LAG",
    "CONSUMER-ID",
    "HOST",
    "CLIENT-ID",
];

impl OffsetRow {
    /// The row's cells under [`OFFSETS_HEADER`], `-` where a value is
    /// missing, as the tool prints them.
    pub fn cells(&self, group: &str) -> [String; 9] {
        let shown = |v: Option<i64>| v.map_or_else(|| MISSING.to_string(), |v| v.to_string());
        let text = |v: &Option<String>| v.clone().unwrap_or_else(|| MISSING.to_string());
        [
            group.to_string(),
            self.topic.clone(),
            self.partition.to_string(),
            shown(self.current_offset),
            shown(self.log_end_offset),
            shown(self.lag()),
            text(&self.consumer_id),
            text(&self.host),
            text(&self.client_id),
        ]
    }

    /// `getLag`: log end offset minus the committed offset, unknown without
    /// a committed offset (or with -1) or without an end offset.
    pub fn lag(&self) -> Option<i64> {
        let offset = self.current_offset.filter(|&o| o != -1)?;
        self.log_end_offset.map(|end| end - offset)
    }
}

/// The group's coordinator, printed `host:port  (id)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coordinator {
    pub host: String,
    pub port: u16,
    pub id: i32,
}

/// What `--state` shows besides the group and its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupSummary {
    pub coordinator: Coordinator,
    /// The chosen assignor (`range`, ...), "" before the first assignment.
    pub assignment_strategy: String,
    pub members: usize,
}

/// The rows `collectGroupsOffsets` builds: members with partitions, the
/// most partitions first (ties keep the given order), each member's
/// partitions by topic and partition; then committed partitions no member
/// owns, with `-` for the consumer columns.
pub fn offset_rows(
    members: &[Member],
    committed: &VecMap<Tp, i64>,
    log_end_offsets: &VecMap<Tp, i64>,
) -> Vec<OffsetRow> {
    let assignments: Vec<(&Member, VecSet<&Tp>)> = members
        .iter()
        .map(|m| (m, m.assignment.iter().collect()))
        .collect();
    let mut owners: Vec<&(&Member, VecSet<&Tp>)> =
        assignments.iter().filter(|(_, a)| !a.is_empty()).collect();
    sort::sort_by_key(&mut owners, |(_, a)| std::cmp::Reverse(a.len()));

    let row = |tp: &Tp, who: Option<&Member>| OffsetRow {
        topic: tp.topic.to_string(),
        partition: tp.partition,
        current_offset: committed.get(tp).copied(),
        log_end_offset: log_end_offsets.get(tp).copied(),
        consumer_id: Some(who.map_or(MISSING, |m| &m.consumer_id).to_string()),
        host: Some(who.map_or(MISSING, |m| &m.host).to_string()),
        client_id: Some(who.map_or(MISSING, |m| &m.client_id).to_string()),
    };
    let mut rows = Vec::new();
    for (member, assignment) in owners {
        rows.extend(sorted(assignment.iter().copied()).map(|tp| row(tp, Some(member))));
    }
    let owned: VecSet<&Tp> = assignments
        .iter()
        .flat_map(|(_, a)| a.iter().copied())
        .collect();
    let unowned = committed.keys().filter(|tp| !owned.contains(tp));
    rows.extend(sorted(unowned).map(|tp| row(tp, None)));
    rows
}

/// Topic by Java's `String.compareTo` (UTF-16 units), then partition.
fn sorted<'a>(tps: impl Iterator<Item = &'a Tp>) -> impl Iterator<Item = &'a Tp> {
    let mut v: Vec<&Tp> = tps.collect();
    sort::sort_by(&mut v, |a, b| {
        java_cmp(&a.topic, &b.topic).then(a.partition.cmp(&b.partition))
    });
    v.into_iter()
}

fn java_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `kafka-consumer-groups.sh --describe --group GROUP` (`printOffsets`).
pub fn describe_offsets(group: &str, state: GroupState, rows: &[OffsetRow]) -> Describe {
    let mut out = Describe::default();
    if !should_print_member_state(group, state, rows.len(), &mut out) {
        return out;
    }
    let widest = |f: fn(&OffsetRow) -> Option<&str>| {
        rows.iter()
            .map(|r| java_len(f(r).unwrap_or(MISSING)))
            .fold(15, usize::max)
    };
    let widths = [
        java_len(group).max(15),
        widest(|r| Some(&r.topic)),
        10,
        15,
        15,
        15,
        widest(|r| r.consumer_id.as_deref()),
        widest(|r| r.host.as_deref()),
        0,
    ];
    push_line(&mut out.stdout, &OFFSETS_HEADER, &widths, "");
    for r in rows {
        push_line(&mut out.stdout, &r.cells(group), &widths, "");
    }
    out.stdout.push('\n');
    out
}

/// `kafka-consumer-groups.sh --describe --members --group GROUP`
/// (`printMembers`). The header is printed even when the group is Dead or
/// has no members, after the tool's note; each line ends with a space.
pub fn describe_members(group: &str, state: GroupState, members: &[Member]) -> Describe {
    const INSTANCE_ID: usize = 2;
    let mut out = Describe::default();
    let rows: Vec<[String; 6]> = members
        .iter()
        .map(|m| {
            let partitions: VecSet<&Tp> = m.assignment.iter().collect();
            [
                group.to_string(),
                m.consumer_id.clone(),
                m.group_instance_id.clone().unwrap_or_default(),
                m.host.clone(),
                m.client_id.clone(),
                partitions.len().to_string(),
            ]
        })
        .collect();
    let mut widths = [15, 15, 17, 15, 15, 15];
    let mut static_members = false;
    if should_print_member_state(group, state, rows.len(), &mut out) {
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(&row[..5]) {
                *w = (*w).max(java_len(cell));
            }
            static_members |= !row[INSTANCE_ID].is_empty();
        }
    }
    // GROUP-INSTANCE-ID only appears when some member is static.
    let columns: Vec<usize> = (0..6)
        .filter(|&i| static_members || i != INSTANCE_ID)
        .collect();
    let pick = |cells: &[String; 6]| -> (Vec<String>, Vec<usize>) {
        columns
            .iter()
            .map(|&i| (cells[i].clone(), widths[i]))
            .unzip()
    };
    let header = [
        "GROUP",
        "CONSUMER-ID",
        "GROUP-INSTANCE-ID",
        "HOST",
        "CLIENT-ID",
        "#PARTITIONS",
    ]
    .map(String::from);
    let (cells, ws) = pick(&header);
    push_line(&mut out.stdout, &cells, &ws, " ");
    out.stdout.push('\n');
    for row in &rows {
        // Rows do not start with a newline; each ends with one.
        let (cells, ws) = pick(row);
        push_cells(&mut out.stdout, &cells, &ws, " ");
        out.stdout.push('\n');
    }
    out
}

/// `kafka-consumer-groups.sh --describe --state --group GROUP`
/// (`printStates`).
pub fn describe_state(group: &str, state: GroupState, summary: &GroupSummary) -> Describe {
    let mut out = Describe::default();
    if !should_print_member_state(group, state, 1, &mut out) {
        return out;
    }
    let c = &summary.coordinator;
    let coordinator = format!("{}:{}  ({})", c.host, c.port, c.id);
    let strategy = if summary.assignment_strategy.is_empty() {
        MISSING
    } else {
        &summary.assignment_strategy
    };
    let widths = [
        java_len(group).max(15),
        java_len(&coordinator).max(25),
        20,
        20,
        0,
    ];
    let header = [
        "GROUP",
        "COORDINATOR (ID)",
        "ASSIGNMENT-STRATEGY",
        "STATE",
        "#MEMBERS",
    ];
    push_line(&mut out.stdout, &header, &widths, "");
    let row = [
        group.to_string(),
        coordinator,
        strategy.to_string(),
        state.to_string(),
        summary.members.to_string(),
    ];
    push_line(&mut out.stdout, &row, &widths, "");
    out.stdout.push('\n');
    out
}

/// `shouldPrintMemberState`: the note for the group's state, and whether
/// there is anything to print.
fn should_print_member_state(
    group: &str,
    state: GroupState,
    rows: usize,
    out: &mut Describe,
) -> bool {
    match state {
        // `printError` writes to stdout.
        GroupState::Dead => {
            out.stdout.push_str(&format!(
                "\nError: Consumer group '{group}' does not exist.\n"
            ));
        }
        GroupState::Empty => {
            out.stderr.push_str(&format!(
                "\nConsumer group '{group}' has no active members.\n"
            ));
        }
        GroupState::PreparingRebalance | GroupState::CompletingRebalance => {
            out.stderr.push_str(&format!(
                "\nWarning: Consumer group '{group}' is rebalancing.\n"
            ));
        }
        GroupState::Stable => {}
    }
    state != GroupState::Dead && rows > 0
}

/// One `printf("\n" + format, cells...)`.
fn push_line<S: AsRef<str>>(out: &mut String, cells: &[S], widths: &[usize], tail: &str) {
    out.push('\n');
    push_cells(out, cells, widths, tail);
}

/// Cells joined by one space, each left-justified to its width (0: none),
/// then `tail`.
fn push_cells<S: AsRef<str>>(out: &mut String, cells: &[S], widths: &[usize], tail: &str) {
    for (i, (cell, &width)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let cell = cell.as_ref();
        out.push_str(cell);
        out.extend(std::iter::repeat_n(
            ' ',
            width.saturating_sub(java_len(cell)),
        ));
    }
    out.push_str(tail);
}

/// Java's `String.length()`: UTF-16 code units.
fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(test)]
mod tests;
