//! Diagnostics as JSON, for machine output that must say what went wrong (a project of a
//! portfolio that could not be computed). The same fields as the text form: code, severity,
//! message, file, 1-based line and column, hint; a field that does not apply is `null`.

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
        }
    }
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
