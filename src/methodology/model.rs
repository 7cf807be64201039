//! The validated methodology: names resolved, units proved, equations compiled and ordered.
//! This is what the engine and the reports see; nothing here can be missing or unresolved.

use crate::diag::Source;
use crate::engine::compile::Node;
use crate::engine::expr::ast::Expr;
use crate::engine::units::Unit;
use rust_decimal::Decimal;
use std::ops::Range;

/// Whether the content was checked against the official text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fidelity {
    Transcribed,
    Illustrative,
}

impl Fidelity {
    pub fn name(self) -> &'static str {
        crate::engine::words::word(&self)
    }
}

/// What a methodology's ER measures: emissions avoided, or CO2 taken out of the atmosphere and
/// stored (forests, biochar). A removal is reversible, so a project may set part of its credits
/// aside in a buffer (`[buffer]` in project.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mitigation {
    #[default]
    Reduction,
    Removal,
}

impl Mitigation {
    /// The words of methodology files, in the order of the variants.
    pub const NAMES: [&'static str; 2] = ["reduction", "removal"];

    pub fn name(self) -> &'static str {
        crate::engine::words::word(&self)
    }

    pub fn parse(word: &str) -> Option<Mitigation> {
        crate::engine::words::parse(word)
    }

    /// What RE, PE and ER are called in reports: a removal methodology's RE is the removals
    /// its project achieves, PE what is deducted from them, ER the net removals credited.
    pub fn labels(self) -> [&'static str; 3] {
        match self {
            Mitigation::Reduction => ["reference emissions", "project emissions", "emission reductions"],
            Mitigation::Removal => ["removals", "deductions", "net removals"],
        }
    }
}

/// How the readings of a monitored parameter in a period become one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    Sum,
    Mean,
    Min,
    Max,
}

impl Aggregate {
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Mean => "mean",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
        }
    }
}

#[derive(Debug, Clone)]
pub struct IndexDef {
    pub name: String,
    /// What a point of this index is ("PV system").
    pub label: String,
}

/// Lower and upper bounds a value must respect.
#[derive(Debug, Clone, Default)]
pub struct Bounds {
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl Bounds {
    /// `None` when inside; otherwise a description of the violated bound.
    pub fn violation(&self, v: Decimal) -> Option<String> {
        if let Some(m) = self.min {
            if v < m {
                return Some(format!("below the minimum {}", m.normalize()));
            }
        }
        if let Some(m) = self.max {
            if v > m {
                return Some(format!("above the maximum {}", m.normalize()));
            }
        }
        None
    }
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// Measured ex post; the values come from the monitoring CSV.
    Monitored { aggregate: Aggregate, options: Vec<String> },
    /// Fixed ex ante by the methodology: a default, or a table keyed by a point attribute
    /// (or, without an index, by a project value).
    /// `entries` holds each table entry's provenance (its own, or the parameter's), in table
    /// order; the default's provenance is the parameter's own ([`Symbol::provenance`]).
    Fixed { default: Option<Decimal>, by: Option<String>, table: Vec<(String, Decimal)>, entries: Vec<Provenance> },
    /// Fixed ex ante in the PDD: set in project.toml ([values], or per point).
    Project,
    /// Computed by an equation.
    Equation(Equation),
    /// Monitored ex post as a word, one per CSV row (the category of a day): word → meaning.
    /// Bound per row, as the word's position, for row equations and `by` tables.
    Category { categories: Vec<(String, String)>, options: Vec<String> },
    /// A calculation option the project chooses in [values]: word → meaning.
    Choice { choices: Vec<(String, String)>, default: Option<String> },
}

#[derive(Debug, Clone)]
pub struct Equation {
    pub expr: Expr,
    pub node: Node,
    /// Symbols the expression reads directly.
    pub deps: Vec<usize>,
    /// File offset of the expression text's first character (for runtime errors).
    pub expr_start: Option<usize>,
    pub expr_span: Range<usize>,
    /// Evaluated for each monitoring row and summed over the period (`per = "row"`).
    pub per_row: bool,
}

/// Whether a value was quoted from an official or registered document, or is ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Published,
    Assumed,
}

impl Status {
    pub const WORDS: &'static [&'static str] = &["published", "assumed"];

    pub fn parse(s: &str) -> Option<Status> {
        crate::engine::words::parse(s)
    }

    pub fn name(self) -> &'static str {
        crate::engine::words::word(&self)
    }
}

/// Where a value comes from (`source`) and whether it is published (`status`); either may be
/// unstated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub source: Option<String>,
    pub status: Option<Status>,
}

impl Provenance {
    pub fn is_empty(&self) -> bool {
        self.source.is_none() && self.status.is_none()
    }

    /// "published: <source>", "assumed: <source>", "source: <source>", "assumed", or nothing.
    pub fn describe(&self) -> Option<String> {
        match (&self.status, &self.source) {
            (Some(st), Some(src)) => Some(format!("{}: {src}", st.name())),
            (Some(st), None) => Some(st.name().to_string()),
            (None, Some(src)) => Some(format!("source: {src}")),
            (None, None) => None,
        }
    }
}

/// One value a methodology fixes: a fixed parameter's default, or one entry of its table.
#[derive(Debug, Clone, Copy)]
pub struct FixedValue<'a> {
    pub symbol: &'a Symbol,
    /// The table key; `None` for the default.
    pub key: Option<&'a str>,
    pub value: Decimal,
    pub provenance: &'a Provenance,
}

/// How many of a methodology's values are published, assumed, or neither said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ValueCounts {
    pub total: usize,
    pub published: usize,
    pub assumed: usize,
}

impl ValueCounts {
    /// "4 of 9 values published".
    pub fn phrase(&self) -> String {
        format!("{} of {} value{} published", self.published, self.total, if self.total == 1 { "" } else { "s" })
    }
}

/// A parameter or an equation.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: String,
    pub description: Option<String>,
    /// Where the parameter's values come from (for a fixed one, its default's; table entries
    /// may have their own).
    pub provenance: Provenance,
    pub unit: Unit,
    pub index: Option<usize>,
    pub kind: Kind,
    pub bounds: Bounds,
    /// Where it is declared, for diagnostics.
    pub span: Range<usize>,
}

impl Symbol {
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Monitored { .. } | Kind::Category { .. } => "monitored",
            Kind::Fixed { .. } => "fixed",
            Kind::Project => "project",
            Kind::Equation(e) if e.per_row => "row equation",
            Kind::Equation(_) => "equation",
            Kind::Choice { .. } => "option",
        }
    }

    /// The words of an option or a categorical parameter.
    pub fn words(&self) -> Option<Vec<String>> {
        match &self.kind {
            Kind::Category { categories: w, .. } | Kind::Choice { choices: w, .. } => Some(w.iter().map(|(k, _)| k.clone()).collect()),
            _ => None,
        }
    }

    /// An equation evaluated per monitoring row.
    pub fn is_row_equation(&self) -> bool {
        matches!(&self.kind, Kind::Equation(e) if e.per_row)
    }

    /// The values this symbol fixes: its table entries, then its default.
    pub fn fixed_values(&self) -> Vec<FixedValue<'_>> {
        let Kind::Fixed { default, table, entries, .. } = &self.kind else { return Vec::new() };
        let mut out: Vec<FixedValue> = table
            .iter()
            .zip(entries)
            .map(|((k, v), p)| FixedValue { symbol: self, key: Some(k.as_str()), value: *v, provenance: p })
            .collect();
        if let Some(v) = default {
            out.push(FixedValue { symbol: self, key: None, value: *v, provenance: &self.provenance });
        }
        out
    }

    /// The provenance of the table entry `key`, or of the default when there is no such entry.
    pub fn provenance_of(&self, key: Option<&str>) -> &Provenance {
        match (&self.kind, key) {
            (Kind::Fixed { table, entries, .. }, Some(k)) => {
                table.iter().position(|(tk, _)| tk == k).and_then(|i| entries.get(i)).unwrap_or(&self.provenance)
            }
            _ => &self.provenance,
        }
    }

    pub fn equation(&self) -> Option<&Equation> {
        match &self.kind {
            Kind::Equation(e) => Some(e),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Methodology {
    pub id: String,
    pub version: String,
    pub title: String,
    pub countries: Vec<String>,
    pub source: Option<String>,
    pub fidelity: Fidelity,
    pub description: Option<String>,
    pub family: Option<String>,
    pub sectoral_scope: Option<String>,
    /// Reductions (the default) or removals.
    pub mitigation: Mitigation,
    pub indexes: Vec<IndexDef>,
    /// Parameters first, in file order, then equations in file order. A symbol's id is its position.
    pub symbols: Vec<Symbol>,
    /// Equation ids in evaluation (dependency) order.
    pub order: Vec<usize>,
    pub re: usize,
    pub pe: usize,
    pub er: usize,
    /// Some equation uses `past`: periods must be yearly steps, and earlier ones are kept.
    pub uses_history: bool,
    pub src: Source,
}

impl Methodology {
    pub fn symbol(&self, name: &str) -> Option<(usize, &Symbol)> {
        self.symbols.iter().enumerate().find(|(_, s)| s.name == name)
    }

    pub fn monitored(&self) -> impl Iterator<Item = (usize, &Symbol)> {
        self.symbols.iter().enumerate().filter(|(_, s)| matches!(s.kind, Kind::Monitored { .. }))
    }

    /// Every value the methodology fixes (defaults and table entries), in file order.
    pub fn fixed_values(&self) -> impl Iterator<Item = FixedValue<'_>> {
        self.symbols.iter().flat_map(Symbol::fixed_values)
    }

    /// How many of its values are published or assumed.
    pub fn value_counts(&self) -> ValueCounts {
        let mut c = ValueCounts::default();
        for v in self.fixed_values() {
            c.total += 1;
            match v.provenance.status {
                Some(Status::Published) => c.published += 1,
                Some(Status::Assumed) => c.assumed += 1,
                None => {}
            }
        }
        c
    }

    /// Categorical monitored parameters (words in the CSV).
    pub fn categories(&self) -> impl Iterator<Item = (usize, &Symbol)> {
        self.symbols.iter().enumerate().filter(|(_, s)| matches!(s.kind, Kind::Category { .. }))
    }

    /// Equations evaluated per monitoring row, in evaluation order.
    pub fn row_equations(&self) -> impl Iterator<Item = usize> + '_ {
        self.order.iter().copied().filter(|&id| self.symbols[id].is_row_equation())
    }

    /// The categorical parameter whose word picks a fixed value from its table per row, if any.
    pub fn row_key(&self, id: usize) -> Option<usize> {
        row_key(&self.symbols, id)
    }
}

/// [`Methodology::row_key`] over a symbol table, for the loader, which checks and compiles
/// against the symbols before the methodology exists.
pub fn row_key(symbols: &[Symbol], id: usize) -> Option<usize> {
    match &symbols[id].kind {
        Kind::Fixed { by: Some(b), .. } => symbols.iter().position(|s| &s.name == b && matches!(s.kind, Kind::Category { .. })),
        _ => None,
    }
}
