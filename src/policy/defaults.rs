//! The default of every policy constant, with its source and how sure the source is. Commands
//! resolve each against the file and the command line ([`super::pick`]); reports list them.

use super::{BRIEFING, Confidence, Reference};

const fn briefing(cite: &'static str) -> Reference {
    Reference { confidence: Confidence::Briefing, cite }
}

// --- jcm appraise: the MOEJ equipment subsidy -------------------------------------------------

/// 原則として費用対効果4千円/tCO2 (some technologies and countries excepted).
pub const COST_THRESHOLD: &str = "4000";
pub const COST_REF: Reference =
    briefing("METI briefing on the JCM, 14 Jan 2026: MOEJ equipment subsidy, cost-effectiveness 4,000 JPY/tCO2 in principle");
pub const PAYBACK_MIN: &str = "3";
pub const PAYBACK_REF: Reference =
    briefing("METI briefing on the JCM, 14 Jan 2026: MOEJ equipment subsidy, payback of 3 years or more as a guide");
/// The briefing gives the ends (50%, 20%, none from 10); the tiers between are not published.
pub const CAPS: &str = "0:50%, 1:40%, 4:30%, 7:20%, 10:none";
pub const CAPS_REF: Reference = Reference {
    confidence: Confidence::Assumption,
    cite: "METI briefing on the JCM, 14 Jan 2026: at most 1/2, 50% to 20% by the country's similar projects, none from 10; the tiers between are not published (assumed)",
};
pub const JAPAN_SHARE_MIN: &str = "50%";
pub const JAPAN_SHARE_REF: Reference = Reference {
    confidence: Confidence::Official,
    cite: "at least half of the credits to the Government of Japan: https://www.mofa.go.jp/mofaj/ic/ch/page22_002709.html",
};

// --- jcm appraise: the Global South co-creation subsidy ----------------------------------------

pub const GS_RATE: &str = "1/2";
pub const GS_RATE_SME: &str = "2/3";
pub const GS_RATE_REF: Reference =
    briefing("METI briefing on the JCM, 14 Jan 2026: Global South co-creation subsidy, rate 1/2 (2/3 for SMEs)");
pub const GS_AMOUNT_REF: Reference = briefing(
    "METI briefing on the JCM, 14 Jan 2026: Global South co-creation subsidy, large demonstration 0.5-4 bn JPY, small demonstration up to 0.5 bn JPY, FS up to 0.1 bn JPY",
);

// --- jcm offset --------------------------------------------------------------------------------

pub const BCI: &str = "online.bci.co.jp article 4398";
pub const SHULMAN: &str = "https://shulman-advisory.com/?p=5614";
pub const SANTEIKOHYO: &str = "https://ghg-santeikohyo.env.go.jp/about";

pub const GX_FORMULA_REF: Reference = briefing("METI briefing on the JCM, 14 Jan 2026: GX-ETS page");
pub const CREDIT_CAP: &str = "10%";
pub const CREDIT_CAP_REF: Reference = Reference {
    confidence: Confidence::Secondary,
    cite: "credits usable up to 10% of the year's emissions, as summarised by online.bci.co.jp article 4398 and https://esgjournaljapan.com/domestic-news/46669",
};
pub const OBLIGATION_THRESHOLD: &str = "100000";
pub const OBLIGATION_REF: Reference = Reference {
    confidence: Confidence::Secondary,
    cite: "obligatory above 100,000 t direct CO2 (METI briefing); the mean of the three previous fiscal years, as summarised by online.bci.co.jp article 4398 and https://www.zeiken.co.jp/keieizaimu/article/no3726/ZA00037261001.php",
};
pub const PRICE_BASE_YEAR: i32 = 2026;
pub const PRICE_FLOOR: &str = "1700";
pub const PRICE_CEILING: &str = "4300";
pub const PRICE_ESCALATION: &str = "3%";
pub const PRICE_REF: Reference = Reference {
    confidence: Confidence::Secondary,
    cite: "FY2026 corridor 1,700-4,300 JPY/t, then +3% a year in real terms plus inflation (FY2030 outlook 1,913-4,840): https://shulman-advisory.com/?p=5614",
};
pub const SHK_FORMULA_REF: Reference = briefing("METI briefing on the JCM, 14 Jan 2026: SHK page");
pub const REPORT_TONNES: &str = "3000";
pub const REPORT_EMPLOYEES: &str = "21";
pub const REPORT_KL: &str = "1500";
pub const SHK_THRESHOLD_REF: Reference = Reference {
    confidence: Confidence::Official,
    cite: "energy-origin CO2: 1,500 kL crude-oil equivalent a year; other gases: 3,000 tCO2e and 21 employees: https://ghg-santeikohyo.env.go.jp/about",
};
pub const ROUNDING_REF: Reference = Reference {
    confidence: Confidence::Assumption,
    cite: "jcm's rounding: allowances up to whole tonnes, money half-up to whole yen, usable credits down to whole credits",
};

/// The briefing, for rows that cite it alone.
pub const BRIEFING_REF: Reference = briefing(BRIEFING);
