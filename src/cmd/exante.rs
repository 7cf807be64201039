//! `jcm calc --ex-ante`: the expected annual figures of projects at the PDD stage, from their
//! [estimate]. Such a project needs no [[periods]], [monitoring] or [allocation] yet.

use super::Done;
use crate::compute::exante::{self, ExAnte};
use crate::diag::{Code, Diagnostic, Failure};
use crate::project::Project;
use crate::report::{self, Format};
use std::path::PathBuf;

/// Estimate the projects; `many` (a folder of projects) asks for the JSON shape of several even
/// when there is one, as `calc` gives.
///
/// As with `calc DIR`, a project that cannot be estimated does not stop the others when there
/// are several: its diagnostics go to stderr, the others are printed, and the exit status is 2.
pub fn run(paths: &[PathBuf], format: Format, many: bool) -> anyhow::Result<Done> {
    let mut diagnostics = Vec::new();
    let mut done: Vec<(Project, ExAnte)> = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    for p in paths {
        match estimate_one(p) {
            Ok((project, x)) => {
                diagnostics.extend(x.warnings.iter().cloned());
                done.push((project, x));
            }
            Err(f) if many => {
                diagnostics.extend(f.0);
                failed.push(p.display().to_string());
            }
            Err(f) => return Err(f.into()),
        }
    }
    if !failed.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::ProjectsFailed,
                format!("{} of {} projects could not be estimated: {}", failed.len(), paths.len(), failed.join(", ")),
            )
            .hint("the errors above say why; the other projects were estimated"),
        );
    }
    // Each project's estimate report is built once; every format renders it.
    let docs: Vec<report::exante::ExAnteJson> = done.iter().map(|(p, x)| report::exante::project_json(p, x)).collect();
    let stdout = match format {
        Format::Csv => report::exante::csv(&docs).into(),
        Format::Table => docs.iter().map(report::exante::table).collect::<Vec<_>>().join("\n").into(),
        Format::Xlsx => super::workbook(&report::xlsx::project::exante_sheets(&docs))?,
        Format::Html => report::html::exante(&docs).into(),
        Format::Json => report::exante::json(docs, many).into(),
    };
    Ok(Done { stdout, diagnostics, status: if failed.is_empty() { 0 } else { 2 } })
}

/// Load and estimate one project; the report lists every warning, those found while loading
/// included (as for `calc`).
fn estimate_one(path: &std::path::Path) -> Result<(Project, ExAnte), Failure> {
    let (project, load_warnings) = crate::pipeline::files::project_ex_ante(path)?;
    let mut x = exante::estimate(&project)?;
    x.warnings.splice(0..0, load_warnings);
    Ok((project, x))
}
