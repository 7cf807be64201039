//! Comparing reported figures with the recomputed ones.
//!
//! The rule (formats.md, "Reported figures"): a figure matches when the exact recomputed value,
//! rounded half-up to the number of decimals the report wrote, equals it. `ER` written as a
//! whole number is the credited reductions: it is compared with the recomputed ER rounded to
//! whole tCO2 the way the project rounds credits (`settings.credit_rounding`, down by default).
//! `credits` are compared exactly. A tolerance, absolute (tCO2) or relative (a percentage of
//! the recomputed value), widens a mismatch into "within tolerance" for materiality.

use super::reported::{Figure, Reported, ReportedFile};
use crate::compute::{Calculation, PeriodResult};
use crate::diag::{Code, Diagnostic, Source};
use crate::engine::number;
use crate::engine::rounding;
use crate::project::Project;
use rust_decimal::Decimal;

/// How far apart a reported and a recomputed figure may be and still pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tolerance {
    /// Only a match at the reported precision passes.
    #[default]
    None,
    /// At most this many tCO2 apart.
    Absolute(Decimal),
    /// At most this fraction of the recomputed value apart.
    Relative(Decimal),
}

impl Tolerance {
    /// `5` (tCO2) or `0.5%`.
    pub fn parse(text: &str) -> Result<Tolerance, String> {
        let t = text.trim();
        let v = number::parse_text(t).map_err(|e| format!("--tolerance {t}: {}", e.message))?;
        if v < Decimal::ZERO {
            return Err(format!("--tolerance {t}: a tolerance cannot be negative"));
        }
        Ok(if t.ends_with('%') { Tolerance::Relative(v) } else { Tolerance::Absolute(v) })
    }

    /// As given: `none`, `5 tCO2`, `0.5%`.
    pub fn text(self) -> String {
        match self {
            Tolerance::None => "none".into(),
            Tolerance::Absolute(v) => format!("{} tCO2", crate::report::exact(v)),
            Tolerance::Relative(v) => format!("{}%", crate::report::exact(v * Decimal::ONE_HUNDRED)),
        }
    }

    fn allows(self, difference: Decimal, recomputed: Decimal) -> bool {
        match self {
            Tolerance::None => false,
            Tolerance::Absolute(t) => difference.abs() <= t,
            Tolerance::Relative(r) => recomputed.abs().checked_mul(r).is_some_and(|limit| difference.abs() <= limit),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Match,
    WithinTolerance,
    Differs,
    /// The period is not one of the project's.
    NotComputed,
}

impl Verdict {
    pub fn text(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::WithinTolerance => "within tolerance",
            Verdict::Differs => "DIFFERS",
            Verdict::NotComputed => "no such period",
        }
    }

    pub fn passes(self) -> bool {
        matches!(self, Verdict::Match | Verdict::WithinTolerance)
    }
}

/// One reported figure against its recomputation.
#[derive(Debug, Clone)]
pub struct Row {
    pub period: String,
    pub reported: Reported,
    /// The value the reported figure is compared with (the exact value, or whole credits).
    pub recomputed: Option<Decimal>,
    /// How they are compared: "2 decimals", "whole tCO2, rounded down", "exactly".
    pub compared_at: String,
    /// reported − recomputed.
    pub difference: Option<Decimal>,
    pub verdict: Verdict,
}

/// The comparison of a whole reported file.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub rows: Vec<Row>,
    /// Mismatches (errors) and near-misses or unreported periods (warnings), located in the
    /// reported file where it is TOML.
    pub diagnostics: Vec<Diagnostic>,
    pub tolerance: Tolerance,
}

impl Comparison {
    /// Every reported figure matches (or is within the tolerance), and nothing else is wrong.
    pub fn passes(&self) -> bool {
        self.rows.iter().all(|r| r.verdict.passes()) && !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn decimals(n: u32) -> String {
    match n {
        0 => "whole tCO2".into(),
        1 => "1 decimal".into(),
        n => format!("{n} decimals"),
    }
}

fn locate(d: Diagnostic, src: &Source, span: &Option<std::ops::Range<usize>>) -> Diagnostic {
    match span {
        Some(s) => d.at(src, s.clone()),
        None => d.in_file(src.path.clone()),
    }
}

/// The recomputed value a reported figure is compared with, how, and whether it matches.
fn judge(project: &Project, p: &PeriodResult, r: &Reported) -> (Decimal, String, bool) {
    let mode = project.settings.credit_rounding;
    let at_precision = |exact: Decimal| (exact, decimals(r.scale), rounding::half_up(exact, r.scale) == r.value);
    match r.figure {
        Figure::Re => at_precision(p.re),
        Figure::Pe => at_precision(p.pe),
        Figure::Er if r.scale == 0 => {
            let whole = rounding::whole(p.er, mode);
            (whole, format!("whole tCO2, rounded {}", mode.name()), whole == r.value)
        }
        Figure::Er => at_precision(p.er),
        Figure::Credits => {
            let c = Decimal::from(p.credits);
            (c, "exactly".into(), c == r.value)
        }
    }
}

/// Compare every reported figure with the calculation.
pub fn compare(project: &Project, calc: &Calculation, rep: &ReportedFile, tolerance: Tolerance) -> Comparison {
    let src = &rep.src;
    let mut rows = Vec::new();
    let mut diagnostics = Vec::new();
    if let Some((id, span)) = &rep.project {
        if id != &project.id {
            diagnostics.push(
                locate(
                    Diagnostic::new(Code::BadReported, format!("the reported figures are for project `{id}`, not `{}`", project.id)),
                    src,
                    span,
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
                    &rp.span,
                )
                .hint(format!("the project's periods are {}", ids.join(", "))),
            );
            for r in &rp.figures {
                let row = Row {
                    period: rp.id.clone(),
                    reported: r.clone(),
                    recomputed: None,
                    compared_at: String::new(),
                    difference: None,
                    verdict: Verdict::NotComputed,
                };
                rows.push(row);
            }
            continue;
        };
        for r in &rp.figures {
            let (recomputed, compared_at, matches) = judge(project, p, r);
            let difference = r.value.checked_sub(recomputed);
            let verdict = match difference {
                _ if matches => Verdict::Match,
                Some(diff) if tolerance.allows(diff, recomputed) => Verdict::WithinTolerance,
                _ => Verdict::Differs,
            };
            if !matches {
                let at = rounding::half_up(recomputed, r.scale);
                let exactly = if at == recomputed || r.figure == Figure::Credits || (r.figure == Figure::Er && r.scale == 0) {
                    String::new()
                } else {
                    format!(", exactly {}", crate::report::exact(recomputed))
                };
                let shown = if r.figure == Figure::Er && r.scale == 0 { recomputed } else { at };
                let diff = difference.map_or_else(
                    || "too large".into(),
                    |d| if d > Decimal::ZERO { format!("+{}", crate::report::exact(d)) } else { crate::report::exact(d) },
                );
                let tail = match verdict {
                    Verdict::WithinTolerance => format!(", within the tolerance of {}", tolerance.text()),
                    _ => String::new(),
                };
                let code = if verdict == Verdict::WithinTolerance { Code::WithinTolerance } else { Code::FigureMismatch };
                let message = format!(
                    "{} {}: reported {}, recomputed {} ({compared_at}{exactly}); difference {diff}{tail}",
                    rp.id,
                    r.figure.name(),
                    r.text,
                    crate::report::exact(shown)
                );
                diagnostics.push(
                    locate(Diagnostic::new(code, message), src, &r.span)
                        .hint("`jcm verify … --explain` shows how the recomputed value was reached, input by input"),
                );
            }
            rows.push(Row { period: rp.id.clone(), reported: r.clone(), recomputed: Some(recomputed), compared_at, difference, verdict });
        }
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
    Comparison { rows, diagnostics, tolerance }
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
}
