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
//! written inside others): the parser, the compiler, the evaluator and the printers recurse once
//! per level of the tree, and a pathological file must be an error, not a stack overflow. A flat
//! chain `a + b - c + …` or `a * b / …` of any length is one node ([`ExprKind::Chain`]), so it
//! nests one level however long it is; each level of nesting adds at most four levels to the tree
//! (a comparison, a sum, a product and a `-` or a call), so the tree is at most
//! 4 × [`MAX_DEPTH`] deep.

use super::ast::{BinOp, CmpOp, Expr, ExprKind, Link, Span};
use super::error::{ParseError, Syntax};
use super::lexer::{Lexer, Tok};
use rust_decimal::Decimal;

/// How deeply an expression may nest (parentheses, operands of operators, arguments of
/// functions); the bundled methodologies reach 12.
pub const MAX_DEPTH: usize = 64;

/// Parse one expression.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let mut p = Parser { src, lex: Lexer::new(src), tok: Tok::Eof, span: Span::default(), nest: 0 };
    p.bump()?;
    if p.tok == Tok::Eof {
        return Err(ParseError { kind: Syntax::Empty, span: p.span });
    }
    let e = p.expr(0)?;
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

fn too_deep(span: Span) -> ParseError {
    ParseError { kind: Syntax::TooDeep { most: MAX_DEPTH }, span }
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
        let (t, s) = self.lex.next_tok()?;
        self.tok = t;
        self.span = s;
        Ok(())
    }

    fn unexpected(&self, wanted: &'static str) -> ParseError {
        ParseError { kind: Syntax::Expected { wanted, found: self.tok.describe() }, span: self.span }
    }

    fn expect(&mut self, t: &Tok, wanted: &'static str) -> Result<Span, ParseError> {
        if self.tok != *t {
            return Err(self.unexpected(wanted));
        }
        let s = self.span;
        self.bump()?;
        Ok(s)
    }

    /// Operands and operators whose left binding power is above `min`.
    fn expr(&mut self, min: u8) -> Result<Expr, ParseError> {
        if self.nest >= MAX_DEPTH {
            return Err(too_deep(self.span));
        }
        self.nest += 1;
        let r = self.chain(min);
        self.nest -= 1;
        r
    }

    /// [`Self::expr`] without the guard. `a + b - c` grows one chain, link by link, without
    /// recursing deeper; so does `(a + b) - c`, which is the same sum in the same order.
    fn chain(&mut self, min: u8) -> Result<Expr, ParseError> {
        let mut lhs = self.operand()?;
        while let Some((op, bp)) = infix(&self.tok) {
            if bp <= min {
                break;
            }
            let op_span = self.span;
            self.bump()?;
            let rhs = self.expr(bp)?;
            let span = lhs.span.to(rhs.span);
            lhs = match op {
                Infix::Bin(b) => match lhs.kind {
                    ExprKind::Chain(first, mut links) if links.first().is_some_and(|l| l.op.prec() == b.prec()) => {
                        links.push(Link { op: b, term: rhs, upto: span });
                        Expr { kind: ExprKind::Chain(first, links), span }
                    }
                    kind => {
                        let first = Expr { kind, span: lhs.span };
                        Expr { kind: ExprKind::Chain(Box::new(first), vec![Link { op: b, term: rhs, upto: span }]), span }
                    }
                },
                Infix::Cmp(c) => {
                    if matches!(self.tok, Tok::EqEq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge) {
                        return Err(ParseError { kind: Syntax::ChainedComparison { first: op_span.start }, span: self.span });
                    }
                    Expr { kind: ExprKind::Cmp(c, Box::new(lhs), Box::new(rhs)), span }
                }
            };
        }
        Ok(lhs)
    }

    fn operand(&mut self) -> Result<Expr, ParseError> {
        let start = self.span;
        match self.tok.clone() {
            Tok::Minus => {
                self.bump()?;
                let e = self.expr(3)?;
                let span = start.to(e.span);
                Ok(Expr { kind: ExprKind::Neg(Box::new(e)), span })
            }
            Tok::Num(text) => {
                let value = Decimal::from_str_exact(&text).map_err(|_| ParseError { kind: Syntax::NotExact(text.clone()), span: start })?;
                self.bump()?;
                let mut span = start;
                let mut unit = None;
                if self.tok == Tok::LBracket {
                    // The unit is raw text up to `]`: `tCO2/MWh` is not an expression.
                    let open = self.span.start;
                    let close =
                        self.src[open..].find(']').map(|i| open + i).ok_or(ParseError { kind: Syntax::UnclosedUnit, span: self.span })?;
                    let raw = &self.src[open + 1..close];
                    let lead = raw.len() - raw.trim_start().len();
                    let uspan = Span::new(open + 1 + lead, open + 1 + lead + raw.trim().len());
                    unit = Some((raw.trim().to_string(), uspan));
                    span = span.to(Span::new(close, close + 1));
                    self.lex.pos = close + 1;
                    self.bump()?;
                }
                Ok(Expr { kind: ExprKind::Num { value, text, unit }, span })
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
                        Ok(Expr { kind: ExprKind::Index { name, name_span: start, var, var_span }, span: start.to(end) })
                    }
                    Tok::LParen => {
                        self.bump()?;
                        let mut args = Vec::new();
                        if self.tok != Tok::RParen {
                            loop {
                                args.push(self.expr(0)?);
                                if self.tok == Tok::Comma {
                                    self.bump()?;
                                } else {
                                    break;
                                }
                            }
                        }
                        let end = self.expect(&Tok::RParen, "`,` or `)`")?;
                        Ok(Expr { kind: ExprKind::Call { func: name, func_span: start, args }, span: start.to(end) })
                    }
                    _ => Ok(Expr { kind: ExprKind::Name(name), span: start }),
                }
            }
            Tok::Str(text) => {
                self.bump()?;
                Ok(Expr { kind: ExprKind::Text(text), span: start })
            }
            Tok::LParen => {
                self.bump()?;
                let mut e = self.expr(0)?;
                let end = self.expect(&Tok::RParen, "`)`")?;
                e.span = start.to(end);
                Ok(e)
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
        ];
        for (src, msg, at) in cases {
            let e = parse(src).unwrap_err();
            assert_eq!((e.to_string().as_str(), e.span.start), (msg, at), "{src}");
        }
        // The kind carries what the message and the hint are made of.
        let e = parse("a < b < c").unwrap_err();
        assert_eq!(e.kind, Syntax::ChainedComparison { first: 2 });
        assert_eq!(e.hint().as_deref(), Some("compare two values at a time (the first comparison is at offset 2)"));
        assert_eq!(parse("12a").unwrap_err().kind, Syntax::NumberOrName("12a".into()));
        assert_eq!(parse("a +").unwrap_err().hint(), None);
    }

    /// A flat chain nests one level however long: 65, 256 or 100,000 terms are one chain node.
    #[test]
    fn a_long_flat_chain_is_not_deep_nesting() {
        for n in [65, 256, 100_000] {
            for op in [" + ", " - ", " * ", " / "] {
                let e = parse(&format!("a{}", format!("{op}a").repeat(n))).unwrap();
                let ExprKind::Chain(_, links) = &e.kind else { panic!("{n}") };
                assert_eq!(links.len(), n);
            }
        }
        assert!(parse(&format!("{}a{}", "(".repeat(63), ")".repeat(63))).is_ok());
        assert!(parse(&format!("{}a{}", "abs(".repeat(40), " + a".repeat(230) + &")".repeat(40))).is_ok());
    }

    /// `(a + b) - c` is the chain `a + b - c`: the same sum, in the same order. `a + (b + c)` and
    /// `a * b + c` are chains inside a chain. A running result is located from the chain's start.
    #[test]
    fn chains_group_one_precedence() {
        let shape = |src: &str| {
            let e = parse(src).unwrap();
            let ExprKind::Chain(_, links) = &e.kind else { panic!("{src}") };
            links.iter().map(|l| (l.op.symbol(), l.upto.start, l.upto.end)).collect::<Vec<_>>()
        };
        assert_eq!(shape("(a + b) - c"), [("+", 1, 6), ("-", 0, 11)]);
        assert_eq!(shape("a + (b + c)"), [("+", 0, 11)]);
        assert_eq!(shape("a * b + c * d - e"), [("+", 0, 13), ("-", 0, 17)]);
        assert_eq!(parse("a - b * c / d + e").unwrap().to_string(), "(+ (- a (/ (* b c) d)) e)");
    }

    /// The deepest nesting the parser accepts, of every kind at once, is walked by every
    /// recursive pass on a small stack (a worker thread's 2 MiB).
    #[test]
    fn the_deepest_expression_is_walked_on_a_small_stack() {
        let level = "-abs(a == a * (a + ";
        let close = "))";
        let n = MAX_DEPTH / 6;
        let src = format!("{}a{}", level.repeat(n), close.repeat(n));
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let e = parse(&src).unwrap_or_else(|e| panic!("{e}"));
                let again = parse(&e.pretty()).unwrap();
                assert_eq!(again.to_string(), e.to_string());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn spans_cover_the_text() {
        let e = parse("x + sum(i, EG[i])").unwrap();
        let ExprKind::Chain(_, links) = &e.kind else { panic!() };
        assert_eq!((links[0].term.span.start, links[0].term.span.end), (4, 17));
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
