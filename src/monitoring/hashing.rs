//! A reader that hashes every byte read through it: the monitoring files' SHA-256 is taken as
//! they stream, so the digest is of exactly the bytes that were read, without a second read.

use sha2::{Digest, Sha256};
use std::io::Read;

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_stopped_early_still_hashes_everything() {
        let data = b"date,EG\n2021-01-31,1\n2021-02-28,2\n".to_vec();
        let mut r = HashingReader::new(&data[..]);
        let mut first = [0u8; 5];
        r.read_exact(&mut first).unwrap();
        assert_eq!(r.finish().unwrap(), sha256_hex(&data));
    }
}
