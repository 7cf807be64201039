//! `jcm check`: validate methodology files and project folders without computing credits.
//! Silent with exit 0 when all is well (hledger's `check` is the model); otherwise every
//! finding on stderr (or stdout as JSON/CSV for CI) and exit 1. `--strict` counts warnings.

use super::Done;
use crate::check::Target;
use crate::diag::{Code, Diagnostic};
use crate::methodology::bundled;
use crate::report::{Format, diagnostics};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folders, methodology files, folders of them, or bundled methodology ids
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Warnings count as problems (exit 1)
    #[arg(long)]
    pub strict: bool,
    /// How to list the findings: as diagnostics on stderr (table), or on stdout as JSON or CSV
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let found = crate::check::targets(&crate::pipeline::files::Disk, args.paths.iter().flat_map(|p| targets(p)));
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found.len() - errors;
    let status = u8::from(errors > 0 || (args.strict && warnings > 0));
    let stdout = match args.format {
        Format::Table => String::new().into(),
        Format::Json => diagnostics::findings_json(&found).into(),
        Format::Csv => diagnostics::findings_csv(&found).into(),
        Format::Xlsx => super::workbook(&crate::report::xlsx::summary::check_sheets(&found))?,
        f @ Format::Html => return Err(f.refused("check")),
    };
    let diagnostics = if args.format == Format::Table { found } else { Vec::new() };
    Ok(Done { stdout, diagnostics, status })
}

/// What a path names: a project, a methodology file, a bundled id, or a folder of projects and
/// methodology files (such as examples/ or methodologies/): the methodology files directly in
/// it and every project folder below it, found the way `calc` finds them. A folder or entry
/// that cannot be read is an error naming it, never skipped.
fn targets(path: &Path) -> Vec<Result<Target, Diagnostic>> {
    let shown = path.display().to_string();
    let io = |what: &Path, e: std::io::Error| {
        let shown = what.display().to_string();
        Diagnostic::new(Code::Io, format!("cannot read {shown}: {e}")).in_file(shown)
    };
    if path.is_dir() {
        if path.join("project.toml").is_file() {
            return vec![Ok(Target::Project(path.to_path_buf()))];
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => return vec![Err(io(path, e))],
        };
        let mut found = Vec::new();
        let mut files = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => files.push(e.path()),
                Err(e) => found.push(Err(io(path, e))),
            }
        }
        files.retain(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("toml")));
        files.sort();
        found.extend(files.into_iter().map(|f| Ok(Target::Methodology(f))));
        match super::discover::projects(&[path.to_path_buf()]) {
            Ok(projects) => found.extend(projects.projects.into_iter().map(|p| Ok(Target::Project(p)))),
            // A folder of methodology files holds no project: that is no error of its own.
            Err(f) => found.extend(f.0.into_iter().filter(|d| d.code != Code::NoProjects).map(Err)),
        }
        if found.is_empty() {
            return vec![Err(Diagnostic::new(
                Code::Io,
                format!("{shown} holds no project.toml, no project folder and no methodology file"),
            )
            .in_file(shown)
            .hint("give a project folder, a methodology file, or a folder of them"))];
        }
        return found;
    }
    if path.is_file() {
        let is_project = path.file_name().is_some_and(|n| n == "project.toml")
            || std::fs::read_to_string(path).is_ok_and(|t| t.lines().any(|l| l.trim() == "[project]"));
        return vec![Ok(if is_project { Target::Project(path.to_path_buf()) } else { Target::Methodology(path.to_path_buf()) })];
    }
    if bundled::ids().iter().any(|id| id.as_str() == shown) {
        return vec![Ok(Target::Bundled(shown))];
    }
    vec![Err(Diagnostic::new(Code::Io, format!("{shown} does not exist"))
        .in_file(shown)
        .hint("give a project folder, a methodology file, or a bundled methodology id"))]
}
