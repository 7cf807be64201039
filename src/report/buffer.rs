//! The reversal buffer of a project with `[buffer]`, as the report holds it: its ledger (the
//! JSON `reserve_ledger`, in the shape of the CCS reserve's), its settings and its lines in
//! "Rules applied". Every number was computed in [`crate::compute::buffer`]; the ledger's table
//! is drawn by [`super::ccs_table`] with the CCS reserve's.

use super::ccs_json::{EntryJson, LedgerJson};
use super::exact;
use super::words::{percent, rounded};
use crate::compute::Calculation;
use crate::compute::buffer::ReversalOrigin;
use crate::engine::ccs::rounding_word;
use crate::engine::ledger::{Movement, ReserveLedger};
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
