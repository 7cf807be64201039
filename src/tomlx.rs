//! Reading TOML files into raw serde structs with spans, and turning TOML values into exact
//! decimals, dates and strings with located diagnostics. Shared by the methodology and project
//! loaders.
//!
//! A bare TOML float is never read as `f64`: its literal text is sliced out of the source by the
//! value's span and parsed exactly.

use crate::diag::{Code, Diagnostic, Source};
use crate::engine::number;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;

/// Parse a whole TOML document into `T`, or a located diagnostic.
pub fn parse<T: DeserializeOwned>(src: &Source) -> Result<T, Diagnostic> {
    toml::from_str::<T>(&src.text).map_err(|e| {
        let msg = e.message().trim().to_string();
        let schema = ["missing field", "unknown field", "invalid type", "invalid value", "unknown variant", "invalid length", "duplicate"]
            .iter()
            .any(|k| msg.contains(k));
        let code = if schema { Code::TomlSchema } else { Code::TomlSyntax };
        let mut d = Diagnostic::new(code, msg);
        d = match e.span() {
            Some(span) => d.at(src, span),
            None => d.in_file(src.path.clone()),
        };
        if code == Code::TomlSyntax {
            d = d.hint("see https://toml.io for the syntax; strings need quotes, dates are written 2021-01-01");
        }
        d
    })
}

/// A quantity: a bare TOML number (read from its literal text) or a string such as `"0.533"`
/// or `"50%"`.
pub fn decimal(v: &Spanned<toml::Value>, src: &Source) -> Result<Decimal, Diagnostic> {
    let span = v.span();
    let r = match v.get_ref() {
        toml::Value::Integer(_) | toml::Value::Float(_) => number::parse_toml_literal(&src.text[span.clone()]),
        toml::Value::String(s) => number::parse_text(s),
        other => {
            return Err(Diagnostic::new(Code::BadNumber, format!("expected a number, found {}", type_name(other)))
                .at(src, span)
                .hint("write a decimal such as 0.533, or a string such as \"0.533\" or \"50%\""));
        }
    };
    r.map_err(|e| Diagnostic::new(Code::BadNumber, e.to_string()).at(src, span).hint(e.hint))
}

/// A TOML date (`2021-01-01`, bare), or the same as a string.
pub fn date(v: &Spanned<toml::Value>, src: &Source) -> Result<NaiveDate, Diagnostic> {
    let span = v.span();
    let bad = |what: String| Diagnostic::new(Code::BadDate, what).at(src, span.clone()).hint("write a date as 2021-01-01 (without quotes)");
    match v.get_ref() {
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| bad(format!("`{dt}` is not a valid date"))),
            _ => Err(bad(format!("`{dt}` is not a plain date"))),
        },
        toml::Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad(format!("`{s}` is not a date"))),
        other => Err(bad(format!("expected a date, found {}", type_name(other)))),
    }
}

/// A string value.
pub fn string(v: &Spanned<toml::Value>, src: &Source, what: &str) -> Result<String, Diagnostic> {
    match v.get_ref() {
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(Diagnostic::new(Code::TomlSchema, format!("{what} must be a string, found {}", type_name(other))).at(src, v.span())),
    }
}

pub fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "an array",
        toml::Value::Table(_) => "a table",
    }
}

/// Where the content of a TOML string starts in the file, so that an offset inside the string
/// (an expression, a unit) maps to a file position. Returns `None` when escapes make the mapping
/// inexact; callers then point at the whole string.
pub fn string_content_start(src: &Source, span: Range<usize>, value: &str) -> Option<usize> {
    let raw = src.text.get(span.clone())?;
    for delim in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(rest) = raw.strip_prefix(delim) {
            let mut off = delim.len();
            let mut body = rest;
            if delim.len() == 3 {
                if let Some(b) = body.strip_prefix('\n') {
                    body = b;
                    off += 1;
                } else if let Some(b) = body.strip_prefix("\r\n") {
                    body = b;
                    off += 2;
                }
            }
            return body.starts_with(value).then_some(span.start + off);
        }
    }
    None
}

/// Map a span inside a string's content to a file span.
pub fn inner_span(src: &Source, string_span: Range<usize>, value: &str, inner: Range<usize>) -> Range<usize> {
    match string_content_start(src, string_span.clone(), value) {
        Some(s) => s + inner.start..s + inner.end.max(inner.start + 1),
        None => string_span,
    }
}

/// Entries of a map in the order they appear in the file (serde gives them sorted by key).
pub fn in_file_order<V>(map: &std::collections::BTreeMap<String, Spanned<V>>) -> Vec<(&String, &Spanned<V>)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by_key(|(_, s)| s.span().start);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Doc {
        a: Spanned<toml::Value>,
        b: Spanned<toml::Value>,
        s: Spanned<String>,
    }

    #[test]
    fn floats_are_read_from_their_text() {
        let src = Source::new("x.toml", "a = 0.1\nb = \"50%\"\ns = \"EG * 2\"\n");
        let d: Doc = parse(&src).unwrap();
        assert_eq!(decimal(&d.a, &src).unwrap().to_string(), "0.1");
        assert_eq!(decimal(&d.b, &src).unwrap().to_string(), "0.50");
        assert_eq!(string_content_start(&src, d.s.span(), d.s.get_ref()), Some(23));
    }

    #[test]
    fn errors_are_located() {
        let src = Source::new("x.toml", "a = true\nb = 1\ns = \"x\"\n");
        let d: Doc = parse(&src).unwrap();
        let e = decimal(&d.a, &src).unwrap_err();
        assert_eq!(e.location().unwrap(), "x.toml:1:5");
        let src = Source::new("x.toml", "a = 1\nb = \n");
        assert_eq!(parse::<Doc>(&src).unwrap_err().code, Code::TomlSyntax);
        let src = Source::new("x.toml", "a = 1\nb = 2\n");
        assert_eq!(parse::<Doc>(&src).unwrap_err().code, Code::TomlSchema);
    }
}
