//! The validated project: points with their attributes, ordered periods, resolved parameter
//! values, the allocation rule, the Article-6 status and, for CCS, `[ccs]`. Built by [`super::load`].

pub use super::base::{Attr, Located, Period, Point};
use crate::diag::Source;
use crate::engine::allocation::{Policy, Shares};
use crate::engine::rounding::Mode;
use crate::methodology::Methodology;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// How credits are shared out.
#[derive(Debug, Clone)]
pub enum Allocation {
    Shares {
        shares: Shares,
        policy: Policy,
        per_vintage: bool,
    },
    /// Amounts the Joint Committee notified, per period id.
    Notified(BTreeMap<String, Notified>),
}

#[derive(Debug, Clone)]
pub struct Notified {
    pub japan: i64,
    /// `None` when only Japan's amount is public.
    pub partner: Option<i64>,
    pub participants: Option<i64>,
    pub span: Range<usize>,
    pub source: Option<String>,
}

/// The working assumptions of domain.md that a project may override ([settings]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Settings {
    pub credit_rounding: Mode,
    pub vintage_split: VintageSplit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VintageSplit {
    /// Weights are the ER of each calendar-year slice of the period, computed with the same
    /// equations over that slice's readings.
    SliceEr,
    /// Weights are the days of the period in each calendar year.
    Days,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub title: String,
    pub country: String,
    pub description: Option<String>,
    /// Shared: a bundled methodology is parsed once per run, whatever the number of projects.
    pub methodology: Arc<Methodology>,
    pub methodology_ref: String,
    pub crediting: (NaiveDate, NaiveDate),
    /// Project-level values by parameter name (project parameters and overrides of defaults),
    /// and words used by `by` lookups.
    pub values: BTreeMap<String, (Attr, Range<usize>)>,
    pub points: Vec<Point>,
    pub periods: Vec<Period>,
    pub monitoring_files: Vec<PathBuf>,
    /// `[monitoring]`: how the files are read (sheet, header row, encoding, heading mapping).
    pub monitoring: super::monitoring::MonitoringOptions,
    pub allocation: Allocation,
    pub allocation_source: Option<String>,
    pub authorized: bool,
    pub partner_aligned: bool,
    /// The authorization details of `[article6]` (id, date, purposes, cooperative approach).
    pub authorization: super::article6::Authorization,
    /// `[cycle]`: the milestones before monitoring.
    pub cycle: super::cycle::Cycle,
    pub settings: Settings,
    /// `[ccs]`: a CCS or CCUS project's injection period, net-reduction method, reserve and reversals.
    pub ccs: Option<super::Ccs>,
    /// `[buffer]`: the reversal buffer of a project that is not CCS (removals above all).
    pub buffer: Option<super::Buffer>,
    /// Meter corrections ([[corrections]]), validated; their direction is resolved later.
    pub corrections: Vec<super::corrections::Correction>,
    /// Expected values for one year, for `calc --ex-ante` ([estimate]).
    pub estimate: Option<Estimate>,
    /// Yearly steps before the first monitoring period ([[history]]), for `past`.
    pub history: Vec<HistoryStep>,
    /// Per methodology symbol: read when RE, PE and ER are computed under the chosen options.
    pub needed: Vec<bool>,
    pub src: Source,
    /// The folder holding project.toml.
    pub dir: PathBuf,
}

/// [estimate]: what a PDD's monitoring plan expects the monitored parameters to be in a year.
#[derive(Debug, Clone, Default)]
pub struct Estimate {
    /// Project-wide values; for a parameter measured per point, the value at every point that
    /// has none of its own.
    pub values: BTreeMap<String, Located<Attr>>,
    /// Per point (position in `Project::points`): its own values.
    pub points: BTreeMap<usize, BTreeMap<String, Located<Attr>>>,
}

impl Estimate {
    /// The estimate of `name` at `point` (or for the project when `point` is `None`).
    pub fn get(&self, name: &str, point: Option<usize>) -> Option<&Located<Attr>> {
        point.and_then(|p| self.points.get(&p)).and_then(|m| m.get(name)).or_else(|| self.values.get(name))
    }
}

/// One yearly step before the first monitoring period: the monitored values it had.
#[derive(Debug, Clone)]
pub struct HistoryStep {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub values: BTreeMap<String, Located<Decimal>>,
    pub span: Range<usize>,
}

impl Project {
    /// How far the project has come in the cycle (`None`: no date given).
    pub fn stage(&self) -> Option<super::cycle::Stage> {
        super::cycle::stage(&self.cycle, &self.periods)
    }

    /// Points of one index, in declaration order.
    pub fn points_of(&self, index: usize) -> Vec<usize> {
        (0..self.points.len()).filter(|&p| self.points[p].index == index).collect()
    }
}
