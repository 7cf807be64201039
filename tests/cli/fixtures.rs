//! The generator of every binary file the tests and examples use: workbooks (written with
//! rust_xlsxwriter) and CSVs in Shift_JIS or with control bytes. No such file is edited by
//! hand: each is made here, committed, and checked byte for byte against what this code
//! writes (`JCM_BLESS=1 cargo test --test cli fixtures` rewrites them after a change).

use super::case::root;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

/// A cell of a generated sheet.
pub enum Cell {
    Text(&'static str),
    Owned(String),
    Number(f64),
    Date(u16, u8, u8),
    /// A formula saved without its result, as a program that writes workbooks leaves it.
    Formula(&'static str),
    Empty,
}

/// A workbook with one sheet (`rows` from row 1), and other sheets named in `others`; the
/// same bytes on every run (fixed creation time).
pub fn workbook(sheet: &str, others: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 4, 1).expect("date");
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy/mm/dd");
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    // An uncalculated formula is stored without a result, as Excel reads one that was never computed.
    ws.set_formula_result_default("");
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).expect("row");
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).expect("column");
            match cell {
                Cell::Text(t) => ws.write_string(r, c, *t).map(|_| ()),
                Cell::Owned(t) => ws.write_string(r, c, t).map(|_| ()),
                Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                Cell::Date(y, m, d) => {
                    ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).expect("date"), &date).map(|_| ())
                }
                Cell::Formula(f) => ws.write_formula(r, c, Formula::new(*f)).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .expect("write cell");
        }
    }
    for name in others {
        wb.add_worksheet().set_name(*name).expect("sheet name");
    }
    wb.save_to_buffer().expect("xlsx")
}

/// TH014's readings (examples/th014-floating-solar/monitoring.csv): (date, point, kWh text).
pub fn th014_readings() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(root().join("examples/th014-floating-solar/monitoring.csv")).expect("th014 csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records()
        .map(|r| {
            let r = r.expect("record");
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect()
}

fn ymd(date: &str) -> (u16, u8, u8) {
    let p: Vec<&str> = date.split('-').collect();
    (p[0].parse().expect("y"), p[1].parse().expect("m"), p[2].parse().expect("d"))
}

/// TH014's monitoring as a consultant keeps it in Excel: two title rows and a blank one,
/// Japanese headings on row 4, date cells, kWh as numbers, and a notes column.
fn th014_workbook() -> Vec<u8> {
    let mut rows = vec![
        vec![Cell::Text("TH014 浮体式太陽光発電 モニタリングデータ (2021年)")],
        vec![Cell::Text("単位: kWh、月末の検針値")],
        vec![],
        vec![Cell::Text("日付"), Cell::Text("計測地点"), Cell::Text("売電量 (kWh)"), Cell::Text("備考")],
    ];
    for (i, (date, point, kwh)) in th014_readings().into_iter().enumerate() {
        let (y, m, d) = ymd(&date);
        // The f64 here is only how a workbook stores a number; the reader reads back its
        // shortest text, which is the CSV's text without the thousands separators.
        let kwh: f64 = kwh.replace(',', "").parse().expect("kWh");
        let note = if i == 0 { Cell::Text("年初の検針") } else { Cell::Empty };
        rows.push(vec![Cell::Date(y, m, d), Cell::Owned(point), Cell::Number(kwh), note]);
    }
    workbook("モニタリング", &["メモ"], &rows)
}

/// TH014's monitoring as a Japanese Excel saves "CSV (comma delimited)": Shift_JIS, slash
/// dates without leading zeros, quoted thousands.
fn th014_shift_jis() -> Vec<u8> {
    let mut text = String::from("日付,計測地点,売電量 (kWh)\r\n");
    for (date, point, kwh) in th014_readings() {
        let (y, m, d) = ymd(&date);
        text.push_str(&format!("{y}/{m}/{d},{point},\"{kwh}\"\r\n"));
    }
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!bad, "every character has a Shift_JIS code");
    bytes.into_owned()
}

/// The heading row of the small test workbooks, and a reading row.
fn small(rows_after: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    let mut rows = vec![vec![Cell::Text("日付"), Cell::Text("計測地点"), Cell::Text("売電量 (kWh)")]];
    rows.extend(rows_after);
    rows
}

fn reading(m: u8, kwh: Cell) -> Vec<Cell> {
    vec![Cell::Date(2021, m, 28), Cell::Text("PV1"), kwh]
}

/// Every generated file: its path and its bytes.
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    let twelve = |bad_month: u8, bad: fn() -> Cell| -> Vec<Vec<Cell>> {
        (1..=12).map(|m| reading(m, if m == bad_month { bad() } else { Cell::Number(98.2) })).collect()
    };
    vec![
        ("examples/th014-floating-solar/excel-workbook/monitoring.xlsx", th014_workbook()),
        ("examples/th014-floating-solar/shift-jis-csv/monitoring.csv", th014_shift_jis()),
        ("tests/errors/workbook-bad-cell/monitoring.xlsx", workbook("モニタリング", &[], &small(twelve(3, || Cell::Text("12x"))))),
        ("tests/errors/workbook-no-sheet/monitoring.xlsx", workbook("Sheet1", &["集計"], &small(twelve(0, || Cell::Empty)))),
        (
            "tests/errors/workbook-ambiguous-date/monitoring.xlsx",
            workbook(
                "Sheet1",
                &[],
                &small(vec![reading(1, Cell::Number(98.2)), vec![Cell::Text("28/02/2021"), Cell::Text("PV1"), Cell::Number(98.2)]]),
            ),
        ),
        ("tests/check/JCM-E037/monitoring.xlsx", workbook("Sheet1", &[], &small(twelve(5, || Cell::Formula("C5*2"))))),
        ("tests/check/JCM-E036/monitoring.csv", {
            let (b, _, _) = encoding_rs::SHIFT_JIS.encode("date,point,EG [kWh]\n2021-01-31,PV1,98.2\n2021-02-28,PV1,98.2 # 検針\n");
            b.into_owned()
        }),
        ("tests/errors/workbook-named-csv/monitoring.csv", workbook("Sheet1", &[], &small(twelve(0, || Cell::Empty)))),
        ("tests/errors/control-characters/monitoring.csv", b"date,point,EG [MWh]\n2021-01-31,PV\x1b[31m1\x00,98.2\n".to_vec()),
    ]
}

/// The committed files are exactly what the generator writes.
#[test]
fn generated_files_are_what_the_generator_writes() {
    for (path, bytes) in all() {
        let full = root().join(path);
        if std::env::var_os("JCM_BLESS").is_some() {
            std::fs::create_dir_all(full.parent().expect("folder")).expect("mkdir");
            std::fs::write(&full, &bytes).expect("write");
            continue;
        }
        let committed =
            std::fs::read(&full).unwrap_or_else(|_| panic!("{path} is missing: run JCM_BLESS=1 cargo test --test cli fixtures"));
        assert!(committed == bytes, "{path} is not what tests/cli/fixtures.rs writes: run JCM_BLESS=1 cargo test --test cli fixtures");
    }
}
