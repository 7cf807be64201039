//! The reported figures a verification compares against: the "Reported figures" TOML of
//! formats.md, or the JSON of `jcm calc --format json` from a second party's run.
//!
//! Every figure keeps the precision it was written with (the scale of the literal text: `8271.75`
//! has two decimals, `8129` none), because a figure matches when the recomputed value, rounded
//! to that precision, equals it. A bare TOML number is read from its literal text, never as f64.

use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::number;
use crate::tomlx;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// Which figure of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Figure {
    #[serde(rename = "RE")]
    Re,
    #[serde(rename = "PE")]
    Pe,
    #[serde(rename = "ER")]
    Er,
    #[serde(rename = "credits")]
    Credits,
}

impl Figure {
    pub fn name(self) -> &'static str {
        match self {
            Figure::Re => "RE",
            Figure::Pe => "PE",
            Figure::Er => "ER",
            Figure::Credits => "credits",
        }
    }
}

/// One reported number.
#[derive(Debug, Clone)]
pub struct Reported {
    pub figure: Figure,
    pub value: Decimal,
    /// Decimals written (0 for a whole number).
    pub scale: u32,
    /// The number as written.
    pub text: String,
    /// Where it is in the reported file (TOML only).
    pub span: Option<Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct ReportedPeriod {
    pub id: String,
    pub span: Option<Range<usize>>,
    pub figures: Vec<Reported>,
}

/// The input digests a second party's JSON report carries: (role, path, sha256).
pub type Digest = (String, String, String);

/// A reported-figures file, read.
#[derive(Debug, Clone)]
pub struct ReportedFile {
    pub src: Source,
    /// The project id the file says it is about, and where.
    pub project: Option<(String, Option<Range<usize>>)>,
    pub source: Option<String>,
    pub periods: Vec<ReportedPeriod>,
    /// From a JSON report: its input files, to compare with ours.
    pub digests: Vec<Digest>,
    pub jcm_version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    project: Option<Spanned<String>>,
    /// Where the figures come from (the monitoring report, its version and date).
    source: Option<String>,
    #[serde(default)]
    periods: Vec<Spanned<RawPeriod>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    id: Spanned<String>,
    #[serde(rename = "RE")]
    re: Option<Spanned<toml::Value>>,
    #[serde(rename = "PE")]
    pe: Option<Spanned<toml::Value>>,
    #[serde(rename = "ER")]
    er: Spanned<toml::Value>,
    credits: Option<Spanned<toml::Value>>,
}

/// Read a reported-figures file for a project: JSON when its text starts with `{`, TOML
/// otherwise.
pub fn read(src: Source, project_id: &str) -> Result<ReportedFile, Failure> {
    if src.text.trim_start().starts_with('{') { from_json(src, project_id) } else { from_toml(src) }
}

fn from_toml(src: Source) -> Result<ReportedFile, Failure> {
    let raw: RawFile = tomlx::parse(&src)?;
    let mut d = Diags::default();
    let mut periods: Vec<ReportedPeriod> = Vec::new();
    for p in &raw.periods {
        let r = p.get_ref();
        let id = r.id.get_ref().clone();
        if periods.iter().any(|q| q.id == id) {
            d.push(Diagnostic::new(Code::DuplicatePoint, format!("period `{id}` is reported twice")).at(&src, r.id.span()));
            continue;
        }
        let mut figures = Vec::new();
        for (figure, v) in
            [(Figure::Re, r.re.as_ref()), (Figure::Pe, r.pe.as_ref()), (Figure::Er, Some(&r.er)), (Figure::Credits, r.credits.as_ref())]
        {
            let Some(v) = v else { continue };
            if let Some(x) = d.take(number_at(v, &src, figure).map_err(Failure::one)) {
                figures.push(x);
            }
        }
        periods.push(ReportedPeriod { id, span: Some(r.id.span()), figures });
    }
    if raw.periods.is_empty() {
        d.push(
            Diagnostic::new(Code::BadReported, "the reported figures name no period")
                .in_file(src.path.clone())
                .hint("add [[periods]] with id = \"MP1\" and the figures RE, PE (optional) and ER"),
        );
    }
    d.finish()?;
    Ok(ReportedFile {
        project: raw.project.map(|p| (p.get_ref().clone(), Some(p.span()))),
        source: raw.source,
        periods,
        digests: Vec::new(),
        jcm_version: None,
        src,
    })
}

/// A figure from its literal text: a bare number or a string, never a percentage.
fn number_at(v: &Spanned<toml::Value>, src: &Source, figure: Figure) -> Result<Reported, Diagnostic> {
    let text = match v.get_ref() {
        toml::Value::String(s) => s.trim().to_string(),
        _ => src.text[v.span()].trim().to_string(),
    };
    if text.ends_with('%') {
        return Err(
            Diagnostic::new(Code::BadNumber, format!("{} is a quantity in tCO2, not a percentage", figure.name())).at(src, v.span())
        );
    }
    let value = tomlx::decimal(v, src)?;
    whole_credits(figure, value).map_err(|m| Diagnostic::new(Code::BadReported, m).at(src, v.span()))?;
    Ok(Reported { figure, value, scale: value.scale(), text, span: Some(v.span()) })
}

fn whole_credits(figure: Figure, value: Decimal) -> Result<(), String> {
    if figure == Figure::Credits && (!value.fract().is_zero() || value < Decimal::ZERO) {
        return Err(format!("credits are a whole, non-negative number, found {value}"));
    }
    Ok(())
}

fn from_json(src: Source, project_id: &str) -> Result<ReportedFile, Failure> {
    let bad = |m: String| Failure::one(Diagnostic::new(Code::BadReported, m).in_file(src.path.clone()));
    let doc: serde_json::Value = serde_json::from_str(&src.text).map_err(|e| {
        let text = src.text.lines().nth(e.line().saturating_sub(1)).map(str::to_string);
        let pos = crate::diag::Pos { line: e.line(), col: e.column().max(1), len: 1, text };
        Failure::one(Diagnostic::new(Code::BadReported, format!("not valid JSON: {e}")).with_pos(src.path.clone(), pos))
    })?;
    let id_of = |p: &serde_json::Value| p.pointer("/project/id").and_then(|v| v.as_str()).map(str::to_string);
    // `jcm calc` of several projects prints {"projects": [...]}: take the one being verified.
    let p = match doc.get("projects").and_then(|p| p.as_array()) {
        Some(list) => list.iter().find(|p| id_of(p).as_deref() == Some(project_id)).ok_or_else(|| {
            let ids: Vec<String> = list.iter().filter_map(id_of).collect();
            bad(format!("the JSON report has no project `{project_id}` (it has {})", ids.join(", ")))
        })?,
        None => &doc,
    };
    let list = p
        .get("periods")
        .and_then(|v| v.as_array())
        .ok_or_else(|| bad("the JSON report has no `periods` (is it the output of `jcm calc --format json`?)".into()))?;
    let mut periods = Vec::new();
    for q in list {
        let pid = q.get("id").and_then(|v| v.as_str()).ok_or_else(|| bad("a period has no `id`".into()))?.to_string();
        let mut figures = Vec::new();
        for figure in [Figure::Re, Figure::Pe, Figure::Er, Figure::Credits] {
            let text = match q.get(figure.name()) {
                Some(serde_json::Value::String(s)) => s.clone(),
                // serde_json's `arbitrary_precision` keeps the literal: a figure never passes through f64.
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(_) => return Err(bad(format!("period {pid}: {} is not a number", figure.name()))),
                None => continue,
            };
            // A JSON number may have an exponent (2.0176e3); a string is a plain decimal.
            let parsed = if matches!(q.get(figure.name()), Some(serde_json::Value::Number(_))) {
                number::parse_toml_literal(&text)
            } else {
                number::parse_text(&text)
            };
            let value = parsed.map_err(|e| bad(format!("period {pid}: {}: {}", figure.name(), e.message)))?;
            whole_credits(figure, value).map_err(|m| bad(format!("period {pid}: {m}")))?;
            figures.push(Reported { figure, value, scale: value.scale(), text, span: None });
        }
        periods.push(ReportedPeriod { id: pid, span: None, figures });
    }
    let digests = p
        .pointer("/inputs/files")
        .and_then(|f| f.as_array())
        .map(|files| {
            let s = |f: &serde_json::Value, k: &str| f.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            files.iter().map(|f| (s(f, "role"), s(f, "path"), s(f, "sha256"))).collect()
        })
        .unwrap_or_default();
    let jcm_version = p.pointer("/inputs/jcm_version").and_then(|v| v.as_str()).map(str::to_string);
    Ok(ReportedFile { project: id_of(p).map(|id| (id, None)), source: None, periods, digests, jcm_version, src })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure_er(json: &str) -> Result<String, String> {
        let text = format!("{{\"project\": {{\"id\": \"P\"}}, \"periods\": [{{\"id\": \"MP1\", \"ER\": {json}}}]}}");
        match read(Source::new("r.json", text), "P") {
            Ok(r) => Ok(r.periods[0].figures[0].text.clone()),
            Err(f) => Err(f.0[0].message.clone()),
        }
    }

    #[test]
    fn json_numbers_are_read_exactly() {
        assert_eq!(figure_er("8271.75"), Ok("8271.75".into()));
        assert_eq!(figure_er("\"1234567890123456.7\""), Ok("1234567890123456.7".into()));
        assert_eq!(figure_er("123456789012345"), Ok("123456789012345".into()));
        // As an f64 this would be 1234567890123456.8; the literal text is kept instead.
        assert_eq!(figure_er("1234567890123456.7"), Ok("1234567890123456.7".into()));
        assert_eq!(figure_er("2017.550"), Ok("2017.550".into()), "the precision written is kept");
    }
}
