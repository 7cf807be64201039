//! Portfolios, machine output, `jcm new`, `jcm countries` and completions, through the binary.

use super::case::{golden, int, jcm, jcm_in, json, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

const TH014: &str = "examples/th014-floating-solar";
const MV002: &str = "examples/mv002-addu-mini-grid";

/// A fresh scratch folder for one test, under cargo's target tmp dir.
fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch");
    d
}

// ---------------------------------------------------------------- portfolios

#[test]
fn portfolio_summary_of_the_two_published_projects_matches_its_goldens() {
    for (format, ext) in [("table", "txt"), ("json", "json"), ("csv", "csv")] {
        let r = jcm(&["calc", TH014, MV002, "--summary", "--format", format]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        golden(Path::new(&format!("tests/golden/portfolio-th014-mv002.{ext}")), &r.stdout);
    }
    // The published figures: 2,017 + 750 credits, 1,009 + 433 to Japan, all ITMOs.
    let v = json(&jcm(&["calc", TH014, MV002, "--format", "json"]).stdout);
    let p = &v["portfolio"];
    assert_eq!((int(&p["credits"]), int(&p["japan_government"]), int(&p["itmo"])), (2767, 1442, 1442));
    assert_eq!(int(&p["by_country"]["TH"]["corresponding_adjustment"]), 1009);
    assert_eq!(int(&p["by_country"]["MV"]["itmo"]), 433);
    assert_eq!(p["targets"][0]["percent"], "0.002767", "2,767 of 100 Mt");
    assert_eq!(p["targets"][1]["percent"], "0.0013835", "2,767 of 200 Mt");
    assert_eq!(v["projects"][0]["project"]["id"], "TH014", "arguments keep their order");
}

/// `jcm calc examples`: every example, sorted, and a summary that adds up the single runs.
#[test]
fn a_folder_of_projects_adds_up_to_its_projects_computed_one_by_one() {
    let all = jcm(&["calc", "examples", "--format", "json"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let v = json(&all.stdout);
    let projects = v["projects"].as_array().expect("projects");
    let by_project = v["portfolio"]["by_project"].as_array().expect("by_project");
    let mut paths: Vec<String> = by_project.iter().map(|p| p["path"].as_str().expect("path").to_string()).collect();
    assert!(paths.len() >= 2 && paths.len() == projects.len());
    let sorted = {
        let mut s = paths.clone();
        s.sort();
        s
    };
    assert_eq!(paths, sorted, "folder search gives sorted paths");
    let (mut credits, mut japan, mut itmo, mut ca) = (0, 0, 0, 0);
    let mut by_country = std::collections::BTreeMap::<String, i64>::new();
    let mut by_vintage = std::collections::BTreeMap::<String, i64>::new();
    for path in paths.drain(..) {
        let one = json(&jcm(&["calc", &path, "--format", "json"]).stdout);
        let iss = &one["issuance"];
        credits += int(&iss["credits"]);
        ca += int(&iss["corresponding_adjustment"]);
        for s in iss["allocation"].as_array().expect("allocation") {
            if s["party"] == "japan_government" {
                japan += int(&s["credits"]);
                if s["itmo"] == true {
                    itmo += int(&s["credits"]);
                }
            }
        }
        *by_country.entry(one["project"]["country"].as_str().expect("country").into()).or_default() += int(&iss["credits"]);
        for p in one["periods"].as_array().expect("periods") {
            for vt in p["vintages"].as_array().expect("vintages") {
                *by_vintage.entry(vt["year"].to_string()).or_default() += int(&vt["credits"]);
            }
        }
    }
    let p = &v["portfolio"];
    assert_eq!(int(&p["credits"]), credits);
    assert_eq!(int(&p["japan_government"]), japan);
    assert_eq!(int(&p["itmo"]), itmo);
    assert_eq!(int(&p["corresponding_adjustment"]), ca);
    for (c, n) in &by_country {
        assert_eq!(int(&p["by_country"][c]["credits"]), *n, "country {c}");
    }
    for (y, n) in &by_vintage {
        assert_eq!(int(&p["by_vintage"][y]["credits"]), *n, "vintage {y}");
    }
    let party_sum: i64 = p["by_party"].as_object().expect("by_party").values().map(|x| int(&x["credits"])).sum();
    assert!(int(&p["reserve"]) > 0, "examples/ holds CCS projects, whose reserve belongs to no party");
    assert_eq!(party_sum + int(&p["reserve"]), credits, "the parties and the CCS reserve share every credit");
}

#[test]
fn portfolio_output_is_identical_on_every_run_and_any_number_of_threads() {
    for format in ["table", "json", "csv"] {
        let first = jcm(&["calc", "examples", "--format", format]);
        assert_eq!(first.code, 0);
        for jobs in ["1", "2", "7"] {
            let again = jcm(&["calc", "examples", "--format", format, "--jobs", jobs]);
            assert_eq!(again.stdout, first.stdout, "{format} with --jobs {jobs}");
            assert_eq!(again.stderr, first.stderr);
        }
    }
}

#[test]
fn the_table_shows_each_project_then_the_portfolio() {
    let r = jcm(&["calc", TH014, MV002]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let th = r.stdout.find("TH014 · ").expect("TH014 tables");
    let mv = r.stdout.find("MV002 · ").expect("MV002 tables");
    let pf = r.stdout.find("Portfolio · 2 projects").expect("portfolio");
    assert!(th < mv && mv < pf, "{}", r.stdout);
    for heading in ["Credits by project", "By partner country", "By vintage", "By party", "Progress towards Japan's JCM targets"] {
        assert!(r.stdout[pf..].contains(heading), "missing {heading}");
    }
}

#[test]
fn a_failing_project_is_reported_and_the_others_are_still_computed() {
    let r = jcm(&["calc", TH014, "tests/errors/bad-date", MV002, "--format", "json"]);
    assert_eq!(r.code, 2, "a failed project makes the run fail");
    let v = json(&r.stdout);
    assert_eq!(v["projects"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["portfolio"]["projects_computed"], 2);
    assert_eq!(v["portfolio"]["projects_failed"], 1);
    assert_eq!(v["portfolio"]["credits"], 2767, "the failed project counts for nothing");
    assert_eq!(v["errors"][0]["path"], "tests/errors/bad-date");
    let d = &v["errors"][0]["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["line"].as_i64(), d["column"].as_i64()), (Some("JCM-E014"), Some(3), Some(1)));
    assert!(r.stderr.contains("error[JCM-E014]"), "{}", r.stderr);
    assert!(r.stderr.contains("error[JCM-E061]: 1 of 3 projects could not be computed"), "{}", r.stderr);

    let t = jcm(&["calc", TH014, "tests/errors/bad-date"]);
    assert_eq!(t.code, 2);
    assert!(t.stdout.contains("(1 project not counted)") && t.stdout.contains("- tests/errors/bad-date"), "{}", t.stdout);
}

#[test]
fn a_folder_where_every_project_fails_still_prints_a_document_and_exits_2() {
    let r = jcm(&["calc", "tests/errors", "--format", "json", "--summary"]);
    assert_eq!(r.code, 2);
    let v = json(&r.stdout);
    assert_eq!(v["portfolio"]["projects_computed"], 0);
    assert!(int(&v["portfolio"]["projects_failed"]) >= 20);
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn a_folder_without_projects_is_an_input_error() {
    let dir = scratch("no-projects");
    std::fs::create_dir_all(dir.join("a/b")).expect("mkdir");
    let r = jcm(&["calc", dir.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("error[JCM-E060]: no project.toml in"), "{}", r.stderr);
}

#[test]
fn targets_are_a_setting() {
    let r = jcm(&["calc", TH014, "--summary", "--format", "json", "--target", "mine=2017", "--target", "half=4,034t"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["portfolio"]["targets"][0]["percent"], "100");
    assert_eq!(v["portfolio"]["targets"][1]["percent"], "50");
    assert_eq!(v["portfolio"]["targets_source"], "set on the command line (--target)");
    let one = jcm(&["calc", TH014, "--target", "mine=2017"]);
    assert!(one.stdout.contains("│ mine   ┆"), "a target asks for the portfolio view, even of one project:\n{}", one.stdout);
    let bad = jcm(&["calc", TH014, "--target", "FY2030"]);
    assert_eq!(bad.code, 2, "a usage error");
}

/// The same project twice in a portfolio is double counting: an error naming both folders,
/// the second left out of the totals (listed under `errors`), exit 2. Before, the same id was
/// only a warning and the credits were added twice (4,034).
#[test]
fn a_project_counted_twice_is_an_error_naming_both_folders() {
    let dir = scratch("duplicate-ids");
    for name in ["a", "b"] {
        let d = dir.join(name);
        std::fs::create_dir_all(&d).expect("mkdir");
        for f in ["project.toml", "monitoring.csv"] {
            std::fs::copy(root().join(TH014).join(f), d.join(f)).expect("copy");
        }
    }
    let (a, b) = (dir.join("a"), dir.join("b"));
    let (a, b) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));
    let r = jcm(&["calc", dir.to_str().expect("utf-8"), "--summary", "--format", "csv"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("error[JCM-E063]: {a} and {b} hold the same project (project id TH014)")), "{}", r.stderr);
    assert!(r.stdout.contains("total,,credits,2017\n"), "counted once:\n{}", r.stdout);
    let v = json(&jcm(&["calc", dir.to_str().expect("utf-8"), "--format", "json"]).stdout);
    assert_eq!((int(&v["portfolio"]["credits"]), int(&v["portfolio"]["projects_failed"])), (2017, 1));
    assert_eq!(v["errors"][0]["path"], b);
    assert_eq!(v["errors"][0]["diagnostics"][0]["code"], "JCM-E063");

    // Another id, the same monitoring files: the same reductions, still counted twice.
    let toml = std::fs::read_to_string(dir.join("b/project.toml")).expect("toml");
    std::fs::write(dir.join("b/project.toml"), toml.replace("id = \"TH014\"", "id = \"TH014-COPY\"")).expect("write");
    let r = jcm(&["calc", a, b, "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("(the same monitoring files (SHA-256) as project TH014)"), "{}", r.stderr);
    assert_eq!(int(&json(&r.stdout)["portfolio"]["credits"]), 2017);
}

/// `jcm calc examples` counts the CCS gas field once (its two teaching variants live inside the
/// project's folder); naming a variant beside the project is double counting.
#[test]
fn the_ccs_gas_field_is_counted_once() {
    let v = json(&jcm(&["calc", "examples", "--format", "json", "--summary"]).stdout);
    let ids: Vec<&str> = v["portfolio"]["by_project"].as_array().expect("by_project").iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(ids.iter().filter(|id| id.starts_with("ID-CCS")).count(), 1, "{ids:?}");
    let r = jcm(&["calc", "examples/id-ccs-gas-field", "examples/id-ccs-gas-field/project-uplift", "--summary"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error[JCM-E063]: examples/id-ccs-gas-field and examples/id-ccs-gas-field/project-uplift hold the same project"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- countries and completions

#[test]
fn countries_match_their_goldens_in_every_format() {
    for (format, ext) in [("table", "txt"), ("json", "json"), ("csv", "csv")] {
        let r = jcm(&["countries", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stderr, "");
        golden(Path::new(&format!("tests/golden/countries.{ext}")), &r.stdout);
    }
    let v = json(&jcm(&["countries", "--format", "json"]).stdout);
    let c = v["countries"].as_array().expect("countries");
    assert_eq!(c.iter().filter(|x| x["partner"] == true).count(), 31);
    assert_eq!(c.iter().filter(|x| x["article6_status"] == "aligned").count(), 14);
    assert_eq!(c.iter().filter(|x| x["article6_status"] == "revision-pending").count(), 13);
    assert_eq!(c.iter().filter(|x| x["partner"] == false).count(), 2, "Brazil and Malaysia");
    let tn = c.iter().find(|x| x["code"] == "TN").expect("Tunisia");
    assert_eq!((tn["signed"].as_str(), tn["place"].as_str()), (Some("2022-08-26"), Some("Tunis")));
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = jcm(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for word in ["calc", "countries", "new", "format", "methodology"] {
            assert!(r.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    assert_eq!(jcm(&["completions", "tcsh"]).code, 2);
}

// ---------------------------------------------------------------- jcm new

/// Append the README's example rows to each monitoring CSV of a scaffold, as a student would.
fn fill_with_readme_rows(dir: &Path) {
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README stub");
    let mut current: Option<String> = None;
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    for line in readme.lines() {
        if line == "```csv" {
            blocks.push((current.clone().expect("a CSV block names its file first"), Vec::new()));
        } else if line == "```" {
            current = None;
        } else if let Some(name) = line.strip_prefix('`').and_then(|l| l.split_once('`')).map(|(n, _)| n.to_string()) {
            if std::path::Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
                current = Some(name);
            }
        } else if let Some((_, rows)) = blocks.last_mut().filter(|_| current.is_some()) {
            rows.push(line.to_string());
        }
    }
    assert!(!blocks.is_empty(), "the README shows example rows");
    for (file, rows) in blocks {
        let path = dir.join(&file);
        let have = std::fs::read_to_string(&path).expect("csv");
        assert_eq!(have.trim_end(), rows[0], "{file}: the scaffold's header is the README's");
        std::fs::write(&path, format!("{have}{}\n", rows[1..].join("\n"))).expect("write csv");
    }
}

#[test]
fn every_bundled_methodology_scaffolds_a_project_that_loads_and_then_computes() {
    let base = scratch("new-every-methodology");
    for id in jcm::methodology::bundled::ids() {
        let dir = base.join(id.to_lowercase());
        let d = dir.to_str().expect("utf-8");
        let r = jcm(&["new", d, "--methodology", &id, "--start", "2025-01-01", "--points", "2"]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        assert!(r.stdout.contains("project.toml") && r.stdout.contains("README.md"), "{}", r.stdout);
        let (project, _) = jcm::pipeline::files::project(&dir).unwrap_or_else(|f| panic!("{id}: the scaffold does not load:\n{f}"));
        assert_eq!(project.methodology.id, id);
        let text = std::fs::read_to_string(dir.join("project.toml")).expect("project.toml");
        assert!(text.contains("TODO"), "{id}: the gaps are marked");
        // Header only: calc says which readings are missing, rather than computing made-up ones.
        let empty = jcm(&["calc", d]);
        assert_eq!(empty.code, 2, "{id}: {}", empty.stdout);
        assert!(empty.stderr.contains("JCM-E035"), "{id}: {}", empty.stderr);
        fill_with_readme_rows(&dir);
        let full = jcm(&["calc", d, "--format", "json"]);
        assert_eq!(full.code, 0, "{id}: {}", full.stderr);
        assert_eq!(json(&full.stdout)["periods"][0]["start"], "2025-01-01");
    }
}

#[test]
fn new_copies_a_methodology_file_and_refuses_to_overwrite() {
    let base = scratch("new-file-and-refuse");
    let m = root().join("methodologies/JCM_TH_AM001.toml");
    let r = jcm_in(&base, &["new", "own", "--methodology", m.to_str().expect("utf-8"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let files: Vec<&str> = v["files"].as_array().expect("files").iter().map(|f| f["path"].as_str().expect("path")).collect();
    assert_eq!(files, ["own/project.toml", "own/monitoring.csv", "own/README.md", "own/JCM_TH_AM001.toml"]);
    assert!(std::fs::read_to_string(base.join("own/project.toml")).expect("toml").contains("methodology = \"JCM_TH_AM001.toml\""));

    let again = jcm_in(&base, &["new", "own", "--methodology", "JCM_TH_AM001"]);
    assert_eq!(again.code, 2);
    assert_eq!(again.stdout, "");
    assert!(again.stderr.contains("error[JCM-E062]: own already exists and is not empty"), "{}", again.stderr);

    std::fs::create_dir_all(base.join("empty")).expect("mkdir");
    assert_eq!(jcm_in(&base, &["new", "empty", "-m", "JCM_TH_AM001", "--country", "th"]).code, 0, "an empty folder is fine");
    let unknown = jcm_in(&base, &["new", "x", "-m", "JCM_TH_AM01"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `JCM_TH_AM001`?"), "{}", unknown.stderr);
    assert!(!base.join("x").exists(), "nothing is written when the methodology is unknown");
}

/// A start late in year 9999 gives a crediting period cut at 9999-12-31, the last date TOML can
/// write, and a project that loads; a date TOML cannot write is a usage error, and nothing is
/// written. (Both used to end in "please report this as a bug of `jcm new`".)
#[test]
fn new_keeps_its_dates_inside_what_toml_can_write() {
    let base = scratch("new-far-dates");
    let late = jcm_in(&base, &["new", "late", "-m", "X_ID_CCS", "--start", "9999-06-01"]);
    assert_eq!(late.code, 0, "{}", late.stderr);
    let (project, _) = jcm::pipeline::files::project(&base.join("late")).unwrap_or_else(|f| panic!("does not load:\n{f}"));
    assert_eq!(project.crediting.1.to_string(), "9999-12-31");
    for start in ["+10000-01-01", "-0001-01-01"] {
        let r = jcm_in(&base, &["new", "far", "-m", "JCM_TH_AM001", &format!("--start={start}")]);
        assert_eq!(r.code, 2, "{start}: {}", r.stderr);
        assert!(r.stderr.contains("four-digit year"), "{}", r.stderr);
        assert!(!base.join("far").exists(), "{start}: nothing is written");
    }
}

// ---------------------------------------------------------------- the README's tour

/// The README's tour block, run as written: a student who follows the README gets a computed
/// project. The block lies between `<!-- tour:begin …-->` and `<!-- tour:end -->`.
#[cfg(unix)]
#[test]
fn the_readme_tour_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let begin = readme.find("<!-- tour:begin").expect("tour begin marker");
    let end = readme.find("<!-- tour:end -->").expect("tour end marker");
    let mut script = String::new();
    let mut inside = false;
    for line in readme[begin..end].lines() {
        if line.starts_with("```sh") {
            inside = true;
        } else if line.starts_with("```") {
            inside = false;
        } else if inside {
            script.push_str(line);
            script.push('\n');
        }
    }
    assert!(script.contains("jcm new") && script.contains("jcm calc"), "{script}");
    let dir = scratch("readme-tour");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_jcm"));
    let path = format!("{}:{}", bin.parent().expect("bin dir").display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("sh")
        .args(["-e", "-c", &script])
        .current_dir(&dir)
        .env("PATH", path)
        .env("JCM_REPO", root())
        .output()
        .expect("sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the tour fails:\n{script}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("Emission reductions per monitoring period"), "the tour ends with a computed project:\n{stdout}");
}

// ---------------------------------------------------------------- docs/json.md

/// A documented key: its path pattern (`periods[]`, `id`) and the types it may have.
type Key = (Vec<String>, Vec<String>);

/// The documented shapes: section name → keys.
fn documented_shapes() -> Vec<(String, Vec<Key>)> {
    let doc = std::fs::read_to_string(root().join("docs/json.md")).expect("docs/json.md");
    let mut shapes: Vec<(String, Vec<Key>)> = Vec::new();
    for line in doc.lines() {
        if let Some(name) = line.strip_prefix("<!-- shape: ").and_then(|l| l.strip_suffix(" -->")) {
            shapes.push((name.to_string(), Vec::new()));
        } else if let (Some(rest), Some((_, keys))) = (line.strip_prefix("| `"), shapes.last_mut()) {
            let (key, rest) = rest.split_once("` | ").expect("| `key` | type | meaning |");
            let ty = rest.split(" | ").next().expect("type");
            let types = ty.split(" or ").map(|t| t.trim().to_string()).collect();
            keys.push((key.split('.').map(str::to_string).collect(), types));
        }
    }
    shapes.retain(|(name, _)| name != "end");
    shapes
}

fn type_name(v: &Value) -> Vec<&'static str> {
    match v {
        Value::Null => vec!["null"],
        Value::Bool(_) => vec!["boolean"],
        Value::Number(_) => vec!["integer"],
        Value::String(s) => {
            let mut t = vec!["string"];
            if s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
                t.push("date");
            }
            if !s.is_empty() && s.trim_start_matches('-').split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
                t.push("decimal");
            }
            t
        }
        Value::Array(_) => vec!["array"],
        Value::Object(_) => vec!["object"],
    }
}

/// Every (path, value) of a document below the root. The elements of an array `xs` are at
/// `xs[]`: a scalar element is listed itself, an object element through its keys (`xs[].id`).
fn flatten<'a>(v: &'a Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, &'a Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                path.push(k.clone());
                out.push((path.clone(), x));
                flatten(x, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for x in a {
                let last = path.pop().unwrap_or_default();
                path.push(format!("{last}[]"));
                if !x.is_object() && !x.is_array() {
                    out.push((path.clone(), x));
                }
                flatten(x, path, out);
                path.pop();
                path.push(last);
            }
        }
        _ => {}
    }
}

fn matches(pattern: &[String], path: &[String]) -> bool {
    pattern.len() == path.len() && pattern.iter().zip(path).all(|(p, k)| p == k || (p.starts_with('<') && !k.ends_with("[]")))
}

#[test]
fn json_shapes_match_docs_json_md() {
    let base = scratch("json-shapes");
    let new = jcm_in(&base, &["new", "p", "-m", "JCM_TH_AM001", "--start", "2025-01-01", "--format", "json"]);
    // A project outside the partner table (a null Article-6 status) whose period runs into a
    // year without readings (a warning in the JSON), with every date of the project cycle.
    let outside = base.join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let toml = std::fs::read_to_string(root().join(TH014).join("project.toml")).expect("toml");
    std::fs::write(
        outside.join("project.toml"),
        toml.replace("country = \"TH\"", "country = \"JP\"")
            .replace("end = 2021-12-31", "end = 2022-03-31")
            .replace("issued = 2025-10-30", "verified = 2025-06-30\nissued = 2025-10-30")
            + "\n[cycle]\npin_submitted = 2017-03-01\nmethodology_approved = 2016-08-01\nvalidated = 2019-05-01\nregistered = 2020-06-01\n",
    )
    .expect("write");
    std::fs::copy(root().join(TH014).join("monitoring.csv"), outside.join("monitoring.csv")).expect("copy");
    let outside = outside.to_str().expect("utf-8");
    let many = jcm(&["calc", "examples", outside, "tests/errors/bad-date", "--format", "json"]);
    let samples: Vec<(&str, String, Value)> = vec![
        ("calc-one", format!("jcm calc {TH014}"), json(&jcm(&["calc", TH014, "--format", "json"]).stdout)),
        ("calc-one", format!("jcm calc {MV002}"), json(&jcm(&["calc", MV002, "--format", "json"]).stdout)),
        ("calc-one", "jcm calc (a project outside the partners)".into(), json(&jcm(&["calc", outside, "--format", "json"]).stdout)),
        ("calc-many", "jcm calc examples … tests/errors/bad-date".into(), json(&many.stdout)),
        ("countries", "jcm countries".into(), json(&jcm(&["countries", "--format", "json"]).stdout)),
        ("countries", "jcm countries --detail".into(), json(&jcm(&["countries", "--detail", "--format", "json"]).stdout)),
        ("new", "jcm new".into(), json(&new.stdout)),
        (
            "calc-explain",
            "jcm calc --explain (every example)".into(),
            json(&jcm(&["calc", "examples/minigrid-meter-correction", "--explain", "--format", "json"]).stdout),
        ),
        ("calc-explain", format!("jcm calc {MV002} --explain"), json(&jcm(&["calc", MV002, "--explain", "--format", "json"]).stdout)),
        (
            "calc-explain",
            "jcm calc --explain (CCS, method 1)".into(),
            json(&jcm(&["calc", "examples/id-ccs-gas-field/reference-below-bau", "--explain", "--format", "json"]).stdout),
        ),
        (
            "calc-explain",
            "jcm calc --explain (CCS, method 3)".into(),
            json(&jcm(&["calc", "examples/id-ccs-gas-field", "--explain", "--format", "json"]).stdout),
        ),
        (
            "verify",
            "jcm verify --explain".into(),
            json(&jcm(&["verify", TH014, "--reported", &format!("{TH014}/reported.toml"), "--explain", "--format", "json"]).stdout),
        ),
        ("check", "jcm check".into(), json(&jcm(&["check", "tests/check/JCM-E033", "tests/check/JCM-W011", "--format", "json"]).stdout)),
        ("check", "jcm check (a workbook)".into(), json(&jcm(&["check", "tests/check/JCM-E037", "--format", "json"]).stdout)),
    ];
    // A second party's JSON as the reported figures: the inputs are compared.
    let theirs = base.join("theirs.json");
    std::fs::write(&theirs, jcm(&["calc", TH014, "--format", "json"]).stdout).expect("write");
    let verify_json = jcm(&["verify", TH014, "--reported", theirs.to_str().expect("utf-8"), "--format", "json"]);
    let mut samples = samples;
    samples.push(("verify", "jcm verify --reported theirs.json".into(), json(&verify_json.stdout)));
    // The CCS teaching variants, which `jcm calc examples` does not count.
    for variant in ["examples/id-ccs-gas-field/reference-below-bau", "examples/id-ccs-gas-field/project-uplift"] {
        samples.push(("calc-one", format!("jcm calc {variant}"), json(&jcm(&["calc", variant, "--format", "json"]).stdout)));
    }
    for example in ["examples/vn-market-biogas", "examples/id-solar-battery", "examples/mn-khushig-solar"] {
        let doc = json(&jcm(&["calc", example, "--ex-ante", "--format", "json"]).stdout);
        samples.push(("calc-ex-ante", format!("jcm calc {example} --ex-ante"), doc));
    }
    for party in ["JP", "TH"] {
        let doc = json(&jcm(&["article6", TH014, MV002, "--party", party, "--year", "2025", "--format", "json"]).stdout);
        samples.push(("article6", format!("jcm article6 --party {party}"), doc));
    }
    // Indonesia's examples have ITMOs but no `issued` date: in no year's records.
    let undated = json(&jcm(&["article6", "examples", "--party", "ID", "--year", "2025", "--format", "json"]).stdout);
    samples.push(("article6", "jcm article6 examples --party ID".into(), undated));
    samples.push(("methodologies", "jcm methodologies".into(), json(&jcm(&["methodologies", "--format", "json"]).stdout)));
    for id in jcm::methodology::bundled::ids() {
        samples.push(("explain", format!("jcm explain {id}"), json(&jcm(&["explain", &id, "--format", "json"]).stdout)));
    }
    samples.push((
        "appraise",
        "jcm appraise".into(),
        json(&jcm(&["appraise", "examples/appraise-solar-subsidy", "--format", "json"]).stdout),
    ));
    samples.push((
        "appraise",
        "jcm appraise --programme global-south".into(),
        json(
            &jcm(&[
                "appraise",
                "examples/appraise-solar-subsidy",
                "--programme",
                "global-south",
                "--scale",
                "small-demonstration",
                "--format",
                "json",
            ])
            .stdout,
        ),
    ));
    for file in ["examples/offset-gx-ets/gx-ets.toml", "examples/offset-gx-ets/shk.toml"] {
        samples.push(("offset", format!("jcm offset {file}"), json(&jcm(&["offset", file, "--format", "json"]).stdout)));
    }
    samples.push(("programmes", "jcm programmes".into(), json(&jcm(&["programmes", "--format", "json"]).stdout)));
    // A variant (not found by `jcm calc examples`): a workbook with a column not used.
    let wb = "examples/th014-floating-solar/excel-workbook";
    samples.push(("calc-one", format!("jcm calc {wb}"), json(&jcm(&["calc", wb, "--format", "json"]).stdout)));
    let shapes = documented_shapes();
    assert_eq!(
        shapes.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "calc-one",
            "calc-many",
            "countries",
            "new",
            "calc-ex-ante",
            "methodologies",
            "explain",
            "calc-explain",
            "verify",
            "check",
            "appraise",
            "offset",
            "programmes",
            "article6"
        ]
    );
    // The projects of a portfolio are calc-one documents.
    let inner: Vec<Value> = samples[3].2["projects"].as_array().expect("projects").clone();
    for p in inner {
        samples.push(("calc-one", "a project of jcm calc examples".into(), p));
    }
    for (shape, keys) in &shapes {
        let mut used = vec![false; keys.len()];
        for (_, cmd, doc) in samples.iter().filter(|(s, _, _)| s == shape) {
            let mut paths = Vec::new();
            flatten(doc, &mut Vec::new(), &mut paths);
            for (path, value) in paths {
                if shape == "calc-many" && path[0].starts_with("projects[]") {
                    continue;
                }
                // calc-explain documents only the trace (the rest is calc-one); verify's trace is that trace.
                if (shape == "calc-explain" && path[0] != "trace" && !path[0].starts_with("trace[]"))
                    || (shape == "verify" && path[0].starts_with("trace[]"))
                {
                    continue;
                }
                let shown = path.join(".");
                let Some(k) = keys.iter().position(|(pattern, _)| matches(pattern, &path)) else {
                    panic!("`{shown}` is in the output of `{cmd}` but not in docs/json.md ({shape}): document it there");
                };
                used[k] = true;
                let types = type_name(value);
                assert!(
                    keys[k].1.iter().any(|t| types.contains(&t.as_str())),
                    "`{shown}` in `{cmd}` is {value}, documented as {:?}",
                    keys[k].1
                );
            }
        }
        for ((pattern, _), used) in keys.iter().zip(used) {
            assert!(used, "docs/json.md ({shape}) documents `{}`, which no output has", pattern.join("."));
        }
    }
}
