//! What the streaming reader does beyond numbers: categorical columns (a word per row, such as
//! the category of a day) and row equations (`per = "row"`), evaluated from each row's values
//! as it streams and added into the row's bucket like a reading. A file evaluates a row
//! equation when it has a column for every monitored value the equation reads; having only some
//! of them is an error, since the rest would have to come from another row.

use super::aggregate::{Agg, Cells, Frac};
use crate::diag::Code;
use crate::methodology::model::Kind;
use crate::project::Project;
use crate::rows;
use std::collections::BTreeSet;

/// A header problem: field, code, message, hint.
pub type HeaderError = (usize, Code, String, Option<String>);

/// The row equations this file evaluates, given the symbol of each of its columns (field, sym).
pub fn plan(project: &Project, columns: &[(usize, usize)]) -> (Vec<usize>, Vec<HeaderError>) {
    let m = &project.methodology;
    let present: BTreeSet<usize> = columns.iter().map(|(_, s)| *s).collect();
    let mut eqs = Vec::new();
    let mut errors = Vec::new();
    for eq in rows::needed_row_equations(project) {
        let inputs = rows::inputs(project, eq);
        let have: Vec<usize> = inputs.iter().copied().filter(|s| present.contains(s)).collect();
        if have.is_empty() {
            continue;
        }
        if have.len() < inputs.len() {
            let missing: Vec<&str> = inputs.iter().filter(|s| !present.contains(s)).map(|&s| m.symbols[s].name.as_str()).collect();
            let field = columns.iter().find(|(_, s)| have.contains(s)).map_or(0, |(f, _)| *f);
            errors.push((
                field,
                Code::CsvHeader,
                format!(
                    "row equation {} reads {} from the same row, but this file has no column for it",
                    m.symbols[eq].name,
                    missing.join(", ")
                ),
                Some("a row equation is evaluated from one row: put all of its readings in one file".into()),
            ));
            continue;
        }
        eqs.push(eq);
    }
    (eqs, errors)
}

/// The position of a category cell's word among the parameter's categories.
pub fn category(project: &Project, sym: usize, text: &str) -> Result<usize, (String, String)> {
    let s = &project.methodology.symbols[sym];
    let Kind::Category { categories, .. } = &s.kind else {
        return Err((format!("{} is not a categorical parameter", s.name), String::new()));
    };
    let t = text.trim();
    categories.iter().position(|(w, _)| w == t).ok_or_else(|| {
        let shown =
            if t.is_empty() { "an empty cell".to_string() } else { format!("`{}`", crate::diag::escape_excerpt(t, crate::diag::EXCERPT)) };
        (
            format!("{}: {shown} is not one of its categories", s.name),
            format!("the categories are {}", crate::methodology::words::list(categories)),
        )
    })
}

/// Add one value into a bucket; `false` on overflow.
pub fn add(cells: &mut Cells, key: (usize, Option<usize>), v: Frac, file: usize, line: u64, month: i32) -> bool {
    match cells.entry(key) {
        std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().add(v, file, line, month).is_some(),
        std::collections::hash_map::Entry::Vacant(vac) => match Agg::new(v, file, line, month) {
            Some(a) => {
                vac.insert(a);
                true
            }
            None => false,
        },
    }
}
