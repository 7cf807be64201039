//! The command line: the top-level command and its subcommands (clap derive). Each
//! subcommand's arguments live with its `run` in `cmd/<name>.rs`.

use crate::cmd::{self, Done};
use clap::{CommandFactory, Parser, Subcommand};

/// Exact emission reductions and credit issuance for Japan's Joint Crediting Mechanism.
#[derive(Debug, Parser)]
#[command(name = "jcm", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 success; 1 a check or verification found problems, or calc a CCS reserve shortfall (the results are still printed); 2 the input could not be used."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Write the results to FILE instead of stdout, all at once: a failed run leaves no partial
    /// file and keeps the one that was there
    #[arg(short = 'o', long = "output", value_name = "FILE", global = true)]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute emission reductions (ER = RE − PE), credits, vintages and allocation; several projects add a portfolio summary
    Calc(cmd::calc::Args),
    /// Article 6.2 records of a Party for a year (AEF tables: submission, authorizations, first transfers or acquisitions, holdings) and the corresponding adjustment
    Article6(cmd::article6::Args),
    /// Recompute a project and compare it with reported figures (exit 1 when one differs)
    Verify(cmd::verify::Args),
    /// Validate methodology files and project folders, reporting every problem (silent when all is well)
    Check(cmd::check::Args),
    /// Scaffold a new project folder for a methodology: project.toml, monitoring CSV, README
    New(cmd::new::Args),
    /// The JCM partner countries: signing dates and places, Article-6 status; CODE for one country's Joint Committee milestones
    Countries(cmd::countries::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(cmd::completions::Args),
    /// List the bundled methodologies
    Methodologies(cmd::methodologies::Args),
    /// Explain a methodology: its parameters, equations with units, and source
    Explain(cmd::explain::Args),
    /// Appraise projects against a subsidy's criteria (MOEJ equipment subsidy or Global South co-creation); exit 1 when one fails
    Appraise(cmd::appraise::Args),
    /// Credits used in Japan for one company's fiscal year: GX-ETS compliance emissions or SHK adjusted emissions
    Offset(cmd::offset::Args),
    /// The JCM support programmes of the METI briefing: ministry, form, cap, rate, duration, eligibility
    Programmes(cmd::programmes::Args),
}

impl Command {
    /// Whether the command was asked for a workbook (binary output), known before it runs so
    /// that a workbook for a terminal is refused before the work is done.
    pub fn writes_workbook(&self) -> bool {
        use crate::report::Format::Xlsx;
        match self {
            Command::Calc(a) => a.format == Xlsx,
            Command::Verify(a) => a.format == Xlsx,
            Command::Check(a) => a.format == Xlsx,
            _ => false,
        }
    }

    /// Run the command; a command that streams its results writes them to `out`.
    pub fn run(self, out: &mut dyn std::io::Write) -> anyhow::Result<Done> {
        match self {
            Command::Calc(a) => cmd::calc::run(&a, out),
            Command::Article6(a) => cmd::article6::run(&a),
            Command::Verify(a) => cmd::verify::run(&a),
            Command::Check(a) => cmd::check::run(&a),
            Command::New(a) => cmd::new::run(&a),
            Command::Countries(a) => cmd::countries::run(&a),
            Command::Completions(a) => cmd::completions::run(&a, Cli::command()),
            Command::Methodologies(a) => cmd::methodologies::run(&a),
            Command::Explain(a) => cmd::explain::run(&a),
            Command::Appraise(a) => cmd::appraise::run(&a),
            Command::Offset(a) => cmd::offset::run(&a),
            Command::Programmes(a) => cmd::programmes::run(&a),
        }
    }
}
