//! `jcm explain METHODOLOGY`: one methodology as a student reads it (a bundled id, or a path to
//! a methodology file).

use super::Done;
use crate::report::methodology as render;
use std::path::Path;

/// How `explain` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ExplainFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A bundled methodology id (see `jcm methodologies`) or the path of a methodology file
    #[arg(value_name = "METHODOLOGY")]
    pub methodology: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let m = crate::pipeline::files::methodology(&args.methodology, Path::new(".")).map(std::sync::Arc::unwrap_or_clone)?;
    let stdout = match args.format {
        ExplainFormat::Text => render::explain_text(&m),
        ExplainFormat::Json => render::explain_json(&m),
    };
    Ok(Done { stdout: stdout.into(), diagnostics: Vec::new(), status: 0 })
}
