//! Benchmark of reading monitoring data from a workbook, with its own data generator. Run:
//! `cargo bench --bench workbook -- [--rows M] [--repeat R]` (default 1,000,000 rows).
//!
//! The floor for workbooks is calamine itself: jcm reads a sheet through calamine, so its time
//! is quoted against calamine's own read of the same sheet (open the workbook, load the sheet,
//! touch every cell), interleaved, best of R. The same readings as a CSV are read too, so the
//! two formats can be compared on one machine in one run.
//!
//! Data: one TH014-like project (bundled JCM_TH_AM001, 4 PV systems) with M hourly readings:
//! date-time cells, point names, kWh numbers with three decimals, written once (with
//! rust_xlsxwriter's constant-memory mode) under cargo's target tmp dir and reused.

// Timings, sizes and the generator's counters are plain numbers here (no quantity of the
// calculation is): floats for the statistics and casts between counters are what they should be.
#![allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]

use calamine::{Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const POINTS: usize = 4;

fn args() -> (usize, usize) {
    let (mut rows, mut repeat) = (1_000_000, 3);
    let a: Vec<String> = std::env::args().collect();
    for w in a.windows(2) {
        let n = || w[1].parse::<usize>().unwrap_or_else(|_| panic!("{} takes a number", w[0]));
        match w[0].as_str() {
            "--rows" => rows = n(),
            "--repeat" => repeat = n().max(1),
            _ => {}
        }
    }
    (rows, repeat)
}

/// The project folder with `monitoring.xlsx` and `monitoring.csv` (the same readings).
fn generate(rows: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("jcm-bench-workbook-{rows}"));
    if dir.join("monitoring.xlsx").is_file() && dir.join("monitoring.csv").is_file() {
        return dir;
    }
    std::fs::create_dir_all(&dir).expect("mkdir");
    let hours = rows.div_ceil(POINTS);
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
    let last = start + chrono::Duration::hours(hours as i64 - 1);
    let years = usize::try_from(chrono::Datelike::year(&last) - 2020).expect("years");
    let mut toml = format!(
        "[project]\nid = \"BENCH\"\ntitle = \"generated\"\ncountry = \"TH\"\nmethodology = \"JCM_TH_AM001\"\n\
         crediting_period = {{ start = 2021-01-01, end = {}-12-31 }}\n",
        2021 + years
    );
    for i in 0..POINTS {
        let conn = if i % 2 == 0 { "national_grid" } else { "captive" };
        let _ = write!(toml, "\n[[points]]\nid = \"PV{i}\"\nconnection = \"{conn}\"\n");
    }
    for y in 0..years {
        let _ = write!(toml, "\n[[periods]]\nid = \"Y{}\"\nstart = {}-01-01\nend = {}-12-31\n", 2021 + y, 2021 + y, 2021 + y);
    }
    let tail = "\n[allocation]\nrounding = \"japan-ceil\"\njapan_government = \"50%\"\npartner_government = \"0%\"\n\
                project_participants = \"rest\"\n";
    std::fs::write(dir.join("project.toml"), format!("{toml}\n[monitoring]\nfile = \"monitoring.xlsx\"\n{tail}")).expect("toml");
    std::fs::create_dir_all(dir.join("csv")).expect("mkdir");
    std::fs::write(dir.join("csv/project.toml"), format!("{toml}\n[monitoring]\nfile = \"../monitoring.csv\"\n{tail}")).expect("toml");

    let mut wb = Workbook::new();
    let when = Format::new().set_num_format("yyyy/mm/dd hh:mm");
    let ws = wb.add_worksheet_with_constant_memory();
    ws.write_string(0, 0, "date").expect("cell");
    ws.write_string(0, 1, "point").expect("cell");
    ws.write_string(0, 2, "EG [kWh]").expect("cell");
    let mut csv = std::io::BufWriter::new(std::fs::File::create(dir.join("monitoring.csv")).expect("csv"));
    writeln!(csv, "date,point,EG [kWh]").expect("write");
    let mut r = 0u32;
    'hours: for h in 0..hours {
        let t = start + chrono::Duration::hours(h as i64);
        let cell_time = ExcelDateTime::parse_from_str(&t.format("%Y-%m-%dT%H:%M:%S").to_string()).expect("datetime");
        for i in 0..POINTS {
            if r as usize == rows {
                break 'hours;
            }
            r += 1;
            let v = (h * 7919 + i * 104_729) % 1_000_000;
            let text = format!("{}.{:03}", v / 1000, v % 1000);
            ws.write_datetime_with_format(r, 0, &cell_time, &when).expect("cell");
            ws.write_string(r, 1, format!("PV{i}")).expect("cell");
            // The generator's f64 is how a workbook stores the number; jcm reads its shortest text back.
            ws.write_number(r, 2, text.parse::<f64>().expect("number")).expect("cell");
            writeln!(csv, "{},PV{i},{text}", t.format("%Y-%m-%dT%H:%M")).expect("write");
        }
    }
    csv.flush().expect("flush");
    wb.save(dir.join("monitoring.xlsx")).expect("save");
    dir
}

/// The floor: calamine opens the workbook, loads the sheet and every cell is looked at.
fn calamine_read(path: &Path) -> u64 {
    let mut wb = calamine::open_workbook_auto(path).expect("open");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("sheet");
    let mut cells = 0u64;
    for row in range.rows() {
        for c in row {
            if !matches!(c, Data::Empty) {
                cells += 1;
            }
        }
    }
    std::hint::black_box(cells);
    range.height() as u64 - 1
}

fn jcm_read(project: &jcm::project::Project) -> u64 {
    let m = jcm::monitoring::read(&jcm::pipeline::files::Disk, project, &jcm::pipeline::row_plan(project), &[]).expect("read");
    m.rows_used + m.rows_outside
}

fn duel<A: FnMut(), B: FnMut()>(repeat: usize, mut a: A, mut b: B) -> (Duration, Duration) {
    let (mut ta, mut tb) = (Duration::MAX, Duration::MAX);
    for _ in 0..repeat {
        let t = Instant::now();
        a();
        ta = ta.min(t.elapsed());
        let t = Instant::now();
        b();
        tb = tb.min(t.elapsed());
    }
    (ta, tb)
}

fn main() {
    let (rows, repeat) = args();
    let t = Instant::now();
    let dir = generate(rows);
    let xlsx = std::fs::metadata(dir.join("monitoring.xlsx")).map_or(0, |m| m.len());
    println!(
        "jcm workbook benchmark: {rows} rows, {:.1} MB of xlsx ({:.1} s to prepare); best of {repeat}",
        xlsx as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let project = jcm::pipeline::files::project(&dir).expect("load").0;
    let csv_project = jcm::pipeline::files::project(&dir.join("csv")).expect("load").0;
    let line = |label: &str, n: u64, t: Duration, note: String| {
        println!("{label:<44} {:>8.3} s {:>6.2} M rows/s   {note}", t.as_secs_f64(), n as f64 / t.as_secs_f64() / 1e6);
    };
    let mut n = (0, 0);
    let (floor, ours) = duel(repeat, || n.0 = calamine_read(&dir.join("monitoring.xlsx")), || n.1 = jcm_read(&project));
    assert_eq!(n.0, n.1, "both see every row");
    line("workbook: calamine worksheet_range (floor)", n.0, floor, String::new());
    line("workbook: jcm::monitoring::read", n.1, ours, format!("{:.2}x calamine's time", ours.as_secs_f64() / floor.as_secs_f64()));
    let mut c = 0;
    let (csv, _) = duel(repeat, || c = jcm_read(&csv_project), || {});
    assert_eq!(c, n.1, "the CSV holds the same rows");
    line(
        "csv: jcm::monitoring::read, same readings",
        c,
        csv,
        format!("{:.2}x faster than the workbook", ours.as_secs_f64() / csv.as_secs_f64()),
    );
}
