//! The bytes of a CSV that is not UTF-8: decoding Shift_JIS (Windows code page 932, what a
//! Japanese Excel saves) to UTF-8 as the file streams ([`DecodeReader`]), finding which
//! encoding `auto` means, and the error for a file that is not in the encoding it should be
//! ([`not_utf8`]). UTF-8 files never pass through here: they are read as they are.

use super::files::Files;
use crate::diag::{Code, Diagnostic, Pos, escape_excerpt};
use crate::project::monitoring::Encoding;
use encoding_rs::{DecoderResult, SHIFT_JIS, UTF_8};
use std::io::{self, Read};
use std::path::Path;

/// What a run reads a file as, once `auto` has been settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    Utf8,
    ShiftJis,
}

impl Decoding {
    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            Decoding::Utf8 => UTF_8,
            Decoding::ShiftJis => SHIFT_JIS,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Decoding::Utf8 => "UTF-8",
            Decoding::ShiftJis => "Shift_JIS (code page 932)",
        }
    }
}

/// How to read `path` given the project's `encoding`: `auto` reads the file once first, and
/// takes UTF-8 when all of it is valid UTF-8 (a byte-order mark or not), code page 932
/// otherwise.
pub fn settle(encoding: Encoding, files: &dyn Files, path: &Path) -> Decoding {
    match encoding {
        Encoding::Utf8 => Decoding::Utf8,
        Encoding::ShiftJis => Decoding::ShiftJis,
        Encoding::Auto => {
            if decodes_as(files, path, Decoding::Utf8) {
                Decoding::Utf8
            } else {
                Decoding::ShiftJis
            }
        }
    }
}

/// Whether the whole file decodes without a malformed sequence.
pub fn decodes_as(files: &dyn Files, path: &Path, decoding: Decoding) -> bool {
    // Error path: a FIFO or a device is never opened a second time.
    if !files.is_regular(path) {
        return false;
    }
    let Ok((file, _)) = files.open(path) else { return false };
    let mut r = DecodeReader::new(file, decoding);
    io::copy(&mut r, &mut io::sink()).is_ok()
}

/// Bytes that are not text in the encoding a file is read in: where they are.
#[derive(Debug)]
pub struct Malformed {
    /// 1-based line of the first bad byte.
    pub line: u64,
    pub bytes: Vec<u8>,
    pub decoding: Decoding,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} holds bytes that are not {}: {}", self.line, self.decoding.name(), escape_excerpt(&self.bytes, usize::MAX))
    }
}

impl std::error::Error for Malformed {}

/// The error for a file that is not valid in the encoding it is read in (`m`), with the hint
/// that names the encoding it does decode in, when there is one.
pub fn malformed_error(files: &dyn Files, shown: &str, path: &Path, m: &Malformed, line_text: Option<&[u8]>) -> Diagnostic {
    let message = format!("{shown} is not {}: line {} holds the bytes {}", m.decoding.name(), m.line, escape_excerpt(&m.bytes, usize::MAX));
    let hint = match m.decoding {
        _ if what_it_is(files, path).is_some() => what_it_is(files, path).unwrap_or_default().to_string(),
        Decoding::Utf8 if decodes_as(files, path, Decoding::ShiftJis) => {
            "the file reads as Shift_JIS (Windows code page 932, as a Japanese Excel saves CSV): add encoding = \"shift_jis\" under [monitoring] in project.toml".to_string()
        }
        Decoding::Utf8 => "save the file as UTF-8 (in Excel: CSV UTF-8), or name its encoding with `encoding` under [monitoring]".to_string(),
        Decoding::ShiftJis => "the file is not Shift_JIS either: save it as UTF-8 (in Excel: CSV UTF-8)".to_string(),
    };
    let d = Diagnostic::new(Code::BadEncoding, message).hint(hint);
    match line_text {
        Some(text) => {
            let (text, col) = quote_line(text, &m.bytes);
            let pos = Pos {
                line: usize::try_from(m.line).unwrap_or(0),
                col,
                len: escape_excerpt(&m.bytes, usize::MAX).chars().count(),
                text: Some(text),
            };
            d.with_pos(shown, pos)
        }
        None => d.in_file(shown),
    }
}

/// Bytes of a line quoted on each side of the bad ones: a binary file has no short lines.
const QUOTE_BYTES: usize = 24;

/// A line with undecodable bytes as quoted (`\x93`), cut to the bytes around the bad ones
/// (`…` marks a cut), and the 1-based column of `bad` in it.
fn quote_line(line: &[u8], bad: &[u8]) -> (String, usize) {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let at = line.windows(bad.len().max(1)).position(|w| w == bad).unwrap_or(0);
    // Cut on character boundaries where the text is UTF-8, anywhere in bytes that are not.
    let mut from = at.saturating_sub(QUOTE_BYTES);
    while from > 0 && from < at && (line[from] & 0xC0) == 0x80 {
        from += 1;
    }
    let mut to = (at + bad.len() + QUOTE_BYTES).min(line.len());
    while to < line.len() && (line[to] & 0xC0) == 0x80 {
        to += 1;
    }
    let head = if from > 0 { "…" } else { "" };
    let tail = if to < line.len() { "…" } else { "" };
    let before = format!("{head}{}", escape_excerpt(&line[from..at], usize::MAX));
    (format!("{before}{}{tail}", escape_excerpt(&line[at..to], usize::MAX)), before.chars().count() + 1)
}

/// What a file that is not text may be instead: a workbook under a .csv name.
fn what_it_is(files: &dyn Files, path: &Path) -> Option<&'static str> {
    let mut head = [0u8; 4];
    if !files.is_regular(path) {
        return None;
    }
    files.open(path).ok()?.0.read_exact(&mut head).ok()?;
    match head {
        [b'P', b'K', 3, 4] => {
            Some("the file is a zip archive, as an .xlsx or .ods workbook is: name it monitoring.xlsx (or .ods) in [monitoring] file")
        }
        [0xD0, 0xCF, 0x11, 0xE0] => Some("the file is an Excel 97-2003 workbook: name it monitoring.xls in [monitoring] file"),
        _ => None,
    }
}

/// The error for a UTF-8 file with a record that is not UTF-8: the record starts on `line`
/// and holds `rec` (its fields, without separators).
pub fn not_utf8(files: &dyn Files, shown: &str, path: &Path, line: u64, rec: &[u8]) -> Diagnostic {
    let bad_at = std::str::from_utf8(rec).err().map_or(0, |e| e.valid_up_to());
    let bad_len = std::str::from_utf8(&rec[bad_at..]).err().and_then(|e| e.error_len()).unwrap_or(1);
    let line = line + memchr::memchr_iter(b'\n', &rec[..bad_at]).count() as u64;
    let m = Malformed { line, bytes: rec[bad_at..bad_at + bad_len].to_vec(), decoding: Decoding::Utf8 };
    malformed_error(files, shown, path, &m, nth_line_bytes(files, path, line).as_deref())
}

/// The bytes of 1-based line `n` of a file (error path only: read from the start).
pub fn nth_line_bytes(files: &dyn Files, path: &Path, n: u64) -> Option<Vec<u8>> {
    use std::io::BufRead;
    use std::io::Read;
    // A regular file only (a FIFO is never opened again), and at most one record's length.
    if !files.is_regular(path) {
        return None;
    }
    let mut r = io::BufReader::new(files.open(path).ok()?.0);
    let mut buf = Vec::new();
    for _ in 0..n.max(1) {
        buf.clear();
        if (&mut r).take(super::limit::MAX_RECORD as u64).read_until(b'\n', &mut buf).ok()? == 0 {
            return None;
        }
    }
    Some(buf)
}

const CHUNK: usize = 1 << 16;

/// A reader that decodes its input to UTF-8 as it is read, and fails with [`Malformed`] (as an
/// `io::Error` of kind `InvalidData`) at the first byte sequence that is not in the encoding.
/// A byte-order mark, when there is one, decides the encoding (encoding_rs's rule).
pub struct DecodeReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    decoding: Decoding,
    input: Vec<u8>,
    in_start: usize,
    eof: bool,
    output: Vec<u8>,
    /// The decoded bytes not yet handed out are `output[out_start..out_end]`.
    out_start: usize,
    out_end: usize,
    /// Line breaks in the input decoded so far.
    lines: u64,
}

impl<R: Read> DecodeReader<R> {
    pub fn new(inner: R, decoding: Decoding) -> Self {
        DecodeReader {
            inner,
            decoder: decoding.encoding().new_decoder(),
            decoding,
            input: Vec::with_capacity(CHUNK),
            in_start: 0,
            eof: false,
            output: vec![0; 3 * CHUNK + 16],
            out_start: 0,
            out_end: 0,
            lines: 0,
        }
    }

    /// The reader it decodes.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Decode more input into `output`; `Ok(0)` at the end.
    fn fill(&mut self) -> io::Result<usize> {
        loop {
            if self.in_start == self.input.len() && !self.eof {
                self.input.resize(CHUNK, 0);
                let n = self.inner.read(&mut self.input)?;
                self.input.truncate(n);
                self.in_start = 0;
                self.eof = n == 0;
            }
            let src = &self.input[self.in_start..];
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut self.output, self.eof);
            let consumed = &src[..read];
            if let DecoderResult::Malformed(bad, extra) = result {
                let end = read - usize::from(extra);
                let start = end.saturating_sub(usize::from(bad));
                let line = self.lines + 1 + memchr::memchr_iter(b'\n', &src[..start]).count() as u64;
                let m = Malformed { line, bytes: src[start..end].to_vec(), decoding: self.decoding };
                return Err(io::Error::new(io::ErrorKind::InvalidData, m));
            }
            self.lines += memchr::memchr_iter(b'\n', consumed).count() as u64;
            self.in_start += read;
            if written > 0 {
                return Ok(written);
            }
            if self.eof && matches!(result, DecoderResult::InputEmpty) {
                return Ok(0);
            }
        }
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_start == self.out_end {
            self.out_end = self.fill()?;
            self.out_start = 0;
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], d: Decoding) -> io::Result<String> {
        let mut out = String::new();
        DecodeReader::new(bytes, d).read_to_string(&mut out)?;
        Ok(out)
    }

    #[test]
    fn decodes_shift_jis_and_finds_the_line_of_a_bad_byte() {
        let (sjis, _, _) = SHIFT_JIS.encode("日付,計測地点\n2025/3/31,PV1\n");
        assert_eq!(decode(&sjis, Decoding::ShiftJis).unwrap(), "日付,計測地点\n2025/3/31,PV1\n");
        let e = decode(&sjis, Decoding::Utf8).unwrap_err();
        let m = e.get_ref().and_then(|e| e.downcast_ref::<Malformed>()).unwrap();
        assert_eq!((m.line, m.bytes.as_slice()), (1, &sjis[..1]));
        let e = decode(b"a\nb\n\xff\n", Decoding::ShiftJis).unwrap_err();
        assert_eq!(e.get_ref().and_then(|e| e.downcast_ref::<Malformed>()).unwrap().line, 3);
        // Larger than one chunk, a character split across chunks.
        let text = "電力量,".repeat(40_000);
        let (sjis, _, _) = SHIFT_JIS.encode(&text);
        assert_eq!(decode(&sjis, Decoding::ShiftJis).unwrap(), text);
    }

    #[test]
    fn quotes_a_line_with_its_bad_bytes() {
        let (text, col) = quote_line(b"2025,\x93\xfa\r\n", b"\x93");
        let long = [b"a".repeat(40), b"\x93".to_vec(), b"b".repeat(40)].concat();
        let (cut, at) = quote_line(&long, b"\x93");
        assert_eq!((cut.as_str(), at), (format!("…{}\\x93{}…", "a".repeat(24), "b".repeat(24)).as_str(), 26));
        assert_eq!((text.as_str(), col), ("2025,\\x93\\xFA", 6));
    }
}
