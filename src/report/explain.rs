//! `--explain` for people: the trace of each period ([`super::trace`]) as text, with every
//! equation written out three times — as the methodology states it, with each name replaced by
//! its value and unit, and as its result — so a verifier can redo any step by hand.

use super::trace::{self, PeriodTrace};
use super::{exact, thousands};
use crate::compute::Calculation;
use crate::compute::bind::Bound;
use crate::engine::eval::Value;
use crate::engine::expr::ast::{BinOp, Expr, ExprKind};
use crate::project::Project;

/// Beyond this many points a sum is shown as written, not expanded term by term.
const MAX_EXPANDED: usize = 12;

/// The trace of every period of a calculation, as text.
pub fn render(project: &Project, calc: &Calculation) -> String {
    let mut out = String::new();
    for t in trace::build(project, calc) {
        out.push('\n');
        out.push_str(&period(&t));
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
        super::ccs_table::percent(rate),
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

/// An expression with each name replaced by its value and unit. `at` binds an indexed
/// equation's own index to one of its points: (index, position among the index's points).
pub fn substitute(expr: &Expr, project: &Project, bound: &Bound, days: i64, at: Option<(usize, usize)>) -> String {
    let m = &project.methodology;
    let mut slots: Vec<(String, usize)> = Vec::new();
    if let Some((ix, pos)) = at {
        slots.push((m.indexes[ix].name.clone(), pos));
    }
    let cx = Sub { project, bound, days };
    cx.expr(expr, &mut slots, 0)
}

struct Sub<'a> {
    project: &'a Project,
    bound: &'a Bound,
    days: i64,
}

impl Sub<'_> {
    fn quantity(&self, v: rust_decimal::Decimal, unit: &str) -> String {
        let n = exact(v);
        let n = if n.starts_with('-') { format!("({n})") } else { n };
        if unit == "1" { n } else { format!("{n} [{unit}]") }
    }

    fn value(&self, name: &str, pos: Option<usize>) -> Option<String> {
        let (id, s) = self.project.methodology.symbol(name)?;
        let v = match (self.bound.values[id].as_ref()?, pos) {
            (Value::Scalar(x), _) => *x,
            (Value::PerPoint(xs), Some(p)) => *xs.get(p)?,
            (Value::PerPoint(_), None) => return None,
        };
        Some(self.quantity(v, &s.unit.text))
    }

    fn expr(&self, e: &Expr, slots: &mut Vec<(String, usize)>, min: u8) -> String {
        let p = e.prec();
        let s = match &e.kind {
            ExprKind::Num { .. } | ExprKind::Text(_) => e.pretty(),
            // Inside `past`, `W[x]` is the waste of each earlier step, not a value of this period.
            ExprKind::Call { func, .. } if func == "past" => e.pretty(),
            ExprKind::Name(n) if n == "days" => self.days.to_string(),
            ExprKind::Name(n) => self.value(n, None).unwrap_or_else(|| n.clone()),
            ExprKind::Index { name, var, .. } => {
                let pos = slots.iter().rev().find(|(v, _)| v == var).map(|(_, p)| *p);
                self.value(name, pos).unwrap_or_else(|| format!("{name}[{var}]"))
            }
            ExprKind::Neg(a) => format!("-{}", self.expr(a, slots, 4)),
            ExprKind::Bin(op, a, b) => {
                let rp = if matches!(op, BinOp::Sub | BinOp::Div) { p + 1 } else { p };
                format!("{} {} {}", self.expr(a, slots, p), op.symbol(), self.expr(b, slots, rp))
            }
            ExprKind::Cmp(op, a, b) => format!("{} {} {}", self.expr(a, slots, 2), op.symbol(), self.expr(b, slots, 2)),
            ExprKind::Call { func, args, .. } if func == "sum" && args.len() == 2 => self.sum(e, &args[0], &args[1], slots, min),
            ExprKind::Call { func, args, .. } => {
                let a: Vec<String> = args.iter().map(|a| self.expr(a, slots, 0)).collect();
                format!("{func}({})", a.join(", "))
            }
        };
        if p < min { format!("({s})") } else { s }
    }

    /// `sum(i, body)` expanded over the points of `i`: `t1 + t2 + …`, in parentheses where the
    /// surrounding operator binds tighter than `+`.
    fn sum(&self, whole: &Expr, var: &Expr, body: &Expr, slots: &mut Vec<(String, usize)>, min: u8) -> String {
        let ExprKind::Name(var) = &var.kind else { return whole.pretty() };
        let m = &self.project.methodology;
        let Some(ix) = m.indexes.iter().position(|i| &i.name == var) else { return whole.pretty() };
        let n = self.project.points_of(ix).len();
        if n == 0 {
            return "0".into();
        }
        if n > MAX_EXPANDED {
            return format!("{} over {n} points", whole.pretty());
        }
        let mut terms = Vec::with_capacity(n);
        for pos in 0..n {
            slots.push((var.clone(), pos));
            terms.push(self.expr(body, slots, 3));
            slots.pop();
        }
        match n {
            1 => terms.remove(0),
            _ if min > 2 => format!("({})", terms.join(" + ")),
            _ => terms.join(" + "),
        }
    }
}

/// The header of `--explain --format csv`: one tidy row per value in the trace.
pub const CSV_HEADER: &[&str] = &["project", "period", "step", "symbol", "point", "value", "unit", "detail"];

/// The trace as tidy CSV rows: inputs (detail: where the value came from), equations (detail:
/// the expression with values substituted), then credits.
pub fn csv_rows(project: &Project, calc: &Calculation) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for t in trace::build(project, calc) {
        let row = |step: &str, symbol: &str, point: &Option<String>, value: &str, unit: &str, detail: &str| {
            vec![
                project.id.clone(),
                t.period.clone(),
                step.into(),
                symbol.into(),
                point.clone().unwrap_or_default(),
                value.into(),
                unit.into(),
                detail.into(),
            ]
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

/// `--explain --format csv`: the trace rows of every project under one header.
pub fn render_csv(items: &[(&Project, &Calculation)]) -> String {
    super::csv::document(CSV_HEADER, items.iter().flat_map(|(p, c)| csv_rows(p, c)))
}
