//! Where a row of a monitoring file belongs ([`Placer`]): its time, its point, and the period and
//! calendar-year slice that hold it, or the problem that stops it (no date, an unknown point, a
//! CCS reading after injection ended).
//!
//! Interval data repeats each time once per point, and lists the points in the same order at
//! every time: the date cell of the last row is kept with where it belongs, so that the rows of
//! one time are placed once, and the next row's point is tried first.

use super::aggregate::month_of;
use super::header::Layout;
use super::locate::Problems;
use super::model::{Place, slice_index};
use super::record::Record;
use super::timestamp::{DateCache, fmt_ts, not_a_date_hint, parse_timestamp_with};
use crate::diag::{Code, EXCERPT, escape_excerpt};
use crate::project::Project;
use chrono::{NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;

/// What placing the rows of one file keeps from row to row.
pub struct Placer<'a> {
    point_ids: FxHashMap<&'a str, usize>,
    /// The point of the previous row: meter exports list the points in the same order at every
    /// time, so the next row's point is usually the one after it.
    last_point: usize,
    /// Whether a cell equal to a point's id, byte for byte, names that point (the ids are
    /// unique and have no padding that the look-up would trim).
    predict: bool,
    dates: DateCache,
    /// The date cell of the last row placed, with its time, month and bucket: the rows of one
    /// time (a reading per point) are placed once.
    when: (Vec<u8>, Option<When>),
}

/// Where a time belongs: its row's time, date, month and bucket (see [`RowPlace`]).
#[derive(Clone, Copy)]
struct When {
    ts: NaiveDateTime,
    date: NaiveDate,
    month: i32,
    bucket: Option<(usize, usize)>,
}

/// Where a row belongs.
pub struct RowPlace {
    pub ts: NaiveDateTime,
    pub date: NaiveDate,
    /// As [`super::aggregate::Agg::months`] counts months.
    pub month: i32,
    pub point: Option<usize>,
    /// (period, calendar-year slice); `None` for a row outside every period.
    pub bucket: Option<(usize, usize)>,
    pub date_col: usize,
    /// Where the row is in the file.
    pub at: Place,
}

impl<'a> Placer<'a> {
    pub fn new(project: &'a Project) -> Placer<'a> {
        let ids = || project.points.iter().map(|p| p.id.as_str());
        Placer {
            point_ids: ids().enumerate().map(|(i, id)| (id, i)).collect(),
            last_point: usize::MAX,
            predict: ids().all(|id| id.trim() == id) && ids().collect::<std::collections::HashSet<_>>().len() == project.points.len(),
            dates: DateCache::default(),
            when: (Vec::new(), None),
        }
    }

    /// The row's time, point, period and slice; `None` (with the problem) when it has no valid
    /// date or point, or when a CCS project's reading is dated after injection ended. Inlined
    /// into the row loop: its answer is read from registers, not through memory.
    #[inline]
    pub fn place(&mut self, project: &Project, layout: &Layout, rec: &Record, at: Place, problems: &mut Problems) -> Option<RowPlace> {
        let date_col = layout.date_col?;
        let raw = rec.get(date_col).unwrap_or_default();
        let cached = if same_bytes(&self.when.0, raw) { self.when.1 } else { None };
        let Some(ts) = cached.map(|w| w.ts).or_else(|| cell(rec, date_col).and_then(|t| parse_timestamp_with(&mut self.dates, t))) else {
            let text = String::from_utf8_lossy(rec.get(date_col).unwrap_or_default()).trim().to_string();
            let (message, hint) = if text.is_empty() {
                (
                    "empty cell where the date belongs".to_string(),
                    "every reading needs its date; remove the row if there was no reading".to_string(),
                )
            } else {
                // Quoted from the bytes: a date that is not UTF-8 is shown escaped.
                let shown = escape_excerpt(trim_bytes(rec.get(date_col).unwrap_or_default()), EXCERPT);
                (format!("`{shown}` is not a date"), not_a_date_hint(&text))
            };
            problems.push(at.problem(date_col, Code::BadDate, message, Some(hint)));
            return None;
        };
        let point = match layout.point_col {
            None => None,
            Some(pc) => {
                let next = if self.last_point.wrapping_add(1) < project.points.len() { self.last_point.wrapping_add(1) } else { 0 };
                let text = rec.get(pc).unwrap_or_default();
                if self.predict && project.points.get(next).is_some_and(|p| same_bytes(p.id.as_bytes(), text)) {
                    self.last_point = next;
                    Some(next)
                } else {
                    let id = cell(rec, pc).unwrap_or("");
                    let Some(&p) = self.point_ids.get(id) else {
                        let known: Vec<&str> = project.points.iter().map(|p| p.id.as_str()).collect();
                        // Quoted from the bytes: a name that is not UTF-8 is shown escaped, never as "".
                        let shown = escape_excerpt(trim_bytes(rec.get(pc).unwrap_or_default()), EXCERPT);
                        problems.push(at.problem(
                            pc,
                            Code::UnknownPoint,
                            format!("point `{shown}` is not declared in project.toml"),
                            Some(format!("the points are {}", known.join(", "))),
                        ));
                        return None;
                    };
                    self.last_point = p;
                    Some(p)
                }
            }
        };
        if let Some(w) = cached {
            return Some(RowPlace { ts, date: w.date, month: w.month, point, bucket: w.bucket, date_col, at });
        }
        let date = ts.date();
        let pi = project.periods.partition_point(|p| p.end < date);
        let period = project.periods.get(pi).filter(|p| p.contains(date));
        // A CCS project is credited up to the end of injection; a period may run past it, its readings may not.
        if let (Some(p), Some(c)) = (period, &project.ccs) {
            if date > c.injection.1 {
                let end = c.injection.1;
                problems.push(at.problem(
                    date_col,
                    Code::ReadingAfterInjection,
                    format!("a reading dated {} in period {} is after CO2 injection ended ({end})", fmt_ts(ts), p.id),
                    Some(format!(
                        "nothing after injection ends is credited: end the period on {end} or leave this row out; CO2 that leaked after it goes in [[ccs.reversals]]"
                    )),
                ));
                return None;
            }
        }
        let bucket = period.map(|p| (pi, slice_index(p.start, date)));
        let w = When { ts, date, month: month_of(date), bucket };
        self.when.0.clear();
        self.when.0.extend_from_slice(raw);
        self.when.1 = Some(w);
        Some(RowPlace { ts, date, month: w.month, point, bucket, date_col, at })
    }
}

/// Whether two short cells hold the same bytes: compared eight at a time, inline (a call to
/// `memcmp` for a few bytes costs more than the comparison, twice a row).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (x, y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| u64::from_ne_bytes(c.try_into().unwrap_or_default());
    let same_rest = x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q);
    same_rest && x.zip(y).all(|(p, q)| word(p) == word(q))
}

/// A cell's bytes without the spaces around them.
fn trim_bytes(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// The text of a cell, trimmed; `None` if it is not UTF-8.
pub fn cell(rec: &Record, k: usize) -> Option<&str> {
    std::str::from_utf8(rec.get(k).unwrap_or_default()).ok().map(str::trim)
}
