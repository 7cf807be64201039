//! `jcm countries`: the JCM partner countries with their signing dates and Article-6 status,
//! and the candidates. The same table decides the ITMO flag in `calc`.

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
        Format::Table => report::countries::table(),
        Format::Json => report::countries::json(),
        Format::Csv => report::countries::csv(),
    };
    Ok(Done { stdout, ..Done::default() })
}
