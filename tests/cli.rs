//! Integration tests through the real binary: every example against its golden output, every
//! error reproducer against its expected stderr, and the command-line contract.
//!
//! Set `JCM_BLESS=1` to rewrite golden files from the current output (then review the diff).

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

    pub fn jcm(args: &[&str]) -> Run {
        let out = Command::cargo_bin("jcm").expect("binary").current_dir(root()).args(args).env("NO_COLOR", "1").output().expect("run jcm");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
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

    /// Sub-folders of `dir` (relative to the root) that hold a project.toml, sorted.
    pub fn project_dirs(dir: &str) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("project.toml").is_file())
            .map(|p| p.strip_prefix(root()).expect("under root").to_path_buf())
            .collect();
        v.sort();
        v
    }
}

use case::{golden, jcm, project_dirs};

#[path = "cli/analysts.rs"]
mod analysts;
#[path = "cli/check.rs"]
mod check;
#[path = "cli/corrections.rs"]
mod corrections;
#[path = "cli/library.rs"]
mod library;
#[path = "cli/verify.rs"]
mod verify;

/// Every example against its golden outputs: `calc` (expected.txt, expected.json) when it has
/// monitoring periods, `calc --ex-ante` (expected-ex-ante.txt, expected-ex-ante.json) when it
/// has an [estimate]; a PDD-stage example has only the second. Each has a README.
#[test]
fn every_example_matches_its_golden_outputs() {
    let dirs = project_dirs("examples");
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
