//! `jcm new`: the plan of a new project folder for a methodology, and its files.
//!
//! The plan reads the methodology and decides what the project must provide: one `[[points]]`
//! entry per monitoring point with the attributes its lookups need (`connection = …`) and its
//! per-point project values; `[values]` for the project parameters; one monitoring CSV per
//! index (readings per point) plus one for project-wide readings, with each monitored
//! parameter's column and unit; a crediting period, a first monitoring period, an allocation
//! and `[article6]`. Values that only the PDD can give get a placeholder inside the parameter's
//! bounds and a `TODO` comment, so the folder loads as it is and every gap is easy to find.
//!
//! The CSV files hold the header only: made-up readings that a calculation would silently use
//! are worse than an error that says a reading is missing. The README stub shows example rows.
//! Pure: [`files`] returns names and texts; `cmd/new.rs` writes them.

mod readme;
mod toml_text;

use crate::methodology::Methodology;
use crate::methodology::model::{Bounds, Kind};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What the user chose on the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project id (default: the folder name).
    pub id: String,
    /// ISO code of the partner country.
    pub country: String,
    /// What project.toml writes after `methodology =`: a bundled id or a file name.
    pub methodology_ref: String,
    /// The first day of the crediting period; the first monitoring period runs to 31 December.
    pub start: NaiveDate,
    /// Monitoring points per index.
    pub points: usize,
    /// `--from FILE`: the user's own monitoring file, whose headings are mapped.
    pub from: Option<FromFile>,
}

/// The monitoring file a project is made from (`jcm new --from`), copied into the folder.
#[derive(Debug, Clone)]
pub struct FromFile {
    /// Its name in the new folder.
    pub name: String,
    pub headings: crate::monitoring::headings::Headings,
}

/// One file of the new folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    /// What it is for, in a few words (printed by `jcm new`).
    pub purpose: String,
    pub text: String,
}

/// A `key = value  # comment` line of project.toml.
#[derive(Debug, Clone)]
pub struct Line {
    pub key: String,
    /// A TOML literal: `1.5`, `"captive"`.
    pub value: String,
    pub comment: String,
    /// Written as a comment: an optional key the user may add.
    pub optional: bool,
}

#[derive(Debug, Clone)]
pub struct PointPlan {
    pub id: String,
    pub index: usize,
    pub lines: Vec<Line>,
}

/// One monitoring CSV: readings per point of an index, or project-wide (`index: None`).
#[derive(Debug, Clone)]
pub struct CsvPlan {
    pub name: String,
    pub index: Option<usize>,
    pub syms: Vec<usize>,
}

impl CsvPlan {
    /// The header row: `date`, `point` for per-point readings, then `SYMBOL [unit]`.
    pub fn header(&self, m: &Methodology) -> String {
        let mut cols = vec!["date".to_string()];
        if self.index.is_some() {
            cols.push("point".into());
        }
        cols.extend(self.syms.iter().map(|&s| match m.symbols[s].words() {
            Some(_) => m.symbols[s].name.clone(),
            None => format!("{} [{}]", m.symbols[s].name, m.symbols[s].unit),
        }));
        cols.join(",")
    }
}

/// Everything the new project holds, before it is written out.
#[derive(Debug, Clone)]
pub struct Plan<'m> {
    pub m: &'m Methodology,
    pub o: Options,
    pub crediting_end: NaiveDate,
    pub period_end: NaiveDate,
    pub points: Vec<PointPlan>,
    pub values: Vec<Line>,
    pub csvs: Vec<CsvPlan>,
}

/// A value inside the bounds for a number only the user knows: 1, or the bound it violates.
pub fn placeholder(b: &Bounds) -> Decimal {
    clamp(Decimal::ONE, b)
}

/// A made-up reading inside the bounds: 100, or the bound it violates.
pub fn example_value(b: &Bounds) -> Decimal {
    clamp(Decimal::ONE_HUNDRED, b)
}

fn clamp(mut v: Decimal, b: &Bounds) -> Decimal {
    if let Some(min) = b.min {
        v = v.max(min);
    }
    if let Some(max) = b.max {
        v = v.min(max);
    }
    v
}

/// `PV system` → `pv-system`.
fn slug(label: &str) -> String {
    let s: String = label.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let parts: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() { "point".into() } else { parts.join("-") }
}

fn describe(m: &Methodology, sym: usize) -> String {
    let s = &m.symbols[sym];
    match &s.description {
        Some(d) => format!("{d} [{}]", s.unit),
        None => format!("[{}]", s.unit),
    }
}

/// Decide what the new project holds.
pub fn plan(m: &Methodology, o: Options) -> Plan<'_> {
    // Ten years, but no later than the last date TOML can write.
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    let crediting_end = o.start.checked_add_months(Months::new(120)).and_then(|d| d.pred_opt()).unwrap_or(o.start).min(last);
    let year_end = NaiveDate::from_ymd_opt(o.start.year(), 12, 31).unwrap_or(o.start);
    // A methodology that uses `past` steps by year: its periods are whole years.
    let year_end =
        if m.uses_history { o.start.checked_add_months(Months::new(12)).and_then(|d| d.pred_opt()).unwrap_or(year_end) } else { year_end };
    let period_end = year_end.min(crediting_end);
    let mut values = Vec::new();
    // Per index: the lines every point of it needs.
    let mut point_lines: BTreeMap<usize, Vec<Line>> = BTreeMap::new();
    let mut lookup_words: Vec<(Option<usize>, String)> = Vec::new();
    for (i, s) in m.symbols.iter().enumerate() {
        match (&s.kind, s.index) {
            (Kind::Project, ix) => {
                let line = Line {
                    key: s.name.clone(),
                    value: placeholder(&s.bounds).normalize().to_string(),
                    comment: format!("TODO: the PDD value. {}", describe(m, i)),
                    optional: false,
                };
                match ix {
                    Some(k) => point_lines.entry(k).or_default().push(line),
                    None => values.push(line),
                }
            }
            (Kind::Choice { choices, default }, _) => {
                let words: Vec<String> = choices.iter().map(|(w, meaning)| format!("{w} ({meaning})")).collect();
                let chosen = default.clone().or_else(|| choices.first().map(|(w, _)| w.clone())).unwrap_or_default();
                values.push(Line {
                    key: s.name.clone(),
                    value: toml_text::quoted(&chosen),
                    comment: format!("TODO: the calculation option of the PDD; one of {}", words.join(", ")),
                    optional: false,
                });
            }
            // Picked per reading by a category, or by an option (written above).
            (Kind::Fixed { by: Some(by), .. }, _) if m.symbol(by).is_some() => {}
            (Kind::Fixed { by: Some(by), table, default, .. }, ix) => {
                if lookup_words.contains(&(ix, by.clone())) {
                    continue;
                }
                lookup_words.push((ix, by.clone()));
                let keys: Vec<&str> = table.iter().map(|(k, _)| k.as_str()).collect();
                let Some(first) = keys.first() else { continue };
                let line = Line {
                    key: by.clone(),
                    value: toml_text::quoted(first),
                    comment: match default {
                        Some(d) => format!("optional: picks {} from one of {} (default {})", s.name, keys.join(", "), d.normalize()),
                        None => format!("TODO: picks {} ({}); one of {}", s.name, s.unit, keys.join(", ")),
                    },
                    optional: default.is_some(),
                };
                match ix {
                    Some(k) => point_lines.entry(k).or_default().push(line),
                    None => values.push(line),
                }
            }
            _ => {}
        }
    }
    let n = o.points.max(1);
    let mut points = Vec::new();
    for (k, idx) in m.indexes.iter().enumerate() {
        for p in 1..=n {
            points.push(PointPlan {
                id: format!("{}-{p}", slug(&idx.label)),
                index: k,
                lines: point_lines.get(&k).cloned().unwrap_or_default(),
            });
        }
    }
    // One CSV per index that has monitored parameters, and one for project-wide ones.
    // The readings a row equation reads go in one file, the one of the equation's points.
    let mut groups: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    let mut placed = vec![false; m.symbols.len()];
    for eq in m.row_equations() {
        let mut inputs: Vec<usize> = m.monitored().chain(m.categories()).map(|(i, _)| i).filter(|&i| reads(m, eq, i)).collect();
        inputs.sort_unstable();
        for i in inputs {
            if !std::mem::replace(&mut placed[i], true) {
                groups.entry(m.symbols[eq].index.or(m.symbols[i].index)).or_default().push(i);
            }
        }
    }
    for (i, s) in m.monitored().chain(m.categories()) {
        if !placed[i] {
            groups.entry(s.index).or_default().push(i);
        }
    }
    for syms in groups.values_mut() {
        syms.sort_unstable();
    }
    let single = groups.len() == 1;
    let csvs = groups
        .into_iter()
        .map(|(index, syms)| {
            let name = match (single, index) {
                (true, _) => "monitoring.csv".to_string(),
                (false, Some(k)) => format!("monitoring-{}.csv", slug(&m.indexes[k].label)),
                (false, None) => "monitoring-project.csv".to_string(),
            };
            CsvPlan { name, index, syms }
        })
        .collect();
    Plan { m, o, crediting_end, period_end, points, values, csvs }
}

/// Whether equation `eq` reads symbol `sym`, directly, through other equations, or through a
/// table that `sym` picks from.
fn reads(m: &Methodology, eq: usize, sym: usize) -> bool {
    let mut seen = vec![false; m.symbols.len()];
    let mut stack = vec![eq];
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        if id == sym {
            return true;
        }
        if let Some(e) = m.symbols[id].equation() {
            stack.extend(e.deps.iter().copied());
        }
        stack.extend(m.row_key(id));
    }
    false
}

/// Example readings for a CSV: month ends of the first period (up to three), each point, a
/// made-up value inside each parameter's bounds. For the README stub and for tests.
pub fn example_rows(p: &Plan<'_>, csv: &CsvPlan) -> Vec<String> {
    let mut dates = Vec::new();
    let mut d = p.o.start;
    while d <= p.period_end && dates.len() < 3 {
        let next_month = d.with_day(1).and_then(|f| f.checked_add_months(Months::new(1))).and_then(|f| f.pred_opt());
        let month_end = next_month.unwrap_or(p.period_end).min(p.period_end);
        dates.push(month_end);
        match month_end.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    let points: Vec<Option<&str>> = match csv.index {
        Some(k) => p.points.iter().filter(|pt| pt.index == k).map(|pt| Some(pt.id.as_str())).collect(),
        None => vec![None],
    };
    let mut rows = Vec::new();
    for date in dates {
        for pt in &points {
            let mut cells = vec![date.to_string()];
            if let Some(id) = pt {
                cells.push((*id).to_string());
            }
            cells.extend(csv.syms.iter().map(|&s| match p.m.symbols[s].words() {
                Some(words) => words.first().cloned().unwrap_or_default(),
                None => example_value(&p.m.symbols[s].bounds).normalize().to_string(),
            }));
            rows.push(cells.join(","));
        }
    }
    rows
}

/// The files of the new folder: project.toml, the monitoring CSVs (header only), README.md.
pub fn files(p: &Plan<'_>) -> Vec<File> {
    let mut out = vec![File {
        name: "project.toml".into(),
        purpose: "the project: points, values, periods, allocation; replace every TODO".into(),
        text: toml_text::project_toml(p),
    }];
    // With --from, the user's file is the monitoring file (copied by `cmd/new.rs`).
    for c in p.csvs.iter().filter(|_| p.o.from.is_none()) {
        out.push(File {
            name: c.name.clone(),
            purpose: format!("readings, one row each; header {}", c.header(p.m)),
            text: format!("{}\n", c.header(p.m)),
        });
    }
    out.push(File {
        name: "README.md".into(),
        purpose: "what to fill in, the methodology's parameters, example rows".into(),
        text: readme::readme(p),
    });
    out
}

#[cfg(test)]
mod tests;
