//! Allocation of a period's issued credits among the Government of Japan, the partner
//! government and the project participants.
//!
//! There is no published rounding formula (domain.md §3), so a split is always shares plus a
//! named policy, and the parts always add up exactly to the credits:
//!
//! - `japan-ceil`: Japan gets the ceiling of its share, the partner government the floor of its
//!   share, the participants the rest (2,017 at 50% → 1,009 to Japan, as published for TH014);
//! - `largest-remainder`: each party the floor of its quota, the tonnes left over to the largest
//!   remainders (ties: Japan, then partner, then participants);
//! - `floor-to-participants`: both governments the floor of their shares, the participants the
//!   rest (35,419 at 60% → 21,251, as published for the Mongolian 12.7 MW PV).

use super::rounding::{self, Mode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Who receives credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    JapanGovernment,
    PartnerGovernment,
    ProjectParticipants,
    /// The partner government and the participants together, when a notification gives only
    /// Japan's amount (the split of the rest is not public).
    PartnerAndParticipants,
}

impl Party {
    /// The party's key in JSON and CSV (`japan_government`, …), as serde names it.
    pub fn key(self) -> &'static str {
        super::words::word(&self)
    }

    pub fn label(self) -> &'static str {
        match self {
            Party::JapanGovernment => "Government of Japan",
            Party::PartnerGovernment => "Partner government",
            Party::ProjectParticipants => "Project participants",
            Party::PartnerAndParticipants => "Partner government and participants (split not public)",
        }
    }
}

/// The rounding policy of a share-based allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    JapanCeil,
    LargestRemainder,
    FloorToParticipants,
}

impl Policy {
    pub fn parse(s: &str) -> Option<Policy> {
        super::words::parse(s)
    }

    /// The policy's word (`japan-ceil`, …), as serde names it.
    pub fn name(self) -> &'static str {
        super::words::word(&self)
    }
}

/// The three shares as fractions that add up to 1 (the project loader resolves `"rest"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shares {
    pub japan: Decimal,
    pub partner: Decimal,
    pub participants: Decimal,
}

/// Whole credits per party, in the order Japan, partner, participants.
pub type Split = Vec<(Party, i64)>;

/// Split `credits` by shares under a policy. The parts add up to `credits` exactly; `None` when
/// the largest-remainder quotas cannot be formed exactly (a share with so many digits that
/// credits × share passes 28 significant digits), never a silent zero.
pub fn split(credits: i64, shares: &Shares, policy: Policy) -> Option<Split> {
    let c = Decimal::from(credits);
    // credits is an i64 (< 10^19) and a share is at most 1, so the product fits a decimal and
    // its rounding fits an i64 again.
    let part = |share: Decimal, mode: Mode| {
        let exact = c.checked_mul(share).expect("an i64 times a share of at most 1 fits a decimal");
        rounding::whole_count(exact, mode).expect("a share of at most 1 of an i64 fits an i64").clamp(0, credits)
    };
    let (j, p) = match policy {
        Policy::JapanCeil => (part(shares.japan, Mode::Up), part(shares.partner, Mode::Down)),
        Policy::FloorToParticipants => (part(shares.japan, Mode::Down), part(shares.partner, Mode::Down)),
        Policy::LargestRemainder => {
            let v = rounding::largest_remainder(credits, &[shares.japan, shares.partner, shares.participants])?;
            (v[0], v[1])
        }
    };
    let p = p.min(credits - j);
    Some(vec![(Party::JapanGovernment, j), (Party::PartnerGovernment, p), (Party::ProjectParticipants, credits - j - p)])
}

/// Add a split into running totals, keeping the party order.
pub fn accumulate(total: &mut Split, part: &Split) {
    for (party, n) in part {
        match total.iter_mut().find(|(p, _)| p == party) {
            Some((_, t)) => *t += n,
            None => total.push((*party, *n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    fn half() -> Shares {
        Shares { japan: dec("0.5"), partner: dec("0"), participants: dec("0.5") }
    }

    fn japan(credits: i64, shares: &Shares, policy: Policy) -> i64 {
        let s = split(credits, shares, policy).expect("splits");
        assert_eq!(s.iter().map(|(_, n)| n).sum::<i64>(), credits, "parts must add up");
        assert!(s.iter().all(|(_, n)| *n >= 0));
        s[0].1
    }

    /// Published GoJ amounts at a 50% share (domain.md §3).
    #[test]
    fn japan_ceil_reproduces_published_amounts() {
        for (total, goj) in [(2017, 1009), (355, 178), (151, 76), (17_673, 8837), (2477, 1239)] {
            assert_eq!(japan(total, &half(), Policy::JapanCeil), goj, "{total}");
        }
    }

    #[test]
    fn floor_to_participants_reproduces_mongolia_60_percent() {
        let s = Shares { japan: dec("0.6"), partner: dec("0"), participants: dec("0.4") };
        assert_eq!(japan(35_419, &s, Policy::FloorToParticipants), 21_251);
        assert_eq!(japan(35_419, &s, Policy::JapanCeil), 21_252);
    }

    #[test]
    fn three_way_splits_add_up() {
        let s = Shares { japan: dec("0.7"), partner: dec("0.1"), participants: dec("0.2") };
        for total in [0, 1, 2, 7, 288, 151, 100_001] {
            for p in [Policy::JapanCeil, Policy::LargestRemainder, Policy::FloorToParticipants] {
                japan(total, &s, p);
            }
        }
        assert_eq!(
            split(288, &s, Policy::JapanCeil).expect("splits"),
            vec![(Party::JapanGovernment, 202), (Party::PartnerGovernment, 28), (Party::ProjectParticipants, 58)]
        );
        assert_eq!(
            split(10, &Shares { japan: dec("0.35"), partner: dec("0.35"), participants: dec("0.3") }, Policy::LargestRemainder)
                .expect("splits")[0],
            (Party::JapanGovernment, 4)
        );
    }
}
