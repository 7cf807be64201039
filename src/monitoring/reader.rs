//! The streaming monitoring-CSV reader: what a read hands back ([`Monitoring`]) and the entry
//! points that open each file and stream it ([`super::file`]). Rows are read one at a time and
//! folded into (period, calendar year, parameter, point) buckets as they arrive; memory depends
//! on the number of periods, parameters and points, never on the number of rows.
//!
//! Duplicate readings are caught without remembering every row: readings of a parameter at a
//! point must come in time order (as meter exports do), so a repeat is always the same time as
//! the last one seen. A reading that goes back in time is an error that says so.
//!
//! In a CCS project, a reading inside a period but dated after the end of CO2 injection is an
//! error: the crediting period ends with injection.

use super::accumulate::Tracks;
use super::aggregate::Cells;
use super::encoding::{self, Decoding};
use super::files::Files;
use super::hashing::Hashed;
use super::limit::RecordLimit;
use super::locate::Locator;
/// The types a read hands back, where they were before [`super::model`] held them.
pub use super::model::{Column, FileInfo, FileKind, Monitoring, Reading, ReadingCorrection, Slice, slice_index};
use super::{coverage, file, reuse, source, workbook};
use crate::diag::{Code, Diagnostic, Diags, EXCERPT, Failure, escape_excerpt};
use crate::project::Project;
use crate::project::monitoring::is_workbook;
use crate::rows::RowEval;
use chrono::{Datelike, NaiveDate};
use std::path::Path;

/// The largest read buffer of a monitoring file.
const MAX_BUFFER: u64 = 1 << 16;

/// Read every monitoring file of a project (opened through `files`), evaluating its row
/// equations with `rows`.
pub fn read(files: &dyn Files, project: &Project, rows: &RowEval, corrections: &[ReadingCorrection]) -> Result<Monitoring, Failure> {
    let (mon, d) = read_observed(files, project, rows, corrections, &mut |_| {});
    d.finish().map(|_| mon)
}

/// Read every monitoring file (opened through `files`), showing each accepted reading to
/// `observe`, and hand back what was read together with every problem found (the caller decides
/// whether to stop).
pub fn read_observed<'a>(
    files: &'a dyn Files,
    project: &'a Project,
    rows: &'a RowEval<'a>,
    corrections: &'a [ReadingCorrection],
    observe: &'a mut dyn FnMut(&Reading),
) -> (Monitoring, Diags) {
    let mut mon = Monitoring {
        periods: project.periods.iter().map(|p| slices(p.start, p.end)).collect(),
        corrected: vec![0; corrections.len()],
        ..Monitoring::default()
    };
    let mut d = Diags::default();
    if project.monitoring_files.is_empty() {
        let diag = Diagnostic::new(Code::NoReadings, "the project has no [monitoring] file")
            .in_file(project.src.path.clone())
            .hint("add [monitoring] with file = \"monitoring.csv\"");
        d.push(diag);
        return (mon, d);
    }
    let maps_seen = vec![false; project.monitoring.columns.len()];
    let tracks = Tracks::new(project.methodology.symbols.len(), project.points.len());
    let mut ctx = file::Ctx { project, rows, corrections, tracks, observe, maps_seen, headers_read: 0 };
    for (fi, path) in project.monitoring_files.iter().enumerate() {
        let shown = path.display().to_string();
        mon.files.push(FileInfo { path: shown.clone(), rows: 0, sha256: String::new(), kind: FileKind::Csv(Decoding::Utf8) });
        if is_workbook(path) {
            read_workbook(&mut ctx, files, path, &shown, fi, &mut mon, &mut d);
        } else {
            read_csv(&mut ctx, files, path, &shown, fi, &mut mon, &mut d);
        }
    }
    // A mapped heading is missing only when every file's headings were read and none had it.
    let all_read = ctx.headers_read == project.monitoring_files.len();
    for (c, seen) in project.monitoring.columns.iter().zip(&ctx.maps_seen) {
        if all_read && !seen {
            let files: Vec<&str> = mon.files.iter().map(|f| f.path.as_str()).collect();
            d.push(
                Diagnostic::new(
                    Code::CsvHeader,
                    format!("`{}` of [monitoring.columns] is not a heading of {}", escape_excerpt(&c.heading, EXCERPT), files.join(" or ")),
                )
                .at(&project.src, c.span.clone())
                .hint("write the heading exactly as the file does (check header_row, and the sheet of a workbook)"),
            );
        }
    }
    if !d.has_errors() {
        coverage::check(project, &mon, &mut d);
    }
    (mon, d)
}

/// Stream one CSV file: as UTF-8, or decoded as it streams when `encoding` says so.
fn read_csv(ctx: &mut file::Ctx, files: &dyn Files, path: &Path, shown: &str, fi: usize, mon: &mut Monitoring, d: &mut Diags) {
    let (f, len) = match files.open(path) {
        Ok(opened) => opened,
        Err(e) => {
            let diag = Diagnostic::new(Code::Io, format!("cannot read {shown}: {e}"))
                .in_file(shown)
                .hint("[monitoring] file is relative to project.toml");
            d.push(diag);
            return;
        }
    };
    let decoding = encoding::settle(ctx.project.monitoring.encoding, files, path);
    mon.files[fi].kind = FileKind::Csv(decoding);
    // Buffers sized to the file (up to 64 KB), so a portfolio of small files does not zero a
    // large buffer for each.
    let capacity = usize::try_from(len.saturating_add(1).clamp(1 << 10, MAX_BUFFER)).unwrap_or(1 << 16);
    let hashing = Hashed::new(f, len);
    // Every record is capped ([`RecordLimit`]): a file without line breaks (`/dev/zero`) stops
    // the read with an error at its line. A read that stopped early has reported why; the rest
    // is neither read nor hashed.
    let (problems, digest) = match decoding {
        Decoding::Utf8 => {
            // This thread's reader, used again: a portfolio of small files does not build one per file.
            let rdr = reuse::take(RecordLimit::new(hashing));
            let mut rows = source::CsvRows { rdr, files, path, shown, check_utf8: true };
            let (problems, whole) = file::read(ctx, &mut rows, shown, fi, mon, d);
            let read = reuse::give_back(rows.rdr);
            (problems, whole.then(|| read.into_inner().finish()))
        }
        other @ Decoding::ShiftJis => {
            let decoded = encoding::DecodeReader::new(std::io::BufReader::with_capacity(capacity, hashing), other);
            let rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(capacity)
                .from_reader(RecordLimit::new(decoded));
            let mut rows =
                source::CsvRows { rdr: source::CsvReader { rdr, rec: csv::ByteRecord::new() }, files, path, shown, check_utf8: false };
            let (problems, whole) = file::read(ctx, &mut rows, shown, fi, mon, d);
            (problems, whole.then(|| rows.rdr.rdr.into_inner().into_inner().into_inner().into_inner().finish()))
        }
    };
    match digest {
        None => {}
        Some(Some(digest)) => mon.files[fi].sha256 = digest,
        // A digest of part of a file would prove nothing: the run stops instead.
        Some(None) => d.push(
            Diagnostic::new(Code::Io, format!("cannot read the rest of {shown} to take its SHA-256"))
                .in_file(shown)
                .hint("the file changed or became unreadable while it was read"),
        ),
    }
    // Each problem quotes its record as read: the file is not opened again.
    problems.report(&mut Locator::Gone, shown, d);
}

/// Read one sheet of a workbook; its SHA-256 is of the file's bytes.
fn read_workbook(ctx: &mut file::Ctx, files: &dyn Files, path: &Path, shown: &str, fi: usize, mon: &mut Monitoring, d: &mut Diags) {
    let (mut sheet, sha256) = match workbook::open(files, path, shown, ctx.project.monitoring.sheet.as_deref()) {
        Ok(x) => x,
        Err(e) => {
            d.push(e);
            return;
        }
    };
    mon.files[fi].sha256 = sha256;
    mon.files[fi].kind = FileKind::Sheet(sheet.name.clone());
    let (problems, _) = file::read(ctx, &mut sheet, shown, fi, mon, d);
    problems.report(&mut Locator::Sheet(Box::new(sheet)), shown, d);
}

/// The calendar-year slices of a period.
fn slices(start: NaiveDate, end: NaiveDate) -> Vec<Slice> {
    let mut out = Vec::new();
    let mut s = start;
    while s <= end {
        let year_end = NaiveDate::from_ymd_opt(s.year(), 12, 31).unwrap_or(end);
        let e = year_end.min(end);
        out.push(Slice { year: s.year(), start: s, end: e, cells: Cells::default() });
        match e.succ_opt() {
            Some(n) => s = n,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_slice_by_calendar_year() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let s = slices(d(2021, 7, 1), d(2023, 3, 31));
        let years: Vec<(i32, i64)> = s.iter().map(|x| (x.year, x.days())).collect();
        assert_eq!(years, vec![(2021, 184), (2022, 365), (2023, 90)]);
        // Every day of the period is in the slice its year points to.
        let mut day = d(2021, 7, 1);
        while day <= d(2023, 3, 31) {
            let sl = &s[slice_index(d(2021, 7, 1), day)];
            assert!(sl.start <= day && day <= sl.end, "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}
