//! Methodologies: the TOML file mirrored as-is ([`raw`]), validated into the model the engine
//! uses ([`model`], [`load`]), and the bundled library ([`bundled`]).

pub mod bundled;
pub mod load;
pub mod model;
pub mod order;
pub mod param;
pub mod provenance;
pub mod raw;
pub mod reach;
pub mod scope;
pub mod words;

pub use model::Methodology;

use crate::diag::{Code, Diagnostic, Failure};
use std::path::Path;
use std::sync::Arc;

/// Whether a methodology reference is a path: it ends in `.toml` or holds a path separator;
/// anything else is a bundled id.
pub fn is_path(reference: &str) -> bool {
    Path::new(reference).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) || reference.contains('/') || reference.contains('\\')
}

/// A bundled methodology by id, shared (parsed once per run); a close id is suggested when
/// none has the id.
pub fn bundled_shared(reference: &str) -> Result<Arc<Methodology>, Failure> {
    bundled::shared(reference).unwrap_or_else(|| {
        let known: Vec<String> = bundled::ids();
        let hint = match load::suggest(reference, known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? `jcm methodologies` lists the bundled ones"),
            None => "give a bundled id (see `jcm methodologies`) or a path such as \"my-methodology.toml\"".into(),
        };
        Err(Failure::one(Diagnostic::new(Code::MethodologyNotFound, format!("no bundled methodology has the id `{reference}`")).hint(hint)))
    })
}
