//! The sentence templates behind [`say!`]: `{name}` placeholders filled at
//! run time by one shared, non-generic function.
//!
//! `format!` expands, at every call, into an `fmt::Arguments` with one
//! formatting function per argument; with two languages and ~150 sentences
//! that made narration the biggest code in the page's wasm. Here a call
//! site only picks a `&'static str` and lists its values as
//! `&dyn Display`, and [`fill`] does the rest.
//!
//! Templates support exactly what the narration uses: plain text and
//! `{name}`. No format specs (`{x:?}`, widths) and no `{{`/`}}` escapes: a
//! brace in a template is always a placeholder. [`check`] enforces that, and
//! that the names a call lists are the names its templates use, at compile
//! time (`say!` evaluates it in a `const` block).

use std::fmt::{Display, Write};

/// `template` with every `{name}` replaced by the value listed under that
/// name (`names[i]` names `values[i]`). A name that is not listed is kept
/// as written (`{name}`), a visible bug in the text; `say!` makes that a
/// compile error, so it can only happen to a direct caller.
pub(super) fn fill(template: &str, names: &[&str], values: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * values.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = &after[..close];
        match names.iter().position(|n| *n == name) {
            Some(i) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "{}", values[i]);
            }
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `en` and `ko` are well-formed templates (every `{` closed by a
/// `}` with a name of ASCII letters, digits and `_` in between, no stray
/// `}`), every placeholder in either is in `names`, and every name in
/// `names` (fewer than 64) is used by at least one of them. `const` so
/// `say!` can assert it while compiling.
pub(super) const fn check(en: &str, ko: &str, names: &[&str]) -> bool {
    let mut used = 0u64;
    names.len() < 64
        && placeholders(en, names, &mut used)
        && placeholders(ko, names, &mut used)
        && used == (1 << names.len()) - 1
}

/// Walks the placeholders of `template`, setting bit `i` of `used` for
/// `names[i]`; false on a malformed template or an unlisted name.
const fn placeholders(template: &str, names: &[&str], used: &mut u64) -> bool {
    let t = template.as_bytes();
    let mut i = 0;
    while i < t.len() {
        match t[i] {
            b'}' => return false,
            b'{' => {
                let start = i + 1;
                let mut end = start;
                while end < t.len() && (t[end].is_ascii_alphanumeric() || t[end] == b'_') {
                    end += 1;
                }
                if end == start || end == t.len() || t[end] != b'}' {
                    return false;
                }
                match position(names, t, start, end) {
                    Some(n) => *used |= 1 << n,
                    None => return false,
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    true
}

/// The index of the name equal to `t[start..end]`.
const fn position(names: &[&str], t: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut n = 0;
    while n < names.len() {
        let name = names[n].as_bytes();
        if name.len() == end - start {
            let mut k = 0;
            while k < name.len() && name[k] == t[start + k] {
                k += 1;
            }
            if k == name.len() {
                return Some(n);
            }
        }
        n += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_each_placeholder_by_its_value() {
        let (b, n, s) = ("broker 2", 7_i64, String::from("r1"));
        let text = fill(
            "{b} has {n} records; {b} leads, {s}{s}.",
            &["b", "n", "s"],
            &[&b, &n, &s],
        );
        assert_eq!(text, "broker 2 has 7 records; broker 2 leads, r1r1.");
    }

    #[test]
    fn fill_keeps_text_without_placeholders_and_hangul() {
        assert_eq!(fill("무작위 유실 → 끔.", &[], &[]), "무작위 유실 → 끔.");
        assert_eq!(fill("{x}개", &["x"], &[&"레코드 3"]), "레코드 3개");
        assert_eq!(fill("", &[], &[]), "");
    }

    #[test]
    fn fill_shows_an_unlisted_name_as_written() {
        assert_eq!(fill("a {x} b {y}", &["y"], &[&1]), "a {x} b 1");
        assert_eq!(fill("open {x", &["x"], &[&1]), "open {x");
    }

    #[test]
    fn check_matches_names_to_both_templates() {
        assert!(check("{b} → {t}", "{t} ← {b}", &["b", "t"]));
        // A name only one language uses (Korean particles) is fine.
        assert!(check("{b} crashed", "{bg} 다운", &["b", "bg"]));
        assert!(check("plain", "평문", &[]));
        // Unlisted, unused, and the format syntax templates do not support.
        assert!(!check("{b}", "{b}", &[]));
        assert!(!check("{b}", "{b}", &["b", "unused"]));
        assert!(!check("{b:?}", "{b}", &["b"]));
        assert!(!check("{{b}}", "{b}", &["b"]));
        assert!(!check("{}", "", &[]));
        assert!(!check("a } b", "", &[]));
        assert!(!check("{b", "", &["b"]));
    }
}
