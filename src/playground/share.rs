//! Share links and exported files. A link carries the whole session —
//! scenarios, seeds, the action log and the cursor — as JSON, deflated and
//! URL-safe base64 encoded in the fragment (`#s=…`), so it never reaches a
//! server and reopens the exact same state anywhere.

mod deflate;
mod inflate;

use super::pretty_json::pretty;
use super::session::{Saved, Session};
use crate::engine::base64url;
use crate::engine::command::CommandError;
use crate::engine::json_path;
use crate::engine::json_read::FromJson;
use crate::engine::json_write;
use crate::engine::scenario::Scenario;
use serde_json::Value;

/// The fragment key: `https://…/#s=<payload>`.
pub const FRAGMENT_KEY: &str = "s=";
/// A decompressed session larger than this is refused (a zip bomb in a link).
const MAX_JSON_BYTES: usize = 4 << 20;

/// An exported file: the link's JSON, laid out for reading.
pub fn to_json(session: &Session) -> String {
    pretty(&json_write::to_string(&session.saved()))
}

/// Parses an exported file (or an autosave); the error gives the JSON path.
/// Not inlined into `from_fragment`: one copy of the session reader.
#[inline(never)]
pub fn from_json(text: &str) -> Result<Session, CommandError> {
    from_value(json_path::parse_value(text)?)
}

fn from_value(v: Value) -> Result<Session, CommandError> {
    Session::restore(&Saved::from_json(v)?)
}

/// Reads a file the learner picked: an exported session (it has `lanes`)
/// or a plain scenario file (docs/scenario-format.md), which opens as one lane.
pub fn import(text: &str) -> Result<Session, CommandError> {
    let value = json_path::parse_value(text)?;
    if value.get("lanes").is_some() {
        from_value(value)
    } else {
        Session::from_scenario(Scenario::from_value(value)?)
    }
}

pub fn to_fragment(session: &Session) -> String {
    let json = json_write::to_string(&session.saved());
    format!(
        "{FRAGMENT_KEY}{}",
        base64url::encode(&deflate::compress(json.as_bytes()))
    )
}

/// Reads a location hash (`#s=…` or `s=…`).
pub fn from_fragment(hash: &str) -> Result<Session, CommandError> {
    let err = |m: String| CommandError::new("link", m);
    let payload = hash
        .trim_start_matches('#')
        .strip_prefix(FRAGMENT_KEY)
        .ok_or_else(|| err("the link has no session (#s=…)".into()))?;
    let bytes = base64url::decode(payload).map_err(err)?;
    let json = inflate::decompress(&bytes, MAX_JSON_BYTES)
        .map_err(|e| err(format!("the link is damaged (cannot decompress: {e})")))?;
    let text =
        std::str::from_utf8(&json).map_err(|_| err("the link is damaged (not UTF-8)".into()))?;
    from_json(text).map_err(|e| e.within("link"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::command::Command;
    use crate::playground::preset::PresetId;

    #[test]
    fn a_link_restores_the_exact_state() {
        let mut s = Session::from_preset(PresetId::Acks).unwrap();
        s.advance_to(1_000);
        s.act(Command::Crash { broker: 3 }).unwrap();
        s.advance_to(2_500);
        let link = to_fragment(&s);
        assert!(link.len() < 3_000, "links stay short: {}", link.len());
        let r = from_fragment(&format!("#{link}")).unwrap();
        assert_eq!(r.now(), s.now());
        for (a, b) in r.lanes.iter().zip(&s.lanes) {
            assert_eq!(a.timeline.sim().nodes, b.timeline.sim().nodes);
            assert_eq!(a.timeline.past(), b.timeline.past());
        }
    }

    /// The page's small DEFLATE (fixed codes) keeps links within a
    /// third of what a general-purpose level-9 compressor makes (about
    /// a fifth longer: a link of 1,150 characters instead of 950).
    #[test]
    fn links_stay_short() {
        for id in crate::playground::preset::PRESETS {
            let mut s = Session::from_preset(id).unwrap();
            s.advance_to(3_000);
            let json = serde_json::to_vec(&s.saved()).unwrap();
            let ours = deflate::compress(&json).len();
            let miniz = miniz_oxide::deflate::compress_to_vec(&json, 9).len();
            assert!(ours * 3 <= miniz * 4, "{id:?}: {ours} vs {miniz}");
        }
    }

    /// Links and files are written by hand (`json_write`): the same bytes
    /// as serde's derive, so links made before open and come out the same.
    #[test]
    fn links_and_files_are_what_serde_wrote() {
        for id in crate::playground::preset::PRESETS {
            let mut s = Session::from_preset(id).unwrap();
            s.advance_to(1_500);
            s.act(Command::DropRate { per_mille: 5 }).unwrap();
            s.advance_to(3_000);
            let serde = serde_json::to_vec(&s.saved()).unwrap();
            let link = format!(
                "{FRAGMENT_KEY}{}",
                base64url::encode(&deflate::compress(&serde))
            );
            assert_eq!(to_fragment(&s), link, "{id:?}");
            let text = std::str::from_utf8(&serde).unwrap();
            assert_eq!(to_json(&s), pretty(text), "{id:?}");
            let r = from_fragment(&link).unwrap();
            assert_eq!(to_fragment(&r), link, "{id:?}");
        }
    }

    #[test]
    fn damaged_links_give_clear_errors() {
        let s = Session::from_preset(PresetId::Isr).unwrap();
        let link = to_fragment(&s);
        let cut = &link[..link.len() / 2];
        let e = from_fragment(cut).unwrap_err();
        assert!(e.field.starts_with("link"), "{e}");
        let e = from_fragment("#s=!!!").unwrap_err();
        assert!(e.message.contains("base64"), "{e}");
        let e = from_fragment("#x=1").unwrap_err();
        assert!(e.message.contains("no session"), "{e}");
        let bomb = base64url::encode(&deflate::compress(&vec![b' '; 8 << 20]));
        assert!(from_fragment(&format!("s={bomb}")).is_err());
    }

    #[test]
    fn import_takes_sessions_and_scenario_files() {
        let scenario = include_str!("../../scenarios/acks0.json");
        let s = import(scenario).unwrap();
        assert_eq!(s.lanes.len(), 1);
        let e = import("{\"version\": 1, \"seed\": 1, \"brokers\": 3, \"stop_at_ms\": 1, \"topics\": [{\"name\": \"t\", \"partitions\": 1, \"replication_factor\": 4}]}").unwrap_err();
        assert!(
            e.to_string().contains("larger than available brokers"),
            "{e}"
        );
        let e = import("nope").unwrap_err();
        assert!(
            e.message.starts_with("expected ident at line 1 column 2"),
            "{e:?}"
        );
    }

    #[test]
    fn exported_files_round_trip_and_name_bad_fields() {
        let s = Session::from_preset(PresetId::LeaderEpoch).unwrap();
        let text = to_json(&s);
        assert_eq!(from_json(&text).unwrap().lanes.len(), 2);
        let e = from_json(&text.replacen("\"now_ms\": 0", "\"now_ms\": \"soon\"", 1)).unwrap_err();
        assert_eq!(e.field, "now_ms");
        let e = from_json("{").unwrap_err();
        assert!(e.message.contains("EOF"), "{e}");
    }
}
