//! An expression with each name replaced by its value and unit, for the trace: `EG[i] × EF_RE[i]`
//! becomes `1520.4 [MWh] × 0.4 [tCO2/MWh]`.

use super::exact;
use crate::compute::bind::Bound;
use crate::engine::eval::Value;
use crate::engine::expr::ast::{BinOp, Expr, ExprKind};
use crate::project::Project;

/// Beyond this many points a sum is shown as written, not expanded term by term.
const MAX_EXPANDED: usize = 12;

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
    fn quantity(v: rust_decimal::Decimal, unit: &str) -> String {
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
        Some(Self::quantity(v, &s.unit.text))
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
