//! The sheets of a portfolio's summary, of `verify` and of `check`, built from their report
//! types ([`crate::portfolio::Portfolio`], [`crate::report::verify::VerifyJson`],
//! diagnostics).

use super::{Cell, Sheet};
use crate::diag::Diagnostic;
use crate::portfolio::{Portfolio, TARGETS_SOURCE, Totals};
use crate::report::diagnostics::DiagnosticJson;
use crate::report::portfolio::Failed;
use crate::report::verify::VerifyJson;
use crate::report::words::word;

const TOTALS: &[&str] = &["credits", "reserve", "japan_government", "itmo", "corresponding_adjustment"];

fn totals(t: &Totals) -> [Cell; 5] {
    [
        Cell::Whole(t.credits),
        Cell::Whole(t.reserve),
        Cell::Whole(t.japan_government),
        Cell::Whole(t.itmo),
        Cell::Whole(t.corresponding_adjustment),
    ]
}

/// The portfolio summary: totals, then by project, country, vintage and party, the targets,
/// and the projects that could not be computed.
pub fn portfolio_sheets(p: &Portfolio, failed: &[Failed]) -> Vec<Sheet> {
    let mut summary = Sheet::new("Portfolio", &["measure", "value"]);
    summary.push(vec![Cell::text("projects_computed"), Cell::whole(p.computed)]);
    summary.push(vec![Cell::text("projects_failed"), Cell::whole(p.failed)]);
    for (name, cell) in TOTALS.iter().zip(totals(&p.totals)) {
        summary.push(vec![Cell::text(*name), cell]);
    }
    let source = if p.default_targets { TARGETS_SOURCE } else { "set on the command line (--target)" };
    summary.push(vec![Cell::text("targets_source"), Cell::text(source)]);

    let mut by_project = Sheet::new("By project", &[&["project", "path", "country", "methodology", "periods"], TOTALS].concat());
    for l in &p.by_project {
        let mut row =
            vec![Cell::text(&l.id), Cell::text(&l.path), Cell::text(&l.country), Cell::text(&l.methodology), Cell::whole(l.periods)];
        row.extend(totals(&l.totals));
        by_project.push(row);
    }
    let mut by_country = Sheet::new("By country", &[&["country", "name", "article6_status", "projects"], TOTALS].concat());
    for (code, c) in &p.by_country {
        let mut row = vec![Cell::text(code), Cell::text(&c.name), Cell::maybe(c.status.map(word)), Cell::whole(c.projects)];
        row.extend(totals(&c.totals));
        by_country.push(row);
    }
    let mut by_vintage = Sheet::new("By vintage", &["year", "credits", "projects"]);
    for (year, v) in &p.by_vintage {
        by_vintage.push(vec![Cell::Plain((*year).into()), Cell::Whole(v.credits), Cell::whole(v.projects)]);
    }
    let mut by_party = Sheet::new("By party", &["party", "credits", "itmo"]);
    for (party, v) in &p.by_party {
        by_party.push(vec![Cell::text(party.key()), Cell::Whole(v.credits), Cell::Whole(v.itmo)]);
    }
    let mut targets = Sheet::new("Targets", &["target", "tco2", "credits", "percent"]);
    for t in &p.targets {
        targets.push(vec![Cell::text(&t.name), Cell::Whole(t.tco2), Cell::Whole(t.credits), Cell::Figure(t.percent)]);
    }
    let mut out = vec![summary, by_project, by_country, by_vintage, by_party, targets];
    if !failed.is_empty() {
        out.push(diagnostics_sheet("Errors", failed.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (Some(f.path.as_str()), d)))));
    }
    out
}

const DIAGNOSTIC: &[&str] = &["code", "severity", "file", "line", "column", "message", "hint"];

/// Diagnostics, one per row; with the path of the project each belongs to when given.
fn diagnostics_sheet<'a>(name: &'static str, ds: impl Iterator<Item = (Option<&'a str>, &'a Diagnostic)>) -> Sheet {
    let ds: Vec<(Option<&str>, &Diagnostic)> = ds.collect();
    let with_path = ds.iter().any(|(p, _)| p.is_some());
    let header = if with_path { [&["project_path"], DIAGNOSTIC].concat() } else { DIAGNOSTIC.to_vec() };
    let mut sheet = Sheet { name, header, rows: Vec::new() };
    for (path, d) in ds {
        let j = DiagnosticJson::from(d);
        let mut row = if with_path { vec![Cell::maybe(path)] } else { Vec::new() };
        row.extend([
            Cell::text(j.code),
            Cell::text(word(j.severity)),
            Cell::maybe(j.file),
            j.line.and_then(|n| i64::try_from(n).ok()).map_or(Cell::Empty, Cell::Plain),
            j.column.and_then(|n| i64::try_from(n).ok()).map_or(Cell::Empty, Cell::Plain),
            Cell::text(j.message),
            Cell::maybe(j.hint),
        ]);
        sheet.push(row);
    }
    sheet
}

/// `check --format xlsx`: the counts, then every finding in the order found.
pub fn check_sheets(found: &[Diagnostic]) -> Vec<Sheet> {
    let errors = found.iter().filter(|d| d.is_error()).count();
    let mut summary = Sheet::new("Summary", &["measure", "value"]);
    summary.push(vec![Cell::text("errors"), Cell::whole(errors)]);
    summary.push(vec![Cell::text("warnings"), Cell::whole(found.len() - errors)]);
    vec![summary, diagnostics_sheet("Findings", found.iter().map(|d| (None, d)))]
}

/// `verify --format xlsx`: the figures compared, what was compared with what, the inputs and,
/// with `--explain`, the trace.
pub fn verify_sheets(v: &VerifyJson) -> Vec<Sheet> {
    let mut figures = Sheet::new(
        "Verification",
        &["project", "period", "figure", "reported", "recomputed", "difference", "compared_at", "verdict", "direction"],
    );
    for f in &v.figures {
        figures.push(vec![
            Cell::text(&v.project.id),
            Cell::text(f.period.as_deref().unwrap_or("whole report")),
            Cell::text(f.figure),
            // As written in the reported file: `8129.0` stays `8129.0`.
            Cell::text(&f.reported),
            f.recomputed.as_deref().map_or(Cell::Empty, Cell::figure),
            f.difference.map_or(Cell::Empty, Cell::Figure),
            Cell::text(&f.compared_at),
            Cell::text(word(f.verdict)),
            f.direction.map_or(Cell::Empty, |d| Cell::text(word(d))),
        ]);
    }
    let mut summary = Sheet::new("Summary", &["field", "value"]);
    let r = &v.reported;
    for (k, val) in [
        ("project", Cell::text(&v.project.id)),
        ("methodology", Cell::text(&v.project.methodology)),
        ("methodology_version", Cell::text(&v.project.methodology_version)),
        ("passes", Cell::Flag(v.passes)),
        ("reported_file", Cell::text(&r.file)),
        ("reported_sha256", Cell::text(&r.sha256)),
        ("reported_project", Cell::maybe(r.project.as_deref())),
        ("reported_source", Cell::maybe(r.source.as_deref())),
        ("reported_jcm_version", Cell::maybe(r.jcm_version.as_deref())),
        ("tolerance", Cell::text(&v.tolerance)),
        ("rule", Cell::text(v.rule)),
    ] {
        summary.push(vec![Cell::text(k), val]);
    }
    let mut out = vec![figures, summary];
    if !v.inputs_compared.is_empty() {
        let mut compared = Sheet::new("Inputs compared", &["role", "ours", "theirs", "same"]);
        for i in v.inputs_compared {
            compared.push(vec![Cell::text(&i.role), Cell::maybe(i.ours.as_deref()), Cell::maybe(i.theirs.as_deref()), Cell::Flag(i.same)]);
        }
        out.push(compared);
    }
    let mut inputs = Sheet::new("Inputs", &["role", "path", "sha256", "bundled", "jcm_version"]);
    for f in &v.inputs.files {
        inputs.push(vec![
            Cell::text(f.role),
            Cell::text(&f.path),
            Cell::text(&f.sha256),
            Cell::Flag(f.bundled),
            Cell::text(v.inputs.jcm_version),
        ]);
    }
    out.push(inputs);
    if let Some(t) = &v.trace {
        out.push(super::project::trace_sheet(&v.project.id, t));
    }
    out
}
