//! `jcm programmes`: the support menus of the METI briefing of 14 Jan 2026, with ministry, form,
//! cap, share or rate, duration and eligibility as stated.

use super::Done;
use crate::report::{self, TextFormat};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let stdout = match args.format {
        TextFormat::Table => report::programmes::table(),
        TextFormat::Json => report::programmes::json(),
        TextFormat::Csv => report::programmes::csv(),
    };
    Ok(Done { stdout: stdout.into(), ..Done::default() })
}
