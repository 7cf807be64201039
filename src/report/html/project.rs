//! A project's report: header and key figures, the periods (with the CCS net-reduction steps),
//! issuance and allocation with the ITMOs and the corresponding adjustment, the CCS reserve
//! ledger, the monitored values over time, the rules applied, the inputs and, under
//! `--explain`, the trace. Several projects follow their portfolio summary.

use super::chart::{Chart, Kind, Series};
use super::{Page, esc, kpi, thead};
use crate::portfolio::Portfolio;
use crate::report::json::ProjectJson;
use crate::report::model::PeriodReport as PeriodJson;
use crate::report::portfolio::Failed;
use crate::report::{human, thousands};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The page of `calc --format html`: one project; or the portfolio summary (when there is one)
/// followed by each project (none with `--summary`).
pub fn render(docs: &[ProjectJson], portfolio: Option<(&Portfolio, &[Failed])>) -> String {
    let mut page = Page::default();
    let title = match (docs, portfolio) {
        ([one], None) => format!("{} · {} — JCM project report", one.project.id, one.project.title),
        _ => "JCM portfolio report".to_string(),
    };
    if let Some((p, failed)) = portfolio {
        super::portfolio::summary(&mut page, p, failed, docs);
    }
    for (k, doc) in docs.iter().enumerate() {
        project(&mut page, doc, portfolio.is_some().then_some(k));
    }
    page.finish(&title)
}

fn project(page: &mut Page, doc: &ProjectJson, in_portfolio: Option<usize>) {
    let h = &doc.project;
    let ccs = doc.settings.ccs.is_some();
    // What the credits set aside against reversals are called (CCS reserve, or buffer).
    let set_aside = doc.words.set_aside.map(|(label, _)| label);
    match in_portfolio {
        Some(k) => page.push(&format!("<section class=\"project\" id=\"{}\">\n", super::anchor(k))),
        None => page.push("<section>\n"),
    }
    page.push(&format!(
        "<p class=\"kicker\">JCM project report</p>\n<h1>{} · {}</h1>\n<dl class=\"meta\">\n\
         <dt>Partner country</dt><dd>{}</dd>\n\
         <dt>Methodology</dt><dd>{} version {} <span class=\"badge\">{}</span></dd>\n\
         <dt>Crediting period</dt><dd>{} to {}{}</dd>\n\
         <dt>Monitoring</dt><dd>{} rows used{}</dd>\n</dl>\n",
        esc(&h.id),
        esc(&h.title),
        esc(&doc.words.country),
        esc(&h.methodology),
        esc(&h.methodology_version),
        esc(h.methodology_fidelity),
        esc(&h.crediting_period.start),
        esc(&h.crediting_period.end),
        if ccs {
            " (CO2 injection)"
        } else if doc.words.removal {
            " (removals)"
        } else {
            ""
        },
        thousands(i64::try_from(doc.monitoring.rows_used).unwrap_or(i64::MAX)),
        if doc.monitoring.rows_outside > 0 {
            format!("; {} outside every period, not used", thousands(i64::try_from(doc.monitoring.rows_outside).unwrap_or(i64::MAX)))
        } else {
            String::new()
        }
    ));
    let iss = &doc.issuance;
    let mut k = String::from("<div class=\"kpis\">\n");
    k.push_str(&kpi(&thousands(iss.credits), "credits issued"));
    for s in &iss.allocation {
        let label = if s.itmo { format!("{} (ITMOs)", s.party.label()) } else { s.party.label().to_string() };
        k.push_str(&kpi(&thousands(s.credits), &label));
    }
    if let Some(label) = set_aside {
        k.push_str(&kpi(&thousands(iss.reserve), label));
    }
    k.push_str(&kpi(&thousands(iss.corresponding_adjustment), "tCO2 corresponding adjustment"));
    k.push_str("</div>\n");
    page.push(&k);
    page.push(&super::warnings("Problems found", &doc.problems, true));
    page.push(&super::warnings("Warnings", &doc.warnings, false));

    periods(page, doc);
    if ccs {
        net_reduction(page, doc);
    }
    allocation(page, doc);
    if let (Some(l), Some((label, _))) = (&doc.reserve_ledger, doc.words.set_aside) {
        ledger(page, l, label);
    }
    super::monitored::render(page, &doc.monitored);
    page.push("<h2>Rules applied</h2>\n<p class=\"note\">Settings of this calculation; see the documentation for what is confirmed and what is assumed.</p>\n");
    page.push(&super::rules(&crate::report::table::rule_lines(doc)));
    super::inputs(page, &doc.inputs);
    if let Some(t) = &doc.trace {
        super::trace::render(page, t);
    }
    page.push("</section>\n");
}

fn vintages(p: &PeriodJson) -> String {
    p.vintages.iter().map(|v| format!("{}: {}", v.year, thousands(v.credits))).collect::<Vec<_>>().join(", ")
}

fn periods(page: &mut Page, doc: &ProjectJson) {
    let mut s = String::from(
        "<h2>Emission reductions per monitoring period</h2>\n<div class=\"wide\"><table>\n<caption>tCO2; credits are whole tCO2</caption>\n",
    );
    s.push_str(&thead(&["Period", "Start", "End", "Days", "RE", "PE", "ER", "Credits", "Vintages"]));
    s.push_str("<tbody>\n");
    for p in &doc.periods {
        let _ = writeln!(
            s,
            "<tr><th>{}</th><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&p.id),
            esc(&p.start),
            esc(&p.end),
            p.days,
            human(p.re),
            human(p.pe),
            human(p.er),
            thousands(p.credits),
            esc(&vintages(p))
        );
    }
    if doc.periods.len() > 1 {
        let _ = writeln!(
            s,
            "<tr class=\"total\"><th>Total</th><td></td><td></td><td></td><td></td><td></td><td></td><td class=\"n\">{}</td><td></td></tr>",
            thousands(doc.issuance.credits)
        );
    }
    s.push_str("</tbody></table></div>\n");
    page.push(&s);
    let id = page.chart_id();
    let per = |f: &dyn Fn(&PeriodJson) -> Decimal| doc.periods.iter().map(|p| Some(f(p))).collect();
    let chart = Chart {
        id: &id,
        title: "RE, PE, ER and credits per period",
        desc: "Reference emissions, project emissions, emission reductions and whole credits of each monitoring period, in tCO2.",
        x_label: "Monitoring period",
        y_label: "tCO2",
        kind: Kind::Grouped,
        categories: doc.periods.iter().map(|p| p.id.clone()).collect(),
        series: vec![
            Series { name: "RE".into(), values: per(&|p| p.re) },
            Series { name: "PE".into(), values: per(&|p| p.pe) },
            Series { name: "ER".into(), values: per(&|p| p.er) },
            Series { name: "Credits".into(), values: per(&|p| Decimal::from(p.credits)) },
        ],
        y_at_least: None,
        category_header: "Period",
    };
    page.push(&chart.render());
}

fn net_reduction(page: &mut Page, doc: &ProjectJson) {
    let mut s = String::from(
        "<h3>CCS: from emissions to credits</h3>\n<p class=\"note\">The net-reduction method adjusts RE, PE or ER; the reserve is put aside before the allocation.</p>\n<div class=\"wide\"><table>\n",
    );
    s.push_str(&thead(&[
        "Period",
        "PE by source",
        "Method",
        "Before",
        "After",
        "Effect on ER",
        "ER credited",
        "Credits",
        "Reserve",
        "For allocation",
    ]));
    s.push_str("<tbody>\n");
    for p in &doc.periods {
        let sources: Vec<String> = p.pe_by_source.iter().map(|x| format!("{}: {}", x.symbol, human(x.value))).collect();
        let nr = p.net_reduction.as_ref();
        let method = nr.map_or_else(String::new, |n| format!("{} {} ({})", n.number, n.method, n.applies_to));
        let cell = |v: Option<Decimal>| v.map_or_else(|| "—".to_string(), human);
        let _ = writeln!(
            s,
            "<tr><th>{}</th><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&p.id),
            esc(&sources.join("; ")),
            esc(&method),
            cell(nr.map(|n| n.before)),
            cell(nr.map(|n| n.after)),
            cell(nr.map(|n| n.effect)),
            p.er_credited.map_or_else(|| "—".to_string(), human),
            thousands(p.credits),
            p.reserve.map_or_else(|| "—".into(), thousands),
            p.for_allocation.map_or_else(|| "—".into(), thousands),
        );
    }
    s.push_str("</tbody></table></div>\n");
    page.push(&s);
}

fn allocation(page: &mut Page, doc: &ProjectJson) {
    let iss = &doc.issuance;
    // What the credits set aside against reversals are called (CCS reserve, or buffer).
    let set_aside = doc.words.set_aside.map(|(label, _)| label);
    let multi = doc.periods.len() > 1;
    let mut cols: Vec<&str> = vec!["Party"];
    if multi {
        cols.extend(doc.periods.iter().map(|p| p.id.as_str()));
    }
    cols.extend(["Total", "ITMO"]);
    let mut s = String::from("<h2>Issuance and allocation</h2>\n<div class=\"wide\"><table>\n<caption>Credits</caption>\n");
    s.push_str(&thead(&cols));
    s.push_str("<tbody>\n");
    let share = |p: &PeriodJson, a: &crate::report::model::ShareReport| p.credits_of(a.party, Some(a.itmo)).unwrap_or(0);
    for a in &iss.allocation {
        let _ = write!(s, "<tr><th>{}</th>", esc(a.party.label()));
        if multi {
            for p in &doc.periods {
                let _ = write!(s, "<td class=\"n\">{}</td>", thousands(share(p, a)));
            }
        }
        let _ = writeln!(s, "<td class=\"n\">{}</td><td>{}</td></tr>", thousands(a.credits), if a.itmo { "yes" } else { "no" });
    }
    if let Some(label) = set_aside {
        let _ = write!(s, "<tr><th>{}</th>", esc(label));
        if multi {
            for p in &doc.periods {
                let _ = write!(s, "<td class=\"n\">{}</td>", thousands(p.reserve.unwrap_or(0)));
            }
        }
        let _ = writeln!(s, "<td class=\"n\">{}</td><td>no</td></tr>", thousands(iss.reserve));
    }
    let _ = write!(s, "<tr class=\"total\"><th>Credits issued</th>");
    if multi {
        for p in &doc.periods {
            let _ = write!(s, "<td class=\"n\">{}</td>", thousands(p.credits));
        }
    }
    let _ = writeln!(s, "<td class=\"n\">{}</td><td></td></tr>", thousands(iss.credits));
    s.push_str("</tbody></table></div>\n");
    let _ = writeln!(s, "<p><strong>{}</strong></p>", esc(&crate::report::table::adjustment_note(doc)));
    if iss.allocation.iter().any(|a| a.party == crate::engine::allocation::Party::PartnerAndParticipants) {
        s.push_str("<p class=\"note\">The split between the partner government and the participants is not public.</p>\n");
    }
    page.push(&s);

    let periods: Vec<String> = doc.periods.iter().map(|p| p.id.clone()).collect();
    let mut series: Vec<Series> = iss
        .allocation
        .iter()
        .map(|a| Series {
            name: if a.itmo { format!("{} (ITMOs)", a.party.label()) } else { a.party.label().to_string() },
            values: doc.periods.iter().map(|p| Some(Decimal::from(share(p, a)))).collect(),
        })
        .collect();
    if let Some(label) = set_aside {
        series.push(Series { name: label.into(), values: doc.periods.iter().map(|p| p.reserve.map(Decimal::from)).collect() });
    }
    let id = page.chart_id();
    page.push(
        &Chart {
            id: &id,
            title: "Credits per period, by party",
            desc: "The credits of each monitoring period, stacked by the party they are allocated to.",
            x_label: "Monitoring period",
            y_label: "Credits (tCO2)",
            kind: Kind::Stacked,
            categories: periods,
            series,
            y_at_least: None,
            category_header: "Period",
        }
        .render(),
    );
    let years: BTreeSet<i32> = doc.periods.iter().flat_map(|p| p.vintages.iter().map(|v| v.year)).collect();
    let series = doc
        .periods
        .iter()
        .map(|p| Series {
            name: format!("Period {}", p.id),
            values: years.iter().map(|y| p.vintages.iter().find(|v| v.year == *y).map(|v| Decimal::from(v.credits))).collect(),
        })
        .collect();
    let id = page.chart_id();
    page.push(
        &Chart {
            id: &id,
            title: "Credits by vintage",
            desc: "The credits of each calendar-year vintage, stacked by the monitoring period they come from.",
            x_label: "Vintage (calendar year)",
            y_label: "Credits (tCO2)",
            kind: Kind::Stacked,
            categories: years.iter().map(ToString::to_string).collect(),
            series,
            y_at_least: None,
            category_header: "Vintage",
        }
        .render(),
    );
}

fn ledger(page: &mut Page, l: &crate::report::ccs_json::LedgerJson, label: &str) {
    let mut s = format!(
        "<h2>{}</h2>\n<p>Deposited {}, cancelled {}, balance {}{}.</p>\n<div class=\"wide\"><table>\n",
        esc(label),
        thousands(l.deposited),
        thousands(l.cancelled),
        thousands(l.balance),
        if l.shortfall > 0 { format!(", <strong>shortfall {}</strong>", thousands(l.shortfall)) } else { String::new() }
    );
    s.push_str(&thead(&["Entry", "Period or date", "Deposited", "Leaked tCO2", "Due", "Cancelled", "Shortfall", "Balance", "Description"]));
    s.push_str("<tbody>\n");
    let n = |v: Option<i64>| v.map_or_else(String::new, thousands);
    for e in &l.entries {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(e.kind),
            esc(e.period.as_deref().or(e.date.as_deref()).unwrap_or_default()),
            n(e.credits),
            e.leaked.map_or_else(String::new, human),
            n(e.due),
            n(e.cancelled),
            n(e.shortfall),
            thousands(e.balance),
            esc(e.description.as_deref().unwrap_or_default())
        );
    }
    s.push_str("</tbody></table></div>\n");
    page.push(&s);
    let id = page.chart_id();
    page.push(
        &Chart {
            id: &id,
            title: &format!("{label}: balance after each entry"),
            desc: "The credits set aside against reversals after each deposit and each cancellation, in ledger order.",
            x_label: "Ledger entry (period, or date of a reversal)",
            y_label: "Credits set aside (tCO2)",
            kind: Kind::Grouped,
            categories: l
                .entries
                .iter()
                .map(|e| {
                    let at = e.period.as_deref().or(e.date.as_deref()).unwrap_or_default();
                    if e.kind == "deposit" { at.to_string() } else { format!("{at} {}", e.kind) }
                })
                .collect(),
            series: vec![Series { name: "Balance".into(), values: l.entries.iter().map(|e| Some(Decimal::from(e.balance))).collect() }],
            y_at_least: None,
            category_header: "Entry",
        }
        .render(),
    );
}
