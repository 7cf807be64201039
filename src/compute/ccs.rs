//! CCS and CCUS projects in the calculation, in the order of operations the README documents:
//!
//! 1. RE and PE from the methodology's equations;
//! 2. method 1 (`reference-below-bau`, RE × factor) or method 2 (`project-uplift`,
//!    PE × (1 + uplift)) replaces RE or PE as soon as it is evaluated ([`adjust`], called by
//!    [`super::evaluate`]), so ER and everything after it use the adjusted value;
//! 3. ER from the methodology; method 3 (`discount`) gives the credited ER × factor ([`period`]);
//! 4. credits = the credited ER rounded (the project's credit_rounding);
//! 5. reserve = reserve_rate × credits, rounded by reserve_rounding ([`deposit`]), split over
//!    the vintages in proportion to their credits;
//! 6. the allocation shares credits − reserve ([`super::issuance::allocate`]);
//! 7. the reserve ledger settles reversals after injection from the deposits ([`ledger`]).
//!
//! The arithmetic itself is the engine's ([`crate::engine::ccs`], [`crate::engine::ledger`]).

use super::bind::Bound;
use super::{PeriodResult, Vintage};
use crate::diag::{Code, Diagnostic};
use crate::engine::ccs::{self, NetReduction, Target};
use crate::engine::eval::Value;
use crate::engine::ledger::{Movement, ReserveLedger};
use crate::methodology::model::Kind;
use crate::project::{Ccs, Project};
use rust_decimal::Decimal;

/// What the CCS rules did in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct CcsPeriod {
    pub method: NetReduction,
    /// The quantity the method adjusts (RE, PE or ER) as the methodology computed it, and after.
    pub before: Decimal,
    pub after: Decimal,
    /// The method's effect on the credited reductions, tCO2 (negative: fewer).
    pub effect: Decimal,
    /// The exact reductions that are rounded to credits: ER, or ER × factor with method 3.
    pub credited_er: Decimal,
    /// PE by source: the equations the PE equation reads, as the methodology computed them.
    pub pe_sources: Vec<(String, Decimal)>,
    /// `reserve_rate × credits`, before rounding.
    pub reserve_exact: Decimal,
    pub reserve: i64,
    /// Credits − reserve: what the allocation shares.
    pub for_allocation: i64,
}

/// The value of a symbol once the method has adjusted it: RE with method 1, PE with method 2.
/// Returns the value to keep and, when it was adjusted, the totals before and after.
pub fn adjust(project: &Project, id: usize, v: Value) -> Result<(Value, Option<(Decimal, Decimal)>), String> {
    let Some(c) = &project.ccs else { return Ok((v, None)) };
    let m = &project.methodology;
    let target = match c.net_reduction.target() {
        Target::Re => m.re,
        Target::Pe => m.pe,
        Target::Er => return Ok((v, None)),
    };
    if id != target {
        return Ok((v, None));
    }
    let overflow = || format!("the net reduction ({}) overflows", c.net_reduction.name());
    let before = v.total().ok_or_else(overflow)?;
    let adjusted = match v {
        Value::Scalar(x) => Value::Scalar(c.net_reduction.apply(x).ok_or_else(overflow)?),
        Value::PerPoint(xs) => {
            Value::PerPoint(xs.into_iter().map(|x| c.net_reduction.apply(x)).collect::<Option<Vec<_>>>().ok_or_else(overflow)?)
        }
    };
    let after = adjusted.total().ok_or_else(overflow)?;
    Ok((adjusted, Some((before, after))))
}

/// The period's method, its effect and the credited ER, from the evaluated values.
pub fn period(project: &Project, c: &Ccs, bound: &Bound, er: Decimal) -> Result<CcsPeriod, String> {
    let overflow = || format!("the net reduction ({}) overflows", c.net_reduction.name());
    let (before, after, credited_er) = match (c.net_reduction.target(), bound.adjusted) {
        (Target::Er, _) => {
            let after = c.net_reduction.apply(er).ok_or_else(overflow)?;
            (er, after, after)
        }
        (_, Some((before, after))) => (before, after, er),
        (_, None) => return Err("internal: the net reduction was not applied".into()),
    };
    let effect = c.net_reduction.effect(before, after).ok_or_else(overflow)?;
    Ok(CcsPeriod {
        method: c.net_reduction,
        before,
        after,
        effect,
        credited_er,
        pe_sources: pe_sources(project, bound),
        reserve_exact: Decimal::ZERO,
        reserve: 0,
        for_allocation: 0,
    })
}

/// The equations PE reads directly, in the methodology's order: PE by source, when the
/// methodology writes PE as a sum of sources (fuel, electricity, leaked CO2).
fn pe_sources(project: &Project, bound: &Bound) -> Vec<(String, Decimal)> {
    let m = &project.methodology;
    let Some(eq) = m.symbols[m.pe].equation() else { return Vec::new() };
    let mut deps: Vec<usize> = eq.deps.iter().copied().filter(|&d| matches!(m.symbols[d].kind, Kind::Equation(_))).collect();
    deps.sort_unstable();
    deps.dedup();
    deps.into_iter().filter_map(|d| bound.values[d].as_ref().and_then(Value::total).map(|v| (m.symbols[d].name.clone(), v))).collect()
}

/// Put the period's reserve aside: `reserve_rate × credits`, rounded, split over its vintages.
pub fn deposit(c: &Ccs, p: &mut CcsPeriod, credits: i64, vintages: &mut [Vintage]) -> Result<(), String> {
    let reserve = ccs::reserve(credits, c.reserve_rate, c.reserve_rounding).ok_or("the reserve deposit overflows")?;
    p.reserve_exact = ccs::reserve_exact(credits, c.reserve_rate).ok_or("the reserve deposit overflows")?;
    p.reserve = reserve;
    p.for_allocation = credits - reserve;
    super::buffer::split_over_vintages(reserve, vintages);
    Ok(())
}

/// The reserve ledger over all periods, and a problem (exit 1) for each reversal the reserve
/// could not cover in full.
pub fn ledger(project: &Project, c: &Ccs, periods: &[PeriodResult]) -> Result<(ReserveLedger, Vec<Diagnostic>), Diagnostic> {
    let deposits: Vec<(String, i64)> = periods.iter().map(|p| (p.id.clone(), p.reserve())).collect();
    let reversals: Vec<(String, Decimal)> = c.reversals.iter().map(|r| (r.date.to_string(), r.leaked)).collect();
    let ledger = ReserveLedger::settle(&deposits, &reversals, c.reversal_rounding)
        .ok_or_else(|| Diagnostic::new(Code::Arithmetic, "the reserve ledger overflows").in_file(project.src.path.clone()))?;
    let mut problems = Vec::new();
    let settled = ledger.entries.iter().filter(|e| matches!(e.movement, Movement::Reversal { .. }));
    for (e, r) in settled.zip(&c.reversals) {
        let Movement::Reversal { leaked, due, cancelled, shortfall } = e.movement else { continue };
        if shortfall > 0 {
            problems.push(
                Diagnostic::new(
                    Code::ReserveShortfall,
                    format!(
                        "the reversal of {} ({} tCO2 leaked) needs {due} reserve credits, but the reserve holds only {cancelled}: a shortfall of {shortfall} tCO2",
                        r.date,
                        leaked.normalize()
                    ),
                )
                .at(&project.src, r.leaked_span.clone())
                .hint("the project participants must make good the shortfall (domain.md §4); `jcm calc` shows the reserve ledger"),
            );
        }
    }
    Ok((ledger, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;
    use crate::engine::rounding::Mode;
    use chrono::NaiveDate;

    fn ccs(mode: Mode) -> Ccs {
        let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).expect("date");
        Ccs {
            injection: (d(2030), d(2033)),
            net_reduction: NetReduction::Discount(dec("0.9")),
            reserve_rate: dec("0.03"),
            reserve_rounding: mode,
            reversal_rounding: Mode::Up,
            reversals: Vec::new(),
        }
    }

    fn period() -> CcsPeriod {
        let m = NetReduction::Discount(dec("0.9"));
        CcsPeriod {
            method: m,
            before: dec("750"),
            after: dec("675"),
            effect: dec("-75"),
            credited_er: dec("675"),
            pe_sources: Vec::new(),
            reserve_exact: Decimal::ZERO,
            reserve: 0,
            for_allocation: 0,
        }
    }

    fn vintages(credits: &[i64]) -> Vec<Vintage> {
        credits.iter().zip(2031..).map(|(c, year)| Vintage { year, credits: *c, weight: Decimal::ONE, reserve: 0 }).collect()
    }

    #[test]
    fn the_deposit_is_split_over_vintages_and_adds_up() {
        for (mode, reserve, parts) in [(Mode::Up, 21, [14, 7]), (Mode::Down, 20, [13, 7])] {
            let mut p = period();
            let mut v = vintages(&[450, 225]);
            deposit(&ccs(mode), &mut p, 675, &mut v).expect("deposit");
            assert_eq!((p.reserve_exact, p.reserve, p.for_allocation), (dec("20.25"), reserve, 675 - reserve));
            assert_eq!([v[0].reserve, v[1].reserve], parts);
        }
    }

    #[test]
    fn zero_credits_deposit_nothing() {
        let mut p = period();
        let mut v = vintages(&[0, 0]);
        deposit(&ccs(Mode::Up), &mut p, 0, &mut v).expect("deposit");
        assert_eq!((p.reserve, p.for_allocation, v[0].reserve, v[1].reserve), (0, 0, 0, 0));
    }
}
