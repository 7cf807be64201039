//! `[monitoring]` of project.toml: the files, and how to read them — a workbook's `sheet`, the
//! `header_row`, a CSV's `encoding`, and `[monitoring.columns]`, which maps a heading as the
//! file writes it to a jcm column. Validated here against the methodology; the reader
//! (`crate::monitoring`) applies it.

use super::raw::RawMonitoring;
use crate::diag::{Code, Diagnostic, Diags, Source};
use crate::methodology::Methodology;
use crate::methodology::model::Kind;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How a CSV's bytes become text. Its words are its serde names (`crate::engine::words`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark (the default).
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    /// Shift_JIS as Windows writes it: code page 932, what Excel saves as "CSV (comma
    /// delimited)" on a Japanese Windows.
    #[serde(rename = "shift_jis")]
    ShiftJis,
    /// UTF-8 when the whole file is valid UTF-8, otherwise code page 932.
    #[serde(rename = "auto")]
    Auto,
}

impl Encoding {
    pub const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::ShiftJis, Encoding::Auto];

    pub fn word(self) -> &'static str {
        crate::engine::words::word(&self)
    }
}

impl std::str::FromStr for Encoding {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        crate::engine::words::parse(s).ok_or(())
    }
}

/// One line of `[monitoring.columns]`: `"売電量 (kWh)" = "EG_PJ [kWh]"`.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    /// The heading as the file writes it.
    pub heading: String,
    /// The jcm column it stands for: `date`, `point`, or a symbol with an optional unit.
    pub target: String,
    /// Where the line is in project.toml.
    pub span: Range<usize>,
}

/// `[monitoring]`, validated.
#[derive(Debug, Clone, Default)]
pub struct MonitoringOptions {
    pub files: Vec<PathBuf>,
    /// A workbook's sheet; `None`: the first sheet.
    pub sheet: Option<String>,
    /// The 1-based row of the headings; rows above it are skipped.
    pub header_row: u64,
    pub encoding: Encoding,
    /// Empty when the project has no `[monitoring.columns]`.
    pub columns: Vec<ColumnMap>,
    /// Whether `[monitoring.columns]` is present: then a heading that is neither mapped nor a
    /// jcm column is not used (and reported as such) instead of being an error.
    pub mapped: bool,
}

/// The file name extensions read as workbooks.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// Whether a monitoring file is a workbook (by its extension).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| WORKBOOK_EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(e)))
}

/// Validate `[monitoring]`.
pub fn build(raw: &RawMonitoring, m: &Methodology, dir: &Path, src: &Source, d: &mut Diags) -> MonitoringOptions {
    let files = match raw.file.get_ref() {
        toml::Value::String(s) => vec![clean_path(&dir.join(s))],
        toml::Value::Array(a) if a.iter().all(toml::Value::is_str) && !a.is_empty() => {
            a.iter().filter_map(|x| x.as_str()).map(|s| clean_path(&dir.join(s))).collect()
        }
        _ => {
            d.push(Diagnostic::new(Code::TomlSchema, "`file` must be a file name or a list of file names").at(src, raw.file.span()));
            Vec::new()
        }
    };
    let header_row = match &raw.header_row {
        None => 1,
        Some(h) => match u64::try_from(*h.get_ref()) {
            Ok(n) if n >= 1 => n,
            _ => {
                d.push(
                    Diagnostic::new(Code::TomlSchema, format!("`header_row = {}` is not a row number", h.get_ref()))
                        .at(src, h.span())
                        .hint("rows are numbered from 1, as in Excel: header_row = 4 when the headings are on row 4"),
                );
                1
            }
        },
    };
    let encoding = match &raw.encoding {
        None => Encoding::default(),
        Some(e) => e.get_ref().parse().unwrap_or_else(|()| {
            let words: Vec<String> = Encoding::ALL.iter().map(|e| format!("\"{}\"", e.word())).collect();
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("`encoding = \"{}\"` is not an encoding jcm reads", e.get_ref()))
                    .at(src, e.span())
                    .hint(format!("write {} (shift_jis is Windows code page 932)", words.join(", "))),
            );
            Encoding::default()
        }),
    };
    let workbooks = files.iter().filter(|f| is_workbook(f)).count();
    if let Some(s) = &raw.sheet {
        if workbooks == 0 && !files.is_empty() {
            d.push(
                Diagnostic::new(Code::TomlSchema, "`sheet` names a workbook's sheet, but no monitoring file is a workbook")
                    .at(src, s.span())
                    .hint(format!("a workbook's name ends in .{}", WORKBOOK_EXTENSIONS.join(", ."))),
            );
        }
    }
    if let Some(e) = &raw.encoding {
        if workbooks == files.len() && !files.is_empty() {
            d.push(
                Diagnostic::new(Code::TomlSchema, "`encoding` applies to CSV files, and every monitoring file is a workbook")
                    .at(src, e.span())
                    .hint("a workbook stores its text as Unicode: remove `encoding`"),
            );
        }
    }
    let columns: Vec<ColumnMap> = raw
        .columns
        .iter()
        .flatten()
        .map(|(heading, target)| ColumnMap {
            heading: heading.trim().to_string(),
            target: target.get_ref().trim().to_string(),
            span: target.span(),
        })
        .collect();
    for (i, c) in columns.iter().enumerate() {
        check_target(c, m, src, d);
        if let Some(first) = columns[..i].iter().find(|o| target_name(&o.target) == target_name(&c.target)) {
            d.push(
                Diagnostic::new(
                    Code::TomlSchema,
                    format!("`{}` and `{}` both map to {}", first.heading, c.heading, target_name(&c.target)),
                )
                .at(src, c.span.clone())
                .hint("each jcm column is read from one heading"),
            );
        }
    }
    MonitoringOptions {
        files,
        sheet: raw.sheet.as_ref().map(|s| s.get_ref().clone()),
        header_row,
        encoding,
        mapped: raw.columns.is_some(),
        columns,
    }
}

/// The name part of a column: `EG` of `EG [kWh]`.
pub fn target_name(t: &str) -> &str {
    t.split_once('[').map_or(t, |(n, _)| n).trim()
}

/// A mapping's target must be `date`, `point` or a parameter read from monitoring files.
fn check_target(c: &ColumnMap, m: &Methodology, src: &Source, d: &mut Diags) {
    let name = target_name(&c.target);
    if name == "date" || name == "point" {
        return;
    }
    match m.symbol(name) {
        Some((_, s)) if matches!(s.kind, Kind::Monitored { .. } | Kind::Category { .. }) => {}
        Some((_, s)) => d.push(
            Diagnostic::new(
                Code::TomlSchema,
                format!("`{}` maps to {name}, a {} parameter of {}, not a monitored one", c.heading, s.kind_name(), m.id),
            )
            .at(src, c.span.clone())
            .hint("only monitored parameters are read from monitoring files"),
        ),
        None => {
            let monitored: Vec<&str> = m.monitored().map(|(_, s)| s.name.as_str()).collect();
            let hint = match crate::methodology::load::suggest(name, monitored.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("a heading maps to date, point or a monitored parameter: {}", monitored.join(", ")),
            };
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("`{}` maps to `{name}`, which is not a column of {}", c.heading, m.id))
                    .at(src, c.span.clone())
                    .hint(hint),
            );
        }
    }
}

/// A path with `.` removed and `a/..` folded, lexically (no file-system access), so that
/// `examples/x/discount/../injection.csv` is shown as `examples/x/injection.csv`. A `..` that
/// climbs above the start of a relative path is kept.
pub fn clean_path(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() { PathBuf::from(".") } else { out.iter().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_lexically() {
        assert_eq!(clean_path(Path::new("examples/x/discount/../injection.csv")), Path::new("examples/x/injection.csv"));
        assert_eq!(clean_path(Path::new("./a/./b.csv")), Path::new("a/b.csv"));
        assert_eq!(clean_path(Path::new("../shared/b.csv")), Path::new("../shared/b.csv"));
        assert_eq!(clean_path(Path::new("/data/p/../m.csv")), Path::new("/data/m.csv"));
    }

    #[test]
    fn encodings_read_and_write_their_words() {
        for e in Encoding::ALL {
            assert_eq!(e.word().parse::<Encoding>(), Ok(e));
        }
        assert_eq!(Encoding::ShiftJis.word(), "shift_jis");
        assert!("cp932".parse::<Encoding>().is_err());
    }
}
