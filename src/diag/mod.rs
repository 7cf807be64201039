//! Diagnostics: every problem `jcm` reports, with a stable code, a severity, a location
//! (`file:line:column`, the source line and a `^^^` marker) and a one-line hint.
//!
//! This module owns the list of codes (documented in `docs/diagnostics.md`, generated from
//! [`Code::ALL`]) and the one place that draws a diagnostic. It does no I/O of its own: callers
//! hand it the source text they already hold.

mod codes;
mod excerpt;

pub use codes::{Code, Severity};
pub use excerpt::{column_letters, escape_excerpt};
use excerpt::{escape, marked_line};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A file's text, shared, so diagnostics can quote the offending line.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: Arc<str>,
    /// Byte offset of every line break, found on the first [`Source::locate`]: a file with
    /// 40,000 problems is located in linear time, not by counting lines from the top each time.
    breaks: Arc<std::sync::OnceLock<Vec<usize>>>,
    /// The text's SHA-256, taken on the first [`Source::sha256`] and shared by every clone: a
    /// bundled methodology, loaded once for a run of ten thousand projects, is hashed once.
    digest: Arc<std::sync::OnceLock<String>>,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Source { path: path.into(), text: text.into(), breaks: Arc::default(), digest: Arc::default() }
    }

    /// Lower-case hex SHA-256 of the text.
    pub fn sha256(&self) -> String {
        self.digest.get_or_init(|| crate::digest::sha256_hex(self.text.as_bytes())).clone()
    }

    /// The 1-based line and column of a byte offset, the line's text and the marker width.
    pub fn locate(&self, span: Range<usize>) -> Pos {
        let start = span.start.min(self.text.len());
        // A span from outside (a TOML parser's) may fall inside a character: move to its start.
        let start = (0..=start).rev().find(|&i| self.text.is_char_boundary(i)).unwrap_or(0);
        let end = span.end.clamp(start, self.text.len());
        let end = (end..=self.text.len()).find(|&i| self.text.is_char_boundary(i)).unwrap_or(self.text.len());
        let breaks = self.breaks.get_or_init(|| self.text.match_indices('\n').map(|(i, _)| i).collect());
        let before = breaks.partition_point(|&b| b < start);
        let line_start = if before == 0 { 0 } else { breaks[before - 1] + 1 };
        let line_end = breaks.get(before).copied().unwrap_or(self.text.len());
        let line = before + 1;
        let col = self.text[line_start..start].chars().count() + 1;
        let text = self.text[line_start..line_end].trim_end_matches('\r').to_string();
        let len = self.text[start..end.min(line_end)].chars().count().max(1);
        Pos { line, col, len, text: Some(text) }
    }
}

/// A position inside a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    /// Width of the `^^^` marker, in characters.
    pub len: usize,
    /// The source line, when it is known.
    pub text: Option<String>,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub file: Option<String>,
    pub pos: Option<Pos>,
    pub hint: Option<String>,
    /// A workbook cell: the sheet and the cell's address (`B9`). Its row is `pos.line`, its
    /// column number `pos.col`, and `pos.text` quotes the cell.
    pub cell: Option<Cell>,
}

/// Where a diagnostic is in a workbook: `monitoring.xlsx [モニタリング] B9`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    pub sheet: String,
    pub addr: String,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity and no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: code.severity(), message: message.into(), file: None, pos: None, hint: None, cell: None }
    }

    /// Locate the diagnostic at a byte span of a source.
    pub fn at(mut self, src: &Source, span: Range<usize>) -> Self {
        self.file = Some(src.path.clone());
        self.pos = Some(src.locate(span));
        self
    }

    /// Name the file only (no line applies).
    pub fn in_file(mut self, path: impl Into<String>) -> Self {
        self.file = Some(path.into());
        self
    }

    /// Set an explicit position (used by the CSV reader, which knows line and column itself).
    pub fn with_pos(mut self, path: impl Into<String>, pos: Pos) -> Self {
        self.file = Some(path.into());
        self.pos = Some(pos);
        self
    }

    /// Locate the diagnostic at a workbook cell: its sheet, address (`B9`), 1-based row and
    /// column, and its text as shown (quoted under the location).
    pub fn in_cell(mut self, path: impl Into<String>, sheet: &str, (row, col): (usize, usize), text: String) -> Self {
        let addr = format!("{}{row}", column_letters(col));
        let len = text.chars().count().max(1);
        self.file = Some(path.into());
        // `col` is the sheet's column number (the JSON's column); the marker spans the whole cell.
        self.pos = Some(Pos { line: row, col, len, text: Some(text) });
        self.cell = Some(Cell { sheet: sheet.to_string(), addr });
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        if let (Some(f), Some(c)) = (&self.file, &self.cell) {
            return Some(format!("{f} [{}] {}", c.sheet, c.addr));
        }
        match (&self.file, &self.pos) {
            (Some(f), Some(p)) => Some(format!("{f}:{}:{}", p.line, p.col)),
            (Some(f), None) => Some(f.clone()),
            _ => None,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Draws the diagnostic the way `just` and `rustc` do: the headline, the location, the line
    /// and a marker under the offending text, then the hint. Everything that may come from the
    /// input is escaped ([`escape`]), and the marker is placed by display width, so it stays
    /// under its text after wide (CJK) characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{sev}[{}]: {}", self.code, escape(&self.message))?;
        // A workbook cell is quoted beside its address (`B9 | …`), a text line beside its number.
        let label = match (&self.cell, &self.pos) {
            (Some(c), _) => c.addr.clone(),
            (None, Some(p)) => p.line.to_string(),
            (None, None) => " ".to_string(),
        };
        let pad = " ".repeat(label.len());
        if let Some(loc) = self.location() {
            writeln!(f, "{pad}--> {}", escape(&loc))?;
        }
        if let Some(Pos { col, len, text: Some(text), .. }) = &self.pos {
            // A cell is quoted whole, so its marker starts at the first character.
            let col = if self.cell.is_some() { 1 } else { *col };
            let (shown, before, under) = marked_line(text, col, *len);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{label} | {shown}")?;
            writeln!(f, "{pad} | {}{}", " ".repeat(before), "^".repeat(under))?;
        }
        if let Some(h) = &self.hint {
            writeln!(f, "{pad} = hint: {}", escape(h))?;
        }
        Ok(())
    }
}

/// How many characters of a cell, a name or a word a message quotes (defined beside the quoting).
pub use crate::engine::excerpt::EXCERPT;

/// The error type of the library: one or more diagnostics, at least one of them an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub Vec<Diagnostic>);

impl Failure {
    pub fn one(d: Diagnostic) -> Self {
        Failure(vec![d])
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure(vec![d])
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// A sink that collects diagnostics, so a loader can report every problem rather than the first.
#[derive(Debug, Default)]
pub struct Diags {
    pub items: Vec<Diagnostic>,
}

impl Diags {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Record the error of a result and return its value, if any.
    pub fn take<T>(&mut self, r: Result<T, Failure>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(Failure(ds)) => {
                self.items.extend(ds);
                None
            }
        }
    }

    /// Fail with everything collected if any of it is an error; otherwise hand back the warnings.
    pub fn finish(self) -> Result<Vec<Diagnostic>, Failure> {
        if self.has_errors() { Err(Failure(self.items)) } else { Ok(self.items) }
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt::LINE_EXCERPT;
    use super::*;

    #[test]
    fn a_source_is_hashed_once_for_all_its_clones() {
        let a = Source::new("m.toml", "id = \"X\"\n");
        let b = a.clone();
        assert_eq!(b.sha256(), crate::digest::sha256_hex(b"id = \"X\"\n"));
        assert!(a.digest.get().is_some(), "the clone's digest is the original's");
        assert!(Source::new("m.toml", "other").digest.get().is_none());
    }

    #[test]
    fn locates_line_and_column_in_characters() {
        let src = Source::new("m.toml", "a = 1\nRE = \"é + x\"\n");
        let p = src.locate(15..16);
        assert_eq!((p.line, p.col, p.len), (2, 9, 1));
        assert_eq!(p.text.as_deref(), Some("RE = \"é + x\""));
    }

    #[test]
    fn draws_marker_under_the_span() {
        let src = Source::new("m.toml", "x = 12a\n");
        let d = Diagnostic::new(Code::BadNumber, "`12a` is not a number").at(&src, 4..7).hint("write 12");
        assert_eq!(
            d.to_string(),
            "error[JCM-E004]: `12a` is not a number\n --> m.toml:1:5\n  |\n1 | x = 12a\n  |     ^^^\n  = hint: write 12\n"
        );
    }

    #[test]
    fn markers_stay_under_wide_characters_and_escapes() {
        let src = Source::new("m.csv", "日付,計測地点,12x\n");
        let d = Diagnostic::new(Code::BadCell, "`12x`").at(&src, 20..23);
        assert_eq!(d.to_string(), "error[JCM-E033]: `12x`\n --> m.csv:1:9\n  |\n1 | 日付,計測地点,12x\n  |               ^^^\n");
        let src = Source::new("m.csv", "a\u{1b}[31m,b\n");
        let d = Diagnostic::new(Code::BadCell, "x\u{0}y").at(&src, 7..8);
        assert_eq!(d.to_string(), "error[JCM-E033]: x\\u{0}y\n --> m.csv:1:8\n  |\n1 | a\\u{1b}[31m,b\n  |             ^\n");
    }

    #[test]
    fn excerpts_and_cells() {
        assert_eq!(escape_excerpt("ab\u{7}", EXCERPT), "ab\\u{7}");
        assert_eq!(escape_excerpt("x".repeat(70), EXCERPT), format!("{}…", "x".repeat(60)));
        assert_eq!(escape_excerpt(b"a\x93b\xfa", EXCERPT), "a\\x93b\\xFA");
        assert_eq!(
            (column_letters(1), column_letters(26), column_letters(27), column_letters(703)),
            ("A".into(), "Z".into(), "AA".into(), "AAA".into())
        );
        let d = Diagnostic::new(Code::BadCell, "売電量: `12x`").in_cell("m.xlsx", "モニタリング", (9, 3), "12x".into()).hint("h");
        assert_eq!(d.location().as_deref(), Some("m.xlsx [モニタリング] C9"));
        assert_eq!(
            d.to_string(),
            "error[JCM-E033]: 売電量: `12x`\n  --> m.xlsx [モニタリング] C9\n   |\nC9 | 12x\n   | ^^^\n   = hint: h\n"
        );
    }

    #[test]
    fn excerpts_escape_and_cut() {
        assert_eq!(escape_excerpt("PV1", 60), "PV1");
        assert_eq!(escape_excerpt(b"Caf\xe9", 60), "Caf\\xE9");
        assert_eq!(escape_excerpt("a\u{1b}[31mb\n", 60), "a\\u{1b}[31mb\\n");
        assert_eq!(escape_excerpt("abcdef", 3), "abc…");
        assert_eq!(escape_excerpt(b"\xff\xfe", 5), "\\xFF…");
        assert_eq!(escape_excerpt("", 3), "");
        assert_eq!(escape_excerpt("a\u{202e}b", 60), "a\\u{202e}b");
    }

    #[test]
    fn a_long_line_is_drawn_around_its_marker() {
        let line = format!("{}x{}", "a".repeat(1000), "b".repeat(1_000_000));
        let (shown, before, len) = marked_line(&line, 1001, 1);
        assert!(shown.chars().count() <= LINE_EXCERPT + 2, "{}", shown.len());
        assert_eq!((shown.chars().nth(before), len), (Some('x'), 1));
        let (shown, before, len) = marked_line("a\tb,\u{7}c", 5, 2);
        assert_eq!((shown.as_str(), before, len), ("a b,\\u{7}c", 4, 6));
        let (_, _, len) = marked_line(&"y".repeat(5_000_000), 1, 5_000_000);
        assert_eq!(len, LINE_EXCERPT);
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert_eq!(c.as_str().contains("-E"), c.severity() == Severity::Error);
        }
    }
}
