//! The input files a calculation starts from, read: a project's project.toml and the
//! methodology it names (a bundled id, or a file next to the project). The loaders below take
//! text ([`project::load::parse`], [`methodology::load::load`]); this is where the text comes
//! from. The monitoring reader opens its files through [`Disk`], which the pipeline hands it.

use crate::diag::{Code, Diagnostic, Failure, Source};
use crate::methodology::{self, Methodology};
use crate::monitoring::files::Files;
use crate::project::Project;
use crate::project::load::{AllocationNeed, finish, parse};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where project.toml is for a path that names the folder or the file itself.
pub fn project_file(path: &Path) -> PathBuf {
    if path.is_dir() { path.join("project.toml") } else { path.to_path_buf() }
}

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

/// The file system, as the monitoring reader is handed it: the only [`Files`] a command uses.
pub struct Disk;

impl Files for Disk {
    fn open(&self, path: &Path) -> io::Result<(File, u64)> {
        let file = File::open(path)?;
        // A file that cannot say its length reads through the largest buffer.
        let len = file.metadata().map_or(1 << 16, |m| m.len());
        Ok((file, len))
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn is_regular(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::files::seen::Seen;
    use crate::monitoring::reader::read_observed;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// The reader opens its files through what it is handed, and only the project's monitoring
    /// files: a UTF-8 CSV once, one whose encoding is `auto` twice (the sniff, then the read).
    #[test]
    fn the_reader_opens_only_through_the_files_it_is_handed() {
        use crate::project::monitoring::Encoding;
        for (example, encoding, opens) in
            [("examples/mn-darkhan-solar", Encoding::Utf8, 1), ("examples/mn-darkhan-solar", Encoding::Auto, 2)]
        {
            let (mut project, _) = project(&root().join(example)).expect("the example loads");
            project.monitoring.encoding = encoding;
            let seen = Seen::new(&Disk);
            let rows = crate::pipeline::row_plan(&project);
            let (mon, d) = read_observed(&seen, &project, &rows, &[], &mut |_| {});
            assert!(!d.has_errors(), "{example}");
            let opened = seen.opened();
            assert_eq!(opened.len(), opens * project.monitoring_files.len(), "{example}: {opened:?}");
            assert!(opened.iter().all(|p| project.monitoring_files.contains(p)), "{example}: {opened:?}");
            assert!(mon.files.iter().all(|f| f.sha256.len() == 64), "{example}");
        }
    }

    /// A file the reader is refused is an error naming it, and nothing is read.
    #[test]
    fn a_refused_file_is_an_error_naming_it() {
        let (project, _) = project(&root().join("examples/mn-darkhan-solar")).expect("the example loads");
        let seen = Seen::refusing(&Disk);
        let rows = crate::pipeline::row_plan(&project);
        let (mon, d) = read_observed(&seen, &project, &rows, &[], &mut |_| {});
        let errors = d.finish().expect_err("a refused file stops the read").0;
        let shown = project.monitoring_files[0].display().to_string();
        assert!(errors.iter().any(|e| e.message.contains(&format!("cannot read {shown}: refused"))), "{errors:?}");
        assert_eq!(mon.files[0].rows, 0);
    }

    /// Below the commands and the pipeline, no module opens, reads or looks at a file: they are
    /// handed text or [`Files`]. (Test modules may; a type named is not an access.)
    #[test]
    fn no_module_below_the_commands_touches_the_file_system() {
        const ACCESS: [&str; 12] = [
            "File::open",
            "File::create",
            "fs::read",
            "fs::metadata",
            "fs::write",
            "fs::canonicalize",
            "read_dir(",
            ".is_dir()",
            ".is_file()",
            ".exists()",
            "OpenOptions",
            "calamine::open_workbook(",
        ];
        let mut found = Vec::new();
        let mut stack = vec![root().join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src is readable") {
                let path = entry.expect("an entry").path();
                let rel = path.strip_prefix(root()).expect("under the root").to_string_lossy().into_owned();
                if path.is_dir() {
                    if !["src/cmd", "src/pipeline"].contains(&rel.as_str()) {
                        stack.push(path);
                    }
                    continue;
                }
                if rel == "src/main.rs" {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a source file");
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for (n, line) in code.lines().enumerate() {
                    let line = line.split("//").next().unwrap_or_default();
                    if let Some(a) = ACCESS.iter().find(|a| line.contains(*a)) {
                        found.push(format!("{rel}:{}: {a}", n + 1));
                    }
                }
            }
        }
        assert!(found.is_empty(), "file-system access outside cmd/ and pipeline/:\n{}", found.join("\n"));
    }
}
