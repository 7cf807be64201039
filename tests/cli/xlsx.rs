//! `--format xlsx` and `-o FILE`: every figure of a workbook, read back with calamine, is the
//! figure of the JSON of the same run (exactly, through the `(exact)` column where Excel's 15
//! digits cannot hold it); the bytes are the same run after run; `-o` writes all or nothing;
//! a workbook is refused on a terminal and written to a pipe.

use super::case::{self, jcm, json};
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A fresh temporary folder for one test.
fn temp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("jcm-xlsx-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Run jcm with `-o` into a fresh folder; the workbook's path.
fn workbook(name: &str, args: &[&str], code: i32) -> PathBuf {
    let path = temp(name).join("out.xlsx");
    let mut all = args.to_vec();
    all.extend(["--format", "xlsx", "-o", path.to_str().expect("utf-8 path")]);
    let r = jcm(&all);
    assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
    assert_eq!(r.stdout, "", "with -o nothing goes to stdout");
    path
}

/// A sheet read back: one map per row, from header to the exact text of the cell. A column
/// `X (exact)` is folded into `X`: where it holds text, that is the figure.
type Rows = Vec<BTreeMap<String, String>>;

fn sheets(path: &Path) -> BTreeMap<String, Rows> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("a workbook calamine reads");
    let mut out = BTreeMap::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        let mut rows = range.rows();
        let header: Vec<String> = rows.next().expect("a header row").iter().map(text).collect();
        let mut maps = Vec::new();
        for row in rows {
            let mut m = BTreeMap::new();
            for (h, cell) in header.iter().zip(row) {
                match h.strip_suffix(" (exact)") {
                    Some(base) => {
                        if !matches!(cell, Data::Empty) {
                            let shown = m.insert(base.to_string(), text(cell)).expect("the rounded number comes first");
                            assert_rounded(&shown, &text(cell));
                        }
                    }
                    None => {
                        m.insert(h.clone(), text(cell));
                    }
                }
            }
            maps.push(m);
        }
        out.insert(name, maps);
    }
    out
}

/// The number beside an exact figure is the figure rounded to 15 significant digits.
fn assert_rounded(shown: &str, exact: &str) {
    let exact: rust_decimal::Decimal = exact.parse().expect("the exact text is a decimal");
    let shown: rust_decimal::Decimal = shown.parse().expect("a number");
    let want = exact.round_sf_with_strategy(15, rust_decimal::RoundingStrategy::MidpointNearestEven).expect("rounds");
    assert_eq!(shown, want.normalize(), "{exact} is shown as {shown}");
    assert_ne!(shown, exact, "an exact column only where the number is not the figure");
}

/// A cell as the JSON writes the same value: numbers as their shortest text, dates as ISO.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(n) => n.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let days = d.as_f64();
            assert_eq!(days.fract(), 0.0, "a date, no time");
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("Excel's epoch");
            (epoch + chrono::Duration::days(days as i64)).to_string()
        }
        other => panic!("unexpected cell {other:?}"),
    }
}

/// A JSON value as text: strings as they are, numbers and booleans as written, null empty.
fn js(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The rows of a sheet, checked for their number.
fn rows<'a>(book: &'a BTreeMap<String, Rows>, sheet: &str, n: usize) -> &'a Rows {
    let rows = book.get(sheet).unwrap_or_else(|| panic!("no sheet {sheet}: {:?}", book.keys()));
    assert_eq!(rows.len(), n, "rows of {sheet}");
    rows
}

/// Each key of `keys` in the row equals the JSON value under the same key.
fn same(row: &BTreeMap<String, String>, obj: &Value, keys: &[&str], what: &str) {
    for k in keys {
        assert_eq!(row.get(*k).map(String::as_str), Some(js(&obj[*k]).as_str()), "{what} {k}");
    }
}

/// The sheets of one project's calc (with `--explain`) against its JSON.
fn check_project(book: &BTreeMap<String, Rows>, docs: &[Value]) {
    let periods: Vec<(&Value, &Value)> =
        docs.iter().flat_map(|d| d["periods"].as_array().expect("periods").iter().map(move |p| (d, p))).collect();
    let period_rows = rows(book, "Periods", periods.len());
    for (row, (d, p)) in period_rows.iter().zip(&periods) {
        assert_eq!(row["project"], js(&d["project"]["id"]));
        assert_eq!(row["period"], js(&p["id"]));
        same(row, p, &["start", "end", "days", "RE", "PE", "ER", "credits", "vintage_split", "itmo"], "period");
        if p.get("reserve").is_some() {
            same(row, p, &["reserve", "for_allocation"], "period with credits set aside");
        }
        if p.get("ER_credited").is_some() {
            same(row, p, &["ER_credited"], "CCS period");
            same(row, &p["net_reduction"], &["before", "after", "applies_to"], "net reduction");
            assert_eq!(row["net_reduction_effect"], js(&p["net_reduction"]["effect"]));
        }
    }
    let vintages: Vec<&Value> = periods.iter().flat_map(|(_, p)| p["vintages"].as_array().expect("vintages")).collect();
    for (row, v) in rows(book, "Vintages", vintages.len()).iter().zip(&vintages) {
        same(row, v, &["year", "credits"], "vintage");
        if v.get("reserve").is_some() {
            same(row, v, &["reserve"], "vintage");
        }
    }
    let shares: Vec<(String, &Value)> = docs
        .iter()
        .flat_map(|d| {
            let per_period = d["periods"]
                .as_array()
                .expect("periods")
                .iter()
                .flat_map(|p| p["allocation"].as_array().expect("allocation").iter().map(|s| (js(&p["id"]), s)));
            per_period.chain(d["issuance"]["allocation"].as_array().expect("allocation").iter().map(|s| ("all periods".to_string(), s)))
        })
        .collect();
    for (row, (period, s)) in rows(book, "Allocation", shares.len()).iter().zip(&shares) {
        assert_eq!(&row["period"], period);
        same(row, s, &["party", "credits", "itmo"], "share");
    }
    for (row, d) in rows(book, "Projects", docs.len()).iter().zip(docs) {
        same(row, &d["project"], &["title", "country", "methodology", "methodology_version", "methodology_fidelity"], "project");
        same(row, &d["issuance"], &["credits", "reserve", "corresponding_adjustment"], "issuance");
        same(row, &d["monitoring"], &["rows_used", "rows_outside"], "monitoring");
        assert_eq!(row["crediting_start"], js(&d["project"]["crediting_period"]["start"]));
    }
    let entries: Vec<&Value> = docs.iter().flat_map(|d| d["reserve_ledger"]["entries"].as_array().into_iter().flatten()).collect();
    if !entries.is_empty() {
        for (row, e) in rows(book, "Reserve", entries.len()).iter().zip(&entries) {
            let keys = ["kind", "period", "date", "credits", "leaked", "lost", "due", "cancelled", "shortfall", "balance", "description"];
            same(row, e, &keys, "ledger entry");
        }
    }
    let corrections: Vec<&Value> = docs.iter().flat_map(|d| d["corrections"].as_array().expect("corrections")).collect();
    if !corrections.is_empty() {
        for (row, c) in rows(book, "Corrections", corrections.len()).iter().zip(&corrections) {
            let keys = ["parameter", "point", "from", "to", "error", "direction", "factor", "why", "readings", "reason"];
            same(row, c, &keys, "correction");
        }
    }
    let files: Vec<&Value> = docs.iter().flat_map(|d| d["inputs"]["files"].as_array().expect("files")).collect();
    for (row, f) in rows(book, "Inputs", files.len()).iter().zip(&files) {
        same(row, f, &["role", "path", "sha256", "bundled"], "input");
    }
    check_trace(book, docs.iter().flat_map(|d| d["trace"].as_array().into_iter().flatten()).collect());
}

/// The trace sheet holds every input value and every equation result of the JSON trace, in order.
fn check_trace(book: &BTreeMap<String, Rows>, traces: Vec<&Value>) {
    let traced: Vec<(String, String)> = traces
        .iter()
        .flat_map(|t| {
            let inputs = t["inputs"]
                .as_array()
                .expect("inputs")
                .iter()
                .flat_map(|i| i["values"].as_array().expect("values").iter().map(|v| (js(&i["symbol"]), js(&v["value"]))));
            let eqs = t["equations"]
                .as_array()
                .expect("equations")
                .iter()
                .flat_map(|e| e["values"].as_array().expect("values").iter().map(|v| (js(&e["symbol"]), js(&v["value"]))));
            inputs.chain(eqs).collect::<Vec<_>>()
        })
        .collect();
    if traced.is_empty() {
        assert!(!book.contains_key("Trace"), "a trace sheet only with --explain");
        return;
    }
    let trace: Vec<(String, String)> = book["Trace"]
        .iter()
        .filter(|r| r["step"] == "input" || r["step"] == "equation")
        .map(|r| (r["symbol"].clone(), r["value"].clone()))
        .collect();
    assert_eq!(trace, traced, "the trace sheet holds the values of the JSON trace");
}

#[test]
fn a_calc_workbook_holds_every_figure_of_the_json() {
    // TH014 (published), a CCS project, and two whose figures run past 15 digits.
    for d in [
        "examples/th014-floating-solar",
        "examples/id-ccs-gas-field",
        "examples/mn-transmission-line",
        "examples/id-frozen-food-refrigerator",
        "examples/ph-reforestation",
        "examples/kh-redd-forest",
        "examples/minigrid-meter-correction",
    ] {
        let doc = json(&jcm(&["calc", d, "--format", "json", "--explain"]).stdout);
        let path = workbook(&d.replace('/', "-"), &["calc", d, "--explain"], 0);
        let book = sheets(&path);
        check_project(&book, &[doc]);
    }
}

#[test]
fn a_figure_beyond_15_digits_is_rounded_with_its_exact_text_beside_it() {
    let path = workbook("beyond-15", &["calc", "examples/mn-transmission-line"], 0);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("workbook");
    let range = wb.worksheet_range("Periods").expect("Periods");
    let header: Vec<String> = range.rows().next().expect("header").iter().map(text).collect();
    let er = header.iter().position(|h| h == "ER").expect("ER");
    assert_eq!(header[er + 1], "ER (exact)", "{header:?}");
    let row = range.rows().nth(1).expect("a period");
    assert!(matches!(row[er], Data::Float(_)), "the rounded figure is a number");
    assert!(matches!(&row[er + 1], Data::String(s) if s.len() > 16), "the exact figure is text: {:?}", row[er + 1]);
    // Whole credits are plain numbers.
    let credits = header.iter().position(|h| h == "credits").expect("credits");
    assert!(matches!(row[credits], Data::Float(f) if f.fract() == 0.0));
}

#[test]
fn a_portfolio_workbook_adds_the_summary_sheets() {
    // A CCS project beside another: the portfolio sheets add up both.
    let (a, b) = ("examples/id-ccs-gas-field", "examples/th014-floating-solar");
    let doc = json(&jcm(&["calc", a, b, "--format", "json"]).stdout);
    let book = sheets(&workbook("portfolio", &["calc", a, b], 0));
    check_project(&book, doc["projects"].as_array().expect("projects"));
    let p = &doc["portfolio"];
    let total: BTreeMap<String, String> = book["Portfolio"].iter().map(|r| (r["measure"].clone(), r["value"].clone())).collect();
    for k in [
        "projects_computed",
        "projects_failed",
        "credits",
        "reserve",
        "japan_government",
        "itmo",
        "corresponding_adjustment",
        "targets_source",
    ] {
        assert_eq!(total[k], js(&p[k]), "portfolio {k}");
    }
    let lines = p["by_project"].as_array().expect("by_project");
    for (row, l) in rows(&book, "By project", lines.len()).iter().zip(lines) {
        assert_eq!(row["project"], js(&l["id"]));
        same(
            row,
            l,
            &["path", "country", "methodology", "periods", "credits", "reserve", "japan_government", "itmo", "corresponding_adjustment"],
            "line",
        );
    }
    let vintages = p["by_vintage"].as_object().expect("by_vintage");
    for (row, (year, v)) in rows(&book, "By vintage", vintages.len()).iter().zip(vintages) {
        assert_eq!(&row["year"], year);
        same(row, v, &["credits", "projects"], "vintage");
    }
    let parties = p["by_party"].as_object().expect("by_party");
    for (row, (party, v)) in rows(&book, "By party", parties.len()).iter().zip(parties) {
        assert_eq!(&row["party"], party);
        same(row, v, &["credits", "itmo"], "party");
    }
    let countries = p["by_country"].as_object().expect("by_country");
    for (row, (code, c)) in rows(&book, "By country", countries.len()).iter().zip(countries) {
        assert_eq!(&row["country"], code);
        same(row, c, &["name", "article6_status", "projects", "credits", "itmo"], "country");
    }
    let targets = p["targets"].as_array().expect("targets");
    for (row, t) in rows(&book, "Targets", targets.len()).iter().zip(targets) {
        assert_eq!(row["target"], js(&t["name"]));
        same(row, t, &["tco2", "credits", "percent"], "target");
    }
    // A project that cannot be computed: exit 2, and (as on stdout) the others' workbook, which
    // lists it under Errors.
    let with_bad = ["calc", "examples/th014-floating-solar", "tests/errors/bad-number"];
    let doc = json(&jcm(&[&with_bad[..], &["--format", "json"]].concat()).stdout);
    let book = sheets(&workbook("portfolio-errors", &with_bad, 2));
    let errors: Vec<&Value> =
        doc["errors"].as_array().expect("errors").iter().flat_map(|e| e["diagnostics"].as_array().expect("diagnostics")).collect();
    for (row, d) in rows(&book, "Errors", errors.len()).iter().zip(&errors) {
        assert_eq!(row["project_path"], "tests/errors/bad-number");
        same(row, d, &["code", "severity", "file", "line", "column", "message", "hint"], "error");
    }
    rows(&book, "Projects", 1);
    // --summary: the summary sheets alone.
    let summary = sheets(&workbook("portfolio-summary", &["calc", a, b, "--summary"], 0));
    assert_eq!(summary.keys().collect::<Vec<_>>(), ["By country", "By party", "By project", "By vintage", "Portfolio", "Targets"]);
}

#[test]
fn verify_check_and_ex_ante_workbooks_hold_the_json_figures() {
    let project = "examples/th014-floating-solar";
    let reported = "examples/th014-floating-solar/reported.toml";
    let doc = json(&jcm(&["verify", project, "--reported", reported, "--format", "json", "--explain"]).stdout);
    let book = sheets(&workbook("verify", &["verify", project, "--reported", reported, "--explain"], 0));
    check_trace(&book, doc["trace"].as_array().expect("trace").iter().collect());
    let figures = doc["figures"].as_array().expect("figures");
    for (row, f) in rows(&book, "Verification", figures.len()).iter().zip(figures) {
        same(row, f, &["period", "figure", "reported", "recomputed", "difference", "compared_at", "verdict"], "figure");
    }
    let summary: BTreeMap<String, String> = book["Summary"].iter().map(|r| (r["field"].clone(), r["value"].clone())).collect();
    assert_eq!(summary["passes"], "true");
    assert_eq!(summary["reported_sha256"], js(&doc["reported"]["sha256"]));

    // check: exit 1 and its findings, still written with -o.
    let bad = "tests/check/JCM-E020";
    let doc = json(&jcm(&["check", bad, "--format", "json"]).stdout);
    let book = sheets(&workbook("check", &["check", bad], 1));
    let found = doc["diagnostics"].as_array().expect("diagnostics");
    for (row, d) in rows(&book, "Findings", found.len()).iter().zip(found) {
        same(row, d, &["code", "severity", "file", "line", "column", "message", "hint"], "finding");
    }

    let pdd = case::project_dirs("examples")
        .into_iter()
        .find(|d| std::fs::read_to_string(case::root().join(d).join("project.toml")).is_ok_and(|t| t.contains("[estimate")))
        .expect("an example with an estimate");
    let pdd = pdd.to_str().expect("utf-8 path");
    let doc = json(&jcm(&["calc", pdd, "--ex-ante", "--format", "json"]).stdout);
    let book = sheets(&workbook("ex-ante", &["calc", pdd, "--ex-ante"], 0));
    let row = &rows(&book, "Estimate", 1)[0];
    same(row, &doc["estimate"], &["RE", "PE", "ER", "credits", "days", "basis"], "estimate");
    let values = doc["values"].as_array().expect("values");
    for (row, v) in rows(&book, "Values", values.len()).iter().zip(values) {
        same(row, v, &["symbol", "point", "value", "unit", "origin"], "value");
    }
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let a = std::fs::read(workbook("same-a", &["calc", "examples/th014-floating-solar", "--explain"], 0)).expect("read");
    let b = std::fs::read(workbook("same-b", &["calc", "examples/th014-floating-solar", "--explain"], 0)).expect("read");
    assert!(a == b, "two runs of the same report differ");
}

#[test]
fn a_workbook_goes_to_a_pipe_and_is_refused_on_a_terminal() {
    // assert_cmd's stdout is a pipe: the bytes of the workbook.
    let out = assert_cmd::Command::cargo_bin("jcm")
        .expect("binary")
        .current_dir(case::root())
        .args(["calc", "examples/th014-floating-solar", "--format", "xlsx"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"PK\x03\x04"), "a ZIP (xlsx) on the pipe");
    let path = workbook("pipe", &["calc", "examples/th014-floating-solar"], 0);
    assert_eq!(out.stdout, std::fs::read(path).expect("read"), "the pipe and -o get the same bytes");

    // On a terminal (script(1) gives the command one): refused, with the hint.
    if Path::new("/usr/bin/script").exists() {
        let bin = assert_cmd::cargo::cargo_bin("jcm");
        // A project that cannot be computed: the workbook is refused before any work is done.
        let cmd = format!("{} calc tests/errors/bad-number --format xlsx; echo \"exit=$?\"", bin.display());
        let out =
            std::process::Command::new("script").args(["-qec", &cmd, "/dev/null"]).current_dir(case::root()).output().expect("script");
        let shown = String::from_utf8_lossy(&out.stdout).replace('\r', "");
        assert_eq!(
            shown,
            "error: --format xlsx makes a workbook, which a terminal cannot show\n  = hint: write it to a file with `-o FILE.xlsx`, or redirect stdout (`> FILE.xlsx`)\nexit=2\n"
        );
    }
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = temp("output");
    let file = dir.join("report.json");
    let f = file.to_str().expect("utf-8 path");
    // Any format: the file holds what stdout would.
    let r = jcm(&["calc", "examples/th014-floating-solar", "--format", "json", "-o", f]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let printed = jcm(&["calc", "examples/th014-floating-solar", "--format", "json"]).stdout;
    assert_eq!(std::fs::read_to_string(&file).expect("written"), printed);
    // A failing run keeps the file that was there, byte for byte, and leaves nothing beside it.
    let r = jcm(&["calc", "tests/errors/bad-number", "--format", "json", "--output", f]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), printed);
    // A failing run with a new file leaves no file.
    let new = dir.join("new.xlsx");
    let r = jcm(&["calc", "tests/errors/bad-number", "--format", "xlsx", "-o", new.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 2);
    assert!(!new.exists(), "no file from a failed run");
    let names: Vec<String> =
        std::fs::read_dir(&dir).expect("list").filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["report.json"], "no temporary file is left behind");
    // A folder that does not exist: a clear error, exit 2.
    let r = jcm(&["countries", "-o", "no/such/folder/c.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: cannot write no/such/folder/c.txt: "), "{}", r.stderr);
}

#[test]
fn lists_offer_no_workbook() {
    for cmd in [&["countries"][..], &["methodologies"]] {
        let mut args = cmd.to_vec();
        args.extend(["--format", "xlsx"]);
        let r = jcm(&args);
        assert_eq!(r.code, 2, "{cmd:?}");
        assert!(r.stderr.contains("invalid value 'xlsx'"), "{}", r.stderr);
    }
}
