//! The project cycle (domain.md §1): `[cycle]` with the dates before monitoring (PIN submitted,
//! methodology approved, validated, registered) and, per `[[periods]]`, the dates after it
//! (`verified` by the third-party entity, `issued`: the Joint Committee's issuance decision).
//! Every date is optional. Dates out of order are errors with their own codes:
//!
//! - JCM-E100: a period verified or issued before it ends;
//! - JCM-E101: a period issued before it is verified;
//! - JCM-E102: the project registered after a period is verified or issued;
//! - JCM-E103: PIN, methodology approval, validation and registration out of order (PIN ≤
//!   validation ≤ registration; the methodology is approved before the validation).
//!
//! The methodology may be approved before the PIN (a project using an existing methodology), so
//! the PIN and the approval are not compared.

use super::base::{Located, Period};
use super::raw::RawCycle;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::tomlx;
use chrono::NaiveDate;
use serde::Serialize;

/// `[cycle]`, validated.
#[derive(Debug, Clone, Default)]
pub struct Cycle {
    pub pin_submitted: Option<Located<NaiveDate>>,
    pub methodology_approved: Option<Located<NaiveDate>>,
    pub validated: Option<Located<NaiveDate>>,
    pub registered: Option<Located<NaiveDate>>,
}

impl Cycle {
    /// The four milestones with their key names, in cycle order.
    pub fn milestones(&self) -> [(&'static str, Option<NaiveDate>); 4] {
        let d = |x: &Option<Located<NaiveDate>>| x.as_ref().map(|(d, _)| *d);
        [
            ("pin_submitted", d(&self.pin_submitted)),
            ("methodology_approved", d(&self.methodology_approved)),
            ("validated", d(&self.validated)),
            ("registered", d(&self.registered)),
        ]
    }
}

/// How far a project has come in the cycle, from the dates it gives: the last milestone reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    PinSubmitted,
    MethodologyApproved,
    Validated,
    Registered,
    /// A period is verified, none is issued yet.
    Verified,
    /// The Joint Committee has decided the issuance of a period.
    Issued,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::PinSubmitted => "pin-submitted",
            Stage::MethodologyApproved => "methodology-approved",
            Stage::Validated => "validated",
            Stage::Registered => "registered",
            Stage::Verified => "verified",
            Stage::Issued => "issued",
        }
    }
}

/// The stage of a project: the furthest milestone with a date; `None` when it gives none.
pub fn stage(cycle: &Cycle, periods: &[Period]) -> Option<Stage> {
    if periods.iter().any(|p| p.issued.is_some()) {
        return Some(Stage::Issued);
    }
    if periods.iter().any(|p| p.verified.is_some()) {
        return Some(Stage::Verified);
    }
    [
        (&cycle.registered, Stage::Registered),
        (&cycle.validated, Stage::Validated),
        (&cycle.methodology_approved, Stage::MethodologyApproved),
        (&cycle.pin_submitted, Stage::PinSubmitted),
    ]
    .into_iter()
    .find(|(d, _)| d.is_some())
    .map(|(_, s)| s)
}

/// Japan's fiscal year of a date: FY N runs from 1 April N to 31 March N+1 (2026-02-10 is in
/// FY2025).
pub fn fiscal_year(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    if d.month() >= 4 { d.year() } else { d.year() - 1 }
}

/// A date read with its span, or `None` (and a diagnostic) when it is not a date.
pub fn located_date(v: Option<&toml::Spanned<toml::Value>>, src: &Source, d: &mut Diags) -> Option<Located<NaiveDate>> {
    let v = v?;
    d.take(tomlx::date(v, src).map_err(Failure::one)).map(|x| (x, v.span()))
}

/// Read `[cycle]` and check that its dates are in order (JCM-E103).
pub fn build(raw: Option<&RawCycle>, src: &Source, d: &mut Diags) -> Cycle {
    let Some(r) = raw else { return Cycle::default() };
    let c = Cycle {
        pin_submitted: located_date(r.pin_submitted.as_ref(), src, d),
        methodology_approved: located_date(r.methodology_approved.as_ref(), src, d),
        validated: located_date(r.validated.as_ref(), src, d),
        registered: located_date(r.registered.as_ref(), src, d),
    };
    let pairs = [
        (&c.pin_submitted, "pin_submitted", &c.validated, "validated"),
        (&c.pin_submitted, "pin_submitted", &c.registered, "registered"),
        (&c.methodology_approved, "methodology_approved", &c.validated, "validated"),
        (&c.methodology_approved, "methodology_approved", &c.registered, "registered"),
        (&c.validated, "validated", &c.registered, "registered"),
    ];
    for (a, an, b, bn) in pairs {
        if let (Some((x, _)), Some((y, span))) = (a, b) {
            if y < x {
                d.push(
                    Diagnostic::new(Code::CycleOrder, format!("[cycle] {bn} ({y}) comes before {an} ({x})"))
                        .at(src, span.clone())
                        .hint("the cycle runs PIN → methodology approved → validated → registered; check both dates"),
                );
            }
        }
    }
    c
}

/// Check each period's `verified` and `issued` against its end and each other (JCM-E100,
/// JCM-E101), and the registration against every verification and issuance (JCM-E102).
pub fn check_periods(cycle: &Cycle, periods: &[Period], src: &Source, d: &mut Diags) {
    for p in periods {
        for (what, date) in [("verified", &p.verified), ("issued", &p.issued)] {
            if let Some((x, span)) = date {
                if *x <= p.end {
                    d.push(
                        Diagnostic::new(
                            Code::PeriodDateOrder,
                            format!("period {} is {what} on {x}, but the period runs until {}", p.id, p.end),
                        )
                        .at(src, span.clone())
                        .hint("a period is verified, and its credits issued, after the period ends"),
                    );
                }
            }
        }
        if let (Some((v, _)), Some((i, span))) = (&p.verified, &p.issued) {
            if i < v {
                d.push(
                    Diagnostic::new(Code::IssuedBeforeVerified, format!("period {} is issued on {i}, before it is verified on {v}", p.id))
                        .at(src, span.clone())
                        .hint("the Joint Committee decides the issuance after the verification report"),
                );
            }
        }
    }
    let Some((registered, span)) = &cycle.registered else { return };
    let first = periods
        .iter()
        .flat_map(|p| [p.verified.as_ref().map(|(x, _)| (*x, "verified", &p.id)), p.issued.as_ref().map(|(x, _)| (*x, "issued", &p.id))])
        .flatten()
        .min_by_key(|(x, _, _)| *x);
    if let Some((x, what, id)) = first {
        if *registered > x {
            d.push(
                Diagnostic::new(
                    Code::RegisteredAfterIssuance,
                    format!("[cycle] registered ({registered}) comes after period {id} is {what} ({x})"),
                )
                .at(src, span.clone())
                .hint("a project is registered before its first verification and issuance"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
    }

    #[test]
    fn fiscal_years_run_april_to_march() {
        assert_eq!(fiscal_year(day("2025-10-30")), 2025);
        assert_eq!(fiscal_year(day("2025-12-16")), 2025);
        assert_eq!(fiscal_year(day("2026-03-31")), 2025);
        assert_eq!(fiscal_year(day("2026-04-01")), 2026);
        assert_eq!(fiscal_year(day("2025-01-01")), 2024);
    }

    #[test]
    fn the_stage_is_the_furthest_milestone() {
        let mut c = Cycle::default();
        let mut p = Period { id: "MP1".into(), start: day("2021-01-01"), end: day("2021-12-31"), span: 0..0, verified: None, issued: None };
        assert_eq!(stage(&c, std::slice::from_ref(&p)), None);
        c.pin_submitted = Some((day("2018-01-01"), 0..0));
        assert_eq!(stage(&c, std::slice::from_ref(&p)), Some(Stage::PinSubmitted));
        c.registered = Some((day("2020-01-01"), 0..0));
        assert_eq!(stage(&c, std::slice::from_ref(&p)), Some(Stage::Registered));
        p.verified = Some((day("2025-03-01"), 0..0));
        assert_eq!(stage(&c, std::slice::from_ref(&p)), Some(Stage::Verified));
        p.issued = Some((day("2025-10-30"), 0..0));
        assert_eq!(stage(&c, std::slice::from_ref(&p)), Some(Stage::Issued));
    }
}
