//! Where the rows of a monitoring file come from ([`Rows`]): a CSV, as UTF-8 (each record
//! checked, so a file in another encoding stops at its first bad byte) or decoded as it
//! streams, or a workbook's sheet. The row reader ([`super::file`]) sees records of cell texts
//! and their places, whatever the file.

use super::files::Files;
use super::model::Place;
use super::record::Record;
use super::tokenizer::Tokenizer;
use crate::diag::{Code, Diagnostic};
use std::path::Path;

/// Where rows come from: a CSV (UTF-8, or decoded as it streams) or a workbook's sheet.
pub trait Rows {
    /// Read the next row into `rec` and say where it is; `None` after the last. An error ends
    /// the file (nothing after it can be trusted).
    fn next_row(&mut self, rec: &mut Record) -> Result<Option<Place>, Diagnostic>;

    /// Whether a problem quotes the record it was found in, as read (a CSV line); `false` for
    /// a source that locates a problem at its cell instead (a workbook).
    fn quotes_records(&self) -> bool {
        true
    }
}

/// A reader of CSV records: the csv crate's, or a [`Tokenizer`] with its source.
pub trait Records {
    /// Read the next record into `rec` and say where it starts, as the csv crate places a
    /// record (before the blank lines it skipped); `None` after the last.
    fn next_record(&mut self, rec: &mut Record) -> Result<Option<Place>, csv::Error>;

    /// The line the reader stands on: 1 + the line breaks read so far.
    fn line(&self) -> u64;
}

/// The csv crate's reader, with the record it reads into (a decoded file, read as it streams).
pub struct CsvReader<R> {
    pub rdr: csv::Reader<R>,
    pub rec: csv::ByteRecord,
}

impl<R: std::io::Read> Records for CsvReader<R> {
    fn next_record(&mut self, rec: &mut Record) -> Result<Option<Place>, csv::Error> {
        rec.clear();
        if !self.rdr.read_byte_record(&mut self.rec)? {
            return Ok(None);
        }
        for f in &self.rec {
            rec.push_field(f);
        }
        Ok(Some(self.rec.position().map_or(Place { byte: 0, line: 0 }, |p| Place { byte: p.byte(), line: p.line() })))
    }

    fn line(&self) -> u64 {
        self.rdr.position().line()
    }
}

/// A [`Tokenizer`] and the source it reads.
pub struct Tokenized<S> {
    pub tok: Tokenizer,
    pub src: S,
}

impl<S: std::io::Read> Records for Tokenized<S> {
    #[inline]
    fn next_record(&mut self, rec: &mut Record) -> Result<Option<Place>, csv::Error> {
        self.tok.read_record(&mut self.src, rec)
    }

    #[inline]
    fn line(&self) -> u64 {
        self.tok.line()
    }
}

/// The rows of a CSV. A UTF-8 file's records are checked as they come, so that a file in
/// another encoding stops at its first bad byte with a hint, not with garbled names.
pub struct CsvRows<'p, T> {
    pub rdr: T,
    /// Where the file was opened, to quote a line of it again on the error path.
    pub files: &'p dyn Files,
    pub path: &'p Path,
    pub shown: &'p str,
    pub check_utf8: bool,
}

impl<T: Records> Rows for CsvRows<'_, T> {
    #[inline]
    fn next_row(&mut self, rec: &mut Record) -> Result<Option<Place>, Diagnostic> {
        let mut at = match self.rdr.next_record(rec) {
            Ok(Some(at)) => at,
            Ok(None) => return Ok(None),
            Err(e) => return Err(csv_error(self.files, self.path, self.shown, &e)),
        };
        // The csv crate skips blank lines and places the record after them at the first blank
        // one; its true line is found from where the reader stands now. (Locating it by its
        // byte offset skips the blank lines too, see `locate::Lines`.)
        let after = self.rdr.line();
        if after > at.line + 1 {
            let inside = memchr::memchr_iter(b'\n', &rec.joined()).count() as u64;
            at.line = (after - 1 - inside).max(at.line);
        }
        // ASCII (most records) is checked a word at a time; the rest as UTF-8.
        if self.check_utf8 && !rec.is_ascii() {
            let joined = rec.joined();
            if std::str::from_utf8(&joined).is_err() {
                return Err(super::encoding::not_utf8(self.files, self.shown, self.path, at.line, &joined));
            }
        }
        Ok(Some(at))
    }
}

impl Rows for super::workbook::Sheet {
    fn next_row(&mut self, rec: &mut Record) -> Result<Option<Place>, Diagnostic> {
        Ok(super::workbook::Sheet::next_row(self, rec))
    }

    fn quotes_records(&self) -> bool {
        false
    }
}

fn csv_error(files: &dyn Files, path: &Path, file: &str, e: &csv::Error) -> Diagnostic {
    if let Some(t) = super::limit::too_long(e) {
        let max = super::limit::MAX_RECORD >> 20;
        return Diagnostic::new(Code::CsvSyntax, format!("{file}: the record on line {} is longer than {max} MiB", t.line))
            .with_pos(file.to_string(), crate::diag::Pos { line: usize::try_from(t.line).unwrap_or(usize::MAX), col: 1, len: 1, text: None })
            .hint(format!(
                "a monitoring file holds one reading per line; a record of more than {max} MiB is not one (a quote left open, or not a CSV file)"
            ));
    }
    // A file decoded as it streams fails with the place of its first undecodable bytes.
    if let csv::ErrorKind::Io(io) = e.kind() {
        if let Some(m) = io.get_ref().and_then(|x| x.downcast_ref::<super::encoding::Malformed>()) {
            return super::encoding::malformed_error(files, file, path, m, super::encoding::nth_line_bytes(files, path, m.line).as_deref());
        }
    }
    let line = e.position().map(csv::Position::line);
    let d = Diagnostic::new(Code::CsvSyntax, format!("{file}: {e}"));
    match line {
        Some(l) => {
            d.with_pos(file.to_string(), crate::diag::Pos { line: usize::try_from(l).unwrap_or(usize::MAX), col: 1, len: 1, text: None })
        }
        None => d.in_file(file.to_string()),
    }
}
