//! The JSON keys of a CCS or CCUS project, added to the shape of formats.md (never changing it):
//! per period `PE_by_source`, `net_reduction`, `ER_credited`, `reserve`, `for_allocation`; per
//! vintage `reserve`; for the project `reserve_ledger` and `settings.ccs`. Projects without
//! `[ccs]` carry none of them.

use super::exact;
use super::words::{exact_text, exact_text_opt, formula, percent, rounded};
use crate::compute::ccs::CcsPeriod;
use crate::engine::ccs::{NetReduction, rounding_word};
use crate::engine::ledger::{Movement, ReserveLedger};
use crate::project::Ccs;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Serialize)]
pub struct SourceJson {
    pub symbol: String,
    #[serde(serialize_with = "exact_text")]
    pub value: Decimal,
}

/// The value of a net-reduction method, under the key of its method (the others are left out).
#[derive(Serialize)]
pub struct MethodValueJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_factor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_uplift: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_factor: Option<String>,
}

fn method_value(m: NetReduction) -> MethodValueJson {
    let (key, value) = m.parameter();
    let param = |k: &str| (k == key).then(|| exact(value));
    MethodValueJson {
        reference_factor: param("reference_factor"),
        project_uplift: param("project_uplift"),
        discount_factor: param("discount_factor"),
    }
}

/// What the period's net-reduction method did.
#[derive(Serialize)]
pub struct NetReductionJson {
    /// The method itself, for the renderers' formula and target (the JSON has its name).
    #[serde(skip)]
    pub kind: NetReduction,
    pub method: &'static str,
    /// 1, 2 or 3, as numbered in the guidelines.
    pub number: usize,
    #[serde(flatten)]
    pub value: MethodValueJson,
    /// `RE`, `PE` or `ER`.
    pub applies_to: &'static str,
    /// The value as the methodology computed it, and after the method.
    #[serde(serialize_with = "exact_text")]
    pub before: Decimal,
    #[serde(serialize_with = "exact_text")]
    pub after: Decimal,
    /// The change to the credited reductions, tCO2 (negative: fewer).
    #[serde(serialize_with = "exact_text")]
    pub effect: Decimal,
}

pub fn net_reduction(p: &CcsPeriod) -> NetReductionJson {
    NetReductionJson {
        kind: p.method,
        method: p.method.name(),
        number: p.method.number(),
        value: method_value(p.method),
        applies_to: p.method.target().symbol(),
        before: p.before,
        after: p.after,
        effect: p.effect,
    }
}

pub fn pe_by_source(p: Option<&CcsPeriod>) -> Vec<SourceJson> {
    p.map(|c| c.pe_sources.iter().map(|(s, v)| SourceJson { symbol: s.clone(), value: *v }).collect()).unwrap_or_default()
}

/// One ledger line. Deposits carry `period` and `credits`; reversals `leaked`, `due`,
/// `cancelled` and `shortfall`.
#[derive(Serialize)]
pub struct EntryJson {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "exact_text_opt")]
    pub leaked: Option<Decimal>,
    /// A buffer's reversal: the tCO2 lost (a CCS reversal says `leaked`).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "exact_text_opt")]
    pub lost: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub balance: i64,
}

impl EntryJson {
    /// An entry of kind `deposit` with nothing but its balance: the start of every ledger row,
    /// CCS reserve or buffer, which then fills in what its movement says.
    pub fn deposit(balance: i64) -> EntryJson {
        EntryJson {
            kind: "deposit",
            period: None,
            date: None,
            credits: None,
            leaked: None,
            lost: None,
            due: None,
            cancelled: None,
            shortfall: None,
            description: None,
            balance,
        }
    }
}

#[derive(Serialize)]
pub struct LedgerJson {
    pub deposited: i64,
    pub cancelled: i64,
    pub balance: i64,
    pub shortfall: i64,
    pub entries: Vec<EntryJson>,
}

pub fn ledger(c: &Ccs, l: &ReserveLedger) -> LedgerJson {
    let mut reversals = c.reversals.iter();
    let entries = l
        .entries
        .iter()
        .map(|e| {
            let blank = EntryJson::deposit(e.balance);
            match &e.movement {
                Movement::Deposit { credits } => EntryJson { period: Some(e.label.clone()), credits: Some(*credits), ..blank },
                Movement::Reversal { leaked, due, cancelled, shortfall } => EntryJson {
                    kind: "reversal",
                    date: Some(e.label.clone()),
                    leaked: Some(*leaked),
                    due: Some(*due),
                    cancelled: Some(*cancelled),
                    shortfall: Some(*shortfall),
                    description: reversals.next().and_then(|r| r.description.clone()),
                    ..blank
                },
            }
        })
        .collect();
    LedgerJson { deposited: l.deposited, cancelled: l.cancelled, balance: l.balance, shortfall: l.shortfall, entries }
}

/// `settings.ccs`: the CCS settings that were applied.
#[derive(Serialize)]
pub struct CcsSettingsJson {
    pub injection: super::words::Range,
    /// The method and the reserve's rounding themselves, for the renderers (the JSON has words).
    #[serde(skip)]
    pub method: NetReduction,
    #[serde(skip)]
    pub reserve_mode: crate::engine::rounding::Mode,
    pub net_reduction: &'static str,
    #[serde(flatten)]
    pub value: MethodValueJson,
    #[serde(serialize_with = "exact_text")]
    pub reserve_rate: Decimal,
    pub reserve_rounding: &'static str,
    pub reversal_rounding: &'static str,
}

pub fn settings(c: &Ccs) -> CcsSettingsJson {
    CcsSettingsJson {
        injection: super::words::Range { start: c.injection.0.to_string(), end: c.injection.1.to_string() },
        method: c.net_reduction,
        reserve_mode: c.reserve_rounding,
        net_reduction: c.net_reduction.name(),
        value: method_value(c.net_reduction),
        reserve_rate: c.reserve_rate,
        reserve_rounding: rounding_word(c.reserve_rounding),
        reversal_rounding: rounding_word(c.reversal_rounding),
    }
}

/// The CCS lines of "Rules applied".
pub fn rules(c: &Ccs) -> String {
    let m = c.net_reduction;
    let (key, value) = m.parameter();
    let value = if key == "project_uplift" { percent(value) } else { exact(value) };
    format!(
        "- CCS crediting period: the injection period, {} to {}\n\
         - CCS net reduction: method {} of 3, {}: {} ({key} = {value}; no value is published, a setting)\n\
         - CCS reserve: {} of each period's credits, {}, split over its vintages; the allocation shares the rest\n\
         - CCS reversals after injection: leaked tCO2 {} to whole credits, cancelled from the reserve\n",
        c.injection.0,
        c.injection.1,
        m.number(),
        m.name(),
        formula(m),
        percent(c.reserve_rate),
        rounded(c.reserve_rounding),
        rounded(c.reversal_rounding),
    )
}
