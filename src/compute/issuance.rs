//! From a period's exact ER to whole credits, their calendar-year vintages, and their
//! allocation among the parties, with the Article-6 (ITMO) flag.
//!
//! Vintage split: a period inside one calendar year is one vintage. A period over several years
//! is split by the largest-remainder method with weights equal to the ER of each calendar-year
//! slice, computed with the same equations over that slice's own readings and days
//! (`vintage_split = "slice-er"`, the default). When a slice cannot be evaluated on its own (a
//! parameter has no reading in that year), a slice's ER is negative, or the methodology's RE
//! depends on earlier years (`past`, which steps over whole years), the weights fall back to the
//! days in each year, with a warning. The vintages always add up to the period's credits.
//!
//! In a CCS project the allocation shares each period's credits less its reserve deposit (per
//! vintage: the vintage's credits less its part of the deposit); the reserve belongs to no party.

use super::bind::{self, Bound};
use super::evaluate;
use super::{Issuance, PeriodResult, Share, Vintage};
use crate::diag::{Code, Diagnostic, Diags};
use crate::engine::allocation::{self, Party};
use crate::engine::rounding::{self, Mode};
use crate::monitoring::model::Slice;
use crate::project::Project;
use crate::project::model::{Allocation, VintageSplit};
use chrono::Datelike;
use rust_decimal::Decimal;

/// The credits of several periods (or years) together; `None` when they do not fit in an
/// i64, as each can on its own.
pub fn total(credits: impl IntoIterator<Item = i64>) -> Option<i64> {
    credits.into_iter().try_fold(0i64, i64::checked_add)
}

/// Whole credits from a period's ER: 0 when the ER is negative.
pub fn credits(er: Decimal, mode: Mode) -> Option<i64> {
    if er <= Decimal::ZERO {
        return Some(0);
    }
    rounding::whole_count(er, mode)
}

pub fn vintages(
    project: &Project,
    base: &Bound,
    slices: &[Slice],
    credits: i64,
    columns: &dyn Fn(usize) -> Vec<String>,
    d: &mut Diags,
    period: &str,
) -> (Vec<Vintage>, VintageSplit) {
    if slices.len() == 1 {
        let s = &slices[0];
        return (vec![Vintage { year: s.year, credits, weight: Decimal::from(s.days()), reserve: 0 }], project.settings.vintage_split);
    }
    let by_days = |d: &mut Diags, why: Option<String>| {
        if let Some(why) = why {
            d.push(
                Diagnostic::new(Code::VintageByDays, format!("period {period}: vintages split by days in each year, because {why}"))
                    .in_file(project.src.path.clone()),
            );
        }
        let w: Vec<Decimal> = slices.iter().map(|s| Decimal::from(s.days())).collect();
        // Days are positive and credits are not negative: the split always exists.
        let parts = rounding::largest_remainder(credits, &w).unwrap_or_else(|| vec![0; w.len()]);
        (w, parts, VintageSplit::Days)
    };
    let (weights, parts, split) = match project.settings.vintage_split {
        VintageSplit::Days => by_days(d, None),
        VintageSplit::SliceEr => match slice_ers(project, base, slices, columns).and_then(|w| {
            let parts = rounding::largest_remainder(credits, &w).ok_or("the slices' ER do not split the credits exactly")?;
            Ok((w, parts))
        }) {
            Ok((w, parts)) => (w, parts, VintageSplit::SliceEr),
            Err(why) => by_days(d, Some(why)),
        },
    };
    let v = slices.iter().zip(parts).zip(weights).map(|((s, c), w)| Vintage { year: s.year, credits: c, weight: w, reserve: 0 }).collect();
    (v, split)
}

/// The ER of each slice on its own, or why it cannot be used.
fn slice_ers(project: &Project, base: &Bound, slices: &[Slice], columns: &dyn Fn(usize) -> Vec<String>) -> Result<Vec<Decimal>, String> {
    let m = &project.methodology;
    if m.uses_history {
        // `past(…)` steps over whole earlier years; a part of a year has no earlier steps of its
        // own, so its ER alone would leave out the decay of every earlier year's waste.
        return Err("the methodology's reference emissions depend on earlier years (`past`), which a part of a year cannot carry".into());
    }
    let mut out = Vec::new();
    for s in slices {
        let mut b = bind::bind_monitored(project, base, &[&s.cells], columns).map_err(|miss| {
            format!("{} has no readings{} in {}", miss.symbol, miss.point.map(|p| format!(" at {p}")).unwrap_or_default(), s.year)
        })?;
        evaluate::evaluate(project, &mut b, s.days(), &s.year.to_string())
            .map_err(|e| format!("the {} slice cannot be evaluated ({})", s.year, e.message))?;
        let er = evaluate::scalar(&b, m.er);
        if er < Decimal::ZERO {
            return Err(format!("the {} slice alone has a negative ER", s.year));
        }
        out.push(er);
    }
    if out.iter().all(Decimal::is_zero) {
        return Err("every slice has zero ER".into());
    }
    Ok(out)
}

/// Allocate every period's credits and total the issuance.
pub fn allocate(project: &Project, periods: &mut [PeriodResult], d: &mut Diags) -> Issuance {
    // Each period's credits fit in an i64, but not necessarily their sum. Every other total
    // below (reserve, allocation, parties) is a part of it, so this one check covers them.
    let Some(credits) = total(periods.iter().map(|p| p.credits)) else {
        d.push(
            Diagnostic::new(Code::Arithmetic, "the credits of all periods together are too many to count")
                .in_file(project.src.path.clone())
                .hint("check the monitoring data: no real project issues that many"),
        );
        return Issuance { credits: 0, reserve: 0, allocated: 0, allocation: Vec::new(), corresponding_adjustment: 0 };
    };
    let mut total: Vec<Share> = Vec::new();
    for p in periods.iter_mut() {
        p.itmo = project.authorized && project.partner_aligned && p.start.year() >= 2021;
        let split: allocation::Split = match &project.allocation {
            Allocation::Shares { shares, policy, per_vintage } => {
                let parts: Option<allocation::Split> = if *per_vintage {
                    p.vintages.iter().try_fold(Vec::new(), |mut acc, v| {
                        allocation::accumulate(&mut acc, &allocation::split(v.credits - v.reserve, shares, *policy)?);
                        Some(acc)
                    })
                } else {
                    allocation::split(p.for_allocation(), shares, *policy)
                };
                let Some(parts) = parts else {
                    d.push(
                        Diagnostic::new(Code::Arithmetic, format!("period {}: the credits cannot be split exactly by these shares", p.id))
                            .in_file(project.src.path.clone())
                            .hint("write the shares with fewer digits, or use rounding = \"japan-ceil\""),
                    );
                    continue;
                };
                parts
            }
            Allocation::Notified(map) => {
                let Some(n) = map.get(&p.id) else { continue };
                // Notified amounts are any whole numbers up to i64::MAX: added up in i128 they
                // cannot overflow (and wrap round to the computed credits).
                let given = [Some(n.japan), n.partner, n.participants].into_iter().flatten().map(i128::from).sum::<i128>();
                let fits = match (n.partner, n.participants) {
                    (Some(_), Some(_)) => given == i128::from(p.for_allocation()),
                    _ => n.japan <= p.for_allocation(),
                };
                if !fits {
                    d.push(
                        Diagnostic::new(
                            Code::BadAllocation,
                            format!(
                                "the notified amounts for period {} add up to {given}, but the period's computed credits{} are {}",
                                p.id,
                                match (&project.ccs, &project.buffer) {
                                    (Some(_), _) => " for allocation (after the reserve)",
                                    (None, Some(_)) => " for allocation (after the buffer)",
                                    (None, None) => "",
                                },
                                p.for_allocation()
                            ),
                        )
                        .at(&project.src, n.span.clone())
                        .hint("the notification and the monitoring data disagree; check both"),
                    );
                    continue;
                }
                match (n.partner, n.participants) {
                    (Some(pg), Some(pp)) => {
                        vec![(Party::JapanGovernment, n.japan), (Party::PartnerGovernment, pg), (Party::ProjectParticipants, pp)]
                    }
                    _ => vec![(Party::JapanGovernment, n.japan), (Party::PartnerAndParticipants, p.for_allocation() - n.japan)],
                }
            }
        };
        p.allocation =
            split.iter().map(|(party, n)| Share { party: *party, credits: *n, itmo: p.itmo && *party == Party::JapanGovernment }).collect();
        for s in &p.allocation {
            match total.iter_mut().find(|t| t.party == s.party && t.itmo == s.itmo) {
                Some(t) => t.credits += s.credits,
                None => total.push(s.clone()),
            }
        }
    }
    total.sort_by_key(|s| (s.party, !s.itmo));
    let reserve = periods.iter().map(PeriodResult::reserve).sum();
    let allocated = total.iter().map(|s| s.credits).sum();
    let corresponding_adjustment = total.iter().filter(|s| s.itmo).map(|s| s.credits).sum();
    Issuance { credits, reserve, allocated, allocation: total, corresponding_adjustment }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    #[test]
    fn credits_round_down_and_never_go_negative() {
        assert_eq!(credits(dec("2017.999"), Mode::Down), Some(2017));
        assert_eq!(credits(dec("-5.5"), Mode::Down), Some(0));
        assert_eq!(credits(dec("0.4"), Mode::HalfUp), Some(0));
        assert_eq!(credits(dec("0.5"), Mode::HalfUp), Some(1));
    }

    #[test]
    fn totals_that_do_not_fit_are_none() {
        assert_eq!(total([2017, 750]), Some(2767));
        assert_eq!(total([i64::MAX / 2 + 1, i64::MAX / 2 + 1]), None);
    }
}
