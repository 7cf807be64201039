//! A cap on the length of one CSV record, enforced while the bytes stream in: without it a file
//! with no line break (`file = "/dev/zero"`, one 2 GB line) grows the CSV reader's record
//! buffer until the allocator gives up. A record may span lines inside quotes, so a line break
//! inside a quoted field does not end it.
//!
//! The cap, [`MAX_RECORD`], is far above any meter export (a row of a few hundred columns is a
//! few kB) and is stated in docs/formats.md.

use std::fmt;
use std::io::{self, Read};

/// The longest record read: 4 MiB.
pub const MAX_RECORD: usize = 4 << 20;

/// Why a read stopped: the record that starts on `line` is longer than [`MAX_RECORD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    pub line: u64,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the record on line {} is longer than {} MiB", self.line, MAX_RECORD >> 20)
    }
}

impl std::error::Error for TooLong {}

/// Where the bytes read so far leave the current record, as the CSV parser (csv_core: `"`
/// quotes, doubled to escape, `,` between fields, CR, LF or CRLF ending a record) sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Not inside quotes.
    Outside,
    /// Inside a quoted field.
    Quoted,
    /// A quote inside a quoted field was the last byte: the next byte says whether it closed
    /// the field or was the first of a doubled (escaped) quote.
    AfterQuote,
}

/// A reader that fails with [`TooLong`] (as an `InvalidData` I/O error) once a record passes
/// `max` bytes. Records end where the CSV parser ends them: a quote opens a quoted field only
/// at the start of a field (`5"` is a literal quote, as the parser reads it), and a CR alone
/// ends a record too (a file saved as "CSV (Macintosh)"). Lines are counted at LF, as the
/// parser counts them.
pub struct RecordLimit<R> {
    inner: R,
    max: usize,
    /// Bytes of the current record so far.
    len: usize,
    quoting: Quoting,
    /// The last byte seen outside quotes (a line break before the first): whether a quote
    /// starts a field.
    last: u8,
    /// Whether any byte was read: a UTF-8 byte-order mark at the very start is passed over, as
    /// the parser does.
    started: bool,
    /// 1-based line on which the current record starts, and the line being read.
    start_line: u64,
    line: u64,
}

impl<R> RecordLimit<R> {
    pub fn new(inner: R) -> Self {
        Self::with_max(inner, MAX_RECORD)
    }

    pub fn with_max(inner: R, max: usize) -> Self {
        RecordLimit { inner, max, len: 0, quoting: Quoting::Outside, last: b'\n', started: false, start_line: 1, line: 1 }
    }

    pub fn into_inner(self) -> R {
        self.inner
    }

    /// The current record ends: the next starts after it.
    fn end_record(&mut self) {
        self.len = 0;
        self.start_line = self.line;
    }

    /// Account for `buf`; `Err` once the current record is too long.
    fn scan(&mut self, buf: &[u8]) -> Result<(), TooLong> {
        let too_long = TooLong { line: self.start_line };
        let Some(&final_byte) = buf.last() else { return Ok(()) };
        let mut rest = buf;
        if !self.started {
            self.started = true;
            if let Some(after) = rest.strip_prefix(b"\xEF\xBB\xBF") {
                self.len += 3;
                rest = after;
            }
        }
        // Most reads: no quote, and no longer than the cap, so that only the record that goes
        // on from the last read and the one that goes on into the next can be too long. Three
        // passes over the bytes that each run a word at a time, not a stop at every line.
        if self.quoting == Quoting::Outside && rest.len() <= self.max && memchr::memchr(b'"', rest).is_none() {
            self.last = final_byte;
            if let Some(first) = memchr::memchr2(b'\n', b'\r', rest) {
                self.len += first + 1;
                if self.len > self.max {
                    return Err(too_long);
                }
                self.line += count_newlines(rest);
                self.end_record();
                self.len = rest.len() - 1 - memchr::memrchr2(b'\n', b'\r', rest).unwrap_or(first);
            } else {
                self.len += rest.len();
            }
            return if self.len > self.max { Err(TooLong { line: self.start_line }) } else { Ok(()) };
        }
        // The careful path: a stop at every quote and line break.
        while !rest.is_empty() {
            if self.quoting == Quoting::AfterQuote {
                // A doubled quote stays inside the field; anything else is after it.
                if rest[0] == b'"' {
                    self.quoting = Quoting::Quoted;
                    self.len += 1;
                    rest = &rest[1..];
                    if self.len > self.max {
                        return Err(TooLong { line: self.start_line });
                    }
                    continue;
                }
                self.quoting = Quoting::Outside;
                self.last = b'"';
            }
            let Some(i) = memchr::memchr3(b'"', b'\n', b'\r', rest) else {
                self.len += rest.len();
                if self.quoting == Quoting::Outside {
                    self.last = rest[rest.len() - 1];
                }
                break;
            };
            self.len += i + 1;
            if self.len > self.max {
                return Err(TooLong { line: self.start_line });
            }
            let before = if i > 0 { rest[i - 1] } else { self.last };
            match (self.quoting, rest[i]) {
                (Quoting::Quoted, b'"') => self.quoting = Quoting::AfterQuote,
                (Quoting::Quoted, b'\n') => self.line += 1,
                (Quoting::Quoted, _) => {}
                // A quote opens a quoted field only where a field starts.
                (_, b'"') if matches!(before, b',' | b'\n' | b'\r') => self.quoting = Quoting::Quoted,
                (_, b'"') => {}
                (_, b'\n') => {
                    self.line += 1;
                    self.end_record();
                }
                (_, _) => self.end_record(),
            }
            if self.quoting == Quoting::Outside {
                self.last = rest[i];
            }
            rest = &rest[i + 1..];
        }
        if self.len > self.max { Err(TooLong { line: self.start_line }) } else { Ok(()) }
    }
}

impl<R: Read> Read for RecordLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Once too long, stay failed: the reader must not resume in the middle of a record.
        if self.len > self.max {
            return Err(io::Error::new(io::ErrorKind::InvalidData, TooLong { line: self.start_line }));
        }
        let n = self.inner.read(buf)?;
        self.scan(&buf[..n]).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok(n)
    }
}

/// How many line breaks `buf` holds. Counted into a byte per block of 192 bytes: that compiles
/// to a compare and a subtract of sixteen bytes at a time, where a filtered count into a
/// `usize` widened each byte to 64 bits first (four bytes a step, a tenth of `calc`'s time on a
/// large file).
fn count_newlines(buf: &[u8]) -> u64 {
    buf.chunks(192).map(|c| u64::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))).sum()
}

/// The [`TooLong`] inside a CSV error, if that is what it is.
pub fn too_long(e: &csv::Error) -> Option<TooLong> {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.get_ref().and_then(|inner| inner.downcast_ref::<TooLong>()).copied(),
        _ => None,
    }
}

/// For tests: hands its bytes over at most `.1` at a time (a pipe, a decoder), so that reads
/// are shorter than a cap or a block.
#[cfg(test)]
pub struct Trickle<'a>(pub &'a [u8], pub usize);

#[cfg(test)]
impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], max: usize) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        RecordLimit::with_max(bytes, max).read_to_end(&mut out).map(|_| out)
    }

    fn err_line(bytes: &[u8], max: usize) -> Option<u64> {
        read_all(bytes, max).err().and_then(|e| e.get_ref().and_then(|i| i.downcast_ref::<TooLong>()).map(|t| t.line))
    }

    #[test]
    fn short_records_pass_and_a_long_one_is_named_by_its_line() {
        assert!(read_all(b"date,EG\n2021-01-01,1\n", 16).is_ok());
        assert_eq!(err_line(b"date,EG\n2021-01-01,1234567890123\n", 16), Some(2));
        assert_eq!(err_line(&[0u8; 100], 16), Some(1));
        // A line break inside quotes does not end the record.
        assert_eq!(err_line(b"a\n\"x\ny\nz\nw\nv\",1\n", 8), Some(2));
        assert!(read_all(b"a\n\"x\"\"y\",1\nb\n", 10).is_ok());
    }

    #[test]
    fn line_breaks_are_counted_in_blocks() {
        let data: Vec<u8> = (0..5000u32).map(|i| if i % 7 == 0 || i % 193 == 0 { b'\n' } else { b'a' }).collect();
        for len in [0, 1, 191, 192, 193, 384, 1000, 5000] {
            #[allow(clippy::naive_bytecount)]
            let want = data[..len].iter().filter(|&&b| b == b'\n').count() as u64;
            assert_eq!(count_newlines(&data[..len]), want, "{len} bytes");
        }
        assert_eq!(count_newlines(&[b'\n'; 1000]), 1000);
    }

    #[test]
    fn reads_shorter_than_the_cap_find_the_same_records() {
        let line = |data: &[u8], max: usize, step: usize| {
            let mut out = Vec::new();
            RecordLimit::with_max(Trickle(data, step), max)
                .read_to_end(&mut out)
                .err()
                .and_then(|e| e.get_ref()?.downcast_ref::<TooLong>().map(|t| t.line))
        };
        let data = b"date,EG\n2021-01-01,1\n2021-01-02,123456789012345678901234567890\n2021-01-03,3\n";
        for step in [1, 3, 7, 10, 24, 25] {
            assert_eq!(line(data, 25, step), Some(3), "reads of {step}");
            assert_eq!(line(data, 60, step), None, "reads of {step}");
        }
        // Quotes take the careful path, in the same reads.
        assert_eq!(line(b"a\n\"x\ny\nz\nw\nv\",1\nb\n", 8, 4), Some(2));
        assert_eq!(line(b"a\n\"x\"\"y\",1\nb\n", 10, 4), None);
    }

    #[test]
    fn the_csv_reader_reports_it() {
        // The first buffer the CSV reader fills holds the header and the start of line 2.
        let data = format!("date,EG\n2021-01-01,{}\n", "9".repeat(20_000));
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(RecordLimit::with_max(data.as_bytes(), 16_000));
        let mut rec = csv::ByteRecord::new();
        assert!(rdr.read_byte_record(&mut rec).is_ok());
        let e = rdr.read_byte_record(&mut rec).unwrap_err();
        assert_eq!(too_long(&e), Some(TooLong { line: 2 }));
    }

    /// A quote inside a field that did not start with one is a character, as the CSV parser
    /// reads it: the lines after `5"` are records of their own, not one long quoted field.
    #[test]
    fn a_quote_inside_a_field_opens_nothing() {
        let mut data = b"date,EG\n2021-01-01,5\"\n".to_vec();
        for _ in 0..100 {
            data.extend_from_slice(b"2021-01-02,1\n");
        }
        assert!(read_all(&data, 32).is_ok());
        for step in [1, 2, 5, 13] {
            let mut out = Vec::new();
            assert!(RecordLimit::with_max(Trickle(&data, step), 32).read_to_end(&mut out).is_ok(), "reads of {step}");
        }
        // After a closing quote, a quote is a character too; a doubled one stays inside.
        assert!(read_all(b"\"a\"b\"\nc,d\ne,f\ng,h\n", 8).is_ok());
        assert_eq!(err_line(b"x\n\"a\"\"\nb\nc\nd\",1\n", 8), Some(2));
        // A quote after a byte-order mark starts the first field.
        assert_eq!(err_line(b"\xEF\xBB\xBF\"a\nb\nc\nd\ne\",1\n", 8), Some(1));
    }

    /// A CR alone ends a record, as in a file saved as "CSV (Macintosh)".
    #[test]
    fn a_carriage_return_ends_a_record() {
        let data = b"date,EG\r2021-01-01,1\r".repeat(50);
        assert!(read_all(&data, 16).is_ok());
        assert!(err_line(b"date,EG\r2021-01-01,123456789012345\r", 16).is_some());
    }

    /// What the CSV parser makes of `data`: the bytes of each record that are not line breaks
    /// before it or the line break that ends it (a record that the end of the file ends, inside
    /// a quote left open, keeps its last line breaks).
    fn parser_records(data: &[u8]) -> Vec<usize> {
        let mut core = csv_core::Reader::new();
        let (mut input, mut out, mut ends) = (data, vec![0u8; data.len() + 1], vec![0usize; data.len() + 1]);
        let (mut spans, mut span) = (Vec::new(), 0usize);
        loop {
            let at_end = input.is_empty();
            let (res, nin, _, _) = core.read_record(input, &mut out, &mut ends);
            span += nin;
            let taken = &data[data.len() - input.len() - (span - nin)..][..span];
            input = &input[nin..];
            match res {
                csv_core::ReadRecordResult::Record => {
                    let inner = taken.iter().position(|b| !matches!(b, b'\n' | b'\r')).map_or(0, |lead| {
                        let trail = if at_end { 0 } else { taken.iter().rev().take_while(|b| matches!(b, b'\n' | b'\r')).count() };
                        taken.len() - lead - trail
                    });
                    spans.push(inner);
                    span = 0;
                }
                csv_core::ReadRecordResult::End => return spans,
                _ => {}
            }
        }
    }

    proptest::proptest! {
        /// The cap agrees with the parser: no error when every record is shorter than the cap,
        /// an error when one is longer, in reads of any size.
        #[test]
        fn the_cap_sees_the_records_the_parser_sees(
            data in proptest::collection::vec(proptest::sample::select(vec![b'a', b',', b'"', b'\n', b'\r']), 0..80),
            max in 1usize..24,
            step in 1usize..16,
        ) {
            let longest = parser_records(&data).into_iter().max().unwrap_or(0);
            let mut out = Vec::new();
            let failed = RecordLimit::with_max(Trickle(&data, step), max).read_to_end(&mut out).is_err();
            if longest < max {
                proptest::prop_assert!(!failed, "longest record {longest}, cap {max}");
            }
            if longest > max {
                proptest::prop_assert!(failed, "longest record {longest}, cap {max}");
            }
        }
    }
}
