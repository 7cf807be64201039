//! `--format csv`: one tidy table, one row per monitoring period, plain numbers (no
//! separators), ISO dates. Several projects share one header. `reserve`, `net_reduction`,
//! `net_reduction_effect` and `for_allocation` are the CCS columns (0, empty, empty and the
//! credits for other projects).

use super::exact;
use super::model::{PeriodReport, ProjectReport};
use crate::engine::allocation::Party;

pub const HEADER: &[&str] = &[
    "project",
    "period",
    "start",
    "end",
    "days",
    "RE",
    "PE",
    "ER",
    "credits",
    "reserve",
    "japan_government",
    "partner_government",
    "project_participants",
    "partner_and_participants",
    "itmo",
    "vintages",
    "net_reduction",
    "net_reduction_effect",
    "for_allocation",
];

fn party(p: &PeriodReport, which: Party) -> String {
    p.credits_of(which, None).map(|n| n.to_string()).unwrap_or_default()
}

/// The rows of one project.
pub fn rows(r: &ProjectReport) -> Vec<Vec<String>> {
    r.periods
        .iter()
        .map(|p| {
            let vintages: Vec<String> = p.vintages.iter().map(|v| format!("{}:{}", v.year, v.credits)).collect();
            vec![
                r.project.id.clone(),
                p.id.clone(),
                p.start.clone(),
                p.end.clone(),
                p.days.to_string(),
                exact(p.re),
                exact(p.pe),
                exact(p.er),
                p.credits.to_string(),
                p.reserve.unwrap_or(0).to_string(),
                party(p, Party::JapanGovernment),
                party(p, Party::PartnerGovernment),
                party(p, Party::ProjectParticipants),
                party(p, Party::PartnerAndParticipants),
                p.itmo.to_string(),
                vintages.join(";"),
                p.net_reduction.as_ref().map(|n| n.method.to_string()).unwrap_or_default(),
                p.net_reduction.as_ref().map(|n| super::exact(n.effect)).unwrap_or_default(),
                p.for_allocation.unwrap_or(p.credits).to_string(),
            ]
        })
        .collect()
}

pub fn render(reports: &[&ProjectReport]) -> String {
    document(HEADER, reports.iter().flat_map(|r| rows(r)))
}

/// The rows of one project without the header, as they follow it in [`render`] (a streamed
/// portfolio prints the header once, then each project's rows as it is done).
pub fn project_rows(report: &ProjectReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows(report) {
        // Writing into memory cannot fail, and every row has one cell per header column.
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A CSV document as every command prints it: the header, then the rows, RFC 4180 quoting.
pub fn document<R, C>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = C>,
    C: AsRef<[u8]>,
{
    // Writing into memory cannot fail, and every report gives each row as many cells as its
    // header: the errors the csv crate could return do not arise.
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
