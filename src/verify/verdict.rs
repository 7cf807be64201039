//! What a comparison finds: the tolerance it allows, each figure's verdict and direction, the
//! rows of reported against recomputed figures, the inputs compared, and the whole comparison.
//! The comparing itself is in [`super::compare`].

use super::reported::{Figure, Reported};
use crate::diag::Diagnostic;
use crate::engine::number;
use rust_decimal::Decimal;
use serde::Serialize;

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
        let v = number::parse_text(t).map_err(|e| format!("--tolerance {t}: {e}"))?;
        if v < Decimal::ZERO {
            return Err(format!("--tolerance {t}: a tolerance cannot be negative"));
        }
        Ok(if t.ends_with('%') { Tolerance::Relative(v) } else { Tolerance::Absolute(v) })
    }

    /// As given: `none`, `5 tCO2`, `0.5%`.
    pub fn text(self) -> String {
        match self {
            Tolerance::None => "none".into(),
            Tolerance::Absolute(v) => format!("{} tCO2", crate::engine::number::exact(v)),
            Tolerance::Relative(v) => format!("{}%", crate::engine::number::exact(v * Decimal::ONE_HUNDRED)),
        }
    }

    pub(super) fn allows(self, difference: Decimal, recomputed: Decimal) -> bool {
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
    /// The period is not one of the project's, or the project's allocation has no such party.
    NotComputed,
}

impl Verdict {
    pub fn text(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::WithinTolerance => "within tolerance",
            Verdict::Differs => "DIFFERS",
            Verdict::NotComputed => "not computed",
        }
    }

    pub fn passes(self) -> bool {
        matches!(self, Verdict::Match | Verdict::WithinTolerance)
    }
}

/// Which way a reported figure misses the recomputed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Reported above the recomputed value: more than the data support.
    OverStatement,
    /// Reported below it.
    UnderStatement,
}

impl Direction {
    /// The word, as in the JSON and CSV (`over-statement`).
    pub fn text(self) -> &'static str {
        crate::engine::words::word(&self)
    }
}

/// One reported figure against its recomputation.
#[derive(Debug, Clone)]
pub struct Row {
    /// The period; `None` for a figure of the whole report.
    pub period: Option<String>,
    pub reported: Reported,
    /// The value the reported figure is compared with (the exact value, whole credits, or 1/0
    /// for `itmo`).
    pub recomputed: Option<Decimal>,
    /// How they are compared: "2 decimals", "whole tCO2, rounded down", "exactly".
    pub compared_at: String,
    /// reported − recomputed (none for `itmo`).
    pub difference: Option<Decimal>,
    pub verdict: Verdict,
    /// Set whenever the figure does not match at its precision.
    pub direction: Option<Direction>,
}

impl Row {
    /// The recomputed value as written for people and programs alike: exact decimals, or
    /// true/false for `itmo`.
    pub fn recomputed_text(&self) -> Option<String> {
        self.recomputed
            .map(|v| if self.reported.figure == Figure::Itmo { (!v.is_zero()).to_string() } else { crate::engine::number::exact(v) })
    }

    /// "MP1 credits", or "whole report credits".
    pub fn label(&self) -> String {
        format!("{} {}", self.period.as_deref().unwrap_or("whole report"), self.reported.figure.name())
    }
}

/// One of our input files against the second party's, by role and order.
#[derive(Debug, Clone, Serialize)]
pub struct InputCompared {
    pub role: String,
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// Both runs read a file with the same SHA-256.
    pub same: bool,
}

impl InputCompared {
    /// "monitoring examples/th014-floating-solar/monitoring.csv".
    pub fn label(&self) -> String {
        format!("{} {}", self.role, self.ours.clone().or_else(|| self.theirs.clone()).unwrap_or_default())
    }
}

/// The comparison of a whole reported file.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub rows: Vec<Row>,
    /// Mismatches (errors) and near-misses or unreported periods (warnings), located in the
    /// reported file where it is TOML.
    pub diagnostics: Vec<Diagnostic>,
    pub tolerance: Tolerance,
    /// A second party's JSON: our input files against theirs (empty otherwise).
    pub inputs: Vec<InputCompared>,
    /// `--allow-different-inputs`: differing inputs warn instead of failing.
    pub allow_different_inputs: bool,
    /// A different jcm or methodology version in the second party's run, in words.
    pub versions: Vec<String>,
}

impl Comparison {
    /// Every reported figure matches (or is within the tolerance), and nothing else is wrong.
    pub fn passes(&self) -> bool {
        self.rows.iter().all(|r| r.verdict.passes()) && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The second party's input files that are not ours.
    pub fn different_inputs(&self) -> Vec<&InputCompared> {
        self.inputs.iter().filter(|i| !i.same).collect()
    }
}
