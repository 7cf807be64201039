//! The partner-country table as a table, JSON and tidy CSV (one country per row, ISO dates).

use super::json::FORMAT_VERSION;
use super::words::new_table;
use super::words::word;
use crate::countries::{Article6Status, COUNTRIES, Country, SOURCE};
use serde::Serialize;

#[derive(Serialize)]
struct Doc {
    format_version: u32,
    source: &'static str,
    countries: Vec<CountryJson>,
}

#[derive(Serialize)]
struct CountryJson {
    code: &'static str,
    name: &'static str,
    partner: bool,
    signed: Option<&'static str>,
    place: Option<&'static str>,
    article6_status: Article6Status,
    article6: &'static str,
}

fn json_row(c: &Country) -> CountryJson {
    CountryJson {
        code: c.code,
        name: c.name,
        partner: c.is_partner(),
        signed: c.signed,
        place: c.place(),
        article6_status: c.status,
        article6: c.status.label(),
    }
}

pub fn json() -> String {
    let doc = Doc { format_version: FORMAT_VERSION, source: SOURCE, countries: COUNTRIES.iter().map(json_row).collect() };
    super::json::pretty(&doc)
}

pub const CSV_HEADER: &[&str] = &["code", "name", "partner", "signed", "place", "article6_status"];

pub fn csv() -> String {
    let rows = COUNTRIES.iter().map(|c| {
        [
            c.code.to_string(),
            c.name.to_string(),
            c.is_partner().to_string(),
            c.signed.unwrap_or_default().to_string(),
            c.place().unwrap_or_default().to_string(),
            word(c.status),
        ]
    });
    super::csv::document(CSV_HEADER, rows)
}

pub fn table() -> String {
    let partners: Vec<&Country> = COUNTRIES.iter().filter(|c| c.is_partner()).collect();
    let count = |s: Article6Status| partners.iter().filter(|c| c.status == s).count();
    let mut out = format!("JCM partner countries, in signing order. Source: {SOURCE}\n");
    let mut t = new_table(&["#", "Code", "Country", "Signed", "Place", "Article 6"], &[0]);
    for (i, c) in partners.iter().enumerate() {
        t.add_row(vec![
            (i + 1).to_string(),
            c.code.into(),
            c.name.into(),
            c.signed.unwrap_or_default().into(),
            c.place().unwrap_or_default().into(),
            c.status.label().into(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(&format!(
        "{} partners: {} with Article-6 aligned rules adopted, {} waiting for their first Joint Committee, {} waiting for a revision of their rules.\n",
        partners.len(),
        count(Article6Status::Aligned),
        count(Article6Status::FirstJcPending),
        count(Article6Status::RevisionPending)
    ));
    let candidates: Vec<String> = COUNTRIES.iter().filter(|c| !c.is_partner()).map(|c| format!("{} ({})", c.name, c.code)).collect();
    out.push_str(&format!("Candidates: {}.\n", candidates.join(", ")));
    out.push_str(
        "Japan's credits from an authorized project in a partner with aligned rules, vintage 2021 or later, are ITMOs; \
         a project may override the table with [article6] partner_aligned.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_keys_are_kebab_case() {
        assert_eq!(word(Article6Status::FirstJcPending), "first-jc-pending");
        assert_eq!(word(Article6Status::Aligned), "aligned");
    }

    #[test]
    fn csv_has_one_row_per_country() {
        let text = csv();
        assert_eq!(text.lines().count(), 1 + COUNTRIES.len());
        assert!(text.contains("\nTN,Tunisia,true,2022-08-26,Tunis,aligned\n"), "{text}");
        assert!(text.contains("\nBR,Brazil,false,,,candidate\n"), "{text}");
    }
}
