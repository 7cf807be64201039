//! Credits used in Japan (`jcm offset`): one company's fiscal year under the GX-ETS or the SHK
//! reporting system (docs/domain.md §5).
//!
//! - GX-ETS: compliance emissions = energy CO2 + non-energy CO2 − credits used + credits
//!   transferred out; JCM credits and J-Credits are usable up to a share (10%) of the year's
//!   emissions, the rest is unusable; the company is obliged when the average direct emissions
//!   of the three previous fiscal years reach the threshold (100,000 t); with the year's free
//!   allocation, the allowances still needed, their cost at the price corridor, and the payment
//!   when the shortfall is settled at the upper price.
//! - SHK: adjusted emissions = emissions − JCM and J-Credits cancelled + domestic credits
//!   transferred to others, without a cap; whether the company must report.
//!
//! Pure: values in, values out. Money is rounded half-up to whole yen, allowances up to whole
//! tonnes; every other figure is exact.

use super::{Reference, yen};
use rust_decimal::Decimal;
use serde::Serialize;

/// The scheme the year is computed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    GxEts,
    Shk,
}

impl Scheme {
    pub fn parse(s: &str) -> Option<Scheme> {
        match s {
            "gx-ets" => Some(Scheme::GxEts),
            "shk" => Some(Scheme::Shk),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scheme::GxEts => "GX-ETS (emissions trading, obligatory from FY2026)",
            Scheme::Shk => "SHK (mandatory GHG accounting and reporting)",
        }
    }
}

/// The company's year, as the file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Year {
    pub scheme: Scheme,
    pub fiscal_year: i32,
    pub energy_co2: Decimal,
    pub process_co2: Decimal,
    pub jcm_cancelled: Decimal,
    pub jcredit_cancelled: Decimal,
    pub transferred_out: Decimal,
    pub allocation: Option<Decimal>,
    pub past_direct_emissions: Option<Vec<Decimal>>,
    pub employees: Option<Decimal>,
    pub energy_kl_crude_equivalent: Option<Decimal>,
}

/// The constants, resolved (defaults, file or command line).
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub credit_cap: Decimal,
    pub obligation_threshold: Decimal,
    pub price_floor: Decimal,
    pub price_ceiling: Decimal,
    pub report_tonnes: Decimal,
    pub report_employees: Decimal,
    pub report_kl: Decimal,
}

/// Credits offered and how many count.
#[derive(Debug, Clone, PartialEq)]
pub struct Credits {
    pub offered: Decimal,
    /// The most that may be used (GX-ETS); `None` under the SHK (no cap).
    pub cap: Option<Decimal>,
    pub usable: Decimal,
    pub unusable: Decimal,
}

/// Whether the company is obliged under the GX-ETS.
#[derive(Debug, Clone, PartialEq)]
pub struct Obligation {
    /// The three years' sum and mean (mean rounded half-up to two decimals, for people).
    pub sum: Decimal,
    pub average: Decimal,
    pub years: usize,
    pub obliged: bool,
}

/// Allowances still needed, and what they cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Allowances {
    pub allocation: Decimal,
    /// Whole tonnes still needed (rounded up), 0 when the allocation covers the year.
    pub needed: Decimal,
    /// Allocation left over.
    pub surplus: Decimal,
    pub cost_at_floor: Decimal,
    pub cost_at_ceiling: Decimal,
}

/// One SHK reporting test.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportingTest {
    pub gas: &'static str,
    pub test: String,
    /// `None` when the file lacks what the test needs.
    pub must_report: Option<bool>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub emissions: Decimal,
    pub credits: Credits,
    /// Compliance emissions (GX-ETS) or adjusted emissions (SHK).
    pub result: Decimal,
    pub obligation: Option<Obligation>,
    pub allowances: Option<Allowances>,
    pub reporting: Vec<ReportingTest>,
}

/// A figure too large for exact arithmetic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow(pub &'static str);

fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Overflow> {
    a.checked_add(b).ok_or(Overflow(what))
}

fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Overflow> {
    a.checked_mul(b).ok_or(Overflow(what))
}

/// The price corridor of a fiscal year: FY2026's bounds, each × (1 + escalation) a year after,
/// compounded exactly and then rounded half-up to whole yen (this gives METI's FY2030 outlook,
/// 1,913 and 4,840). The inflation adjustment the government adds is not known here.
pub fn corridor(
    fiscal_year: i32,
    base_year: i32,
    floor: Decimal,
    ceiling: Decimal,
    escalation: Decimal,
) -> Result<(Decimal, Decimal), Overflow> {
    let factor = Decimal::ONE + escalation;
    let (mut f, mut c) = (floor, ceiling);
    for _ in base_year..fiscal_year {
        f = mul(f, factor, "price corridor")?;
        c = mul(c, factor, "price corridor")?;
    }
    Ok((yen(f), yen(c)))
}

/// Compute the year.
pub fn compute(y: &Year, r: &Rules) -> Result<Outcome, Overflow> {
    let emissions = add(y.energy_co2, y.process_co2, "emissions")?;
    let offered = add(y.jcm_cancelled, y.jcredit_cancelled, "credits")?;
    let credits = match y.scheme {
        Scheme::GxEts => {
            let cap = mul(emissions, r.credit_cap, "credit cap")?;
            let usable = offered.min(cap.floor());
            Credits { offered, cap: Some(cap), usable, unusable: offered - usable }
        }
        Scheme::Shk => Credits { offered, cap: None, usable: offered, unusable: Decimal::ZERO },
    };
    let result = add(emissions - credits.usable, y.transferred_out, "emissions")?;
    let mut out = Outcome { emissions, credits, result, obligation: None, allowances: None, reporting: Vec::new() };
    match y.scheme {
        Scheme::GxEts => {
            if let Some(past) = &y.past_direct_emissions {
                let sum = past.iter().try_fold(Decimal::ZERO, |a, x| add(a, *x, "past emissions"))?;
                let n = Decimal::from(past.len());
                let average = sum
                    .checked_div(n)
                    .ok_or(Overflow("past emissions"))?
                    .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
                let obliged = sum >= mul(r.obligation_threshold, n, "obligation threshold")?;
                out.obligation = Some(Obligation { sum, average, years: past.len(), obliged });
            }
            if let Some(allocation) = y.allocation {
                let gap = result - allocation;
                let needed = gap.max(Decimal::ZERO).ceil();
                let surplus = (-gap).max(Decimal::ZERO);
                out.allowances = Some(Allowances {
                    allocation,
                    needed,
                    surplus,
                    cost_at_floor: yen(mul(needed, r.price_floor, "cost")?),
                    cost_at_ceiling: yen(mul(needed, r.price_ceiling, "cost")?),
                });
            }
        }
        Scheme::Shk => {
            let t = super::thousands;
            out.reporting.push(match y.energy_kl_crude_equivalent {
                Some(kl) => ReportingTest {
                    gas: "energy-origin CO2",
                    test: format!("energy use ≥ {} kL crude-oil equivalent a year", t(r.report_kl)),
                    must_report: Some(kl >= r.report_kl),
                    note: format!("{} kL", t(kl)),
                },
                None => ReportingTest {
                    gas: "energy-origin CO2",
                    test: format!("energy use ≥ {} kL crude-oil equivalent a year", t(r.report_kl)),
                    must_report: None,
                    note: "give energy_kl_crude_equivalent to decide".into(),
                },
            });
            let big = y.process_co2 >= r.report_tonnes;
            let (must, note) = match y.employees {
                Some(e) => (Some(big && e >= r.report_employees), format!("{} tCO2, {} employees", t(y.process_co2), t(e))),
                None if !big => (Some(false), format!("{} tCO2", t(y.process_co2))),
                None => (None, format!("{} tCO2; give employees to decide", t(y.process_co2))),
            };
            out.reporting.push(ReportingTest {
                gas: "non-energy CO2",
                test: format!("≥ {} tCO2e of the gas and ≥ {} employees", t(r.report_tonnes), t(r.report_employees)),
                must_report: must,
                note,
            });
        }
    }
    Ok(out)
}

/// A rule as applied, with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub text: String,
    pub reference: Reference,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    fn rules() -> Rules {
        Rules {
            credit_cap: dec("0.1"),
            obligation_threshold: dec("100000"),
            price_floor: dec("1700"),
            price_ceiling: dec("4300"),
            report_tonnes: dec("3000"),
            report_employees: dec("21"),
            report_kl: dec("1500"),
        }
    }

    fn year() -> Year {
        Year {
            scheme: Scheme::GxEts,
            fiscal_year: 2026,
            energy_co2: dec("152000"),
            process_co2: dec("8000"),
            jcm_cancelled: dec("9000"),
            jcredit_cancelled: dec("4000"),
            transferred_out: dec("0"),
            allocation: Some(dec("140000")),
            past_direct_emissions: Some(vec![dec("155000"), dec("149000"), dec("151000")]),
            employees: None,
            energy_kl_crude_equivalent: None,
        }
    }

    /// The example: 160,000 t, 13,000 credits within the 16,000 cap, 147,000 t to cover.
    #[test]
    fn gx_ets_example() {
        let o = compute(&year(), &rules()).unwrap();
        assert_eq!(o.credits.cap, Some(dec("16000")));
        assert_eq!((o.credits.usable, o.credits.unusable), (dec("13000"), dec("0")));
        assert_eq!(o.result, dec("147000"));
        let ob = o.obligation.unwrap();
        assert!(ob.obliged);
        assert_eq!(ob.average, dec("151666.67"));
        let a = o.allowances.unwrap();
        assert_eq!(a.needed, dec("7000"));
        assert_eq!((a.cost_at_floor, a.cost_at_ceiling), (dec("11900000"), dec("30100000")));
    }

    #[test]
    fn corridor_reproduces_the_fy2030_outlook() {
        let c = |fy| corridor(fy, 2026, dec("1700"), dec("4300"), dec("0.03")).unwrap();
        assert_eq!(c(2026), (dec("1700"), dec("4300")));
        assert_eq!(c(2027), (dec("1751"), dec("4429")));
        assert_eq!(c(2030), (dec("1913"), dec("4840")));
    }
}
