//! [[history]]: yearly steps before the first monitoring period, for methodologies whose
//! equations use `past` (the first-order-decay model of VN_AM004 counts the waste of every
//! earlier year). Each step gives the monitored values it had (`W = 3650`); a step's equations
//! are not evaluated, so `past` may read only monitored values in them.
//!
//! `past` steps by year: with such a methodology, every step and every monitoring period must be
//! one year long (start to the day before the same date a year later), and the steps must be
//! contiguous: the history ends the day before the first monitoring period (for `calc`); for
//! `calc --ex-ante`, whose years start with the crediting period, the steps before the crediting
//! period are used and must end the day before it.

use super::model::{HistoryStep, Project};
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::methodology::Methodology;
use crate::methodology::model::Kind;
use crate::tomlx;
use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeMap;
use toml::Spanned;

/// Validate the [[history]] entries.
pub fn build(raw: &[Spanned<BTreeMap<String, Spanned<toml::Value>>>], m: &Methodology, src: &Source, d: &mut Diags) -> Vec<HistoryStep> {
    if let (Some(first), false) = (raw.first(), m.uses_history) {
        d.push(
            Diagnostic::new(Code::BadHistory, format!("[[history]] is only read by `past`, and methodology {} does not use it", m.id))
                .at(src, first.span())
                .hint("remove [[history]]"),
        );
        return Vec::new();
    }
    let mut steps: Vec<HistoryStep> = Vec::new();
    for entry in raw {
        let span = entry.span();
        let t = entry.get_ref();
        let date = |key: &str, d: &mut Diags| match t.get(key) {
            Some(v) => d.take(tomlx::date(v, src).map_err(Failure::one)),
            None => {
                d.push(
                    Diagnostic::new(Code::BadHistory, format!("a [[history]] step has no `{key}`"))
                        .at(src, span.clone())
                        .hint("write start = 2019-01-01 and end = 2019-12-31"),
                );
                None
            }
        };
        let (start, end) = (date("start", d), date("end", d));
        let mut values = BTreeMap::new();
        for (k, v) in t.iter().filter(|(k, _)| *k != "start" && *k != "end") {
            let ok = m.symbol(k).is_some_and(|(_, s)| matches!(s.kind, Kind::Monitored { .. }) && s.index.is_none());
            if !ok {
                let monitored: Vec<&str> = m.monitored().filter(|(_, s)| s.index.is_none()).map(|(_, s)| s.name.as_str()).collect();
                d.push(
                    Diagnostic::new(Code::BadHistory, format!("`{k}` is not a monitored parameter for the whole project of {}", m.id))
                        .at(src, v.span())
                        .hint(format!("a [[history]] step holds values of {}", monitored.join(", "))),
                );
                continue;
            }
            if let Some(x) = d.take(tomlx::decimal(v, src).map_err(Failure::one)) {
                values.insert(k.clone(), (x, v.span()));
            }
        }
        let (Some(start), Some(end)) = (start, end) else { continue };
        if let Some(prev) = steps.last() {
            if prev.end.succ_opt() != Some(start) {
                d.push(
                    Diagnostic::new(
                        Code::BadHistory,
                        format!("[[history]] steps must follow each other: {} does not follow {}", start, prev.end),
                    )
                    .at(src, span.clone())
                    .hint("list the steps in time order, without gaps"),
                );
            }
        }
        steps.push(HistoryStep { start, end, values, span });
    }
    steps
}

/// One year: from `start` to the day before the same date a year later.
pub fn is_year(start: NaiveDate, end: NaiveDate) -> bool {
    // A year from 29 February ends on 28 February: its anniversary in a common year is 1 March
    // (chrono would clamp it to 28 February and end the year a day short).
    let next = if start.month() == 2 && start.day() == 29 {
        NaiveDate::from_ymd_opt(start.year() + 1, 3, 1)
    } else {
        start.checked_add_months(Months::new(12))
    };
    next.and_then(|d| d.pred_opt()) == Some(end)
}

/// For `calc`: the history and the monitoring periods are contiguous yearly steps.
pub fn check_for_calc(project: &Project) -> Result<(), Failure> {
    if !project.methodology.uses_history {
        return Ok(());
    }
    let mut d = Diags::default();
    years(project, &mut d);
    for p in &project.periods {
        if !is_year(p.start, p.end) {
            d.push(not_a_year(project, &format!("monitoring period {} ({} to {})", p.id, p.start, p.end), p.span.clone()));
        }
    }
    if let (Some(last), Some(first)) = (project.history.last(), project.periods.first()) {
        if last.end.succ_opt() != Some(first.start) {
            d.push(
                Diagnostic::new(
                    Code::BadHistory,
                    format!("the last [[history]] step ends {}, but the first monitoring period starts {}", last.end, first.start),
                )
                .at(&project.src, last.span.clone())
                .hint("the history must end the day before the first monitoring period, or `past` would miscount the years"),
            );
        }
    }
    d.finish().map(|_| ())
}

/// The [[history]] steps before the crediting period: the earlier steps of an ex-ante
/// estimate, whose years start with the crediting period (steps inside it are replaced by the
/// estimated years).
pub fn before_crediting(project: &Project) -> Vec<&HistoryStep> {
    project.history.iter().filter(|h| h.end < project.crediting.0).collect()
}

/// The most yearly steps (history and crediting-period years) an ex-ante estimate of a
/// methodology that uses `past` evaluates.
pub const MAX_PAST_YEARS: i64 = 100;

/// For `calc --ex-ante`: the history steps before the crediting period are years and end the
/// day before it.
pub fn check_for_ex_ante(project: &Project) -> Result<(), Failure> {
    if !project.methodology.uses_history {
        return Ok(());
    }
    let mut d = Diags::default();
    years(project, &mut d);
    // Each estimated year sums `past` over every earlier one: the work grows with the square
    // of the years, and a crediting period to 9999 would run for minutes. No crediting period
    // is that long.
    let steps = i64::try_from(before_crediting(project).len()).unwrap_or(i64::MAX)
        + i64::from(project.crediting.1.year() - project.crediting.0.year())
        + 1;
    if steps > MAX_PAST_YEARS {
        d.push(
            Diagnostic::new(
                Code::BadHistory,
                format!(
                    "the crediting period {} to {} and the [[history]] make {steps} yearly steps; `past` estimates at most {MAX_PAST_YEARS}",
                    project.crediting.0, project.crediting.1
                ),
            )
            .in_file(project.src.path.clone())
            .hint("check the end of crediting_period: a JCM crediting period runs for years, not centuries"),
        );
    }
    if let Some(last) = before_crediting(project).last() {
        if last.end.succ_opt() != Some(project.crediting.0) {
            d.push(
                Diagnostic::new(
                    Code::BadHistory,
                    format!("the last [[history]] step ends {}, but the crediting period starts {}", last.end, project.crediting.0),
                )
                .at(&project.src, last.span.clone())
                .hint("the estimated years start with the crediting period; the history must end the day before"),
            );
        }
    }
    d.finish().map(|_| ())
}

fn years(project: &Project, d: &mut Diags) {
    for h in &project.history {
        if !is_year(h.start, h.end) {
            d.push(not_a_year(project, &format!("[[history]] step {} to {}", h.start, h.end), h.span.clone()));
        }
    }
}

fn not_a_year(project: &Project, what: &str, span: std::ops::Range<usize>) -> Diagnostic {
    Diagnostic::new(Code::BadHistory, format!("{what} is not one year long, but {} steps `past` by year", project.methodology.id))
        .at(&project.src, span)
        .hint("use yearly monitoring periods, e.g. 2024-01-01 to 2024-12-31")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_start_to_the_day_before_its_anniversary() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(is_year(d(2024, 1, 1), d(2024, 12, 31)));
        assert!(is_year(d(2023, 7, 1), d(2024, 6, 30)));
        assert!(is_year(d(2020, 2, 29), d(2021, 2, 28)), "the natural year from 29 Feb");
        assert!(!is_year(d(2020, 2, 29), d(2021, 2, 27)), "a day short");
        assert!(is_year(d(2023, 3, 1), d(2024, 2, 29)));
        assert!(!is_year(d(2024, 1, 1), d(2024, 6, 30)));
        assert!(!is_year(d(2024, 1, 1), d(2025, 1, 1)));
    }
}
