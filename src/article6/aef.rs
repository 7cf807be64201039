//! The four tables of the Agreed Electronic Format (AEF) that `jcm article6` fills: Submission,
//! Authorizations, Actions and Holdings, with their fields in the AEF's order and under its
//! labels (decision 6/CMA.4, annex II, as revised at CMA.6; docs/article6.md maps each field).
//! Each row is a struct whose fields serialize, in order, to the JSON keys; `LABELS` gives the
//! AEF's column labels in the same order, for CSV. Text fields the AEF calls "not applicable"
//! hold `NA`; a field jcm cannot know is empty (`""`) and named in [`super::NOT_KNOWN`].

use serde::Serialize;

/// "Not applicable", as the AEF writes it.
pub const NA: &str = "NA";

/// Table 1: Submission.
#[derive(Debug, Clone, Serialize)]
pub struct Submission {
    pub party: String,
    pub version: String,
    pub reported_year: i32,
    pub date_of_submission: String,
    pub review_status: String,
    pub consistency_check_result: String,
    pub ndc_first_year: String,
    pub ndc_last_year: String,
    pub review_report_reference: String,
}

impl Submission {
    pub const LABELS: [&'static str; 9] = [
        "Party",
        "Version",
        "Reported year",
        "Date of submission",
        "Review status of the initial report",
        "Result of the consistency check of this AEF submission",
        "First year of the NDC implementation period",
        "Last year of the NDC implementation period",
        "Reference to the Article 6 technical expert review report of the initial report",
    ];

    pub fn cells(&self) -> Vec<String> {
        vec![
            self.party.clone(),
            self.version.clone(),
            self.reported_year.to_string(),
            self.date_of_submission.clone(),
            self.review_status.clone(),
            self.consistency_check_result.clone(),
            self.ndc_first_year.clone(),
            self.ndc_last_year.clone(),
            self.review_report_reference.clone(),
        ]
    }
}

/// Table 2: Authorizations, one row per project authorization.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorizationRow {
    pub authorization_id: String,
    pub date_of_authorization: String,
    pub cooperative_approach_id: String,
    pub version: String,
    pub authorized_quantity: String,
    pub metric: String,
    pub gwp_values: String,
    pub non_ghg_metric: String,
    pub sectors: String,
    pub activity_types: String,
    pub purposes: String,
    pub authorized_party_ids: String,
    pub authorized_entity_ids: String,
    pub oimp_authorized: String,
    pub authorized_timeframe: String,
    pub terms_and_conditions: String,
    pub documentation: String,
    pub first_transfer_definition_oimp: String,
    pub additional_information: String,
}

impl AuthorizationRow {
    pub const LABELS: [&'static str; 19] = [
        "Authorization ID",
        "Date of authorization",
        "Cooperative approach ID",
        "Version of the authorization",
        "Authorized quantity",
        "Metric",
        "Applicable GWP value(s)",
        "Applicable non-GHG metric",
        "Sector(s)",
        "Activity type(s)",
        "Purposes for authorization",
        "Authorized Party(ies) ID",
        "Authorized entity(ies) ID",
        "OIMP authorized by the Party",
        "Authorized timeframe",
        "Authorization terms and conditions",
        "Authorization documentation",
        "First transfer definition for OIMP",
        "Additional explanatory information",
    ];

    pub fn cells(&self) -> Vec<String> {
        [
            &self.authorization_id,
            &self.date_of_authorization,
            &self.cooperative_approach_id,
            &self.version,
            &self.authorized_quantity,
            &self.metric,
            &self.gwp_values,
            &self.non_ghg_metric,
            &self.sectors,
            &self.activity_types,
            &self.purposes,
            &self.authorized_party_ids,
            &self.authorized_entity_ids,
            &self.oimp_authorized,
            &self.authorized_timeframe,
            &self.terms_and_conditions,
            &self.documentation,
            &self.first_transfer_definition_oimp,
            &self.additional_information,
        ]
        .into_iter()
        .cloned()
        .collect()
    }
}

/// The fields an Actions row and a Holdings row share: which ITMOs, how many, of what.
#[derive(Debug, Clone, Serialize)]
pub struct Units {
    pub cooperative_approach_id: String,
    pub authorization_id: String,
    pub first_transferring_party_id: String,
    pub party_itmo_registry_id: String,
    pub first_id: String,
    pub last_id: String,
    pub underlying_unit_registry_id: String,
    pub first_unit_id: String,
    pub last_unit_id: String,
    pub metric: String,
    pub gwp_values: String,
    pub non_ghg_metric: String,
    pub quantity_tco2e: i64,
    pub quantity_non_ghg: String,
    pub mitigation_type: String,
    pub vintage: i32,
}

impl Units {
    fn cells(&self) -> Vec<String> {
        vec![
            self.cooperative_approach_id.clone(),
            self.authorization_id.clone(),
            self.first_transferring_party_id.clone(),
            self.party_itmo_registry_id.clone(),
            self.first_id.clone(),
            self.last_id.clone(),
            self.underlying_unit_registry_id.clone(),
            self.first_unit_id.clone(),
            self.last_unit_id.clone(),
            self.metric.clone(),
            self.gwp_values.clone(),
            self.non_ghg_metric.clone(),
            self.quantity_tco2e.to_string(),
            self.quantity_non_ghg.clone(),
            self.mitigation_type.clone(),
            self.vintage.to_string(),
        ]
    }
}

/// Table 3: Actions, one row per serial block of ITMOs first transferred (or, for Japan, acquired).
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub action_date: String,
    pub action_type: String,
    pub action_subtype: String,
    #[serde(flatten)]
    pub units: Units,
    pub transferring_party_id: String,
    pub acquiring_party_id: String,
    pub purpose_oimp: String,
    pub using_party_id: String,
    pub using_entity_id: String,
    pub ndc_use_year: String,
    pub consistency_check_result: String,
    pub additional_information: String,
    /// jcm's own: where the row comes from (not AEF fields).
    pub project: String,
    pub period: String,
}

impl ActionRow {
    pub const LABELS: [&'static str; 27] = [
        "Action date",
        "Action type",
        "Action subtype",
        "Cooperative approach ID",
        "Authorization ID",
        "First transferring participating Party ID",
        "Party ITMO registry ID",
        "First ID",
        "Last ID",
        "Underlying unit registry ID",
        "First unit ID",
        "Last unit ID",
        "Metric",
        "Applicable GWP value(s)",
        "Applicable non-GHG metric",
        "Quantity (t CO2 eq)",
        "Quantity (in non-GHG metric)",
        "Mitigation type",
        "Vintage",
        "Transferring participating Party ID",
        "Acquiring participating Party ID",
        "Purpose for which the ITMO has been used towards or cancelled for OIMP",
        "Using/cancelling participating Party ID",
        "Using/cancelling authorized entity ID",
        "Calendar year for which the ITMOs are used towards the Party's NDC",
        "Result of the consistency checks",
        "Additional explanatory information",
    ];

    /// The AEF cells, in [`Self::LABELS`] order (without jcm's `project` and `period`).
    pub fn cells(&self) -> Vec<String> {
        let mut out = vec![self.action_date.clone(), self.action_type.clone(), self.action_subtype.clone()];
        out.extend(self.units.cells());
        out.extend(
            [
                &self.transferring_party_id,
                &self.acquiring_party_id,
                &self.purpose_oimp,
                &self.using_party_id,
                &self.using_entity_id,
                &self.ndc_use_year,
                &self.consistency_check_result,
                &self.additional_information,
            ]
            .into_iter()
            .cloned(),
        );
        out
    }
}

/// Table 4: Holdings at 31 December of the reported year, one row per serial block held.
#[derive(Debug, Clone, Serialize)]
pub struct HoldingRow {
    #[serde(flatten)]
    pub units: Units,
    /// jcm's own: where the block comes from (not AEF fields).
    pub project: String,
    pub period: String,
}

impl HoldingRow {
    pub const LABELS: [&'static str; 16] = [
        "Cooperative approach ID",
        "Authorization ID",
        "First transferring participating Party ID",
        "Party ITMO registry ID",
        "First ID",
        "Last ID",
        "Underlying unit registry ID",
        "First unit ID",
        "Last unit ID",
        "Metric",
        "Applicable GWP value(s)",
        "Applicable non-GHG metric",
        "Quantity (t CO2 eq)",
        "Quantity (in non-GHG metric)",
        "Mitigation type",
        "Vintage",
    ];

    pub fn cells(&self) -> Vec<String> {
        self.units.cells()
    }
}
