//! The row plan: evaluating row equations (`per = "row"`) on one monitoring row. The row's
//! monitored values and categories are set, the fixed values picked by a category are looked up
//! in their tables, and every row equation is evaluated in dependency order.
//!
//! It sits below both the monitoring reader and the calculation: the pipeline builds a
//! [`RowEval`] from the project's static values before reading and hands it to the reader, which
//! calls it for each row as it streams (adding the results into the period's buckets, so memory
//! does not grow with rows); the ex-ante estimate calls it once, with the estimated values as the
//! row. It reads no file and imports neither `monitoring` nor `compute`.

use crate::engine::eval::{Env, Value, eval};
use crate::methodology::model::Kind;
use crate::project::Project;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// A row-equation failure: which equation, what went wrong, and where in its expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub equation: usize,
    pub message: String,
    /// The part of the expression at fault (the divisor of a division by zero).
    pub span: crate::engine::expr::ast::Span,
}

/// The symbols an equation names inside `span` of its expression, in the order written: for a
/// division by zero, the readings that make the divisor.
pub fn named_within(project: &Project, equation: usize, span: crate::engine::expr::ast::Span) -> Vec<usize> {
    use crate::engine::expr::ast::{Expr, ExprKind};
    fn walk(e: &Expr, span: crate::engine::expr::ast::Span, out: &mut Vec<String>) {
        let inside = span.start <= e.span.start && e.span.end <= span.end;
        match &e.kind {
            ExprKind::Name(n) if inside => out.push(n.clone()),
            ExprKind::Index { name, .. } if inside => out.push(name.clone()),
            _ => e.children().into_iter().for_each(|a| walk(a, span, out)),
        }
    }
    let m = &project.methodology;
    let Some(eq) = m.symbols[equation].equation() else { return Vec::new() };
    let mut names = Vec::new();
    walk(&eq.expr, span, &mut names);
    names.iter().filter_map(|n| m.symbol(n).map(|(id, _)| id)).collect()
}

/// The state of one row: every symbol's value, reset between rows only where a row sets it.
#[derive(Clone)]
pub struct RowEval<'a> {
    project: &'a Project,
    values: Vec<Option<Value>>,
    points_per_index: Vec<usize>,
    /// Position of each project point within its index.
    local: Vec<usize>,
    /// Fixed values picked per row by a category: (fixed symbol, category symbol, its words).
    keyed: Vec<(usize, usize, Vec<String>)>,
}

impl<'a> RowEval<'a> {
    /// The row state of `project`, starting from the values that do not change from period to
    /// period (`base`: fixed and project parameters, one entry per symbol).
    pub fn new(project: &'a Project, base: &[Option<Value>]) -> Self {
        let m = &project.methodology;
        let points_per_index: Vec<usize> = (0..m.indexes.len()).map(|ix| project.points_of(ix).len()).collect();
        let mut local = vec![0; project.points.len()];
        for ix in 0..m.indexes.len() {
            for (k, p) in project.points_of(ix).into_iter().enumerate() {
                local[p] = k;
            }
        }
        let mut values = base.to_vec();
        for (id, s) in m.symbols.iter().enumerate() {
            let row_set =
                matches!(s.kind, Kind::Monitored { .. } | Kind::Category { .. }) || m.row_key(id).is_some() || s.is_row_equation();
            if row_set {
                values[id] = Some(match s.index {
                    Some(ix) => Value::PerPoint(vec![Decimal::ZERO; points_per_index[ix]]),
                    None => Value::Scalar(Decimal::ZERO),
                });
            }
        }
        let keyed =
            (0..m.symbols.len()).filter_map(|id| m.row_key(id).map(|cat| (id, cat, m.symbols[cat].words().unwrap_or_default()))).collect();
        RowEval { project, values, points_per_index, local, keyed }
    }

    /// Set symbol `id` for this row (a number, or a category's position among its words).
    pub fn set(&mut self, id: usize, point: Option<usize>, v: Decimal) {
        let k = point.map(|p| self.local[p]);
        match (&mut self.values[id], k) {
            (Some(Value::PerPoint(vs)), Some(k)) => {
                if let Some(slot) = vs.get_mut(k) {
                    *slot = v;
                }
            }
            (slot, _) => *slot = Some(Value::Scalar(v)),
        }
    }

    fn get(&self, id: usize, point: Option<usize>) -> Option<Decimal> {
        match (&self.values[id], point.map(|p| self.local[p])) {
            (Some(Value::Scalar(v)), _) => Some(*v),
            (Some(Value::PerPoint(vs)), Some(k)) => vs.get(k).copied(),
            _ => None,
        }
    }

    /// Evaluate the row equations `eqs` (in order) for a row at `point`; their values.
    pub fn eval(&mut self, eqs: &[usize], point: Option<usize>) -> Result<Vec<(usize, Decimal)>, RowError> {
        let m = &self.project.methodology;
        // Fixed values picked by the row's category.
        for k in 0..self.keyed.len() {
            let (id, cat) = (self.keyed[k].0, self.keyed[k].1);
            let Kind::Fixed { table, default, .. } = &m.symbols[id].kind else { continue };
            let word = self.get(cat, point).and_then(|w| usize::try_from(w.mantissa()).ok()).and_then(|w| self.keyed[k].2.get(w));
            let v = word.and_then(|w| table.iter().find(|(t, _)| t == w).map(|(_, v)| *v)).or(*default).unwrap_or(Decimal::ZERO);
            self.set(id, point, v);
        }
        let mut out = Vec::with_capacity(eqs.len());
        let mut slots = vec![0usize; m.indexes.len()];
        if let Some(p) = point {
            if let Some(slot) = slots.get_mut(self.project.points[p].index) {
                *slot = self.local[p];
            }
        }
        for &id in eqs {
            let Some(eq) = m.symbols[id].equation() else { continue };
            let env = Env::new(&self.values, &self.points_per_index, Decimal::ONE);
            let v = eval(&eq.node, &env, &mut slots).map_err(|e| RowError { equation: id, message: e.to_string(), span: e.span })?;
            self.set(id, point, v);
            out.push((id, v));
        }
        Ok(out)
    }
}

/// The monitored and categorical parameters a row equation reads, directly or through other
/// row equations and category-keyed tables.
pub fn inputs(project: &Project, eq: usize) -> BTreeSet<usize> {
    let m = &project.methodology;
    let mut out = BTreeSet::new();
    let mut stack = vec![eq];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &m.symbols[id].kind {
            Kind::Monitored { .. } | Kind::Category { .. } => {
                out.insert(id);
            }
            Kind::Equation(e) => stack.extend(e.deps.iter().copied()),
            Kind::Fixed { .. } => stack.extend(m.row_key(id)),
            _ => {}
        }
    }
    out
}

/// The row equations the project needs, in evaluation order.
pub fn needed_row_equations(project: &Project) -> Vec<usize> {
    let m = &project.methodology;
    m.row_equations().filter(|&id| project.needed.get(id).copied().unwrap_or(true)).collect()
}
