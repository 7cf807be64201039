//! `jcm countries`: the JCM partner countries with their signing dates and places and their
//! Article-6 status, and the candidates; `jcm countries CODE` (or `--detail` for all) adds each
//! country's Joint Committee milestones and issuances. The same table decides the ITMO flag in
//! `calc`.

use super::Done;
use crate::countries::{self, COUNTRIES, Country};
use crate::report::{self, TextFormat};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One country's timeline, by ISO 3166-1 alpha-2 code (TH, MV, BR, …)
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    /// Every country's timeline: signing, Joint Committee milestones, issuances
    #[arg(long)]
    pub detail: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let chosen: Vec<&Country> = match &args.code {
        Some(code) => vec![lookup(code)?],
        None => COUNTRIES.iter().collect(),
    };
    let detail = args.detail || args.code.is_some();
    let stdout = match (args.format, detail) {
        (TextFormat::Table, false) => report::countries::table(),
        (TextFormat::Table, true) => report::countries::detail_table(&chosen),
        (TextFormat::Json, _) => report::countries::json(&chosen, detail),
        (TextFormat::Csv, _) => report::countries::csv(&chosen, detail),
    };
    Ok(Done { stdout: stdout.into(), ..Done::default() })
}

fn lookup(code: &str) -> anyhow::Result<&'static Country> {
    if let Some(c) = countries::find(code.trim()) {
        return Ok(c);
    }
    let hint = match countries::find_by_name(code) {
        Some(c) => format!("{} is `jcm countries {}`", c.name, c.code),
        None => "give an ISO 3166-1 alpha-2 code; `jcm countries` lists the partners and candidates".to_string(),
    };
    anyhow::bail!("no JCM partner country or candidate has the code {}\n  = hint: {hint}", shown(code))
}

/// The argument as typed, escaped and cut short, for the message.
fn shown(arg: &str) -> String {
    let cut: String = arg.chars().take(24).collect();
    let more = if cut.len() < arg.len() { "…" } else { "" };
    format!("`{}{more}`", cut.escape_debug())
}
