//! [values] and the project parameters: every name in [values] is one the methodology lets a
//! project set, every project parameter has a value (for the project or at each point), every
//! table lookup finds its key, and every value is within its bounds.

use super::model::{Attr, Point};
use super::raw::RawProject;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::methodology::model::Kind;
use crate::methodology::{self, Methodology};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;

/// The values of [values] whose names the methodology knows.
pub fn build(raw: &RawProject, m: &Methodology, src: &Source, d: &mut Diags) -> BTreeMap<String, (Attr, Range<usize>)> {
    let lookup_words: Vec<&str> = m
        .symbols
        .iter()
        .filter_map(|s| match &s.kind {
            Kind::Fixed { by: Some(b), .. } if s.index.is_none() && m.symbol(b).is_none() => Some(b.as_str()),
            _ => None,
        })
        .collect();
    let mut values = BTreeMap::new();
    for (k, v) in &raw.values {
        let known = m.symbol(k).is_some_and(|(_, s)| matches!(s.kind, Kind::Project | Kind::Fixed { .. } | Kind::Choice { .. }))
            || lookup_words.contains(&k.as_str());
        if !known {
            let mut diag =
                Diagnostic::new(Code::UnknownName, format!("`{k}` is not a project or fixed parameter of {}", m.id)).at(src, v.span());
            let candidates = m
                .symbols
                .iter()
                .filter(|s| matches!(s.kind, Kind::Project | Kind::Fixed { .. } | Kind::Choice { .. }))
                .map(|s| s.name.as_str());
            if let Some(s) = methodology::load::suggest(k, candidates) {
                diag = diag.hint(format!("did you mean `{s}`?"));
            } else if let Some((_, s)) = m.symbol(k) {
                diag = diag.hint(format!("`{k}` is {} and cannot be set in [values]", s.kind_name()));
            }
            d.push(diag);
            continue;
        }
        if let Some(a) = d.take(attr(v, src).map_err(Failure::one)) {
            values.insert(k.clone(), (a, v.span()));
        }
    }
    values
}

/// Every project parameter has a value, every lookup finds its key, every value is in bounds.
pub fn check(
    m: &Methodology,
    points: &[Point],
    values: &BTreeMap<String, (Attr, Range<usize>)>,
    src: &Source,
    at: Range<usize>,
    d: &mut Diags,
) {
    for s in &m.symbols {
        let in_bounds = |v: Decimal, span: Range<usize>, d: &mut Diags| {
            if let Some(why) = s.bounds.violation(v) {
                d.push(Diagnostic::new(Code::OutOfBounds, format!("{} = {} is {why}", s.name, v.normalize())).at(src, span));
            }
        };
        let number = |a: &(Attr, Range<usize>), what: &str, d: &mut Diags| match &a.0 {
            Attr::Num(x) => Some(*x),
            Attr::Text(t) => {
                d.push(Diagnostic::new(Code::BadNumber, format!("{what} must be a number, found \"{t}\"")).at(src, a.1.clone()));
                None
            }
        };
        match (&s.kind, s.index) {
            (Kind::Project, None) => match values.get(&s.name) {
                Some(a) => {
                    if let Some(x) = number(a, &s.name, d) {
                        in_bounds(x, a.1.clone(), d);
                    }
                }
                None => d.push(
                    Diagnostic::new(Code::MissingValue, format!("project parameter `{}` ({}) has no value", s.name, s.unit))
                        .at(src, at.clone())
                        .hint(format!(
                            "add it under [values]: {} = …{}",
                            s.name,
                            s.description.as_ref().map(|t| format!("  # {t}")).unwrap_or_default()
                        )),
                ),
            },
            (Kind::Project, Some(ix)) => {
                for p in points.iter().filter(|p| p.index == ix) {
                    match p.attrs.get(&s.name) {
                        Some(a) => {
                            if let Some(x) = number(a, &format!("{} of point {}", s.name, p.id), d) {
                                in_bounds(x, a.1.clone(), d);
                            }
                        }
                        None => d.push(
                            Diagnostic::new(Code::MissingValue, format!("point `{}` has no value for `{}` ({})", p.id, s.name, s.unit))
                                .at(src, p.span.clone())
                                .hint(format!("add {} = … to this [[points]] entry", s.name)),
                        ),
                    }
                }
            }
            (Kind::Fixed { default, by, table, .. }, ix) => {
                if let Some(a) = values.get(&s.name) {
                    if let Some(x) = number(a, &s.name, d) {
                        in_bounds(x, a.1.clone(), d);
                        d.push(
                            Diagnostic::new(
                                Code::OverrideDefault,
                                format!("[values] overrides the methodology's value of `{}` with {}", s.name, x.normalize()),
                            )
                            .at(src, a.1.clone())
                            .hint("an override must be documented in the PDD; it is shown in the output"),
                        );
                    }
                }
                let Some(by) = by else { continue };
                if m.symbol(by).is_some_and(|(_, c)| matches!(c.kind, Kind::Category { .. } | Kind::Choice { .. })) {
                    continue; // picked per monitoring row by the recorded category, or by an option (checked with the options)
                }
                let keys = || table.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ");
                let check_key = |key: &(Attr, Range<usize>), whose: &str, d: &mut Diags| match &key.0 {
                    Attr::Text(t) if table.iter().any(|(k, _)| k == t) => {}
                    Attr::Text(t) => d.push(
                        Diagnostic::new(Code::UnknownName, format!("{whose}{by} = \"{t}\" is not in the table of `{}`", s.name))
                            .at(src, key.1.clone())
                            .hint(format!("the methodology defines {}", keys())),
                    ),
                    Attr::Num(_) => {
                        d.push(Diagnostic::new(Code::TomlSchema, format!("{whose}{by} must be one of {}", keys())).at(src, key.1.clone()));
                    }
                };
                match ix {
                    Some(ix) => {
                        for p in points.iter().filter(|p| p.index == ix) {
                            if p.attrs.contains_key(&s.name) {
                                continue;
                            }
                            match p.attrs.get(by) {
                                Some(key) => check_key(key, &format!("point {}: ", p.id), d),
                                None if default.is_some() => {}
                                None => d.push(
                                    Diagnostic::new(
                                        Code::MissingValue,
                                        format!("point `{}` has no `{by}`, which picks `{}` from the methodology's table", p.id, s.name),
                                    )
                                    .at(src, p.span.clone())
                                    .hint(format!("add {by} = one of {}", keys())),
                                ),
                            }
                        }
                    }
                    None if values.contains_key(&s.name) => {}
                    None => match values.get(by) {
                        Some(key) => check_key(key, "", d),
                        None if default.is_some() => {}
                        None => d.push(
                            Diagnostic::new(
                                Code::MissingValue,
                                format!("[values] has no `{by}`, which picks `{}` from the methodology's table", s.name),
                            )
                            .at(src, at.clone())
                            .hint(format!("add {by} = one of {}", keys())),
                        ),
                    },
                }
            }
            _ => {}
        }
    }
    let n_indexes = m.indexes.len();
    if n_indexes > 0 && points.is_empty() {
        d.push(
            Diagnostic::new(
                Code::MissingValue,
                format!("methodology {} sums over {}s, but the project declares no [[points]]", m.id, m.indexes[0].label),
            )
            .at(src, at)
            .hint("add a [[points]] entry with an id for each monitoring point"),
        );
    }
}

/// A point attribute or a value: a quantity, or a word.
pub fn attr(v: &toml::Spanned<toml::Value>, src: &Source) -> Result<Attr, Diagnostic> {
    match v.get_ref() {
        toml::Value::String(s) => match crate::engine::number::parse_text(s) {
            // A string that reads as a quantity is a quantity ("50%", "0.533"); others are words.
            Ok(x) if s.trim().starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') => Ok(Attr::Num(x)),
            _ => Ok(Attr::Text(s.clone())),
        },
        _ => crate::tomlx::decimal(v, src).map(Attr::Num),
    }
}
