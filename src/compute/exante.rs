//! The ex-ante estimate (`calc --ex-ante`): what a PDD's monitoring plan sheet computes. The
//! methodology's equations are evaluated once over the expected values of one year
//! ([estimate]), with `days` = 365, giving the expected annual RE, PE, ER and credits. Row
//! equations are evaluated once per point, with the estimate as the row.
//!
//! A methodology whose equations use `past` (first-order decay) grows from year to year, so
//! its estimate is computed for every whole year of the crediting period, each year with the
//! same expected values and the years before it (after the project's [[history]]) as earlier
//! steps; the annual figure is then the mean over those years, as PDDs report it.

use super::bind::{self, Bound, Origin};
use super::evaluate::{self, scalar};
use super::history;
use super::issuance;
use crate::diag::{Code, Diagnostic, Diags, Failure};
use crate::engine::eval::Value;
use crate::methodology::model::Kind;
use crate::project::Project;
use crate::project::model::{Attr, Estimate};
use crate::rows::{self, RowEval};
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

/// Days in the estimated year.
pub const YEAR_DAYS: i64 = 365;

/// RE, PE, ER and credits of one estimated year (or of their mean).
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub re: Decimal,
    pub pe: Decimal,
    pub er: Decimal,
    pub credits: i64,
}

/// One year of the crediting period, for a methodology that uses `past`.
#[derive(Debug, Clone)]
pub struct Year {
    pub number: usize,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub figures: Figures,
}

#[derive(Debug, Clone)]
pub struct ExAnte {
    /// The expected annual figures: the year itself, or the mean of `years`.
    pub annual: Figures,
    /// Every symbol's value and origin in the (first) estimated year, for the report.
    pub bound: Bound,
    /// Per year of the crediting period, when the methodology uses `past`; else empty.
    pub years: Vec<Year>,
    /// Credits over the whole crediting period (the sum of `years`), when there are years.
    pub total_credits: Option<i64>,
    pub warnings: Vec<Diagnostic>,
}

/// Compute the ex-ante estimate of a project.
pub fn estimate(project: &Project) -> Result<ExAnte, Failure> {
    crate::project::history::check_for_ex_ante(project)?;
    let Some(est) = &project.estimate else {
        return Err(Failure::one(
            Diagnostic::new(Code::BadEstimate, "the project has no [estimate]")
                .in_file(project.src.path.clone())
                .hint(format!("add the expected values of one year, e.g. [estimate] {} = …", example_name(project))),
        ));
    };
    let base = bind::bind_static(project);
    let bound = bind_estimate(project, est, &base)?;
    let mut d = Diags::default();
    let mode = project.settings.credit_rounding;
    let figures = |b: &Bound, what: &str, d: &mut Diags| -> Option<Figures> {
        let m = &project.methodology;
        let (re, pe, er) = (scalar(b, m.re), scalar(b, m.pe), scalar(b, m.er));
        if er < Decimal::ZERO {
            d.push(
                Diagnostic::new(
                    Code::NegativeEr,
                    format!("{what}: the expected emission reductions are negative ({} tCO2)", er.normalize()),
                )
                .in_file(project.src.path.clone()),
            );
        }
        match issuance::credits(er, mode) {
            Some(credits) => Some(Figures { re, pe, er, credits }),
            None => {
                d.push(
                    Diagnostic::new(Code::Arithmetic, format!("{what}: ER {er} is too large to count as credits"))
                        .in_file(project.src.path.clone()),
                );
                None
            }
        }
    };
    if !project.methodology.uses_history {
        let mut b = bound;
        evaluate::evaluate(project, &mut b, YEAR_DAYS, "the estimate")?;
        let annual = figures(&b, "the estimate", &mut d);
        let warnings = d.finish()?;
        let annual = annual.ok_or_else(|| Failure(Vec::new()))?;
        return Ok(ExAnte { annual, bound: b, years: Vec::new(), total_credits: None, warnings });
    }
    // A history methodology: every whole year of the crediting period, in order.
    let mut steps = history::steps_before_crediting(project, &base);
    let mut years = Vec::new();
    let mut first: Option<Bound> = None;
    for (k, (start, end)) in whole_years(project.crediting.0, project.crediting.1).into_iter().enumerate() {
        let what = format!("estimated year {} ({start} to {end})", k + 1);
        let mut b = bound.clone();
        evaluate::evaluate_with(project, &mut b, YEAR_DAYS, &what, &steps)?;
        if let Some(f) = figures(&b, &what, &mut d) {
            years.push(Year { number: k + 1, start, end, figures: f });
        }
        steps.push(b.values.clone());
        first.get_or_insert(b);
    }
    let warnings = d.finish()?;
    let Some(first) = first else {
        return Err(Failure::one(
            Diagnostic::new(Code::BadEstimate, "the crediting period is shorter than one year, so no year can be estimated")
                .in_file(project.src.path.clone()),
        ));
    };
    let n = Decimal::from(years.len());
    let mean = |f: fn(&Figures) -> Decimal| -> Result<Decimal, Failure> {
        years.iter().try_fold(Decimal::ZERO, |acc, y| acc.checked_add(f(&y.figures))).and_then(|total| total.checked_div(n)).ok_or_else(
            || {
                Failure::one(
                    Diagnostic::new(Code::Arithmetic, "the yearly estimates overflow when added up").in_file(project.src.path.clone()),
                )
            },
        )
    };
    let (re, pe, er) = (mean(|f| f.re)?, mean(|f| f.pe)?, mean(|f| f.er)?);
    let credits = issuance::credits(er, mode).unwrap_or(0);
    let total = issuance::total(years.iter().map(|y| y.figures.credits)).ok_or_else(|| {
        Failure::one(
            Diagnostic::new(Code::Arithmetic, "the credits of all estimated years together are too many to count")
                .in_file(project.src.path.clone()),
        )
    })?;
    Ok(ExAnte { annual: Figures { re, pe, er, credits }, bound: first, years, total_credits: Some(total), warnings })
}

/// The whole years from `start` that end on or before `end`.
pub fn whole_years(start: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut s = start;
    while let Some(e) = s.checked_add_months(Months::new(12)).and_then(|d| d.pred_opt()) {
        if e > end {
            break;
        }
        out.push((s, e));
        match e.succ_opt() {
            Some(n) => s = n,
            None => break,
        }
    }
    out
}

fn example_name(project: &Project) -> String {
    project.methodology.monitored().next().map_or_else(|| "EG".into(), |(_, s)| s.name.clone())
}

/// The static values plus the estimated monitored values and the row equations' values.
fn bind_estimate(project: &Project, est: &Estimate, base: &Bound) -> Result<Bound, Failure> {
    let m = &project.methodology;
    let mut out = base.clone();
    let mut d = Diags::default();
    let line = |span: &std::ops::Range<usize>| project.src.locate(span.clone()).line;
    let missing = |name: &str, point: Option<usize>, d: &mut Diags| {
        let (whose, hint) = match point {
            Some(p) => (
                format!(" at point {}", project.points[p].id),
                format!("add {name} = … under [estimate] (for every point) or [estimate.points.{}]", project.points[p].id),
            ),
            None => (String::new(), format!("add {name} = … under [estimate]")),
        };
        d.push(
            Diagnostic::new(Code::BadEstimate, format!("the estimate has no value of {name}{whose}"))
                .in_file(project.src.path.clone())
                .hint(hint),
        );
    };
    let needed = |id: usize| project.needed.get(id).copied().unwrap_or(true);
    // Monitored numbers.
    for (id, s) in m.monitored().filter(|(id, _)| needed(*id)) {
        let pts: Vec<Option<usize>> = match s.index {
            Some(ix) => project.points_of(ix).into_iter().map(Some).collect(),
            None => vec![None],
        };
        let mut vals = Vec::new();
        let mut lines = Vec::new();
        for p in pts {
            match est.get(&s.name, p) {
                Some((Attr::Num(x), span)) => {
                    vals.push(*x);
                    lines.push(line(span));
                }
                _ => missing(&s.name, p, &mut d),
            }
        }
        out.values[id] = Some(match s.index {
            Some(_) => Value::PerPoint(vals),
            None => Value::Scalar(vals.first().copied().unwrap_or_default()),
        });
        out.origins[id] = Some(Origin::Estimate { lines });
    }
    // Row equations: once per point, with the estimate as the row.
    let eqs = rows::needed_row_equations(project);
    if !eqs.is_empty() {
        let mut row = RowEval::new(project, &base.values);
        let mut sums: Vec<Vec<Decimal>> = vec![Vec::new(); m.symbols.len()];
        let groups: Vec<(Option<usize>, Vec<usize>)> = std::iter::once(None)
            .chain((0..m.indexes.len()).map(Some))
            .map(|ix| (ix, eqs.iter().copied().filter(|&e| m.symbols[e].index == ix).collect::<Vec<_>>()))
            .filter(|(_, g)| !g.is_empty())
            .collect();
        for (ix, group) in groups {
            let pts: Vec<Option<usize>> = match ix {
                Some(ix) => project.points_of(ix).into_iter().map(Some).collect(),
                None => vec![None],
            };
            let inputs: Vec<usize> = group.iter().flat_map(|&e| rows::inputs(project, e)).collect();
            for p in pts {
                for &input in &inputs {
                    let s = &m.symbols[input];
                    let at = if s.index.is_some() { p } else { None };
                    match (est.get(&s.name, at), &s.kind) {
                        (Some((Attr::Num(x), _)), Kind::Monitored { .. }) => row.set(input, at, *x),
                        (Some((Attr::Text(w), _)), Kind::Category { categories, .. }) => {
                            let k = categories.iter().position(|(c, _)| c == w).unwrap_or(0);
                            row.set(input, at, Decimal::from(k));
                        }
                        _ if needed(input) && matches!(s.kind, Kind::Monitored { .. }) => {} // reported above
                        _ => missing(&s.name, at, &mut d),
                    }
                }
                if d.has_errors() {
                    continue;
                }
                let results = row.eval(&group, p).map_err(|e| {
                    let eq = &m.symbols[e.equation];
                    Failure::one(
                        Diagnostic::new(Code::Arithmetic, format!("the estimate: {} in row equation {}", e.message, eq.name))
                            .at(&m.src, eq.span.clone()),
                    )
                })?;
                for (id, v) in results {
                    sums[id].push(v);
                }
            }
        }
        for &e in &eqs {
            out.values[e] = Some(match m.symbols[e].index {
                Some(_) => Value::PerPoint(sums[e].clone()),
                None => Value::Scalar(sums[e].first().copied().unwrap_or_default()),
            });
            out.origins[e] = Some(Origin::Equation);
        }
    }
    d.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_years_of_a_crediting_period() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(whole_years(d(2021, 1, 1), d(2030, 12, 31)).len(), 10);
        assert_eq!(whole_years(d(2021, 1, 1), d(2021, 12, 30)).len(), 0);
        let y = whole_years(d(2024, 7, 1), d(2026, 12, 31));
        assert_eq!(y, vec![(d(2024, 7, 1), d(2025, 6, 30)), (d(2025, 7, 1), d(2026, 6, 30))]);
    }
}
