//! The HTML reports in a real browser (headless Chromium): each example's page loads without a
//! console message (a blocked fetch, a CSP violation or a script would log one) and without a
//! network request, its rendered DOM holds the credits and the allocation, a screenshot at
//! 1280 px is not blank, and it prints to a PDF of a sensible number of A4 pages.
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it). Without it the test fails,
//! saying so, unless `JCM_SKIP_BROWSER=1` asks to skip it (for a machine without a browser);
//! `JCM_CHROMIUM` names another binary.

use super::case::{self, jcm, project_dirs};
use super::html::{assert_self_contained, thousands};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if std::env::var_os("JCM_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!("browser test skipped: JCM_SKIP_BROWSER=1");
        return None;
    }
    if let Some(p) = std::env::var_os("JCM_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success()) {
            return Some(PathBuf::from(name));
        }
    }
    panic!(
        "no headless Chromium found: install Debian's `chromium` package (.ci/run does), set JCM_CHROMIUM, or set JCM_SKIP_BROWSER=1 to skip"
    );
}

/// A scratch folder for one run of the test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jcm-browser-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Run headless Chromium on a file with `args`; its stdout and stderr. Each run has its own
/// profile folder, and host names resolve nowhere, so nothing could leave the machine.
fn run(bin: &Path, page: &Path, profile: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(bin)
        .args(["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions"])
        .arg("--host-resolver-rules=MAP * ~NOTFOUND")
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Console messages and failed or blocked requests in Chromium's log.
fn complaints(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| {
            l.contains(":CONSOLE") || l.contains("net::ERR") || l.contains("Content Security Policy") || l.contains("Failed to load")
        })
        .collect()
}

/// The requests the page made (not the browser's own): in Chromium's NetLog, the URL requests
/// on behalf of the `file://` page, to anything but a file.
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).expect("the browser wrote its NetLog");
    let log: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("the NetLog is not JSON ({e})"));
    let events = log["events"].as_array().expect("NetLog events");
    let mut out: Vec<String> = events
        .iter()
        .filter_map(|e| {
            let p = &e["params"];
            let url = p["url"].as_str()?;
            let from_page = p["network_isolation_key"].as_str().is_some_and(|k| k.starts_with("file://"));
            (from_page && !url.starts_with("file:")).then(|| url.to_string())
        })
        .collect();
    out.dedup();
    out
}

/// Pages of a PDF: its `/Type /Page` objects (not the `/Type /Pages` tree).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let squeezed = text.replace("/Type /Page", "/Type/Page");
    squeezed.matches("/Type/Page").count() - squeezed.matches("/Type/Pages").count()
}

/// How far a screenshot is from blank: the share (per mille) of pixels that are not the
/// background, and the spread of grey levels.
fn ink(png_bytes: &[u8]) -> (u64, u64) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let px: Vec<u64> =
        buf[..info.buffer_size()].chunks(channels).map(|c| c[..3.min(channels)].iter().map(|&v| u64::from(v)).sum::<u64>() / 3).collect();
    let n = px.len() as u64;
    let inked = px.iter().filter(|&&g| g < 245).count() as u64;
    let mean = px.iter().sum::<u64>() / n;
    let var = px.iter().map(|&g| g.abs_diff(mean).pow(2)).sum::<u64>() / n;
    (inked * 1000 / n, var)
}

/// The screenshots kept in docs/ (the README shows the first).
const SCREENSHOTS: [(&str, &str); 2] =
    [("examples/th014-floating-solar", "docs/html-report-th014.png"), ("examples/id-ccs-gas-field", "docs/html-report-ccs.png")];

struct Page {
    what: String,
    /// For the files of its checks.
    name: String,
    file: PathBuf,
    /// Texts the rendered page must hold.
    expect: Vec<String>,
    pages: std::ops::RangeInclusive<usize>,
}

fn write_page(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let r = jcm(args);
    assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.stderr);
    assert_self_contained(name, &r.stdout);
    let file = dir.join(format!("{name}.html"));
    std::fs::write(&file, &r.stdout).expect("write page");
    file
}

#[test]
fn reports_load_render_and_print_in_chromium() {
    let Some(bin) = chromium() else { return };
    let dir = scratch("reports");
    let mut pages = Vec::new();
    for d in project_dirs("examples") {
        let ds = d.to_str().expect("utf-8 path");
        let toml = std::fs::read_to_string(case::root().join(&d).join("project.toml")).expect("project.toml");
        if !toml.contains("[[periods]]") {
            continue;
        }
        let doc = case::json(&jcm(&["calc", ds, "--format", "json"]).stdout);
        let mut expect = vec!["Issuance and allocation".to_string(), thousands(case::int(&doc["issuance"]["credits"]))];
        for a in doc["issuance"]["allocation"].as_array().expect("allocation") {
            expect.push(thousands(case::int(&a["credits"])));
        }
        let name = ds.replace('/', "-");
        let file = write_page(&dir, &name, &["calc", ds, "--format", "html"]);
        pages.push(Page { what: ds.to_string(), name, file, expect, pages: 2..=30 });
    }
    pages.push(Page {
        what: "portfolio".into(),
        name: "portfolio".into(),
        file: write_page(&dir, "portfolio", &["calc", "examples", "--format", "html"]),
        expect: vec!["Progress towards the targets".into(), "By partner country".into()],
        pages: 20..=400,
    });
    pages.push(Page {
        what: "verify".into(),
        name: "verify".into(),
        file: write_page(
            &dir,
            "verify",
            &["verify", "examples/th014-floating-solar", "--reported", "examples/th014-floating-solar/reported.toml", "--format", "html"],
        ),
        expect: vec!["Verified: all".into(), "Reported against recomputed".into()],
        pages: 1..=10,
    });
    assert!(pages.len() >= 12, "examples missing");
    for (what, _) in SCREENSHOTS {
        assert!(pages.iter().any(|p| p.what == what), "{what}, whose screenshot docs/ keeps, is an example");
    }
    // Each page is three browser runs of a few seconds, mostly spent waiting: pages are
    // checked four or more at a time, whatever the number of cores.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get().clamp(4, 8));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some(p) = pages.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) {
                    check_in_browser(&bin, &dir, p);
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// Load, screenshot and print one page, in a profile of its own.
fn check_in_browser(bin: &Path, dir: &Path, p: &Page) {
    let k = &p.name;
    let profile = dir.join(format!("profile-{k}"));
    let netlog = dir.join(format!("{k}.netlog.json"));
    let (dom, log) = run(bin, &p.file, &profile, &["--dump-dom", &format!("--log-net-log={}", netlog.display())]);
    assert!(complaints(&log).is_empty(), "{}: the browser complained:\n{}", p.what, complaints(&log).join("\n"));
    assert_eq!(page_requests(&netlog), Vec::<String>::new(), "{}: the page made network requests", p.what);
    assert!(p.what == "verify" || dom.contains("</svg>"), "{}: the charts are in the DOM", p.what);
    for e in &p.expect {
        assert!(dom.contains(e.as_str()), "{}: the rendered page does not hold {e}", p.what);
    }
    let shot = dir.join(format!("{k}.png"));
    let (_, log) = run(bin, &p.file, &profile, &["--window-size=1280,1600", &format!("--screenshot={}", shot.display())]);
    assert!(complaints(&log).is_empty(), "{}: {}", p.what, complaints(&log).join("\n"));
    let (inked, var) = ink(&std::fs::read(&shot).expect("screenshot"));
    assert!(inked >= 20 && var >= 200, "{}: the screenshot looks blank ({inked}‰ inked, variance {var})", p.what);
    // The screenshots the README and docs show: rewritten with the goldens.
    if let Some(keep) = SCREENSHOTS.iter().find(|(what, _)| *what == p.what).map(|(_, file)| file) {
        if std::env::var_os("JCM_BLESS").is_some() {
            std::fs::copy(&shot, case::root().join(keep)).expect("keep the screenshot");
        }
    }
    let pdf = dir.join(format!("{k}.pdf"));
    let (_, log) = run(bin, &p.file, &profile, &["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display())]);
    assert!(complaints(&log).is_empty(), "{}: {}", p.what, complaints(&log).join("\n"));
    let n = pdf_pages(&std::fs::read(&pdf).expect("pdf"));
    assert!(p.pages.contains(&n), "{}: printed to {n} pages, expected {:?}", p.what, p.pages);
}

/// The checks above can fail: a page that fetches and runs something is caught, and a blank
/// screenshot is told from a drawn one.
#[test]
fn the_browser_checks_catch_a_bad_page() {
    let Some(bin) = chromium() else { return };
    let dir = scratch("bad");
    let bad = dir.join("bad.html");
    std::fs::write(&bad, "<!DOCTYPE html><html><body><p>x</p><img src=\"https://example.invalid/a.png\"></body></html>").expect("write");
    let netlog = dir.join("bad.netlog.json");
    run(&bin, &bad, &dir.join("profile"), &["--dump-dom", &format!("--log-net-log={}", netlog.display())]);
    assert_eq!(page_requests(&netlog), vec!["https://example.invalid/a.png".to_string()], "a request out of the page is seen");
    let script = dir.join("script.html");
    std::fs::write(&script, "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>").expect("write");
    let (_, log) = run(&bin, &script, &dir.join("profile"), &["--dump-dom"]);
    assert!(!complaints(&log).is_empty(), "a console message is seen:\n{log}");
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").expect("write");
    let shot = dir.join("blank.png");
    run(&bin, &blank, &dir.join("profile"), &["--window-size=1280,800", &format!("--screenshot={}", shot.display())]);
    let (inked, _) = ink(&std::fs::read(&shot).expect("screenshot"));
    assert!(inked < 20, "a blank page is blank ({inked}‰)");
    let _ = std::fs::remove_dir_all(&dir);
}
