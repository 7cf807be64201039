//! `--format xlsx`: a report as one workbook. The sheets are built from the typed report
//! ([`project`] for `calc`, [`summary`] for a portfolio, `verify` and `check`) as plain rows of
//! typed [`Cell`]s; [`workbook`] alone knows rust_xlsxwriter.
//!
//! Every figure keeps its exact value. Whole credits and the decimals that Excel's 15
//! significant digits hold are numbers, shown with every digit. A decimal that does not fit
//! (`166.7045454545454545`) is a number rounded to 15 significant digits, and its column is
//! followed by a `… (exact)` column holding the exact figure as text in that row (empty where
//! the number is exact), so no figure is silently changed. Dates are date cells. Header rows
//! are bold and frozen, columns as wide as their text; a sheet prints one page wide. The file
//! is the same byte for byte for the same report: the document's creation date is fixed.

mod number;
pub mod project;
pub mod summary;

use chrono::{Datelike, NaiveDate};
use number::cell_number;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Whole credits and counts, shown with thousands separators.
    Whole(i64),
    /// A year or a line number: a whole number shown without separators.
    Plain(i64),
    /// An exact decimal.
    Figure(Decimal),
    Date(NaiveDate),
    Flag(bool),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// Text, or nothing.
    pub fn maybe(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    pub fn whole(n: impl TryInto<i64>) -> Cell {
        n.try_into().map_or(Cell::Empty, Cell::Whole)
    }

    /// A figure the report carries as exact text (`"2017.62"`); text that is not a decimal
    /// (a choice word) stays text.
    pub fn figure(s: &str) -> Cell {
        Decimal::from_str_exact(s).map_or_else(|_| Cell::text(s), Cell::Figure)
    }

    /// The exact value of a number cell.
    fn number(&self) -> Option<Decimal> {
        match self {
            Cell::Whole(n) | Cell::Plain(n) => Some(Decimal::from(*n)),
            Cell::Figure(d) => Some(*d),
            _ => None,
        }
    }

    /// A date the report carries as ISO text.
    pub fn date(s: &str) -> Cell {
        s.parse::<NaiveDate>().map_or_else(|_| Cell::text(s), Cell::Date)
    }
}

/// A sheet: a bold header row, then rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: &'static str, header: &[&'static str]) -> Sheet {
        Sheet { name, header: header.to_vec(), rows: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        assert_eq!(row.len(), self.header.len(), "a row of sheet {} has as many cells as its header", self.name);
        self.rows.push(row);
    }
}

/// The creation date written into every workbook, so the same report gives the same bytes
/// (the ZIP entries of rust_xlsxwriter carry a fixed date too).
const CREATED: (u16, u8, u8) = (1980, 1, 1);

/// Widest column, in characters.
const MAX_WIDTH: usize = 60;

/// The workbook of these sheets, as the bytes of an .xlsx file.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = CREATED;
    let props = DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?).set_author("jcm");
    wb.set_properties(&props);
    for s in sheets {
        write_sheet(wb.add_worksheet(), s)?;
    }
    wb.save_to_buffer()
}

fn write_sheet(ws: &mut Worksheet, s: &Sheet) -> Result<(), XlsxError> {
    ws.set_name(s.name)?;
    // A column of figures any of which does not fit a double gets an exact column after it.
    let inexact: Vec<bool> =
        (0..s.header.len()).map(|c| s.rows.iter().any(|r| r[c].number().is_some_and(|d| !cell_number(d).exact))).collect();
    let mut at = Vec::with_capacity(s.header.len());
    let mut next: u16 = 0;
    for &extra in &inexact {
        at.push(next);
        next += if extra { 2 } else { 1 };
    }
    let bold = Format::new().set_bold();
    let mut width: BTreeMap<u16, usize> = BTreeMap::new();
    let mut fit = |col: u16, chars: usize| {
        let w = width.entry(col).or_insert(0);
        *w = (*w).max(chars.min(MAX_WIDTH));
    };
    for (c, h) in s.header.iter().enumerate() {
        ws.write_string_with_format(0, at[c], *h, &bold)?;
        fit(at[c], display_width(h));
        if inexact[c] {
            let title = format!("{h} (exact)");
            ws.write_string_with_format(0, at[c] + 1, &title, &bold)?;
            fit(at[c] + 1, display_width(&title));
        }
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut formats: BTreeMap<(bool, u32), Format> = BTreeMap::new();
    for (r, row) in s.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, cell) in row.iter().enumerate() {
            let col = at[c];
            match cell {
                Cell::Text(t) => {
                    let t = within_cell(t);
                    ws.write_string(r, col, &*t)?;
                    fit(col, display_width(&t));
                }
                Cell::Whole(_) | Cell::Figure(_) | Cell::Plain(_) => {
                    let d = cell.number().expect("a number");
                    let grouped = !matches!(cell, Cell::Plain(_));
                    let (chars, exact_text) = write_figure(ws, &mut formats, r, col, d, grouped)?;
                    fit(col, chars);
                    if let Some(t) = exact_text {
                        ws.write_string(r, col + 1, &t)?;
                        fit(col + 1, t.len());
                    }
                }
                Cell::Date(d) => {
                    let month = u8::try_from(d.month()).expect("a month is 1 to 12");
                    let day = u8::try_from(d.day()).expect("a day is 1 to 31");
                    match u16::try_from(d.year()).ok().and_then(|y| ExcelDateTime::from_ymd(y, month, day).ok()) {
                        Some(x) => ws.write_datetime_with_format(r, col, &x, &date)?,
                        // Excel has no dates before 1900: such a date stays text.
                        None => ws.write_string(r, col, d.to_string())?,
                    };
                    fit(col, 10);
                }
                Cell::Flag(b) => {
                    ws.write_boolean(r, col, *b)?;
                    fit(col, 5);
                }
                Cell::Empty => {}
            }
        }
    }
    for (col, w) in width {
        // Room for the filter arrow a user may add, and a little air.
        ws.set_column_width(col, u32::try_from(w + 2).expect("at most MAX_WIDTH"))?;
    }
    ws.set_freeze_panes(1, 0)?;
    // Printed: landscape, one page wide, the header on every page, with gridlines.
    ws.set_landscape().set_print_fit_to_pages(1, 0).set_print_gridlines(true);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Write a figure as a number shown with all its digits; the width it takes, and the exact
/// text to write beside it when the number is not exactly the figure.
fn write_figure(
    ws: &mut Worksheet,
    formats: &mut BTreeMap<(bool, u32), Format>,
    r: u32,
    col: u16,
    d: Decimal,
    grouped: bool,
) -> Result<(usize, Option<String>), XlsxError> {
    let n = cell_number(d);
    let format = formats.entry((grouped, n.places)).or_insert_with(|| {
        let places = usize::try_from(n.places).expect("at most 28 places");
        let whole = if grouped { "#,##0" } else { "0" };
        let pattern = if places == 0 { whole.to_string() } else { format!("{whole}.{}", "0".repeat(places)) };
        Format::new().set_num_format(pattern)
    });
    ws.write_number_with_format(r, col, n.value, format)?;
    // As shown: the digits of the number and a thousands separator per group of three.
    let digits = n.value.abs().to_string();
    let whole = digits.split('.').next().map_or(0, str::len);
    let separators = if grouped { whole.saturating_sub(1) / 3 } else { 0 };
    let chars = digits.len() + separators + usize::from(n.value < 0.0);
    Ok((chars, (!n.exact).then(|| super::exact(d))))
}

/// Characters a cell holds at most (Excel's limit).
const CELL_CHARS: usize = 32_767;

/// A text as a cell can hold it: a longer one (a trace's substituted sum over thousands of
/// points) is cut, and says so and where the whole text is.
fn within_cell(t: &str) -> std::borrow::Cow<'_, str> {
    let n = t.chars().count();
    if n <= CELL_CHARS {
        return t.into();
    }
    let note = format!(" … [cut: {n} characters; --format json has the whole text]");
    let kept: String = t.chars().take(CELL_CHARS - note.chars().count()).collect();
    format!("{kept}{note}").into()
}

/// Columns a text takes: a CJK character takes two.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_and_says_so() {
        let long = "x".repeat(40_000);
        let cut = within_cell(&long);
        assert_eq!(cut.chars().count(), CELL_CHARS);
        assert!(cut.ends_with(" … [cut: 40000 characters; --format json has the whole text]"));
        assert_eq!(within_cell("short"), "short");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("売電量 (kWh)"), 12);
        assert_eq!(display_width("RE"), 2);
    }
}
