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
pub mod discover;
pub mod exante;
pub mod explain;
pub mod methodologies;
pub mod new;
pub mod offset;
pub mod programmes;
pub mod save;
pub mod verify;

use crate::diag::Diagnostic;

/// Results, for stdout or the `-o` file: text, or the bytes of a binary format (a workbook).
#[derive(Debug)]
pub enum Output {
    Text(String),
    /// Not for a terminal: `main` refuses to print it there and asks for `-o FILE`.
    Binary(Vec<u8>),
}

impl Default for Output {
    fn default() -> Self {
        Output::Text(String::new())
    }
}

impl From<String> for Output {
    fn from(s: String) -> Self {
        Output::Text(s)
    }
}

impl Output {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Output::Text(s) => s.as_bytes(),
            Output::Binary(b) => b,
        }
    }

    pub fn is_binary(&self) -> bool {
        matches!(self, Output::Binary(_))
    }
}

/// What a command produced.
#[derive(Debug, Default)]
pub struct Done {
    /// Results, for stdout (or the `-o` file).
    pub stdout: Output,
    /// Warnings (and, with status 1, the problems found), for stderr.
    pub diagnostics: Vec<Diagnostic>,
    /// 0 success, 1 problems found.
    pub status: u8,
}

/// A report's sheets as a workbook.
fn workbook(sheets: &[crate::report::xlsx::Sheet]) -> anyhow::Result<Output> {
    let bytes = crate::report::xlsx::workbook(sheets).map_err(|e| anyhow::anyhow!("cannot make the workbook: {e}"))?;
    Ok(Output::Binary(bytes))
}
