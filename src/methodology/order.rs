//! The order in which a methodology's equations are evaluated: each after what it reads, by a
//! depth-first topological sort that reports a cycle with its path (a general graph crate would
//! find the cycle but not word it as the equations that form it).

use super::model::Symbol;
use crate::diag::{Code, Diagnostic, Diags, Source};

/// Order equations so each comes after what it reads; report a cycle with its path.
pub fn dependency_order(symbols: &[Symbol], n_params: usize, src: &Source, d: &mut Diags) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark = vec![Mark::New; symbols.len()];
    let mut order = Vec::new();
    let mut reported = false;
    for start in n_params..symbols.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (symbol, next dependency to visit).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Active;
        while let Some(&mut (s, ref mut k)) = stack.last_mut() {
            let deps = symbols[s].equation().map_or(&[][..], |e| &e.deps[..]);
            if *k < deps.len() {
                let dep = deps[*k];
                *k += 1;
                if dep < n_params {
                    continue;
                }
                match mark[dep] {
                    Mark::New => {
                        mark[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active if !reported => {
                        reported = true;
                        let from = stack.iter().position(|(x, _)| *x == dep).unwrap_or(0);
                        let mut path: Vec<&str> = stack[from..].iter().map(|(x, _)| symbols[*x].name.as_str()).collect();
                        path.push(&symbols[dep].name);
                        d.push(
                            Diagnostic::new(Code::Cycle, format!("equations depend on each other in a cycle: {}", path.join(" → ")))
                                .at(src, symbols[dep].span.clone())
                                .hint("an equation cannot depend, directly or indirectly, on itself"),
                        );
                    }
                    _ => {}
                }
            } else {
                mark[s] = Mark::Done;
                order.push(s);
                stack.pop();
            }
        }
    }
    order
}
