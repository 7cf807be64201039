//! Reports: a calculation rendered as tables for people ([`table`]), JSON for programs
//! ([`json`]), tidy CSV ([`csv`]) and workbooks ([`xlsx`]). Renderers format; they never
//! compute or round quantities. The only display shortening is in tables, where a value with
//! more than six decimals is cut and marked with `…` (the JSON and CSV carry every digit), and
//! in workbooks, where a figure beyond Excel's 15 significant digits is shown rounded with its
//! exact text beside it.

pub mod appraise;
pub mod article6;
pub mod buffer;
pub mod ccs_json;
pub mod ccs_table;
pub mod countries;
pub mod csv;
pub mod diagnostics;
pub mod exante;
pub mod explain;
pub mod grid;
pub mod html;
pub mod json;
pub mod methodology;
pub mod model;
pub mod monitored;
pub mod offset;
pub mod portfolio;
pub mod portfolio_table;
pub mod programmes;
pub mod provenance;
pub mod scaffold;
pub mod serials_json;
pub mod serials_table;
pub mod settings;
pub mod substitute;
pub mod table;
pub mod trace;
pub mod verify;
pub mod words;
pub mod xlsx;

use rust_decimal::Decimal;

/// The output formats of commands that print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
    /// A workbook (calc, verify, check): binary, for a file (`-o FILE`) or a pipe.
    Xlsx,
    /// One self-contained HTML page with charts (calc, verify, calc --ex-ante).
    Html,
}

impl Format {
    /// The error for a format that `jcm command` has no renderer for (exit 2).
    pub fn refused(self, command: &str) -> anyhow::Error {
        let name = clap::ValueEnum::to_possible_value(&self).map_or_else(String::new, |v| v.get_name().to_string());
        anyhow::anyhow!(
            "`jcm {command}` has no --format {name}: use table, json, csv or xlsx (html is for calc, calc --ex-ante and verify)"
        )
    }
}

/// The formats of commands that print a list rather than a report (`countries`,
/// `methodologies`, `new`): no workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum TextFormat {
    #[default]
    Table,
    Json,
    Csv,
}

pub use crate::engine::number::exact;

/// A whole number with thousands separators: 17673 → `17,673`.
pub fn thousands(n: i64) -> String {
    let out = group(&n.unsigned_abs().to_string());
    if n < 0 { format!("-{out}") } else { out }
}

/// An exact decimal with thousands separators and every decimal: `12345.6789012` →
/// `12,345.6789012` (for data tables, where [`human`] would cut).
pub fn grouped(v: Decimal) -> String {
    let t = exact(v);
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", t.as_str()),
    };
    match body.split_once('.') {
        Some((i, f)) => format!("{sign}{}.{f}", group(i)),
        None => format!("{sign}{}", group(body)),
    }
}

/// Digits with a comma before each group of three from the right: `17673` → `17,673`.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decimal for people: thousands separators, at most six decimals shown (`…` marks a cut).
pub fn human(v: Decimal) -> String {
    let t = exact(v);
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", t.as_str()),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    // Grouped as text: a decimal's whole part may be larger than an i64 holds.
    let int_fmt = group(int);
    match frac {
        None => format!("{sign}{int_fmt}"),
        Some(f) if f.len() > 6 => format!("{sign}{int_fmt}.{}…", &f[..6]),
        Some(f) => format!("{sign}{int_fmt}.{f}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    #[test]
    fn formats_numbers() {
        assert_eq!(exact(dec("2017.6200")), "2017.62");
        assert_eq!(exact(dec("-0.00")), "0");
        assert_eq!(thousands(17_673), "17,673");
        assert_eq!(thousands(-1_000_000), "-1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(human(dec("2017.62")), "2,017.62");
        assert_eq!(human(dec("166.7045454545454545")), "166.704545…");
        assert_eq!(human(dec("-1234")), "-1,234");
        assert_eq!(grouped(dec("-12345.6789012")), "-12,345.6789012");
        assert_eq!(human(dec("12345678901234567890.5")), "12,345,678,901,234,567,890.5", "beyond i64");
    }
}
