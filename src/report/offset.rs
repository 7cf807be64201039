//! `jcm offset` rendered: the year's figures, the GX-ETS obligation and allowances or the SHK
//! reporting tests, the rules applied with their sources, and the values assumed. CSV gives one
//! figure per row.

use super::json::{FORMAT_VERSION, pretty};
use super::words::new_table;
use super::words::word;
use crate::policy::offset::{Outcome, Rule, Scheme, Year};
use crate::policy::{Confidence, Setting, exact, thousands};
use rust_decimal::Decimal;
use serde::Serialize;

/// One company's year, computed.
#[derive(Debug, Clone)]
pub struct Report {
    pub file: String,
    pub year: Year,
    pub outcome: Outcome,
    pub rules: Vec<Rule>,
    pub settings: Vec<Setting>,
}

impl Report {
    fn result_name(&self) -> &'static str {
        match self.year.scheme {
            Scheme::GxEts => "compliance_emissions",
            Scheme::Shk => "adjusted_emissions",
        }
    }
}

/// Every figure in order: (measure, value, unit, label).
fn figures(r: &Report) -> Vec<(&'static str, Decimal, &'static str, String)> {
    let (y, o) = (&r.year, &r.outcome);
    let mut v = vec![
        ("energy_co2", y.energy_co2, "tCO2", "Energy-origin CO2".to_string()),
        ("process_co2", y.process_co2, "tCO2", "Non-energy-origin CO2".to_string()),
        ("emissions", o.emissions, "tCO2", "Emissions (energy + non-energy)".to_string()),
        ("jcm_cancelled", y.jcm_cancelled, "credits", "JCM credits cancelled".to_string()),
        ("jcredit_cancelled", y.jcredit_cancelled, "credits", "J-Credits cancelled".to_string()),
        ("credits_offered", o.credits.offered, "credits", "Credits offered".to_string()),
    ];
    if let Some(cap) = o.credits.cap {
        v.push(("credit_cap", cap, "tCO2", "Cap on credits".to_string()));
    }
    v.push(("credits_used", o.credits.usable, "credits", "Credits used".to_string()));
    v.push(("credits_unusable", o.credits.unusable, "credits", "Credits that cannot be used".to_string()));
    v.push(("transferred_out", y.transferred_out, "credits", "Credits transferred to others (added back)".to_string()));
    let label = match y.scheme {
        Scheme::GxEts => "Compliance emissions",
        Scheme::Shk => "Adjusted emissions",
    };
    v.push((r.result_name(), o.result, "tCO2", label.to_string()));
    if let Some(ob) = &o.obligation {
        v.push(("past_direct_emissions_mean", ob.average, "tCO2", "Mean direct emissions, three previous years".to_string()));
    }
    if let Some(a) = &o.allowances {
        v.push(("allocation", a.allocation, "tCO2", "Allowances allocated free".to_string()));
        v.push(("allowances_needed", a.needed, "tCO2", "Allowances still needed".to_string()));
        v.push(("allowances_surplus", a.surplus, "tCO2", "Allowances left over".to_string()));
        v.push(("cost_at_floor", a.cost_at_floor, "JPY", "Cost at the lower price".to_string()));
        v.push(("cost_at_ceiling", a.cost_at_ceiling, "JPY", "Cost at the upper price".to_string()));
        v.push(("payment_at_ceiling", a.cost_at_ceiling, "JPY", "Payment if the shortfall is settled at the upper price".to_string()));
    }
    v
}

fn cite(reference: crate::policy::Reference) -> String {
    format!("[{}] {}", reference.confidence.label(), reference.cite)
}

pub fn table(r: &Report) -> String {
    let mut out = format!("{}, FY{}: {}\n", r.year.scheme.label(), r.year.fiscal_year, r.file);
    let mut t = new_table(&["Figure", "Value", "Unit"], &[1]);
    for (_, v, unit, label) in figures(r) {
        t.add_row(vec![label, thousands(v), unit.to_string()]);
    }
    out.push_str(&format!("{t}\n"));
    let o = &r.outcome;
    if r.year.scheme == Scheme::GxEts {
        out.push_str(&match &o.obligation {
            Some(ob) if ob.obliged => format!(
                "Obliged under the GX-ETS: the mean of the three previous years, {} tCO2, reaches the threshold.\n",
                thousands(ob.average)
            ),
            Some(ob) => format!(
                "Not obliged under the GX-ETS: the mean of the three previous years, {} tCO2, is below the threshold.\n",
                thousands(ob.average)
            ),
            None => "Obligation not decided: give past_direct_emissions (the three previous fiscal years).\n".into(),
        });
        if o.allowances.is_none() {
            out.push_str("Allowances not computed: give allocation (the allowances allocated free for the year).\n");
        }
    }
    for test in &o.reporting {
        let verdict = match test.must_report {
            Some(true) => "must report",
            Some(false) => "need not report",
            None => "not decided",
        };
        out.push_str(&format!("SHK, {}: {verdict} ({}; {}).\n", test.gas, test.test, test.note));
    }
    out.push_str("Rules applied:\n");
    for (i, rule) in r.rules.iter().enumerate() {
        out.push_str(&format!("  {}. {} — {}\n", i + 1, rule.text, cite(rule.reference)));
    }
    out.push_str(&super::settings::table(&r.settings));
    out
}

#[derive(Serialize)]
struct Doc {
    format_version: u32,
    file: String,
    scheme: Scheme,
    fiscal_year: i32,
    figures: Vec<FigureJson>,
    obligation: Option<ObligationJson>,
    reporting: Vec<TestJson>,
    rules: Vec<RuleJson>,
    settings: Vec<super::settings::SettingJson>,
}

#[derive(Serialize)]
struct FigureJson {
    measure: &'static str,
    value: String,
    unit: &'static str,
}

#[derive(Serialize)]
struct ObligationJson {
    past_direct_emissions: Vec<String>,
    mean: String,
    obliged: bool,
}

#[derive(Serialize)]
struct TestJson {
    gas: &'static str,
    test: String,
    must_report: Option<bool>,
    note: String,
}

#[derive(Serialize)]
struct RuleJson {
    rule: String,
    source: &'static str,
    confidence: Confidence,
}

pub fn json(r: &Report) -> String {
    let doc = Doc {
        format_version: FORMAT_VERSION,
        file: r.file.clone(),
        scheme: r.year.scheme,
        fiscal_year: r.year.fiscal_year,
        figures: figures(r).into_iter().map(|(measure, v, unit, _)| FigureJson { measure, value: exact(v), unit }).collect(),
        obligation: r.outcome.obligation.as_ref().map(|ob| ObligationJson {
            past_direct_emissions: r.year.past_direct_emissions.iter().flatten().map(|x| exact(*x)).collect(),
            mean: exact(ob.average),
            obliged: ob.obliged,
        }),
        reporting: r
            .outcome
            .reporting
            .iter()
            .map(|t| TestJson { gas: t.gas, test: t.test.clone(), must_report: t.must_report, note: t.note.clone() })
            .collect(),
        rules: r
            .rules
            .iter()
            .map(|x| RuleJson { rule: x.text.clone(), source: x.reference.cite, confidence: x.reference.confidence })
            .collect(),
        settings: super::settings::json(&r.settings),
    };
    pretty(&doc)
}

pub const CSV_HEADER: &[&str] = &["scheme", "fiscal_year", "measure", "value", "unit"];

pub fn csv(r: &Report) -> String {
    let scheme = word(r.year.scheme);
    let fy = r.year.fiscal_year.to_string();
    let mut rows: Vec<Vec<String>> =
        figures(r).into_iter().map(|(m, v, unit, _)| vec![scheme.clone(), fy.clone(), m.to_string(), exact(v), unit.to_string()]).collect();
    if let Some(ob) = &r.outcome.obligation {
        rows.push(vec![scheme.clone(), fy.clone(), "obliged".into(), ob.obliged.to_string(), String::new()]);
    }
    for t in &r.outcome.reporting {
        let key = match t.gas {
            "energy-origin CO2" => "must_report_energy_co2",
            _ => "must_report_process_co2",
        };
        rows.push(vec![scheme.clone(), fy.clone(), key.into(), t.must_report.map(|b| b.to_string()).unwrap_or_default(), String::new()]);
    }
    super::csv::document(CSV_HEADER, rows)
}
