//! The report of `jcm verify`: per period and figure, the reported value as written, the
//! recomputed value, their difference, how they were compared and the verdict; then the rule,
//! the tolerance and, for a second party's JSON, whether both runs read the same input files.
//! Rendered as a table, JSON or tidy CSV.

use super::provenance::{self, InputsJson};
use super::trace::{self, PeriodTrace};
use super::words::new_table;
use super::{exact, human};
use crate::compute::Calculation;
use crate::inputs::{InputFile, JCM_VERSION};
use crate::project::Project;
use crate::verify::{Comparison, ReportedFile};
use rust_decimal::Decimal;
use serde::Serialize;

/// The matching rule, in words (README, formats.md).
pub const RULE: &str = "a figure matches when the exact recomputed value, rounded half-up to the decimals the report wrote, equals it; \
ER written as a whole number is compared with ER rounded to whole tCO2 as credits are (settings.credit_rounding); credits are compared exactly";

/// What a verification report shows.
pub struct Verification<'a> {
    pub project: &'a Project,
    pub calc: &'a Calculation,
    pub reported: &'a ReportedFile,
    /// The reported file, hashed.
    pub reported_input: &'a InputFile,
    pub comparison: &'a Comparison,
    pub explain: bool,
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO { format!("+{}", human(d)) } else { human(d) }
}

/// Our inputs against the digests in a second party's JSON, by role and order.
fn inputs_compared(v: &Verification) -> Vec<InputCompared> {
    let theirs = &v.reported.digests;
    if theirs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for role in ["project", "methodology", "monitoring"] {
        let ours: Vec<&InputFile> = v.calc.inputs.iter().filter(|f| f.role.name() == role).collect();
        let other: Vec<&(String, String, String)> = theirs.iter().filter(|(r, _, _)| r == role).collect();
        for k in 0..ours.len().max(other.len()) {
            let (a, b) = (ours.get(k), other.get(k));
            out.push(InputCompared {
                role: role.to_string(),
                ours: a.map(|f| provenance::display_path(&f.path, f.bundled)),
                theirs: b.map(|(_, p, _)| p.clone()),
                same: matches!((a, b), (Some(f), Some((_, _, h))) if &f.sha256 == h),
            });
        }
    }
    out
}

#[derive(Serialize)]
pub struct InputCompared {
    pub role: String,
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// Both runs read a file with the same SHA-256.
    pub same: bool,
}

#[derive(Serialize)]
struct VerifyJson {
    format_version: u32,
    project: ProjectRef,
    reported: ReportedRef,
    rule: &'static str,
    tolerance: String,
    figures: Vec<FigureJson>,
    passes: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inputs_compared: Vec<InputCompared>,
    inputs: InputsJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<PeriodTrace>>,
}

#[derive(Serialize)]
struct ProjectRef {
    id: String,
    methodology: String,
    methodology_version: String,
}

#[derive(Serialize)]
struct ReportedRef {
    file: String,
    sha256: String,
    project: Option<String>,
    source: Option<String>,
    /// The jcm version of a second party's JSON report.
    jcm_version: Option<String>,
}

#[derive(Serialize)]
struct FigureJson {
    period: String,
    figure: &'static str,
    /// As written in the reported file.
    reported: String,
    recomputed: Option<String>,
    compared_at: String,
    difference: Option<String>,
    verdict: crate::verify::Verdict,
}

fn all_inputs(v: &Verification) -> Vec<InputFile> {
    let mut files = v.calc.inputs.clone();
    files.push(v.reported_input.clone());
    files
}

pub fn json(v: &Verification) -> String {
    let m = &v.project.methodology;
    let doc = VerifyJson {
        format_version: super::json::FORMAT_VERSION,
        project: ProjectRef { id: v.project.id.clone(), methodology: m.id.clone(), methodology_version: m.version.clone() },
        reported: ReportedRef {
            file: v.reported.src.path.clone(),
            sha256: v.reported_input.sha256.clone(),
            project: v.reported.project.as_ref().map(|(id, _)| id.clone()),
            source: v.reported.source.clone(),
            jcm_version: v.reported.jcm_version.clone(),
        },
        rule: RULE,
        tolerance: v.comparison.tolerance.text(),
        figures: v
            .comparison
            .rows
            .iter()
            .map(|r| FigureJson {
                period: r.period.clone(),
                figure: r.reported.figure.name(),
                reported: r.reported.text.clone(),
                recomputed: r.recomputed.map(exact),
                compared_at: r.compared_at.clone(),
                difference: r.difference.map(exact),
                verdict: r.verdict,
            })
            .collect(),
        passes: v.comparison.passes(),
        inputs_compared: inputs_compared(v),
        inputs: provenance::inputs_json(&all_inputs(v)),
        trace: v.explain.then(|| trace::build(v.project, v.calc)),
    };
    super::json::pretty(&doc)
}

/// The header of the verification CSV: one row per reported figure.
pub const CSV_HEADER: &[&str] = &["project", "period", "figure", "reported", "recomputed", "difference", "compared_at", "verdict"];

pub fn csv(v: &Verification) -> String {
    let rows = v.comparison.rows.iter().map(|r| {
        [
            v.project.id.clone(),
            r.period.clone(),
            r.reported.figure.name().to_string(),
            r.reported.text.clone(),
            r.recomputed.map(exact).unwrap_or_default(),
            r.difference.map(exact).unwrap_or_default(),
            r.compared_at.clone(),
            // The JSON's word (`differs`), not the table's (`DIFFERS`): both are for programs.
            super::words::word(r.verdict),
        ]
    });
    super::csv::document(CSV_HEADER, rows)
}

pub fn table(v: &Verification) -> String {
    let c = v.comparison;
    let mut out = format!("Verification of {} · {}\nagainst {}\n", v.project.id, v.project.title, v.reported.src.path);
    if let Some(s) = &v.reported.source {
        out.push_str(&format!("source: {s}\n"));
    }
    out.push('\n');
    let mut t = new_table(&["Period", "Figure", "Reported", "Recomputed", "Difference", "Compared at", "Verdict"], &[2, 3, 4]);
    for r in &c.rows {
        t.add_row(vec![
            r.period.clone(),
            r.reported.figure.name().to_string(),
            r.reported.text.clone(),
            r.recomputed.map(human).unwrap_or_else(|| "—".into()),
            r.difference.map(signed).unwrap_or_else(|| "—".into()),
            r.compared_at.clone(),
            r.verdict.text().to_string(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let n = c.rows.len();
    let failed: Vec<String> =
        c.rows.iter().filter(|r| !r.verdict.passes()).map(|r| format!("{} {}", r.period, r.reported.figure.name())).collect();
    let near = c.rows.iter().filter(|r| r.verdict == crate::verify::Verdict::WithinTolerance).count();
    if failed.is_empty() && c.passes() {
        let within = if near > 0 { format!(" ({near} within the tolerance)") } else { String::new() };
        out.push_str(&format!("Result: all {n} reported figures match{within}.\n"));
    } else if failed.is_empty() {
        out.push_str("Result: the figures match, but the reported file does not fit the project (see the errors).\n");
    } else {
        out.push_str(&format!("Result: {} of {n} reported figures do not match: {}.\n", failed.len(), failed.join(", ")));
    }
    out.push_str(&format!("Rule: {RULE}.\n"));
    out.push_str(&format!("Tolerance: {}.\n", c.tolerance.text()));
    let compared = inputs_compared(v);
    if !compared.is_empty() {
        let version = v.reported.jcm_version.as_deref().unwrap_or("unknown");
        out.push_str(&format!("\nInputs against the reported run (jcm {version}; this run jcm {JCM_VERSION})\n"));
        for i in &compared {
            let verdict = if i.same { "same SHA-256" } else { "DIFFERENT" };
            let path = i.ours.clone().or_else(|| i.theirs.clone()).unwrap_or_default();
            out.push_str(&format!("- {:<11} {path}: {verdict}\n", i.role));
        }
    }
    out.push_str(&provenance::inputs_text(&all_inputs(v)));
    if v.explain {
        out.push_str(&super::explain::render(v.project, v.calc));
    }
    out
}
