//! `--format json`: the shape of formats.md, extended (never changed). Exact decimals are
//! strings, whole credits are integers, keys come in a fixed order. The keys only CCS projects
//! have are in [`super::ccs_json`].

use super::model::{self, ProjectReport};
use crate::compute::Calculation;
use crate::project::Project;
use serde::Serialize;

pub use super::model::{FORMAT_VERSION, Header};

/// The JSON of one project is its report, serialized.
pub type ProjectJson = ProjectReport;

/// The report of one project (see [`model::build`]), under the name the JSON renderers use.
pub fn project_json(project: &Project, calc: &Calculation) -> ProjectReport {
    model::build(project, calc)
}

/// One document as it is; several, or any number with `many` (a folder of projects), as
/// `{"format_version": 1, "projects": [...]}`; pretty-printed with a final newline.
pub fn one_or_many<T: Serialize>(mut docs: Vec<T>, many: bool) -> String {
    #[derive(Serialize)]
    struct Many<T> {
        format_version: u32,
        projects: Vec<T>,
    }
    if docs.len() == 1 && !many { pretty(&docs.remove(0)) } else { pretty(&Many { format_version: FORMAT_VERSION, projects: docs }) }
}

/// A JSON document as every command prints it: pretty-printed, with a final newline.
pub fn pretty<T: Serialize>(doc: &T) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("report types serialize to plain objects with string keys, which cannot fail");
    s.push('\n');
    s
}
