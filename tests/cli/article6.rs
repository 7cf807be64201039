//! `jcm article6`: the AEF records of TH014 and MV002 (the first ITMOs, 1,009 and 433) against
//! their goldens, the totals reconciled with `calc`'s portfolio summary, and unusable requests.

use super::case::{golden, int, jcm, json};
use serde_json::Value;
use std::path::Path;

const TH014: &str = "examples/th014-floating-solar";
const MV002: &str = "examples/mv002-addu-mini-grid";

fn records(party: &str, year: &str, format: &str) -> String {
    let r = jcm(&["article6", TH014, MV002, "--party", party, "--year", year, "--format", format]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "article6 --party {party} --year {year} --format {format}");
    r.stdout
}

fn quantities(doc: &Value) -> Vec<(String, i64, i64)> {
    doc["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| (a["project"].as_str().expect("project").to_string(), int(&a["vintage"]), int(&a["quantity_tco2e"])))
        .collect()
}

#[test]
fn the_first_itmos_match_their_goldens() {
    for (party, ext, format) in [("TH", "txt", "table"), ("MV", "json", "json"), ("JP", "csv", "csv"), ("JP", "txt", "table")] {
        let out = records(party, "2025", format);
        golden(Path::new(&format!("tests/golden/article6-{}-2025.{ext}", party.to_lowercase())), &out);
    }
    let holdings = jcm(&["article6", TH014, MV002, "--party", "JP", "--year", "2025", "--format", "csv", "--table", "holdings"]);
    golden(Path::new("tests/golden/article6-jp-2025-holdings.csv"), &holdings.stdout);
}

#[test]
fn the_published_itmos_are_first_transferred_on_the_joint_committee_dates() {
    let th = json(&records("TH", "2025", "json"));
    assert_eq!(quantities(&th), [("TH014".to_string(), 2021, 1009)]);
    let a = &th["actions"][0];
    assert_eq!((a["action_date"].as_str(), a["action_type"].as_str()), (Some("2025-10-30"), Some("First transfer")));
    assert_eq!((a["first_transferring_party_id"].as_str(), a["acquiring_party_id"].as_str()), (Some("THA"), Some("JPN")));
    assert_eq!((a["first_id"].as_str(), a["last_id"].as_str()), (Some("TH-TH014-2021-000001"), Some("TH-TH014-2021-001009")));
    assert_eq!(a["authorization_id"], "", "not published: left empty");
    assert_eq!(a["cooperative_approach_id"], "JP-TH JCM");
    assert_eq!(int(&th["corresponding_adjustment"]["total"]), 1009);

    let mv = json(&records("MV", "2025", "json"));
    assert_eq!(mv["actions"][0]["action_date"], "2025-12-16");
    assert_eq!(quantities(&mv).iter().map(|q| q.2).sum::<i64>(), 433);
    assert!(mv["holdings"].as_array().expect("holdings").is_empty(), "the partner holds none");

    // Before the issuance decisions: nothing; Japan still holds them at the end of 2026.
    assert!(json(&records("TH", "2024", "json"))["actions"].as_array().expect("actions").is_empty());
    let jp2026 = json(&records("JP", "2026", "json"));
    assert!(jp2026["actions"].as_array().expect("actions").is_empty());
    assert_eq!(jp2026["holdings"].as_array().expect("holdings").iter().map(|h| int(&h["quantity_tco2e"])).sum::<i64>(), 1442);
}

#[test]
fn actions_reconcile_with_the_portfolio_summary() {
    let summary = json(&jcm(&["calc", TH014, MV002, "--summary", "--format", "json"]).stdout);
    let p = &summary["portfolio"];
    let jp = json(&records("JP", "2025", "json"));
    let total: i64 = quantities(&jp).iter().map(|q| q.2).sum();
    // Both projects were issued in calendar 2025 (and in FY2025): every ITMO of the summary.
    assert_eq!(total, int(&p["itmo"]));
    assert_eq!(total, int(&p["by_fiscal_year"]["2025"]["itmo"]));
    assert_eq!(total, int(&jp["corresponding_adjustment"]["total"]));
    for line in p["by_project"].as_array().expect("by_project") {
        let id = line["id"].as_str().expect("id");
        let of: i64 = quantities(&jp).iter().filter(|q| q.0 == id).map(|q| q.2).sum();
        assert_eq!(of, int(&line["itmo"]), "{id}");
    }
    for (party, code) in [("TH", "TH"), ("MV", "MV")] {
        let doc = json(&records(party, "2025", "json"));
        let of: i64 = quantities(&doc).iter().map(|q| q.2).sum();
        assert_eq!(of, int(&p["by_country"][code]["itmo"]), "{party}");
        assert_eq!(of, int(&p["by_country"][code]["corresponding_adjustment"]), "{party}");
    }
}

#[test]
fn an_unknown_party_or_a_broken_project_prints_nothing() {
    let r = jcm(&["article6", TH014, "--party", "XX", "--year", "2025"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("`XX` is neither JP nor a JCM partner country"), "{}", r.stderr);
    let r = jcm(&["article6", TH014, "tests/errors/bad-date", "--party", "TH", "--year", "2025"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("error[JCM-E014]"), "{}", r.stderr);
}

#[test]
fn article6_words_are_checked() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("article6-words");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    let root = super::case::root();
    let toml = std::fs::read_to_string(root.join(TH014).join("project.toml")).expect("toml");
    std::fs::copy(root.join(TH014).join("monitoring.csv"), dir.join("monitoring.csv")).expect("copy");
    let write = |purpose: &str| {
        let t = toml.replace("purpose = \"ndc\"", purpose);
        std::fs::write(dir.join("project.toml"), t).expect("write");
    };
    let path = dir.to_str().expect("utf-8");
    write("purpose = \"ndx\"");
    let r = jcm(&["check", path]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[JCM-E028]: purpose `ndx` is not known"), "{}", r.stderr);
    write("purpose = \"ndc\"\nfirst_transfer = \"issuance\"");
    let r = jcm(&["check", path]);
    assert!(r.stderr.contains("first_transfer applies to OIMP, but the purpose does not include oimp"), "{}", r.stderr);
    write("purpose = [\"ndc\", \"oimp\"]\nfirst_transfer = \"use\"\nauthorization_id = \"TH-A6-0001\"\nauthorization_date = 2025-09-01");
    let r = jcm(&["article6", path, "--party", "TH", "--year", "2025", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = json(&r.stdout);
    let a = &doc["authorizations"][0];
    assert_eq!((a["purposes"].as_str(), a["first_transfer_definition_oimp"].as_str()), (Some("NDC, OIMP"), Some("Use or cancellation")));
    assert_eq!((a["authorization_id"].as_str(), a["date_of_authorization"].as_str()), (Some("TH-A6-0001"), Some("2025-09-01")));
    assert_eq!(doc["actions"][0]["authorization_id"], "TH-A6-0001");
    assert_eq!(doc["actions"][0]["purpose_oimp"], "", "which OIMP is not known");
}
