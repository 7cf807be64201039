//! The text of a new project.toml: every key the loader needs, each with a comment that says
//! what it is and where its value comes from; `TODO` marks what the user must replace.

use super::{Line, Plan};
use crate::methodology::model::{Fidelity, Kind};
use std::fmt::Write;

/// A TOML string literal, quoted and escaped.
pub fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `key = value   # comment`, comments aligned at a fixed column.
fn kv(out: &mut String, key: &str, value: &str, comment: &str) {
    let code = format!("{key} = {value}");
    if comment.is_empty() {
        let _ = writeln!(out, "{code}");
    } else {
        // Padded by display width, so comments line up after Japanese headings too.
        let pad = 40usize.saturating_sub(unicode_width::UnicodeWidthStr::width(code.as_str()));
        let _ = writeln!(out, "{code}{} # {comment}", " ".repeat(pad));
    }
}

fn line(out: &mut String, l: &Line) {
    if l.optional {
        let _ = writeln!(out, "# {} = {}   # {}", l.key, l.value, l.comment);
    } else {
        kv(out, &l.key, &l.value, &l.comment);
    }
}

/// Render project.toml.
pub fn project_toml(p: &Plan<'_>) -> String {
    let m = p.m;
    let o = &p.o;
    let mut out = String::new();
    let _ = writeln!(out, "# A JCM project for methodology {} version {}: {}", m.id, m.version, m.title);
    let _ = writeln!(out, "# Written by `jcm new`. Replace every TODO with the values of your PDD, add your meter");
    let _ = writeln!(out, "# readings to the monitoring CSV, then run `jcm calc` on this folder. README.md says how;");
    let _ = writeln!(out, "# the file format is docs/formats.md of the jcm repository.");
    if m.fidelity == Fidelity::Illustrative {
        let _ = writeln!(out, "# The methodology is marked illustrative: check its values against the official text.");
    }
    out.push_str("\n[project]\n");
    kv(&mut out, "id", &quoted(&o.id), "TODO: the project's reference number, e.g. TH014");
    kv(&mut out, "title", &quoted("TODO: a one-line title"), "");
    kv(&mut out, "country", &quoted(&o.country), "ISO code of the partner country (`jcm countries` lists them)");
    kv(&mut out, "methodology", &quoted(&o.methodology_ref), "a bundled id, or a file next to this one");
    let ccs = m.family.as_deref() == Some(crate::project::ccs::FAMILY);
    if !ccs {
        kv(
            &mut out,
            "crediting_period",
            &format!("{{ start = {}, end = {} }}", o.start, p.crediting_end),
            "TODO: from the PDD (inclusive dates)",
        );
    }

    let fixed: Vec<String> = m
        .symbols
        .iter()
        .filter_map(|s| match &s.kind {
            Kind::Fixed { default: Some(d), by: None, .. } => Some(format!("{} = {} {}", s.name, d.normalize(), s.unit)),
            _ => None,
        })
        .collect();
    if !p.values.is_empty() || !fixed.is_empty() {
        out.push('\n');
        if !p.values.is_empty() {
            out.push_str("# Project parameters, fixed ex ante in the PDD.\n");
        }
        if !fixed.is_empty() {
            let _ = writeln!(out, "# Defaults the methodology fixes (override one under [values] only with a reason the PDD documents):");
            let _ = writeln!(out, "#   {}", fixed.join(", "));
        }
        if !p.values.is_empty() {
            out.push_str("[values]\n");
            for l in &p.values {
                line(&mut out, l);
            }
        }
    }

    for (k, idx) in m.indexes.iter().enumerate() {
        let _ = writeln!(out, "\n# Monitoring points: one [[points]] entry per {} (index {}). Copy one to add more.", idx.label, idx.name);
        for pt in p.points.iter().filter(|pt| pt.index == k) {
            out.push_str("[[points]]\n");
            kv(&mut out, "id", &quoted(&pt.id), "TODO: your name for it, as in the CSV `point` column");
            if m.indexes.len() > 1 {
                kv(&mut out, "index", &quoted(&idx.name), "which index this point belongs to");
            }
            for l in &pt.lines {
                line(&mut out, l);
            }
        }
    }

    out.push_str("\n# Monitoring periods: inclusive dates, no gaps or overlaps, inside the crediting period,\n");
    out.push_str("# never across 31 Dec 2020 / 1 Jan 2021. Add one [[periods]] entry per period.\n");
    out.push_str("[[periods]]\n");
    kv(&mut out, "id", &quoted("MP1"), "");
    kv(&mut out, "start", &o.start.to_string(), "");
    kv(&mut out, "end", &p.period_end.to_string(), "");

    out.push_str("\n[monitoring]\n");
    match &o.from {
        Some(f) => monitoring_from(&mut out, p, f),
        None => {
            let names: Vec<String> = p.csvs.iter().map(|c| quoted(&c.name)).collect();
            let file = if names.len() == 1 { names[0].clone() } else { format!("[{}]", names.join(", ")) };
            kv(&mut out, "file", &file, "relative to this file; README.md shows example rows");
        }
    }

    out.push_str("\n# How the credits are shared (docs/domain.md §3). Under the Ministry of the Environment\n");
    out.push_str("# subsidy at least half go to the Government of Japan. Or give the amounts the Joint\n");
    out.push_str("# Committee notified, per period, as [[allocation.notified]] entries.\n");
    out.push_str("[allocation]\n");
    kv(&mut out, "rounding", &quoted("japan-ceil"), "japan-ceil | largest-remainder | floor-to-participants");
    kv(&mut out, "japan_government", &quoted("50%"), "TODO: Japan's share");
    kv(&mut out, "partner_government", &quoted("0%"), "TODO: the partner government's share");
    kv(&mut out, "project_participants", &quoted("rest"), "");

    out.push_str("\n[article6]\n");
    kv(&mut out, "authorized", "false", "TODO: true once authorized for international transfer (ITMOs)");
    if ccs {
        ccs_table(&mut out, p);
    }
    out
}

/// `[monitoring]` for the user's own file: where its headings are, and a proposed
/// `[monitoring.columns]`, each line saying why it was matched; a heading without a match is
/// written as a comment for the user to complete (until then it is not used).
fn monitoring_from(out: &mut String, p: &Plan<'_>, f: &super::FromFile) {
    use crate::monitoring::columns::propose;
    let h = &f.headings;
    kv(out, "file", &quoted(&f.name), "your file, copied here");
    if let Some(sheet) = &h.sheet {
        kv(out, "sheet", &quoted(sheet), "the sheet read (the first, unless --sheet named another)");
    }
    if h.row != 1 {
        kv(out, "header_row", &h.row.to_string(), "the headings row; the rows above are skipped");
    }
    if h.decoding.is_some() {
        kv(out, "encoding", &quoted("shift_jis"), "the file is not UTF-8; it reads as Windows code page 932");
    }
    out.push_str("\n# Each heading as the file writes it = the jcm column it holds (date, point, or a parameter\n");
    out.push_str("# with the unit the file uses). Check every line: these are proposals. A heading left out is\n");
    out.push_str("# not used, and the report lists it.\n");
    out.push_str("[monitoring.columns]\n");
    let mut matched: Vec<String> = Vec::new();
    for name in &h.names {
        let proposal = propose(p.m, name);
        let target = proposal.target.filter(|t| {
            let base = crate::project::monitoring::target_name(t).to_string();
            let fresh = !matched.contains(&base);
            if fresh {
                matched.push(base);
            }
            fresh
        });
        match target {
            Some(t) => kv(out, &quoted(name), &quoted(&t), &format!("proposed: {}", proposal.why)),
            None => {
                let code = format!("# {} = \"…\"", quoted(name));
                let pad = 40usize.saturating_sub(unicode_width::UnicodeWidthStr::width(code.as_str()));
                let _ = writeln!(out, "{code}{} # TODO: your choice; {}", " ".repeat(pad), proposal.why);
            }
        }
    }
    let missing: Vec<&str> = p.m.monitored().map(|(_, s)| s.name.as_str()).filter(|n| !matched.iter().any(|m| m == n)).collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "# TODO: no heading matched {}: map the heading that holds each", missing.join(", "));
    }
}

/// `[ccs]` for a CCS methodology: the injection period (the crediting period), one
/// net-reduction method, the reserve (docs/formats.md, domain.md §4).
fn ccs_table(out: &mut String, p: &Plan<'_>) {
    out.push_str("\n# A CCS/CCUS project: credited from the start of CO2 injection to its end, with one of the\n");
    out.push_str("# three net-reduction methods and a reversal reserve. Leaks after injection go in [[ccs.reversals]].\n");
    out.push_str("[ccs]\n");
    kv(out, "injection", &format!("{{ start = {}, end = {} }}", p.o.start, p.crediting_end), "TODO: first and last day of CO2 injection");
    kv(out, "net_reduction", &quoted("discount"), "TODO: reference-below-bau | project-uplift | discount");
    kv(out, "discount_factor", &quoted("0.95"), "TODO: or reference_factor / project_uplift; no default is published");
    kv(out, "reserve_rate", &quoted("3%"), "the guidelines' \"in principle 3%\"");
    kv(out, "reserve_rounding", &quoted("ceil"), "ceil | floor");
}
