//! `jcm calc A B C` and `jcm calc DIR`: every project computed in parallel, in a fixed output
//! order, then the portfolio summary.
//!
//! A project that fails does not stop the others: its diagnostics go to stderr, it is listed
//! under `errors` in the JSON (and under "Not counted" in the tables), it is left out of every
//! total, and the exit status is 2. The output of the projects that were computed is printed,
//! so one bad folder in a hundred does not hide the other ninety-nine. A project that is there
//! twice (the same id, or the same monitoring files) is double counting: the second folder is
//! treated the same way, with error JCM-E063 naming both.

use super::Args;
use crate::batch::{self, Jobs};
use crate::cmd::{Done, Output};
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
    if !failed.is_empty() {
        diagnostics.push(not_counted(&failed, done.len()));
    }
    // A project counted twice is left out the second time, as an error: the totals count it once.
    let twice = duplicates(&done);
    for (i, d) in &twice {
        failed.push(Failed { path: done[*i].0.display().to_string(), diagnostics: vec![d.clone()] });
    }
    for (i, _) in twice.iter().rev() {
        done.remove(*i);
    }
    diagnostics.extend(twice.into_iter().map(|(_, d)| d));

    let members: Vec<Member<'_>> = done.iter().map(|(path, project, calc)| Member { path, project, calc }).collect();
    let default_targets = args.targets.is_empty();
    let targets = if default_targets { portfolio::default_targets() } else { args.targets.clone() };
    let summary = portfolio::summarise(&members, failed.len(), &targets, default_targets).map_err(Failure::one)?;
    let items: Vec<(&Project, &Calculation)> = done.iter().map(|(_, p, c)| (p, c)).collect();
    let stdout = render(args, &items, &summary, &failed)?;
    // 2: a project could not be used or was there twice; 1: all were, but one found a problem (a CCS reserve shortfall).
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
fn render(args: &Args, items: &[(&Project, &Calculation)], summary: &portfolio::Portfolio, failed: &[Failed]) -> anyhow::Result<Output> {
    // Each project's report is built once, whatever the format.
    let reports = || items.iter().map(|(p, c)| report::model::build(p, c));
    Ok(match (args.format, args.summary) {
        (Format::Json, summary_only) => report::portfolio::json((!summary_only).then(|| reports().collect()), summary, failed).into(),
        (Format::Csv, false) => report::csv::render(&reports().collect::<Vec<_>>().iter().collect::<Vec<_>>()).into(),
        (Format::Csv, true) => report::portfolio::summary_csv(summary).into(),
        (Format::Xlsx, summary_only) => {
            let mut sheets = report::xlsx::summary::portfolio_sheets(summary, failed);
            if !summary_only {
                sheets.extend(report::xlsx::project::calc_sheets(&reports().collect::<Vec<_>>()));
            }
            crate::cmd::workbook(&sheets)?
        }
        (Format::Table, summary_only) => {
            let mut out = String::new();
            if !summary_only {
                for ((p, c), rep) in items.iter().zip(reports()) {
                    out.push_str(&report::table::render(&rep, p, c));
                    out.push('\n');
                }
            }
            out.push_str(&report::portfolio_table::render(summary, failed));
            out.into()
        }
    })
}

/// The projects that repeat an earlier one of the run, by index, each with its error: the same
/// project id, or the same monitoring files (every one with the same SHA-256). Either way the
/// same reductions would be counted twice.
fn duplicates(done: &[(&Path, Project, Calculation)]) -> Vec<(usize, Diagnostic)> {
    fn monitoring(c: &Calculation) -> Vec<&str> {
        let mut d: Vec<&str> = c.inputs.iter().filter(|f| f.role == crate::inputs::Role::Monitoring).map(|f| f.sha256.as_str()).collect();
        d.sort_unstable();
        d
    }
    let mut out = Vec::new();
    for (i, (path, p, c)) in done.iter().enumerate() {
        let ours = monitoring(c);
        let earlier = done[..i].iter().find_map(|(first, q, d)| {
            if q.id == p.id {
                Some((first, format!("project id {}", p.id)))
            } else if !ours.is_empty() && monitoring(d) == ours {
                Some((first, format!("the same monitoring files (SHA-256) as project {}", q.id)))
            } else {
                None
            }
        });
        if let Some((first, why)) = earlier {
            out.push((
                i,
                Diagnostic::new(
                    Code::DuplicateProject,
                    format!(
                        "{} and {} hold the same project ({why}): {} is left out, so its credits are counted once",
                        first.display(),
                        path.display(),
                        path.display()
                    ),
                )
                .in_file(p.src.path.clone())
                .hint("keep one folder per project; if they are different projects, give each its own id and its own monitoring data"),
            ));
        }
    }
    out
}
