//! Comparing reported figures with the recomputed ones.
//!
//! The rule (formats.md, "Reported figures"): a figure matches when the exact recomputed value,
//! rounded half-up to the number of decimals the report wrote, equals it. `ER` written as a
//! whole number is the credited reductions: it is compared with the recomputed ER rounded to
//! whole tCO2 the way the project rounds credits (`settings.credit_rounding`, down by default).
//! A second party's JSON carries every digit, so its RE, PE and ER are compared exactly.
//! Credits and the issuance (reserve, each party's credits, the corresponding adjustment,
//! `itmo`) are compared exactly, always. A tolerance, absolute (tCO2) or relative (a percentage
//! of the recomputed value), widens a mismatch of RE, PE or ER into "within tolerance" for
//! materiality, and of nothing else.
//!
//! Every difference has a direction: an over-statement (the report claims more than the data
//! support) or an under-statement. A second party's input files are matched by SHA-256: when
//! they differ, the comparison fails unless the caller allows it.

use super::reported::{Digest, Figure, Reported, ReportedFile};
pub use super::verdict::{Comparison, Direction, InputCompared, Row, Tolerance, Verdict};
use crate::compute::{Calculation, PeriodResult};
use crate::diag::{Code, Diagnostic, Source};
use crate::engine::rounding;
use crate::inputs::{InputFile, JCM_VERSION};
use crate::project::Project;
use rust_decimal::Decimal;

fn decimals(n: u32) -> String {
    match n {
        0 => "whole tCO2".into(),
        1 => "1 decimal".into(),
        n => format!("{n} decimals"),
    }
}

fn locate(d: Diagnostic, src: &Source, span: Option<&std::ops::Range<usize>>) -> Diagnostic {
    match span {
        Some(s) => d.at(src, s.clone()),
        None => d.in_file(src.path.clone()),
    }
}

/// The recomputed value a reported figure is compared with (none when the project's allocation
/// has no such party), and how. `p` is the period, or `None` for the whole report.
fn judge(project: &Project, calc: &Calculation, p: Option<&PeriodResult>, r: &Reported, full: bool) -> (Option<Decimal>, String) {
    let exactly = || "exactly".to_string();
    let count = |n: i64| Some(Decimal::from(n));
    let Some(p) = p else {
        let i = &calc.issuance;
        return match r.figure {
            Figure::Credits => (count(i.credits), exactly()),
            Figure::Reserve => (count(i.reserve), exactly()),
            Figure::Party(party) => (party_credits(&i.allocation, party), exactly()),
            Figure::CorrespondingAdjustment => (count(i.corresponding_adjustment), exactly()),
            Figure::Itmo => (count(i64::from(!calc.periods.is_empty() && calc.periods.iter().all(|p| p.itmo))), exactly()),
            // A report gives RE, PE and ER per period only.
            Figure::Re | Figure::Pe | Figure::Er => (None, exactly()),
        };
    };
    let at_precision = |exact: Decimal| if full { (Some(exact), exactly()) } else { (Some(exact), decimals(r.scale)) };
    match r.figure {
        Figure::Re => at_precision(p.re),
        Figure::Pe => at_precision(p.pe),
        Figure::Er if r.scale == 0 && !full => {
            let mode = project.settings.credit_rounding;
            (Some(rounding::whole(p.er, mode)), format!("whole tCO2, rounded {}", mode.name()))
        }
        Figure::Er => at_precision(p.er),
        Figure::Credits => (count(p.credits), exactly()),
        Figure::Reserve => (count(p.reserve()), exactly()),
        Figure::Party(party) => (party_credits(&p.allocation, party), exactly()),
        Figure::CorrespondingAdjustment => (count(p.allocation.iter().filter(|s| s.itmo).map(|s| s.credits).sum()), exactly()),
        Figure::Itmo => (count(i64::from(p.itmo)), exactly()),
    }
}

/// A party's credits in an allocation (its ITMO and other credits together); none when the
/// allocation does not name the party.
fn party_credits(allocation: &[crate::compute::Share], party: crate::engine::allocation::Party) -> Option<Decimal> {
    let shares: Vec<i64> = allocation.iter().filter(|s| s.party == party).map(|s| s.credits).collect();
    (!shares.is_empty()).then(|| Decimal::from(shares.iter().sum::<i64>()))
}

/// Whether the reported value equals the recomputed one at the precision it is compared at.
fn matches(r: &Reported, recomputed: Decimal, full: bool) -> bool {
    if r.figure.tolerated() && !full && !(r.figure == Figure::Er && r.scale == 0) {
        rounding::half_up(recomputed, r.scale) == r.value
    } else {
        recomputed == r.value
    }
}

/// Compare every reported figure with the calculation. With `allow_different_inputs`, a second
/// party's run from other input files is a warning, not a failure.
pub fn compare(
    project: &Project,
    calc: &Calculation,
    rep: &ReportedFile,
    tolerance: Tolerance,
    allow_different_inputs: bool,
) -> Comparison {
    let src = &rep.src;
    let mut rows = Vec::new();
    let mut diagnostics = Vec::new();
    if let Some((id, span)) = &rep.project {
        if id != &project.id {
            diagnostics.push(
                locate(
                    Diagnostic::new(Code::BadReported, format!("the reported figures are for project `{id}`, not `{}`", project.id)),
                    src,
                    span.as_ref(),
                )
                .hint("check that the reported file and the project folder belong together"),
            );
        }
    }
    for rp in &rep.periods {
        let Some(p) = calc.periods.iter().find(|p| p.id == rp.id) else {
            let ids: Vec<&str> = calc.periods.iter().map(|p| p.id.as_str()).collect();
            diagnostics.push(
                locate(
                    Diagnostic::new(Code::BadReported, format!("period `{}` is reported but is not a period of {}", rp.id, project.id)),
                    src,
                    rp.span.as_ref(),
                )
                .hint(format!("the project's periods are {}", ids.join(", "))),
            );
            for r in &rp.figures {
                rows.push(Row {
                    period: Some(rp.id.clone()),
                    reported: r.clone(),
                    recomputed: None,
                    compared_at: String::new(),
                    difference: None,
                    verdict: Verdict::NotComputed,
                    direction: None,
                });
            }
            continue;
        };
        for r in &rp.figures {
            rows.push(row(project, calc, Some(p), r, rep, tolerance, &mut diagnostics));
        }
    }
    for r in &rep.total {
        rows.push(row(project, calc, None, r, rep, tolerance, &mut diagnostics));
    }
    for p in &calc.periods {
        if !rep.periods.iter().any(|r| r.id == p.id) {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnreportedPeriod,
                    format!("period {} of {} has no reported figures; it was not compared", p.id, project.id),
                )
                .in_file(src.path.clone()),
            );
        }
    }
    let inputs = inputs_compared(&calc.inputs, &rep.digests);
    let differ: Vec<String> = inputs.iter().filter(|i| !i.same).map(InputCompared::label).collect();
    if !differ.is_empty() {
        let (code, hint) = if allow_different_inputs {
            (
                Code::DifferentInputsAllowed,
                "accepted with --allow-different-inputs: the figures were compared, but they come from other data",
            )
        } else {
            (
                Code::DifferentInputs,
                "the figures come from other data than this project's; find out which files are right, or pass --allow-different-inputs to compare anyway",
            )
        };
        diagnostics.push(
            Diagnostic::new(code, format!("the reported run read different inputs: {}", differ.join(", ")))
                .in_file(src.path.clone())
                .hint(hint),
        );
    }
    Comparison { rows, diagnostics, tolerance, inputs, allow_different_inputs, versions: versions(project, rep) }
}

/// Compare one figure; a mismatch, or a party the allocation lacks, adds a diagnostic.
fn row(
    project: &Project,
    calc: &Calculation,
    p: Option<&PeriodResult>,
    r: &Reported,
    rep: &ReportedFile,
    tolerance: Tolerance,
    diagnostics: &mut Vec<Diagnostic>,
) -> Row {
    let period = p.map(|p| p.id.clone());
    let label = format!("{} {}", period.as_deref().unwrap_or("whole report"), r.figure.name());
    let (recomputed, compared_at) = judge(project, calc, p, r, rep.full_precision);
    let Some(recomputed) = recomputed else {
        let parties: Vec<&str> = p.map_or(&calc.issuance.allocation, |p| &p.allocation).iter().map(|s| s.party.key()).collect();
        diagnostics.push(
            locate(
                Diagnostic::new(Code::BadReported, format!("{label}: the recomputed allocation has no such party")),
                &rep.src,
                r.span.as_ref(),
            )
            .hint(format!("the project's allocation names {}", parties.join(", "))),
        );
        return Row {
            period,
            reported: r.clone(),
            recomputed: None,
            compared_at,
            difference: None,
            verdict: Verdict::NotComputed,
            direction: None,
        };
    };
    let itmo = r.figure == Figure::Itmo;
    let difference = if itmo { None } else { r.value.checked_sub(recomputed) };
    if matches(r, recomputed, rep.full_precision) {
        return Row {
            period,
            reported: r.clone(),
            recomputed: Some(recomputed),
            compared_at,
            difference,
            verdict: Verdict::Match,
            direction: None,
        };
    }
    let direction = if r.value > recomputed { Direction::OverStatement } else { Direction::UnderStatement };
    let verdict = match difference {
        Some(diff) if r.figure.tolerated() && tolerance.allows(diff, recomputed) => Verdict::WithinTolerance,
        _ => Verdict::Differs,
    };
    let message = if itmo {
        format!("{label}: reported {}, recomputed {}; an {}", r.text, !recomputed.is_zero(), direction.text())
    } else {
        let at = rounding::half_up(recomputed, r.scale);
        let whole = compared_at.starts_with("whole tCO2,");
        let exactly = if at == recomputed || !r.figure.tolerated() || whole || rep.full_precision {
            String::new()
        } else {
            format!(", exactly {}", crate::report::exact(recomputed))
        };
        let shown = if whole || rep.full_precision || !r.figure.tolerated() { recomputed } else { at };
        let diff = difference.map_or_else(
            || "too large".into(),
            |d| if d > Decimal::ZERO { format!("+{}", crate::report::exact(d)) } else { crate::report::exact(d) },
        );
        let tail = match verdict {
            Verdict::WithinTolerance => format!(", within the tolerance of {}", tolerance.text()),
            _ if !r.figure.tolerated() && tolerance != Tolerance::None => ", which no tolerance covers".to_string(),
            _ => String::new(),
        };
        format!(
            "{label}: reported {}, recomputed {} ({compared_at}{exactly}); difference {diff}, an {}{tail}",
            r.text,
            crate::report::exact(shown),
            direction.text()
        )
    };
    let code = if verdict == Verdict::WithinTolerance { Code::WithinTolerance } else { Code::FigureMismatch };
    diagnostics.push(
        locate(Diagnostic::new(code, message), &rep.src, r.span.as_ref())
            .hint("`jcm verify … --explain` shows how the recomputed value was reached, input by input"),
    );
    Row { period, reported: r.clone(), recomputed: Some(recomputed), compared_at, difference, verdict, direction: Some(direction) }
}

/// Our inputs against the digests in a second party's JSON, by role and order.
fn inputs_compared(ours: &[InputFile], theirs: &[Digest]) -> Vec<InputCompared> {
    if theirs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for role in ["project", "methodology", "monitoring"] {
        let ours: Vec<&InputFile> = ours.iter().filter(|f| f.role.name() == role).collect();
        let other: Vec<&Digest> = theirs.iter().filter(|(r, _, _)| r == role).collect();
        for k in 0..ours.len().max(other.len()) {
            let (a, b) = (ours.get(k), other.get(k));
            out.push(InputCompared {
                role: role.to_string(),
                ours: a.map(|f| crate::report::provenance::display_path(&f.path, f.bundled)),
                theirs: b.map(|(_, p, _)| p.clone()),
                same: matches!((a, b), (Some(f), Some((_, _, h))) if &f.sha256 == h),
            });
        }
    }
    out
}

/// A second party's run with another jcm or methodology version, in words.
fn versions(project: &Project, rep: &ReportedFile) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = rep.jcm_version.as_deref().filter(|v| *v != JCM_VERSION) {
        out.push(format!("the reported run used jcm {v}, this run jcm {JCM_VERSION}"));
    }
    let m = &project.methodology;
    if let Some((id, version)) = rep.methodology.as_ref().filter(|(id, v)| *id != m.id || *v != m.version) {
        out.push(format!("the reported run used methodology {id} version {version}, this run {} version {}", m.id, m.version));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    #[test]
    fn tolerances() {
        assert_eq!(Tolerance::parse("5"), Ok(Tolerance::Absolute(dec("5"))));
        assert_eq!(Tolerance::parse("0.5%"), Ok(Tolerance::Relative(dec("0.005"))));
        assert!(Tolerance::parse("-1").is_err());
        assert!(Tolerance::parse("five").is_err());
        assert!(Tolerance::Absolute(dec("5")).allows(dec("-5"), dec("100")));
        assert!(!Tolerance::Absolute(dec("5")).allows(dec("5.01"), dec("100")));
        assert!(Tolerance::Relative(dec("0.005")).allows(dec("10"), dec("2000")));
        assert!(!Tolerance::Relative(dec("0.005")).allows(dec("10.01"), dec("2000")));
        assert!(!Tolerance::None.allows(dec("0.0001"), dec("1")));
        assert_eq!(Tolerance::parse("0.5%").unwrap().text(), "0.5%");
    }

    #[test]
    fn precision_words() {
        assert_eq!(decimals(0), "whole tCO2");
        assert_eq!(decimals(1), "1 decimal");
        assert_eq!(decimals(3), "3 decimals");
    }

    #[test]
    fn figures_match_at_their_precision_or_exactly() {
        let r = |figure, v: &str| Reported { figure, value: dec(v), scale: dec(v).scale(), text: v.into(), span: None };
        assert!(matches(&r(Figure::Re, "2017.6"), dec("2017.55"), false));
        assert!(!matches(&r(Figure::Re, "2017.6"), dec("2017.55"), true), "a JSON figure carries every digit");
        assert!(!matches(&r(Figure::Re, "2017.55"), dec("2017.5500001"), true));
        assert!(matches(&r(Figure::Er, "2017"), dec("2017"), false));
        assert!(!matches(&r(Figure::Credits, "2017"), dec("2017.4"), false), "credits are never rounded to match");
    }
}
