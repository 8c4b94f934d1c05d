//! Java's orders, which the assignors' results depend on.
//!
//! `java.lang.String.compareTo` compares UTF-16 code units, so it differs from
//! Rust's `str` order (UTF-8 bytes) once characters above U+FFFF (surrogate
//! pairs, D800–DFFF) meet characters in U+E000–U+FFFF: Java puts U+10000
//! before U+E000, Rust after.

use std::cmp::Ordering;

use crate::engine::sort;

/// `a.compareTo(b)` in Java.
pub fn java_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `AbstractPartitionAssignor.MemberInfo.compareTo`: members with a
/// `group.instance.id` first, ordered by it; then the others by member id.
/// Two members claiming the same instance id compare by member id (Java
/// would leave them in HashMap order).
pub fn member_info_cmp(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> Ordering {
    match (a.1, b.1) {
        (Some(x), Some(y)) => java_cmp(x, y).then_with(|| java_cmp(a.0, b.0)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_cmp(a.0, b.0),
    }
}

/// Sorts partitions as Kafka's `TopicPartition` comparators do (topic in
/// Java order, then partition) and drops repeats.
pub fn sort_partitions(partitions: &mut Vec<(String, u32)>) {
    sort::sort_by(partitions, |a, b| java_cmp(&a.0, &b.0).then(a.1.cmp(&b.1)));
    partitions.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_order_is_utf16_code_unit_order() {
        assert_eq!(java_cmp("consumer-10", "consumer-2"), Ordering::Less);
        assert_eq!(java_cmp("Topic-Z", "a-topic"), Ordering::Less);
        assert_eq!(java_cmp("t", "t0"), Ordering::Less);
        assert_eq!(java_cmp("서울", "서울"), Ordering::Equal);
        // The one place UTF-8 and UTF-16 disagree.
        let (supplementary, private_use) = ("\u{10000}", "\u{E000}");
        assert_eq!(supplementary.cmp(private_use), Ordering::Greater);
        assert_eq!(java_cmp(supplementary, private_use), Ordering::Less);
    }

    #[test]
    fn static_members_sort_first_by_instance_id() {
        let mut members = [
            ("a", None),
            ("z", Some("I1")),
            ("b", Some("I0")),
            ("consumer-10", None),
            ("consumer-2", None),
        ];
        sort::sort_by(&mut members, |x, y| member_info_cmp(*x, *y));
        let ids: Vec<&str> = members.iter().map(|m| m.0).collect();
        assert_eq!(ids, ["b", "z", "a", "consumer-10", "consumer-2"]);
    }
}
