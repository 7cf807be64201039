//! `--format html`: one self-contained page for people — to open, print on A4 or attach. Inline
//! CSS and SVG charts ([`chart`]); no script, no font, image or style from anywhere else, and a
//! Content-Security-Policy that forbids the browser to fetch anything. The trace sits in
//! `<details>`. The same report gives the same bytes: nothing depends on the clock or the
//! machine.
//!
//! Like every renderer it formats and never computes: it reads the typed reports
//! ([`super::json::ProjectJson`], [`super::exante::ExAnteJson`], the verification and the
//! portfolio summary) and lays them out.

pub mod chart;
mod exante;
mod monitored;
mod portfolio;
mod project;
mod trace;
mod verify;

pub use exante::render as exante;
pub use project::render as projects;
pub use verify::render as verify;

use crate::engine::allocation::Party;
use crate::inputs::JCM_VERSION;
use rust_decimal::Decimal;
use std::fmt::Write;

const STYLE: &str = include_str!("style.css");

/// Text made safe for HTML (markup characters escaped, control characters replaced). The colon
/// of a URL quoted as a source (`http://…`) is written as `&#58;`: the reader sees the address
/// as it was written, and the file holds no `http:` that a tool could take for a reference.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ':' if url_scheme_before(&out) => out.push_str("&#58;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether `out` ends with `http` or `https`, in any case.
fn url_scheme_before(out: &str) -> bool {
    let tail = out.as_bytes()[out.len().saturating_sub(5)..].to_ascii_lowercase();
    tail.ends_with(b"http") || tail.ends_with(b"https")
}

/// An exact value of a report (written by [`super::exact`]) as a decimal again, for a chart.
fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).expect("the report writes its exact values as plain decimals")
}

/// A party's name for people, from its JSON key.
fn party_label(key: &str) -> String {
    [Party::JapanGovernment, Party::PartnerGovernment, Party::ProjectParticipants, Party::PartnerAndParticipants]
        .into_iter()
        .find(|p| p.key() == key)
        .map_or_else(|| key.to_string(), |p| p.label().to_string())
}

/// A page being written: its body, and the ids given to its charts so far.
#[derive(Default)]
struct Page {
    body: String,
    charts: usize,
    /// The page lists its input files with their SHA-256 (the footer says so).
    inputs_listed: bool,
}

impl Page {
    /// A fresh id for a chart's SVG (its title, description and patterns are named after it).
    fn chart_id(&mut self) -> String {
        self.charts += 1;
        format!("chart{}", self.charts)
    }

    fn push(&mut self, s: &str) {
        self.body.push_str(s);
    }

    /// The whole document.
    fn finish(self, title: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + STYLE.len() + 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"jcm {JCM_VERSION}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
            esc(title)
        );
        out.push_str(&self.body);
        let inputs = if self.inputs_listed {
            " The inputs are listed with their SHA-256, so that anyone can check this report was made from them."
        } else {
            ""
        };
        let _ = write!(
            out,
            "<footer>Computed by jcm {JCM_VERSION}, with exact decimal arithmetic. Figures in tables are shown with thousands \
             separators and at most six decimals (… marks a cut); the table beside each chart gives every digit.{inputs}</footer>\n\
             </main>\n</body>\n</html>\n"
        );
        out
    }
}

/// A table's head row.
fn thead(cols: &[&str]) -> String {
    let mut s = String::from("<thead><tr>");
    for c in cols {
        let _ = write!(s, "<th>{}</th>", esc(c));
    }
    s.push_str("</tr></thead>\n");
    s
}

/// A list of warnings (or, with `problem`, of problems found).
fn warnings(title: &str, items: &[String], problem: bool) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut s =
        format!("<div class=\"warn{}\" role=\"note\"><strong>{}</strong>\n<ul>\n", if problem { " problem" } else { "" }, esc(title));
    for w in items {
        let _ = writeln!(s, "<li>{}</li>", esc(w));
    }
    s.push_str("</ul></div>\n");
    s
}

/// The "rules applied" lines of a report (`- ` items, with indented continuation lines).
fn rules(text: &str) -> String {
    let mut s = String::from("<ul class=\"rules\">\n");
    let mut open = false;
    for line in text.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            if open {
                s.push_str("</li>\n");
            }
            let _ = write!(s, "<li>{}", esc(item));
            open = true;
        } else if !line.trim().is_empty() {
            let _ = write!(s, "<span class=\"more\">{}</span>", esc(line.trim()));
        }
    }
    if open {
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n");
    s
}

/// The inputs with their SHA-256, and the jcm version.
fn inputs(page: &mut Page, inp: &super::provenance::InputsJson) {
    page.inputs_listed = true;
    let mut s = format!(
        "<h2>Inputs</h2>\n<p>Computed by jcm {}. Each file read, with its SHA-256:</p>\n<div class=\"wide\"><table>\n",
        esc(inp.jcm_version)
    );
    s.push_str(&thead(&["Role", "File", "SHA-256"]));
    s.push_str("<tbody>\n");
    for f in &inp.files {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"hash mono\">{}</td></tr>",
            esc(f.role),
            esc(&super::provenance::display_path(&f.path, f.bundled)),
            esc(&f.sha256)
        );
    }
    s.push_str("</tbody></table></div>\n");
    page.push(&s);
}

/// One key figure.
fn kpi(value: &str, label: &str) -> String {
    format!("<div class=\"kpi\"><div class=\"v\">{}</div><div class=\"l\">{}</div></div>\n", esc(value), esc(label))
}

/// The anchor of the `k`-th project of a portfolio page.
pub fn anchor(k: usize) -> String {
    format!("project-{}", k + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(esc("a<b & \"c\"\u{7}"), "a&lt;b &amp; &quot;c&quot;\u{FFFD}");
        assert_eq!(esc("see https://jcm.go.jp/x: HTTP://a"), "see https&#58;//jcm.go.jp/x: HTTP&#58;//a");
        assert_eq!(party_label("japan_government"), "Government of Japan");
    }

    #[test]
    fn rules_keep_their_continuations() {
        let html = rules("- allocation: 50/50\n  source: a <notification>\n- vintages: by days\n");
        assert_eq!(
            html,
            "<ul class=\"rules\">\n<li>allocation: 50/50<span class=\"more\">source: a &lt;notification&gt;</span></li>\n<li>vintages: by days</li>\n</ul>\n"
        );
    }
}
