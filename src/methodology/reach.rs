//! Which symbols a project needs, once its options are chosen. A methodology with calculation
//! options (`if(battery == 'pv_only', a, b)`) reads some monitored parameters only under some
//! choices: a project that chose another one does not monitor them, so neither the monitoring
//! files nor the [estimate] need them. Walking RE, PE and ER with the chosen branches tells.

use super::model::{Kind, Methodology};
use crate::engine::compile::{Node, Op};
use crate::engine::expr::ast::CmpOp;
use rust_decimal::Decimal;

/// `needed[id]`: symbol `id` is read when RE, PE and ER are computed. `choice(id)` is the
/// position of the chosen word of option `id`, when the project chose one.
pub fn needed(m: &Methodology, choice: &dyn Fn(usize) -> Option<usize>) -> Vec<bool> {
    let mut w = Walk { m, choice, needed: vec![false; m.symbols.len()] };
    for id in [m.re, m.pe, m.er] {
        w.mark(id);
    }
    w.needed
}

struct Walk<'a> {
    m: &'a Methodology,
    choice: &'a dyn Fn(usize) -> Option<usize>,
    needed: Vec<bool>,
}

impl Walk<'_> {
    fn mark(&mut self, id: usize) {
        if self.needed[id] {
            return;
        }
        self.needed[id] = true;
        if let Some(cat) = self.m.row_key(id) {
            self.mark(cat);
        }
        if let Kind::Equation(e) = &self.m.symbols[id].kind {
            self.node(&e.node);
        }
    }

    /// The branch an `if` on a chosen option takes, if the condition is one.
    fn decided(&self, op: CmpOp, l: &Node, r: &Node) -> Option<(usize, bool)> {
        let (Op::Sym(opt), Op::Const(k)) = (&l.op, &r.op) else { return None };
        if !matches!(self.m.symbols[*opt].kind, Kind::Choice { .. }) {
            return None;
        }
        let chosen = (self.choice)(*opt)?;
        let equal = Decimal::from(chosen) == *k;
        Some((*opt, if op == CmpOp::Ne { !equal } else { equal }))
    }

    fn node(&mut self, n: &Node) {
        match &n.op {
            Op::Sym(id) | Op::SymAt(id, _) | Op::AtStep(id) => self.mark(*id),
            Op::If(op, l, r, a, b) => match self.decided(*op, l, r) {
                Some((opt, holds)) => {
                    self.mark(opt);
                    self.node(if holds { a } else { b });
                }
                None => {
                    for x in [l, r, a, b] {
                        self.node(x);
                    }
                }
            },
            Op::Neg(a) | Op::Convert(a, _) | Op::Sum(_, a) | Op::Func(_, a) | Op::Round(a, _) | Op::Past(a) => self.node(a),
            Op::Chain(head, steps) => {
                self.node(head);
                for s in steps {
                    self.node(&s.node);
                }
            }
            Op::Min(xs) | Op::Max(xs) => {
                for x in xs {
                    self.node(x);
                }
            }
            Op::Const(_) | Op::Days | Op::Age => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::methodology::load::load;

    const M: &str = r#"
[methodology]
id = "T"
version = "1"
[parameters.mode]
kind = "option"
choices = { simple = "PV output only", battery = "PV output less battery losses" }
[parameters.EG]
unit = "MWh"
kind = "monitored"
[parameters.LOSS]
unit = "MWh"
kind = "monitored"
[parameters.EF]
unit = "tCO2/MWh"
kind = "fixed"
default = 0.5
[equations]
E = { expr = "if(mode == 'battery', EG - LOSS, EG)", unit = "MWh" }
RE = { expr = "E * EF", unit = "tCO2" }
PE = { expr = "0", unit = "tCO2" }
ER = { expr = "RE - PE", unit = "tCO2" }
"#;

    #[test]
    fn a_choice_prunes_the_branch_not_taken() {
        let m = load(Source::new("t.toml", M)).unwrap();
        let id = |n: &str| m.symbol(n).unwrap().0;
        let simple = needed(&m, &|_| Some(0));
        assert!(simple[id("EG")] && simple[id("EF")] && simple[id("mode")]);
        assert!(!simple[id("LOSS")], "the simple option does not read LOSS");
        let battery = needed(&m, &|_| Some(1));
        assert!(battery[id("LOSS")]);
        let unknown = needed(&m, &|_| None);
        assert!(unknown[id("LOSS")], "without a choice every branch counts");
    }
}
