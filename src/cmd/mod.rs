//! One module per subcommand: its arguments, and a `run` that reads like a recipe
//! (load → compute → build report → render). Commands return what to print; `main` prints it,
//! so a failing command never leaves partial output behind. The one exception is a portfolio
//! `calc`, which prints each project to the `out` it is given as soon as it is done (a run of
//! thousands of projects would otherwise hold every report until the end).

pub mod appraise;
pub mod article6;
pub mod calc;
pub mod check;
pub mod completions;
pub mod countries;
pub mod exante;
pub mod explain;
pub mod methodologies;
pub mod new;
pub mod offset;
pub mod programmes;
pub mod verify;

use crate::cli::Command;
use crate::diag::Diagnostic;

/// What a command produced.
#[derive(Debug, Default)]
pub struct Done {
    /// Results, for stdout.
    pub stdout: String,
    /// Warnings (and, with status 1, the problems found), for stderr.
    pub diagnostics: Vec<Diagnostic>,
    /// 0 success, 1 problems found.
    pub status: u8,
}

/// Run a parsed command; a command that streams its results writes them to `out`.
pub fn run(command: Command, out: &mut dyn std::io::Write) -> anyhow::Result<Done> {
    match command {
        Command::Calc(a) => calc::run(&a, out),
        Command::Article6(a) => article6::run(&a),
        Command::Verify(a) => verify::run(&a),
        Command::Check(a) => check::run(&a),
        Command::New(a) => new::run(&a),
        Command::Countries(a) => countries::run(&a),
        Command::Completions(a) => completions::run(&a),
        Command::Methodologies(a) => methodologies::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Appraise(a) => appraise::run(&a),
        Command::Offset(a) => offset::run(&a),
        Command::Programmes(a) => programmes::run(&a),
    }
}
