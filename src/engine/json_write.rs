//! Writing the page's saved sessions (share links, exported files, the
//! autosave) as compact JSON by hand, byte for byte what serde_json writes
//! for the derived `Serialize`: fields in declaration order, `null` for
//! `None`, serde_json's string escapes.
//!
//! Why not `serde_json::to_vec`: the derive instantiates serde's map
//! serializer per field type, and `flatten` (a step's command beside its
//! `at_ms`) adds a map adapter per type on top; that was several KB of the
//! page's wasm for one output format. Here one object writer takes every
//! field as `&dyn ToJson`, so each type adds only its own few lines. The
//! derives stay on the types for tests that compare the two.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

/// A type the page writes as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

/// `v` as compact JSON, as `serde_json::to_string` writes it.
pub fn to_string(v: &dyn ToJson) -> String {
    let mut out = String::new();
    v.write_json(&mut out);
    out
}

/// An object being written: `{`, then `"name":value` pairs, then `}`.
pub struct Fields<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Fields<'a> {
    pub fn open(out: &'a mut String) -> Fields<'a> {
        out.push('{');
        Fields { out, empty: true }
    }

    pub fn field(&mut self, name: &str, v: &dyn ToJson) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        name.write_json(self.out);
        self.out.push(':');
        v.write_json(self.out);
        self
    }

    pub fn close(self) {
        self.out.push('}');
    }
}

/// serde_json's escapes: `\"`, `\\`, the short forms of control
/// characters and `\u00XX` (lowercase) for the rest below a space; every
/// other character as it is, UTF-8.
impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        out.push('"');
        for c in self.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if c < ' ' => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out)
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out)
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
integers!(i32, i64, u32, u64);

/// A config value as serde_json writes it (its `Display` is its compact
/// serializer; objects come out with sorted keys, a `Map` being ordered).
impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}
impl ToJson for BTreeMap<String, Value> {
    fn write_json(&self, out: &mut String) {
        let mut o = Fields::open(out);
        for (k, v) in self {
            o.field(k, v);
        }
        o.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_values_come_out_as_serde_writes_them() {
        let text = "q\"b\\s/\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} 서울 é 🦀";
        assert_eq!(
            to_string(&text.to_string()),
            serde_json::to_string(text).unwrap()
        );
        let config: BTreeMap<String, Value> = [
            (
                "b".to_string(),
                json!({"z": 1, "a": [1.5, -2, null, "x\n"]}),
            ),
            ("a".to_string(), json!(u64::MAX)),
            ("c".to_string(), json!(1e300)),
        ]
        .into();
        assert_eq!(to_string(&config), serde_json::to_string(&config).unwrap());
        let lists: Vec<Option<Vec<i64>>> = vec![None, Some(vec![]), Some(vec![i64::MIN, 0])];
        assert_eq!(to_string(&lists), serde_json::to_string(&lists).unwrap());
        assert_eq!(to_string(&vec![true, false]), "[true,false]");
        assert_eq!(to_string(&BTreeMap::<String, Value>::new()), "{}");
    }
}
