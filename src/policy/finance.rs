//! `[finance]` in project.toml, for `jcm appraise`: the project's money figures and any
//! override of an appraisal constant, each kept with where it was written. The rest of
//! project.toml is the project loader's; this reads the same text again for one table.

use super::Given;
use super::appraise::{Caps, ProgrammeChoice, Ratio, Scale};
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::tomlx;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
struct Doc {
    finance: Option<Spanned<RawFinance>>,
    allocation: Option<toml::Value>,
}

/// `[finance]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinance {
    investment: Option<Spanned<toml::Value>>,
    subsidy: Option<Spanned<toml::Value>>,
    annual_savings: Option<Spanned<toml::Value>>,
    durable_years: Option<Spanned<toml::Value>>,
    similar_projects: Option<Spanned<toml::Value>>,
    programme: Option<Spanned<toml::Value>>,
    sme: Option<Spanned<toml::Value>>,
    scale: Option<Spanned<toml::Value>>,
    cost_threshold: Option<Spanned<toml::Value>>,
    payback_min: Option<Spanned<toml::Value>>,
    caps: Option<Spanned<toml::Value>>,
    japan_share_min: Option<Spanned<toml::Value>>,
    rate_cap: Option<Spanned<toml::Value>>,
    amount_min: Option<Spanned<toml::Value>>,
    amount_max: Option<Spanned<toml::Value>>,
}

/// `[finance]`, validated: each value with where it was written.
#[derive(Debug, Clone, Default)]
pub struct Finance {
    /// Whether project.toml has a [finance] table at all.
    pub present: bool,
    /// Whether project.toml declares [allocation] (else Japan's share is not declared).
    pub has_allocation: bool,
    pub investment: Option<Given<Decimal>>,
    pub subsidy: Option<Given<Decimal>>,
    pub annual_savings: Option<Given<Decimal>>,
    pub durable_years: Option<Given<Decimal>>,
    pub similar_projects: Option<Given<u32>>,
    pub programme: Option<Given<ProgrammeChoice>>,
    pub sme: Option<Given<bool>>,
    pub scale: Option<Given<Scale>>,
    pub cost_threshold: Option<Given<Decimal>>,
    pub payback_min: Option<Given<Decimal>>,
    pub caps: Option<Given<Caps>>,
    pub japan_share_min: Option<Given<Decimal>>,
    pub rate_cap: Option<Given<Ratio>>,
    pub amount_min: Option<Given<Decimal>>,
    pub amount_max: Option<Given<Decimal>>,
}

/// What a value must be.
#[derive(Clone, Copy)]
enum Sign {
    Positive,
    NonNegative,
}

/// Read [finance] from the text of project.toml.
pub fn read(src: &Source) -> Result<Finance, Failure> {
    let doc: Doc = tomlx::parse(src).map_err(|d| Failure::one(d.hint("[finance] holds investment, subsidy, annual_savings, durable_years, similar_projects and the appraisal settings (docs/formats.md)")))?;
    let mut out = Finance { has_allocation: doc.allocation.is_some(), ..Finance::default() };
    let Some(raw) = doc.finance else { return Ok(out) };
    out.present = true;
    let raw = raw.into_inner();
    let mut d = Diags::default();
    let at = |v: &Spanned<toml::Value>| format!("{}:{}", src.path, src.locate(v.span()).line);
    let number = |v: &Option<Spanned<toml::Value>>, name: &str, sign: Sign, d: &mut Diags| -> Option<Given<Decimal>> {
        let v = v.as_ref()?;
        let x = d.take(tomlx::decimal(v, src).map_err(Failure::one))?;
        let bad = match sign {
            Sign::Positive => x <= Decimal::ZERO,
            Sign::NonNegative => x < Decimal::ZERO,
        };
        if bad {
            let what = match sign {
                Sign::Positive => "more than zero",
                Sign::NonNegative => "zero or more",
            };
            d.push(Diagnostic::new(Code::BadFinance, format!("{name} must be {what}, found {}", x.normalize())).at(src, v.span()));
            return None;
        }
        Some(Given { value: x, at: at(v) })
    };
    let word = |v: &Option<Spanned<toml::Value>>, name: &str, d: &mut Diags| -> Option<(String, Spanned<toml::Value>)> {
        let v = v.as_ref()?;
        d.take(tomlx::string(v, src, name).map_err(Failure::one)).map(|s| (s, v.clone()))
    };
    out.investment = number(&raw.investment, "investment", Sign::Positive, &mut d);
    out.subsidy = number(&raw.subsidy, "subsidy", Sign::NonNegative, &mut d);
    out.annual_savings = number(&raw.annual_savings, "annual_savings", Sign::NonNegative, &mut d);
    out.durable_years = number(&raw.durable_years, "durable_years", Sign::Positive, &mut d);
    out.cost_threshold = number(&raw.cost_threshold, "cost_threshold", Sign::NonNegative, &mut d);
    out.payback_min = number(&raw.payback_min, "payback_min", Sign::NonNegative, &mut d);
    out.japan_share_min = number(&raw.japan_share_min, "japan_share_min", Sign::NonNegative, &mut d);
    out.amount_min = number(&raw.amount_min, "amount_min", Sign::NonNegative, &mut d);
    out.amount_max = number(&raw.amount_max, "amount_max", Sign::NonNegative, &mut d);
    if let Some(v) = &raw.similar_projects {
        if let Some(x) = d.take(tomlx::decimal(v, src).map_err(Failure::one)) {
            match u32::try_from(x).ok().filter(|_| x.fract().is_zero()) {
                Some(n) => out.similar_projects = Some(Given { value: n, at: at(v) }),
                None => d.push(
                    Diagnostic::new(Code::BadFinance, format!("similar_projects is a whole number of projects, found {}", x.normalize()))
                        .at(src, v.span()),
                ),
            }
        }
    }
    if let Some((s, v)) = word(&raw.programme, "programme", &mut d) {
        match <ProgrammeChoice as clap::ValueEnum>::from_str(&s, false) {
            Ok(p) => out.programme = Some(Given { value: p, at: at(&v) }),
            Err(_) => d.push(
                Diagnostic::new(Code::BadFinance, format!("`{s}` is not a programme jcm appraises"))
                    .at(src, v.span())
                    .hint("write \"moej-equipment\" or \"global-south\""),
            ),
        }
    }
    if let Some((s, v)) = word(&raw.scale, "scale", &mut d) {
        match Scale::parse(&s) {
            Some(x) => out.scale = Some(Given { value: x, at: at(&v) }),
            None => d.push(
                Diagnostic::new(Code::BadFinance, format!("`{s}` is not a Global South project scale"))
                    .at(src, v.span())
                    .hint("write \"large-demonstration\", \"small-demonstration\" or \"feasibility-study\""),
            ),
        }
    }
    if let Some(v) = &raw.sme {
        match v.get_ref() {
            toml::Value::Boolean(b) => out.sme = Some(Given { value: *b, at: at(v) }),
            other => d.push(
                Diagnostic::new(Code::BadFinance, format!("sme must be true or false, found {}", tomlx::type_name(other)))
                    .at(src, v.span()),
            ),
        }
    }
    if let Some((s, v)) = word(&raw.caps, "caps", &mut d) {
        match Caps::parse(&s) {
            Ok(c) => out.caps = Some(Given { value: c, at: at(&v) }),
            Err(e) => d.push(
                Diagnostic::new(Code::BadFinance, format!("caps: {e}"))
                    .at(src, v.span())
                    .hint("write the tiers as \"0:50%, 1:40%, 4:30%, 7:20%, 10:none\" (from N similar projects: cap)"),
            ),
        }
    }
    if let Some(v) = &raw.rate_cap {
        let text = match v.get_ref() {
            toml::Value::String(s) => Some(s.clone()),
            _ => d.take(tomlx::decimal(v, src).map_err(Failure::one)).map(|x| x.to_string()),
        };
        if let Some(t) = text {
            match Ratio::parse(&t) {
                Ok(r) => out.rate_cap = Some(Given { value: r, at: at(v) }),
                Err(e) => d.push(
                    Diagnostic::new(Code::BadFinance, format!("rate_cap: {e}")).at(src, v.span()).hint("write \"1/2\", \"2/3\" or \"50%\""),
                ),
            }
        }
    }
    d.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_their_lines() {
        let src = Source::new(
            "p.toml",
            "[project]\nid = \"X\"\n[finance]\ninvestment = 600_000_000\nsubsidy = \"250,000,000\"\nsimilar_projects = 2\ncaps = \"0:50%, 10:none\"\n",
        );
        let f = read(&src).unwrap();
        assert!(f.present && !f.has_allocation);
        assert_eq!(f.investment.as_ref().unwrap().value, Decimal::from(600_000_000));
        assert_eq!(f.investment.unwrap().at, "p.toml:4");
        assert_eq!(f.subsidy.unwrap().value, Decimal::from(250_000_000));
        assert_eq!(f.similar_projects.unwrap().value, 2);
    }

    #[test]
    fn bad_values_are_located() {
        let src = Source::new("p.toml", "[finance]\ninvestment = -5\nsimilar_projects = 1.5\nscale = \"huge\"\n");
        let e = read(&src).unwrap_err();
        let at: Vec<_> = e.0.iter().map(|d| d.location().unwrap()).collect();
        assert_eq!(at, ["p.toml:2:14", "p.toml:3:20", "p.toml:4:9"]);
        let src = Source::new("p.toml", "[finance]\ninvestmnt = 5\n");
        assert_eq!(read(&src).unwrap_err().0[0].code, Code::TomlSchema);
    }
}
