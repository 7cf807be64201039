//! Meter corrections (`[[corrections]]` in project.toml): when a calibration finds a meter's
//! error beyond its accuracy, the readings of that meter over a date range are corrected by the
//! size of the error, in the conservative direction (domain.md §2, [A]).
//!
//! This module mirrors the TOML and validates it against the methodology and the points. It
//! does not decide the direction: that comes from the methodology's equations and the period's
//! values (`compute::correct`), unless the entry says `direction` explicitly.

use super::base::Point;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::methodology::Methodology;
use crate::methodology::model::Kind;
use crate::tomlx;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// One `[[corrections]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrection {
    pub parameter: Spanned<String>,
    /// A point id; all points (and readings without a point) when absent.
    pub point: Option<Spanned<String>>,
    pub from: Spanned<toml::Value>,
    pub to: Spanned<toml::Value>,
    /// The size of the error, e.g. "2%"; its sign is ignored.
    pub error: Spanned<toml::Value>,
    /// "down" (× (1 − error)) or "up" (× (1 + error)); inferred from the methodology when absent.
    pub direction: Option<Spanned<String>>,
    /// Why: the calibration report, its date and finding.
    pub reason: Option<String>,
}

/// Which way a correction moves the readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Multiply by (1 − error): for a parameter that raises ER.
    Down,
    /// Multiply by (1 + error): for a parameter that lowers ER.
    Up,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Down => "down",
            Direction::Up => "up",
        }
    }

    /// The factor each corrected reading is multiplied by.
    pub fn factor(self, error: Decimal) -> Decimal {
        match self {
            Direction::Down => Decimal::ONE - error,
            Direction::Up => Decimal::ONE + error,
        }
    }
}

/// A validated correction.
#[derive(Debug, Clone)]
pub struct Correction {
    /// The monitored parameter's symbol id.
    pub sym: usize,
    pub parameter: String,
    /// The point (index into the project's points), or every point.
    pub point: Option<usize>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The size of the error, 0 < error < 1.
    pub error: Decimal,
    /// Set when the entry says which way; otherwise inferred.
    pub direction: Option<Direction>,
    pub reason: Option<String>,
    /// The `[[corrections]]` entry, for diagnostics.
    pub span: Range<usize>,
}

/// A fraction as a percentage (`0.02` is `2%`); one too large to scale is shown as it is, since
/// the error is the user's number and may be anything up to the largest decimal.
fn percent(e: Decimal) -> String {
    match e.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => e.normalize().to_string(),
    }
}

fn bad(msg: impl Into<String>, src: &Source, span: Range<usize>) -> Diagnostic {
    Diagnostic::new(Code::BadCorrection, msg).at(src, span)
}

/// Validate every entry; problems go to `d`, valid entries are returned.
pub fn build(raw: &[Spanned<RawCorrection>], m: &Methodology, points: &[Point], src: &Source, d: &mut Diags) -> Vec<Correction> {
    let mut out: Vec<Correction> = Vec::new();
    for entry in raw {
        let span = entry.span();
        let r = entry.get_ref();
        let name = r.parameter.get_ref();
        let sym = match m.symbol(name) {
            Some((id, s)) if matches!(s.kind, Kind::Monitored { .. }) => Some(id),
            Some((_, s)) => {
                d.push(
                    bad(
                        format!("`{name}` is a {} parameter; corrections apply to monitored readings", s.kind_name()),
                        src,
                        r.parameter.span(),
                    )
                    .hint("a meter correction changes the readings of a monitored parameter (a column of the monitoring CSV)"),
                );
                None
            }
            None => {
                let monitored = m.monitored().map(|(_, s)| s.name.as_str());
                let hint = match crate::methodology::load::suggest(name, monitored) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "the monitored parameters of {} are {}",
                        m.id,
                        m.monitored().map(|(_, s)| s.name.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                };
                d.push(
                    Diagnostic::new(Code::UnknownName, format!("`{name}` is not a parameter of {}", m.id))
                        .at(src, r.parameter.span())
                        .hint(hint),
                );
                None
            }
        };
        let point = match &r.point {
            None => Some(None),
            Some(p) => match points.iter().position(|q| &q.id == p.get_ref()) {
                Some(k) => {
                    let index = sym.and_then(|s| m.symbols[s].index);
                    if index.is_some_and(|ix| points[k].index != ix) {
                        d.push(bad(format!("point `{}` is not one of the points {name} is measured at", p.get_ref()), src, p.span()));
                    }
                    Some(Some(k))
                }
                None => {
                    let known: Vec<&str> = points.iter().map(|q| q.id.as_str()).collect();
                    d.push(
                        Diagnostic::new(Code::UnknownPoint, format!("point `{}` is not declared in [[points]]", p.get_ref()))
                            .at(src, p.span())
                            .hint(format!("the points are {}", known.join(", "))),
                    );
                    None
                }
            },
        };
        let from = d.take(tomlx::date(&r.from, src).map_err(Failure::one));
        let mut to = d.take(tomlx::date(&r.to, src).map_err(Failure::one));
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                d.push(Diagnostic::new(Code::BadDate, format!("the correction ends ({t}) before it starts ({f})")).at(src, r.to.span()));
                to = None;
            }
        }
        let mut error = d.take(tomlx::decimal(&r.error, src).map_err(Failure::one)).map(|e| e.abs());
        if let Some(e) = error {
            if e.is_zero() || e >= Decimal::ONE {
                error = None;
                d.push(
                    bad(format!("an error of {} cannot be corrected for", percent(e)), src, r.error.span())
                        .hint("write the size of the error the calibration found, more than 0% and less than 100%, e.g. \"2%\""),
                );
            }
        }
        let direction = match r.direction.as_ref().map(|x| (x.get_ref().as_str(), x.span())) {
            None => Some(None),
            Some(("down", _)) => Some(Some(Direction::Down)),
            Some(("up", _)) => Some(Some(Direction::Up)),
            Some((other, at)) => {
                d.push(
                    bad(format!("direction `{other}` is not known"), src, at)
                        .hint("write \"down\" (readings × (1 − error)) or \"up\" (readings × (1 + error)), or leave it out to let the methodology decide"),
                );
                None
            }
        };
        let (Some(sym), Some(point), Some(from), Some(to), Some(error), Some(direction)) = (sym, point, from, to, error, direction) else {
            continue;
        };
        if let Some(o) =
            out.iter().find(|o| o.sym == sym && (o.point.is_none() || point.is_none() || o.point == point) && o.from <= to && from <= o.to)
        {
            d.push(
                bad(
                    format!("this correction and the one at line {} both cover readings of {name}", src.locate(o.span.clone()).line),
                    src,
                    span.clone(),
                )
                .hint("a reading is corrected once: make the date ranges (or points) of the two entries disjoint"),
            );
            continue;
        }
        out.push(Correction { sym, parameter: name.clone(), point, from, to, error, direction, reason: r.reason.clone(), span });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;
    use std::collections::BTreeMap;

    const METHODOLOGY: &str = "[methodology]\nid = \"T\"\nversion = \"1\"\n[indexes]\ni = \"PV system\"\n\
        [parameters.EG]\nunit = \"MWh\"\nkind = \"monitored\"\nindex = \"i\"\n[parameters.EF]\nunit = \"tCO2/MWh\"\nkind = \"fixed\"\ndefault = 0.5\n\
        [equations]\nRE = { expr = \"sum(i, EG[i]) * EF\", unit = \"tCO2\" }\nPE = { expr = \"0\", unit = \"tCO2\" }\nER = { expr = \"RE - PE\", unit = \"tCO2\" }\n";

    #[derive(Deserialize)]
    struct Doc {
        #[serde(default)]
        corrections: Vec<Spanned<RawCorrection>>,
    }

    fn build_from(text: &str) -> (Vec<Correction>, Vec<Code>) {
        let m = crate::methodology::load::load(Source::new("m.toml", METHODOLOGY)).unwrap();
        let points = vec![Point { id: "PV1".into(), index: 0, attrs: BTreeMap::new(), span: 0..0 }];
        let src = Source::new("project.toml", text.to_string());
        let doc: Doc = tomlx::parse(&src).unwrap();
        let mut d = Diags::default();
        let out = build(&doc.corrections, &m, &points, &src, &mut d);
        (out, d.items.iter().map(|x| x.code).collect())
    }

    #[test]
    fn a_valid_entry_keeps_its_size_and_dates() {
        let (c, codes) =
            build_from("[[corrections]]\nparameter = \"EG\"\npoint = \"PV1\"\nfrom = 2021-03-01\nto = 2021-06-30\nerror = \"-2.5%\"\n");
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!((c[0].error, c[0].point, c[0].direction), (dec("0.025"), Some(0), None));
        assert_eq!(Direction::Down.factor(c[0].error), dec("0.975"));
        assert_eq!(Direction::Up.factor(c[0].error), dec("1.025"));
    }

    #[test]
    fn every_problem_is_reported() {
        let cases = [
            ("parameter = \"EGG\"\nfrom = 2021-01-01\nto = 2021-02-01\nerror = \"2%\"", Code::UnknownName),
            ("parameter = \"EF\"\nfrom = 2021-01-01\nto = 2021-02-01\nerror = \"2%\"", Code::BadCorrection),
            ("parameter = \"EG\"\npoint = \"PV9\"\nfrom = 2021-01-01\nto = 2021-02-01\nerror = \"2%\"", Code::UnknownPoint),
            ("parameter = \"EG\"\nfrom = 2021-03-01\nto = 2021-02-01\nerror = \"2%\"", Code::BadDate),
            ("parameter = \"EG\"\nfrom = 2021-01-01\nto = 2021-02-01\nerror = \"100%\"", Code::BadCorrection),
            ("parameter = \"EG\"\nfrom = 2021-01-01\nto = 2021-02-01\nerror = 0", Code::BadCorrection),
            // Too large to show as a percentage: refused, not a panic.
            ("parameter = \"EG\"\nfrom = 2021-01-01\nto = 2021-02-01\nerror = \"79228162514264337593543950335\"", Code::BadCorrection),
            ("parameter = \"EG\"\nfrom = 2021-01-01\nto = 2021-02-01\nerror = \"2%\"\ndirection = \"sideways\"", Code::BadCorrection),
        ];
        for (entry, want) in cases {
            let (c, codes) = build_from(&format!("[[corrections]]\n{entry}\n"));
            assert_eq!(codes, vec![want], "{entry}");
            assert!(c.is_empty(), "{entry}");
        }
    }

    #[test]
    fn overlapping_entries_are_refused() {
        let e = "parameter = \"EG\"\nerror = \"1%\"\nto = 2021-06-30\n";
        let (c, codes) =
            build_from(&format!("[[corrections]]\n{e}from = 2021-01-01\n[[corrections]]\n{e}point = \"PV1\"\nfrom = 2021-06-30\n"));
        assert_eq!((c.len(), codes), (1, vec![Code::BadCorrection]));
        let (c, codes) = build_from(&format!(
            "[[corrections]]\n{e}from = 2021-01-01\n[[corrections]]\nparameter = \"EG\"\nerror = \"1%\"\nfrom = 2021-07-01\nto = 2021-08-01\n"
        ));
        assert_eq!((c.len(), codes.len()), (2, 0));
    }
}
