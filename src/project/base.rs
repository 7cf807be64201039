//! The parts every section of a project is made of: a monitoring period, a point and its
//! attributes, a value with the place it was written. The sections' own types ([ccs], [buffer],
//! the project cycle, meter corrections) are built from these, and the [`super::model`] of the
//! whole project from those, so that no section needs the whole model.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;

/// A value with the span it was written at.
pub type Located<T> = (T, Range<usize>);

#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub span: Range<usize>,
    /// When the third-party entity verified the period (`verified`).
    pub verified: Option<Located<NaiveDate>>,
    /// When the Joint Committee decided the issuance of its credits (`issued`).
    pub issued: Option<Located<NaiveDate>>,
}

impl Period {
    /// The issuance decision's date, when project.toml gives it.
    pub fn issued_on(&self) -> Option<NaiveDate> {
        self.issued.as_ref().map(|(d, _)| *d)
    }

    /// The verification's date, when project.toml gives it.
    pub fn verified_on(&self) -> Option<NaiveDate> {
        self.verified.as_ref().map(|(d, _)| *d)
    }

    /// Days in the period, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// A point attribute or a project value: a number or a word (`connection = "captive"`).
#[derive(Debug, Clone, PartialEq)]
pub enum Attr {
    Num(Decimal),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Point {
    pub id: String,
    /// The index this point belongs to (position in the methodology's indexes).
    pub index: usize,
    pub attrs: BTreeMap<String, (Attr, Range<usize>)>,
    pub span: Range<usize>,
}
