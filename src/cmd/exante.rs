//! `jcm calc --ex-ante`: the expected annual figures of projects at the PDD stage, from their
//! [estimate]. Such a project needs no [[periods]], [monitoring] or [allocation] yet.

use super::Done;
use crate::compute::exante::{self, ExAnte};
use crate::project::{self, Project};
use crate::report::{self, Format};
use std::path::PathBuf;

/// Estimate the projects; `many` (a folder of projects) asks for the JSON shape of several even
/// when there is one, as `calc` gives.
pub fn run(paths: &[PathBuf], format: Format, many: bool) -> anyhow::Result<Done> {
    let mut diagnostics = Vec::new();
    let mut done: Vec<(Project, ExAnte)> = Vec::new();
    for p in paths {
        let (project, load_warnings) = project::load::load_ex_ante(p)?;
        let mut x = exante::estimate(&project)?;
        // As for `calc`: the report lists every warning, those found while loading included.
        x.warnings.splice(0..0, load_warnings);
        diagnostics.extend(x.warnings.iter().cloned());
        done.push((project, x));
    }
    let items: Vec<(&Project, &ExAnte)> = done.iter().map(|(p, x)| (p, x)).collect();
    let stdout = match format {
        Format::Json => report::exante::json(&items, many).into(),
        Format::Csv => report::exante::csv(&items).into(),
        Format::Table => items.iter().map(|(p, x)| report::exante::table(p, x)).collect::<Vec<_>>().join("\n").into(),
        Format::Xlsx => {
            let docs: Vec<_> = items.iter().map(|(p, x)| report::exante::project_json(p, x)).collect();
            super::workbook(&report::xlsx::project::exante_sheets(&docs))?
        }
    };
    Ok(Done { stdout, diagnostics, status: 0 })
}
