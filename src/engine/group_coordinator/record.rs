//! The records a group coordinator keeps in `__consumer_offsets`
//! (`GroupMetadataManager`'s offset-commit and group-metadata records), as
//! JSON a learner can read in the log:
//!
//! - offset commit: key `["group","topic",partition]`, value
//!   `{"offset":…,"commit_timestamp":…}`;
//! - group metadata: key `"group"`, value `{"protocol":…,"generation":…,
//!   "leader":…,"members":[…]}` with each member as `Member` serializes.
//!
//! Written with serde; read back through `serde_json::Value` by hand: a
//! derived `Deserialize` for these shapes cost ~12 KB gzip of wasm
//! (issue #4), the `Value` parser is in the bundle anyway.

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

use super::Member;
use crate::engine::protocol::Subscription;
use crate::engine::types::{NodeId, TimeMs, Tp};

/// What a coordinator persists per group (the GroupMetadata record's value).
#[derive(Serialize)]
pub(super) struct GroupRecord {
    pub protocol: Option<Rc<str>>,
    pub generation: i32,
    pub leader: Option<Rc<str>>,
    pub members: Vec<Member>,
}

#[derive(Serialize)]
struct OffsetValue {
    offset: i64,
    commit_timestamp: TimeMs,
}

pub(super) fn group_key(group: &str) -> String {
    serde_json::to_string(group).expect("string")
}

pub(super) fn group_value(record: &GroupRecord) -> String {
    serde_json::to_string(record).expect("plain data")
}

pub(super) fn offset_key(group: &str, tp: &Tp) -> String {
    serde_json::to_string(&(group, &*tp.topic, tp.partition)).expect("plain")
}

pub(super) fn offset_value(offset: i64, commit_timestamp: TimeMs) -> String {
    serde_json::to_string(&OffsetValue {
        offset,
        commit_timestamp,
    })
    .expect("plain")
}

/// One record read back.
pub(super) enum Loaded {
    Offset { group: String, tp: Tp, offset: i64 },
    Group { group: String, record: GroupRecord },
}

/// `None` for a record that is neither (or malformed), which loading skips.
pub(super) fn decode(key: &str, value: &str) -> Option<Loaded> {
    let key: Value = serde_json::from_str(key).ok()?;
    let value: Value = serde_json::from_str(value).ok()?;
    match key {
        Value::Array(k) => {
            let [g, topic, partition] = &k[..] else {
                return None;
            };
            let v = value.as_object()?;
            // The commit timestamp is not used, but a record without one
            // is not an offset record.
            num::<TimeMs>(v.get("commit_timestamp")?)?;
            Some(Loaded::Offset {
                group: g.as_str()?.to_string(),
                tp: Tp::new(topic.as_str()?, num(partition)?),
                offset: num(v.get("offset")?)?,
            })
        }
        Value::String(group) => Some(Loaded::Group {
            group,
            record: GroupRecord {
                protocol: opt_name(value.get("protocol"))?,
                generation: num(value.get("generation")?)?,
                leader: opt_name(value.get("leader"))?,
                members: list(value.get("members")?, member)?,
            },
        }),
        _ => None,
    }
}

fn member(v: &Value) -> Option<Member> {
    let s = v.get("subscription")?;
    Some(Member {
        member_id: name(v.get("member_id")?)?,
        group_instance_id: opt_name(v.get("group_instance_id"))?,
        client_id: name(v.get("client_id")?)?,
        client: node(v.get("client")?)?,
        session_timeout_ms: num(v.get("session_timeout_ms")?)?,
        rebalance_timeout_ms: num(v.get("rebalance_timeout_ms")?)?,
        protocols: list(v.get("protocols")?, name)?,
        subscription: Subscription {
            topics: list(s.get("topics")?, name)?,
            owned: list(s.get("owned")?, tp)?,
            generation: num(s.get("generation")?)?,
        },
        assignment: list(v.get("assignment")?, tp)?,
        awaiting_join: None,
        awaiting_sync: None,
        heartbeat_deadline: 0,
        joined_seq: 0,
    })
}

/// `NodeId` as serde writes it: `{"kind":"consumer","id":3}`.
fn node(v: &Value) -> Option<NodeId> {
    let id = v.get("id");
    Some(match v.get("kind")?.as_str()? {
        "controller" => NodeId::Controller,
        "broker" => NodeId::Broker(num(id?)?),
        "producer" => NodeId::Producer(num(id?)?),
        "consumer" => NodeId::Consumer(num(id?)?),
        _ => return None,
    })
}

fn num<T: TryFrom<i64>>(v: &Value) -> Option<T> {
    T::try_from(v.as_i64()?).ok()
}

fn name(v: &Value) -> Option<Rc<str>> {
    v.as_str().map(Rc::from)
}

/// Missing or `null` is `None` (serde's `Option`); anything else must be a string.
fn opt_name(v: Option<&Value>) -> Option<Option<Rc<str>>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(v) => name(v).map(Some),
    }
}

fn tp(v: &Value) -> Option<Tp> {
    Tp::parse(v.as_str()?)
}

fn list<T>(v: &Value, item: fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    v.as_array()?.iter().map(item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_member() -> Member {
        Member {
            member_id: "consumer-1-abc".into(),
            group_instance_id: Some("static-1".into()),
            client_id: "consumer-1".into(),
            client: NodeId::Consumer(1),
            session_timeout_ms: 45_000,
            rebalance_timeout_ms: 300_000,
            protocols: vec!["range".into(), "cooperative-sticky".into()],
            subscription: Subscription {
                topics: vec!["orders".into(), "my-topic".into()],
                owned: vec![Tp::new("my-topic", 2)],
                generation: 3,
            },
            assignment: vec![Tp::new("orders", 0), Tp::new("my-topic", 1)],
            awaiting_join: Some(7),
            awaiting_sync: None,
            heartbeat_deadline: 99,
            joined_seq: 4,
        }
    }

    #[test]
    fn group_record_reads_back_what_was_written() {
        let record = GroupRecord {
            protocol: Some("range".into()),
            generation: 3,
            leader: Some("consumer-1-abc".into()),
            members: vec![sample_member()],
        };
        let (key, value) = (group_key("g"), group_value(&record));
        assert_eq!(key, "\"g\"");
        let Some(Loaded::Group {
            group,
            record: back,
        }) = decode(&key, &value)
        else {
            panic!("not read back: {value}");
        };
        assert_eq!(group, "g");
        assert_eq!((back.protocol, back.generation), (record.protocol, 3));
        assert_eq!(back.leader, record.leader);
        let expected = Member {
            awaiting_join: None,
            heartbeat_deadline: 0,
            joined_seq: 0,
            ..sample_member()
        };
        assert_eq!(back.members, vec![expected]);
    }

    #[test]
    fn empty_group_and_null_options_read_back() {
        let value = r#"{"protocol":null,"generation":0,"leader":null,"members":[]}"#;
        let Some(Loaded::Group { record, .. }) = decode("\"g\"", value) else {
            panic!("not read back");
        };
        assert_eq!((record.protocol, record.leader), (None, None));
        assert!(record.members.is_empty());
        let written = GroupRecord {
            protocol: None,
            generation: 0,
            leader: None,
            members: vec![],
        };
        assert_eq!(group_value(&written), value);
    }

    #[test]
    fn offset_record_reads_back_what_was_written() {
        let tp = Tp::new("my-topic", 2);
        let (key, value) = (offset_key("g", &tp), offset_value(42, 1_000));
        assert_eq!(key, r#"["g","my-topic",2]"#);
        assert_eq!(value, r#"{"offset":42,"commit_timestamp":1000}"#);
        let Some(Loaded::Offset {
            group,
            tp: back,
            offset,
        }) = decode(&key, &value)
        else {
            panic!("not read back");
        };
        assert_eq!((group.as_str(), back, offset), ("g", tp, 42));
    }

    #[test]
    fn malformed_records_are_skipped() {
        for (key, value) in [
            ("not json", "{}"),
            (r#"["g","t"]"#, r#"{"offset":1,"commit_timestamp":0}"#),
            (r#"["g","t",-1]"#, r#"{"offset":1,"commit_timestamp":0}"#),
            (r#"["g","t",0]"#, r#"{"offset":1}"#),
            ("\"g\"", r#"{"generation":1}"#),
            ("\"g\"", r#"{"generation":"1","members":[]}"#),
            ("\"g\"", r#"{"generation":1,"members":[{"member_id":"m"}]}"#),
            ("1", "{}"),
        ] {
            assert!(decode(key, value).is_none(), "{key} {value}");
        }
    }
}
