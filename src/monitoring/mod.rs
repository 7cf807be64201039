//! Monitoring data: what a read hands back ([`model`]), the streaming reader ([`reader`], one file at a time in [`file`], its rows from
//! a CSV or a workbook through [`source`], [`encoding`] and [`workbook`]), the
//! header of a file ([`header`]), row timestamps ([`timestamp`]), categorical cells and row
//! equations ([`rows`]), the bucket aggregates ([`aggregate`]), the coverage check after all
//! files ([`coverage`]), the file access the reader is handed ([`files`]), locating a bad field or cell for a diagnostic ([`locate`]), the cap on
//! a record's length ([`limit`]), the CSV tokenizer ([`tokenizer`]) and its records ([`record`]), and what a heading may stand for ([`columns`]) and where a
//! new file's headings are ([`headings`]).

pub mod accumulate;
pub mod aggregate;
pub mod columns;
pub mod coverage;
pub mod encoding;
pub mod file;
pub mod files;
pub mod hashing;
pub mod header;
pub mod headings;
pub mod limit;
pub mod locate;
pub mod model;
pub mod place;
pub mod reader;
pub mod record;
pub mod reuse;
pub mod rows;
pub mod source;
pub mod timestamp;
pub mod tokenizer;
pub mod workbook;

pub use model::{Monitoring, ReadingCorrection};
pub use reader::read;
