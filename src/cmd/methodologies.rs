//! `jcm methodologies`: the bundled methodologies, with their family, countries and fidelity.

use super::Done;
use crate::diag::Failure;
use crate::methodology::bundled;
use crate::report::TextFormat;
use crate::report::methodology::catalogue as render;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let mut ms = Vec::new();
    let mut problems = Vec::new();
    for (_, m) in bundled::all() {
        match m {
            Ok(m) => ms.push(m),
            Err(Failure(ds)) => problems.extend(ds),
        }
    }
    if !problems.is_empty() {
        return Err(Failure(problems).into());
    }
    let stdout = match args.format {
        TextFormat::Table => render::catalogue_table(&ms),
        TextFormat::Json => render::catalogue_json(&ms),
        TextFormat::Csv => render::catalogue_csv(&ms),
    };
    Ok(Done { stdout: stdout.into(), diagnostics: Vec::new(), status: 0 })
}
