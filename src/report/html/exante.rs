//! The page of `calc --ex-ante --format html`: per project at the PDD stage, the expected annual
//! RE, PE, ER and credits (and each year's, for a methodology that looks back), a chart of
//! them, and every value the estimate used.

use super::chart::{Chart, Kind, Series};
use super::{Page, esc, kpi, thead};
use crate::report::exante::{ExAnteJson, FiguresJson};
use crate::report::{human, thousands};
use rust_decimal::Decimal;
use std::fmt::Write;

fn figures_cells(f: &FiguresJson) -> String {
    format!(
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
        human(f.re),
        human(f.pe),
        human(f.er),
        thousands(f.credits)
    )
}

pub fn render(docs: &[ExAnteJson]) -> String {
    let mut page = Page::default();
    for doc in docs {
        project(&mut page, doc, docs.len() > 1);
    }
    let title = match docs {
        [one] => format!("{} · {} — JCM ex-ante estimate", one.project.id, one.project.title),
        _ => "JCM ex-ante estimates".to_string(),
    };
    page.finish(&title)
}

fn project(page: &mut Page, doc: &ExAnteJson, many: bool) {
    let h = &doc.project;
    let e = &doc.estimate;
    let mut s = format!(
        "<section{}>\n<p class=\"kicker\">JCM ex-ante estimate (PDD stage)</p>\n<h1>{} · {}</h1>\n<dl class=\"meta\">\n\
         <dt>Partner country</dt><dd>{}</dd>\n<dt>Methodology</dt><dd>{} version {} <span class=\"badge\">{}</span></dd>\n\
         <dt>Crediting period</dt><dd>{} to {}</dd>\n<dt>Basis</dt><dd>{}, a year of {} days, from [estimate]</dd>\n</dl>\n<div class=\"kpis\">\n",
        if many { " class=\"project\"" } else { "" },
        esc(&h.id),
        esc(&h.title),
        esc(&doc.country),
        esc(&h.methodology),
        esc(&h.methodology_version),
        esc(h.methodology_fidelity),
        esc(&h.crediting_period.start),
        esc(&h.crediting_period.end),
        esc(&e.basis),
        e.days
    );
    s.push_str(&kpi(&thousands(e.annual.credits), "credits expected per year"));
    s.push_str(&kpi(&human(e.annual.er), "tCO2 ER expected per year"));
    if let Some(t) = e.total_credits {
        s.push_str(&kpi(&thousands(t), "credits over the crediting period"));
    }
    s.push_str("</div>\n");
    s.push_str(&super::warnings("Warnings", &doc.warnings, false));
    s.push_str("<h2>Expected emission reductions per year</h2>\n<table>\n<caption>tCO2; credits are whole tCO2</caption>\n");
    s.push_str(&thead(&["", "RE", "PE", "ER", "Credits"]));
    let _ = writeln!(s, "<tbody>\n<tr><th>Per year</th>{}</tr>\n</tbody></table>", figures_cells(&e.annual));
    if !e.years.is_empty() {
        s.push_str("<h3>Per year of the crediting period</h3>\n<table>\n");
        s.push_str(&thead(&["Year", "Start", "End", "RE", "PE", "ER", "Credits"]));
        s.push_str("<tbody>\n");
        for y in &e.years {
            let _ =
                writeln!(s, "<tr><th>{}</th><td>{}</td><td>{}</td>{}</tr>", y.year, esc(&y.start), esc(&y.end), figures_cells(&y.figures));
        }
        if let Some(t) = e.total_credits {
            let _ = writeln!(
                s,
                "<tr class=\"total\"><th>Total</th><td></td><td></td><td></td><td></td><td></td><td class=\"n\">{}</td></tr>",
                thousands(t)
            );
        }
        s.push_str("</tbody></table>\n");
    }
    page.push(&s);
    let (categories, rows): (Vec<String>, Vec<&FiguresJson>) = if e.years.is_empty() {
        (vec!["Per year".into()], vec![&e.annual])
    } else {
        e.years.iter().map(|y| (format!("Year {}", y.year), &y.figures)).unzip()
    };
    let col = |f: &dyn Fn(&FiguresJson) -> Decimal| rows.iter().map(|r| Some(f(r))).collect();
    let id = page.chart_id();
    page.push(
        &Chart {
            id: &id,
            title: "Expected RE, PE, ER and credits",
            desc: "The reference emissions, project emissions, emission reductions and whole credits expected in a year of the project, in tCO2.",
            x_label: if e.years.is_empty() { "Estimate" } else { "Year of the crediting period" },
            y_label: "tCO2 per year",
            kind: Kind::Grouped,
            categories,
            series: vec![
                Series { name: "RE".into(), values: col(&|f| f.re) },
                Series { name: "PE".into(), values: col(&|f| f.pe) },
                Series { name: "ER".into(), values: col(&|f| f.er) },
                Series { name: "Credits".into(), values: col(&|f| Decimal::from(f.credits)) },
            ],
            y_at_least: None,
            category_header: "",
        }
        .render(),
    );
    let mut s = String::from(
        "<h2>Calculation</h2>\n<p class=\"note\">Every value the estimate used (the first estimated year), parameters then equations.</p>\n<div class=\"wide\"><table>\n",
    );
    s.push_str(&thead(&["Symbol", "Point", "Value", "Unit", "From"]));
    s.push_str("<tbody>\n");
    for v in &doc.values {
        let _ = writeln!(
            s,
            "<tr><th>{}</th><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&v.symbol),
            esc(v.point.as_deref().unwrap_or("")),
            esc(&v.value),
            esc(&v.unit),
            esc(&v.origin)
        );
    }
    s.push_str("</tbody></table></div>\n");
    let _ = writeln!(
        s,
        "<h2>Rules applied</h2>\n<ul class=\"rules\"><li>the estimated year has {} days (the built-in <code>days</code>)</li><li>credits: the expected ER rounded {} to whole tCO2; a negative ER gives 0</li></ul>\n</section>",
        e.days,
        esc(doc.settings.credit_rounding)
    );
    page.push(&s);
}
