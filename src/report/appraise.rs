//! `jcm appraise` rendered: per project the criteria with figure, test, verdict and source, the
//! largest admissible subsidy and the values assumed; several projects end with one summary row
//! each. JSON lists the projects; CSV gives one row per project.

use super::json::{FORMAT_VERSION, pretty};
use super::words::new_table;
use super::words::word;
use crate::compute::exante::Figures;
use crate::policy::appraise::{Appraisal, Inputs, Key, ProgrammeChoice, Rules};
use crate::policy::programmes::{self, CREDITS_TO_JAPAN};
use crate::policy::{Setting, exact, percent, thousands};
use serde::Serialize;

/// One project appraised.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub country: String,
    pub methodology: String,
    pub annual: Figures,
    pub programme: ProgrammeChoice,
    pub inputs: Inputs,
    /// Where the appraised subsidy came from (file:line, the command line, --max-subsidy).
    pub subsidy_from: String,
    pub appraisal: Appraisal,
    pub settings: Vec<Setting>,
    pub rules: Rules,
}

impl Row {
    pub fn passes(&self) -> bool {
        self.appraisal.passes
    }
}

pub fn programme_name(p: ProgrammeChoice) -> &'static str {
    match p {
        ProgrammeChoice::MoejEquipment => programmes::find("moej-equipment").map_or("", |p| p.name),
        ProgrammeChoice::GlobalSouth => "Global South co-creation subsidy",
    }
}

fn failed(a: &Appraisal) -> Vec<String> {
    a.criteria.iter().filter(|c| !c.passes).map(|c| word(c.key)).collect()
}

const ROUNDING: &str = "Rounding: cost-effectiveness half-up to whole yen, payback half-up to two decimals, subsidy rate shown to 0.01% and compared exactly; the rounded figures are the ones compared with the thresholds.";

pub fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!("Appraisal of {} ({}) under the {}\n", r.id, r.title, programme_name(r.programme)));
        out.push_str(&format!(
            "Expected credits: {} a year (ex-ante estimate: ER {} tCO2 a year, from [estimate])\n",
            thousands(r.annual.credits.into()),
            thousands(r.annual.er)
        ));
        out.push_str(&format!(
            "Investment {} JPY; subsidy appraised {} JPY ({})\n",
            thousands(r.inputs.investment),
            thousands(r.inputs.subsidy),
            r.subsidy_from
        ));
        let mut t = new_table(&["Criterion", "Figure", "Test", "Verdict", "Source"], &[1]);
        for c in &r.appraisal.criteria {
            t.add_row(vec![
                c.key.label().to_string(),
                c.shown.clone(),
                c.test.clone(),
                if c.passes { "passes".into() } else { "FAILS".into() },
                format!("[{}] {}", c.reference.confidence.label(), c.reference.cite),
            ]);
        }
        out.push_str(&format!("{t}\n"));
        for c in &r.appraisal.criteria {
            if let Some(n) = &c.note {
                out.push_str(&format!("  {}: {n}\n", c.key.label()));
            }
        }
        out.push_str(&match r.appraisal.max_subsidy {
            Some(m) => format!("Largest admissible subsidy under this programme: {} JPY (every criterion met; one yen more fails one)\n", thousands(m)),
            None => "Largest admissible subsidy under this programme: none (a criterion that does not depend on the subsidy fails, or no amount meets them all)\n".into(),
        });
        let f = failed(&r.appraisal);
        out.push_str(&if r.passes() {
            "Verdict: every criterion passes.\n".to_string()
        } else if f.is_empty() {
            "Verdict: FAILS.\n".to_string()
        } else {
            format!("Verdict: FAILS ({}).\n", f.join(", "))
        });
        out.push_str(&super::settings::table(&r.settings));
        out.push_str(ROUNDING);
        out.push('\n');
        out.push_str(CREDITS_TO_JAPAN);
        out.push_str(" [confirmed (briefing)]\n\n");
    }
    if rows.len() > 1 {
        let mut t = new_table(&["Project", "Programme", "Credits a year", "Subsidy", "Largest admissible", "Verdict"], &[2, 3, 4]);
        for r in rows {
            t.add_row(vec![
                r.id.clone(),
                word(r.programme),
                thousands(r.annual.credits.into()),
                thousands(r.inputs.subsidy),
                r.appraisal.max_subsidy.map_or_else(|| "none".into(), thousands),
                if r.passes() { "passes".into() } else { format!("FAILS ({})", failed(&r.appraisal).join(", ")) },
            ]);
        }
        out.push_str(&format!("Summary, one row per project:\n{t}\n"));
    }
    out
}

#[derive(Serialize)]
struct Doc {
    format_version: u32,
    passes: bool,
    credits_to_japan: &'static str,
    projects: Vec<ProjectJson>,
}

#[derive(Serialize)]
struct ProjectJson {
    project: Header,
    programme: ProgrammeChoice,
    programme_name: &'static str,
    annual_er: String,
    annual_credits: i64,
    finance: FinanceJson,
    criteria: Vec<CriterionJson>,
    max_subsidy: Option<String>,
    passes: bool,
    settings: Vec<super::settings::SettingJson>,
}

#[derive(Serialize)]
struct Header {
    id: String,
    title: String,
    country: String,
    methodology: String,
}

#[derive(Serialize)]
struct FinanceJson {
    investment: String,
    subsidy: String,
    subsidy_from: String,
    annual_savings: String,
    durable_years: String,
    similar_projects: u32,
    japan_share: Option<String>,
}

#[derive(Serialize)]
struct CriterionJson {
    criterion: Key,
    value: Option<String>,
    shown: String,
    test: String,
    passes: bool,
    source: &'static str,
    confidence: crate::policy::Confidence,
    note: Option<String>,
}

pub fn json(rows: &[Row]) -> String {
    let projects = rows
        .iter()
        .map(|r| ProjectJson {
            project: Header { id: r.id.clone(), title: r.title.clone(), country: r.country.clone(), methodology: r.methodology.clone() },
            programme: r.programme,
            programme_name: programme_name(r.programme),
            annual_er: exact(r.annual.er),
            annual_credits: r.annual.credits,
            finance: FinanceJson {
                investment: exact(r.inputs.investment),
                subsidy: exact(r.inputs.subsidy),
                subsidy_from: r.subsidy_from.clone(),
                annual_savings: exact(r.inputs.annual_savings),
                durable_years: exact(r.inputs.durable_years),
                similar_projects: r.inputs.similar_projects,
                japan_share: r.inputs.japan_share.map(exact),
            },
            criteria: r
                .appraisal
                .criteria
                .iter()
                .map(|c| CriterionJson {
                    criterion: c.key,
                    value: c.value.map(exact),
                    shown: c.shown.clone(),
                    test: c.test.clone(),
                    passes: c.passes,
                    source: c.reference.cite,
                    confidence: c.reference.confidence,
                    note: c.note.clone(),
                })
                .collect(),
            max_subsidy: r.appraisal.max_subsidy.map(exact),
            passes: r.passes(),
            settings: super::settings::json(&r.settings),
        })
        .collect();
    pretty(&Doc { format_version: FORMAT_VERSION, passes: rows.iter().all(Row::passes), credits_to_japan: CREDITS_TO_JAPAN, projects })
}

pub const CSV_HEADER: &[&str] = &[
    "project",
    "programme",
    "annual_credits",
    "investment",
    "subsidy",
    "annual_savings",
    "durable_years",
    "similar_projects",
    "cost_effectiveness",
    "payback_years",
    "subsidy_rate",
    "rate_cap",
    "japan_share",
    "max_subsidy",
    "failed",
    "passes",
];

pub fn csv(rows: &[Row]) -> String {
    let value = |r: &Row, k: Key| r.appraisal.criteria.iter().find(|c| c.key == k).and_then(|c| c.value).map(exact).unwrap_or_default();
    let cap = |r: &Row| match &r.rules {
        Rules::Moej { caps, .. } => caps.cap(r.inputs.similar_projects).map_or_else(|| "none".into(), percent),
        Rules::GlobalSouth { rate_cap, .. } => rate_cap.to_string(),
    };
    let moej = |r: &Row, s: String| if r.programme == ProgrammeChoice::MoejEquipment { s } else { String::new() };
    super::csv::document(
        CSV_HEADER,
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                word(r.programme),
                r.annual.credits.to_string(),
                exact(r.inputs.investment),
                exact(r.inputs.subsidy),
                moej(r, exact(r.inputs.annual_savings)),
                moej(r, exact(r.inputs.durable_years)),
                moej(r, r.inputs.similar_projects.to_string()),
                value(r, Key::CostEffectiveness),
                value(r, Key::Payback),
                value(r, Key::SubsidyRate),
                cap(r),
                r.inputs.japan_share.map(exact).unwrap_or_default(),
                r.appraisal.max_subsidy.map(exact).unwrap_or_default(),
                failed(&r.appraisal).join(";"),
                r.passes().to_string(),
            ]
        }),
    )
}
