//! The input files of a run and their SHA-256 digests, so that two parties can prove they ran
//! the same project, methodology and monitoring data with the same version of `jcm`.
//!
//! The monitoring files are hashed by the reader as it streams them
//! ([`crate::monitoring::hashing::HashingReader`]), so
//! the digest is of exactly the bytes that were read, without a second read of a large file.
//! project.toml and the methodology are hashed from the text already in memory; a bundled
//! methodology is hashed from the text embedded in the binary and marked as bundled.

pub use crate::digest::sha256_hex;
use crate::monitoring::model::FileInfo;
use crate::project::Project;

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
    let mut out = vec![InputFile { role: Role::Project, path: project.src.path.clone(), sha256: project.src.sha256(), bundled: false }];
    out.push(InputFile {
        role: Role::Methodology,
        path: m.src.path.clone(),
        sha256: m.src.sha256(),
        bundled: crate::methodology::bundled::file_name(&m.src.path).is_some(),
    });
    out.extend(files.iter().map(|f| InputFile { role: Role::Monitoring, path: f.path.clone(), sha256: f.sha256.clone(), bundled: false }));
    out
}

/// A path for people: a bundled methodology is named by its file, not by its internal path.
pub fn display_path(path: &str, bundled: bool) -> String {
    match crate::methodology::bundled::file_name(path) {
        Some(name) if bundled => format!("{name} (bundled with jcm)"),
        _ => path.to_string(),
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
}
