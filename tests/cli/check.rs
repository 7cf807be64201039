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

/// Run the reproducer of `code`: its `command`, or `verify` when it has a reported.toml, else
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
            How::Command => {
                if error {
                    2
                } else {
                    0
                }
            }
        };
        assert_eq!(r.code, want, "{code}: exit status\n{}", r.stderr);
        golden(&std::path::Path::new("tests/check").join(code.as_str()).join("expected.stderr"), &r.stderr);
    }
}

#[test]
fn check_finds_nothing_in_the_bundled_examples_and_methodologies() {
    let mut paths = vec!["examples".to_string(), "methodologies".to_string()];
    paths.extend(jcm::methodology::bundled::ids());
    for dir in super::case::project_dirs("examples") {
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
