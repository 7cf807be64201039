//! Monitoring data: the streaming CSV reader ([`reader`], one file at a time in [`file`]), the
//! header of a file ([`header`]), row timestamps ([`timestamp`]), categorical cells and row
//! equations ([`rows`]), the bucket aggregates ([`aggregate`]), the coverage check after all
//! files ([`coverage`]), locating a bad field for a diagnostic ([`locate`]), and the cap on a
//! record's length ([`limit`]).

pub mod aggregate;
pub mod coverage;
pub mod file;
pub mod hashing;
pub mod header;
pub mod limit;
pub mod locate;
pub mod reader;
pub mod rows;
pub mod timestamp;

pub use reader::{Monitoring, ReadingCorrection, read};
