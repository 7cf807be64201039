//! The input files a calculation starts from, read: a project's project.toml and the
//! methodology it names (a bundled id, or a file next to the project). The loaders below take
//! text ([`project::load::parse`], [`methodology::load::load`]); this is where the text comes
//! from. (Monitoring files are streamed by the reader the pipeline hands them to.)

use crate::diag::{Code, Diagnostic, Failure, Source};
use crate::methodology::{self, Methodology};
use crate::project::Project;
use crate::project::load::{AllocationNeed, finish, parse, project_file};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Read and validate a project. Returns the project and its warnings.
pub fn project(path: &Path) -> Result<(Project, Vec<Diagnostic>), Failure> {
    finish(read_project(path).and_then(|(src, dir)| parse(src, dir, AllocationNeed::Required, &methodology)))
}

/// Read a project at the PDD stage, for `calc --ex-ante`: [allocation] may still be missing.
pub fn project_ex_ante(path: &Path) -> Result<(Project, Vec<Diagnostic>), Failure> {
    finish(read_project(path).and_then(|(src, dir)| parse(src, dir, AllocationNeed::Optional, &methodology)))
}

/// Read and validate a project as far as it goes, for `jcm check`: every diagnostic, and the
/// project whenever its file and methodology could be read, even if it has errors (a missing
/// value then reads as 0, a missing allocation as none), so later stages can still be checked.
/// The text of project.toml comes back whenever it could be read, for the checks of the text.
pub fn project_all(path: &Path) -> (Option<Project>, Option<Source>, Vec<Diagnostic>) {
    let (src, dir) = match read_project(path) {
        Ok(read) => read,
        Err(f) => return (None, None, f.0),
    };
    match parse(src.clone(), dir, AllocationNeed::UnlessPddStage, &methodology) {
        Ok((p, d)) => (p, Some(src), d),
        Err(f) => (None, Some(src), f.0),
    }
}

/// The text of a project's project.toml (`path` is the folder or the file), and its folder.
fn read_project(path: &Path) -> Result<(Source, PathBuf), Failure> {
    // A folder's project.toml is read straight away, without first asking whether `path` is a
    // folder (a look at the file system per project of a portfolio); anything else goes the
    // long way, with the same file and the same error as before.
    let joined = path.join("project.toml");
    if let Ok(text) = std::fs::read_to_string(&joined) {
        let dir = joined.parent().map(Path::to_path_buf).unwrap_or_default();
        return Ok((Source::new(joined.display().to_string(), text), dir));
    }
    let file = project_file(path);
    let text = std::fs::read_to_string(&file).map_err(|e| {
        let hint = if path.is_dir() { "a project folder holds a project.toml" } else { "give a project folder or its project.toml" };
        Failure::one(
            Diagnostic::new(Code::Io, format!("cannot read {}: {e}", file.display())).in_file(file.display().to_string()).hint(hint),
        )
    })?;
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((Source::new(file.display().to_string(), text), dir))
}

/// Load a methodology file.
pub fn methodology_file(path: &Path) -> Result<Methodology, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::one(Diagnostic::new(Code::Io, format!("cannot read {}: {e}", path.display())).in_file(path.display().to_string()))
    })?;
    methodology::load::load(Source::new(path.display().to_string(), text))
}

/// Find a methodology by bundled id or by path ([`methodology::is_path`], relative to `base`),
/// sharing a bundled methodology (parsed once per run) instead of copying it.
pub fn methodology(reference: &str, base: &Path) -> Result<Arc<Methodology>, Failure> {
    if methodology::is_path(reference) {
        return methodology_file(&base.join(reference)).map(Arc::new);
    }
    methodology::bundled_shared(reference)
}
