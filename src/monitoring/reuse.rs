//! One CSV tokenizer per thread, used again for every UTF-8 monitoring file that thread reads.
//!
//! Why: a tokenizer holds `csv_core`'s parser, whose transition table (every parser state ×
//! every byte) is built when it is made, and a 64 KB buffer. For one large file that is
//! nothing; for a portfolio of ten thousand 24-row files making them was a fifth of
//! `jcm calc DIR` (issue 13). A tokenizer is taken reset to the start of a file (parser state,
//! line and byte position, end of file), and handed back with the source taken out.

use super::hashing::Hashed;
use super::limit::RecordLimit;
use super::source::Tokenized;
use super::tokenizer::Tokenizer;
use std::cell::Cell;

/// What a UTF-8 monitoring file is read through: its bytes hashed as they are read, each record
/// capped in length.
pub type Source = RecordLimit<Hashed>;

thread_local! {
    static SPARE: Cell<Option<Tokenizer>> = const { Cell::new(None) };
}

/// A tokenizer at the start of `source`: this thread's spare one, or a new one.
pub fn take<S>(source: S) -> Tokenized<S> {
    let mut tok = SPARE.with(Cell::take).unwrap_or_default();
    tok.reset();
    Tokenized { tok, src: source }
}

/// Keep the tokenizer for the next file of this thread; the source it read (to take its hash).
pub fn give_back<S>(t: Tokenized<S>) -> S {
    SPARE.with(|s| s.set(Some(t.tok)));
    t.src
}

#[cfg(test)]
mod tests {
    use super::super::source::Records;
    use super::*;

    /// Every record with its line and byte, as a reader sees them.
    type Seen = Vec<(Vec<Vec<u8>>, u64, u64)>;

    fn records(rdr: &mut impl Records, most: usize) -> Seen {
        let mut rec = super::super::record::Record::new();
        let mut out = Vec::new();
        while out.len() < most {
            let Some(p) = rdr.next_record(&mut rec).expect("a record") else { break };
            out.push((rec.iter().map(<[u8]>::to_vec).collect(), p.line, p.byte));
        }
        out
    }

    fn fresh(data: &[u8]) -> Seen {
        let rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
        records(&mut super::super::source::CsvReader { rdr, rec: csv::ByteRecord::new() }, usize::MAX)
    }

    fn source(path: &std::path::Path) -> Source {
        let f = std::fs::File::open(path).expect("open");
        let len = f.metadata().expect("metadata").len();
        RecordLimit::new(Hashed::new(f, len))
    }

    /// A tokenizer used again reads each file as a new one would: the first record of every
    /// file, lines and bytes from the start, nothing left over from a file that was read only
    /// in part, and the whole file hashed.
    #[test]
    fn a_reader_used_again_reads_each_file_as_a_new_one() {
        let dir = std::env::temp_dir().join(format!("jcm-reuse-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let files: [&[u8]; 5] = [
            b"date,point,EG\n2021-01-31,PV01,1.5\n2021-02-28,PV01,2\n",
            b"a,b\n\n\"quoted\nline\",2\nlast,3",
            b"x\r\ny,z\r\n",
            b"",
            b"\xef\xbb\xbfdate,EG\n2021-01-31,1\n",
        ];
        // Each file read whole, then each read only up to its first record, in turn.
        for most in [usize::MAX, 1] {
            for (i, data) in files.iter().enumerate() {
                let path = dir.join(format!("f{i}.csv"));
                std::fs::write(&path, data).expect("write");
                let mut rdr = take(source(&path));
                let got = records(&mut rdr, most);
                let want: Seen = fresh(data).into_iter().take(most).collect();
                assert_eq!(got, want, "file {i}, up to {most} records");
                let read = give_back(rdr);
                let digest = read.into_inner().finish().expect("a digest");
                assert_eq!(digest, crate::digest::sha256_hex(data), "file {i}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
