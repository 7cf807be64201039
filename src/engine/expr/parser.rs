//! A Pratt parser for the expression language.
//!
//! ```text
//! expr     := operand (binop operand)*          precedence: == != < <= > >= (1, non-associative)
//!                                                          + - (2)   * / (3)   unary - (4)
//! operand  := "-" operand
//!           | NUMBER ("[" UNIT "]")?           3.6 [GJ/MWh]
//!           | NAME "[" NAME "]"                 EG[i]
//!           | NAME "(" (expr ("," expr)*)? ")"  sum(i, EG[i]), min(a, b), if(a > b, a, b)
//!           | NAME                              EF_grid, days
//!           | TEXT                              'grid' (quoted with ' or "): a choice or a category
//!           | "(" expr ")"
//! ```
//!
//! Names are not resolved here; `compile` does that, with units. The built-in functions it
//! knows: `sum(i, e)` over the points of an index; `min`, `max`; `if(cond, a, b)`; `exp`, `ln`,
//! `abs`, `floor`, `ceil`, `round(x, n)`; and `past(x, e)`, the sum of `e` over the current
//! monitoring period and every earlier yearly step x, in which `W[x]` is W's value in step x and
//! `age(x)` the number of years between step x and the current period (0 for the current one).
//! An option or a category is compared with one of its words: `if(battery == 'grid', a, b)`.
//!
//! An expression nests at most [`MAX_DEPTH`] levels (parentheses, function arguments, operands
//! written inside others), and its tree is at most [`MAX_TREE_DEPTH`] deep: the parser, the
//! compiler and the evaluator recurse once per level of the tree, and a pathological file must
//! be an error, not a stack overflow. A flat chain `a + b + … ` nests one level however long it
//! is, but each `+` is a level of the tree, so only the second limit bounds its length.

use super::ast::{BinOp, CmpOp, Expr, ExprKind, Span};
use super::lexer::{Lexer, Tok};
use rust_decimal::Decimal;

/// How deeply an expression may nest (parentheses, operands of operators, arguments of
/// functions); the bundled methodologies reach 12.
pub const MAX_DEPTH: usize = 64;

/// How deep the tree of an expression may be: a chain of 256 terms, or nesting and chains
/// together. Every recursive walk of the tree (compile, evaluate, explain) stays far inside a
/// thread's stack at this depth.
pub const MAX_TREE_DEPTH: usize = 256;

/// A syntax error with the span it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub hint: Option<String>,
}

/// Parse one expression.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let mut p = Parser { src, lex: Lexer::new(src), tok: Tok::Eof, span: Span::default(), nest: 0 };
    p.bump()?;
    if p.tok == Tok::Eof {
        return Err(ParseError {
            message: "the expression is empty".into(),
            span: p.span,
            hint: Some("write 0 for a quantity that is zero".into()),
        });
    }
    let (e, _) = p.expr(0)?;
    if p.tok != Tok::Eof {
        return Err(p.unexpected("an operator or the end of the expression"));
    }
    Ok(e)
}

struct Parser<'a> {
    src: &'a str,
    lex: Lexer<'a>,
    tok: Tok,
    span: Span,
    /// How many `expr` calls are active: bounds the recursion before any tree is built.
    nest: usize,
}

/// A parsed expression and the depth of its tree.
type Parsed = (Expr, usize);

fn too_deep(span: Span) -> ParseError {
    ParseError {
        message: format!("the expression nests more than {MAX_DEPTH} levels deep"),
        span,
        hint: Some("compute parts of it in equations of their own".into()),
    }
}

fn too_long(span: Span) -> ParseError {
    ParseError {
        message: format!("the expression is more than {MAX_TREE_DEPTH} operations deep"),
        span,
        hint: Some("a long sum or product is better split: compute parts of it in equations of their own".into()),
    }
}

enum Infix {
    Bin(BinOp),
    Cmp(CmpOp),
}

fn infix(t: &Tok) -> Option<(Infix, u8)> {
    Some(match t {
        Tok::EqEq => (Infix::Cmp(CmpOp::Eq), 1),
        Tok::Ne => (Infix::Cmp(CmpOp::Ne), 1),
        Tok::Lt => (Infix::Cmp(CmpOp::Lt), 1),
        Tok::Le => (Infix::Cmp(CmpOp::Le), 1),
        Tok::Gt => (Infix::Cmp(CmpOp::Gt), 1),
        Tok::Ge => (Infix::Cmp(CmpOp::Ge), 1),
        Tok::Plus => (Infix::Bin(BinOp::Add), 2),
        Tok::Minus => (Infix::Bin(BinOp::Sub), 2),
        Tok::Star => (Infix::Bin(BinOp::Mul), 3),
        Tok::Slash => (Infix::Bin(BinOp::Div), 3),
        _ => return None,
    })
}

impl Parser<'_> {
    fn bump(&mut self) -> Result<(), ParseError> {
        let (t, s) = self.lex.next_tok().map_err(|e| ParseError { message: e.message, span: e.span, hint: None })?;
        self.tok = t;
        self.span = s;
        Ok(())
    }

    fn unexpected(&self, wanted: &str) -> ParseError {
        ParseError { message: format!("expected {wanted}, found {}", self.tok.describe()), span: self.span, hint: None }
    }

    fn expect(&mut self, t: &Tok, wanted: &str) -> Result<Span, ParseError> {
        if self.tok != *t {
            return Err(self.unexpected(wanted));
        }
        let s = self.span;
        self.bump()?;
        Ok(s)
    }

    /// Operands and operators whose left binding power is above `min`.
    fn expr(&mut self, min: u8) -> Result<Parsed, ParseError> {
        if self.nest >= MAX_DEPTH {
            return Err(too_deep(self.span));
        }
        self.nest += 1;
        let r = self.chain(min);
        self.nest -= 1;
        match r? {
            (e, depth) if depth > MAX_TREE_DEPTH => Err(too_long(e.span)),
            ok => Ok(ok),
        }
    }

    /// [`Self::expr`] without the guards: a chain `a + b - c` grows the tree without recursing,
    /// so its depth is also checked as it grows.
    fn chain(&mut self, min: u8) -> Result<Parsed, ParseError> {
        let (mut lhs, mut depth) = self.operand()?;
        while let Some((op, bp)) = infix(&self.tok) {
            if bp <= min {
                break;
            }
            let op_span = self.span;
            self.bump()?;
            let (rhs, rhs_depth) = self.expr(bp)?;
            let span = lhs.span.to(rhs.span);
            depth = depth.max(rhs_depth) + 1;
            if depth > MAX_TREE_DEPTH {
                return Err(too_long(span));
            }
            lhs = match op {
                Infix::Bin(b) => Expr { kind: ExprKind::Bin(b, Box::new(lhs), Box::new(rhs)), span },
                Infix::Cmp(c) => {
                    if matches!(self.tok, Tok::EqEq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge) {
                        return Err(ParseError {
                            message: "comparisons cannot be chained".into(),
                            span: self.span,
                            hint: Some(format!("compare two values at a time (the first comparison is at offset {})", op_span.start)),
                        });
                    }
                    Expr { kind: ExprKind::Cmp(c, Box::new(lhs), Box::new(rhs)), span }
                }
            };
        }
        Ok((lhs, depth))
    }

    fn operand(&mut self) -> Result<Parsed, ParseError> {
        let start = self.span;
        match self.tok.clone() {
            Tok::Minus => {
                self.bump()?;
                let (e, depth) = self.expr(3)?;
                let span = start.to(e.span);
                Ok((Expr { kind: ExprKind::Neg(Box::new(e)), span }, depth + 1))
            }
            Tok::Num(text) => {
                let value = Decimal::from_str_exact(&text).map_err(|_| ParseError {
                    message: format!("`{text}` cannot be held as an exact decimal"),
                    span: start,
                    hint: Some("use at most 28 significant digits".into()),
                })?;
                self.bump()?;
                let mut span = start;
                let mut unit = None;
                if self.tok == Tok::LBracket {
                    // The unit is raw text up to `]`: `tCO2/MWh` is not an expression.
                    let open = self.span.start;
                    let close = self.src[open..].find(']').map(|i| open + i).ok_or_else(|| ParseError {
                        message: "a unit in brackets needs a closing `]`".into(),
                        span: self.span,
                        hint: None,
                    })?;
                    let raw = &self.src[open + 1..close];
                    let lead = raw.len() - raw.trim_start().len();
                    let uspan = Span::new(open + 1 + lead, open + 1 + lead + raw.trim().len());
                    unit = Some((raw.trim().to_string(), uspan));
                    span = span.to(Span::new(close, close + 1));
                    self.lex.pos = close + 1;
                    self.bump()?;
                }
                Ok((Expr { kind: ExprKind::Num { value, text, unit }, span }, 1))
            }
            Tok::Ident(name) => {
                self.bump()?;
                match self.tok {
                    Tok::LBracket => {
                        self.bump()?;
                        let Tok::Ident(var) = self.tok.clone() else {
                            return Err(self.unexpected("an index name such as `i`"));
                        };
                        let var_span = self.span;
                        self.bump()?;
                        let end = self.expect(&Tok::RBracket, "`]`")?;
                        Ok((Expr { kind: ExprKind::Index { name, name_span: start, var, var_span }, span: start.to(end) }, 1))
                    }
                    Tok::LParen => {
                        self.bump()?;
                        let mut args = Vec::new();
                        let mut depth = 0;
                        if self.tok != Tok::RParen {
                            loop {
                                let (a, d) = self.expr(0)?;
                                args.push(a);
                                depth = depth.max(d);
                                if self.tok == Tok::Comma {
                                    self.bump()?;
                                } else {
                                    break;
                                }
                            }
                        }
                        let end = self.expect(&Tok::RParen, "`,` or `)`")?;
                        Ok((Expr { kind: ExprKind::Call { func: name, func_span: start, args }, span: start.to(end) }, depth + 1))
                    }
                    _ => Ok((Expr { kind: ExprKind::Name(name), span: start }, 1)),
                }
            }
            Tok::Str(text) => {
                self.bump()?;
                Ok((Expr { kind: ExprKind::Text(text), span: start }, 1))
            }
            Tok::LParen => {
                self.bump()?;
                let (mut e, depth) = self.expr(0)?;
                let end = self.expect(&Tok::RParen, "`)`")?;
                e.span = start.to(end);
                Ok((e, depth))
            }
            _ => Err(self.unexpected("a number, a name or `(`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parser tables: source → S-expression.
    #[test]
    fn parses() {
        let cases = [
            ("a + b * c", "(+ a (* b c))"),
            ("a * b + c", "(+ (* a b) c)"),
            ("a - b - c", "(- (- a b) c)"),
            ("a / b / c", "(/ (/ a b) c)"),
            ("-a * b", "(* (- a) b)"),
            ("-(a + b)", "(- (+ a b))"),
            ("a - -b", "(- a (- b))"),
            ("(a + b) * c", "(* (+ a b) c)"),
            ("sum(i, EG[i] * EF_RE[i])", "(sum i (* EG[i] EF_RE[i]))"),
            ("min(a, b, 3)", "(min a b 3)"),
            ("if(a >= b, a - b, 0)", "(if (>= a b) (- a b) 0)"),
            ("a + b == c", "(== (+ a b) c)"),
            ("3.6 [GJ/MWh] * EG", "(* 3.6[GJ/MWh] EG)"),
            ("0.5", "0.5"),
            ("f()", "(f)"),
            ("days", "days"),
            ("a * -b", "(* a (- b))"),
            ("if(battery == 'grid', a, b)", "(if (== battery 'grid') a b)"),
            ("if(c[i] != \"off_grid\", a, b)", "(if (!= c[i] 'off_grid') a b)"),
            ("past(x, W[x] * exp(-k * age(x)))", "(past x (* W[x] (exp (* (- k) (age x)))))"),
        ];
        for (src, want) in cases {
            assert_eq!(parse(src).map(|e| e.to_string()), Ok(want.to_string()), "{src}");
        }
    }

    /// Errors are pinned by message and byte offset.
    #[test]
    fn errors() {
        let cases = [
            ("", "the expression is empty", 0),
            ("a +", "expected a number, a name or `(`, found end of expression", 3),
            ("a b", "expected an operator or the end of the expression, found name `b`", 2),
            ("(a + b", "expected `)`, found end of expression", 6),
            ("f(a b)", "expected `,` or `)`, found name `b`", 4),
            ("EG[1]", "expected an index name such as `i`, found number `1`", 3),
            ("a < b < c", "comparisons cannot be chained", 6),
            ("a = b", "`=` is not an operator here; compare with `==`", 2),
            ("a $ b", "unexpected character `$`", 2),
            ("1.2.3", "`1.2.3` is not a number", 0),
            ("12a", "`12a` is not a number or a name", 0),
            ("3 [MWh", "a unit in brackets needs a closing `]`", 2),
            ("a == 'grid", "this quoted text has no closing quote", 5),
            ("'a' 'b'", "expected an operator or the end of the expression, found text 'b'", 4),
            (&format!("{}a{}", "(".repeat(65), ")".repeat(65)), "the expression nests more than 64 levels deep", 64),
            (&format!("{}a", "-".repeat(100_000)), "the expression nests more than 64 levels deep", 64),
            (&format!("a{}", " + a".repeat(256)), "the expression is more than 256 operations deep", 0),
            (
                &format!("{}a{}", "abs(".repeat(40), " + a".repeat(230) + &")".repeat(40)),
                "the expression is more than 256 operations deep",
                56,
            ),
        ];
        for (src, msg, at) in cases {
            let e = parse(src).unwrap_err();
            assert_eq!((e.message.as_str(), e.span.start), (msg, at), "{src}");
        }
    }

    /// A flat chain nests one level: 65 or 256 terms are fine, however the limit on nesting.
    #[test]
    fn a_long_flat_chain_is_not_deep_nesting() {
        for n in [65, 255] {
            assert!(parse(&format!("a{}", " + a".repeat(n))).is_ok(), "{n}");
        }
        assert!(parse(&format!("{}a{}", "(".repeat(63), ")".repeat(63))).is_ok());
    }

    #[test]
    fn spans_cover_the_text() {
        let e = parse("x + sum(i, EG[i])").unwrap();
        let ExprKind::Bin(_, _, rhs) = &e.kind else { panic!() };
        assert_eq!((rhs.span.start, rhs.span.end), (4, 17));
        let u = parse("2 [ kWh ]").unwrap();
        let ExprKind::Num { unit: Some((t, s)), .. } = &u.kind else { panic!() };
        assert_eq!((t.as_str(), s.start, s.end), ("kWh", 4, 7));
    }

    #[test]
    fn pretty_prints_with_minimal_parentheses() {
        for (src, want) in [
            ("(a + b) * c", "(a + b) * c"),
            ("a - (b - c)", "a - (b - c)"),
            ("a - (b + c)", "a - (b + c)"),
            ("(a * b) + c", "a * b + c"),
            ("sum(i, EG[i]*EF[i])", "sum(i, EG[i] * EF[i])"),
            ("-(a+b)", "-(a + b)"),
            ("if(o==\"x\",a,b)", "if(o == 'x', a, b)"),
        ] {
            assert_eq!(parse(src).unwrap().pretty(), want, "{src}");
        }
    }
}
