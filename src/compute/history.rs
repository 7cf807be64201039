//! The earlier yearly steps that `past` reads: the project's [[history]] steps, bound as the
//! methodology's static values plus the monitored values each step gives. Monitoring periods
//! are appended by the caller as they are computed.

use super::bind::Bound;
use crate::engine::eval::Value;
use crate::project::{HistoryStep, Project};

/// Values of every [[history]] step, oldest first.
pub fn steps(project: &Project, base: &Bound) -> Vec<Vec<Option<Value>>> {
    of(project, project.history.iter(), base)
}

/// Values of the [[history]] steps before the crediting period (for the ex-ante years).
pub fn steps_before_crediting(project: &Project, base: &Bound) -> Vec<Vec<Option<Value>>> {
    of(project, crate::project::history::before_crediting(project).into_iter(), base)
}

fn of<'a>(project: &Project, steps: impl Iterator<Item = &'a HistoryStep>, base: &Bound) -> Vec<Vec<Option<Value>>> {
    let m = &project.methodology;
    steps
        .map(|h| {
            let mut values = base.values.clone();
            for (name, (x, _)) in &h.values {
                if let Some((id, _)) = m.symbol(name) {
                    values[id] = Some(Value::Scalar(*x));
                }
            }
            values
        })
        .collect()
}
