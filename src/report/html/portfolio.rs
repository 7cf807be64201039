//! The portfolio summary of a multi-project `calc`: key totals, the projects that could not be
//! computed, progress towards each target, and the credits by project, partner country, vintage
//! and party — each breakdown as a table and, where a picture helps, a chart.

use super::chart::{Chart, Kind, Series};
use super::{Page, esc, kpi, party_label, thead};
use crate::portfolio::{Portfolio, TARGETS_SOURCE, Totals};
use crate::report::json::ProjectJson;
use crate::report::portfolio::Failed;
use crate::report::thousands;
use rust_decimal::Decimal;
use std::fmt::Write;

fn n(v: usize) -> String {
    thousands(i64::try_from(v).unwrap_or(i64::MAX))
}

fn totals_cells(t: &Totals) -> String {
    format!(
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
        thousands(t.credits),
        thousands(t.reserve),
        thousands(t.japan_government),
        thousands(t.itmo),
        thousands(t.corresponding_adjustment)
    )
}

const TOTALS_COLS: [&str; 5] = ["Credits", "Set aside", "Government of Japan", "of which ITMOs", "Corresponding adjustment"];

/// The summary, before the projects (`docs`, which are linked from the project table).
pub fn summary(page: &mut Page, p: &Portfolio, failed: &[Failed], docs: &[ProjectJson]) {
    let mut s = format!(
        "<section>\n<p class=\"kicker\">JCM portfolio report</p>\n<h1>Portfolio of {} project{}</h1>\n<div class=\"kpis\">\n",
        n(p.computed),
        if p.computed == 1 { "" } else { "s" }
    );
    s.push_str(&kpi(&thousands(p.totals.credits), "credits issued"));
    s.push_str(&kpi(&thousands(p.totals.japan_government), "to the Government of Japan"));
    s.push_str(&kpi(&thousands(p.totals.itmo), "of which ITMOs"));
    s.push_str(&kpi(&thousands(p.totals.corresponding_adjustment), "tCO2 corresponding adjustments"));
    if p.totals.reserve > 0 {
        s.push_str(&kpi(&thousands(p.totals.reserve), "set aside against reversals"));
    }
    if p.failed > 0 {
        s.push_str(&kpi(&n(p.failed), "projects not counted"));
    }
    s.push_str("</div>\n");
    if !failed.is_empty() {
        s.push_str("<div class=\"warn problem\" role=\"note\"><strong>Not counted: these projects could not be computed and are left out of every total</strong>\n<ul>\n");
        for f in failed {
            let why: Vec<String> = f.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
            let _ = writeln!(s, "<li><code>{}</code>: {}</li>", esc(&f.path), esc(&why.join("; ")));
        }
        s.push_str("</ul></div>\n");
    }
    page.push(&s);

    // Progress towards the targets.
    let mut s = String::from("<h2>Progress towards the targets</h2>\n");
    let source = if p.default_targets { TARGETS_SOURCE } else { "set on the command line (--target)" };
    let _ = writeln!(s, "<p class=\"note\">Every credit the portfolio issued counts. Targets: {}.</p>", esc(source));
    s.push_str("<table>\n");
    s.push_str(&thead(&["Target", "tCO2", "Credits", "Share"]));
    s.push_str("<tbody>\n");
    for t in &p.targets {
        let _ = writeln!(
            s,
            "<tr><th>{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td></tr>",
            esc(&t.name),
            thousands(t.tco2),
            thousands(t.credits),
            crate::report::grouped(t.percent)
        );
    }
    s.push_str("</tbody></table>\n");
    page.push(&s);
    let id = page.chart_id();
    page.push(
        &Chart {
            id: &id,
            title: "Progress towards each target",
            desc: "The portfolio's credits as a percentage of each cumulative target; the axis runs to 100%, the target itself.",
            x_label: "Target",
            y_label: "Credits issued (% of the target)",
            kind: Kind::Grouped,
            categories: p.targets.iter().map(|t| t.name.clone()).collect(),
            series: vec![Series {
                name: "Credits issued, % of the target".into(),
                values: p.targets.iter().map(|t| Some(t.percent)).collect(),
            }],
            y_at_least: Some(Decimal::ONE_HUNDRED),
            category_header: "Target",
        }
        .render(),
    );

    // By project.
    let mut s = String::from("<h2>By project</h2>\n<div class=\"wide\"><table>\n");
    let mut cols = vec!["Project", "Country", "Methodology", "Periods"];
    cols.extend(TOTALS_COLS);
    s.push_str(&thead(&cols));
    s.push_str("<tbody>\n");
    for (k, l) in p.by_project.iter().enumerate() {
        let name =
            if docs.len() == p.by_project.len() { format!("<a href=\"#{}\">{}</a>", super::anchor(k), esc(&l.id)) } else { esc(&l.id) };
        let _ = writeln!(
            s,
            "<tr><th>{name}<br><span class=\"note mono\">{}</span></th><td>{}</td><td>{}</td><td class=\"n\">{}</td>{}</tr>",
            esc(&l.path),
            esc(&l.country),
            esc(&l.methodology),
            n(l.periods),
            totals_cells(&l.totals)
        );
    }
    let _ = writeln!(s, "<tr class=\"total\"><th>Total</th><td></td><td></td><td></td>{}</tr>", totals_cells(&p.totals));
    s.push_str("</tbody></table></div>\n");
    page.push(&s);

    // By country.
    let mut s = String::from("<h2>By partner country</h2>\n<div class=\"wide\"><table>\n");
    let mut cols = vec!["Country", "Article 6", "Projects"];
    cols.extend(TOTALS_COLS);
    s.push_str(&thead(&cols));
    s.push_str("<tbody>\n");
    for (code, c) in &p.by_country {
        let _ = writeln!(
            s,
            "<tr><th>{} ({})</th><td>{}</td><td class=\"n\">{}</td>{}</tr>",
            esc(&c.name),
            esc(code),
            esc(c.status.map_or("not a partner country", |st| st.label())),
            n(c.projects),
            totals_cells(&c.totals)
        );
    }
    s.push_str("</tbody></table></div>\n");
    page.push(&s);
    let countries: Vec<String> = p.by_country.keys().cloned().collect();
    let col = |f: fn(&Totals) -> i64| p.by_country.values().map(|c| Some(Decimal::from(f(&c.totals)))).collect();
    let id = page.chart_id();
    page.push(
        &Chart {
            id: &id,
            title: "Credits by partner country",
            desc: "Each partner country's credits, those allocated to the Government of Japan, and those of them that are ITMOs.",
            x_label: "Partner country (ISO code)",
            y_label: "Credits (tCO2)",
            kind: Kind::Grouped,
            categories: countries,
            series: vec![
                Series { name: "Credits issued".into(), values: col(|t| t.credits) },
                Series { name: "Government of Japan".into(), values: col(|t| t.japan_government) },
                Series { name: "of which ITMOs".into(), values: col(|t| t.itmo) },
            ],
            y_at_least: None,
            category_header: "Country",
        }
        .render(),
    );

    // By vintage.
    let mut s = String::from("<h2>By vintage</h2>\n<table>\n");
    s.push_str(&thead(&["Vintage", "Projects", "Credits"]));
    s.push_str("<tbody>\n");
    for (y, v) in &p.by_vintage {
        let _ = writeln!(s, "<tr><th>{y}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", n(v.projects), thousands(v.credits));
    }
    s.push_str("</tbody></table>\n");
    page.push(&s);
    let id = page.chart_id();
    page.push(
        &Chart {
            id: &id,
            title: "Credits by vintage",
            desc: "The portfolio's credits of each calendar-year vintage.",
            x_label: "Vintage (calendar year)",
            y_label: "Credits (tCO2)",
            kind: Kind::Grouped,
            categories: p.by_vintage.keys().map(ToString::to_string).collect(),
            series: vec![Series {
                name: "Credits".into(),
                values: p.by_vintage.values().map(|v| Some(Decimal::from(v.credits))).collect(),
            }],
            y_at_least: None,
            category_header: "Vintage",
        }
        .render(),
    );

    // By party.
    let mut s = String::from("<h2>By party</h2>\n<table>\n");
    s.push_str(&thead(&["Party", "Credits", "of which ITMOs"]));
    s.push_str("<tbody>\n");
    for (party, v) in &p.by_party {
        let _ = writeln!(
            s,
            "<tr><th>{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&party_label(party.key())),
            thousands(v.credits),
            thousands(v.itmo)
        );
    }
    if p.totals.reserve > 0 {
        let _ = writeln!(
            s,
            "<tr><th>Set aside against reversals (CCS reserves, buffers)</th><td class=\"n\">{}</td><td class=\"n\">0</td></tr>",
            thousands(p.totals.reserve)
        );
    }
    s.push_str("</tbody></table>\n");
    if !docs.is_empty() {
        s.push_str("<nav class=\"toc\"><h2>Projects in this report</h2>\n<ol>\n");
        for (k, d) in docs.iter().enumerate() {
            let _ = writeln!(s, "<li><a href=\"#{}\">{} · {}</a></li>", super::anchor(k), esc(&d.project.id), esc(&d.project.title));
        }
        s.push_str("</ol></nav>\n");
    }
    s.push_str("</section>\n");
    page.push(&s);
}
