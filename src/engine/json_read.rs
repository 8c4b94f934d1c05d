//! Reading the page's JSON inputs — scenario files, script steps, saved
//! sessions — by hand from a parsed `serde_json::Value`, with serde's own
//! wording ("missing field `seed`", "invalid type: string \"2\", expected
//! i64", "unknown field `brokr`, expected `broker`") and the exact path of
//! the field at fault (`script[3].records[0].value`).
//!
//! Why not `#[derive(Deserialize)]`: serde generates a visitor per type per
//! deserializer, and `flatten` buffers every step into a content tree;
//! with the text deserializer, the value deserializer and the path mapping
//! that was a fifth of the page's wasm. The `Value` parser is in the bundle
//! anyway (the partitioner rule editor, `__consumer_offsets` records), so
//! one generic walk over it replaces them all. Reading an object checks its
//! keys first, so a typo is reported as the typo, not as the field it hides.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::command::CommandError;

pub type Read<T> = Result<T, CommandError>;

/// A type the page reads from JSON.
pub trait FromJson: Sized {
    fn from_json(v: Value) -> Read<Self>;
}

/// Parses `text` and reads a `T` from it. A syntax error says where
/// (serde's line and column) and names the path it stopped in.
pub fn parse<T: FromJson>(text: &str) -> Read<T> {
    let value = super::json_path::parse_value(text)?;
    T::from_json(value)
}

/// serde's name for what was found: `string "x"`, ``integer `5` ``, `map` …
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// "invalid type: …, expected …" at the value itself (callers add the path).
pub fn invalid_type(v: &Value, expected: &str) -> CommandError {
    CommandError::new(
        "",
        format!("invalid type: {}, expected {expected}", unexpected(v)),
    )
}

/// serde's wording for a list of names: "one of `a`, `b`" (or "`a`" alone).
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        1 => quoted[0].clone(),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// The fields of one JSON object, handed out one by one. A reader takes
/// every field, then [`Obj::done`] gives the value or the first error: no
/// early return per field, so the page's wasm does not carry a cleanup of
/// the fields read so far at each of them (a third of a reader's code).
pub struct Obj {
    map: Map<String, Value>,
    error: Option<CommandError>,
}

impl Obj {
    /// An object whose keys are all among `fields` (`what` names it in a
    /// type error: "struct Scenario").
    pub fn new(v: Value, what: &str, fields: &[&str]) -> Read<Obj> {
        let o = Obj::open(v, what)?;
        o.only(fields)?;
        Ok(o)
    }

    /// An object whose keys depend on one of its fields (a step's
    /// `action`): checked later with [`Obj::only`].
    pub fn open(v: Value, what: &str) -> Read<Obj> {
        match v {
            Value::Object(map) => Ok(Obj { map, error: None }),
            other => Err(invalid_type(&other, what)),
        }
    }

    /// Refuses a key not among `fields` (nor taken already).
    pub fn only(&self, fields: &[&str]) -> Read<()> {
        match self.map.keys().find(|k| !fields.contains(&k.as_str())) {
            None => Ok(()),
            Some(k) => Err(CommandError::new(
                k.as_str(),
                format!("unknown field `{k}`, expected {}", one_of(fields)),
            )),
        }
    }

    /// A required field (its default stands in if it is missing or wrong).
    pub fn take<T: FromJson + Default>(&mut self, name: &str) -> T {
        match self.map.remove(name) {
            Some(v) => self.read(v, name, T::default),
            None => {
                self.fail(missing(name));
                T::default()
            }
        }
    }

    /// A required field of a type without a stand-in: the reader stops here.
    pub fn require<T: FromJson>(&mut self, name: &str) -> Read<T> {
        self.check()?;
        match self.map.remove(name) {
            Some(v) => T::from_json(v).map_err(|e| e.within(name)),
            None => Err(missing(name)),
        }
    }

    /// A field that may be left out (`#[serde(default)]`).
    pub fn or_default<T: FromJson + Default>(&mut self, name: &str) -> T {
        self.or_else(name, T::default)
    }

    pub fn or_else<T: FromJson>(&mut self, name: &str, default: impl FnOnce() -> T) -> T {
        match self.map.remove(name) {
            Some(v) => self.read(v, name, default),
            None => default(),
        }
    }

    fn read<T: FromJson>(&mut self, v: Value, name: &str, default: impl FnOnce() -> T) -> T {
        match T::from_json(v) {
            Ok(t) => t,
            Err(e) => {
                self.fail(e.within(name));
                default()
            }
        }
    }

    /// Keeps the first error: the one a reader stopping there would give.
    fn fail(&mut self, e: CommandError) {
        self.error.get_or_insert(e);
    }

    /// The first error so far, if any (before reading on depends on it).
    pub fn check(&mut self) -> Read<()> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// `value`, read from this object, unless a field was missing or wrong.
    pub fn done<T>(mut self, value: T) -> Read<T> {
        self.check().map(|()| value)
    }
}

/// Kept out of line: the readers call it for every field of every type.
#[inline(never)]
fn missing(name: &str) -> CommandError {
    CommandError::new("", format!("missing field `{name}`"))
}

impl FromJson for Value {
    fn from_json(v: Value) -> Read<Value> {
        Ok(v)
    }
}

impl FromJson for String {
    fn from_json(v: Value) -> Read<String> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(invalid_type(&other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: Value) -> Read<bool> {
        v.as_bool().ok_or_else(|| invalid_type(&v, "a boolean"))
    }
}

/// A whole number in `min..=max`; `name` is the Rust type serde would name.
/// One function for every integer type (the page's size).
fn integer(v: &Value, min: i128, max: i128, name: &str) -> Read<i128> {
    let n = match v {
        Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
        _ => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        // Written as the JSON wrote it (formatting an i128 is a KB of wasm).
        Some(_) => Err(CommandError::new(
            "",
            format!("invalid value: {}, expected {name}", unexpected(v)),
        )),
        None => Err(invalid_type(v, name)),
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(v: Value) -> Read<$t> {
                integer(&v, <$t>::MIN.into(), <$t>::MAX.into(), stringify!($t)).map(|n| n as $t)
            }
        }
    )*};
}
integers!(i32, i64, u32, u64);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: Value) -> Read<Option<T>> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value) -> Read<Vec<T>> {
        let Value::Array(items) = v else {
            return Err(invalid_type(&v, "a sequence"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| e.within(&format!("[{i}]")))?);
        }
        Ok(out)
    }
}

/// A `config` object: names to raw values, checked later by the config
/// readers (which know each key's type and range).
impl FromJson for BTreeMap<String, Value> {
    fn from_json(v: Value) -> Read<Self> {
        match v {
            // Inserted one by one: they come sorted, and `collect` would
            // bring std's sort into the page for nothing.
            Value::Object(map) => {
                let mut out = BTreeMap::new();
                for (k, v) in map {
                    out.insert(k, v);
                }
                Ok(out)
            }
            other => Err(invalid_type(&other, "a map")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Outer {
        name: String,
        items: Vec<Inner>,
    }

    struct Inner {
        n: u32,
        tags: Vec<String>,
    }

    impl FromJson for Outer {
        fn from_json(v: Value) -> Read<Outer> {
            let mut o = Obj::new(v, "struct Outer", &["name", "items"])?;
            let value = Outer {
                name: o.take("name"),
                items: o.take("items"),
            };
            o.done(value)
        }
    }

    impl FromJson for Inner {
        fn from_json(v: Value) -> Read<Inner> {
            let mut o = Obj::new(v, "struct Inner", &["n", "tags"])?;
            let value = Inner {
                n: o.take("n"),
                tags: o.or_default("tags"),
            };
            o.done(value)
        }
    }

    fn error(v: Value) -> (String, String) {
        let e = Outer::from_json(v).err().expect("an error");
        (e.field, e.message)
    }

    #[test]
    fn errors_name_the_field_and_say_what_serde_would() {
        let ok =
            Outer::from_json(json!({"name": "a", "items": [{"n": 1, "tags": ["x"]}, {"n": 2}]}))
                .unwrap();
        assert_eq!((ok.name.as_str(), ok.items.len()), ("a", 2));
        assert_eq!(
            (
                ok.items[0].n,
                ok.items[0].tags.len(),
                ok.items[1].tags.len()
            ),
            (1, 1, 0)
        );
        let cases = [
            (
                json!({"name": 3, "items": []}),
                "name",
                "invalid type: integer `3`, expected a string",
            ),
            (
                json!({"name": "a", "items": [{"n": 1}, {"n": -1}]}),
                "items[1].n",
                "invalid value: integer `-1`, expected u32",
            ),
            (
                json!({"name": "a", "items": [{"n": 1.5}]}),
                "items[0].n",
                "invalid type: floating point `1.5`, expected u32",
            ),
            (
                json!({"name": "a", "items": [{"n": 2, "x": 1}]}),
                "items[0].x",
                "unknown field `x`, expected one of `n`, `tags`",
            ),
            (
                json!({"name": "a", "items": [{"n": 1, "tags": ["a", 2]}]}),
                "items[0].tags[1]",
                "invalid type: integer `2`, expected a string",
            ),
            // A missing field is the object's fault, as with serde.
            (
                json!({"name": "a", "items": [{"tags": []}]}),
                "items[0]",
                "missing field `n`",
            ),
            (json!({"items": []}), "", "missing field `name`"),
            // The first field at fault is the error, as a reader stopping there.
            (
                json!({"name": 3, "items": 5}),
                "name",
                "invalid type: integer `3`, expected a string",
            ),
            (json!({"items": 5}), "", "missing field `name`"),
            (
                json!({"name": "서울", "items": {}}),
                "items",
                "invalid type: map, expected a sequence",
            ),
            (
                json!([1]),
                "",
                "invalid type: sequence, expected struct Outer",
            ),
            (
                json!({"name": "a", "items": [null]}),
                "items[0]",
                "invalid type: null, expected struct Inner",
            ),
        ];
        for (v, field, message) in cases {
            assert_eq!(error(v), (field.to_string(), message.to_string()));
        }
    }

    #[test]
    fn integers_keep_their_whole_range() {
        assert_eq!(u64::from_json(json!(u64::MAX)).unwrap(), u64::MAX);
        assert_eq!(i64::from_json(json!(i64::MIN)).unwrap(), i64::MIN);
        assert_eq!(i32::from_json(json!(-7)).unwrap(), -7);
        let e = i32::from_json(json!(1u64 << 40)).unwrap_err();
        assert_eq!(
            e.message,
            "invalid value: integer `1099511627776`, expected i32"
        );
        let e = u64::from_json(json!("7")).unwrap_err();
        assert_eq!(e.message, "invalid type: string \"7\", expected u64");
        assert_eq!(Option::<u32>::from_json(Value::Null).unwrap(), None);
        assert_eq!(Option::<u32>::from_json(json!(3)).unwrap(), Some(3));
        let e = bool::from_json(json!("yes")).unwrap_err();
        assert_eq!(
            e.message,
            "invalid type: string \"yes\", expected a boolean"
        );
    }
}
