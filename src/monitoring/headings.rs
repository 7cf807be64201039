//! The headings of a monitoring file that has no project yet (`jcm new --from FILE`): which row
//! holds them (the first row as wide as the widest of the first rows, so that titles and notes
//! above are passed over), what they say, and for a CSV which encoding reads it.

use super::encoding::{self, DecodeReader, Decoding};
use super::files::Files;
use super::workbook;
use crate::diag::{Code, Diagnostic, Failure};
use crate::project::monitoring::{Encoding, is_workbook};
use std::path::Path;

/// Rows looked at to find the headings.
const ROWS: usize = 20;

/// What `jcm new --from` learns from a file.
#[derive(Debug, Clone)]
pub struct Headings {
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The CSV's encoding when it is not UTF-8.
    pub decoding: Option<Decoding>,
    /// 1-based row of the headings.
    pub row: u64,
    /// The headings, in order, empty ones left out.
    pub names: Vec<String>,
}

/// Read the headings of `path` (a workbook's `sheet`, or its first sheet), opened through `files`.
pub fn read(files: &dyn Files, path: &Path, sheet: Option<&str>) -> Result<Headings, Failure> {
    let shown = path.display().to_string();
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut rec = csv::ByteRecord::new();
    let text =
        |rec: &csv::ByteRecord| rec.iter().map(|f| String::from_utf8_lossy(f).trim_start_matches('\u{feff}').trim().to_string()).collect();
    let (sheet_name, decoding) = if is_workbook(path) {
        let (mut s, _) = workbook::open(files, path, &shown, sheet)?;
        let mut row = super::record::Record::new();
        while rows.len() < ROWS {
            let Some(at) = s.next_row(&mut row) else { break };
            rows.push((
                at.line,
                row.iter().map(|f| String::from_utf8_lossy(f).trim_start_matches('\u{feff}').trim().to_string()).collect(),
            ));
        }
        (Some(s.name.clone()), None)
    } else {
        let decoding = encoding::settle(Encoding::Auto, files, path);
        let (file, _) =
            files.open(path).map_err(|e| Diagnostic::new(Code::Io, format!("cannot read {shown}: {e}")).in_file(shown.clone()))?;
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(DecodeReader::new(file, decoding));
        while rows.len() < ROWS
            && rdr
                .read_byte_record(&mut rec)
                .map_err(|e| Diagnostic::new(Code::CsvSyntax, format!("{shown}: {e}")).in_file(shown.clone()))?
        {
            let line = rec.position().map_or(0, csv::Position::line);
            rows.push((line, text(&rec)));
        }
        (None, (decoding != Decoding::Utf8).then_some(decoding))
    };
    let width = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count();
    let widest = rows.iter().map(|(_, r)| width(r)).max().unwrap_or(0);
    let Some((row, names)) = rows.into_iter().find(|(_, r)| widest > 0 && width(r) == widest) else {
        return Err(Diagnostic::new(Code::CsvHeader, format!("{shown} has no headings in its first {ROWS} rows")).in_file(shown).into());
    };
    Ok(Headings { sheet: sheet_name, decoding, row, names: names.into_iter().filter(|n| !n.is_empty()).collect() })
}
