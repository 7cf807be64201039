//! The portfolio summary of a multi-project `calc`: credits by project, by partner country, by
//! calendar-year vintage and by party; ITMOs and corresponding adjustments by partner; and
//! progress towards Japan's JCM targets. Pure: it adds up calculations that are already done and
//! never recomputes or rounds a credit. Every sum is checked; an overflow is a diagnostic.
//!
//! Targets are settings (`--target NAME=TONNES`), defaulting to the METI figures of domain.md
//! §7: about 100 MtCO2 cumulative by FY2030 and about 200 MtCO2 by FY2040, public and private
//! together. Progress counts every credit the portfolio issued (the reserve included), as a
//! percentage rounded half-up to [`PERCENT_PLACES`] decimals (exact for the default targets).

use crate::compute::Calculation;
use crate::countries::{self, Article6Status};
use crate::diag::{Code, Diagnostic};
use crate::engine::allocation::Party;
use crate::engine::rounding;
use crate::project::Project;
use crate::project::cycle::{self, Stage};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

/// Decimals kept in a target percentage.
pub const PERCENT_PLACES: u32 = 10;

/// A cumulative issuance target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub tco2: i64,
}

/// The default targets (domain.md §7, METI briefing of 14 Jan 2026).
pub fn default_targets() -> Vec<Target> {
    vec![Target { name: "FY2030".into(), tco2: 100_000_000 }, Target { name: "FY2040".into(), tco2: 200_000_000 }]
}

/// Where the default targets come from, for the output.
pub const TARGETS_SOURCE: &str =
    "about 100 MtCO2 cumulative by FY2030 and about 200 MtCO2 by FY2040, public and private (METI briefing of 14 Jan 2026, domain.md §7)";

/// One computed project of the portfolio.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub path: &'a Path,
    pub project: &'a Project,
    pub calc: &'a Calculation,
}

/// Credit totals that every breakdown shares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub credits: i64,
    pub reserve: i64,
    pub japan_government: i64,
    pub itmo: i64,
    pub corresponding_adjustment: i64,
}

impl Totals {
    fn of(calc: &Calculation) -> Totals {
        let japan = calc.issuance.allocation.iter().filter(|s| s.party == Party::JapanGovernment);
        Totals {
            credits: calc.issuance.credits,
            reserve: calc.issuance.reserve,
            japan_government: japan.clone().map(|s| s.credits).sum(),
            itmo: japan.filter(|s| s.itmo).map(|s| s.credits).sum(),
            corresponding_adjustment: calc.issuance.corresponding_adjustment,
        }
    }

    fn add(&mut self, o: &Totals) -> Option<()> {
        self.credits = self.credits.checked_add(o.credits)?;
        self.reserve = self.reserve.checked_add(o.reserve)?;
        self.japan_government = self.japan_government.checked_add(o.japan_government)?;
        self.itmo = self.itmo.checked_add(o.itmo)?;
        self.corresponding_adjustment = self.corresponding_adjustment.checked_add(o.corresponding_adjustment)?;
        Some(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLine {
    pub id: String,
    pub path: String,
    pub country: String,
    pub methodology: String,
    pub periods: usize,
    pub totals: Totals,
    /// How far the project has come in the cycle (`None`: project.toml gives no date).
    pub stage: Option<Stage>,
}

/// Credits whose issuance the Joint Committee decided in one of Japan's fiscal years (April to
/// March: FY2025 runs from 2025-04-01 to 2026-03-31), by the periods' `issued` dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FiscalLine {
    pub credits: i64,
    pub itmo: i64,
    pub projects: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryLine {
    pub code: String,
    /// The name from the partner table, or the code when the country is not in it.
    pub name: String,
    /// `None` when the country is not in the partner table.
    pub status: Option<Article6Status>,
    pub projects: usize,
    pub totals: Totals,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VintageLine {
    pub credits: i64,
    pub projects: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartyLine {
    pub credits: i64,
    pub itmo: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetLine {
    pub name: String,
    pub tco2: i64,
    pub credits: i64,
    /// Credits as a percentage of the target, rounded half-up to [`PERCENT_PLACES`] decimals.
    pub percent: Decimal,
}

/// The summary of a portfolio run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portfolio {
    pub computed: usize,
    pub failed: usize,
    pub totals: Totals,
    pub by_project: Vec<ProjectLine>,
    /// By ISO code.
    pub by_country: BTreeMap<String, CountryLine>,
    pub by_vintage: BTreeMap<i32, VintageLine>,
    /// By Japan's fiscal year of the issuance decision (FY2025: April 2025 to March 2026).
    pub by_fiscal_year: BTreeMap<i32, FiscalLine>,
    /// Credits of periods without an `issued` date: not in any fiscal year.
    pub credits_without_issued_date: i64,
    /// In party order: Japan, partner, participants, partner-and-participants.
    pub by_party: BTreeMap<Party, PartyLine>,
    pub targets: Vec<TargetLine>,
    /// The targets are the defaults of domain.md §7 (not set on the command line).
    pub default_targets: bool,
}

fn overflow() -> Diagnostic {
    Diagnostic::new(Code::Arithmetic, "the portfolio's credits overflow when added up").hint("compute the projects in smaller groups")
}

/// What one computed project adds to the portfolio summary: all of it that the summary reads,
/// so that a streamed run keeps this and lets the project and its calculation go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub line: ProjectLine,
    /// Per period: (Japan's fiscal year of its issuance decision, if it has an `issued` date;
    /// credits; ITMOs).
    pub issued: Vec<(Option<i32>, i64, i64)>,
    /// (calendar year, credits) of every vintage of every period.
    pub vintages: Vec<(i32, i64)>,
    /// (party, credits, ITMO) of every share of the issuance.
    pub allocation: Vec<(Party, i64, bool)>,
}

impl Contribution {
    pub fn of(m: &Member<'_>) -> Contribution {
        let issued = m
            .calc
            .periods
            .iter()
            .map(|p| {
                let date = m.project.periods.iter().find(|q| q.id == p.id).and_then(super::project::model::Period::issued_on);
                let itmo = p.allocation.iter().filter(|s| s.itmo).map(|s| s.credits).sum();
                (date.map(cycle::fiscal_year), p.credits, itmo)
            })
            .collect();
        Contribution {
            line: ProjectLine {
                id: m.project.id.clone(),
                path: m.path.display().to_string(),
                country: m.project.country.clone(),
                methodology: m.project.methodology.id.clone(),
                periods: m.calc.periods.len(),
                totals: Totals::of(m.calc),
                stage: m.project.stage(),
            },
            issued,
            vintages: m.calc.periods.iter().flat_map(|p| &p.vintages).map(|v| (v.year, v.credits)).collect(),
            allocation: m.calc.issuance.allocation.iter().map(|s| (s.party, s.credits, s.itmo)).collect(),
        }
    }
}

/// The summary being added up, one project at a time, in the output order.
#[derive(Debug, Default)]
pub struct Summary {
    totals: Totals,
    by_project: Vec<ProjectLine>,
    by_country: BTreeMap<String, CountryLine>,
    by_vintage: BTreeMap<i32, VintageLine>,
    by_fiscal_year: BTreeMap<i32, FiscalLine>,
    credits_without_issued_date: i64,
    by_party: BTreeMap<Party, PartyLine>,
}

impl Summary {
    /// Add one project; an overflow of any sum is a diagnostic.
    pub fn add(&mut self, c: Contribution) -> Result<(), Diagnostic> {
        let t = c.line.totals;
        self.totals.add(&t).ok_or_else(overflow)?;
        let mut fiscal_years = Vec::new();
        for (fy, credits, itmo) in c.issued {
            let Some(fy) = fy else {
                self.credits_without_issued_date = self.credits_without_issued_date.checked_add(credits).ok_or_else(overflow)?;
                continue;
            };
            let line = self.by_fiscal_year.entry(fy).or_default();
            line.credits = line.credits.checked_add(credits).ok_or_else(overflow)?;
            line.itmo = line.itmo.checked_add(itmo).ok_or_else(overflow)?;
            if !fiscal_years.contains(&fy) {
                fiscal_years.push(fy);
                line.projects += 1;
            }
        }
        let code = c.line.country.clone();
        let country = self.by_country.entry(code.clone()).or_insert_with(|| {
            let known = countries::find(&code);
            CountryLine {
                code: code.clone(),
                name: known.map_or_else(|| code.clone(), |c| c.name.to_string()),
                status: known.map(|c| c.status),
                projects: 0,
                totals: Totals::default(),
            }
        });
        country.projects += 1;
        country.totals.add(&t).ok_or_else(overflow)?;
        let mut years = Vec::new();
        for (year, credits) in c.vintages {
            let line = self.by_vintage.entry(year).or_default();
            line.credits = line.credits.checked_add(credits).ok_or_else(overflow)?;
            if !years.contains(&year) {
                years.push(year);
                line.projects += 1;
            }
        }
        for (party, credits, itmo) in c.allocation {
            let line = self.by_party.entry(party).or_default();
            line.credits = line.credits.checked_add(credits).ok_or_else(overflow)?;
            if itmo {
                line.itmo = line.itmo.checked_add(credits).ok_or_else(overflow)?;
            }
        }
        self.by_project.push(c.line);
        Ok(())
    }

    /// The summary of the projects added (`failed` counts those that could not be computed).
    pub fn finish(self, failed: usize, targets: &[Target], default_targets: bool) -> Portfolio {
        let credits = self.totals.credits;
        let targets =
            targets.iter().map(|t| TargetLine { name: t.name.clone(), tco2: t.tco2, credits, percent: percent(credits, t.tco2) }).collect();
        Portfolio {
            computed: self.by_project.len(),
            failed,
            totals: self.totals,
            by_project: self.by_project,
            by_country: self.by_country,
            by_vintage: self.by_vintage,
            by_fiscal_year: self.by_fiscal_year,
            credits_without_issued_date: self.credits_without_issued_date,
            by_party: self.by_party,
            targets,
            default_targets,
        }
    }
}

/// Add up the computed projects of a portfolio (`failed` counts those that could not be computed).
pub fn summarise(members: &[Member<'_>], failed: usize, targets: &[Target], default_targets: bool) -> Result<Portfolio, Diagnostic> {
    let mut s = Summary::default();
    for m in members {
        s.add(Contribution::of(m))?;
    }
    Ok(s.finish(failed, targets, default_targets))
}

/// `part` as a percentage of `whole`, rounded half-up to [`PERCENT_PLACES`] decimals (0 for a
/// target of 0, which the argument parser refuses anyway).
pub fn percent(part: i64, whole: i64) -> Decimal {
    let p = Decimal::from(part).checked_mul(Decimal::ONE_HUNDRED).and_then(|x| x.checked_div(Decimal::from(whole)));
    p.map_or(Decimal::ZERO, |x| rounding::half_up(x, PERCENT_PLACES).normalize())
}

/// Parse a `--target` setting: `NAME=TONNES`, where tonnes are a whole number of tCO2, with
/// optional thousands separators or a `Mt` suffix (`FY2030=100Mt`, `FY2030=100,000,000`).
pub fn parse_target(s: &str) -> Result<Target, String> {
    let (name, amount) = s.split_once('=').ok_or_else(|| format!("`{s}` is not NAME=TONNES (e.g. FY2030=100Mt)"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err("the target needs a name before `=` (e.g. FY2030=100Mt)".into());
    }
    let amount = amount.trim();
    let (number, scale) = match amount.strip_suffix("Mt") {
        Some(n) => (n.trim(), Decimal::from(1_000_000)),
        None => (amount.strip_suffix("t").unwrap_or(amount).trim(), Decimal::ONE),
    };
    let x = crate::engine::number::parse_text(number).map_err(|e| format!("{e} (write e.g. 100Mt or 100000000)"))?;
    let t = x.checked_mul(scale).ok_or_else(|| format!("`{amount}` is too large"))?;
    if !t.fract().is_zero() || t <= Decimal::ZERO {
        return Err(format!("`{amount}` is not a positive whole number of tCO2"));
    }
    let tco2 = i64::try_from(t).map_err(|_| format!("`{amount}` is too large"))?;
    Ok(Target { name: name.to_string(), tco2 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    #[test]
    fn percentages_are_exact_for_the_default_targets() {
        assert_eq!(percent(2767, 100_000_000), dec("0.002767"));
        assert_eq!(percent(2767, 200_000_000), dec("0.0013835"));
        assert_eq!(percent(0, 100_000_000), Decimal::ZERO);
        assert_eq!(percent(100_000_000, 100_000_000), dec("100"));
        assert_eq!(percent(1, 3), dec("33.3333333333"), "a repeating decimal is cut at PERCENT_PLACES");
        assert_eq!(percent(2, 3), dec("66.6666666667"), "half-up");
    }

    #[test]
    fn targets_parse_from_the_command_line() {
        assert_eq!(parse_target("FY2030=100Mt"), Ok(Target { name: "FY2030".into(), tco2: 100_000_000 }));
        assert_eq!(parse_target("mine = 1,500,000"), Ok(Target { name: "mine".into(), tco2: 1_500_000 }));
        assert_eq!(parse_target("x=2.5Mt").map(|t| t.tco2), Ok(2_500_000));
        assert_eq!(parse_target("x=12t").map(|t| t.tco2), Ok(12));
        assert!(parse_target("FY2030").is_err());
        assert!(parse_target("=5").is_err());
        assert!(parse_target("x=0").is_err());
        assert!(parse_target("x=1.5").is_err());
        assert!(parse_target("x=lots").is_err());
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;
    use std::path::PathBuf;

    fn computed(rel: &str) -> (PathBuf, Project, Calculation) {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
        let (project, _) = crate::pipeline::files::project(&path).expect("loads");
        let calc = crate::pipeline::calculate(&crate::pipeline::files::Disk, &project, None).expect("computes");
        (path, project, calc)
    }

    #[test]
    fn the_two_published_projects_add_up() {
        let done = [computed("examples/th014-floating-solar"), computed("examples/mv002-addu-mini-grid")];
        let members: Vec<Member<'_>> = done.iter().map(|(path, project, calc)| Member { path, project, calc }).collect();
        let p = summarise(&members, 1, &default_targets(), true).expect("sums");
        assert_eq!((p.computed, p.failed), (2, 1));
        assert_eq!(p.totals, Totals { credits: 2767, reserve: 0, japan_government: 1442, itmo: 1442, corresponding_adjustment: 1442 });
        assert_eq!(p.by_country["TH"].totals.itmo, 1009);
        assert_eq!(p.by_country["MV"].status, Some(Article6Status::Aligned));
        let vintages: Vec<(i32, i64)> = p.by_vintage.iter().map(|(y, v)| (*y, v.credits)).collect();
        assert_eq!(vintages, [(2021, 2017), (2024, 363), (2025, 387)]);
        assert_eq!(p.by_party[&Party::PartnerAndParticipants].credits, 317);
        assert_eq!(p.by_party.values().map(|l| l.credits).sum::<i64>(), 2767);
        assert_eq!(p.targets[0].percent, crate::engine::number::dec("0.002767"));
        // TH014 issued 2025-10-30 and MV002 2025-12-16: both in Japan's FY2025.
        assert_eq!(p.by_fiscal_year.get(&2025), Some(&FiscalLine { credits: 2767, itmo: 1442, projects: 2 }));
        assert_eq!(p.credits_without_issued_date, 0);
        assert!(p.by_project.iter().all(|l| l.stage == Some(Stage::Issued)));
    }
}
