//! Syntax errors of the expression language: a kind ([`Syntax`]) and the span it concerns, with
//! one wording ([`std::fmt::Display`]) and a hint where there is more to say. The front end
//! chooses the diagnostic code.

use super::ast::Span;

/// A syntax error with the span it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: Syntax,
    pub span: Span,
}

/// The kinds of syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Syntax {
    /// Nothing to parse.
    Empty,
    /// Nested deeper than the parser allows (`most` levels).
    TooDeep { most: usize },
    /// A token where another was wanted (what was wanted, the token found as named in messages).
    Expected { wanted: &'static str, found: String },
    /// `a < b < c`; the first comparison's offset.
    ChainedComparison { first: usize },
    /// A number with more significant digits than a decimal holds.
    NotExact(String),
    /// `[` of a unit without its `]`.
    UnclosedUnit,
    /// A quote without its closing quote.
    UnclosedQuote,
    /// `=` where `==` was meant.
    SingleEquals,
    /// Digits and points that are not a number (`1.2.3`).
    BadNumber(String),
    /// Digits run into letters (`12abc`).
    NumberOrName(String),
    /// A character that starts no token.
    BadChar(char),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Syntax::Empty => f.write_str("the expression is empty"),
            Syntax::TooDeep { most } => write!(f, "the expression nests more than {most} levels deep"),
            Syntax::Expected { wanted, found } => write!(f, "expected {wanted}, found {found}"),
            Syntax::ChainedComparison { .. } => f.write_str("comparisons cannot be chained"),
            Syntax::NotExact(text) => write!(f, "`{text}` cannot be held as an exact decimal"),
            Syntax::UnclosedUnit => f.write_str("a unit in brackets needs a closing `]`"),
            Syntax::UnclosedQuote => f.write_str("this quoted text has no closing quote"),
            Syntax::SingleEquals => f.write_str("`=` is not an operator here; compare with `==`"),
            Syntax::BadNumber(text) => write!(f, "`{text}` is not a number"),
            Syntax::NumberOrName(text) => write!(f, "`{text}` is not a number or a name"),
            Syntax::BadChar(ch) => write!(f, "unexpected character `{ch}`"),
        }
    }
}

impl ParseError {
    /// What to write instead, when there is more to say than the message.
    pub fn hint(&self) -> Option<String> {
        match &self.kind {
            Syntax::Empty => Some("write 0 for a quantity that is zero".into()),
            Syntax::TooDeep { .. } => Some("compute parts of it in equations of their own".into()),
            Syntax::ChainedComparison { first } => {
                Some(format!("compare two values at a time (the first comparison is at offset {first})"))
            }
            Syntax::NotExact(_) => Some("use at most 28 significant digits".into()),
            _ => None,
        }
    }
}
