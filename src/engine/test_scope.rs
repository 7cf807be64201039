//! A small symbol table shared by the compiler's and the evaluator's unit tests:
//! EG[i] (MWh), EF[i] (tCO2/MWh), EC (kWh), RE (tCO2), FC (kL), NCV (GJ/kL), COP (1),
//! OPT (an option: pv | grid), CAT[i] (a category: on | off), Z (MWh); one index `i`.

use super::compile::{Scope, SymbolInfo};
use super::units::parse_unit;

pub struct TestScope;

impl Scope for TestScope {
    fn symbol(&self, name: &str) -> Option<SymbolInfo> {
        let (id, u, ix) = match name {
            "EG" => (0, "MWh", Some(0)),
            "EF" => (1, "tCO2/MWh", Some(0)),
            "EC" => (2, "kWh", None),
            "RE" => (3, "tCO2", None),
            "FC" => (4, "kL", None),
            "NCV" => (5, "GJ/kL", None),
            "COP" => (6, "1", None),
            "OPT" => (7, "1", None),
            "CAT" => (8, "1", Some(0)),
            "Z" => (9, "MWh", None),
            _ => return None,
        };
        Some(SymbolInfo { id, unit: parse_unit(u).ok()?, index: ix })
    }
    fn choices(&self, id: usize) -> Option<Vec<String>> {
        match id {
            7 => Some(vec!["pv".into(), "grid".into()]),
            8 => Some(vec!["on".into(), "off".into()]),
            _ => None,
        }
    }
    fn index(&self, name: &str) -> Option<usize> {
        (name == "i").then_some(0)
    }
    fn index_name(&self, _: usize) -> String {
        "i".into()
    }
    fn suggest(&self, name: &str) -> Option<String> {
        (name == "EGG").then(|| "EG".into())
    }
}
