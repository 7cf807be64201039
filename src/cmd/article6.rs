//! `jcm article6`: a Party's Article 6.2 records for a year in the Agreed Electronic TextFormat,
//! from the projects given (load → compute → build the records → render). Every project must
//! compute: a project that cannot is an error (exit 2, nothing printed), since a record that
//! leaves ITMOs out would not add up. A project at the PDD stage has no credits and is skipped
//! with a warning.

use super::Done;
use super::discover;
use crate::compute::Calculation;
use crate::diag::{Code, Diagnostic, Failure};
use crate::pipeline::files::project_ex_ante as load_ex_ante;
use crate::pipeline::files::project_file;
use crate::project::Project;
use crate::project::load::is_pdd_stage;
use crate::report::article6::AefTable;
use crate::report::{self, TextFormat};
use crate::{article6, pipeline};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folders (or their project.toml files), or folders of projects (searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The reporting Party, ISO 3166-1 alpha-2: a partner (its first transfers to Japan) or JP (Japan's acquisitions)
    #[arg(long, value_name = "ISO2")]
    pub party: String,
    /// The reported calendar year: actions whose issuance the Joint Committee decided in it, holdings at its 31 December
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1000..=9999))]
    pub year: i32,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
    /// With --format csv: which AEF table to print, under the AEF's column labels
    #[arg(long, value_enum, default_value_t = AefTable::Actions)]
    pub table: AefTable,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let found = discover::projects(&args.paths)?;
    let mut diagnostics = Vec::new();
    let mut failures = Vec::new();
    let mut done: Vec<(Project, Calculation)> = Vec::new();
    for path in &found.projects {
        match crate::pipeline::files::project(path) {
            Ok((project, _)) if is_pdd_stage(&project) => diagnostics.push(pdd_stage(path)),
            Ok((project, warnings)) => match pipeline::compute_loaded(project, warnings) {
                Ok(pipeline::Computed { project, calc }) => {
                    diagnostics.extend(calc.warnings.iter().cloned());
                    done.push((project, calc));
                }
                Err(f) => failures.extend(f.0),
            },
            // A PDD-stage project usually fails the full load (no [allocation] yet).
            Err(_) if load_ex_ante(path).is_ok_and(|(p, _)| is_pdd_stage(&p)) => diagnostics.push(pdd_stage(path)),
            Err(f) => failures.extend(f.0),
        }
    }
    if !failures.is_empty() {
        return Err(Failure(failures).into());
    }
    let items: Vec<(&Project, &Calculation)> = done.iter().map(|(p, c)| (p, c)).collect();
    let aef = article6::build(&items, &args.party, args.year).map_err(anyhow::Error::msg)?;
    let stdout = match args.format {
        TextFormat::Json => report::article6::json(&aef),
        TextFormat::Csv => report::article6::csv(&aef, args.table),
        TextFormat::Table => report::article6::table(&aef),
    };
    Ok(Done { stdout: stdout.into(), diagnostics, status: 0 })
}

fn pdd_stage(path: &std::path::Path) -> Diagnostic {
    Diagnostic::new(
        Code::PddStage,
        format!("{} is at the PDD stage (an [estimate], no monitoring periods): it has no ITMOs yet", path.display()),
    )
    .in_file(project_file(path).display().to_string())
    .hint("it is left out of the Article 6 records")
}
