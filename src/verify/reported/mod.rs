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

mod json;

use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::allocation::Party;
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

/// The issuance keys of `$raw` (a period or the whole file: both name them alike).
macro_rules! raw_issuance {
    ($raw:expr) => {
        RawIssuance {
            counts: [
                (Figure::Reserve, $raw.reserve.as_ref()),
                (Figure::Party(Party::JapanGovernment), $raw.japan_government.as_ref()),
                (Figure::Party(Party::PartnerGovernment), $raw.partner_government.as_ref()),
                (Figure::Party(Party::ProjectParticipants), $raw.project_participants.as_ref()),
                (Figure::Party(Party::PartnerAndParticipants), $raw.partner_and_participants.as_ref()),
                (Figure::CorrespondingAdjustment, $raw.corresponding_adjustment.as_ref()),
            ],
            itmo: $raw.itmo.as_ref(),
        }
    };
}

impl RawIssuance<'_> {
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
    if src.text.trim_start().starts_with('{') { json::from_json(src, project_id) } else { from_toml(src) }
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
        raw_issuance!(r).read(&src, &mut d, &mut figures);
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
    raw_issuance!(raw).read(&src, &mut d, &mut total);
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
