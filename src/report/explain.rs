//! `--explain` for people: the trace of each period ([`super::trace`]) as text, with every
//! equation written out three times — as the methodology states it, with each name replaced by
//! its value and unit, and as its result — so a verifier can redo any step by hand.

use super::model::ProjectReport;
use super::thousands;
use super::trace::{self, PeriodTrace};

/// The trace of every period of a calculation (built once, [`trace::build`]), as text.
pub fn render(traces: &[PeriodTrace]) -> String {
    let mut out = String::new();
    for t in traces {
        out.push('\n');
        out.push_str(&period(t));
    }
    out
}

fn period(t: &PeriodTrace) -> String {
    let mut out = format!("Trace of period {} ({} to {}, {} days)\n", t.period, t.start, t.end, t.days);
    out.push_str("\nInputs\n");
    for i in &t.inputs {
        let index = i.index.as_ref().map(|x| format!("[{x}]")).unwrap_or_default();
        let what = i.description.as_ref().map(|d| format!(": {d}")).unwrap_or_default();
        out.push_str(&format!("  {}{index} [{}], {}{what}\n", i.symbol, i.unit, i.kind));
        let unit = if i.unit == "1" { String::new() } else { format!(" {}", i.unit) };
        for v in &i.values {
            let at = v.point.as_ref().map(|p| format!("{p}: ")).unwrap_or_default();
            out.push_str(&format!("    {at}{}{unit}\n      from {}\n", v.value, v.source));
        }
    }
    out.push_str("\nEquations, in evaluation order\n");
    for e in &t.equations {
        let index = e.index.as_ref().map(|x| format!("[{x}]")).unwrap_or_default();
        let what = e.description.as_ref().map(|d| format!("  ({d})")).unwrap_or_default();
        out.push_str(&format!("  {}{index} [{}] = {}{what}\n", e.symbol, e.unit, e.expr));
        let unit = if e.unit == "1" { String::new() } else { format!(" {}", e.unit) };
        for r in &e.values {
            let at = r.point.as_ref().map(|p| format!("{p}: ")).unwrap_or_default();
            if r.substituted == r.value {
                out.push_str(&format!("    {at}= {}{unit}\n", r.value));
            } else {
                out.push_str(&format!("    {at}= {}\n    {}= {}{unit}\n", r.substituted, " ".repeat(at.chars().count()), r.value));
            }
        }
        if let Some(n) = &e.net_reduction {
            out.push_str(&format!(
                "    CCS method {} ({}): {} = {}{unit} (effect on ER {}); the equations below read this value\n",
                n.number, n.method, n.formula, n.after, n.effect
            ));
        }
    }
    let c = &t.credits;
    out.push_str("\nCredits\n");
    if let Some(ccs) = &c.ccs {
        out.push_str(&ccs_credits(c, ccs));
    } else if c.negative {
        out.push_str(&format!("  ER = {} tCO2 is negative: 0 credits\n", c.er));
    } else {
        out.push_str(&format!(
            "  ER = {} tCO2, rounded {} to whole tCO2 (settings.credit_rounding) = {} credits\n",
            c.er,
            c.rounding,
            thousands(c.credits)
        ));
    }
    let vintages: Vec<String> = c
        .vintages
        .iter()
        .map(|v| match v.reserve {
            Some(r) => format!("{}: {} (reserve {})", v.year, thousands(v.credits), thousands(r)),
            None => format!("{}: {}", v.year, thousands(v.credits)),
        })
        .collect();
    if c.vintages.len() > 1 {
        let weight = if c.vintage_split == "days" { "days in each year" } else { "each year's own ER (tCO2)" };
        let weights: Vec<String> = c.vintages.iter().map(|v| format!("{}: {}", v.year, v.weight)).collect();
        out.push_str(&format!("  vintages: {} (largest remainder, weighted by {weight}: {})\n", vintages.join(", "), weights.join(", ")));
    } else {
        out.push_str(&format!("  vintages: {} (one calendar year)\n", vintages.join(", ")));
    }
    let shares: Vec<String> = c
        .allocation
        .iter()
        .map(|s| format!("{} {}{}", s.party.label(), thousands(s.credits), if s.itmo { " (ITMO)" } else { "" }))
        .collect();
    out.push_str(&format!("  allocation ({}): {}\n", c.allocation_rule, shares.join(", ")));
    out
}

/// A CCS period's way from ER to the credits for allocation: method 3, rounding, reserve.
fn ccs_credits(c: &trace::CreditsTrace, ccs: &trace::CcsCreditsTrace) -> String {
    let mut out = String::new();
    let credited = match &ccs.net_reduction {
        Some(n) => {
            out.push_str(&format!("  ER = {} tCO2\n", c.er));
            out.push_str(&format!(
                "  CCS method {} ({}): {} = {} tCO2 (effect on ER {})\n",
                n.number, n.method, n.formula, n.after, n.effect
            ));
            ccs.er_credited.clone()
        }
        None => format!("ER = {}", ccs.er_credited),
    };
    if c.negative {
        out.push_str(&format!("  {credited} tCO2 is negative: 0 credits\n"));
    } else {
        out.push_str(&format!(
            "  {credited} tCO2, rounded {} to whole tCO2 (settings.credit_rounding) = {} credits\n",
            c.rounding,
            thousands(c.credits)
        ));
    }
    let direction = if ccs.reserve_rounding == "ceil" { "up (ceil)" } else { "down (floor)" };
    let rate: rust_decimal::Decimal = ccs.reserve_rate.parse().unwrap_or_default();
    out.push_str(&format!(
        "  reserve: {} × {} = {}, rounded {direction} ([ccs] reserve_rate, reserve_rounding) = {} credits\n",
        super::words::percent(rate),
        thousands(c.credits),
        ccs.reserve_exact,
        thousands(ccs.reserve)
    ));
    out.push_str(&format!(
        "  for allocation: {} − {} = {} credits\n",
        thousands(c.credits),
        thousands(ccs.reserve),
        thousands(ccs.for_allocation)
    ));
    out
}

/// The header of `--explain --format csv`: one tidy row per value in the trace.
pub const CSV_HEADER: &[&str] = &["project", "period", "step", "symbol", "point", "value", "unit", "detail"];

/// One tidy row of a trace: a value and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceRow {
    pub period: String,
    /// input | equation | net_reduction | credits | reserve | for_allocation | vintage | allocation
    pub step: &'static str,
    pub symbol: String,
    pub point: Option<String>,
    /// An exact decimal or whole credits, as text.
    pub value: String,
    pub unit: String,
    pub detail: String,
}

/// The trace as tidy rows: inputs (detail: where the value came from), equations (detail: the
/// expression with values substituted), then credits. The rows of `--explain --format csv` and
/// of the workbook's trace sheet.
pub fn trace_rows(traces: &[PeriodTrace]) -> Vec<TraceRow> {
    let mut rows = Vec::new();
    for t in traces {
        let row = |step: &'static str, symbol: &str, point: &Option<String>, value: &str, unit: &str, detail: &str| TraceRow {
            period: t.period.clone(),
            step,
            symbol: symbol.into(),
            point: point.clone(),
            value: value.into(),
            unit: unit.into(),
            detail: detail.into(),
        };
        for i in &t.inputs {
            for v in &i.values {
                rows.push(row("input", &i.symbol, &v.point, &v.value, &i.unit, &v.source));
            }
        }
        for e in &t.equations {
            for r in &e.values {
                rows.push(row("equation", &e.symbol, &r.point, &r.value, &e.unit, &format!("{} = {}", e.expr, r.substituted)));
            }
            if let Some(n) = &e.net_reduction {
                let detail = format!("CCS method {} ({}): {}, effect on ER {}", n.number, n.method, n.formula, n.effect);
                rows.push(row("net_reduction", &e.symbol, &None, &n.after, &e.unit, &detail));
            }
        }
        let c = &t.credits;
        let credited = match &c.ccs {
            Some(ccs) => {
                if let Some(n) = &ccs.net_reduction {
                    let detail = format!("CCS method {} ({}): {}, effect on ER {}", n.number, n.method, n.formula, n.effect);
                    rows.push(row("net_reduction", "ER", &None, &n.after, "tCO2", &detail));
                }
                format!("ER credited {}", ccs.er_credited)
            }
            None => format!("ER {}", c.er),
        };
        rows.push(row("credits", "credits", &None, &c.credits.to_string(), "tCO2", &format!("{credited} rounded {}", c.rounding)));
        if let Some(ccs) = &c.ccs {
            let detail = format!("{} × {} = {} rounded {}", ccs.reserve_rate, c.credits, ccs.reserve_exact, ccs.reserve_rounding);
            rows.push(row("reserve", "reserve", &None, &ccs.reserve.to_string(), "tCO2", &detail));
            let detail = format!("{} − {}", c.credits, ccs.reserve);
            rows.push(row("for_allocation", "for_allocation", &None, &ccs.for_allocation.to_string(), "tCO2", &detail));
        }
        for v in &c.vintages {
            let reserve = v.reserve.map(|r| format!(", of which reserve {r}")).unwrap_or_default();
            rows.push(row("vintage", &v.year.to_string(), &None, &v.credits.to_string(), "tCO2", &format!("weight {}{reserve}", v.weight)));
        }
        for s in &c.allocation {
            rows.push(row("allocation", s.party.key(), &None, &s.credits.to_string(), "tCO2", if s.itmo { "ITMO" } else { "" }));
        }
    }
    rows
}

/// The trace of a project's report as CSV records (none when the report carries no trace).
pub fn csv_rows(r: &ProjectReport) -> Vec<Vec<String>> {
    trace_rows(r.trace.as_deref().unwrap_or_default())
        .into_iter()
        .map(|row| {
            vec![
                r.project.id.clone(),
                row.period,
                row.step.into(),
                row.symbol,
                row.point.unwrap_or_default(),
                row.value,
                row.unit,
                row.detail,
            ]
        })
        .collect()
}

/// `--explain --format csv`: the trace rows of every project under one header.
pub fn render_csv(reports: &[&ProjectReport]) -> String {
    super::csv::document(CSV_HEADER, reports.iter().flat_map(|r| csv_rows(r)))
}
