//! One CSV reader per thread, used again for every UTF-8 monitoring file that thread reads.
//!
//! Why: making a `csv::Reader` builds its parser's transition table (every parser state ×
//! every byte) and allocates its buffer. For one large file that is nothing; for a portfolio of
//! ten thousand 24-row files it was a fifth of `jcm calc DIR` (issue 13). A reader is taken
//! with the next file's source in it and reset to the start ([`csv::Reader::seek_raw`]: parser
//! state, line and byte position, end of file), then handed back with the source taken out.
//!
//! The settings are those every monitoring CSV is read with: no header row (the file's header
//! is found by [`super::header`]), records of any length, a 64 KB buffer.

use super::hashing::Hashed;
use super::limit::RecordLimit;
use std::cell::Cell;
use std::io::{self, BufReader, Read, Seek, SeekFrom};

/// What a UTF-8 monitoring file is read through: its bytes hashed as they are read, each record
/// capped in length.
pub type Source = BufReader<RecordLimit<Hashed>>;

/// The reader's buffer: the most a file is read ahead.
pub const BUFFER: usize = 1 << 16;

/// The place a reused reader reads from: the current file's source, or nothing between files.
#[derive(Default)]
pub struct Slot(Option<Source>);

impl Read for Slot {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.0 {
            Some(s) => s.read(buf),
            None => Ok(0),
        }
    }
}

/// Only the reset to the start of a new source is a seek the slot can make: the source was put
/// in unread.
impl Seek for Slot {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match pos {
            SeekFrom::Start(0) => Ok(0),
            _ => Err(io::Error::new(io::ErrorKind::Unsupported, "a monitoring file is read once, from its start")),
        }
    }
}

thread_local! {
    static SPARE: Cell<Option<csv::Reader<Slot>>> = const { Cell::new(None) };
}

/// A reader at the start of `source`: this thread's spare one, or a new one.
pub fn take(source: Source) -> csv::Reader<Slot> {
    let mut rdr = SPARE.with(Cell::take).unwrap_or_else(|| {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(BUFFER).from_reader(Slot::default());
        // A reader's first seek reads its header row, whatever `has_headers` says: done here,
        // while the slot is empty, it reads nothing, and no file's first record is taken.
        reset(&mut rdr);
        rdr
    });
    rdr.get_mut().0 = Some(source);
    reset(&mut rdr);
    rdr
}

/// Keep `rdr` for the next file of this thread; the source it read (to take its hash).
pub fn give_back(mut rdr: csv::Reader<Slot>) -> Option<Source> {
    let source = rdr.get_mut().0.take();
    SPARE.with(|s| s.set(Some(rdr)));
    source
}

/// Back to the start: parser state, position (line 1, byte 0) and end of file, with the
/// buffered bytes of the last file dropped.
fn reset(rdr: &mut csv::Reader<Slot>) {
    rdr.seek_raw(SeekFrom::Start(0), csv::Position::new()).expect("the slot's seek to its start cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record with its line, byte and record number, as a reader sees them.
    type Seen = Vec<(Vec<Vec<u8>>, u64, u64, u64)>;

    fn records<R: Read>(rdr: &mut csv::Reader<R>, most: usize) -> Seen {
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while out.len() < most && rdr.read_byte_record(&mut rec).expect("a record") {
            let p = rec.position().expect("a position");
            out.push((rec.iter().map(<[u8]>::to_vec).collect(), p.line(), p.byte(), p.record()));
        }
        out
    }

    fn fresh(data: &[u8]) -> Seen {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
        records(&mut rdr, usize::MAX)
    }

    fn source(path: &std::path::Path) -> Source {
        let f = std::fs::File::open(path).expect("open");
        let len = f.metadata().expect("metadata").len();
        BufReader::new(RecordLimit::new(Hashed::new(f, len)))
    }

    /// A reader used again reads each file as a new one would: the first record of every file
    /// (no header row is swallowed), lines and bytes from the start, nothing left over from a
    /// file that was read only in part, and the whole file hashed.
    #[test]
    fn a_reader_used_again_reads_each_file_as_a_new_one() {
        let dir = std::env::temp_dir().join(format!("jcm-reuse-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let files: [&[u8]; 4] =
            [b"date,point,EG\n2021-01-31,PV01,1.5\n2021-02-28,PV01,2\n", b"a,b\n\n\"quoted\nline\",2\nlast,3", b"x\r\ny,z\r\n", b""];
        // Each file read whole, then each read only up to its first record, in turn.
        for most in [usize::MAX, 1] {
            for (i, data) in files.iter().enumerate() {
                let path = dir.join(format!("f{i}.csv"));
                std::fs::write(&path, data).expect("write");
                let mut rdr = take(source(&path));
                let got = records(&mut rdr, most);
                let want: Seen = fresh(data).into_iter().take(most).collect();
                assert_eq!(got, want, "file {i}, up to {most} records");
                let read = give_back(rdr).expect("the source comes back");
                let digest = read.into_inner().into_inner().finish().expect("a digest");
                assert_eq!(digest, super::super::hashing::sha256_hex(data), "file {i}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
