//! The support programmes of the METI briefing of 14 Jan 2026 (docs/domain.md §6), as stated:
//! who runs each, in what form, its cap, share or rate, duration and eligibility. One table, so
//! that `jcm programmes` and `jcm appraise --programme` read the same figures.
//!
//! Where the briefing does not name a programme's form, the form given is inferred and the
//! row's `form_stated` says so.

use super::{BRIEFING, Confidence, Reference};
use serde::Serialize;

/// Who funds a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Ministry {
    #[serde(rename = "METI")]
    Meti,
    #[serde(rename = "NEDO")]
    Nedo,
    #[serde(rename = "MOEJ")]
    Moej,
}

impl Ministry {
    pub fn label(self) -> &'static str {
        match self {
            Ministry::Meti => "METI (Ministry of Economy, Trade and Industry)",
            Ministry::Nedo => "NEDO (under METI)",
            Ministry::Moej => "MOEJ (Ministry of the Environment)",
        }
    }
}

/// How the money is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// A share of the cost, paid to the company (補助).
    Subsidy,
    /// Work commissioned and paid in full by the government body (委託).
    Commission,
    Grant,
    TechnicalCooperation,
}

/// One support menu of the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Programme {
    pub id: &'static str,
    pub name: &'static str,
    pub ministry: Ministry,
    pub form: Form,
    /// Whether the briefing names the form (otherwise it is inferred, see `notes`).
    pub form_stated: bool,
    /// The most a project may receive, in JPY; `None` when the cap is a share of the cost.
    pub cap_jpy: Option<i64>,
    /// The least, for a scale with a range (Global South large demonstration: 0.5 bn JPY).
    pub min_jpy: Option<i64>,
    /// Share of the cost borne, or the subsidy rate, as stated.
    pub rate: &'static str,
    pub duration: &'static str,
    pub eligibility: &'static str,
    pub notes: &'static str,
}

/// The source of every row.
pub const SOURCE: Reference = Reference { confidence: Confidence::Briefing, cite: BRIEFING };

/// The date of the briefing, which every figure of the table carries.
pub const AS_OF: &str = "2026-01-14";

/// What the briefing says about the credits of a supported project.
pub const CREDITS_TO_JAPAN: &str =
    "Government support in a private JCM project is expected to come back as credits allocated to the Government of Japan.";

const M: i64 = 1_000_000;

/// Every support menu, in the briefing's order.
pub const PROGRAMMES: &[Programme] = &[
    Programme {
        id: "meti-feasibility-study",
        name: "JCM feasibility study",
        ministry: Ministry::Meti,
        form: Form::Commission,
        form_stated: false,
        cap_jpy: Some(15 * M),
        min_jpy: None,
        rate: "not stated",
        duration: "up to 1 year",
        eligibility: "not stated",
        notes: "form inferred: a study the ministry commissions",
    },
    Programme {
        id: "nedo-methodology",
        name: "Methodology development",
        ministry: Ministry::Nedo,
        form: Form::Commission,
        form_stated: false,
        cap_jpy: Some(20 * M),
        min_jpy: None,
        rate: "not stated",
        duration: "up to 1 year",
        eligibility: "not stated",
        notes: "form inferred: work NEDO commissions",
    },
    Programme {
        id: "nedo-design-study",
        name: "Demonstration: design study",
        ministry: Ministry::Nedo,
        form: Form::Commission,
        form_stated: false,
        cap_jpy: Some(50 * M),
        min_jpy: None,
        rate: "NEDO bears 100%",
        duration: "up to 1 year",
        eligibility: "not stated",
        notes: "FY2025 budget of the demonstration programme 1.2 bn JPY; form inferred from NEDO bearing 100%",
    },
    Programme {
        id: "nedo-demonstration",
        name: "Demonstration",
        ministry: Ministry::Nedo,
        form: Form::Commission,
        form_stated: false,
        cap_jpy: Some(1_000 * M),
        min_jpy: None,
        rate: "NEDO bears 100%",
        duration: "up to 3 years",
        eligibility: "not stated",
        notes: "FY2025 budget of the demonstration programme 1.2 bn JPY; form inferred from NEDO bearing 100%",
    },
    Programme {
        id: "nedo-follow-up",
        name: "Demonstration: quantification follow-up",
        ministry: Ministry::Nedo,
        form: Form::Commission,
        form_stated: false,
        cap_jpy: Some(20 * M),
        min_jpy: None,
        rate: "NEDO bears 100%",
        duration: "up to 2 years",
        eligibility: "not stated",
        notes: "form inferred from NEDO bearing 100%",
    },
    Programme {
        id: "nedo-quantification",
        name: "Quantification support (JCM crediting, MRV)",
        ministry: Ministry::Nedo,
        form: Form::Commission,
        form_stated: false,
        cap_jpy: Some(100 * M),
        min_jpy: None,
        rate: "not stated",
        duration: "up to 4 years",
        eligibility: "projects without other government JCM funding",
        notes: "form inferred: work NEDO commissions",
    },
    Programme {
        id: "moej-equipment",
        name: "JCM equipment subsidy (model projects)",
        ministry: Ministry::Moej,
        form: Form::Subsidy,
        form_stated: true,
        cap_jpy: None,
        min_jpy: None,
        rate: "up to 1/2 of the investment: 50% to 20% by similar projects in the country, none from 10",
        duration: "up to 3 years of works",
        eligibility: "cost-effectiveness 4,000 JPY/tCO2 in principle; payback of 3 years or more as a guide; credits delivered to the Government of Japan",
        notes: "FY2025: 11.4 bn JPY over three years for projects starting that year; record to 2026-01-09: 275 projects selected in 20 of 31 partners",
    },
    Programme {
        id: "global-south-large",
        name: "Global South co-creation subsidy: large demonstration",
        ministry: Ministry::Meti,
        form: Form::Subsidy,
        form_stated: true,
        cap_jpy: Some(4_000 * M),
        min_jpy: Some(500 * M),
        rate: "1/2 (2/3 for SMEs)",
        duration: "up to 3 years",
        eligibility: "not stated",
        notes: "0.5 to 4 bn JPY",
    },
    Programme {
        id: "global-south-small",
        name: "Global South co-creation subsidy: small demonstration",
        ministry: Ministry::Meti,
        form: Form::Subsidy,
        form_stated: true,
        cap_jpy: Some(500 * M),
        min_jpy: None,
        rate: "1/2 (2/3 for SMEs)",
        duration: "about 1 year",
        eligibility: "not stated",
        notes: "",
    },
    Programme {
        id: "global-south-fs",
        name: "Global South co-creation subsidy: feasibility study",
        ministry: Ministry::Meti,
        form: Form::Subsidy,
        form_stated: true,
        cap_jpy: Some(100 * M),
        min_jpy: None,
        rate: "1/2 (2/3 for SMEs)",
        duration: "about 1 year",
        eligibility: "not stated",
        notes: "",
    },
];

/// A programme by id.
pub fn find(id: &str) -> Option<&'static Programme> {
    PROGRAMMES.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cap as the briefing states it (docs/domain.md §9).
    #[test]
    fn caps_are_the_briefings() {
        let cap = |id: &str| find(id).expect(id).cap_jpy;
        assert_eq!(cap("meti-feasibility-study"), Some(15_000_000));
        assert_eq!(cap("nedo-methodology"), Some(20_000_000));
        assert_eq!(cap("nedo-design-study"), Some(50_000_000));
        assert_eq!(cap("nedo-demonstration"), Some(1_000_000_000));
        assert_eq!(cap("nedo-follow-up"), Some(20_000_000));
        assert_eq!(cap("nedo-quantification"), Some(100_000_000));
        assert_eq!(cap("moej-equipment"), None);
        assert_eq!(cap("global-south-large"), Some(4_000_000_000));
        assert_eq!(find("global-south-large").unwrap().min_jpy, Some(500_000_000));
        assert_eq!(cap("global-south-small"), Some(500_000_000));
        assert_eq!(cap("global-south-fs"), Some(100_000_000));
        let ids: std::collections::HashSet<_> = PROGRAMMES.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), PROGRAMMES.len(), "ids are unique");
    }
}
