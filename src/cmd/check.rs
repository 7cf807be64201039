//! `jcm check`: validate methodology files and project folders without computing credits.
//! Silent with exit 0 when all is well (hledger's `check` is the model); otherwise every
//! finding on stderr (or stdout as JSON/CSV for CI) and exit 1. `--strict` counts warnings.

use super::Done;
use crate::report::{Format, diagnostics};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folders, methodology files, folders of them, or bundled methodology ids
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Warnings count as problems (exit 1)
    #[arg(long)]
    pub strict: bool,
    /// How to list the findings: as diagnostics on stderr (table), or on stdout as JSON or CSV
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let found = crate::check::paths(&args.paths);
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found.len() - errors;
    let status = u8::from(errors > 0 || (args.strict && warnings > 0));
    let stdout = match args.format {
        Format::Table => String::new().into(),
        Format::Json => diagnostics::findings_json(&found).into(),
        Format::Csv => diagnostics::findings_csv(&found).into(),
        Format::Xlsx => super::workbook(&crate::report::xlsx::summary::check_sheets(&found))?,
        f @ Format::Html => return Err(f.refused("check")),
    };
    let diagnostics = if args.format == Format::Table { found } else { Vec::new() };
    Ok(Done { stdout, diagnostics, status })
}
