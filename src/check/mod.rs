//! `jcm check`: every validation `jcm` knows, run over methodology files and project folders
//! without printing results, reporting *all* findings rather than the first.
//!
//! A project goes as far as it can: its TOML and methodology (and any `TODO` that `jcm new` left) ([`crate::pipeline::files::project_all`]
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

use crate::diag::{Code, Diagnostic, Pos};
use crate::methodology::bundled;
use crate::monitoring::files::Files;
use crate::project::{self, Project};
use crate::{compute, pipeline};
use std::path::{Path, PathBuf};

/// What a command-line path names (resolved by `jcm check`'s command, which reads the folders).
pub enum Target {
    Project(PathBuf),
    Methodology(PathBuf),
    Bundled(String),
}

/// Check every target, its monitoring files opened through `files`; diagnostics in the order
/// found, without repeats.
pub fn targets(files: &dyn Files, targets: impl IntoIterator<Item = Result<Target, Diagnostic>>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    // A set beside the list: 40,000 diagnostics are deduplicated in linear time.
    let mut seen = std::collections::HashSet::new();
    for t in targets {
        for d in target(files, t) {
            if seen.insert(d.clone()) {
                out.push(d);
            }
        }
    }
    out
}

/// Everything wrong with one target (or the reason it could not be resolved).
fn target(files: &dyn Files, t: Result<Target, Diagnostic>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match t {
        Err(d) => out.push(d),
        Ok(Target::Project(dir)) => check_project(files, &dir, &mut out),
        Ok(Target::Methodology(file)) => match crate::pipeline::files::methodology_file(&file) {
            Ok(m) => out.extend(unused::check(&m)),
            Err(f) => out.extend(f.0),
        },
        Ok(Target::Bundled(id)) => match bundled::get(&id) {
            Some(Ok(m)) => out.extend(unused::check(&m)),
            Some(Err(f)) => out.extend(f.0),
            None => {}
        },
    }
    out
}

fn check_project(files: &dyn Files, dir: &Path, out: &mut Vec<Diagnostic>) {
    let (project, src, diags) = crate::pipeline::files::project_all(dir);
    out.extend(diags);
    // A file that cannot be read is already an error of the load.
    if let Some(src) = &src {
        out.extend(placeholders::check(src));
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
    let (mon, d) = pipeline::read_plain(files, &project, &mut |r| watch.see(r));
    let read_failed = d.has_errors();
    out.extend(d.items);
    if mon.rows_outside > 0 {
        out.push(rows_outside(files, &project, &mon));
    }
    out.extend(months::check(&project, &mon));
    out.extend(watch.finish(files, &project, &mon.files));
    if read_failed || out.iter().any(Diagnostic::is_error) {
        return;
    }
    // Nothing so far is an error: evaluate every period. Without meter corrections the readings
    // just read are the ones the calculation uses; corrections need a read of their own (the
    // uncorrected read made here still serves to find their directions).
    let calc =
        if project.corrections.is_empty() { compute::calculate(&project, &mon) } else { pipeline::calculate(files, &project, Some(&mon)) };
    match calc {
        Ok(calc) => {
            out.extend(calc.warnings);
            out.extend(calc.problems);
        }
        Err(f) => out.extend(f.0),
    }
}

fn rows_outside(files: &dyn Files, project: &Project, mon: &crate::monitoring::Monitoring) -> Diagnostic {
    let n = mon.rows_outside;
    let d = Diagnostic::new(Code::RowsOutside, format!("{n} monitoring rows fall outside every monitoring period and are not used"))
        .hint("a reading belongs to the period whose dates contain it; check the dates, or add the period");
    let Some((file, line)) = &mon.first_outside else { return d.in_file(project.src.path.clone()) };
    let Some(info) = mon.files.iter().find(|f| f.path == *file) else { return d.in_file(file.clone()) };
    let mut locator = crate::monitoring::locate::Locator::open(files, info);
    match locator.nth_line(*line) {
        Some(text) => {
            let len = text.split(',').next().map_or(1, |c| c.chars().count().max(1));
            d.with_pos(file.clone(), Pos { line: usize::try_from(*line).unwrap_or(usize::MAX), col: 1, len, text: Some(text) })
        }
        // A workbook (or a decoded CSV): the row's first cell.
        None => locator.locate(d, file, crate::monitoring::locate::Place { byte: 0, line: *line }, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::files::seen::Seen;
    use crate::pipeline::files::Disk;

    /// `jcm check` reads a project's monitoring files once, and the calculation after the
    /// checks uses that read; a project with meter corrections reads them once more, corrected.
    #[test]
    fn check_reads_the_monitoring_once_unless_corrections_need_a_read_of_their_own() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for (example, reads) in [("examples/mn-darkhan-solar", 1), ("examples/minigrid-meter-correction", 2)] {
            let dir = root.join(example);
            let (project, _) = crate::pipeline::files::project(&dir).expect("the example loads");
            let seen = Seen::new(&Disk);
            let found = targets(&seen, [Ok(Target::Project(dir))]);
            assert!(!found.iter().any(Diagnostic::is_error), "{example}: {found:?}");
            let opened = seen.opened();
            assert_eq!(opened.len(), reads * project.monitoring_files.len(), "{example}: {opened:?}");
            assert!(opened.iter().all(|p| project.monitoring_files.contains(p)), "{example}: {opened:?}");
        }
    }
}
