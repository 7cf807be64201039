//! The pipeline: the one place that orders a project's I/O and its stages.
//!
//! ```text
//! load (project, methodology)            pipeline::files, project::load::parse
//!   → row plan (static values)           compute::bind::bind_static, rows::RowEval
//!   → read monitoring, corrections        monitoring::read_observed, compute::correct
//!   → calculate (pure)                    compute::calculate
//!   → build the report                    report::model (in cmd/, per format)
//! ```
//!
//! Commands call these functions; the calculation itself does no I/O, and the monitoring reader
//! is handed the row plan instead of reaching into the calculation for it, and the files to read
//! ([`files::Disk`]) instead of opening them itself. A project whose meter
//! corrections do not all say their direction is read twice: once plain (the directions are
//! inferred from the uncorrected values), once corrected.

pub mod files;

use crate::compute::correct::{self, Corrected};
use crate::compute::{self, Calculation, bind};
use crate::diag::{Diagnostic, Failure};
use crate::monitoring::files::Files;
use crate::monitoring::model::Reading;
use crate::monitoring::reader::read_observed;
use crate::monitoring::{self, Monitoring};
use crate::project::Project;
use crate::rows::RowEval;
use std::path::Path;

/// A project loaded and computed, with every warning found on the way (loading included).
pub struct Computed {
    pub project: Project,
    pub calc: Calculation,
}

/// Load a project and compute it: the monitored calculation of `jcm calc` and `jcm verify`.
/// The calculation's warnings include those found while loading (scripts read them from the
/// JSON `warnings`, not from stderr).
pub fn compute(path: &Path) -> Result<Computed, Failure> {
    let (project, load_warnings) = files::project(path)?;
    compute_loaded(project, load_warnings)
}

/// [`compute`], for a project already loaded (with the warnings found while loading it).
pub fn compute_loaded(project: Project, load_warnings: Vec<Diagnostic>) -> Result<Computed, Failure> {
    let mut calc = calculate(&files::Disk, &project, None)?;
    calc.warnings.splice(0..0, load_warnings);
    Ok(Computed { project, calc })
}

/// Read a project's monitoring data (with its corrections, opened through `files`) and
/// calculate it; `uncorrected` is a plain read the caller already made (`jcm check` does), so it
/// is not read again.
pub fn calculate(files: &dyn Files, project: &Project, uncorrected: Option<&Monitoring>) -> Result<Calculation, Failure> {
    let corrected = read_corrected(files, project, uncorrected, &mut |_| {})?;
    let mut calc = compute::calculate(project, &corrected.mon)?;
    calc.corrections = corrected.applied;
    calc.warnings.splice(0..0, corrected.warnings);
    Ok(calc)
}

/// The row plan of a project: its row equations and the static values they start from.
pub fn row_plan(project: &Project) -> RowEval<'_> {
    RowEval::new(project, &bind::bind_static(project).values)
}

/// Read the monitoring files (opened through `files`) without corrections, showing each
/// accepted reading to `observe`; every problem found comes back with the data (the caller
/// decides whether to stop).
pub fn read_plain(files: &dyn Files, project: &Project, observe: &mut dyn FnMut(&Reading)) -> (Monitoring, crate::diag::Diags) {
    let rows = row_plan(project);
    read_observed(files, project, &rows, &[], observe)
}

/// Read the monitoring data with every correction applied; the corrected read shows each reading
/// (before correction) to `observe`.
pub fn read_corrected(
    files: &dyn Files,
    project: &Project,
    uncorrected: Option<&Monitoring>,
    observe: &mut dyn FnMut(&Reading),
) -> Result<Corrected, Failure> {
    let rows = row_plan(project);
    let resolved = match correct::given(project) {
        Some(r) => r,
        None => {
            let own;
            let plain = match uncorrected {
                Some(m) => m,
                None => {
                    own = monitoring::read(files, project, &rows, &[])?;
                    &own
                }
            };
            correct::resolve(project, &bind::bind_static(project), plain)?
        }
    };
    let factors = correct::factors(project, &resolved);
    let (mon, d) = read_observed(files, project, &rows, &factors, observe);
    let mut warnings = d.finish()?;
    let (applied, unused) = correct::applied(project, &resolved, &factors, &mon);
    warnings.extend(unused);
    Ok(Corrected { mon, applied, warnings })
}
