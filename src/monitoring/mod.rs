//! Monitoring data: the streaming CSV reader ([`reader`], one file at a time in [`file`]), the
//! header of a file ([`header`]), row timestamps ([`timestamp`]), categorical cells and row
//! equations ([`rows`]), the bucket aggregates ([`aggregate`]), the coverage check after all
//! files ([`coverage`]), and locating a bad field for a diagnostic ([`locate`]).

pub mod aggregate;
pub mod columns;
pub mod coverage;
pub mod encoding;
pub mod file;
pub mod hashing;
pub mod header;
pub mod headings;
pub mod locate;
pub mod reader;
pub mod rows;
pub mod timestamp;
pub mod workbook;

pub use reader::{Monitoring, ReadingCorrection, read};
