//! `calc --ex-ante`: the expected annual RE, PE, ER and credits as a table, JSON (formats.md:
//! `{"project": {...}, "estimate": {"RE": "…", "PE": "…", "ER": "…", "credits": N}}`, extended
//! with the values used) and CSV. Like every renderer, it formats and never computes.

use super::json::{FORMAT_VERSION, Header};
use super::words::exact_text;
use super::words::new_table;
use super::{exact, human, thousands};
use crate::compute::bind::Origin;
use crate::compute::exante::{ExAnte, Figures, YEAR_DAYS};
use crate::engine::eval::Value;
use crate::methodology::model::Kind;
use crate::project::Project;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Serialize)]
pub struct ExAnteJson {
    pub format_version: u32,
    pub project: Header,
    pub estimate: EstimateJson,
    /// Every value the calculation used, parameters then equations.
    pub values: Vec<ValueJson>,
    pub settings: SettingsJson,
    pub warnings: Vec<String>,
    /// `Thailand (TH)`, for a report for people.
    #[serde(skip)]
    pub country: String,
    /// The [[history]] steps before the crediting period that `past` saw, for the rules applied.
    #[serde(skip)]
    pub history_steps: usize,
}

/// RE, PE and ER of a year, and its whole credits.
#[derive(Serialize)]
pub struct FiguresJson {
    #[serde(rename = "RE", serialize_with = "exact_text")]
    pub re: Decimal,
    #[serde(rename = "PE", serialize_with = "exact_text")]
    pub pe: Decimal,
    #[serde(rename = "ER", serialize_with = "exact_text")]
    pub er: Decimal,
    pub credits: i64,
}

impl From<&Figures> for FiguresJson {
    fn from(f: &Figures) -> Self {
        FiguresJson { re: f.re, pe: f.pe, er: f.er, credits: f.credits }
    }
}

#[derive(Serialize)]
pub struct EstimateJson {
    /// The figures of a year; credits are whole credits per year.
    #[serde(flatten)]
    pub annual: FiguresJson,
    pub days: i64,
    /// "one year", or "mean of N years of the crediting period".
    pub basis: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<YearJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_credits: Option<i64>,
}

#[derive(Serialize)]
pub struct YearJson {
    pub year: usize,
    pub start: String,
    pub end: String,
    #[serde(flatten)]
    pub figures: FiguresJson,
}

#[derive(Serialize)]
pub struct ValueJson {
    pub symbol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    pub value: String,
    pub unit: String,
    pub origin: String,
}

#[derive(Serialize)]
pub struct SettingsJson {
    pub credit_rounding: &'static str,
}

fn basis(x: &ExAnte) -> String {
    if x.years.is_empty() { "one year".into() } else { format!("mean of {} years of the crediting period", x.years.len()) }
}

/// Every value the estimate used, parameters then equations; one per point for a value per point.
fn rows(project: &Project, x: &ExAnte) -> Vec<ValueJson> {
    let m = &project.methodology;
    let line_of = |l: usize| format!("project.toml line {l}");
    let mut out = Vec::new();
    let ids: Vec<usize> = (0..m.symbols.len()).filter(|&id| m.symbols[id].equation().is_none()).chain(m.order.iter().copied()).collect();
    for id in ids {
        let s = &m.symbols[id];
        let (Some(v), Some(origin)) = (&x.bound.values[id], &x.bound.origins[id]) else { continue };
        let from = |k: usize| -> String {
            match origin {
                Origin::Estimate { lines } => lines.get(k).map_or("estimate".into(), |l| format!("[estimate], {}", line_of(*l))),
                Origin::Default => "methodology default".into(),
                Origin::Table { by, keys } => format!("methodology table, {by} = {}", keys.get(k).cloned().unwrap_or_default()),
                Origin::ProjectValue { line, .. } => format!("[values], {}", line_of(*line)),
                Origin::PointValues { lines } => lines.get(k).map_or("[[points]]".into(), |l| format!("[[points]], {}", line_of(*l))),
                Origin::Equation if s.is_row_equation() => "row equation, on the estimate".into(),
                Origin::Equation => "equation".into(),
                Origin::Readings { .. } => "readings".into(),
            }
        };
        let shown = |d: rust_decimal::Decimal| match &s.kind {
            Kind::Choice { choices, .. } => {
                usize::try_from(d.mantissa()).ok().and_then(|k| choices.get(k)).map_or_else(|| exact(d), |(w, _)| format!("'{w}'"))
            }
            _ => exact(d),
        };
        let unit = if s.words().is_some() { String::new() } else { s.unit.to_string() };
        let row = |point: Option<String>, d: &rust_decimal::Decimal, k: usize| ValueJson {
            symbol: s.name.clone(),
            point,
            value: shown(*d),
            unit: unit.clone(),
            origin: from(k),
        };
        match (v, s.index) {
            (Value::Scalar(d), _) => out.push(row(None, d, 0)),
            (Value::PerPoint(vs), Some(ix)) => {
                for (k, (p, d)) in project.points_of(ix).into_iter().zip(vs).enumerate() {
                    out.push(row(Some(project.points[p].id.clone()), d, k));
                }
            }
            (Value::PerPoint(_), None) => {}
        }
    }
    out
}

pub fn project_json(project: &Project, x: &ExAnte) -> ExAnteJson {
    ExAnteJson {
        format_version: FORMAT_VERSION,
        project: Header::of(project),
        estimate: EstimateJson {
            annual: (&x.annual).into(),
            days: YEAR_DAYS,
            basis: basis(x),
            years: x
                .years
                .iter()
                .map(|y| YearJson { year: y.number, start: y.start.to_string(), end: y.end.to_string(), figures: (&y.figures).into() })
                .collect(),
            total_credits: x.total_credits,
        },
        values: rows(project, x),
        settings: SettingsJson { credit_rounding: project.settings.credit_rounding.name() },
        warnings: x.warnings.iter().map(|w| format!("{}: {}", w.code, w.message)).collect(),
        country: super::table::country_name(&project.country),
        history_steps: if x.years.is_empty() { 0 } else { crate::project::history::before_crediting(project).len() },
    }
}

/// One project, or `{"projects": [...]}` for several or with `many` (a folder of projects).
pub fn json(docs: Vec<ExAnteJson>, many: bool) -> String {
    super::json::one_or_many(docs, many)
}

pub const CSV_HEADER: &[&str] = &["project", "methodology", "basis", "RE", "PE", "ER", "credits"];

pub fn csv(docs: &[ExAnteJson]) -> String {
    let rows = docs.iter().map(|d| {
        let f = &d.estimate.annual;
        [
            d.project.id.clone(),
            d.project.methodology.clone(),
            d.estimate.basis.clone(),
            exact(f.re),
            exact(f.pe),
            exact(f.er),
            f.credits.to_string(),
        ]
    });
    super::csv::document(CSV_HEADER, rows)
}

fn figures_row(label: String, f: &FiguresJson) -> Vec<String> {
    vec![label, human(f.re), human(f.pe), human(f.er), thousands(f.credits)]
}

/// The table of one project's estimate.
pub fn table(d: &ExAnteJson) -> String {
    let e = &d.estimate;
    let mut out = super::table::heading(&d.project, &d.country, "");
    out.push_str(&format!("Ex-ante estimate per year (tCO2): {}, from [estimate]\n", e.basis));
    let mut t = new_table(&["", "RE", "PE", "ER", "Credits"], &[1, 2, 3, 4]);
    t.add_row(figures_row("Per year".into(), &e.annual));
    out.push_str(&format!("{t}\n"));
    if !e.years.is_empty() {
        out.push_str("\nPer year of the crediting period (tCO2)\n");
        let mut t = new_table(&["Year", "Start", "End", "RE", "PE", "ER", "Credits"], &[3, 4, 5, 6]);
        for y in &e.years {
            let mut row = figures_row(y.year.to_string(), &y.figures);
            row.insert(1, y.start.clone());
            row.insert(2, y.end.clone());
            t.add_row(row);
        }
        let total = e.total_credits.unwrap_or(0);
        t.add_row(vec!["Total".into(), String::new(), String::new(), String::new(), String::new(), String::new(), thousands(total)]);
        out.push_str(&format!("{t}\n"));
    }
    out.push_str("\nCalculation (the first estimated year)\n");
    let mut t = new_table(&["Symbol", "Point", "Value", "Unit", "From"], &[2]);
    for v in &d.values {
        t.add_row(vec![v.symbol.clone(), v.point.clone().unwrap_or_default(), v.value.clone(), v.unit.clone(), v.origin.clone()]);
    }
    out.push_str(&format!("{t}\n"));
    out.push('\n');
    out.push_str(super::table::RULES_TITLE);
    out.push_str(&format!("- the estimated year has {YEAR_DAYS} days (the built-in `days`)\n"));
    out.push_str(&format!("- credits: the expected ER rounded {} to whole tCO2; a negative ER gives 0\n", d.settings.credit_rounding));
    if !e.years.is_empty() {
        out.push_str(&format!(
            "- `past`: every year uses the same estimate, after {} [[history]] step(s); the annual figures are the mean of the years\n",
            d.history_steps
        ));
    }
    out
}
