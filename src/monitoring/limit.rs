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

/// A reader that fails with [`TooLong`] (as an `InvalidData` I/O error) once a record passes
/// `max` bytes.
pub struct RecordLimit<R> {
    inner: R,
    max: usize,
    /// Bytes of the current record so far.
    len: usize,
    in_quotes: bool,
    /// 1-based line on which the current record starts, and the line being read.
    start_line: u64,
    line: u64,
}

impl<R> RecordLimit<R> {
    pub fn new(inner: R) -> Self {
        Self::with_max(inner, MAX_RECORD)
    }

    pub fn with_max(inner: R, max: usize) -> Self {
        RecordLimit { inner, max, len: 0, in_quotes: false, start_line: 1, line: 1 }
    }

    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Account for `buf`; `Err` once the current record is too long.
    fn scan(&mut self, buf: &[u8]) -> Result<(), TooLong> {
        // Most reads: no quote, and no longer than the cap, so that only the record that goes
        // on from the last read and the one that goes on into the next can be too long. Three
        // passes over the bytes that each run a word at a time, not a stop at every line.
        if !self.in_quotes && buf.len() <= self.max && memchr::memchr(b'"', buf).is_none() {
            if let Some(first) = memchr::memchr(b'\n', buf) {
                self.len += first + 1;
                if self.len > self.max {
                    return Err(TooLong { line: self.start_line });
                }
                self.line += count_newlines(buf);
                self.start_line = self.line;
                self.len = buf.len() - 1 - memchr::memrchr(b'\n', buf).unwrap_or(first);
            } else {
                self.len += buf.len();
            }
            return if self.len > self.max { Err(TooLong { line: self.start_line }) } else { Ok(()) };
        }
        let mut rest = buf;
        while let Some(i) = memchr::memchr2(b'"', b'\n', rest) {
            self.len += i + 1;
            if self.len > self.max {
                return Err(TooLong { line: self.start_line });
            }
            if rest[i] == b'"' {
                self.in_quotes = !self.in_quotes; // a doubled quote toggles twice
            } else {
                self.line += 1;
                if !self.in_quotes {
                    self.len = 0;
                    self.start_line = self.line;
                }
            }
            rest = &rest[i + 1..];
        }
        self.len += rest.len();
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

    /// Hands its bytes over a few at a time, so that every read is shorter than the cap.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
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
}
