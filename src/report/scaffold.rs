//! The report of `jcm new`: the files it wrote and what each is for, as a table (with the next
//! steps), JSON or CSV.

use super::TextFormat;
use super::json::FORMAT_VERSION;
use crate::methodology::Methodology;
use crate::scaffold::File;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct Created {
    format_version: u32,
    directory: String,
    methodology: String,
    methodology_version: String,
    files: Vec<FileJson>,
}

#[derive(Serialize)]
struct FileJson {
    path: String,
    purpose: String,
}

/// The header of `jcm new --format csv`: one row per file written.
pub const CSV_HEADER: &[&str] = &["path", "purpose"];

/// The files written into `dir` for methodology `m`.
pub fn render(format: TextFormat, dir: &Path, m: &Methodology, files: &[File]) -> String {
    let shown = dir.display().to_string();
    let path = |name: &str| dir.join(name).display().to_string();
    match format {
        TextFormat::Json => super::json::pretty(&Created {
            format_version: FORMAT_VERSION,
            directory: shown,
            methodology: m.id.clone(),
            methodology_version: m.version.clone(),
            files: files.iter().map(|f| FileJson { path: path(&f.name), purpose: f.purpose.clone() }).collect(),
        }),
        TextFormat::Csv => super::csv::document(CSV_HEADER, files.iter().map(|f| [path(&f.name), f.purpose.clone()])),
        TextFormat::Table => {
            let mut out = format!("Created {shown} for methodology {} version {} ({}):\n", m.id, m.version, m.title);
            let width = files.iter().map(|f| path(&f.name).len()).max().unwrap_or(0);
            for f in files {
                out.push_str(&format!("  {:<width$}  {}\n", path(&f.name), f.purpose));
            }
            let csvs: Vec<String> = files
                .iter()
                .filter(|f| std::path::Path::new(&f.name).extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) && !f.text.is_empty())
                .map(|f| path(&f.name))
                .collect();
            if csvs.is_empty() {
                // `--from`: the readings are in the user's file; its heading mapping needs a look.
                out.push_str(&format!(
                    "Next: replace the TODOs in {} and check its [monitoring.columns], then run: jcm calc {shown}\n",
                    path("project.toml")
                ));
            } else {
                out.push_str(&format!(
                    "Next: replace the TODOs in {}, add your readings to {}, then run: jcm calc {shown}\n",
                    path("project.toml"),
                    csvs.join(" and ")
                ));
            }
            out
        }
    }
}
