//! The JCM partner countries, their signing dates and their Article-6 status, from the METI
//! briefing of 14 Jan 2026 as summarised in domain.md §9. `calc` uses the status for the ITMO
//! flag; a project may override it (`[article6] partner_aligned`) when the table is out of date.

use serde::Serialize;

/// Where a partner stands on the Article-6 aligned JCM rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Article6Status {
    /// Aligned rules (with PIN rules) adopted by the Joint Committee.
    Aligned,
    /// The first Joint Committee has not met yet.
    FirstJcPending,
    /// The rules are to be revised for Article 6.
    RevisionPending,
    /// Not a partner yet, named as a candidate.
    Candidate,
}

impl Article6Status {
    pub fn label(self) -> &'static str {
        match self {
            Article6Status::Aligned => "aligned rules adopted",
            Article6Status::FirstJcPending => "first JC pending",
            Article6Status::RevisionPending => "revision pending",
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
    pub status: Article6Status,
}

use Article6Status::{Aligned, Candidate, FirstJcPending, RevisionPending};

const fn c(code: &'static str, name: &'static str, signed: &'static str, status: Article6Status) -> Country {
    Country { code, name, signed: Some(signed), status }
}

/// The 31 partners in signing order, then the candidates.
pub const COUNTRIES: &[Country] = &[
    c("MN", "Mongolia", "2013-01-08", RevisionPending),
    c("BD", "Bangladesh", "2013-03-19", RevisionPending),
    c("ET", "Ethiopia", "2013-05-27", RevisionPending),
    c("KE", "Kenya", "2013-06-12", RevisionPending),
    c("MV", "Maldives", "2013-06-29", Aligned),
    c("VN", "Viet Nam", "2013-07-02", RevisionPending),
    c("LA", "Lao PDR", "2013-08-07", RevisionPending),
    c("ID", "Indonesia", "2013-08-26", Aligned),
    c("CR", "Costa Rica", "2013-12-09", RevisionPending),
    c("PW", "Palau", "2014-01-13", RevisionPending),
    c("KH", "Cambodia", "2014-04-11", RevisionPending),
    c("MX", "Mexico", "2014-07-25", RevisionPending),
    c("SA", "Saudi Arabia", "2015-05-13", RevisionPending),
    c("CL", "Chile", "2015-05-26", RevisionPending),
    c("MM", "Myanmar", "2015-09-16", RevisionPending),
    c("TH", "Thailand", "2015-11-19", Aligned),
    c("PH", "Philippines", "2017-01-12", Aligned),
    c("SN", "Senegal", "2022-08-25", Aligned),
    c("TN", "Tunisia", "2022-08-26", Aligned),
    c("AZ", "Azerbaijan", "2022-09-05", FirstJcPending),
    c("MD", "Moldova", "2022-09-06", Aligned),
    c("GE", "Georgia", "2022-09-13", Aligned),
    c("LK", "Sri Lanka", "2022-10-10", Aligned),
    c("UZ", "Uzbekistan", "2022-10-25", Aligned),
    c("PG", "Papua New Guinea", "2022-11-18", Aligned),
    c("AE", "United Arab Emirates", "2023-04-16", FirstJcPending),
    c("KG", "Kyrgyz Republic", "2023-07-06", Aligned),
    c("KZ", "Kazakhstan", "2023-10-30", Aligned),
    c("UA", "Ukraine", "2024-02-19", FirstJcPending),
    c("TZ", "Tanzania", "2025-05-28", Aligned),
    c("IN", "India", "2025-08-07", RevisionPending),
    Country { code: "BR", name: "Brazil", signed: None, status: Candidate },
    Country { code: "MY", name: "Malaysia", signed: None, status: Candidate },
];

impl Country {
    /// Where the bilateral document was signed, when the source says so. domain.md §9 names one
    /// place only (Tunis, for Tunisia); the others are left empty rather than guessed.
    pub fn place(&self) -> Option<&'static str> {
        match self.code {
            "TN" => Some("Tunis"),
            _ => None,
        }
    }

    /// A partner country (not a candidate).
    pub fn is_partner(&self) -> bool {
        self.status != Candidate
    }
}

/// Where the table comes from, for the output.
pub const SOURCE: &str = "METI briefing of 14 Jan 2026 on the JCM (domain.md §9)";

/// Look a country up by ISO code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// A partner (not a candidate) with this code.
pub fn partner(code: &str) -> Option<&'static Country> {
    find(code).filter(|c| c.status != Candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_one_partners_fourteen_aligned() {
        assert_eq!(COUNTRIES.iter().filter(|c| c.status != Candidate).count(), 31);
        assert_eq!(COUNTRIES.iter().filter(|c| c.status == Aligned).count(), 14);
        assert_eq!(COUNTRIES.iter().filter(|c| c.status == FirstJcPending).count(), 3);
        assert_eq!(partner("th").map(|c| c.name), Some("Thailand"));
        assert!(partner("BR").is_none());
        assert_eq!(find("TN").and_then(Country::place), Some("Tunis"));
        assert_eq!(COUNTRIES.iter().filter_map(Country::place).count(), 1, "places only where the source names them");
    }
}
