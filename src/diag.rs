//! Diagnostics: every problem `jcm` reports, with a stable code, a severity, a location
//! (`file:line:column`, the source line and a `^^^` marker) and a one-line hint.
//!
//! This module owns the list of codes (documented in `docs/diagnostics.md`, generated from
//! [`Code::ALL`]) and the one place that draws a diagnostic. It does no I/O of its own: callers
//! hand it the source text they already hold.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $sev:ident, $title:literal;)*) => {
        /// The stable code of a diagnostic. Codes are never renumbered or reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        impl Code {
            /// Every code, in order, for documentation and tests.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed, e.g. `JCM-E004`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// The severity a diagnostic of this code has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            /// A short description, for the documentation table.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title),* }
            }
        }
    };
}

codes! {
    Io = "JCM-E001", Error, "a file cannot be read";
    TomlSyntax = "JCM-E002", Error, "a TOML file is not valid TOML";
    TomlSchema = "JCM-E003", Error, "a TOML key is missing, unknown or of the wrong type";
    BadNumber = "JCM-E004", Error, "a value is not an exact decimal number";
    UnknownUnit = "JCM-E005", Error, "a unit is not known";
    UnitMismatch = "JCM-E006", Error, "an expression combines incompatible units";
    ExprSyntax = "JCM-E007", Error, "an equation is not a valid expression";
    UnknownName = "JCM-E008", Error, "an equation refers to a name that is not defined";
    BadCall = "JCM-E009", Error, "a function is called with the wrong arguments";
    Cycle = "JCM-E010", Error, "equations depend on each other in a cycle";
    BadIndex = "JCM-E011", Error, "an indexed name is used without its index, or the reverse";
    MissingEquation = "JCM-E012", Error, "a methodology lacks RE, PE or ER, or a parameter lacks a value";
    MethodologyNotFound = "JCM-E013", Error, "a project names a methodology that cannot be found";
    BadDate = "JCM-E014", Error, "a date is not a valid date";
    PeriodOverlap = "JCM-E020", Error, "two monitoring periods overlap";
    PeriodGap = "JCM-E021", Error, "monitoring periods leave a gap";
    PeriodOutside = "JCM-E022", Error, "a monitoring period lies outside the crediting period";
    PeriodStraddles2021 = "JCM-E023", Error, "a monitoring period straddles 31 Dec 2020 / 1 Jan 2021";
    UnknownPoint = "JCM-E024", Error, "a monitoring point is not declared in project.toml";
    DuplicatePoint = "JCM-E025", Error, "a monitoring point, period or key is declared twice";
    MissingValue = "JCM-E026", Error, "a project parameter or point attribute has no value";
    BadAllocation = "JCM-E027", Error, "the allocation shares or notified amounts are invalid";
    BadSetting = "JCM-E028", Error, "a project setting has an invalid value";
    CsvSyntax = "JCM-E030", Error, "a CSV file cannot be parsed";
    CsvHeader = "JCM-E031", Error, "a CSV header names an unknown or repeated column";
    DuplicateReading = "JCM-E032", Error, "a reading is repeated, or readings are out of time order";
    BadCell = "JCM-E033", Error, "a CSV cell is empty or not a number";
    OutOfBounds = "JCM-E034", Error, "a value lies outside the parameter's bounds";
    NoReadings = "JCM-E035", Error, "a monitored parameter has no readings in a period";
    BadEncoding = "JCM-E036", Error, "a monitoring CSV is not in its encoding (UTF-8 unless `encoding` says otherwise)";
    BadWorkbook = "JCM-E037", Error, "a workbook cannot be read, has no such sheet, or a cell cannot be used";
    Arithmetic = "JCM-E040", Error, "a calculation divides by zero or overflows";
    RowsOutside = "JCM-W001", Warning, "monitoring rows fall outside every period";
    NegativeEr = "JCM-W002", Warning, "a period's emission reductions are negative: 0 credits";
    OverrideDefault = "JCM-W003", Warning, "a project value overrides a methodology default";
    NotPartner = "JCM-W004", Warning, "the project's country is not a JCM partner country";
    VintageByDays = "JCM-W005", Warning, "vintages were split by days because a year's own ER could not be used";
    MethodologyCountry = "JCM-W006", Warning, "the methodology is not approved for the project's country";
    Placeholder = "JCM-W007", Warning, "a project.toml still holds a `TODO` placeholder left by `jcm new`";
    BadCorrection = "JCM-E050", Error, "a meter correction is invalid, or overlaps another";
    CorrectionDirection = "JCM-E051", Error, "the conservative direction of a meter correction cannot be determined";
    BadReported = "JCM-E052", Error, "the reported figures cannot be compared with the project";
    FigureMismatch = "JCM-E053", Error, "a reported figure differs from the recomputed value";
    DifferentInputs = "JCM-E054", Error, "a second party's report was computed from other input files";
    UnusedSymbol = "JCM-W010", Warning, "a parameter or equation is declared but never used";
    MissingMonths = "JCM-W011", Warning, "a monitored parameter has no readings in some months of a period";
    Magnitude = "JCM-W012", Warning, "readings stand apart, 1,000 times the median of their column or a 1,000th of it";
    CorrectionUnused = "JCM-W013", Warning, "a meter correction changes no reading";
    UnreportedPeriod = "JCM-W014", Warning, "a computed period has no reported figures";
    WithinTolerance = "JCM-W015", Warning, "a reported figure differs from the recomputed value, within the tolerance";
    DifferentInputsAllowed = "JCM-W016", Warning, "a second party's report was computed from other input files (allowed)";
    NoProjects = "JCM-E060", Error, "a folder given to `calc` holds no project.toml, not even in its sub-folders";
    ProjectsFailed = "JCM-E061", Error, "some projects of a portfolio could not be computed and are left out of it";
    NotEmpty = "JCM-E062", Error, "`jcm new` would write into a folder that is not empty";
    DuplicateProject = "JCM-E063", Error, "a portfolio holds the same project twice (same id, or the same monitoring files)";
    CcsSetting = "JCM-E070", Error, "a [ccs] setting is missing, unknown or out of range";
    ReadingAfterInjection = "JCM-E071", Error, "a CCS monitoring reading is dated after CO2 injection ended";
    ReversalDuringInjection = "JCM-E072", Error, "a CCS reversal is dated before injection ended: it is project emissions";
    ReserveShortfall = "JCM-E073", Error, "reversals exceed the CCS reserve or the buffer: a shortfall to make good (exit 1)";
    BufferSetting = "JCM-E074", Error, "a [buffer] setting is missing, unknown or out of range";
    ReversalInPeriod = "JCM-E075", Error, "a [[buffer.reversals]] entry is dated inside a monitoring period, or before the first one ends";
    BadContext = "JCM-E080", Error, "an equation reads a value that is not available where it is evaluated (per row or per period)";
    BadCategory = "JCM-E081", Error, "a word is not one of the choices of an option or the categories of a parameter";
    BadEstimate = "JCM-E082", Error, "an [estimate] lacks a value, or names an unknown parameter or point";
    BadHistory = "JCM-E083", Error, "[[history]] steps and monitoring periods are not the yearly steps `past` needs";
    BadFinance = "JCM-E090", Error, "a [finance] value for `jcm appraise` is missing or invalid";
    BadOffset = "JCM-E091", Error, "a value of a `jcm offset` file is missing or invalid";
    PeriodDateOrder = "JCM-E100", Error, "a period is verified or issued before it ends";
    IssuedBeforeVerified = "JCM-E101", Error, "a period is issued before it is verified";
    RegisteredAfterIssuance = "JCM-E102", Error, "the project is registered after a period is verified or issued";
    CycleOrder = "JCM-E103", Error, "the project cycle's dates (PIN, methodology approval, validation, registration) are out of order";
    PddStage = "JCM-W080", Warning, "a project at the PDD stage (an [estimate], no monitoring periods) is left out of a portfolio";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file's text, shared, so diagnostics can quote the offending line.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: Arc<str>,
    /// Byte offset of every line break, found on the first [`Source::locate`]: a file with
    /// 40,000 problems is located in linear time, not by counting lines from the top each time.
    breaks: Arc<std::sync::OnceLock<Vec<usize>>>,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Source { path: path.into(), text: text.into(), breaks: Arc::default() }
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

use crate::engine::excerpt::escape_char;
/// How input is quoted ([`escape_excerpt`]) lives in the engine, which quotes numbers too.
pub use crate::engine::excerpt::{EXCERPT, escape_excerpt};

/// How many characters of a source line a diagnostic draws.
const LINE_EXCERPT: usize = 120;

/// A source line as drawn (each character escaped as [`escape_excerpt`] does, a tab as one
/// space, cut around the marker when long, `…` marking a cut) with the display width before
/// the marked span (1-based character `col`, `len` characters) and the span's own width, so
/// that the marker stays under its text after wide (CJK) characters and escapes.
fn marked_line(text: &str, col: usize, len: usize) -> (String, usize, usize) {
    use unicode_width::UnicodeWidthStr;
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let start = col.saturating_sub(1);
    let end = start.saturating_add(len);
    let (from, to) = if n <= LINE_EXCERPT {
        (0, n)
    } else {
        // A text quoted already escaped (`\x93`, `\u{0}`) is never cut inside an escape.
        let from = past_escape(&chars, start.min(n).saturating_sub(LINE_EXCERPT / 4)).min(start.min(n));
        (from, past_escape(&chars, (from + LINE_EXCERPT).min(n)))
    };
    let mut shown = String::with_capacity(4 * (to - from) + 6);
    if from > 0 {
        shown.push('…');
    }
    let (mut before, mut under) = (shown.width(), 0);
    for (i, &c) in chars[from..to].iter().enumerate() {
        let piece = if c == '\t' { " ".to_string() } else { escape_char(c) };
        let w = piece.width();
        if from + i < start {
            before += w;
        } else if from + i < end {
            under += w;
        }
        shown.push_str(&piece);
    }
    if start >= n {
        // A marker past the end of the line (a missing field) sits just after it.
        before = shown.width() + (start - n);
    }
    if to < n {
        shown.push('…');
    }
    (shown, before, under.clamp(1, LINE_EXCERPT))
}

/// `i`, or the end of the escape (`\xNN`, `\u{…}`) that `i` falls strictly inside of.
fn past_escape(chars: &[char], i: usize) -> usize {
    for j in (i.saturating_sub(10)..i).rev() {
        if chars[j] != '\\' {
            continue;
        }
        let end = match chars.get(j + 1) {
            Some('u') if chars.get(j + 2) == Some(&'{') => chars[j..].iter().position(|&c| c == '}').map_or(j + 2, |k| j + k + 1),
            Some('x') => j + 4,
            _ => j + 2,
        };
        return if end > i { end.min(chars.len()) } else { i };
    }
    i
}

/// Text the program wrote (a message, a hint, a location that may hold a file or sheet name) as
/// a diagnostic writes it to a terminal: escaped as [`escape_excerpt`] escapes, never cut.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(|c| escape_char(c).len() == c.len_utf8()) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(escape_char).collect())
}

/// The letters of a 1-based column number: 1 is `A`, 27 is `AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let r = (col - 1) % 26;
        out.push(b'A' + r as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

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
    use super::*;

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
