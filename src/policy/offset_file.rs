//! The `jcm offset` file: one company's fiscal year (docs/formats.md), read with every value
//! located, and its optional `[rules]` overriding the scheme's constants.

use super::Given;
use super::offset::{Scheme, Year};
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::tomlx;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

/// Keys that may stand at the top level or in either table (the issue's example writes the
/// GX-ETS ones after `[credits]`). serde's `flatten` would lose the spans, so each struct
/// lists them and `loose_of!` views them alike.
struct Loose<'a> {
    allocation: Option<&'a Spanned<toml::Value>>,
    past_direct_emissions: Option<&'a Spanned<toml::Value>>,
    employees: Option<&'a Spanned<toml::Value>>,
    energy_kl_crude_equivalent: Option<&'a Spanned<toml::Value>>,
}

macro_rules! loose_of {
    ($x:expr) => {
        Loose {
            allocation: $x.allocation.as_ref(),
            past_direct_emissions: $x.past_direct_emissions.as_ref(),
            employees: $x.employees.as_ref(),
            energy_kl_crude_equivalent: $x.energy_kl_crude_equivalent.as_ref(),
        }
    };
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    scheme: Spanned<String>,
    fiscal_year: Spanned<toml::Value>,
    emissions: Spanned<RawEmissions>,
    credits: Option<Spanned<RawCredits>>,
    rules: Option<RawRules>,
    allocation: Option<Spanned<toml::Value>>,
    past_direct_emissions: Option<Spanned<toml::Value>>,
    employees: Option<Spanned<toml::Value>>,
    energy_kl_crude_equivalent: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmissions {
    energy_co2: Spanned<toml::Value>,
    process_co2: Option<Spanned<toml::Value>>,
    allocation: Option<Spanned<toml::Value>>,
    past_direct_emissions: Option<Spanned<toml::Value>>,
    employees: Option<Spanned<toml::Value>>,
    energy_kl_crude_equivalent: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCredits {
    jcm_cancelled: Option<Spanned<toml::Value>>,
    jcredit_cancelled: Option<Spanned<toml::Value>>,
    transferred_out: Option<Spanned<toml::Value>>,
    allocation: Option<Spanned<toml::Value>>,
    past_direct_emissions: Option<Spanned<toml::Value>>,
    employees: Option<Spanned<toml::Value>>,
    energy_kl_crude_equivalent: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    credit_cap: Option<Spanned<toml::Value>>,
    obligation_threshold: Option<Spanned<toml::Value>>,
    price_floor: Option<Spanned<toml::Value>>,
    price_ceiling: Option<Spanned<toml::Value>>,
    price_escalation: Option<Spanned<toml::Value>>,
    report_tonnes: Option<Spanned<toml::Value>>,
    report_employees: Option<Spanned<toml::Value>>,
    report_kl: Option<Spanned<toml::Value>>,
}

/// The overrides a file's `[rules]` gives.
#[derive(Debug, Clone, Default)]
pub struct FileRules {
    pub credit_cap: Option<Given<Decimal>>,
    pub obligation_threshold: Option<Given<Decimal>>,
    pub price_floor: Option<Given<Decimal>>,
    pub price_ceiling: Option<Given<Decimal>>,
    pub price_escalation: Option<Given<Decimal>>,
    pub report_tonnes: Option<Given<Decimal>>,
    pub report_employees: Option<Given<Decimal>>,
    pub report_kl: Option<Given<Decimal>>,
}

/// Read the file's text.
pub fn read(src: &Source) -> Result<(Year, FileRules), Failure> {
    let raw: Raw = tomlx::parse(src).map_err(|d| {
        Failure::one(d.hint("an offset file holds scheme, fiscal_year, [emissions], [credits] and optional [rules] (docs/formats.md)"))
    })?;
    let mut d = Diags::default();
    let bad = |msg: String, span: std::ops::Range<usize>| Diagnostic::new(Code::BadOffset, msg).at(src, span);
    // A quantity of tonnes or yen: zero or more; `whole` for credits, which are whole tonnes.
    let amount = |v: &Spanned<toml::Value>, name: &str, whole: bool, d: &mut Diags| -> Option<Decimal> {
        let x = d.take(tomlx::decimal(v, src).map_err(Failure::one))?;
        if x < Decimal::ZERO {
            d.push(bad(format!("{name} must be zero or more, found {}", x.normalize()), v.span()));
            return None;
        }
        if whole && !x.fract().is_zero() {
            d.push(
                bad(format!("{name} counts whole credits, found {}", x.normalize()), v.span())
                    .hint("a credit is one tonne; write a whole number"),
            );
            return None;
        }
        Some(x)
    };
    let scheme = Scheme::parse(raw.scheme.get_ref().trim());
    if scheme.is_none() {
        d.push(
            bad(format!("`{}` is not a scheme", raw.scheme.get_ref()), raw.scheme.span())
                .hint("write scheme = \"gx-ets\" or scheme = \"shk\""),
        );
    }
    let fy = raw.fiscal_year.get_ref().as_integer().and_then(|n| i32::try_from(n).ok()).filter(|n| (2000..=2100).contains(n));
    if fy.is_none() {
        d.push(bad("fiscal_year must be a year from 2000 to 2100, such as 2026".into(), raw.fiscal_year.span()));
    }
    if let (Some(Scheme::GxEts), Some(y)) = (scheme, fy) {
        if y < 2026 {
            d.push(
                bad(format!("the GX-ETS is obligatory from FY2026; FY{y} has no GX-ETS year"), raw.fiscal_year.span())
                    .hint("use scheme = \"shk\" for earlier years"),
            );
        }
    }
    let e = raw.emissions.get_ref();
    let energy_co2 = amount(&e.energy_co2, "energy_co2", false, &mut d);
    let process_co2 = match &e.process_co2 {
        Some(v) => amount(v, "process_co2", false, &mut d),
        None => Some(Decimal::ZERO),
    };
    let credit = |v: Option<&Spanned<toml::Value>>, name: &str, d: &mut Diags| match v {
        Some(v) => amount(v, name, true, d),
        None => Some(Decimal::ZERO),
    };
    let c = raw.credits.as_ref().map(Spanned::get_ref);
    let jcm = credit(c.and_then(|c| c.jcm_cancelled.as_ref()), "jcm_cancelled", &mut d);
    let jcredit = credit(c.and_then(|c| c.jcredit_cancelled.as_ref()), "jcredit_cancelled", &mut d);
    let out = credit(c.and_then(|c| c.transferred_out.as_ref()), "transferred_out", &mut d);
    // A loose key from wherever it was written; twice is an error.
    let mut places = vec![loose_of!(raw), loose_of!(e)];
    if let Some(c) = c {
        places.push(loose_of!(c));
    }
    let loose = |pick: fn(&Loose) -> Option<Spanned<toml::Value>>, name: &str, d: &mut Diags| -> Option<Spanned<toml::Value>> {
        let found: Vec<Spanned<toml::Value>> = places.iter().filter_map(pick).collect();
        if let Some(second) = found.get(1) {
            d.push(
                Diagnostic::new(Code::DuplicatePoint, format!("{name} is given twice"))
                    .at(src, second.span())
                    .hint("keep one: at the top of the file, or in [emissions] or [credits]"),
            );
        }
        found.into_iter().next()
    };
    let allocation =
        loose(|l| l.allocation.cloned(), "allocation", &mut d).and_then(|v| amount(&v, "allocation", false, &mut d).map(Some)).flatten();
    let employees = loose(|l| l.employees.cloned(), "employees", &mut d).and_then(|v| amount(&v, "employees", true, &mut d));
    let kl = loose(|l| l.energy_kl_crude_equivalent.cloned(), "energy_kl_crude_equivalent", &mut d)
        .and_then(|v| amount(&v, "energy_kl_crude_equivalent", false, &mut d));
    let past = loose(|l| l.past_direct_emissions.cloned(), "past_direct_emissions", &mut d).and_then(|v| match v.get_ref() {
        toml::Value::Array(items) if items.len() == 3 => {
            // The array's elements carry no spans of their own: read each from the array's text.
            let values: Vec<Option<Decimal>> = items
                .iter()
                .map(|item| match item {
                    toml::Value::Integer(n) if *n >= 0 => Some(Decimal::from(*n)),
                    toml::Value::String(s) => crate::engine::number::parse_text(s).ok().filter(|x| *x >= Decimal::ZERO),
                    _ => None,
                })
                .collect();
            if values.iter().all(Option::is_some) {
                Some(values.into_iter().flatten().collect::<Vec<_>>())
            } else {
                d.push(
                    bad("past_direct_emissions holds three tonnages of zero or more".into(), v.span())
                        .hint("write whole tonnes, e.g. [155000, 149000, 151000], or strings such as \"155000.5\""),
                );
                None
            }
        }
        _ => {
            d.push(
                bad("past_direct_emissions lists the direct emissions of the three previous fiscal years".into(), v.span())
                    .hint("write three figures, oldest first: [155000, 149000, 151000]"),
            );
            None
        }
    });
    let mut rules = FileRules::default();
    if let Some(r) = &raw.rules {
        let given = |v: &Option<Spanned<toml::Value>>, name: &str, d: &mut Diags| -> Option<Given<Decimal>> {
            let v = v.as_ref()?;
            amount(v, name, false, d).map(|x| Given { value: x, at: format!("{}:{}", src.path, src.locate(v.span()).line) })
        };
        rules.credit_cap = given(&r.credit_cap, "credit_cap", &mut d);
        rules.obligation_threshold = given(&r.obligation_threshold, "obligation_threshold", &mut d);
        rules.price_floor = given(&r.price_floor, "price_floor", &mut d);
        rules.price_ceiling = given(&r.price_ceiling, "price_ceiling", &mut d);
        rules.price_escalation = given(&r.price_escalation, "price_escalation", &mut d);
        rules.report_tonnes = given(&r.report_tonnes, "report_tonnes", &mut d);
        rules.report_employees = given(&r.report_employees, "report_employees", &mut d);
        rules.report_kl = given(&r.report_kl, "report_kl", &mut d);
        if let (Some(f), Some(c), Some(v)) = (&rules.price_floor, &rules.price_ceiling, &r.price_ceiling) {
            if f.value > c.value {
                d.push(bad("price_ceiling is below price_floor".into(), v.span()));
            }
        }
    }
    d.finish()?;
    let year = Year {
        scheme: scheme.expect("reported above when missing"),
        fiscal_year: fy.expect("reported above when missing"),
        energy_co2: energy_co2.expect("reported above when missing"),
        process_co2: process_co2.expect("reported above when missing"),
        jcm_cancelled: jcm.expect("reported above when missing"),
        jcredit_cancelled: jcredit.expect("reported above when missing"),
        transferred_out: out.expect("reported above when missing"),
        allocation,
        past_direct_emissions: past,
        employees,
        energy_kl_crude_equivalent: kl,
    };
    Ok((year, rules))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUE: &str = "scheme = \"gx-ets\"\nfiscal_year = 2026\n[emissions]\nenergy_co2 = 152000\nprocess_co2 = 8000\n[credits]\njcm_cancelled = 9000\njcredit_cancelled = 4000\ntransferred_out = 0\nallocation = 140000\npast_direct_emissions = [155000, 149000, 151000]\n";

    #[test]
    fn the_issues_example_reads() {
        let (y, r) = read(&Source::new("o.toml", ISSUE)).unwrap();
        assert_eq!(y.allocation, Some(Decimal::from(140_000)));
        assert_eq!(y.past_direct_emissions.unwrap().len(), 3);
        assert!(r.credit_cap.is_none());
    }

    #[test]
    fn errors_are_located() {
        let text = ISSUE.replace("jcm_cancelled = 9000", "jcm_cancelled = 9000.5").replace("[155000, 149000, 151000]", "[1, 2]");
        let e = read(&Source::new("o.toml", text)).unwrap_err();
        let at: Vec<_> = e.0.iter().map(|d| d.location().unwrap()).collect();
        assert_eq!(at, ["o.toml:7:17", "o.toml:11:25"]);
        let e = read(&Source::new("o.toml", "scheme = \"eu\"\nfiscal_year = 2026\n[emissions]\nenergy_co2 = 1\n")).unwrap_err();
        assert_eq!(e.0[0].location().unwrap(), "o.toml:1:10");
    }
}
