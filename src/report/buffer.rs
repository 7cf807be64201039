//! The reversal buffer of a project with `[buffer]`, for people and programs: its ledger (table
//! and the JSON `reserve_ledger`, in the shape of the CCS reserve's), its settings and its line
//! in "Rules applied". Formats only: every number was computed in [`crate::compute::buffer`].

use super::ccs_json::{EntryJson, LedgerJson};
use super::model::ProjectReport;
use super::words::{new_table, percent};
use super::{exact, human, thousands};
use crate::compute::Calculation;
use crate::compute::buffer::ReversalOrigin;
use crate::engine::ccs::rounding_word;
use crate::engine::ledger::{Movement, ReserveLedger};
use crate::engine::rounding::Mode;
use crate::project::Buffer;
use serde::Serialize;

/// `settings.buffer`: the buffer settings that were applied.
#[derive(Serialize)]
pub struct BufferSettingsJson {
    pub rate: String,
    pub rounding: &'static str,
    pub reversal_rounding: &'static str,
}

pub fn settings(b: &Buffer) -> BufferSettingsJson {
    BufferSettingsJson { rate: exact(b.rate), rounding: rounding_word(b.rounding), reversal_rounding: rounding_word(b.reversal_rounding) }
}

/// The ledger's reversals paired with where they came from.
fn origins<'a>(calc: &'a Calculation, l: &'a ReserveLedger) -> impl Iterator<Item = Option<&'a ReversalOrigin>> + 'a {
    let mut o = calc.reversal_origins.iter();
    l.entries.iter().map(move |e| match e.movement {
        Movement::Reversal { .. } => o.next(),
        Movement::Deposit { .. } => None,
    })
}

/// `reserve_ledger` of a buffer project: deposits carry `period` and `credits`; reversals
/// `date`, `lost`, `due`, `cancelled`, `shortfall`, and `period` when a period's negative net
/// removals caused them, `description` when recorded with one.
pub fn ledger_json(calc: &Calculation, l: &ReserveLedger) -> LedgerJson {
    let entries = l
        .entries
        .iter()
        .zip(origins(calc, l))
        .map(|(e, origin)| {
            let blank = EntryJson::deposit(e.balance);
            match &e.movement {
                Movement::Deposit { credits } => EntryJson { period: Some(e.label.clone()), credits: Some(*credits), ..blank },
                Movement::Reversal { leaked, due, cancelled, shortfall } => EntryJson {
                    kind: "reversal",
                    date: Some(e.label.clone()),
                    lost: Some(*leaked),
                    due: Some(*due),
                    cancelled: Some(*cancelled),
                    shortfall: Some(*shortfall),
                    period: match origin {
                        Some(ReversalOrigin::NegativePeriod(id)) => Some(id.clone()),
                        _ => None,
                    },
                    description: match origin {
                        Some(ReversalOrigin::Recorded(d)) => d.clone(),
                        _ => None,
                    },
                    ..blank
                },
            }
        })
        .collect();
    LedgerJson { deposited: l.deposited, cancelled: l.cancelled, balance: l.balance, shortfall: l.shortfall, entries }
}

fn rounded(mode: Mode) -> String {
    format!("rounded {} ({})", mode.name(), rounding_word(mode))
}

/// The buffer ledger table and its balance sentence.
pub fn ledger_table(r: &ProjectReport, l: &LedgerJson) -> String {
    let mut t = new_table(&["Entry", "Date", "Deposit", "Lost tCO2", "Cancelled", "Shortfall", "Balance"], &[2, 3, 4, 5, 6]);
    for e in &l.entries {
        if e.kind == "deposit" {
            let label = e.period.as_deref().unwrap_or_default();
            let p = r.periods.iter().find(|p| p.id == label);
            t.add_row(vec![
                format!("deposit, period {label}{}", p.map(|p| format!(" ({} to {})", p.start, p.end)).unwrap_or_default()),
                p.map(|p| p.end.clone()).unwrap_or_default(),
                thousands(e.credits.unwrap_or_default()),
                String::new(),
                String::new(),
                String::new(),
                thousands(e.balance),
            ]);
        } else {
            let what = match &e.period {
                Some(id) => format!("reversal: negative net removals of period {id}"),
                None => "reversal, recorded ([[buffer.reversals]])".to_string(),
            };
            t.add_row(vec![
                what,
                e.date.clone().unwrap_or_default(),
                String::new(),
                e.lost.map(human).unwrap_or_default(),
                thousands(e.cancelled.unwrap_or_default()),
                thousands(e.shortfall.unwrap_or_default()),
                thousands(e.balance),
            ]);
        }
    }
    let title = "Reversal buffer ledger (credits, in date order: a loss is covered only by earlier deposits)";
    let mut out = super::ccs_table::totals(t, l, title, r);
    if l.shortfall > 0 {
        out.push_str(&format!(
            "Shortfall: {} tCO2 lost beyond what the buffer held; the project participants of {} must make it good.\n",
            thousands(l.shortfall),
            r.project.id
        ));
    } else if l.cancelled == 0 {
        out.push_str("No reversals: nothing credited has been lost ([[buffer.reversals]]).\n");
    }
    out
}

/// The buffer lines of "Rules applied".
pub fn rules(b: &Buffer, removal: bool) -> String {
    let negative = if removal { "; a period with negative net removals is a reversal of |ER| on its last day" } else { "" };
    format!(
        "- buffer: {} of each period's credits, {}, split over its vintages; the allocation shares the rest (no JCM rate is published: a setting)\n\
         - buffer reversals: lost tCO2 {} to whole credits, cancelled from the buffer in date order{negative}\n",
        percent(b.rate),
        rounded(b.rounding),
        rounded(b.reversal_rounding),
    )
}
