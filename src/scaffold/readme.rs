//! The README.md stub of a new project: what to fill in, the methodology's parameters and
//! where each one goes, example CSV rows, and the commands to run.

use super::{Plan, example_rows};
use crate::methodology::model::{Fidelity, Kind};
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Render README.md.
pub fn readme(p: &Plan<'_>) -> String {
    let m = p.m;
    let dir = &p.o.id;
    let mut out = String::new();
    let _ = writeln!(out, "# {dir}\n");
    let _ = writeln!(out, "A JCM project for methodology **{}** version {}: {}.", m.id, m.version, m.title);
    if m.fidelity == Fidelity::Illustrative {
        let _ = writeln!(
            out,
            "The methodology is marked *illustrative*: check its defaults against the official text before relying on the result."
        );
    }
    if let Some(src) = &m.source {
        let _ = writeln!(out, "Source: {src}");
    }
    out.push_str("\n## What to fill in\n\n");
    out.push_str("1. `project.toml`: every line marked `TODO` (id, title, crediting period, the project values\n");
    out.push_str("   of the PDD, your monitoring points, the allocation, `[article6] authorized`).\n");
    let files: Vec<String> = p.csvs.iter().map(|c| format!("`{}`", c.name)).collect();
    let _ = writeln!(out, "2. {}: one row per meter reading, in time order (the rows below are made up).", files.join(" and "));
    out.push_str("3. Run `jcm calc .` in this folder (or `jcm calc PATH/TO/THIS/FOLDER`).\n");

    out.push_str("\n## Readings\n");
    for c in &p.csvs {
        let _ = writeln!(out, "\n`{}`: dates as YYYY-MM-DD; a unit in brackets is converted exactly.", c.name);
        out.push_str("\n```csv\n");
        let _ = writeln!(out, "{}", c.header(m));
        for r in example_rows(p, c) {
            let _ = writeln!(out, "{r}");
        }
        out.push_str("```\n");
    }

    out.push_str("\n## Parameters of the methodology\n\n");
    out.push_str("| symbol | kind | unit | where its value comes from | description |\n| --- | --- | --- | --- | --- |\n");
    for s in &m.symbols {
        let (kind, from) = match &s.kind {
            Kind::Monitored { aggregate, options } => {
                let opt = if options.is_empty() { String::new() } else { format!(", option {}", options.join("/")) };
                let per = if s.index.is_some() { " per point" } else { "" };
                (format!("monitored ({}{opt})", aggregate.name()), format!("the CSV column `{} [{}]`{per}", s.name, s.unit))
            }
            Kind::Fixed { by: Some(by), .. } => ("fixed".to_string(), format!("the methodology's table, picked by `{by}`")),
            Kind::Fixed { default, .. } => {
                ("fixed".to_string(), default.map_or("the methodology".to_string(), |d| format!("the methodology: {}", d.normalize())))
            }
            Kind::Project if s.index.is_some() => ("project".to_string(), "each `[[points]]` entry (PDD)".to_string()),
            Kind::Project => ("project".to_string(), "`[values]` (PDD)".to_string()),
            Kind::Category { categories, .. } => {
                let words: Vec<String> = categories.iter().map(|(w, _)| format!("`{w}`")).collect();
                ("monitored (a word per row)".to_string(), format!("the CSV column `{}`: one of {}", s.name, words.join(", ")))
            }
            Kind::Choice { choices, default } => {
                let words: Vec<String> = choices.iter().map(|(w, _)| format!("`\"{w}\"`")).collect();
                let def = default.as_ref().map(|d| format!(" (default `\"{d}\"`)")).unwrap_or_default();
                ("option".to_string(), format!("`[values]`: one of {}{def}", words.join(", ")))
            }
            Kind::Equation(_) => continue,
        };
        let _ = writeln!(out, "| {} | {kind} | {} | {} | {} |", s.name, s.unit, cell(&from), cell(s.description.as_deref().unwrap_or("")));
    }
    let file = if std::path::Path::new(&p.o.methodology_ref).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        format!("`{}`, next to project.toml", p.o.methodology_ref)
    } else {
        format!("`methodologies/{}.toml` of the jcm repository, built into `jcm`", p.o.methodology_ref)
    };
    let _ = writeln!(out, "\nThe equations are in the methodology file ({file}).");
    out
}
