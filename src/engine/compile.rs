//! From a parsed expression to an evaluable tree: names resolved to symbols, index variables
//! bound, and the unit of every node proved. Where two operands have compatible units of
//! different scale (`kWh + MWh`), an exact conversion node is inserted, so evaluation never
//! thinks about units.
//!
//! The literal `0` has no unit of its own and fits any unit (`max(0, RE - PE)`); other literals
//! are dimensionless unless written with a unit (`3.6 [GJ/MWh]`).

mod calls;
mod ops;

use super::expr::ast::{BinOp, CmpOp, Expr, ExprKind, Span};
use super::units::{Conversion, Unit, parse_unit};
use rust_decimal::Decimal;

/// What the compiler needs to know of a name.
#[derive(Debug, Clone)]
pub struct SymbolInfo {
    pub id: usize,
    pub unit: Unit,
    /// The index the symbol ranges over, if it has one value per point.
    pub index: Option<usize>,
}

/// The names an expression can see: parameters, equations and indexes of one methodology.
pub trait Scope {
    fn symbol(&self, name: &str) -> Option<SymbolInfo>;
    fn index(&self, name: &str) -> Option<usize>;
    fn index_name(&self, id: usize) -> String;
    /// Names that are close to `name`, for "did you mean" hints.
    fn suggest(&self, name: &str) -> Option<String>;
    /// The words a symbol takes when it is an option or a categorical parameter. Such a symbol
    /// has no numeric value: it can only be compared with one of its words,
    /// `if(battery == 'grid', a, b)`.
    fn choices(&self, _id: usize) -> Option<Vec<String>> {
        None
    }
    /// Whether the expression being compiled may read symbol `id` (a row equation reads one
    /// monitoring row, a period equation a whole period); the message and hint when it may not.
    fn usable(&self, _id: usize) -> Result<(), (String, String)> {
        Ok(())
    }
    /// Whether `days` and `past` mean something here: true for an equation evaluated per
    /// period, false for one evaluated per monitoring row.
    fn period_context(&self) -> bool {
        true
    }
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Exp,
    Ln,
    Abs,
    Floor,
    Ceil,
}

/// A compiled node: what to compute, and where it came from for runtime errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub op: Op,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Const(Decimal),
    /// Days in the period being evaluated, inclusive.
    Days,
    /// A scalar symbol.
    Sym(usize),
    /// An indexed symbol at the point its index is currently bound to.
    SymAt(usize, usize),
    Neg(Box<Node>),
    /// A first operand and operators of one precedence applied left to right.
    Chain(Box<Node>, Vec<Step>),
    Convert(Box<Node>, Conversion),
    Min(Vec<Node>),
    Max(Vec<Node>),
    If(CmpOp, Box<Node>, Box<Node>, Box<Node>, Box<Node>),
    /// Sum over every point of an index.
    Sum(usize, Box<Node>),
    Func(Func, Box<Node>),
    /// Round half away from zero to a number of decimal places.
    Round(Box<Node>, u32),
    /// `past(x, body)`: `body` summed over every earlier yearly step and the current period.
    Past(Box<Node>),
    /// A scalar symbol's value in the step that the enclosing `past` is visiting.
    AtStep(usize),
    /// Years between the step that the enclosing `past` is visiting and the current period.
    Age,
}

/// One step of a chain: the operator, its right operand, and the span of the chain up to it,
/// where an overflow of the running result is reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub op: BinOp,
    pub node: Node,
    pub upto: Span,
}

/// The unit of a compiled node; `Free` is the literal 0, which fits any unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Free,
    U(Unit),
}

impl Ty {
    fn show(&self) -> String {
        match self {
            Ty::Free => "0".into(),
            Ty::U(u) => format!("`{u}`"),
        }
    }
}

/// What kind of mistake a compile error is. The engine names kinds only: the stable
/// `JCM-Exxx` code each maps to is the front end's (`fault_code` in `methodology::load`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Units that cannot be added, compared or fitted together.
    UnitMismatch,
    /// A name, value or function used where it has no meaning (`days` in a row equation).
    BadContext,
    /// A name or index that is not declared.
    UnknownName,
    /// A unit that is not known.
    UnknownUnit,
    /// An index used wrongly: missing, extra, or not bound.
    BadIndex,
    /// A function called wrongly, or a value of the wrong kind given to it.
    BadCall,
    /// A division by the literal 0.
    LiteralZeroDivisor,
}

/// A compile error: which kind, what, where (a span of the expression text), and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub fault: Fault,
    pub message: String,
    pub span: Span,
    pub hint: Option<String>,
}

fn cerr(fault: Fault, message: impl Into<String>, span: Span) -> CompileError {
    CompileError { fault, message: message.into(), span, hint: None }
}

impl CompileError {
    fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }
}

/// The result of compiling one expression.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub node: Node,
    pub ty: Ty,
    /// Symbols the expression reads, in order of first use, without repeats.
    pub deps: Vec<usize>,
}

/// Names that cannot be parameters or equations.
pub const RESERVED: &[&str] = &["days", "sum", "min", "max", "if", "exp", "ln", "abs", "floor", "ceil", "round", "past", "age"];

/// Compile an expression. `bound` lists index ids already bound (an indexed equation's own index).
pub fn compile(expr: &Expr, scope: &dyn Scope, bound: &[usize]) -> Result<Compiled, CompileError> {
    let mut c = Compiler { scope, bound: bound.to_vec(), deps: Vec::new(), step: None };
    let (node, ty) = c.expr(expr)?;
    Ok(Compiled { node, ty, deps: c.deps })
}

/// Make a compiled expression deliver its value in `declared`, converting if the scale differs.
pub fn fit(compiled: Compiled, declared: &Unit, span: Span) -> Result<Node, CompileError> {
    match &compiled.ty {
        Ty::Free => Ok(compiled.node),
        Ty::U(u) => {
            let conv = u.factor_to(declared).ok_or_else(|| {
                cerr(
                    Fault::UnitMismatch,
                    format!(
                        "the expression is in `{u}` ({}), but the equation is declared in `{declared}` ({})",
                        u.dimension_text(),
                        declared.dimension_text()
                    ),
                    span,
                )
                .hint("check the equation against the methodology, or the declared unit")
            })?;
            Ok(convert(compiled.node, conv))
        }
    }
}

fn convert(node: Node, conv: Conversion) -> Node {
    if conv.is_identity() {
        return node;
    }
    let span = node.span;
    Node { op: Op::Convert(Box::new(node), conv), span }
}

struct Compiler<'a> {
    scope: &'a dyn Scope,
    bound: Vec<usize>,
    deps: Vec<usize>,
    /// The step name of the enclosing `past(x, …)`, if any.
    step: Option<String>,
}

impl Compiler<'_> {
    fn dep(&mut self, id: usize) {
        if !self.deps.contains(&id) {
            self.deps.push(id);
        }
    }

    fn lookup(&mut self, name: &str, span: Span) -> Result<SymbolInfo, CompileError> {
        match self.scope.symbol(name) {
            Some(s) => {
                if let Err((message, hint)) = self.scope.usable(s.id) {
                    return Err(cerr(Fault::BadContext, message, span).hint(hint));
                }
                self.dep(s.id);
                Ok(s)
            }
            None => {
                let mut e = cerr(Fault::UnknownName, format!("unknown name `{name}`"), span);
                e.hint = Some(match self.scope.suggest(name) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "declare it under [parameters] or [equations]".into(),
                });
                Err(e)
            }
        }
    }

    fn expr(&mut self, e: &Expr) -> Result<(Node, Ty), CompileError> {
        let span = e.span;
        let node = |op| Node { op, span };
        match &e.kind {
            ExprKind::Num { value, unit, .. } => {
                let ty = match unit {
                    Some((text, uspan)) => Ty::U(
                        parse_unit(text)
                            .map_err(|ue| cerr(Fault::UnknownUnit, ue.to_string(), Span::new(uspan.start + ue.offset, uspan.end)))?,
                    ),
                    None if value.is_zero() => Ty::Free,
                    None => Ty::U(Unit::one()),
                };
                Ok((node(Op::Const(*value)), ty))
            }
            ExprKind::Name(n) if n == "days" => {
                if !self.scope.period_context() {
                    return Err(cerr(Fault::BadContext, "`days` counts the days of a period; a row equation sees one reading", span)
                        .hint("compute with `days` in an equation evaluated per period"));
                }
                Ok((node(Op::Days), Ty::U(parse_unit("d").map_err(|u| cerr(Fault::UnknownUnit, u.to_string(), span))?)))
            }
            ExprKind::Name(n) if self.step.as_deref() == Some(n.as_str()) => {
                Err(cerr(Fault::BadCall, format!("`{n}` is the step of `past`, not a value"), span)
                    .hint(format!("write W[{n}] for W's value in that step, or age({n}) for its age in years")))
            }
            ExprKind::Text(t) => Err(cerr(Fault::BadCall, format!("the word '{t}' is not a number"), span)
                .hint("a quoted word is compared with an option or a category: if(option == 'word', a, b)")),
            ExprKind::Index { name, name_span, var, var_span } if self.step.as_deref() == Some(var.as_str()) => {
                self.at_step(name, *name_span, *var_span, span)
            }
            ExprKind::Name(n) => {
                let s = self.lookup(n, span)?;
                self.not_a_choice(n, s.id, span)?;
                if let Some(ix) = s.index {
                    let iname = self.scope.index_name(ix);
                    let hint = if self.bound.contains(&ix) {
                        format!("write `{n}[{iname}]`")
                    } else {
                        format!("write `sum({iname}, {n}[{iname}])` to add it up over the points")
                    };
                    return Err(cerr(Fault::BadIndex, format!("`{n}` has one value per point of index `{iname}`"), span).hint(hint));
                }
                Ok((node(Op::Sym(s.id)), Ty::U(s.unit)))
            }
            ExprKind::Index { name, name_span, var, var_span } => {
                let s = self.lookup(name, *name_span)?;
                self.not_a_choice(name, s.id, *name_span)?;
                self.indexed(&s, name, var, *var_span, span)
            }
            ExprKind::Neg(a) => {
                let (n, t) = self.expr(a)?;
                Ok((node(Op::Neg(Box::new(n))), t))
            }
            ExprKind::Chain(first, links) => self.chain(first, links, span),
            ExprKind::Cmp(..) => Err(cerr(Fault::BadCall, "a comparison is only allowed as the first argument of `if`", span)
                .hint("write if(a > b, value_if_true, value_if_false)")),
            ExprKind::Call { func, func_span, args } => self.call(func, *func_span, args, span),
        }
    }

    /// `X[var]` for a symbol already looked up: check the index is X's own and is bound.
    fn indexed(&mut self, s: &SymbolInfo, name: &str, var: &str, var_span: Span, span: Span) -> Result<(Node, Ty), CompileError> {
        let Some(ix) = self.scope.index(var) else {
            return Err(cerr(Fault::UnknownName, format!("unknown index `{var}`"), var_span).hint("declare it under [indexes]"));
        };
        match s.index {
            None => Err(cerr(Fault::BadIndex, format!("`{name}` is one value for the whole project; it has no index"), var_span)
                .hint(format!("write `{name}` without `[{var}]`"))),
            Some(own) if own != ix => {
                Err(cerr(Fault::BadIndex, format!("`{name}` is indexed by `{}`, not `{var}`", self.scope.index_name(own)), var_span))
            }
            Some(_) if !self.bound.contains(&ix) => Err(cerr(Fault::BadIndex, format!("index `{var}` is not bound here"), var_span)
                .hint(format!("use `{name}[{var}]` inside `sum({var}, …)`"))),
            Some(_) => Ok((Node { op: Op::SymAt(s.id, ix), span }, Ty::U(s.unit.clone()))),
        }
    }

    /// An option or a categorical parameter has no numeric value.
    fn not_a_choice(&self, name: &str, id: usize, span: Span) -> Result<(), CompileError> {
        match self.scope.choices(id) {
            None => Ok(()),
            Some(words) => {
                let first = words.first().map_or("…", String::as_str);
                Err(cerr(Fault::BadCall, format!("`{name}` takes one of the words {}, not a number", ops::quoted(&words)), span)
                    .hint(format!("compare it with one of them: if({name} == '{first}', a, b)")))
            }
        }
    }

    /// `W[x]` inside `past(x, …)`: W's value in the step being visited.
    fn at_step(&mut self, name: &str, name_span: Span, var_span: Span, span: Span) -> Result<(Node, Ty), CompileError> {
        let s = self.lookup(name, name_span)?;
        self.not_a_choice(name, s.id, name_span)?;
        if s.index.is_some() {
            return Err(cerr(
                Fault::BadIndex,
                format!("`{name}` has one value per point; `past` reads values for the whole project"),
                var_span,
            )
            .hint("add the points up in an equation without an index, and read that one in `past`"));
        }
        Ok((Node { op: Op::AtStep(s.id), span }, Ty::U(s.unit)))
    }

    fn arity(func: &str, args: &[Expr], n: usize, span: Span, shape: &str) -> Result<(), CompileError> {
        if args.len() != n {
            return Err(cerr(
                Fault::BadCall,
                format!("`{func}` takes {n} argument{}, found {}", if n == 1 { "" } else { "s" }, args.len()),
                span,
            )
            .hint(format!("write {shape}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
