//! The report of one project's calculation, computed once from the project and its
//! [`Calculation`]: every figure a renderer shows, as exact `Decimal`s, whole credits and enums,
//! with the rules applied in words and the inputs' provenance. `Serialize` gives the JSON
//! (`--format json`, the shape of formats.md: exact decimals as strings, whole credits as
//! integers, keys in a fixed order); the table and CSV renderers read the same values.

use super::ccs_json::{self, CcsSettingsJson, LedgerJson, NetReductionJson, SourceJson};
use super::words::{Range, allocation_rule, split_name};
pub use super::words::{exact_text, exact_text_opt};
use crate::compute::{Calculation, PeriodResult, Share};
use crate::engine::allocation::Party;
use crate::methodology::model::Mitigation;
use crate::project::Project;
use crate::project::model::VintageSplit;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write as _;

/// The version of the JSON shape; raised only for a change that is not an addition.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct ProjectReport {
    pub format_version: u32,
    pub project: Header,
    pub periods: Vec<PeriodReport>,
    /// The project cycle's dates and stage, when project.toml gives any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle: Option<super::serials_json::CycleJson>,
    pub issuance: IssuanceReport,
    /// CCS projects: the reversal reserve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve_ledger: Option<LedgerJson>,
    pub monitoring: MonitoringReport,
    pub settings: SettingsReport,
    pub warnings: Vec<String>,
    /// Meter corrections applied to the readings.
    pub corrections: Vec<super::provenance::CorrectionJson>,
    /// The input files with their SHA-256, and the jcm version.
    pub inputs: super::provenance::InputsJson,
    /// With `--explain`: how every figure of every period was computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<super::trace::PeriodTrace>>,
    /// What people read beside the figures (not in the JSON, which has the codes instead).
    #[serde(skip)]
    pub words: Words,
    /// Problems found that do not stop the results (a reserve shortfall), as `code: message`;
    /// printed on stderr by the other formats, shown on the page by the HTML.
    #[serde(skip)]
    pub problems: Vec<String>,
    /// The monitored values month by month, per parameter and point (the HTML draws them).
    #[serde(skip)]
    pub monitored: Vec<super::monitored::MonitoredSeries>,
}

/// The report's sentences and names for people: everything a renderer would otherwise look up
/// in the project or its settings.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// `Thailand (TH)`, or the code alone when it is not a known partner.
    pub country: String,
    /// `Thailand`, or the code.
    pub partner: String,
    /// Why Japan's credits are not ITMOs, when they are not.
    pub no_itmo: &'static str,
    /// How the vintages were split, in words.
    pub vintage_rule: &'static str,
    /// Where the allocation's shares or amounts come from, when the project says.
    pub allocation_source: Option<String>,
    /// The monitoring files' names.
    pub monitoring_files: Vec<String>,
    /// The first monitoring row outside every period: (file, line).
    pub first_outside: Option<(String, u64)>,
    /// The methodology counts removals, not reductions.
    pub removal: bool,
    /// What the credits set aside against reversals are called, as a table row and in a sum:
    /// (`CCS reversal reserve`, `reserve`) or (`Reversal buffer`, `buffer`); none for others.
    pub set_aside: Option<(&'static str, &'static str)>,
    /// The rules only a CCS project or a project with a reversal buffer has, as `- ` lines.
    pub set_aside_rules: String,
    /// The columns whose unit converts by a ratio that does not terminate, as `- units:` lines.
    pub unit_rules: String,
    /// The meter corrections applied, as the "rules applied" lines list them.
    pub corrections: String,
    /// The methodology's description of each parameter a CCS period's PE is made of.
    pub descriptions: std::collections::BTreeMap<String, String>,
    /// The recorded reversals (CCS or buffer) that carry a description: (date, description),
    /// in the order project.toml lists them.
    pub reversal_notes: Vec<(String, String)>,
    /// The allocation's shares apply to each vintage on its own (`per_vintage = true`).
    pub per_vintage: bool,
}

#[derive(Serialize)]
pub struct Header {
    pub id: String,
    pub title: String,
    pub country: String,
    pub methodology: String,
    pub methodology_version: String,
    pub methodology_fidelity: &'static str,
    /// `"removal"` for a removal methodology (absent for reductions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<&'static str>,
    pub crediting_period: Range,
}

#[derive(Serialize)]
pub struct PeriodReport {
    pub id: String,
    pub start: String,
    pub end: String,
    pub days: i64,
    #[serde(rename = "RE", serialize_with = "exact_text")]
    pub re: Decimal,
    #[serde(rename = "PE", serialize_with = "exact_text")]
    pub pe: Decimal,
    #[serde(rename = "PE_by_source", skip_serializing_if = "Vec::is_empty")]
    pub pe_by_source: Vec<SourceJson>,
    #[serde(rename = "ER", serialize_with = "exact_text")]
    pub er: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_reduction: Option<NetReductionJson>,
    #[serde(rename = "ER_credited", skip_serializing_if = "Option::is_none", serialize_with = "exact_text_opt")]
    pub er_credited: Option<Decimal>,
    pub credits: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_allocation: Option<i64>,
    pub vintages: Vec<VintageReport>,
    pub vintage_split: &'static str,
    pub allocation: Vec<ShareReport>,
    pub itmo: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<String>,
    /// Serial blocks per vintage and party, then the reserve or buffer.
    pub blocks: Vec<super::serials_json::BlockJson>,
    /// Whether the vintages were weighted by days (for the rules applied).
    #[serde(skip)]
    pub split_by_days: bool,
}

#[derive(Serialize)]
pub struct VintageReport {
    pub year: i32,
    pub credits: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve: Option<i64>,
}

#[derive(Serialize)]
pub struct ShareReport {
    pub party: Party,
    pub credits: i64,
    pub itmo: bool,
}

#[derive(Serialize)]
pub struct IssuanceReport {
    pub credits: i64,
    pub reserve: i64,
    /// Credits − reserve: what the parties share.
    #[serde(skip)]
    pub allocated: i64,
    pub allocation: Vec<ShareReport>,
    pub corresponding_adjustment: i64,
}

#[derive(Serialize)]
pub struct MonitoringReport {
    pub rows_used: u64,
    pub rows_outside: u64,
    /// Only with `[monitoring.columns]`, when a heading is neither mapped nor a jcm column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns_not_used: Vec<String>,
}

#[derive(Serialize)]
pub struct SettingsReport {
    pub credit_rounding: &'static str,
    pub vintage_split: &'static str,
    pub allocation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ccs: Option<CcsSettingsJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buffer: Option<super::buffer::BufferSettingsJson>,
}

fn shares(s: &[Share]) -> Vec<ShareReport> {
    s.iter().map(|x| ShareReport { party: x.party, credits: x.credits, itmo: x.itmo }).collect()
}

fn period(project: &Project, p: &PeriodResult) -> PeriodReport {
    let ccs = p.ccs.as_ref();
    let (verified, issued) = super::serials_json::dates(project, p);
    PeriodReport {
        id: p.id.clone(),
        start: p.start.to_string(),
        end: p.end.to_string(),
        days: p.days,
        re: p.re,
        pe: p.pe,
        pe_by_source: ccs_json::pe_by_source(ccs),
        er: p.er,
        net_reduction: ccs.map(ccs_json::net_reduction),
        er_credited: ccs.map(|c| c.credited_er),
        credits: p.credits,
        reserve: ccs.map(|c| c.reserve).or(p.buffer.as_ref().map(|b| b.reserve)),
        for_allocation: ccs.map(|c| c.for_allocation).or(p.buffer.as_ref().map(|b| b.for_allocation)),
        vintages: p
            .vintages
            .iter()
            .map(|v| VintageReport {
                year: v.year,
                credits: v.credits,
                reserve: (ccs.is_some() || p.buffer.is_some()).then_some(v.reserve),
            })
            .collect(),
        vintage_split: split_name(p.vintage_split),
        allocation: shares(&p.allocation),
        itmo: p.itmo,
        verified,
        issued,
        blocks: super::serials_json::blocks(&p.blocks),
        split_by_days: p.vintage_split == VintageSplit::Days && p.vintages.len() > 1,
    }
}

impl Header {
    /// The `project` object of every per-project JSON document.
    pub fn of(project: &Project) -> Header {
        let m = &project.methodology;
        Header {
            id: project.id.clone(),
            title: project.title.clone(),
            country: project.country.clone(),
            methodology: m.id.clone(),
            methodology_version: m.version.clone(),
            methodology_fidelity: m.fidelity.name(),
            mitigation: (m.mitigation == Mitigation::Removal).then(|| m.mitigation.name()),
            crediting_period: Range { start: project.crediting.0.to_string(), end: project.crediting.1.to_string() },
        }
    }
}

/// The report of one project's calculation, built once; every renderer reads it.
pub fn build(project: &Project, calc: &Calculation) -> ProjectReport {
    ProjectReport {
        format_version: FORMAT_VERSION,
        project: Header::of(project),
        periods: calc.periods.iter().map(|p| period(project, p)).collect(),
        cycle: super::serials_json::cycle(project),
        issuance: IssuanceReport {
            credits: calc.issuance.credits,
            reserve: calc.issuance.reserve,
            allocated: calc.issuance.allocated,
            allocation: shares(&calc.issuance.allocation),
            corresponding_adjustment: calc.issuance.corresponding_adjustment,
        },
        reserve_ledger: match (&project.ccs, &project.buffer, calc.ledger.as_ref()) {
            (Some(c), _, Some(l)) => Some(ccs_json::ledger(c, l)),
            (None, Some(_), Some(l)) => Some(super::buffer::ledger_json(calc, l)),
            _ => None,
        },
        monitoring: MonitoringReport {
            rows_used: calc.rows_used,
            rows_outside: calc.rows_outside,
            columns_not_used: calc.columns_not_used.clone(),
        },
        settings: SettingsReport {
            credit_rounding: project.settings.credit_rounding.name(),
            vintage_split: split_name(project.settings.vintage_split),
            allocation: allocation_rule(project),
            ccs: project.ccs.as_ref().map(ccs_json::settings),
            buffer: project.buffer.as_ref().map(super::buffer::settings),
        },
        warnings: calc.warnings.iter().map(|w| format!("{}: {}", w.code, w.message)).collect(),
        corrections: super::provenance::corrections_json(project, &calc.corrections),
        inputs: super::provenance::inputs_json(&calc.inputs),
        trace: None,
        words: words(project, calc),
        problems: calc.problems.iter().map(|w| format!("{}: {}", w.code, w.message)).collect(),
        monitored: super::monitored::build(project, calc),
    }
}

fn words(project: &Project, calc: &Calculation) -> Words {
    let partner = crate::countries::find(&project.country);
    let by_days = calc.periods.iter().any(|p| p.vintage_split == VintageSplit::Days && p.vintages.len() > 1);
    Words {
        country: partner.map_or_else(|| project.country.clone(), |c| format!("{} ({})", c.name, project.country)),
        partner: partner.map_or_else(|| project.country.clone(), |c| c.name.to_string()),
        no_itmo: if !project.authorized {
            "the project is not authorized for international transfer ([article6] authorized = false)"
        } else if !project.partner_aligned {
            "the partner's Article-6 aligned rules are not adopted yet"
        } else {
            "no Japanese credits of vintage 2021 or later"
        },
        vintage_rule: match (by_days, project.settings.vintage_split) {
            (true, _) => "by days in each calendar year",
            (false, VintageSplit::SliceEr) => "by each calendar year's own ER (largest remainder)",
            (false, VintageSplit::Days) => "by days in each calendar year (largest remainder)",
        },
        allocation_source: project.allocation_source.clone(),
        monitoring_files: project
            .monitoring_files
            .iter()
            .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string))
            .collect(),
        first_outside: calc.first_outside.clone(),
        removal: project.methodology.mitigation == Mitigation::Removal,
        set_aside: match (&project.ccs, &project.buffer) {
            (Some(_), _) => Some(("CCS reversal reserve", "reserve")),
            (None, Some(_)) => Some(("Reversal buffer", "buffer")),
            (None, None) => None,
        },
        set_aside_rules: match (&project.ccs, &project.buffer) {
            (Some(c), _) => ccs_json::rules(c),
            (None, Some(b)) => super::buffer::rules(b, project.methodology.mitigation == Mitigation::Removal),
            (None, None) => String::new(),
        },
        unit_rules: calc.inexact_units.iter().fold(String::new(), |mut out, (header, unit, ratio)| {
            let _ = writeln!(
                out,
                "- units: `{header}` converts to {unit} by × {ratio}: its readings are summed exactly and the sum converted once, the one place a result that does not terminate (a third) is rounded, to 28 significant digits"
            );
            out
        }),
        corrections: super::provenance::corrections_text(project, calc),
        descriptions: calc
            .periods
            .iter()
            .filter_map(|p| p.ccs.as_ref())
            .flat_map(|c| &c.pe_sources)
            .filter_map(|(name, _)| {
                let (_, s) = project.methodology.symbol(name)?;
                Some((name.clone(), s.description.clone()?))
            })
            .collect(),
        reversal_notes: match (&project.ccs, &project.buffer) {
            (Some(c), _) => notes(c.reversals.iter().map(|r| (r.date, r.description.as_ref()))),
            (None, Some(b)) => notes(b.reversals.iter().map(|r| (r.date, r.description.as_ref()))),
            (None, None) => Vec::new(),
        },
        per_vintage: matches!(project.allocation, crate::project::Allocation::Shares { per_vintage: true, .. }),
    }
}

fn notes<'a>(reversals: impl Iterator<Item = (chrono::NaiveDate, Option<&'a String>)>) -> Vec<(String, String)> {
    reversals.filter_map(|(date, d)| Some((date.to_string(), d?.clone()))).collect()
}

impl PeriodReport {
    /// Credits of this period to `party` (of one ITMO status, or of both); `None` when the
    /// party has no share in this period.
    pub fn credits_of(&self, party: Party, itmo: Option<bool>) -> Option<i64> {
        let mut n = self.allocation.iter().filter(|s| s.party == party && itmo.is_none_or(|i| s.itmo == i)).peekable();
        n.peek()?;
        Some(n.map(|s| s.credits).sum())
    }
}
