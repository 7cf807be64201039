//! The header line of a monitoring file: what each column holds (the date, the point, a
//! monitored parameter with its unit, a categorical parameter, or nothing `jcm` reads), which
//! row equations the file can evaluate, and every problem with it. A file whose header has a
//! problem has its rows counted but not read, since no cell of them can be trusted.
//!
//! With `[monitoring.columns]`, a heading is first looked up there (`"売電量 (kWh)" = "EG [kWh]"`);
//! a heading that is neither mapped nor one of jcm's columns is then not used (and listed in
//! the report) rather than an error. A column with no heading is ignored when it holds no value.

use super::columns::{is_symbol_like, propose};
use super::locate::Problems;
use super::model::Column;
use super::model::Place;
use super::rows;
use crate::diag::{Code, EXCERPT, escape_excerpt};
use crate::engine::units::{Conversion, parse_unit};
use crate::methodology::model::{Kind, Symbol};
use crate::project::Project;

/// What one column holds.
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
    /// No heading: its cells must be empty.
    Unnamed,
}

/// What a file's header says about its rows: worked out once, so that a row only visits the
/// columns it reads.
pub struct Layout {
    /// The column names as written (byte-order mark and padding removed), escaped and cut to
    /// an excerpt once, for messages.
    pub headers: Vec<String>,
    /// (field, symbol, conversion to the parameter's unit) of every numeric parameter column.
    pub params: Vec<(usize, usize, Conversion)>,
    /// (field, symbol) of every categorical column.
    pub categories: Vec<(usize, usize)>,
    pub date_col: Option<usize>,
    pub point_col: Option<usize>,
    /// (field, symbol) of every parameter column, numeric or categorical.
    pub column_syms: Vec<(usize, usize)>,
    /// The row equations this file evaluates.
    pub row_eqs: Vec<usize>,
    /// Fields whose column has no heading (their cells must be empty).
    pub unnamed: Vec<usize>,
    /// One past the last field with a heading: a row needs at least this many fields.
    pub named: usize,
    /// Headings not used (with `[monitoring.columns]`: neither mapped nor a jcm column).
    pub not_used: Vec<String>,
    /// Per line of `[monitoring.columns]`, whether this file has its heading.
    pub maps_found: Vec<bool>,
}

impl Layout {
    /// Read the header record of file `fi`, adding its parameter columns to `columns` and its
    /// problems to `problems`.
    pub fn read(
        project: &Project,
        rec: &super::record::Record,
        at: Place,
        shown: &str,
        fi: usize,
        columns: &mut Vec<Column>,
        problems: &mut Problems,
    ) -> Layout {
        let headers: Vec<String> =
            rec.iter().map(|f| String::from_utf8_lossy(f).trim_start_matches('\u{feff}').trim().to_string()).collect();
        let opts = &project.monitoring;
        let mut maps_found = vec![false; opts.columns.len()];
        let mut not_used = Vec::new();
        // What each heading is read as: its mapping, itself, or nothing (not used).
        let read_as: Vec<Option<&str>> = headers
            .iter()
            .map(|h| {
                if let Some(i) = opts.columns.iter().position(|c| c.heading == *h) {
                    maps_found[i] = true;
                    return Some(opts.columns[i].target.as_str());
                }
                if opts.mapped && !h.is_empty() && !is_jcm_column(project, h) {
                    not_used.push(h.clone());
                    return None;
                }
                Some(h.as_str())
            })
            .collect();
        let roles = roles(project, &headers, &read_as, at, fi, columns, problems);
        let unnamed: Vec<usize> = roles.iter().enumerate().filter(|(_, r)| matches!(r, Role::Unnamed)).map(|(k, _)| k).collect();
        let named = roles.iter().rposition(|r| !matches!(r, Role::Unnamed)).map_or(0, |k| k + 1);
        let date_col = roles.iter().position(|r| matches!(r, Role::Date));
        let point_col = roles.iter().position(|r| matches!(r, Role::Point));
        // A problem with the header as a whole is shown at its first column.
        let whole = |message: String, hint: &str| at.problem(0, Code::CsvHeader, message, Some(hint.to_string()));
        if date_col.is_none() {
            problems.push(whole(format!("{shown} has no `date` column"), "the first column is usually `date` (YYYY-MM-DD)"));
        }
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
            problems.push(at.problem(field, code, message, hint));
        }
        let m = &project.methodology;
        let needs_point = column_syms.iter().map(|(_, s)| *s).chain(row_eqs.iter().copied()).any(|s| m.symbols[s].index.is_some());
        if needs_point && point_col.is_none() {
            problems.push(whole(
                format!("{shown} has no `point` column, but its parameters are measured per point"),
                "add a `point` column naming the [[points]] id of each reading",
            ));
        }
        let params = roles
            .iter()
            .enumerate()
            .filter_map(|(k, r)| match r {
                Role::Param { sym, conv } => Some((k, *sym, *conv)),
                _ => None,
            })
            .collect();
        let categories = roles
            .iter()
            .enumerate()
            .filter_map(|(k, r)| match r {
                Role::Category { sym } => Some((k, *sym)),
                _ => None,
            })
            .collect();
        let headers = headers.iter().map(|h| escape_excerpt(h, EXCERPT)).collect();
        Layout { headers, params, categories, date_col, point_col, column_syms, row_eqs, unnamed, named, not_used, maps_found }
    }
}

/// Whether a heading is one of jcm's own columns: `date`, `point`, a note, or a parameter of
/// the methodology (with or without a unit).
fn is_jcm_column(project: &Project, h: &str) -> bool {
    let (name, _) = name_and_unit(h);
    matches!(name, "date" | "point" | "note" | "notes" | "comment" | "comments") || project.methodology.symbol(name).is_some()
}

/// The role of every column, each read as `read_as` says; a name seen twice is read the first
/// time only. Problems name the heading as the file writes it.
fn roles(
    project: &Project,
    headers: &[String],
    read_as: &[Option<&str>],
    at: Place,
    fi: usize,
    columns: &mut Vec<Column>,
    problems: &mut Problems,
) -> Vec<Role> {
    let mut roles = Vec::with_capacity(headers.len());
    // A set: a header of 100,000 columns is checked in linear time.
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for (k, (h, read)) in headers.iter().zip(read_as).enumerate() {
        let Some(read) = *read else {
            roles.push(Role::Ignored);
            continue;
        };
        if read.is_empty() {
            roles.push(Role::Unnamed);
            continue;
        }
        let (name, _) = name_and_unit(read);
        if !seen.insert(name) {
            let shown = escape_excerpt(h, EXCERPT);
            let message = if *h == read {
                format!("column `{shown}` appears twice")
            } else {
                format!("column `{shown}` is a second `{}` column", escape_excerpt(name, EXCERPT))
            };
            problems.push(at.problem(k, Code::CsvHeader, message, None));
            roles.push(Role::Ignored);
            continue;
        }
        roles.push(role(project, k, read, h, at, fi, columns, problems));
    }
    roles
}

/// `EG [kWh]` is the name `EG` in the unit `kWh`; `EG` has no unit of its own.
fn name_and_unit(h: &str) -> (&str, Option<&str>) {
    match h.split_once('[') {
        Some((n, rest)) => (n.trim(), Some(rest.trim_end_matches(']').trim())),
        None => (h, None),
    }
}

/// The role of column `k`, read as `h` (its heading, or what `[monitoring.columns]` maps it
/// to) and headed `written` in the file.
#[allow(clippy::too_many_arguments)]
fn role(
    project: &Project,
    k: usize,
    h: &str,
    written: &str,
    at: Place,
    fi: usize,
    columns: &mut Vec<Column>,
    problems: &mut Problems,
) -> Role {
    let m = &project.methodology;
    let (name, unit) = name_and_unit(h);
    let (hs, ns) = (escape_excerpt(written, EXCERPT), escape_excerpt(name, EXCERPT));
    let mut err = |code: Code, message: String, hint: Option<String>| problems.push(at.problem(k, code, message, hint));
    match name {
        "date" => return Role::Date,
        "point" => return Role::Point,
        "note" | "notes" | "comment" | "comments" => return Role::Ignored,
        _ => {}
    }
    match m.symbol(name) {
        Some((sym, s)) if matches!(s.kind, Kind::Monitored { .. }) => {
            let conv = conversion(written, unit, s, &mut err);
            columns.push(Column {
                file: fi,
                sym,
                header: written.to_string(),
                unit: unit.unwrap_or(&s.unit.text).to_string(),
                converted: !conv.is_identity(),
                inexact: (!conv.is_exact()).then(|| conv.ratio_text()),
            });
            Role::Param { sym, conv }
        }
        Some((sym, s)) if matches!(s.kind, Kind::Category { .. }) => {
            if let Some(u) = unit {
                err(
                    Code::UnitMismatch,
                    format!("column `{hs}` holds words ({}), which have no unit `{}`", s.name, escape_excerpt(u, EXCERPT)),
                    None,
                );
            }
            columns.push(Column { file: fi, sym, header: written.to_string(), unit: "category".into(), converted: false, inexact: None });
            Role::Category { sym }
        }
        Some((_, s)) => {
            err(
                Code::CsvHeader,
                format!("column `{ns}` is a {} parameter of {}, not a monitored one", s.kind_name(), m.id),
                Some("fixed and project values belong in the methodology or project.toml".into()),
            );
            Role::Ignored
        }
        None => {
            let monitored: Vec<&str> = m.monitored().map(|(_, s)| s.name.as_str()).collect();
            let hint = match crate::methodology::load::suggest(name, monitored.iter().copied()) {
                Some(s) if is_symbol_like(name) => format!("did you mean `{s}`?"),
                _ if !is_symbol_like(name) => map_hint(project, written),
                _ => format!("the columns are date, point, {} (and note)", monitored.join(", ")),
            };
            err(Code::CsvHeader, format!("column `{ns}` is not a monitored parameter of {}", m.id), Some(hint));
            Role::Ignored
        }
    }
}

/// The hint for a heading written as a label (`日付`, `売電量 (kWh)`): how to map it.
fn map_hint(project: &Project, heading: &str) -> String {
    let p = propose(&project.methodology, heading);
    let shown = escape_excerpt(heading, EXCERPT).replace('"', "\\\"");
    match p.target {
        Some(t) => {
            format!("a heading that is not a symbol is mapped in project.toml: [monitoring.columns] \"{shown}\" = \"{t}\" ({})", p.why)
        }
        None => {
            let monitored: Vec<&str> = project.methodology.monitored().map(|(_, s)| s.name.as_str()).collect();
            format!(
                "a heading that is not a symbol is mapped in project.toml: [monitoring.columns] \"{shown}\" = \"date\", \"point\" or a parameter ({}); with [monitoring.columns], other headings are not used",
                monitored.join(", ")
            )
        }
    }
}

/// How a column written in `unit` converts to its parameter's unit; the identity (with the
/// problem reported) when it does not.
fn conversion(h: &str, unit: Option<&str>, s: &Symbol, err: &mut impl FnMut(Code, String, Option<String>)) -> Conversion {
    let identity = Conversion::IDENTITY;
    let Some(u) = unit else { return identity };
    let hs = escape_excerpt(h, EXCERPT);
    match parse_unit(u) {
        Ok(cu) => cu.factor_to(&s.unit).unwrap_or_else(|| {
            err(
                Code::UnitMismatch,
                format!("column `{hs}` is in {}, which does not convert to {} ({})", escape_excerpt(u, EXCERPT), s.unit, s.name),
                Some(format!("{} is measured in {}", s.name, s.unit)),
            );
            identity
        }),
        Err(e) => {
            err(Code::UnknownUnit, format!("column `{hs}`: {}", escape_excerpt(e.to_string(), EXCERPT * 2)), None);
            identity
        }
    }
}
