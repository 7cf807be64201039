//! The subsidy appraisal (`jcm appraise`): does a project meet a support programme's criteria,
//! and what is the largest subsidy that meets them all?
//!
//! MOEJ equipment subsidy (the briefing, docs/domain.md §6):
//! - cost-effectiveness = subsidy ÷ (annual credits × durable years), JPY/tCO2, rounded half-up
//!   to whole yen, at most the threshold (4,000);
//! - simple payback = investment ÷ annual savings, years, rounded half-up to two decimals, at
//!   least the guide (3 years): a project that pays back sooner does not need the subsidy;
//! - subsidy ÷ investment at most the cap for the number of similar projects (a tier table);
//! - the Government of Japan's share of the credits at least one half.
//!
//! Global South co-creation subsidy: subsidy ÷ investment at most 1/2 (2/3 for SMEs), and the
//! subsidy within the range of the project's scale.
//!
//! Rounded figures are the ones compared, so that what is printed is what was judged. Pure:
//! values in, values out.

pub use super::values::{Caps, Ratio, Scale};
use super::{Reference, exact, percent, thousands, yen};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// The programme a project is appraised under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ProgrammeChoice {
    #[default]
    MoejEquipment,
    GlobalSouth,
}

/// The project's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    pub investment: Decimal,
    pub subsidy: Decimal,
    pub annual_savings: Decimal,
    pub durable_years: Decimal,
    pub similar_projects: u32,
    /// Expected credits a year, from the ex-ante estimate.
    pub annual_credits: i64,
    /// The Government of Japan's share of the credits, when [allocation] declares one.
    pub japan_share: Option<Decimal>,
}

/// The criteria's constants under each programme.
#[derive(Debug, Clone, PartialEq)]
pub enum Rules {
    Moej { cost_threshold: Decimal, payback_min: Decimal, caps: Caps, japan_share_min: Decimal, refs: MoejRefs },
    GlobalSouth { rate_cap: Ratio, amount_min: Decimal, amount_max: Decimal, refs: GlobalSouthRefs },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoejRefs {
    pub cost: Reference,
    pub payback: Reference,
    pub caps: Reference,
    pub japan_share: Reference,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalSouthRefs {
    pub rate: Reference,
    pub amount: Reference,
}

/// Which criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Key {
    CostEffectiveness,
    Payback,
    SubsidyRate,
    JapanShare,
    Amount,
}

impl Key {
    pub fn label(self) -> &'static str {
        match self {
            Key::CostEffectiveness => "Cost-effectiveness",
            Key::Payback => "Simple payback",
            Key::SubsidyRate => "Subsidy rate",
            Key::JapanShare => "Government of Japan's share of credits",
            Key::Amount => "Subsidy amount for the scale",
        }
    }
}

/// One criterion, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub key: Key,
    /// The figure as compared (rounded as stated), or `None` when it cannot be computed.
    pub value: Option<Decimal>,
    /// The figure for people, with its unit.
    pub shown: String,
    /// The test, for people: `≤ 4,000 JPY/tCO2`.
    pub test: String,
    pub passes: bool,
    pub reference: Reference,
    /// Why it cannot be computed, or what it means.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Appraisal {
    pub criteria: Vec<Criterion>,
    /// The largest whole-yen subsidy meeting every criterion; `None` when no subsidy does.
    pub max_subsidy: Option<Decimal>,
    pub passes: bool,
}

/// A figure too large for exact arithmetic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow(pub &'static str);

fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Overflow> {
    a.checked_mul(b).ok_or(Overflow(what))
}

fn div(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Overflow> {
    a.checked_div(b).ok_or(Overflow(what))
}

/// floor(a / b) for b > 0, exactly: the quotient's last digit may be rounded, so it is checked
/// by multiplication.
fn floor_div(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Overflow> {
    let mut q = div(a, b, what)?.floor();
    while mul(q, b, what)? > a {
        q -= Decimal::ONE;
    }
    while mul(q + Decimal::ONE, b, what)? <= a {
        q += Decimal::ONE;
    }
    Ok(q)
}

/// Appraise the project under the rules.
pub fn appraise(x: &Inputs, rules: &Rules) -> Result<Appraisal, Overflow> {
    let mut criteria = Vec::new();
    let max_subsidy = match rules {
        Rules::Moej { cost_threshold, payback_min, caps, japan_share_min, refs } => {
            // Cost-effectiveness.
            let tonnes = mul(Decimal::from(x.annual_credits), x.durable_years, "annual credits × durable years")?;
            let whole_threshold = cost_threshold.floor();
            let ce = if tonnes > Decimal::ZERO { Some(yen(div(x.subsidy, tonnes, "cost-effectiveness")?)) } else { None };
            criteria.push(Criterion {
                key: Key::CostEffectiveness,
                value: ce,
                shown: ce.map_or_else(|| "none".into(), |v| format!("{} JPY/tCO2", thousands(v))),
                test: format!("≤ {} JPY/tCO2", thousands(*cost_threshold)),
                passes: ce.is_some_and(|v| v <= *cost_threshold),
                reference: refs.cost,
                note: Some(match ce {
                    Some(_) => format!(
                        "{} JPY ÷ ({} tCO2 a year × {} years), rounded half-up to whole yen",
                        thousands(x.subsidy),
                        thousands(Decimal::from(x.annual_credits)),
                        exact(x.durable_years)
                    ),
                    None => "no credits are expected, so no cost per tonne exists".into(),
                }),
            });
            // Payback.
            let payback = if x.annual_savings > Decimal::ZERO {
                Some(div(x.investment, x.annual_savings, "payback")?.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
            } else {
                None
            };
            let payback_passes = payback.is_none_or(|p| p >= *payback_min);
            criteria.push(Criterion {
                key: Key::Payback,
                value: payback,
                shown: payback.map_or_else(|| "never".into(), |p| format!("{p} years")),
                test: format!("≥ {} years", exact(*payback_min)),
                passes: payback_passes,
                reference: refs.payback,
                note: Some(match payback {
                    Some(_) => format!(
                        "{} JPY ÷ {} JPY a year, rounded half-up to two decimals",
                        thousands(x.investment),
                        thousands(x.annual_savings)
                    ),
                    None => "no annual savings: the investment never pays back".into(),
                }),
            });
            // Subsidy rate against the cap for the similar projects.
            let cap = caps.cap(x.similar_projects);
            let rate = div(x.subsidy, x.investment, "subsidy rate")?;
            let within = match cap {
                Some(c) => x.subsidy <= mul(c, x.investment, "cap × investment")?,
                None => false,
            };
            criteria.push(Criterion {
                key: Key::SubsidyRate,
                value: Some(rate.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)),
                shown: percent(rate.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)),
                test: match cap {
                    Some(c) => format!("≤ {} ({} similar projects)", percent(c), x.similar_projects),
                    None => format!("not eligible ({} similar projects)", x.similar_projects),
                },
                passes: within,
                reference: refs.caps,
                note: Some(format!(
                    "{} JPY ÷ {} JPY, shown to 0.01% (half-up); compared exactly as subsidy ≤ cap × investment; tiers {caps}",
                    thousands(x.subsidy),
                    thousands(x.investment)
                )),
            });
            // Japan's share.
            let share_passes = x.japan_share.is_some_and(|s| s >= *japan_share_min);
            criteria.push(Criterion {
                key: Key::JapanShare,
                value: x.japan_share,
                shown: x.japan_share.map_or_else(|| "not declared".into(), percent),
                test: format!("≥ {}", percent(*japan_share_min)),
                passes: share_passes,
                reference: refs.japan_share,
                note: Some(match x.japan_share {
                    Some(_) => "from [allocation] japan_government".into(),
                    None => "project.toml has no [allocation] japan_government share".into(),
                }),
            });
            // The largest subsidy: below (threshold + ½) × tonnes, so that the rounded cost stays
            // within the threshold, and at most cap × investment, when the criteria that do not
            // depend on the subsidy pass.
            match cap {
                Some(c) if tonnes > Decimal::ZERO && payback_passes && share_passes && whole_threshold >= Decimal::ZERO => {
                    let limit = mul(whole_threshold + Decimal::new(5, 1), tonnes, "largest subsidy")?;
                    let by_cost = limit.ceil() - Decimal::ONE;
                    let by_rate = mul(c, x.investment, "cap × investment")?.floor();
                    Some(by_cost.min(by_rate)).filter(|m| *m > Decimal::ZERO)
                }
                _ => None,
            }
        }
        Rules::GlobalSouth { rate_cap, amount_min, amount_max, refs } => {
            let rate = div(x.subsidy, x.investment, "subsidy rate")?;
            let within = mul(x.subsidy, rate_cap.den, "subsidy rate")? <= mul(rate_cap.num, x.investment, "rate × investment")?;
            criteria.push(Criterion {
                key: Key::SubsidyRate,
                value: Some(rate.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)),
                shown: percent(rate.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)),
                test: format!("≤ {rate_cap}"),
                passes: within,
                reference: refs.rate,
                note: Some(format!(
                    "{} JPY ÷ {} JPY, shown to 0.01% (half-up); compared exactly",
                    thousands(x.subsidy),
                    thousands(x.investment)
                )),
            });
            criteria.push(Criterion {
                key: Key::Amount,
                value: Some(x.subsidy),
                shown: format!("{} JPY", thousands(x.subsidy)),
                test: if amount_min.is_zero() {
                    format!("≤ {} JPY", thousands(*amount_max))
                } else {
                    format!("{} to {} JPY", thousands(*amount_min), thousands(*amount_max))
                },
                passes: x.subsidy >= *amount_min && x.subsidy <= *amount_max,
                reference: refs.amount,
                note: None,
            });
            let by_rate = floor_div(mul(rate_cap.num, x.investment, "rate × investment")?, rate_cap.den, "largest subsidy")?;
            let m = by_rate.min(amount_max.floor());
            Some(m).filter(|m| *m > Decimal::ZERO && *m >= *amount_min)
        }
    };
    let passes = criteria.iter().all(|c| c.passes);
    Ok(Appraisal { criteria, max_subsidy, passes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;
    use crate::policy::Confidence;

    const R: Reference = Reference { confidence: Confidence::Briefing, cite: "test" };
    const REFS: MoejRefs = MoejRefs { cost: R, payback: R, caps: R, japan_share: R };

    fn moej() -> Rules {
        Rules::Moej {
            cost_threshold: dec("4000"),
            payback_min: dec("3"),
            caps: Caps::parse("0:50%, 1:40%, 4:30%, 7:20%, 10:none").unwrap(),
            japan_share_min: dec("0.5"),
            refs: REFS,
        }
    }

    fn project(subsidy: &str) -> Inputs {
        Inputs {
            investment: dec("600000000"),
            subsidy: dec(subsidy),
            annual_savings: dec("80000000"),
            durable_years: dec("17"),
            similar_projects: 2,
            annual_credits: 3676,
            japan_share: Some(dec("0.5")),
        }
    }

    #[test]
    fn caps_by_similar_projects() {
        let c = Caps::parse("0:50%, 1:40%, 4:30%, 7:20%, 10:none").unwrap();
        let caps: Vec<_> = [0, 1, 3, 4, 6, 7, 9, 10, 99].iter().map(|&k| c.cap(k)).collect();
        let d = |s| Some(dec(s));
        assert_eq!(caps, vec![d("0.5"), d("0.4"), d("0.4"), d("0.3"), d("0.3"), d("0.2"), d("0.2"), None, None]);
        assert_eq!(c.to_string(), "0:50%, 1:40%, 4:30%, 7:20%, 10:none");
        assert!(Caps::parse("1:40%").is_err());
        assert!(Caps::parse("0:50%, 0:40%").is_err());
        assert!(Caps::parse("0:150%").is_err());
    }

    #[test]
    fn ratios() {
        assert_eq!(Ratio::parse("2/3").unwrap().to_string(), "2/3");
        assert_eq!(Ratio::parse("50%").unwrap().to_string(), "50%");
        assert!(Ratio::parse("3/2").is_err());
    }

    /// The largest subsidy passes, one yen more fails.
    #[test]
    fn max_subsidy_is_the_boundary() {
        let a = appraise(&project("1"), &moej()).unwrap();
        let m = a.max_subsidy.unwrap();
        // By cost: ceil(4000.5 × 3,676 × 17) − 1 = 249,999,245; by rate: 40% × 600,000,000.
        assert_eq!(m, dec("240000000"));
        assert!(appraise(&project(&m.to_string()), &moej()).unwrap().passes);
        assert!(!appraise(&project(&(m + Decimal::ONE).to_string()), &moej()).unwrap().passes);
        // With a higher cap, the cost criterion binds.
        let Rules::Moej { cost_threshold, payback_min, japan_share_min, refs, .. } = moej() else { unreachable!() };
        let loose = Rules::Moej { cost_threshold, payback_min, caps: Caps::parse("0:100%").unwrap(), japan_share_min, refs };
        let m = appraise(&project("1"), &loose).unwrap().max_subsidy.unwrap();
        assert_eq!(m, dec("249999245"));
        assert!(appraise(&project(&m.to_string()), &loose).unwrap().passes);
        assert!(!appraise(&project(&(m + Decimal::ONE).to_string()), &loose).unwrap().passes);
    }

    #[test]
    fn two_thirds_is_exact() {
        let rules = Rules::GlobalSouth {
            rate_cap: Ratio::parse("2/3").unwrap(),
            amount_min: Decimal::ZERO,
            amount_max: dec("500000000"),
            refs: GlobalSouthRefs { rate: R, amount: R },
        };
        let mut x = project("200000000");
        x.investment = dec("300000001");
        // 2/3 × 300,000,001 = 200,000,000.67: the largest whole yen is 200,000,000.
        let a = appraise(&x, &rules).unwrap();
        assert_eq!(a.max_subsidy, Some(dec("200000000")));
        assert!(a.passes);
        x.subsidy = dec("200000001");
        assert!(!appraise(&x, &rules).unwrap().passes);
    }
}
