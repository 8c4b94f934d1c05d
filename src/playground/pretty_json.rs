//! serde_json's pretty layout (two-space indent, `": "` after keys, `[]` and
//! `{}` when empty), applied to compact JSON text.
//!
//! Why: exporting a session with `to_string_pretty` instantiated every
//! `Serialize` impl of the session a second time, for the pretty formatter
//! (issue #4's bundle budget), while share links need the compact text
//! anyway. The result is byte for byte `serde_json::to_string_pretty`'s.

/// `compact` is serde_json's compact output: no whitespace outside strings.
pub fn pretty(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if let Some(close @ ('}' | ']')) = chars.peek().copied() {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::command::Command;
    use crate::playground::preset::PresetId;
    use crate::playground::session::Session;

    fn same_as_serde(value: &impl serde::Serialize) {
        let compact = serde_json::to_string(value).unwrap();
        assert_eq!(
            pretty(&compact),
            serde_json::to_string_pretty(value).unwrap()
        );
    }

    #[test]
    fn lays_out_a_session_as_serde_json_does() {
        for id in [PresetId::Acks, PresetId::Isr] {
            let mut s = Session::from_preset(id).unwrap();
            s.advance_to(1_500);
            s.act(Command::Crash { broker: 2 }).unwrap();
            same_as_serde(&s.saved());
        }
    }

    #[test]
    fn strings_keep_their_brackets_quotes_and_escapes() {
        let v = serde_json::json!({
            "a": "x, y: {[\"]} \\ \\\" end",
            "empty": [[], {}, [{}]],
            "n": [1, -2.5, null, true, {"k": "카프카\n\t\u{1}"}],
            "": {"": ""},
        });
        same_as_serde(&v);
        same_as_serde(&Vec::<u8>::new());
        same_as_serde(&"plain");
    }
}
