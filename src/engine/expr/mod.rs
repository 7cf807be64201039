//! The expression language of methodology equations: tokens ([`lexer`]), the syntax tree with
//! spans ([`ast`]) and the Pratt parser ([`parser`]), whose doc comment holds the grammar.

pub mod ast;
pub mod lexer;
pub mod parser;
