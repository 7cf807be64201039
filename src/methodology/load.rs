//! Validation of a raw methodology into the model: every parameter's kind, unit, index and
//! defaults, every equation compiled and unit-checked, then ordered by dependency with cycle
//! detection. All problems are collected, not only the first.

use super::model::{Bounds, Equation, Fidelity, IndexDef, Kind, Methodology, Mitigation, Provenance, Symbol};
use super::order::dependency_order;
use super::param::{param, unit_at};
use super::raw::{RawEquation, RawHeader, RawMethodology};
use super::scope::Table;
use super::words;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::compile::{self, RESERVED};
use crate::engine::expr::parser;
use crate::engine::units::{Unit, parse_unit};
use crate::tomlx;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

pub use super::words::{suggest, valid_name};

/// Load a methodology from its text.
pub fn load(src: Source) -> Result<Methodology, Failure> {
    let raw: RawMethodology = tomlx::parse(&src)?;
    let mut d = Diags::default();
    let m = build(&raw, src, &mut d);
    match m {
        Some(m) if !d.has_errors() => Ok(m),
        _ => Err(Failure(d.items)),
    }
}

fn build(raw: &RawMethodology, src: Source, d: &mut Diags) -> Option<Methodology> {
    let h = &raw.methodology;
    let (version, fidelity) = header(h, &src, d);

    let mut indexes = Vec::new();
    for (name, label) in tomlx::in_file_order(&raw.indexes) {
        if !valid_name(name) {
            d.push(Diagnostic::new(Code::TomlSchema, format!("`{name}` is not a valid index name")).at(&src, label.span()));
        }
        indexes.push(IndexDef { name: name.clone(), label: label.get_ref().clone() });
    }
    let index_of = |s: &Spanned<String>, d: &mut Diags| -> Option<usize> {
        let found = indexes.iter().position(|i| &i.name == s.get_ref());
        if found.is_none() {
            d.push(
                Diagnostic::new(Code::UnknownName, format!("unknown index `{}`", s.get_ref()))
                    .at(&src, s.span())
                    .hint("declare it under [indexes], e.g. i = \"PV system\""),
            );
        }
        found
    };

    let mut symbols: Vec<Symbol> = Vec::new();
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut check_name = |name: &str, span: Range<usize>, d: &mut Diags| {
        if !valid_name(name) {
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("`{name}` is not a valid name"))
                    .at(&src, span.clone())
                    .hint("names are letters, digits and _, starting with a letter"),
            );
        } else if RESERVED.contains(&name) {
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("`{name}` is a built-in name and cannot be redefined")).at(&src, span.clone()),
            );
        } else if seen.insert(name.to_string(), span.clone()).is_some() {
            d.push(
                Diagnostic::new(Code::DuplicatePoint, format!("`{name}` is defined both as a parameter and as an equation")).at(&src, span),
            );
        }
    };

    for (name, p) in tomlx::in_file_order(&raw.parameters) {
        let span = p.get_ref().kind.span();
        check_name(name, span.clone(), d);
        if let Some(sym) = param(name, p.get_ref(), span, &src, &index_of, d) {
            symbols.push(sym);
        }
    }
    let n_params = symbols.len();
    let eqs: Vec<(&String, &Spanned<RawEquation>)> = tomlx::in_file_order(&raw.equations);
    let mut per_row = vec![false; n_params];
    for (name, e) in &eqs {
        let e = e.get_ref();
        check_name(name, e.expr.span(), d);
        per_row.push(match e.per.as_ref().map(|p| (p.get_ref().as_str(), p.span())) {
            None | Some(("period", _)) => false,
            Some(("row", _)) => true,
            Some((other, at)) => {
                d.push(
                    Diagnostic::new(Code::TomlSchema, format!("per = `{other}` is not known"))
                        .at(&src, at)
                        .hint("write \"period\" (once per monitoring period, the default) or \"row\" (for every monitoring row)"),
                );
                false
            }
        });
        let unit = unit_at(&src, &e.unit, d).unwrap_or_else(Unit::one);
        let index = e.index.as_ref().and_then(|s| index_of(s, d));
        symbols.push(Symbol {
            name: (*name).clone(),
            description: e.description.clone(),
            provenance: Provenance::default(),
            unit,
            index,
            kind: Kind::Project, // replaced below once compiled
            bounds: Bounds::default(),
            span: e.expr.span(),
        });
    }

    compile_equations(&eqs, &mut symbols, &indexes, &per_row, &src, d);

    let [re, pe, er] = ["RE", "PE", "ER"].map(|name| required(name, &symbols, n_params, &src, d));

    words::check_tables(&symbols, &src, d);
    let uses_history = symbols.iter().filter_map(Symbol::equation).any(|e| calls(&e.expr, "past"));
    let order = if d.has_errors() { Vec::new() } else { dependency_order(&symbols, n_params, &src, d) };
    if d.has_errors() {
        return None;
    }
    Some(Methodology {
        id: h.id.get_ref().clone(),
        version,
        title: h.title.clone().unwrap_or_default(),
        countries: h.countries.clone(),
        source: h.source.clone(),
        fidelity,
        description: h.description.clone(),
        family: h.family.clone(),
        sectoral_scope: h.sectoral_scope.clone(),
        mitigation: mitigation(h, &src, d),
        indexes,
        symbols,
        order,
        re: re?,
        pe: pe?,
        er: er?,
        uses_history,
        src,
    })
}

/// The header's version (a number is kept as written) and fidelity; an empty id is reported.
fn header(h: &RawHeader, src: &Source, d: &mut Diags) -> (String, Fidelity) {
    let version = match h.version.get_ref() {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(_) | toml::Value::Float(_) => src.text[h.version.span()].to_string(),
        other => {
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("version must be a string such as \"1.0\", found {}", tomlx::type_name(other)))
                    .at(src, h.version.span()),
            );
            String::new()
        }
    };
    if h.id.get_ref().trim().is_empty() {
        d.push(Diagnostic::new(Code::TomlSchema, "the methodology id is empty").at(src, h.id.span()));
    }
    let fidelity = match h.fidelity.as_ref().map(|f| f.get_ref().as_str()) {
        None | Some("illustrative") => Fidelity::Illustrative,
        Some("transcribed") => Fidelity::Transcribed,
        Some(other) => {
            let span = h.fidelity.as_ref().map(Spanned::span).unwrap_or_default();
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("fidelity `{other}` is not known"))
                    .at(src, span)
                    .hint("write \"transcribed\" or \"illustrative\""),
            );
            Fidelity::Illustrative
        }
    };
    (version, fidelity)
}

/// `mitigation = "reduction" | "removal"`; reduction when absent.
fn mitigation(h: &RawHeader, src: &Source, d: &mut Diags) -> Mitigation {
    let Some(w) = &h.mitigation else { return Mitigation::Reduction };
    Mitigation::parse(w.get_ref()).unwrap_or_else(|| {
        d.push(
            Diagnostic::new(Code::TomlSchema, format!("mitigation `{}` is not known", w.get_ref()))
                .at(src, w.span())
                .hint("write \"reduction\" (the default: ER is emissions avoided) or \"removal\" (ER is CO2 removed and stored)"),
        );
        Mitigation::Reduction
    })
}

/// Compile every equation against the full symbol table, and make each one that compiles an
/// equation symbol (they follow the parameters, in file order).
fn compile_equations(
    eqs: &[(&String, &Spanned<RawEquation>)],
    symbols: &mut [Symbol],
    indexes: &[IndexDef],
    per_row: &[bool],
    src: &Source,
    d: &mut Diags,
) {
    let n_params = symbols.len() - eqs.len();
    let mut compiled = Vec::new();
    for (k, (_, e)) in eqs.iter().enumerate() {
        let id = n_params + k;
        let scope = Table { symbols, indexes, n_params, per_row, row: per_row[id] };
        let e = e.get_ref();
        let text = e.expr.get_ref();
        let start = tomlx::string_content_start(src, e.expr.span(), text);
        let at = |r: Range<usize>| match start {
            Some(s) => s + r.start..s + r.end.max(r.start + 1),
            None => e.expr.span(),
        };
        let ast = match parser::parse(text) {
            Ok(a) => a,
            Err(pe) => {
                let mut diag = Diagnostic::new(Code::ExprSyntax, pe.to_string()).at(src, at(pe.span.start..pe.span.end));
                if let Some(h) = pe.hint() {
                    diag = diag.hint(h);
                }
                d.push(diag);
                continue;
            }
        };
        let bound: Vec<usize> = symbols[id].index.into_iter().collect();
        let result = compile::compile(&ast, &scope, &bound).and_then(|c| {
            let deps = c.deps.clone();
            compile::fit(c, &symbols[id].unit, ast.span).map(|node| (node, deps))
        });
        match result {
            Ok((node, deps)) => {
                compiled.push((id, Equation { expr: ast, node, deps, expr_start: start, expr_span: e.expr.span(), per_row: per_row[id] }));
            }
            Err(ce) => {
                let mut diag = Diagnostic::new(fault_code(ce.fault), ce.message).at(src, at(ce.span.start..ce.span.end));
                if let Some(h) = ce.hint {
                    diag = diag.hint(h);
                }
                d.push(diag);
            }
        }
    }
    for (id, eq) in compiled {
        symbols[id].kind = Kind::Equation(eq);
    }
}

/// RE, PE or ER: an equation evaluated per period, one value for the project, in tCO2.
fn required(name: &str, symbols: &[Symbol], n_params: usize, src: &Source, d: &mut Diags) -> Option<usize> {
    let Some(id) = symbols.iter().position(|s| s.name == name) else {
        d.push(
            Diagnostic::new(Code::MissingEquation, format!("the methodology has no `{name}` equation"))
                .in_file(src.path.clone())
                .hint(format!("add under [equations]: {name} = {{ expr = \"…\", unit = \"tCO2\" }}")),
        );
        return None;
    };
    let s = &symbols[id];
    if s.equation().is_none() && id < n_params {
        d.push(Diagnostic::new(Code::MissingEquation, format!("`{name}` must be an equation, not a parameter")).at(src, s.span.clone()));
    }
    if s.is_row_equation() {
        d.push(
            Diagnostic::new(Code::BadContext, format!("`{name}` must be evaluated per period, not per row"))
                .at(src, s.span.clone())
                .hint(format!("sum a row equation into {name} with an equation per period")),
        );
    }
    if s.index.is_some() {
        d.push(Diagnostic::new(Code::BadIndex, format!("`{name}` must be one value for the project, not indexed")).at(src, s.span.clone()));
    }
    if !s.unit.compatible(&parse_unit("tCO2").unwrap_or_else(|_| Unit::one())) {
        d.push(
            Diagnostic::new(Code::UnitMismatch, format!("`{name}` must be in tCO2 (or tCO2e, kgCO2), not `{}`", s.unit))
                .at(src, s.span.clone()),
        );
    }
    Some(id)
}

/// Whether an expression calls the function `func` anywhere.
fn calls(e: &crate::engine::expr::ast::Expr, func: &str) -> bool {
    use crate::engine::expr::ast::ExprKind;
    match &e.kind {
        ExprKind::Call { func: f, .. } if f == func => true,
        _ => e.children().into_iter().any(|a| calls(a, func)),
    }
}

/// The stable code of each kind of compile error: the engine names kinds, the front end codes.
fn fault_code(f: compile::Fault) -> Code {
    use compile::Fault;
    match f {
        Fault::UnitMismatch => Code::UnitMismatch,
        Fault::BadContext => Code::BadContext,
        Fault::UnknownName => Code::UnknownName,
        Fault::UnknownUnit => Code::UnknownUnit,
        Fault::BadIndex => Code::BadIndex,
        Fault::BadCall => Code::BadCall,
        Fault::LiteralZeroDivisor => Code::Arithmetic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Methodology, Failure> {
        load(Source::new("m.toml", text.to_string()))
    }

    const HEAD: &str = "[methodology]\nid = \"T\"\nversion = \"1.0\"\n[indexes]\ni = \"PV system\"\n";

    #[test]
    fn loads_and_orders() {
        let m = load_str(&format!(
            "{HEAD}[parameters.EG]\nunit = \"MWh\"\nkind = \"monitored\"\nindex = \"i\"\n[parameters.EF]\nunit = \"tCO2/MWh\"\nkind = \"fixed\"\ndefault = 0.533\n\
             [equations]\nER = {{ expr = \"RE - PE\", unit = \"tCO2\" }}\nRE = {{ expr = \"sum(i, EG[i]) * EF\", unit = \"tCO2\" }}\nPE = {{ expr = \"0\", unit = \"tCO2\" }}\n"
        ))
        .unwrap();
        let names: Vec<&str> = m.order.iter().map(|&i| m.symbols[i].name.as_str()).collect();
        assert_eq!(names.last(), Some(&"ER"));
        assert!(names.iter().position(|n| *n == "RE") < names.iter().position(|n| *n == "ER"));
        let Kind::Fixed { default, .. } = &m.symbols[1].kind else { panic!() };
        assert_eq!(default.unwrap().to_string(), "0.533");
    }

    #[test]
    fn cycle_is_reported_with_path_and_location() {
        let e = load_str(&format!(
            "{HEAD}[equations]\nRE = {{ expr = \"X\", unit = \"tCO2\" }}\nX = {{ expr = \"RE\", unit = \"tCO2\" }}\nPE = {{ expr = \"0\", unit = \"tCO2\" }}\nER = {{ expr = \"RE - PE\", unit = \"tCO2\" }}\n"
        ))
        .unwrap_err();
        let c = e.0.iter().find(|d| d.code == Code::Cycle).unwrap();
        assert!(c.message.ends_with("RE → X → RE") || c.message.ends_with("X → RE → X"), "{}", c.message);
        assert!(c.location().unwrap().starts_with("m.toml:"));
    }

    #[test]
    fn all_errors_are_collected() {
        let e = load_str(&format!(
            "{HEAD}[parameters.EG]\nunit = \"MWhh\"\nkind = \"monitored\"\n[equations]\nRE = {{ expr = \"EGG * 2\", unit = \"tCO2\" }}\nPE = {{ expr = \"1 +\", unit = \"tCO2\" }}\n"
        ))
        .unwrap_err();
        let codes: Vec<Code> = e.0.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::UnknownUnit), "{codes:?}");
        assert!(codes.contains(&Code::UnknownName), "{codes:?}");
        assert!(codes.contains(&Code::ExprSyntax), "{codes:?}");
        assert!(codes.contains(&Code::MissingEquation), "{codes:?}");
        let syntax = e.0.iter().find(|d| d.code == Code::ExprSyntax).unwrap();
        assert_eq!(syntax.location().unwrap(), "m.toml:11:19");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("EGG", ["EG", "EF_RE"].into_iter()), Some("EG".into()));
        assert_eq!(suggest("eg", ["EG"].into_iter()), Some("EG".into()));
        assert_eq!(suggest("XYZ", ["EG"].into_iter()), None);
    }
}
