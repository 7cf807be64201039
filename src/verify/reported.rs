//! The reported figures a verification compares against: the "Reported figures" TOML of
//! formats.md, or the JSON of `jcm calc --format json` from a second party's run.
//!
//! Every figure keeps the precision it was written with (the scale of the literal text: `8271.75`
//! has two decimals, `8129` none), because a TOML figure matches when the recomputed value,
//! rounded to that precision, equals it. A second party's JSON carries every digit, so its
//! figures are compared at full precision ([`ReportedFile::full_precision`]). A bare TOML number
//! is read from its literal text, never as f64.
//!
//! Besides RE, PE, ER and credits, a report may give the issuance, per period and for the whole
//! report: the CCS reserve, each party's credits, the corresponding adjustment and whether
//! Japan's credits are ITMOs. These are whole credits (or true/false) and compared exactly.

use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::allocation::Party;
use crate::engine::number;
use crate::tomlx;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// Which figure of a period (or of the whole report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Figure {
    Re,
    Pe,
    Er,
    Credits,
    /// Credits deposited in the CCS reversal reserve.
    Reserve,
    /// Credits allocated to a party.
    Party(Party),
    /// Japan's ITMO credits, which the partner adjusts for.
    CorrespondingAdjustment,
    /// Japan's credits are ITMOs (true/false; the value is 1 or 0).
    Itmo,
}

impl Figure {
    pub fn name(self) -> &'static str {
        match self {
            Figure::Re => "RE",
            Figure::Pe => "PE",
            Figure::Er => "ER",
            Figure::Credits => "credits",
            Figure::Reserve => "reserve",
            Figure::Party(p) => p.key(),
            Figure::CorrespondingAdjustment => "corresponding_adjustment",
            Figure::Itmo => "itmo",
        }
    }

    /// `--tolerance` applies to RE, PE and ER only; credits and the issuance are compared
    /// exactly, whatever the tolerance.
    pub fn tolerated(self) -> bool {
        matches!(self, Figure::Re | Figure::Pe | Figure::Er)
    }

    /// A whole, non-negative number of credits.
    fn is_count(self) -> bool {
        !self.tolerated() && self != Figure::Itmo
    }
}

/// The parties an allocation may name (Party has no Deserialize to parse its words with).
const PARTIES: [Party; 4] = [Party::JapanGovernment, Party::PartnerGovernment, Party::ProjectParticipants, Party::PartnerAndParticipants];

/// One reported number.
#[derive(Debug, Clone)]
pub struct Reported {
    pub figure: Figure,
    /// The number; for `itmo`, 1 (true) or 0 (false).
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
    /// Figures for the whole report (all periods together): credits and the issuance.
    pub total: Vec<Reported>,
    /// A second party's JSON: every digit is there, so figures are compared exactly.
    pub full_precision: bool,
    /// From a JSON report: its input files, to compare with ours.
    pub digests: Vec<Digest>,
    pub jcm_version: Option<String>,
    /// From a JSON report: the methodology id and version it used.
    pub methodology: Option<(String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    project: Option<Spanned<String>>,
    /// Where the figures come from (the monitoring report, its version and date).
    source: Option<String>,
    /// All periods together.
    credits: Option<Spanned<toml::Value>>,
    reserve: Option<Spanned<toml::Value>>,
    japan_government: Option<Spanned<toml::Value>>,
    partner_government: Option<Spanned<toml::Value>>,
    project_participants: Option<Spanned<toml::Value>>,
    partner_and_participants: Option<Spanned<toml::Value>>,
    corresponding_adjustment: Option<Spanned<toml::Value>>,
    itmo: Option<Spanned<bool>>,
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
    reserve: Option<Spanned<toml::Value>>,
    japan_government: Option<Spanned<toml::Value>>,
    partner_government: Option<Spanned<toml::Value>>,
    project_participants: Option<Spanned<toml::Value>>,
    partner_and_participants: Option<Spanned<toml::Value>>,
    corresponding_adjustment: Option<Spanned<toml::Value>>,
    itmo: Option<Spanned<bool>>,
}

/// The issuance keys of a period or of the whole report, in the order they are shown.
struct RawIssuance<'a> {
    counts: [(Figure, Option<&'a Spanned<toml::Value>>); 6],
    itmo: Option<&'a Spanned<bool>>,
}

impl<'a> RawIssuance<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        reserve: Option<&'a Spanned<toml::Value>>,
        japan: Option<&'a Spanned<toml::Value>>,
        partner: Option<&'a Spanned<toml::Value>>,
        participants: Option<&'a Spanned<toml::Value>>,
        partner_and_participants: Option<&'a Spanned<toml::Value>>,
        adjustment: Option<&'a Spanned<toml::Value>>,
        itmo: Option<&'a Spanned<bool>>,
    ) -> Self {
        RawIssuance {
            counts: [
                (Figure::Reserve, reserve),
                (Figure::Party(Party::JapanGovernment), japan),
                (Figure::Party(Party::PartnerGovernment), partner),
                (Figure::Party(Party::ProjectParticipants), participants),
                (Figure::Party(Party::PartnerAndParticipants), partner_and_participants),
                (Figure::CorrespondingAdjustment, adjustment),
            ],
            itmo,
        }
    }

    /// Read every key given, into `figures`; problems into `d`.
    fn read(&self, src: &Source, d: &mut Diags, figures: &mut Vec<Reported>) {
        for (figure, v) in self.counts {
            let Some(v) = v else { continue };
            if let Some(x) = d.take(number_at(v, src, figure).map_err(Failure::one)) {
                figures.push(x);
            }
        }
        if let Some(b) = self.itmo {
            figures.push(flag(*b.get_ref(), Some(b.span())));
        }
    }
}

/// `itmo` as a figure: 1 for true, 0 for false.
fn flag(b: bool, span: Option<Range<usize>>) -> Reported {
    Reported { figure: Figure::Itmo, value: Decimal::from(u8::from(b)), scale: 0, text: b.to_string(), span }
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
        RawIssuance::new(
            r.reserve.as_ref(),
            r.japan_government.as_ref(),
            r.partner_government.as_ref(),
            r.project_participants.as_ref(),
            r.partner_and_participants.as_ref(),
            r.corresponding_adjustment.as_ref(),
            r.itmo.as_ref(),
        )
        .read(&src, &mut d, &mut figures);
        periods.push(ReportedPeriod { id, span: Some(r.id.span()), figures });
    }
    if raw.periods.is_empty() {
        d.push(
            Diagnostic::new(Code::BadReported, "the reported figures name no period")
                .in_file(src.path.clone())
                .hint("add [[periods]] with id = \"MP1\" and the figures RE, PE (optional) and ER"),
        );
    }
    let mut total = Vec::new();
    if let Some(v) = &raw.credits {
        if let Some(x) = d.take(number_at(v, &src, Figure::Credits).map_err(Failure::one)) {
            total.push(x);
        }
    }
    RawIssuance::new(
        raw.reserve.as_ref(),
        raw.japan_government.as_ref(),
        raw.partner_government.as_ref(),
        raw.project_participants.as_ref(),
        raw.partner_and_participants.as_ref(),
        raw.corresponding_adjustment.as_ref(),
        raw.itmo.as_ref(),
    )
    .read(&src, &mut d, &mut total);
    d.finish()?;
    Ok(ReportedFile {
        project: raw.project.map(|p| (p.get_ref().clone(), Some(p.span()))),
        source: raw.source,
        periods,
        total,
        full_precision: false,
        digests: Vec::new(),
        jcm_version: None,
        methodology: None,
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
        let what = if figure.tolerated() { "a quantity in tCO2" } else { "a number of credits" };
        return Err(Diagnostic::new(Code::BadNumber, format!("{} is {what}, not a percentage", figure.name())).at(src, v.span()));
    }
    let value = tomlx::decimal(v, src)?;
    whole_credits(figure, value).map_err(|m| Diagnostic::new(Code::BadReported, m).at(src, v.span()))?;
    Ok(Reported { figure, value, scale: value.scale(), text, span: Some(v.span()) })
}

fn whole_credits(figure: Figure, value: Decimal) -> Result<(), String> {
    if figure.is_count() && (!value.fract().is_zero() || value < Decimal::ZERO) {
        return Err(format!("{} is a whole, non-negative number of credits, found {value}", figure.name()));
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
        let at = |m: String| bad(format!("period {pid}: {m}"));
        let mut figures = Vec::new();
        for figure in [Figure::Re, Figure::Pe, Figure::Er, Figure::Credits, Figure::Reserve] {
            if let Some(v) = q.get(figure.name()) {
                figures.push(json_figure(figure, v).map_err(at)?);
            }
        }
        figures.extend(json_allocation(q.get("allocation")).map_err(at)?);
        match q.get("itmo") {
            Some(serde_json::Value::Bool(b)) => figures.push(flag(*b, None)),
            Some(_) => return Err(at("itmo is not true or false".into())),
            None => {}
        }
        periods.push(ReportedPeriod { id: pid, span: None, figures });
    }
    let mut total = Vec::new();
    if let Some(iss) = p.get("issuance") {
        let at = |m: String| bad(format!("issuance: {m}"));
        for figure in [Figure::Credits, Figure::Reserve] {
            if let Some(v) = iss.get(figure.name()) {
                total.push(json_figure(figure, v).map_err(at)?);
            }
        }
        total.extend(json_allocation(iss.get("allocation")).map_err(at)?);
        if let Some(v) = iss.get(Figure::CorrespondingAdjustment.name()) {
            total.push(json_figure(Figure::CorrespondingAdjustment, v).map_err(at)?);
        }
    }
    let digests = p
        .pointer("/inputs/files")
        .and_then(|f| f.as_array())
        .map(|files| {
            let s = |f: &serde_json::Value, k: &str| f.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            files.iter().map(|f| (s(f, "role"), s(f, "path"), s(f, "sha256"))).collect()
        })
        .unwrap_or_default();
    let text = |ptr: &str| p.pointer(ptr).and_then(|v| v.as_str()).map(str::to_string);
    let jcm_version = text("/inputs/jcm_version");
    let methodology = text("/project/methodology").map(|id| (id, text("/project/methodology_version").unwrap_or_default()));
    Ok(ReportedFile {
        project: id_of(p).map(|id| (id, None)),
        source: None,
        periods,
        total,
        full_precision: true,
        digests,
        jcm_version,
        methodology,
        src,
    })
}

/// One figure of a JSON report, from its literal text.
fn json_figure(figure: Figure, v: &serde_json::Value) -> Result<Reported, String> {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        // serde_json's `arbitrary_precision` keeps the literal: a figure never passes through f64.
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err(format!("{} is not a number", figure.name())),
    };
    // A JSON number may have an exponent (2.0176e3: its decimals are counted after it); a
    // string is a plain decimal.
    let parsed = if v.is_number() { number::parse_toml_literal(&text) } else { number::parse_text(&text) };
    let value = parsed.map_err(|e| format!("{}: {}", figure.name(), e.message))?;
    whole_credits(figure, value)?;
    Ok(Reported { figure, value, scale: value.scale(), text, span: None })
}

/// The credits of each party in an `allocation` array (a party's ITMO and other credits added up).
fn json_allocation(list: Option<&serde_json::Value>) -> Result<Vec<Reported>, String> {
    let Some(list) = list else { return Ok(Vec::new()) };
    let list = list.as_array().ok_or("allocation is not a list")?;
    let mut out: Vec<Reported> = Vec::new();
    for share in list {
        let key = share.get("party").and_then(|v| v.as_str()).ok_or("an allocation entry has no `party`")?;
        let party = PARTIES.into_iter().find(|p| p.key() == key).ok_or_else(|| format!("`{key}` is not a party"))?;
        let figure = Figure::Party(party);
        let credits = json_figure(figure, share.get("credits").ok_or("an allocation entry has no `credits`")?)?;
        match out.iter_mut().find(|r| r.figure == figure) {
            Some(r) => {
                r.value = r.value.checked_add(credits.value).ok_or("the allocation is too large to add up")?;
                r.text = r.value.to_string();
            }
            None => out.push(credits),
        }
    }
    Ok(out)
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

    #[test]
    fn the_issuance_is_read_from_toml_and_json() {
        let toml = "japan_government = 1009\nitmo = true\n[[periods]]\nid = \"MP1\"\nER = 2017\nreserve = 0\nproject_participants = \"1008\"\nitmo = false\n";
        let r = read(Source::new("r.toml", toml), "P").expect("toml");
        let names = |fs: &[Reported]| fs.iter().map(|f| format!("{}={}", f.figure.name(), f.text)).collect::<Vec<_>>();
        assert_eq!(names(&r.periods[0].figures), ["ER=2017", "reserve=0", "project_participants=1008", "itmo=false"]);
        assert_eq!(names(&r.total), ["japan_government=1009", "itmo=true"]);
        assert!(!r.full_precision);
        let bad = read(Source::new("r.toml", "japan_government = 10.5\n[[periods]]\nid = \"MP1\"\nER = 1\n"), "P");
        assert!(bad.is_err_and(|f| f.0[0].message.contains("whole")));
        let json = r#"{"project": {"id": "P", "methodology": "M", "methodology_version": "2"}, "periods": [{"id": "MP1", "ER": "5.5",
            "allocation": [{"party": "japan_government", "credits": 2, "itmo": true}, {"party": "japan_government", "credits": 1, "itmo": false}],
            "itmo": true}], "issuance": {"credits": 5, "reserve": 0, "allocation": [], "corresponding_adjustment": 2}}"#;
        let r = read(Source::new("r.json", json), "P").expect("json");
        assert_eq!(names(&r.periods[0].figures), ["ER=5.5", "japan_government=3", "itmo=true"]);
        assert_eq!(names(&r.total), ["credits=5", "reserve=0", "corresponding_adjustment=2"]);
        assert_eq!(r.methodology, Some(("M".into(), "2".into())));
        assert!(r.full_precision);
    }
}
