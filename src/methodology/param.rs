//! One parameter of a methodology file validated into a symbol: its kind (monitored, fixed,
//! project, option, category), unit, index, aggregate, bounds, defaults and tables, and its
//! monitoring options. Part of [`super::load`].

use super::model::{Aggregate, Bounds, Kind, Symbol};
use super::raw::RawParam;
use super::words;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::units::{Unit, parse_unit};
use crate::tomlx;
use std::ops::Range;
use toml::Spanned;

pub fn param(
    name: &str,
    p: &RawParam,
    span: Range<usize>,
    src: &Source,
    index_of: &dyn Fn(&Spanned<String>, &mut Diags) -> Option<usize>,
    d: &mut Diags,
) -> Option<Symbol> {
    let kind_text = p.kind.get_ref().as_str();
    let wordy = kind_text == "option" || (kind_text == "monitored" && p.categories.is_some());
    let unit = match (&p.unit, wordy) {
        (Some(u), false) => unit_at(src, u, d),
        (None, false) => {
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("parameter `{name}` has no `unit`"))
                    .at(src, span.clone())
                    .hint("write unit = \"MWh\" (or \"1\" for a ratio)"),
            );
            None
        }
        (Some(u), true) => {
            d.push(Diagnostic::new(Code::TomlSchema, format!("`{name}` takes words, which have no unit")).at(src, u.span()));
            None
        }
        (None, true) => Some(Unit::one()),
    };
    let index = p.index.as_ref().and_then(|s| index_of(s, d));
    let num =
        |v: &Option<Spanned<toml::Value>>, d: &mut Diags| v.as_ref().and_then(|v| d.take(tomlx::decimal(v, src).map_err(Failure::one)));
    let bounds = Bounds { min: num(&p.min, d), max: num(&p.max, d) };
    let provenance = super::provenance::of_param(name, p, span.clone(), src, d);
    let misplaced = |what: &str, present: bool, kind: &str, at: Option<Range<usize>>, d: &mut Diags| {
        if present {
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("`{what}` does not apply to a {kind} parameter"))
                    .at(src, at.unwrap_or(span.clone())),
            );
        }
    };
    if kind_text != "monitored" {
        misplaced("categories", p.categories.is_some(), kind_text, p.categories.as_ref().map(Spanned::span), d);
    }
    if kind_text != "option" {
        misplaced("choices", p.choices.is_some(), kind_text, p.choices.as_ref().map(Spanned::span), d);
    }
    let kind = match kind_text {
        "monitored" if p.categories.is_some() => {
            misplaced("aggregate", p.aggregate.is_some(), "categorical", p.aggregate.as_ref().map(Spanned::span), d);
            misplaced("min", p.min.is_some(), "categorical", p.min.as_ref().map(Spanned::span), d);
            misplaced("max", p.max.is_some(), "categorical", p.max.as_ref().map(Spanned::span), d);
            misplaced("default", p.default.is_some(), "categorical", p.default.as_ref().map(Spanned::span), d);
            let categories = words::parse(p.categories.as_ref(), name, "categories", src, d);
            Kind::Category { categories, options: monitoring_options(p, src, d) }
        }
        "option" => {
            for (what, present, at) in [
                ("aggregate", p.aggregate.is_some(), p.aggregate.as_ref().map(Spanned::span)),
                ("option", p.option.is_some(), p.option.as_ref().map(Spanned::span)),
                ("index", p.index.is_some(), p.index.as_ref().map(Spanned::span)),
                ("by", p.by.is_some(), p.by.as_ref().map(Spanned::span)),
            ] {
                misplaced(what, present, "option", at, d);
            }
            let choices = words::parse(p.choices.as_ref(), name, "choices", src, d);
            let default = words::default_choice(p.default.as_ref(), &choices, name, src, d);
            Kind::Choice { choices, default }
        }
        "monitored" => {
            misplaced("default", p.default.is_some(), kind_text, p.default.as_ref().map(Spanned::span), d);
            misplaced("table", p.table.is_some(), kind_text, None, d);
            misplaced("by", p.by.is_some(), kind_text, p.by.as_ref().map(Spanned::span), d);
            let aggregate = match p.aggregate.as_ref().map(|a| (a.get_ref().as_str(), a.span())) {
                None | Some(("sum", _)) => Aggregate::Sum,
                Some(("mean", _)) => Aggregate::Mean,
                Some(("min", _)) => Aggregate::Min,
                Some(("max", _)) => Aggregate::Max,
                Some((other, at)) => {
                    d.push(
                        Diagnostic::new(Code::TomlSchema, format!("aggregate `{other}` is not known"))
                            .at(src, at)
                            .hint("write sum, mean, min or max"),
                    );
                    Aggregate::Sum
                }
            };
            let options = monitoring_options(p, src, d);
            Kind::Monitored { aggregate, options }
        }
        "fixed" => {
            misplaced("aggregate", p.aggregate.is_some(), kind_text, p.aggregate.as_ref().map(Spanned::span), d);
            misplaced("option", p.option.is_some(), kind_text, p.option.as_ref().map(Spanned::span), d);
            let default = num(&p.default, d);
            let (table, entries) = match &p.table {
                Some(t) => super::provenance::table(name, t, &provenance, src, d),
                None => (Vec::new(), Vec::new()),
            };
            match (&p.by, p.table.is_some(), default.is_some()) {
                (Some(_), false, _) => {
                    d.push(Diagnostic::new(Code::TomlSchema, format!("`{name}` has `by` but no `table`")).at(src, span.clone()));
                }
                (None, true, _) => d.push(
                    Diagnostic::new(
                        Code::TomlSchema,
                        format!("`{name}` has a `table` but no `by` naming the attribute that picks from it"),
                    )
                    .at(src, span.clone()),
                ),
                (None, false, false) if p.default.is_none() => d.push(
                    Diagnostic::new(Code::MissingEquation, format!("fixed parameter `{name}` has no value"))
                        .at(src, span.clone())
                        .hint("give it a `default`, or a `table` with `by`"),
                ),
                _ => {}
            }
            Kind::Fixed { default, by: p.by.as_ref().map(|b| b.get_ref().clone()), table, entries }
        }
        "project" => {
            misplaced("aggregate", p.aggregate.is_some(), kind_text, p.aggregate.as_ref().map(Spanned::span), d);
            misplaced("option", p.option.is_some(), kind_text, p.option.as_ref().map(Spanned::span), d);
            misplaced("table", p.table.is_some(), kind_text, None, d);
            misplaced("by", p.by.is_some(), kind_text, p.by.as_ref().map(Spanned::span), d);
            misplaced("default", p.default.is_some(), kind_text, p.default.as_ref().map(Spanned::span), d);
            Kind::Project
        }
        other => {
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("kind `{other}` is not known"))
                    .at(src, p.kind.span())
                    .hint("write monitored, fixed, project or option"),
            );
            return None;
        }
    };
    Some(Symbol { name: name.to_string(), description: p.description.clone(), provenance, unit: unit?, index, kind, bounds, span })
}

/// The monitoring option(s) of a monitored parameter: "A", "B", "C" or a list of them.
fn monitoring_options(p: &RawParam, src: &Source, d: &mut Diags) -> Vec<String> {
    let Some(v) = &p.option else { return Vec::new() };
    let list: Vec<String> = match v.get_ref() {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        _ => vec![String::new()],
    };
    if list.is_empty() || list.iter().any(|o| !matches!(o.as_str(), "A" | "B" | "C")) {
        d.push(
            Diagnostic::new(Code::TomlSchema, "the monitoring option must be \"A\", \"B\" or \"C\" (or a list of them)")
                .at(src, v.span())
                .hint("A: public data; B: transaction records such as invoices; C: the participants' own meters"),
        );
    }
    list
}

/// A unit written in the file, or a located error.
pub fn unit_at(src: &Source, s: &Spanned<String>, d: &mut Diags) -> Option<Unit> {
    match parse_unit(s.get_ref()) {
        Ok(u) => Some(u),
        Err(e) => {
            let span = tomlx::inner_span(src, s.span(), s.get_ref(), e.offset..s.get_ref().len());
            d.push(Diagnostic::new(Code::UnknownUnit, e.to_string()).at(src, span).hint(
                "units are MWh, kWh, GWh, GJ, MJ, TJ, t, kg, tCO2, kgCO2, tCO2e, tCH4, kL, L, m3, Nm3, h, d, kW, MW, JPY, USD, ohm, 1, and products or quotients of them (tCO2/MWh)",
            ));
            None
        }
    }
}
