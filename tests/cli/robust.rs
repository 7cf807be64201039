//! Hostile input through the binary (issue 12): each case failed before its fix — a credit lost
//! to unit conversion, a folder skipped, a FIFO that hung, a line without end, a thread per
//! `-j`, help to a full disk, quadratic headers and points, a `past` estimate to 9999, the
//! natural year from 29 February, exponents in `verify`, long flat sums, `calc DIR --ex-ante`,
//! and the wording and escaping of messages.

use super::case::{self, Run, jcm, jcm_in};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// An empty scratch folder of this test binary.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("robust").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A TH_AM001 project (one PV point, one 2021 period) reading `monitoring.csv`.
const PROJECT: &str = r#"[project]
id = "T1"
title = "Robustness case (illustrative)"
country = "TH"
methodology = "JCM_TH_AM001"
crediting_period = { start = 2021-01-01, end = 2030-12-31 }

[[points]]
id = "PV1"
connection = "national_grid"

[[periods]]
id = "MP1"
start = 2021-01-01
end = 2021-12-31

[monitoring]
file = "monitoring.csv"

[allocation]
rounding = "japan-ceil"
japan_government = "50%"
project_participants = "rest"
"#;

/// A project folder with PROJECT (edited by `toml`) and the CSV `csv`.
fn project(name: &str, toml: impl Fn(&str) -> String, csv: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("project.toml"), toml(PROJECT)).expect("write");
    std::fs::write(dir.join("monitoring.csv"), csv).expect("write");
    dir
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    let d = dir.to_str().expect("utf-8 path");
    all.insert(1, d);
    jcm(&all)
}

/// A child that must end within `limit`; killed (and the test failed) if it does not.
fn wait_for(mut child: std::process::Child, limit: Duration, what: &str) -> std::process::Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Case 1: Fifteen readings of 1.2 GJ are 18 GJ = 5 MWh: ER 2 and 2 credits, as one row of 18 GJ
/// gives (per-reading conversion made it 1.99…98 and 1 credit). Every inexact unit pair sums to
/// what exact rational arithmetic gives.
#[test]
fn unit_conversion_loses_no_credit() {
    let rows: String = (1..=15).map(|d| format!("2021-01-{d:02},PV1,1.2\n")).collect();
    let dir = project("gj", std::string::ToString::to_string, &format!("date,point,EG [GJ]\n{rows}"));
    let r = run(&dir, &["calc", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = case::json(&r.stdout);
    assert_eq!(v["periods"][0]["ER"], "2", "{}", r.stdout);
    assert_eq!(v["periods"][0]["credits"], 2);
    let table = run(&dir, &["calc"]);
    assert!(table.stdout.contains("- units: `EG [GJ]` converts to MWh by × 2.5/9"), "{}", table.stdout);

    // MJ → MWh is × 1/3600: 3,600 readings of 1 MJ are exactly 1 MWh.
    let rows: String = (0..3600).map(|i| format!("2021-01-01T{:02}:{:02}:{:02},PV1,1\n", i / 3600, (i / 60) % 60, i % 60)).collect();
    let dir = project("mj", std::string::ToString::to_string, &format!("date,point,EG [MJ]\n{rows}"));
    let r = run(&dir, &["calc", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(case::json(&r.stdout)["periods"][0]["RE"], "0.4", "1 MWh × 0.4 tCO2/MWh");
}

/// Case 2: A folder of projects with a sub-folder that cannot be listed is an error naming it, not
/// a portfolio without it. Run as an unprivileged user when the tests run as root.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    std::fs::create_dir_all(dir.join("a")).expect("mkdir");
    std::fs::write(dir.join("a/project.toml"), PROJECT).expect("write");
    std::fs::write(dir.join("a/monitoring.csv"), "date,point,EG [MWh]\n2021-06-30,PV1,10\n").expect("write");
    let locked = dir.join("b");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let bin = assert_cmd::cargo::cargo_bin("jcm");
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let run = |args: &[&str]| {
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        cmd.args(args).arg(&dir).output().expect("run jcm")
    };
    let calc = run(&["calc"]);
    // `check` of a folder that also holds a methodology file: the folder it cannot read is an
    // error beside the methodology's findings (it was dropped, and the file checked alone).
    std::fs::write(dir.join("m.toml"), "not a methodology = \n").expect("write");
    let check = run(&["check"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    let stderr = String::from_utf8_lossy(&calc.stderr);
    assert_eq!(calc.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("cannot read the folder {}", locked.display())), "{stderr}");
    assert!(calc.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("cannot read the folder {}", locked.display())), "{stderr}");
}

/// Case 3: A FIFO monitoring file with a bad cell: the error quotes the line as read, and the run
/// ends (it re-opened the FIFO to quote the line, and waited for ever for a writer).
#[cfg(unix)]
#[test]
fn a_fifo_with_a_bad_cell_does_not_hang() {
    let dir = scratch("fifo");
    std::fs::write(dir.join("project.toml"), PROJECT).expect("write");
    let fifo = dir.join("monitoring.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let child = Command::new(assert_cmd::cargo::cargo_bin("jcm"))
        .arg("calc")
        .arg(&dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn jcm");
    // Opening for writing waits until jcm opens the FIFO for reading.
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).expect("open fifo");
    w.write_all(b"date,point,EG [MWh]\n2021-01-31,PV1,100\n2021-02-28,PV1,12x.5\n").expect("write fifo");
    drop(w);
    let out = wait_for(child, Duration::from_secs(30), "jcm calc on a FIFO");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("3 | 2021-02-28,PV1,12x.5\n  |                ^^^^^"), "{stderr}");
}

/// Case 4: A file without line breaks, or one line of more than 4 MiB, stops with exit 2 at once
/// and a short message; a long bad cell is quoted as an excerpt, never whole.
#[test]
fn a_record_without_end_is_refused_with_a_short_message() {
    let dir = project("dev-zero", |t| t.replace("file = \"monitoring.csv\"", "file = \"/dev/zero\""), "");
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("/dev/zero: the record on line 1 is longer than 4 MiB"), "{}", r.stderr);

    let long = format!("date,point,EG [MWh]\n2021-01-31,PV1,{}\n", "9".repeat(5 << 20));
    let dir = project("long-line", std::string::ToString::to_string, &long);
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(r.stderr.contains("the record on line 2 is longer than 4 MiB"), "{}", &r.stderr[..r.stderr.len().min(2000)]);

    let bad = format!("date,point,EG [MWh]\n2021-01-31,PV1,{}x\n", "9".repeat(3 << 20));
    let dir = project("long-cell", std::string::ToString::to_string, &bad);
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.len() < 2000, "stderr of {} bytes for one bad cell", r.stderr.len());
    assert!(r.stderr.contains("is not an exact decimal number"), "{}", r.stderr);
}

/// Case 5: `-j 65535` starts no more threads than cores and projects: it ends as fast as a plain run.
#[test]
fn a_huge_jobs_count_starts_few_threads() {
    let child = Command::new(assert_cmd::cargo::cargo_bin("jcm"))
        .current_dir(case::root())
        .args(["calc", "examples", "--summary", "-j", "65535"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn jcm");
    let out = wait_for(child, Duration::from_secs(60), "jcm calc -j 65535");
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Case 6: Help and version that cannot be written (a full disk) exit non-zero, as `calc` does.
#[cfg(target_os = "linux")]
#[test]
fn help_to_a_full_disk_is_an_error() {
    for args in [&["--help"][..], &["--version"], &["calc", "--help"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let out = Command::new(assert_cmd::cargo::cargo_bin("jcm")).args(args).stdout(full).output().expect("run jcm");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"), "{args:?}");
    }
    assert_eq!(jcm(&["--version"]).code, 0);
    assert_eq!(jcm(&["calc", "--bogus"]).code, 2);
}

/// Case 7: 100,000 header columns and 40,000 points load in linear time (they took 62 s and 13.7 s
/// in a release build; quadratic, a debug build takes many minutes). The bounds are loose: the
/// machine may be busy.
#[test]
fn wide_headers_and_many_points_are_linear() {
    let header: String = (0..100_000).map(|i| format!(",x{i}")).collect();
    let dir = project("wide", std::string::ToString::to_string, &format!("date,point,EG [MWh]{header}\n"));
    let start = Instant::now();
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("column `x0` is not a monitored parameter"), "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(start.elapsed() < Duration::from_secs(120), "100,000 columns took {:?}", start.elapsed());

    let points: String = (0..40_000).map(|i| format!("[[points]]\nid = \"P{i}\"\nconnection = \"national_grid\"\n\n")).collect();
    let dir = project(
        "points",
        |t| t.replace("[[points]]\nid = \"PV1\"\nconnection = \"national_grid\"\n", &points),
        "date,point,EG [MWh]\n2021-06-30,P7,10\n",
    );
    let start = Instant::now();
    let r = run(&dir, &["check"]);
    assert!(r.code < 2 || r.stderr.contains("JCM-E035"), "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(start.elapsed() < Duration::from_secs(120), "40,000 points took {:?}", start.elapsed());
}

/// A copy of the example vn-market-biogas (a `past` methodology), edited.
fn biogas(name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    let src = case::root().join("examples/vn-market-biogas");
    let mut toml = std::fs::read_to_string(src.join("project.toml")).expect("read");
    for (from, to) in edits {
        assert!(toml.contains(from), "the example lacks {from:?}");
        toml = toml.replace(from, to);
    }
    std::fs::write(dir.join("project.toml"), toml).expect("write");
    std::fs::copy(src.join("monitoring.csv"), dir.join("monitoring.csv")).expect("copy");
    dir
}

/// Case 8: An ex-ante estimate with `past` over 1,000 years finishes in seconds, each year the same
/// exact figures as in a ten-year crediting period (500 years ran 10 s in a debug build, the
/// decay's `exp` series recomputed n²/2 times); a crediting period to 9999 is refused at once with
/// a clear error (it ran for about six minutes).
#[test]
fn a_past_estimate_over_centuries_is_fast_and_exact() {
    let ten = run(&biogas("decade", &[]), &["calc", "--ex-ante", "--format", "json"]);
    assert_eq!(ten.code, 0, "{}", ten.stderr);
    let start = Instant::now();
    let long = run(&biogas("millennium", &[("end = 2030-12-31 }", "end = 3020-12-31 }")]), &["calc", "--ex-ante", "--format", "json"]);
    assert_eq!(long.code, 0, "{}", long.stderr);
    assert!(start.elapsed() < Duration::from_secs(30), "1,000 years took {:?}", start.elapsed());
    let (ten, long) = (case::json(&ten.stdout), case::json(&long.stdout));
    let years = |j: &serde_json::Value| j["estimate"]["years"].as_array().expect("years").clone();
    assert_eq!(years(&long).len(), 1000);
    assert_eq!(years(&ten)[..], years(&long)[..10]);

    let dir = biogas("centuries", &[("end = 2030-12-31 }", "end = 9999-12-31 }")]);
    let start = Instant::now();
    let r = run(&dir, &["calc", "--ex-ante"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("make 7979 yearly steps; `past` estimates at most 1000"), "{}", r.stderr);
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// Case 9: A yearly [[history]] step from 29 February ends on 28 February the next year.
#[test]
fn the_natural_year_from_29_february_is_a_year() {
    let edits = [
        ("crediting_period = { start = 2021-01-01, end = 2030-12-31 }", "crediting_period = { start = 2021-03-01, end = 2031-02-28 }"),
        ("start = 2021-01-01\nend = 2021-12-31", "start = 2020-02-29\nend = 2021-02-28"),
    ];
    let r = run(&biogas("leap", &edits), &["calc", "--ex-ante"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let short = [edits[0], ("start = 2021-01-01\nend = 2021-12-31", "start = 2020-02-29\nend = 2021-02-27")];
    let r = run(&biogas("leap-short", &short), &["calc", "--ex-ante"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not one year long"), "{}", r.stderr);
}

/// Case 10: `RE = 2.0176e3` is 2017.6, one decimal: compared at one decimal, it matches TH014.
#[test]
fn verify_counts_decimals_after_the_exponent() {
    let dir = scratch("exponent");
    let reported = std::fs::read_to_string(case::root().join("examples/th014-floating-solar/reported.toml")).expect("read");
    let edited = reported.replace("RE = \"2017.6\"", "RE = 2.0176e3");
    assert_ne!(edited, reported);
    let path = dir.join("reported.toml");
    std::fs::write(&path, edited).expect("write");
    let r = jcm(&["verify", "examples/th014-floating-solar", "--reported", path.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("DIFFERS"), "{}", r.stdout);
}

/// A methodology folder: TH_AM001's parameters with RE as given.
fn methodology_with(name: &str, re: &str) -> PathBuf {
    let dir = scratch(name);
    let m = std::fs::read_to_string(case::root().join("methodologies/JCM_TH_AM001.toml")).expect("read");
    let from = "RE = { expr = \"sum(i, RE_i[i])\"";
    assert!(m.contains(from));
    std::fs::write(dir.join("methodology.toml"), m.replace(from, &format!("RE = {{ expr = \"{re}\""))).expect("write");
    std::fs::write(dir.join("project.toml"), PROJECT.replace("methodology = \"JCM_TH_AM001\"", "methodology = \"methodology.toml\""))
        .expect("write");
    std::fs::write(dir.join("monitoring.csv"), "date,point,EG [MWh]\n2021-06-30,PV1,10\n").expect("write");
    dir
}

/// Case 11: A flat sum or product nests one level however long it is: 65 and 100,000 terms are
/// accepted and exact (65 was refused as "more than 64 levels deep", later 257 as "more than 256
/// operations deep"), and `explain` prints the 100,000-term sum whole, as written.
#[test]
fn a_long_flat_sum_is_not_deep_nesting() {
    for (n, re) in [(65, "260"), (100_000, "400000")] {
        let terms = vec!["sum(i, RE_i[i])"; n].join(" + ");
        let dir = methodology_with(&format!("flat-sum-{n}"), &terms);
        let r = run(&dir, &["calc", "--format", "json"]);
        assert_eq!(r.code, 0, "{}", &r.stderr[..r.stderr.len().min(2000)]);
        assert_eq!(case::json(&r.stdout)["periods"][0]["RE"], re, "{n} × 10 MWh × 0.4");
        let r = jcm_in(&dir, &["explain", "methodology.toml"]);
        assert_eq!(r.code, 0, "{}", &r.stderr[..r.stderr.len().min(2000)]);
        assert!(r.stdout.contains(&format!("RE = {terms}  [tCO2]")), "{n} terms");
    }
    let chain = format!("sum(i, RE_i[i]){}", " * 3 / 3".repeat(50_000));
    let r = run(&methodology_with("flat-product", &chain), &["calc", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert_eq!(case::json(&r.stdout)["periods"][0]["RE"], "4", "× 3 ÷ 3, 50,000 times over, is exact");
}

/// Case 12: `calc DIR --ex-ante` with a project that has no [estimate]: the others are printed, the
/// failure is listed, exit 2 (it stopped with empty output).
#[test]
fn ex_ante_of_a_folder_continues_past_a_failing_project() {
    let dir = scratch("ex-ante-dir");
    let kh = dir.join("a-kh");
    std::fs::create_dir_all(&kh).expect("mkdir");
    for f in ["project.toml", "monitoring.csv"] {
        std::fs::copy(case::root().join("examples/kh-school-solar").join(f), kh.join(f)).expect("copy");
    }
    let plain = dir.join("b-plain");
    std::fs::create_dir_all(&plain).expect("mkdir");
    std::fs::write(plain.join("project.toml"), PROJECT).expect("write");
    let r = run(&dir, &["calc", "--ex-ante"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.contains("KH-SCHOOL-PV"), "{}", r.stdout);
    assert!(r.stderr.contains("JCM-E061") && r.stderr.contains("b-plain"), "{}", r.stderr);
}

/// Case 13: Messages: a value of 29 digits names the 28-digit limit; a Latin-1 byte is shown escaped
/// (`\xE9`), never dropped; a division by zero in a row equation points at the divisor.
#[test]
fn messages_name_the_limit_escape_bytes_and_point_at_the_divisor() {
    let dir = project("digits", std::string::ToString::to_string, "date,point,EG [MWh]\n2021-06-30,PV1,1.00000000000000000000000000001\n");
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("has more than the 28 significant digits an exact decimal holds"), "{}", r.stderr);

    let dir = scratch("latin1");
    std::fs::write(dir.join("project.toml"), PROJECT).expect("write");
    std::fs::write(dir.join("monitoring.csv"), b"date,point,EG [MWh]\n2021-06-30,Caf\xe9,10\n").expect("write");
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2);
    // A file that is not UTF-8 stops at its first bad byte (JCM-E036, from the workbooks side),
    // the byte shown escaped in the message and in the quoted line, never dropped.
    assert!(r.stderr.contains("error[JCM-E036]"), "{}", r.stderr);
    assert!(r.stderr.contains("line 2 holds the bytes \\xE9"), "{}", r.stderr);
    assert!(r.stderr.contains("2 | 2021-06-30,Caf\\xE9,10\n  |               ^^^^"), "{}", r.stderr);

    let dir = scratch("row-division");
    let m = std::fs::read_to_string(case::root().join("methodologies/JCM_MM_AM005.toml")).expect("read");
    let from = "expr = \"min(EG_WHR, P_WHR * 24 [h/d] * D_WHR)\"";
    assert!(m.contains(from));
    std::fs::write(dir.join("methodology.toml"), m.replace(from, "expr = \"EG_WHR * 1 [d] / D_WHR\"")).expect("write");
    let src = case::root().join("examples/mm-cement-whr");
    let toml = std::fs::read_to_string(src.join("project.toml"))
        .expect("read")
        .replace("methodology = \"JCM_MM_AM005\"", "methodology = \"methodology.toml\"");
    std::fs::write(dir.join("project.toml"), toml).expect("write");
    let csv = std::fs::read_to_string(src.join("monitoring.csv")).expect("read");
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let d = header.iter().position(|h| h.starts_with("D_WHR")).expect("a D_WHR column");
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[d] = "0".into();
    lines[1] = cells.join(",");
    std::fs::write(dir.join("monitoring.csv"), lines.join("\n") + "\n").expect("write");
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("division by zero"), "{}", r.stderr);
    let col = cells[..d].iter().map(|c| c.chars().count() + 1).sum::<usize>() + 1;
    assert!(r.stderr.contains(&format!("monitoring.csv:2:{col}\n")), "the zero divisor is column {col}:\n{}", r.stderr);
}

/// Case 14: What `explain` prints parses back to the same expression: `a + (b + c)` keeps its
/// parentheses (it was printed `a + b + c`, another sum in exact arithmetic).
#[test]
fn explain_prints_what_parses_back() {
    let dir = methodology_with("explain", "sum(i, RE_i[i]) + (sum(i, RE_i[i]) + sum(i, RE_i[i]))");
    let r = jcm_in(&dir, &["explain", "methodology.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("RE = sum(i, RE_i[i]) + (sum(i, RE_i[i]) + sum(i, RE_i[i]))"), "{}", r.stdout);
}

/// Issue 9: an equation that the chosen option does not need, reading a parameter the project
/// does not monitor, has no value; it is not an error (it stopped the run with "internal: a value
/// was not bound before use", a bug worded as the user's fault).
#[test]
fn an_equation_the_option_does_not_need_is_not_an_internal_error() {
    let dir = scratch("unneeded-equation");
    let m = r#"[methodology]
id = "T"
version = "1"
title = "An option whose unchosen branch reads an unmonitored parameter (illustrative)"
[parameters.mode]
kind = "option"
choices = { simple = "PV output only", battery = "PV output less battery losses" }
[parameters.EG]
unit = "MWh"
kind = "monitored"
[parameters.LOSS]
unit = "MWh"
kind = "monitored"
[parameters.EF]
unit = "tCO2/MWh"
kind = "fixed"
default = 0.5
[equations]
L2 = { expr = "LOSS * 2", unit = "MWh" }
E = { expr = "if(mode == 'battery', EG - L2, EG)", unit = "MWh" }
RE = { expr = "E * EF", unit = "tCO2" }
PE = { expr = "0", unit = "tCO2" }
ER = { expr = "RE - PE", unit = "tCO2" }
"#;
    std::fs::write(dir.join("methodology.toml"), m).expect("write");
    let p = PROJECT
        .replace("methodology = \"JCM_TH_AM001\"", "methodology = \"methodology.toml\"")
        .replace("[[points]]\nid = \"PV1\"\nconnection = \"national_grid\"\n", "[values]\nmode = \"simple\"\n");
    std::fs::write(dir.join("project.toml"), p + "\n[estimate]\nEG = 10\n").expect("write");
    std::fs::write(dir.join("monitoring.csv"), "date,EG [MWh]\n2021-06-30,10\n").expect("write");
    for args in [&["calc", "--format", "json"][..], &["calc", "--ex-ante", "--format", "json"]] {
        let r = run(&dir, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("internal"), "{}", r.stderr);
    }
    let r = run(&dir, &["calc", "--format", "json"]);
    assert_eq!(case::json(&r.stdout)["periods"][0]["ER"], "5", "10 MWh × 0.5");
}

/// Case 1, bounds: a reading in another unit is judged against a bound exactly, never as a
/// converted value rounded to 28 digits. 1.2 GJ is exactly 1/3 MWh, more than a maximum of
/// 0.3333333333333333333333333333 MWh, though it rounds to it (it was accepted).
#[test]
fn a_bound_is_judged_on_the_exact_reading() {
    let dir = scratch("bound");
    let fixture = case::root().join("tests/fixtures/exact-decimal");
    let methodology = std::fs::read_to_string(fixture.join("methodology.toml")).expect("fixture");
    let methodology = methodology.replace("kind = \"monitored\"", "kind = \"monitored\"\nmax = \"0.3333333333333333333333333333\"");
    std::fs::write(dir.join("methodology.toml"), methodology).expect("write");
    std::fs::copy(fixture.join("project.toml"), dir.join("project.toml")).expect("copy");
    let over = "date,EG [GJ]\n2021-01-31,1.2\n";
    std::fs::write(dir.join("monitoring.csv"), over).expect("write");
    let r = run(&dir, &["calc", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("above the maximum 0.3333333333333333333333333333"), "{}", r.stderr);
    // Just under: 1.1999999 GJ is below the maximum, and accepted.
    std::fs::write(dir.join("monitoring.csv"), "date,EG [GJ]\n2021-01-31,1.1999999\n").expect("write");
    let r = run(&dir, &["calc", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Hourly readings of 2021 for PV1, each cell padded with spaces (spreadsheets pad cells) so
/// that the file passes the 4 MiB record cap as a whole, with `eol` ending each line.
fn padded_year(eol: &str, bad_row: Option<usize>) -> String {
    let mut csv = format!("date,point,EG [MWh]{eol}");
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date").and_hms_opt(0, 0, 0).expect("a time");
    for h in 0..8760 {
        let at = (start + chrono::Duration::hours(h)).format("%Y-%m-%dT%H:%M");
        let cell = if bad_row == Some(usize::try_from(h).expect("small")) { "5\"".to_string() } else { "0.125".to_string() };
        csv.push_str(&format!("{at},PV1,{cell:>500}{eol}"));
    }
    assert!(csv.len() > 4 << 20);
    csv
}

/// A quote inside a cell that does not start with one is a character, as the CSV parser reads
/// it: the bad cell is named, and the rest of a large file is not taken for one long quoted
/// record. A file whose lines end in CR alone ("CSV (Macintosh)") reads as its LF twin does.
#[test]
fn a_large_file_with_a_stray_quote_or_cr_lines_reads_as_the_parser_reads_it() {
    let dir = project("stray-quote", std::string::ToString::to_string, &padded_year("\n", Some(10)));
    let r = run(&dir, &["calc"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`5\"` is not an exact decimal number"), "{}", r.stderr);
    assert!(!r.stderr.contains("longer than"), "{}", r.stderr);

    let lf = run(&project("lf-lines", std::string::ToString::to_string, &padded_year("\n", None)), &["calc", "--format", "csv"]);
    let cr = run(&project("cr-lines", std::string::ToString::to_string, &padded_year("\r", None)), &["calc", "--format", "csv"]);
    assert_eq!(lf.code, 0, "{}", lf.stderr);
    assert_eq!(cr.code, 0, "{}", cr.stderr);
    assert_eq!(cr.stdout, lf.stdout);
}
