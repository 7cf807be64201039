//! Diagnostics as JSON and CSV, for machine output that must say what went wrong (a project of
//! a portfolio that could not be computed, the findings of `jcm check`). The same fields as the
//! text form: code, severity, message, file, 1-based line and column, hint; a field that does
//! not apply is `null` (empty in the CSV).

use crate::diag::{Diagnostic, Severity};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct DiagnosticJson {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub hint: Option<String>,
    /// A workbook cell's sheet and address (`B9`); absent for other files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl From<&Diagnostic> for DiagnosticJson {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticJson {
            code: d.code.as_str(),
            severity: d.severity,
            message: d.message.clone(),
            file: d.file.clone(),
            line: d.pos.as_ref().map(|p| p.line),
            column: d.pos.as_ref().map(|p| p.col),
            hint: d.hint.clone(),
            sheet: d.cell.as_ref().map(|c| c.sheet.clone()),
            cell: d.cell.as_ref().map(|c| c.addr.clone()),
        }
    }
}

/// `jcm check --format json`: the counts, then every finding in the order found.
pub fn findings_json(found: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct CheckJson {
        format_version: u32,
        errors: usize,
        warnings: usize,
        diagnostics: Vec<DiagnosticJson>,
    }
    let errors = found.iter().filter(|d| d.is_error()).count();
    let doc = CheckJson {
        format_version: super::json::FORMAT_VERSION,
        errors,
        warnings: found.len() - errors,
        diagnostics: found.iter().map(DiagnosticJson::from).collect(),
    };
    super::json::pretty(&doc)
}

/// The header of `jcm check --format csv`: one row per finding.
pub const CSV_HEADER: &[&str] = &["code", "severity", "file", "line", "column", "message", "hint"];

/// `jcm check --format csv`.
pub fn findings_csv(found: &[Diagnostic]) -> String {
    let num = |n: Option<usize>| n.map(|x| x.to_string()).unwrap_or_default();
    let rows = found.iter().map(DiagnosticJson::from).map(|r| {
        [
            r.code.to_string(),
            if r.severity == Severity::Error { "error" } else { "warning" }.to_string(),
            r.file.unwrap_or_default(),
            num(r.line),
            num(r.column),
            r.message,
            r.hint.unwrap_or_default(),
        ]
    });
    super::csv::document(CSV_HEADER, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Source};

    #[test]
    fn a_located_diagnostic_keeps_its_position() {
        let src = Source::new("p.toml", "a = 1\nb = x\n");
        let d = Diagnostic::new(Code::BadNumber, "`x` is not a number").at(&src, 10..11).hint("write a number");
        let j = serde_json::to_value(DiagnosticJson::from(&d)).expect("json");
        assert_eq!(
            j,
            serde_json::json!({"code": "JCM-E004", "severity": "error", "message": "`x` is not a number",
                "file": "p.toml", "line": 2, "column": 5, "hint": "write a number"})
        );
    }
}
