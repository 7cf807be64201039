//! One monitoring file, streamed: its header read into a [`Layout`], then each row placed (its
//! time, point, period and calendar-year slice), its cells read and checked, and its readings
//! and row-equation results folded into the slice's buckets. Nothing of a row is kept once the
//! next is read. Problems wait in [`Problems`] and are located when the file is done.
//!
//! This is the hot path of every calculation: per row it parses, looks up and adds, and leaves
//! everything that can be worked out once per file (the roles of the columns, the point ids,
//! the row equations) to the header.

use super::aggregate::{Frac, month_of};
use super::header::Layout;
use super::locate::{Place, Problems};
use super::reader::{Monitoring, Reading, ReadingCorrection, slice_index};
use super::rows;
use super::source::Rows;
use super::timestamp::{DateCache, fmt_ts, not_a_date_hint, parse_timestamp_with};
use crate::diag::{Code, Diagnostic, Diags, EXCERPT, escape_excerpt};
use crate::engine::number::parse_cell_bytes;
use crate::engine::units::Conversion;
use crate::project::Project;
use crate::rows::RowEval;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// What carries over from one file to the next.
pub struct Ctx<'a> {
    pub project: &'a Project,
    /// The row plan the pipeline built for this project; each file starts from a copy.
    pub rows: &'a RowEval<'a>,
    pub corrections: &'a [ReadingCorrection],
    /// Last reading time per (parameter, point), with its line and file, to catch repeats.
    pub order: Order,
    pub observe: &'a mut dyn FnMut(&Reading),
    /// Per line of `[monitoring.columns]`, whether a file so far had its heading.
    pub maps_seen: Vec<bool>,
    /// How many files had their headings read (a file that could not be opened has none).
    pub headers_read: usize,
}

/// The last reading time of each (parameter, point), with its line and file (line 0: none yet),
/// in a dense table: one look-up per reading without hashing.
pub struct Order {
    /// Per symbol, per point (0 for a file without points, else 1 + the point): allocated for a
    /// symbol when it is first read.
    slots: Vec<Vec<(NaiveDateTime, u64, usize)>>,
    points: usize,
}

impl Order {
    pub fn new(symbols: usize, points: usize) -> Order {
        Order { slots: vec![Vec::new(); symbols], points }
    }

    fn slot(&mut self, sym: usize, point: Option<usize>) -> &mut (NaiveDateTime, u64, usize) {
        let per = &mut self.slots[sym];
        if per.is_empty() {
            *per = vec![(NaiveDateTime::MIN, 0, 0); self.points + 1];
        }
        &mut per[point.map_or(0, |p| p + 1)]
    }
}

/// A row with nothing in it (every cell empty or blank).
#[inline]
fn is_blank(rec: &csv::ByteRecord) -> bool {
    rec.as_slice().iter().all(u8::is_ascii_whitespace)
}

/// Stream file `fi` into `mon`: its rows above `header_row` and its blank rows skipped, the
/// header read, then every row. Problems that stop the file go to `d`; row problems are
/// handed back, to be located by the caller (who knows how to quote the file). A CSV's
/// problems quote their record as read ([`Problems::quote`]): the file is never read twice.
/// The flag is `false` when the read stopped before the end of the file (a record too long, an
/// I/O error, a byte that does not decode): the rest is not to be read, nor hashed.
pub fn read<S: Rows>(ctx: &mut Ctx, rows: &mut S, shown: &str, fi: usize, mon: &mut Monitoring, d: &mut Diags) -> (Problems, bool) {
    let mut rec = csv::ByteRecord::new();
    let header_row = ctx.project.monitoring.header_row.max(1);
    let header_at = loop {
        match rows.next_row(&mut rec) {
            Ok(Some(at)) if at.line < header_row || is_blank(&rec) => {}
            Ok(Some(at)) => break at,
            Ok(None) => {
                let message = if header_row > 1 {
                    format!("{shown} has nothing on row {header_row} (header_row) or below")
                } else {
                    format!("{shown} is empty")
                };
                d.push(
                    Diagnostic::new(Code::CsvHeader, message)
                        .in_file(shown)
                        .hint("the headings row names the columns: date, point, then parameters"),
                );
                return (Problems::default(), true);
            }
            Err(e) => {
                d.push(e);
                return (Problems::default(), false);
            }
        }
    };
    ctx.headers_read += 1;
    let mut problems = Problems::default();
    let layout = Layout::read(ctx.project, &rec, header_at, shown, fi, &mut mon.columns, &mut problems);
    let quotes = rows.quotes_records();
    if quotes {
        problems.quote(&rec);
    }
    for (seen, found) in ctx.maps_seen.iter_mut().zip(&layout.maps_found) {
        *seen |= found;
    }
    for h in &layout.not_used {
        let h = if ctx.project.monitoring_files.len() > 1 {
            format!("{} ({shown})", escape_excerpt(h, EXCERPT))
        } else {
            escape_excerpt(h, EXCERPT)
        };
        if !mon.not_used.contains(&h) {
            mon.not_used.push(h);
        }
    }
    let header_ok = problems.is_empty();
    let project = ctx.project;
    let mut file = FileReader {
        point_ids: project.points.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect(),
        last_point: usize::MAX,
        predict: project.points.iter().all(|p| p.id.trim() == p.id)
            && project.points.iter().map(|p| p.id.as_str()).collect::<std::collections::HashSet<_>>().len() == project.points.len(),
        row_eval: ctx.rows.clone(),
        ctx,
        layout: &layout,
        fi,
        shown,
        dates: DateCache::default(),
        problems,
    };
    let mut whole = true;
    loop {
        let at = match rows.next_row(&mut rec) {
            Ok(Some(at)) => at,
            Ok(None) => break,
            Err(e) => {
                d.push(e);
                whole = false;
                break;
            }
        };
        if is_blank(&rec) {
            continue; // a blank line, or a row of empty cells
        }
        mon.files[fi].rows += 1;
        if header_ok {
            file.row(&rec, at, mon);
            if quotes {
                file.problems.quote(&rec);
            }
        }
    }
    (file.problems, whole)
}

/// The state of one file while its rows stream.
struct FileReader<'a, 'c> {
    ctx: &'c mut Ctx<'a>,
    layout: &'c Layout,
    fi: usize,
    shown: &'c str,
    point_ids: FxHashMap<&'a str, usize>,
    /// The point of the previous row: meter exports list the points in the same order at every
    /// time, so the next row's point is usually the one after it.
    last_point: usize,
    /// Whether a cell equal to a point's id, byte for byte, names that point (the ids are
    /// unique and have no padding that the look-up would trim).
    predict: bool,
    /// The values of the current row, for its row equations.
    row_eval: RowEval<'a>,
    dates: DateCache,
    problems: Problems,
}

/// Where a row belongs.
struct RowPlace {
    ts: NaiveDateTime,
    date: NaiveDate,
    /// As [`super::aggregate::Agg::months`] counts months.
    month: i32,
    point: Option<usize>,
    /// (period, calendar-year slice); `None` for a row outside every period.
    bucket: Option<(usize, usize)>,
    date_col: usize,
    /// Where the row is in the file.
    at: Place,
}

/// A cell's bytes without the spaces around them.
fn trim_bytes(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// The text of a cell, trimmed; `None` if it is not UTF-8.
fn cell(rec: &csv::ByteRecord, k: usize) -> Option<&str> {
    std::str::from_utf8(rec.get(k).unwrap_or_default()).ok().map(str::trim)
}

impl FileReader<'_, '_> {
    /// Read one row: place it, read its categories and readings, evaluate its row equations,
    /// and count it when nothing in it is wrong.
    fn row(&mut self, rec: &csv::ByteRecord, at: Place, mon: &mut Monitoring) {
        if (rec.len() != self.layout.headers.len() || !self.layout.unnamed.is_empty()) && !self.shape(rec, at) {
            return;
        }
        let Some(row) = self.place(rec, at) else { return };
        // Every cell is read even after a bad one, so that each problem of the row is reported.
        let mut ok = self.categories(rec, &row);
        ok &= self.readings(rec, &row, mon);
        if ok && !self.layout.row_eqs.is_empty() {
            ok = self.row_equations(&row, mon);
        }
        if !ok {
            return;
        }
        if row.bucket.is_some() {
            mon.rows_used += 1;
        } else {
            mon.rows_outside += 1;
            if mon.first_outside.is_none() {
                mon.first_outside = Some((self.shown.to_string(), at.line));
            }
        }
    }

    /// Whether the row fits the header: a field for every column with a heading, and nothing
    /// in a column without one (a trailing comma, an empty column, are fine).
    fn shape(&mut self, rec: &csv::ByteRecord, at: Place) -> bool {
        let (n_cols, named) = (self.layout.headers.len(), self.layout.named);
        let filled = |k: usize| rec.get(k).is_some_and(|f| !f.iter().all(u8::is_ascii_whitespace));
        let extra = (n_cols..rec.len()).find(|&k| filled(k));
        if rec.len() < named || extra.is_some() {
            self.problems.push(at.problem(
                rec.len().min(n_cols).saturating_sub(1),
                Code::CsvSyntax,
                format!("this row has {} fields, the header has {named}", rec.len()),
                Some("every row needs one value per column (quote a value that contains a comma)".into()),
            ));
            return false;
        }
        if let Some(&k) = self.layout.unnamed.iter().find(|&&k| filled(k)) {
            self.problems.push(at.problem(
                k,
                Code::CsvSyntax,
                "this cell has a value, but its column has no heading".into(),
                Some("name the column in the headings row, or remove the value".into()),
            ));
            return false;
        }
        true
    }

    /// The row's time, point, period and slice; `None` (with the problem) when it has no valid
    /// date or point, or when a CCS project's reading is dated after injection ended.
    fn place(&mut self, rec: &csv::ByteRecord, at: Place) -> Option<RowPlace> {
        let project = self.ctx.project;
        let date_col = self.layout.date_col?;
        let Some(ts) = cell(rec, date_col).and_then(|t| parse_timestamp_with(&mut self.dates, t)) else {
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
            self.problems.push(at.problem(date_col, Code::BadDate, message, Some(hint)));
            return None;
        };
        let date = ts.date();
        let point = match self.layout.point_col {
            None => None,
            Some(pc) => {
                let next = self.last_point.wrapping_add(1) % project.points.len().max(1);
                let text = rec.get(pc).unwrap_or_default();
                if self.predict && project.points.get(next).is_some_and(|p| p.id.as_bytes() == text) {
                    self.last_point = next;
                    Some(next)
                } else {
                    let id = cell(rec, pc).unwrap_or("");
                    let Some(&p) = self.point_ids.get(id) else {
                        let known: Vec<&str> = project.points.iter().map(|p| p.id.as_str()).collect();
                        // Quoted from the bytes: a name that is not UTF-8 is shown escaped, never as "".
                        let shown = escape_excerpt(trim_bytes(rec.get(pc).unwrap_or_default()), EXCERPT);
                        self.problems.push(at.problem(
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
        let pi = project.periods.partition_point(|p| p.end < date);
        let period = project.periods.get(pi).filter(|p| p.contains(date));
        // A CCS project is credited up to the end of injection; a period may run past it, its readings may not.
        if let (Some(p), Some(c)) = (period, &project.ccs) {
            if date > c.injection.1 {
                let end = c.injection.1;
                self.problems.push(at.problem(
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
        Some(RowPlace { ts, date, month: month_of(date), point, bucket, date_col, at })
    }

    /// The row's categorical cells, set for its row equations; `false` if one is not a category.
    fn categories(&mut self, rec: &csv::ByteRecord, row: &RowPlace) -> bool {
        let mut ok = true;
        for &(k, sym) in &self.layout.categories {
            match rows::category(self.ctx.project, sym, &String::from_utf8_lossy(rec.get(k).unwrap_or_default())) {
                Ok(word) => self.row_eval.set(sym, row.point, Decimal::from(word)),
                Err((message, hint)) => {
                    self.problems.push(row.at.problem(k, Code::BadCategory, message, Some(hint)));
                    ok = false;
                }
            }
        }
        ok
    }

    /// The row's numeric cells; `false` if one of them is wrong.
    fn readings(&mut self, rec: &csv::ByteRecord, row: &RowPlace, mon: &mut Monitoring) -> bool {
        let layout = self.layout;
        let mut ok = true;
        for (k, sym, conv) in &layout.params {
            ok &= self.reading(rec, *k, *sym, conv, row, mon);
        }
        ok
    }

    /// One reading: parsed, converted, checked against its bounds and its time order, shown to
    /// the observer, corrected, and added into its bucket; `false` (with the problem) if it fails.
    fn reading(&mut self, rec: &csv::ByteRecord, k: usize, sym: usize, conv: &Conversion, row: &RowPlace, mon: &mut Monitoring) -> bool {
        let at = row.at;
        let s = &self.ctx.project.methodology.symbols[sym];
        let header = &self.layout.headers[k];
        let v = match parse_cell_bytes(rec.get(k).unwrap_or_default()) {
            Ok(v) => v,
            Err(e) => return self.fail(at.problem(k, Code::BadCell, format!("{header}: {}", e.message), Some(e.hint.into()))),
        };
        // Kept as an exact fraction for the sum; `v`, rounded once if it must be, is for the
        // bounds, the observer and the row equations.
        let Some(exact) = conv.numerator(v).map(|num| Frac { num, den: conv.den }) else {
            let message = format!("{header}: the value overflows when converted to {}", s.unit);
            return self.fail(at.problem(k, Code::Arithmetic, message, None));
        };
        let Some(v) = exact.value() else {
            let message = format!("{header}: the value overflows when converted to {}", s.unit);
            return self.fail(at.problem(k, Code::Arithmetic, message, None));
        };
        if let Some(why) = s.bounds.violation(v) {
            let message = format!("{} = {} {} is {why}", s.name, v.normalize(), s.unit);
            return self.fail(at.problem(k, Code::OutOfBounds, message, Some("check the meter reading and its unit".into())));
        }
        if !self.in_time_order(sym, row, mon) {
            return false;
        }
        (self.ctx.observe)(&Reading { file: self.fi, field: k, sym, point: row.point, value: v, line: at.line, byte: at.byte });
        let Some((pi, si)) = row.bucket else { return true };
        let Some((v, corrected)) = correct(self.ctx.corrections, sym, row, exact, &mut mon.corrected) else {
            return self.fail(at.problem(k, Code::Arithmetic, format!("{header}: the corrected value overflows"), None));
        };
        // The row's values are kept only for its row equations; most methodologies have none.
        if !self.layout.row_eqs.is_empty() {
            let Some(rounded) = v.value() else {
                return self.fail(at.problem(k, Code::Arithmetic, format!("{header}: the corrected value overflows"), None));
            };
            self.row_eval.set(sym, row.point, rounded);
        }
        let Some(slice) = mon.periods[pi].get_mut(si) else { return true };
        let key = (sym, row.point);
        let added = rows::add(&mut slice.cells, key, v, self.fi, at.line, row.month);
        if corrected {
            if let Some(a) = slice.cells.get_mut(&key) {
                a.corrected += 1;
            }
        }
        added || self.fail(at.problem(k, Code::Arithmetic, format!("the sum of {} overflows", s.name), None))
    }

    /// Readings of a parameter at a point come in time order, once each: `false` (with the
    /// problem) for a repeat or a step back; otherwise the reading becomes the last one seen.
    fn in_time_order(&mut self, sym: usize, row: &RowPlace, mon: &Monitoring) -> bool {
        let at = row.at;
        // One hash per reading: look the key up once, and update the slot in place.
        let slot = self.ctx.order.slot(sym, row.point);
        let (last, last_line, last_file) = *slot;
        if last_line == 0 || row.ts > last {
            *slot = (row.ts, at.line, self.fi);
            return true;
        }
        let project = self.ctx.project;
        let name = &project.methodology.symbols[sym].name;
        let pname = row.point.map(|p| format!(" at point {}", project.points[p].id)).unwrap_or_default();
        let msg = if row.ts == last {
            format!("a second reading of {name}{pname} for {}", fmt_ts(row.ts))
        } else {
            format!("readings of {name}{pname} go back in time: {} comes after {}", fmt_ts(row.ts), fmt_ts(last))
        };
        let where_ =
            if last_file == self.fi { format!("line {last_line}") } else { format!("line {last_line} of {}", mon.files[last_file].path) };
        let hint = format!("the earlier reading is on {where_}; list readings in time order, once each");
        self.fail(at.problem(row.date_col, Code::DuplicateReading, msg, Some(hint)))
    }

    /// The row equations, evaluated from the row's values and added into its bucket; `false`
    /// (with the problem) if one cannot be evaluated or its sum overflows.
    fn row_equations(&mut self, row: &RowPlace, mon: &mut Monitoring) -> bool {
        let Some((pi, si)) = row.bucket else { return true };
        let at = row.at;
        let project = self.ctx.project;
        let m = &project.methodology;
        let results = match self.row_eval.eval(&self.layout.row_eqs, row.point) {
            Ok(results) => results,
            Err(e) => {
                // Shown at the column of the part at fault (the zero divisor), else at the first
                // of the file's columns that the equation reads.
                let culprits = crate::rows::named_within(project, e.equation, e.span);
                let inputs: Vec<usize> = crate::rows::inputs(project, e.equation).into_iter().collect();
                let column = |syms: &[usize]| self.layout.column_syms.iter().find(|(_, s)| syms.contains(s)).map(|(f, _)| *f);
                let field = column(&culprits).or_else(|| column(&inputs)).unwrap_or(0);
                let message = format!("row equation {}: {}", m.symbols[e.equation].name, e.message);
                return self.fail(at.problem(field, Code::Arithmetic, message, None));
            }
        };
        let Some(slice) = mon.periods[pi].get_mut(si) else { return true };
        let mut ok = true;
        for (sym, v) in results {
            if !rows::add(&mut slice.cells, (sym, row.point), Frac::whole(v), self.fi, at.line, row.month) {
                self.problems.push(at.problem(0, Code::Arithmetic, format!("the sum of {} overflows", m.symbols[sym].name), None));
                ok = false;
            }
        }
        ok
    }

    /// Record a problem; `false`, for the check that found it to return.
    fn fail(&mut self, p: super::locate::Pending) -> bool {
        self.problems.push(p);
        false
    }
}

/// A reading multiplied by every correction that covers it, counting each in `counts`, and
/// whether any did; `None` on overflow (then nothing is counted).
fn correct(cs: &[ReadingCorrection], sym: usize, row: &RowPlace, v: Frac, counts: &mut [u64]) -> Option<(Frac, bool)> {
    if cs.is_empty() {
        return Some((v, false)); // most projects: nothing to look at per reading
    }
    let applies =
        |c: &ReadingCorrection| c.sym == sym && (c.point.is_none() || c.point == row.point) && c.from <= row.date && row.date <= c.to;
    let v = cs.iter().filter(|c| applies(c)).try_fold(v, |v, c| v.times(c.factor))?;
    let mut corrected = false;
    for (n, c) in counts.iter_mut().zip(cs) {
        if applies(c) {
            *n += 1;
            corrected = true;
        }
    }
    Some((v, corrected))
}
