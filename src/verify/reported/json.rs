//! A second party's run as reported figures: the JSON of `jcm calc --format json`, read with
//! every digit (its figures are compared at full precision).

use super::{Figure, PARTIES, Reported, ReportedFile, ReportedPeriod, flag, whole_credits};
use crate::diag::{Code, Diagnostic, Failure, Source};
use crate::engine::number;

pub(super) fn from_json(src: Source, project_id: &str) -> Result<ReportedFile, Failure> {
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
    let value = parsed.map_err(|e| format!("{}: {e}", figure.name()))?;
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
