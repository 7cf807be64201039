//! The header line of a monitoring file: what each column holds (the date, the point, a
//! monitored parameter with its unit, a categorical parameter, or nothing `jcm` reads), which
//! row equations the file can evaluate, and every problem with it. A file whose header has a
//! problem has its rows counted but not read, since no cell of them can be trusted.

use super::locate::{Place, Problems};
use super::reader::Column;
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
}

impl Layout {
    /// Read the header record of file `fi`, adding its parameter columns to `columns` and its
    /// problems to `problems`.
    pub fn read(
        project: &Project,
        rec: &csv::ByteRecord,
        shown: &str,
        fi: usize,
        columns: &mut Vec<Column>,
        problems: &mut Problems,
    ) -> Layout {
        let headers: Vec<String> =
            rec.iter().map(|f| String::from_utf8_lossy(f).trim_start_matches('\u{feff}').trim().to_string()).collect();
        let roles = roles(project, &headers, fi, columns, problems);
        let date_col = roles.iter().position(|r| matches!(r, Role::Date));
        let point_col = roles.iter().position(|r| matches!(r, Role::Point));
        // A problem with the header as a whole is shown at its first column.
        let whole = |message: String, hint: &str| Place::HEADER.problem(0, Code::CsvHeader, message, Some(hint.to_string()));
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
            problems.push(Place::HEADER.problem(field, code, message, hint));
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
        Layout { headers, params, categories, date_col, point_col, column_syms, row_eqs }
    }
}

/// The role of every column; a name seen twice is read the first time only.
fn roles(project: &Project, headers: &[String], fi: usize, columns: &mut Vec<Column>, problems: &mut Problems) -> Vec<Role> {
    let mut roles = Vec::with_capacity(headers.len());
    // A set: a header of 100,000 columns is checked in linear time.
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for (k, h) in headers.iter().enumerate() {
        let (name, _) = name_and_unit(h);
        if !seen.insert(name) {
            let shown = escape_excerpt(name, EXCERPT);
            problems.push(Place::HEADER.problem(k, Code::CsvHeader, format!("column `{shown}` appears twice"), None));
            roles.push(Role::Ignored);
            continue;
        }
        roles.push(role(project, k, h, fi, columns, problems));
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

/// The role of column `k`, headed `h`.
fn role(project: &Project, k: usize, h: &str, fi: usize, columns: &mut Vec<Column>, problems: &mut Problems) -> Role {
    let m = &project.methodology;
    let (name, unit) = name_and_unit(h);
    let (hs, ns) = (escape_excerpt(h, EXCERPT), escape_excerpt(name, EXCERPT));
    let mut err = |code: Code, message: String, hint: Option<String>| problems.push(Place::HEADER.problem(k, code, message, hint));
    match name {
        "date" => return Role::Date,
        "point" => return Role::Point,
        "note" | "notes" | "comment" | "comments" => return Role::Ignored,
        _ => {}
    }
    match m.symbol(name) {
        Some((sym, s)) if matches!(s.kind, Kind::Monitored { .. }) => {
            let conv = conversion(h, unit, s, &mut err);
            columns.push(Column {
                file: fi,
                sym,
                header: h.to_string(),
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
            columns.push(Column { file: fi, sym, header: h.to_string(), unit: "category".into(), converted: false, inexact: None });
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
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the columns are date, point, {} (and note)", monitored.join(", ")),
            };
            err(Code::CsvHeader, format!("column `{ns}` is not a monitored parameter of {}", m.id), Some(hint));
            Role::Ignored
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
            err(Code::UnknownUnit, format!("column `{hs}`: {}", escape_excerpt(&e.message, EXCERPT * 2)), None);
            identity
        }
    }
}
