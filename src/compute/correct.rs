//! Meter corrections, resolved and applied (domain.md §2, [A]): each corrected reading of a
//! monitored parameter is multiplied, before aggregation, by (1 − error) when raising that
//! parameter raises ER, and by (1 + error) when it lowers ER, so the correction can only make
//! the result more conservative.
//!
//! The direction comes from the methodology itself. For every period the correction touches,
//! the parameter's aggregated value v (per corrected point) is moved to v + h and v − h, with
//! h = |v| × error (or the error itself when v is 0), and ER is evaluated again with exact
//! decimals. Both steps must move ER the same way (or not at all), at every point and in every
//! period; otherwise the effect's sign is not the same over the range the correction spans, and
//! the project must say `direction` itself. This needs the uncorrected values, so a project
//! with corrections whose direction is not given is read twice: once plain, once corrected.
//! The reads are the pipeline's ([`crate::pipeline`]); this module only works on what was read.

use super::bind::{self, Bound};
use super::evaluate;
use crate::diag::{Code, Diagnostic, Diags, Failure};
use crate::engine::eval::Value;
use crate::monitoring::{Monitoring, ReadingCorrection};
use crate::project::Project;
use crate::project::corrections::{Correction, Direction};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Why a correction goes the way it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The project says so (`direction`).
    Explicit,
    /// Raising the parameter raises ER in every corrected period: readings are lowered.
    RaisesEr,
    /// Raising the parameter lowers ER: readings are raised.
    LowersEr,
    /// The parameter does not change ER in the corrected periods; readings are lowered.
    NoEffect,
}

impl Why {
    pub fn key(self) -> &'static str {
        match self {
            Why::Explicit => "explicit",
            Why::RaisesEr => "raises-er",
            Why::LowersEr => "lowers-er",
            Why::NoEffect => "no-effect",
        }
    }

    /// In words, for reports: why the readings go down or up.
    pub fn text(self, parameter: &str) -> String {
        match self {
            Why::Explicit => "direction given in project.toml".into(),
            Why::RaisesEr => format!("raising {parameter} raises ER, so its readings are lowered"),
            Why::LowersEr => format!("raising {parameter} lowers ER, so its readings are raised"),
            Why::NoEffect => format!("{parameter} does not change ER in the corrected periods; its readings are lowered"),
        }
    }
}

/// A correction as applied.
#[derive(Debug, Clone)]
pub struct Applied {
    pub correction: Correction,
    pub direction: Direction,
    /// What each corrected reading was multiplied by.
    pub factor: Decimal,
    pub why: Why,
    /// How many readings were corrected.
    pub readings: u64,
}

/// The monitoring data with every correction applied.
#[derive(Debug)]
pub struct Corrected {
    pub mon: Monitoring,
    pub applied: Vec<Applied>,
    pub warnings: Vec<Diagnostic>,
}

/// Each correction's direction and why, when the project gives every one of them itself;
/// `None` when one must be inferred from an uncorrected read ([`resolve`]).
pub fn given(project: &Project) -> Option<Vec<(Direction, Why)>> {
    project.corrections.iter().map(|c| c.direction.map(|d| (d, Why::Explicit))).collect()
}

/// Each correction's direction and why: as given, or inferred from the uncorrected read `plain`.
pub fn resolve(project: &Project, base: &Bound, plain: &Monitoring) -> Result<Vec<(Direction, Why)>, Failure> {
    let mut d = Diags::default();
    let resolved: Vec<Option<(Direction, Why)>> = project
        .corrections
        .iter()
        .map(|c| c.direction.map(|dir| (dir, Why::Explicit)).or_else(|| infer(project, base, plain, c, &mut d)))
        .collect();
    d.finish()?;
    Ok(resolved.into_iter().flatten().collect())
}

/// What each corrected reading is multiplied by, for the reader.
pub fn factors(project: &Project, resolved: &[(Direction, Why)]) -> Vec<ReadingCorrection> {
    project
        .corrections
        .iter()
        .zip(resolved)
        .map(|(c, (dir, _))| ReadingCorrection { sym: c.sym, point: c.point, from: c.from, to: c.to, factor: dir.factor(c.error) })
        .collect()
}

/// The corrections as applied by a corrected read, with a warning for each that changed no reading.
pub fn applied(
    project: &Project,
    resolved: &[(Direction, Why)],
    factors: &[ReadingCorrection],
    mon: &Monitoring,
) -> (Vec<Applied>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut applied = Vec::new();
    for (k, ((c, &(direction, why)), f)) in project.corrections.iter().zip(resolved).zip(factors).enumerate() {
        let readings = mon.corrected.get(k).copied().unwrap_or(0);
        if readings == 0 {
            warnings.push(
                Diagnostic::new(
                    Code::CorrectionUnused,
                    format!("the correction of {} from {} to {} changes no reading", c.parameter, c.from, c.to),
                )
                .at(&project.src, c.span.clone())
                .hint("no reading of this parameter (at this point) in a monitoring period falls in the date range"),
            );
        }
        applied.push(Applied { correction: c.clone(), direction, factor: f.factor, why, readings });
    }
    (applied, warnings)
}

/// The sign of ER's response to the parameter, over every period and point the correction
/// touches; `None` (with a diagnostic) when it is not one sign.
fn infer(project: &Project, base: &Bound, plain: &Monitoring, c: &Correction, d: &mut Diags) -> Option<(Direction, Why)> {
    let m = &project.methodology;
    let no_columns = |_: usize| Vec::new();
    let mut raises: Vec<String> = Vec::new();
    let mut lowers: Vec<String> = Vec::new();
    // Places where ER turns (is lowest or highest) within the error around the value.
    let mut turns: Vec<String> = Vec::new();
    for (pi, period) in project.periods.iter().enumerate() {
        if period.end < c.from || period.start > c.to {
            continue;
        }
        let cells: Vec<_> = plain.periods[pi].iter().map(|s| &s.cells).collect();
        // A period that cannot be bound or evaluated is reported by the calculation itself.
        let Ok(bound) = bind::bind_monitored(project, base, &cells, &no_columns) else { continue };
        let days = period.days();
        let Some(er0) = er_with(project, &bound, days, None) else { continue };
        let positions: Vec<(usize, String)> = match (m.symbols[c.sym].index, c.point) {
            (Some(ix), only) => project
                .points_of(ix)
                .into_iter()
                .enumerate()
                .filter(|(_, p)| only.is_none_or(|q| q == *p))
                .map(|(k, p)| (k, format!(" at {}", project.points[p].id)))
                .collect(),
            (None, _) => vec![(0, String::new())],
        };
        for (pos, at) in positions {
            let here = format!("period {}{at}", period.id);
            let v = value_at(&bound, c.sym, pos);
            let h = if v.is_zero() { c.error } else { (v * c.error).abs() };
            let probe = |x: Option<Decimal>| x.and_then(|x| er_with(project, &bound, days, Some((c.sym, pos, x))));
            let (Some(up), Some(down)) = (probe(v.checked_add(h)), probe(v.checked_sub(h))) else {
                d.push(
                    Diagnostic::new(
                        Code::CorrectionDirection,
                        format!("ER cannot be evaluated with {} moved by {}% around its value in {here}", c.parameter, pct(c.error)),
                    )
                    .at(&project.src, c.span.clone())
                    .hint("give the direction yourself: direction = \"down\" (readings × (1 − error)) or \"up\" (× (1 + error))"),
                );
                return None;
            };
            match (up.cmp(&er0), er0.cmp(&down)) {
                (Ordering::Greater, Ordering::Less) | (Ordering::Less, Ordering::Greater) => turns.push(here),
                (Ordering::Greater, _) | (_, Ordering::Greater) => raises.push(here),
                (Ordering::Less, _) | (_, Ordering::Less) => lowers.push(here),
                (Ordering::Equal, Ordering::Equal) => {}
            }
        }
    }
    let list = |v: &[String]| {
        let mut s = v.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
        if v.len() > 3 {
            s.push_str(&format!(" and {} more", v.len() - 3));
        }
        s
    };
    let why = match (turns.is_empty(), raises.is_empty(), lowers.is_empty()) {
        (true, true, true) => return Some((Direction::Down, Why::NoEffect)),
        (true, false, true) => return Some((Direction::Down, Why::RaisesEr)),
        (true, true, false) => return Some((Direction::Up, Why::LowersEr)),
        (false, _, _) => format!(
            "ER turns within {}% of the value of {} (moving it either way changes ER in the same direction) in {}",
            pct(c.error),
            c.parameter,
            list(&turns)
        ),
        (true, false, false) => {
            format!("raising {} raises ER in {} but lowers ER in {}", c.parameter, list(&raises), list(&lowers))
        }
    };
    d.push(
        Diagnostic::new(Code::CorrectionDirection, format!("the conservative direction of this correction is not one way: {why}"))
            .at(&project.src, c.span.clone())
            .hint("say which way is conservative here: direction = \"down\" (readings × (1 − error)) or \"up\" (× (1 + error))"),
    );
    None
}

fn pct(e: Decimal) -> String {
    (e * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// The bound value of `sym` at position `pos` (0 for a scalar).
fn value_at(b: &Bound, sym: usize, pos: usize) -> Decimal {
    match &b.values[sym] {
        Some(Value::Scalar(v)) => *v,
        Some(Value::PerPoint(vs)) => vs.get(pos).copied().unwrap_or_default(),
        None => Decimal::ZERO,
    }
}

/// ER with the bound values, one of them optionally replaced: (symbol, position, value).
fn er_with(project: &Project, bound: &Bound, days: i64, set: Option<(usize, usize, Decimal)>) -> Option<Decimal> {
    let mut b = bound.clone();
    if let Some((sym, pos, x)) = set {
        match &mut b.values[sym] {
            Some(Value::Scalar(v)) => *v = x,
            Some(Value::PerPoint(vs)) => *vs.get_mut(pos)? = x,
            None => return None,
        }
    }
    evaluate::evaluate(project, &mut b, days, "").ok()?;
    Some(evaluate::scalar(&b, project.methodology.er))
}
