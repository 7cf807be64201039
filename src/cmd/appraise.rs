//! `jcm appraise PROJECT...`: does each project meet a support programme's criteria (the MOEJ
//! equipment subsidy by default, or the Global South co-creation subsidy), and what is the
//! largest subsidy that meets them all? Reads [finance] and the ex-ante estimate of each
//! project; exit 0 when every criterion of every project passes, 1 when one fails.

use super::Done;
use crate::compute::exante;
use crate::diag::{Code, Diagnostic, Failure};
use crate::policy::appraise::{self, Caps, Inputs, ProgrammeChoice, Ratio, Rules, Scale};
use crate::policy::finance::{self, Finance};
use crate::policy::{Given, Origin, Setting, defaults as df, exact, percent, pick};
use crate::project::{Project, model::Allocation};
use crate::report::{self, TextFormat, appraise::Row};
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folders (or their project.toml files) with [finance] and [estimate]
    #[arg(required = true, value_name = "PROJECT")]
    pub projects: Vec<PathBuf>,
    /// The support programme (default: [finance] programme, else moej-equipment)
    #[arg(long, value_enum)]
    pub programme: Option<ProgrammeChoice>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
    /// What if the subsidy were this many JPY (replaces [finance] subsidy)
    #[arg(long, value_name = "JPY", value_parser = amount)]
    pub subsidy: Option<Decimal>,
    /// Appraise at the largest whole-yen subsidy that meets every criterion
    #[arg(long, conflicts_with = "subsidy")]
    pub max_subsidy: bool,
    /// MOEJ: the highest cost per tonne, JPY/tCO2 (default 4000)
    #[arg(long, value_name = "JPY", value_parser = amount)]
    pub cost_threshold: Option<Decimal>,
    /// MOEJ: the shortest payback that still needs a subsidy, years (default 3)
    #[arg(long, value_name = "YEARS", value_parser = amount)]
    pub payback_min: Option<Decimal>,
    /// MOEJ: subsidy-rate caps by similar projects, FROM:CAP,... (default "0:50%, 1:40%, 4:30%, 7:20%, 10:none")
    #[arg(long, value_name = "TIERS", value_parser = Caps::parse)]
    pub caps: Option<Caps>,
    /// MOEJ: the least share of credits for the Government of Japan (default 50%)
    #[arg(long, value_name = "SHARE", value_parser = amount)]
    pub japan_share_min: Option<Decimal>,
    /// Global South: the applicant is an SME (rate 2/3 instead of 1/2)
    #[arg(long)]
    pub sme: bool,
    /// Global South: the project's scale, which sets the subsidy's range
    #[arg(long, value_enum)]
    pub scale: Option<Scale>,
    /// Global South: the subsidy rate cap, e.g. 1/2 or 50% (default 1/2, 2/3 for SMEs)
    #[arg(long, value_name = "RATE", value_parser = Ratio::parse)]
    pub rate_cap: Option<Ratio>,
    /// Global South: the least subsidy for the scale, JPY
    #[arg(long, value_name = "JPY", value_parser = amount)]
    pub amount_min: Option<Decimal>,
    /// Global South: the most subsidy for the scale, JPY
    #[arg(long, value_name = "JPY", value_parser = amount)]
    pub amount_max: Option<Decimal>,
}

/// A non-negative exact decimal from the command line (`4000`, `250,000,000`, `50%`).
pub fn amount(s: &str) -> Result<Decimal, String> {
    let v = crate::engine::number::parse_text(s).map_err(|e| format!("{e} ({})", e.hint))?;
    if v < Decimal::ZERO {
        return Err(format!("`{s}` is negative"));
    }
    Ok(v)
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    let mut rows = Vec::new();
    let mut diagnostics = Vec::new();
    for p in &args.projects {
        let (project, warnings) = crate::pipeline::files::project_ex_ante(p)?;
        diagnostics.extend(warnings);
        let estimate = exante::estimate(&project)?;
        diagnostics.extend(estimate.warnings.iter().cloned());
        let fin = finance::read(&project.src)?;
        rows.push(appraise_one(args, &project, &estimate, &fin)?);
    }
    let stdout = match args.format {
        TextFormat::Table => report::appraise::table(&rows),
        TextFormat::Json => report::appraise::json(&rows),
        TextFormat::Csv => report::appraise::csv(&rows),
    };
    let status = u8::from(!rows.iter().all(super::super::report::appraise::Row::passes));
    Ok(Done { stdout: stdout.into(), diagnostics, status })
}

fn missing(project: &Project, fin: &Finance, key: &str, why: &str) -> Failure {
    let hint = if fin.present {
        format!("add {key} = … under [finance]")
    } else {
        format!("add a [finance] table with {key} = … (docs/formats.md)")
    };
    Failure::one(
        Diagnostic::new(Code::BadFinance, format!("[finance] has no {key}, which {why}")).in_file(project.src.path.clone()).hint(hint),
    )
}

fn appraise_one(args: &Args, project: &Project, estimate: &exante::ExAnte, fin: &Finance) -> Result<Row, Failure> {
    let mut settings: Vec<Setting> = Vec::new();
    let programme = pick(
        "programme",
        args.programme.as_ref(),
        fin.programme.as_ref(),
        ProgrammeChoice::MoejEquipment,
        df::BRIEFING_REF,
        |p| report::words::word(p),
        &mut settings,
    );
    let need =
        |v: &Option<Given<Decimal>>, key: &str, why: &str| v.as_ref().map(|g| g.value).ok_or_else(|| missing(project, fin, key, why));
    let investment = need(&fin.investment, "investment", "every subsidy rate divides by")?;
    let (subsidy, subsidy_from) = match (args.subsidy, &fin.subsidy) {
        (Some(s), _) => (s, "command line (--subsidy)".to_string()),
        (None, Some(g)) => (g.value, g.at.clone()),
        (None, None) if args.max_subsidy => (Decimal::ZERO, String::new()),
        (None, None) => return Err(missing(project, fin, "subsidy", "is the amount appraised (or give --subsidy or --max-subsidy)")),
    };
    let dec = |s: &str| s.parse::<Decimal>().expect("built-in defaults are decimals");
    let share = |s: &str| crate::engine::number::parse_text(s).expect("built-in defaults are decimals");
    let (rules, inputs) = match programme {
        ProgrammeChoice::MoejEquipment => {
            let annual_savings = need(&fin.annual_savings, "annual_savings", "the payback divides by")?;
            let durable_years = need(&fin.durable_years, "durable_years", "the cost-effectiveness multiplies the annual credits by")?;
            let similar = fin
                .similar_projects
                .as_ref()
                .map(|g| g.value)
                .ok_or_else(|| missing(project, fin, "similar_projects", "picks the subsidy-rate cap"))?;
            let cost_threshold = pick(
                "cost_threshold",
                args.cost_threshold.as_ref(),
                fin.cost_threshold.as_ref(),
                dec(df::COST_THRESHOLD),
                df::COST_REF,
                |v| exact(*v),
                &mut settings,
            );
            let payback_min = pick(
                "payback_min",
                args.payback_min.as_ref(),
                fin.payback_min.as_ref(),
                dec(df::PAYBACK_MIN),
                df::PAYBACK_REF,
                |v| exact(*v),
                &mut settings,
            );
            let caps = pick(
                "caps",
                args.caps.as_ref(),
                fin.caps.as_ref(),
                Caps::parse(df::CAPS).expect("the built-in caps parse"),
                df::CAPS_REF,
                Caps::to_string,
                &mut settings,
            );
            let japan_share_min = pick(
                "japan_share_min",
                args.japan_share_min.as_ref(),
                fin.japan_share_min.as_ref(),
                share(df::JAPAN_SHARE_MIN),
                df::JAPAN_SHARE_REF,
                |v| percent(*v),
                &mut settings,
            );
            let refs =
                appraise::MoejRefs { cost: df::COST_REF, payback: df::PAYBACK_REF, caps: df::CAPS_REF, japan_share: df::JAPAN_SHARE_REF };
            let inputs = Inputs {
                investment,
                subsidy,
                annual_savings,
                durable_years,
                similar_projects: similar,
                annual_credits: estimate.annual.credits,
                japan_share: japan_share(project, fin),
            };
            (Rules::Moej { cost_threshold, payback_min, caps, japan_share_min, refs }, inputs)
        }
        ProgrammeChoice::GlobalSouth => {
            let sme_cli = args.sme.then_some(true);
            let sme = pick("sme", sme_cli.as_ref(), fin.sme.as_ref(), false, df::GS_RATE_REF, bool::to_string, &mut settings);
            let scale = match (args.scale, &fin.scale) {
                (Some(s), _) => s,
                (None, Some(g)) => g.value,
                (None, None) => {
                    return Err(Failure::one(
                        Diagnostic::new(Code::BadFinance, "[finance] has no scale, which sets the Global South subsidy's range")
                            .in_file(project.src.path.clone())
                            .hint("add scale = \"large-demonstration\", \"small-demonstration\" or \"feasibility-study\" under [finance], or give --scale"),
                    ));
                }
            };
            settings.push(Setting {
                name: "scale",
                value: report::words::word(scale),
                default: String::new(),
                origin: if args.scale.is_some() { Origin::CommandLine } else { Origin::File },
                at: if args.scale.is_some() { None } else { fin.scale.as_ref().map(|g| g.at.clone()) },
                reference: df::GS_AMOUNT_REF,
            });
            let default_rate = Ratio::parse(if sme { df::GS_RATE_SME } else { df::GS_RATE }).expect("the built-in rates parse");
            let rate_cap = pick(
                "rate_cap",
                args.rate_cap.as_ref(),
                fin.rate_cap.as_ref(),
                default_rate,
                df::GS_RATE_REF,
                Ratio::to_string,
                &mut settings,
            );
            let row = scale.programme();
            let thousands = |v: &Decimal| crate::policy::thousands(*v);
            let amount_min = pick(
                "amount_min",
                args.amount_min.as_ref(),
                fin.amount_min.as_ref(),
                Decimal::from(row.min_jpy.unwrap_or(0)),
                df::GS_AMOUNT_REF,
                thousands,
                &mut settings,
            );
            let amount_max = pick(
                "amount_max",
                args.amount_max.as_ref(),
                fin.amount_max.as_ref(),
                Decimal::from(row.cap_jpy.expect("every Global South scale has a cap")),
                df::GS_AMOUNT_REF,
                thousands,
                &mut settings,
            );
            let refs = appraise::GlobalSouthRefs { rate: df::GS_RATE_REF, amount: df::GS_AMOUNT_REF };
            let inputs = Inputs {
                investment,
                subsidy,
                annual_savings: fin.annual_savings.as_ref().map_or(Decimal::ZERO, |g| g.value),
                durable_years: fin.durable_years.as_ref().map_or(Decimal::ONE, |g| g.value),
                similar_projects: fin.similar_projects.as_ref().map_or(0, |g| g.value),
                annual_credits: estimate.annual.credits,
                japan_share: japan_share(project, fin),
            };
            (Rules::GlobalSouth { rate_cap, amount_min, amount_max, refs }, inputs)
        }
    };
    let overflow = |e: appraise::Overflow| {
        Failure::one(
            Diagnostic::new(Code::Arithmetic, format!("{} is too large to compute exactly", e.0)).in_file(project.src.path.clone()),
        )
    };
    let mut appraisal = appraise::appraise(&inputs, &rules).map_err(overflow)?;
    let mut inputs = inputs;
    let mut subsidy_from = subsidy_from;
    if args.max_subsidy {
        match appraisal.max_subsidy {
            Some(m) => {
                inputs.subsidy = m;
                subsidy_from = "--max-subsidy: the largest admissible".into();
                appraisal = appraise::appraise(&inputs, &rules).map_err(overflow)?;
            }
            None => {
                subsidy_from = "--max-subsidy: no subsidy meets every criterion".into();
                appraisal.passes = false;
            }
        }
    }
    Ok(Row {
        id: project.id.clone(),
        title: project.title.clone(),
        country: project.country.clone(),
        methodology: project.methodology.id.clone(),
        annual: estimate.annual.clone(),
        programme,
        inputs,
        subsidy_from,
        appraisal,
        settings,
        rules,
    })
}

/// The Government of Japan's share, when project.toml declares [allocation]: its share, or for
/// notified amounts Japan's part of their total (when every party's amount is given).
fn japan_share(project: &Project, fin: &Finance) -> Option<Decimal> {
    if !fin.has_allocation {
        return None;
    }
    match &project.allocation {
        Allocation::Shares { shares, .. } => Some(shares.japan),
        Allocation::Notified(map) => {
            let mut japan = 0i64;
            let mut total = 0i64;
            for n in map.values() {
                japan = japan.checked_add(n.japan)?;
                total = total.checked_add(n.japan)?.checked_add(n.partner?)?.checked_add(n.participants?)?;
            }
            Decimal::from(japan).checked_div(Decimal::from(total))
        }
    }
}
