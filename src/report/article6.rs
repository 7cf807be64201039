//! `jcm article6` rendered: JSON (every AEF table, with the corresponding adjustment and what
//! jcm cannot know), CSV (one AEF table, under the AEF's own column labels, ready to paste into
//! the workbook) and tables for people. Renderers only: the rows come from [`crate::article6`].

use super::json::{FORMAT_VERSION, pretty};
use super::thousands;
use super::words::new_table;
use crate::article6::aef::{ActionRow, AuthorizationRow, HoldingRow, Submission};
use crate::article6::{Aef, NOT_KNOWN};
use serde::Serialize;

/// Which AEF table `--format csv` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum AefTable {
    Submission,
    Authorizations,
    #[default]
    Actions,
    Holdings,
}

#[derive(Serialize)]
struct Doc<'a> {
    format_version: u32,
    party: &'a str,
    year: i32,
    action_type: &'static str,
    submission: &'a Submission,
    authorizations: &'a [AuthorizationRow],
    actions: &'a [ActionRow],
    corresponding_adjustment: Adjustment,
    holdings_date: String,
    holdings: &'a [HoldingRow],
    undated: Vec<UndatedJson>,
    not_known: Vec<NotKnownJson>,
    serials: &'static str,
}

#[derive(Serialize)]
struct Adjustment {
    by_vintage: Vec<VintageJson>,
    total: i64,
}

#[derive(Serialize)]
struct VintageJson {
    vintage: i32,
    itmo: i64,
}

#[derive(Serialize)]
struct UndatedJson {
    project: String,
    period: String,
    itmo: i64,
}

#[derive(Serialize)]
struct NotKnownJson {
    table: &'static str,
    field: &'static str,
    why: &'static str,
}

/// How jcm numbers the ITMOs, said wherever the identifiers are shown.
pub const SERIALS: &str = "First ID and Last ID are jcm's serial identifiers (partner-project-vintage-serial); no official JCM serial format is published, and the registry's 6/CMA.4 identifiers are not known to jcm";

fn action_type(aef: &Aef) -> &'static str {
    if aef.is_japan() { "Acquisition" } else { "First transfer" }
}

pub fn json(aef: &Aef) -> String {
    pretty(&Doc {
        format_version: FORMAT_VERSION,
        party: &aef.party,
        year: aef.year,
        action_type: action_type(aef),
        submission: &aef.submission,
        authorizations: &aef.authorizations,
        actions: &aef.actions,
        corresponding_adjustment: Adjustment {
            by_vintage: aef.adjustment_by_vintage.iter().map(|(v, n)| VintageJson { vintage: *v, itmo: *n }).collect(),
            total: aef.adjustment_total,
        },
        holdings_date: aef.holdings_date.to_string(),
        holdings: &aef.holdings,
        undated: aef.undated.iter().map(|u| UndatedJson { project: u.project.clone(), period: u.period.clone(), itmo: u.itmo }).collect(),
        not_known: NOT_KNOWN.iter().map(|(table, field, why)| NotKnownJson { table, field, why }).collect(),
        serials: SERIALS,
    })
}

/// One AEF table as CSV, under the AEF's column labels.
pub fn csv(aef: &Aef, table: AefTable) -> String {
    match table {
        AefTable::Submission => super::csv::document(&Submission::LABELS, [aef.submission.cells()]),
        AefTable::Authorizations => super::csv::document(&AuthorizationRow::LABELS, aef.authorizations.iter().map(AuthorizationRow::cells)),
        AefTable::Actions => super::csv::document(&ActionRow::LABELS, aef.actions.iter().map(ActionRow::cells)),
        AefTable::Holdings => super::csv::document(&HoldingRow::LABELS, aef.holdings.iter().map(HoldingRow::cells)),
    }
}

fn or_empty(s: &str) -> String {
    if s.is_empty() { "(not known)".into() } else { s.to_string() }
}

/// The records for people: the actions, the corresponding adjustment, the holdings, and what is
/// left empty. Every AEF field is in the JSON and the CSV.
pub fn table(aef: &Aef) -> String {
    let country = if aef.is_japan() { "Japan (JP)".to_string() } else { super::table::country_name(&aef.party) };
    let mut out = format!(
        "Article 6.2 records of {country} for {} (Agreed Electronic Format, tables 1-4; every field in --format json or csv)\n\n",
        aef.year
    );
    let verb = if aef.is_japan() { "Acquisitions by Japan" } else { "First transfers to Japan" };
    out.push_str(&format!("Actions · {verb} (action date: the Joint Committee's issuance decision)\n"));
    let mut t = new_table(
        &[
            "Action date",
            "Action type",
            "Cooperative approach",
            "Authorization ID",
            "From",
            "To",
            "First ID",
            "Last ID",
            "Quantity (t CO2 eq)",
            "Vintage",
        ],
        &[8],
    );
    for a in &aef.actions {
        let (from, to) = if aef.is_japan() {
            (a.transferring_party_id.clone(), "JPN".to_string())
        } else {
            (a.units.first_transferring_party_id.clone(), a.acquiring_party_id.clone())
        };
        t.add_row(vec![
            a.action_date.clone(),
            a.action_type.clone(),
            a.units.cooperative_approach_id.clone(),
            or_empty(&a.units.authorization_id),
            from,
            to,
            a.units.first_id.clone(),
            a.units.last_id.clone(),
            thousands(a.units.quantity_tco2e),
            a.units.vintage.to_string(),
        ]);
    }
    if aef.actions.is_empty() {
        out.push_str(&format!("No ITMOs with an issuance decision in {}.\n", aef.year));
    } else {
        out.push_str(&format!("{t}\n"));
    }
    let what = if aef.is_japan() { "ITMOs acquired" } else { "Corresponding adjustment for the ITMOs first transferred" };
    out.push_str(&format!("\n{what} in {}, by vintage (t CO2 eq)\n", aef.year));
    let mut t = new_table(&["Vintage", "ITMOs"], &[1]);
    for (v, n) in &aef.adjustment_by_vintage {
        t.add_row(vec![v.to_string(), thousands(*n)]);
    }
    t.add_row(vec![format!("Total {}", aef.year), thousands(aef.adjustment_total)]);
    out.push_str(&format!("{t}\n"));

    out.push_str(&format!("\nHoldings at {}\n", aef.holdings_date));
    if aef.is_japan() {
        let mut t = new_table(&["First transferring Party", "First ID", "Last ID", "Quantity (t CO2 eq)", "Vintage"], &[3]);
        for h in &aef.holdings {
            t.add_row(vec![
                h.units.first_transferring_party_id.clone(),
                h.units.first_id.clone(),
                h.units.last_id.clone(),
                thousands(h.units.quantity_tco2e),
                h.units.vintage.to_string(),
            ]);
        }
        out.push_str(&format!("{t}\nEvery ITMO acquired by then; uses towards Japan's NDC and cancellations are not known to jcm.\n"));
    } else {
        out.push_str(
            "None: the JCM issues Japan's ITMOs straight into Japan's registry, so the partner holds no ITMOs of these projects.\n",
        );
    }
    if !aef.undated.is_empty() {
        out.push_str("\nITMOs in no year's records (their period has no `issued` date):\n");
        for u in &aef.undated {
            out.push_str(&format!("- {} {}: {} ITMOs\n", u.project, u.period, thousands(u.itmo)));
        }
    }
    out.push_str(&format!("\n{SERIALS}.\nLeft empty (not known to jcm):\n"));
    for (table, field, why) in NOT_KNOWN {
        out.push_str(&format!("- {table} · {field}: {why}\n"));
    }
    out
}
