//! JSON input with errors that name the field: `script[3].producer: invalid
//! type …`. serde reports where in the text it stopped (line and column);
//! this walks the text up to there and names the path, the way
//! `serde_path_to_error` would, without wrapping every deserializer in a
//! tracking one (that wrapper was a tenth of the wasm). The page reads
//! text only as far as a `Value` (`json_read` takes it from there); the
//! command-line runner deserializes its own inputs with serde.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::command::CommandError;

/// Parses `text`; an error's field is the path of what serde stopped at.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, CommandError> {
    serde_json::from_str(text).map_err(|e| located(text, e))
}

/// Parses `text` as far as a `Value`: only syntax errors here.
pub fn parse_value(text: &str) -> Result<Value, CommandError> {
    serde_json::from_str(text).map_err(|e| located(text, e))
}

fn located(text: &str, e: serde_json::Error) -> CommandError {
    let at = offset(text, e.line(), e.column());
    CommandError::new(path_at(&text.as_bytes()[..at]), e.to_string())
}

/// The byte offset of serde's (1-based line, column) position.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

enum Frame {
    /// The key being read or last read; `None` right after `{` or `,`.
    Object(Option<String>),
    Array(usize),
}

/// The path of the value being read at the end of `read`: `a.b[2].c`
/// (empty at the top level).
fn path_at(read: &[u8]) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < read.len() {
        match read[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i = start;
                while i < read.len() && read[i] != b'"' {
                    i += if read[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    let raw = &read[start..i.min(read.len())];
                    *key = Some(unescape(raw));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => {
                path.push('[');
                path.push_str(&n.to_string());
                path.push(']');
            }
        }
    }
    path
}

/// A key as JSON spells it, read back (keys with escapes are rare).
fn unescape(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    match serde_json::from_str(&format!("\"{raw}\"")) {
        Ok(Value::String(key)) => key,
        _ => raw.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn field(text: &str) -> String {
        parse::<Outer>(text).unwrap_err().field
    }

    #[test]
    fn errors_name_the_path_of_the_field() {
        assert_eq!(field(r#"{"name": 3, "items": []}"#), "name");
        assert_eq!(
            field(r#"{"name": "a", "items": [{"n": 1}, {"n": -1}]}"#),
            "items[1].n"
        );
        assert_eq!(
            field("{\"name\": \"a\",\n \"items\": [{\"n\": 1},\n {\"n\": 2, \"x\": 1}]}"),
            "items[1].x"
        );
        assert_eq!(
            field(r#"{"name": "a", "items": [{"n": 1, "tags": ["a", 2]}]}"#),
            "items[0].tags[1]"
        );
        // A missing field is the object's fault (serde stops at its end).
        assert_eq!(
            field(r#"{"name": "a", "items": [{"tags": []}]}"#),
            "items[0]"
        );
        assert_eq!(field(r#"{"items": []}"#), "");
        assert_eq!(
            field(r#"{"name": "서울 \"x\"", "items": [{"n": "1"}]}"#),
            "items[0].n"
        );
    }
}
