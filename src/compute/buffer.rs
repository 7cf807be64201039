//! The reversal buffer of a project with `[buffer]` (removals above all), in the calculation:
//!
//! 1. credits = the period's ER rounded (the project's credit_rounding), as for any project;
//! 2. buffer deposit = rate × credits, rounded by the buffer's `rounding`, split over the
//!    period's vintages in proportion to their credits ([`deposit`]);
//! 3. the allocation shares credits − deposit ([`super::issuance::allocate`]);
//! 4. the ledger ([`ledger`]) settles, in date order, every deposit (on its period's last day),
//!    every recorded loss (`[[buffer.reversals]]`), and, for a removal methodology, every period
//!    whose net removals are negative: its |ER| tCO2 of stored carbon were lost, so they are a
//!    reversal on the period's last day. A loss is covered only by what was deposited before it;
//!    what the balance cannot cover is a shortfall (a problem: `calc` exits 1).
//!
//! The arithmetic is the engine's ([`crate::engine::ccs::reserve`], [`crate::engine::ledger`]).

use super::{PeriodResult, Vintage};
use crate::diag::{Code, Diagnostic};
use crate::engine::ccs as reserve;
use crate::engine::ledger::{Event, Movement, ReserveLedger};
use crate::engine::rounding;
use crate::methodology::model::Mitigation;
use crate::project::{Buffer, Project};
use rust_decimal::Decimal;

/// What the buffer did in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct BufferPeriod {
    /// `rate × credits`, before rounding.
    pub reserve_exact: Decimal,
    pub reserve: i64,
    /// Credits − reserve: what the allocation shares.
    pub for_allocation: i64,
}

/// Where a reversal of the buffer ledger comes from, in the ledger's order of reversals.
#[derive(Debug, Clone, PartialEq)]
pub enum ReversalOrigin {
    /// A `[[buffer.reversals]]` entry, with its description.
    Recorded(Option<String>),
    /// The negative net removals of a period (its id).
    NegativePeriod(String),
}

/// Put the period's deposit aside: `rate × credits`, rounded, split over its vintages.
pub fn deposit(b: &Buffer, credits: i64, vintages: &mut [Vintage]) -> Result<BufferPeriod, String> {
    let overflow = "the buffer deposit overflows";
    let r = reserve::reserve(credits, b.rate, b.rounding).ok_or(overflow)?;
    let exact = reserve::reserve_exact(credits, b.rate).ok_or(overflow)?;
    split_over_vintages(r, vintages);
    Ok(BufferPeriod { reserve_exact: exact, reserve: r, for_allocation: credits - r })
}

/// Split a period's reserve over its vintages in proportion to their credits (largest
/// remainder), so each vintage's part is whole and the parts add up to the reserve.
pub fn split_over_vintages(reserve: i64, vintages: &mut [Vintage]) {
    let weights: Vec<Decimal> = vintages.iter().map(|v| Decimal::from(v.credits)).collect();
    // Zero credits, or zero reserve: every vintage deposits 0.
    let parts = rounding::largest_remainder(reserve, &weights).unwrap_or_else(|| vec![0; vintages.len()]);
    for (v, r) in vintages.iter_mut().zip(parts) {
        v.reserve = r;
    }
}

/// A ledger event with its date, the origin of a reversal, and where a recorded loss is written.
type Dated = (chrono::NaiveDate, Event, Option<ReversalOrigin>, Option<std::ops::Range<usize>>);

/// The buffer ledger over all periods, where each reversal came from, and a problem (exit 1)
/// for each loss the buffer could not cover in full.
pub fn ledger(
    project: &Project,
    b: &Buffer,
    periods: &[PeriodResult],
) -> Result<(ReserveLedger, Vec<ReversalOrigin>, Vec<Diagnostic>), Diagnostic> {
    let removal = project.methodology.mitigation == Mitigation::Removal;
    let mut events: Vec<Dated> = Vec::new();
    for p in periods {
        if removal && p.er < Decimal::ZERO {
            events.push((p.end, Event::Reversal(p.end.to_string(), -p.er), Some(ReversalOrigin::NegativePeriod(p.id.clone())), None));
        }
        events.push((p.end, Event::Deposit(p.id.clone(), p.reserve()), None, None));
    }
    for r in &b.reversals {
        events.push((
            r.date,
            Event::Reversal(r.date.to_string(), r.lost),
            Some(ReversalOrigin::Recorded(r.description.clone())),
            Some(r.lost_span.clone()),
        ));
    }
    // Stable: a period's own reversal stays before its (zero) deposit.
    events.sort_by_key(|e| e.0);
    let only: Vec<Event> = events.iter().map(|e| e.1.clone()).collect();
    let ledger = ReserveLedger::settle_events(&only, b.reversal_rounding)
        .ok_or_else(|| Diagnostic::new(Code::Arithmetic, "the buffer ledger overflows").in_file(project.src.path.clone()))?;
    let reversals: Vec<_> = events.iter().filter(|e| e.2.is_some()).collect();
    let origins: Vec<ReversalOrigin> = reversals.iter().filter_map(|e| e.2.clone()).collect();
    let mut problems = Vec::new();
    let settled = ledger.entries.iter().filter(|e| matches!(e.movement, Movement::Reversal { .. }));
    for (e, (_, _, origin, span)) in settled.zip(reversals.iter().map(|e| (&e.0, &e.1, &e.2, &e.3))) {
        let Movement::Reversal { leaked, due, cancelled, shortfall } = e.movement else { continue };
        if shortfall == 0 {
            continue;
        }
        let what = match origin {
            Some(ReversalOrigin::NegativePeriod(id)) => {
                format!("the negative net removals of period {id} ({} tCO2 lost on {})", leaked.normalize(), e.label)
            }
            _ => format!("the reversal of {} ({} tCO2 lost)", e.label, leaked.normalize()),
        };
        let diag = Diagnostic::new(
            Code::ReserveShortfall,
            format!("{what} call for {due} buffer credits, but the buffer holds only {cancelled}: a shortfall of {shortfall} tCO2"),
        )
        .hint("the project participants must make good the shortfall; `jcm calc` shows the buffer ledger");
        problems.push(match span {
            Some(s) => diag.at(&project.src, s.clone()),
            None => diag.in_file(project.src.path.clone()),
        });
    }
    Ok((ledger, origins, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;
    use crate::engine::rounding::Mode;

    fn buffer(rate: &str, mode: Mode) -> Buffer {
        Buffer { rate: dec(rate), rounding: mode, reversal_rounding: Mode::Up, reversals: Vec::new() }
    }

    fn vintages(credits: &[i64]) -> Vec<Vintage> {
        credits.iter().zip(2031..).map(|(c, year)| Vintage { year, credits: *c, weight: Decimal::ONE, reserve: 0 }).collect()
    }

    /// credits = buffer + allocation, in every period and every vintage, both roundings.
    #[test]
    fn credits_are_buffer_plus_allocation() {
        for (credits, split) in [(1234, vec![800, 434]), (7, vec![7]), (0, vec![0, 0]), (999_999, vec![333_333, 666_666])] {
            for mode in [Mode::Up, Mode::Down] {
                for rate in ["0", "0.1", "0.035", "1"] {
                    let mut v = vintages(&split);
                    let p = deposit(&buffer(rate, mode), credits, &mut v).expect("deposit");
                    assert_eq!(p.reserve + p.for_allocation, credits);
                    assert_eq!(v.iter().map(|x| x.reserve).sum::<i64>(), p.reserve);
                    assert!(v.iter().all(|x| x.reserve <= x.credits));
                    assert!(p.reserve >= 0 && p.reserve <= credits);
                }
            }
        }
    }

    #[test]
    fn the_deposit_rounds_as_set() {
        let mut v = vintages(&[1234]);
        assert_eq!(deposit(&buffer("0.1", Mode::Up), 1234, &mut v).expect("ok").reserve, 124);
        assert_eq!(deposit(&buffer("0.1", Mode::Down), 1234, &mut v).expect("ok").reserve, 123);
        assert_eq!(deposit(&buffer("0.1", Mode::Up), 1234, &mut v).expect("ok").reserve_exact, dec("123.4"));
    }
}
