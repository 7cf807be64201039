//! The input files of a run and their SHA-256 digests, so that two parties can prove they ran
//! the same project, methodology and monitoring data with the same version of `jcm`.
//!
//! The monitoring files are hashed by the CSV reader as it streams them ([`HashingReader`]), so
//! the digest is of exactly the bytes that were read, without a second read of a large file.
//! project.toml and the methodology are hashed from the text already in memory; a bundled
//! methodology is hashed from the text embedded in the binary and marked as bundled.

use crate::monitoring::reader::FileInfo;
use crate::project::Project;
use sha2::{Digest, Sha256};
use std::io::Read;

/// The version of `jcm` that produced a report.
pub const JCM_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What an input file is to the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Project,
    Methodology,
    Monitoring,
    /// The reported figures a verification compared against.
    Reported,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Project => "project",
            Role::Methodology => "methodology",
            Role::Monitoring => "monitoring",
            Role::Reported => "reported",
        }
    }
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub role: Role,
    /// The path as given (relative to where `jcm` ran), or `JCM_TH_AM001 (bundled)`.
    pub path: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The methodology is the copy embedded in the binary.
    pub bundled: bool,
}

/// The input files of a project run: project.toml, its methodology, and each monitoring file
/// as the reader hashed it.
pub fn of(project: &Project, files: &[FileInfo]) -> Vec<InputFile> {
    let m = &project.methodology;
    let mut out = vec![InputFile {
        role: Role::Project,
        path: project.src.path.clone(),
        sha256: sha256_hex(project.src.text.as_bytes()),
        bundled: false,
    }];
    out.push(InputFile {
        role: Role::Methodology,
        path: m.src.path.clone(),
        sha256: sha256_hex(m.src.text.as_bytes()),
        bundled: crate::methodology::bundled::file_name(&m.src.path).is_some(),
    });
    out.extend(files.iter().map(|f| InputFile { role: Role::Monitoring, path: f.path.clone(), sha256: f.sha256.clone(), bundled: false }));
    out
}

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
    fn digests_match_the_standard_vectors() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
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
