//! How many magnitude findings (JCM-W012) `jcm check` gives on hourly PV data, with its own data
//! generator. Run: `cargo bench --bench magnitude -- [--points P] [--years Y] [--mistakes K]`.
//!
//! Not a timing benchmark: it counts findings (and reports the time of the check as a side
//! note). The data is a TH014-like project (bundled JCM_TH_AM001) with P inverters of 250 kW,
//! Y years of hourly energy in kWh from 2021, yearly periods: zero at night, near-zero readings
//! in the hours of sunrise and sunset (whose times move with the seasons), a midday bell scaled by
//! each day's cloud cover and a little noise per inverter, three decimals. `--mistakes K` then
//! writes K daytime readings in Wh (1,000 times too large) at random inverters and hours: a
//! finding per inverter that holds one is what the check should give, and nothing else.
//! `--uniform 1` writes instead the varied readings of `benches/portfolio.rs` (uniform between 0
//! and 1,000 kWh, three decimals, no daily cycle), on which the check once flooded.
//! Deterministic: a fixed xorshift seed, so every run writes the same file.

// Timings, sizes and the generator's counters are plain numbers here (no quantity of the
// calculation is): floats for the statistics and casts between counters are what they should be.
#![allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

struct Config {
    points: usize,
    years: usize,
    mistakes: usize,
    uniform: bool,
}

fn config() -> Config {
    let mut c = Config { points: 57, years: 10, mistakes: 0, uniform: false };
    let args: Vec<String> = std::env::args().collect();
    for w in args.windows(2) {
        let n = || w[1].parse::<usize>().unwrap_or_else(|_| panic!("{} takes a number", w[0]));
        match w[0].as_str() {
            "--points" => c.points = n(),
            "--years" => c.years = n().max(1),
            "--mistakes" => c.mistakes = n(),
            "--uniform" => c.uniform = n() != 0,
            _ => {}
        }
    }
    c
}

/// xorshift64*: good enough for made-up weather, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Energy of one inverter in one hour, kWh, in thousandths (the generator's only floats: they
/// make up the data; jcm reads the text it is written as).
fn hour_energy(day_of_year: f64, hour: usize, cloud: f64, noise: f64) -> u64 {
    let season = (2.0 * std::f64::consts::PI * (day_of_year + 10.0) / 365.0).cos();
    let (sunrise, sunset) = (6.2 + 0.7 * season, 18.1 - 0.7 * season);
    // Integrate the bell over the hour in 12 steps, so the hours of sunrise and sunset are partial.
    let mut e = 0.0;
    for k in 0..12 {
        let t = hour as f64 + (f64::from(k) + 0.5) / 12.0;
        if t > sunrise && t < sunset {
            let x = (t - sunrise) / (sunset - sunrise);
            e += (std::f64::consts::PI * x).sin().powf(1.6) / 12.0;
        }
    }
    (250.0 * e * cloud * noise * 1000.0).round() as u64
}

fn generate(c: &Config) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "jcm-magnitude-{}x{}y-{}{}",
        c.points,
        c.years,
        c.mistakes,
        if c.uniform { "-uniform" } else { "" }
    ));
    if dir.join("monitoring.csv").is_file() {
        return dir;
    }
    std::fs::create_dir_all(&dir).expect("mkdir");
    let last = 2020 + c.years;
    let mut toml = format!(
        "[project]\nid = \"PV-HOURLY\"\ntitle = \"generated hourly PV\"\ncountry = \"TH\"\nmethodology = \"JCM_TH_AM001\"\n\
         crediting_period = {{ start = 2021-01-01, end = {last}-12-31 }}\n"
    );
    for i in 0..c.points {
        toml.push_str(&format!("\n[[points]]\nid = \"INV{i:03}\"\nconnection = \"national_grid\"\n"));
    }
    for y in 2021..=last {
        toml.push_str(&format!("\n[[periods]]\nid = \"Y{y}\"\nstart = {y}-01-01\nend = {y}-12-31\n"));
    }
    toml.push_str(
        "\n[monitoring]\nfile = \"monitoring.csv\"\n\n[allocation]\nrounding = \"japan-ceil\"\njapan_government = \"50%\"\n\
         partner_government = \"0%\"\nproject_participants = \"rest\"\n",
    );
    std::fs::write(dir.join("project.toml"), toml).expect("write toml");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
    let days = (chrono::NaiveDate::from_ymd_opt(i32::try_from(last).expect("year") + 1, 1, 1).expect("date") - start).num_days();
    // The mistakes: (day, hour, point), daytime hours.
    let mut mistakes: Vec<(i64, usize, usize)> = (0..c.mistakes)
        .map(|_| ((rng.next() % days as u64) as i64, 10 + (rng.next() % 5) as usize, (rng.next() % c.points as u64) as usize))
        .collect();
    mistakes.sort_unstable();
    let mut csv = std::io::BufWriter::new(std::fs::File::create(dir.join("monitoring.csv")).expect("create csv"));
    writeln!(csv, "date,point,EG [kWh]").expect("write");
    for d in 0..days {
        let date = start + chrono::Duration::days(d);
        let doy = f64::from(chrono::Datelike::ordinal(&date));
        // Cloud cover of the day, shared by the site, with a little spread between inverters.
        let cloud = 0.15 + 0.85 * rng.unit().powf(0.6);
        for h in 0..24 {
            for i in 0..c.points {
                let noise = 0.97 + 0.06 * rng.unit();
                let mut e = if c.uniform {
                    // benches/portfolio.rs: a deterministic, varied reading with three decimals.
                    ((d as u64 * 24 + h as u64) * 7919 + i as u64 * 104_729) % 1_000_000
                } else {
                    hour_energy(doy, h, cloud, noise)
                };
                if mistakes.binary_search(&(d, h, i)).is_ok() {
                    e *= 1000;
                }
                writeln!(csv, "{}T{h:02}:00,INV{i:03},{}.{:03}", date.format("%Y-%m-%d"), e / 1000, e % 1000).expect("write");
            }
        }
    }
    csv.flush().expect("flush");
    dir
}

fn main() {
    let c = config();
    let dir = generate(&c);
    let rows = std::fs::read_to_string(dir.join("monitoring.csv")).map_or(0, |t| t.lines().count() - 1);
    let t = Instant::now();
    let found = jcm::check::targets(&jcm::pipeline::files::Disk, [Ok(jcm::check::Target::Project(dir.clone()))]);
    let took = t.elapsed();
    let w012: Vec<_> = found.iter().filter(|d| d.code == jcm::diag::Code::Magnitude).collect();
    println!(
        "{rows} hourly {} readings ({} inverters × {} years), {} injected unit mistakes: {} JCM-W012 findings ({} findings in all), check took {:.1?}",
        if c.uniform { "uniform" } else { "PV" },
        c.points,
        c.years,
        c.mistakes,
        w012.len(),
        found.len(),
        took
    );
    for d in w012 {
        println!("  {}: {}", d.location().unwrap_or_default(), d.message);
    }
    for d in found.iter().filter(|d| d.code != jcm::diag::Code::Magnitude).take(5) {
        println!("  other: {}: {}", d.location().unwrap_or_default(), d.message);
    }
}
