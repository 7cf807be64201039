//! The pure calculation engine: numbers, units, the expression language (lexer, Pratt parser,
//! compiler with unit checking), evaluation, rounding and allocation, and the CCS net-reduction
//! methods, reserve and reserve ledger.
//!
//! Nothing in here touches files, prints, or knows about clap, TOML or CSV: it takes values and
//! returns values, so every front end can share it and tests run fast.

pub mod allocation;
pub mod ccs;
pub mod compile;
pub mod eval;
pub mod excerpt;
pub mod expr;
mod laws;
pub mod ledger;
pub mod number;
pub mod rounding;
#[cfg(test)]
pub mod test_scope;
pub mod units;
pub mod words;
