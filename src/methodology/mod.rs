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

use crate::diag::{Code, Diagnostic, Failure, Source};
use std::path::Path;
use std::sync::Arc;

/// Load a methodology file from disk.
pub fn load_file(path: &Path) -> Result<Methodology, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::one(Diagnostic::new(Code::Io, format!("cannot read {}: {e}", path.display())).in_file(path.display().to_string()))
    })?;
    load::load(Source::new(path.display().to_string(), text))
}

/// Find a methodology by bundled id or by path. A reference that ends in `.toml` or contains a
/// path separator is a path (relative to `base`); anything else is a bundled id.
pub fn resolve(reference: &str, base: &Path) -> Result<Methodology, Failure> {
    resolve_shared(reference, base).map(Arc::unwrap_or_clone)
}

/// [`resolve`], sharing a bundled methodology (parsed once per run) instead of copying it.
pub fn resolve_shared(reference: &str, base: &Path) -> Result<Arc<Methodology>, Failure> {
    let looks_like_path = std::path::Path::new(reference).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || reference.contains('/')
        || reference.contains('\\');
    if looks_like_path {
        return load_file(&base.join(reference)).map(Arc::new);
    }
    bundled::shared(reference).unwrap_or_else(|| {
        let known: Vec<String> = bundled::ids();
        let hint = match load::suggest(reference, known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? `jcm methodologies` lists the bundled ones"),
            None => "give a bundled id (see `jcm methodologies`) or a path such as \"my-methodology.toml\"".into(),
        };
        Err(Failure::one(Diagnostic::new(Code::MethodologyNotFound, format!("no bundled methodology has the id `{reference}`")).hint(hint)))
    })
}
