//! Exact decimal numbers from text. Every quantity enters `jcm` through one of these functions,
//! never through `f64`: a TOML float is re-read from its literal text, a CSV cell from its bytes.
//!
//! Three dialects, because the files differ:
//! - [`parse_toml_literal`]: the text of a bare TOML number (`0.533`, `1_000`, `2.5e3`);
//! - [`parse_text`]: a quantity written as a string (`"0.533"`, `"50%"`, `"1,234.5"`);
//! - [`parse_cell`]: a CSV cell (`1234.5`, or `1,234.5` with thousands separators).

use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a text is not a number, and what to write instead; the caller adds file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError {
    pub kind: NumKind,
    pub hint: &'static str,
}

/// The kinds of text that are not an exact decimal. A text is kept as an excerpt (a 4 MB cell
/// costs a short message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumKind {
    /// An empty cell.
    Empty,
    /// Not written as a decimal (or too large for one).
    NotDecimal(String),
    /// Written correctly, with more than the 28 significant digits a decimal holds.
    TooPrecise(String),
}

impl std::fmt::Display for NumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            NumKind::Empty => f.write_str("empty cell"),
            NumKind::NotDecimal(t) => write!(f, "`{t}` is not an exact decimal number"),
            NumKind::TooPrecise(t) => write!(f, "`{t}` has more than the 28 significant digits an exact decimal holds"),
        }
    }
}

fn excerpt(text: &str) -> String {
    super::excerpt::escape_excerpt(text, super::excerpt::EXCERPT)
}

fn err(text: &str, hint: &'static str) -> NumError {
    NumError { kind: NumKind::NotDecimal(excerpt(text)), hint }
}

/// A number written correctly that a decimal cannot hold: more than 28 significant digits.
fn too_precise(text: &str) -> NumError {
    NumError {
        kind: NumKind::TooPrecise(excerpt(text)),
        hint: "round the value to at most 28 significant digits (no meter reads that finely)",
    }
}

const PLAIN_HINT: &str = "write a plain decimal such as 1234.5 (a thousands separator is allowed: 1,234.5)";

/// [`parse_plain`] with the reason it failed: not written as a decimal, or too precise for one.
fn plain_or(t: &str, original: &str, hint: &'static str) -> Result<Decimal, NumError> {
    match parse_plain(t) {
        Some(v) => Ok(v),
        None if is_plain(t) => Err(too_precise(original)),
        None => Err(err(original, hint)),
    }
}

/// Whether `t` is written as a plain decimal (whether or not a decimal can hold it).
fn is_plain(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let digits_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match body.split_once('.') {
        Some((int, frac)) => (digits_ok(int) || int.is_empty()) && digits_ok(frac),
        None => digits_ok(body),
    }
}

/// Digits with an optional sign and fraction: `-12.50`. No exponent, no separators.
fn parse_plain(t: &str) -> Option<Decimal> {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match frac {
        Some(f) => (digits_ok(int) || int.is_empty()) && digits_ok(f),
        None => digits_ok(int),
    };
    if !ok {
        return None;
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    Decimal::from_str_exact(t).ok()
}

/// Remove thousands separators if, and only if, they group the integer part by three.
fn strip_thousands(t: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !t.contains(',') {
        return Some(std::borrow::Cow::Borrowed(t));
    }
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if !first_ok || !rest_ok || frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    let mut out = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(std::borrow::Cow::Owned(out))
}

/// A CSV cell: a plain decimal, optionally with thousands separators. Surrounding spaces are
/// tolerated (spreadsheets pad cells); anything else is an error.
pub fn parse_cell(text: &str) -> Result<Decimal, NumError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumError { kind: NumKind::Empty, hint: "every reading needs a value; remove the row if there was no reading" });
    }
    let hint = if is_scientific(t) { SCIENTIFIC_HINT } else { PLAIN_HINT };
    strip_thousands(t).ok_or_else(|| err(t, hint)).and_then(|s| plain_or(&s, t, hint))
}

const SCIENTIFIC_HINT: &str = "this is scientific notation, as Excel writes a number in a column that is too narrow, and it may have dropped digits: format the column as Number (or widen it) and save the CSV again";

/// `1.5204E+03`: a mantissa, `e` or `E`, and a signed exponent.
fn is_scientific(t: &str) -> bool {
    match t.split_once(['e', 'E']) {
        Some((m, e)) => parse_plain(m).is_some() && parse_plain(e).is_some() && !e.contains('.'),
        None => false,
    }
}

/// [`parse_cell`] of a cell's raw bytes, in one pass for the common cell: a plain decimal of at
/// most 18 digits (`1234.567`, `-0.5`), read straight into a mantissa and a scale. Anything else
/// (padding, separators, more digits, bytes that are not UTF-8) takes the general path, which
/// gives the same value or the same error.
#[inline]
pub fn parse_cell_bytes(b: &[u8]) -> Result<Decimal, NumError> {
    if let Some(v) = plain_fast(b) {
        return Ok(v);
    }
    parse_cell(std::str::from_utf8(b).map_or("\u{fffd}", str::trim))
}

/// `[-+]?` then [`plain_digits`]; `None` for anything else, including a negative zero (whose sign only the general path keeps).
#[inline]
fn plain_fast(b: &[u8]) -> Option<Decimal> {
    let (negative, body) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    let (m, scale) = plain_digits(body)?;
    // At most 18 digits: below i64::MAX.
    let m = i64::try_from(m).ok()?;
    if negative && m == 0 {
        return None;
    }
    Some(Decimal::new(if negative { -m } else { m }, scale))
}

/// A cell that is a plain decimal, `digits[.digits]` (or `.digits`) of at most 18 digits with
/// no sign and no spaces: (mantissa, scale), as [`parse_cell_bytes`] reads it. `None` for anything else, which the general parser reads (or refuses, with its
/// message).
#[inline]
pub fn plain_digits(b: &[u8]) -> Option<(u64, u32)> {
    let (mut m, mut digits, mut scale, mut dot) = (0u64, 0u32, 0u32, false);
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            if digits == 18 {
                return None;
            }
            m = m * 10 + u64::from(d);
            digits += 1;
            scale += u32::from(dot);
        } else if c == b'.' && !dot {
            dot = true;
        } else {
            return None;
        }
    }
    if digits == 0 || (dot && scale == 0) {
        return None;
    }
    Some((m, scale))
}

/// A quantity written as a string in TOML: a plain decimal, with thousands separators, or a
/// percentage (`"50%"` is 0.5, `"2.5 %"` is 0.025).
pub fn parse_text(text: &str) -> Result<Decimal, NumError> {
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        let v = strip_thousands(p.trim_end())
            .and_then(|s| parse_plain(&s))
            .ok_or_else(|| err(t, "a percentage is a decimal followed by %, such as \"50%\" or \"2.5%\""))?;
        return v.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| err(t, PLAIN_HINT));
    }
    strip_thousands(t).ok_or_else(|| err(t, PLAIN_HINT)).and_then(|s| plain_or(&s, t, PLAIN_HINT))
}

/// The literal text of a bare TOML number: integer or float, with `_` separators and an optional
/// exponent. `inf` and `nan` are refused, as is anything `Decimal` cannot hold exactly.
pub fn parse_toml_literal(text: &str) -> Result<Decimal, NumError> {
    let t = text.trim();
    let hint = "write the number as a decimal such as 0.533, or as a string \"0.533\"";
    if t.contains("inf") || t.contains("nan") || t.starts_with("0x") || t.starts_with("0o") || t.starts_with("0b") {
        return Err(err(t, hint));
    }
    let clean: String = t.chars().filter(|&c| c != '_').collect();
    let (mantissa, exp) = match clean.find(['e', 'E']) {
        Some(i) => (&clean[..i], Some(&clean[i + 1..])),
        None => (clean.as_str(), None),
    };
    let m = plain_or(mantissa, t, hint)?;
    let Some(exp) = exp else { return Ok(m) };
    let e: i64 = exp.parse().map_err(|_| err(t, hint))?;
    scale_pow10(m, e).ok_or_else(|| err(t, "the number is too large or too precise for an exact decimal"))
}

/// `m × 10^e`, exactly, or `None` when it does not fit.
fn scale_pow10(m: Decimal, e: i64) -> Option<Decimal> {
    let ten = Decimal::TEN;
    let mut v = m;
    if e >= 0 {
        // Zero stays zero however large the exponent (TOML accepts `0e99999999999999`, which
        // would otherwise loop for ever); any other mantissa is at least 1e-28, so 57 steps
        // are enough to overflow it.
        if m.is_zero() {
            return Some(m);
        }
        // The exponent first moves the point over the decimals written (2.0176e3 is 2017.6,
        // one decimal, the precision it was written with), then multiplies.
        let shift = u32::try_from(e.min(57)).ok()?;
        let moved = shift.min(v.scale());
        v.set_scale(v.scale() - moved).ok()?;
        for _ in 0..shift - moved {
            v = v.checked_mul(ten)?;
        }
        Some(v)
    } else {
        let s = u32::try_from(e.unsigned_abs()).ok()?;
        let scale = v.scale().checked_add(s)?;
        if scale > 28 {
            return None;
        }
        let mut r = v;
        r.set_scale(scale).ok()?;
        Some(r)
    }
}

/// Parse a decimal for internal, trusted text (tests and built-in tables).
pub fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|_| panic!("built-in decimal `{text}` is invalid"))
}

/// An exact decimal as text, without trailing zeros (`2017.6200` → `2017.62`, `-0` → `0`).
pub fn exact(v: Decimal) -> String {
    if v.is_zero() {
        return "0".into();
    }
    v.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass reader gives exactly what the general path gives: the same value with the
    /// same scale, or the same error.
    #[test]
    fn cell_bytes_agree_with_the_general_path() {
        let cells = [
            "0",
            "7",
            "-7",
            "+7",
            "12.50",
            "-0.5",
            "+.5",
            ".5",
            "-.5",
            "0.000",
            "00012.5",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999.9",
            "-0",
            "-0.0",
            "5.",
            ".",
            "-",
            "+",
            "",
            " 12 ",
            "1,234.5",
            "1.2.3",
            "1e3",
            "abc",
            "12a",
            "--1",
            "0.0000000000000000000000000001",
            "1\u{fffd}",
        ];
        for t in cells {
            let (fast, general) = (parse_cell_bytes(t.as_bytes()), parse_cell(t));
            assert_eq!(fast, general, "{t:?}");
            if let (Ok(a), Ok(b)) = (fast, general) {
                assert_eq!((a.scale(), a.is_sign_negative()), (b.scale(), b.is_sign_negative()), "{t:?}");
            }
        }
        assert_eq!(parse_cell_bytes(b"\xff12"), parse_cell("\u{fffd}"), "bytes that are not UTF-8");
    }

    #[test]
    fn cells() {
        for (t, want) in
            [("1234.5", "1234.5"), ("1,234.5", "1234.5"), (" 12 ", "12"), ("-0.25", "-0.25"), ("1,234,567", "1234567"), (".5", "0.5")]
        {
            assert_eq!(parse_cell(t).unwrap(), dec(want), "{t}");
        }
        for t in ["", "12a", "1e3", "1,23.5", "12,34", "1.2.3", "--1", "50%", "NaN", "1,234.5,6"] {
            assert!(parse_cell(t).is_err(), "{t} accepted");
        }
        assert_eq!(parse_cell("1.5204E+03").unwrap_err().hint, SCIENTIFIC_HINT);
        assert_eq!(parse_cell("2e-5").unwrap_err().hint, SCIENTIFIC_HINT);
        assert_eq!(parse_cell("1e3x").unwrap_err().hint, PLAIN_HINT);
    }

    #[test]
    fn texts_and_percentages() {
        assert_eq!(parse_text("50%").unwrap(), dec("0.5"));
        assert_eq!(parse_text("2.5 %").unwrap(), dec("0.025"));
        assert_eq!(parse_text("0.533").unwrap(), dec("0.533"));
        assert!(parse_text("fifty").is_err());
        assert!(parse_text("%").is_err());
    }

    #[test]
    fn toml_literals_are_exact() {
        assert_eq!(parse_toml_literal("0.1").unwrap().to_string(), "0.1");
        assert_eq!(parse_toml_literal("1_000.25").unwrap(), dec("1000.25"));
        assert_eq!(parse_toml_literal("2.5e3").unwrap(), dec("2500"));
        // The decimals are counted after the exponent: what `verify` compares at.
        assert_eq!(parse_toml_literal("2.0176e3").unwrap().scale(), 1);
        assert_eq!(parse_toml_literal("2.0176e3").unwrap(), dec("2017.6"));
        assert_eq!(parse_toml_literal("2.5e3").unwrap().scale(), 0);
        assert_eq!(parse_toml_literal("12.5e-1").unwrap().to_string(), "1.25");
        assert_eq!(parse_toml_literal("7.97E-1").unwrap(), dec("0.797"));
        assert_eq!(parse_toml_literal("+3").unwrap(), dec("3"));
        for t in ["inf", "-inf", "nan", "0x1F", "1e40", "1e-40"] {
            assert!(parse_toml_literal(t).is_err(), "{t} accepted");
        }
    }

    /// A number written right but too precise says so, rather than "not an exact decimal".
    #[test]
    fn too_many_digits_name_the_limit() {
        let e = parse_cell("1.00000000000000000000000000001").unwrap_err();
        assert_eq!(e.to_string(), "`1.00000000000000000000000000001` has more than the 28 significant digits an exact decimal holds");
        assert!(matches!(e.kind, NumKind::TooPrecise(_)));
        assert!(parse_cell("12x").unwrap_err().to_string().ends_with("is not an exact decimal number"));
        assert!(matches!(parse_cell(" ").unwrap_err().kind, NumKind::Empty));
        assert!(matches!(parse_text("123456789012345678901234567890").unwrap_err().kind, NumKind::TooPrecise(_)));
        assert!(matches!(parse_toml_literal("1.00000000000000000000000000001").unwrap_err().kind, NumKind::TooPrecise(_)));
        let long = parse_cell(&"9x".repeat(1_000_000)).unwrap_err();
        assert!(long.to_string().len() < 100, "a cell is quoted as an excerpt");
    }

    /// Exponents that TOML accepts (it reads both as 0.0) must neither hang nor overflow.
    #[test]
    fn extreme_exponents_end_quickly() {
        assert_eq!(parse_toml_literal("0e99999999999999").unwrap(), Decimal::ZERO);
        assert!(parse_toml_literal("1e99999999999999").is_err());
        assert!(parse_toml_literal("1e-9223372036854775808").is_err());
        assert_eq!(parse_toml_literal("0.0000000000000000000000000001e56").unwrap(), dec("10000000000000000000000000000"));
    }
}
