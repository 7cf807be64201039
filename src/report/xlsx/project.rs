//! The sheets of `calc --format xlsx` (one project or several): projects, periods, vintages,
//! allocation, the CCS reserve, corrections, warnings, inputs and, with `--explain`, the
//! trace; and the sheets of `calc --ex-ante`. Built from the report alone
//! ([`ProjectReport`], the ex-ante JSON), so the workbook holds the same figures as the JSON of
//! the same run.

use super::{Cell, Sheet};
use crate::report::exante::ExAnteJson;
use crate::report::explain::trace_rows;
use crate::report::model::ProjectReport;

const PROJECTS: &[&str] = &[
    "project",
    "title",
    "country",
    "methodology",
    "methodology_version",
    "methodology_fidelity",
    "mitigation",
    "crediting_start",
    "crediting_end",
    "credits",
    "reserve",
    "corresponding_adjustment",
    "rows_used",
    "rows_outside",
    "credit_rounding",
    "vintage_split",
    "allocation",
];

const PERIODS: &[&str] = &["project", "period", "start", "end", "days", "RE", "PE", "ER", "credits", "vintage_split", "itmo"];

/// The columns of credits set aside (a CCS reserve, a reversal buffer), when a project has them.
const PERIODS_RESERVE: &[&str] = &["reserve", "for_allocation"];

/// The CCS columns of the periods sheet, after the others, when a project is a CCS project.
const PERIODS_CCS: &[&str] = &["net_reduction", "applies_to", "before", "after", "net_reduction_effect", "ER_credited"];

/// The sheets of one or more computed projects.
pub fn calc_sheets(docs: &[ProjectReport]) -> Vec<Sheet> {
    let mut projects = Sheet::new("Projects", PROJECTS);
    let ccs = docs.iter().any(|d| d.periods.iter().any(|p| p.er_credited.is_some()));
    let reserve = docs.iter().any(|d| d.periods.iter().any(|p| p.reserve.is_some()));
    let mut header = PERIODS.to_vec();
    if reserve {
        header.extend(PERIODS_RESERVE);
    }
    if ccs {
        header.extend(PERIODS_CCS);
    }
    let mut periods = Sheet { name: "Periods", header, rows: Vec::new() };
    let mut vintages = Sheet::new(
        "Vintages",
        if reserve { &["project", "period", "year", "credits", "reserve"] } else { &["project", "period", "year", "credits"] },
    );
    let mut allocation = Sheet::new("Allocation", &["project", "period", "party", "credits", "itmo"]);
    let mut by_source = Sheet::new("PE by source", &["project", "period", "symbol", "PE"]);
    let mut ledger = Sheet::new(
        "Reserve",
        &["project", "kind", "period", "date", "credits", "leaked", "lost", "due", "cancelled", "shortfall", "balance", "description"],
    );
    let mut corrections = Sheet::new(
        "Corrections",
        &["project", "parameter", "point", "from", "to", "error", "direction", "factor", "why", "readings", "reason"],
    );
    let mut warnings = Sheet::new("Warnings", &["project", "warning"]);
    let mut inputs = Sheet::new("Inputs", &["project", "role", "path", "sha256", "bundled", "jcm_version"]);
    let mut trace = Sheet::new("Trace", &["project", "period", "step", "symbol", "point", "value", "unit", "detail"]);
    for d in docs {
        let id = || Cell::text(&d.project.id);
        let h = &d.project;
        projects.push(vec![
            id(),
            Cell::text(&h.title),
            Cell::text(&h.country),
            Cell::text(&h.methodology),
            Cell::text(&h.methodology_version),
            Cell::text(h.methodology_fidelity),
            Cell::text(h.mitigation.unwrap_or("reduction")),
            Cell::date(&h.crediting_period.start),
            Cell::date(&h.crediting_period.end),
            Cell::Whole(d.issuance.credits),
            Cell::Whole(d.issuance.reserve),
            Cell::Whole(d.issuance.corresponding_adjustment),
            Cell::whole(d.monitoring.rows_used),
            Cell::whole(d.monitoring.rows_outside),
            Cell::text(d.settings.credit_rounding),
            Cell::text(d.settings.vintage_split),
            Cell::text(&d.settings.allocation),
        ]);
        for p in &d.periods {
            let mut row = vec![
                id(),
                Cell::text(&p.id),
                Cell::date(&p.start),
                Cell::date(&p.end),
                Cell::Whole(p.days),
                Cell::Figure(p.re),
                Cell::Figure(p.pe),
                Cell::Figure(p.er),
                Cell::Whole(p.credits),
                Cell::text(p.vintage_split),
                Cell::Flag(p.itmo),
            ];
            if reserve {
                row.extend([p.reserve.map_or(Cell::Empty, Cell::Whole), p.for_allocation.map_or(Cell::Empty, Cell::Whole)]);
            }
            if ccs {
                let n = p.net_reduction.as_ref();
                row.extend([
                    Cell::maybe(n.map(|n| n.method)),
                    Cell::maybe(n.map(|n| n.applies_to)),
                    n.map_or(Cell::Empty, |n| Cell::Figure(n.before)),
                    n.map_or(Cell::Empty, |n| Cell::Figure(n.after)),
                    n.map_or(Cell::Empty, |n| Cell::Figure(n.effect)),
                    p.er_credited.map_or(Cell::Empty, Cell::Figure),
                ]);
            }
            periods.push(row);
            for v in &p.vintages {
                let mut row = vec![id(), Cell::text(&p.id), Cell::Plain(v.year.into()), Cell::Whole(v.credits)];
                if reserve {
                    row.push(v.reserve.map_or(Cell::Empty, Cell::Whole));
                }
                vintages.push(row);
            }
            for s in &p.allocation {
                allocation.push(vec![id(), Cell::text(&p.id), Cell::text(s.party.key()), Cell::Whole(s.credits), Cell::Flag(s.itmo)]);
            }
            for s in &p.pe_by_source {
                by_source.push(vec![id(), Cell::text(&p.id), Cell::text(&s.symbol), Cell::Figure(s.value)]);
            }
        }
        for s in &d.issuance.allocation {
            allocation.push(vec![id(), Cell::text("all periods"), Cell::text(s.party.key()), Cell::Whole(s.credits), Cell::Flag(s.itmo)]);
        }
        for e in d.reserve_ledger.iter().flat_map(|l| &l.entries) {
            ledger.push(vec![
                id(),
                Cell::text(e.kind),
                Cell::maybe(e.period.as_deref()),
                e.date.as_deref().map_or(Cell::Empty, Cell::date),
                e.credits.map_or(Cell::Empty, Cell::Whole),
                e.leaked.map_or(Cell::Empty, Cell::Figure),
                e.lost.map_or(Cell::Empty, Cell::Figure),
                e.due.map_or(Cell::Empty, Cell::Whole),
                e.cancelled.map_or(Cell::Empty, Cell::Whole),
                e.shortfall.map_or(Cell::Empty, Cell::Whole),
                Cell::Whole(e.balance),
                Cell::maybe(e.description.as_deref()),
            ]);
        }
        for c in &d.corrections {
            corrections.push(vec![
                id(),
                Cell::text(&c.parameter),
                Cell::maybe(c.point.as_deref()),
                Cell::date(&c.from),
                Cell::date(&c.to),
                Cell::figure(&c.error),
                Cell::text(c.direction),
                Cell::figure(&c.factor),
                Cell::text(c.why),
                Cell::whole(c.readings),
                Cell::maybe(c.reason.as_deref()),
            ]);
        }
        for w in &d.warnings {
            warnings.push(vec![id(), Cell::text(w)]);
        }
        for f in &d.inputs.files {
            inputs.push(vec![
                id(),
                Cell::text(f.role),
                Cell::text(&f.path),
                Cell::text(&f.sha256),
                Cell::Flag(f.bundled),
                Cell::text(d.inputs.jcm_version),
            ]);
        }
        for r in trace_rows(d.trace.as_deref().unwrap_or_default()) {
            trace.push(trace_row(id(), r));
        }
    }
    let traced = docs.iter().any(|d| d.trace.is_some());
    let mut out = vec![projects, periods, vintages, allocation];
    out.extend([by_source, ledger, corrections, warnings].into_iter().filter(|s| !s.rows.is_empty()));
    out.push(inputs);
    if traced {
        out.push(trace);
    }
    out
}

fn trace_row(project: Cell, r: crate::report::explain::TraceRow) -> Vec<Cell> {
    vec![
        project,
        Cell::text(r.period),
        Cell::text(r.step),
        Cell::text(r.symbol),
        Cell::maybe(r.point),
        Cell::figure(&r.value),
        Cell::text(r.unit),
        Cell::text(r.detail),
    ]
}

/// The trace sheet alone (`verify --explain`).
pub fn trace_sheet(project: &str, traces: &[crate::report::trace::PeriodTrace]) -> Sheet {
    let mut trace = Sheet::new("Trace", &["project", "period", "step", "symbol", "point", "value", "unit", "detail"]);
    for r in trace_rows(traces) {
        trace.push(trace_row(Cell::text(project), r));
    }
    trace
}

/// The sheets of `calc --ex-ante`: the annual estimate, its years, and every value it used.
pub fn exante_sheets(docs: &[ExAnteJson]) -> Vec<Sheet> {
    let mut estimate = Sheet::new(
        "Estimate",
        &[
            "project",
            "title",
            "country",
            "methodology",
            "methodology_version",
            "basis",
            "days",
            "RE",
            "PE",
            "ER",
            "credits",
            "total_credits",
            "credit_rounding",
        ],
    );
    let mut years = Sheet::new("Years", &["project", "year", "start", "end", "RE", "PE", "ER", "credits"]);
    let mut values = Sheet::new("Values", &["project", "symbol", "point", "value", "unit", "origin"]);
    let mut warnings = Sheet::new("Warnings", &["project", "warning"]);
    for d in docs {
        let id = || Cell::text(&d.project.id);
        let e = &d.estimate;
        estimate.push(vec![
            id(),
            Cell::text(&d.project.title),
            Cell::text(&d.project.country),
            Cell::text(&d.project.methodology),
            Cell::text(&d.project.methodology_version),
            Cell::text(&e.basis),
            Cell::Whole(e.days),
            Cell::Figure(e.annual.re),
            Cell::Figure(e.annual.pe),
            Cell::Figure(e.annual.er),
            Cell::Whole(e.annual.credits),
            e.total_credits.map_or(Cell::Empty, Cell::Whole),
            Cell::text(d.settings.credit_rounding),
        ]);
        for y in &e.years {
            years.push(vec![
                id(),
                Cell::whole(y.year),
                Cell::date(&y.start),
                Cell::date(&y.end),
                Cell::Figure(y.figures.re),
                Cell::Figure(y.figures.pe),
                Cell::Figure(y.figures.er),
                Cell::Whole(y.figures.credits),
            ]);
        }
        for v in &d.values {
            values.push(vec![
                id(),
                Cell::text(&v.symbol),
                Cell::maybe(v.point.as_deref()),
                Cell::figure(&v.value),
                Cell::text(&v.unit),
                Cell::text(&v.origin),
            ]);
        }
        for w in &d.warnings {
            warnings.push(vec![id(), Cell::text(w)]);
        }
    }
    let mut out = vec![estimate];
    out.extend([years, values, warnings].into_iter().filter(|s| !s.rows.is_empty()));
    out
}
