//! Monitoring data in a workbook (.xlsx, .xlsm, .xls, .xlsb, .ods), read with calamine: one
//! sheet (the project's `sheet`, or the first), its rows handed to the same row reader as a
//! CSV's (as records of cell texts), and its cells quoted for diagnostics as
//! `monitoring.xlsx [シート] B9`.
//!
//! A cell becomes text the way Excel shows it at full precision: a number as the shortest
//! decimal that reads back as the same binary value ([`number_text`]), a date or date-time
//! cell as `YYYY-MM-DD[ HH:MM:SS]`, a formula as its cached result. The text is then parsed
//! exactly as a CSV cell is, so no quantity is ever computed with a float.

use super::files::Files;
use super::model::Place;
use crate::diag::{Code, Diagnostic, EXCERPT, escape_excerpt};
use calamine::{Data, Range, Reader, Sheets};
use std::io::Cursor;
use std::path::Path;

/// One sheet of a workbook, in memory (calamine reads a sheet whole), with its rows handed
/// out one at a time.
pub struct Sheet {
    pub name: String,
    range: Range<Data>,
    /// 0-based (row, column) of the range's first cell in the sheet.
    start: (u32, u32),
    next: usize,
    /// The workbook, kept to look up formulas on the error path.
    workbook: Sheets<Cursor<Vec<u8>>>,
    text: String,
}

/// Open the workbook at `path` (shown as `shown`, read through `files`) and read its sheet; also
/// the SHA-256 of the file's bytes.
pub fn open(files: &dyn Files, path: &Path, shown: &str, sheet: Option<&str>) -> Result<(Sheet, String), Diagnostic> {
    let bytes = files.read(path).map_err(|e| {
        Diagnostic::new(Code::Io, format!("cannot read {shown}: {e}")).in_file(shown).hint("[monitoring] file is relative to project.toml")
    })?;
    let sha256 = crate::digest::sha256_hex(&bytes);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let cursor = Cursor::new(bytes);
    let opened = match ext.as_str() {
        "xls" => calamine::open_workbook_from_rs(cursor).map(Sheets::Xls).map_err(calamine::Error::Xls),
        "xlsb" => calamine::open_workbook_from_rs(cursor).map(Sheets::Xlsb).map_err(calamine::Error::Xlsb),
        "ods" => calamine::open_workbook_from_rs(cursor).map(Sheets::Ods).map_err(calamine::Error::Ods),
        _ => calamine::open_workbook_from_rs(cursor).map(Sheets::Xlsx).map_err(calamine::Error::Xlsx),
    };
    let bad = |e: String| {
        Diagnostic::new(Code::BadWorkbook, format!("{shown} cannot be read as a .{ext} workbook: {e}"))
            .in_file(shown)
            .hint("save it again from Excel or LibreOffice, or export the sheet as CSV UTF-8")
    };
    let mut workbook = opened.map_err(|e| bad(e.to_string()))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            let listed: Vec<String> = names.iter().map(|n| format!("`{}`", escape_excerpt(n, EXCERPT))).collect();
            Diagnostic::new(Code::BadWorkbook, format!("{shown} has no sheet `{}`", escape_excerpt(s, EXCERPT)))
                .in_file(shown)
                .hint(format!("its sheets are {}; set `sheet` under [monitoring] to one of them", listed.join(", ")))
        })?,
        None => names.first().cloned().ok_or_else(|| bad("it has no sheets".into()))?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| bad(e.to_string()))?;
    let start = range.start().unwrap_or((0, 0));
    Ok((Sheet { name, range, start, next: 0, workbook, text: String::new() }, sha256))
}

impl Sheet {
    /// The next row of the sheet as a record of cell texts, and where it is; `None` after the
    /// last row.
    pub fn next_row(&mut self, rec: &mut super::record::Record) -> Option<Place> {
        let width = self.range.width();
        if self.next >= self.range.height() {
            return None;
        }
        let r = self.next;
        self.next += 1;
        rec.clear();
        for c in 0..width {
            self.text.clear();
            if let Some(cell) = self.range.get((r, c)) {
                cell_text(cell, &mut self.text);
            }
            rec.push_field(self.text.as_bytes());
        }
        Some(Place { byte: 0, line: u64::from(self.start.0) + r as u64 + 1 })
    }

    /// A diagnostic located at field `field` of the row at `place`, quoting the cell. An empty
    /// cell that holds a formula is a formula without a cached result: said so, since "empty"
    /// would send the user looking for a value that is there on screen.
    pub fn locate(&mut self, d: Diagnostic, shown: &str, place: Place, field: usize) -> Diagnostic {
        let row = usize::try_from(place.line).unwrap_or(0);
        let col = self.start.1 as usize + field + 1;
        let abs = (u32::try_from(row.saturating_sub(1)).unwrap_or(0), u32::try_from(col - 1).unwrap_or(0));
        let mut text = String::new();
        let cell = self.range.get_value(abs);
        if let Some(cell) = cell {
            cell_text(cell, &mut text);
        }
        // rust_xlsxwriter and others store an uncalculated formula's result as an empty string.
        if cell.is_none_or(|c| matches!(c, Data::Empty) || matches!(c, Data::String(s) if s.is_empty())) {
            if let Some(formula) = self.formula(abs) {
                let addr = format!("{}{row}", crate::diag::column_letters(col));
                return Diagnostic::new(Code::BadWorkbook, format!("{addr} holds the formula `={}` but no result of it", escape_excerpt(&formula, EXCERPT)))
                    .in_cell(shown, &self.name, (row, col), format!("={}", escape_excerpt(&formula, EXCERPT)))
                    .hint("the workbook was saved without calculating it (as programs that write workbooks do): open it in Excel or LibreOffice and save it, so each formula's result is stored");
            }
        }
        let mut out = d;
        let (file, sheet) = (shown.to_string(), self.name.clone());
        out = out.in_cell(file, &sheet, (row, col), escape_excerpt(&text, EXCERPT));
        out
    }

    /// The formula of a cell, if it has one (read only on the error path).
    fn formula(&mut self, abs: (u32, u32)) -> Option<String> {
        let formulas = self.workbook.worksheet_formula(&self.name).ok()?;
        formulas.get_value(abs).filter(|f| !f.is_empty()).cloned()
    }
}

/// A cell as text, appended to `out`: what a CSV of the sheet would hold at full precision.
fn cell_text(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    match cell {
        Data::Empty => {}
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::Float(f) => number_text(*f, out),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
            // Excel keeps milliseconds; a reading's time is to the second.
            if (h, mi, s, ms) != (0, 0, 0, 0) {
                let _ = write!(out, " {h:02}:{mi:02}:{s:02}");
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64(), out),
    }
}

/// The one place a float is touched: a numeric cell is stored as an IEEE 754 double, and its
/// value is the shortest decimal text that reads back as the same double (what Excel shows at
/// full precision, and what Rust's `Display` for `f64` writes, never in exponent form). That
/// text is then parsed into an exact decimal like any CSV cell; no arithmetic is done on the
/// float.
fn number_text(f: f64, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "{f}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_their_shortest_round_trip_text() {
        let text = |f: f64| {
            let mut s = String::new();
            number_text(f, &mut s);
            s
        };
        assert_eq!(text(1520.4), "1520.4");
        assert_eq!(text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(text(1520.0), "1520");
        assert_eq!(text(1e21), "1000000000000000000000");
        assert_eq!(text(1.5e-7), "0.00000015");
        assert_eq!(crate::engine::number::parse_cell(&text(1688.05)).unwrap().to_string(), "1688.05");
    }
}
