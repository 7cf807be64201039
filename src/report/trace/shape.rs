//! The shape of a trace: what `--explain` shows and the JSON report's `trace` carries, per
//! period (inputs, equations, the steps to credits). Built by [`super::build`].

use crate::methodology::model::Status;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct PeriodTrace {
    pub period: String,
    pub start: String,
    pub end: String,
    pub days: i64,
    pub inputs: Vec<InputTrace>,
    pub equations: Vec<EquationTrace>,
    pub credits: CreditsTrace,
}

/// A parameter of the methodology and its value(s) in the period.
#[derive(Debug, Serialize)]
pub struct InputTrace {
    pub symbol: String,
    pub unit: String,
    /// monitored | fixed | project
    pub kind: &'static str,
    /// The index it ranges over, for a value per point.
    pub index: Option<String>,
    pub description: Option<String>,
    pub values: Vec<ValueTrace>,
}

/// One value: the project's, or one point's.
#[derive(Debug, Serialize)]
pub struct ValueTrace {
    pub point: Option<String>,
    pub value: String,
    /// Where the value came from, in words.
    pub source: String,
    /// For a monitored value: the readings aggregated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readings: Option<ReadingsTrace>,
    /// For a value the methodology fixes: where it was published, or that it is assumed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<ProvenanceTrace>,
}

#[derive(Debug, Serialize)]
pub struct ProvenanceTrace {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

#[derive(Debug, Serialize)]
pub struct ReadingsTrace {
    pub aggregate: &'static str,
    pub count: u64,
    /// The CSV columns read, as `header (file)`.
    pub columns: Vec<String>,
    pub first: LineRef,
    pub last: LineRef,
    /// Readings multiplied by a meter correction.
    pub corrected: u64,
    /// The corrections (1-based, as listed in the report) that touched these readings.
    pub corrections: Vec<usize>,
}

#[derive(Debug, Serialize)]
pub struct LineRef {
    pub file: String,
    pub line: u64,
}

/// An equation, evaluated.
#[derive(Debug, Serialize)]
pub struct EquationTrace {
    pub symbol: String,
    pub unit: String,
    pub index: Option<String>,
    pub description: Option<String>,
    pub expr: String,
    /// The symbols it reads, in order of first use.
    pub reads: Vec<String>,
    /// One entry, or one per point for an indexed equation.
    pub values: Vec<ResultTrace>,
    /// CCS: the net-reduction method that adjusted this equation's result (RE or PE) before
    /// the equations after it read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_reduction: Option<NetReductionTrace>,
}

/// A CCS net-reduction method applied to RE, PE or ER.
#[derive(Debug, Serialize)]
pub struct NetReductionTrace {
    pub method: &'static str,
    pub number: usize,
    /// `RE × 0.95`, `PE × (1 + 20%)`, `ER × 0.95`.
    pub formula: String,
    pub before: String,
    pub after: String,
    /// The change to the credited reductions, tCO2.
    pub effect: String,
}

/// CCS: from ER to the credits for allocation.
#[derive(Debug, Serialize)]
pub struct CcsCreditsTrace {
    /// Method 3 (discount) only: ER × factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_reduction: Option<NetReductionTrace>,
    /// The exact value rounded to credits.
    #[serde(rename = "ER_credited")]
    pub er_credited: String,
    pub reserve_rate: String,
    /// reserve_rate × credits, before rounding.
    pub reserve_exact: String,
    /// ceil | floor
    pub reserve_rounding: &'static str,
    pub reserve: i64,
    pub for_allocation: i64,
}

#[derive(Debug, Serialize)]
pub struct ResultTrace {
    pub point: Option<String>,
    /// The expression with every name replaced by its value and unit.
    pub substituted: String,
    pub value: String,
}

/// From ER to credits, vintages and allocation.
#[derive(Debug, Serialize)]
pub struct CreditsTrace {
    #[serde(rename = "ER")]
    pub er: String,
    /// The credit rounding mode (settings.credit_rounding).
    pub rounding: &'static str,
    pub negative: bool,
    pub credits: i64,
    /// slice-er | days
    pub vintage_split: &'static str,
    pub vintages: Vec<VintageTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ccs: Option<CcsCreditsTrace>,
    pub allocation_rule: String,
    pub allocation: Vec<ShareTrace>,
}

#[derive(Debug, Serialize)]
pub struct VintageTrace {
    pub year: i32,
    /// The weight of the split: the year's own ER (tCO2) or its days.
    pub weight: String,
    pub credits: i64,
    /// CCS: the vintage's part of the reserve deposit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct ShareTrace {
    pub party: crate::engine::allocation::Party,
    pub credits: i64,
    pub itmo: bool,
}
