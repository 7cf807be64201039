//! The expression language of methodology equations: tokens ([`lexer`]), the syntax tree with
//! spans ([`ast`]), the Pratt parser ([`parser`]), whose doc comment holds the grammar, and its
//! syntax errors ([`error`]).

pub mod ast;
pub mod error;
pub mod lexer;
pub mod parser;
