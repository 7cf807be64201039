//! Proposing what a heading of a monitoring file stands for: `date`, `point`, or a monitored
//! parameter with the unit the heading names (`売電量 (kWh)` → `EG [kWh]`), matched by symbol,
//! by unit and by the parameter's description. Used by `jcm new --from` to propose
//! `[monitoring.columns]`, and by the reader's hint for a heading it does not know. A proposal
//! is a guess the user confirms: it never changes how a file is read.

use crate::engine::units::parse_unit;
use crate::methodology::Methodology;
use crate::methodology::model::Kind;

/// What a heading may stand for, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// `date`, `point` or `SYMBOL [unit]`; `None` when the user must choose.
    pub target: Option<String>,
    pub why: String,
}

/// Words of a date heading (English and Japanese, as Excel templates write them).
const DATE_WORDS: &[&str] = &["date", "day", "time", "timestamp", "日付", "年月日", "日時", "計測日", "日"];
/// Words of a monitoring point's heading.
const POINT_WORDS: &[&str] = &["point", "meter", "site", "system", "地点", "計測地点", "設備", "メーター", "系統"];
/// Japanese words of headings and the English stems a parameter's description uses for them.
const GLOSSARY: &[(&str, &str)] = &[
    ("発電", "generat"),
    ("売電", "electricity"),
    ("電力", "electricity"),
    ("電気", "electricity"),
    ("消費", "consum"),
    ("燃料", "fuel"),
    ("軽油", "diesel"),
    ("ディーゼル", "diesel"),
    ("ガス", "gas"),
    ("蒸気", "steam"),
    ("熱", "heat"),
    ("冷凍", "refrigerat"),
    ("冷蔵", "refrigerat"),
    ("チラー", "chiller"),
    ("冷水", "chill"),
    ("運転時間", "hour"),
    ("送電", "transmi"),
    ("損失", "loss"),
    ("充電", "charg"),
    ("放電", "discharg"),
    ("蓄電池", "battery"),
    ("太陽光", "pv"),
    ("注入", "inject"),
    ("回収", "captur"),
    ("メタン", "methane"),
    ("廃棄物", "waste"),
];

/// A heading split into its name and the unit it names, if any: `売電量 (kWh)`, `EG [kWh]`,
/// `売電量（kWh）` and `売電量 kWh` all name kWh.
pub fn split_unit(heading: &str) -> (&str, Option<&str>) {
    let h = heading.trim();
    for (open, close) in [("[", "]"), ("(", ")"), ("（", "）")] {
        if let Some(i) = h.rfind(open) {
            let inner = h[i + open.len()..].trim_end().trim_end_matches(close).trim();
            if parse_unit(inner).is_ok() {
                return (h[..i].trim(), Some(inner));
            }
        }
    }
    if let Some((name, last)) = h.rsplit_once(' ') {
        if parse_unit(last).is_ok() && !name.trim().is_empty() {
            return (name.trim(), Some(last));
        }
    }
    (h, None)
}

/// Whether a heading is written as jcm's own columns are: an identifier, possibly with a unit
/// in brackets (`EG_PJ [kWh]`), rather than a label (`売電量 (kWh)`).
pub fn is_symbol_like(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What `heading` may stand for in methodology `m`.
pub fn propose(m: &Methodology, heading: &str) -> Proposal {
    let (name, unit) = split_unit(heading);
    let lower = name.to_lowercase();
    let with_unit = |sym: &str, param_unit: &str| match unit {
        Some(u) if u != param_unit => format!("{sym} [{u}]"),
        _ => sym.to_string(),
    };
    if unit.is_none() && DATE_WORDS.iter().any(|w| lower == *w || (w.chars().count() > 1 && lower.contains(w))) {
        return Proposal { target: Some("date".into()), why: "a date heading".into() };
    }
    if unit.is_none() && POINT_WORDS.iter().any(|w| lower == *w || lower.contains(w)) {
        return Proposal { target: Some("point".into()), why: "a point heading (its cells are [[points]] ids)".into() };
    }
    let params: Vec<_> = m.symbols.iter().filter(|s| matches!(s.kind, Kind::Monitored { .. } | Kind::Category { .. })).collect();
    if let Some(s) = params.iter().find(|s| s.name == name || s.name.eq_ignore_ascii_case(name)) {
        return Proposal { target: Some(with_unit(&s.name, &s.unit.text)), why: format!("the symbol of {}", describe(s)) };
    }
    // By unit: the parameters the heading's unit converts to.
    let by_unit: Vec<_> = match unit.and_then(|u| parse_unit(u).ok()) {
        Some(u) => params.iter().filter(|s| u.factor_to(&s.unit).is_some()).copied().collect(),
        None => params.clone(),
    };
    let scored: Vec<(usize, _)> = by_unit.iter().map(|s| (score(&lower, s.description.as_deref().unwrap_or("")), *s)).collect();
    let best = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let top: Vec<_> = scored.iter().filter(|(n, _)| *n == best).map(|(_, s)| *s).collect();
    match (unit, best, top.as_slice()) {
        (Some(u), 0, [s]) => Proposal {
            target: Some(with_unit(&s.name, &s.unit.text)),
            why: format!("the only monitored parameter in {u}'s dimension: {}", describe(s)),
        },
        (Some(_), n, [s]) if n > 0 => {
            Proposal { target: Some(with_unit(&s.name, &s.unit.text)), why: format!("unit and description: {}", describe(s)) }
        }
        (None, n, [s]) if n > 0 => Proposal { target: Some(s.name.clone()), why: format!("description: {}", describe(s)) },
        (Some(u), _, many) if !many.is_empty() => {
            let names: Vec<&str> = many.iter().map(|s| s.name.as_str()).collect();
            Proposal { target: None, why: format!("in {u}: one of {}; your choice", names.join(", ")) }
        }
        _ => Proposal { target: None, why: "no parameter matched: map it to one, or leave it out (the column is not used)".into() },
    }
}

fn describe(s: &crate::methodology::model::Symbol) -> String {
    match &s.description {
        Some(d) => format!("{} ({d}, {})", s.name, s.unit),
        None => format!("{} ({})", s.name, s.unit),
    }
}

/// How many of a heading's words a description uses: English words of three letters or more,
/// and Japanese words through [`GLOSSARY`].
fn score(heading: &str, description: &str) -> usize {
    let desc = description.to_lowercase();
    let english = heading.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| w.len() >= 3 && desc.contains(*w)).count();
    let japanese = GLOSSARY.iter().filter(|(ja, en)| heading.contains(ja) && desc.contains(en)).count();
    english + japanese
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_split_into_name_and_unit() {
        assert_eq!(split_unit("売電量 (kWh)"), ("売電量", Some("kWh")));
        assert_eq!(split_unit("売電量（MWh）"), ("売電量", Some("MWh")));
        assert_eq!(split_unit("EG [kWh]"), ("EG", Some("kWh")));
        assert_eq!(split_unit("EG kWh"), ("EG", Some("kWh")));
        assert_eq!(split_unit("備考 (memo)"), ("備考 (memo)", None));
        assert!(is_symbol_like("EG_PJ") && !is_symbol_like("売電量") && !is_symbol_like("EG PJ"));
    }

    #[test]
    fn proposes_by_symbol_unit_and_description() {
        let m = crate::methodology::bundled::get("JCM_TH_AM001").unwrap().unwrap();
        let p = |h| propose(&m, h).target;
        assert_eq!(p("日付").as_deref(), Some("date"));
        assert_eq!(p("計測地点").as_deref(), Some("point"));
        assert_eq!(p("EG [kWh]").as_deref(), Some("EG [kWh]"));
        assert_eq!(p("売電量 (kWh)").as_deref(), Some("EG [kWh]"));
        assert_eq!(p("備考"), None);
    }
}
