//! Tables for people (comfy-table): the periods with RE, PE, ER and credits, the issuance and
//! allocation, the corresponding adjustment, and the rules that were applied; for a CCS project
//! the steps of its net reduction and reserve, and its reserve ledger ([`super::ccs_table`]). No
//! wrapping, so the output is the same on every terminal and in every pipe.

use super::model::{Header, ProjectReport};
use super::words::new_table;
use super::{ccs_table, human, thousands};
use crate::countries;
use crate::engine::allocation::Party;

/// A partner country for people: `Thailand (TH)`, or the code alone when it is not in the table.
pub fn country_name(code: &str) -> String {
    countries::find(code).map_or_else(|| code.to_string(), |c| format!("{} ({code})", c.name))
}

/// The heading of a project's report: id and title; country, methodology and crediting period
/// (`note` follows the period); then a blank line.
pub fn heading(h: &Header, country: &str, note: &str) -> String {
    format!(
        "{} · {}\n{} · methodology {} version {} ({}) · crediting period {} to {}{note}\n\n",
        h.id,
        h.title,
        country,
        h.methodology,
        h.methodology_version,
        h.methodology_fidelity,
        h.crediting_period.start,
        h.crediting_period.end,
    )
}

/// The title of the "Rules applied" part of a report.
pub const RULES_TITLE: &str = "Rules applied (settings; see domain.md for what is confirmed and what is assumed)\n";

/// Render one project's report (a CCS project's steps and ledger by [`ccs_table`]).
pub fn render(report: &ProjectReport) -> String {
    let ccs = report.settings.ccs.as_ref();
    let note = match (ccs, report.words.removal) {
        (Some(_), _) => " (CO2 injection)",
        (None, true) => " (removals)",
        (None, false) => "",
    };
    let mut out = heading(&report.project, &report.words.country, note);

    match ccs {
        Some(c) => out.push_str(&format!("{}\n", ccs_table::steps(report, c))),
        None => out.push_str(&periods_table(report)),
    }
    out.push_str(&allocation_table(report));
    out.push_str(&super::serials_table::blocks(report));
    out.push_str(&super::serials_table::cycle(report));
    match (ccs, &report.settings.buffer, &report.reserve_ledger) {
        (Some(_), _, Some(l)) => out.push_str(&format!("\n{}", ccs_table::ledger(report, l))),
        (None, Some(_), Some(l)) => out.push_str(&format!("\n{}", ccs_table::buffer_ledger(report, l))),
        _ => {}
    }
    out.push_str(&rules(report));
    out
}

fn periods_table(r: &ProjectReport) -> String {
    let mut out = String::from(if r.words.removal {
        "Net removals per monitoring period (tCO2): RE = removals, PE = deductions (baseline removals, project emissions, leakage), ER = RE − PE = net removals\n"
    } else {
        "Emission reductions per monitoring period (tCO2)\n"
    });
    let mut t = new_table(&["Period", "Start", "End", "RE", "PE", "ER", "Credits", "Vintages"], &[3, 4, 5, 6]);
    for p in &r.periods {
        let vintages: Vec<String> = p.vintages.iter().map(|v| format!("{}: {}", v.year, thousands(v.credits))).collect();
        t.add_row(vec![
            p.id.clone(),
            p.start.clone(),
            p.end.clone(),
            human(p.re),
            human(p.pe),
            human(p.er),
            thousands(p.credits),
            vintages.join(", "),
        ]);
    }
    if r.periods.len() > 1 {
        let mut total = vec![String::from("Total")];
        total.extend(std::iter::repeat_n(String::new(), 5));
        total.push(thousands(r.issuance.credits));
        total.push(String::new());
        t.add_row(total);
    }
    out.push_str(&format!("{t}\n\n"));
    out
}

fn allocation_table(r: &ProjectReport) -> String {
    let mut out = String::from("Issuance and allocation (credits)\n");
    let multi = r.periods.len() > 1;
    let set_aside = r.words.set_aside;
    let mut headers: Vec<String> = vec!["Party".into()];
    if multi {
        headers.extend(r.periods.iter().map(|p| p.id.clone()));
    }
    headers.push("Total".into());
    headers.push("ITMO".into());
    let hrefs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let numeric: Vec<usize> = (1..hrefs.len() - 1).collect();
    let mut t = new_table(&hrefs, &numeric);
    for s in &r.issuance.allocation {
        let mut row = vec![s.party.label().to_string()];
        if multi {
            row.extend(r.periods.iter().map(|p| thousands(p.credits_of(s.party, Some(s.itmo)).unwrap_or(0))));
        }
        row.push(thousands(s.credits));
        row.push(if s.itmo { "yes".into() } else { "no".into() });
        t.add_row(row);
    }
    if let Some((name, _)) = set_aside {
        let mut row = vec![name.to_string()];
        if multi {
            row.extend(r.periods.iter().map(|p| thousands(p.reserve.unwrap_or(0))));
        }
        row.push(thousands(r.issuance.reserve));
        row.push("no".into());
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    let i = &r.issuance;
    if let Some((_, short)) = set_aside {
        out.push_str(&format!(
            "Credits issued: {} = allocated {} + {} {}\n",
            thousands(i.credits),
            thousands(i.allocated),
            short,
            thousands(i.reserve)
        ));
    }
    out.push_str(&adjustment_note(r));
    out.push('\n');
    if i.allocation.iter().any(|s| s.party == Party::PartnerAndParticipants) {
        out.push_str("The split between the partner government and the participants is not public.\n");
    }
    out
}

fn rules(r: &ProjectReport) -> String {
    let mut out = String::from("\n");
    out.push_str(RULES_TITLE);
    out.push_str(&rule_lines(r));
    out.push_str(&super::provenance::inputs_text(&r.inputs));
    out
}

/// The rules applied, one `- ` line each (a line that goes on is indented), as the table
/// lists them under [`RULES_TITLE`] and the HTML page shows them.
pub fn rule_lines(r: &ProjectReport) -> String {
    let mut out = String::new();
    out.push_str(&format!("- credits: each period's ER rounded {} to whole tCO2; a negative ER gives 0\n", r.settings.credit_rounding));
    out.push_str(&format!("- vintages: split {}\n", r.words.vintage_rule));
    out.push_str(&format!("- allocation: {}\n", r.settings.allocation));
    if let Some(src) = &r.words.allocation_source {
        out.push_str(&format!("  source: {src}\n"));
    }
    out.push_str(&r.words.set_aside_rules);
    let m = &r.monitoring;
    out.push_str(&format!("- monitoring: {} rows used from {}", thousands_u(m.rows_used), r.words.monitoring_files.join(", ")));
    if m.rows_outside > 0 {
        let first = r.words.first_outside.as_ref().map(|(f, l)| format!(", first at {f}:{l}")).unwrap_or_default();
        out.push_str(&format!("; {} rows outside every period not used{first}", thousands_u(m.rows_outside)));
    }
    if !m.columns_not_used.is_empty() {
        out.push_str(&format!("; columns not used: {}", m.columns_not_used.join(", ")));
    }
    out.push('\n');
    out.push_str(&r.words.unit_rules);
    out.push_str(&r.words.corrections);
    out
}

/// The line under the allocation: the corresponding adjustment the partner owes, or why there
/// are no ITMOs (without a final newline).
pub fn adjustment_note(r: &ProjectReport) -> String {
    let i = &r.issuance;
    if i.corresponding_adjustment > 0 {
        format!(
            "Corresponding adjustment owed by {}: {} tCO2 (ITMOs first transferred to Japan)",
            r.words.partner,
            thousands(i.corresponding_adjustment)
        )
    } else {
        format!("No ITMOs: {}.", r.words.no_itmo)
    }
}

/// A count of rows with thousands separators.
fn thousands_u(n: u64) -> String {
    i64::try_from(n).map_or_else(|_| n.to_string(), thousands)
}
