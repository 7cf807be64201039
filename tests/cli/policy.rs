//! `jcm appraise`, `jcm offset` and `jcm programmes` through the binary: each threshold from
//! both sides (exactly at, just under, just over), the largest admissible subsidy, the worked
//! examples against their goldens, and bad input located with exit 2.

use super::case::{golden, jcm, json};
use serde_json::Value;
use std::path::PathBuf;

const APPRAISE: &str = "examples/appraise-solar-subsidy";
const GX: &str = "examples/offset-gx-ets/gx-ets.toml";
const SHK: &str = "examples/offset-gx-ets/shk.toml";

fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("policy").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch");
    d
}

/// A copy of the appraisal example with its [finance] (and allocation share) replaced.
fn project(name: &str, finance: &str, japan: &str) -> String {
    let dir = scratch(name);
    let toml = std::fs::read_to_string(super::case::root().join(APPRAISE).join("project.toml")).expect("toml");
    let head =
        toml.split("[finance]").next().expect("head").replace("japan_government = \"50%\"", &format!("japan_government = \"{japan}\""));
    std::fs::write(dir.join("project.toml"), format!("{head}[finance]\n{finance}\n")).expect("write");
    dir.to_str().expect("utf-8").to_string()
}

const FINANCE: &str = "investment = 600000000\nsubsidy = 240000000\nannual_savings = 80000000\ndurable_years = 17\nsimilar_projects = 2";

/// The appraisal's exit status, with extra arguments.
fn status(dir: &str, extra: &[&str]) -> i32 {
    let mut args = vec!["appraise", dir];
    args.extend_from_slice(extra);
    let r = jcm(&args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r.code
}

fn criterion<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["projects"][0]["criteria"].as_array().expect("criteria").iter().find(|c| c["criterion"] == key).expect(key)
}

#[test]
fn the_appraisal_example_matches_its_goldens() {
    for (format, ext) in [("table", "txt"), ("json", "json"), ("csv", "csv")] {
        let r = jcm(&["appraise", APPRAISE, "--format", format]);
        assert_eq!(r.code, 1, "the requested subsidy exceeds the 40% cap: {}", r.stderr);
        golden(&PathBuf::from(APPRAISE).join(format!("expected-appraise.{ext}")), &r.stdout);
    }
    let doc = json(&jcm(&["appraise", APPRAISE, "--format", "json"]).stdout);
    let p = &doc["projects"][0];
    assert_eq!(p["annual_credits"], 3682);
    assert_eq!(criterion(&doc, "cost-effectiveness")["value"], "3994");
    assert_eq!(criterion(&doc, "payback")["value"], "7.5");
    assert_eq!(criterion(&doc, "payback")["shown"], "7.50 years");
    assert_eq!(criterion(&doc, "subsidy-rate")["passes"], false);
    assert_eq!(p["max_subsidy"], "240000000");
    let best = jcm(&["appraise", APPRAISE, "--max-subsidy"]);
    assert_eq!(best.code, 0, "{}", best.stdout);
    golden(&PathBuf::from(APPRAISE).join("expected-max-subsidy.txt"), &best.stdout);
}

/// 3,682 credits × 17 years = 62,594 t; the cost per tonne is rounded half-up to whole yen and
/// must be at most 4,000. The caps are relaxed to 50% so that only this criterion decides.
#[test]
fn cost_effectiveness_at_under_and_over_4000() {
    let dir = project("cost", FINANCE, "50%");
    let at = |subsidy: &str| status(&dir, &["--subsidy", subsidy, "--caps", "0:50%"]);
    assert_eq!(at("250376000"), 0, "exactly 4,000");
    assert_eq!(at("250313406"), 0, "3,999");
    assert_eq!(at("250438594"), 1, "4,001");
    assert_eq!(at("250407296"), 0, "4,000.49…: rounds to 4,000");
    assert_eq!(at("250407297"), 1, "4,000.5: rounds to 4,001");
    assert_eq!(status(&dir, &["--subsidy", "250438594", "--caps", "0:50%", "--cost-threshold", "4001"]), 0, "threshold overridden");
}

#[test]
fn payback_at_under_and_over_3_years() {
    let at = |name: &str, investment: &str, savings: &str| {
        let f =
            format!("investment = {investment}\nsubsidy = 1000000\nannual_savings = {savings}\ndurable_years = 17\nsimilar_projects = 0");
        status(&project(name, &f, "50%"), &[])
    };
    assert_eq!(at("payback-at", "600000000", "200000000"), 0, "exactly 3.00");
    assert_eq!(at("payback-under", "600000000", "200668897"), 1, "2.99");
    assert_eq!(at("payback-over", "600000000", "199335548"), 0, "3.01");
    assert_eq!(at("payback-half", "599000000", "200000000"), 0, "2.995 rounds to 3.00");
    assert_eq!(at("payback-never", "600000000", "0"), 0, "never pays back: the guide is met");
}

#[test]
fn subsidy_rate_at_under_and_over_each_cap() {
    let dir = project("rate", FINANCE, "50%");
    // Two similar projects: 40% of 600,000,000.
    assert_eq!(status(&dir, &["--subsidy", "240000000"]), 0);
    assert_eq!(status(&dir, &["--subsidy", "239999999"]), 0);
    assert_eq!(status(&dir, &["--subsidy", "240000001"]), 1);
    // Each tier edge of the default table, at its cap and one yen over.
    for (similar, cap) in [
        (0, Some(300_000_000)),
        (1, Some(240_000_000)),
        (3, Some(240_000_000)),
        (4, Some(180_000_000)),
        (6, Some(180_000_000)),
        (7, Some(120_000_000)),
        (9, Some(120_000_000)),
        (10, None),
    ] {
        let f =
            FINANCE.replace("subsidy = 240000000", "subsidy = 1").replace("similar_projects = 2", &format!("similar_projects = {similar}"));
        let dir = project(&format!("tier-{similar}"), &f, "50%");
        // A high cost threshold, so that the rate cap alone decides.
        let loose = ["--cost-threshold", "10000"];
        let doc = json(&jcm(&["appraise", &dir, "--format", "json", loose[0], loose[1]]).stdout);
        match cap {
            Some(c) => {
                assert_eq!(doc["projects"][0]["max_subsidy"], c.to_string(), "{similar} similar projects");
                assert_eq!(status(&dir, &["--subsidy", &c.to_string(), loose[0], loose[1]]), 0);
                assert_eq!(status(&dir, &["--subsidy", &(c + 1).to_string(), loose[0], loose[1]]), 1);
            }
            None => {
                assert_eq!(doc["projects"][0]["max_subsidy"], Value::Null, "not eligible from 10");
                assert_eq!(status(&dir, &loose), 1);
            }
        }
    }
    // The tiers are a setting.
    assert_eq!(status(&dir, &["--subsidy", "270000000", "--caps", "0:50%, 1:45%, 10:none", "--cost-threshold", "10000"]), 0);
}

#[test]
fn japan_share_at_under_and_over_half() {
    assert_eq!(status(&project("share-at", FINANCE, "50%"), &[]), 0);
    assert_eq!(status(&project("share-under", FINANCE, "49.99%"), &[]), 1);
    assert_eq!(status(&project("share-over", FINANCE, "51%"), &[]), 0);
    assert_eq!(status(&project("share-min", FINANCE, "49.99%"), &["--japan-share-min", "49%"]), 0);
}

#[test]
fn global_south_rate_and_scale() {
    let f = |investment: &str, scale: &str| {
        format!("investment = {investment}\nsubsidy = 1\nprogramme = \"global-south\"\nscale = \"{scale}\"")
    };
    let small = project("gs-small", &f("1000000000", "small-demonstration"), "50%");
    // Rate 1/2 of 600,000,000 (the scale allows up to 500,000,000).
    let half = project("gs-half", &f("600000000", "small-demonstration"), "50%");
    assert_eq!(status(&half, &["--subsidy", "300000000"]), 0);
    assert_eq!(status(&half, &["--subsidy", "299999999"]), 0);
    assert_eq!(status(&half, &["--subsidy", "300000001"]), 1);
    // 2/3 for an SME: exactly 400,000,000 of 600,000,000.
    assert_eq!(status(&half, &["--sme", "--subsidy", "400000000"]), 0);
    assert_eq!(status(&half, &["--sme", "--subsidy", "400000001"]), 1);
    // Small demonstration: up to 500,000,000.
    assert_eq!(status(&small, &["--subsidy", "500000000"]), 0);
    assert_eq!(status(&small, &["--subsidy", "499999999"]), 0);
    assert_eq!(status(&small, &["--subsidy", "500000001"]), 1);
    // Large demonstration: 500,000,000 to 4,000,000,000.
    let large = project("gs-large", &f("9000000000", "large-demonstration"), "50%");
    assert_eq!(status(&large, &["--subsidy", "500000000"]), 0);
    assert_eq!(status(&large, &["--subsidy", "499999999"]), 1);
    assert_eq!(status(&large, &["--subsidy", "4000000000"]), 0);
    assert_eq!(status(&large, &["--subsidy", "4000000001"]), 1);
    // Feasibility study: up to 100,000,000.
    let fs = project("gs-fs", &f("1000000000", "feasibility-study"), "50%");
    assert_eq!(status(&fs, &["--subsidy", "100000000"]), 0);
    assert_eq!(status(&fs, &["--subsidy", "100000001"]), 1);
    // The largest admissible subsidy under each.
    let max = |dir: &str, extra: &[&str]| {
        let mut a = vec!["appraise", dir, "--format", "json"];
        a.extend_from_slice(extra);
        json(&jcm(&a).stdout)["projects"][0]["max_subsidy"].clone()
    };
    assert_eq!(max(&half, &[]), "300000000");
    assert_eq!(max(&half, &["--sme"]), "400000000");
    assert_eq!(max(&large, &[]), "4000000000");
    assert_eq!(max(&fs, &[]), "100000000");
    assert_eq!(
        max(&project("gs-too-small", &f("900000000", "large-demonstration"), "50%"), &[]),
        Value::Null,
        "half of 0.9 bn is below 0.5 bn"
    );
    // The command line chooses the programme over the file.
    let moej = project("gs-cli", FINANCE, "50%");
    let doc = json(&jcm(&["appraise", &moej, "--programme", "global-south", "--scale", "small-demonstration", "--format", "json"]).stdout);
    assert_eq!(doc["projects"][0]["programme"], "global-south");
}

#[test]
fn several_projects_give_one_row_each() {
    let a = project("many-a", FINANCE, "50%");
    let b = project("many-b", &FINANCE.replace("subsidy = 240000000", "subsidy = 250000000"), "50%");
    let r = jcm(&["appraise", &a, &b, "--format", "csv"]);
    assert_eq!(r.code, 1, "one of them fails");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(lines[1].ends_with(",240000000,,true"), "{}", lines[1]);
    assert!(lines[2].ends_with(",240000000,subsidy-rate,false"), "{}", lines[2]);
    let table = jcm(&["appraise", &a, &b]);
    assert!(table.stdout.contains("Summary, one row per project"));
}

#[test]
fn bad_finance_is_located_with_exit_2() {
    let dir = project("bad", &FINANCE.replace("durable_years = 17", "durable_years = 0"), "50%");
    let r = jcm(&["appraise", &dir]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("error[JCM-E090]: durable_years must be more than zero"), "{}", r.stderr);
    assert!(r.stderr.contains("project.toml:29:17"), "{}", r.stderr);
    let dir = project("missing", "investment = 1", "50%");
    let r = jcm(&["appraise", &dir]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("[finance] has no subsidy"), "{}", r.stderr);
    assert_eq!(jcm(&["appraise", APPRAISE, "--caps", "1:40%"]).code, 2, "a bad --caps is a usage error");
}

// ---------------------------------------------------------------- offset

fn offset(name: &str, text: &str, extra: &[&str]) -> Value {
    let dir = scratch(name);
    let file = dir.join("year.toml");
    std::fs::write(&file, text).expect("write");
    let mut args = vec!["offset", file.to_str().expect("utf-8"), "--format", "json"];
    args.extend_from_slice(extra);
    let r = jcm(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    json(&r.stdout)
}

fn figure(doc: &Value, measure: &str) -> String {
    doc["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["measure"] == measure)
        .map_or_else(|| "absent".into(), |f| f["value"].as_str().expect("value").to_string())
}

fn gx(credits: u32, past: &str, allocation: &str) -> String {
    format!(
        "scheme = \"gx-ets\"\nfiscal_year = 2026\n[emissions]\nenergy_co2 = 152000\nprocess_co2 = 8000\n[credits]\njcm_cancelled = {credits}\njcredit_cancelled = 0\nallocation = {allocation}\npast_direct_emissions = {past}\n"
    )
}

#[test]
fn the_offset_examples_match_their_goldens() {
    for (file, name) in [(GX, "gx-ets"), (SHK, "shk")] {
        for (format, ext) in [("table", "txt"), ("json", "json"), ("csv", "csv")] {
            let r = jcm(&["offset", file, "--format", format]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            golden(&PathBuf::from("examples/offset-gx-ets").join(format!("expected-{name}.{ext}")), &r.stdout);
        }
    }
    let doc = json(&jcm(&["offset", GX, "--format", "json"]).stdout);
    assert_eq!(figure(&doc, "compliance_emissions"), "147000");
    assert_eq!(figure(&doc, "cost_at_ceiling"), "30100000");
    let doc = json(&jcm(&["offset", SHK, "--format", "json"]).stdout);
    assert_eq!(figure(&doc, "adjusted_emissions"), "147500");
}

#[test]
fn gx_ets_credit_cap_at_under_and_over_10_percent() {
    let past = "[155000, 149000, 151000]";
    for (credits, used, unusable) in [(16000, "16000", "0"), (15999, "15999", "0"), (16001, "16000", "1")] {
        let doc = offset(&format!("cap-{credits}"), &gx(credits, past, "140000"), &[]);
        assert_eq!(figure(&doc, "credit_cap"), "16000");
        assert_eq!((figure(&doc, "credits_used"), figure(&doc, "credits_unusable")), (used.to_string(), unusable.to_string()), "{credits}");
    }
    let doc = offset("cap-override", &gx(16001, past, "140000"), &["--credit-cap", "5%"]);
    assert_eq!(figure(&doc, "credits_used"), "8000");
}

#[test]
fn gx_ets_obligation_at_under_and_over_100000() {
    for (past, obliged) in [("[100000, 100000, 100000]", true), ("[100000, 100000, 99999]", false), ("[100000, 100000, 100001]", true)] {
        let doc = offset("obligation", &gx(0, past, "140000"), &[]);
        assert_eq!(doc["obligation"]["obliged"], obliged, "{past}");
    }
    let doc = offset("obligation-override", &gx(0, "[100000, 100000, 99999]", "1"), &["--obligation-threshold", "99999"]);
    assert_eq!(doc["obligation"]["obliged"], true);
}

#[test]
fn gx_ets_allowances_and_the_price_corridor() {
    // Compliance emissions 160,000 with no credits.
    for (allocation, needed, surplus) in [("160000", "0", "0"), ("159999", "1", "0"), ("160001", "0", "1"), ("159999.5", "1", "0")] {
        let doc = offset("allowances", &gx(0, "[1, 1, 1]", allocation), &[]);
        assert_eq!(
            (figure(&doc, "allowances_needed"), figure(&doc, "allowances_surplus")),
            (needed.to_string(), surplus.to_string()),
            "{allocation}"
        );
    }
    let doc = offset("price", &gx(0, "[1, 1, 1]", "159000"), &[]);
    assert_eq!((figure(&doc, "cost_at_floor"), figure(&doc, "cost_at_ceiling")), ("1700000".to_string(), "4300000".to_string()));
    let fy2030 = gx(0, "[1, 1, 1]", "159000").replace("fiscal_year = 2026", "fiscal_year = 2030");
    let doc = offset("price-2030", &fy2030, &[]);
    assert_eq!(figure(&doc, "cost_at_floor"), "1913000", "1,700 × 1.03⁴ = 1,913 (METI's FY2030 outlook)");
    assert_eq!(figure(&doc, "cost_at_ceiling"), "4840000");
    let doc = offset("price-cli", &fy2030, &["--price-floor", "2000", "--price-ceiling", "5000"]);
    assert_eq!((figure(&doc, "cost_at_floor"), figure(&doc, "payment_at_ceiling")), ("2000000".to_string(), "5000000".to_string()));
}

#[test]
fn shk_reporting_thresholds_at_under_and_over() {
    let shk = |kl: &str, process: &str, employees: &str| {
        format!(
            "scheme = \"shk\"\nfiscal_year = 2026\nemployees = {employees}\nenergy_kl_crude_equivalent = {kl}\n[emissions]\nenergy_co2 = 1\nprocess_co2 = {process}\n"
        )
    };
    let must = |doc: &Value, i: usize| doc["reporting"][i]["must_report"].clone();
    for (kl, want) in [("1500", true), ("1499.9", false), ("1500.1", true)] {
        assert_eq!(must(&offset("kl", &shk(kl, "0", "0"), &[]), 0), want, "{kl} kL");
    }
    for (process, employees, want) in
        [("3000", "21", true), ("2999.9", "21", false), ("3000.1", "21", true), ("3000", "20", false), ("3000", "22", true)]
    {
        assert_eq!(must(&offset("gas", &shk("0", process, employees), &[]), 1), want, "{process} t, {employees} employees");
    }
    let doc = offset(
        "shk-no-cap",
        &shk("0", "100", "5").replace("process_co2 = 100\n", "process_co2 = 100\n[credits]\njcm_cancelled = 150\ntransferred_out = 20\n"),
        &[],
    );
    assert_eq!(figure(&doc, "adjusted_emissions"), "-29", "no cap: 101 − 150 + 20");
    assert_eq!(figure(&doc, "credit_cap"), "absent");
}

#[test]
fn a_bad_offset_file_is_located_with_exit_2() {
    let dir = scratch("bad-offset");
    let file = dir.join("year.toml");
    std::fs::write(&file, gx(100, "[1, 2]", "-5")).expect("write");
    let r = jcm(&["offset", file.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("error[JCM-E091]: allocation must be zero or more, found -5"), "{}", r.stderr);
    assert!(r.stderr.contains("year.toml:9:14"), "{}", r.stderr);
    assert!(r.stderr.contains("past_direct_emissions lists"), "{}", r.stderr);
}

// ---------------------------------------------------------------- programmes

#[test]
fn programmes_list_every_menu_with_its_cap() {
    for (format, ext) in [("table", "txt"), ("json", "json"), ("csv", "csv")] {
        let r = jcm(&["programmes", "--format", format]);
        assert_eq!(r.code, 0);
        golden(&PathBuf::from(format!("tests/golden/programmes.{ext}")), &r.stdout);
    }
    let doc = json(&jcm(&["programmes", "--format", "json"]).stdout);
    let caps: Vec<(String, Value)> = doc["programmes"]
        .as_array()
        .expect("programmes")
        .iter()
        .map(|p| (p["id"].as_str().expect("id").to_string(), p["cap_jpy"].clone()))
        .collect();
    assert_eq!(caps.len(), 10);
    let cap = |id: &str| caps.iter().find(|(i, _)| i == id).map(|(_, c)| c.clone()).expect(id);
    assert_eq!(cap("meti-feasibility-study"), 15_000_000);
    assert_eq!(cap("nedo-demonstration"), 1_000_000_000);
    assert_eq!(cap("nedo-quantification"), 100_000_000);
    assert_eq!(cap("global-south-large"), 4_000_000_000_i64);
    assert_eq!(cap("moej-equipment"), Value::Null);
    assert!(doc["credits_to_japan"].as_str().expect("sentence").contains("Government of Japan"));
}
