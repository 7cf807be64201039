//! Serial blocks: every credit of a project gets a serial number, and a period's credits are
//! numbered in contiguous blocks, one per calendar-year vintage and party (and one for the CCS
//! reserve). No official JCM serial format is published, so the scheme is jcm's own:
//!
//! ```text
//! TH-TH014-2021-000001           one credit: partner, project id, vintage, serial (6 digits or more)
//! TH-TH014-2021-000001-001009    a block: its first and last serial
//! ```
//!
//! Serials count from 1 per project and vintage, and go on across the project's periods in time
//! order, so no two blocks of a project overlap and a vintage has no gaps. Inside a period and
//! vintage the blocks come in party order (Government of Japan, partner government, project
//! participants, or partner and participants together), then the reserve.
//!
//! A period over several calendar years gives each party a part of each vintage. When the
//! allocation was applied per vintage those parts are the allocation's own; otherwise they are
//! a working rule [A]: each vintage (earliest first) is shared among the parties in proportion to
//! the credits each still has to receive, by largest remainder, and the last vintage takes what
//! is left. Both ways the parts add up to each party's credits and to each vintage's credits.
//!
//! Pure: from the period results to blocks, the same blocks on every run.

use super::PeriodResult;
use crate::engine::allocation::{self, Party};
use crate::engine::rounding;
use crate::project::model::Allocation;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Who holds a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holder {
    Party(Party),
    /// The CCS reversal reserve, which belongs to no party.
    Reserve,
}

impl Holder {
    /// The word used in JSON and CSV: a party's key, or `reserve`.
    pub fn key(self) -> &'static str {
        match self {
            Holder::Party(p) => p.key(),
            Holder::Reserve => "reserve",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Holder::Party(p) => p.label(),
            Holder::Reserve => "Reserve against reversals (CCS reserve or buffer)",
        }
    }
}

/// A contiguous block of serial numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub holder: Holder,
    pub vintage: i32,
    /// First and last serial number, both included.
    pub first: i64,
    pub last: i64,
    /// These credits are ITMOs (Japan's credits of an authorized project, aligned partner, vintage 2021 or later).
    pub itmo: bool,
    /// `TH-TH014-2021-000001-001009`.
    pub id: String,
    /// The first and last credit's identifier: `TH-TH014-2021-000001`, `TH-TH014-2021-001009`.
    pub first_id: String,
    pub last_id: String,
}

impl Block {
    pub fn credits(&self) -> i64 {
        self.last - self.first + 1
    }
}

/// The identifier of one credit: `TH-TH014-2021-000001`.
pub fn unit_id(country: &str, project: &str, vintage: i32, serial: i64) -> String {
    format!("{country}-{project}-{vintage}-{serial:06}")
}

/// One party's part of a vintage: the party, its credits, whether they are ITMOs.
pub type Part = (Party, i64, bool);

/// A period's credits by vintage and party: for each vintage (in the period's order), each
/// party's part (in the allocation's order).
pub fn party_vintages(p: &PeriodResult, allocation: &Allocation) -> Vec<(i32, Vec<Part>)> {
    let itmo = |party: Party| p.allocation.iter().any(|s| s.party == party && s.itmo);
    if let Allocation::Shares { shares, policy, per_vintage: true } = allocation {
        return p
            .vintages
            .iter()
            .map(|v| {
                let split = allocation::split(v.credits - v.reserve, shares, *policy)
                    .expect("the same split succeeded when the period was allocated");
                (v.year, split.into_iter().map(|(party, n)| (party, n, itmo(party))).collect())
            })
            .collect();
    }
    let mut left: Vec<Part> = p.allocation.iter().map(|s| (s.party, s.credits, s.itmo)).collect();
    let mut out = Vec::new();
    for (k, v) in p.vintages.iter().enumerate() {
        let here = v.credits - v.reserve;
        let parts: Vec<i64> = if k + 1 == p.vintages.len() {
            left.iter().map(|(_, n, _)| *n).collect()
        } else if here == 0 {
            vec![0; left.len()]
        } else {
            let w: Vec<Decimal> = left.iter().map(|(_, n, _)| Decimal::from(*n)).collect();
            rounding::largest_remainder(here, &w).expect("the parties still to receive credits hold at least this vintage's credits")
        };
        for (l, n) in left.iter_mut().zip(&parts) {
            l.1 -= n;
        }
        out.push((v.year, left.iter().zip(parts).map(|((party, _, itmo), n)| (*party, n, *itmo)).collect()));
    }
    out
}

/// Number every period's credits: fills `blocks` of each period, in time order.
pub fn number(country: &str, project: &str, allocation: &Allocation, periods: &mut [PeriodResult]) {
    let mut next: BTreeMap<i32, i64> = BTreeMap::new();
    for p in periods.iter_mut() {
        let reserve: BTreeMap<i32, i64> = p.vintages.iter().map(|v| (v.year, v.reserve)).collect();
        let mut blocks = Vec::new();
        for (year, parts) in party_vintages(p, allocation) {
            let holders = parts.into_iter().map(|(party, n, itmo)| (Holder::Party(party), n, itmo));
            for (holder, n, itmo) in holders.chain(std::iter::once((Holder::Reserve, reserve[&year], false))) {
                if n <= 0 {
                    continue;
                }
                let first = *next.entry(year).or_insert(1);
                // The project's credits add up in an i64 (checked when they were allocated).
                let last = first + n - 1;
                next.insert(year, last + 1);
                // The block's id is its first unit's and the last serial.
                let first_id = unit_id(country, project, year, first);
                blocks.push(Block {
                    holder,
                    vintage: year,
                    first,
                    last,
                    itmo,
                    id: format!("{first_id}-{last:06}"),
                    first_id,
                    last_id: unit_id(country, project, year, last),
                });
            }
        }
        p.blocks = blocks;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_ids_have_at_least_six_digits() {
        assert_eq!(unit_id("TH", "TH014", 2021, 1), "TH-TH014-2021-000001");
        assert_eq!(unit_id("TH", "TH014", 2021, 1_234_567), "TH-TH014-2021-1234567");
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;
    use std::path::PathBuf;

    /// Every example with monitoring periods (and a CCS fixture with a floor reserve).
    fn computed() -> Vec<(String, crate::project::Project, crate::compute::Calculation)> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = Vec::new();
        for base in ["examples", "examples/id-ccs-gas-field"] {
            for e in std::fs::read_dir(root.join(base)).expect("examples") {
                let dir = e.expect("entry").path();
                if dir.join("project.toml").is_file() {
                    dirs.push(dir);
                }
            }
        }
        dirs.push(root.join("tests/fixtures/ccs-floor"));
        dirs.sort();
        let mut out = Vec::new();
        for dir in dirs {
            let Ok((project, _)) = crate::pipeline::files::project(&dir) else { continue };
            if project.periods.is_empty() {
                continue;
            }
            let calc = crate::pipeline::calculate(&crate::pipeline::files::Disk, &project, None).expect("an example computes");
            out.push((dir.display().to_string(), project, calc));
        }
        assert!(out.len() >= 15, "the examples were found");
        out
    }

    #[test]
    fn blocks_add_up_without_gaps_or_overlaps_and_are_the_same_on_every_run() {
        for (name, project, calc) in computed() {
            let mut next: BTreeMap<i32, i64> = BTreeMap::new();
            for p in &calc.periods {
                assert_eq!(p.blocks.iter().map(Block::credits).sum::<i64>(), p.credits, "{name} {}: blocks add up to credits", p.id);
                for v in &p.vintages {
                    let of = |reserve: bool| -> i64 {
                        p.blocks
                            .iter()
                            .filter(|b| b.vintage == v.year && (b.holder == Holder::Reserve) == reserve)
                            .map(Block::credits)
                            .sum()
                    };
                    assert_eq!(of(false) + of(true), v.credits, "{name} {} {}: a vintage's blocks", p.id, v.year);
                    assert_eq!(of(true), v.reserve, "{name} {} {}: the reserve has its own blocks", p.id, v.year);
                }
                for s in &p.allocation {
                    let n: i64 = p.blocks.iter().filter(|b| b.holder == Holder::Party(s.party)).map(Block::credits).sum();
                    assert_eq!(n, s.credits, "{name} {}: {:?}'s blocks", p.id, s.party);
                    assert!(p.blocks.iter().filter(|b| b.holder == Holder::Party(s.party)).all(|b| b.itmo == s.itmo));
                }
                for b in &p.blocks {
                    assert!(b.first <= b.last, "{name}: a block is never empty");
                    let expected = next.entry(b.vintage).or_insert(1);
                    assert_eq!(b.first, *expected, "{name} {}: block {} follows the previous one without gap or overlap", p.id, b.id);
                    *expected = b.last + 1;
                    assert_eq!(b.id, format!("{}-{:06}", b.first_id, b.last));
                    assert!(b.first_id.starts_with(&format!("{}-{}-{}-", project.country, project.id, b.vintage)));
                }
            }
            let again = crate::pipeline::calculate(&crate::pipeline::files::Disk, &project, None).expect("computes again");
            let blocks = |c: &crate::compute::Calculation| c.periods.iter().map(|p| p.blocks.clone()).collect::<Vec<_>>();
            assert_eq!(blocks(&again), blocks(&calc), "{name}: the same blocks on every run");
        }
    }

    #[test]
    fn th014_numbers_japan_first() {
        let (_, _, calc) = computed().into_iter().find(|(n, _, _)| n.ends_with("th014-floating-solar")).expect("TH014");
        let ids: Vec<(&str, &str, bool)> = calc.periods[0].blocks.iter().map(|b| (b.holder.key(), b.id.as_str(), b.itmo)).collect();
        assert_eq!(
            ids,
            [("japan_government", "TH-TH014-2021-000001-001009", true), ("project_participants", "TH-TH014-2021-001010-002017", false)]
        );
    }

    #[test]
    fn a_period_over_two_years_shares_each_vintage_in_proportion() {
        let (_, _, calc) = computed().into_iter().find(|(n, _, _)| n.ends_with("mv002-addu-mini-grid")).expect("MV002");
        let ids: Vec<(&str, &str)> = calc.periods[0].blocks.iter().map(|b| (b.holder.key(), b.id.as_str())).collect();
        // 363 credits of 2024 shared 433 : 317 → 209.57… : 153.43… → 210 : 153; 2025 takes the rest.
        assert_eq!(
            ids,
            [
                ("japan_government", "MV-MV002-2024-000001-000210"),
                ("partner_and_participants", "MV-MV002-2024-000211-000363"),
                ("japan_government", "MV-MV002-2025-000001-000223"),
                ("partner_and_participants", "MV-MV002-2025-000224-000387"),
            ]
        );
    }
}
