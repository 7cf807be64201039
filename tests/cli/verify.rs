//! `jcm verify`: right figures pass at the precision they were written, wrong ones are caught
//! and located, a tolerance widens the match, and a second party's JSON is accepted.

use super::case::{jcm, json, root};

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
        assert_eq!(r.code, i32::from(!ok), "RE = {re}\n{}{}", r.stdout, r.stderr);
    }
}

#[test]
fn a_wrong_figure_is_caught_shown_and_located() {
    let f = reported("wrong.toml", "[[periods]]\nid = \"MP1\"\nRE = \"2017.55\"\nER = 2071\n");
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("DIFFERS"), "{}", r.stdout);
    assert!(r.stdout.contains("Result: 1 of 2 reported figures do not match: MP1 ER (over-statement)."), "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "error[JCM-E053]: MP1 ER: reported 2071, recomputed 2017 (whole tCO2, rounded down); difference +54, an over-statement"
        ),
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
    let from_csv: Vec<String> = csv.stdout.lines().skip(1).map(|l| l.rsplit(',').nth(1).expect("verdict").to_string()).collect();
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

/// A copy of TH014 in a fresh folder, its monitoring CSV passed through `edit`; returns the folder.
fn th014_copy(name: &str, edit: impl Fn(&str) -> String) -> String {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("jcm-verify-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = root().join(PROJECT);
    std::fs::copy(src.join("project.toml"), dir.join("project.toml")).expect("copy");
    let csv = std::fs::read_to_string(src.join("monitoring.csv")).expect("csv");
    std::fs::write(dir.join("monitoring.csv"), edit(&csv)).expect("write");
    dir.to_str().expect("utf-8 path").to_string()
}

/// The verdict column, JSON `direction` and CSV `direction` of every figure, side by side.
fn directions(args: &[&str]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let table = jcm(args).stdout;
    let v = json(&jcm(&[args, &["--format", "json"]].concat()).stdout);
    let csv = jcm(&[args, &["--format", "csv"]].concat()).stdout;
    let from_json = v["figures"].as_array().expect("figures").iter().map(|f| f["direction"].as_str().unwrap_or("").to_string()).collect();
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    assert_eq!(header.last(), Some(&"direction"));
    let from_csv = csv.lines().skip(1).map(|l| l.rsplit(',').next().expect("direction").to_string()).collect();
    let from_table = table
        .lines()
        .filter(|l| l.starts_with("│ "))
        .skip(1)
        .map(|l| {
            let verdict = l.trim_end_matches('│').rsplit('┆').next().expect("verdict").trim();
            verdict.split_once('(').map_or(String::new(), |(_, d)| d.trim_end_matches(')').to_string())
        })
        .collect();
    (from_table, from_json, from_csv)
}

/// Issue case 1: `credits = 2027` against 2,017 with `--tolerance 0.5%` passed as "within
/// tolerance" while the rule line said credits are compared exactly. Credits are compared
/// exactly whatever the tolerance; every difference is labelled over- or under-statement.
#[test]
fn credits_are_compared_exactly_whatever_the_tolerance() {
    let f = reported("credits-over.toml", "[[periods]]\nid = \"MP1\"\nER = 2020\ncredits = 2027\n");
    let r = jcm(&["verify", PROJECT, "--reported", &f, "--tolerance", "0.5%"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("within tolerance (over-statement)"), "ER within the tolerance:\n{}", r.stdout);
    assert!(r.stdout.contains("DIFFERS (over-statement)"), "{}", r.stdout);
    assert!(r.stdout.contains("Result: 1 of 2 reported figures do not match: MP1 credits (over-statement)."), "{}", r.stdout);
    assert!(r.stdout.contains("credits, the reserve, each party's credits, the corresponding adjustment and itmo are compared exactly, whatever the tolerance, which applies to RE, PE and ER only"));
    assert!(r.stderr.contains("difference +10, an over-statement, which no tolerance covers"), "{}", r.stderr);
    // Under-statements are labelled too, in the table, the JSON and the CSV alike.
    let f = reported("credits-under.toml", "[[periods]]\nid = \"MP1\"\nRE = \"2017.5\"\nER = 2017\ncredits = 2007\n");
    let args = ["verify", PROJECT, "--reported", f.as_str(), "--tolerance", "1000"];
    assert_eq!(jcm(&args).code, 1);
    let (table, json, csv) = directions(&args);
    assert_eq!(json, ["under-statement", "", "under-statement"]);
    assert_eq!((&table, &csv), (&json, &json));
}

/// Issue case 3: the allocation of a reported TOML (E003 before) is compared exactly, per period
/// and for the whole report, and shown in the table; an over-statement fails whatever the tolerance.
#[test]
fn a_reported_allocation_is_compared_exactly() {
    let right = "reserve = 0\njapan_government = 1009\npartner_government = 0\nproject_participants = 1008\n\
                 corresponding_adjustment = 1009\nitmo = true\ncredits = 2017\n\
                 [[periods]]\nid = \"MP1\"\nER = 2017\nreserve = 0\njapan_government = 1009\npartner_government = 0\n\
                 project_participants = 1008\ncorresponding_adjustment = 1009\nitmo = true\n";
    let f = reported("allocation.toml", right);
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Result: all 14 reported figures match."), "{}", r.stdout);
    let row = |cells: &[&str]| {
        r.stdout.lines().any(|l| l.split('┆').map(|c| c.trim_matches(|x: char| x == '│' || x == ' ')).eq(cells.iter().copied()))
    };
    assert!(row(&["whole report", "japan_government", "1009", "1,009", "0", "exactly", "match"]), "{}", r.stdout);
    assert!(row(&["MP1", "itmo", "true", "true", "—", "exactly", "match"]), "{}", r.stdout);

    let wrong = right
        .replacen("japan_government = 1009\npartner", "japan_government = 1010\npartner", 1)
        .replace("itmo = true\ncredits", "itmo = false\ncredits");
    let f = reported("allocation-wrong.toml", &wrong);
    let args = ["verify", PROJECT, "--reported", f.as_str(), "--tolerance", "10%"];
    let r = jcm(&args);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Result: 2 of 14 reported figures do not match: whole report japan_government (over-statement), whole report itmo (under-statement)."),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("error[JCM-E053]: whole report itmo: reported false, recomputed true; an under-statement"), "{}", r.stderr);
    let (table, json, csv) = directions(&args);
    assert_eq!(json.iter().filter(|d| !d.is_empty()).collect::<Vec<_>>(), ["over-statement", "under-statement"]);
    assert_eq!((&table, &csv), (&json, &json));
    let v = super::case::json(&jcm(&[&args[..], &["--format", "json"]].concat()).stdout);
    let whole: Vec<&serde_json::Value> = v["figures"].as_array().expect("figures").iter().filter(|f| f["period"].is_null()).collect();
    assert_eq!(whole.len(), 7);
    assert_eq!((whole[6]["figure"].as_str(), whole[6]["recomputed"].as_str()), (Some("itmo"), Some("true")));

    // A party the allocation does not have cannot be compared.
    let f = reported("allocation-party.toml", "[[periods]]\nid = \"MP1\"\nER = 2017\npartner_and_participants = 1008\n");
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("MP1 partner_and_participants: the recomputed allocation has no such party"), "{}", r.stderr);
}

/// Issue case 2: a second party's JSON from data that differs by 0.1 kWh in one reading passed
/// ("all 4 reported figures match") because its exact figures were compared at two decimals.
/// They are compared exactly now, and differing input files fail the verification by themselves.
#[test]
fn a_second_partys_json_is_compared_at_full_precision_and_its_inputs_must_be_ours() {
    let theirs = reported("full-precision.json", &jcm(&["calc", PROJECT, "--format", "json"]).stdout);
    let ours = th014_copy("changed-reading", |csv| csv.replacen("\"206,728.2\"", "\"206,728.3\"", 1));
    let r = jcm(&["verify", &ours, "--reported", &theirs]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("DIFFERS (under-statement)"), "{}", r.stdout);
    assert!(
        r.stderr.contains("MP1 RE: reported 2017.55, recomputed 2017.55004 (exactly); difference -0.00004, an under-statement"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains(&format!("but the reported run read different inputs: monitoring {ours}/monitoring.csv.")), "{}", r.stdout);
    assert!(r.stderr.contains("error[JCM-E054]: the reported run read different inputs"), "{}", r.stderr);
    let v = json(&jcm(&["verify", &ours, "--reported", &theirs, "--format", "json"]).stdout);
    assert_eq!(v["passes"], false);
    assert!(v["verdict"].as_str().is_some_and(|s| s.contains("different inputs")), "{}", v["verdict"]);

    // The same figures from other files: fails unless --allow-different-inputs, which still warns.
    let extra = th014_copy("extra-row", |csv| format!("{csv}2022-01-31,FPV-A,1\n"));
    let r = jcm(&["verify", &extra, "--reported", &theirs]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Result: all 14 reported figures match; but the reported run read different inputs"), "{}", r.stdout);
    let r = jcm(&["verify", &extra, "--reported", &theirs, "--allow-different-inputs"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("(accepted with --allow-different-inputs)."), "{}", r.stdout);
    assert!(r.stderr.contains("warning[JCM-W016]: the reported run read different inputs"), "{}", r.stderr);
}

/// Another jcm or methodology version in the second party's run is stated in the verdict.
#[test]
fn a_different_jcm_or_methodology_version_is_stated() {
    let run = jcm(&["calc", PROJECT, "--format", "json"]).stdout;
    let older = run
        .replace(&format!("\"jcm_version\": \"{}\"", env!("CARGO_PKG_VERSION")), "\"jcm_version\": \"0.0.9\"")
        .replace("\"methodology_version\": \"1.0\"", "\"methodology_version\": \"0.9\"");
    assert_ne!(older, run);
    let f = reported("older.json", &older);
    let r = jcm(&["verify", PROJECT, "--reported", &f]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!("Note: the reported run used jcm 0.0.9, this run jcm {}.", env!("CARGO_PKG_VERSION"))),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Note: the reported run used methodology JCM_TH_AM001 version 0.9, this run JCM_TH_AM001 version 1.0."),
        "{}",
        r.stdout
    );
    let v = json(&jcm(&["verify", PROJECT, "--reported", &f, "--format", "json"]).stdout);
    assert_eq!((v["reported"]["jcm_version"].as_str(), v["reported"]["methodology_version"].as_str()), (Some("0.0.9"), Some("0.9")));
    assert!(v["verdict"].as_str().is_some_and(|s| s.contains("version 0.9")));
}
