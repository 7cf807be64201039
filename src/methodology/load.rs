//! Validation of a raw methodology into the model: every parameter's kind, unit, index and
//! defaults, every equation compiled and unit-checked, then ordered by dependency with cycle
//! detection. All problems are collected, not only the first.

use super::model::{Aggregate, Bounds, Equation, Fidelity, IndexDef, Kind, Methodology, Symbol, row_key};
use super::raw::{RawEquation, RawHeader, RawMethodology, RawParam};
use super::words;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::compile::{self, RESERVED, Scope, SymbolInfo};
use crate::engine::expr::parser;
use crate::engine::units::{Unit, parse_unit};
use crate::tomlx;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// Load a methodology from its text.
pub fn load(src: Source) -> Result<Methodology, Failure> {
    let raw: RawMethodology = tomlx::parse(&src)?;
    let mut d = Diags::default();
    let m = build(raw, src, &mut d);
    match m {
        Some(m) if !d.has_errors() => Ok(m),
        _ => Err(Failure(d.items)),
    }
}

pub fn valid_name(n: &str) -> bool {
    let mut c = n.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_') && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

fn unit_at(src: &Source, s: &Spanned<String>, d: &mut Diags) -> Option<Unit> {
    match parse_unit(s.get_ref()) {
        Ok(u) => Some(u),
        Err(e) => {
            let span = tomlx::inner_span(src, s.span(), s.get_ref(), e.offset..s.get_ref().len());
            d.push(Diagnostic::new(Code::UnknownUnit, e.message).at(src, span).hint(
                "units are MWh, kWh, GWh, GJ, MJ, TJ, t, kg, tCO2, kgCO2, tCO2e, tCH4, kL, L, m3, Nm3, h, d, kW, MW, JPY, USD, ohm, 1, and products or quotients of them (tCO2/MWh)",
            ));
            None
        }
    }
}

fn build(raw: RawMethodology, src: Source, d: &mut Diags) -> Option<Methodology> {
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
            provenance: Default::default(),
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
                let mut diag = Diagnostic::new(Code::ExprSyntax, pe.message).at(src, at(pe.span.start..pe.span.end));
                if let Some(h) = pe.hint {
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
                compiled.push((id, Equation { expr: ast, node, deps, expr_start: start, expr_span: e.expr.span(), per_row: per_row[id] }))
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

fn param(
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
                    d.push(Diagnostic::new(Code::TomlSchema, format!("`{name}` has `by` but no `table`")).at(src, span.clone()))
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

/// Whether an expression calls the function `func` anywhere.
fn calls(e: &crate::engine::expr::ast::Expr, func: &str) -> bool {
    use crate::engine::expr::ast::ExprKind;
    match &e.kind {
        ExprKind::Call { func: f, args, .. } => f == func || args.iter().any(|a| calls(a, func)),
        ExprKind::Neg(a) => calls(a, func),
        ExprKind::Bin(_, a, b) | ExprKind::Cmp(_, a, b) => calls(a, func) || calls(b, func),
        _ => false,
    }
}

/// The scope the compiler sees, for one equation: per period, or per monitoring row.
struct Table<'a> {
    symbols: &'a [Symbol],
    indexes: &'a [IndexDef],
    n_params: usize,
    /// Per symbol: an equation evaluated per row.
    per_row: &'a [bool],
    /// The equation being compiled is evaluated per row.
    row: bool,
}

impl Table<'_> {
    /// A categorical parameter, or a fixed value picked by one: it changes from row to row.
    fn varies_by_row(&self, id: usize) -> Option<String> {
        match &self.symbols[id].kind {
            Kind::Category { .. } => Some(format!("`{}` is recorded for every reading", self.symbols[id].name)),
            Kind::Fixed { .. } => row_key(self.symbols, id).map(|c| {
                format!("`{}` is picked by `{}`, which is recorded for every reading", self.symbols[id].name, self.symbols[c].name)
            }),
            _ => None,
        }
    }
}

impl Scope for Table<'_> {
    fn symbol(&self, name: &str) -> Option<SymbolInfo> {
        let id = self.symbols.iter().position(|s| s.name == name)?;
        let s = &self.symbols[id];
        Some(SymbolInfo { id, unit: s.unit.clone(), index: s.index })
    }
    fn choices(&self, id: usize) -> Option<Vec<String>> {
        self.symbols.get(id).and_then(Symbol::words)
    }
    fn usable(&self, id: usize) -> Result<(), (String, String)> {
        let name = &self.symbols[id].name;
        if self.row && id >= self.n_params && !self.per_row[id] {
            return Err((
                format!("`{name}` is computed per monitoring period; a row equation reads one monitoring row"),
                "use it in an equation evaluated per period".into(),
            ));
        }
        if !self.row {
            if let Some(why) = self.varies_by_row(id) {
                return Err((why, "use it in a row equation (per = \"row\"), and read that equation's sum here".into()));
            }
        }
        Ok(())
    }
    fn period_context(&self) -> bool {
        !self.row
    }
    fn index(&self, name: &str) -> Option<usize> {
        self.indexes.iter().position(|i| i.name == name)
    }
    fn index_name(&self, id: usize) -> String {
        self.indexes.get(id).map(|i| i.name.clone()).unwrap_or_default()
    }
    fn suggest(&self, name: &str) -> Option<String> {
        suggest(name, self.symbols.iter().map(|s| s.name.as_str()))
    }
}

/// The closest candidate within two edits (or differing only in case).
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let dist = if c.eq_ignore_ascii_case(name) { 0 } else { edit_distance(name, c) };
        if dist <= 2 && best.is_none_or(|(b, _)| dist < b) {
            best = Some((dist, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Order equations so each comes after what it reads; report a cycle with its path.
fn dependency_order(symbols: &[Symbol], n_params: usize, src: &Source, d: &mut Diags) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark = vec![Mark::New; symbols.len()];
    let mut order = Vec::new();
    let mut reported = false;
    for start in n_params..symbols.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (symbol, next dependency to visit).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Active;
        while let Some(&mut (s, ref mut k)) = stack.last_mut() {
            let deps = symbols[s].equation().map_or(&[][..], |e| &e.deps[..]);
            if *k < deps.len() {
                let dep = deps[*k];
                *k += 1;
                if dep < n_params {
                    continue;
                }
                match mark[dep] {
                    Mark::New => {
                        mark[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active if !reported => {
                        reported = true;
                        let from = stack.iter().position(|(x, _)| *x == dep).unwrap_or(0);
                        let mut path: Vec<&str> = stack[from..].iter().map(|(x, _)| symbols[*x].name.as_str()).collect();
                        path.push(&symbols[dep].name);
                        d.push(
                            Diagnostic::new(Code::Cycle, format!("equations depend on each other in a cycle: {}", path.join(" → ")))
                                .at(src, symbols[dep].span.clone())
                                .hint("an equation cannot depend, directly or indirectly, on itself"),
                        );
                    }
                    _ => {}
                }
            } else {
                mark[s] = Mark::Done;
                order.push(s);
                stack.pop();
            }
        }
    }
    order
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
