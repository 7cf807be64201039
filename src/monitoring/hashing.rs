//! A reader that hashes every byte read through it: the monitoring files' SHA-256 is taken as
//! they stream, so the digest is of exactly the bytes that were read, without a second read.

use crate::digest::hex;
use sha2::{Digest, Sha256};
use std::io::Read;

/// A reader that hashes every byte read through it.
pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        HashingReader { inner, hasher: Sha256::new() }
    }

    /// Read what is left (a reader that stopped early still hashes the whole file) and return
    /// the digest; `None` if the rest cannot be read.
    pub fn finish(mut self) -> Option<String> {
        std::io::copy(&mut self, &mut std::io::sink()).ok()?;
        Some(hex(&self.hasher.finalize()))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// A reader of a file whose SHA-256 is taken on a thread of its own: that thread reads the file
/// in chunks, hashes each, and hands it over through a bounded channel, so that hashing costs the
/// reading thread nothing (a large monitoring file; a small one is hashed inline, as a thread
/// would cost more than it saves). The digest is of the same bytes, in the same order.
pub struct HashingThread {
    chunks: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    /// Emptied chunks go back to the reading thread, so that a few buffers serve the whole file.
    spent: std::sync::mpsc::SyncSender<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
    thread: Option<std::thread::JoinHandle<Option<String>>>,
}

/// How much the hashing thread reads at a time, and how many chunks may wait.
const CHUNK: usize = 1 << 18;
const WAITING: usize = 4;

impl HashingThread {
    pub fn spawn<R: Read + Send + 'static>(mut inner: R) -> std::io::Result<Self> {
        let (tx, chunks) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<u8>>>(WAITING);
        let (spent, back) = std::sync::mpsc::sync_channel::<Vec<u8>>(WAITING + 2);
        let thread = std::thread::Builder::new().name("sha256".into()).spawn(move || {
            let mut hasher = Sha256::new();
            loop {
                let mut buf = back.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK));
                buf.resize(CHUNK, 0);
                let n = match read_full(&mut inner, &mut buf) {
                    Ok(n) => n,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return None;
                    }
                };
                buf.truncate(n);
                hasher.update(&buf);
                // The reader gone without asking for the digest (it stopped early): stop too.
                if tx.send(Ok(buf)).is_err() {
                    return None;
                }
                if n == 0 {
                    return Some(hex(&hasher.finalize()));
                }
            }
        })?;
        Ok(HashingThread { chunks, spent, chunk: Vec::new(), at: 0, thread: Some(thread) })
    }

    /// Read what is left and return the digest; `None` if the file could not be read whole.
    pub fn finish(mut self) -> Option<String> {
        // Let the thread read (and hash) to the end, whatever was not read here.
        while let Ok(c) = self.chunks.recv() {
            c.ok()?;
        }
        self.thread.take()?.join().ok()?
    }
}

/// Fill `buf` as far as the reader goes: fewer bytes only at the end.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

impl Read for HashingThread {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.chunk.len() {
            let next = match self.chunks.recv() {
                Ok(c) => c?,
                // The thread has sent its last (empty) chunk and ended.
                Err(_) => return Ok(0),
            };
            let done = std::mem::replace(&mut self.chunk, next);
            let _ = self.spent.try_send(done);
            self.at = 0;
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A monitoring file's bytes, hashed as they are read: on a thread of their own when the file
/// is large, else inline.
pub enum Hashed {
    Inline(HashingReader<std::fs::File>),
    Thread(HashingThread),
}

/// From this size a file is hashed on a thread of its own.
pub const THREAD_FROM: u64 = 4 << 20;

impl Hashed {
    /// Hash `file` (of `len` bytes) on a thread when it is large and a second core is there.
    pub fn new(file: std::fs::File, len: u64) -> Self {
        // The number of cores is asked only for a large file: finding it reads the process's
        // cgroup files, some 15 system calls, which for a small file cost more than its reading.
        if len >= THREAD_FROM && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
            // The thread reads through a second handle: if it cannot start, the first one, not
            // yet read, is hashed inline.
            if let Ok(t) = file.try_clone().and_then(HashingThread::spawn) {
                return Hashed::Thread(t);
            }
        }
        Hashed::Inline(HashingReader::new(file))
    }

    pub fn finish(self) -> Option<String> {
        match self {
            Hashed::Inline(h) => h.finish(),
            Hashed::Thread(t) => t.finish(),
        }
    }
}

impl Read for Hashed {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Hashed::Inline(h) => h.read(buf),
            Hashed::Thread(t) => t.read(buf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::sha256_hex;

    #[test]
    fn a_thread_hashes_the_same_bytes_and_hands_them_over_in_order() {
        let data: Vec<u8> = (0..(3 * CHUNK + 12_345)).map(|i| u8::try_from(i * 7 % 251).unwrap()).collect();
        let mut t = HashingThread::spawn(std::io::Cursor::new(data.clone())).unwrap();
        let mut got = Vec::new();
        t.read_to_end(&mut got).unwrap();
        assert!(got == data);
        assert_eq!(t.finish().unwrap(), sha256_hex(&data));
        // Stopped early: the thread still hashes the rest.
        let mut t = HashingThread::spawn(std::io::Cursor::new(data.clone())).unwrap();
        let mut first = [0u8; 100];
        t.read_exact(&mut first).unwrap();
        assert_eq!(t.finish().unwrap(), sha256_hex(&data));
        // Nothing to read.
        let mut t = HashingThread::spawn(std::io::empty()).unwrap();
        assert_eq!(t.read(&mut first).unwrap(), 0);
        assert_eq!(t.finish().unwrap(), sha256_hex(b""));
    }

    #[test]
    fn a_reader_stopped_early_still_hashes_everything() {
        let data = b"date,EG\n2021-01-31,1\n2021-02-28,2\n".to_vec();
        let mut r = HashingReader::new(&data[..]);
        let mut first = [0u8; 5];
        r.read_exact(&mut first).unwrap();
        assert_eq!(r.finish().unwrap(), sha256_hex(&data));
    }
}
