//! The records of a UTF-8 monitoring CSV, read the way the csv crate reads them, only faster on
//! the lines nearly every meter export is made of.
//!
//! A [`Tokenizer`] reads its source in blocks of [`BLOCK`] bytes, each read only once the last
//! one is used up: the same reads, of the same size, as the csv crate's reader with a 64 KB
//! buffer makes, so that a source that fails part-way ([`super::limit::RecordLimit`]) fails
//! after the same records. A record that starts after the file's first, has no quote and ends
//! inside the block is split at its commas here (the fast path); any other record (the first,
//! whose byte-order mark `csv_core` strips; one with a quote; one that runs past the block; the
//! end of the file) is read by `csv_core`, the csv crate's own parser, with the same settings.
//! The records, their places (byte and line, as the csv crate gives them) and the errors are
//! the csv crate's, byte for byte: a test reads random files both ways.
//!
//! Why both are the same reader: between two records `csv_core` is always in a state that acts
//! as its start of a record (after `\n`, after `\r`, after `\r\n`: a `\n` that follows is
//! skipped and counted either way), where it skips every `\r` and `\n`; a field that does not
//! start with a quote runs to the next comma, `\r` or `\n`. The fast path does just that, and
//! hands `csv_core` its line count before the next record it reads.

use super::model::Place;
use super::record::Record;
use csv_core::ReadRecordResult;
use std::io::{self, Read};

/// How much is read at a time: the buffer of the csv crate's reader the monitoring CSVs were
/// read with, so that the reads are the same.
pub const BLOCK: usize = 1 << 16;

/// Every byte of a word (eight bytes, the first lowest) equal to `b`: its top bit set. Exact
/// up to the first such byte; a byte after it may be set too, so only the lowest counts.
#[inline]
fn bytes_equal(word: u64, b: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// Where the first comma, line break or quote is in `bytes` from `i` on: eight bytes at a time.
#[inline]
fn next_special(bytes: &[u8], mut i: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let found = bytes_equal(word, b',') | bytes_equal(word, b'\n') | bytes_equal(word, b'\r') | bytes_equal(word, b'"');
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter().position(|b| matches!(b, b',' | b'\n' | b'\r' | b'"')).map(|p| i + p)
}

/// A CSV record reader; one serves file after file ([`Tokenizer::reset`]).
pub struct Tokenizer {
    core: csv_core::Reader,
    /// Bytes read and not yet used: `buf[start..end]`.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// The file's byte offset of `buf[start]`, and the line there (1 + the `\n` before it).
    pos: u64,
    line: u64,
    /// Whether `csv_core` has read the file's first record (and stripped a byte-order mark).
    started: bool,
    /// The source has said it has no more (a read of nothing).
    eof: bool,
    /// Nothing more is read: the end was reached, or a read failed.
    done: bool,
    /// `csv_core`'s output: a record's field bytes, and where each field ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// How much to read at a time ([`BLOCK`]; smaller in tests).
    block: usize,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::with_block(BLOCK)
    }
}

impl Tokenizer {
    fn with_block(block: usize) -> Self {
        // The settings of `csv::ReaderBuilder::new()`: comma, double quote, doubled quotes,
        // CR, LF or CRLF ends a record, no comment or escape character.
        Tokenizer {
            core: csv_core::ReaderBuilder::new().build(),
            buf: Vec::new(),
            start: 0,
            end: 0,
            pos: 0,
            line: 1,
            started: false,
            eof: false,
            done: false,
            out: vec![0; 1 << 10],
            ends: vec![0; 64],
            block: block.max(1),
        }
    }

    /// Back to the start of a new file: nothing read, byte 0, line 1.
    pub fn reset(&mut self) {
        self.core.reset();
        (self.start, self.end, self.pos, self.line) = (0, 0, 0, 1);
        (self.started, self.eof, self.done) = (false, false, false);
    }

    /// The line the reader stands on: 1 + the line breaks read so far.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Read the next record of `src` into `rec`; its place is where the reader stood when asked
    /// (before any blank line that it skipped), as the csv crate places a record. `None` at the
    /// end; after an error, `None` too.
    #[inline]
    pub fn read_record<R: Read>(&mut self, src: &mut R, rec: &mut Record) -> Result<Option<Place>, csv::Error> {
        rec.clear();
        let at = Place { byte: self.pos, line: self.line };
        if self.done {
            return Ok(None);
        }
        if self.started && self.fast(rec) {
            return Ok(Some(at));
        }
        self.slow(src, rec).map(|more| more.then_some(at))
    }

    /// A record of the block without a quote: split at its commas, `true`. Otherwise `false`,
    /// with the blank lines before it skipped (as `csv_core` skips them) and nothing else used.
    #[inline]
    fn fast(&mut self, rec: &mut Record) -> bool {
        let bytes = &self.buf[self.start..self.end];
        let mut i = 0;
        let mut breaks = 0;
        while let Some(&b) = bytes.get(i) {
            if b != b'\n' && b != b'\r' {
                break;
            }
            breaks += u64::from(b == b'\n');
            i += 1;
        }
        let skipped = i;
        let mut field = i;
        while let Some(j) = next_special(bytes, i) {
            match bytes[j] {
                b',' => {
                    rec.push_bounds(field - skipped, j - skipped);
                    field = j + 1;
                }
                b @ (b'\n' | b'\r') => {
                    rec.push_bounds(field - skipped, j - skipped);
                    rec.set_line(&bytes[skipped..j]);
                    breaks += u64::from(b == b'\n');
                    self.advance(j + 1, breaks);
                    return true;
                }
                _ => break, // a quote
            }
            i = j + 1;
        }
        rec.clear();
        self.advance(skipped, breaks);
        false
    }

    /// `n` bytes used, holding `breaks` line breaks.
    #[inline]
    fn advance(&mut self, n: usize, breaks: u64) {
        self.start += n;
        self.pos += n as u64;
        self.line += breaks;
    }

    /// A record read by `csv_core`, reading more of `src` as it needs; `false` at the end.
    #[cold]
    fn slow<R: Read>(&mut self, src: &mut R, rec: &mut Record) -> Result<bool, csv::Error> {
        self.core.set_line(self.line);
        self.started = true;
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            if self.start == self.end && !self.eof {
                if let Err(e) = self.fill(src) {
                    self.done = true;
                    return Err(csv::Error::from(e));
                }
            }
            let (res, nin, nout, nend) =
                self.core.read_record(&self.buf[self.start..self.end], &mut self.out[outlen..], &mut self.ends[endlen..]);
            self.start += nin;
            self.pos += nin as u64;
            self.line = self.core.line();
            outlen += nout;
            endlen += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    let mut from = 0;
                    for &to in &self.ends[..endlen] {
                        rec.push_field(&self.out[from..to]);
                        from = to;
                    }
                    return Ok(true);
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
    }

    /// Read the next block of `src` (all before it has been used).
    fn fill<R: Read>(&mut self, src: &mut R) -> io::Result<()> {
        if self.buf.len() < self.block {
            self.buf.resize(self.block, 0);
        }
        let n = src.read(&mut self.buf[..self.block])?;
        (self.start, self.end) = (0, n);
        self.eof = n == 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::limit::Trickle;
    use super::*;
    use proptest::prelude::*;

    /// Every record with its fields, byte, line and the line after it; then the error that
    /// ended the read, if any.
    type Seen = (Vec<(Vec<Vec<u8>>, u64, u64, u64)>, Option<String>);

    /// The records as the csv crate reads them with a buffer of `block` bytes.
    fn by_csv<R: Read>(src: R, block: usize) -> Seen {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(block).from_reader(src);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {
                    let p = rec.position().expect("a position");
                    out.push((rec.iter().map(<[u8]>::to_vec).collect(), p.byte(), p.line(), rdr.position().line()));
                }
                Ok(false) => return (out, None),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    fn by_tokenizer<R: Read>(tok: &mut Tokenizer, mut src: R) -> Seen {
        let mut rec = Record::new();
        let mut out = Vec::new();
        loop {
            match tok.read_record(&mut src, &mut rec) {
                Ok(Some(at)) => out.push((rec.iter().map(<[u8]>::to_vec).collect(), at.byte, at.line, tok.line())),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    fn same(data: &[u8], block: usize, step: usize) {
        let mut tok = Tokenizer::with_block(block);
        // Twice with one tokenizer: a reset one reads a file as a new one does.
        for _ in 0..2 {
            tok.reset();
            assert_eq!(
                by_tokenizer(&mut tok, Trickle(data, step)),
                by_csv(Trickle(data, step), block),
                "{:?}",
                String::from_utf8_lossy(data)
            );
        }
    }

    #[test]
    fn the_next_special_byte_is_found_in_words_and_in_the_tail() {
        let line = b"2015-01-01T00:00,PV01,731.002\n";
        let mut found = Vec::new();
        let mut i = 0;
        while let Some(j) = next_special(line, i) {
            found.push(j);
            i = j + 1;
        }
        assert_eq!(found, [16, 21, 29]);
        // A byte with its top bit set, and one past a match, are not matches.
        for (bytes, want) in
            [(&b"\xac\xff\x80abcdefgh,"[..], Some(11)), (b",,\",\r\n", Some(0)), (b"abcdefgh", None), (b"", None), (b"\xe9\"", Some(1))]
        {
            assert_eq!(next_special(bytes, 0), want, "{bytes:?}");
        }
        assert_eq!(next_special(b",a,b\n", 1), Some(2));
    }

    #[test]
    fn plain_quoted_blank_and_crlf_records_are_the_csv_crates() {
        let files: [&[u8]; 12] = [
            b"date,point,EG\n2021-01-31,PV01,1.5\n2021-02-28,PV01,2\n",
            b"a,b\n\n\"quoted\nline\",2\nlast,3",
            b"x\r\ny,z\r\n\r\n\r\nw\r\n",
            b"x\ry\r\rz",
            b"\xef\xbb\xbfdate,EG\n2021-01-31,1\n",
            b"",
            b"\n\n\r\n",
            b"a,\"b\"\"c\",d\ne\"f,g\n\"h\"i,j\n",
            b",\n,,\n a , b \n",
            b"\"open quote\nto the end",
            b"last line without end",
            b"\xef\xbb",
        ];
        for data in files {
            for block in [1, 2, 3, 5, 8, 64, BLOCK] {
                for step in [1, 4, usize::MAX] {
                    same(data, block, step);
                }
            }
        }
    }

    #[test]
    fn a_long_record_fails_after_the_same_records() {
        use super::super::limit::RecordLimit;
        let mut data = b"date,EG\n2021-01-31,1\n\"x\n".to_vec();
        data.extend(std::iter::repeat_n(b"2021-02-28,2\n".as_slice(), 40).flatten());
        data.extend(b"a,".repeat(100));
        for block in [4, 16, 64, 1000] {
            let mut tok = Tokenizer::with_block(block);
            let got = by_tokenizer(&mut tok, RecordLimit::with_max(data.as_slice(), 50));
            assert_eq!(got, by_csv(RecordLimit::with_max(data.as_slice(), 50), block), "blocks of {block}");
            assert!(got.1.is_some_and(|e| e.contains("line")), "blocks of {block}");
        }
    }

    fn file() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            4 => Just(b"2021-01-31".to_vec()),
            4 => Just(b"PV01".to_vec()),
            4 => Just(b"12.5".to_vec()),
            6 => Just(b",".to_vec()),
            4 => Just(b"\n".to_vec()),
            2 => Just(b"\r\n".to_vec()),
            1 => Just(b"\r".to_vec()),
            2 => Just(b"\"".to_vec()),
            1 => Just(b"\"\"".to_vec()),
            1 => Just(b" ".to_vec()),
            1 => Just("é".as_bytes().to_vec()),
            1 => Just(b"\xef\xbb\xbf".to_vec()),
            1 => proptest::collection::vec(b'a'..=b'z', 0..200),
        ];
        proptest::collection::vec(piece, 0..120).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Random files, read in blocks of every size and from sources that hand over less:
        /// the same records, places and errors as the csv crate.
        #[test]
        fn random_files_read_as_the_csv_crate_reads_them(data in file(), block in 1usize..300, step in 1usize..400) {
            same(&data, block, step);
            same(&data, BLOCK, step);
        }

        /// With the record-length cap in between: the same records before the same error.
        #[test]
        fn random_files_stop_where_the_csv_crate_stops(data in file(), block in 1usize..300, max in 1usize..120) {
            use super::super::limit::RecordLimit;
            let mut tok = Tokenizer::with_block(block);
            prop_assert_eq!(
                by_tokenizer(&mut tok, RecordLimit::with_max(data.as_slice(), max)),
                by_csv(RecordLimit::with_max(data.as_slice(), max), block)
            );
        }
    }
}
