//! Tables for people: a project's cycle (its milestones and stage) and its serial blocks. Renderers
//! only: the blocks come from [`crate::compute::serials`], the stage from [`crate::project::cycle`].

use super::thousands;
use super::words::new_table;
use crate::compute::Calculation;
use crate::project::Project;

/// The milestones with a date, and the stage; empty when project.toml gives no date.
pub fn cycle(project: &Project) -> String {
    let Some(stage) = project.stage() else { return String::new() };
    let mut t = new_table(&["Milestone", "Date"], &[]);
    let names = ["PIN submitted", "methodology approved", "validated", "registered"];
    for ((_, date), name) in project.cycle.milestones().into_iter().zip(names) {
        if let Some(d) = date {
            t.add_row(vec![name.to_string(), d.to_string()]);
        }
    }
    for p in &project.periods {
        if let Some(d) = p.verified_on() {
            t.add_row(vec![format!("{} verified", p.id), d.to_string()]);
        }
        if let Some(d) = p.issued_on() {
            t.add_row(vec![format!("{} issued (Joint Committee decision)", p.id), d.to_string()]);
        }
    }
    format!("\nProject cycle · stage: {}\n{t}\n", stage.name())
}

/// Every period's serial blocks, and the working rule that shared a period's vintages among
/// the parties when one was needed.
pub fn blocks(project: &Project, calc: &Calculation) -> String {
    let mut t = new_table(&["Period", "Vintage", "Holder", "Block", "Credits", "ITMO"], &[4]);
    let mut any = false;
    for p in &calc.periods {
        for b in &p.blocks {
            any = true;
            t.add_row(vec![
                p.id.clone(),
                b.vintage.to_string(),
                b.holder.label().to_string(),
                b.id.clone(),
                thousands(b.credits()),
                if b.itmo { "yes".into() } else { "no".into() },
            ]);
        }
    }
    if !any {
        return String::new();
    }
    let per_vintage = matches!(project.allocation, crate::project::Allocation::Shares { per_vintage: true, .. });
    let rule = if !per_vintage && calc.periods.iter().any(|p| p.vintages.len() > 1) {
        "A period over several years: each vintage is shared among the parties in proportion to what each still receives (largest remainder; a working rule, docs/article6.md).\n"
    } else {
        ""
    };
    format!(
        "\nSerial blocks (jcm's numbering: partner-project-vintage-first-last; no official JCM serial format is published)\n{t}\n{rule}"
    )
}
