//! The streaming monitoring-CSV reader. Rows are read one at a time and folded into
//! (period, calendar year, parameter, point) buckets as they arrive; memory depends on the
//! number of periods, parameters and points, never on the number of rows.
//!
//! Duplicate readings are caught without remembering every row: readings of a parameter at a
//! point must come in time order (as meter exports do), so a repeat is always the same time as
//! the last one seen. A reading that goes back in time is an error that says so.
//!
//! In a CCS project, a reading inside a period but dated after the end of CO2 injection is an
//! error: the crediting period ends with injection.

use super::aggregate::Cells;
use super::{locate, rows};
use crate::compute::rows::RowEval;
use crate::diag::{Code, Diagnostic, Diags, Failure};
use crate::engine::number::parse_cell;
use crate::engine::units::{Conversion, parse_unit};
use crate::inputs::HashingReader;
use crate::methodology::model::Kind;
use crate::project::Project;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::path::Path;

/// A calibration correction resolved to a factor, applied to each reading it covers.
#[derive(Debug, Clone)]
pub struct ReadingCorrection {
    pub sym: usize,
    pub point: Option<usize>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub factor: Decimal,
}

/// One calendar year of a period.
#[derive(Debug, Clone)]
pub struct Slice {
    pub year: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub cells: Cells,
}

impl Slice {
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// One accepted reading, as handed to an observer (`jcm check` watches them for magnitude
/// mistakes without the reader keeping any).
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Index into [`Monitoring::files`].
    pub file: usize,
    /// Field index of the column in its file.
    pub field: usize,
    pub sym: usize,
    pub point: Option<usize>,
    /// The value in the parameter's unit, before any correction.
    pub value: Decimal,
    pub line: u64,
    /// Byte offset of the record, to locate the field for a diagnostic.
    pub byte: u64,
}

/// What the monitoring files hold, bucketed by period.
#[derive(Debug, Clone, Default)]
pub struct Monitoring {
    /// Per period (in the project's period order), its calendar-year slices.
    pub periods: Vec<Vec<Slice>>,
    pub files: Vec<FileInfo>,
    /// Which file and column each monitored parameter was read from.
    pub columns: Vec<Column>,
    pub rows_used: u64,
    pub rows_outside: u64,
    pub first_outside: Option<(String, u64)>,
    /// Per correction (in the order given to the reader), how many readings it changed.
    pub corrected: Vec<u64>,
}

#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: String,
    pub rows: u64,
    /// SHA-256 of the file's bytes (empty if it could not be read).
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub file: usize,
    pub sym: usize,
    pub header: String,
    /// The unit the column is written in, and how it converts to the parameter's unit.
    pub unit: String,
    pub converted: bool,
}

/// At most this many row errors are reported per file; the rest are counted.
const MAX_ROW_ERRORS: usize = 20;

/// Read every monitoring file of a project.
pub fn read(project: &Project, corrections: &[ReadingCorrection]) -> Result<Monitoring, Failure> {
    let (mon, d) = read_observed(project, corrections, &mut |_| {});
    match d.finish() {
        Ok(_) => Ok(mon),
        Err(f) => Err(f),
    }
}

/// Read every monitoring file, showing each accepted reading to `observe`, and hand back what
/// was read together with every problem found (the caller decides whether to stop).
pub fn read_observed(project: &Project, corrections: &[ReadingCorrection], observe: &mut dyn FnMut(&Reading)) -> (Monitoring, Diags) {
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
    let mut ctx = Ctx { project, corrections, order: FxHashMap::default(), observe };
    for (fi, path) in project.monitoring_files.iter().enumerate() {
        let shown = path.display().to_string();
        mon.files.push(FileInfo { path: shown.clone(), rows: 0, sha256: String::new() });
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                d.push(
                    Diagnostic::new(Code::Io, format!("cannot read {shown}: {e}"))
                        .in_file(shown)
                        .hint("[monitoring] file is relative to project.toml"),
                );
                continue;
            }
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::BufReader::with_capacity(1 << 16, HashingReader::new(file)));
        read_file(&mut ctx, &mut rdr, path, fi, &mut mon, &mut d);
        mon.files[fi].sha256 = rdr.into_inner().into_inner().finish().unwrap_or_default();
    }
    if !d.has_errors() {
        check_coverage(project, &mon, &mut d);
    }
    (mon, d)
}

/// What stays the same from one file to the next.
struct Ctx<'a> {
    project: &'a Project,
    corrections: &'a [ReadingCorrection],
    /// Last reading time per (parameter, point), with its line and file, to catch repeats.
    order: FxHashMap<(usize, Option<usize>), (NaiveDateTime, u64, usize)>,
    observe: &'a mut dyn FnMut(&Reading),
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

enum Role {
    Date,
    Point,
    Param {
        sym: usize,
        conv: Conversion,
    },
    /// A categorical parameter: a word per row.
    Category {
        sym: usize,
    },
    Ignored,
}

/// A row error waiting for its column to be located.
struct Pending {
    byte: u64,
    line: u64,
    field: usize,
    code: Code,
    message: String,
    hint: Option<String>,
}

fn read_file<R: std::io::Read>(ctx: &mut Ctx, rdr: &mut csv::Reader<R>, path: &Path, fi: usize, mon: &mut Monitoring, d: &mut Diags) {
    let project = ctx.project;
    let shown = path.display().to_string();
    let base = crate::compute::bind::bind_static(project);
    let mut row_eval = RowEval::new(project, &base);
    let mut rec = csv::ByteRecord::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut dates = DateCache::default();
    let mut extra_errors = 0usize;
    let mut push = |p: Pending, pending: &mut Vec<Pending>| {
        if pending.len() < MAX_ROW_ERRORS {
            pending.push(p);
        } else {
            extra_errors += 1;
        }
    };

    // Header.
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => {
            d.push(
                Diagnostic::new(Code::CsvHeader, format!("{shown} is empty"))
                    .in_file(shown)
                    .hint("the first row names the columns: date, point, then parameters"),
            );
            return;
        }
        Err(e) => {
            d.push(csv_error(&shown, &e));
            return;
        }
    }
    let headers: Vec<String> = rec.iter().map(|f| String::from_utf8_lossy(f).trim_start_matches('\u{feff}').trim().to_string()).collect();
    let roles = header_roles(project, &headers, fi, mon, &mut |field, code, message, hint| {
        push(Pending { byte: 0, line: 1, field, code, message, hint }, &mut pending);
    });
    let date_col = roles.iter().position(|r| matches!(r, Role::Date));
    let point_col = roles.iter().position(|r| matches!(r, Role::Point));
    // A problem with the header as a whole, shown at its first column.
    let header_problem =
        |message: String, hint: &str| Pending { byte: 0, line: 1, field: 0, code: Code::CsvHeader, message, hint: Some(hint.to_string()) };
    if date_col.is_none() {
        push(header_problem(format!("{shown} has no `date` column"), "the first column is usually `date` (YYYY-MM-DD)"), &mut pending);
    }
    let m = &project.methodology;
    let column_syms: Vec<(usize, usize)> = roles
        .iter()
        .enumerate()
        .filter_map(|(k, r)| match r {
            Role::Param { sym, .. } | Role::Category { sym } => Some((k, *sym)),
            _ => None,
        })
        .collect();
    let (row_eqs, plan_errors) = rows::plan(project, &column_syms);
    for (field, code, message, hint) in plan_errors {
        push(Pending { byte: 0, line: 1, field, code, message, hint }, &mut pending);
    }
    let needs_point = column_syms.iter().map(|(_, s)| *s).chain(row_eqs.iter().copied()).any(|s| m.symbols[s].index.is_some());
    if needs_point && point_col.is_none() {
        push(
            header_problem(
                format!("{shown} has no `point` column, but its parameters are measured per point"),
                "add a `point` column naming the [[points]] id of each reading",
            ),
            &mut pending,
        );
    }
    let point_ids: FxHashMap<&str, usize> = project.points.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let n_cols = headers.len();
    let header_ok = pending.is_empty();

    // Rows.
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                d.push(csv_error(&shown, &e));
                break;
            }
        }
        let (byte, line) = rec.position().map_or((0, 0), |p| (p.byte(), p.line()));
        if rec.len() == 1 && rec.get(0).is_some_and(<[u8]>::is_empty) {
            continue; // a blank line
        }
        mon.files[fi].rows += 1;
        if !header_ok {
            continue;
        }
        let at = |field: usize, code: Code, message: String, hint: Option<String>| Pending { byte, line, field, code, message, hint };
        if rec.len() != n_cols {
            push(
                at(
                    rec.len().min(n_cols).saturating_sub(1),
                    Code::CsvSyntax,
                    format!("this row has {} fields, the header has {n_cols}", rec.len()),
                    Some("every row needs one value per column (quote a value that contains a comma)".into()),
                ),
                &mut pending,
            );
            continue;
        }
        let text = |k: usize| std::str::from_utf8(rec.get(k).unwrap_or_default()).map(str::trim);
        let Some(dc) = date_col else { continue };
        let ts = match text(dc).ok().and_then(|t| parse_timestamp_with(&mut dates, t)) {
            Some(t) => t,
            None => {
                let shown_cell = String::from_utf8_lossy(rec.get(dc).unwrap_or_default()).to_string();
                push(
                    at(
                        dc,
                        Code::BadDate,
                        format!("`{shown_cell}` is not a date"),
                        Some("write YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] for interval readings".into()),
                    ),
                    &mut pending,
                );
                continue;
            }
        };
        let date = ts.date();
        let point = match point_col {
            None => None,
            Some(pc) => {
                let id = text(pc).unwrap_or("");
                match point_ids.get(id) {
                    Some(&p) => Some(p),
                    None => {
                        let known: Vec<&str> = project.points.iter().map(|p| p.id.as_str()).collect();
                        push(
                            at(
                                pc,
                                Code::UnknownPoint,
                                format!("point `{id}` is not declared in project.toml"),
                                Some(format!("the points are {}", known.join(", "))),
                            ),
                            &mut pending,
                        );
                        continue;
                    }
                }
            }
        };
        let period = project.periods.partition_point(|p| p.end < date);
        let period = (period < project.periods.len() && project.periods[period].contains(date)).then_some(period);
        // A CCS project is credited up to the end of injection; a period may run past it, its readings may not.
        if let (Some(pi), Some(c)) = (period, &project.ccs) {
            if date > c.injection.1 {
                let end = c.injection.1;
                push(
                    at(
                        dc,
                        Code::ReadingAfterInjection,
                        format!("a reading dated {} in period {} is after CO2 injection ended ({end})", fmt_ts(ts), project.periods[pi].id),
                        Some(format!(
                            "nothing after injection ends is credited: end the period on {end} or leave this row out; CO2 that leaked after it goes in [[ccs.reversals]]"
                        )),
                    ),
                    &mut pending,
                );
                continue;
            }
        }
        let month = date.year() * 12 + date.month0() as i32;
        let mut row_ok = true;
        for (k, role) in roles.iter().enumerate() {
            let Role::Category { sym } = role else { continue };
            match rows::category(project, *sym, &String::from_utf8_lossy(rec.get(k).unwrap_or_default())) {
                Ok(word) => row_eval.set(*sym, point, Decimal::from(word)),
                Err((message, hint)) => {
                    push(at(k, Code::BadCategory, message, Some(hint)), &mut pending);
                    row_ok = false;
                }
            }
        }
        for (k, role) in roles.iter().enumerate() {
            let Role::Param { sym, conv } = role else { continue };
            let s = &m.symbols[*sym];
            let raw = text(k).unwrap_or("\u{fffd}");
            let v = match parse_cell(raw) {
                Ok(v) => v,
                Err(e) => {
                    push(at(k, Code::BadCell, format!("{}: {}", headers[k], e.message), Some(e.hint.into())), &mut pending);
                    row_ok = false;
                    continue;
                }
            };
            let Some(v) = conv.apply(v) else {
                push(
                    at(k, Code::Arithmetic, format!("{}: the value overflows when converted to {}", headers[k], s.unit), None),
                    &mut pending,
                );
                row_ok = false;
                continue;
            };
            if let Some(why) = s.bounds.violation(v) {
                push(
                    at(
                        k,
                        Code::OutOfBounds,
                        format!("{} = {} {} is {why}", s.name, v.normalize(), s.unit),
                        Some("check the meter reading and its unit".into()),
                    ),
                    &mut pending,
                );
                row_ok = false;
                continue;
            }
            // Time order per (parameter, point): a repeat or a step back is an error.
            let key = (*sym, point);
            // One hash per reading: look the key up once, and update the slot in place.
            let slot = ctx.order.entry(key).or_insert((NaiveDateTime::MIN, 0, fi));
            let (last, last_line, last_file) = *slot;
            if last_line > 0 && ts <= last {
                let pname = point.map(|p| format!(" at point {}", project.points[p].id)).unwrap_or_default();
                let msg = if ts == last {
                    format!("a second reading of {}{pname} for {}", s.name, fmt_ts(ts))
                } else {
                    format!("readings of {}{pname} go back in time: {} comes after {}", s.name, fmt_ts(ts), fmt_ts(last))
                };
                let where_ = if last_file == fi {
                    format!("line {last_line}")
                } else {
                    format!("line {last_line} of {}", mon.files[last_file].path)
                };
                push(
                    at(
                        dc,
                        Code::DuplicateReading,
                        msg,
                        Some(format!("the earlier reading is on {where_}; list readings in time order, once each")),
                    ),
                    &mut pending,
                );
                row_ok = false;
                continue;
            }
            *slot = (ts, line, fi);
            (ctx.observe)(&Reading { file: fi, field: k, sym: *sym, point, value: v, line, byte });
            let Some(pi) = period else { continue };
            let applies =
                |c: &ReadingCorrection| c.sym == *sym && (c.point.is_none() || c.point == point) && c.from <= date && date <= c.to;
            let Some(v) = ctx.corrections.iter().filter(|c| applies(c)).try_fold(v, |v, c| v.checked_mul(c.factor)) else {
                push(at(k, Code::Arithmetic, format!("{}: the corrected value overflows", headers[k]), None), &mut pending);
                row_ok = false;
                continue;
            };
            let mut corrected = false;
            for (ci, c) in ctx.corrections.iter().enumerate() {
                if applies(c) {
                    corrected = true;
                    mon.corrected[ci] += 1;
                }
            }
            row_eval.set(*sym, point, v);
            let slice = mon.periods[pi].iter_mut().find(|s| s.start <= date && date <= s.end);
            let Some(slice) = slice else { continue };
            let added = rows::add(&mut slice.cells, key, v, fi, line, month);
            if corrected {
                if let Some(a) = slice.cells.get_mut(&key) {
                    a.corrected += 1;
                }
            }
            if !added {
                push(at(k, Code::Arithmetic, format!("the sum of {} overflows", s.name), None), &mut pending);
                row_ok = false;
            }
        }
        if let (true, Some(pi), false) = (row_ok, period, row_eqs.is_empty()) {
            // Row equations: evaluated from this row's values, added into its bucket.
            match row_eval.eval(&row_eqs, point) {
                Ok(results) => {
                    if let Some(slice) = mon.periods[pi].iter_mut().find(|s| s.start <= date && date <= s.end) {
                        for (sym, v) in results {
                            if !rows::add(&mut slice.cells, (sym, point), v, fi, line, month) {
                                push(at(0, Code::Arithmetic, format!("the sum of {} overflows", m.symbols[sym].name), None), &mut pending);
                                row_ok = false;
                            }
                        }
                    }
                }
                Err(e) => {
                    let field = column_syms.iter().find(|(_, s)| rows_inputs_contain(project, e.equation, *s)).map_or(0, |(f, _)| *f);
                    push(
                        at(field, Code::Arithmetic, format!("row equation {}: {}", m.symbols[e.equation].name, e.message), None),
                        &mut pending,
                    );
                    row_ok = false;
                }
            }
        }
        if row_ok {
            if period.is_some() {
                mon.rows_used += 1;
            } else {
                mon.rows_outside += 1;
                if mon.first_outside.is_none() {
                    mon.first_outside = Some((shown.clone(), line));
                }
            }
        }
    }

    if !pending.is_empty() {
        let bytes = std::fs::read(path).unwrap_or_default();
        for p in pending {
            let pos = locate::field_pos(&bytes, p.byte, p.line, p.field);
            let mut diag = Diagnostic::new(p.code, p.message).with_pos(shown.clone(), pos);
            if let Some(h) = p.hint {
                diag = diag.hint(h);
            }
            d.push(diag);
        }
        if extra_errors > 0 {
            d.push(Diagnostic::new(Code::CsvSyntax, format!("… and {extra_errors} more problems in {shown}")).in_file(shown));
        }
    }
}

fn header_roles(
    project: &Project,
    headers: &[String],
    fi: usize,
    mon: &mut Monitoring,
    err: &mut dyn FnMut(usize, Code, String, Option<String>),
) -> Vec<Role> {
    let m = &project.methodology;
    let mut roles = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (k, h) in headers.iter().enumerate() {
        let (name, unit) = match h.split_once('[') {
            Some((n, rest)) => (n.trim(), Some(rest.trim_end_matches(']').trim())),
            None => (h.as_str(), None),
        };
        if seen.contains(&name) {
            err(k, Code::CsvHeader, format!("column `{name}` appears twice"), None);
            roles.push(Role::Ignored);
            continue;
        }
        seen.push(name);
        let role = match name {
            "date" => Role::Date,
            "point" => Role::Point,
            "note" | "notes" | "comment" | "comments" => Role::Ignored,
            _ => match m.symbol(name) {
                Some((sym, s)) if matches!(s.kind, Kind::Monitored { .. }) => {
                    let conv = match unit {
                        None => Conversion { num: Decimal::ONE, den: Decimal::ONE },
                        Some(u) => match parse_unit(u) {
                            Ok(cu) => match cu.factor_to(&s.unit) {
                                Some(c) => c,
                                None => {
                                    err(
                                        k,
                                        Code::UnitMismatch,
                                        format!("column `{h}` is in {u}, which does not convert to {} ({})", s.unit, s.name),
                                        Some(format!("{} is measured in {}", s.name, s.unit)),
                                    );
                                    Conversion { num: Decimal::ONE, den: Decimal::ONE }
                                }
                            },
                            Err(e) => {
                                err(k, Code::UnknownUnit, format!("column `{h}`: {}", e.message), None);
                                Conversion { num: Decimal::ONE, den: Decimal::ONE }
                            }
                        },
                    };
                    mon.columns.push(Column {
                        file: fi,
                        sym,
                        header: h.clone(),
                        unit: unit.unwrap_or(&s.unit.text).to_string(),
                        converted: !conv.is_identity(),
                    });
                    Role::Param { sym, conv }
                }
                Some((sym, s)) if matches!(s.kind, Kind::Category { .. }) => {
                    if let Some(u) = unit {
                        err(k, Code::UnitMismatch, format!("column `{h}` holds words ({}), which have no unit `{u}`", s.name), None);
                    }
                    mon.columns.push(Column { file: fi, sym, header: h.clone(), unit: "category".into(), converted: false });
                    Role::Category { sym }
                }
                Some((_, s)) => {
                    err(
                        k,
                        Code::CsvHeader,
                        format!("column `{name}` is a {} parameter of {}, not a monitored one", s.kind_name(), m.id),
                        Some("fixed and project values belong in the methodology or project.toml".into()),
                    );
                    Role::Ignored
                }
                None => {
                    let monitored: Vec<&str> = m.monitored().map(|(_, s)| s.name.as_str()).collect();
                    let hint = match crate::methodology::load::suggest(name, monitored.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the columns are date, point, {} (and note)", monitored.join(", ")),
                    };
                    err(k, Code::CsvHeader, format!("column `{name}` is not a monitored parameter of {}", m.id), Some(hint));
                    Role::Ignored
                }
            },
        };
        roles.push(role);
    }
    roles
}

/// Every monitored parameter has readings, at every point of its index, in every period.
fn check_coverage(project: &Project, mon: &Monitoring, d: &mut Diags) {
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

fn rows_inputs_contain(project: &Project, eq: usize, sym: usize) -> bool {
    crate::compute::rows::inputs(project, eq).contains(&sym)
}

fn csv_error(file: &str, e: &csv::Error) -> Diagnostic {
    let line = e.position().map(|p| p.line());
    let d = Diagnostic::new(Code::CsvSyntax, format!("{file}: {e}"));
    match line {
        Some(l) => d.with_pos(file.to_string(), crate::diag::Pos { line: l as usize, col: 1, len: 1, text: None }),
        None => d.in_file(file.to_string()),
    }
}

fn fmt_ts(t: NaiveDateTime) -> String {
    if t.time() == NaiveTime::MIN { t.date().to_string() } else { t.format("%Y-%m-%dT%H:%M:%S").to_string() }
}

/// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS]`.
pub fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    parse_timestamp_with(&mut DateCache::default(), s)
}

/// The last date text parsed and its date: interval data repeats a date on many rows in a row,
/// and validating a calendar date is the costly part of a timestamp.
#[derive(Default)]
pub struct DateCache {
    text: [u8; 10],
    date: Option<NaiveDate>,
}

/// [`parse_timestamp`], reusing the date of the previous call when the date text is the same.
pub fn parse_timestamp_with(cache: &mut DateCache, s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) { t.parse().ok() } else { None }
    };
    let date = match cache.date {
        Some(d) if cache.text == b[..10] => d,
        _ => {
            let d = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
            cache.text.copy_from_slice(&b[..10]);
            cache.date = Some(d);
            d
        }
    };
    if b.len() == 10 {
        return Some(date.and_time(NaiveTime::MIN));
    }
    if b[10] != b'T' && b[10] != b' ' {
        return None;
    }
    let t = &s[11..];
    let time = match t.len() {
        5 if t.as_bytes()[2] == b':' => NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, 0)?,
        8 if t.as_bytes()[2] == b':' && t.as_bytes()[5] == b':' => NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?,
        _ => return None,
    };
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert!(parse_timestamp("2021-01-31").is_some());
        assert!(parse_timestamp("2021-01-31T13:30").is_some());
        assert!(parse_timestamp("2021-01-31 13:30:15").is_some());
        for bad in ["2021-02-30", "2021/01/31", "31-01-2021", "2021-01-31T25:00", "2021-01-31T1:00", "2021-1-31", "2021-01-31X"] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
        // The cache reuses a date only for the same date text.
        let mut c = DateCache::default();
        let a = parse_timestamp_with(&mut c, "2021-01-31T01:00").unwrap();
        let b = parse_timestamp_with(&mut c, "2021-01-31T02:00").unwrap();
        assert_eq!((b - a).num_hours(), 1);
        assert_eq!(parse_timestamp_with(&mut c, "2021-02-01").unwrap().date(), NaiveDate::from_ymd_opt(2021, 2, 1).unwrap());
        assert!(parse_timestamp_with(&mut c, "2021-02-30").is_none());
        assert!(parse_timestamp_with(&mut c, "2021-02-01T24:00").is_none());
    }

    #[test]
    fn periods_slice_by_calendar_year() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let s = slices(d(2021, 7, 1), d(2023, 3, 31));
        let years: Vec<(i32, i64)> = s.iter().map(|x| (x.year, x.days())).collect();
        assert_eq!(years, vec![(2021, 184), (2022, 365), (2023, 90)]);
    }
}
