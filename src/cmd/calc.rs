//! `jcm calc`: compute a project's emission reductions, credits and allocation; several
//! projects, or a folder of projects, make a portfolio ([`portfolio`]).

mod portfolio;

use super::Done;
use super::discover;
use crate::compute::Calculation;
use crate::diag::Diagnostic;
use crate::pipeline;
use crate::project::Project;
use crate::report::{self, Format};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folders (or their project.toml files), or folders of projects (searched recursively)
    #[arg(required = true, value_name = "PROJECT")]
    pub projects: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Print only the portfolio summary (by project, country, vintage, party; targets)
    #[arg(long)]
    pub summary: bool,
    /// A cumulative target to measure the portfolio against, NAME=TONNES (repeatable; replaces
    /// the defaults FY2030=100Mt and FY2040=200Mt)
    #[arg(long = "target", value_name = "NAME=TONNES", value_parser = crate::portfolio::parse_target)]
    pub targets: Vec<crate::portfolio::Target>,
    /// Compute this many projects at a time (default: one per core)
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Show how every figure of one project was computed: each input and where it came from,
    /// each equation with its values, and the rounding into credits (JSON: a `trace`; CSV: the
    /// trace as a tidy table instead of the periods)
    #[arg(long)]
    pub explain: bool,
    /// Instead of the monitored figures, the expected annual RE, PE, ER and credits from each
    /// project's [estimate] (PDD stage)
    #[arg(long)]
    pub ex_ante: bool,
}

/// Load, read the monitoring data and compute one project; its warnings and problems are
/// appended to `warn` (for stderr).
pub fn compute_one(path: &std::path::Path, warn: &mut Vec<Diagnostic>) -> anyhow::Result<(Project, Calculation)> {
    let pipeline::Computed { project, calc } = pipeline::compute(path)?;
    warn.extend(calc.warnings.iter().cloned());
    warn.extend(calc.problems.iter().cloned());
    Ok((project, calc))
}

pub fn run(args: &Args, out: &mut dyn std::io::Write) -> anyhow::Result<Done> {
    let found = discover::projects(&args.projects)?;
    if args.ex_ante {
        if args.summary || !args.targets.is_empty() || args.explain {
            anyhow::bail!(
                "--ex-ante prints each project's estimate with every value it used; --summary, --target and --explain are for monitored projects"
            );
        }
        return super::exante::run(&found.projects, args.format, found.portfolio);
    }
    // Asking for the summary or for targets asks for the portfolio view, even of one project.
    if found.portfolio || args.summary || !args.targets.is_empty() {
        if args.explain {
            anyhow::bail!("--explain traces one project at a time: give a single project folder");
        }
        return portfolio::run(args, &found.projects, out);
    }
    let mut diagnostics = Vec::new();
    let (p, c) = compute_one(&found.projects[0], &mut diagnostics)?;
    // The report is built once, with its trace when one is asked for; every format renders it.
    let mut rep = report::model::build(&p, &c);
    if args.explain {
        rep.trace = Some(report::trace::build(&p, &c));
    }
    let stdout = match (args.format, args.explain) {
        (Format::Xlsx, _) => super::workbook(&report::xlsx::project::calc_sheets(std::slice::from_ref(&rep)))?,
        (Format::Json, _) => report::json::one_or_many(vec![rep], false).into(),
        (Format::Csv, false) => report::csv::render(&[&rep]).into(),
        (Format::Csv, true) => report::explain::render_csv(&[&rep]).into(),
        (Format::Table, false) => report::table::render(&rep).into(),
        (Format::Table, true) => (report::table::render(&rep) + &report::explain::render(rep.trace.as_deref().unwrap_or_default())).into(),
        (Format::Html, _) => report::html::projects(&[rep], None).into(),
    };
    // A CCS reserve shortfall is a problem found, not unusable input: the results stand.
    let status = u8::from(!c.problems.is_empty());
    Ok(Done { stdout, diagnostics, status })
}
