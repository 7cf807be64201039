//! Operators: chains of `+ -` or `* /` with their units proved link by link, the comparison of
//! an option or a category with one of its words, and bringing two operands to one unit.

use super::{CompileError, Compiler, Fault, Node, Op, Step, Ty, cerr, convert};
use crate::engine::expr::ast::{BinOp, CmpOp, Expr, ExprKind, Link, Span};
use rust_decimal::Decimal;

/// An option or category operand of a comparison: its node, its words and its name.
type ChoiceOperand = (Node, Vec<String>, String);

/// Words as `'a', 'b'` for messages.
pub(super) fn quoted(words: &[String]) -> String {
    words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(", ")
}

impl Compiler<'_> {
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
            _ => match s.index {
                Some(ix) => {
                    let iname = self.scope.index_name(ix);
                    Err(cerr(Fault::BadIndex, format!("`{name}` has one value per point of index `{iname}`"), at)
                        .hint(format!("write `{name}[{iname}]`")))
                }
                None => Ok(Node { op: Op::Sym(s.id), span: at }),
            },
        });
        Some(r.map(|n| (n, words, name.clone())))
    }

    /// `option == 'word'` (or `!=`): the option's node and the word's position among its words.
    pub(super) fn choice_comparison(&mut self, op: CmpOp, l: &Expr, r: &Expr, span: Span) -> Option<Result<(Node, Node), CompileError>> {
        let is_text = |e: &Expr| matches!(e.kind, ExprKind::Text(_));
        let (sym_side, text_side) = match (self.choice_operand(l), self.choice_operand(r)) {
            (Some(x), _) => (x, r),
            (None, Some(x)) => (x, l),
            (None, None) if is_text(l) || is_text(r) => {
                let t = if is_text(l) { l } else { r };
                return Some(Err(cerr(Fault::BadCall, format!("{t} can only be compared with an option or a category"), t.span)
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

    /// `a + b - c` or `a * b / c`, left to right: the running result's unit is proved (and each
    /// operand converted to it) one link at a time, as if the chain were `((a + b) - c)`.
    pub(super) fn chain(&mut self, first: &Expr, links: &[Link], span: Span) -> Result<(Node, Ty), CompileError> {
        let (head, mut ty) = self.expr(first)?;
        let mut steps = Vec::with_capacity(links.len());
        for Link { op, term, upto } in links {
            let (op, upto) = (*op, *upto);
            let (nb, tb) = self.expr(term)?;
            let (nb, t) = match op {
                BinOp::Add | BinOp::Sub => Self::add(op, ty, nb, tb, upto)?,
                BinOp::Mul | BinOp::Div => Self::mul(op, &ty, nb, &tb, term.span, upto)?,
            };
            ty = t;
            steps.push(Step { op, node: nb, upto });
        }
        Ok((Node { op: Op::Chain(Box::new(head), steps), span }, ty))
    }

    /// The unit of `running ± nb`, with `nb` converted to the running result's unit.
    fn add(op: BinOp, ta: Ty, nb: Node, tb: Ty, upto: Span) -> Result<(Node, Ty), CompileError> {
        let verb = if op == BinOp::Add { "add" } else { "subtract" };
        let (nb, t) = Self::unify_right(ta, nb, tb).map_err(|(x, y)| {
            let (first, second) = (y, x);
            cerr(Fault::UnitMismatch, format!("cannot {verb} {} {} {}", first, if op == BinOp::Add { "to" } else { "from" }, second), upto)
                .hint("both sides of + and - must have compatible units (MWh and kWh are compatible, MWh and tCO2 are not)")
        })?;
        Ok((nb, t))
    }

    /// The unit of `running × nb` or `running ÷ nb`; a division by the literal 0 is refused.
    fn mul(op: BinOp, ta: &Ty, nb: Node, tb: &Ty, term: Span, upto: Span) -> Result<(Node, Ty), CompileError> {
        if op == BinOp::Div && matches!(nb.op, Op::Const(v) if v.is_zero()) {
            return Err(cerr(Fault::LiteralZeroDivisor, "division by the literal 0", term));
        }
        let t = match (ta, tb) {
            (Ty::Free, _) => Ty::Free,
            (Ty::U(_), Ty::Free) if op == BinOp::Mul => Ty::Free,
            (Ty::U(u), Ty::Free) => Ty::U(u.clone()),
            (Ty::U(x), Ty::U(y)) => {
                let r = if op == BinOp::Mul { x.mul(y) } else { x.div(y) };
                Ty::U(r.ok_or_else(|| cerr(Fault::UnitMismatch, "the units' powers or scales overflow", upto))?)
            }
        };
        Ok((nb, t))
    }

    /// Bring a right operand to the unit of the left one (the left one never changes: a
    /// conversion lands on the right). On mismatch, both units as text for the message.
    fn unify_right(ta: Ty, nb: Node, tb: Ty) -> Result<(Node, Ty), (String, String)> {
        match (&ta, &tb) {
            (Ty::Free, _) => Ok((nb, tb)),
            (_, Ty::Free) => Ok((nb, ta)),
            (Ty::U(x), Ty::U(y)) => match y.factor_to(x) {
                Some(conv) => Ok((convert(nb, conv), ta)),
                None => Err((ta.show(), tb.show())),
            },
        }
    }

    /// Bring two operands to one unit. On mismatch, returns both units as text for the message.
    pub(super) fn unify(na: Node, ta: Ty, nb: Node, tb: Ty) -> Result<(Node, Node, Ty), (String, String)> {
        Self::unify_right(ta, nb, tb).map(|(nb, t)| (na, nb, t))
    }
}
