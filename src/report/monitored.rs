//! The monitored values over time, for a report to draw: per parameter (a monitored one or a
//! row equation) and point, one value per calendar month — the readings' sum for a parameter
//! aggregated by sum, their mean otherwise. Built from the months the reader kept
//! ([`crate::compute::monthly`]); not part of the JSON (which carries the period figures).

use crate::compute::Calculation;
use crate::methodology::model::{Aggregate, Kind};
use crate::project::Project;
use rust_decimal::Decimal;

/// One parameter at one point, month by month.
#[derive(Debug, Clone)]
pub struct MonitoredSeries {
    pub symbol: String,
    pub description: Option<String>,
    pub unit: String,
    /// The point's id; `None` for a file without a point column.
    pub point: Option<String>,
    /// `sum` (each month's readings added up) or `mean` (their mean).
    pub per_month: &'static str,
    pub months: Vec<MonthValue>,
}

#[derive(Debug, Clone)]
pub struct MonthValue {
    /// `2021-03`.
    pub month: String,
    pub value: Decimal,
    pub readings: u64,
}

/// `2021-03` for a month counted as year × 12 + month − 1.
pub fn month_name(k: i32) -> String {
    format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1)
}

pub fn build(project: &Project, calc: &Calculation) -> Vec<MonitoredSeries> {
    let m = &project.methodology;
    calc.monthly
        .iter()
        .filter_map(|s| {
            let sym = &m.symbols[s.sym];
            let mean = match &sym.kind {
                Kind::Monitored { aggregate, .. } => *aggregate != Aggregate::Sum,
                Kind::Equation(e) if e.per_row => false,
                _ => return None,
            };
            let months = s
                .months
                .iter()
                .map(|(k, mv)| MonthValue { month: month_name(*k), value: if mean { mv.mean() } else { mv.sum() }, readings: mv.count })
                .collect();
            Some(MonitoredSeries {
                symbol: sym.name.clone(),
                description: sym.description.clone(),
                unit: sym.unit.to_string(),
                point: s.point.map(|p| project.points[p].id.clone()),
                per_month: if mean { "mean" } else { "sum" },
                months,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_months() {
        assert_eq!(month_name(2021 * 12), "2021-01");
        assert_eq!(month_name(2021 * 12 + 11), "2021-12");
    }
}
