//! The syntax tree of an equation, as parsed: names are still text, units still unchecked.
//! Every node carries the byte span of its text inside the expression string.

use rust_decimal::Decimal;
use std::fmt;

/// A byte range inside the expression text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    /// How tightly the operator binds: 2 for `+ -`, 3 for `* /`. A chain holds operators of
    /// one precedence only.
    pub fn prec(self) -> u8 {
        match self {
            BinOp::Add | BinOp::Sub => 2,
            BinOp::Mul | BinOp::Div => 3,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A decimal literal, with an optional unit written after it: `3.6 [GJ/MWh]`.
    Num {
        value: Decimal,
        text: String,
        unit: Option<(String, Span)>,
    },
    /// A parameter, an equation, or the built-in `days`.
    Name(String),
    /// A quoted word: one of the choices of an option, or one of the categories of a
    /// categorical parameter, compared with it in `if(option == 'choice', a, b)`.
    Text(String),
    /// `X[i]`: an indexed name at the index variable `i`.
    Index {
        name: String,
        name_span: Span,
        var: String,
        var_span: Span,
    },
    Neg(Box<Expr>),
    /// `a + b - c` or `a * b / c`: a first operand and one or more links whose operators share
    /// one precedence, applied left to right, `((a + b) - c)`. A chain of any length is one
    /// level of the tree, so nesting, not length, bounds every walk.
    Chain(Box<Expr>, Vec<Link>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `f(args)`; `sum(i, e)` arrives here with `i` as a plain name argument.
    Call {
        func: String,
        func_span: Span,
        args: Vec<Expr>,
    },
}

/// One link of a chain: its operator, the operand after it, and the span of the chain from its
/// start to this operand (where a failure of the running result is reported).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub op: BinOp,
    pub term: Expr,
    pub upto: Span,
}

impl Expr {
    /// The operands directly below this node, in the order written.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Num { .. } | ExprKind::Name(_) | ExprKind::Text(_) | ExprKind::Index { .. } => Vec::new(),
            ExprKind::Neg(a) => vec![a],
            ExprKind::Chain(first, links) => std::iter::once(&**first).chain(links.iter().map(|l| &l.term)).collect(),
            ExprKind::Cmp(_, a, b) => vec![a, b],
            ExprKind::Call { args, .. } => args.iter().collect(),
        }
    }
}

/// The tree as an S-expression, for tests and `--explain`: `(+ a (* b c))`.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Num { text, unit: None, .. } => write!(f, "{text}"),
            ExprKind::Num { text, unit: Some((u, _)), .. } => write!(f, "{text}[{u}]"),
            ExprKind::Name(n) => write!(f, "{n}"),
            ExprKind::Text(t) => write!(f, "'{t}'"),
            ExprKind::Index { name, var, .. } => write!(f, "{name}[{var}]"),
            ExprKind::Neg(e) => write!(f, "(- {e})"),
            // Left to right, as evaluated: `a + b - c` is `(- (+ a b) c)`.
            ExprKind::Chain(first, links) => {
                for l in links.iter().rev() {
                    write!(f, "({} ", l.op.symbol())?;
                }
                write!(f, "{first}")?;
                for l in links {
                    write!(f, " {})", l.term)?;
                }
                Ok(())
            }
            ExprKind::Cmp(op, a, b) => write!(f, "({} {a} {b})", op.symbol()),
            ExprKind::Call { func, args, .. } => {
                write!(f, "({func}")?;
                for a in args {
                    write!(f, " {a}")?;
                }
                write!(f, ")")
            }
        }
    }
}

impl Expr {
    /// The expression in conventional infix notation with minimal parentheses, for people.
    pub fn pretty(&self) -> String {
        self.pretty_prec(0)
    }

    /// How tightly the node binds when printed: 1 for a comparison up to 5 for an operand; a
    /// child that binds less tightly than its place needs parentheses.
    pub fn prec(&self) -> u8 {
        match &self.kind {
            ExprKind::Cmp(..) => 1,
            ExprKind::Chain(_, links) => links.first().map_or(5, |l| l.op.prec()),
            ExprKind::Neg(_) => 4,
            _ => 5,
        }
    }

    fn pretty_prec(&self, min: u8) -> String {
        let s = match &self.kind {
            ExprKind::Num { text, unit: None, .. } => text.clone(),
            ExprKind::Num { text, unit: Some((u, _)), .. } => format!("{text} [{u}]"),
            ExprKind::Name(n) => n.clone(),
            // A word with a `'` in it can only have been written in double quotes.
            ExprKind::Text(t) if t.contains('\'') => format!("\"{t}\""),
            ExprKind::Text(t) => format!("'{t}'"),
            ExprKind::Index { name, var, .. } => format!("{name}[{var}]"),
            ExprKind::Neg(e) => format!("-{}", e.pretty_prec(4)),
            ExprKind::Chain(first, links) => {
                // Each later operand binds tighter, so `a - (b - c)` and `a + (b + c)` keep their
                // parentheses: exact sums overflow and round in the order written, and what
                // `explain` prints must parse back to the very same tree.
                let p = self.prec();
                let mut s = first.pretty_prec(p);
                for l in links {
                    s.push(' ');
                    s.push_str(l.op.symbol());
                    s.push(' ');
                    s.push_str(&l.term.pretty_prec(p + 1));
                }
                s
            }
            ExprKind::Cmp(op, a, b) => format!("{} {} {}", a.pretty_prec(2), op.symbol(), b.pretty_prec(2)),
            ExprKind::Call { func, args, .. } => {
                let a: Vec<String> = args.iter().map(|a| a.pretty_prec(0)).collect();
                format!("{func}({})", a.join(", "))
            }
        };
        if self.prec() < min { format!("({s})") } else { s }
    }
}
