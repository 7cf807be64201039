//! The trace under `--explain`, one `<details>` per period: every input and where it came from,
//! every equation with its values, and the steps from ER to credits, vintages and allocation.

use super::{Page, esc, party_label, thead};
use crate::report::trace::PeriodTrace;
use crate::report::{human, thousands};
use std::fmt::Write;

pub fn render(page: &mut Page, periods: &[PeriodTrace]) {
    let mut s = String::from(
        "<h2>How every figure was computed</h2>\n<p class=\"note\">One section per period: open it to read the inputs, the equations with their values, and the rounding into credits.</p>\n",
    );
    for p in periods {
        let _ = writeln!(
            s,
            "<details class=\"trace\"><summary>Period {} ({} to {}, {} days)</summary>",
            esc(&p.period),
            esc(&p.start),
            esc(&p.end),
            p.days
        );
        s.push_str("<h3>Inputs</h3>\n<div class=\"wide\"><table class=\"trace\">\n");
        s.push_str(&thead(&["Symbol", "Kind", "Point", "Value", "Unit", "From"]));
        s.push_str("<tbody>\n");
        for i in &p.inputs {
            for v in &i.values {
                let mut from = esc(&v.source);
                if let Some(r) = &v.readings {
                    let _ = write!(from, "<br>{} of {} readings", esc(r.aggregate), thousands(i64::try_from(r.count).unwrap_or(i64::MAX)));
                    if r.corrected > 0 {
                        let _ = write!(from, ", {} corrected", thousands(i64::try_from(r.corrected).unwrap_or(i64::MAX)));
                    }
                }
                let _ = writeln!(
                    s,
                    "<tr><th>{}</th><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{from}</td></tr>",
                    esc(&i.symbol),
                    esc(i.kind),
                    esc(v.point.as_deref().unwrap_or("")),
                    esc(&v.value),
                    esc(&i.unit)
                );
            }
        }
        s.push_str("</tbody></table></div>\n<h3>Equations, in evaluation order</h3>\n<div class=\"wide\"><table class=\"trace\">\n");
        s.push_str(&thead(&["Symbol", "Equation", "Point", "With the values", "Value", "Unit"]));
        s.push_str("<tbody>\n");
        for e in &p.equations {
            for r in &e.values {
                let _ = writeln!(
                    s,
                    "<tr><th>{}</th><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td></tr>",
                    esc(&e.symbol),
                    esc(&e.expr),
                    esc(r.point.as_deref().unwrap_or("")),
                    esc(&r.substituted),
                    esc(&r.value),
                    esc(&e.unit)
                );
            }
            if let Some(n) = &e.net_reduction {
                let _ = writeln!(
                    s,
                    "<tr><th></th><td colspan=\"3\">CCS method {} {}: <code>{}</code>, {} → {}</td><td class=\"n\">{}</td><td>effect on ER</td></tr>",
                    n.number,
                    esc(n.method),
                    esc(&n.formula),
                    esc(&n.before),
                    esc(&n.after),
                    esc(&n.effect)
                );
            }
        }
        s.push_str("</tbody></table></div>\n");
        let c = &p.credits;
        let _ = writeln!(
            s,
            "<h3>Credits</h3>\n<p>ER {} tCO2, rounded {} to {} credits{}. Vintages split by {}: {}.</p>",
            esc(&c.er),
            esc(c.rounding),
            thousands(c.credits),
            if c.negative { " (a negative ER gives 0)" } else { "" },
            esc(c.vintage_split),
            c.vintages
                .iter()
                .map(|v| format!("{} weight {} → {}", v.year, human(v.weight), thousands(v.credits)))
                .collect::<Vec<_>>()
                .join("; ")
        );
        if let Some(x) = &c.ccs {
            let _ = writeln!(
                s,
                "<p>CCS: ER credited {}; reserve {} × credits = {}, rounded {} to {}; {} for allocation.</p>",
                esc(&x.er_credited),
                esc(&x.reserve_rate),
                esc(&x.reserve_exact),
                esc(x.reserve_rounding),
                thousands(x.reserve),
                thousands(x.for_allocation)
            );
        }
        let shares: Vec<String> = c
            .allocation
            .iter()
            .map(|a| format!("{} {}{}", party_label(a.party.key()), thousands(a.credits), if a.itmo { " (ITMOs)" } else { "" }))
            .collect();
        let _ = writeln!(s, "<p>Allocation ({}): {}.</p>\n</details>", esc(&c.allocation_rule), esc(&shares.join(", ")));
    }
    page.push(&s);
}
