//! Declared but never used: a parameter or equation that RE, PE and ER do not depend on,
//! directly or through other equations. Usually a typo in an equation or a leftover.

use crate::diag::{Code, Diagnostic};
use crate::methodology::Methodology;

/// A warning for every symbol that ER, RE and PE do not reach.
pub fn check(m: &Methodology) -> Vec<Diagnostic> {
    let mut used = vec![false; m.symbols.len()];
    let mut stack = vec![m.re, m.pe, m.er];
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut used[id], true) {
            continue;
        }
        if let Some(eq) = m.symbols[id].equation() {
            stack.extend(eq.deps.iter().copied().filter(|&d| !used[d]));
        }
        // A table keyed by a category or an option uses that category or option.
        if let crate::methodology::model::Kind::Fixed { by: Some(by), .. } = &m.symbols[id].kind {
            stack.extend(m.symbol(by).map(|(k, _)| k).filter(|&k| !used[k]));
        }
    }
    m.symbols
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(s, _)| {
            let what = if s.equation().is_some() { "equation" } else { "parameter" };
            Diagnostic::new(Code::UnusedSymbol, format!("{what} `{}` is declared but RE, PE and ER do not use it", s.name))
                .at(&m.src, s.span.clone())
                .hint("use it in an equation, or remove it; a misspelt name in an equation is a common cause")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    #[test]
    fn finds_what_nothing_reaches() {
        let text = "[methodology]\nid = \"T\"\nversion = \"1\"\n[parameters.A]\nunit = \"tCO2\"\nkind = \"fixed\"\ndefault = 1\n\
            [parameters.B]\nunit = \"tCO2\"\nkind = \"fixed\"\ndefault = 2\n[equations]\nX = { expr = \"B\", unit = \"tCO2\" }\n\
            RE = { expr = \"A\", unit = \"tCO2\" }\nPE = { expr = \"0\", unit = \"tCO2\" }\nER = { expr = \"RE - PE\", unit = \"tCO2\" }\n";
        let m = crate::methodology::load::load(Source::new("m.toml", text)).unwrap();
        let found: Vec<String> = check(&m).into_iter().map(|d| d.message).collect();
        assert_eq!(
            found,
            vec!["parameter `B` is declared but RE, PE and ER do not use it", "equation `X` is declared but RE, PE and ER do not use it"]
        );
    }
}
