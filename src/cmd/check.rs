//! `jcm check`: validate methodology files and project folders without computing credits.
//! Silent with exit 0 when all is well (hledger's `check` is the model); otherwise every
//! finding on stderr (or stdout as JSON/CSV for CI) and exit 1. `--strict` counts warnings.

use super::Done;
use crate::diag::Severity;
use crate::report::Format;
use crate::report::diagnostics::DiagnosticJson;
use serde::Serialize;
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

#[derive(Serialize)]
struct CheckJson {
    format_version: u32,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<DiagnosticJson>,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let found = crate::check::paths(&args.paths);
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found.len() - errors;
    let status = u8::from(errors > 0 || (args.strict && warnings > 0));
    let stdout = match args.format {
        Format::Table => String::new(),
        Format::Json => {
            let doc = CheckJson {
                format_version: crate::report::json::FORMAT_VERSION,
                errors,
                warnings,
                diagnostics: found.iter().map(DiagnosticJson::from).collect(),
            };
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            s
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["code", "severity", "file", "line", "column", "message", "hint"])?;
            for r in found.iter().map(DiagnosticJson::from) {
                let sev = if r.severity == Severity::Error { "error" } else { "warning" };
                let num = |n: Option<usize>| n.map(|x| x.to_string()).unwrap_or_default();
                w.write_record([
                    r.code,
                    sev,
                    r.file.as_deref().unwrap_or(""),
                    &num(r.line),
                    &num(r.column),
                    &r.message,
                    r.hint.as_deref().unwrap_or(""),
                ])?;
            }
            String::from_utf8(w.into_inner()?)?
        }
    };
    let diagnostics = if args.format == Format::Table { found } else { Vec::new() };
    Ok(Done { stdout, diagnostics, status })
}
