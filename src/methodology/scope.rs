//! The scope the expression compiler sees while a methodology loads: its symbols and indexes,
//! and which of them an equation may read (per period, or per monitoring row).

use super::model::{IndexDef, Kind, Symbol, row_key};
use crate::engine::compile::{Scope, SymbolInfo};

/// The scope the compiler sees, for one equation: per period, or per monitoring row.
pub struct Table<'a> {
    pub symbols: &'a [Symbol],
    pub indexes: &'a [IndexDef],
    pub n_params: usize,
    /// Per symbol: an equation evaluated per row.
    pub per_row: &'a [bool],
    /// The equation being compiled is evaluated per row.
    pub row: bool,
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
        super::words::suggest(name, self.symbols.iter().map(|s| s.name.as_str()))
    }
}
