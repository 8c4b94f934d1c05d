//! Decimal text for people — SVG coordinates, ratios, durations — written
//! with integer arithmetic. Rust's float `Display` (Grisu with a Dragon4
//! fallback and its bignum tables) was several KB of the page's gzip for
//! numbers that never need more than three places.

/// `x` rounded half away from zero to `places` decimals: `fixed(2.345, 1)`
/// is `"2.3"`, `fixed(17.0, 0)` is `"17"`. A value beyond ±9.2e18 saturates.
pub fn fixed(x: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    let n = (x * scale as f64).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (int, frac) = (n.unsigned_abs() / scale, n.unsigned_abs() % scale);
    match places {
        0 => format!("{sign}{int}"),
        _ => format!("{sign}{int}.{frac:0width$}", width = places as usize),
    }
}

/// Like `fixed`, without trailing zeros: `0.5`, `2`, `0.25`.
pub fn short(x: f64, places: u32) -> String {
    let s = fixed(x, places);
    match s.contains('.') {
        true => s.trim_end_matches('0').trim_end_matches('.').to_string(),
        false => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_format_for_the_values_the_page_draws() {
        for x in [0.0, 1.0, 17.26, 250.4, 1234.56, 0.05, 99.95, 3.3333] {
            for p in 0..=3 {
                assert_eq!(fixed(x, p), format!("{x:.p$}", p = p as usize), "{x} {p}");
            }
        }
        assert_eq!(fixed(-4.25, 1), "-4.3");
        assert_eq!(fixed(-0.01, 1), "0.0");
        assert_eq!(short(0.5, 2), "0.5");
        assert_eq!(short(2.0, 2), "2");
        assert_eq!(short(0.25, 2), "0.25");
        assert_eq!(short(120.0, 0), "120");
    }
}
