//! The trace behind `--explain`: for each period, every input with its value(s) and where each
//! came from (CSV column and rows, methodology default or table key, project value, meter
//! correction), every equation in evaluation order with the values it read and its result, and
//! the steps from ER to credits, vintages and allocation; in a CCS project also the
//! net-reduction method where it applies and the reserve deposit. Built once from a calculation, then
//! rendered as text ([`super::explain`]) or serialized into the JSON report.
//!
//! The trace only reads what the calculation kept ([`crate::compute::PeriodResult::bound`]); it
//! computes nothing, so it cannot disagree with the figures it explains.

mod shape;

use super::exact;
use crate::compute::bind::Origin;
use crate::compute::ccs::CcsPeriod;
use crate::compute::correct::Applied;
use crate::compute::{Calculation, PeriodResult};
use crate::engine::ccs::Target;
use crate::engine::eval::Value;
use crate::inputs::Role;
use crate::methodology::model::{Kind, Provenance, Symbol};
use crate::project::Project;
use rust_decimal::Decimal;
pub use shape::*;

/// The trace of every period of a calculation.
pub fn build(project: &Project, calc: &Calculation) -> Vec<PeriodTrace> {
    calc.periods.iter().map(|p| period(project, calc, p)).collect()
}

fn index_name(project: &Project, s: &Symbol) -> Option<String> {
    s.index.map(|ix| project.methodology.indexes[ix].name.clone())
}

/// The point ids of a symbol's values, in value order (`[None]` for a scalar).
pub fn point_ids(project: &Project, s: &Symbol) -> Vec<Option<String>> {
    match s.index {
        Some(ix) => project.points_of(ix).into_iter().map(|p| Some(project.points[p].id.clone())).collect(),
        None => vec![None],
    }
}

fn values_of(v: Option<&Value>) -> Vec<Decimal> {
    match v {
        Some(Value::Scalar(x)) => vec![*x],
        Some(Value::PerPoint(xs)) => xs.clone(),
        None => Vec::new(),
    }
}

fn period(project: &Project, calc: &Calculation, p: &PeriodResult) -> PeriodTrace {
    let m = &project.methodology;
    let files = calc.inputs.iter().filter(|f| f.role == Role::Monitoring).map(|f| f.path.as_str()).collect();
    let cx = Ctx { project, calc, period: p, files };
    let mut inputs = Vec::new();
    let mut equations = Vec::new();
    for (id, s) in m.symbols.iter().enumerate() {
        if s.equation().is_some() {
            continue;
        }
        let vals = values_of(p.bound.values[id].as_ref());
        let points = point_ids(project, s);
        let values = vals
            .iter()
            .zip(&points)
            .enumerate()
            .map(|(k, (v, point))| {
                let (source, readings, prov) = describe(&cx, id, s, k);
                let provenance = prov.filter(|p| !p.is_empty()).map(|p| ProvenanceTrace { source: p.source.clone(), status: p.status });
                ValueTrace { point: point.clone(), value: exact(*v), source, readings, provenance }
            })
            .collect();
        inputs.push(InputTrace {
            symbol: s.name.clone(),
            unit: s.unit.to_string(),
            kind: s.kind_name(),
            index: index_name(project, s),
            description: s.description.clone(),
            values,
        });
    }
    // RE or PE adjusted by a CCS method: the equation's own result is the value before.
    let adjusted = p.ccs.as_ref().and_then(|c| match c.method.target() {
        Target::Re => Some((m.re, c)),
        Target::Pe => Some((m.pe, c)),
        Target::Er => None,
    });
    for &id in &m.order {
        let s = &m.symbols[id];
        let Some(eq) = s.equation() else { continue };
        let points = point_ids(project, s);
        let net_reduction = adjusted.filter(|(a, _)| *a == id).map(|(_, c)| net_reduction(c));
        let vals = match adjusted {
            Some((a, c)) if a == id => vec![c.before],
            _ => values_of(p.bound.values[id].as_ref()),
        };
        let values = vals
            .iter()
            .zip(&points)
            .enumerate()
            .map(|(k, (v, point))| ResultTrace {
                point: point.clone(),
                substituted: if eq.per_row {
                    // A row equation is evaluated on each row's own values, not on the period's.
                    let rows = match p.bound.origins[id].as_ref() {
                        Some(crate::compute::bind::Origin::Readings { rows, .. }) => rows.get(k).map_or(0, |a| a.count),
                        _ => 0,
                    };
                    format!("the sum, over its {rows} monitoring rows, of {} with each row's own values", eq.expr.pretty())
                } else {
                    super::substitute::substitute(&eq.expr, project, &p.bound, p.days, s.index.map(|ix| (ix, k)))
                },
                value: exact(*v),
            })
            .collect();
        equations.push(EquationTrace {
            symbol: s.name.clone(),
            unit: s.unit.to_string(),
            index: index_name(project, s),
            description: s.description.clone(),
            expr: eq.expr.pretty(),
            reads: eq.deps.iter().map(|&d| m.symbols[d].name.clone()).collect(),
            values,
            net_reduction,
        });
    }
    PeriodTrace {
        period: p.id.clone(),
        start: p.start.to_string(),
        end: p.end.to_string(),
        days: p.days,
        inputs,
        equations,
        credits: CreditsTrace {
            er: exact(p.er),
            rounding: project.settings.credit_rounding.name(),
            negative: p.er < Decimal::ZERO,
            credits: p.credits,
            vintage_split: super::words::split_name(p.vintage_split),
            vintages: p
                .vintages
                .iter()
                .map(|v| VintageTrace {
                    year: v.year,
                    weight: exact(v.weight),
                    credits: v.credits,
                    reserve: (p.ccs.is_some() || p.buffer.is_some()).then_some(v.reserve),
                })
                .collect(),
            ccs: project.ccs.as_ref().zip(p.ccs.as_ref()).map(|(c, cp)| CcsCreditsTrace {
                net_reduction: (cp.method.target() == Target::Er).then(|| net_reduction(cp)),
                er_credited: exact(cp.credited_er),
                reserve_rate: exact(c.reserve_rate),
                reserve_exact: exact(cp.reserve_exact),
                reserve_rounding: crate::engine::ccs::rounding_word(c.reserve_rounding),
                reserve: cp.reserve,
                for_allocation: cp.for_allocation,
            }),
            allocation_rule: super::words::allocation_rule(project),
            allocation: p.allocation.iter().map(|s| ShareTrace { party: s.party, credits: s.credits, itmo: s.itmo }).collect(),
        },
    }
}

fn net_reduction(c: &CcsPeriod) -> NetReductionTrace {
    NetReductionTrace {
        method: c.method.name(),
        number: c.method.number(),
        formula: super::words::formula(c.method),
        before: exact(c.before),
        after: exact(c.after),
        effect: exact(c.effect),
    }
}

/// The corrections (1-based) that touch a parameter at a point within a period.
fn corrections_for(applied: &[Applied], sym: usize, point: Option<usize>, p: &PeriodResult) -> Vec<usize> {
    applied
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            let c = &a.correction;
            c.sym == sym && (c.point.is_none() || point.is_none() || c.point == point) && c.from <= p.end && p.start <= c.to
        })
        .map(|(k, _)| k + 1)
        .collect()
}

/// What `describe` reads besides the value itself.
struct Ctx<'a> {
    project: &'a Project,
    calc: &'a Calculation,
    period: &'a PeriodResult,
    /// Monitoring file paths, by the reader's file index.
    files: Vec<&'a str>,
}

/// Where value `k` of symbol `id` came from: words, the readings for a monitored value, and the
/// provenance of a value the methodology fixes.
fn describe<'a>(cx: &Ctx, id: usize, s: &'a Symbol, k: usize) -> (String, Option<ReadingsTrace>, Option<&'a Provenance>) {
    let (text, readings, prov) = origin_words(cx, id, s, k);
    match prov.and_then(Provenance::describe) {
        Some(p) => (format!("{text}; {p}"), readings, prov),
        None => (text, readings, prov),
    }
}

fn origin_words<'a>(cx: &Ctx, id: usize, s: &'a Symbol, k: usize) -> (String, Option<ReadingsTrace>, Option<&'a Provenance>) {
    let (project, calc, p, files) = (cx.project, cx.calc, cx.period, &cx.files);
    let origin = p.bound.origins[id].as_ref();
    let path = &project.src.path;
    match origin {
        Some(Origin::Readings { aggregate, columns, rows }) => {
            let Some(agg) = rows.get(k) else { return ("readings".into(), None, None) };
            let point = s.index.and_then(|ix| project.points_of(ix).get(k).copied());
            let file = |f: usize| files.get(f).map_or_else(|| format!("file {}", f + 1), |s| (*s).to_string());
            let first = LineRef { file: file(agg.first.0), line: agg.first.1 };
            let last = LineRef { file: file(agg.last.0), line: agg.last.1 };
            let one_file = first.file == last.file;
            let lines = match (one_file, first.line == last.line) {
                (true, true) => format!("line {}", first.line),
                (true, false) => format!("lines {}–{}", first.line, last.line),
                (false, _) => format!("line {} of {} to line {} of {}", first.line, first.file, last.line, last.file),
            };
            let n = if agg.count == 1 { "1 reading".to_string() } else { format!("{} readings", agg.count) };
            let cols: Vec<String> = columns.iter().map(|c| format!("`{c}`")).collect();
            let mut text = format!("{} of {n} in column {}, {lines}", aggregate.name(), cols.join(" and "));
            let corrections = corrections_for(&calc.corrections, id, point, p);
            if agg.corrected > 0 {
                let factors: Vec<String> =
                    corrections.iter().map(|&c| format!("× {} (meter correction {c})", exact(calc.corrections[c - 1].factor))).collect();
                text.push_str(&format!("; {} of them corrected {}", agg.corrected, factors.join(", ")));
            }
            let readings = ReadingsTrace {
                aggregate: aggregate.name(),
                count: agg.count,
                columns: columns.clone(),
                first,
                last,
                corrected: agg.corrected,
                corrections: if agg.corrected > 0 { corrections } else { Vec::new() },
            };
            (text, Some(readings), None)
        }
        Some(Origin::Default) => {
            let prov = matches!(s.kind, Kind::Fixed { .. }).then_some(&s.provenance);
            ("the methodology's default".to_string(), None, prov)
        }
        Some(Origin::Table { by, keys }) => {
            let key = keys.get(k).or(keys.first()).cloned().unwrap_or_default();
            if key.starts_with("point value") {
                return (format!("{key} (no `{by}` lookup)"), None, None);
            }
            if key == "default" {
                return (format!("{key} (no `{by}` lookup)"), None, Some(&s.provenance));
            }
            (format!("the methodology's table of {}, for {by} = {key}", s.name), None, Some(s.provenance_of(Some(&key))))
        }
        Some(Origin::ProjectValue { line, overrides }) => {
            let over = match (&s.kind, overrides) {
                (Kind::Fixed { default: Some(dv), .. }, true) => format!(", overriding the methodology default {}", exact(*dv)),
                (_, true) => ", overriding the methodology value".to_string(),
                _ => String::new(),
            };
            (format!("[values] in {path} line {line}{over}"), None, None)
        }
        Some(Origin::PointValues { lines }) => {
            let line = lines.get(k).copied().unwrap_or(0);
            let pid = s.index.and_then(|ix| project.points_of(ix).get(k).map(|&q| project.points[q].id.clone())).unwrap_or_default();
            (format!("[[points]] {pid} in {path} line {line}"), None, None)
        }
        Some(Origin::Estimate { lines }) => {
            let line = lines.get(k).copied().unwrap_or(0);
            (format!("[estimate] in {path} line {line}"), None, None)
        }
        Some(Origin::Equation) | None => ("not bound".into(), None, None),
    }
}
