//! The methodologies that ship inside the binary (the files of `methodologies/`, embedded at
//! build time by `build.rs`), so `jcm` finds them wherever it runs.

use super::Methodology;
use crate::diag::{Failure, Source};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Every bundled file: (file name, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    BUNDLED
}

/// The ids of the bundled methodologies (their file names without `.toml`).
pub fn ids() -> Vec<String> {
    BUNDLED.iter().map(|(f, _)| f.trim_end_matches(".toml").to_string()).collect()
}

/// Load one bundled methodology by id.
pub fn get(id: &str) -> Option<Result<Methodology, Failure>> {
    let (file, text) = BUNDLED.iter().find(|(f, _)| f.trim_end_matches(".toml") == id)?;
    Some(super::load::load(Source::new(format!("<bundled>/methodologies/{file}"), *text)))
}

/// Load every bundled methodology, in file-name order.
pub fn all() -> Vec<(String, Result<Methodology, Failure>)> {
    BUNDLED
        .iter()
        .map(|(f, t)| (f.trim_end_matches(".toml").to_string(), super::load::load(Source::new(format!("<bundled>/methodologies/{f}"), *t))))
        .collect()
}
