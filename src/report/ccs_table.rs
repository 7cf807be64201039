//! The tables of the credits set aside against reversals. A CCS or CCUS project: per
//! monitoring period, the steps from the methodology's RE and PE to the credits for allocation
//! in their order of operations (one row per step, one column per period), and the
//! reversal-reserve ledger; a project with `[buffer]`: the buffer ledger. Formats only: every
//! number shown is read from the [`ProjectReport`].

use super::ccs_json::{CcsSettingsJson, LedgerJson, NetReductionJson};
use super::model::{PeriodReport, ProjectReport};
use super::words::{formula, new_table, percent, rounded};
use super::{human, thousands};
use crate::engine::ccs::Target;

/// The steps table: every period's way from RE and PE to the credits for allocation.
pub fn steps(r: &ProjectReport, c: &CcsSettingsJson) -> String {
    let method = c.method;
    let mut headers: Vec<String> = vec!["Step".into()];
    headers.extend(r.periods.iter().map(|p| format!("{}\n{} to {}", p.id, p.start, p.end)));
    let hrefs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let numeric: Vec<usize> = (1..hrefs.len()).collect();
    let mut t = new_table(&hrefs, &numeric);
    let mut row = |label: String, cells: Vec<String>| {
        let mut r = vec![label];
        r.extend(cells);
        t.add_row(r);
    };
    // A period outside the injection period has no CCS step: its cells stay empty.
    let each = |f: &dyn Fn(&PeriodReport, &NetReductionJson) -> String| -> Vec<String> {
        r.periods.iter().map(|p| p.net_reduction.as_ref().map_or_else(String::new, |n| f(p, n))).collect()
    };
    let describe = |name: &str| r.words.descriptions.get(name).map(|d| format!(": {d}")).unwrap_or_default();
    let methodology_re = |p: &PeriodReport, n: &NetReductionJson| human(if method.target() == Target::Re { n.before } else { p.re });
    let methodology_pe = |p: &PeriodReport, n: &NetReductionJson| human(if method.target() == Target::Pe { n.before } else { p.pe });
    let name = format!("method {} ({})", method.number(), method.name());
    row("1. RE from the methodology".into(), each(&methodology_re));
    row("2. PE from the methodology".into(), each(&methodology_pe));
    let first = r.periods.first().filter(|p| p.net_reduction.is_some());
    for (k, source) in first.map(|p| p.pe_by_source.as_slice()).unwrap_or_default().iter().enumerate() {
        let label = &source.symbol;
        row(format!("     {label}{}", describe(label)), each(&|p, _| p.pe_by_source.get(k).map(|s| human(s.value)).unwrap_or_default()));
    }
    let mut n = 3;
    if method.target() != Target::Er {
        row(format!("{n}. {name}: {}", formula(method)), each(&|_, nr| human(nr.after)));
        n += 1;
    }
    let er_label = match method.target() {
        Target::Re => "ER from the methodology, with the lowered RE",
        Target::Pe => "ER from the methodology, with the raised PE",
        Target::Er => "ER from the methodology",
    };
    row(format!("{n}. {er_label}"), each(&|p, _| human(p.er)));
    n += 1;
    if method.target() == Target::Er {
        row(format!("{n}. {name}: {}", formula(method)), each(&|_, nr| human(nr.after)));
        n += 1;
    }
    row("   effect of the net reduction on ER".into(), each(&|_, nr| human(nr.effect)));
    let credited = if method.target() == Target::Er { formula(method) } else { "ER".into() };
    row(format!("{n}. credits: {credited} rounded {} to whole tCO2", r.settings.credit_rounding), each(&|p, _| thousands(p.credits)));
    row(
        format!("{}. reserve deposit: {} of credits, {}", n + 1, percent(c.reserve_rate), rounded(c.reserve_mode)),
        each(&|p, _| thousands(p.reserve.unwrap_or_default())),
    );
    row(format!("{}. credits for allocation: credits − reserve", n + 2), each(&|p, _| thousands(p.for_allocation.unwrap_or(p.credits))));
    row(
        "   vintages: credits (of which reserve)".into(),
        each(&|p, _| {
            p.vintages
                .iter()
                .map(|v| format!("{}: {} ({})", v.year, thousands(v.credits), thousands(v.reserve.unwrap_or_default())))
                .collect::<Vec<_>>()
                .join("\n")
        }),
    );
    format!("CCS: from the methodology's RE and PE to the credits for allocation, in order (tCO2)\n{t}\n")
}

/// The reserve ledger table and its balance sentence.
pub fn ledger(r: &ProjectReport, l: &LedgerJson) -> String {
    let mut t = new_table(&["Entry", "Date", "Deposit", "Leaked tCO2", "Cancelled", "Shortfall", "Balance"], &[2, 3, 4, 5, 6]);
    let mut reversals = 0;
    for e in &l.entries {
        match (e.kind, e.period.as_deref()) {
            ("deposit", Some(period)) => {
                let dates = r.periods.iter().find(|p| p.id == period).map(|p| format!(" ({} to {})", p.start, p.end)).unwrap_or_default();
                t.add_row(vec![
                    format!("deposit, period {period}{dates}"),
                    String::new(),
                    thousands(e.credits.unwrap_or_default()),
                    String::new(),
                    String::new(),
                    String::new(),
                    thousands(e.balance),
                ]);
            }
            _ => {
                reversals += 1;
                t.add_row(vec![
                    "reversal, cancelled from the reserve".into(),
                    e.date.clone().unwrap_or_default(),
                    String::new(),
                    e.leaked.map(human).unwrap_or_default(),
                    thousands(e.cancelled.unwrap_or_default()),
                    thousands(e.shortfall.unwrap_or_default()),
                    thousands(e.balance),
                ]);
            }
        }
    }
    let mut out = totals(t, l, "CCS reversal reserve ledger (credits; every period's deposit, then the reversals after injection)", r);
    if l.shortfall > 0 {
        out.push_str(&format!(
            "Shortfall: {} tCO2 leaked beyond what the reserve held; the project participants of {} must make it good.\n",
            thousands(l.shortfall),
            r.project.id
        ));
    } else if reversals == 0 {
        out.push_str("No reversals after injection are recorded ([[ccs.reversals]]).\n");
    }
    out
}

/// A ledger's total row, its title above, then each recorded reversal's description and the
/// balance sentence: the same for the CCS reserve and the buffer.
fn totals(mut t: super::grid::Grid, l: &LedgerJson, title: &str, r: &ProjectReport) -> String {
    t.add_row(vec![
        "Total".into(),
        String::new(),
        thousands(l.deposited),
        String::new(),
        thousands(l.cancelled),
        thousands(l.shortfall),
        thousands(l.balance),
    ]);
    let mut out = format!("{title}\n{t}\n");
    for (date, description) in &r.words.reversal_notes {
        out.push_str(&format!("Reversal of {date}: {description}\n"));
    }
    out.push_str(&format!(
        "Balance {} = deposited {} − cancelled {}.\n",
        thousands(l.balance),
        thousands(l.deposited),
        thousands(l.cancelled)
    ));
    out
}

/// The buffer ledger table and its balance sentence.
pub fn buffer_ledger(r: &ProjectReport, l: &LedgerJson) -> String {
    let mut t = new_table(&["Entry", "Date", "Deposit", "Lost tCO2", "Cancelled", "Shortfall", "Balance"], &[2, 3, 4, 5, 6]);
    for e in &l.entries {
        if e.kind == "deposit" {
            let label = e.period.as_deref().unwrap_or_default();
            let p = r.periods.iter().find(|p| p.id == label);
            t.add_row(vec![
                format!("deposit, period {label}{}", p.map(|p| format!(" ({} to {})", p.start, p.end)).unwrap_or_default()),
                p.map(|p| p.end.clone()).unwrap_or_default(),
                thousands(e.credits.unwrap_or_default()),
                String::new(),
                String::new(),
                String::new(),
                thousands(e.balance),
            ]);
        } else {
            let what = match &e.period {
                Some(id) => format!("reversal: negative net removals of period {id}"),
                None => "reversal, recorded ([[buffer.reversals]])".to_string(),
            };
            t.add_row(vec![
                what,
                e.date.clone().unwrap_or_default(),
                String::new(),
                e.lost.map(human).unwrap_or_default(),
                thousands(e.cancelled.unwrap_or_default()),
                thousands(e.shortfall.unwrap_or_default()),
                thousands(e.balance),
            ]);
        }
    }
    let title = "Reversal buffer ledger (credits, in date order: a loss is covered only by earlier deposits)";
    let mut out = totals(t, l, title, r);
    if l.shortfall > 0 {
        out.push_str(&format!(
            "Shortfall: {} tCO2 lost beyond what the buffer held; the project participants of {} must make it good.\n",
            thousands(l.shortfall),
            r.project.id
        ));
    } else if l.cancelled == 0 {
        out.push_str("No reversals: nothing credited has been lost ([[buffer.reversals]]).\n");
    }
    out
}
