//! `--format json`: the shape of formats.md, extended (never changed). Exact decimals are
//! strings, whole credits are integers, keys come in a fixed order. The keys only CCS projects
//! have are in [`super::ccs_json`].

use super::ccs_json::{self, CcsSettingsJson, LedgerJson, NetReductionJson, SourceJson};
use super::exact;
use crate::compute::{Calculation, PeriodResult, Share};
use crate::project::Project;
use serde::Serialize;

/// The version of the JSON shape; raised only for a change that is not an addition.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct ProjectJson {
    pub format_version: u32,
    pub project: Header,
    pub periods: Vec<PeriodJson>,
    pub issuance: IssuanceJson,
    /// CCS projects: the reversal reserve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve_ledger: Option<LedgerJson>,
    pub monitoring: MonitoringJson,
    pub settings: SettingsJson,
    pub warnings: Vec<String>,
    /// Meter corrections applied to the readings.
    pub corrections: Vec<super::provenance::CorrectionJson>,
    /// The input files with their SHA-256, and the jcm version.
    pub inputs: super::provenance::InputsJson,
    /// With `--explain`: how every figure of every period was computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<super::trace::PeriodTrace>>,
}

#[derive(Serialize)]
pub struct Header {
    pub id: String,
    pub title: String,
    pub country: String,
    pub methodology: String,
    pub methodology_version: String,
    pub methodology_fidelity: &'static str,
    pub crediting_period: Range,
}

#[derive(Serialize)]
pub struct Range {
    pub start: String,
    pub end: String,
}

#[derive(Serialize)]
pub struct PeriodJson {
    pub id: String,
    pub start: String,
    pub end: String,
    pub days: i64,
    #[serde(rename = "RE")]
    pub re: String,
    #[serde(rename = "PE")]
    pub pe: String,
    #[serde(rename = "PE_by_source", skip_serializing_if = "Vec::is_empty")]
    pub pe_by_source: Vec<SourceJson>,
    #[serde(rename = "ER")]
    pub er: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_reduction: Option<NetReductionJson>,
    #[serde(rename = "ER_credited", skip_serializing_if = "Option::is_none")]
    pub er_credited: Option<String>,
    pub credits: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_allocation: Option<i64>,
    pub vintages: Vec<VintageJson>,
    pub vintage_split: &'static str,
    pub allocation: Vec<ShareJson>,
    pub itmo: bool,
}

#[derive(Serialize)]
pub struct VintageJson {
    pub year: i32,
    pub credits: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve: Option<i64>,
}

#[derive(Serialize)]
pub struct ShareJson {
    pub party: &'static str,
    pub credits: i64,
    pub itmo: bool,
}

#[derive(Serialize)]
pub struct IssuanceJson {
    pub credits: i64,
    pub reserve: i64,
    pub allocation: Vec<ShareJson>,
    pub corresponding_adjustment: i64,
}

#[derive(Serialize)]
pub struct MonitoringJson {
    pub rows_used: u64,
    pub rows_outside: u64,
    /// Only with `[monitoring.columns]`, when a heading is neither mapped nor a jcm column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns_not_used: Vec<String>,
}

#[derive(Serialize)]
pub struct SettingsJson {
    pub credit_rounding: &'static str,
    pub vintage_split: &'static str,
    pub allocation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ccs: Option<CcsSettingsJson>,
}

fn shares(s: &[Share]) -> Vec<ShareJson> {
    s.iter().map(|x| ShareJson { party: x.party.key(), credits: x.credits, itmo: x.itmo }).collect()
}

/// The vintage split as its key (`slice-er`, `days`), for the JSON and the trace.
pub fn split_name(v: crate::project::model::VintageSplit) -> &'static str {
    match v {
        crate::project::model::VintageSplit::SliceEr => "slice-er",
        crate::project::model::VintageSplit::Days => "days",
    }
}

fn period(p: &PeriodResult) -> PeriodJson {
    let ccs = p.ccs.as_ref();
    PeriodJson {
        id: p.id.clone(),
        start: p.start.to_string(),
        end: p.end.to_string(),
        days: p.days,
        re: exact(p.re),
        pe: exact(p.pe),
        pe_by_source: ccs_json::pe_by_source(ccs),
        er: exact(p.er),
        net_reduction: ccs.map(ccs_json::net_reduction),
        er_credited: ccs.map(|c| exact(c.credited_er)),
        credits: p.credits,
        reserve: ccs.map(|c| c.reserve),
        for_allocation: ccs.map(|c| c.for_allocation),
        vintages: p.vintages.iter().map(|v| VintageJson { year: v.year, credits: v.credits, reserve: ccs.map(|_| v.reserve) }).collect(),
        vintage_split: split_name(p.vintage_split),
        allocation: shares(&p.allocation),
        itmo: p.itmo,
    }
}

/// The allocation rule in words, e.g. `japan-ceil per period: Japan 50%, partner 0%, participants 50%`.
pub fn allocation_rule(project: &Project) -> String {
    use crate::project::model::Allocation;
    match &project.allocation {
        Allocation::Shares { shares, policy, per_vintage } => format!(
            "{} per {}: Japan {}%, partner {}%, participants {}%",
            policy.name(),
            if *per_vintage { "vintage" } else { "period" },
            exact(shares.japan * rust_decimal::Decimal::ONE_HUNDRED),
            exact(shares.partner * rust_decimal::Decimal::ONE_HUNDRED),
            exact(shares.participants * rust_decimal::Decimal::ONE_HUNDRED)
        ),
        Allocation::Notified(_) => "amounts notified by the Joint Committee".into(),
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
            crediting_period: Range { start: project.crediting.0.to_string(), end: project.crediting.1.to_string() },
        }
    }
}

pub fn project_json(project: &Project, calc: &Calculation) -> ProjectJson {
    ProjectJson {
        format_version: FORMAT_VERSION,
        project: Header::of(project),
        periods: calc.periods.iter().map(period).collect(),
        issuance: IssuanceJson {
            credits: calc.issuance.credits,
            reserve: calc.issuance.reserve,
            allocation: shares(&calc.issuance.allocation),
            corresponding_adjustment: calc.issuance.corresponding_adjustment,
        },
        reserve_ledger: project.ccs.as_ref().zip(calc.ledger.as_ref()).map(|(c, l)| ccs_json::ledger(c, l)),
        monitoring: MonitoringJson {
            rows_used: calc.rows_used,
            rows_outside: calc.rows_outside,
            columns_not_used: calc.columns_not_used.clone(),
        },
        settings: SettingsJson {
            credit_rounding: project.settings.credit_rounding.name(),
            vintage_split: split_name(project.settings.vintage_split),
            allocation: allocation_rule(project),
            ccs: project.ccs.as_ref().map(ccs_json::settings),
        },
        warnings: calc.warnings.iter().map(|w| format!("{}: {}", w.code, w.message)).collect(),
        corrections: super::provenance::corrections_json(project, &calc.corrections),
        inputs: super::provenance::inputs_json(&calc.inputs),
        trace: None,
    }
}

/// One project, or `{"projects": [...]}` for several; with `explain`, each project carries its
/// `trace`.
pub fn render(items: &[(&Project, &Calculation)], explain: bool) -> String {
    let docs: Vec<ProjectJson> = items
        .iter()
        .map(|(p, c)| {
            let mut doc = project_json(p, c);
            if explain {
                doc.trace = Some(super::trace::build(p, c));
            }
            doc
        })
        .collect();
    one_or_many(docs, false)
}

/// One document as it is; several, or any number with `many` (a folder of projects), as
/// `{"format_version": 1, "projects": [...]}`; pretty-printed with a final newline.
pub fn one_or_many<T: Serialize>(mut docs: Vec<T>, many: bool) -> String {
    #[derive(Serialize)]
    struct Many<T> {
        format_version: u32,
        projects: Vec<T>,
    }
    if docs.len() == 1 && !many { pretty(&docs.remove(0)) } else { pretty(&Many { format_version: FORMAT_VERSION, projects: docs }) }
}

/// The word a unit-like enum is in the JSON (`aligned`, `within-tolerance`), so that the CSV of
/// the same report says the same.
pub fn word<T: Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A JSON document as every command prints it: pretty-printed, with a final newline.
pub fn pretty<T: Serialize>(doc: &T) -> String {
    // The report types serialize to plain objects with string keys, which cannot fail; the
    // fallback only keeps a bug from becoming a panic.
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
