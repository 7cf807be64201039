//! A project's calculation options: every option of the methodology is chosen in [values]
//! (`battery = "pv_only"`) or takes its default; the choice decides which parameters the project
//! must monitor ([`needed`]).

use super::model::{Allocation, Attr};
use crate::diag::{Code, Diagnostic, Diags, Source};
use crate::engine::allocation::{Policy, Shares};
use crate::methodology::Methodology;
use crate::methodology::model::Kind;
use crate::methodology::{reach, words};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;

/// Every option has a valid choice, written in [values] or taken from its default.
pub fn check_choices(m: &Methodology, values: &BTreeMap<String, (Attr, Range<usize>)>, src: &Source, at: Range<usize>, d: &mut Diags) {
    for s in &m.symbols {
        let Kind::Choice { choices, default } = &s.kind else { continue };
        match values.get(&s.name) {
            Some((Attr::Text(w), _)) if choices.iter().any(|(c, _)| c == w) => {}
            Some((a, span)) => {
                let shown = match a {
                    Attr::Text(w) => format!("\"{w}\""),
                    Attr::Num(x) => x.normalize().to_string(),
                };
                d.push(
                    Diagnostic::new(Code::BadCategory, format!("option `{}` = {shown} is not one of its choices", s.name))
                        .at(src, span.clone())
                        .hint(format!("the choices are {}", words::list(choices))),
                );
            }
            None if default.is_some() => {}
            None => {
                let lines: Vec<String> = choices.iter().map(|(w, meaning)| format!("\"{w}\" ({meaning})")).collect();
                d.push(
                    Diagnostic::new(Code::MissingValue, format!("the project must choose option `{}`", s.name))
                        .at(src, at.clone())
                        .hint(format!("add under [values]: {} = one of {}", s.name, lines.join(", "))),
                );
            }
        }
    }
}

/// The position of the word chosen for option `id`, from [values] or the default.
pub fn chosen(m: &Methodology, values: &BTreeMap<String, (Attr, Range<usize>)>, id: usize) -> Option<usize> {
    let s = &m.symbols[id];
    let Kind::Choice { choices, default } = &s.kind else { return None };
    let word = match values.get(&s.name) {
        Some((Attr::Text(w), _)) => Some(w.as_str()),
        _ => default.as_deref(),
    }?;
    choices.iter().position(|(c, _)| c == word)
}

/// Which symbols the project reads under its chosen options.
pub fn needed(m: &Methodology, values: &BTreeMap<String, (Attr, Range<usize>)>) -> Vec<bool> {
    reach::needed(m, &|id| chosen(m, values, id))
}

/// The allocation of a project that has not declared one yet (PDD stage, ex-ante only): every
/// credit to the participants. Never shown; `calc` without `--ex-ante` requires [allocation].
pub fn undeclared_allocation() -> Allocation {
    Allocation::Shares {
        shares: Shares { japan: Decimal::ZERO, partner: Decimal::ZERO, participants: Decimal::ONE },
        policy: Policy::JapanCeil,
        per_vintage: false,
    }
}
