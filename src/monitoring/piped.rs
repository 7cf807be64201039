//! A large UTF-8 monitoring file read on a thread of its own: that thread reads the file,
//! takes its SHA-256, caps its records ([`RecordLimit`]) and splits them ([`Tokenizer`]), and
//! hands them over in batches through a bounded channel, so that the reading thread only places
//! and adds them (issue 13: one file on both cores). The records, their places and the error
//! that ends a read are the [`Tokenizer`]'s, in the same order: the same reader, run ahead.
//! Memory stays flat: a few batches wait at most.

use super::hashing::HashingReader;
use super::limit::RecordLimit;
use super::model::Place;
use super::record::Record;
use super::source::Records;
use super::tokenizer::Tokenizer;
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Records per batch, and how many batches may wait.
const BATCH: usize = 1024;
const WAITING: usize = 4;

/// From this size a file is read on a thread of its own, when a second core is there.
pub const THREAD_FROM: u64 = super::hashing::THREAD_FROM;

/// Records read on the other thread, in order.
#[derive(Default)]
struct Batch {
    /// The records' bytes one after the other, and their fields' bounds (each record's from 0).
    bytes: Vec<u8>,
    bounds: Vec<(usize, usize)>,
    recs: Vec<Entry>,
    /// What came after the last record: `None` while there is more.
    end: Option<End>,
}

struct Entry {
    at: Place,
    /// The tokenizer's line after the record.
    after: u64,
    /// Where the record's bytes and bounds end in the batch.
    bytes_end: usize,
    bounds_end: usize,
    line: bool,
}

enum End {
    Done,
    Failed(csv::Error),
}

impl Batch {
    fn clear(&mut self) {
        self.bytes.clear();
        self.bounds.clear();
        self.recs.clear();
        self.end = None;
    }

    fn push(&mut self, rec: &Record, at: Place, after: u64) {
        let (bytes, bounds, line) = rec.parts();
        self.bytes.extend_from_slice(bytes);
        self.bounds.extend_from_slice(bounds);
        self.recs.push(Entry { at, after, bytes_end: self.bytes.len(), bounds_end: self.bounds.len(), line });
    }
}

/// The records of a file read on another thread.
pub struct Piped {
    batches: Receiver<Batch>,
    /// Used batches go back, so that a few serve the whole file.
    spent: SyncSender<Batch>,
    batch: Batch,
    next: usize,
    line: u64,
    finished: bool,
    thread: Option<std::thread::JoinHandle<Option<String>>>,
}

impl Piped {
    /// Read `file` (of `len` bytes) on a thread of its own, when it is large and a second core is
    /// there; `None` otherwise, or when the thread cannot start (the file, not yet read, is then
    /// read here).
    pub fn spawn(file: &std::fs::File, len: u64) -> Option<Piped> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if len < THREAD_FROM || cores < 2 {
            return None;
        }
        Self::spawn_reading(file.try_clone().ok()?, BATCH, super::limit::MAX_RECORD)
    }

    fn spawn_reading<R: Read + Send + 'static>(src: R, per_batch: usize, max: usize) -> Option<Piped> {
        let (tx, batches) = sync_channel::<Batch>(WAITING);
        let (spent, back) = sync_channel::<Batch>(WAITING + 2);
        let thread = std::thread::Builder::new().name("csv".into()).spawn(move || run(src, &tx, &back, per_batch, max)).ok()?;
        Some(Piped { batches, spent, batch: Batch::default(), next: 0, line: 1, finished: false, thread: Some(thread) })
    }

    /// The file's SHA-256, once every record was read; `None` if the file could not be read whole.
    pub fn finish(mut self) -> Option<String> {
        // A thread still waiting to hand over a batch stops when nobody is there to take it.
        drop(self.batches);
        self.thread.take()?.join().ok()?
    }
}

/// The other thread: read, hash, cap and split the file, a batch at a time; the digest once the
/// whole file is read.
fn run<R: Read>(src: R, tx: &SyncSender<Batch>, back: &Receiver<Batch>, per_batch: usize, max: usize) -> Option<String> {
    let mut src = RecordLimit::with_max(HashingReader::new(src), max);
    let mut tok = Tokenizer::default();
    let mut rec = Record::new();
    loop {
        let mut b = back.try_recv().unwrap_or_default();
        b.clear();
        let end = loop {
            match tok.read_record(&mut src, &mut rec) {
                Ok(Some(at)) => {
                    b.push(&rec, at, tok.line());
                    if b.recs.len() >= per_batch {
                        break None;
                    }
                }
                Ok(None) => break Some(End::Done),
                Err(e) => break Some(End::Failed(e)),
            }
        };
        let done = match &end {
            None => None,
            Some(End::Done) => Some(true),
            Some(End::Failed(_)) => Some(false),
        };
        b.end = end;
        // The reader gone (it stopped early): stop too.
        if tx.send(b).is_err() {
            return None;
        }
        match done {
            None => {}
            Some(true) => return src.into_inner().finish(),
            Some(false) => return None,
        }
    }
}

impl Records for Piped {
    #[inline]
    fn next_record(&mut self, rec: &mut Record) -> Result<Option<Place>, csv::Error> {
        rec.clear();
        loop {
            if let Some(e) = self.batch.recs.get(self.next) {
                let (bytes_from, bounds_from) =
                    self.next.checked_sub(1).and_then(|p| self.batch.recs.get(p)).map_or((0, 0), |p| (p.bytes_end, p.bounds_end));
                rec.set_parts(&self.batch.bytes[bytes_from..e.bytes_end], &self.batch.bounds[bounds_from..e.bounds_end], e.line);
                self.next += 1;
                self.line = e.after;
                return Ok(Some(e.at));
            }
            if self.finished {
                return Ok(None);
            }
            match self.batch.end.take() {
                Some(End::Done) => {
                    self.finished = true;
                    return Ok(None);
                }
                Some(End::Failed(e)) => {
                    self.finished = true;
                    return Err(e);
                }
                None => {}
            }
            let Ok(next) = self.batches.recv() else {
                // The thread ended without saying how (it cannot, short of a panic): no more
                // records, and no digest, so the read is reported as incomplete.
                self.finished = true;
                return Ok(None);
            };
            let used = std::mem::replace(&mut self.batch, next);
            let _ = self.spent.try_send(used);
            self.next = 0;
        }
    }

    #[inline]
    fn line(&self) -> u64 {
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::super::source::Tokenized;
    use super::*;
    use proptest::prelude::*;

    type Seen = (Vec<(Vec<Vec<u8>>, u64, u64, u64)>, Option<String>);

    fn seen(r: &mut impl Records) -> Seen {
        let mut rec = Record::new();
        let mut out = Vec::new();
        loop {
            match r.next_record(&mut rec) {
                Ok(Some(at)) => out.push((rec.iter().map(<[u8]>::to_vec).collect(), at.byte, at.line, r.line())),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    fn same(data: &[u8], per_batch: usize, max: usize) {
        let mut here = Tokenized { tok: Tokenizer::default(), src: RecordLimit::with_max(data, max) };
        let want = seen(&mut here);
        let mut piped = Piped::spawn_reading(std::io::Cursor::new(data.to_vec()), per_batch, max).expect("a thread");
        assert_eq!(seen(&mut piped), want);
        // The digest of a file read whole; none after an error.
        let digest = piped.finish();
        if want.1.is_none() {
            assert_eq!(digest, Some(super::super::hashing::sha256_hex(data)));
        }
    }

    #[test]
    fn records_come_over_in_order_with_their_places_and_the_digest() {
        let mut data = b"\xef\xbb\xbfdate,point,EG\r\n".to_vec();
        for i in 0..5000 {
            data.extend(format!("2021-01-{:02},PV{:02},{i}.5\n", i % 28 + 1, i % 50).as_bytes());
            if i % 777 == 0 {
                data.extend(b"\n\"a quoted\nfield\",x\r\n");
            }
        }
        for per_batch in [1, 3, 1024] {
            same(&data, per_batch, usize::MAX);
            same(b"", per_batch, usize::MAX);
        }
    }

    #[test]
    fn a_read_that_fails_fails_after_the_same_records() {
        let mut data = b"date,EG\n2021-01-31,1\n".to_vec();
        data.extend([b'9'; 300]);
        same(&data, 1, 100);
        same(&data, 7, 100);
    }

    /// The reader dropped part-way: the thread stops instead of waiting for it.
    #[test]
    fn a_reader_that_stops_early_does_not_leave_the_thread_waiting() {
        let data: Vec<u8> = b"a,b\n".repeat(100_000);
        let mut piped = Piped::spawn_reading(std::io::Cursor::new(data), 16, usize::MAX).expect("a thread");
        let mut rec = Record::new();
        assert!(piped.next_record(&mut rec).unwrap().is_some());
        assert_eq!(piped.finish(), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        #[test]
        fn random_files_come_over_as_read_here(
            data in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b','), Just(b'\n'), Just(b'\r'), Just(b'"')], 0..3000),
            per_batch in 1usize..50,
            max in 1usize..200,
        ) {
            same(&data, per_batch, max);
        }
    }
}
