//! `jcm calc A B C` and `jcm calc DIR`: every project computed in parallel, in a fixed output
//! order, then the portfolio summary.
//!
//! A project that fails does not stop the others: its diagnostics go to stderr, it is listed
//! under `errors` in the JSON (and under "Not counted" in the tables), it is left out of every
//! total, and the exit status is 2. The output of the projects that were computed is printed,
//! so one bad folder in a hundred does not hide the other ninety-nine.

use super::Args;
use crate::batch::{self, Jobs};
use crate::cmd::Done;
use crate::compute::Calculation;
use crate::diag::{Code, Diagnostic, Failure};
use crate::portfolio::{self, Member};
use crate::progress::Progress;
use crate::project::Project;
use crate::project::load::is_pdd_stage;
use crate::report::portfolio::Failed;
use crate::report::{self, Format};
use std::path::{Path, PathBuf};

/// What became of one project of the run.
enum Outcome {
    /// Boxed: a project and its calculation are large beside the other two.
    Computed(Box<(Project, Calculation)>),
    /// At the PDD stage: estimated (`--ex-ante`), not part of a portfolio of credits.
    PddStage,
    Failed(anyhow::Error),
}

pub fn run(args: &Args, paths: &[PathBuf]) -> anyhow::Result<Done> {
    let progress = Progress::for_terminal(paths.len(), "projects");
    let outcomes = batch::map(paths, Jobs(args.jobs.map(usize::from)), &progress, |p| compute(p))?;
    progress.finish();

    let mut diagnostics = Vec::new();
    let mut done: Vec<(&Path, Project, Calculation)> = Vec::new();
    let mut failed: Vec<Failed> = Vec::new();
    for (path, (outcome, warnings)) in paths.iter().zip(outcomes) {
        diagnostics.extend(warnings);
        match outcome {
            Outcome::Computed(computed) => {
                let (p, c) = *computed;
                done.push((path, p, c));
            }
            Outcome::PddStage => diagnostics.push(pdd_stage_warning(path)),
            Outcome::Failed(e) => {
                let ds = match e.downcast::<Failure>() {
                    Ok(f) => f.0,
                    Err(other) => vec![Diagnostic::new(Code::Io, format!("{other:#}")).in_file(path.display().to_string())],
                };
                diagnostics.extend(ds.iter().cloned());
                failed.push(Failed { path: path.display().to_string(), diagnostics: ds });
            }
        }
    }
    diagnostics.extend(duplicate_ids(&done));
    if !failed.is_empty() {
        diagnostics.push(not_counted(&failed, done.len()));
    }

    let members: Vec<Member<'_>> = done.iter().map(|(path, project, calc)| Member { path, project, calc }).collect();
    let default_targets = args.targets.is_empty();
    let targets = if default_targets { portfolio::default_targets() } else { args.targets.clone() };
    let summary = portfolio::summarise(&members, failed.len(), &targets, default_targets).map_err(Failure::one)?;
    let items: Vec<(&Project, &Calculation)> = done.iter().map(|(_, p, c)| (p, c)).collect();
    let stdout = render(args, &items, &summary, &failed);
    // 2: a project could not be used; 1: all were, but one found a problem (a CCS reserve shortfall).
    let status = if !failed.is_empty() { 2 } else { u8::from(done.iter().any(|(_, _, c)| !c.problems.is_empty())) };
    Ok(Done { stdout, diagnostics, status })
}

/// Load and compute one project of the run; with the warnings it gave.
fn compute(path: &Path) -> (Outcome, Vec<Diagnostic>) {
    let mut warn = Vec::new();
    let outcome = match crate::project::load(path) {
        Ok((project, _)) if is_pdd_stage(&project) => Outcome::PddStage,
        Ok((project, load_warnings)) => match crate::pipeline::compute_loaded(project, load_warnings) {
            Ok(crate::pipeline::Computed { project, calc }) => {
                warn.extend(calc.warnings.iter().cloned());
                warn.extend(calc.problems.iter().cloned());
                Outcome::Computed(Box::new((project, calc)))
            }
            Err(f) => Outcome::Failed(f.into()),
        },
        // A PDD-stage project usually fails the full load (it has no [allocation] yet): only
        // then is it loaded a second time, as an estimate, to tell it from a broken project.
        Err(_) if pdd_stage(path) => Outcome::PddStage,
        Err(f) => Outcome::Failed(f.into()),
    };
    (outcome, warn)
}

/// Whether the project at `path` is at the PDD stage (loads as one, without monitoring periods).
fn pdd_stage(path: &Path) -> bool {
    crate::project::load::load_ex_ante(path).is_ok_and(|(p, _)| is_pdd_stage(&p))
}

fn pdd_stage_warning(path: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::PddStage,
        format!("{} is at the PDD stage (an [estimate], no monitoring periods): it has no credits to add yet", path.display()),
    )
    .in_file(crate::project::load::project_file(path).display().to_string())
    .hint("it is left out of the portfolio; `jcm calc --ex-ante` estimates it")
}

/// The error that says which projects the totals leave out.
fn not_counted(failed: &[Failed], computed: usize) -> Diagnostic {
    let paths: Vec<&str> = failed.iter().map(|f| f.path.as_str()).collect();
    Diagnostic::new(
        Code::ProjectsFailed,
        format!(
            "{} of {} projects could not be computed and are left out of the portfolio: {}",
            failed.len(),
            computed + failed.len(),
            paths.join(", ")
        ),
    )
    .hint("the errors above say why; the other projects were computed")
}

/// The projects (unless `--summary`), then the portfolio summary, in the format asked for.
fn render(args: &Args, items: &[(&Project, &Calculation)], summary: &portfolio::Portfolio, failed: &[Failed]) -> String {
    // Each project's report is built once, whatever the format.
    let reports = || items.iter().map(|(p, c)| report::model::build(p, c));
    match (args.format, args.summary) {
        (Format::Json, summary_only) => report::portfolio::json((!summary_only).then(|| reports().collect()), summary, failed),
        (Format::Csv, false) => report::csv::render(&reports().collect::<Vec<_>>().iter().collect::<Vec<_>>()),
        (Format::Csv, true) => report::portfolio::summary_csv(summary),
        (Format::Table, summary_only) => {
            let mut out = String::new();
            if !summary_only {
                for ((p, c), rep) in items.iter().zip(reports()) {
                    out.push_str(&report::table::render(&rep, p, c));
                    out.push('\n');
                }
            }
            out.push_str(&report::portfolio_table::render(summary, failed));
            out
        }
    }
}

/// A warning for each project id that more than one folder uses: its credits would be counted
/// twice if the folders hold the same project.
fn duplicate_ids(done: &[(&Path, Project, Calculation)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, (path, p, _)) in done.iter().enumerate() {
        if let Some((first, _, _)) = done[..i].iter().find(|(_, q, _)| q.id == p.id) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateProject,
                    format!("project id {} is used by {} and by {}", p.id, first.display(), path.display()),
                )
                .in_file(p.src.path.clone())
                .hint("if both folders hold the same project, its credits are counted twice; give each project its own id"),
            );
        }
    }
    out
}
