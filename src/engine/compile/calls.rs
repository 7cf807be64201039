//! The built-in functions of the expression language, one compiler method each: the arity and
//! the arguments' units checked, the node built. [`Compiler::call`] picks the method by name.

use super::{CompileError, Compiler, Fault, Func, Node, Op, Ty, cerr, convert};
use crate::engine::expr::ast::Span;
use crate::engine::expr::ast::{Expr, ExprKind};
use crate::engine::units::{Conversion, Unit};

impl Compiler<'_> {
    pub(super) fn call(&mut self, func: &str, fspan: Span, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        match func {
            "sum" => self.sum(func, args, span),
            "min" | "max" => self.min_max(func, args, span),
            "if" => self.if_then(func, args, span),
            "exp" | "ln" => self.exp_ln(func, args, span),
            "abs" | "floor" | "ceil" => self.same_unit(func, args, span),
            "round" => self.round(func, args, span),
            "past" => self.past(func, fspan, args, span),
            "age" => self.age(func, args, span),
            _ => Self::unknown(func, fspan),
        }
    }

    /// `sum(i, expr)`: the expression summed over the points of index i.
    fn sum(&mut self, func: &str, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        Self::arity(func, args, 2, span, "sum(i, expression)")?;
        let ExprKind::Name(var) = &args[0].kind else {
            return Err(cerr(Fault::BadCall, "the first argument of `sum` is an index name", args[0].span).hint("write sum(i, EG[i])"));
        };
        let ix = self
            .scope
            .index(var)
            .ok_or_else(|| cerr(Fault::UnknownName, format!("unknown index `{var}`"), args[0].span).hint("declare it under [indexes]"))?;
        if self.bound.contains(&ix) {
            return Err(cerr(Fault::BadIndex, format!("index `{var}` is already bound here"), args[0].span));
        }
        self.bound.push(ix);
        let r = self.expr(&args[1]);
        self.bound.pop();
        let (n, t) = r?;
        Ok((Node { op: Op::Sum(ix, Box::new(n)), span }, t))
    }

    /// `min(a, b, …)` and `max(a, b, …)`: at least two arguments of compatible units.
    fn min_max(&mut self, func: &str, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        if args.len() < 2 {
            return Err(cerr(Fault::BadCall, format!("`{func}` takes at least 2 arguments, found {}", args.len()), span)
                .hint(format!("write {func}(a, b)")));
        }
        let (mut n0, mut t0) = self.expr(&args[0])?;
        let mut rest = Vec::new();
        for a in &args[1..] {
            let (n, t) = self.expr(a)?;
            let (x, y, t) = Self::unify(n0, t0, n, t).map_err(|(x, y)| {
                cerr(Fault::UnitMismatch, format!("`{func}` compares {x} with {y}"), a.span).hint("all arguments need compatible units")
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

    /// `if(a < b, x, y)`: a comparison (numbers, or an option or category with its words), then two branches of compatible units.
    fn if_then(&mut self, func: &str, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        Self::arity(func, args, 3, span, "if(a > b, value_if_true, value_if_false)")?;
        let ExprKind::Cmp(cop, l, r) = &args[0].kind else {
            return Err(cerr(Fault::BadCall, "the first argument of `if` must be a comparison", args[0].span)
                .hint("compare with < <= > >= == or !="));
        };
        let (nl, nr) = match self.choice_comparison(*cop, l, r, args[0].span) {
            Some(pair) => pair?,
            None => {
                let (nl, tl) = self.expr(l)?;
                let (nr, tr) = self.expr(r)?;
                let (nl, nr, _) = Self::unify(nl, tl, nr, tr)
                    .map_err(|(x, y)| cerr(Fault::UnitMismatch, format!("cannot compare {x} with {y}"), args[0].span))?;
                (nl, nr)
            }
        };
        let (na, ta) = self.expr(&args[1])?;
        let (nb, tb) = self.expr(&args[2])?;
        let (na, nb, t) = Self::unify(na, ta, nb, tb).map_err(|(x, y)| {
            cerr(Fault::UnitMismatch, format!("the two branches of `if` have units {x} and {y}"), span)
                .hint("both branches must have compatible units")
        })?;
        Ok((Node { op: Op::If(*cop, Box::new(nl), Box::new(nr), Box::new(na), Box::new(nb)), span }, t))
    }

    /// `exp(x)` and `ln(x)`: a dimensionless argument.
    fn exp_ln(&mut self, func: &str, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        Self::arity(func, args, 1, span, &format!("{func}(x)"))?;
        let (n, t) = self.expr(&args[0])?;
        if let Ty::U(u) = &t {
            if !u.is_dimensionless() {
                return Err(cerr(Fault::UnitMismatch, format!("`{func}` needs a dimensionless argument, found `{u}`"), args[0].span));
            }
        }
        let n = match t {
            Ty::U(u) => convert(n, u.factor_to(&Unit::one()).unwrap_or(Conversion::IDENTITY)),
            Ty::Free => n,
        };
        let f = if func == "exp" { Func::Exp } else { Func::Ln };
        Ok((Node { op: Op::Func(f, Box::new(n)), span }, Ty::U(Unit::one())))
    }

    /// `abs(x)`, `floor(x)`, `ceil(x)`: the argument's own unit.
    fn same_unit(&mut self, func: &str, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        Self::arity(func, args, 1, span, &format!("{func}(x)"))?;
        let (n, t) = self.expr(&args[0])?;
        let f = match func {
            "abs" => Func::Abs,
            "floor" => Func::Floor,
            _ => Func::Ceil,
        };
        Ok((Node { op: Op::Func(f, Box::new(n)), span }, t))
    }

    /// `round(x, n)`: n a whole number of decimals from 0 to 28.
    fn round(&mut self, func: &str, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        Self::arity(func, args, 2, span, "round(x, decimals)")?;
        let (n, t) = self.expr(&args[0])?;
        let places = match &args[1].kind {
            ExprKind::Num { value, unit: None, .. } if value.fract().is_zero() => u32::try_from(*value).ok().filter(|p| *p <= 28),
            _ => None,
        };
        let Some(places) = places else {
            return Err(cerr(Fault::BadCall, "the second argument of `round` is a whole number of decimals from 0 to 28", args[1].span));
        };
        Ok((Node { op: Op::Round(Box::new(n), places), span }, t))
    }

    /// `past(x, expr)`: the sum over earlier yearly steps, with x naming the step.
    fn past(&mut self, func: &str, fspan: Span, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        Self::arity(func, args, 2, span, "past(x, W[x] * exp(-k * age(x)))")?;
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
            return Err(cerr(Fault::BadCall, format!("`{var}` is already a name; the step of `past` needs a new one"), args[0].span)
                .hint("write past(x, …) with a name that is not a parameter, an equation or an index"));
        }
        self.step = Some(var.clone());
        let r = self.expr(&args[1]);
        self.step = None;
        let (n, t) = r?;
        Ok((Node { op: Op::Past(Box::new(n)), span }, t))
    }

    /// `age(x)`: the age of the step inside `past`.
    fn age(&mut self, func: &str, args: &[Expr], span: Span) -> Result<(Node, Ty), CompileError> {
        Self::arity(func, args, 1, span, "age(x)")?;
        match (&args[0].kind, &self.step) {
            (ExprKind::Name(v), Some(step)) if v == step => Ok((Node { op: Op::Age, span }, Ty::U(Unit::one()))),
            _ => Err(cerr(Fault::BadCall, "`age` takes the step of the enclosing `past`", args[0].span)
                .hint("write past(x, W[x] * exp(-k * age(x)))")),
        }
    }

    /// Any other name: not a function.
    fn unknown(func: &str, fspan: Span) -> Result<(Node, Ty), CompileError> {
        let known = "sum, min, max, if, exp, ln, abs, floor, ceil, round, past, age";
        Err(cerr(Fault::BadCall, format!("unknown function `{func}`"), fspan).hint(format!("the functions are {known}")))
    }
}
