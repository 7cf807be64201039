//! The methodologies that ship inside the binary (the files of `methodologies/`, embedded at
//! build time by `build.rs`), so `jcm` finds them wherever it runs.

use super::Methodology;
use crate::diag::{Failure, Source};
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Every bundled file: (file name, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    BUNDLED
}

/// The ids of the bundled methodologies (their file names without `.toml`).
pub fn ids() -> Vec<String> {
    BUNDLED.iter().map(|(f, _)| id_of(f).to_string()).collect()
}

/// Load one bundled methodology by id (a copy the caller owns; see [`shared`]).
pub fn get(id: &str) -> Option<Result<Methodology, Failure>> {
    shared(id).map(|r| r.map(Arc::unwrap_or_clone))
}

/// One bundled methodology by id, parsed and validated once per run and then shared: a
/// portfolio of ten thousand projects under one methodology loads it once, not ten thousand
/// times.
pub fn shared(id: &str) -> Option<Result<Arc<Methodology>, Failure>> {
    type Slot = OnceLock<Result<Arc<Methodology>, Failure>>;
    static CACHE: OnceLock<Box<[Slot]>> = OnceLock::new();
    let i = BUNDLED.iter().position(|(f, _)| id_of(f) == id)?;
    let slots = CACHE.get_or_init(|| BUNDLED.iter().map(|_| Slot::new()).collect());
    let (file, text) = BUNDLED[i];
    Some(slots[i].get_or_init(|| load(file, text).map(Arc::new)).clone())
}

/// Load every bundled methodology, in file-name order.
pub fn all() -> Vec<(String, Result<Methodology, Failure>)> {
    BUNDLED.iter().map(|(f, t)| (id_of(f).to_string(), load(f, t))).collect()
}

fn id_of(file: &str) -> &str {
    file.trim_end_matches(".toml")
}

/// How the source path of a bundled methodology starts, in diagnostics and reports.
pub const PATH_PREFIX: &str = "<bundled>/methodologies/";

/// The file name of a bundled methodology's source path, or `None` for a file on disk.
pub fn file_name(path: &str) -> Option<&str> {
    path.strip_prefix(PATH_PREFIX)
}

/// The one place that names a bundled file in diagnostics.
fn load(file: &str, text: &'static str) -> Result<Methodology, Failure> {
    super::load::load(Source::new(format!("{PATH_PREFIX}{file}"), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methodology::model::Fidelity;
    use std::collections::BTreeSet;

    /// Every bundled methodology passes the loader and the unit checker, and says where it
    /// comes from and how far to trust it.
    #[test]
    fn every_bundled_methodology_loads_and_is_documented() {
        let all = all();
        assert!(all.len() >= 8, "at least 8 bundled methodologies, found {}", all.len());
        let mut families = BTreeSet::new();
        for (id, m) in all {
            let m = m.unwrap_or_else(|f| panic!("{id} does not load:\n{f}"));
            assert_eq!(m.id, id, "the file name is the methodology id");
            assert!(m.source.as_deref().is_some_and(|s| s.contains("http")), "{id}: `source` must give a URL");
            assert!(!m.title.is_empty() && !m.version.is_empty() && !m.countries.is_empty(), "{id}: title, version, countries");
            let family = m.family.clone().unwrap_or_else(|| panic!("{id}: no family"));
            families.insert(family);
            let description = m.description.clone().unwrap_or_default();
            if m.fidelity == Fidelity::Illustrative {
                assert!(
                    description.to_lowercase().contains("assum") || description.contains("Illustrative"),
                    "{id}: an illustrative methodology says which values are assumptions"
                );
            }
            for s in m.symbols.iter().filter(|s| s.equation().is_none()) {
                assert!(s.description.is_some(), "{id}: parameter {} has no description", s.name);
            }
        }
        assert!(families.len() >= 6, "at least 6 families, found {families:?}");
    }

    #[test]
    fn unknown_ids_are_not_found() {
        assert!(get("JCM_XX_AM999").is_none());
        assert!(ids().contains(&"JCM_VN_AM004".to_string()));
    }
}
