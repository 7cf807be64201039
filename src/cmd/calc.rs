//! `jcm calc`: compute a project's emission reductions, credits and allocation.

use super::Done;
use crate::compute::{self, Calculation};
use crate::project::{self, Project};
use crate::report::{self, Format};
use crate::{diag::Diagnostic, monitoring};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folders (or their project.toml files)
    #[arg(required = true, value_name = "PROJECT")]
    pub projects: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Load, read the monitoring data and compute one project; warnings are appended to `warn`.
pub fn compute_one(path: &std::path::Path, warn: &mut Vec<Diagnostic>) -> anyhow::Result<(Project, Calculation)> {
    let (project, warnings) = project::load(path)?;
    warn.extend(warnings);
    let mon = monitoring::read(&project, &[])?;
    let calc = compute::calculate(&project, &mon)?;
    warn.extend(calc.warnings.iter().cloned());
    warn.extend(calc.problems.iter().cloned());
    Ok((project, calc))
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let mut diagnostics = Vec::new();
    let mut done = Vec::new();
    for p in &args.projects {
        done.push(compute_one(p, &mut diagnostics)?);
    }
    let items: Vec<(&Project, &Calculation)> = done.iter().map(|(p, c)| (p, c)).collect();
    let stdout = match args.format {
        Format::Json => report::json::render(&items),
        Format::Csv => report::csv::render(&items),
        Format::Table => items.iter().map(|(p, c)| report::table::render(p, c)).collect::<Vec<_>>().join("\n"),
    };
    // A CCS reserve shortfall is a problem found, not unusable input: the results stand.
    let status = u8::from(done.iter().any(|(_, c)| !c.problems.is_empty()));
    Ok(Done { stdout, diagnostics, status })
}
