//! `jcm offset FILE`: one company's fiscal year under the GX-ETS or the SHK: how many cancelled
//! JCM credits and J-Credits count, the emissions that result, and whether the company is
//! obliged (GX-ETS) or must report (SHK). Every constant is a default the file's [rules] or the
//! command line may replace.

use super::Done;
use super::appraise::amount;
use crate::diag::{Code, Diagnostic, Failure, Source};
use crate::policy::offset::{self, Rule, Rules, Scheme};
use crate::policy::{Setting, defaults as df, exact, offset_file, percent, pick, thousands};
use crate::report::{self, TextFormat, offset::Report};
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The company's year (TOML: scheme, fiscal_year, [emissions], [credits], optional [rules])
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
    /// GX-ETS: the share of the year's emissions that credits may cover (default 10%)
    #[arg(long, value_name = "SHARE", value_parser = amount)]
    pub credit_cap: Option<Decimal>,
    /// GX-ETS: the mean direct emissions that oblige a company, tCO2 (default 100000)
    #[arg(long, value_name = "TONNES", value_parser = amount)]
    pub obligation_threshold: Option<Decimal>,
    /// GX-ETS: the fiscal year's lower price, JPY/t (default 1700 in FY2026, × 1.03 a year after)
    #[arg(long, value_name = "JPY", value_parser = amount)]
    pub price_floor: Option<Decimal>,
    /// GX-ETS: the fiscal year's upper price, JPY/t (default 4300 in FY2026, × 1.03 a year after)
    #[arg(long, value_name = "JPY", value_parser = amount)]
    pub price_ceiling: Option<Decimal>,
    /// GX-ETS: the yearly rise of both prices after FY2026, before inflation (default 3%)
    #[arg(long, value_name = "RATE", value_parser = amount)]
    pub price_escalation: Option<Decimal>,
    /// SHK: tCO2e of a gas from which a company reports (default 3000)
    #[arg(long, value_name = "TONNES", value_parser = amount)]
    pub report_tonnes: Option<Decimal>,
    /// SHK: employees from which the tonnage test applies (default 21)
    #[arg(long, value_name = "N", value_parser = amount)]
    pub report_employees: Option<Decimal>,
    /// SHK: kL crude-oil equivalent of energy a year from which a company reports (default 1500)
    #[arg(long, value_name = "KL", value_parser = amount)]
    pub report_kl: Option<Decimal>,
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let path = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|e| {
        Failure::one(
            Diagnostic::new(Code::Io, format!("cannot read {path}: {e}"))
                .in_file(path.clone())
                .hint("give the offset TOML file (docs/formats.md)"),
        )
    })?;
    let src = Source::new(path.clone(), text);
    let (year, file) = offset_file::read(&src)?;
    let mut settings: Vec<Setting> = Vec::new();
    let dec = |s: &str| crate::engine::number::parse_text(s).expect("built-in defaults are decimals");
    let whole = |v: &Decimal| thousands(*v);
    let pc = |v: &Decimal| percent(*v);
    let rules_applied;
    let rules = match year.scheme {
        Scheme::GxEts => {
            let credit_cap = pick(
                "credit_cap",
                args.credit_cap.as_ref(),
                file.credit_cap.as_ref(),
                dec(df::CREDIT_CAP),
                df::CREDIT_CAP_REF,
                pc,
                &mut settings,
            );
            let obligation_threshold = pick(
                "obligation_threshold",
                args.obligation_threshold.as_ref(),
                file.obligation_threshold.as_ref(),
                dec(df::OBLIGATION_THRESHOLD),
                df::OBLIGATION_REF,
                whole,
                &mut settings,
            );
            let escalation = pick(
                "price_escalation",
                args.price_escalation.as_ref(),
                file.price_escalation.as_ref(),
                dec(df::PRICE_ESCALATION),
                df::PRICE_REF,
                pc,
                &mut settings,
            );
            let (floor, ceiling) =
                offset::corridor(year.fiscal_year, df::PRICE_BASE_YEAR, dec(df::PRICE_FLOOR), dec(df::PRICE_CEILING), escalation)
                    .map_err(|e| overflow(&src, e.0))?;
            let price_floor =
                pick("price_floor", args.price_floor.as_ref(), file.price_floor.as_ref(), floor, df::PRICE_REF, whole, &mut settings);
            let price_ceiling = pick(
                "price_ceiling",
                args.price_ceiling.as_ref(),
                file.price_ceiling.as_ref(),
                ceiling,
                df::PRICE_REF,
                whole,
                &mut settings,
            );
            if price_floor > price_ceiling {
                anyhow::bail!("the price floor ({}) is above the price ceiling ({})", exact(price_floor), exact(price_ceiling));
            }
            let y = year.fiscal_year;
            rules_applied = vec![
                Rule {
                    text: "compliance emissions = energy-origin CO2 + non-energy-origin CO2 − JCM credits and J-Credits used + credits transferred to others".into(),
                    reference: df::GX_FORMULA_REF,
                },
                Rule {
                    text: format!(
                        "credits used at most {} of the year's emissions (energy + non-energy), in whole credits; the rest cannot be used this year",
                        percent(credit_cap)
                    ),
                    reference: df::CREDIT_CAP_REF,
                },
                Rule {
                    text: format!(
                        "obliged when the mean direct emissions of the three previous fiscal years is at least {} tCO2; credits do not count towards it",
                        thousands(obligation_threshold)
                    ),
                    reference: df::OBLIGATION_REF,
                },
                Rule {
                    text: format!(
                        "price corridor FY{y}: {}-{} JPY/t (FY2026: 1,700-4,300; from FY2027 each bound is the previous year's × {} before the inflation adjustment the government adds, which jcm does not know: give --price-floor and --price-ceiling once they are published)",
                        thousands(price_floor),
                        thousands(price_ceiling),
                        exact(Decimal::ONE + escalation)
                    ),
                    reference: df::PRICE_REF,
                },
                Rule {
                    text: "allowances still needed are rounded up to whole tonnes, costs half-up to whole yen; a shortfall may be settled by paying the upper price".into(),
                    reference: df::ROUNDING_REF,
                },
            ];
            Rules {
                credit_cap,
                obligation_threshold,
                price_floor,
                price_ceiling,
                report_tonnes: Decimal::ZERO,
                report_employees: Decimal::ZERO,
                report_kl: Decimal::ZERO,
            }
        }
        Scheme::Shk => {
            let report_tonnes = pick(
                "report_tonnes",
                args.report_tonnes.as_ref(),
                file.report_tonnes.as_ref(),
                dec(df::REPORT_TONNES),
                df::SHK_THRESHOLD_REF,
                whole,
                &mut settings,
            );
            let report_employees = pick(
                "report_employees",
                args.report_employees.as_ref(),
                file.report_employees.as_ref(),
                dec(df::REPORT_EMPLOYEES),
                df::SHK_THRESHOLD_REF,
                whole,
                &mut settings,
            );
            let report_kl = pick(
                "report_kl",
                args.report_kl.as_ref(),
                file.report_kl.as_ref(),
                dec(df::REPORT_KL),
                df::SHK_THRESHOLD_REF,
                whole,
                &mut settings,
            );
            rules_applied = vec![
                Rule {
                    text: "adjusted emissions = emissions − JCM credits and J-Credits cancelled + domestic credits transferred to others; no cap on credits".into(),
                    reference: df::SHK_FORMULA_REF,
                },
                Rule {
                    text: format!(
                        "must report energy-origin CO2 from {} kL crude-oil equivalent of energy a year; another gas from {} tCO2e of it with {} employees or more",
                        thousands(report_kl),
                        thousands(report_tonnes),
                        thousands(report_employees)
                    ),
                    reference: df::SHK_THRESHOLD_REF,
                },
            ];
            Rules {
                credit_cap: Decimal::ONE,
                obligation_threshold: Decimal::ZERO,
                price_floor: Decimal::ZERO,
                price_ceiling: Decimal::ZERO,
                report_tonnes,
                report_employees,
                report_kl,
            }
        }
    };
    let outcome = offset::compute(&year, &rules).map_err(|e| overflow(&src, e.0))?;
    let r = Report { file: path, year, outcome, rules: rules_applied, settings };
    let stdout = match args.format {
        TextFormat::Table => report::offset::table(&r),
        TextFormat::Json => report::offset::json(&r),
        TextFormat::Csv => report::offset::csv(&r),
    };
    Ok(Done { stdout: stdout.into(), ..Done::default() })
}

fn overflow(src: &Source, what: &str) -> Failure {
    Failure::one(Diagnostic::new(Code::Arithmetic, format!("{what} is too large to compute exactly")).in_file(src.path.clone()))
}
