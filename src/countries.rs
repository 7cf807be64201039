//! The JCM partner countries: signing dates and places, Article-6 status and Joint Committee
//! milestones ([`milestones`]), from the METI briefing of 14 Jan 2026 as summarised in
//! domain.md §9. `calc` uses the status for the ITMO flag; a project may override it
//! (`[article6] partner_aligned`) when the table is out of date. Nothing here is inferred: a
//! fact the briefing does not state (Saudi Arabia's place, Myanmar's status) is left unstated.

pub mod milestones;

pub use milestones::{Event, Issuance, Milestone};
use serde::Serialize;

/// Where a partner stands on the Article-6 aligned JCM rules: the briefing's three lists, the
/// one partner it leaves out of them, and the candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Article6Status {
    /// Aligned rules (with PIN rules) adopted by the Joint Committee.
    Aligned,
    /// The first Joint Committee has not met yet.
    FirstJcPending,
    /// A revision of the rules for Article 6 is being prepared.
    RevisionPending,
    /// A partner that none of the briefing's three lists names (Myanmar).
    NotStated,
    /// Not a partner yet, named as a candidate.
    Candidate,
}

impl Article6Status {
    pub fn label(self) -> &'static str {
        match self {
            Article6Status::Aligned => "aligned rules adopted",
            Article6Status::FirstJcPending => "first JC pending",
            Article6Status::RevisionPending => "rule revision being prepared",
            Article6Status::NotStated => "not stated in the briefing",
            Article6Status::Candidate => "candidate",
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    pub name: &'static str,
    /// Date the bilateral document was signed (None for candidates).
    pub signed: Option<&'static str>,
    /// Where it was signed, as the briefing gives it (None where it gives no place).
    pub place: Option<&'static str>,
    pub status: Article6Status,
    /// What the briefing says about the entry itself, when that needs saying.
    pub note: Option<&'static str>,
}

use Article6Status::{Aligned, Candidate, FirstJcPending, NotStated, RevisionPending};

const fn c(code: &'static str, name: &'static str, signed: &'static str, place: &'static str, status: Article6Status) -> Country {
    Country { code, name, signed: Some(signed), place: Some(place), status, note: None }
}

const fn candidate(code: &'static str, name: &'static str) -> Country {
    Country { code, name, signed: None, place: None, status: Candidate, note: None }
}

/// The 31 partners in signing order, then the candidates.
pub const COUNTRIES: &[Country] = &[
    c("MN", "Mongolia", "2013-01-08", "Ulaanbaatar", RevisionPending),
    c("BD", "Bangladesh", "2013-03-19", "Dhaka", RevisionPending),
    c("ET", "Ethiopia", "2013-05-27", "Addis Ababa", RevisionPending),
    c("KE", "Kenya", "2013-06-12", "Nairobi", RevisionPending),
    c("MV", "Maldives", "2013-06-29", "Okinawa", Aligned),
    Country {
        note: Some("the briefing's photo for Viet Nam is of the October 2021 signing that extended the JCM's implementation period"),
        ..c("VN", "Viet Nam", "2013-07-02", "Hanoi", RevisionPending)
    },
    c("LA", "Lao PDR", "2013-08-07", "Vientiane", RevisionPending),
    c("ID", "Indonesia", "2013-08-26", "Jakarta", Aligned),
    c("CR", "Costa Rica", "2013-12-09", "Tokyo", RevisionPending),
    c("PW", "Palau", "2014-01-13", "Ngerulmud", RevisionPending),
    c("KH", "Cambodia", "2014-04-11", "Phnom Penh", RevisionPending),
    c("MX", "Mexico", "2014-07-25", "Mexico City", RevisionPending),
    // The briefing gives Saudi Arabia's date but no place.
    Country { code: "SA", name: "Saudi Arabia", signed: Some("2015-05-13"), place: None, status: RevisionPending, note: None },
    c("CL", "Chile", "2015-05-26", "Santiago", RevisionPending),
    Country {
        note: Some("none of the briefing's three Article-6 lists names Myanmar"),
        ..c("MM", "Myanmar", "2015-09-16", "Nay Pyi Taw", NotStated)
    },
    c("TH", "Thailand", "2015-11-19", "Tokyo", Aligned),
    c("PH", "Philippines", "2017-01-12", "Manila", Aligned),
    c("SN", "Senegal", "2022-08-25", "Dakar", Aligned),
    Country {
        note: Some("the briefing labels this entry a second \"Georgia\"; its date and place are Tunisia's"),
        ..c("TN", "Tunisia", "2022-08-26", "Tunis", Aligned)
    },
    c("AZ", "Azerbaijan", "2022-09-05", "Baku", FirstJcPending),
    c("MD", "Moldova", "2022-09-06", "Chisinau", Aligned),
    c("GE", "Georgia", "2022-09-13", "Tbilisi", Aligned),
    c("LK", "Sri Lanka", "2022-10-10", "Colombo", Aligned),
    c("UZ", "Uzbekistan", "2022-10-25", "Tashkent", Aligned),
    c("PG", "Papua New Guinea", "2022-11-18", "Sharm el-Sheikh", Aligned),
    c("AE", "United Arab Emirates", "2023-04-16", "Sapporo", FirstJcPending),
    c("KG", "Kyrgyz Republic", "2023-07-06", "Bishkek", Aligned),
    c("KZ", "Kazakhstan", "2023-10-30", "Astana", Aligned),
    c("UA", "Ukraine", "2024-02-19", "Tokyo", FirstJcPending),
    c("TZ", "Tanzania", "2025-05-28", "Tokyo", Aligned),
    c("IN", "India", "2025-08-07", "Delhi", RevisionPending),
    candidate("BR", "Brazil"),
    candidate("MY", "Malaysia"),
];

impl Country {
    /// A partner country (not a candidate).
    pub fn is_partner(&self) -> bool {
        self.status != Candidate
    }

    /// The country's timeline in date order: the signing (with its place), then what the
    /// briefing reports of its Joint Committees, issuances and, for a candidate, its status.
    pub fn timeline(&self) -> Vec<Milestone> {
        let signing = self.signed.map(|date| Milestone {
            date,
            event: Event::Signed,
            joint_committee: None,
            place: self.place,
            what: "bilateral document signed",
            issuance: None,
        });
        let mut out: Vec<Milestone> = signing.into_iter().chain(milestones::of(self.code).copied()).collect();
        // Dates are ISO (YYYY-MM-DD or YYYY-MM), so text order is date order; stable for ties.
        out.sort_by(|a, b| a.date.cmp(b.date));
        out
    }
}

/// Where the table comes from, for the output.
pub const SOURCE: &str = "METI briefing of 14 Jan 2026 on the JCM (domain.md §9)";
/// The date of that briefing.
pub const SOURCE_DATE: &str = "2026-01-14";

/// Look a country up by ISO code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// Look a country up by its name as the table spells it (case-insensitive), for a hint.
pub fn find_by_name(name: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.name.eq_ignore_ascii_case(name.trim()))
}

/// A partner (not a candidate) with this code.
pub fn partner(code: &str) -> Option<&'static Country> {
    find(code).filter(|c| c.status != Candidate)
}

/// The countries with this status, in table order.
pub fn with_status(status: Article6Status) -> impl Iterator<Item = &'static Country> {
    COUNTRIES.iter().filter(move |c| c.status == status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(status: Article6Status) -> Vec<&'static str> {
        let mut v: Vec<_> = with_status(status).map(|c| c.name).collect();
        v.sort_unstable();
        v
    }

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_unstable();
        v
    }

    /// The briefing's lists, name by name (domain.md §9).
    #[test]
    fn the_briefings_three_lists_and_myanmar() {
        assert_eq!(COUNTRIES.iter().filter(|c| c.is_partner()).count(), 31);
        let aligned = [
            "Tunisia",
            "Sri Lanka",
            "Georgia",
            "Senegal",
            "Thailand",
            "Moldova",
            "Indonesia",
            "Uzbekistan",
            "Papua New Guinea",
            "Kazakhstan",
            "Kyrgyz Republic",
            "Tanzania",
            "Maldives",
            "Philippines",
        ];
        assert_eq!(names(Aligned), sorted(aligned.to_vec()));
        assert_eq!(names(FirstJcPending), sorted(vec!["Azerbaijan", "United Arab Emirates", "Ukraine"]));
        let revision = [
            "Mongolia",
            "Bangladesh",
            "Ethiopia",
            "Kenya",
            "Viet Nam",
            "Lao PDR",
            "Costa Rica",
            "Palau",
            "Cambodia",
            "Mexico",
            "Saudi Arabia",
            "Chile",
            "India",
        ];
        assert_eq!(names(RevisionPending), sorted(revision.to_vec()));
        assert_eq!(names(NotStated), ["Myanmar"]);
        assert_eq!(names(Candidate), ["Brazil", "Malaysia"]);
        assert_eq!(partner("th").map(|c| c.name), Some("Thailand"));
        assert!(partner("BR").is_none());
        assert_eq!(find_by_name(" thailand").map(|c| c.code), Some("TH"));
    }

    #[test]
    fn every_partner_but_saudi_arabia_has_a_place() {
        let without: Vec<_> = COUNTRIES.iter().filter(|c| c.is_partner() && c.place.is_none()).map(|c| c.code).collect();
        assert_eq!(without, ["SA"]);
        assert_eq!(COUNTRIES.iter().filter(|c| c.place.is_some_and(|p| !p.trim().is_empty())).count(), 30);
        assert_eq!(find("TN").and_then(|c| c.place), Some("Tunis"));
        assert_eq!(find("PG").and_then(|c| c.place), Some("Sharm el-Sheikh"));
        assert!(COUNTRIES.iter().filter(|c| !c.is_partner()).all(|c| c.place.is_none() && c.signed.is_none()));
    }

    #[test]
    fn signing_order_and_timelines_in_date_order() {
        let dates: Vec<_> = COUNTRIES.iter().filter_map(|c| c.signed).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "partners in signing order");
        for c in COUNTRIES {
            let t = c.timeline();
            assert!(!t.is_empty(), "{} has a timeline", c.code);
            assert!(t.windows(2).all(|w| w[0].date <= w[1].date), "{}", c.code);
            assert_eq!(t[0].event == Event::Signed, c.is_partner(), "{}", c.code);
        }
        let id: Vec<_> = find("ID").expect("Indonesia").timeline().iter().map(|m| m.date).collect();
        assert_eq!(id, ["2013-08-26", "2024-11", "2024-12-18"]);
    }
}
