//! A multi-project `calc` as JSON and as a tidy CSV summary. The JSON extends the contract of
//! formats.md (`{"projects": [...]}`) with `portfolio` and `errors`; every key is documented in
//! docs/json.md and pinned by a test. Renderers only: the sums come from [`crate::portfolio`].

use super::diagnostics::DiagnosticJson;
use super::exact;
use super::json::{FORMAT_VERSION, ProjectJson};
use crate::diag::Diagnostic;
use crate::portfolio::{Portfolio, TARGETS_SOURCE, Totals};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// A project that could not be computed: where it is and why.
#[derive(Debug)]
pub struct Failed {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct Doc {
    format_version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    projects: Option<Vec<ProjectJson>>,
    portfolio: PortfolioJson,
    errors: Vec<ErrorJson>,
}

/// A JSON object whose keys keep the order of the summary (party order, sorted codes and years).
struct Ordered<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct ErrorJson {
    path: String,
    diagnostics: Vec<DiagnosticJson>,
}

#[derive(Serialize)]
struct TotalsJson {
    credits: i64,
    reserve: i64,
    japan_government: i64,
    itmo: i64,
    corresponding_adjustment: i64,
}

impl From<&Totals> for TotalsJson {
    fn from(t: &Totals) -> Self {
        TotalsJson {
            credits: t.credits,
            reserve: t.reserve,
            japan_government: t.japan_government,
            itmo: t.itmo,
            corresponding_adjustment: t.corresponding_adjustment,
        }
    }
}

#[derive(Serialize)]
struct PortfolioJson {
    projects_computed: usize,
    projects_failed: usize,
    #[serde(flatten)]
    totals: TotalsJson,
    by_project: Vec<ProjectLineJson>,
    by_country: Ordered<CountryJson>,
    by_vintage: Ordered<VintageJson>,
    by_fiscal_year: Ordered<FiscalJson>,
    credits_without_issued_date: i64,
    by_party: Ordered<PartyJson>,
    targets: Vec<TargetJson>,
    targets_source: &'static str,
}

#[derive(Serialize)]
struct ProjectLineJson {
    id: String,
    path: String,
    country: String,
    methodology: String,
    periods: usize,
    #[serde(flatten)]
    totals: TotalsJson,
    stage: Option<&'static str>,
}

#[derive(Serialize)]
struct FiscalJson {
    start: String,
    end: String,
    credits: i64,
    itmo: i64,
    projects: usize,
}

#[derive(Serialize)]
struct CountryJson {
    name: String,
    article6_status: Option<crate::countries::Article6Status>,
    projects: usize,
    #[serde(flatten)]
    totals: TotalsJson,
}

#[derive(Serialize)]
struct VintageJson {
    credits: i64,
    projects: usize,
}

#[derive(Serialize)]
struct PartyJson {
    credits: i64,
    itmo: i64,
}

#[derive(Serialize)]
struct TargetJson {
    name: String,
    tco2: i64,
    credits: i64,
    percent: String,
}

fn portfolio_json(p: &Portfolio) -> PortfolioJson {
    PortfolioJson {
        projects_computed: p.computed,
        projects_failed: p.failed,
        totals: (&p.totals).into(),
        by_project: p
            .by_project
            .iter()
            .map(|l| ProjectLineJson {
                id: l.id.clone(),
                path: l.path.clone(),
                country: l.country.clone(),
                methodology: l.methodology.clone(),
                periods: l.periods,
                totals: (&l.totals).into(),
                stage: l.stage.map(super::super::project::cycle::Stage::name),
            })
            .collect(),
        by_country: Ordered(
            p.by_country
                .iter()
                .map(|(k, c)| {
                    let json =
                        CountryJson { name: c.name.clone(), article6_status: c.status, projects: c.projects, totals: (&c.totals).into() };
                    (k.clone(), json)
                })
                .collect(),
        ),
        by_vintage: Ordered(
            p.by_vintage.iter().map(|(y, v)| (y.to_string(), VintageJson { credits: v.credits, projects: v.projects })).collect(),
        ),
        by_fiscal_year: Ordered(
            p.by_fiscal_year
                .iter()
                .map(|(fy, l)| {
                    let json = FiscalJson {
                        start: format!("{fy}-04-01"),
                        end: format!("{}-03-31", fy + 1),
                        credits: l.credits,
                        itmo: l.itmo,
                        projects: l.projects,
                    };
                    (fy.to_string(), json)
                })
                .collect(),
        ),
        credits_without_issued_date: p.credits_without_issued_date,
        by_party: Ordered(p.by_party.iter().map(|(k, v)| (k.key().to_string(), PartyJson { credits: v.credits, itmo: v.itmo })).collect()),
        targets: p
            .targets
            .iter()
            .map(|t| TargetJson { name: t.name.clone(), tco2: t.tco2, credits: t.credits, percent: exact(t.percent) })
            .collect(),
        targets_source: if p.default_targets { TARGETS_SOURCE } else { "set on the command line (--target)" },
    }
}

/// The whole document: `projects` (left out with `summary_only`), `portfolio`, `errors`.
pub fn json(projects: Option<Vec<ProjectJson>>, p: &Portfolio, failed: &[Failed]) -> String {
    let doc = Doc {
        format_version: FORMAT_VERSION,
        projects,
        portfolio: portfolio_json(p),
        errors: failed
            .iter()
            .map(|f| ErrorJson { path: f.path.clone(), diagnostics: f.diagnostics.iter().map(DiagnosticJson::from).collect() })
            .collect(),
    };
    super::json::pretty(&doc)
}

/// The streamed form of [`json`] with every project: this opening, then [`json_project`] for
/// each project in order, then [`json_tail`]; the same bytes, without holding every report.
pub fn json_head() -> String {
    format!("{{\n  \"format_version\": {FORMAT_VERSION},\n  \"projects\": [")
}

/// One project of the streamed `projects` array (the caller puts a comma between two),
/// indented as it is nested (JSON strings hold no raw newline: every line break is the
/// formatter's).
pub fn json_project(report: &ProjectJson) -> String {
    let body = serde_json::to_string_pretty(report).expect("report types serialize to plain objects with string keys, which cannot fail");
    let mut s = String::with_capacity(body.len() + body.len() / 8);
    s.push_str("\n    ");
    s.push_str(&body.replace('\n', "\n    "));
    s
}

/// The end of the streamed document: the `projects` array closed (`any`: it has items), then
/// the portfolio summary and the errors.
pub fn json_tail(any: bool, p: &Portfolio, failed: &[Failed]) -> String {
    let whole = json(Some(Vec::new()), p, failed);
    let empty = "\n  \"projects\": []";
    let rest = whole.find(empty).map_or("", |at| &whole[at + empty.len()..]);
    format!("{}{rest}", if any { "\n  ]" } else { "]" })
}

/// The header of the summary CSV: one observation per row.
pub const SUMMARY_HEADER: &[&str] = &["section", "key", "measure", "value"];

/// The portfolio summary as tidy CSV: `section,key,measure,value` (e.g. `country,TH,itmo,1009`).
pub fn summary_csv(p: &Portfolio) -> String {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut row = |section: &str, key: &str, measure: &str, value: String| {
        rows.push([section.to_string(), key.to_string(), measure.to_string(), value]);
    };
    let totals = |row: &mut dyn FnMut(&str, &str, &str, String), section: &str, key: &str, t: &Totals| {
        row(section, key, "credits", t.credits.to_string());
        row(section, key, "reserve", t.reserve.to_string());
        row(section, key, "japan_government", t.japan_government.to_string());
        row(section, key, "itmo", t.itmo.to_string());
        row(section, key, "corresponding_adjustment", t.corresponding_adjustment.to_string());
    };
    row("total", "", "projects_computed", p.computed.to_string());
    row("total", "", "projects_failed", p.failed.to_string());
    totals(&mut row, "total", "", &p.totals);
    row("total", "", "credits_without_issued_date", p.credits_without_issued_date.to_string());
    for l in &p.by_project {
        totals(&mut row, "project", &l.id, &l.totals);
        if let Some(s) = l.stage {
            row("project", &l.id, "stage", s.name().to_string());
        }
    }
    for (code, c) in &p.by_country {
        row("country", code, "projects", c.projects.to_string());
        totals(&mut row, "country", code, &c.totals);
    }
    for (year, v) in &p.by_vintage {
        row("vintage", &year.to_string(), "projects", v.projects.to_string());
        row("vintage", &year.to_string(), "credits", v.credits.to_string());
    }
    for (fy, l) in &p.by_fiscal_year {
        row("fiscal_year", &fy.to_string(), "projects", l.projects.to_string());
        row("fiscal_year", &fy.to_string(), "credits", l.credits.to_string());
        row("fiscal_year", &fy.to_string(), "itmo", l.itmo.to_string());
    }
    for (party, v) in &p.by_party {
        row("party", party.key(), "credits", v.credits.to_string());
        row("party", party.key(), "itmo", v.itmo.to_string());
    }
    for t in &p.targets {
        row("target", &t.name, "tco2", t.tco2.to_string());
        row("target", &t.name, "credits", t.credits.to_string());
        row("target", &t.name, "percent", exact(t.percent));
    }
    super::csv::document(SUMMARY_HEADER, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::{Member, default_targets, summarise};
    use std::path::PathBuf;

    /// The streamed document is the same bytes as the whole one, with any number of projects.
    #[test]
    fn the_streamed_json_is_the_whole_document() {
        let computed: Vec<_> = ["examples/th014-floating-solar", "examples/mv002-addu-mini-grid"]
            .iter()
            .map(|rel| {
                let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
                let (project, _) = crate::pipeline::files::project(&path).expect("loads");
                let calc = crate::pipeline::calculate(&crate::pipeline::files::Disk, &project, None).expect("computes");
                (path, project, calc)
            })
            .collect();
        let failed = [Failed { path: "elsewhere".into(), diagnostics: vec![Diagnostic::new(crate::diag::Code::Io, "gone")] }];
        for n in 0..=computed.len() {
            let done = &computed[..n];
            let members: Vec<Member<'_>> = done.iter().map(|(path, project, calc)| Member { path, project, calc }).collect();
            let summary = summarise(&members, failed.len(), &default_targets(), true).expect("sums");
            let reports: Vec<ProjectJson> = done.iter().map(|(_, p, c)| crate::report::model::build(p, c)).collect();
            let streamed: Vec<String> = reports.iter().map(json_project).collect();
            let streamed = format!("{}{}{}", json_head(), streamed.join(","), json_tail(n > 0, &summary, &failed));
            assert_eq!(streamed, json(Some(reports), &summary, &failed), "{n} projects");
        }
    }
}
