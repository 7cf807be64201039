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
use crate::portfolio::{self, Contribution, Member, Summary};
use crate::progress::Progress;
use crate::project::Project;
use crate::project::load::is_pdd_stage;
use crate::report::portfolio::Failed;
use crate::report::{self, Format};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What became of one project of the run.
enum Outcome {
    /// Boxed: a project and its calculation are large beside the other two.
    Computed(Box<(Project, Calculation)>),
    /// At the PDD stage: estimated (`--ex-ante`), not part of a portfolio of credits.
    PddStage,
    Failed(anyhow::Error),
}

/// What a worker hands on for one project: its output and what the summary needs, never the
/// project or its calculation (a run of ten thousand projects keeps ten thousand of these
/// only as long as they wait for an earlier, slower project).
struct Finished {
    /// The project's part of stdout (empty with `--summary` or when it was not computed).
    text: String,
    /// Its report, for a workbook (which is written whole at the end).
    report: Option<Box<report::model::ProjectReport>>,
    kind: Kind,
    /// Its warnings and problems, for stderr.
    warnings: Vec<Diagnostic>,
}

enum Kind {
    Computed {
        /// Boxed: it is large beside the other two.
        contribution: Box<Contribution>,
        id: String,
        src: String,
        /// The SHA-256 of each of its monitoring files, sorted.
        monitoring: Vec<String>,
        problems: bool,
    },
    PddStage,
    Failed(Failed),
}

/// How each project is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Only the summary at the end.
    Summary,
    Table,
    Csv,
    Json,
    /// A workbook or an HTML page: every project's report is gathered and the document made at
    /// the end (a workbook is one zip archive; the page opens with the portfolio).
    Whole,
}

/// Compute every project, printing each to `out` in the order of `paths` as soon as it and
/// those before it are done, then the portfolio summary.
///
/// The projects' output streams, so a run that stops part-way (the output cannot be written,
/// or the portfolio's totals overflow) leaves what was printed before; the diagnostics say why.
pub fn run(args: &Args, paths: &[PathBuf], out: &mut dyn Write) -> anyhow::Result<Done> {
    let shape = match (args.format, args.summary) {
        (Format::Xlsx | Format::Html, _) => Shape::Whole,
        (_, true) => Shape::Summary,
        (Format::Table, false) => Shape::Table,
        (Format::Csv, false) => Shape::Csv,
        (Format::Json, false) => Shape::Json,
    };
    let progress = Progress::for_terminal(paths.len(), "projects");
    let mut run = Run::new();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let opening = match shape {
        Shape::Csv => report::csv::render(&[]),
        Shape::Json => report::portfolio::json_head(),
        Shape::Table | Shape::Summary | Shape::Whole => String::new(),
    };
    let written = out.write_all(opening.as_bytes()).and_then(|()| {
        let jobs = Jobs(args.jobs.map(usize::from));
        batch::for_each_ordered(paths, jobs, &progress, |p| finish(p, shape), |f| progress.suspend(|| run.take(f, shape, &mut out)))
    });
    progress.finish();
    if let Err(e) = written {
        return stopped(&e, run.diagnostics);
    }
    let Run { mut diagnostics, summary, mut failed, computed, problems, twice, reports, .. } = run;
    if !failed.is_empty() {
        diagnostics.push(not_counted(&failed, computed + twice.len()));
    }
    // A project counted twice is left out the second time, as an error: the totals count it once.
    for f in twice {
        diagnostics.extend(f.diagnostics.iter().cloned());
        failed.push(f);
    }
    let default_targets = args.targets.is_empty();
    let targets = if default_targets { portfolio::default_targets() } else { args.targets.clone() };
    let summary = match summary {
        Ok(s) => s.finish(failed.len(), &targets, default_targets),
        Err(d) => {
            diagnostics.push(d);
            return Err(Failure(diagnostics).into());
        }
    };
    if shape == Shape::Whole {
        let stdout = if args.format == Format::Html {
            let docs = if args.summary { Vec::new() } else { reports };
            report::html::projects(&docs, Some((&summary, &failed))).into()
        } else {
            let mut sheets = report::xlsx::summary::portfolio_sheets(&summary, &failed);
            if !args.summary {
                sheets.extend(report::xlsx::project::calc_sheets(&reports));
            }
            crate::cmd::workbook(&sheets)?
        };
        let status = if failed.is_empty() { u8::from(problems) } else { 2 };
        return Ok(Done { stdout, diagnostics, status });
    }
    let closing = match shape {
        Shape::Whole => unreachable!("a workbook or page was made above"),
        Shape::Table => report::portfolio_table::render(&summary, &failed),
        Shape::Json => report::portfolio::json_tail(computed > 0, &summary, &failed),
        Shape::Summary => match args.format {
            Format::Json => report::portfolio::json(None, &summary, &failed),
            Format::Csv => report::portfolio::summary_csv(&summary),
            Format::Table | Format::Xlsx | Format::Html => report::portfolio_table::render(&summary, &failed),
        },
        Shape::Csv => String::new(),
    };
    if let Err(e) = out.write_all(closing.as_bytes()).and_then(|()| out.flush()) {
        return stopped(&e, diagnostics);
    }
    // 2: a project could not be used or was there twice; 1: all were, but one found a problem (a CCS reserve shortfall).
    let status = if failed.is_empty() { u8::from(problems) } else { 2 };
    Ok(Done { stdout: Output::default(), diagnostics, status })
}

/// What the run has printed and added up so far, in the output order.
struct Run {
    diagnostics: Vec<Diagnostic>,
    /// The summary, or the overflow that stopped it.
    summary: Result<Summary, Diagnostic>,
    failed: Vec<Failed>,
    /// Projects printed and counted.
    computed: usize,
    problems: bool,
    /// (path, id) of every project computed, counted or not, in order.
    seen: Vec<(String, String)>,
    /// The first of `seen` with each project id, and with each set of monitoring files.
    ids: HashMap<String, usize>,
    files: HashMap<Vec<String>, usize>,
    /// The projects left out as repeats of an earlier one, in the order they were found.
    twice: Vec<Failed>,
    /// Every counted project's report, for a workbook or a page only.
    reports: Vec<report::model::ProjectReport>,
}

impl Run {
    fn new() -> Run {
        Run {
            diagnostics: Vec::new(),
            summary: Ok(Summary::default()),
            failed: Vec::new(),
            computed: 0,
            problems: false,
            seen: Vec::new(),
            ids: HashMap::new(),
            files: HashMap::new(),
            twice: Vec::new(),
            reports: Vec::new(),
        }
    }

    /// The next project in the output order: print it and add it up, unless it repeats one
    /// before it.
    fn take(&mut self, f: Finished, shape: Shape, out: &mut impl Write) -> std::io::Result<()> {
        self.diagnostics.extend(f.warnings);
        match f.kind {
            Kind::Computed { contribution, id, src, monitoring, problems } => {
                let path = contribution.line.path.clone();
                if let Some(d) = self.repeat(&path, &id, src, monitoring) {
                    self.twice.push(Failed { path, diagnostics: vec![d] });
                    return Ok(());
                }
                if let Ok(s) = &mut self.summary {
                    if let Err(d) = s.add(*contribution) {
                        self.summary = Err(d);
                    }
                }
                self.problems |= problems;
                let first = self.computed == 0;
                self.computed += 1;
                if matches!(shape, Shape::Json) && !first {
                    out.write_all(b",")?;
                }
                out.write_all(f.text.as_bytes())?;
                self.reports.extend(f.report.map(|r| *r));
            }
            Kind::PddStage => {}
            Kind::Failed(f) => {
                self.diagnostics.extend(f.diagnostics.iter().cloned());
                self.failed.push(f);
            }
        }
        Ok(())
    }

    /// The error for a project that repeats an earlier one of the run (the first earlier one
    /// with its id or its monitoring files), which is then left out; `None` for a new project.
    /// Two hash look-ups per project: comparing with every earlier one made a large run quadratic.
    fn repeat(&mut self, path: &str, id: &str, src: String, monitoring: Vec<String>) -> Option<Diagnostic> {
        let i = self.seen.len();
        self.seen.push((path.to_string(), id.to_string()));
        let by_id = *self.ids.entry(id.to_string()).or_insert(i);
        let by_files = if monitoring.is_empty() { i } else { *self.files.entry(monitoring).or_insert(i) };
        let first = by_id.min(by_files);
        if first == i {
            return None;
        }
        let (first_path, first_id) = &self.seen[first];
        let why =
            if by_id == first { format!("project id {id}") } else { format!("the same monitoring files (SHA-256) as project {first_id}") };
        Some(
            Diagnostic::new(
                Code::DuplicateProject,
                format!("{first_path} and {path} hold the same project ({why}): {path} is left out, so its credits are counted once"),
            )
            .in_file(src)
            .hint("keep one folder per project; if they are different projects, give each its own id and its own monitoring data"),
        )
    }
}

/// A run whose output could not be written: quietly over for a closed pipe (`| head`), an
/// error otherwise.
fn stopped(e: &std::io::Error, diagnostics: Vec<Diagnostic>) -> anyhow::Result<Done> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Ok(Done { stdout: Output::default(), diagnostics, status: 0 });
    }
    Err(anyhow::anyhow!("cannot write the output: {e}"))
}

/// Compute one project and render its part of the output (on a worker thread).
fn finish(path: &Path, shape: Shape) -> Finished {
    let (outcome, mut warnings) = compute(path);
    let (text, report, kind) = match outcome {
        Outcome::Computed(computed) => {
            let (project, calc) = *computed;
            let text = render_one(&project, &calc, shape);
            let report = (shape == Shape::Whole).then(|| Box::new(report::model::build(&project, &calc)));
            let contribution = Box::new(Contribution::of(&Member { path, project: &project, calc: &calc }));
            let problems = !calc.problems.is_empty();
            let mut monitoring: Vec<String> =
                calc.inputs.iter().filter(|f| f.role == crate::inputs::Role::Monitoring).map(|f| f.sha256.clone()).collect();
            monitoring.sort_unstable();
            (text, report, Kind::Computed { contribution, id: project.id.clone(), src: project.src.path.clone(), monitoring, problems })
        }
        Outcome::PddStage => {
            warnings.push(pdd_stage_warning(path));
            (String::new(), None, Kind::PddStage)
        }
        Outcome::Failed(e) => {
            let diagnostics = match e.downcast::<Failure>() {
                Ok(f) => f.0,
                Err(other) => vec![Diagnostic::new(Code::Io, format!("{other:#}")).in_file(path.display().to_string())],
            };
            (String::new(), None, Kind::Failed(Failed { path: path.display().to_string(), diagnostics }))
        }
    };
    Finished { text, report, kind, warnings }
}

/// One project's part of the output (each project's report is built once, whatever the format).
fn render_one(project: &Project, calc: &Calculation, shape: Shape) -> String {
    match shape {
        Shape::Summary | Shape::Whole => String::new(),
        Shape::Table => {
            let mut s = report::table::render(&report::model::build(project, calc));
            s.push('\n');
            s
        }
        Shape::Csv => report::csv::project_rows(&report::model::build(project, calc)),
        Shape::Json => report::portfolio::json_project(&report::model::build(project, calc)),
    }
}

/// Load and compute one project of the run; with the warnings it gave.
fn compute(path: &Path) -> (Outcome, Vec<Diagnostic>) {
    let mut warn = Vec::new();
    let outcome = match crate::pipeline::files::project(path) {
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
    crate::pipeline::files::project_ex_ante(path).is_ok_and(|(p, _)| is_pdd_stage(&p))
}

fn pdd_stage_warning(path: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::PddStage,
        format!("{} is at the PDD stage (an [estimate], no monitoring periods): it has no credits to add yet", path.display()),
    )
    .in_file(crate::pipeline::files::project_file(path).display().to_string())
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
