//! Finding the column of a CSV field, or the cell of a workbook, for a diagnostic, and the row
//! problems of a file that wait for it ([`Problems`]). A CSV problem quotes the record it was
//! found in, as read: the reader hands each row's record over once the row is done
//! ([`Problems::quote`]), so nothing is read twice, and a FIFO or a device (`/dev/stdin`) is
//! never opened again. A workbook's problem is located at its cell ([`Locator::Sheet`], the
//! sheet still in memory). [`Locator::open`], which quotes a line `jcm check` points at after a
//! good read, opens regular files only ([`Lines`]) and reads at most one record's length.

use super::encoding::{DecodeReader, Decoding};
use super::files::Files;
use super::limit::MAX_RECORD;
use super::model::{FileInfo, FileKind};
use super::workbook::Sheet;
use crate::diag::{Code, Diagnostic, Diags, EXCERPT, Pos, escape_excerpt};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// At most this many row problems are reported per file; the rest are counted.
const MAX_ROW_ERRORS: usize = 20;

/// Where a record starts (defined with the types a read hands back, and quoted from here too).
pub use super::model::Place;

impl Place {
    /// A problem with field `field` of this record.
    pub fn problem(self, field: usize, code: Code, message: String, hint: Option<String>) -> Pending {
        Pending { place: self, field, code, message, hint, text: None }
    }
}

/// A row problem waiting for the text of its record.
#[derive(Debug)]
pub struct Pending {
    place: Place,
    field: usize,
    code: Code,
    message: String,
    hint: Option<String>,
    /// The record as read, escaped and with each field cut to an excerpt ([`record_text`]).
    text: Option<String>,
}

/// The problems of one file: the first [`MAX_ROW_ERRORS`] kept, the rest counted.
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

    /// Give the problems found in `rec` (those still without a text) its text. Called after
    /// every record of a CSV; costs nothing unless the record had a problem.
    pub fn quote(&mut self, rec: &super::record::Record) {
        let mut text = None;
        for p in self.pending.iter_mut().rev().take_while(|p| p.text.is_none()) {
            p.text = Some(text.get_or_insert_with(|| record_text(rec)).clone());
        }
    }

    /// Every problem as a diagnostic at its field of the file shown as `shown`: in the record
    /// it was quoted from, or else where `locator` finds it (a workbook's cell).
    pub fn report(self, locator: &mut Locator, shown: &str, d: &mut Diags) {
        for p in self.pending {
            let mut diag = Diagnostic::new(p.code, p.message);
            if let Some(h) = p.hint {
                diag = diag.hint(h);
            }
            let diag = match p.text {
                Some(text) => {
                    let (col, len) = field_span(&text, p.field);
                    diag.with_pos(shown, Pos { line: usize::try_from(p.place.line).unwrap_or(0), col, len, text: Some(text) })
                }
                None => locator.locate(diag, shown, p.place, p.field),
            };
            d.push(diag);
        }
        if self.extra > 0 {
            d.push(Diagnostic::new(Code::CsvSyntax, format!("… and {} more problems in {shown}", self.extra)).in_file(shown));
        }
    }
}

/// How to quote a monitoring file: its lines (a CSV, read again, decoded again when it is not
/// UTF-8) or its cells (a workbook's sheet, still in memory or opened again).
pub enum Locator<'f> {
    Csv(Lines<BufReader<File>>),
    Decoded {
        path: std::path::PathBuf,
        decoding: Decoding,
        files: &'f dyn Files,
    },
    Sheet(Box<Sheet>),
    /// A file not opened again (a CSV whose problems quote their records as read, or one that
    /// cannot be opened): a problem without its text names the file only.
    Gone,
}

impl<'f> Locator<'f> {
    /// A locator for a file the reader read, opened again through `files`.
    pub fn open(files: &'f dyn Files, info: &FileInfo) -> Locator<'f> {
        let path = Path::new(&info.path);
        match &info.kind {
            FileKind::Csv(Decoding::Utf8) => Locator::Csv(Lines::open(files, path)),
            FileKind::Csv(decoding) => Locator::Decoded { path: path.to_path_buf(), decoding: *decoding, files },
            FileKind::Sheet(name) => match super::workbook::open(files, path, &info.path, Some(name)) {
                Ok((sheet, _)) => Locator::Sheet(Box::new(sheet)),
                Err(_) => Locator::Gone,
            },
        }
    }

    /// `d` located at field `field` of the row at `place` of the file shown as `shown`.
    pub fn locate(&mut self, d: Diagnostic, shown: &str, place: Place, field: usize) -> Diagnostic {
        match self {
            Locator::Csv(lines) => d.with_pos(shown, lines.field_pos(place.byte, place.line, field)),
            Locator::Decoded { path, decoding, files } => {
                let line = decoded_line_at(*files, path, *decoding, place.byte).unwrap_or_default();
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
            Locator::Decoded { path, decoding, files } => {
                if !files.is_regular(path) {
                    return None;
                }
                let (file, _) = files.open(path).ok()?;
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
            if (&mut self.0).take(MAX_RECORD as u64).read_until(b'\n', &mut buf).ok()? == 0 {
                return None;
            }
        }
        Some(String::from_utf8(buf).ok()?.trim_end_matches(['\n', '\r']).to_string())
    }
}

/// The line of a decoded file that starts at `byte` of its decoded text.
fn decoded_line_at(files: &dyn Files, path: &Path, decoding: Decoding, byte: u64) -> Option<Vec<u8>> {
    if !files.is_regular(path) {
        return None;
    }
    let mut r = BufReader::new(DecodeReader::new(files.open(path).ok()?.0, decoding));
    std::io::copy(&mut std::io::Read::take(&mut r, byte), &mut std::io::sink()).ok()?;
    let mut buf = Vec::new();
    read_record_line(&mut r.take(MAX_RECORD as u64), &mut buf).ok()?;
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
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let text = escape_excerpt(bytes, MAX_RECORD);
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
    /// A regular file, opened again; anything else (a FIFO, a device) quotes empty lines, since
    /// what it gave cannot be read a second time and a second open may block for ever.
    pub fn open(files: &dyn Files, path: &Path) -> Self {
        Lines { file: if files.is_regular(path) { files.open(path).ok().map(|(f, _)| BufReader::new(f)) } else { None } }
    }
}

/// A record as a diagnostic quotes it: its fields joined by commas (quoted when they hold a
/// comma or a quote, as CSV writes them), each escaped and cut to an excerpt, so that a field
/// still starts after as many commas as in the file and a 4 MB cell costs a short line.
pub fn record_text(rec: &super::record::Record) -> String {
    let fields: Vec<String> = rec
        .iter()
        .map(|f| {
            let t = escape_excerpt(f, EXCERPT * 4);
            if t.contains([',', '"']) { format!("\"{}\"", t.replace('"', "\"\"")) } else { t }
        })
        .collect();
    fields.join(",")
}

impl<R: BufRead + Seek> Lines<R> {
    pub fn new(file: R) -> Self {
        Lines { file: Some(file) }
    }

    /// The bytes of the line that starts at byte `byte`, without its line break.
    fn line_at(&mut self, byte: u64) -> Vec<u8> {
        let mut buf = Vec::new();
        if let Some(f) = &mut self.file {
            if f.seek(SeekFrom::Start(byte)).is_err() || read_record_line(&mut f.take(MAX_RECORD as u64), &mut buf).is_err() {
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
            if f.take(MAX_RECORD as u64).read_until(b'\n', &mut buf).ok()? == 0 {
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
    fn a_record_is_quoted_as_read_escaped_and_cut() {
        let rec = super::super::record::Record::from_fields(&[&b"2021-01-31"[..], b"Caf\xe9", b"1,234.5", &[b'9'; 1000][..]]);
        let t = record_text(&rec);
        assert!(t.starts_with("2021-01-31,Caf\\xE9,\"1,234.5\",9999"), "{t}");
        assert!(t.ends_with('…') && t.chars().count() < 300, "{t}");
        assert_eq!(field_span(&t, 3).0, 30);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_never_opened_again() {
        let dir = std::env::temp_dir().join(format!("jcm-locate-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let fifo = dir.join("m.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
        if made {
            // Opening a FIFO for reading would block until a writer comes: this returns at once.
            assert_eq!(Lines::open(&crate::pipeline::files::Disk, &fifo).nth_line(1), None);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

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
