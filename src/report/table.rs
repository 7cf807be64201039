//! Tables for people (comfy-table): the periods with RE, PE, ER and credits, the issuance and
//! allocation, the corresponding adjustment, and the rules that were applied; for a CCS project
//! the steps of its net reduction and reserve, and its reserve ledger ([`super::ccs_table`]). No
//! wrapping, so the output is the same on every terminal and in every pipe.

use super::{ccs_table, human, json::allocation_rule, thousands};
use crate::compute::Calculation;
use crate::countries;
use crate::engine::allocation::Party;
use crate::project::Project;
use crate::project::model::VintageSplit;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

/// A table with the house style; the columns listed in `right` (numbers) are right-aligned.
pub fn new_table(headers: &[&str], right: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled).set_header(headers.to_vec());
    for &i in right {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// A partner country for people: `Thailand (TH)`, or the code alone when it is not in the table.
pub fn country_name(code: &str) -> String {
    countries::find(code).map_or_else(|| code.to_string(), |c| format!("{} ({code})", c.name))
}

/// The heading of a project's report: id and title; country, methodology and crediting period
/// (`note` follows the period); then a blank line.
pub fn heading(project: &Project, note: &str) -> String {
    let m = &project.methodology;
    format!(
        "{} · {}\n{} · methodology {} version {} ({}) · crediting period {} to {}{note}\n\n",
        project.id,
        project.title,
        country_name(&project.country),
        m.id,
        m.version,
        m.fidelity.name(),
        project.crediting.0,
        project.crediting.1,
    )
}

/// The title of the "Rules applied" part of a report.
pub const RULES_TITLE: &str = "Rules applied (settings; see domain.md for what is confirmed and what is assumed)\n";

/// Render one project's calculation.
pub fn render(project: &Project, calc: &Calculation) -> String {
    let mut out = heading(project, if project.ccs.is_some() { " (CO2 injection)" } else { "" });

    match &project.ccs {
        Some(c) => out.push_str(&format!("{}\n", ccs_table::steps(project, c, calc))),
        None => out.push_str(&periods_table(calc)),
    }
    out.push_str(&allocation_table(project, calc));
    if let (Some(c), Some(l)) = (&project.ccs, &calc.ledger) {
        out.push_str(&format!("\n{}", ccs_table::ledger(project, c, calc, l)));
    }
    out.push_str(&rules(project, calc));
    out
}

fn periods_table(calc: &Calculation) -> String {
    let mut out = String::from("Emission reductions per monitoring period (tCO2)\n");
    let mut t = new_table(&["Period", "Start", "End", "RE", "PE", "ER", "Credits", "Vintages"], &[3, 4, 5, 6]);
    for p in &calc.periods {
        let vintages: Vec<String> = p.vintages.iter().map(|v| format!("{}: {}", v.year, thousands(v.credits))).collect();
        t.add_row(vec![
            p.id.clone(),
            p.start.to_string(),
            p.end.to_string(),
            human(p.re),
            human(p.pe),
            human(p.er),
            thousands(p.credits),
            vintages.join(", "),
        ]);
    }
    if calc.periods.len() > 1 {
        t.add_row(vec![
            "Total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            thousands(calc.issuance.credits),
            String::new(),
        ]);
    }
    out.push_str(&format!("{t}\n\n"));
    out
}

fn allocation_table(project: &Project, calc: &Calculation) -> String {
    let mut out = String::from("Issuance and allocation (credits)\n");
    let multi = calc.periods.len() > 1;
    let mut headers: Vec<String> = vec!["Party".into()];
    if multi {
        headers.extend(calc.periods.iter().map(|p| p.id.clone()));
    }
    headers.push("Total".into());
    headers.push("ITMO".into());
    let hrefs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let numeric: Vec<usize> = (1..hrefs.len() - 1).collect();
    let mut t = new_table(&hrefs, &numeric);
    for s in &calc.issuance.allocation {
        let mut row = vec![s.party.label().to_string()];
        if multi {
            for p in &calc.periods {
                let n: i64 = p.allocation.iter().filter(|x| x.party == s.party && x.itmo == s.itmo).map(|x| x.credits).sum();
                row.push(thousands(n));
            }
        }
        row.push(thousands(s.credits));
        row.push(if s.itmo { "yes".into() } else { "no".into() });
        t.add_row(row);
    }
    if project.ccs.is_some() {
        let mut row = vec!["CCS reversal reserve".to_string()];
        if multi {
            row.extend(calc.periods.iter().map(|p| thousands(p.reserve())));
        }
        row.push(thousands(calc.issuance.reserve));
        row.push("no".into());
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    if project.ccs.is_some() {
        out.push_str(&format!(
            "Credits issued: {} = allocated {} + reserve {}\n",
            thousands(calc.issuance.credits),
            thousands(calc.issuance.allocated),
            thousands(calc.issuance.reserve)
        ));
    }
    let partner = countries::find(&project.country).map_or(project.country.as_str(), |c| c.name);
    if calc.issuance.corresponding_adjustment > 0 {
        out.push_str(&format!(
            "Corresponding adjustment owed by {partner}: {} tCO2 (ITMOs first transferred to Japan)\n",
            thousands(calc.issuance.corresponding_adjustment)
        ));
    } else {
        let why = if !project.authorized {
            "the project is not authorized for international transfer ([article6] authorized = false)"
        } else if !project.partner_aligned {
            "the partner's Article-6 aligned rules are not adopted yet"
        } else {
            "no Japanese credits of vintage 2021 or later"
        };
        out.push_str(&format!("No ITMOs: {why}.\n"));
    }
    if calc.issuance.allocation.iter().any(|s| s.party == Party::PartnerAndParticipants) {
        out.push_str("The split between the partner government and the participants is not public.\n");
    }
    out
}

fn rules(project: &Project, calc: &Calculation) -> String {
    let mut out = String::new();

    out.push('\n');
    out.push_str(RULES_TITLE);
    out.push_str(&format!(
        "- credits: each period's ER rounded {} to whole tCO2; a negative ER gives 0\n",
        project.settings.credit_rounding.name()
    ));
    let split = if calc.periods.iter().any(|p| p.vintage_split == VintageSplit::Days && p.vintages.len() > 1) {
        "by days in each calendar year"
    } else {
        match project.settings.vintage_split {
            VintageSplit::SliceEr => "by each calendar year's own ER (largest remainder)",
            VintageSplit::Days => "by days in each calendar year (largest remainder)",
        }
    };
    out.push_str(&format!("- vintages: split {split}\n"));
    out.push_str(&format!("- allocation: {}\n", allocation_rule(project)));
    if let Some(src) = &project.allocation_source {
        out.push_str(&format!("  source: {src}\n"));
    }
    if let Some(c) = &project.ccs {
        out.push_str(&ccs_table::rules(c));
    }
    let files: Vec<&str> = project.monitoring_files.iter().filter_map(|p| p.file_name().and_then(|n| n.to_str())).collect();
    out.push_str(&format!("- monitoring: {} rows used from {}", thousands(calc.rows_used as i64), files.join(", ")));
    if calc.rows_outside > 0 {
        let first = calc.first_outside.as_ref().map(|(f, l)| format!(", first at {f}:{l}")).unwrap_or_default();
        out.push_str(&format!("; {} rows outside every period not used{first}", thousands(calc.rows_outside as i64)));
    }
    if !calc.columns_not_used.is_empty() {
        out.push_str(&format!("; columns not used: {}", calc.columns_not_used.join(", ")));
    }
    out.push('\n');
    out.push_str(&super::provenance::corrections_text(project, calc));
    out.push_str(&super::provenance::inputs_text(&calc.inputs));
    out
}
