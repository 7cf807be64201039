//! Coverage: after every file is read, each monitored parameter the project needs has a column,
//! and readings at every point of its index in every period. Checked on the buckets, so it
//! costs nothing per row.

use super::model::Monitoring;
use crate::diag::{Code, Diagnostic, Diags};
use crate::methodology::model::Kind;
use crate::project::Project;

/// Every monitored parameter has readings, at every point of its index, in every period.
pub fn check(project: &Project, mon: &Monitoring, d: &mut Diags) {
    let m = &project.methodology;
    let first_file = mon.files.first().map(|f| f.path.clone()).unwrap_or_default();
    for (sym, s) in m.monitored().chain(m.categories()) {
        if !project.needed.get(sym).copied().unwrap_or(true) {
            continue; // the project's options do not read it
        }
        if !mon.columns.iter().any(|c| c.sym == sym) {
            d.push(
                Diagnostic::new(
                    Code::NoReadings,
                    format!("no monitoring file has a column for {} ({}, {})", s.name, s.description.clone().unwrap_or_default(), s.unit),
                )
                .in_file(first_file.clone())
                .hint(if matches!(s.kind, Kind::Category { .. }) {
                    format!("add a column `{}` with one of its categories per row", s.name)
                } else {
                    format!("add a column `{} [{}]`", s.name, s.unit)
                }),
            );
            continue;
        }
        if matches!(s.kind, Kind::Category { .. }) {
            continue; // words are not bucketed; the row equations that read them are
        }
        for (pi, period) in project.periods.iter().enumerate() {
            let cells = &mon.periods[pi];
            match s.index {
                Some(ix) => {
                    for p in project.points_of(ix) {
                        let has = cells.iter().any(|sl| sl.cells.contains_key(&(sym, Some(p))));
                        if !has {
                            d.push(
                                Diagnostic::new(
                                    Code::NoReadings,
                                    format!(
                                        "no readings of {} at point {} in period {} ({} to {})",
                                        s.name, project.points[p].id, period.id, period.start, period.end
                                    ),
                                )
                                .in_file(first_file.clone())
                                .hint("add the readings, or a row with 0 if the point produced nothing"),
                            );
                        }
                    }
                }
                None => {
                    if !cells.iter().any(|sl| sl.cells.keys().any(|(k, _)| *k == sym)) {
                        d.push(
                            Diagnostic::new(
                                Code::NoReadings,
                                format!("no readings of {} in period {} ({} to {})", s.name, period.id, period.start, period.end),
                            )
                            .in_file(first_file.clone()),
                        );
                    }
                }
            }
        }
    }
}
