//! Integration tests through the real binary: every example against its golden output, every
//! error reproducer against its expected stderr, and the command-line contract.
//!
//! Set `JCM_BLESS=1` to rewrite golden files from the current output (then review the diff).

// Test data is built with `format!` in iterators for plain reading; counters cast to the
// integers a fixture needs; one test shows the float sum that goes wrong (the reason for exact
// decimals) and the xlsx reader hands dates over as floats.
#![allow(
    clippy::format_collect,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::float_cmp,
    clippy::needless_pass_by_value
)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

mod case {
    use super::*;

    /// The outcome of one run of `jcm`.
    pub struct Run {
        pub code: i32,
        pub stdout: String,
        pub stderr: String,
    }

    /// Run jcm in the repository root.
    pub fn jcm(args: &[&str]) -> Run {
        jcm_in(&root(), args)
    }

    /// Run jcm in another folder.
    pub fn jcm_in(dir: &Path, args: &[&str]) -> Run {
        let out = Command::cargo_bin("jcm").expect("binary").current_dir(dir).args(args).env("NO_COLOR", "1").output().expect("run jcm");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// A JSON output, parsed.
    pub fn json(stdout: &str) -> serde_json::Value {
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
    }

    /// A JSON integer.
    pub fn int(v: &serde_json::Value) -> i64 {
        v.as_i64().unwrap_or_else(|| panic!("{v} is not an integer"))
    }

    /// Every example, and the teaching variants inside an example's folder
    /// (examples/id-ccs-gas-field/project-uplift), which `jcm calc examples` does not count.
    pub fn examples_and_variants() -> Vec<PathBuf> {
        let mut v = Vec::new();
        for dir in project_dirs("examples") {
            let variants = project_dirs(dir.to_str().expect("utf-8 path"));
            v.push(dir);
            v.extend(variants);
        }
        v
    }

    pub fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// Compare with a golden file, or rewrite it under JCM_BLESS=1.
    pub fn golden(path: &Path, actual: &str) {
        let full = root().join(path);
        if std::env::var_os("JCM_BLESS").is_some() {
            std::fs::write(&full, actual).expect("write golden");
            return;
        }
        let want =
            std::fs::read_to_string(&full).unwrap_or_else(|_| panic!("missing golden file {} (run with JCM_BLESS=1)", path.display()));
        assert_eq!(actual, want, "output differs from {}", path.display());
    }

    /// Folders below `dir` (relative to the root) that hold a project.toml, at any depth but not
    /// inside a project folder (as `jcm calc DIR` finds them), sorted.
    pub fn project_dirs(dir: &str) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for p in std::fs::read_dir(dir).expect("read dir").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()) {
                if p.join("project.toml").is_file() {
                    out.push(p.strip_prefix(root()).expect("under root").to_path_buf());
                } else {
                    walk(&p, out);
                }
            }
        }
        let mut v = Vec::new();
        walk(&root().join(dir), &mut v);
        v.sort();
        v
    }
}

use case::{golden, int, jcm, json, project_dirs};

#[path = "cli/analysts.rs"]
mod analysts;
#[path = "cli/article6.rs"]
mod article6;
#[path = "cli/browser.rs"]
mod browser;
#[path = "cli/buffer.rs"]
mod buffer;
#[path = "cli/check.rs"]
mod check;
#[path = "cli/corrections.rs"]
mod corrections;
#[path = "cli/countries.rs"]
mod countries;
#[path = "cli/fixtures.rs"]
mod fixtures;
#[path = "cli/html.rs"]
mod html;
#[path = "cli/library.rs"]
mod library;
#[path = "cli/policy.rs"]
mod policy;
#[path = "cli/robust.rs"]
mod robust;
#[path = "cli/verify.rs"]
mod verify;
#[path = "cli/workbooks.rs"]
mod workbooks;
#[path = "cli/xlsx.rs"]
mod xlsx;

/// Every example against its golden outputs: `calc` (expected.txt, expected.json) when it has
/// monitoring periods, `calc --ex-ante` (expected-ex-ante.txt, expected-ex-ante.json) when it
/// has an [estimate]; a PDD-stage example has only the second. Each has a README.
#[test]
fn every_example_matches_its_golden_outputs() {
    let dirs = case::examples_and_variants();
    assert!(dirs.len() >= 10, "examples missing");
    for dir in dirs {
        let d = dir.to_str().expect("utf-8 path");
        let toml = std::fs::read_to_string(case::root().join(&dir).join("project.toml")).expect("project.toml");
        assert!(case::root().join(&dir).join("README.md").is_file(), "{d} has no README.md");
        let monitored = toml.contains("[[periods]]");
        let estimated = toml.contains("[estimate");
        assert!(monitored || estimated, "{d}: neither [[periods]] nor [estimate]");
        if monitored {
            let table = jcm(&["calc", d]);
            assert_eq!(table.code, 0, "{d}: {}", table.stderr);
            golden(&dir.join("expected.txt"), &table.stdout);
            let json = jcm(&["calc", d, "--format", "json"]);
            assert_eq!(json.code, 0, "{d}: {}", json.stderr);
            golden(&dir.join("expected.json"), &json.stdout);
            let explained = jcm(&["calc", d, "--explain"]);
            assert_eq!(explained.code, 0, "{d}: {}", explained.stderr);
            assert!(explained.stdout.starts_with(&table.stdout), "{d}: --explain adds to the table, it does not change it");
            golden(&dir.join("expected-explain.txt"), &explained.stdout);
            let reported = dir.join("reported.toml");
            if case::root().join(&reported).is_file() {
                let v = jcm(&["verify", d, "--reported", reported.to_str().expect("utf-8 path")]);
                assert_eq!(v.code, 0, "{d}: the bundled reported figures match\n{}", v.stderr);
                golden(&dir.join("expected-verify.txt"), &v.stdout);
            }
        }
        if estimated {
            let table = jcm(&["calc", d, "--ex-ante"]);
            assert_eq!(table.code, 0, "{d}: {}", table.stderr);
            golden(&dir.join("expected-ex-ante.txt"), &table.stdout);
            let json = jcm(&["calc", d, "--ex-ante", "--format", "json"]);
            assert_eq!(json.code, 0, "{d}: {}", json.stderr);
            golden(&dir.join("expected-ex-ante.json"), &json.stdout);
        }
    }
}

/// The JSON trace explains the very figures of the report: the last equation is ER, and the
/// credits step gives the period's credits.
#[test]
fn the_json_trace_agrees_with_the_figures() {
    for dir in project_dirs("examples") {
        let d = dir.to_str().expect("utf-8 path");
        let toml = std::fs::read_to_string(case::root().join(&dir).join("project.toml")).expect("project.toml");
        if !toml.contains("[[periods]]") {
            continue; // a PDD-stage example has no monitoring periods to trace
        }
        let r = jcm(&["calc", d, "--format", "json", "--explain"]);
        assert_eq!(r.code, 0, "{d}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        let periods = v["periods"].as_array().expect("periods");
        let trace = v["trace"].as_array().expect("trace");
        assert_eq!(periods.len(), trace.len(), "{d}");
        for (p, t) in periods.iter().zip(trace) {
            let er = t["equations"].as_array().expect("equations").iter().find(|e| e["symbol"] == "ER").expect("ER equation");
            assert_eq!(er["values"][0]["value"], p["ER"], "{d}");
            assert_eq!(t["credits"]["credits"], p["credits"], "{d}");
            let inputs = t["inputs"].as_array().expect("inputs");
            assert!(
                inputs.iter().all(|i| i["values"]
                    .as_array()
                    .is_some_and(|vs| vs.iter().all(|x| x["source"].as_str().is_some_and(|s| !s.is_empty()))))
            );
        }
        let plain = jcm(&["calc", d, "--format", "json"]);
        assert!(!plain.stdout.contains("\"trace\""), "{d}: the trace is only there with --explain");
    }
}

#[test]
fn every_error_reproducer_fails_with_exit_2_and_its_message() {
    let dirs = project_dirs("tests/errors");
    assert!(dirs.len() >= 5);
    for dir in dirs {
        let d = dir.to_str().expect("utf-8 path");
        let r = jcm(&["calc", d]);
        assert_eq!(r.code, 2, "{d} should fail with 2:\n{}", r.stderr);
        assert_eq!(r.stdout, "", "{d}: no partial output");
        assert!(!r.stderr.contains("panicked"), "{d} panicked");
        golden(&dir.join("expected.stderr"), &r.stderr);
    }
}

/// TH014: 2,017 credits, 1,009 to Japan as ITMOs (published, domain.md §3).
#[test]
fn th014_reproduces_the_published_figures() {
    let r = jcm(&["calc", "examples/th014-floating-solar", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["issuance"]["credits"], 2017);
    assert_eq!(v["issuance"]["allocation"][0]["party"], "japan_government");
    assert_eq!(v["issuance"]["allocation"][0]["credits"], 1009);
    assert_eq!(v["issuance"]["allocation"][0]["itmo"], true);
    assert_eq!(v["issuance"]["corresponding_adjustment"], 1009);
}

/// MV002: 750 credits, 433 to Japan (published, domain.md §3).
#[test]
fn mv002_reproduces_the_published_figures() {
    let r = jcm(&["calc", "examples/mv002-addu-mini-grid", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["issuance"]["credits"], 750);
    assert_eq!(v["issuance"]["allocation"][0]["credits"], 433);
    assert_eq!(v["issuance"]["allocation"][1]["party"], "partner_and_participants");
    assert_eq!(v["issuance"]["allocation"][1]["credits"], 317);
    let vintages: i64 = v["periods"][0]["vintages"].as_array().expect("vintages").iter().map(|x| x["credits"].as_i64().expect("int")).sum();
    assert_eq!(vintages, 750, "vintages add up to the period's credits");
}

#[test]
fn csv_output_is_tidy() {
    let r = jcm(&["calc", "examples/th014-floating-solar", "--format", "csv"]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("project,period,start,end,days,RE,PE,ER,credits"));
    assert!(lines[1].starts_with("TH014,MP1,2021-01-01,2021-12-31,365,2017.55,0,2017.55,2017,0,1009,0,1008,"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(jcm(&["calc"]).code, 2);
    assert_eq!(jcm(&["frobnicate"]).code, 2);
    let r = jcm(&["calc", "no/such/project"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("JCM-E001"), "{}", r.stderr);
}

#[test]
fn output_is_identical_across_runs() {
    let a = jcm(&["calc", "examples/mv002-addu-mini-grid", "--format", "json"]);
    let b = jcm(&["calc", "examples/mv002-addu-mini-grid", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

fn dec(v: &serde_json::Value) -> rust_decimal::Decimal {
    v.as_str().unwrap_or_else(|| panic!("{v} is not a decimal string")).parse().expect("decimal")
}

fn sum(v: &serde_json::Value, key: &str) -> i64 {
    v.as_array().expect("array").iter().map(|x| int(&x[key])).sum()
}

/// The CCS examples recomputed from their own JSON: each method's arithmetic exactly, and the
/// reserve and ledger adding up tonne for tonne.
#[test]
fn ccs_examples_apply_their_method_exactly_and_add_up() {
    use rust_decimal::Decimal;
    let mut dirs = vec![PathBuf::from("examples/id-ccs-gas-field")];
    dirs.extend(project_dirs("examples/id-ccs-gas-field"));
    assert_eq!(dirs.len(), 3, "the project and a variant for each other net-reduction method");
    let mut methods = Vec::new();
    for dir in dirs {
        let d = dir.to_str().expect("utf-8 path");
        let v = json(&jcm(&["calc", d, "--format", "json"]).stdout);
        let s = &v["settings"]["ccs"];
        let method = s["net_reduction"].as_str().expect("method").to_string();
        let rate = dec(&s["reserve_rate"]);
        for p in v["periods"].as_array().expect("periods") {
            let (re, pe, er) = (dec(&p["RE"]), dec(&p["PE"]), dec(&p["ER"]));
            let nr = &p["net_reduction"];
            let (before, after) = (dec(&nr["before"]), dec(&nr["after"]));
            let sources: Decimal = p["PE_by_source"].as_array().expect("sources").iter().map(|x| dec(&x["value"])).sum();
            assert_eq!(er, re - pe, "{d}: ER = RE − PE with the adjusted values");
            match method.as_str() {
                "reference-below-bau" => {
                    assert_eq!((after, re), (before * dec(&nr["reference_factor"]), after), "{d}: RE × factor");
                    assert_eq!(sources, pe);
                }
                "project-uplift" => {
                    assert_eq!((after, pe), (before * (Decimal::ONE + dec(&nr["project_uplift"])), after), "{d}: PE × (1 + uplift)");
                    assert_eq!(sources, before, "{d}: the sources add up to PE before the uplift");
                }
                "discount" => {
                    assert_eq!((before, after), (er, er * dec(&nr["discount_factor"])), "{d}: ER × factor");
                    assert_eq!(sources, pe);
                }
                other => panic!("unknown method {other}"),
            }
            let credited = dec(&p["ER_credited"]);
            let credits = int(&p["credits"]);
            assert_eq!(Decimal::from(credits), credited.floor(), "{d}: credits are the credited ER rounded down");
            let reserve = int(&p["reserve"]);
            assert_eq!(Decimal::from(reserve), (rate * Decimal::from(credits)).ceil(), "{d}: reserve = ceil(3% × credits)");
            assert_eq!(int(&p["for_allocation"]), credits - reserve);
            assert_eq!(sum(&p["allocation"], "credits"), credits - reserve, "{d}: the allocation shares credits − reserve");
            assert_eq!(sum(&p["vintages"], "credits"), credits);
            assert_eq!(sum(&p["vintages"], "reserve"), reserve);
        }
        let (iss, l) = (&v["issuance"], &v["reserve_ledger"]);
        assert_eq!(int(&iss["credits"]), int(&iss["reserve"]) + sum(&iss["allocation"], "credits"), "{d}: credits = reserve + allocated");
        assert_eq!(int(&iss["reserve"]), int(&l["deposited"]));
        assert_eq!(int(&l["balance"]), int(&l["deposited"]) - int(&l["cancelled"]), "{d}: balance = deposited − cancelled");
        methods.push(method);
    }
    methods.sort();
    assert_eq!(methods, ["discount", "project-uplift", "reference-below-bau"]);
}

/// tests/fixtures/ccs-floor, worked by hand: RE 1000.5, PE 5.61 + 8 + 2.39 = 16, ER 984.5, × 0.9 = 886.05
/// → 886 credits, reserve floor(26.58) = 26; MP2 runs past the end of injection and over two
/// years: ER 750 → 675 credits (450 + 225 by the years' own ER), reserve floor(20.25) = 20 split
/// 13 + 7; a reversal of 20.7 t → floor 20 cancelled.
#[test]
fn ccs_floor_rounding_vintage_reserve_and_a_reversal() {
    let r = jcm(&["calc", "tests/fixtures/ccs-floor", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let (p1, p2) = (&v["periods"][0], &v["periods"][1]);
    assert_eq!((&p1["RE"], &p1["PE"], &p1["ER"], &p1["ER_credited"]), (&"1000.5".into(), &"16".into(), &"984.5".into(), &"886.05".into()));
    assert_eq!(p1["net_reduction"]["effect"], "-98.45");
    assert_eq!((int(&p1["credits"]), int(&p1["reserve"]), int(&p1["for_allocation"])), (886, 26, 860));
    assert_eq!((int(&p2["credits"]), int(&p2["reserve"]), int(&p2["for_allocation"])), (675, 20, 655));
    let vint: Vec<(i64, i64, i64)> =
        p2["vintages"].as_array().expect("vintages").iter().map(|x| (int(&x["year"]), int(&x["credits"]), int(&x["reserve"]))).collect();
    assert_eq!(vint, [(2031, 450, 13), (2032, 225, 7)]);
    // Per vintage, japan-ceil at 50%: 437 → 219, 218 → 109.
    assert_eq!((int(&p2["allocation"][0]["credits"]), int(&p2["allocation"][2]["credits"])), (328, 327));
    let l = &v["reserve_ledger"];
    assert_eq!((int(&l["deposited"]), int(&l["cancelled"]), int(&l["balance"]), int(&l["shortfall"])), (46, 20, 26, 0));
    assert_eq!(v["settings"]["ccs"]["reserve_rounding"], "floor");
}

/// tests/fixtures/ccs-shortfall: deposits 27 + 14 = 41 (ceil); reversals of 30 t (cancelled in full) and
/// 20.2 t (ceil 21, only 11 left): a shortfall of 10. Results are printed, the problem is on
/// stderr, and the exit status is 1.
#[test]
fn ccs_reserve_shortfall_is_shown_and_exits_1() {
    let dir = Path::new("tests/fixtures/ccs-shortfall");
    let r = jcm(&["calc", "tests/fixtures/ccs-shortfall"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    golden(&dir.join("expected.txt"), &r.stdout);
    golden(&dir.join("expected.stderr"), &r.stderr);
    let r = jcm(&["calc", "tests/fixtures/ccs-shortfall", "--format", "json"]);
    assert_eq!(r.code, 1);
    let l = &json(&r.stdout)["reserve_ledger"];
    assert_eq!((int(&l["deposited"]), int(&l["cancelled"]), int(&l["balance"]), int(&l["shortfall"])), (41, 41, 0, 10));
    let last = &l["entries"][3];
    assert_eq!((int(&last["due"]), int(&last["cancelled"]), int(&last["shortfall"]), int(&last["balance"])), (21, 11, 10, 0));
    // In a portfolio the shortfall still makes the run exit 1, and every project is printed.
    let r = jcm(&["calc", "tests/fixtures/ccs-shortfall", "examples/id-ccs-gas-field", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("[JCM-E073]"), "{}", r.stderr);
    assert_eq!(json(&r.stdout)["projects"].as_array().map(Vec::len), Some(2));
}

#[test]
fn ccs_csv_fills_the_reserve_columns() {
    let r = jcm(&["calc", "examples/id-ccs-gas-field", "--format", "csv"]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].ends_with(",vintages,net_reduction,net_reduction_effect,for_allocation"), "{}", lines[0]);
    let header: Vec<&str> = lines[0].split(',').collect();
    let row: Vec<&str> = lines[1].split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).expect("column")];
    assert_eq!((col("credits"), col("reserve"), col("for_allocation")), ("261911", "7858", "254053"));
    assert_eq!((col("net_reduction"), col("net_reduction_effect")), ("discount", "-13784.804093"));
}

/// Eleven readings that add up to exactly 1,865 MWh: binary floating point sums them to
/// 1864.9999999999998 and would issue 1,864 credits; jcm issues 1,865.
#[test]
fn exact_decimals_where_f64_would_lose_a_credit() {
    let csv = std::fs::read_to_string(case::root().join("tests/fixtures/exact-decimal/monitoring.csv")).expect("fixture");
    let float_sum: f64 = csv.lines().skip(1).map(|l| l.split(',').nth(1).expect("EG").parse::<f64>().expect("number")).sum();
    assert_eq!(float_sum.floor(), 1864.0, "the fixture must be one where f64 goes wrong");
    let r = jcm(&["calc", "tests/fixtures/exact-decimal", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["periods"][0]["ER"], "1865");
    assert_eq!(v["periods"][0]["credits"], 1865);
}

/// Warnings found while loading (here: a country that is not a JCM partner) reach the JSON
/// `warnings`, not only stderr.
#[test]
fn load_warnings_are_in_the_json() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jcm-load-warnings");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = case::root().join("examples/th014-floating-solar");
    let toml = std::fs::read_to_string(src.join("project.toml")).expect("project");
    std::fs::write(dir.join("project.toml"), toml.replace("country = \"TH\"", "country = \"US\"")).expect("write");
    std::fs::copy(src.join("monitoring.csv"), dir.join("monitoring.csv")).expect("copy");
    let r = jcm(&["calc", dir.to_str().expect("utf-8"), "--format", "json"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let w = v["warnings"].as_array().expect("warnings");
    assert!(w.iter().any(|x| x.as_str().is_some_and(|s| s.starts_with("JCM-W004"))), "{w:?}");
    assert!(r.stderr.contains("[JCM-W004]"));
    assert_eq!(v["issuance"]["corresponding_adjustment"], 0, "no ITMOs from a country that is not a partner");
}

/// A methodology whose RE depends on earlier years (`past`) cannot weigh a part of a year by its
/// own ER: yearly periods from July to June are split into vintages by days, with a warning.
#[test]
fn history_methodologies_split_vintages_by_days() {
    let r = jcm(&["calc", "tests/fixtures/past-mid-year", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("[JCM-W005]"), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let p = &v["periods"][0];
    assert_eq!((p["start"].as_str(), p["credits"].as_i64()), (Some("2022-07-01"), Some(5140)));
    assert_eq!(p["vintage_split"], "days");
    // 184 days of 2022 and 181 of 2023: 5,140 × 184 / 365 = 2,591.1… → 2,591 and 2,549.
    assert_eq!(p["vintages"][0]["credits"], 2591);
    assert_eq!(p["vintages"][1]["credits"], 2549);
}
