//! Monitoring data as consultants have it (issue 10): workbooks, Shift_JIS CSVs, title rows,
//! Japanese headings mapped to symbols, empty columns and rows. Each bad case is a reproducer
//! under tests/errors/ or tests/check/ with its exact message; here, what must work.

use super::case::{jcm, json, root};
use serde_json::Value;
use std::path::PathBuf;

const TH014: &str = "examples/th014-floating-solar";

fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("workbooks").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch");
    d
}

/// What a project computes, without what names it or its files: periods and issuance, less
/// their serial blocks (which carry the project id) and the cycle's dates.
fn figures(project: &str) -> (Value, Value) {
    let r = jcm(&["calc", project, "--format", "json"]);
    assert_eq!(r.code, 0, "{project}: {}", r.stderr);
    let v = json(&r.stdout);
    let strip = |x: &mut Value| {
        if let Some(o) = x.as_object_mut() {
            for k in ["blocks", "issued", "verified"] {
                o.remove(k);
            }
        }
    };
    let mut periods = v["periods"].clone();
    periods.as_array_mut().expect("periods").iter_mut().for_each(strip);
    let mut issuance = v["issuance"].clone();
    strip(&mut issuance);
    (periods, issuance)
}

/// A copy of TH014 whose monitoring file is `csv` (bytes), with `monitoring` replacing its
/// [monitoring] table.
fn th014_with(name: &str, csv: &[u8], monitoring: &str) -> String {
    let dir = scratch(name);
    let toml = std::fs::read_to_string(root().join(TH014).join("project.toml")).expect("toml");
    let toml = toml.replace("[monitoring]\nfile = \"monitoring.csv\"\n", monitoring);
    std::fs::write(dir.join("project.toml"), toml).expect("write");
    std::fs::write(dir.join("monitoring.csv"), csv).expect("write");
    dir.to_str().expect("utf-8").to_string()
}

#[test]
fn the_workbook_and_shift_jis_twins_compute_th014s_credits() {
    let want = figures(TH014);
    assert_eq!(want.1["credits"], 2017);
    assert_eq!(figures("examples/th014-floating-solar/excel-workbook"), want);
    assert_eq!(figures("examples/th014-floating-solar/shift-jis-csv"), want);
}

/// The twins are variants inside TH014's folder: `jcm calc examples` counts TH014's credits once.
#[test]
fn the_twins_are_not_counted_again_by_calc_examples() {
    let r = jcm(&["calc", "examples", "--summary"]);
    assert_eq!(r.stdout.matches("TH014").count(), 1, "{}", r.stdout);
}

#[test]
fn a_workbooks_digest_is_of_its_bytes_and_unused_columns_are_reported() {
    let r = jcm(&["calc", "examples/th014-floating-solar/excel-workbook", "--format", "json"]);
    let v = json(&r.stdout);
    let bytes = std::fs::read(root().join("examples/th014-floating-solar/excel-workbook/monitoring.xlsx")).expect("xlsx");
    let files = v["inputs"]["files"].as_array().expect("files");
    let wb = files.iter().find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("monitoring.xlsx"))).expect("the workbook");
    assert_eq!(wb["sha256"], jcm::inputs::sha256_hex(&bytes));
    assert_eq!(v["monitoring"]["columns_not_used"], serde_json::json!(["備考"]));
    let table = jcm(&["calc", "examples/th014-floating-solar/excel-workbook"]);
    assert!(table.stdout.contains("- monitoring: 24 rows used from monitoring.xlsx; columns not used: 備考\n"), "{}", table.stdout);
}

#[test]
fn empty_columns_trailing_commas_blank_rows_and_title_rows_are_ignored() {
    let want = figures(TH014);
    let csv = std::fs::read_to_string(root().join(TH014).join("monitoring.csv")).expect("csv");
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    let rows: Vec<&str> = lines.collect();
    // A trailing empty column in the header and on every row.
    let trailing_column = format!("{header},\n{}\n", rows.iter().map(|r| format!("{r},")).collect::<Vec<_>>().join("\n"));
    // A trailing comma on the data rows only, and wholly empty rows between them.
    let trailing_comma = format!("{header}\n{}\n", rows.iter().map(|r| format!("{r},\n,,,")).collect::<Vec<_>>().join("\n"));
    // Title rows above the headings, an empty column in the middle.
    let titled = format!(
        "TH014 monitoring,,,\nkWh per month,,,\n\ndate,point,,EG [kWh]\n\n{}\n",
        rows.iter()
            .map(|r| {
                let (d, rest) = r.split_once(',').expect("date");
                let (p, v) = rest.split_once(',').expect("point");
                format!("{d},{p},,{v}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
    let plain = "[monitoring]\nfile = \"monitoring.csv\"\n";
    assert_eq!(figures(&th014_with("trailing-column", trailing_column.as_bytes(), plain)), want);
    assert_eq!(figures(&th014_with("trailing-comma", trailing_comma.as_bytes(), plain)), want);
    assert_eq!(figures(&th014_with("titled", titled.as_bytes(), "[monitoring]\nfile = \"monitoring.csv\"\nheader_row = 4\n")), want);
}

#[test]
fn encoding_auto_reads_utf8_and_shift_jis() {
    let want = figures(TH014);
    let auto = "[monitoring]\nfile = \"monitoring.csv\"\nencoding = \"auto\"\n";
    let utf8 = std::fs::read(root().join(TH014).join("monitoring.csv")).expect("csv");
    assert_eq!(figures(&th014_with("auto-utf8", &utf8, auto)), want);
    let sjis = std::fs::read(root().join("examples/th014-floating-solar/shift-jis-csv/monitoring.csv")).expect("csv");
    let mapped = format!("{auto}\n[monitoring.columns]\n\"日付\" = \"date\"\n\"計測地点\" = \"point\"\n\"売電量 (kWh)\" = \"EG [kWh]\"\n");
    assert_eq!(figures(&th014_with("auto-sjis", &sjis, &mapped)), want);
}

#[test]
fn bad_monitoring_settings_are_located_in_project_toml() {
    let utf8 = std::fs::read(root().join(TH014).join("monitoring.csv")).expect("csv");
    let r = jcm(&[
        "calc",
        &th014_with("bad-encoding", &utf8, "[monitoring]\nfile = \"monitoring.csv\"\nencoding = \"cp932\"\nheader_row = 0\n"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`encoding = \"cp932\"` is not an encoding jcm reads")
            && r.stderr.contains("write \"utf-8\", \"shift_jis\", \"auto\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("`header_row = 0` is not a row number"), "{}", r.stderr);
    let r = jcm(&[
        "calc",
        &th014_with("bad-target", &utf8, "[monitoring]\nfile = \"monitoring.csv\"\n\n[monitoring.columns]\n\"発電量\" = \"EGG\"\n"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`発電量` maps to `EGG`, which is not a column of JCM_TH_AM001") && r.stderr.contains("did you mean `EG`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn workbook_cells_in_json_diagnostics_name_sheet_and_cell() {
    let r = jcm(&["check", "tests/check/JCM-E037", "--format", "json"]);
    let v = json(&r.stdout);
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["sheet"].as_str(), d["cell"].as_str(), d["line"].as_i64(), d["column"].as_i64()),
        (Some("JCM-E037"), Some("Sheet1"), Some("C6"), Some(6), Some(3))
    );
}

#[test]
fn new_from_a_workbook_proposes_the_heading_mapping() {
    let base = scratch("new-from");
    let dir = base.join("p");
    let wb = root().join("examples/th014-floating-solar/excel-workbook/monitoring.xlsx");
    let r =
        jcm(&["new", dir.to_str().expect("utf-8"), "-m", "JCM_TH_AM001", "--start", "2021-01-01", "--from", wb.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("monitoring.xlsx  your monitoring file, copied here"), "{}", r.stdout);
    assert_eq!(std::fs::read(dir.join("monitoring.xlsx")).expect("copied"), std::fs::read(&wb).expect("xlsx"));
    assert!(!dir.join("monitoring.csv").exists(), "no empty CSV beside the user's file");
    let toml = std::fs::read_to_string(dir.join("project.toml")).expect("toml");
    let block = &toml[toml.find("[monitoring]").expect("[monitoring]")..toml.find("\n# How the credits").expect("end")];
    assert_eq!(
        block,
        r#"[monitoring]
file = "monitoring.xlsx"                 # your file, copied here
sheet = "モニタリング"                   # the sheet read (the first, unless --sheet named another)
header_row = 4                           # the headings row; the rows above are skipped

# Each heading as the file writes it = the jcm column it holds (date, point, or a parameter
# with the unit the file uses). Check every line: these are proposals. A heading left out is
# not used, and the report lists it.
[monitoring.columns]
"日付" = "date"                          # proposed: a date heading
"計測地点" = "point"                     # proposed: a point heading (its cells are [[points]] ids)
"売電量 (kWh)" = "EG [kWh]"              # proposed: unit and description: EG (AC electricity generated by PV system i in the period, MWh)
# "備考" = "…"                           # TODO: your choice; no parameter matched: map it to one, or leave it out (the column is not used)
"#
    );
    // With the file's point ids in place of the placeholder, the project computes TH014.
    let toml = toml
        .replacen("id = \"pv-system-1\"", "id = \"FPV-A\"", 1)
        .replace("[article6]\nauthorized = false", "[article6]\nauthorized = true");
    let toml = format!("{toml}\n[[points]]\nid = \"FPV-B\"\nconnection = \"national_grid\"\n");
    std::fs::write(dir.join("project.toml"), toml).expect("write");
    let r = jcm(&["calc", dir.to_str().expect("utf-8"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r.stdout)["issuance"]["credits"], 2017);

    // A Shift_JIS CSV: the encoding is found and written.
    let sjis = root().join("examples/th014-floating-solar/shift-jis-csv/monitoring.csv");
    let r = jcm(&["new", base.join("q").to_str().expect("utf-8"), "-m", "JCM_TH_AM001", "--from", sjis.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let toml = std::fs::read_to_string(base.join("q/project.toml")).expect("toml");
    assert!(toml.contains("encoding = \"shift_jis\"") && toml.contains("\"売電量 (kWh)\" = \"EG [kWh]\""), "{toml}");
}
