//! `[buffer]` of project.toml, validated: a reversal buffer for any project whose mitigation can
//! be undone (trees that burn, peat that dries out again, biochar that decays), above all for
//! removals. The share of each period's credits set aside, how it and the losses are rounded,
//! and the losses recorded after the monitoring that credited them (`[[buffer.reversals]]`).
//! The CCS reserve of `[ccs]` is the same idea with CCS rules; a project has one or the other.

use super::base::Period;
use super::raw::RawBuffer;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::ccs as rounding_words;
use crate::engine::rounding::Mode;
use crate::tomlx;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::ops::Range;
use toml::Spanned;

/// A validated `[buffer]`.
#[derive(Debug, Clone)]
pub struct Buffer {
    /// Share of each period's credits deposited in the buffer, 0 to 1.
    pub rate: Decimal,
    /// How `rate × credits` becomes whole credits.
    pub rounding: Mode,
    /// How lost tCO2 become whole buffer credits to cancel.
    pub reversal_rounding: Mode,
    /// Recorded losses, in date order.
    pub reversals: Vec<Loss>,
}

/// Stored CO2 lost after the monitoring period that credited it (a fire, illegal logging).
#[derive(Debug, Clone)]
pub struct Loss {
    pub date: NaiveDate,
    /// tCO2 lost, 0 or more.
    pub lost: Decimal,
    pub description: Option<String>,
    /// Where `date` and `lost` are written in project.toml, for diagnostics.
    pub date_span: Range<usize>,
    pub lost_span: Range<usize>,
}

fn setting(message: impl Into<String>, src: &Source, span: Range<usize>) -> Diagnostic {
    Diagnostic::new(Code::BufferSetting, message).at(src, span)
}

/// Validate `[buffer]`; every problem goes to `d`. `ccs` says whether the project has `[ccs]`,
/// whose reserve is its buffer already.
pub fn build(raw: &Spanned<RawBuffer>, ccs: bool, src: &Source, d: &mut Diags) -> Option<Buffer> {
    let table = raw.span();
    let raw = raw.get_ref();
    if ccs {
        d.push(
            setting("a CCS project has both [ccs] and [buffer]", src, table.clone())
                .hint("a CCS project's reversal reserve is set in [ccs] (reserve_rate, [[ccs.reversals]]): remove [buffer]"),
        );
        return None;
    }
    let rate = match &raw.rate {
        None => {
            d.push(
                setting("[buffer] has no rate", src, table)
                    .hint("add rate = \"10%\": the share of each period's credits set aside against reversals (no JCM value is published)"),
            );
            None
        }
        Some(v) => d.take(tomlx::decimal(v, src).map_err(Failure::one)).and_then(|x| {
            if x < Decimal::ZERO || x > Decimal::ONE {
                d.push(
                    setting(format!("rate = {} is out of range", x.normalize()), src, v.span())
                        .hint("write a share between 0% and 100% of each period's credits"),
                );
                return None;
            }
            Some(x)
        }),
    };
    let rounding = |v: &Option<Spanned<String>>, key: &str, d: &mut Diags| match v {
        None => Some(Mode::Up),
        Some(w) => {
            let m = rounding_words::parse_rounding_word(w.get_ref());
            if m.is_none() {
                d.push(
                    setting(format!("{key} = \"{}\" is not known", w.get_ref()), src, w.span())
                        .hint("write \"ceil\" (the default) or \"floor\""),
                );
            }
            m
        }
    };
    let deposit_rounding = rounding(&raw.rounding, "rounding", d);
    let reversal_rounding = rounding(&raw.reversal_rounding, "reversal_rounding", d);
    let mut reversals = Vec::new();
    for r in &raw.reversals {
        let r = r.get_ref();
        let date = d.take(tomlx::date(&r.date, src).map_err(Failure::one));
        let lost = d.take(tomlx::decimal(&r.lost, src).map_err(Failure::one));
        if let Some(x) = lost.filter(|x| *x < Decimal::ZERO) {
            d.push(
                setting(format!("lost = {} is negative", x.normalize()), src, r.lost.span())
                    .hint("lost is the tCO2 of credited removals or reductions that were undone, 0 or more"),
            );
            continue;
        }
        if let (Some(date), Some(lost)) = (date, lost) {
            reversals.push(Loss { date, lost, description: r.description.clone(), date_span: r.date.span(), lost_span: r.lost.span() });
        }
    }
    reversals.sort_by_key(|r| r.date);
    Some(Buffer { rate: rate?, rounding: deposit_rounding?, reversal_rounding: reversal_rounding?, reversals })
}

/// A recorded loss must come after the monitoring that credited what was lost: not inside a
/// monitoring period (that period's monitoring measures it, and a negative net removal is
/// settled from the buffer by itself), and not before the first period ends (nothing was
/// credited yet).
pub fn check_reversals(b: &Buffer, periods: &[Period], src: &Source, d: &mut Diags) {
    let Some(first_end) = periods.iter().map(|p| p.end).min() else { return };
    for r in &b.reversals {
        let lost = r.lost.normalize();
        let diag = if let Some(p) = periods.iter().find(|p| p.contains(r.date)) {
            Diagnostic::new(
                Code::ReversalInPeriod,
                format!("the reversal of {} ({lost} tCO2) falls in monitoring period {} ({} to {})", r.date, p.id, p.start, p.end),
            )
            .hint(format!(
                "a loss during a monitoring period is measured by its monitoring (a lower carbon stock, a lower ER) and must not be counted twice: remove this entry; if period {} ends with negative net removals, jcm settles them from the buffer",
                p.id
            ))
        } else if r.date < first_end {
            Diagnostic::new(
                Code::ReversalInPeriod,
                format!("the reversal of {} ({lost} tCO2) is dated before the first monitoring period ends ({first_end})", r.date),
            )
            .hint("nothing was credited before then, so nothing credited can have been lost; check the date")
        } else {
            continue;
        };
        d.push(diag.at(src, r.date_span.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::raw::RawProject;

    fn load(text: &str) -> (Option<Buffer>, Vec<String>) {
        let src = Source::new("project.toml", text.to_string());
        let raw: RawProject = toml::from_str(text).expect("parses");
        let mut d = Diags::default();
        let b = build(raw.buffer.as_ref().expect("[buffer]"), raw.ccs.is_some(), &src, &mut d);
        (b, d.items.iter().map(|x| x.message.clone()).collect())
    }

    const HEAD: &str = "[project]\nid = \"P\"\ncountry = \"PH\"\nmethodology = \"M\"\n";

    #[test]
    fn defaults_round_up_and_reversals_are_sorted() {
        let (b, errs) = load(&format!(
            "{HEAD}[buffer]\nrate = \"10%\"\n[[buffer.reversals]]\ndate = 2031-05-01\nlost = 12.5\n[[buffer.reversals]]\ndate = 2030-01-01\nlost = \"3\"\n"
        ));
        assert!(errs.is_empty(), "{errs:?}");
        let b = b.expect("valid");
        assert_eq!((b.rate, b.rounding, b.reversal_rounding), (Decimal::new(1, 1), Mode::Up, Mode::Up));
        assert_eq!(b.reversals.iter().map(|r| r.date.to_string()).collect::<Vec<_>>(), ["2030-01-01", "2031-05-01"]);
    }

    #[test]
    fn every_bad_setting_is_named() {
        let (b, errs) =
            load(&format!("{HEAD}[buffer]\nrate = \"120%\"\nrounding = \"up\"\n[[buffer.reversals]]\ndate = 2031-05-01\nlost = -1\n"));
        assert!(b.is_none());
        assert_eq!(errs, ["rate = 1.2 is out of range", "rounding = \"up\" is not known", "lost = -1 is negative"]);
        let (_, errs) = load(&format!("{HEAD}[buffer]\nrounding = \"floor\"\n"));
        assert_eq!(errs, ["[buffer] has no rate"]);
        let (_, errs) = load(&format!("{HEAD}[buffer]\nrate = \"5%\"\n[ccs]\n"));
        assert_eq!(errs, ["a CCS project has both [ccs] and [buffer]"]);
    }
}
