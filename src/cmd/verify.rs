//! `jcm verify`: recompute a project and compare it with reported figures (a monitoring
//! report's, or a second party's `jcm calc --format json`). Exit 0 when every figure matches
//! (or is within `--tolerance`), 1 when one does not or a second party's run read other input
//! files (unless `--allow-different-inputs`), 2 when the input cannot be used.

use super::Done;
use crate::diag::{Code, Diagnostic, Failure, Source};
use crate::inputs::{InputFile, Role, sha256_hex};
use crate::pipeline;
use crate::report::Format;
use crate::report::verify::{self as render, Verification};
use crate::verify::{self, Tolerance};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project folder (or its project.toml)
    #[arg(value_name = "PROJECT")]
    pub project: PathBuf,
    /// The reported figures: TOML ([[periods]] id, RE, PE, ER) or the JSON of `jcm calc --format json`
    #[arg(long, value_name = "FILE")]
    pub reported: PathBuf,
    /// Materiality: a difference of at most X tCO2 (`5`) or X% of the recomputed value (`0.5%`) passes
    #[arg(long, value_name = "X")]
    pub tolerance: Option<String>,
    /// Compare a second party's JSON even when its input files (SHA-256) are not ours: a
    /// warning instead of a failure
    #[arg(long)]
    pub allow_different_inputs: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Append the trace of every recomputed figure, as `jcm calc --explain` (table and JSON)
    #[arg(long)]
    pub explain: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let tolerance = match &args.tolerance {
        Some(t) => Tolerance::parse(t).map_err(anyhow::Error::msg)?,
        None => Tolerance::None,
    };
    // Read (and parse) before computing: a mistyped --reported should not wait for the whole
    // computation, which reads every monitoring row.
    let path = args.reported.display().to_string();
    let text = std::fs::read_to_string(&args.reported).map_err(|e| {
        Failure::one(
            Diagnostic::new(Code::Io, format!("cannot read {path}: {e}"))
                .in_file(path.clone())
                .hint("--reported names a TOML or JSON file"),
        )
    })?;
    let reported_input = InputFile { role: Role::Reported, path: path.clone(), sha256: sha256_hex(text.as_bytes()), bundled: false };
    let (project, mut diagnostics) = crate::pipeline::files::project(&args.project)?;
    let reported = verify::reported::read(Source::new(path, text), &project.id)?;
    let calc = pipeline::calculate(&pipeline::files::Disk, &project, None)?;
    diagnostics.extend(calc.warnings.iter().cloned());
    let comparison = verify::compare(&project, &calc, &reported, tolerance, args.allow_different_inputs);
    diagnostics.extend(comparison.diagnostics.iter().cloned());
    let mut report = crate::report::model::build(&project, &calc);
    if args.explain {
        report.trace = Some(crate::report::trace::build(&project, &calc));
    }
    let v = Verification { report: &report, reported: &reported, reported_input: &reported_input, comparison: &comparison };
    let stdout = match args.format {
        Format::Table => render::table(&v).into(),
        Format::Json => render::json(&v).into(),
        Format::Csv => render::csv(&v).into(),
        Format::Xlsx => super::workbook(&crate::report::xlsx::summary::verify_sheets(&render::report(&v)))?,
        Format::Html => crate::report::html::verify(&render::report(&v)).into(),
    };
    Ok(Done { stdout, diagnostics, status: u8::from(!comparison.passes()) })
}
