//! Finding the column of a CSV field, or the cell of a workbook, for a diagnostic ([`Locator`]),
//! and the row problems of a file that wait for it ([`Problems`]). Only called when there is an
//! error to report, so it may re-read the file; the reader itself never keeps lines around,
//! and the re-read ([`Lines`]) reads only the lines it quotes, so memory stays flat on the
//! error path too.

use super::encoding::{DecodeReader, Decoding};
use super::reader::{FileInfo, FileKind};
use super::workbook::Sheet;
use crate::diag::{Code, Diagnostic, Diags, Pos};
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

/// At most this many row problems are reported per file; the rest are counted.
const MAX_ROW_ERRORS: usize = 20;

/// Where a record starts: its byte offset and 1-based line.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub byte: u64,
    pub line: u64,
}

impl Place {
    /// The header line.
    pub const HEADER: Place = Place { byte: 0, line: 1 };

    /// A problem with field `field` of this record.
    pub fn problem(self, field: usize, code: Code, message: String, hint: Option<String>) -> Pending {
        Pending { place: self, field, code, message, hint }
    }
}

/// A row problem waiting for its column to be located.
#[derive(Debug)]
pub struct Pending {
    place: Place,
    field: usize,
    code: Code,
    message: String,
    hint: Option<String>,
}

/// The problems of one file: the first [`MAX_ROW_ERRORS`] kept, the rest counted, and all of
/// them located in one re-read at the end.
#[derive(Debug, Default)]
pub struct Problems {
    pending: Vec<Pending>,
    extra: usize,
}

impl Problems {
    pub fn push(&mut self, p: Pending) {
        if self.pending.len() < MAX_ROW_ERRORS {
            self.pending.push(p);
        } else {
            self.extra += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Every problem as a diagnostic at its field of the file (shown as `shown`).
    pub fn report(self, locator: &mut Locator, shown: &str, d: &mut Diags) {
        if self.pending.is_empty() {
            return;
        }
        for p in self.pending {
            let mut diag = Diagnostic::new(p.code, p.message);
            if let Some(h) = p.hint {
                diag = diag.hint(h);
            }
            d.push(locator.locate(diag, shown, p.place, p.field));
        }
        if self.extra > 0 {
            d.push(Diagnostic::new(Code::CsvSyntax, format!("… and {} more problems in {shown}", self.extra)).in_file(shown));
        }
    }
}

/// How to quote a monitoring file: its lines (a CSV, read again, decoded again when it is not
/// UTF-8) or its cells (a workbook's sheet, still in memory or opened again).
pub enum Locator {
    Csv(Lines<BufReader<File>>),
    Decoded {
        path: std::path::PathBuf,
        decoding: Decoding,
    },
    Sheet(Box<Sheet>),
    /// A file that cannot be opened again: the diagnostic names the file only.
    Gone,
}

impl Locator {
    /// A locator for a file the reader read.
    pub fn open(info: &FileInfo) -> Locator {
        let path = Path::new(&info.path);
        match &info.kind {
            FileKind::Csv(Decoding::Utf8) => Locator::Csv(Lines::open(path)),
            FileKind::Csv(decoding) => Locator::Decoded { path: path.to_path_buf(), decoding: *decoding },
            FileKind::Sheet(name) => match super::workbook::open(path, &info.path, Some(name)) {
                Ok((sheet, _)) => Locator::Sheet(Box::new(sheet)),
                Err(_) => Locator::Gone,
            },
        }
    }

    /// `d` located at field `field` of the row at `place` of the file shown as `shown`.
    pub fn locate(&mut self, d: Diagnostic, shown: &str, place: Place, field: usize) -> Diagnostic {
        match self {
            Locator::Csv(lines) => d.with_pos(shown, lines.field_pos(place.byte, place.line, field)),
            Locator::Decoded { path, decoding } => {
                let line = decoded_line_at(path, *decoding, place.byte).unwrap_or_default();
                d.with_pos(shown, line_pos(&line, place.line, field))
            }
            Locator::Sheet(sheet) => sheet.locate(d, shown, place, field),
            Locator::Gone => d.in_file(shown),
        }
    }

    /// Line `line` of a CSV as text (for the rows-outside warning); `None` for a workbook.
    pub fn nth_line(&mut self, line: u64) -> Option<String> {
        match self {
            Locator::Csv(lines) => lines.nth_line(line),
            Locator::Decoded { path, decoding } => {
                let file = File::open(path.as_path()).ok()?;
                Forward(BufReader::new(DecodeReader::new(file, *decoding))).nth_line_forward(line)
            }
            _ => None,
        }
    }
}

/// Reading forward to a line, for a stream that cannot seek (a decoded file).
struct Forward<R>(R);

impl<R: BufRead> Forward<R> {
    fn nth_line_forward(mut self, line: u64) -> Option<String> {
        let mut buf = Vec::new();
        for _ in 0..line.max(1) {
            buf.clear();
            if self.0.read_until(b'\n', &mut buf).ok()? == 0 {
                return None;
            }
        }
        Some(String::from_utf8(buf).ok()?.trim_end_matches(['\n', '\r']).to_string())
    }
}

/// The line of a decoded file that starts at `byte` of its decoded text.
fn decoded_line_at(path: &Path, decoding: Decoding, byte: u64) -> Option<Vec<u8>> {
    let mut r = BufReader::new(DecodeReader::new(File::open(path).ok()?, decoding));
    std::io::copy(&mut std::io::Read::take(&mut r, byte), &mut std::io::sink()).ok()?;
    let mut buf = Vec::new();
    read_record_line(&mut r, &mut buf).ok()?;
    Some(buf)
}

/// The first line that is not blank, from where a record's offset points: the csv crate gives
/// a record after blank lines the offset of the first of them.
fn read_record_line(r: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<()> {
    loop {
        buf.clear();
        if r.read_until(b'\n', buf)? == 0 || !buf.iter().all(|&b| b == b'\n' || b == b'\r') {
            return Ok(());
        }
    }
}

/// The position of field `field` in a line's bytes (1-based `line`).
fn line_pos(bytes: &[u8], line: u64, field: usize) -> Pos {
    let text = String::from_utf8_lossy(bytes).trim_end_matches(['\n', '\r']).to_string();
    let (col, len) = field_span(&text, field);
    Pos { line: usize::try_from(line).unwrap_or(0), col, len, text: Some(text) }
}

/// A file opened again to quote lines for diagnostics. Each line is read from where it starts
/// (a seek to the record's byte offset), never the whole file: a bad row in a file of millions
/// costs one line of memory. A file that cannot be read quotes empty lines.
pub struct Lines<R> {
    file: Option<R>,
}

impl Lines<BufReader<File>> {
    pub fn open(path: &Path) -> Self {
        Lines { file: File::open(path).ok().map(BufReader::new) }
    }
}

impl<R: BufRead + Seek> Lines<R> {
    pub fn new(file: R) -> Self {
        Lines { file: Some(file) }
    }

    /// The bytes of the line that starts at byte `byte`, without its line break.
    fn line_at(&mut self, byte: u64) -> Vec<u8> {
        let mut buf = Vec::new();
        if let Some(f) = &mut self.file {
            if f.seek(SeekFrom::Start(byte)).is_err() || read_record_line(f, &mut buf).is_err() {
                buf.clear();
            }
        }
        buf
    }

    /// The position of field `field` of the record that starts at `byte` (1-based `line`).
    pub fn field_pos(&mut self, byte: u64, line: u64, field: usize) -> Pos {
        line_pos(&self.line_at(byte), line, field)
    }

    /// Line `line` (1-based; 0 is taken as 1), read line by line up to it; `None` if the file
    /// is shorter, cannot be read, or the line is not UTF-8.
    pub fn nth_line(&mut self, line: u64) -> Option<String> {
        let f = self.file.as_mut()?;
        f.seek(SeekFrom::Start(0)).ok()?;
        let mut buf = Vec::new();
        for _ in 0..line.max(1) {
            buf.clear();
            if f.read_until(b'\n', &mut buf).ok()? == 0 {
                return None;
            }
        }
        let text = String::from_utf8(buf).ok()?;
        Some(text.trim_end_matches(['\n', '\r']).to_string())
    }
}

/// 1-based character column and character length of a field in a CSV line, quotes respected.
pub fn field_span(line: &str, field: usize) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let mut k = 0;
    let mut i = 0;
    let mut start = 0;
    let mut in_quotes = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == ',' && !in_quotes {
            if k == field {
                return (start + 1, (i - start).max(1));
            }
            k += 1;
            start = i + 1;
        }
        i += 1;
    }
    if k == field { (start + 1, (chars.len() - start).max(1)) } else { (chars.len() + 1, 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_with_quotes() {
        assert_eq!(field_span("2021-01-31,PV1,12x", 2), (16, 3));
        assert_eq!(field_span("2021-01-31,\"1,234\",x", 2), (20, 1));
        assert_eq!(field_span("a,,c", 1), (3, 1));
        assert_eq!(field_span("a,b", 5), (4, 1));
        let mut lines = Lines::new(std::io::Cursor::new(b"date,EG\n2021-01-01,abc\r\n2021-01-02,1".to_vec()));
        let p = lines.field_pos(8, 2, 1);
        assert_eq!((p.line, p.col, p.len, p.text.as_deref()), (2, 12, 3, Some("2021-01-01,abc")));
        // Any order, the last line without a line break, a place past the end.
        assert_eq!(lines.field_pos(24, 3, 0).text.as_deref(), Some("2021-01-02,1"));
        assert_eq!(lines.field_pos(0, 1, 1).text.as_deref(), Some("date,EG"));
        assert_eq!(lines.field_pos(999, 9, 0).text.as_deref(), Some(""));
        assert_eq!(lines.nth_line(2).as_deref(), Some("2021-01-01,abc"));
        assert_eq!(lines.nth_line(3).as_deref(), Some("2021-01-02,1"));
        assert_eq!(lines.nth_line(4), None);
    }
}
