//! The arithmetic of CCS and CCUS projects (domain.md §4): the three ways of ensuring a net
//! reduction, and the reversal reserve deposit. Pure and exact: every product is checked, and
//! the only rounding goes through [`super::rounding`].
//!
//! The order of operations is the caller's, and is the one the README documents:
//! RE and PE from the methodology → method 1 (RE × factor) or method 2 (PE × (1 + uplift)) →
//! ER → method 3 (ER × factor) → credits → reserve = rate × credits, rounded → the rest is
//! allocated. The reserve ledger that settles reversals from the deposits is [`super::ledger`].

use super::rounding::{self, Mode};
use rust_decimal::Decimal;

/// The one method a CCS project uses to make its credited reductions smaller than its
/// measured ones. The parameter values are settings: no default is published (domain.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetReduction {
    /// Method 1: reference emissions set below business as usual, RE × factor, 0 < factor ≤ 1.
    ReferenceBelowBau(Decimal),
    /// Method 2: an upward adjustment of project emissions, PE × (1 + uplift), uplift ≥ 0.
    ProjectUplift(Decimal),
    /// Method 3: the reductions multiplied by a discount factor, ER × factor, 0 < factor ≤ 1.
    Discount(Decimal),
}

/// The quantity a method adjusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Re,
    Pe,
    Er,
}

impl Target {
    pub fn symbol(self) -> &'static str {
        match self {
            Target::Re => "RE",
            Target::Pe => "PE",
            Target::Er => "ER",
        }
    }
}

impl NetReduction {
    /// The method names as written in project.toml, in the order of the guideline.
    pub const NAMES: [&'static str; 3] = ["reference-below-bau", "project-uplift", "discount"];

    /// The project.toml key of each method's parameter, in the order of [`Self::NAMES`].
    pub const PARAMETERS: [&'static str; 3] = ["reference_factor", "project_uplift", "discount_factor"];

    /// Build a method from its name and parameter value; `Err` says which range the value
    /// must lie in. `None` for an unknown name.
    pub fn new(name: &str, value: Decimal) -> Option<Result<NetReduction, &'static str>> {
        let factor_ok = value > Decimal::ZERO && value <= Decimal::ONE;
        let m = match name {
            "reference-below-bau" => (NetReduction::ReferenceBelowBau(value), factor_ok, "a factor greater than 0 and at most 1"),
            "project-uplift" => (NetReduction::ProjectUplift(value), value >= Decimal::ZERO, "an uplift of 0 or more"),
            "discount" => (NetReduction::Discount(value), factor_ok, "a factor greater than 0 and at most 1"),
            _ => return None,
        };
        Some(if m.1 { Ok(m.0) } else { Err(m.2) })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self.position()]
    }

    /// The project.toml key of the method's parameter and its value.
    pub fn parameter(self) -> (&'static str, Decimal) {
        let v = match self {
            NetReduction::ReferenceBelowBau(x) | NetReduction::ProjectUplift(x) | NetReduction::Discount(x) => x,
        };
        (Self::PARAMETERS[self.position()], v)
    }

    /// The method's number in the guideline (1, 2 or 3).
    pub fn number(self) -> usize {
        self.position() + 1
    }

    fn position(self) -> usize {
        match self {
            NetReduction::ReferenceBelowBau(_) => 0,
            NetReduction::ProjectUplift(_) => 1,
            NetReduction::Discount(_) => 2,
        }
    }

    pub fn target(self) -> Target {
        match self {
            NetReduction::ReferenceBelowBau(_) => Target::Re,
            NetReduction::ProjectUplift(_) => Target::Pe,
            NetReduction::Discount(_) => Target::Er,
        }
    }

    /// The adjusted value of the method's target; `None` on overflow.
    pub fn apply(self, v: Decimal) -> Option<Decimal> {
        match self {
            NetReduction::ReferenceBelowBau(f) | NetReduction::Discount(f) => v.checked_mul(f),
            NetReduction::ProjectUplift(u) => v.checked_mul(Decimal::ONE.checked_add(u)?),
        }
    }

    /// What the adjustment does to the credited reductions, in tCO2 (negative: fewer). A lower
    /// RE or ER lowers them by the difference, a higher PE by the increase; with the JCM's
    /// ER = RE − PE this is exactly the change in ER.
    pub fn effect(self, before: Decimal, after: Decimal) -> Option<Decimal> {
        match self.target() {
            Target::Re | Target::Er => after.checked_sub(before),
            Target::Pe => before.checked_sub(after),
        }
    }
}

/// The exact reserve share of a period's credits, `rate × credits` (0 for no credits), before
/// rounding. `None` on overflow.
pub fn reserve_exact(credits: i64, rate: Decimal) -> Option<Decimal> {
    if credits <= 0 {
        return Some(Decimal::ZERO);
    }
    Decimal::from(credits).checked_mul(rate)
}

/// The reserve deposit of a period: `rate × credits`, rounded by `mode`, never more than the
/// credits nor less than 0. `None` on overflow.
pub fn reserve(credits: i64, rate: Decimal, mode: Mode) -> Option<i64> {
    let exact = reserve_exact(credits, rate)?;
    Some(rounding::whole_count(exact, mode)?.clamp(0, credits.max(0)))
}

/// `ceil` or `floor`: how project.toml names the two roundings the CCS settings allow.
pub fn rounding_word(mode: Mode) -> &'static str {
    match mode {
        Mode::Up => "ceil",
        Mode::Down => "floor",
        Mode::HalfUp => "nearest",
    }
}

/// The inverse of [`rounding_word`], for the two words the CCS settings accept.
pub fn parse_rounding_word(word: &str) -> Option<Mode> {
    match word {
        "ceil" => Some(Mode::Up),
        "floor" => Some(Mode::Down),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    fn method(name: &str, v: &str) -> NetReduction {
        NetReduction::new(name, dec(v)).expect("known").expect("in range")
    }

    #[test]
    fn each_method_adjusts_its_target_exactly() {
        let m1 = method("reference-below-bau", "0.9");
        assert_eq!((m1.target(), m1.apply(dec("10000.55"))), (Target::Re, Some(dec("9000.495"))));
        assert_eq!(m1.effect(dec("10000.55"), dec("9000.495")), Some(dec("-1000.055")));
        let m2 = method("project-uplift", "0.05");
        assert_eq!((m2.target(), m2.apply(dec("512.34"))), (Target::Pe, Some(dec("537.957"))));
        assert_eq!(m2.effect(dec("512.34"), dec("537.957")), Some(dec("-25.617")));
        let m3 = method("discount", "0.95");
        assert_eq!((m3.target(), m3.apply(dec("9487.66"))), (Target::Er, Some(dec("9013.277"))));
        assert_eq!(m3.effect(dec("9487.66"), dec("9013.277")), Some(dec("-474.383")));
    }

    #[test]
    fn factors_and_uplifts_are_range_checked() {
        assert!(NetReduction::new("discount", dec("1")).unwrap().is_ok());
        assert!(NetReduction::new("discount", dec("0")).unwrap().is_err());
        assert!(NetReduction::new("discount", dec("1.01")).unwrap().is_err());
        assert!(NetReduction::new("reference-below-bau", dec("-0.5")).unwrap().is_err());
        assert!(NetReduction::new("project-uplift", dec("0")).unwrap().is_ok());
        assert!(NetReduction::new("project-uplift", dec("2.5")).unwrap().is_ok());
        assert!(NetReduction::new("project-uplift", dec("-0.01")).unwrap().is_err());
        assert!(NetReduction::new("discounted", dec("0.9")).is_none());
        assert_eq!(method("project-uplift", "0.05").parameter(), ("project_uplift", dec("0.05")));
        assert_eq!(method("discount", "0.95").number(), 3);
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        assert_eq!(method("project-uplift", "1").apply(Decimal::MAX), None);
        assert_eq!(reserve(i64::MAX, dec("1000000000"), Mode::Up), None);
    }

    #[test]
    fn reserve_rounds_both_ways() {
        // 3% of 9,013 = 270.39.
        assert_eq!(reserve(9013, dec("0.03"), Mode::Up), Some(271));
        assert_eq!(reserve(9013, dec("0.03"), Mode::Down), Some(270));
        assert_eq!(reserve_exact(9013, dec("0.03")), Some(dec("270.39")));
        // Exact multiples need no rounding either way.
        assert_eq!(reserve(9000, dec("0.03"), Mode::Up), Some(270));
        assert_eq!(reserve(9000, dec("0.03"), Mode::Down), Some(270));
        // Small issuances: ceil puts one credit aside, floor none.
        assert_eq!(reserve(1, dec("0.03"), Mode::Up), Some(1));
        assert_eq!(reserve(1, dec("0.03"), Mode::Down), Some(0));
        assert_eq!(reserve(0, dec("0.03"), Mode::Up), Some(0));
        assert_eq!(reserve(100, dec("1"), Mode::Up), Some(100));
        assert_eq!(reserve(100, dec("0"), Mode::Up), Some(0));
    }

    #[test]
    fn rounding_words() {
        assert_eq!(parse_rounding_word("ceil"), Some(Mode::Up));
        assert_eq!(parse_rounding_word("floor"), Some(Mode::Down));
        assert_eq!(parse_rounding_word("up"), None);
        assert_eq!(rounding_word(Mode::Up), "ceil");
    }
}
