//! `jcm programmes`: the support menus of the METI briefing of 14 Jan 2026, with ministry, form,
//! cap, share or rate, duration and eligibility as stated.

use super::Done;
use crate::report::{self, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let stdout = match args.format {
        Format::Table => report::programmes::table(),
        Format::Json => report::programmes::json(),
        Format::Csv => report::programmes::csv(),
    };
    Ok(Done { stdout, ..Done::default() })
}
