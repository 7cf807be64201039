//! Benchmark of the streaming monitoring reader and of a portfolio run, with its own data
//! generator. Run: `cargo bench --bench portfolio -- [--projects N] [--rows M] [--repeat R]`.
//!
//! The machine is shared and noisy, so every figure is quoted as a ratio against a baseline
//! measured in the same run, interleaved with it, best of R:
//! - reader: `jcm::monitoring::read` (parse dates and decimals, convert units, check bounds and
//!   time order, bucket into periods) against a plain csv-crate byte-record loop over the same
//!   files (the floor any CSV reader pays);
//! - portfolio: `jcm calc`'s work (load, read, compute) over N projects on all cores against
//!   the same work on one thread.
//!
//! Data: N copies of a TH014-like project (bundled JCM_TH_AM001, 4 PV systems), each with M
//! hourly readings, written once under cargo's target tmp dir and reused.

use jcm::batch::{self, Jobs};
use jcm::progress::Progress;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const POINTS: usize = 4;

struct Config {
    projects: usize,
    rows: usize,
    repeat: usize,
}

fn config() -> Config {
    let mut c = Config { projects: 48, rows: 50_000, repeat: 3 };
    let args: Vec<String> = std::env::args().collect();
    for w in args.windows(2) {
        let n = || w[1].parse::<usize>().unwrap_or_else(|_| panic!("{} takes a number", w[0]));
        match w[0].as_str() {
            "--projects" => c.projects = n(),
            "--rows" => c.rows = n(),
            "--repeat" => c.repeat = n().max(1),
            _ => {}
        }
    }
    c
}

/// Write `n` projects of `rows` readings each (if not there yet) and return their folders.
fn generate(n: usize, rows: usize) -> Vec<PathBuf> {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("jcm-bench-{n}x{rows}"));
    let hours = rows.div_ceil(POINTS).max(1);
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
    let last = start + chrono::Duration::hours(hours as i64 - 1);
    let years = usize::try_from(chrono::Datelike::year(&last) - 2020).expect("years");
    let mut dirs = Vec::new();
    for p in 0..n {
        let dir = base.join(format!("p{p:04}"));
        dirs.push(dir.clone());
        if dir.join("monitoring.csv").is_file() {
            continue;
        }
        std::fs::create_dir_all(&dir).expect("mkdir");
        let mut toml = format!(
            "[project]\nid = \"BENCH{p:04}\"\ntitle = \"generated\"\ncountry = \"TH\"\nmethodology = \"JCM_TH_AM001\"\n\
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
        toml.push_str(
            "\n[monitoring]\nfile = \"monitoring.csv\"\n\n[allocation]\nrounding = \"japan-ceil\"\njapan_government = \"50%\"\n\
             partner_government = \"0%\"\nproject_participants = \"rest\"\n\n[article6]\nauthorized = true\n",
        );
        std::fs::write(dir.join("project.toml"), toml).expect("write toml");
        let mut csv = std::io::BufWriter::new(std::fs::File::create(dir.join("monitoring.csv")).expect("create csv"));
        writeln!(csv, "date,point,EG [kWh]").expect("write");
        let mut written = 0;
        'hours: for h in 0..hours {
            let t = start + chrono::Duration::hours(h as i64);
            let stamp = t.format("%Y-%m-%dT%H:%M");
            for i in 0..POINTS {
                if written == rows {
                    break 'hours;
                }
                // A deterministic, varied reading with three decimals.
                let v = (h * 7919 + i * 104_729 + p * 31) % 1_000_000;
                writeln!(csv, "{stamp},PV{i},{}.{:03}", v / 1000, v % 1000).expect("write");
                written += 1;
            }
        }
        csv.flush().expect("flush");
    }
    dirs
}

/// The floor: iterate the byte records of each file with the csv crate and touch every field.
fn baseline_read(dirs: &[PathBuf]) -> u64 {
    let mut rows = 0u64;
    let mut bytes = 0u64;
    for d in dirs {
        let mut rdr = csv::ReaderBuilder::new().from_path(d.join("monitoring.csv")).expect("open");
        let mut rec = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut rec).expect("read") {
            rows += 1;
            bytes += rec.iter().map(|f| f.len() as u64).sum::<u64>();
        }
    }
    std::hint::black_box(bytes);
    rows
}

fn jcm_read(projects: &[jcm::project::Project]) -> u64 {
    let mut rows = 0;
    for p in projects {
        let m = jcm::monitoring::read(p, &jcm::pipeline::row_plan(p), &[]).expect("read");
        rows += m.rows_used + m.rows_outside;
    }
    rows
}

fn portfolio(dirs: &[PathBuf], jobs: Jobs) -> i64 {
    let done = batch::map(dirs, jobs, &Progress::hidden(), |d: &PathBuf| {
        let mut warn = Vec::new();
        jcm::cmd::calc::compute_one(d, &mut warn).map(|(_, c)| c.issuance.credits).expect("compute")
    })
    .expect("pool");
    done.iter().sum()
}

/// Run `a` and `b` alternately `repeat` times; the best time of each.
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

fn rate(n: u64, t: Duration) -> String {
    format!("{:>6.2} M rows/s", n as f64 / t.as_secs_f64() / 1e6)
}

fn main() {
    let c = config();
    let t = Instant::now();
    let dirs = generate(c.projects, c.rows);
    let size: u64 = dirs.iter().filter_map(|d| std::fs::metadata(d.join("monitoring.csv")).ok()).map(|m| m.len()).sum();
    let total_rows = (c.projects * c.rows) as u64;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "jcm benchmark: {} projects x {} rows = {} rows, {:.1} MB of CSV ({:.1} s to prepare); {cores} cores; best of {}",
        c.projects,
        c.rows,
        total_rows,
        size as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        c.repeat
    );
    let projects: Vec<jcm::project::Project> = dirs.iter().map(|d| jcm::project::load(d).expect("load").0).collect();

    let line = |label: &str, n: u64, t: Duration, ratio: Option<String>| {
        println!("{label:<40} {:>8.3} s {}{}", t.as_secs_f64(), rate(n, t), ratio.map(|r| format!("   {r}")).unwrap_or_default());
    };
    let mut rows = (0, 0);
    let (base, ours) = duel(c.repeat, || rows.0 = baseline_read(&dirs), || rows.1 = jcm_read(&projects));
    assert_eq!(rows.0, rows.1, "both readers see every row");
    line("reader: csv byte-record loop (baseline)", rows.0, base, None);
    let ratio = format!("{:.2}x the baseline's throughput", base.as_secs_f64() / ours.as_secs_f64());
    line("reader: jcm::monitoring::read", rows.1, ours, Some(ratio));

    let mut credits = (0, 0);
    let (one, all) = duel(c.repeat, || credits.0 = portfolio(&dirs, Jobs(Some(1))), || credits.1 = portfolio(&dirs, Jobs(None)));
    assert_eq!(credits.0, credits.1, "the same credits on any number of threads");
    line("portfolio: 1 thread (baseline)", total_rows, one, None);
    let ratio = format!("{:.2}x faster than 1 thread", one.as_secs_f64() / all.as_secs_f64());
    line(&format!("portfolio: all {cores} cores"), total_rows, all, Some(ratio));
}
