//! Missing months: a monitored parameter read month after month, with some months of a period
//! left without any reading. Each bucket of the reader already keeps the months it saw
//! ([`crate::monitoring::aggregate::Agg::months`]), so this costs nothing more than the read.
//!
//! Only months that lie wholly inside the period count, and only a parameter read in more than
//! half of them is taken to be read monthly: a parameter read once a period or once a quarter
//! is not flagged.

use crate::diag::{Code, Diagnostic};
use crate::monitoring::Monitoring;
use crate::monitoring::aggregate::month_of;
use crate::project::Project;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

fn month_name(k: i32) -> String {
    format!("{}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1)
}

/// The months wholly inside `start..=end`.
fn whole_months(start: NaiveDate, end: NaiveDate) -> Vec<i32> {
    let first = if start.day() == 1 { month_of(start) } else { month_of(start) + 1 };
    let last = if end.succ_opt().is_some_and(|n| n.day() == 1) { month_of(end) } else { month_of(end) - 1 };
    (first..=last).collect()
}

pub fn check(project: &Project, mon: &Monitoring) -> Vec<Diagnostic> {
    let m = &project.methodology;
    let mut out = Vec::new();
    for (sym, s) in m.monitored() {
        let file = mon.columns.iter().find(|c| c.sym == sym).and_then(|c| mon.files.get(c.file)).map(|f| f.path.clone());
        let Some(file) = file else { continue };
        for (pi, period) in project.periods.iter().enumerate() {
            let Some(slices) = mon.periods.get(pi) else { continue };
            let wanted = whole_months(period.start, period.end);
            let mut points: BTreeSet<Option<usize>> = BTreeSet::new();
            for sl in slices {
                points.extend(sl.cells.keys().filter(|(k, _)| *k == sym).map(|(_, p)| *p));
            }
            for point in points {
                let mut seen: BTreeSet<i32> = BTreeSet::new();
                for sl in slices {
                    if let Some(a) = sl.cells.get(&(sym, point)) {
                        seen.extend(a.months.keys().copied());
                    }
                }
                let have = wanted.iter().filter(|k| seen.contains(k)).count();
                let missing: Vec<String> = wanted.iter().filter(|k| !seen.contains(k)).map(|&k| month_name(k)).collect();
                if missing.is_empty() || have < 2 || have * 2 <= wanted.len() {
                    continue;
                }
                let at = point.map(|p| format!(" at {}", project.points[p].id)).unwrap_or_default();
                out.push(
                    Diagnostic::new(
                        Code::MissingMonths,
                        format!(
                            "no readings of {}{at} in {} (period {} has readings in {have} of its {} months)",
                            s.name,
                            missing.join(", "),
                            period.id,
                            wanted.len()
                        ),
                    )
                    .in_file(file.clone())
                    .hint("add the missing readings, or a row with 0 for a month without any"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_months_count() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(whole_months(d(2021, 1, 1), d(2021, 12, 31)).len(), 12);
        let w = whole_months(d(2024, 7, 15), d(2025, 7, 14));
        assert_eq!((month_name(w[0]), month_name(*w.last().unwrap()), w.len()), ("2024-08".into(), "2025-06".into(), 11));
        assert!(whole_months(d(2021, 3, 2), d(2021, 3, 30)).is_empty());
    }
}
