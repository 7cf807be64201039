//! Article 6.2 records from computed projects: what a partner country (or Japan) reports for a
//! year in the Agreed Electronic Format ([`aef`]). Pure: it reads the projects and their
//! calculations (serial blocks, ITMO flags, `issued` dates) and never recomputes a credit.
//!
//! For a partner (`--party TH`): the first transfers of ITMOs to Japan whose issuance the Joint
//! Committee decided in the year, one Actions row per serial block of Japan's ITMOs, dated by the
//! period's `issued`; the corresponding adjustment those first transfers need, per vintage and
//! for the year; and its Holdings at 31 December (none: the JCM issues Japan's ITMOs straight
//! into Japan's registry). For Japan (`--party JP`): the same blocks as its acquisitions, and its
//! Holdings at 31 December (every ITMO acquired by then; uses and cancellations are not known to
//! jcm). Fields jcm cannot know are left empty and listed in [`NOT_KNOWN`].

pub mod aef;
pub mod parties;

use crate::compute::Calculation;
use crate::compute::serials::{Block, Holder};
use crate::engine::allocation::Party;
use crate::project::Project;
use crate::project::article6::Purpose;
use aef::{ActionRow, AuthorizationRow, HoldingRow, NA, Submission, Units};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Fields jcm leaves empty, because nothing in a project folder says them: (table, field, why).
pub const NOT_KNOWN: &[(&str, &str, &str)] = &[
    ("Submission", "Version", "the version of the Party's submission"),
    ("Submission", "Date of submission", "set when the Party submits"),
    ("Submission", "First year of the NDC implementation period", "the Party's NDC is not part of a project"),
    ("Submission", "Last year of the NDC implementation period", "the Party's NDC is not part of a project"),
    ("Submission", "Review status of the initial report", "populated by the CARP"),
    ("Submission", "Result of the consistency check of this AEF submission", "populated by the CARP"),
    ("Submission", "Reference to the Article 6 technical expert review report of the initial report", "populated by the CARP"),
    ("Authorizations", "Authorization ID", "empty unless [article6] authorization_id is given (not published for TH014 or MV002)"),
    ("Authorizations", "Date of authorization", "empty unless [article6] authorization_date is given"),
    ("Authorizations", "Version of the authorization", "the partner's record"),
    ("Authorizations", "Authorized quantity", "optional; the authorization's own figure"),
    ("Authorizations", "Authorized entity(ies) ID", "the partner's record"),
    ("Authorizations", "OIMP authorized by the Party", "for an OIMP authorization: which purpose (e.g. CORSIA); NA for NDC only"),
    ("Authorizations", "Authorized timeframe", "optional; the authorization's own terms"),
    ("Authorizations", "Authorization terms and conditions", "optional; the authorization's own terms"),
    ("Authorizations", "Authorization documentation", "populated by the CARP"),
    ("Authorizations, Actions, Holdings", "Applicable GWP value(s)", "stated only for a methodology whose units are all CO2 (GWP 1)"),
    ("Actions", "Action subtype", "the AEF's subtype vocabulary is not applied by jcm"),
    ("Actions", "Party ITMO registry ID", "the registry's id in the common nomenclature"),
    ("Actions", "First ID / Last ID", "filled with jcm's serial identifiers, not the registry's 6/CMA.4 annex I para. 5 identifiers"),
    ("Actions", "Underlying unit registry ID, First unit ID, Last unit ID", "the JCM registries' own unit numbers are not published"),
    ("Actions", "Purpose for which the ITMO has been used towards or cancelled for OIMP", "for OIMP: the purpose; NA for NDC only"),
    ("Actions", "Result of the consistency checks", "populated by the CARP"),
    (
        "Holdings",
        "uses and cancellations",
        "Japan's uses towards its NDC and cancellations are not known to jcm: holdings are every ITMO acquired by 31 December",
    ),
];

/// ITMOs that no year's records include: their period has no `issued` date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undated {
    pub project: String,
    pub period: String,
    pub itmo: i64,
}

/// The AEF records of one Party for one year.
#[derive(Debug, Clone)]
pub struct Aef {
    /// ISO 3166-1 alpha-2 of the reporting Party, as asked for.
    pub party: String,
    pub year: i32,
    pub submission: Submission,
    pub authorizations: Vec<AuthorizationRow>,
    pub actions: Vec<ActionRow>,
    /// ITMOs of the year's first transfers (acquisitions, for Japan) per vintage, in order.
    pub adjustment_by_vintage: Vec<(i32, i64)>,
    pub adjustment_total: i64,
    /// The holdings' date: 31 December of the year.
    pub holdings_date: NaiveDate,
    pub holdings: Vec<HoldingRow>,
    pub undated: Vec<Undated>,
}

impl Aef {
    /// Japan reports its acquisitions; a partner its first transfers.
    pub fn is_japan(&self) -> bool {
        self.party == "JP"
    }
}

/// What a project's rows share.
struct Context<'a> {
    project: &'a Project,
    partner: &'static str,
}

impl Context<'_> {
    fn units(&self, b: &Block) -> Units {
        let m = &self.project.methodology;
        Units {
            cooperative_approach_id: self.project.authorization.cooperative_approach.clone(),
            authorization_id: self.project.authorization.id.clone().unwrap_or_default(),
            first_transferring_party_id: self.partner.to_string(),
            party_itmo_registry_id: String::new(),
            first_id: b.first_id.clone(),
            last_id: b.last_id.clone(),
            underlying_unit_registry_id: String::new(),
            first_unit_id: String::new(),
            last_unit_id: String::new(),
            metric: "GHG".into(),
            gwp_values: gwp(m),
            non_ghg_metric: NA.into(),
            quantity_tco2e: b.credits(),
            quantity_non_ghg: NA.into(),
            mitigation_type: mitigation_type(m).into(),
            vintage: b.vintage,
        }
    }

    fn oimp(&self) -> bool {
        self.project.authorization.purposes.contains(&Purpose::Oimp)
    }

    fn authorization(&self) -> AuthorizationRow {
        let p = self.project;
        let a = &p.authorization;
        let m = &p.methodology;
        let oimp = self.oimp();
        AuthorizationRow {
            authorization_id: a.id.clone().unwrap_or_default(),
            date_of_authorization: a.date.map(|d| d.to_string()).unwrap_or_default(),
            cooperative_approach_id: a.cooperative_approach.clone(),
            version: String::new(),
            authorized_quantity: String::new(),
            metric: "GHG".into(),
            gwp_values: gwp(m),
            non_ghg_metric: NA.into(),
            sectors: m.sectoral_scope.clone().unwrap_or_default(),
            activity_types: format!("{}: {}", m.id, m.title),
            purposes: a.purposes.iter().map(|x| x.aef()).collect::<Vec<_>>().join(", "),
            authorized_party_ids: "JPN".into(),
            authorized_entity_ids: String::new(),
            oimp_authorized: if oimp { String::new() } else { NA.into() },
            authorized_timeframe: String::new(),
            terms_and_conditions: String::new(),
            documentation: String::new(),
            first_transfer_definition_oimp: if oimp {
                a.first_transfer.map(|f| f.aef().to_string()).unwrap_or_default()
            } else {
                NA.into()
            },
            additional_information: format!("JCM project {}: {}", p.id, p.title),
        }
    }
}

/// "CO2 only: GWP 1" when every unit of the methodology is one of CO2 (or has no gas in it);
/// empty otherwise (the GWP values of its factors are not stated in the file).
fn gwp(m: &crate::methodology::Methodology) -> String {
    let other_gas = m.symbols.iter().any(|s| {
        let u = s.unit.text.as_str();
        u.contains("CH4") || u.contains("N2O") || u.contains("CO2e")
    });
    if other_gas { String::new() } else { "CO2 only: GWP 1".into() }
}

/// The AEF's mitigation type, from the methodology's `mitigation` (reduction or removal).
fn mitigation_type(m: &crate::methodology::Methodology) -> &'static str {
    match m.mitigation {
        crate::methodology::model::Mitigation::Reduction => "Emission reductions",
        crate::methodology::model::Mitigation::Removal => "Removals",
    }
}

/// The records of `party` (ISO alpha-2: `JP` or a partner's) for `year`, from the projects given.
pub fn build(items: &[(&Project, &Calculation)], party: &str, year: i32) -> Result<Aef, String> {
    let party = party.trim().to_uppercase();
    let japan = party == "JP";
    if !japan && crate::countries::partner(&party).is_none() {
        return Err(format!("`{party}` is neither JP nor a JCM partner country (`jcm countries` lists them)"));
    }
    let holdings_date = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| format!("{year} is not a year jcm can date (31 December)"))?;
    let reporter = parties::alpha3(&party).expect("Japan and every partner have an alpha-3 code (a test checks the table)");
    let mut aef = Aef {
        party: party.clone(),
        year,
        submission: Submission {
            party: reporter.to_string(),
            version: String::new(),
            reported_year: year,
            date_of_submission: String::new(),
            review_status: String::new(),
            consistency_check_result: String::new(),
            ndc_first_year: String::new(),
            ndc_last_year: String::new(),
            review_report_reference: String::new(),
        },
        authorizations: Vec::new(),
        actions: Vec::new(),
        adjustment_by_vintage: Vec::new(),
        adjustment_total: 0,
        holdings_date,
        holdings: Vec::new(),
        undated: Vec::new(),
    };
    let mut by_vintage: BTreeMap<i32, i64> = BTreeMap::new();
    for (project, calc) in items {
        if !japan && project.country != party {
            continue;
        }
        // A project outside the partner table has no ITMOs (it is not aligned), so no code is needed.
        let Some(partner) = parties::alpha3(&project.country) else { continue };
        let cx = Context { project, partner };
        let mut acted = false;
        for p in &calc.periods {
            let itmos: Vec<&Block> = p.blocks.iter().filter(|b| b.itmo && b.holder == Holder::Party(Party::JapanGovernment)).collect();
            if itmos.is_empty() {
                continue;
            }
            let Some(issued) = project.periods.iter().find(|q| q.id == p.id).and_then(super::project::model::Period::issued_on) else {
                aef.undated.push(Undated {
                    project: project.id.clone(),
                    period: p.id.clone(),
                    itmo: itmos.iter().map(|b| b.credits()).sum(),
                });
                continue;
            };
            for b in &itmos {
                if japan && issued <= holdings_date {
                    aef.holdings.push(HoldingRow { units: cx.units(b), project: project.id.clone(), period: p.id.clone() });
                }
                if chrono::Datelike::year(&issued) != year {
                    continue;
                }
                acted = true;
                let too_many = || "the ITMOs of these projects are too many to add up".to_string();
                let v = by_vintage.entry(b.vintage).or_default();
                *v = v.checked_add(b.credits()).ok_or_else(too_many)?;
                aef.adjustment_total = aef.adjustment_total.checked_add(b.credits()).ok_or_else(too_many)?;
                aef.actions.push(ActionRow {
                    action_date: issued.to_string(),
                    action_type: if japan { "Acquisition" } else { "First transfer" }.into(),
                    action_subtype: String::new(),
                    units: cx.units(b),
                    transferring_party_id: if japan { partner.to_string() } else { NA.into() },
                    acquiring_party_id: if japan { NA.into() } else { "JPN".into() },
                    purpose_oimp: if cx.oimp() { String::new() } else { NA.into() },
                    using_party_id: NA.into(),
                    using_entity_id: NA.into(),
                    ndc_use_year: NA.into(),
                    consistency_check_result: String::new(),
                    additional_information: format!(
                        "JCM project {}, monitoring period {} ({} to {}), serial block {}; issuance decided by the Joint Committee on {issued}",
                        project.id, p.id, p.start, p.end, b.id
                    ),
                    project: project.id.clone(),
                    period: p.id.clone(),
                });
            }
        }
        if acted {
            aef.authorizations.push(cx.authorization());
        }
    }
    aef.adjustment_by_vintage = by_vintage.into_iter().collect();
    Ok(aef)
}
