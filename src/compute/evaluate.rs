//! Evaluating a methodology's equations, in dependency order, over bound values. An indexed
//! equation is evaluated once per point of its index. Row equations (`per = "row"`) are not
//! evaluated here: the monitoring reader evaluates them per CSV row and binds their sums. In a
//! CCS project, RE or PE is adjusted by the net-reduction method as soon as it is evaluated
//! ([`super::ccs::adjust`]), so that the equations after it (ER) use the adjusted value.

use super::bind::{Bound, Origin};
use crate::diag::{Code, Diagnostic};
use crate::engine::eval::{Env, Fault, Value, eval};
use crate::project::Project;
use rust_decimal::Decimal;

/// Evaluate every equation into `bound`. `what` names the period (or slice) for messages.
pub fn evaluate(project: &Project, bound: &mut Bound, days: i64, what: &str) -> Result<(), Diagnostic> {
    evaluate_with(project, bound, days, what, &[])
}

/// [`evaluate`] with the values of the earlier yearly steps, oldest first, for `past`.
pub fn evaluate_with(
    project: &Project,
    bound: &mut Bound,
    days: i64,
    what: &str,
    history: &[Vec<Option<Value>>],
) -> Result<(), Diagnostic> {
    let m = &project.methodology;
    let points_per_index: Vec<usize> = (0..m.indexes.len()).map(|ix| project.points_of(ix).len()).collect();
    let mut slots = vec![0usize; m.indexes.len()];
    for &id in &m.order {
        let s = &m.symbols[id];
        let Some(eq) = s.equation().filter(|e| !e.per_row) else { continue };
        // An equation the chosen options do not need may read a parameter the project does not
        // monitor, left unbound: it has no value then, as that parameter has none.
        if !project.needed.get(id).copied().unwrap_or(true) && eq.deps.iter().any(|&d| bound.values[d].is_none()) {
            continue;
        }
        let env = Env::new(&bound.values, &points_per_index, Decimal::from(days)).with_history(history);
        let result = match s.index {
            None => eval(&eq.node, &env, &mut slots).map(Value::Scalar),
            Some(ix) => {
                let vals = (0..points_per_index[ix])
                    .map(|p| {
                        slots[ix] = p;
                        eval(&eq.node, &env, &mut slots)
                    })
                    .collect::<Result<Vec<_>, _>>();
                slots[ix] = 0;
                vals.map(Value::PerPoint)
            }
        };
        let result = result.map_err(|e| (eval_code(e.fault), e.to_string(), e.span)).and_then(|v| {
            let (v, adjusted) = super::ccs::adjust(project, id, v).map_err(|message| (Code::Arithmetic, message, eq.node.span))?;
            if adjusted.is_some() {
                bound.adjusted = adjusted;
            }
            Ok(v)
        });
        match result {
            Ok(v) => {
                bound.values[id] = Some(v);
                bound.origins[id] = Some(Origin::Equation);
            }
            Err((code, message, at)) => {
                let span = match eq.expr_start {
                    Some(start) => start + at.start..start + at.end.max(at.start + 1),
                    None => eq.expr_span.clone(),
                };
                return Err(Diagnostic::new(code, format!("{what}: {message} in equation {}", s.name))
                    .at(&m.src, span)
                    .hint("check the monitored values of this period"));
            }
        }
    }
    Ok(())
}

/// The stable code of each kind of evaluation failure: the engine names kinds, the front end
/// codes. Every kind is a fault of the values of a period, reported as an arithmetic error.
pub fn eval_code(f: Fault) -> Code {
    match f {
        Fault::Overflow | Fault::DivisionByZero | Fault::LnOfNonPositive(_) | Fault::UnknownInStep { .. } => Code::Arithmetic,
    }
}

/// The scalar value of a symbol after evaluation.
pub fn scalar(bound: &Bound, id: usize) -> Decimal {
    match &bound.values[id] {
        Some(v) => v.total().unwrap_or(Decimal::ZERO),
        None => Decimal::ZERO,
    }
}
