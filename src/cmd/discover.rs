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
    // Each project is known by the real path of its project.toml, so that a project named
    // twice (or reached through a link) is computed once.
    let mut add = |p: PathBuf, key: PathBuf, out: &mut Vec<PathBuf>| {
        if seen.insert(key) {
            out.push(p);
        }
    };
    for arg in args {
        if !arg.is_dir() || arg.join("project.toml").is_file() {
            let key = std::fs::canonicalize(crate::pipeline::files::project_file(arg)).unwrap_or_else(|_| arg.clone());
            add(arg.clone(), key, &mut out);
            continue;
        }
        portfolio = true;
        let mut w = Walk::default();
        let real = std::fs::canonicalize(arg).unwrap_or_else(|_| arg.clone());
        w.walk(arg, &real).map_err(Failure::one)?;
        w.found.sort();
        if w.found.is_empty() {
            return Err(Failure::one(
                Diagnostic::new(Code::NoProjects, format!("no project.toml in {} or in any folder below it", arg.display()))
                    .in_file(arg.display().to_string())
                    .hint("give a project folder, its project.toml, or a folder that holds project folders; `jcm new DIR --methodology ID` starts one"),
            ));
        }
        for (p, key) in w.found {
            add(p, key, &mut out);
        }
    }
    Ok(Found { projects: out, portfolio })
}

/// The project folders found below a folder, each with the real path of its project.toml.
#[derive(Default)]
struct Walk {
    found: Vec<(PathBuf, PathBuf)>,
    /// The real path of every folder listed, so that a link loop ends.
    visited: HashSet<PathBuf>,
}

impl Walk {
    /// Collect the project folders below `dir` (not `dir` itself, which the caller checked),
    /// whose real path is `real`. A folder that cannot be listed is an error naming it:
    /// skipping it would leave its projects out of the totals without a word.
    ///
    /// The real path of a folder below is its parent's joined with its name unless it is a
    /// link: only links are resolved, so a folder of ten thousand projects costs one look at
    /// each project.toml (not a `realpath` of each, which looks at every folder on the way).
    fn walk(&mut self, dir: &Path, real: &Path) -> Result<(), Diagnostic> {
        if !self.visited.insert(real.to_path_buf()) {
            return Ok(());
        }
        let unreadable = |e: std::io::Error| {
            Diagnostic::new(Code::Io, format!("cannot read the folder {}: {e}", dir.display()))
                .in_file(dir.display().to_string())
                .hint("every folder below a folder of projects is searched: make it readable, or name the projects to compute")
        };
        let mut subdirs = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type().map_err(unreadable)?;
            let p = entry.path();
            if kind.is_dir() {
                let r = real.join(&name);
                subdirs.push((p, r));
            } else if kind.is_symlink() && p.is_dir() {
                let r = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                subdirs.push((p, r));
            }
        }
        // All in one folder: sorted by name is sorted by path (and far cheaper to compare).
        subdirs.sort_unstable_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
        for (sub, real_sub) in subdirs {
            let toml = sub.join("project.toml");
            match std::fs::symlink_metadata(&toml) {
                Ok(m) if m.is_file() => self.found.push((sub, real_sub.join("project.toml"))),
                // A linked project.toml is known by the file it links to.
                Ok(m) if m.is_symlink() && toml.is_file() => {
                    let key = std::fs::canonicalize(&toml).unwrap_or_else(|_| real_sub.join("project.toml"));
                    self.found.push((sub, key));
                }
                _ => self.walk(&sub, &real_sub)?,
            }
        }
        Ok(())
    }
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

    /// A project reached through a link is the project it links to (computed once), a linked
    /// project.toml is known by its target, and a link back up the tree ends.
    #[cfg(unix)]
    #[test]
    fn links_are_followed_once_and_loops_end() {
        use std::os::unix::fs::symlink;
        let s = Scratch::new("links");
        let a = s.project("a");
        std::fs::create_dir_all(s.0.join("b")).expect("mkdir");
        symlink(&a, s.0.join("b/to-a")).expect("link a folder");
        symlink(&s.0, s.0.join("b/loop")).expect("link up the tree");
        std::fs::create_dir_all(s.0.join("c")).expect("mkdir");
        symlink(a.join("project.toml"), s.0.join("c/project.toml")).expect("link a file");
        let d = s.project("d");
        let f = projects(std::slice::from_ref(&s.0)).expect("found");
        assert_eq!(f.projects, vec![a, d]);
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
