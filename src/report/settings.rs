//! The settings a policy report used (value, where it came from, the default's source), as a
//! table and as JSON, shared by `appraise` and `offset`.

use super::words::new_table;
use crate::policy::{Origin, Setting};
use serde::Serialize;

#[derive(Serialize)]
pub struct SettingJson {
    name: &'static str,
    value: String,
    default: String,
    origin: Origin,
    at: Option<String>,
    source: &'static str,
    confidence: crate::policy::Confidence,
}

pub fn json(settings: &[Setting]) -> Vec<SettingJson> {
    settings
        .iter()
        .map(|s| SettingJson {
            name: s.name,
            value: s.value.clone(),
            default: s.default.clone(),
            origin: s.origin,
            at: s.at.clone(),
            source: s.reference.cite,
            confidence: s.reference.confidence,
        })
        .collect()
}

fn from(s: &Setting) -> String {
    match (s.origin, &s.at) {
        (Origin::Default, _) => "default".into(),
        (Origin::CommandLine, _) => "command line".into(),
        (Origin::File, Some(at)) => at.clone(),
        (Origin::File, None) => "file".into(),
    }
}

/// "Values assumed" as a table: setting, value, where from, default, source.
pub fn table(settings: &[Setting]) -> String {
    let mut t = new_table(&["Setting", "Value", "From", "Default", "Source of the default"], &[]);
    for s in settings {
        t.add_row(vec![
            s.name.to_string(),
            s.value.clone(),
            from(s),
            s.default.clone(),
            format!("[{}] {}", s.reference.confidence.label(), s.reference.cite),
        ]);
    }
    format!("Values assumed (each a default you may replace in the file or on the command line):\n{t}\n")
}
