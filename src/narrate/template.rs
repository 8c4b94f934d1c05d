//! The sentence templates behind [`say!`], compiled while building and
//! filled at run time by one shared, non-generic function.
//!
//! `format!` expands, at every call, into its own argument array and call
//! of `alloc::fmt::format`; with two languages per sentence and ~150
//! sentences that made narration the biggest code in the page's wasm. With
//! `say!` a call site passes one constant (both templates, compiled) and
//! its values once, as `&dyn Display`, and [`fill`] does the rest,
//! including what each sentence about a node used to build three `String`s
//! for (the name, the name capitalised, the name with its particle):
//!
//! - `{name}`: the value.
//! - `{^name}`: the value with its first letter upper-case, to start an
//!   English sentence ("Broker 2 crashed"). Values are ASCII or Hangul
//!   there, so ASCII case is the whole story.
//! - `{name}{이/가}`: a Korean particle right after a value; [`fill`] picks
//!   the half that fits how the value is read aloud ([`super::particle`]).
//!   The pairs are [`PAIRS`].
//!
//! Nothing else: no format specs (`{x:?}`, widths), no `{{`/`}}` escapes,
//! no control characters. [`compile`] runs in `const` items, so anything
//! else, a name that is not listed, or a listed name neither language uses,
//! is a compile error, never a wrong sentence. It turns every placeholder
//! into one or two control bytes, as compact as `format!`'s own encoding
//! and with no names left in the bundle.

use crate::i18n::{pick, Locale};
use std::fmt::{Display, Write};

/// The particle pairs a template may use, "with final consonant/without".
const PAIRS: [&str; 5] = ["이/가", "을/를", "은/는", "과/와", "으로/로"];

/// Compiled markers: `END` ends the English template (the Korean one
/// follows), `1..=MAX_NAMES` is a value (its index plus one), `PARTICLE + i`
/// is `PAIRS[i]`, `CAPITAL` upper-cases the next value.
const END: u8 = 0;
const MAX_NAMES: usize = 23;
const PARTICLE: u8 = MAX_NAMES as u8 + 1;
const CAPITAL: u8 = PARTICLE + PAIRS.len() as u8;

/// How `say!` lists a value: `x.as_value()` is `x` itself as `&dyn Display`
/// when `x` already is a reference (event fields bound by `match`), where
/// `&x` would point at a stack slot holding the reference, one more store
/// per value.
pub(super) trait Value {
    fn as_value(&self) -> &dyn Display;
}

impl<T: Display> Value for T {
    fn as_value(&self) -> &dyn Display {
        self
    }
}

/// The sentence in `locale` from a `say!` call: `text` is what [`compile`]
/// made of its two templates, one constant string per call site.
pub(super) fn say(locale: Locale, text: &'static str, values: &[&dyn Display]) -> String {
    fill(half(locale, text), values)
}

/// The language `locale` of `text`, English and Korean split at [`END`]:
/// a compiled template or a `both!` phrase. A `match` whose arms each give
/// one such constant picks the language once, after it, where arms of
/// `pick` pairs each carry two strings and choose between them.
pub(super) fn half(locale: Locale, text: &'static str) -> &'static str {
    let (en, ko) = text.split_once(char::from(END)).unwrap_or((text, ""));
    pick(locale, en, ko)
}

/// A compiled template up to its end, with `values[i]` at marker `i + 1`.
fn fill(template: &str, values: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * values.len());
    let (mut rest, mut value_at, mut capital) = (template, 0, false);
    loop {
        let at = rest.bytes().position(|b| b < b' ').unwrap_or(rest.len());
        out.push_str(&rest[..at]);
        let Some(&marker) = rest.as_bytes().get(at) else {
            break;
        };
        match marker {
            END => break,
            CAPITAL => capital = true,
            p if p >= PARTICLE => {
                let particle = super::particle(&out[value_at..], PAIRS[usize::from(p - PARTICLE)]);
                out.push_str(particle);
            }
            v => {
                value_at = out.len();
                // Writing to a String cannot fail.
                let _ = write!(out, "{}", values[usize::from(v) - 1]);
                if capital {
                    if let Some(first) = out.get_mut(value_at..value_at + 1) {
                        first.make_ascii_uppercase();
                    }
                    capital = false;
                }
            }
        }
        rest = &rest[at + 1..];
    }
    out
}

/// The length of `template` compiled against `names`, for the array
/// [`compile`] fills. Panics (a compile error in a `const`) on anything
/// but text and the placeholders above.
pub(super) const fn compiled_len(template: &str, names: &[&str]) -> usize {
    let t = template.as_bytes();
    let (mut i, mut len, mut after_value) = (0, 0, false);
    while i < t.len() {
        let token = token(t, i, names);
        if token.particle && !after_value {
            panic!("template: a particle must follow a placeholder directly");
        }
        after_value = token.value.is_some();
        len += if token.capital { 2 } else { 1 };
        i = token.next;
    }
    len
}

/// `en`, [`END`] and `ko`, every placeholder turned into its markers; `N`
/// is their [`compiled_len`] plus one. Panics unless every name is used
/// by one of them: a listed value that no sentence shows is a mistake at
/// the call site.
pub(super) const fn compile<const N: usize>(en: &str, ko: &str, names: &[&str]) -> [u8; N] {
    let mut out = [END; N];
    let mut used = [false; MAX_NAMES];
    let o = compile_into(en.as_bytes(), names, &mut out, 0, &mut used);
    compile_into(ko.as_bytes(), names, &mut out, o + 1, &mut used);
    let mut n = 0;
    while n < names.len() {
        if !used[n] {
            panic!("say!: a listed name is used by neither template");
        }
        n += 1;
    }
    out
}

/// Compiles `t` into `out` from `o` on, marking the names it uses; returns
/// where it stopped.
const fn compile_into<const N: usize>(
    t: &[u8],
    names: &[&str],
    out: &mut [u8; N],
    mut o: usize,
    used: &mut [bool; MAX_NAMES],
) -> usize {
    let mut i = 0;
    while i < t.len() {
        let token = token(t, i, names);
        if token.capital {
            out[o] = CAPITAL;
            o += 1;
        }
        if let Some(n) = token.value {
            used[n] = true;
        }
        out[o] = token.byte;
        o += 1;
        i = token.next;
    }
    o
}

/// A compiled template as text (it is: the markers are ASCII).
pub(super) const fn text(compiled: &'static [u8]) -> &'static str {
    match std::str::from_utf8(compiled) {
        Ok(text) => text,
        Err(_) => panic!("template: not UTF-8"),
    }
}

/// One byte of text or one placeholder of a template.
struct Token {
    /// The compiled byte: the text byte or the marker.
    byte: u8,
    /// The name's index, for a value.
    value: Option<usize>,
    /// `{^name}`: a [`CAPITAL`] marker goes first.
    capital: bool,
    particle: bool,
    /// Where the next token starts.
    next: usize,
}

/// The token at `t[i]`; panics on anything a template may not contain.
const fn token(t: &[u8], i: usize, names: &[&str]) -> Token {
    if names.len() > MAX_NAMES {
        panic!("say!: too many names for one sentence");
    }
    let text = Token {
        byte: t[i],
        value: None,
        capital: false,
        particle: false,
        next: i + 1,
    };
    match t[i] {
        b'{' => {}
        b'}' => panic!("template: `}}` outside a placeholder (no `}}}}` escapes)"),
        b if b < b' ' => panic!("template: control character"),
        _ => return text,
    }
    let Some(end) = find(t, i, b'}') else {
        panic!("template: `{{` without `}}`");
    };
    let mut p = 0;
    while p < PAIRS.len() {
        if same(PAIRS[p].as_bytes(), t, i + 1, end) {
            return Token {
                byte: PARTICLE + p as u8,
                particle: true,
                next: end + 1,
                ..text
            };
        }
        p += 1;
    }
    let capital = t[i + 1] == b'^';
    let start = if capital { i + 2 } else { i + 1 };
    let mut k = start;
    while k < end && (t[k].is_ascii_alphanumeric() || t[k] == b'_') {
        k += 1;
    }
    if k == start || k != end {
        panic!("template: only `{{name}}`, `{{^name}}`, particles (no format specs, no `{{{{` escapes)");
    }
    let mut n = 0;
    while n < names.len() {
        if same(names[n].as_bytes(), t, start, end) {
            return Token {
                byte: n as u8 + 1,
                value: Some(n),
                capital,
                next: end + 1,
                ..text
            };
        }
        n += 1;
    }
    panic!("say!: the template uses a name that is not listed");
}

/// The first `byte` in `t` after `from`.
const fn find(t: &[u8], from: usize, byte: u8) -> Option<usize> {
    let mut k = from + 1;
    while k < t.len() {
        if t[k] == byte {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// Whether `name` is `t[start..end]`.
const fn same(name: &[u8], t: &[u8], start: usize, end: usize) -> bool {
    if name.len() != end - start {
        return false;
    }
    let mut k = 0;
    while k < name.len() {
        if name[k] != t[start + k] {
            return false;
        }
        k += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn say_fills_each_placeholder_in_either_language() {
        let (b, n, s) = ("broker 2", 7_i64, String::from("r1"));
        let say = |locale| {
            say!(
                locale,
                "{^b} has {n} records; {b} leads, {s}{s}.",
                "{b}{이/가} 레코드 {n}개를 가졌습니다 ({s}{은/는} {n}{으로/로}).",
                b,
                n,
                s
            )
        };
        assert_eq!(
            say(Locale::En),
            "Broker 2 has 7 records; broker 2 leads, r1r1."
        );
        assert_eq!(
            say(Locale::Ko),
            "broker 2가 레코드 7개를 가졌습니다 (r1은 7로)."
        );
        assert_eq!(
            say!(Locale::Ko, "plain", "무작위 유실 → 끔."),
            "무작위 유실 → 끔."
        );
    }

    #[test]
    fn particles_follow_the_value_before_them_only() {
        // "[—]" ends in no letter or digit: 를, whatever came before it.
        let (x, list) = ("r1", "[—]");
        assert_eq!(
            say!(Locale::Ko, "-", "{x} {list}{을/를}, {^x}{이/가}", x, list),
            "r1 [—]를, R1이"
        );
    }

    #[test]
    fn compile_turns_placeholders_into_marker_bytes() {
        const T: [u8; 9] = compile("{b}-{^t}:{b}{을/를}", "{t}", &["t", "b"]);
        assert_eq!(T, [2, b'-', CAPITAL, 1, b':', 2, PARTICLE + 1, END, 1]);
        let values: [&dyn Display; 2] = [&"t", &"브로커 2"];
        assert_eq!(say(Locale::En, text(&T), &values), "브로커 2-T:브로커 2를");
        assert_eq!(say(Locale::Ko, text(&T), &values), "t");
        assert_eq!(compiled_len("", &[]), 0);
        assert_eq!(
            compiled_len("레코드 {n}개", &["n"]),
            "레코드 ".len() + 1 + "개".len()
        );
    }

    #[test]
    #[should_panic(expected = "not listed")]
    fn an_unlisted_name_does_not_compile() {
        compiled_len("{b} crashed", &["bc"]);
    }

    #[test]
    #[should_panic(expected = "neither template")]
    fn an_unused_name_does_not_compile() {
        compile::<4>("{b}", "{bg}", &["b", "bg", "unused"]);
    }

    #[test]
    #[should_panic(expected = "no format specs")]
    fn format_specs_do_not_compile() {
        compiled_len("{b:?}", &["b"]);
    }

    #[test]
    #[should_panic(expected = "no `{{` escapes")]
    fn an_open_brace_escape_does_not_compile() {
        compiled_len("{{b}}", &["b"]);
    }

    #[test]
    #[should_panic(expected = "no `}}` escapes")]
    fn a_lone_close_brace_does_not_compile() {
        compiled_len("a } b", &[]);
    }

    #[test]
    #[should_panic(expected = "must follow a placeholder")]
    fn a_particle_after_text_does_not_compile() {
        compiled_len("{b}) {이/가}", &["b"]);
    }

    #[test]
    #[should_panic(expected = "control character")]
    fn control_characters_do_not_compile() {
        compiled_len("a\nb", &[]);
    }
}
