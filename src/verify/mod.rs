//! Verification: recompute a project and compare the result with reported figures, figure by
//! figure, at the precision each was written ([`compare`]); the reported figures come from a
//! monitoring report typed in as TOML or from a second party's `jcm calc --format json`
//! ([`reported`]).

pub mod compare;
pub mod reported;
pub mod verdict;

pub use compare::{Comparison, Direction, InputCompared, Tolerance, Verdict, compare};
pub use reported::ReportedFile;
