//! The portfolio summary as tables for people: credits by project, by partner country (with
//! ITMOs and corresponding adjustments), by vintage and by party, and progress towards Japan's
//! targets. Same house style as [`super::table`]: no wrapping, numbers right-aligned.

use super::portfolio::Failed;
use super::words::new_table;
use super::{exact, thousands};
use crate::portfolio::{Portfolio, TARGETS_SOURCE, Totals};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(i64::try_from(n).unwrap_or(i64::MAX)), if n == 1 { one } else { many })
}

/// Render the summary (the per-project tables are printed before it by the caller).
pub fn render(p: &Portfolio, failed: &[Failed]) -> String {
    let mut out = String::new();
    out.push_str(&format!("Portfolio · {}", plural(p.computed, "project", "projects")));
    if p.failed > 0 {
        // Not computed, or there twice (JCM-E063): the errors say which.
        out.push_str(&format!(" ({} not counted)", plural(p.failed, "project", "projects")));
    }
    out.push_str("\n\n");
    let reserve = p.totals.reserve > 0;

    out.push_str("Credits by project\n");
    let mut h = vec!["Project", "Country", "Methodology", "Stage", "Periods", "Credits"];
    if reserve {
        h.push("Reserve");
    }
    h.extend(["Japan", "ITMOs", "Corresponding adjustment"]);
    let mut t = new_table(&h, &(4..h.len()).collect::<Vec<_>>());
    let row = |mut cells: Vec<String>, totals: &Totals| {
        cells.push(thousands(totals.credits));
        if reserve {
            cells.push(thousands(totals.reserve));
        }
        cells.extend([thousands(totals.japan_government), thousands(totals.itmo), thousands(totals.corresponding_adjustment)]);
        cells
    };
    for l in &p.by_project {
        let stage = l.stage.map_or("", |s| s.name()).to_string();
        t.add_row(row(vec![l.id.clone(), l.country.clone(), l.methodology.clone(), stage, l.periods.to_string()], &l.totals));
    }
    t.add_row(row(vec!["Total".to_string(), String::new(), String::new(), String::new(), String::new()], &p.totals));
    out.push_str(&format!("{t}\n\n"));

    out.push_str("By partner country (ITMOs go to Japan; the partner owes the corresponding adjustment)\n");
    let mut t = new_table(&["Country", "Article 6", "Projects", "Credits", "Japan", "ITMOs", "Corresponding adjustment"], &[2, 3, 4, 5, 6]);
    for (code, c) in &p.by_country {
        t.add_row(vec![
            if c.status.is_some() { format!("{} ({code})", c.name) } else { code.clone() },
            c.status.map_or("not a JCM partner", |s| s.label()).to_string(),
            c.projects.to_string(),
            thousands(c.totals.credits),
            thousands(c.totals.japan_government),
            thousands(c.totals.itmo),
            thousands(c.totals.corresponding_adjustment),
        ]);
    }
    out.push_str(&format!("{t}\n\n"));

    out.push_str("By vintage (calendar year)\n");
    let mut t = new_table(&["Vintage", "Projects", "Credits"], &[1, 2]);
    for (year, v) in &p.by_vintage {
        t.add_row(vec![year.to_string(), v.projects.to_string(), thousands(v.credits)]);
    }
    out.push_str(&format!("{t}\n\n"));

    out.push_str("Credits issued by Japan's fiscal year (April to March: FY2025 is 2025-04-01 to 2026-03-31), by each period's issuance decision (`issued`)\n");
    let mut t = new_table(&["Fiscal year", "From", "To", "Projects", "Credits", "of which ITMOs"], &[3, 4, 5]);
    for (fy, l) in &p.by_fiscal_year {
        t.add_row(vec![
            format!("FY{fy}"),
            format!("{fy}-04-01"),
            format!("{}-03-31", fy + 1),
            l.projects.to_string(),
            thousands(l.credits),
            thousands(l.itmo),
        ]);
    }
    if p.credits_without_issued_date > 0 {
        t.add_row(vec![
            "no `issued` date".into(),
            String::new(),
            String::new(),
            String::new(),
            thousands(p.credits_without_issued_date),
            String::new(),
        ]);
    }
    out.push_str(&format!("{t}\n\n"));

    out.push_str("By party\n");
    let mut t = new_table(&["Party", "Credits", "of which ITMOs"], &[1, 2]);
    for (party, v) in &p.by_party {
        t.add_row(vec![party.label().to_string(), thousands(v.credits), thousands(v.itmo)]);
    }
    // CCS reserve credits belong to no party: without this row the parties would not add up.
    if p.totals.reserve > 0 {
        t.add_row(vec!["Reversal reserve or buffer (CCS, removals)".to_string(), thousands(p.totals.reserve), thousands(0)]);
    }
    out.push_str(&format!("{t}\n\n"));

    out.push_str("Progress towards Japan's JCM targets (every credit issued counts)\n");
    let mut t = new_table(&["Target", "tCO2", "Credits", "Share"], &[1, 2, 3]);
    for x in &p.targets {
        t.add_row(vec![x.name.clone(), thousands(x.tco2), thousands(x.credits), format!("{}%", exact(x.percent))]);
    }
    out.push_str(&format!("{t}\n"));
    if p.default_targets {
        out.push_str(&format!("Targets: {TARGETS_SOURCE}; set others with --target NAME=TONNES.\n"));
    } else {
        out.push_str("Targets: set on the command line (--target).\n");
    }
    if !failed.is_empty() {
        out.push_str("\nNot counted (see the errors on stderr):\n");
        for f in failed {
            out.push_str(&format!("- {}\n", f.path));
        }
    }
    out
}
