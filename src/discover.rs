//! Which projects a `jcm calc PROJECT...` run names. Each argument is a project folder, its
//! project.toml, or a folder of projects: every folder below it that holds a project.toml,
//! found recursively and sorted by path, so the order never depends on the file system.
//!
//! Rules (documented in the README):
//! - a folder that holds a project.toml is one project; its sub-folders are not searched
//!   (a project folder may hold large data folders, and projects do not nest);
//! - hidden folders (`.git`, `.cache`) are skipped; symbolic links are followed, each real
//!   folder visited once, so a link loop ends;
//! - arguments keep the order they are given in; a project named twice is computed once.
//!
//! A path that does not exist is passed on as a project, so its error is the loader's usual
//! "cannot read" diagnostic. This module reads directory listings only, never file contents.

use crate::diag::{Code, Diagnostic, Failure};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The projects a run covers, in output order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Each project as the user would name it: the folder (or the file that was given).
    pub projects: Vec<PathBuf>,
    /// More than one project was named, or a folder of projects: print the portfolio shape
    /// (`{"projects": [...], "portfolio": {...}}`) even if only one project is found.
    pub portfolio: bool,
}

/// Expand the command-line arguments into projects.
pub fn projects(args: &[PathBuf]) -> Result<Found, Failure> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut portfolio = args.len() > 1;
    let mut add = |p: PathBuf, out: &mut Vec<PathBuf>| {
        let key = std::fs::canonicalize(crate::project::load::project_file(&p)).unwrap_or_else(|_| p.clone());
        if seen.insert(key) {
            out.push(p);
        }
    };
    for arg in args {
        if !arg.is_dir() || arg.join("project.toml").is_file() {
            add(arg.clone(), &mut out);
            continue;
        }
        portfolio = true;
        let mut found = Vec::new();
        let mut visited = HashSet::new();
        walk(arg, &mut found, &mut visited).map_err(Failure::one)?;
        found.sort();
        if found.is_empty() {
            return Err(Failure::one(
                Diagnostic::new(Code::NoProjects, format!("no project.toml in {} or in any folder below it", arg.display()))
                    .in_file(arg.display().to_string())
                    .hint("give a project folder, its project.toml, or a folder that holds project folders; `jcm new DIR --methodology ID` starts one"),
            ));
        }
        for p in found {
            add(p, &mut out);
        }
    }
    Ok(Found { projects: out, portfolio })
}

/// Collect the project folders below `dir` (not `dir` itself, which the caller checked). A
/// folder that cannot be listed is an error naming it: skipping it would leave its projects
/// out of the totals without a word.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, visited: &mut HashSet<PathBuf>) -> Result<(), Diagnostic> {
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !visited.insert(real) {
            return Ok(());
        }
    }
    let unreadable = |e: std::io::Error| {
        Diagnostic::new(Code::Io, format!("cannot read the folder {}: {e}", dir.display()))
            .in_file(dir.display().to_string())
            .hint("every folder below a folder of projects is searched: make it readable, or name the projects to compute")
    };
    let mut subdirs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let p = entry.path();
        if p.is_dir() {
            subdirs.push(p);
        }
    }
    subdirs.sort();
    for sub in subdirs {
        if sub.join("project.toml").is_file() {
            found.push(sub);
        } else {
            walk(&sub, found, visited)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder in the temporary directory, removed at the end of the test.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let p = std::env::temp_dir().join(format!("jcm-discover-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).expect("scratch dir");
            Scratch(p)
        }

        fn project(&self, rel: &str) -> PathBuf {
            let d = self.0.join(rel);
            std::fs::create_dir_all(&d).expect("mkdir");
            std::fs::write(d.join("project.toml"), "").expect("write");
            d
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn finds_projects_recursively_in_sorted_order_and_skips_hidden_and_nested() {
        let s = Scratch::new("tree");
        let b = s.project("b");
        let a2 = s.project("a/z/deep");
        let a1 = s.project("a/m");
        s.project("a/m/nested"); // inside a project: not searched
        s.project(".hidden/p");
        std::fs::create_dir_all(s.0.join("empty")).expect("mkdir");
        let f = projects(std::slice::from_ref(&s.0)).expect("found");
        assert_eq!(f.projects, vec![a1, a2, b]);
        assert!(f.portfolio);
    }

    #[test]
    fn arguments_keep_their_order_and_duplicates_are_dropped() {
        let s = Scratch::new("args");
        let x = s.project("x");
        let y = s.project("y");
        let f = projects(&[y.clone(), x.clone(), y.join("project.toml"), s.0.clone()]).expect("found");
        assert_eq!(f.projects, vec![y, x]);
        assert!(f.portfolio);
        let one = projects(std::slice::from_ref(&f.projects[0])).expect("found");
        assert!(!one.portfolio);
    }

    #[test]
    fn a_folder_without_projects_is_an_error_and_a_missing_path_is_passed_on() {
        let s = Scratch::new("none");
        let e = projects(std::slice::from_ref(&s.0)).expect_err("no projects");
        assert_eq!(e.0[0].code, Code::NoProjects);
        let missing = s.0.join("nope");
        assert_eq!(projects(std::slice::from_ref(&missing)).expect("passed on").projects, vec![missing]);
    }

    /// A folder that cannot be listed stops the run with its name (root reads every folder, so
    /// the check only means something for other users).
    #[cfg(unix)]
    #[test]
    fn an_unreadable_folder_is_an_error_naming_it() {
        use std::os::unix::fs::PermissionsExt;
        let s = Scratch::new("locked");
        s.project("a");
        let locked = s.0.join("b");
        std::fs::create_dir_all(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let readable = std::fs::read_dir(&locked).is_ok();
        let r = projects(std::slice::from_ref(&s.0));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
        if readable {
            return; // running as root: nothing is unreadable
        }
        let e = r.expect_err("an unreadable folder is an error");
        assert_eq!(e.0[0].code, Code::Io);
        assert!(e.0[0].message.contains(&locked.display().to_string()), "{}", e.0[0].message);
    }
}
