//! `jcm new DIR --methodology ID`: scaffold a project folder that loads as it is and computes
//! once the readings are in. It never writes into a folder that already holds something.

use super::Done;
use crate::diag::{Code, Diagnostic, Failure};
use crate::methodology::Methodology;
use crate::report::{self, TextFormat};
use crate::scaffold::{self, Options};
use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create (it must not exist, or be empty)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// A bundled methodology id (e.g. JCM_TH_AM001) or a methodology file, which is copied into DIR
    #[arg(long, short = 'm', value_name = "ID")]
    pub methodology: String,
    /// The partner country, an ISO code (default: the methodology's first country)
    #[arg(long, value_name = "CODE")]
    pub country: Option<String>,
    /// The project id (default: the folder name)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// First day of the crediting period, YYYY-MM-DD (default: 1 January of this year)
    #[arg(long, value_name = "DATE", value_parser = parse_start)]
    pub start: Option<NaiveDate>,
    /// Monitoring points to write per index
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=999))]
    pub points: u16,
    /// Your monitoring file (.csv, .xlsx, .xlsm, .xls, .ods): copied into DIR, with a proposed
    /// [monitoring.columns] that maps its headings
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// The sheet of a workbook given with --from (default: the first)
    #[arg(long, value_name = "NAME", requires = "from")]
    pub sheet: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
}

/// `--start`: a date that project.toml can hold. TOML dates have four-digit years, and chrono
/// would also read `+10000-01-01` or `-0001-01-01`, which `jcm new` then could not write.
fn parse_start(s: &str) -> Result<NaiveDate, String> {
    let d: NaiveDate = s.parse().map_err(|e| format!("{e}: write YYYY-MM-DD"))?;
    if !(0..=9999).contains(&d.year()) {
        return Err("a date in project.toml has a four-digit year (0000 to 9999)".into());
    }
    Ok(d)
}

/// The folder must not exist, or be an empty folder.
fn check_target(dir: &Path) -> Result<(), Failure> {
    let shown = dir.display().to_string();
    let refuse = |why: &str| {
        Failure::one(
            Diagnostic::new(Code::NotEmpty, format!("{shown} {why}"))
                .in_file(shown.clone())
                .hint("`jcm new` never overwrites anything: choose a new folder name"),
        )
    };
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(refuse("exists and is not a folder"));
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(refuse("already exists and is not empty")),
        },
        Err(e) => Err(Failure::one(Diagnostic::new(Code::Io, format!("cannot read {shown}: {e}")).in_file(shown.clone()))),
    }
}

/// 1 January of the current year (UTC), from the system clock.
fn this_year_start() -> NaiveDate {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let today = epoch.checked_add_days(chrono::Days::new(days)).unwrap_or(epoch);
    NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today)
}

pub fn run(args: &Args) -> anyhow::Result<Done> {
    check_target(&args.dir)?;
    let m: Methodology = crate::pipeline::files::methodology(&args.methodology, Path::new(".")).map(std::sync::Arc::unwrap_or_clone)?;
    let copied = methodology_copy(&args.methodology);
    let mut diagnostics = Vec::new();
    let country = match (&args.country, m.countries.first()) {
        (Some(c), _) | (None, Some(c)) => c.trim().to_uppercase(),
        (None, None) => {
            return Err(Failure::one(
                Diagnostic::new(Code::MissingValue, format!("methodology {} names no country", m.id))
                    .hint("give the partner country: --country TH (`jcm countries` lists them)"),
            )
            .into());
        }
    };
    if crate::countries::partner(&country).is_none() {
        diagnostics.push(
            Diagnostic::new(Code::NotPartner, format!("`{country}` is not a JCM partner country"))
                .hint("use the ISO 3166-1 alpha-2 code of a partner; `jcm countries` lists them"),
        );
    }
    diagnostics.extend(crate::project::load::methodology_country(&m, &country));
    let from = match &args.from {
        None => None,
        Some(path) => {
            let headings = crate::monitoring::headings::read(&crate::pipeline::files::Disk, path, args.sheet.as_deref())?;
            let ext = path.extension().map_or_else(|| "csv".to_string(), |e| e.to_string_lossy().to_lowercase());
            // Its own name, unless that is a name the scaffold writes.
            let name = match path.file_name().map(|n| n.to_string_lossy().into_owned()) {
                Some(n) if n != "project.toml" && n != "README.md" => n,
                _ => format!("monitoring.{ext}"),
            };
            Some(scaffold::FromFile { name, headings })
        }
    };
    let folder = args.dir.file_name().map_or_else(|| "project".to_string(), |n| n.to_string_lossy().into_owned());
    let options = Options {
        id: args.id.clone().unwrap_or(folder),
        country,
        methodology_ref: copied.clone().unwrap_or_else(|| m.id.clone()),
        start: args.start.unwrap_or_else(this_year_start),
        points: usize::from(args.points),
        from,
    };
    let plan = scaffold::plan(&m, options);
    let mut files = scaffold::files(&plan);
    if let Some(name) = copied {
        files.push(scaffold::File { name, purpose: "the methodology, copied here".into(), text: m.src.text.to_string() });
    }
    std::fs::create_dir_all(&args.dir).with_context(|| format!("cannot create {}", args.dir.display()))?;
    for f in &files {
        let path = args.dir.join(&f.name);
        std::fs::write(&path, &f.text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let (Some(src), Some(f)) = (&args.from, &plan.o.from) {
        let to = args.dir.join(&f.name);
        std::fs::copy(src, &to).with_context(|| format!("cannot copy {} to {}", src.display(), to.display()))?;
        files.push(scaffold::File { name: f.name.clone(), purpose: "your monitoring file, copied here".into(), text: String::new() });
    }
    // The scaffold must load as written; if it does not, that is a bug in `jcm new`.
    if let Err(f) = crate::pipeline::files::project(&args.dir) {
        let mut ds = f.0;
        ds.push(Diagnostic::new(Code::TomlSchema, "the new project.toml does not load: please report this as a bug of `jcm new`"));
        return Err(Failure(ds).into());
    }
    Ok(Done { stdout: report::scaffold::render(args.format, &args.dir, &m, &files).into(), diagnostics, status: 0 })
}

/// A methodology given as a file is copied into the project (under its own name, unless that
/// name is taken by a file of the scaffold).
fn methodology_copy(reference: &str) -> Option<String> {
    if !crate::methodology::is_path(reference) {
        return None;
    }
    let name = Path::new(reference).file_name()?.to_string_lossy().into_owned();
    Some(if name == "project.toml" { "methodology.toml".into() } else { name })
}
