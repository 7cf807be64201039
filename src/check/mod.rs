//! `jcm check`: every validation `jcm` knows, run over methodology files and project folders
//! without printing results, reporting *all* findings rather than the first.
//!
//! A project goes as far as it can: its TOML and methodology (and any `TODO` that `jcm new` left) ([`crate::project::load::load_all`]
//! keeps a project with errors so later stages still run), then its monitoring CSV (every row
//! problem, rows outside the periods, missing months, magnitude mistakes), and, when nothing so
//! far is an error, its meter corrections and the evaluation of every period (division by zero,
//! negative ER, notified amounts, a CCS reserve shortfall). A project at the PDD stage
//! ([estimate], no [[periods]]) has its estimate computed instead. A methodology is loaded and
//! searched for unused names.
//!
//! A project's monitoring files are streamed once, and that read is also what the periods are
//! evaluated with. Only meter corrections cost more reads (the corrected readings, and the
//! plain ones again when a direction has to be inferred): more reading, never more memory,
//! which stays independent of the number of rows.

pub mod codes;
pub mod magnitude;
pub mod months;
pub mod placeholders;
pub mod unused;

use crate::diag::{Code, Diagnostic, Pos, Source};
use crate::methodology::{self, bundled};
use crate::project::{self, Project};
use crate::{compute, pipeline};
use std::path::{Path, PathBuf};

/// Check every path; diagnostics in the order found, without repeats.
pub fn paths(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    // A set beside the list: 40,000 diagnostics are deduplicated in linear time.
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        for d in path(p) {
            if seen.insert(d.clone()) {
                out.push(d);
            }
        }
    }
    out
}

/// What a path names.
enum Target {
    Project(PathBuf),
    Methodology(PathBuf),
    Bundled(String),
}

fn targets(path: &Path) -> Result<Vec<Target>, Diagnostic> {
    let shown = path.display().to_string();
    if path.is_dir() {
        if path.join("project.toml").is_file() {
            return Ok(vec![Target::Project(path.to_path_buf())]);
        }
        // A folder of projects and methodology files, such as examples/ or methodologies/:
        // methodology files directly in it, and every project folder below it (found the way
        // `calc` finds them, recursively).
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Diagnostic::new(Code::Io, format!("cannot read {shown}: {e}")).in_file(shown.clone()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .collect();
        entries.sort();
        let mut found: Vec<Target> = entries.into_iter().map(Target::Methodology).collect();
        if let Ok(projects) = crate::discover::projects(&[path.to_path_buf()]) {
            found.extend(projects.projects.into_iter().map(Target::Project));
        }
        if found.is_empty() {
            return Err(Diagnostic::new(Code::Io, format!("{shown} holds no project.toml, no project folder and no methodology file"))
                .in_file(shown)
                .hint("give a project folder, a methodology file, or a folder of them"));
        }
        return Ok(found);
    }
    if path.is_file() {
        let is_project = path.file_name().is_some_and(|n| n == "project.toml")
            || std::fs::read_to_string(path).is_ok_and(|t| t.lines().any(|l| l.trim() == "[project]"));
        return Ok(vec![if is_project { Target::Project(path.to_path_buf()) } else { Target::Methodology(path.to_path_buf()) }]);
    }
    if bundled::ids().iter().any(|id| id.as_str() == shown) {
        return Ok(vec![Target::Bundled(shown)]);
    }
    Err(Diagnostic::new(Code::Io, format!("{shown} does not exist"))
        .in_file(shown)
        .hint("give a project folder, a methodology file, or a bundled methodology id"))
}

/// Everything wrong with one path.
pub fn path(p: &Path) -> Vec<Diagnostic> {
    let targets = match targets(p) {
        Ok(t) => t,
        Err(d) => return vec![d],
    };
    let mut out = Vec::new();
    for t in targets {
        match t {
            Target::Project(dir) => check_project(&dir, &mut out),
            Target::Methodology(file) => match methodology::load_file(&file) {
                Ok(m) => out.extend(unused::check(&m)),
                Err(f) => out.extend(f.0),
            },
            Target::Bundled(id) => match bundled::get(&id) {
                Some(Ok(m)) => out.extend(unused::check(&m)),
                Some(Err(f)) => out.extend(f.0),
                None => {}
            },
        }
    }
    out
}

fn check_project(dir: &Path, out: &mut Vec<Diagnostic>) {
    let (project, diags) = project::load::load_all(dir);
    out.extend(diags);
    // A file that cannot be read is already an error of the load.
    let file = project::load::project_file(dir);
    if let Ok(text) = std::fs::read_to_string(&file) {
        out.extend(placeholders::check(&Source::new(file.display().to_string(), text)));
    }
    let Some(project) = project else { return };
    out.extend(unused::check(&project.methodology));
    if project::load::is_pdd_stage(&project) {
        // A project at the PDD stage has no monitoring yet: check its estimate instead.
        if !out.iter().any(Diagnostic::is_error) {
            match compute::exante::estimate(&project) {
                Ok(x) => out.extend(x.warnings),
                Err(f) => out.extend(f.0),
            }
        }
        return;
    }
    let mut watch = magnitude::Watch::default();
    let (mon, d) = pipeline::read_plain(&project, &mut |r| watch.see(r));
    let read_failed = d.has_errors();
    out.extend(d.items);
    if mon.rows_outside > 0 {
        out.push(rows_outside(&project, &mon));
    }
    out.extend(months::check(&project, &mon));
    out.extend(watch.finish(&project, &mon.files));
    if read_failed || out.iter().any(Diagnostic::is_error) {
        return;
    }
    // Nothing so far is an error: evaluate every period. Without meter corrections the readings
    // just read are the ones the calculation uses; corrections need a read of their own (the
    // uncorrected read made here still serves to find their directions).
    let calc = if project.corrections.is_empty() { compute::calculate(&project, &mon) } else { pipeline::calculate(&project, Some(&mon)) };
    match calc {
        Ok(calc) => {
            out.extend(calc.warnings);
            out.extend(calc.problems);
        }
        Err(f) => out.extend(f.0),
    }
}

fn rows_outside(project: &Project, mon: &crate::monitoring::Monitoring) -> Diagnostic {
    let n = mon.rows_outside;
    let d = Diagnostic::new(Code::RowsOutside, format!("{n} monitoring rows fall outside every monitoring period and are not used"))
        .hint("a reading belongs to the period whose dates contain it; check the dates, or add the period");
    let Some((file, line)) = &mon.first_outside else { return d.in_file(project.src.path.clone()) };
    let Some(info) = mon.files.iter().find(|f| f.path == *file) else { return d.in_file(file.clone()) };
    let mut locator = crate::monitoring::locate::Locator::open(info);
    match locator.nth_line(*line) {
        Some(text) => {
            let len = text.split(',').next().map_or(1, |c| c.chars().count().max(1));
            d.with_pos(file.clone(), Pos { line: usize::try_from(*line).unwrap_or(usize::MAX), col: 1, len, text: Some(text) })
        }
        // A workbook (or a decoded CSV): the row's first cell.
        None => locator.locate(d, file, crate::monitoring::locate::Place { byte: 0, line: *line }, 0),
    }
}
