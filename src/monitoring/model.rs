//! What a read of the monitoring files hands back ([`Monitoring`]: per period its calendar-year
//! [`Slice`]s of buckets, the files read and the columns used), and what the reader shows and
//! takes on the way ([`Reading`], [`ReadingCorrection`]). The types live here, below the modules
//! that fill them ([`super::reader`], [`super::file`], [`super::header`]) and those that read
//! them ([`super::coverage`], [`super::locate`]), so that none of those imports another in a circle.

use super::aggregate::Cells;
use super::encoding::Decoding;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// A calibration correction resolved to a factor, applied to each reading it covers.
#[derive(Debug, Clone)]
pub struct ReadingCorrection {
    pub sym: usize,
    pub point: Option<usize>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub factor: Decimal,
}

/// One calendar year of a period.
#[derive(Debug, Clone)]
pub struct Slice {
    pub year: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub cells: Cells,
}

impl Slice {
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// One accepted reading, as handed to an observer (`jcm check` watches them for magnitude
/// mistakes without the reader keeping any).
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Index into [`Monitoring::files`].
    pub file: usize,
    /// Field index of the column in its file.
    pub field: usize,
    pub sym: usize,
    pub point: Option<usize>,
    /// The value in the parameter's unit, before any correction.
    pub value: Decimal,
    pub line: u64,
    /// Byte offset of the record, to locate the field for a diagnostic.
    pub byte: u64,
}

/// What the monitoring files hold, bucketed by period.
#[derive(Debug, Clone, Default)]
pub struct Monitoring {
    /// Per period (in the project's period order), its calendar-year slices.
    pub periods: Vec<Vec<Slice>>,
    pub files: Vec<FileInfo>,
    /// Which file and column each monitored parameter was read from.
    pub columns: Vec<Column>,
    pub rows_used: u64,
    pub rows_outside: u64,
    pub first_outside: Option<(String, u64)>,
    /// Per correction (in the order given to the reader), how many readings it changed.
    pub corrected: Vec<u64>,
    /// Headings that are not used (with `[monitoring.columns]`: neither mapped nor a jcm
    /// column), in the order found; with several files, each followed by its file.
    pub not_used: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: String,
    pub rows: u64,
    /// SHA-256 of the file's bytes (set once the whole file was read).
    pub sha256: String,
    pub kind: FileKind,
}

/// How a monitoring file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// A CSV, as UTF-8 or decoded from another encoding.
    Csv(Decoding),
    /// A workbook: the sheet read.
    Sheet(String),
}

#[derive(Debug, Clone)]
pub struct Column {
    pub file: usize,
    pub sym: usize,
    pub header: String,
    /// The unit the column is written in, and how it converts to the parameter's unit.
    pub unit: String,
    pub converted: bool,
    /// The conversion ratio (`2.5/9`) when it does not terminate, so that a sum of readings
    /// may have to be rounded once.
    pub inexact: Option<String>,
}

/// The slice of a period (see [`super::reader`]'s `slices`) that holds `date`: one slice per calendar year from
/// the period's start, so it is worked out from the years rather than searched for on every
/// reading.
#[inline]
pub fn slice_index(period_start: NaiveDate, date: NaiveDate) -> usize {
    usize::try_from(date.year() - period_start.year()).unwrap_or(0)
}

/// Where a record starts: its byte offset and 1-based line.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub byte: u64,
    pub line: u64,
}

impl Place {
    /// The header line.
    pub const HEADER: Place = Place { byte: 0, line: 1 };
}
