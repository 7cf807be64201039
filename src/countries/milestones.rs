//! What the briefing reports of each country after its signing: revised documents, Joint
//! Committee decisions with the issuances they decided, and the candidates' status. Dates are
//! ISO, `YYYY-MM` where the briefing gives only the month. The signing itself is not here: it
//! comes from the country table ([`super::Country::timeline`]).

use serde::Serialize;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// The bilateral document was signed.
    Signed,
    /// The MoC and Rules of Implementation were revised and signed again.
    DocumentsRevised,
    /// A Joint Committee meeting (its number in `joint_committee`).
    JointCommittee,
    /// An arrangement beside the JCM documents was signed.
    Arrangement,
    /// Where a candidate stands.
    Candidacy,
}

impl Event {
    pub fn label(self) -> &'static str {
        match self {
            Event::Signed => "signed",
            Event::DocumentsRevised => "MoC and RoI revised",
            Event::JointCommittee => "Joint Committee",
            Event::Arrangement => "arrangement",
            Event::Candidacy => "candidate",
        }
    }
}

/// Credits whose issuance a Joint Committee decided, as the briefing gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Issuance {
    /// The project's id.
    pub project: &'static str,
    /// Credits issued.
    pub credits: u32,
    /// Of which to the Government of Japan, as ITMOs.
    pub japan_itmos: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// `YYYY-MM-DD`, or `YYYY-MM` where the briefing gives only the month.
    pub date: &'static str,
    pub event: Event,
    /// The Joint Committee's number (1 for the first), for a Joint Committee.
    pub joint_committee: Option<u8>,
    /// Where, for a signing.
    pub place: Option<&'static str>,
    /// What was signed, decided or agreed, in the briefing's terms.
    pub what: &'static str,
    pub issuance: Option<Issuance>,
}

const fn jc(date: &'static str, number: u8, what: &'static str) -> Milestone {
    Milestone { date, event: Event::JointCommittee, joint_committee: Some(number), place: None, what, issuance: None }
}

const fn other(date: &'static str, event: Event, what: &'static str) -> Milestone {
    Milestone { date, event, joint_committee: None, place: None, what, issuance: None }
}

const ARTICLE6_RULES: &str = "adopted Article-6 rules";

/// The milestones by ISO code, each country's in date order (domain.md §9).
const MILESTONES: &[(&str, Milestone)] = &[
    (
        "TH",
        other(
            "2024-07-08",
            Event::DocumentsRevised,
            "MoC and Rules of Implementation revised and signed (with Thailand's domestic scheme)",
        ),
    ),
    ("TH", jc("2024-09-23", 6, "adopted Article-6 updates of the rules and guidelines")),
    (
        "TH",
        Milestone {
            issuance: Some(Issuance { project: "TH014", credits: 2017, japan_itmos: 1009 }),
            ..jc("2025-10-30", 7, "decided issuance from one project")
        },
    ),
    ("MD", jc("2024-09-25", 1, ARTICLE6_RULES)),
    ("ID", other("2024-11", Event::Arrangement, "mutual recognition arrangement signed")),
    ("ID", jc("2024-12-18", 10, "adopted Article-6 updates and the CCS/CCUS guidelines")),
    ("KZ", jc("2025-01-28", 1, ARTICLE6_RULES)),
    ("UZ", jc("2025-02-26", 1, ARTICLE6_RULES)),
    ("PG", jc("2025-03-21", 1, ARTICLE6_RULES)),
    ("KG", jc("2025-05-16", 1, ARTICLE6_RULES)),
    ("TZ", jc("2025-09-16", 1, ARTICLE6_RULES)),
    ("IN", jc("2025-09-22", 1, "agreed final coordination towards early adoption")),
    ("PH", jc("2025-11-06", 2, "adopted Article-6 rules and the REDD+ and afforestation/reforestation guidelines")),
    (
        "MV",
        Milestone {
            issuance: Some(Issuance { project: "MV002", credits: 750, japan_itmos: 433 }),
            ..jc("2025-12-16", 5, "adopted Article-6 rules and decided issuance from one project")
        },
    ),
    ("BR", other("2025-03", Event::Candidacy, "JCM named in the 2025–2030 strategic partnership action plan")),
    ("MY", other("2025-10", Event::Candidacy, "leaders agreed to accelerate talks towards an early signing")),
];

/// The milestones of one country (by its code as the table spells it), in date order.
pub fn of(code: &str) -> impl Iterator<Item = &'static Milestone> + '_ {
    MILESTONES.iter().filter(move |(c, _)| *c == code).map(|(_, m)| m)
}

/// Every issuance the briefing reports, with its country's code.
pub fn issuances() -> impl Iterator<Item = (&'static str, &'static Milestone, Issuance)> {
    MILESTONES.iter().filter_map(|(c, m)| m.issuance.map(|i| (*c, m, i)))
}

/// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `12th`, `13th`, `21st`.
pub fn ordinal(n: u8) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Milestone {
    /// The event for people: `7th Joint Committee`, `signed`.
    pub fn event_label(&self) -> String {
        match self.joint_committee {
            Some(n) => format!("{} {}", ordinal(n), self.event.label()),
            None => self.event.label().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::countries::{COUNTRIES, find};

    #[test]
    fn every_milestone_belongs_to_a_country_and_is_well_formed() {
        for (code, m) in MILESTONES {
            assert!(find(code).is_some_and(|c| c.code == *code), "{code}");
            let valid = match m.date.len() {
                10 => chrono::NaiveDate::parse_from_str(m.date, "%Y-%m-%d").is_ok(),
                7 => chrono::NaiveDate::parse_from_str(&format!("{}-01", m.date), "%Y-%m-%d").is_ok(),
                _ => false,
            };
            assert!(valid, "{code}: {}", m.date);
            assert_eq!(m.joint_committee.is_some(), m.event == Event::JointCommittee, "{code} {}", m.date);
            assert_ne!(m.event, Event::Signed, "signings come from the country table");
        }
        for c in COUNTRIES.iter().filter(|c| !c.is_partner()) {
            assert_eq!(of(c.code).filter(|m| m.event == Event::Candidacy).count(), 1, "{}", c.code);
        }
    }

    #[test]
    fn the_two_issuances() {
        let found: Vec<_> = issuances().map(|(c, m, i)| (c, m.date, m.joint_committee, i.project, i.credits, i.japan_itmos)).collect();
        assert_eq!(found, [("TH", "2025-10-30", Some(7), "TH014", 2017, 1009), ("MV", "2025-12-16", Some(5), "MV002", 750, 433)]);
    }

    #[test]
    fn ordinals() {
        let got: Vec<_> = [1, 2, 3, 4, 5, 10, 11, 12, 13, 21, 22, 101, 111].into_iter().map(ordinal).collect();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "5th", "10th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
    }
}
