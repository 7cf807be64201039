//! Tables for people: a project's cycle (its milestones and stage) and its serial blocks, read
//! from the report ([`super::model`]). Renderers only: the blocks come from
//! [`crate::compute::serials`], the stage from [`crate::project::cycle`].

use super::model::ProjectReport;
use super::thousands;
use super::words::new_table;
use crate::compute::serials::Holder;

/// The milestones with a date, and the stage; empty when project.toml gives no date.
pub fn cycle(report: &ProjectReport) -> String {
    let Some(c) = &report.cycle else { return String::new() };
    let mut t = new_table(&["Milestone", "Date"], &[]);
    let milestones = [
        ("PIN submitted", &c.pin_submitted),
        ("methodology approved", &c.methodology_approved),
        ("validated", &c.validated),
        ("registered", &c.registered),
    ];
    for (name, date) in milestones {
        if let Some(d) = date {
            t.add_row(vec![name.to_string(), d.clone()]);
        }
    }
    for p in &report.periods {
        if let Some(d) = &p.verified {
            t.add_row(vec![format!("{} verified", p.id), d.clone()]);
        }
        if let Some(d) = &p.issued {
            t.add_row(vec![format!("{} issued (Joint Committee decision)", p.id), d.clone()]);
        }
    }
    format!("\nProject cycle · stage: {}\n{t}\n", c.stage)
}

/// Every period's serial blocks, and the working rule that shared a period's vintages among
/// the parties when one was needed.
pub fn blocks(report: &ProjectReport) -> String {
    let mut t = new_table(&["Period", "Vintage", "Holder", "Block", "Credits", "ITMO"], &[4]);
    let set_aside = report.words.set_aside.map_or("Reserve", |(label, _)| label);
    let mut any = false;
    for p in &report.periods {
        for b in &p.blocks {
            any = true;
            let holder = match b.holder {
                Holder::Party(party) => party.label(),
                Holder::Reserve => set_aside,
            };
            t.add_row(vec![
                p.id.clone(),
                b.vintage.to_string(),
                holder.to_string(),
                b.id.clone(),
                thousands(b.credits),
                if b.itmo { "yes".into() } else { "no".into() },
            ]);
        }
    }
    if !any {
        return String::new();
    }
    let rule = if !report.words.per_vintage && report.periods.iter().any(|p| p.vintages.len() > 1) {
        "A period over several years: each vintage is shared among the parties in proportion to what each still receives (largest remainder; a working rule, docs/article6.md).\n"
    } else {
        ""
    };
    format!(
        "\nSerial blocks (jcm's numbering: partner-project-vintage-first-last; no official JCM serial format is published)\n{t}\n{rule}"
    )
}
