//! Where a result came from, for every report: the input files with their SHA-256 and the jcm
//! version (so two parties can prove they ran the same thing), and the meter corrections that
//! were applied to the readings.

use super::exact;
use crate::compute::Calculation;
use crate::compute::correct::Applied;
use crate::inputs::{InputFile, JCM_VERSION};
use crate::project::Project;
use serde::Serialize;

#[derive(Serialize)]
pub struct InputsJson {
    pub jcm_version: &'static str,
    pub files: Vec<FileJson>,
}

#[derive(Serialize, Clone)]
pub struct FileJson {
    pub role: &'static str,
    pub path: String,
    pub sha256: String,
    pub bundled: bool,
}

#[derive(Serialize)]
pub struct CorrectionJson {
    pub parameter: String,
    /// The point id, or null for every point.
    pub point: Option<String>,
    pub from: String,
    pub to: String,
    pub error: String,
    pub direction: &'static str,
    pub factor: String,
    /// explicit | raises-er | lowers-er | no-effect
    pub why: &'static str,
    pub readings: u64,
    pub reason: Option<String>,
}

pub fn inputs_json(files: &[InputFile]) -> InputsJson {
    InputsJson {
        jcm_version: JCM_VERSION,
        files: files
            .iter()
            .map(|f| FileJson { role: f.role.name(), path: f.path.clone(), sha256: f.sha256.clone(), bundled: f.bundled })
            .collect(),
    }
}

pub fn corrections_json(project: &Project, applied: &[Applied]) -> Vec<CorrectionJson> {
    applied
        .iter()
        .map(|a| {
            let c = &a.correction;
            CorrectionJson {
                parameter: c.parameter.clone(),
                point: c.point.map(|p| project.points[p].id.clone()),
                from: c.from.to_string(),
                to: c.to.to_string(),
                error: exact(c.error),
                direction: a.direction.name(),
                factor: exact(a.factor),
                why: a.why.key(),
                readings: a.readings,
                reason: c.reason.clone(),
            }
        })
        .collect()
}

/// One line per correction, for the "rules applied" part of a table report.
pub fn corrections_text(project: &Project, calc: &Calculation) -> String {
    if calc.corrections.is_empty() {
        return String::new();
    }
    let mut out = String::from("- meter corrections (each reading in the range multiplied before aggregation):\n");
    for (k, a) in calc.corrections.iter().enumerate() {
        out.push_str(&format!("  {}. {}\n", k + 1, describe(project, a)));
        if let Some(r) = &a.correction.reason {
            out.push_str(&format!("     reason: {r}\n"));
        }
    }
    out
}

/// `EG at FPV-A, 2021-03-01 to 2021-06-30, error 2%: × 0.98 on 4 readings (why)`.
pub fn describe(project: &Project, a: &Applied) -> String {
    let c = &a.correction;
    let at = c.point.map(|p| format!(" at {}", project.points[p].id)).unwrap_or_default();
    let n = if a.readings == 1 { "1 reading".to_string() } else { format!("{} readings", a.readings) };
    format!(
        "{}{at}, {} to {}, error {}%: × {} on {n} ({})",
        c.parameter,
        c.from,
        c.to,
        exact(c.error * rust_decimal::Decimal::ONE_HUNDRED),
        exact(a.factor),
        a.why.text(&c.parameter)
    )
}

/// A path for people: a bundled methodology is named by its file, not by its internal path.
pub fn display_path(path: &str, bundled: bool) -> String {
    match crate::methodology::bundled::file_name(path) {
        Some(name) if bundled => format!("{name} (bundled with jcm)"),
        _ => path.to_string(),
    }
}

/// The footer of a table report: every input file with its digest, and the jcm version.
pub fn inputs_text(inputs: &InputsJson) -> String {
    let mut out = format!("\nInputs (SHA-256), computed by jcm {}\n", inputs.jcm_version);
    let shown: Vec<String> = inputs.files.iter().map(|f| display_path(&f.path, f.bundled)).collect();
    let width = shown.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for (f, s) in inputs.files.iter().zip(&shown) {
        out.push_str(&format!("- {:<11} {s:<width$}  {}\n", f.role, f.sha256));
    }
    out
}
