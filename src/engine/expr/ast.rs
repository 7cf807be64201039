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
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `f(args)`; `sum(i, e)` arrives here with `i` as a plain name argument.
    Call {
        func: String,
        func_span: Span,
        args: Vec<Expr>,
    },
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
            ExprKind::Bin(op, a, b) => write!(f, "({} {a} {b})", op.symbol()),
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
            ExprKind::Bin(BinOp::Add | BinOp::Sub, ..) => 2,
            ExprKind::Bin(BinOp::Mul | BinOp::Div, ..) => 3,
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
            ExprKind::Bin(op, a, b) => {
                // The right operand binds tighter, so `a - (b - c)` and `a + (b + c)` keep their
                // parentheses: exact sums overflow and round in the order written, and what
                // `explain` prints must parse back to the very same tree.
                let p = self.prec();
                format!("{} {} {}", a.pretty_prec(p), op.symbol(), b.pretty_prec(p + 1))
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
