//! `jcm verify`: right figures pass at the precision they were written, wrong ones are caught
//! and located, a tolerance widens the match, and a second party's JSON is accepted.

use super::case::{jcm, root};

const PROJECT: &str = "examples/th014-floating-solar";

/// A reported-figures file in a fresh temporary folder; returns its path.
fn reported(name: &str, text: &str) -> String {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("jcm-verify-{name}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write reported file");
    path.to_str().expect("utf-8 path").to_string()
}

#[test]
fn figures_pass_at_the_precision_they_were_written() {
    // The exact RE is 2017.55: it is 2017.6 at one decimal, 2017.55 at two, 2018 as a whole.
    for (re, ok) in
        [("\"2017.6\"", true), ("\"2017.55\"", true), ("\"2017.550\"", true), ("2018", true), ("\"2017.5\"", false), ("\"2017.56\"", false)]
    {
        let f = reported("precision.toml", &format!("[[periods]]\nid = \"MP1\"\nRE = {re}\nER = 2017\n"));
        let r = jcm(&["verify", PROJECT, "--reported", &f]);
        assert_eq!(r.code, if ok { 0 } else { 1 }, "RE = {re}\n{}{}", r.stdout, r.stderr);
    }
}

#[test]
fn a_wrong_figure_is_caught_shown_and_located() {
    let f = reported("wrong.toml", "[[periods]]\nid = \"MP1\"\nRE = \"2017.55\"\nER = 2071\n");
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("DIFFERS"), "{}", r.stdout);
    assert!(r.stdout.contains("Result: 1 of 2 reported figures do not match: MP1 ER."), "{}", r.stdout);
    assert!(
        r.stderr.contains("error[JCM-E053]: MP1 ER: reported 2071, recomputed 2017 (whole tCO2, rounded down); difference +54"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("wrong.toml:4:6"), "{}", r.stderr);
}

/// The CSV is for programs, like the JSON: a verdict is the same word in both (`differs`,
/// `within-tolerance`), not the table's words for people (`DIFFERS`).
#[test]
fn the_csv_verdicts_are_the_json_verdicts() {
    let f = reported("csv-verdicts.toml", "[[periods]]\nid = \"MP1\"\nRE = \"2017.55\"\nPE = 1\nER = 2020\n");
    let args = ["verify", PROJECT, "--reported", &f, "--tolerance", "1"];
    let csv = jcm(&[&args[..], &["--format", "csv"]].concat());
    let json: serde_json::Value = serde_json::from_str(&jcm(&[&args[..], &["--format", "json"]].concat()).stdout).expect("json");
    let from_json: Vec<String> =
        json["figures"].as_array().expect("figures").iter().map(|f| f["verdict"].as_str().expect("verdict").to_string()).collect();
    let from_csv: Vec<String> = csv.stdout.lines().skip(1).map(|l| l.rsplit(',').next().expect("verdict").to_string()).collect();
    assert_eq!(from_json, ["match", "within-tolerance", "differs"]);
    assert_eq!(from_csv, from_json, "{}", csv.stdout);
}

#[test]
fn a_tolerance_widens_the_match_absolute_or_relative() {
    let f = reported("near.toml", "[[periods]]\nid = \"MP1\"\nER = 2020\n");
    assert_eq!(jcm(&["verify", PROJECT, "--reported", &f]).code, 1);
    let r = jcm(&["verify", PROJECT, "--reported", &f, "--tolerance", "3"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("within tolerance") && r.stderr.contains("warning[JCM-W015]"), "{}{}", r.stdout, r.stderr);
    assert_eq!(jcm(&["verify", PROJECT, "--reported", &f, "--tolerance", "2.9"]).code, 1);
    // 0.15% of 2,017 is 3.0255; 0.1% is 2.017.
    assert_eq!(jcm(&["verify", PROJECT, "--reported", &f, "--tolerance", "0.15%"]).code, 0);
    assert_eq!(jcm(&["verify", PROJECT, "--reported", &f, "--tolerance", "0.1%"]).code, 1);
    assert_eq!(jcm(&["verify", PROJECT, "--reported", &f, "--tolerance", "a lot"]).code, 2);
}

#[test]
fn a_second_partys_json_is_accepted_and_its_inputs_compared() {
    let run = jcm(&["calc", PROJECT, "--format", "json"]);
    let f = reported("theirs.json", &run.stdout);
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("credits"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("same SHA-256").count(), 3, "{}", r.stdout);
    let tampered = reported("tampered.json", &run.stdout.replace("\"credits\": 2017", "\"credits\": 2117"));
    let r = jcm(&["verify", PROJECT, "--reported", &tampered, "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["passes"], false);
    let credits = v["figures"].as_array().expect("figures").iter().find(|f| f["figure"] == "credits").expect("credits row");
    assert_eq!((credits["reported"].as_str(), credits["verdict"].as_str()), (Some("2117"), Some("differs")));
}

#[test]
fn reported_periods_must_be_the_projects() {
    let f = reported("unknown.toml", "project = \"TH014\"\n[[periods]]\nid = \"MP9\"\nER = 1\n");
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[JCM-E052]: period `MP9` is reported but is not a period of TH014"), "{}", r.stderr);
    assert!(r.stderr.contains("warning[JCM-W014]"), "{}", r.stderr);
    let f = reported("other.toml", "project = \"TH015\"\n[[periods]]\nid = \"MP1\"\nER = 2017\n");
    assert_eq!(jcm(&["verify", PROJECT, "--reported", &f]).code, 1);
    let f = reported("broken.toml", "[[periods]]\nid = \"MP1\"\nER = \"lots\"\n");
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(root().join(PROJECT).join("reported.toml").is_file());
}

#[test]
fn verify_explain_appends_the_trace() {
    let r = jcm(&["verify", PROJECT, "--reported", "examples/th014-floating-solar/reported.toml", "--explain"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Trace of period MP1") && r.stdout.contains("RE_i[i] [tCO2] = EG[i] * EF_RE[i]"), "{}", r.stdout);
}
