//! `[ccs]` of project.toml, validated: a CCS or CCUS project's injection period (which is its
//! crediting period), its one net-reduction method, the reserve settings, and the reversals
//! after injection (domain.md §4). Also the checks that tie them to the rest of the project:
//! the crediting period, the monitoring periods and the dates of reversals. The monitoring
//! readings dated after injection are checked by the CSV reader, which sees them.

use super::base::Period;
use super::raw::{RawCcs, RawPeriod, RawRange};
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::ccs::{self, NetReduction};
use crate::engine::rounding::Mode;
use crate::methodology::Methodology;
use crate::tomlx;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::ops::Range;
use toml::Spanned;

/// A validated `[ccs]`.
#[derive(Debug, Clone)]
pub struct Ccs {
    /// First and last day of CO2 injection: the crediting period.
    pub injection: (NaiveDate, NaiveDate),
    pub net_reduction: NetReduction,
    /// Share of each period's credits that goes to the reversal reserve.
    pub reserve_rate: Decimal,
    pub reserve_rounding: Mode,
    /// How leaked tCO2 become whole reserve credits to cancel.
    pub reversal_rounding: Mode,
    /// In date order.
    pub reversals: Vec<Reversal>,
}

/// CO2 that escaped from storage after injection ended.
#[derive(Debug, Clone)]
pub struct Reversal {
    pub date: NaiveDate,
    pub leaked: Decimal,
    pub description: Option<String>,
    /// Where `date` and `leaked` are written in project.toml, for diagnostics.
    pub date_span: Range<usize>,
    pub leaked_span: Range<usize>,
}

/// The methodology family that marks a CCS methodology.
pub const FAMILY: &str = "ccs";

const METHODS_HINT: &str = "write net_reduction = \"reference-below-bau\" (with reference_factor), \"project-uplift\" (with project_uplift) or \"discount\" (with discount_factor)";

fn setting(message: impl Into<String>, src: &Source, span: Range<usize>) -> Diagnostic {
    Diagnostic::new(Code::CcsSetting, message).at(src, span)
}

/// Validate `[ccs]`; every problem goes to `d`.
pub fn build(raw: &Spanned<RawCcs>, src: &Source, d: &mut Diags) -> Option<Ccs> {
    let table = raw.span();
    let raw = raw.get_ref();
    let injection = match &raw.injection {
        Some(r) => range(r, "the injection period", src, d),
        None => {
            d.push(setting("[ccs] has no injection period", src, table.clone()).hint(
                "add injection = { start = 2026-01-01, end = 2035-12-31 }: a CCS project is credited from the start of CO2 injection to its end",
            ));
            None
        }
    };
    let net_reduction = net_reduction(raw, table.clone(), src, d);
    let reserve_rate = match &raw.reserve_rate {
        None => Some(Decimal::new(3, 2)),
        Some(v) => d.take(tomlx::decimal(v, src).map_err(Failure::one)).and_then(|x| {
            if x < Decimal::ZERO || x > Decimal::ONE {
                d.push(
                    setting(format!("reserve_rate = {} is out of range", x.normalize()), src, v.span())
                        .hint("write a share between 0% and 100%; the guidelines put 3% of the credits in the reserve in principle"),
                );
                return None;
            }
            Some(x)
        }),
    };
    let rounding = |v: &Option<Spanned<String>>, key: &str, d: &mut Diags| match v {
        None => Some(Mode::Up),
        Some(w) => {
            let m = ccs::parse_rounding_word(w.get_ref());
            if m.is_none() {
                d.push(
                    setting(format!("{key} = \"{}\" is not known", w.get_ref()), src, w.span())
                        .hint("write \"ceil\" (the default) or \"floor\""),
                );
            }
            m
        }
    };
    let reserve_rounding = rounding(&raw.reserve_rounding, "reserve_rounding", d);
    let reversal_rounding = rounding(&raw.reversal_rounding, "reversal_rounding", d);
    let mut reversals = Vec::new();
    for r in &raw.reversals {
        let r = r.get_ref();
        let date = d.take(tomlx::date(&r.date, src).map_err(Failure::one));
        let leaked = d.take(tomlx::decimal(&r.leaked, src).map_err(Failure::one));
        if let Some(x) = leaked.filter(|x| *x < Decimal::ZERO) {
            d.push(
                setting(format!("leaked = {} is negative", x.normalize()), src, r.leaked.span())
                    .hint("leaked is the tCO2 that escaped from storage, 0 or more"),
            );
            continue;
        }
        if let (Some(date), Some(leaked)) = (date, leaked) {
            reversals.push(Reversal {
                date,
                leaked,
                description: r.description.clone(),
                date_span: r.date.span(),
                leaked_span: r.leaked.span(),
            });
        }
    }
    reversals.sort_by_key(|r| r.date);
    Some(Ccs {
        injection: injection?,
        net_reduction: net_reduction?,
        reserve_rate: reserve_rate?,
        reserve_rounding: reserve_rounding?,
        reversal_rounding: reversal_rounding?,
        reversals,
    })
}

fn range(r: &Spanned<RawRange>, what: &str, src: &Source, d: &mut Diags) -> Option<(NaiveDate, NaiveDate)> {
    let start = d.take(tomlx::date(&r.get_ref().start, src).map_err(Failure::one));
    let end = d.take(tomlx::date(&r.get_ref().end, src).map_err(Failure::one));
    let (start, end) = (start?, end?);
    if end < start {
        d.push(Diagnostic::new(Code::BadDate, format!("{what} ends ({end}) before it starts ({start})")).at(src, r.span()));
        return None;
    }
    Some((start, end))
}

/// The one method, with its parameter; the parameters of the other two must be absent.
fn net_reduction(raw: &RawCcs, table: Range<usize>, src: &Source, d: &mut Diags) -> Option<NetReduction> {
    let Some(name) = &raw.net_reduction else {
        d.push(setting("[ccs] does not say how the net reduction is ensured", src, table).hint(METHODS_HINT));
        return None;
    };
    let params = [&raw.reference_factor, &raw.project_uplift, &raw.discount_factor];
    let Some(k) = NetReduction::NAMES.iter().position(|n| n == name.get_ref()) else {
        let mut diag = setting(format!("net_reduction = \"{}\" is not known", name.get_ref()), src, name.span());
        diag = match crate::methodology::load::suggest(name.get_ref(), NetReduction::NAMES.iter().copied()) {
            Some(s) => diag.hint(format!("did you mean \"{s}\"?")),
            None => diag.hint(METHODS_HINT),
        };
        d.push(diag);
        return None;
    };
    let mut ok = true;
    for (j, p) in params.iter().enumerate() {
        if let (true, Some(v)) = (j != k, p) {
            d.push(
                setting(
                    format!(
                        "{} belongs to net_reduction = \"{}\", but this project uses \"{}\"",
                        NetReduction::PARAMETERS[j],
                        NetReduction::NAMES[j],
                        NetReduction::NAMES[k]
                    ),
                    src,
                    v.span(),
                )
                .hint(format!("a CCS project ensures its net reduction by one method only: remove {}", NetReduction::PARAMETERS[j])),
            );
            ok = false;
        }
    }
    let Some(v) = params[k] else {
        let example = if k == 1 { "\"5%\" (0 or more)" } else { "\"0.95\" (greater than 0, at most 1)" };
        d.push(
            setting(format!("net_reduction = \"{}\" needs {}", NetReduction::NAMES[k], NetReduction::PARAMETERS[k]), src, name.span())
                .hint(format!(
                    "add {} = {example}; the value is set per methodology, and no default is published",
                    NetReduction::PARAMETERS[k]
                )),
        );
        return None;
    };
    let x = d.take(tomlx::decimal(v, src).map_err(Failure::one))?;
    match NetReduction::new(NetReduction::NAMES[k], x)? {
        Ok(m) if ok => Some(m),
        Ok(_) => None,
        Err(why) => {
            d.push(
                setting(format!("{} = {} is out of range", NetReduction::PARAMETERS[k], x.normalize()), src, v.span())
                    .hint(format!("{} must be {why}", NetReduction::PARAMETERS[k])),
            );
            None
        }
    }
}

/// The crediting period: `[project] crediting_period`, or in a CCS project the injection
/// period (a crediting_period written as well must be the same). `at` locates a missing one.
pub fn crediting(
    given: Option<&Spanned<RawRange>>,
    ccs: Option<&Ccs>,
    is_ccs: bool,
    src: &Source,
    at: Range<usize>,
    d: &mut Diags,
) -> Option<(NaiveDate, NaiveDate)> {
    let cp = given.and_then(|r| range(r, "the crediting period", src, d));
    match (given, is_ccs) {
        (None, false) => {
            d.push(
                Diagnostic::new(Code::TomlSchema, "[project] has no crediting_period")
                    .at(src, at)
                    .hint("add crediting_period = { start = 2021-01-01, end = 2030-12-31 }"),
            );
            None
        }
        (Some(_), false) => cp,
        (_, true) => {
            let inj = ccs?.injection;
            if let (Some(cp), Some(r)) = (cp, given) {
                if cp != inj {
                    d.push(
                        setting(
                            format!(
                                "the crediting period ({} to {}) differs from the injection period ({} to {})",
                                cp.0, cp.1, inj.0, inj.1
                            ),
                            src,
                            r.span(),
                        )
                        .hint("a CCS project is credited from the start of CO2 injection to its end: remove crediting_period, or make it the same"),
                    );
                }
            }
            Some(inj)
        }
    }
}

/// A methodology of the CCS family needs `[ccs]`.
pub fn check_methodology(m: &Methodology, is_ccs: bool, src: &Source, at: Range<usize>, d: &mut Diags) {
    if !is_ccs && m.family.as_deref() == Some(FAMILY) {
        d.push(
            setting(format!("methodology {} is a CCS methodology, but the project has no [ccs]", m.id), src, at)
                .hint("add [ccs] with injection = { start = …, end = … } and a net_reduction method (docs/formats.md)"),
        );
    }
}

/// Every monitoring period starts inside the injection period. A period may run past the end of
/// injection (a calendar-year report in the year injection stops): the reader refuses readings
/// dated after it, so nothing after the end is credited.
pub fn check_periods(ccs: &Ccs, periods: &[Spanned<RawPeriod>], src: &Source, d: &mut Diags) {
    let (s, e) = ccs.injection;
    for p in periods {
        let r = p.get_ref();
        let (Ok(start), Ok(end)) = (tomlx::date(&r.start, src), tomlx::date(&r.end, src)) else { continue };
        if start >= s && start <= e {
            continue;
        }
        let hint = if start < s {
            "crediting starts with CO2 injection: start the first period on the injection start"
        } else {
            "nothing is credited after injection ends; CO2 that leaks later is a reversal ([[ccs.reversals]])"
        };
        d.push(
            Diagnostic::new(
                Code::PeriodOutside,
                format!(
                    "period {} ({start} to {end}) lies outside the injection period ({s} to {e}), the crediting period of a CCS project",
                    r.id.get_ref()
                ),
            )
            .at(src, r.start.span())
            .hint(hint),
        );
    }
}

/// Reversals are settled from the reserve only after injection ends; before that, leaked CO2
/// is project emissions of its monitoring period.
pub fn check_reversals(ccs: &Ccs, periods: &[Period], src: &Source, d: &mut Diags) {
    let (s, e) = ccs.injection;
    for r in &ccs.reversals {
        if r.date > e {
            continue;
        }
        let leaked = r.leaked.normalize();
        let diag = if r.date < s {
            Diagnostic::new(Code::ReversalDuringInjection, format!("a reversal on {} is dated before injection starts ({s})", r.date))
                .hint("no CO2 is stored before injection starts; check the date")
        } else {
            let (during, period) = match periods.iter().find(|p| p.contains(r.date)) {
                Some(p) => (format!("falls in monitoring period {}, during injection ({s} to {e})", p.id), format!("period {}", p.id)),
                None => (format!("falls during injection ({s} to {e})"), "the monitoring period that covers it".to_string()),
            };
            Diagnostic::new(Code::ReversalDuringInjection, format!("the reversal of {} ({leaked} tCO2) {during}", r.date)).hint(format!(
                "CO2 that leaks during injection is project emissions: add the {leaked} tCO2 to the monitored leaked CO2 of {period} and remove this [[ccs.reversals]] entry"
            ))
        };
        d.push(diag.at(src, r.date_span.clone()));
    }
}
