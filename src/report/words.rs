//! Words and shapes that several renderers share: the house table, a percentage, the CCS
//! net-reduction formula, the vintage-split and allocation rules in words, a date range, and the
//! JSON word of an enum. They live here, below every renderer, so that no renderer imports
//! another.

use super::exact;
use super::grid::Grid;
use crate::engine::ccs::NetReduction;
use crate::project::Project;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// A table with the house style; the columns listed in `right` (numbers) are right-aligned.
pub fn new_table(headers: &[&str], right: &[usize]) -> Grid {
    Grid::new(headers, right)
}

/// A percentage for people: 0.03 → `3%`.
pub fn percent(x: Decimal) -> String {
    format!("{}%", exact(x * Decimal::ONE_HUNDRED))
}

/// The method and its parameter as a formula: `RE × 0.95`, `PE × (1 + 20%)`, `ER × 0.95`.
pub fn formula(m: NetReduction) -> String {
    match m {
        NetReduction::ReferenceBelowBau(f) => format!("RE × {}", exact(f)),
        NetReduction::ProjectUplift(u) => format!("PE × (1 + {})", percent(u)),
        NetReduction::Discount(f) => format!("ER × {}", exact(f)),
    }
}

/// The vintage split as its key (`slice-er`, `days`), for the JSON and the trace.
pub fn split_name(v: crate::project::model::VintageSplit) -> &'static str {
    crate::engine::words::word(&v)
}

/// The allocation rule in words, e.g. `japan-ceil per period: Japan 50%, partner 0%, participants 50%`.
pub fn allocation_rule(project: &Project) -> String {
    use crate::project::model::Allocation;
    match &project.allocation {
        Allocation::Shares { shares, policy, per_vintage } => format!(
            "{} per {}: Japan {}%, partner {}%, participants {}%",
            policy.name(),
            if *per_vintage { "vintage" } else { "period" },
            exact(shares.japan * rust_decimal::Decimal::ONE_HUNDRED),
            exact(shares.partner * rust_decimal::Decimal::ONE_HUNDRED),
            exact(shares.participants * rust_decimal::Decimal::ONE_HUNDRED)
        ),
        Allocation::Notified(_) => "amounts notified by the Joint Committee".into(),
    }
}

/// The word a unit-like enum is in the JSON (`aligned`, `within-tolerance`), so that the CSV of
/// the same report says the same.
pub fn word<T: Serialize>(v: T) -> String {
    crate::engine::words::word(&v).to_string()
}

#[derive(Serialize)]
pub struct Range {
    pub start: String,
    pub end: String,
}

/// An exact decimal as JSON text (`"2017.62"`): a JSON number would pass through a float.
pub fn exact_text<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&exact(*v))
}

/// [`exact_text`] of a value that may be absent (absent ones are skipped by the field).
pub fn exact_text_opt<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) => exact_text(x, s),
        None => s.serialize_none(),
    }
}

/// `rounded up (ceil)` or `rounded down (floor)`.
pub fn rounded(mode: crate::engine::rounding::Mode) -> String {
    format!("rounded {} ({})", mode.name(), crate::engine::ccs::rounding_word(mode))
}
