//! The partner-country table as a table, JSON and tidy CSV. The list has one country per row;
//! the detail (one country, or `--detail` for all) adds each country's timeline: in CSV one row
//! per milestone, in JSON a `milestones` array per country, for people a table per country.

use super::json::FORMAT_VERSION;
use super::thousands;
use super::words::{new_table, word};
use crate::countries::{Article6Status, COUNTRIES, Country, Event, Milestone, SOURCE, SOURCE_DATE, with_status};
use serde::Serialize;

#[derive(Serialize)]
struct Doc {
    format_version: u32,
    source: &'static str,
    source_date: &'static str,
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
    #[serde(flatten)]
    detail: Option<DetailJson>,
}

#[derive(Serialize)]
struct DetailJson {
    note: Option<&'static str>,
    milestones: Vec<Milestone>,
}

fn json_row(c: &Country, detail: bool) -> CountryJson {
    CountryJson {
        code: c.code,
        name: c.name,
        partner: c.is_partner(),
        signed: c.signed,
        place: c.place,
        article6_status: c.status,
        article6: c.status.label(),
        detail: detail.then(|| DetailJson { note: c.note, milestones: c.timeline() }),
    }
}

pub fn json(countries: &[&Country], detail: bool) -> String {
    let doc = Doc {
        format_version: FORMAT_VERSION,
        source: SOURCE,
        source_date: SOURCE_DATE,
        countries: countries.iter().map(|c| json_row(c, detail)).collect(),
    };
    super::json::pretty(&doc)
}

pub const CSV_HEADER: &[&str] = &["code", "name", "partner", "signed", "place", "article6_status"];

/// The detail CSV: one row per milestone.
pub const DETAIL_CSV_HEADER: &[&str] =
    &["code", "name", "date", "event", "joint_committee", "place", "what", "project", "credits", "japan_itmos"];

pub fn csv(countries: &[&Country], detail: bool) -> String {
    if detail {
        return super::csv::document(DETAIL_CSV_HEADER, countries.iter().flat_map(|c| c.timeline().into_iter().map(|m| detail_row(c, &m))));
    }
    let rows = countries.iter().map(|c| {
        [
            c.code.to_string(),
            c.name.to_string(),
            c.is_partner().to_string(),
            c.signed.unwrap_or_default().to_string(),
            c.place.unwrap_or_default().to_string(),
            word(c.status),
        ]
    });
    super::csv::document(CSV_HEADER, rows)
}

fn detail_row(c: &Country, m: &Milestone) -> [String; 10] {
    let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    [
        c.code.to_string(),
        c.name.to_string(),
        m.date.to_string(),
        word(m.event),
        m.joint_committee.map(|n| n.to_string()).unwrap_or_default(),
        m.place.unwrap_or_default().to_string(),
        m.what.to_string(),
        m.issuance.map(|i| i.project.to_string()).unwrap_or_default(),
        opt(m.issuance.map(|i| i.credits)),
        opt(m.issuance.map(|i| i.japan_itmos)),
    ]
}

/// The list of every country for people, with the counts of the briefing's lists.
pub fn table() -> String {
    let partners: Vec<&Country> = COUNTRIES.iter().filter(|c| c.is_partner()).collect();
    let count = |s: Article6Status| with_status(s).count();
    let mut out = format!("JCM partner countries, in signing order. Source: {SOURCE}\n");
    let mut t = new_table(&["#", "Code", "Country", "Signed", "Place", "Article 6"], &[0]);
    for (i, c) in partners.iter().enumerate() {
        t.add_row(vec![
            (i + 1).to_string(),
            c.code.into(),
            c.name.into(),
            c.signed.unwrap_or_default().into(),
            c.place.unwrap_or_default().into(),
            c.status.label().into(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let unstated: Vec<String> = with_status(Article6Status::NotStated).map(|c| format!("{} ({})", c.name, c.code)).collect();
    out.push_str(&format!(
        "{} partners: {} with Article-6 aligned rules adopted, {} waiting for their first Joint Committee, {} preparing a revision of their rules; the briefing states no status for {}.\n",
        partners.len(),
        count(Article6Status::Aligned),
        count(Article6Status::FirstJcPending),
        count(Article6Status::RevisionPending),
        unstated.join(", "),
    ));
    let candidates: Vec<String> = with_status(Article6Status::Candidate).map(|c| format!("{}: {}", who(c), candidacy(c))).collect();
    out.push_str(&format!("Candidates: {}.\n", candidates.join("; ")));
    out.push_str(
        "Japan's credits from an authorized project in a partner with aligned rules, vintage 2021 or later, are ITMOs; \
         a project may override the table with [article6] partner_aligned.\n\
         `jcm countries CODE` shows a country's Joint Committee milestones and issuances; `--detail` shows every country's.\n",
    );
    out
}

/// Each country's timeline for people, one table per country.
pub fn detail_table(countries: &[&Country]) -> String {
    let sections: Vec<String> = countries.iter().map(|c| section(c)).collect();
    format!("{}Source: {SOURCE}.\n", sections.join("\n"))
}

fn section(c: &Country) -> String {
    let standing = match (c.signed, c.place) {
        (Some(date), Some(place)) => format!("JCM partner since {date} (signed in {place}); Article 6: {}", c.status.label()),
        (Some(date), None) => format!("JCM partner since {date} (the briefing gives no place); Article 6: {}", c.status.label()),
        (None, _) => "candidate, not a JCM partner yet".to_string(),
    };
    let mut out = format!("{}: {standing}.\n", who(c));
    let mut t = new_table(&["Date", "Event", "What"], &[]);
    for m in c.timeline() {
        t.add_row(vec![m.date.to_string(), m.event_label(), what(&m)]);
    }
    out.push_str(&format!("{t}\n"));
    if let Some(note) = c.note {
        out.push_str(&format!("Note: {note}.\n"));
    }
    out
}

fn who(c: &Country) -> String {
    format!("{} ({})", c.name, c.code)
}

/// A milestone's `what`, with the place of a signing and the figures of an issuance.
fn what(m: &Milestone) -> String {
    let mut s = m.what.to_string();
    if let Some(place) = m.place {
        s.push_str(&format!(" in {place}"));
    }
    if let Some(i) = m.issuance {
        s.push_str(&format!(
            ": {}, {} credits, of which {} to Japan as ITMOs",
            i.project,
            thousands(i64::from(i.credits)),
            thousands(i64::from(i.japan_itmos))
        ));
    }
    s
}

/// A candidate's status in words, with its date.
fn candidacy(c: &Country) -> String {
    let said: Vec<String> =
        c.timeline().iter().filter(|m| m.event == Event::Candidacy).map(|m| format!("{} ({})", m.what, m.date)).collect();
    said.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::countries::find;

    fn all() -> Vec<&'static Country> {
        COUNTRIES.iter().collect()
    }

    #[test]
    fn status_keys_are_kebab_case() {
        assert_eq!(word(Article6Status::FirstJcPending), "first-jc-pending");
        assert_eq!(word(Article6Status::Aligned), "aligned");
        assert_eq!(word(Article6Status::NotStated), "not-stated");
        assert_eq!(word(Event::JointCommittee), "joint-committee");
    }

    #[test]
    fn csv_has_one_row_per_country() {
        let text = csv(&all(), false);
        assert_eq!(text.lines().count(), 1 + COUNTRIES.len());
        assert!(text.contains("\nTN,Tunisia,true,2022-08-26,Tunis,aligned\n"), "{text}");
        assert!(text.contains("\nSA,Saudi Arabia,true,2015-05-13,,revision-pending\n"), "{text}");
        assert!(text.contains("\nMM,Myanmar,true,2015-09-16,Nay Pyi Taw,not-stated\n"), "{text}");
        assert!(text.contains("\nBR,Brazil,false,,,candidate\n"), "{text}");
    }

    #[test]
    fn detail_csv_has_one_row_per_milestone() {
        let th = find("TH").expect("Thailand");
        let text = csv(&[th], true);
        assert_eq!(text.lines().count(), 1 + th.timeline().len());
        assert!(text.contains("\nTH,Thailand,2015-11-19,signed,,Tokyo,bilateral document signed,,,\n"), "{text}");
        assert!(text.contains("\nTH,Thailand,2025-10-30,joint-committee,7,,decided issuance from one project,TH014,2017,1009\n"), "{text}");
    }

    #[test]
    fn detail_table_shows_issuances_with_separators() {
        let text = detail_table(&[find("MV").expect("Maldives")]);
        assert!(
            text.starts_with("Maldives (MV): JCM partner since 2013-06-29 (signed in Okinawa); Article 6: aligned rules adopted.\n"),
            "{text}"
        );
        assert!(text.contains("5th Joint Committee"), "{text}");
        assert!(text.contains("decided issuance from one project: MV002, 750 credits, of which 433 to Japan as ITMOs"), "{text}");
    }
}
