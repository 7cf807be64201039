//! The support programmes (`jcm programmes`) as a table, JSON and CSV, one programme a row.

use super::json::{FORMAT_VERSION, pretty};
use super::words::new_table;
use super::words::word;
use crate::policy::programmes::{AS_OF, CREDITS_TO_JAPAN, PROGRAMMES, Programme, SOURCE};
use crate::policy::thousands;
use rust_decimal::Decimal;
use serde::Serialize;

fn cap(p: &Programme) -> String {
    match (p.min_jpy, p.cap_jpy) {
        (Some(lo), Some(hi)) => format!("{} to {} JPY", thousands(Decimal::from(lo)), thousands(Decimal::from(hi))),
        (None, Some(hi)) => format!("up to {} JPY", thousands(Decimal::from(hi))),
        _ => "a share of the investment (see rate)".into(),
    }
}

pub fn table() -> String {
    let mut out = format!("JCM support programmes. Source: {} ({AS_OF}), as stated.\n", SOURCE.cite);
    let mut t = new_table(&["Id", "Programme", "Ministry", "Form", "Cap", "Share or rate", "Duration", "Eligibility"], &[]);
    for p in PROGRAMMES {
        t.add_row(vec![
            p.id.to_string(),
            p.name.to_string(),
            word(p.ministry),
            if p.form_stated { word(p.form) } else { format!("{} (inferred)", word(p.form)) },
            cap(p),
            p.rate.to_string(),
            p.duration.to_string(),
            p.eligibility.to_string(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    for p in PROGRAMMES.iter().filter(|p| !p.notes.is_empty()) {
        out.push_str(&format!("  {}: {}\n", p.id, p.notes));
    }
    out.push_str(CREDITS_TO_JAPAN);
    out.push('\n');
    out.push_str("`jcm appraise --programme moej-equipment` (the default) or `--programme global-south` appraises a project under one of the subsidies.\n");
    out
}

#[derive(Serialize)]
struct Doc {
    format_version: u32,
    source: &'static str,
    as_of: &'static str,
    credits_to_japan: &'static str,
    programmes: Vec<ProgrammeJson>,
}

#[derive(Serialize)]
struct ProgrammeJson {
    id: &'static str,
    name: &'static str,
    ministry: crate::policy::programmes::Ministry,
    ministry_name: &'static str,
    form: crate::policy::programmes::Form,
    form_stated: bool,
    cap_jpy: Option<i64>,
    min_jpy: Option<i64>,
    rate: &'static str,
    duration: &'static str,
    eligibility: &'static str,
    notes: &'static str,
}

pub fn json() -> String {
    let programmes = PROGRAMMES
        .iter()
        .map(|p| ProgrammeJson {
            id: p.id,
            name: p.name,
            ministry: p.ministry,
            ministry_name: p.ministry.label(),
            form: p.form,
            form_stated: p.form_stated,
            cap_jpy: p.cap_jpy,
            min_jpy: p.min_jpy,
            rate: p.rate,
            duration: p.duration,
            eligibility: p.eligibility,
            notes: p.notes,
        })
        .collect();
    pretty(&Doc { format_version: FORMAT_VERSION, source: SOURCE.cite, as_of: AS_OF, credits_to_japan: CREDITS_TO_JAPAN, programmes })
}

pub const CSV_HEADER: &[&str] =
    &["id", "name", "ministry", "form", "form_stated", "cap_jpy", "min_jpy", "rate", "duration", "eligibility", "source", "as_of"];

pub fn csv() -> String {
    let rows = PROGRAMMES.iter().map(|p| {
        vec![
            p.id.to_string(),
            p.name.to_string(),
            word(p.ministry),
            word(p.form),
            p.form_stated.to_string(),
            p.cap_jpy.map(|c| c.to_string()).unwrap_or_default(),
            p.min_jpy.map(|c| c.to_string()).unwrap_or_default(),
            p.rate.to_string(),
            p.duration.to_string(),
            p.eligibility.to_string(),
            SOURCE.cite.to_string(),
            AS_OF.to_string(),
        ]
    });
    super::csv::document(CSV_HEADER, rows)
}
