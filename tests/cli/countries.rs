//! `jcm countries`: the briefing's lists, signing places and Joint Committee milestones through
//! the binary, checked against the figures of domain.md §9 written out here independently.

use super::{golden, int, jcm, json};
use serde_json::Value;
use std::path::Path;

fn countries(args: &[&str]) -> Vec<Value> {
    let r = jcm(&[&["countries", "--format", "json"], args].concat());
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    json(&r.stdout)["countries"].as_array().expect("countries").clone()
}

fn codes_with(all: &[Value], status: &str) -> Vec<String> {
    all.iter().filter(|c| c["article6_status"] == status).map(|c| c["code"].as_str().expect("code").to_string()).collect()
}

#[test]
fn the_three_lists_myanmar_and_the_candidates_are_counted_as_the_briefing_counts_them() {
    let all = countries(&[]);
    assert_eq!(all.iter().filter(|c| c["partner"] == true).count(), 31);
    assert_eq!(codes_with(&all, "aligned").len(), 14);
    assert_eq!(codes_with(&all, "first-jc-pending"), ["AZ", "AE", "UA"]);
    assert_eq!(codes_with(&all, "revision-pending").len(), 13);
    assert_eq!(codes_with(&all, "not-stated"), ["MM"]);
    assert_eq!(codes_with(&all, "candidate"), ["BR", "MY"]);
    assert!(all.iter().filter(|c| c["article6_status"] == "candidate").all(|c| c["partner"] == false));
    let mm = all.iter().find(|c| c["code"] == "MM").expect("Myanmar");
    assert_eq!(mm["article6"], "not stated in the briefing");
    let table = jcm(&["countries"]).stdout;
    assert!(
        table.contains(
            "31 partners: 14 with Article-6 aligned rules adopted, 3 waiting for their first Joint Committee, \
             13 preparing a revision of their rules; the briefing states no status for Myanmar (MM).\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("│ 15 ┆ MM   ┆ Myanmar              ┆ 2015-09-16 ┆ Nay Pyi Taw     ┆ not stated in the briefing   │"),
        "{table}"
    );
    assert!(table.contains("Candidates: Brazil (BR): JCM named in the 2025–2030 strategic partnership action plan (2025-03); "), "{table}");
    assert!(table.contains("Malaysia (MY): leaders agreed to accelerate talks towards an early signing (2025-10).\n"), "{table}");
}

/// The places as the briefing gives them (domain.md §9); Saudi Arabia has none.
const PLACES: [(&str, &str); 30] = [
    ("MN", "Ulaanbaatar"),
    ("BD", "Dhaka"),
    ("ET", "Addis Ababa"),
    ("KE", "Nairobi"),
    ("MV", "Okinawa"),
    ("VN", "Hanoi"),
    ("LA", "Vientiane"),
    ("ID", "Jakarta"),
    ("CR", "Tokyo"),
    ("PW", "Ngerulmud"),
    ("KH", "Phnom Penh"),
    ("MX", "Mexico City"),
    ("CL", "Santiago"),
    ("MM", "Nay Pyi Taw"),
    ("TH", "Tokyo"),
    ("PH", "Manila"),
    ("SN", "Dakar"),
    ("TN", "Tunis"),
    ("AZ", "Baku"),
    ("MD", "Chisinau"),
    ("GE", "Tbilisi"),
    ("LK", "Colombo"),
    ("UZ", "Tashkent"),
    ("PG", "Sharm el-Sheikh"),
    ("AE", "Sapporo"),
    ("KG", "Bishkek"),
    ("KZ", "Astana"),
    ("UA", "Tokyo"),
    ("TZ", "Tokyo"),
    ("IN", "Delhi"),
];

#[test]
fn thirty_partners_have_their_signing_place_and_saudi_arabia_none() {
    let all = countries(&[]);
    let places: Vec<(&str, &str)> = all.iter().filter_map(|c| Some((c["code"].as_str().expect("code"), c["place"].as_str()?))).collect();
    assert_eq!(places, PLACES);
    let sa = all.iter().find(|c| c["code"] == "SA").expect("Saudi Arabia");
    assert_eq!((sa["signed"].as_str(), &sa["place"]), (Some("2015-05-13"), &Value::Null));
    let csv = jcm(&["countries", "--format", "csv"]).stdout;
    assert!(csv.starts_with("code,name,partner,signed,place,article6_status\n"), "the list's columns are kept");
    assert!(csv.contains("\nPG,Papua New Guinea,true,2022-11-18,Sharm el-Sheikh,aligned\n"), "{csv}");
    assert!(csv.contains("\nSA,Saudi Arabia,true,2015-05-13,,revision-pending\n"), "{csv}");
}

/// Every Joint Committee of domain.md §9: country, date, number, what was decided.
const JOINT_COMMITTEES: [(&str, &str, i64, &str); 12] = [
    ("TH", "2024-09-23", 6, "adopted Article-6 updates of the rules and guidelines"),
    ("TH", "2025-10-30", 7, "decided issuance from one project"),
    ("MD", "2024-09-25", 1, "adopted Article-6 rules"),
    ("ID", "2024-12-18", 10, "adopted Article-6 updates and the CCS/CCUS guidelines"),
    ("KZ", "2025-01-28", 1, "adopted Article-6 rules"),
    ("UZ", "2025-02-26", 1, "adopted Article-6 rules"),
    ("PG", "2025-03-21", 1, "adopted Article-6 rules"),
    ("KG", "2025-05-16", 1, "adopted Article-6 rules"),
    ("TZ", "2025-09-16", 1, "adopted Article-6 rules"),
    ("IN", "2025-09-22", 1, "agreed final coordination towards early adoption"),
    ("PH", "2025-11-06", 2, "adopted Article-6 rules and the REDD+ and afforestation/reforestation guidelines"),
    ("MV", "2025-12-16", 5, "adopted Article-6 rules and decided issuance from one project"),
];

#[test]
fn every_joint_committee_and_issuance_is_in_the_detail() {
    let all = countries(&["--detail"]);
    let mut found = Vec::new();
    let mut issued = Vec::new();
    for c in &all {
        let code = c["code"].as_str().expect("code");
        let ms = c["milestones"].as_array().expect("milestones");
        assert_eq!(ms.iter().filter(|m| m["event"] == "signed").count(), usize::from(c["partner"] == true), "{code}");
        for m in ms.iter().filter(|m| m["event"] == "joint-committee") {
            found.push((code, m["date"].as_str().expect("date"), int(&m["joint_committee"]), m["what"].as_str().expect("what")));
        }
        for m in ms.iter().filter(|m| !m["issuance"].is_null()) {
            let i = &m["issuance"];
            issued.push((
                code,
                m["date"].as_str().expect("date"),
                i["project"].as_str().expect("id"),
                int(&i["credits"]),
                int(&i["japan_itmos"]),
            ));
        }
    }
    found.sort_by_key(|f| (f.1, f.0));
    let mut want = JOINT_COMMITTEES.to_vec();
    want.sort_by_key(|f| (f.1, f.0));
    assert_eq!(found, want);
    assert_eq!(issued, [("MV", "2025-12-16", "MV002", 750, 433), ("TH", "2025-10-30", "TH014", 2017, 1009)]);

    let th = countries(&["th"]);
    assert_eq!(th.len(), 1, "a code picks one country, whatever its case");
    let events: Vec<(&str, &str)> = th[0]["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .map(|m| (m["date"].as_str().expect("d"), m["event"].as_str().expect("e")))
        .collect();
    assert_eq!(
        events,
        [
            ("2015-11-19", "signed"),
            ("2024-07-08", "documents-revised"),
            ("2024-09-23", "joint-committee"),
            ("2025-10-30", "joint-committee")
        ]
    );
    let id = countries(&["ID"]);
    assert!(id[0]["milestones"].as_array().expect("m").iter().any(|m| m["date"] == "2024-11" && m["event"] == "arrangement"));
    for (code, date, what) in [
        ("BR", "2025-03", "JCM named in the 2025–2030 strategic partnership action plan"),
        ("MY", "2025-10", "leaders agreed to accelerate talks towards an early signing"),
    ] {
        let ms = countries(&[code])[0]["milestones"].clone();
        assert_eq!((ms[0]["date"].as_str(), ms[0]["event"].as_str(), ms[0]["what"].as_str()), (Some(date), Some("candidacy"), Some(what)));
    }
}

/// The issuances the briefing reports are what `jcm calc` computes for the bundled examples.
#[test]
fn the_briefings_issuances_match_the_examples() {
    for (code, example) in [("TH", "examples/th014-floating-solar"), ("MV", "examples/mv002-addu-mini-grid")] {
        let ms = countries(&[code])[0]["milestones"].clone();
        let i = ms.as_array().expect("m").iter().find(|m| !m["issuance"].is_null()).expect("an issuance")["issuance"].clone();
        let calc = json(&jcm(&["calc", example, "--format", "json"]).stdout);
        assert_eq!(calc["project"]["id"], i["project"]);
        assert_eq!(int(&calc["issuance"]["credits"]), int(&i["credits"]), "{example}");
        assert_eq!(int(&calc["issuance"]["corresponding_adjustment"]), int(&i["japan_itmos"]), "{example}");
    }
}

#[test]
fn the_detail_matches_its_goldens_and_its_csv_has_one_row_per_milestone() {
    for (format, ext) in [("table", "txt"), ("json", "json"), ("csv", "csv")] {
        let r = jcm(&["countries", "--detail", "--format", format]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""));
        golden(Path::new(&format!("tests/golden/countries-detail.{ext}")), &r.stdout);
    }
    let csv = jcm(&["countries", "--detail", "--format", "csv"]).stdout;
    // 31 signings, 14 later milestones of partners, 2 candidacies.
    assert_eq!(csv.lines().count(), 1 + 31 + 14 + 2);
    assert!(csv.starts_with("code,name,date,event,joint_committee,place,what,project,credits,japan_itmos\n"));
    assert!(csv.contains(
        "\nMV,Maldives,2025-12-16,joint-committee,5,,adopted Article-6 rules and decided issuance from one project,MV002,750,433\n"
    ));
    let one = jcm(&["countries", "MV", "--format", "csv"]).stdout;
    assert_eq!(one.lines().count(), 3, "{one}");
    let table = jcm(&["countries", "TH"]).stdout;
    assert!(table.contains("│ 2025-10-30 ┆ 7th Joint Committee ┆ decided issuance from one project: TH014, 2,017 credits, of which 1,009 to Japan as ITMOs │"), "{table}");
}

#[test]
fn an_unknown_code_is_unusable_input_with_a_hint() {
    let r = jcm(&["countries", "XX"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(
        r.stderr,
        "error: no JCM partner country or candidate has the code `XX`\n  = hint: give an ISO 3166-1 alpha-2 code; `jcm countries` lists the partners and candidates\n"
    );
    let r = jcm(&["countries", "malaysia", "--format", "json"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(r.stderr, "error: no JCM partner country or candidate has the code `malaysia`\n  = hint: Malaysia is `jcm countries MY`\n");
}
