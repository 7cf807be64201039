//! [estimate]: the expected values of the monitored parameters for one year, as a PDD's
//! monitoring plan sheet holds them, for `calc --ex-ante`. Values under [estimate] are
//! project-wide; `[estimate.points.ID]` gives a point its own. A parameter measured per point
//! takes the project-wide value at every point without one of its own.
//!
//! Here every value is checked against the methodology (a monitored parameter, a number within
//! its bounds or one of its categories, a known point); whether every needed value is present is
//! checked when the estimate is computed, since a project at the monitoring stage may keep a
//! partial one.

use super::model::{Attr, Estimate, Located, Point};
use super::raw::RawEstimatePoints;
use super::values::attr;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::methodology::Methodology;
use crate::methodology::model::{Kind, Symbol};
use crate::methodology::words;
use crate::tomlx;
use std::collections::BTreeMap;
use toml::Spanned;

/// Validate [estimate] and its per-point tables.
pub fn build(raw: &BTreeMap<String, Spanned<toml::Value>>, m: &Methodology, points: &[Point], src: &Source, d: &mut Diags) -> Estimate {
    let mut est = Estimate::default();
    for (name, v) in raw {
        if name == "points" {
            continue;
        }
        if let Some(a) = value(name, v, None, m, src, d) {
            est.values.insert(name.clone(), a);
        }
    }
    if !raw.contains_key("points") {
        return est;
    }
    let per_point = d.take(tomlx::parse::<RawEstimatePoints>(src).map_err(Failure::one)).and_then(|r| r.estimate).map(|e| e.points);
    for (pid, table) in per_point.unwrap_or_default() {
        let first_span = table.values().map(Spanned::span).min_by_key(|s| s.start).unwrap_or_default();
        let Some(p) = points.iter().position(|q| q.id == pid) else {
            let known: Vec<&str> = points.iter().map(|q| q.id.as_str()).collect();
            d.push(
                Diagnostic::new(Code::BadEstimate, format!("[estimate.points.{pid}] names a point that is not declared"))
                    .at(src, first_span)
                    .hint(format!("the points are {}", known.join(", "))),
            );
            continue;
        };
        let mut own = BTreeMap::new();
        for (name, v) in &table {
            if let Some(a) = value(name, v, Some(&points[p]), m, src, d) {
                own.insert(name.clone(), a);
            }
        }
        est.points.insert(p, own);
    }
    est
}

/// One estimated value: a monitored parameter's number, or a category's word.
fn value(
    name: &str,
    v: &Spanned<toml::Value>,
    point: Option<&Point>,
    m: &Methodology,
    src: &Source,
    d: &mut Diags,
) -> Option<Located<Attr>> {
    let Some((_, s)) = m.symbol(name).filter(|(_, s)| matches!(s.kind, Kind::Monitored { .. } | Kind::Category { .. })) else {
        let hint = match m.symbol(name) {
            Some((_, s)) => format!("`{name}` is a {} parameter; it belongs under [values] or in the methodology", s.kind_name()),
            None => {
                let monitored: Vec<&str> = m.monitored().chain(m.categories()).map(|(_, s)| s.name.as_str()).collect();
                format!("the monitored parameters of {} are {}", m.id, monitored.join(", "))
            }
        };
        d.push(
            Diagnostic::new(Code::BadEstimate, format!("`{name}` is not a monitored parameter of {}", m.id)).at(src, v.span()).hint(hint),
        );
        return None;
    };
    if let Some(p) = point {
        if s.index != Some(p.index) {
            d.push(
                Diagnostic::new(Code::BadEstimate, format!("`{name}` is not measured per point, so point {} cannot have its own", p.id))
                    .at(src, v.span())
                    .hint("give it under [estimate], for the whole project"),
            );
            return None;
        }
    }
    let a = d.take(attr(v, src).map_err(Failure::one))?;
    check(s, &a, v, src, d).then_some((a, v.span()))
}

/// A number within bounds for a monitored parameter, a known word for a category.
fn check(s: &Symbol, a: &Attr, v: &Spanned<toml::Value>, src: &Source, d: &mut Diags) -> bool {
    match (&s.kind, a) {
        (Kind::Category { categories, .. }, Attr::Text(w)) if categories.iter().any(|(c, _)| c == w) => true,
        (Kind::Category { categories, .. }, _) => {
            d.push(
                Diagnostic::new(Code::BadCategory, format!("{} takes a category, not this value", s.name))
                    .at(src, v.span())
                    .hint(format!("the categories are {}", words::list(categories))),
            );
            false
        }
        (_, Attr::Num(x)) => match s.bounds.violation(*x) {
            None => true,
            Some(why) => {
                d.push(Diagnostic::new(Code::OutOfBounds, format!("{} = {} is {why}", s.name, x.normalize())).at(src, v.span()));
                false
            }
        },
        (_, Attr::Text(t)) => {
            d.push(
                Diagnostic::new(Code::BadNumber, format!("the estimate of {} must be a number ({}), found \"{t}\"", s.name, s.unit))
                    .at(src, v.span()),
            );
            false
        }
    }
}
