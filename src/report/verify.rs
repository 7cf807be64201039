//! The report of `jcm verify`: per period and figure, the reported value as written, the
//! recomputed value, their difference, how they were compared and the verdict; then the rule,
//! the tolerance and, for a second party's JSON, whether both runs read the same input files.
//! Rendered as a table, JSON or tidy CSV.

use super::model::ProjectReport;
use super::provenance::{self, FileJson, InputsJson};
use super::trace::PeriodTrace;
use super::words::new_table;
use super::{exact, human};
use crate::inputs::{InputFile, JCM_VERSION};
use crate::verify::{Comparison, InputCompared, ReportedFile, Verdict};
use rust_decimal::Decimal;
use serde::Serialize;

/// The matching rule, in words (README, formats.md).
pub const RULE: &str = "a figure matches when the exact recomputed value, rounded half-up to the decimals the report wrote, equals it \
(a second party's JSON carries every digit and is compared exactly); ER written as a whole number is compared with ER rounded to whole tCO2 \
as credits are (settings.credit_rounding); credits, the reserve, each party's credits, the corresponding adjustment and itmo are compared \
exactly, whatever the tolerance, which applies to RE, PE and ER only";

/// What a verification report shows.
pub struct Verification<'a> {
    /// The recomputed project's report (with its trace when `--explain` asked for one).
    pub report: &'a ProjectReport,
    pub reported: &'a ReportedFile,
    /// The reported file, hashed.
    pub reported_input: &'a InputFile,
    pub comparison: &'a Comparison,
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO { format!("+{}", human(d)) } else { human(d) }
}

#[derive(Serialize)]
pub struct VerifyJson<'a> {
    pub format_version: u32,
    pub project: ProjectRef,
    pub reported: ReportedRef,
    pub rule: &'static str,
    pub tolerance: String,
    pub figures: Vec<FigureJson>,
    /// The result in words, as the table's `Result:` line.
    pub verdict: String,
    pub passes: bool,
    #[serde(skip_serializing_if = "<[InputCompared]>::is_empty")]
    pub inputs_compared: &'a [InputCompared],
    pub inputs: InputsJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<&'a [PeriodTrace]>,
}

#[derive(Serialize)]
pub struct ProjectRef {
    pub id: String,
    pub methodology: String,
    pub methodology_version: String,
    /// For a report for people.
    #[serde(skip)]
    pub title: String,
}

#[derive(Serialize)]
pub struct ReportedRef {
    pub file: String,
    pub sha256: String,
    pub project: Option<String>,
    pub source: Option<String>,
    /// The jcm version of a second party's JSON report.
    pub jcm_version: Option<String>,
    /// The methodology id and version of a second party's JSON report.
    pub methodology: Option<String>,
    pub methodology_version: Option<String>,
}

#[derive(Serialize)]
pub struct FigureJson {
    pub period: Option<String>,
    pub figure: &'static str,
    /// As written in the reported file.
    pub reported: String,
    pub recomputed: Option<String>,
    pub compared_at: String,
    pub difference: Option<String>,
    pub verdict: Verdict,
    pub direction: Option<crate::verify::Direction>,
}

fn all_inputs(v: &Verification) -> InputsJson {
    let i = v.reported_input;
    let mut files = v.report.inputs.files.clone();
    files.push(FileJson { role: i.role.name(), path: i.path.clone(), sha256: i.sha256.clone(), bundled: i.bundled });
    InputsJson { jcm_version: v.report.inputs.jcm_version, files }
}

/// The verification report, as the JSON and the workbook show it.
pub fn report<'a>(v: &'a Verification) -> VerifyJson<'a> {
    let h = &v.report.project;
    VerifyJson {
        format_version: super::json::FORMAT_VERSION,
        project: ProjectRef {
            id: h.id.clone(),
            methodology: h.methodology.clone(),
            methodology_version: h.methodology_version.clone(),
            title: h.title.clone(),
        },
        reported: ReportedRef {
            file: v.reported.src.path.clone(),
            sha256: v.reported_input.sha256.clone(),
            project: v.reported.project.as_ref().map(|(id, _)| id.clone()),
            source: v.reported.source.clone(),
            jcm_version: v.reported.jcm_version.clone(),
            methodology: v.reported.methodology.as_ref().map(|(id, _)| id.clone()),
            methodology_version: v.reported.methodology.as_ref().map(|(_, version)| version.clone()),
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
                recomputed: r.recomputed_text(),
                compared_at: r.compared_at.clone(),
                difference: r.difference.map(exact),
                verdict: r.verdict,
                direction: r.direction,
            })
            .collect(),
        verdict: verdict(v.comparison),
        passes: v.comparison.passes(),
        inputs_compared: &v.comparison.inputs,
        inputs: all_inputs(v),
        trace: v.report.trace.as_deref(),
    }
}

pub fn json(v: &Verification) -> String {
    super::json::pretty(&report(v))
}

/// The header of the verification CSV: one row per reported figure.
pub const CSV_HEADER: &[&str] =
    &["project", "period", "figure", "reported", "recomputed", "difference", "compared_at", "verdict", "direction"];

pub fn csv(v: &Verification) -> String {
    let rows = v.comparison.rows.iter().map(|r| {
        [
            v.report.project.id.clone(),
            r.period.clone().unwrap_or_default(),
            r.reported.figure.name().to_string(),
            r.reported.text.clone(),
            r.recomputed_text().unwrap_or_default(),
            r.difference.map(exact).unwrap_or_default(),
            r.compared_at.clone(),
            // The JSON's words (`differs`, `over-statement`), not the table's (`DIFFERS`): both are for programs.
            super::words::word(r.verdict),
            r.direction.map(super::words::word).unwrap_or_default(),
        ]
    });
    super::csv::document(CSV_HEADER, rows)
}

/// The result in words, for the table's `Result:` line and the JSON's `verdict`: which figures
/// do not match and which way, whether the second party read other inputs, and any other
/// jcm or methodology version.
pub fn verdict(c: &Comparison) -> String {
    let n = c.rows.len();
    let failed: Vec<String> = c
        .rows
        .iter()
        .filter(|r| !r.verdict.passes())
        .map(|r| match r.direction {
            Some(d) => format!("{} ({})", r.label(), d.text()),
            None => r.label(),
        })
        .collect();
    let near = c.rows.iter().filter(|r| r.verdict == Verdict::WithinTolerance).count();
    let mut out = if failed.is_empty() {
        let within = if near > 0 { format!(" ({near} within the tolerance)") } else { String::new() };
        format!("all {n} reported figures match{within}")
    } else {
        format!("{} of {n} reported figures do not match: {}", failed.len(), failed.join(", "))
    };
    let differ: Vec<String> = c.different_inputs().iter().map(|i| i.label()).collect();
    if !differ.is_empty() {
        let allowed = if c.allow_different_inputs { " (accepted with --allow-different-inputs)" } else { "" };
        out.push_str(&format!("; but the reported run read different inputs: {}{allowed}", differ.join(", ")));
    }
    let unfit = c.diagnostics.iter().any(|d| d.is_error() && matches!(d.code, crate::diag::Code::BadReported));
    if unfit {
        out.push_str(if differ.is_empty() { "; but" } else { "; and" });
        out.push_str(" the reported file does not fit the project (see the errors)");
    }
    out.push('.');
    for v in &c.versions {
        out.push_str(&format!(" Note: {v}."));
    }
    out
}

pub fn table(v: &Verification) -> String {
    let c = v.comparison;
    let mut out = format!("Verification of {} · {}\nagainst {}\n", v.report.project.id, v.report.project.title, v.reported.src.path);
    if let Some(s) = &v.reported.source {
        out.push_str(&format!("source: {s}\n"));
    }
    out.push('\n');
    let mut t = new_table(&["Period", "Figure", "Reported", "Recomputed", "Difference", "Compared at", "Verdict"], &[2, 3, 4]);
    for r in &c.rows {
        let verdict = match r.direction {
            Some(d) => format!("{} ({})", r.verdict.text(), d.text()),
            None => r.verdict.text().to_string(),
        };
        let recomputed = match r.recomputed {
            Some(x) if r.reported.figure == crate::verify::reported::Figure::Itmo => (!x.is_zero()).to_string(),
            Some(x) => human(x),
            None => "—".into(),
        };
        t.add_row(vec![
            r.period.clone().unwrap_or_else(|| "whole report".into()),
            r.reported.figure.name().to_string(),
            r.reported.text.clone(),
            recomputed,
            r.difference.map_or_else(|| "—".into(), signed),
            r.compared_at.clone(),
            verdict,
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(&format!("Result: {}\n", verdict(c)));
    out.push_str(&format!("Rule: {RULE}.\n"));
    out.push_str(&format!("Tolerance: {}.\n", c.tolerance.text()));
    if !c.inputs.is_empty() {
        let version = v.reported.jcm_version.as_deref().unwrap_or("unknown");
        out.push_str(&format!("\nInputs against the reported run (jcm {version}; this run jcm {JCM_VERSION})\n"));
        for i in &c.inputs {
            let same = if i.same { "same SHA-256" } else { "DIFFERENT" };
            let path = i.ours.clone().or_else(|| i.theirs.clone()).unwrap_or_default();
            out.push_str(&format!("- {:<11} {path}: {same}\n", i.role));
        }
    }
    out.push_str(&provenance::inputs_text(&all_inputs(v)));
    if let Some(traces) = &v.report.trace {
        out.push_str(&super::explain::render(traces));
    }
    out
}
