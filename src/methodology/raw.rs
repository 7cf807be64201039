//! The methodology TOML as written: serde structs that mirror the file, with spans kept for
//! every value a later check may need to point at. No validation happens here.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMethodology {
    pub methodology: RawHeader,
    #[serde(default)]
    pub indexes: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub parameters: BTreeMap<String, Spanned<RawParam>>,
    #[serde(default)]
    pub equations: BTreeMap<String, Spanned<RawEquation>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub id: Spanned<String>,
    pub version: Spanned<toml::Value>,
    pub title: Option<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    pub source: Option<String>,
    pub fidelity: Option<Spanned<String>>,
    pub description: Option<String>,
    /// The family the methodology belongs to (solar PV, high-efficiency equipment, …).
    pub family: Option<String>,
    /// Sectoral scope as on jcm.go.jp, e.g. "1. Energy industries".
    pub sectoral_scope: Option<String>,
    /// "reduction" (default) or "removal": what ER measures.
    pub mitigation: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    pub description: Option<String>,
    /// Required, except for an option or a categorical parameter (words have no unit).
    pub unit: Option<Spanned<String>>,
    pub kind: Spanned<String>,
    pub index: Option<Spanned<String>>,
    pub aggregate: Option<Spanned<String>>,
    /// Monitoring option: `"C"`, or several allowed: `["B", "C"]`.
    pub option: Option<Spanned<toml::Value>>,
    pub min: Option<Spanned<toml::Value>>,
    pub max: Option<Spanned<toml::Value>>,
    pub default: Option<Spanned<toml::Value>>,
    pub by: Option<Spanned<String>>,
    pub table: Option<BTreeMap<String, Spanned<RawEntry>>>,
    /// Where the parameter's values come from (a document and page, a URL).
    pub source: Option<String>,
    /// "published" (quoted from an official or registered document) or "assumed".
    pub status: Option<Spanned<String>>,
    /// A monitored parameter recorded as a word, e.g. the category of a day: word → meaning.
    pub categories: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    /// The choices of an option (`kind = "option"`): word → meaning.
    pub choices: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEquation {
    pub expr: Spanned<String>,
    pub unit: Spanned<String>,
    pub description: Option<String>,
    pub index: Option<Spanned<String>>,
    /// "period" (default): evaluated once per monitoring period; "row": evaluated for every
    /// monitoring-CSV row from that row's values, and summed over the period.
    pub per: Option<Spanned<String>>,
}

/// A table entry as written: a number (its literal text is read from the span), or
/// `{ value = …, source = "…", status = "…" }`.
#[derive(Debug)]
pub enum RawEntry {
    Value(toml::Value),
    Detailed(RawDetailedEntry),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDetailedEntry {
    pub value: Spanned<toml::Value>,
    pub source: Option<String>,
    pub status: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, or { value = …, source = \"…\", status = \"published\" }")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawEntry, E> {
                Ok(RawEntry::Value(toml::Value::Integer(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawEntry, E> {
                i64::try_from(v).map(|v| RawEntry::Value(toml::Value::Integer(v))).map_err(|_| E::custom("number too large"))
            }
            // Only a marker: the value is read exactly from its literal text, never from the f64.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawEntry, E> {
                Ok(RawEntry::Value(toml::Value::Float(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawEntry, E> {
                Ok(RawEntry::Value(toml::Value::String(v.to_string())))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawEntry, E> {
                Ok(RawEntry::Value(toml::Value::Boolean(v)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawEntry, A::Error> {
                RawDetailedEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(RawEntry::Detailed)
            }
        }
        d.deserialize_any(Visitor)
    }
}
