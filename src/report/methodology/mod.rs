//! Methodologies for people and programs: the catalogue of `jcm methodologies` (table, JSON,
//! CSV; [`catalogue`]) and one methodology as `jcm explain` shows it (text written for a student, or JSON):
//! parameters with their units, kinds, monitoring options, defaults and tables; options and
//! categories with their meanings; equations pretty-printed with their units; the source and
//! what `fidelity` means for it.

use super::exact;
use super::json::FORMAT_VERSION;
use crate::methodology::Methodology;
use crate::methodology::model::{Fidelity, Kind, Mitigation, Status, Symbol};
use serde::Serialize;
use std::fmt::Write;

pub mod catalogue;

use catalogue::{Summary, summary};

/// What RE, PE and ER mean in a removal methodology, for `explain` and the calc table.
pub const REMOVAL_MEANING: &str = "a removal methodology: RE is the CO2 the project removes from the atmosphere and stores, \
PE what is deducted from it (removals that would have happened anyway, the project's own emissions, leakage), \
and ER = RE − PE the net removals credited. Stored carbon can be lost again (fire, logging): \
a project sets part of its credits aside in a [buffer] to cover such reversals";

/// What each fidelity means, for the reader.
pub fn fidelity_meaning(f: Fidelity) -> &'static str {
    match f {
        Fidelity::Transcribed => "equations and defaults checked against the official methodology text",
        Fidelity::Illustrative => {
            "not checked against the official methodology text in full: the description says which values are assumptions"
        }
    }
}

/// "4 of 9" for the catalogue table.
/// `EG[i]`, or `EG` for a symbol without an index.
fn shown_name(m: &Methodology, s: &Symbol) -> String {
    match s.index {
        Some(ix) => format!("{}[{}]", s.name, m.indexes.get(ix).map_or("?", |i| i.name.as_str())),
        None => s.name.clone(),
    }
}

fn option_meaning(o: &str) -> &'static str {
    match o {
        "A" => "A: public data",
        "B" => "B: transaction records such as invoices",
        _ => "C: the participants' own meters",
    }
}

fn words(ws: &[(String, String)]) -> String {
    ws.iter().map(|(w, meaning)| format!("'{w}' ({meaning})")).collect::<Vec<_>>().join(", ")
}

/// The details of a parameter after its name and unit, one fact per string.
fn facts(m: &Methodology, s: &Symbol) -> Vec<String> {
    let mut f = Vec::new();
    match &s.kind {
        Kind::Monitored { aggregate, options } => {
            f.push(format!("{} of the readings in the period", aggregate.name()));
            if !options.is_empty() {
                let o: Vec<&str> = options.iter().map(|o| option_meaning(o)).collect();
                f.push(format!("monitoring option {}", o.join(" or ")));
            }
        }
        Kind::Category { categories, options } => {
            f.push(format!("a word in each monitoring row: {}", words(categories)));
            if !options.is_empty() {
                let o: Vec<&str> = options.iter().map(|o| option_meaning(o)).collect();
                f.push(format!("monitoring option {}", o.join(" or ")));
            }
        }
        Kind::Fixed { default, by, table, entries } => {
            if let Some(by) = by {
                let t: Vec<String> = table.iter().map(|(k, v)| format!("{k} = {}", exact(*v))).collect();
                let per = match m.symbol(by).map(|(_, b)| &b.kind) {
                    Some(Kind::Category { .. }) => "picked per reading by",
                    Some(Kind::Choice { .. }) => "picked by the option",
                    _ if s.index.is_some() => "picked by the point attribute",
                    _ => "picked by the project value",
                };
                f.push(format!("{per} `{by}`: {}", t.join(", ")));
            }
            if let Some(d) = default {
                f.push(format!("{} {}", if by.is_some() { "otherwise" } else { "value" }, exact(*d)));
            }
            // Entries with a provenance of their own are listed one by one; the rest share the
            // parameter's.
            for ((k, _), p) in table.iter().zip(entries) {
                if p != &s.provenance {
                    if let Some(text) = p.describe() {
                        f.push(format!("{k}: {text}"));
                    }
                }
            }
            let shared = default.is_some() || table.iter().zip(entries).any(|(_, p)| p == &s.provenance);
            if shared {
                if let Some(text) = s.provenance.describe() {
                    let all_shared = entries.iter().all(|p| p == &s.provenance);
                    f.push(if all_shared { text } else { format!("the other values, {text}") });
                }
            }
        }
        Kind::Project => f.push(if s.index.is_some() { "set per point in [[points]]".into() } else { "set in [values]".into() }),
        Kind::Choice { choices, default } => {
            f.push(format!("choose one in [values]: {}", words(choices)));
            if let Some(d) = default {
                f.push(format!("default '{d}'"));
            }
        }
        Kind::Equation(_) => {}
    }
    if let Some(min) = s.bounds.min {
        f.push(format!("at least {}", exact(min)));
    }
    if let Some(max) = s.bounds.max {
        f.push(format!("at most {}", exact(max)));
    }
    if !matches!(s.kind, Kind::Fixed { .. }) {
        f.extend(s.provenance.describe());
    }
    f
}

/// Which kinds of parameter a section of `explain` lists.
type KindFilter = fn(&Kind) -> bool;

/// `jcm explain` as text.
pub fn explain_text(m: &Methodology) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} version {}: {}", m.id, m.version, m.title);
    let countries: Vec<String> = m.countries.iter().map(|c| super::table::country_name(c)).collect();
    let _ = writeln!(o, "Family: {} · countries: {}", m.family.as_deref().unwrap_or("-"), countries.join(", "));
    if let Some(scope) = &m.sectoral_scope {
        let _ = writeln!(o, "Sectoral scope: {scope}");
    }
    if m.mitigation == Mitigation::Removal {
        let _ = writeln!(o, "Mitigation: removal ({REMOVAL_MEANING})");
    }
    let _ = writeln!(o, "Fidelity: {} ({})", m.fidelity.name(), fidelity_meaning(m.fidelity));
    let c = m.value_counts();
    if c.total > 0 {
        let _ = writeln!(o, "Values: {} ({} assumed); each value's source is listed with it below.", c.phrase(), c.assumed);
    }
    let _ = writeln!(o, "Source: {}", m.source.as_deref().unwrap_or("(none given)"));
    if let Some(d) = &m.description {
        let _ = writeln!(o, "\n{}", d.trim());
    }
    if !m.indexes.is_empty() {
        let _ = writeln!(o, "\nMonitoring points");
        for i in &m.indexes {
            let _ = writeln!(o, "  {}: one {} per point (project.toml [[points]])", i.name, i.label);
        }
    }
    let groups: [(&str, KindFilter); 4] = [
        ("Options (the project chooses one in [values])", |k| matches!(k, Kind::Choice { .. })),
        ("Monitored ex post (the columns of the monitoring CSV)", |k| matches!(k, Kind::Monitored { .. } | Kind::Category { .. })),
        ("Fixed ex ante by the methodology (defaults; an override in [values] is reported)", |k| matches!(k, Kind::Fixed { .. })),
        ("Project-specific, fixed ex ante in the PDD (project.toml)", |k| matches!(k, Kind::Project)),
    ];
    for (title, pick) in groups {
        let syms: Vec<&Symbol> = m.symbols.iter().filter(|s| pick(&s.kind)).collect();
        if syms.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n{title}");
        for s in syms {
            let unit = if s.words().is_some() { String::new() } else { format!(" [{}]", s.unit) };
            let _ = writeln!(o, "  {}{unit}: {}", shown_name(m, s), s.description.as_deref().unwrap_or(""));
            for fact in facts(m, s) {
                let _ = writeln!(o, "      {fact}");
            }
        }
    }
    let _ = writeln!(o, "\nEquations (in the order they are evaluated)");
    for &id in &m.order {
        let s = &m.symbols[id];
        let Some(eq) = s.equation() else { continue };
        let per = if eq.per_row { " (for every monitoring row, summed over the period)" } else { "" };
        let _ = writeln!(o, "  {} = {}  [{}]{per}", shown_name(m, s), eq.expr.pretty(), s.unit);
        if let Some(d) = &s.description {
            let _ = writeln!(o, "      {d}");
        }
    }
    let _ = writeln!(o, "\nER is rounded to whole credits only at the end of each period (project setting credit_rounding, default down).");
    o
}

#[derive(Serialize)]
struct ParamJson {
    name: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<String>,
    description: Option<String>,
    details: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    /// A fixed parameter's values (table entries, then the default), each with its provenance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    values: Vec<ValueJson>,
}

#[derive(Serialize)]
struct ValueJson {
    /// The table key; absent for the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
}

#[derive(Serialize)]
struct EquationJson {
    name: String,
    expr: String,
    unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<String>,
    per: &'static str,
    description: Option<String>,
}

/// `jcm explain --format json`.
pub fn explain_json(m: &Methodology) -> String {
    #[derive(Serialize)]
    struct Doc {
        format_version: u32,
        methodology: Summary,
        fidelity_meaning: &'static str,
        description: Option<String>,
        indexes: Vec<serde_json::Value>,
        parameters: Vec<ParamJson>,
        equations: Vec<EquationJson>,
    }
    let index_name = |s: &Symbol| s.index.and_then(|ix| m.indexes.get(ix)).map(|i| i.name.clone());
    let doc = Doc {
        format_version: FORMAT_VERSION,
        methodology: summary(m),
        fidelity_meaning: fidelity_meaning(m.fidelity),
        description: m.description.as_ref().map(|d| d.trim().to_string()),
        indexes: m.indexes.iter().map(|i| serde_json::json!({"name": i.name, "label": i.label})).collect(),
        parameters: m
            .symbols
            .iter()
            .filter(|s| s.equation().is_none())
            .map(|s| ParamJson {
                name: s.name.clone(),
                kind: s.kind_name(),
                unit: s.words().is_none().then(|| s.unit.to_string()),
                index: index_name(s),
                description: s.description.clone(),
                details: facts(m, s),
                words: s.words(),
                source: s.provenance.source.clone(),
                status: s.provenance.status,
                values: s
                    .fixed_values()
                    .iter()
                    .map(|v| ValueJson {
                        key: v.key.map(str::to_string),
                        value: exact(v.value),
                        source: v.provenance.source.clone(),
                        status: v.provenance.status,
                    })
                    .collect(),
            })
            .collect(),
        equations: m
            .order
            .iter()
            .filter_map(|&id| {
                let s = &m.symbols[id];
                s.equation().map(|eq| EquationJson {
                    name: s.name.clone(),
                    expr: eq.expr.pretty(),
                    unit: s.unit.to_string(),
                    index: index_name(s),
                    per: if eq.per_row { "row" } else { "period" },
                    description: s.description.clone(),
                })
            })
            .collect(),
    };
    super::json::pretty(&doc)
}
