//! ISO 3166-1 alpha-3 codes of Japan, the JCM partner countries and the candidates: the AEF
//! identifies a Party by its alpha-3 code, project.toml and the command line by alpha-2.

const ALPHA3: &[(&str, &str)] = &[
    ("AE", "ARE"),
    ("AZ", "AZE"),
    ("BD", "BGD"),
    ("BR", "BRA"),
    ("CL", "CHL"),
    ("CR", "CRI"),
    ("ET", "ETH"),
    ("GE", "GEO"),
    ("ID", "IDN"),
    ("IN", "IND"),
    ("JP", "JPN"),
    ("KE", "KEN"),
    ("KG", "KGZ"),
    ("KH", "KHM"),
    ("KZ", "KAZ"),
    ("LA", "LAO"),
    ("LK", "LKA"),
    ("MD", "MDA"),
    ("MM", "MMR"),
    ("MN", "MNG"),
    ("MV", "MDV"),
    ("MX", "MEX"),
    ("MY", "MYS"),
    ("PG", "PNG"),
    ("PH", "PHL"),
    ("PW", "PLW"),
    ("SA", "SAU"),
    ("SN", "SEN"),
    ("TH", "THA"),
    ("TN", "TUN"),
    ("TZ", "TZA"),
    ("UA", "UKR"),
    ("UZ", "UZB"),
    ("VN", "VNM"),
];

/// The alpha-3 code of an alpha-2 code of Japan or a partner (`TH` → `THA`).
pub fn alpha3(alpha2: &str) -> Option<&'static str> {
    ALPHA3.iter().find(|(a2, _)| *a2 == alpha2).map(|(_, a3)| *a3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partner_and_candidate_has_an_alpha3_code() {
        for c in crate::countries::COUNTRIES {
            assert!(alpha3(c.code).is_some(), "{} has no alpha-3 code", c.code);
        }
        assert_eq!(alpha3("JP"), Some("JPN"));
        assert_eq!(alpha3("MV"), Some("MDV"));
        assert_eq!(alpha3("XX"), None);
    }
}
