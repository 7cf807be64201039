//! Evaluation of compiled expressions with checked decimal arithmetic. Overflow and division by
//! zero are errors carrying the span of the node that failed, never panics.
//!
//! Division keeps rust_decimal's 28 significant digits; everything else (addition,
//! multiplication, unit conversion to a smaller unit) is exact. `exp` and `ln` are the one place
//! where results are approximate: rust_decimal computes them by series to about 20 significant
//! digits (a test pins `exp(-0.4)` to 1e-20), far below any figure that is rounded to whole tonnes.
//!
//! `past(x, body)` walks [`Env::history`] (the earlier yearly steps, oldest first) and then the
//! current period; [`Env::step`] says which step `W[x]` and `age(x)` refer to meanwhile.

use super::compile::{Func, Node, Op, Step};
use super::expr::ast::{BinOp, CmpOp, Span};
use super::rounding::{self, Mode};
use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;

/// A symbol's value in one period: one number, or one per point of its index.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Decimal),
    PerPoint(Vec<Decimal>),
}

impl Value {
    /// The total of a per-point value, or the scalar itself.
    pub fn total(&self) -> Option<Decimal> {
        match self {
            Value::Scalar(v) => Some(*v),
            Value::PerPoint(vs) => vs.iter().try_fold(Decimal::ZERO, |a, v| a.checked_add(*v)),
        }
    }
}

/// What evaluation reads: symbol values, the number of points per index, the period's days,
/// and, for `past`, the values of the earlier yearly steps.
pub struct Env<'a> {
    pub values: &'a [Option<Value>],
    pub points_per_index: &'a [usize],
    pub days: Decimal,
    /// Every symbol's values in each earlier step, oldest first (empty without history).
    pub history: &'a [Vec<Option<Value>>],
    /// The step `past` is visiting: an index into `history`, or `history.len()` for the current
    /// period.
    pub step: Cell<usize>,
}

impl<'a> Env<'a> {
    pub fn new(values: &'a [Option<Value>], points_per_index: &'a [usize], days: Decimal) -> Self {
        Env { values, points_per_index, days, history: &[], step: Cell::new(0) }
    }

    /// The same environment with earlier steps for `past`.
    pub fn with_history(mut self, history: &'a [Vec<Option<Value>>]) -> Self {
        self.history = history;
        self
    }
}

/// What kind of failure an evaluation met: each is caused by the values given, never by a bug
/// (a broken invariant of the compiled tree panics with the invariant in words). The engine names
/// kinds only; the stable `JCM-Exxx` code of each is the front end's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A result beyond what a decimal holds (about 7.9 × 10^28).
    Overflow,
    /// A division by a value that is zero.
    DivisionByZero,
    /// `ln` of a value that is zero or negative.
    LnOfNonPositive(Decimal),
    /// `W[x]` inside `past` for an earlier step that gives no value of W, `ago` years back.
    UnknownInStep { ago: usize },
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Overflow => write!(f, "the result is too large for a decimal (overflow)"),
            Fault::DivisionByZero => write!(f, "division by zero"),
            Fault::LnOfNonPositive(x) => write!(f, "ln of {x}, which is not positive"),
            Fault::UnknownInStep { ago } => write!(f, "this value is not known for the step {ago} year(s) before the current period"),
        }
    }
}

/// A failure during evaluation: its kind, and the span of the node that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    pub fault: Fault,
    pub span: Span,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fault.fmt(f)
    }
}

fn fail(fault: Fault, span: Span) -> EvalError {
    EvalError { fault, span }
}

/// Evaluate `node`; `slots[k]` is the point the index k is bound to.
///
/// # Panics
///
/// When `env` breaks what the compiled tree assumes: a symbol read before it is bound, a point
/// or an index out of range. These are bugs of the caller, never caused by values.
pub fn eval(node: &Node, env: &Env, slots: &mut [usize]) -> Result<Decimal, EvalError> {
    let span = node.span;
    let overflow = || fail(Fault::Overflow, span);
    match &node.op {
        Op::Const(v) => Ok(*v),
        Op::Days => Ok(env.days),
        Op::Sym(id) => match env.values.get(*id) {
            Some(Some(Value::Scalar(v))) => Ok(*v),
            _ => panic!("a scalar symbol is bound before an equation that reads it is evaluated (symbol {id})"),
        },
        Op::SymAt(id, ix) => match env.values.get(*id) {
            Some(Some(Value::PerPoint(vs))) => {
                Ok(*vs.get(slots[*ix]).expect("a per-point value holds one value for each point of its index, and a slot is one of them"))
            }
            _ => panic!("a per-point symbol is bound before an equation that reads it is evaluated (symbol {id})"),
        },
        Op::Neg(a) => Ok(-eval(a, env, slots)?),
        Op::Chain(head, steps) => {
            let mut x = eval(head, env, slots)?;
            for Step { op, node: b, upto } in steps {
                let y = eval(b, env, slots)?;
                let overflow = || fail(Fault::Overflow, *upto);
                x = match op {
                    BinOp::Add => x.checked_add(y).ok_or_else(overflow)?,
                    BinOp::Sub => x.checked_sub(y).ok_or_else(overflow)?,
                    BinOp::Mul => x.checked_mul(y).ok_or_else(overflow)?,
                    BinOp::Div => {
                        if y.is_zero() {
                            return Err(fail(Fault::DivisionByZero, b.span));
                        }
                        x.checked_div(y).ok_or_else(overflow)?
                    }
                };
            }
            Ok(x)
        }
        Op::Convert(a, conv) => {
            let x = eval(a, env, slots)?;
            conv.apply(x).ok_or_else(overflow)
        }
        Op::Min(args) | Op::Max(args) => {
            let is_min = matches!(node.op, Op::Min(_));
            let mut best: Option<Decimal> = None;
            for a in args {
                let v = eval(a, env, slots)?;
                best = Some(match best {
                    None => v,
                    Some(b) if is_min => b.min(v),
                    Some(b) => b.max(v),
                });
            }
            Ok(best.expect("the compiler gives `min` and `max` at least two arguments"))
        }
        Op::If(op, l, r, a, b) => {
            let x = eval(l, env, slots)?;
            let y = eval(r, env, slots)?;
            let holds = match op {
                CmpOp::Lt => x < y,
                CmpOp::Le => x <= y,
                CmpOp::Gt => x > y,
                CmpOp::Ge => x >= y,
                CmpOp::Eq => x == y,
                CmpOp::Ne => x != y,
            };
            eval(if holds { a } else { b }, env, slots)
        }
        Op::Sum(ix, body) => {
            let n = *env.points_per_index.get(*ix).expect("the environment counts the points of every index the compiler resolved");
            let saved = slots[*ix];
            let total = (0..n).try_fold(Decimal::ZERO, |total, p| {
                slots[*ix] = p;
                total.checked_add(eval(body, env, slots)?).ok_or_else(overflow)
            });
            slots[*ix] = saved;
            total
        }
        Op::Func(f, a) => {
            let x = eval(a, env, slots)?;
            match f {
                Func::Abs => Ok(x.abs()),
                Func::Floor => Ok(rounding::whole(x, Mode::Down)),
                Func::Ceil => Ok(rounding::whole(x, Mode::Up)),
                // exp(x) of a large negative x is below 10^-28, which a decimal holds as 0;
                // rust_decimal gets there as 1 / exp(-x) and gives up when exp(-x) overflows.
                Func::Exp => match exp(x) {
                    Some(v) => Ok(v),
                    None if x.is_sign_negative() => Ok(Decimal::ZERO),
                    None => Err(overflow()),
                },
                Func::Ln => {
                    if x <= Decimal::ZERO {
                        return Err(fail(Fault::LnOfNonPositive(x), a.span));
                    }
                    x.checked_ln().ok_or_else(overflow)
                }
            }
        }
        Op::Round(a, places) => Ok(rounding::half_up(eval(a, env, slots)?, *places)),
        Op::Past(body) => {
            let saved = env.step.get();
            let total = (0..=env.history.len()).try_fold(Decimal::ZERO, |total, step| {
                env.step.set(step);
                total.checked_add(eval(body, env, slots)?).ok_or_else(overflow)
            });
            env.step.set(saved);
            total
        }
        Op::AtStep(id) => {
            let step = env.step.get();
            let current = env.history.len();
            let values = if step >= current { env.values } else { &env.history[step][..] };
            match values.get(*id) {
                Some(Some(Value::Scalar(v))) => Ok(*v),
                Some(Some(Value::PerPoint(_))) => panic!("the compiler refuses a per-point symbol inside `past` (symbol {id})"),
                _ => Err(fail(Fault::UnknownInStep { ago: current.saturating_sub(step) }, span)),
            }
        }
        Op::Age => Ok(Decimal::from(env.history.len().saturating_sub(env.step.get()))),
    }
}

/// `exp(x)` by rust_decimal's series, remembered per thread by the exact digits and scale of
/// `x`. A `past` estimate over n years asks for the decay of the same n ages about n²/2 times,
/// and the series is most of the cost; a pure function remembered changes no digit.
fn exp(x: Decimal) -> Option<Decimal> {
    /// Entries kept before the memo starts afresh: a bound on its memory (about 2 MiB).
    const MEMO_MAX: usize = 1 << 16;
    thread_local! {
        static MEMO: RefCell<HashMap<[u8; 16], Option<Decimal>>> = RefCell::new(HashMap::new());
    }
    let key = x.serialize();
    if let Some(v) = MEMO.with(|m| m.borrow().get(&key).copied()) {
        return v;
    }
    let v = x.checked_exp();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_MAX {
            m.clear();
        }
        m.insert(key, v);
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile::compile;
    use crate::engine::expr::parser::parse;
    use crate::engine::number::dec;

    use crate::engine::test_scope::TestScope as S;

    fn run(src: &str) -> Result<Decimal, EvalError> {
        let c = compile(&parse(src).unwrap(), &S, &[]).unwrap();
        let values = vec![
            Some(Value::PerPoint(vec![dec("1000.1"), dec("2000.2")])),
            Some(Value::PerPoint(vec![dec("0.797"), dec("0.533")])),
            Some(Value::Scalar(dec("1500"))),
            None,
            None,
            None,
            None,
            None,
            None,
            Some(Value::Scalar(dec("0"))),
        ];
        let env = Env::new(&values, &[2], dec("365"));
        eval(&c.node, &env, &mut [0])
    }

    #[test]
    fn evaluates_exactly() {
        assert_eq!(run("sum(i, EG[i] * EF[i])").unwrap(), dec("1863.1863"));
        assert_eq!(run("sum(i, EG[i]) + EC").unwrap(), dec("3001.8"));
        assert_eq!(run("EC + sum(i, EG[i])").unwrap(), dec("3001800"));
        assert_eq!(run("max(0, -EC)").unwrap(), dec("0"));
        assert_eq!(run("if(EC >= 1.5 [MWh], 1, 2)").unwrap(), dec("1"));
        assert_eq!(run("days * 2").unwrap(), dec("730"));
        assert_eq!(run("round(2 / 3, 2)").unwrap(), dec("0.67"));
        assert_eq!(run("floor(-2.5) + ceil(2.1)").unwrap(), dec("0"));
    }

    /// `past` visits the earlier steps (oldest first) and then the current period.
    #[test]
    fn past_walks_the_earlier_steps() {
        let c = compile(&parse("past(x, Z[x] * age(x))").unwrap(), &S, &[]).unwrap();
        let step = |z: &str| {
            let mut v = vec![None; 10];
            v[9] = Some(Value::Scalar(dec(z)));
            v
        };
        let history = vec![step("1"), step("2")];
        let now = step("5");
        let env = Env::new(&now, &[2], dec("365")).with_history(&history);
        // 1 MWh two years ago, 2 MWh one year ago, 5 MWh now at age 0.
        assert_eq!(eval(&c.node, &env, &mut [0]).unwrap(), dec("4"));
        let c = compile(&parse("past(x, Z[x])").unwrap(), &S, &[]).unwrap();
        assert_eq!(eval(&c.node, &env, &mut [0]).unwrap(), dec("8"));
        let gap = vec![vec![None; 10]];
        let env = Env::new(&now, &[2], dec("365")).with_history(&gap);
        let e = eval(&c.node, &env, &mut [0]).unwrap_err();
        assert_eq!(e.fault, Fault::UnknownInStep { ago: 1 });
        assert_eq!(e.to_string(), "this value is not known for the step 1 year(s) before the current period");
    }

    /// `exp` is a series: pinned to 20 decimals against the true value 0.67032004603563930074…
    #[test]
    fn exp_precision_is_documented() {
        let v = run("exp(-0.4)").unwrap();
        assert!((v - dec("0.6703200460356393007444")).abs() < dec("1e-20"), "{v}");
    }

    #[test]
    fn errors_are_located() {
        let e = run("EC / Z").unwrap_err();
        assert_eq!((e.fault, e.span.start), (Fault::DivisionByZero, 5));
        assert_eq!(e.to_string(), "division by zero");
        let e = run("ln(Z / 1 [MWh])").unwrap_err();
        assert_eq!(e.to_string(), "ln of 0, which is not positive");
        assert!(run("EC * 79228162514264337593543950335").is_err());
        assert!(run("exp(100000)").is_err());
    }

    /// A flat sum of 100,000 terms compiles (each kWh term converted to the MWh of the first)
    /// and evaluates exactly, and the deepest nesting the parser accepts compiles and evaluates on
    /// a worker thread's small stack.
    #[test]
    fn long_chains_and_deep_nesting_evaluate() {
        let n = 100_000;
        assert_eq!(run(&format!("Z{}", " + EC".repeat(n))).unwrap(), dec("150000"));
        assert_eq!(run(&format!("EC{}", " - 1 [kWh] + 1 [kWh]".repeat(n))).unwrap(), dec("1500"));
        assert_eq!(run(&format!("EC{}", " * 2 / 2".repeat(n))).unwrap(), dec("1500"));
        let e = run(&format!("EC{}", " * 10".repeat(30))).unwrap_err();
        assert_eq!((e.fault, e.span.start, e.span.end), (Fault::Overflow, 0, 2 + 5 * 26));
        assert_eq!(e.to_string(), "the result is too large for a decimal (overflow)");
        let n = crate::engine::expr::parser::MAX_DEPTH / 5 - 1;
        let src = format!("{}COP{}", "-abs(COP * (COP + ".repeat(n), "))".repeat(n));
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let c = compile(&parse(&src).unwrap(), &S, &[]).unwrap();
                let mut values = vec![None; 10];
                values[6] = Some(Value::Scalar(dec("1")));
                let env = Env::new(&values, &[2], dec("365"));
                assert!(eval(&c.node, &env, &mut [0]).is_ok());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    /// The remembered `exp` is the series' own result, digit for digit, for every scale of an
    /// argument (1.0 and 1.00 are remembered apart), the first time and the next.
    #[test]
    fn remembered_exp_is_the_series() {
        for x in ["-0.4", "1.0", "1.00", "-0.06", "-66", "100000", "0"] {
            let x = dec(x);
            assert_eq!(exp(x), x.checked_exp(), "{x}");
            assert_eq!(exp(x), x.checked_exp(), "{x}, remembered");
        }
    }

    /// A decay far past its last significant digit is 0, not an overflow.
    #[test]
    fn exp_of_a_large_negative_number_is_zero() {
        assert_eq!(run("exp(-66)").unwrap(), dec("0"));
        assert_eq!(run("exp(-100000)").unwrap(), dec("0"));
    }
}
