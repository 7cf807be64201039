//! project.toml as written: serde structs mirroring the file, with spans. Unknown keys are
//! refused so that a typo (`[alocation]`) is an error rather than a silently ignored setting.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub project: RawHeader,
    #[serde(default)]
    pub values: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    pub points: Vec<Spanned<BTreeMap<String, Spanned<toml::Value>>>>,
    #[serde(default)]
    pub periods: Vec<Spanned<RawPeriod>>,
    pub monitoring: Option<RawMonitoring>,
    pub allocation: Option<Spanned<RawAllocation>>,
    pub article6: Option<RawArticle6>,
    /// The project cycle's milestones before monitoring (PIN, methodology, validation, registration).
    pub cycle: Option<RawCycle>,
    pub settings: Option<RawSettings>,
    pub ccs: Option<Spanned<RawCcs>>,
    /// A reversal buffer (removals and other reversible mitigation); see `buffer.rs`.
    pub buffer: Option<Spanned<RawBuffer>>,
    #[serde(default)]
    pub corrections: Vec<Spanned<super::corrections::RawCorrection>>,
    /// Expected values for one year (PDD stage, `calc --ex-ante`): project-wide values, and a
    /// `points` table of per-point values (read with their spans by `estimate.rs`).
    pub estimate: Option<BTreeMap<String, Spanned<toml::Value>>>,
    /// Money figures for `jcm appraise`, read by `policy::finance` (not by the loader).
    pub finance: Option<toml::Value>,
    /// Yearly steps before the first monitoring period, for methodologies that use `past`.
    #[serde(default)]
    pub history: Vec<Spanned<BTreeMap<String, Spanned<toml::Value>>>>,
}

impl RawProject {
    /// At the PDD stage: an [estimate] and no monitoring periods yet (see `load::is_pdd_stage`).
    pub fn is_pdd_stage(&self) -> bool {
        self.periods.is_empty() && self.estimate.is_some()
    }
}

/// The per-point part of [estimate], read in a second pass so that every value keeps its span.
#[derive(Debug, Deserialize)]
pub struct RawEstimatePoints {
    pub estimate: Option<RawEstimatePointsTable>,
}

#[derive(Debug, Deserialize)]
pub struct RawEstimatePointsTable {
    #[serde(default)]
    pub points: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub id: Spanned<String>,
    pub title: Option<String>,
    pub country: Spanned<String>,
    pub methodology: Spanned<String>,
    /// Required, except in a CCS project, where it is the injection period ([ccs] injection).
    pub crediting_period: Option<Spanned<RawRange>>,
    pub description: Option<String>,
    /// Reference number on jcm.go.jp or in the registry, when it differs from `id`.
    pub reference: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    pub start: Spanned<toml::Value>,
    pub end: Spanned<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub id: Spanned<String>,
    pub start: Spanned<toml::Value>,
    pub end: Spanned<toml::Value>,
    /// When the third-party entity verified the period.
    pub verified: Option<Spanned<toml::Value>>,
    /// When the Joint Committee decided the issuance of the period's credits.
    pub issued: Option<Spanned<toml::Value>>,
}

/// `[cycle]`: dates of the project cycle before monitoring, all optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCycle {
    pub pin_submitted: Option<Spanned<toml::Value>>,
    pub methodology_approved: Option<Spanned<toml::Value>>,
    pub validated: Option<Spanned<toml::Value>>,
    pub registered: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMonitoring {
    /// One file name or a list of them, relative to project.toml.
    pub file: Spanned<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAllocation {
    pub rounding: Option<Spanned<String>>,
    pub japan_government: Option<Spanned<toml::Value>>,
    pub partner_government: Option<Spanned<toml::Value>>,
    pub project_participants: Option<Spanned<toml::Value>>,
    /// Apply the rounding per monitoring period (default) or per calendar-year vintage.
    pub per: Option<Spanned<String>>,
    #[serde(default)]
    pub notified: Vec<Spanned<RawNotified>>,
    /// Where the shares or amounts come from (JC decision, press release).
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNotified {
    pub period: Spanned<String>,
    pub japan_government: Spanned<toml::Value>,
    pub partner_government: Option<Spanned<toml::Value>>,
    pub project_participants: Option<Spanned<toml::Value>>,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArticle6 {
    pub authorized: Spanned<bool>,
    /// Override of the partner's Article-6 status from the built-in country table.
    pub partner_aligned: Option<bool>,
    /// The partner's authorization: its id and date, as the partner published them.
    pub authorization_id: Option<Spanned<String>>,
    pub authorization_date: Option<Spanned<toml::Value>>,
    /// `ndc`, `oimp`, or a list of both.
    pub purpose: Option<Spanned<toml::Value>>,
    /// For OIMP: `authorization`, `issuance` or `use` (decision 2/CMA.3, annex, para. 2(b)).
    pub first_transfer: Option<Spanned<String>>,
    /// The cooperative approach's name or id; default `JP-<partner> JCM`.
    pub cooperative_approach: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    /// How a period's ER becomes whole credits: down (default), up, half-up.
    pub credit_rounding: Option<Spanned<String>>,
    /// How a period's credits are split into calendar-year vintages: slice-er (default) or days.
    pub vintage_split: Option<Spanned<String>>,
}

/// `[ccs]`: a CCS or CCUS project (domain.md §4).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCcs {
    /// The injection period, which is the crediting period.
    pub injection: Option<Spanned<RawRange>>,
    /// reference-below-bau | project-uplift | discount
    pub net_reduction: Option<Spanned<String>>,
    pub reference_factor: Option<Spanned<toml::Value>>,
    pub project_uplift: Option<Spanned<toml::Value>>,
    pub discount_factor: Option<Spanned<toml::Value>>,
    /// Share of each period's credits deposited in the reversal reserve (default "3%").
    pub reserve_rate: Option<Spanned<toml::Value>>,
    /// ceil (default) | floor
    pub reserve_rounding: Option<Spanned<String>>,
    /// How leaked tCO2 become whole reserve credits to cancel: ceil (default) | floor.
    pub reversal_rounding: Option<Spanned<String>>,
    #[serde(default)]
    pub reversals: Vec<Spanned<RawReversal>>,
}

/// `[buffer]`: part of each period's credits set aside against reversals.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBuffer {
    /// Share of each period's credits, e.g. "10%".
    pub rate: Option<Spanned<toml::Value>>,
    /// ceil (default) | floor
    pub rounding: Option<Spanned<String>>,
    /// How lost tCO2 become whole buffer credits to cancel: ceil (default) | floor.
    pub reversal_rounding: Option<Spanned<String>>,
    #[serde(default)]
    pub reversals: Vec<Spanned<RawLoss>>,
}

/// `[[buffer.reversals]]`: credited removals or reductions undone after their monitoring.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoss {
    pub date: Spanned<toml::Value>,
    /// tCO2.
    pub lost: Spanned<toml::Value>,
    /// What happened, and where it is documented.
    pub description: Option<String>,
}

/// `[[ccs.reversals]]`: CO2 that escaped from storage.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReversal {
    pub date: Spanned<toml::Value>,
    /// tCO2.
    pub leaked: Spanned<toml::Value>,
    /// What happened, and where it is documented.
    pub description: Option<String>,
}
