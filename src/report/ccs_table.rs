//! The tables of a CCS or CCUS project: per monitoring period, the steps from the methodology's
//! RE and PE to the credits for allocation in their order of operations (one row per step, one
//! column per period), and the reversal-reserve ledger. Formats only: every number shown was
//! computed in [`crate::compute::ccs`] and the engine.

use super::words::{formula, new_table, percent};
use super::{exact, human, thousands};
use crate::compute::Calculation;
use crate::engine::ccs::{Target, rounding_word};
use crate::engine::ledger::{Movement, ReserveLedger};
use crate::project::{Ccs, Project};

/// `rounded up (ceil)` or `rounded down (floor)`.
fn rounded(mode: crate::engine::rounding::Mode) -> String {
    format!("rounded {} ({})", mode.name(), rounding_word(mode))
}

/// The steps table: every period's way from RE and PE to the credits for allocation.
pub fn steps(project: &Project, c: &Ccs, calc: &Calculation) -> String {
    let m = &project.methodology;
    let method = c.net_reduction;
    let mut headers: Vec<String> = vec!["Step".into()];
    headers.extend(calc.periods.iter().map(|p| format!("{}\n{} to {}", p.id, p.start, p.end)));
    let hrefs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let numeric: Vec<usize> = (1..hrefs.len()).collect();
    let mut t = new_table(&hrefs, &numeric);
    let mut row = |label: String, cells: Vec<String>| {
        let mut r = vec![label];
        r.extend(cells);
        t.add_row(r);
    };
    let each = |f: &dyn Fn(&crate::compute::PeriodResult, &crate::compute::ccs::CcsPeriod) -> String| -> Vec<String> {
        calc.periods.iter().map(|p| p.ccs.as_ref().map_or_else(String::new, |cp| f(p, cp))).collect()
    };
    let describe = |name: &str| m.symbol(name).and_then(|(_, s)| s.description.clone()).map(|d| format!(": {d}")).unwrap_or_default();
    let methodology_re = |p: &crate::compute::PeriodResult, cp: &crate::compute::ccs::CcsPeriod| {
        human(if method.target() == Target::Re { cp.before } else { p.re })
    };
    let methodology_pe = |p: &crate::compute::PeriodResult, cp: &crate::compute::ccs::CcsPeriod| {
        human(if method.target() == Target::Pe { cp.before } else { p.pe })
    };
    let name = format!("method {} ({})", method.number(), method.name());
    row("1. RE from the methodology".into(), each(&methodology_re));
    row("2. PE from the methodology".into(), each(&methodology_pe));
    let sources = calc.periods.first().and_then(|p| p.ccs.as_ref()).map_or(0, |cp| cp.pe_sources.len());
    for k in 0..sources {
        let label = calc.periods[0].ccs.as_ref().map(|cp| cp.pe_sources[k].0.clone()).unwrap_or_default();
        row(format!("     {label}{}", describe(&label)), each(&|_, cp| cp.pe_sources.get(k).map(|s| human(s.1)).unwrap_or_default()));
    }
    let mut n = 3;
    if method.target() != Target::Er {
        row(format!("{n}. {name}: {}", formula(method)), each(&|_, cp| human(cp.after)));
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
        row(format!("{n}. {name}: {}", formula(method)), each(&|_, cp| human(cp.after)));
        n += 1;
    }
    row("   effect of the net reduction on ER".into(), each(&|_, cp| human(cp.effect)));
    let credited = if method.target() == Target::Er { formula(method) } else { "ER".into() };
    row(
        format!("{n}. credits: {credited} rounded {} to whole tCO2", project.settings.credit_rounding.name()),
        each(&|p, _| thousands(p.credits)),
    );
    row(
        format!("{}. reserve deposit: {} of credits, {}", n + 1, percent(c.reserve_rate), rounded(c.reserve_rounding)),
        each(&|_, cp| thousands(cp.reserve)),
    );
    row(format!("{}. credits for allocation: credits − reserve", n + 2), each(&|_, cp| thousands(cp.for_allocation)));
    row(
        "   vintages: credits (of which reserve)".into(),
        each(&|p, _| {
            p.vintages
                .iter()
                .map(|v| format!("{}: {} ({})", v.year, thousands(v.credits), thousands(v.reserve)))
                .collect::<Vec<_>>()
                .join("\n")
        }),
    );
    format!("CCS: from the methodology's RE and PE to the credits for allocation, in order (tCO2)\n{t}\n")
}

/// The reserve ledger table and its balance sentence.
pub fn ledger(project: &Project, c: &Ccs, calc: &Calculation, l: &ReserveLedger) -> String {
    let mut t = new_table(&["Entry", "Date", "Deposit", "Leaked tCO2", "Cancelled", "Shortfall", "Balance"], &[2, 3, 4, 5, 6]);
    for e in &l.entries {
        match &e.movement {
            Movement::Deposit { credits } => {
                let dates =
                    calc.periods.iter().find(|p| p.id == e.label).map(|p| format!(" ({} to {})", p.start, p.end)).unwrap_or_default();
                t.add_row(vec![
                    format!("deposit, period {}{dates}", e.label),
                    String::new(),
                    thousands(*credits),
                    String::new(),
                    String::new(),
                    String::new(),
                    thousands(e.balance),
                ]);
            }
            Movement::Reversal { leaked, cancelled, shortfall, .. } => {
                t.add_row(vec![
                    "reversal, cancelled from the reserve".into(),
                    e.label.clone(),
                    String::new(),
                    human(*leaked),
                    thousands(*cancelled),
                    thousands(*shortfall),
                    thousands(e.balance),
                ]);
            }
        }
    }
    t.add_row(vec![
        "Total".into(),
        String::new(),
        thousands(l.deposited),
        String::new(),
        thousands(l.cancelled),
        thousands(l.shortfall),
        thousands(l.balance),
    ]);
    let mut out = format!("CCS reversal reserve ledger (credits; every period's deposit, then the reversals after injection)\n{t}\n");
    for r in c.reversals.iter().filter(|r| r.description.is_some()) {
        out.push_str(&format!("Reversal of {}: {}\n", r.date, r.description.as_deref().unwrap_or_default()));
    }
    out.push_str(&format!(
        "Balance {} = deposited {} − cancelled {}.\n",
        thousands(l.balance),
        thousands(l.deposited),
        thousands(l.cancelled)
    ));
    if l.shortfall > 0 {
        out.push_str(&format!(
            "Shortfall: {} tCO2 leaked beyond what the reserve held; the project participants of {} must make it good.\n",
            thousands(l.shortfall),
            project.id
        ));
    } else if c.reversals.is_empty() {
        out.push_str("No reversals after injection are recorded ([[ccs.reversals]]).\n");
    }
    out
}

/// The CCS lines of "Rules applied".
pub fn rules(c: &Ccs) -> String {
    let m = c.net_reduction;
    let (key, value) = m.parameter();
    let value = if key == "project_uplift" { percent(value) } else { exact(value) };
    format!(
        "- CCS crediting period: the injection period, {} to {}\n\
         - CCS net reduction: method {} of 3, {}: {} ({key} = {value}; no value is published, a setting)\n\
         - CCS reserve: {} of each period's credits, {}, split over its vintages; the allocation shares the rest\n\
         - CCS reversals after injection: leaked tCO2 {} to whole credits, cancelled from the reserve\n",
        c.injection.0,
        c.injection.1,
        m.number(),
        m.name(),
        formula(m),
        percent(c.reserve_rate),
        rounded(c.reserve_rounding),
        rounded(c.reversal_rounding),
    )
}
