//! The catalogue of `jcm methodologies`: one summary per methodology, as a table, JSON or CSV
//! (the summary is also the head of `jcm explain --format json`).

use super::fidelity_meaning;
use crate::methodology::Methodology;
use crate::methodology::model::{Fidelity, Mitigation, ValueCounts};
use crate::report::json::FORMAT_VERSION;
use crate::report::words::new_table;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write;

#[derive(Serialize)]
pub struct Summary {
    pub id: String,
    pub version: String,
    pub title: String,
    pub family: String,
    pub countries: Vec<String>,
    pub fidelity: &'static str,
    pub sectoral_scope: Option<String>,
    pub source: Option<String>,
    /// How many of the values it fixes (defaults and table entries) are published or assumed.
    pub values: ValueCounts,
    /// `reduction` or `removal`: what ER measures.
    pub mitigation: &'static str,
}

pub fn summary(m: &Methodology) -> Summary {
    Summary {
        id: m.id.clone(),
        version: m.version.clone(),
        title: m.title.clone(),
        family: m.family.clone().unwrap_or_default(),
        countries: m.countries.clone(),
        fidelity: m.fidelity.name(),
        sectoral_scope: m.sectoral_scope.clone(),
        source: m.source.clone(),
        values: m.value_counts(),
        mitigation: m.mitigation.name(),
    }
}
fn published_of(c: ValueCounts) -> String {
    format!("{} of {}", c.published, c.total)
}

/// `jcm methodologies` as a table.
pub fn catalogue_table(ms: &[Methodology]) -> String {
    let mut t = new_table(&["ID", "Version", "Family", "Countries", "Fidelity", "Values published", "Title"], &[]);
    for m in ms {
        t.add_row(vec![
            m.id.clone(),
            m.version.clone(),
            match m.mitigation {
                Mitigation::Reduction => m.family.clone().unwrap_or_default(),
                Mitigation::Removal => format!("{} (removal)", m.family.as_deref().unwrap_or_default()),
            },
            m.countries.join(", "),
            m.fidelity.name().to_string(),
            published_of(m.value_counts()),
            m.title.clone(),
        ]);
    }
    let all = ms.iter().fold(ValueCounts::default(), |a, m| {
        let c = m.value_counts();
        ValueCounts { total: a.total + c.total, published: a.published + c.published, assumed: a.assumed + c.assumed }
    });
    let families: BTreeSet<&str> = ms.iter().filter_map(|m| m.family.as_deref()).collect();
    let mut out = format!("{t}\n");
    let removals = ms.iter().filter(|m| m.mitigation == Mitigation::Removal).count();
    let _ = writeln!(
        out,
        "{} methodologies in {} families ({removals} of removals, the rest of reductions). `jcm explain ID` shows one in full.",
        ms.len(),
        families.len()
    );
    let _ = writeln!(
        out,
        "Values: {} ({} assumed); a value is published when quoted from an official or registered document.",
        all.phrase(),
        all.assumed
    );
    let _ = writeln!(out, "transcribed: {}.", fidelity_meaning(Fidelity::Transcribed));
    let _ = writeln!(out, "illustrative: {}.", fidelity_meaning(Fidelity::Illustrative));
    let _ = writeln!(out, "An id starting with X_ has no official JCM number: an illustrative methodology of a JCM family.");
    out
}

pub fn catalogue_json(ms: &[Methodology]) -> String {
    #[derive(Serialize)]
    struct Doc {
        format_version: u32,
        methodologies: Vec<Summary>,
    }
    let doc = Doc { format_version: FORMAT_VERSION, methodologies: ms.iter().map(summary).collect() };
    crate::report::json::pretty(&doc)
}

/// The header of `jcm methodologies --format csv`: one row per methodology.
pub const CATALOGUE_CSV_HEADER: &[&str] =
    &["id", "version", "title", "family", "countries", "fidelity", "source", "values", "values_published", "values_assumed", "mitigation"];

pub fn catalogue_csv(ms: &[Methodology]) -> String {
    let rows = ms.iter().map(|m| {
        let c = m.value_counts();
        [
            m.id.clone(),
            m.version.clone(),
            m.title.clone(),
            m.family.clone().unwrap_or_default(),
            m.countries.join(";"),
            m.fidelity.name().to_string(),
            m.source.clone().unwrap_or_default(),
            c.total.to_string(),
            c.published.to_string(),
            c.assumed.to_string(),
            m.mitigation.name().to_string(),
        ]
    });
    crate::report::csv::document(CATALOGUE_CSV_HEADER, rows)
}
