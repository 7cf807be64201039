//! Policy calculators around a JCM project, outside the crediting pipeline: the equipment-subsidy
//! appraisal ([`appraise`]), the use of credits under Japan's GX-ETS and SHK ([`offset`]), and the
//! support programmes of the METI briefing ([`programmes`]).
//!
//! Every rule here is a constant of a policy text, so each is a [`Setting`]: a default with its
//! source and how sure that source is, which a file or the command line may replace. Reports list
//! every setting used with its value, where the value came from, and the default's source.
//!
//! This module computes with exact decimals and reads no files: the file readers live in
//! [`finance`] and [`offset_file`], the commands in `cmd/`.

pub mod appraise;
pub mod defaults;
pub mod finance;
pub mod offset;
pub mod offset_file;
pub mod programmes;
pub mod values;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// How far a default can be trusted (docs/domain.md's tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// [S] stated in the METI briefing of 14 Jan 2026.
    Briefing,
    /// [C] confirmed on an official page (URL given).
    Official,
    /// From a secondary summary (a commentary or consultancy note), not the rule text.
    Secondary,
    /// [A] a working assumption: nothing published says it.
    Assumption,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Briefing => "confirmed (briefing)",
            Confidence::Official => "confirmed (official page)",
            Confidence::Secondary => "secondary summary",
            Confidence::Assumption => "assumption",
        }
    }
}

/// Where a default comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub confidence: Confidence,
    pub cite: &'static str,
}

/// The METI briefing of 14 Jan 2026 on the JCM (docs/domain.md §5, §6, §9).
pub const BRIEFING: &str = "METI briefing on the JCM, 14 Jan 2026";

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Default,
    File,
    CommandLine,
}

/// One setting as used: its value as text, where it came from, and the default's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The key, as written in the file (and, with `-` for `_`, on the command line).
    pub name: &'static str,
    pub value: String,
    pub default: String,
    pub origin: Origin,
    /// file:line when the value came from a file.
    pub at: Option<String>,
    pub reference: Reference,
}

/// A value given in a file, with where it was written (`file:line`).
#[derive(Debug, Clone, PartialEq)]
pub struct Given<T> {
    pub value: T,
    pub at: String,
}

/// Pick a setting's value: the command line over the file over the default; record the choice
/// in `used` with `show` as its text.
pub fn pick<T: Clone>(
    name: &'static str,
    cli: Option<&T>,
    file: Option<&Given<T>>,
    default: T,
    reference: Reference,
    show: impl Fn(&T) -> String,
    used: &mut Vec<Setting>,
) -> T {
    let (value, origin, at) = match (cli, file) {
        (Some(v), _) => (v.clone(), Origin::CommandLine, None),
        (None, Some(g)) => (g.value.clone(), Origin::File, Some(g.at.clone())),
        (None, None) => (default.clone(), Origin::Default, None),
    };
    used.push(Setting { name, value: show(&value), default: show(&default), origin, at, reference });
    value
}

/// Round half away from zero to whole yen (money is shown and compared in whole yen).
pub fn yen(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// A fraction as a percentage, exactly: 0.5 → `50%`, 0.425 → `42.5%`.
pub fn percent(v: Decimal) -> String {
    match v.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", exact(p)),
        None => exact(v),
    }
}

/// Decimal text without trailing zeros (`-0` as `0`).
pub fn exact(v: Decimal) -> String {
    if v.is_zero() { "0".into() } else { v.normalize().to_string() }
}

/// An exact decimal with thousands separators and every decimal: `1234567.5` → `1,234,567.5`.
pub fn thousands(v: Decimal) -> String {
    let t = exact(v);
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", t.as_str()),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut out = String::with_capacity(t.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    #[test]
    fn text_of_figures() {
        assert_eq!(thousands(dec("1234567.50")), "1,234,567.5");
        assert_eq!(thousands(dec("-1000")), "-1,000");
        assert_eq!(thousands(dec("999")), "999");
        assert_eq!(percent(dec("0.425")), "42.5%");
        assert_eq!(yen(dec("4000.5")), dec("4001"));
        assert_eq!(yen(dec("4000.49")), dec("4000"));
    }
}
