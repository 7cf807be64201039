//! `--format html`: every example's page is self-contained (no reference to the network, no
//! script), has a title on every chart, shows the figures of the JSON, and is the same bytes on
//! every run; formats without a page are refused.

use super::case::{self, jcm, project_dirs};
use serde_json::Value;

/// `17673` → `17,673`, as the page shows a whole number.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// What every page must be: one document, nothing fetched or run, every chart titled.
pub fn assert_self_contained(what: &str, html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n") && html.ends_with("</html>\n"), "{what}: not one whole document");
    let lower = html.to_ascii_lowercase();
    for banned in ["http:", "https:", "<script", "<link", "<img", "<iframe", "<object", "@import", "src=", "//fonts", "<base"] {
        assert!(!lower.contains(banned), "{what}: the page holds `{banned}`");
    }
    assert!(lower.split("url(").skip(1).all(|rest| rest.starts_with('#')), "{what}: a url() that is not a pattern of the page");
    assert!(lower.split("href=\"").skip(1).all(|rest| rest.starts_with('#')), "{what}: a link out of the page");
    let svgs: Vec<&str> = html.split("<svg").skip(1).collect();
    for s in &svgs {
        let body = &s[..s.find("</svg>").unwrap_or_else(|| panic!("{what}: an <svg> that does not end"))];
        let first_child = body.find('<').map(|k| &body[k..]).unwrap_or_default();
        assert!(first_child.starts_with("<title"), "{what}: an <svg> without a <title> first:\n{}", &body[..body.len().min(300)]);
    }
    assert_eq!(html.matches("<figure class=\"chart").count(), svgs.len(), "{what}: every chart is a figure with its table");
    assert!(!html.contains("NaN") && !html.contains("inf\""), "{what}: a coordinate that is not a number");
}

fn json(args: &[&str]) -> Value {
    let r = jcm(args);
    assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.stderr);
    case::json(&r.stdout)
}

/// Run twice: the page, which must be the same bytes both times.
pub fn page(args: &[&str]) -> String {
    let a = jcm(args);
    assert!(a.code == 0 || a.code == 1, "{args:?}: {}", a.stderr);
    let b = jcm(args);
    assert_eq!(a.stdout, b.stdout, "{args:?}: the same inputs give the same bytes");
    assert_self_contained(&args.join(" "), &a.stdout);
    a.stdout
}

/// The credits, each period's credits and vintages, and the allocation of a project's JSON
/// appear on its page.
fn assert_figures(what: &str, html: &str, doc: &Value) {
    let has = |n: &Value| html.contains(&format!(">{}<", thousands(case::int(n))));
    assert!(has(&doc["issuance"]["credits"]), "{what}: the credits");
    assert!(has(&doc["issuance"]["corresponding_adjustment"]), "{what}: the corresponding adjustment");
    for a in doc["issuance"]["allocation"].as_array().expect("allocation") {
        assert!(has(&a["credits"]), "{what}: the allocation {a}");
    }
    for p in doc["periods"].as_array().expect("periods") {
        assert!(has(&p["credits"]), "{what}: the credits of period {}", p["id"]);
        assert!(html.contains(&format!("<th>{}</th>", p["id"].as_str().expect("id"))), "{what}: period {}", p["id"]);
        for v in p["vintages"].as_array().expect("vintages") {
            assert!(html.contains(&format!("{}: {}", v["year"], thousands(case::int(&v["credits"])))), "{what}: vintage {v}");
        }
    }
    for f in doc["inputs"]["files"].as_array().expect("inputs") {
        assert!(html.contains(f["sha256"].as_str().expect("sha256")), "{what}: the SHA-256 of {}", f["path"]);
    }
    assert!(html.contains(&format!("jcm {}", doc["inputs"]["jcm_version"].as_str().expect("version"))), "{what}: the jcm version");
}

#[test]
fn every_example_has_a_self_contained_page_with_its_figures() {
    for dir in project_dirs("examples") {
        let d = dir.to_str().expect("utf-8 path");
        let toml = std::fs::read_to_string(case::root().join(&dir).join("project.toml")).expect("project.toml");
        if toml.contains("[[periods]]") {
            let html = page(&["calc", d, "--format", "html"]);
            let doc = json(&["calc", d, "--format", "json"]);
            assert_figures(d, &html, &doc);
            assert!(html.contains("Monitored values over time"), "{d}: the monitored values are drawn");
            assert!(!html.contains("<details"), "{d}: the trace is only there with --explain");
            let explained = page(&["calc", d, "--format", "html", "--explain"]);
            let periods = doc["periods"].as_array().expect("periods").len();
            assert_eq!(explained.matches("<details class=\"trace\">").count(), periods, "{d}: one trace per period");
            if doc.get("reserve_ledger").is_some() {
                assert!(html.contains(": balance after each entry") && html.contains("Deposited"), "{d}: the set-aside ledger");
            }
            if doc["settings"].get("ccs").is_some() {
                assert!(html.contains("CCS: from emissions to credits"), "{d}: the net-reduction steps");
            }
            let reported = dir.join("reported.toml");
            if case::root().join(&reported).is_file() {
                let v = page(&["verify", d, "--reported", reported.to_str().expect("utf-8 path"), "--format", "html"]);
                assert!(v.contains("class=\"banner ok\"") && !v.contains("class=\"differs\""), "{d}: the bundled figures are verified");
            }
        }
        if toml.contains("[estimate") {
            let html = page(&["calc", d, "--ex-ante", "--format", "html"]);
            let doc = json(&["calc", d, "--ex-ante", "--format", "json"]);
            assert!(html.contains(&format!(">{}<", thousands(case::int(&doc["estimate"]["credits"])))), "{d}: the expected credits");
        }
    }
}

#[test]
fn a_folder_of_projects_is_a_portfolio_page() {
    let html = page(&["calc", "examples", "--format", "html"]);
    let doc = json(&["calc", "examples", "--format", "json"]);
    let p = &doc["portfolio"];
    assert!(html.contains(&format!(">{}<", thousands(case::int(&p["credits"])))), "the portfolio's credits");
    for code in p["by_country"].as_object().expect("by_country").keys() {
        assert!(html.contains(&format!("({code})</th>")), "country {code}");
    }
    for t in p["targets"].as_array().expect("targets") {
        assert!(html.contains(&format!("{}%", t["percent"].as_str().expect("percent"))), "target {t}");
    }
    let projects = doc["projects"].as_array().expect("projects");
    assert_eq!(html.matches("<section class=\"project\"").count(), projects.len());
    for (k, pr) in projects.iter().enumerate() {
        assert_figures(&format!("project {k}"), &html, pr);
    }
    let summary = page(&["calc", "examples", "--format", "html", "--summary"]);
    assert!(!summary.contains("<section class=\"project\""), "--summary leaves the projects out");
}

#[test]
fn a_verification_marks_what_differs() {
    let dir = std::env::temp_dir().join(format!("jcm-html-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let f = dir.join("reported.toml");
    std::fs::write(&f, "[[periods]]\nid = \"MP1\"\nRE = 2017.55\nER = 2020\n").expect("write");
    let args = ["verify", "examples/th014-floating-solar", "--reported", f.to_str().expect("utf-8"), "--format", "html"];
    let r = jcm(&args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_self_contained("verify", &r.stdout);
    let banner = r.stdout.find("class=\"banner bad\"").expect("the verdict");
    assert!(banner < r.stdout.find("<table").expect("the figures"), "the verdict comes first");
    assert!(r.stdout.contains("1 of 2 reported figures do not match: MP1 ER"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("<tr class=\"differs\">").count(), 1);
    assert!(r.stdout.contains("✗ DIFFERS: over-statement"), "the direction is marked");

    // `itmo` is a yes or no, not a number: the page shows it as a word (the page panicked
    // parsing `true` as a decimal).
    std::fs::write(&f, "[[periods]]\nid = \"MP1\"\nER = 2017\nitmo = true\n").expect("write");
    let r = jcm(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("<td>itmo</td><td class=\"n\">true</td><td class=\"n\">true</td>"), "{}", r.stdout);
}

#[test]
fn html_is_refused_by_commands_without_a_page() {
    let r = jcm(&["check", "examples/th014-floating-solar", "--format", "html"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{}", r.stderr);
    assert!(r.stderr.contains("`jcm check` has no --format html"), "{}", r.stderr);
    // The commands that print lists do not offer it at all.
    for args in [&["methodologies", "--format", "html"][..], &["countries", "--format", "html"], &["programmes", "--format", "html"]] {
        let r = jcm(args);
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{args:?}");
        assert!(r.stderr.contains("invalid value 'html'"), "{args:?}: {}", r.stderr);
    }
    let dir = std::env::temp_dir().join(format!("jcm-html-new-{}", std::process::id()));
    let r = jcm(&["new", dir.to_str().expect("utf-8"), "--methodology", "JCM_TH_AM001", "--format", "html"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!dir.exists(), "nothing is written when the format is refused");
}

#[test]
fn a_page_can_be_written_to_a_file() {
    let dir = std::env::temp_dir().join(format!("jcm-html-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("th014.html");
    let r = jcm(&["calc", "examples/th014-floating-solar", "--format", "html", "-o", file.to_str().expect("utf-8")]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let written = std::fs::read_to_string(&file).expect("the page");
    assert_eq!(written, page(&["calc", "examples/th014-floating-solar", "--format", "html"]), "the same page as on stdout");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_portfolio_page_names_the_projects_it_could_not_count() {
    let r = jcm(&["calc", "examples/th014-floating-solar", "tests/errors/bad-date", "examples/mv002-addu-mini-grid", "--format", "html"]);
    assert_eq!(r.code, 2, "a failed project makes the run fail: {}", r.stderr);
    assert_self_contained("portfolio with a failure", &r.stdout);
    let warn = r.stdout.find("Not counted").expect("the failed projects are named");
    assert!(r.stdout[warn..].contains("tests/errors/bad-date") && r.stdout[warn..].contains("JCM-E014"), "{}", &r.stdout[warn..]);
    assert_eq!(r.stdout.matches("<section class=\"project\"").count(), 2, "the others are still there");
}
