//! Binding values to a methodology's symbols for one period (or one calendar-year slice of it):
//! methodology defaults and tables, project values, and monitored aggregates. Each value keeps
//! its origin, so a trace can say where every number came from.

use crate::engine::eval::Value;
use crate::methodology::model::{Aggregate, Kind};
use crate::monitoring::aggregate::{Agg, Cells, merged};
use crate::project::{Attr, Project};
use rust_decimal::Decimal;

/// Where a bound value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Readings from the monitoring CSV, aggregated; one entry per point (or one for the project).
    Readings { aggregate: Aggregate, columns: Vec<String>, rows: Vec<Agg> },
    /// The methodology's default value.
    Default,
    /// Picked from the methodology's table by an attribute: the key per point (or one key).
    Table { by: String, keys: Vec<String> },
    /// Set in project.toml [values]; `overrides` when it replaces a methodology default.
    ProjectValue { line: usize, overrides: bool },
    /// Set per point in project.toml [[points]].
    PointValues { lines: Vec<usize> },
    /// Computed by the methodology's equation.
    Equation,
    /// Expected in project.toml [estimate] (ex ante): the line of each point's value (or one).
    Estimate { lines: Vec<usize> },
}

/// Values and origins for every symbol of the methodology (equations still empty).
#[derive(Debug, Clone)]
pub struct Bound {
    pub values: Vec<Option<Value>>,
    pub origins: Vec<Option<Origin>>,
    /// A CCS net-reduction method adjusted RE or PE: its total before and after.
    pub adjusted: Option<(Decimal, Decimal)>,
}

/// A monitored parameter without readings where the equations need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub symbol: String,
    pub point: Option<String>,
}

fn line_of(project: &Project, span: &std::ops::Range<usize>) -> usize {
    project.src.locate(span.clone()).line
}

/// Bind the values that do not change from period to period: fixed and project parameters.
/// The project loader has already checked that every one of them resolves.
pub fn bind_static(project: &Project) -> Bound {
    let m = &project.methodology;
    let mut values = vec![None; m.symbols.len()];
    let mut origins = vec![None; m.symbols.len()];
    for (id, s) in m.symbols.iter().enumerate() {
        let num = |a: &Attr| match a {
            Attr::Num(x) => *x,
            Attr::Text(_) => Decimal::ZERO,
        };
        let bound = match (&s.kind, s.index) {
            (Kind::Choice { .. }, _) => crate::project::options::chosen(m, &project.values, id).map(|k| {
                let origin = match project.values.get(&s.name) {
                    Some((_, span)) => Origin::ProjectValue { line: line_of(project, span), overrides: false },
                    None => Origin::Default,
                };
                (Value::Scalar(Decimal::from(k)), origin)
            }),
            // Picked per monitoring row by the category the row records.
            (Kind::Fixed { .. }, _) if m.row_key(id).is_some() => None,
            (Kind::Project, None) => project
                .values
                .get(&s.name)
                .map(|(a, span)| (Value::Scalar(num(a)), Origin::ProjectValue { line: line_of(project, span), overrides: false })),
            (Kind::Project, Some(ix)) => {
                let pts = project.points_of(ix);
                let vals: Vec<Decimal> =
                    pts.iter().map(|&p| project.points[p].attrs.get(&s.name).map_or(Decimal::ZERO, |(a, _)| num(a))).collect();
                let lines = pts.iter().map(|&p| project.points[p].attrs.get(&s.name).map_or(0, |(_, sp)| line_of(project, sp))).collect();
                Some((Value::PerPoint(vals), Origin::PointValues { lines }))
            }
            (Kind::Fixed { default, by, table, .. }, None) => {
                if let Some((a, span)) = project.values.get(&s.name) {
                    Some((Value::Scalar(num(a)), Origin::ProjectValue { line: line_of(project, span), overrides: true }))
                } else {
                    let key = by.as_ref().and_then(|b| match project.values.get(b) {
                        Some((Attr::Text(t), _)) => Some((b.clone(), t.clone())),
                        // An option the project left at its default.
                        _ => m.symbol(b).and_then(|(opt, o)| {
                            let k = crate::project::options::chosen(m, &project.values, opt)?;
                            o.words()?.get(k).map(|w| (b.clone(), w.clone()))
                        }),
                    });
                    match key.and_then(|(b, k)| table.iter().find(|(tk, _)| *tk == k).map(|(_, v)| (b, k, *v))) {
                        Some((b, k, v)) => Some((Value::Scalar(v), Origin::Table { by: b, keys: vec![k] })),
                        None => default.map(|v| (Value::Scalar(v), Origin::Default)),
                    }
                }
            }
            (Kind::Fixed { default, by, table, .. }, Some(ix)) => {
                let pts = project.points_of(ix);
                let mut vals = Vec::new();
                let mut keys = Vec::new();
                let mut overridden = Vec::new();
                for &p in &pts {
                    let point = &project.points[p];
                    if let Some((a, span)) = point.attrs.get(&s.name) {
                        vals.push(num(a));
                        keys.push(format!("point value (line {})", line_of(project, span)));
                        overridden.push(line_of(project, span));
                        continue;
                    }
                    let key = by.as_ref().and_then(|b| match point.attrs.get(b) {
                        Some((Attr::Text(t), _)) => Some(t.clone()),
                        _ => None,
                    });
                    match key.as_ref().and_then(|k| table.iter().find(|(tk, _)| tk == k)) {
                        Some((k, v)) => {
                            vals.push(*v);
                            keys.push(k.clone());
                        }
                        None => {
                            vals.push(default.unwrap_or(Decimal::ZERO));
                            keys.push("default".into());
                        }
                    }
                }
                let origin = match by {
                    Some(b) => Origin::Table { by: b.clone(), keys },
                    None if !overridden.is_empty() => Origin::PointValues { lines: overridden },
                    None => Origin::Default,
                };
                Some((Value::PerPoint(vals), origin))
            }
            _ => None,
        };
        if let Some((v, o)) = bound {
            values[id] = Some(v);
            origins[id] = Some(o);
        }
    }
    Bound { values, origins, adjusted: None }
}

/// Add the monitored parameters from a set of buckets (a period's slices, or one slice), and the
/// sums of the row equations, which the reader evaluated row by row into the same buckets.
/// Parameters the project's options do not need are left unbound.
pub fn bind_monitored(project: &Project, base: &Bound, cells: &[&Cells], columns: &dyn Fn(usize) -> Vec<String>) -> Result<Bound, Missing> {
    let m = &project.methodology;
    let mut out = base.clone();
    let bucketed = m.symbols.iter().enumerate().filter_map(|(id, s)| match &s.kind {
        Kind::Monitored { aggregate, .. } => Some((id, s, *aggregate)),
        Kind::Equation(e) if e.per_row => Some((id, s, Aggregate::Sum)),
        _ => None,
    });
    for (id, s, aggregate) in bucketed {
        if !project.needed.get(id).copied().unwrap_or(true) {
            continue;
        }
        let missing = |point: Option<String>| Missing { symbol: s.name.clone(), point };
        match s.index {
            Some(ix) => {
                let mut vals = Vec::new();
                let mut rows = Vec::new();
                for p in project.points_of(ix) {
                    let agg =
                        merged(cells.iter().copied(), id, |q| q == Some(p)).ok_or_else(|| missing(Some(project.points[p].id.clone())))?;
                    vals.push(agg.value(aggregate).ok_or_else(|| missing(Some(project.points[p].id.clone())))?);
                    rows.push(agg);
                }
                out.values[id] = Some(Value::PerPoint(vals));
                out.origins[id] = Some(Origin::Readings { aggregate, columns: columns(id), rows });
            }
            None => {
                let agg = merged(cells.iter().copied(), id, |_| true).ok_or_else(|| missing(None))?;
                out.values[id] = Some(Value::Scalar(agg.value(aggregate).ok_or_else(|| missing(None))?));
                out.origins[id] = Some(Origin::Readings { aggregate, columns: columns(id), rows: vec![agg] });
            }
        }
    }
    Ok(out)
}
