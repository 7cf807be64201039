//! Tokens of the expression language. The lexer is pulled one token at a time by the parser,
//! which lets the parser read a unit in brackets (`3.6 [GJ/MWh]`) as raw text.

use super::ast::Span;
use super::error::{ParseError, Syntax};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Num(String),
    Ident(String),
    /// A quoted word, `'grid'` or `"grid"`: a choice of an option or a category.
    Str(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Lt,
    Le,
    Gt,
    Ge,
    EqEq,
    Ne,
    Eof,
}

impl Tok {
    /// How the token is named in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("number `{n}`"),
            Tok::Ident(n) => format!("name `{n}`"),
            Tok::Str(t) => format!("text '{t}'"),
            Tok::Eof => "end of expression".into(),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::LBracket => "`[`".into(),
            Tok::RBracket => "`]`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Plus => "`+`".into(),
            Tok::Minus => "`-`".into(),
            Tok::Star => "`*`".into(),
            Tok::Slash => "`/`".into(),
            Tok::Lt => "`<`".into(),
            Tok::Le => "`<=`".into(),
            Tok::Gt => "`>`".into(),
            Tok::Ge => "`>=`".into(),
            Tok::EqEq => "`==`".into(),
            Tok::Ne => "`!=`".into(),
        }
    }
}

pub struct Lexer<'a> {
    src: &'a str,
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }

    pub fn next_tok(&mut self) -> Result<(Tok, Span), ParseError> {
        let b = self.src.as_bytes();
        while self.pos < b.len() && b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(&c) = b.get(self.pos) else {
            return Ok((Tok::Eof, Span::new(start, start)));
        };
        let single = |t: Tok, me: &mut Self| {
            me.pos += 1;
            Ok((t, Span::new(start, start + 1)))
        };
        let double = |t: Tok, me: &mut Self| {
            me.pos += 2;
            Ok((t, Span::new(start, start + 2)))
        };
        let next = b.get(self.pos + 1).copied();
        match c {
            b'(' => single(Tok::LParen, self),
            b')' => single(Tok::RParen, self),
            b'[' => single(Tok::LBracket, self),
            b']' => single(Tok::RBracket, self),
            b',' => single(Tok::Comma, self),
            b'+' => single(Tok::Plus, self),
            b'-' => single(Tok::Minus, self),
            b'*' => single(Tok::Star, self),
            b'/' => single(Tok::Slash, self),
            b'<' if next == Some(b'=') => double(Tok::Le, self),
            b'<' => single(Tok::Lt, self),
            b'>' if next == Some(b'=') => double(Tok::Ge, self),
            b'>' => single(Tok::Gt, self),
            b'=' if next == Some(b'=') => double(Tok::EqEq, self),
            b'!' if next == Some(b'=') => double(Tok::Ne, self),
            b'\'' | b'"' => {
                let close = self.src[start + 1..].find(c as char).map(|i| start + 1 + i);
                let Some(close) = close else {
                    return Err(ParseError { kind: Syntax::UnclosedQuote, span: Span::new(start, self.src.len()) });
                };
                self.pos = close + 1;
                Ok((Tok::Str(self.src[start + 1..close].to_string()), Span::new(start, close + 1)))
            }
            b'=' => Err(ParseError { kind: Syntax::SingleEquals, span: Span::new(start, start + 1) }),
            b'0'..=b'9' | b'.' => {
                while self.pos < b.len() && (b[self.pos].is_ascii_digit() || b[self.pos] == b'.') {
                    self.pos += 1;
                }
                let text = &self.src[start..self.pos];
                let well_formed = text.matches('.').count() <= 1 && text != "." && !text.ends_with('.');
                if !well_formed {
                    return Err(ParseError { kind: Syntax::BadNumber(text.to_string()), span: Span::new(start, self.pos) });
                }
                if self.pos < b.len() && (b[self.pos].is_ascii_alphabetic() || b[self.pos] == b'_') {
                    let end = self.src[self.pos..]
                        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                        .map_or(self.src.len(), |i| self.pos + i);
                    return Err(ParseError { kind: Syntax::NumberOrName(self.src[start..end].to_string()), span: Span::new(start, end) });
                }
                Ok((Tok::Num(text.to_string()), Span::new(start, self.pos)))
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while self.pos < b.len() && (b[self.pos].is_ascii_alphanumeric() || b[self.pos] == b'_') {
                    self.pos += 1;
                }
                Ok((Tok::Ident(self.src[start..self.pos].to_string()), Span::new(start, self.pos)))
            }
            _ => {
                let ch = self.src[start..].chars().next().unwrap_or('?');
                Err(ParseError { kind: Syntax::BadChar(ch), span: Span::new(start, start + ch.len_utf8()) })
            }
        }
    }
}
