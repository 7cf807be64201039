//! One monitoring file, streamed: its header read into a [`Layout`], then each row placed (its
//! time, point, period and calendar-year slice), its cells read and checked, and its readings
//! and row-equation results folded into the slice's buckets. Nothing of a row is kept once the
//! next is read. Problems wait in [`Problems`] and are located when the file is done.
//!
//! This is the hot path of every calculation: per row it parses, looks up and adds, and leaves
//! everything that can be worked out once per file (the roles of the columns, the point ids,
//! the row equations) to the header.

use super::accumulate::{Shift, Tracks, parse_plain};
use super::aggregate::Frac;
use super::header::Layout;
use super::locate::Problems;
use super::model::{Monitoring, Place, Reading, ReadingCorrection};
use super::place::{Placer, RowPlace};
use super::record::Record;
use super::rows;
use super::source::Rows;
use super::timestamp::fmt_ts;
use crate::diag::{Code, Diagnostic, Diags, EXCERPT, escape_excerpt};
use crate::engine::number::parse_cell_bytes;
use crate::engine::units::Conversion;
use crate::project::Project;
use crate::rows::RowEval;
use rust_decimal::Decimal;

/// What carries over from one file to the next.
pub struct Ctx<'a> {
    pub project: &'a Project,
    /// The row plan the pipeline built for this project; each file starts from a copy.
    pub rows: &'a RowEval<'a>,
    pub corrections: &'a [ReadingCorrection],
    /// Per (parameter, point): the last reading's time, line and file, to catch repeats, and
    /// the current run of readings ([`Tracks`]).
    pub tracks: Tracks,
    pub observe: &'a mut dyn FnMut(&Reading),
    /// Per line of `[monitoring.columns]`, whether a file so far had its heading.
    pub maps_seen: Vec<bool>,
    /// How many files had their headings read (a file that could not be opened has none).
    pub headers_read: usize,
}

/// Stream file `fi` into `mon`: its rows above `header_row` and its blank rows skipped, the
/// header read, then every row. Problems that stop the file go to `d`; row problems are
/// handed back, to be located by the caller (who knows how to quote the file). A CSV's
/// problems quote their record as read ([`Problems::quote`]): the file is never read twice.
/// The flag is `false` when the read stopped before the end of the file (a record too long, an
/// I/O error, a byte that does not decode): the rest is not to be read, nor hashed.
pub fn read<S: Rows>(ctx: &mut Ctx, rows: &mut S, shown: &str, fi: usize, mon: &mut Monitoring, d: &mut Diags) -> (Problems, bool) {
    let mut rec = Record::new();
    let header_row = ctx.project.monitoring.header_row.max(1);
    let header_at = loop {
        match rows.next_row(&mut rec) {
            Ok(Some(at)) if at.line < header_row || rec.is_blank() => {}
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
        placer: Placer::new(project),
        row_eval: ctx.rows.clone(),
        // Readings are summed in fixed point where a column's conversion allows; corrected ones
        // take the general path.
        shifts: layout.params.iter().map(|(_, _, c)| if ctx.corrections.is_empty() { Shift::of(c) } else { None }).collect(),
        ctx,
        layout: &layout,
        fi,
        shown,
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
        if rec.is_blank() {
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
    file.ctx.tracks.flush_all(&mut mon.periods, fi);
    (file.problems, whole)
}

/// The state of one file while its rows stream.
struct FileReader<'a, 'c> {
    ctx: &'c mut Ctx<'a>,
    layout: &'c Layout,
    fi: usize,
    shown: &'c str,
    /// Where each row belongs.
    placer: Placer<'a>,
    /// The values of the current row, for its row equations.
    row_eval: RowEval<'a>,
    /// Per numeric column (as `layout.params`), its conversion as a shift of fixed-point readings.
    shifts: Vec<Option<Shift>>,
    problems: Problems,
}

impl FileReader<'_, '_> {
    /// Read one row: place it, read its categories and readings, evaluate its row equations,
    /// and count it when nothing in it is wrong.
    fn row(&mut self, rec: &Record, at: Place, mon: &mut Monitoring) {
        if (rec.len() != self.layout.headers.len() || !self.layout.unnamed.is_empty()) && !self.shape(rec, at) {
            return;
        }
        let Some(row) = self.placer.place(self.ctx.project, self.layout, rec, at, &mut self.problems) else { return };
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
    fn shape(&mut self, rec: &Record, at: Place) -> bool {
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

    /// The row's categorical cells, set for its row equations; `false` if one is not a category.
    fn categories(&mut self, rec: &Record, row: &RowPlace) -> bool {
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
    fn readings(&mut self, rec: &Record, row: &RowPlace, mon: &mut Monitoring) -> bool {
        let layout = self.layout;
        let mut ok = true;
        for (j, (k, sym, conv)) in layout.params.iter().enumerate() {
            ok &= self.reading(rec, j, *k, *sym, conv, row, mon);
        }
        ok
    }

    /// One reading: parsed, converted, checked against its bounds and its time order, shown to
    /// the observer, corrected, and added into its bucket; `false` (with the problem) if it fails.
    #[allow(clippy::too_many_arguments)]
    fn reading(&mut self, rec: &Record, j: usize, k: usize, sym: usize, conv: &Conversion, row: &RowPlace, mon: &mut Monitoring) -> bool {
        let at = row.at;
        let s = &self.ctx.project.methodology.symbols[sym];
        let header = &self.layout.headers[k];
        let text = rec.get(k).unwrap_or_default();
        // A plain decimal in a column that converts by a shift is read in fixed point (the
        // same value, summed in runs); anything else by the general parser.
        let fixed = self.shifts[j].and_then(|shift| shift.apply(parse_plain(text)?));
        // `raw`: the reading in its column's unit, when the conversion may have rounded `v`.
        let (exact, v, raw) = if let Some(x) = fixed {
            let v = x.decimal();
            (Frac::whole(v), v, None)
        } else {
            let raw = match parse_cell_bytes(text) {
                Ok(v) => v,
                Err(e) => return self.fail(at.problem(k, Code::BadCell, format!("{header}: {e}"), Some(e.hint.into()))),
            };
            // Kept as an exact fraction for the sum; `v`, rounded once if it must be, is for the
            // bounds, the observer and the row equations.
            let Some(exact) = conv.numerator(raw).map(|num| Frac { num, den: conv.den }) else {
                let message = format!("{header}: the value overflows when converted to {}", s.unit);
                return self.fail(at.problem(k, Code::Arithmetic, message, None));
            };
            let Some(v) = exact.value() else {
                let message = format!("{header}: the value overflows when converted to {}", s.unit);
                return self.fail(at.problem(k, Code::Arithmetic, message, None));
            };
            (exact, v, (!conv.is_exact()).then_some(raw))
        };
        // A bound is judged on the reading itself (cross-multiplied through the conversion),
        // never on a converted value rounded to 28 digits.
        let why = match raw {
            Some(raw) => s.bounds.violation_by(|bound| conv.compare(raw, bound)),
            None => s.bounds.violation(v),
        };
        if let Some(why) = why {
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
        let key = (sym, row.point);
        let track = self.ctx.tracks.get(sym, row.point);
        match fixed {
            Some(x) if track.add(&mut mon.periods, key, self.fi, (pi, si), row.month, at.line, x) => return true,
            // Not run: the run so far goes in first, so that the bucket adds in the file's order.
            _ => track.flush(&mut mon.periods, key, self.fi),
        }
        let Some(slice) = mon.periods[pi].get_mut(si) else { return true };
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
        let t = self.ctx.tracks.get(sym, row.point);
        let (last, last_line, last_file) = (t.last, t.line, t.file);
        if last_line == 0 || row.ts > last {
            (t.last, t.line, t.file) = (row.ts, at.line, self.fi);
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
