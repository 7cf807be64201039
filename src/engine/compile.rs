//! From a parsed expression to an evaluable tree: names resolved to symbols, index variables
//! bound, and the unit of every node proved. Where two operands have compatible units of
//! different scale (`kWh + MWh`), an exact conversion node is inserted, so evaluation never
//! thinks about units.
//!
//! The literal `0` has no unit of its own and fits any unit (`max(0, RE - PE)`); other literals
//! are dimensionless unless written with a unit (`3.6 [GJ/MWh]`).

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
    Bin(BinOp, Box<Node>, Box<Node>),
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
/// `JCM-Exxx` code each maps to is the front end's ([`crate::methodology::load`]).
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

/// An option or category operand of a comparison: its node, its words and its name.
type ChoiceOperand = (Node, Vec<String>, String);

/// Words as `'a', 'b'` for messages.
fn quoted(words: &[String]) -> String {
    words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(", ")
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
                            .map_err(|ue| cerr(Fault::UnknownUnit, ue.message, Span::new(uspan.start + ue.offset, uspan.end)))?,
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
                Ok((node(Op::Days), Ty::U(parse_unit("d").map_err(|u| cerr(Fault::UnknownUnit, u.message, span))?)))
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
            ExprKind::Bin(op, a, b) => self.binary(*op, a, b, span),
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
                Err(cerr(Fault::BadCall, format!("`{name}` takes one of the words {}, not a number", quoted(&words)), span)
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

    /// The operand of a comparison that may be an option or a category: its node and words.
    fn choice_operand(&mut self, e: &Expr) -> Option<Result<ChoiceOperand, CompileError>> {
        let (name, at) = match &e.kind {
            ExprKind::Name(n) | ExprKind::Index { name: n, .. } => (n, e.span),
            _ => return None,
        };
        let info = self.scope.symbol(name)?;
        let words = self.scope.choices(info.id)?;
        let r = self.lookup(name, at).and_then(|s| match &e.kind {
            ExprKind::Index { var, var_span, .. } => self.indexed(&s, name, var, *var_span, at).map(|(n, _)| n),
            _ if s.index.is_some() => {
                let iname = self.scope.index_name(s.index.unwrap_or(0));
                Err(cerr(Fault::BadIndex, format!("`{name}` has one value per point of index `{iname}`"), at)
                    .hint(format!("write `{name}[{iname}]`")))
            }
            _ => Ok(Node { op: Op::Sym(s.id), span: at }),
        });
        Some(r.map(|n| (n, words, name.clone())))
    }

    /// `option == 'word'` (or `!=`): the option's node and the word's position among its words.
    fn choice_comparison(&mut self, op: CmpOp, l: &Expr, r: &Expr, span: Span) -> Option<Result<(Node, Node), CompileError>> {
        let is_text = |e: &Expr| matches!(e.kind, ExprKind::Text(_));
        let (sym_side, text_side) = match (self.choice_operand(l), self.choice_operand(r)) {
            (Some(x), _) => (x, r),
            (None, Some(x)) => (x, l),
            (None, None) if is_text(l) || is_text(r) => {
                let t = if is_text(l) { l } else { r };
                return Some(Err(cerr(Fault::BadCall, format!("{} can only be compared with an option or a category", t), t.span)
                    .hint("compare numbers with numbers, and an option with one of its words")));
            }
            (None, None) => return None,
        };
        Some(sym_side.and_then(|(node, words, name)| {
            let ExprKind::Text(word) = &text_side.kind else {
                return Err(cerr(Fault::BadCall, format!("`{name}` is compared with one of its words {}", quoted(&words)), text_side.span)
                    .hint(format!("write if({name} == '{}', a, b)", words.first().map_or("…", String::as_str))));
            };
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(cerr(Fault::BadCall, format!("`{name}` is a word, compared only with == or !="), span));
            }
            let k = words.iter().position(|w| w == word).ok_or_else(|| {
                cerr(Fault::UnknownName, format!("'{word}' is not one of the words of `{name}`"), text_side.span)
                    .hint(format!("the words are {}", quoted(&words)))
            })?;
            Ok((node, Node { op: Op::Const(Decimal::from(k)), span: text_side.span }))
        }))
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, span: Span) -> Result<(Node, Ty), CompileError> {
        let (na, ta) = self.expr(a)?;
        let (nb, tb) = self.expr(b)?;
        match op {
            BinOp::Add | BinOp::Sub => {
                let verb = if op == BinOp::Add { "add" } else { "subtract" };
                let (na, nb, t) = self.unify(na, ta, nb, tb).map_err(|(x, y)| {
                    let (first, second) = (y, x);
                    cerr(
                        Fault::UnitMismatch,
                        format!("cannot {verb} {} {} {}", first, if op == BinOp::Add { "to" } else { "from" }, second),
                        span,
                    )
                    .hint("both sides of + and - must have compatible units (MWh and kWh are compatible, MWh and tCO2 are not)")
                })?;
                Ok((Node { op: Op::Bin(op, Box::new(na), Box::new(nb)), span }, t))
            }
            BinOp::Mul | BinOp::Div => {
                if op == BinOp::Div && matches!(nb.op, Op::Const(v) if v.is_zero()) {
                    return Err(cerr(Fault::LiteralZeroDivisor, "division by the literal 0", b.span));
                }
                let t = match (&ta, &tb) {
                    (Ty::Free, _) => Ty::Free,
                    (Ty::U(u), Ty::Free) => {
                        if op == BinOp::Mul {
                            Ty::Free
                        } else {
                            Ty::U(u.clone())
                        }
                    }
                    (Ty::U(x), Ty::U(y)) => {
                        let r = if op == BinOp::Mul { x.mul(y) } else { x.div(y) };
                        Ty::U(r.ok_or_else(|| cerr(Fault::UnitMismatch, "the units' powers or scales overflow", span))?)
                    }
                };
                Ok((Node { op: Op::Bin(op, Box::new(na), Box::new(nb)), span }, t))
            }
        }
    }

    /// Bring two operands to one unit. On mismatch, returns both units as text for the message.
    fn unify(&self, na: Node, ta: Ty, nb: Node, tb: Ty) -> Result<(Node, Node, Ty), (String, String)> {
        match (&ta, &tb) {
            (Ty::Free, _) => Ok((na, nb, tb)),
            (_, Ty::Free) => Ok((na, nb, ta)),
            (Ty::U(x), Ty::U(y)) => match y.factor_to(x) {
                Some(conv) => Ok((na, convert(nb, conv), ta)),
                None => Err((ta.show(), tb.show())),
            },
        }
    }

    fn arity(&self, func: &str, args: &[Expr], n: usize, span: Span, shape: &str) -> Result<(), CompileError> {
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

    fn call(&mut self, func: &str, fspan: Span, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        match func {
            "sum" => {
                self.arity(func, args, 2, span, "sum(i, expression)")?;
                let ExprKind::Name(var) = &args[0].kind else {
                    return Err(
                        cerr(Fault::BadCall, "the first argument of `sum` is an index name", args[0].span).hint("write sum(i, EG[i])")
                    );
                };
                let ix = self.scope.index(var).ok_or_else(|| {
                    cerr(Fault::UnknownName, format!("unknown index `{var}`"), args[0].span).hint("declare it under [indexes]")
                })?;
                if self.bound.contains(&ix) {
                    return Err(cerr(Fault::BadIndex, format!("index `{var}` is already bound here"), args[0].span));
                }
                self.bound.push(ix);
                let r = self.expr(&args[1]);
                self.bound.pop();
                let (n, t) = r?;
                Ok((Node { op: Op::Sum(ix, Box::new(n)), span }, t))
            }
            "min" | "max" => {
                if args.len() < 2 {
                    return Err(cerr(Fault::BadCall, format!("`{func}` takes at least 2 arguments, found {}", args.len()), span)
                        .hint(format!("write {func}(a, b)")));
                }
                let (mut n0, mut t0) = self.expr(&args[0])?;
                let mut rest = Vec::new();
                for a in &args[1..] {
                    let (n, t) = self.expr(a)?;
                    let (x, y, t) = self.unify(n0, t0, n, t).map_err(|(x, y)| {
                        cerr(Fault::UnitMismatch, format!("`{func}` compares {x} with {y}"), a.span)
                            .hint("all arguments need compatible units")
                    })?;
                    n0 = x;
                    t0 = t;
                    rest.push(y);
                }
                let mut all = vec![n0];
                all.extend(rest);
                // Unifying later arguments may have fixed the unit after earlier ones were free;
                // a free literal is 0 in any unit, so no conversion is needed for them.
                let op = if func == "min" { Op::Min(all) } else { Op::Max(all) };
                Ok((Node { op, span }, t0))
            }
            "if" => {
                self.arity(func, args, 3, span, "if(a > b, value_if_true, value_if_false)")?;
                let ExprKind::Cmp(cop, l, r) = &args[0].kind else {
                    return Err(cerr(Fault::BadCall, "the first argument of `if` must be a comparison", args[0].span)
                        .hint("compare with < <= > >= == or !="));
                };
                let (nl, nr) = match self.choice_comparison(*cop, l, r, args[0].span) {
                    Some(pair) => pair?,
                    None => {
                        let (nl, tl) = self.expr(l)?;
                        let (nr, tr) = self.expr(r)?;
                        let (nl, nr, _) = self
                            .unify(nl, tl, nr, tr)
                            .map_err(|(x, y)| cerr(Fault::UnitMismatch, format!("cannot compare {x} with {y}"), args[0].span))?;
                        (nl, nr)
                    }
                };
                let (na, ta) = self.expr(&args[1])?;
                let (nb, tb) = self.expr(&args[2])?;
                let (na, nb, t) = self.unify(na, ta, nb, tb).map_err(|(x, y)| {
                    cerr(Fault::UnitMismatch, format!("the two branches of `if` have units {x} and {y}"), span)
                        .hint("both branches must have compatible units")
                })?;
                Ok((Node { op: Op::If(*cop, Box::new(nl), Box::new(nr), Box::new(na), Box::new(nb)), span }, t))
            }
            "exp" | "ln" => {
                self.arity(func, args, 1, span, &format!("{func}(x)"))?;
                let (n, t) = self.expr(&args[0])?;
                if let Ty::U(u) = &t {
                    if !u.is_dimensionless() {
                        return Err(cerr(
                            Fault::UnitMismatch,
                            format!("`{func}` needs a dimensionless argument, found `{u}`"),
                            args[0].span,
                        ));
                    }
                }
                let n = match t {
                    Ty::U(u) => convert(n, u.factor_to(&Unit::one()).unwrap_or(Conversion { num: Decimal::ONE, den: Decimal::ONE })),
                    Ty::Free => n,
                };
                let f = if func == "exp" { Func::Exp } else { Func::Ln };
                Ok((Node { op: Op::Func(f, Box::new(n)), span }, Ty::U(Unit::one())))
            }
            "abs" | "floor" | "ceil" => {
                self.arity(func, args, 1, span, &format!("{func}(x)"))?;
                let (n, t) = self.expr(&args[0])?;
                let f = match func {
                    "abs" => Func::Abs,
                    "floor" => Func::Floor,
                    _ => Func::Ceil,
                };
                Ok((Node { op: Op::Func(f, Box::new(n)), span }, t))
            }
            "round" => {
                self.arity(func, args, 2, span, "round(x, decimals)")?;
                let (n, t) = self.expr(&args[0])?;
                let places = match &args[1].kind {
                    ExprKind::Num { value, unit: None, .. } if value.fract().is_zero() => u32::try_from(*value).ok().filter(|p| *p <= 28),
                    _ => None,
                };
                let Some(places) = places else {
                    return Err(cerr(
                        Fault::BadCall,
                        "the second argument of `round` is a whole number of decimals from 0 to 28",
                        args[1].span,
                    ));
                };
                Ok((Node { op: Op::Round(Box::new(n), places), span }, t))
            }
            "past" => {
                self.arity(func, args, 2, span, "past(x, W[x] * exp(-k * age(x)))")?;
                if !self.scope.period_context() {
                    return Err(cerr(Fault::BadContext, "`past` reads earlier monitoring periods; a row equation sees one reading", fspan)
                        .hint("use `past` in an equation evaluated per period"));
                }
                let ExprKind::Name(var) = &args[0].kind else {
                    return Err(cerr(Fault::BadCall, "the first argument of `past` names the step, such as x", args[0].span)
                        .hint("write past(x, W[x] * exp(-k * age(x)))"));
                };
                if self.step.is_some() {
                    return Err(cerr(Fault::BadCall, "`past` cannot be used inside another `past`", fspan));
                }
                if self.scope.index(var).is_some() || self.scope.symbol(var).is_some() || var == "days" {
                    return Err(cerr(
                        Fault::BadCall,
                        format!("`{var}` is already a name; the step of `past` needs a new one"),
                        args[0].span,
                    )
                    .hint("write past(x, …) with a name that is not a parameter, an equation or an index"));
                }
                self.step = Some(var.clone());
                let r = self.expr(&args[1]);
                self.step = None;
                let (n, t) = r?;
                Ok((Node { op: Op::Past(Box::new(n)), span }, t))
            }
            "age" => {
                self.arity(func, args, 1, span, "age(x)")?;
                match (&args[0].kind, &self.step) {
                    (ExprKind::Name(v), Some(step)) if v == step => Ok((Node { op: Op::Age, span }, Ty::U(Unit::one()))),
                    _ => Err(cerr(Fault::BadCall, "`age` takes the step of the enclosing `past`", args[0].span)
                        .hint("write past(x, W[x] * exp(-k * age(x)))")),
                }
            }
            _ => {
                let known = "sum, min, max, if, exp, ln, abs, floor, ceil, round, past, age";
                Err(cerr(Fault::BadCall, format!("unknown function `{func}`"), fspan).hint(format!("the functions are {known}")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expr::parser::parse;

    /// A scope with EG[i] (MWh), EF[i] (tCO2/MWh), EC (kWh), RE (tCO2), FC (kL), NCV (GJ/kL).
    use crate::engine::test_scope::TestScope as S;

    fn unit_of(src: &str) -> Result<String, (Fault, String, usize)> {
        let e = parse(src).unwrap();
        match compile(&e, &S, &[]) {
            Ok(c) => Ok(match c.ty {
                Ty::Free => "free".into(),
                Ty::U(u) => format!("{} [{}]", u, u.dimension_text()),
            }),
            Err(e) => Err((e.fault, e.message, e.span.start)),
        }
    }

    /// Unit-checker table: expression → its unit, or the error.
    #[test]
    fn units_are_proved() {
        let ok = [
            ("sum(i, EG[i] * EF[i])", "tCO2 [tCO2]"),
            ("EC * 0.5 [tCO2/MWh]", "kgCO2 [tCO2]"),
            ("FC * NCV", "GJ [MJ]"),
            ("RE - 0", "tCO2 [tCO2]"),
            ("max(0, RE)", "tCO2 [tCO2]"),
            ("0", "free"),
            ("sum(i, EG[i]) + EC", "MWh [MJ]"),
            ("if(EC > 0, RE, 0)", "tCO2 [tCO2]"),
            ("EC / days", "kWh/d [MJ/h]"),
            ("exp(-COP * 2)", "1 [1]"),
            ("RE * COP / COP", "tCO2 [tCO2]"),
            ("round(RE, 2)", "tCO2 [tCO2]"),
            ("if(OPT == 'grid', RE, 0)", "tCO2 [tCO2]"),
            ("if('pv' != OPT, RE, 0)", "tCO2 [tCO2]"),
            ("sum(i, if(CAT[i] == 'off', EG[i], 0))", "MWh [MJ]"),
            ("past(x, RE[x] * exp(-COP * age(x)) * (1 - exp(-COP)))", "tCO2 [tCO2]"),
        ];
        for (src, want) in ok {
            assert_eq!(unit_of(src), Ok(want.to_string()), "{src}");
        }
    }

    /// Trailing zeros do not change the places: `5.000000000` is 5, not 0, and `2.0000000000`
    /// does not overflow.
    #[test]
    fn round_places_ignore_trailing_zeros() {
        for (src, want) in [("round(RE, 5.000000000)", 5), ("round(RE, 2.0000000000)", 2), ("round(RE, 28.0)", 28)] {
            let c = compile(&parse(src).unwrap(), &S, &[]).unwrap();
            assert!(matches!(c.node.op, Op::Round(_, p) if p == want), "{src}: {:?}", c.node.op);
        }
    }

    #[test]
    fn unit_errors_name_both_units() {
        let bad = [
            ("RE + EC", Fault::UnitMismatch, "cannot add `kWh` to `tCO2`", 0),
            ("EC - RE", Fault::UnitMismatch, "cannot subtract `tCO2` from `kWh`", 0),
            ("max(RE, FC)", Fault::UnitMismatch, "`max` compares `tCO2` with `kL`", 8),
            ("if(RE > EC, 1, 0)", Fault::UnitMismatch, "cannot compare `tCO2` with `kWh`", 3),
            ("exp(RE)", Fault::UnitMismatch, "`exp` needs a dimensionless argument, found `tCO2`", 4),
            ("EG", Fault::BadIndex, "`EG` has one value per point of index `i`", 0),
            ("RE[i]", Fault::BadIndex, "`RE` is one value for the whole project; it has no index", 3),
            ("EG[i]", Fault::BadIndex, "index `i` is not bound here", 3),
            ("sum(i, sum(i, EG[i]))", Fault::BadIndex, "index `i` is already bound here", 11),
            ("EGG + 1", Fault::UnknownName, "unknown name `EGG`", 0),
            ("sum(j, EG[j])", Fault::UnknownName, "unknown index `j`", 4),
            ("min(RE)", Fault::BadCall, "`min` takes at least 2 arguments, found 1", 0),
            ("if(RE, 1, 0)", Fault::BadCall, "the first argument of `if` must be a comparison", 3),
            ("foo(RE)", Fault::BadCall, "unknown function `foo`", 0),
            ("RE > 0", Fault::BadCall, "a comparison is only allowed as the first argument of `if`", 0),
            ("RE / 0", Fault::LiteralZeroDivisor, "division by the literal 0", 5),
            ("2 [MWhh]", Fault::UnknownUnit, "unknown unit `MWhh`", 3),
            ("OPT * 2", Fault::BadCall, "`OPT` takes one of the words 'pv', 'grid', not a number", 0),
            ("if(OPT == 'sun', 1, 0)", Fault::UnknownName, "'sun' is not one of the words of `OPT`", 10),
            ("if(OPT > 'grid', 1, 0)", Fault::BadCall, "`OPT` is a word, compared only with == or !=", 3),
            ("if(OPT == 1, 1, 0)", Fault::BadCall, "`OPT` is compared with one of its words 'pv', 'grid'", 10),
            ("if(RE == 'grid', 1, 0)", Fault::BadCall, "'grid' can only be compared with an option or a category", 9),
            ("if(CAT == 'on', 1, 0)", Fault::BadIndex, "`CAT` has one value per point of index `i`", 3),
            ("'grid'", Fault::BadCall, "the word 'grid' is not a number", 0),
            ("past(x, EG[x])", Fault::BadIndex, "`EG` has one value per point; `past` reads values for the whole project", 11),
            ("age(x)", Fault::BadCall, "`age` takes the step of the enclosing `past`", 4),
            ("past(x, x)", Fault::BadCall, "`x` is the step of `past`, not a value", 8),
            ("past(RE, 1)", Fault::BadCall, "`RE` is already a name; the step of `past` needs a new one", 5),
            ("past(x, past(y, 1))", Fault::BadCall, "`past` cannot be used inside another `past`", 8),
            ("round(RE, 29)", Fault::BadCall, "the second argument of `round` is a whole number of decimals from 0 to 28", 10),
            ("round(RE, 1.5)", Fault::BadCall, "the second argument of `round` is a whole number of decimals from 0 to 28", 10),
        ];
        for (src, code, msg, at) in bad {
            assert_eq!(unit_of(src), Err((code, msg.to_string(), at)), "{src}");
        }
    }

    /// A scope for a row equation: `days` and `past` mean nothing there, and RE is off limits.
    struct Row;
    impl Scope for Row {
        fn symbol(&self, name: &str) -> Option<SymbolInfo> {
            S.symbol(name)
        }
        fn index(&self, name: &str) -> Option<usize> {
            S.index(name)
        }
        fn index_name(&self, id: usize) -> String {
            S.index_name(id)
        }
        fn suggest(&self, _: &str) -> Option<String> {
            None
        }
        fn usable(&self, id: usize) -> Result<(), (String, String)> {
            if id == 3 { Err(("RE is a period value".into(), "read it per period".into())) } else { Ok(()) }
        }
        fn period_context(&self) -> bool {
            false
        }
    }

    #[test]
    fn row_equations_see_one_reading() {
        let err = |src: &str| {
            let e = compile(&parse(src).unwrap(), &Row, &[0]).unwrap_err();
            (e.fault, e.message, e.span.start)
        };
        assert_eq!(err("EC / days").0, Fault::BadContext);
        assert_eq!(
            err("past(x, EC[x])"),
            (Fault::BadContext, "`past` reads earlier monitoring periods; a row equation sees one reading".into(), 0)
        );
        assert_eq!(err("EC + 0 * RE"), (Fault::BadContext, "RE is a period value".into(), 9));
        assert!(compile(&parse("EG[i] * EF[i]").unwrap(), &Row, &[0]).is_ok());
    }

    #[test]
    fn fit_converts_to_the_declared_unit() {
        let c = compile(&parse("EC * 0.5 [tCO2/MWh]").unwrap(), &S, &[]).unwrap();
        let n = fit(c, &parse_unit("tCO2").unwrap(), Span::default()).unwrap();
        assert!(matches!(n.op, Op::Convert(..)));
        let c = compile(&parse("EC").unwrap(), &S, &[]).unwrap();
        assert_eq!(fit(c, &parse_unit("tCO2").unwrap(), Span::default()).unwrap_err().fault, Fault::UnitMismatch);
    }
}
