//! `jcm check`: one reproducer per diagnostic code (tests/check/<code>/) that it must find,
//! nothing found in the bundled examples and methodologies, every finding rather than the
//! first, machine-readable listings, and the generated code documentation kept up to date.

use super::case::{golden, jcm, root};
use jcm::diag::{Code, Severity};

/// How a reproducer is run.
#[derive(PartialEq)]
enum How {
    Check,
    Verify,
    /// The arguments in its `command` file, `{dir}` standing for the reproducer's folder.
    Command,
}

fn how(code: Code) -> How {
    let dir = root().join(format!("tests/check/{code}"));
    if dir.join("command").is_file() {
        How::Command
    } else if dir.join("reported.toml").is_file() {
        How::Verify
    } else {
        How::Check
    }
}

/// Run the reproducer of `code`: its `command` (expected exit status: 2 for an error, 0 for a
/// warning, or what its `status` file says), or `verify` when it has a reported.toml, else
/// `check --strict`, with any extra arguments from its `args` file.
fn reproduce(code: Code) -> super::case::Run {
    let dir = format!("tests/check/{code}");
    let extra = std::fs::read_to_string(root().join(&dir).join("args")).unwrap_or_default();
    let command = std::fs::read_to_string(root().join(&dir).join("command")).unwrap_or_default();
    let mut args: Vec<String> = if how(code) == How::Command {
        command.split_whitespace().map(|a| a.replace("{dir}", &dir)).collect()
    } else if how(code) == How::Verify {
        vec!["verify".into(), dir.clone(), "--reported".into(), format!("{dir}/reported.toml")]
    } else {
        vec!["check".into(), "--strict".into(), dir.clone()]
    };
    args.extend(extra.split_whitespace().map(str::to_string));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    jcm(&refs)
}

#[test]
fn every_code_has_a_reproducer_that_finds_it() {
    for &code in Code::ALL {
        let dir = root().join(format!("tests/check/{code}"));
        assert!(dir.is_dir(), "no reproducer for {code}: add tests/check/{code}/ (a project or methodology that raises it)");
        let r = reproduce(code);
        assert!(r.stderr.contains(&format!("[{code}]")), "{code} not found by its reproducer:\n{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{code}: panicked\n{}", r.stderr);
        let error = code.severity() == Severity::Error;
        let want = match how(code) {
            How::Check => 1,
            How::Verify => u8::from(error).into(),
            // An error stops a command with 2, unless its `status` file says otherwise (`verify`
            // exits 1 for a finding about the figures).
            How::Command => match std::fs::read_to_string(dir.join("status")) {
                Ok(s) => s.trim().parse().expect("a status file holds an exit status"),
                Err(_) if error => 2,
                Err(_) => 0,
            },
        };
        assert_eq!(r.code, want, "{code}: exit status\n{}", r.stderr);
        golden(&std::path::Path::new("tests/check").join(code.as_str()).join("expected.stderr"), &r.stderr);
    }
}

#[test]
fn check_finds_nothing_in_the_bundled_examples_and_methodologies() {
    let mut paths = vec!["examples".to_string(), "methodologies".to_string()];
    paths.extend(jcm::methodology::bundled::ids());
    for dir in super::case::examples_and_variants() {
        paths.push(dir.to_str().expect("utf-8 path").to_string());
    }
    for p in &paths {
        let r = jcm(&["check", "--strict", p]);
        // ph-reforestation shows a reversal on purpose: its MP3 has negative net removals, a
        // warning (settled from the buffer), which --strict counts.
        if p == "examples" || p == "examples/ph-reforestation" {
            assert_eq!((r.code, r.stdout.as_str()), (1, ""), "check {p}");
            assert!(r.stderr.starts_with("warning[JCM-W002]: period MP3: net removals are negative"), "check {p}: {}", r.stderr);
            assert_eq!(r.stderr.matches("[JCM-").count(), 1, "check {p}: only that warning\n{}", r.stderr);
            continue;
        }
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""), "check {p}");
    }
}

#[test]
fn check_reports_every_problem_not_the_first() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jcm-check-many");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let project = std::fs::read_to_string(root().join("tests/check/JCM-E021/project.toml")).expect("project");
    std::fs::write(dir.join("project.toml"), project.replace("\"national_grid\"", "\"diesel\"")).expect("write");
    let csv = std::fs::read_to_string(root().join("tests/check/JCM-E021/monitoring.csv")).expect("csv");
    std::fs::write(dir.join("monitoring.csv"), csv.replace("98.2", "98.2x").replace("2021-09-30", "2021-09-31")).expect("write");
    let r = jcm(&["check", dir.to_str().expect("utf-8")]);
    assert_eq!(r.code, 1);
    for code in ["JCM-E008", "JCM-E021", "JCM-E033", "JCM-E014", "JCM-W001"] {
        assert!(r.stderr.contains(&format!("[{code}]")), "{code} missing:\n{}", r.stderr);
    }
}

#[test]
fn check_lists_findings_as_json_and_csv() {
    let r = jcm(&["check", "tests/check/JCM-E033", "--format", "json"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let first = &v["diagnostics"][0];
    assert_eq!((first["code"].as_str(), first["severity"].as_str()), (Some("JCM-E033"), Some("error")));
    assert_eq!(
        (first["file"].as_str(), first["line"].as_u64(), first["column"].as_u64()),
        (Some("tests/check/JCM-E033/monitoring.csv"), Some(3), Some(16))
    );
    assert_eq!(v["errors"], 1);
    let r = jcm(&["check", "tests/check/JCM-E033", "--format", "csv"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "code,severity,file,line,column,message,hint");
    assert!(lines[1].starts_with("JCM-E033,error,tests/check/JCM-E033/monitoring.csv,3,16,"), "{}", lines[1]);
}

#[test]
fn strict_makes_warnings_count() {
    let r = jcm(&["check", "tests/check/JCM-W004"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("warning[JCM-W004]"));
    assert_eq!(jcm(&["check", "--strict", "tests/check/JCM-W004"]).code, 1);
    let r = jcm(&["check", "no/such/place"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("JCM-E001"), "{}", r.stderr);
}

#[test]
fn the_diagnostics_page_is_generated_from_the_codes() {
    golden(std::path::Path::new("docs/diagnostics.md"), &jcm::check::codes::document());
}

#[test]
fn check_finds_projects_nested_below_a_folder_as_calc_does() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jcm-check-nested");
    let project = dir.join("group").join("site");
    std::fs::create_dir_all(&project).expect("temp dir");
    let src = root().join("examples/th014-floating-solar");
    std::fs::copy(src.join("project.toml"), project.join("project.toml")).expect("copy");
    let csv = std::fs::read_to_string(src.join("monitoring.csv")).expect("csv");
    std::fs::write(project.join("monitoring.csv"), csv.replace("206,728.2", "206,72x.2")).expect("write");
    let r = jcm(&["check", dir.to_str().expect("utf-8")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("[JCM-E033]") && r.stderr.contains("group/site/monitoring.csv:2:18"), "{}", r.stderr);
}

/// The case as written: a Thai methodology scaffolded for Viet Nam, its readings added,
/// passed `check --strict` (exit 0). Now the country (JCM-W006) and every `TODO` left by
/// `jcm new` (JCM-W007, naming the line) are warnings, errors under --strict.
#[test]
fn check_flags_a_methodology_outside_its_country_and_placeholders() {
    let base = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jcm-check-new-vn");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("temp dir");
    let x = base.join("x");
    let d = x.to_str().expect("utf-8");
    let r = jcm(&["new", d, "--methodology", "JCM_TH_AM001", "--country", "VN"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning[JCM-W006]"), "`new` says so too:\n{}", r.stderr);
    let csv = x.join("monitoring.csv");
    let start = std::fs::read_to_string(x.join("project.toml")).expect("toml");
    let year = start.split("start = ").nth(1).expect("a start date")[..4].to_string();
    let mut text = std::fs::read_to_string(&csv).expect("csv");
    text.push_str(&format!("{year}-06-30,pv-system-1,1520.4\n{year}-12-31,pv-system-1,1688.0\n"));
    std::fs::write(&csv, text).expect("write");
    let r = jcm(&["check", "--strict", d]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("warning[JCM-W006]: methodology JCM_TH_AM001 is approved for TH, not for `VN`"), "{}", r.stderr);
    assert!(r.stderr.contains("warning[JCM-W007]: `title` still holds the `TODO` placeholder"), "{}", r.stderr);
    assert!(r.stderr.contains("x/project.toml:9:10"), "the line and column of the TODO:\n{}", r.stderr);
    let r = jcm(&["check", d]);
    assert_eq!(r.code, 0, "warnings only without --strict:\n{}", r.stderr);
    // The values put in and the TODOs gone, with a Thai project id and country: nothing to say.
    let done: String = start
        .lines()
        .map(|l| if l.starts_with("title") { "title = \"A PV system\"" } else { l.split(" # TODO").next().unwrap_or(l) })
        .map(|l| l.replace("country = \"VN\"", "country = \"TH\""))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(x.join("project.toml"), done).expect("write");
    let r = jcm(&["check", "--strict", d]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stderr);
}

/// A project of hourly readings at two points, written by `value(day, hour, point)` (kWh as text).
fn hourly_project(name: &str, days: u32, value: impl Fn(u32, u32, u32) -> String) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let toml = std::fs::read_to_string(root().join("tests/check/JCM-W012/project.toml")).expect("project");
    let toml = toml.replace("[[points]]\nid = \"PV1\"", "[[points]]\nid = \"PV2\"\nconnection = \"captive\"\n\n[[points]]\nid = \"PV1\"");
    std::fs::write(dir.join("project.toml"), toml).expect("write");
    let mut csv = String::from("date,point,EG [kWh]\n");
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
    for d in 0..days {
        let date = start + chrono::Duration::days(i64::from(d));
        for h in 0..24 {
            for (p, point) in ["PV1", "PV2"].iter().enumerate() {
                csv.push_str(&format!("{date}T{h:02}:00,{point},{}\n", value(d, h, p as u32)));
            }
        }
    }
    std::fs::write(dir.join("monitoring.csv"), csv).expect("write");
    dir
}

/// The flood: hourly data whose small readings (dawn and dusk, or uniform values near 0)
/// lie a 1,000th below a median made meaningless by the daily cycle gave one JCM-W012 per bucket
/// and reading (thousands on 5 M readings). Now: none, and a real unit mistake is one finding
/// per column and point, with a count and the first lines.
#[test]
fn magnitude_findings_ignore_daily_cycles_and_are_grouped() {
    // A PV day in Wh-precise kWh: zero at night, a few Wh at sunrise and sunset, a midday bell.
    const DAY: [&str; 24] = [
        "0", "0", "0", "0", "0", "0.004", "0.35", "4.1", "19.8", "41.5", "58.2", "66.9", "68.4", "61.7", "47.3", "27.9", "9.6", "1.2",
        "0.021", "0", "0", "0", "0", "0",
    ];
    let pv = hourly_project("jcm-magnitude-pv", 120, |d, h, p| {
        let v = DAY[h as usize];
        // Cloudy days scale the day down; the near-zero hours move a little with the days.
        if v == "0" || (d + p) % 7 != 3 { v.to_string() } else { format!("0.00{}", 1 + d % 9) }
    });
    let r = jcm(&["check", "--strict", pv.to_str().expect("utf-8")]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "hourly PV: nothing to say");
    // Uniform readings, as the portfolio bench writes them: values near 0 are merely small.
    let uniform = hourly_project("jcm-magnitude-uniform", 400, |d, h, p| {
        let v = ((d * 24 + h) * 7919 + p * 104_729) % 1_000_000;
        format!("{}.{:03}", v / 1000, v % 1000)
    });
    let r = jcm(&["check", "--strict", uniform.to_str().expect("utf-8")]);
    assert!(!r.stderr.contains("JCM-W012"), "{}", r.stderr);
    // Four readings at PV1 in Wh (1,000 times too large): one finding, counted.
    let wrong = hourly_project("jcm-magnitude-mistakes", 120, |d, h, p| {
        let v = DAY[h as usize];
        if p == 0 && h == 12 && d % 30 == 5 { "68400".to_string() } else { v.to_string() }
    });
    let r = jcm(&["check", "--strict", wrong.to_str().expect("utf-8")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.matches("warning[JCM-W012]").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning[JCM-W012]: EG = 68.4 MWh is 1,000 times or more the median of its column at PV1 (about 0.019 MWh); 3 more readings are too (line 1706, 3146, 4586)"
        ),
        "{}",
        r.stderr
    );
}
