//! The JSON of a project's cycle (`cycle`) and of each period's dates and serial blocks
//! (`verified`, `issued`, `blocks`): parts of the report model, which [`super::model`] builds
//! once. The blocks come from [`crate::compute::serials`], the stage from
//! [`crate::project::cycle`]; no renderer calls these.

use crate::compute::PeriodResult;
use crate::compute::serials::{Block, Holder};
use crate::project::Project;
use serde::Serialize;

#[derive(Serialize)]
pub struct CycleJson {
    pub pin_submitted: Option<String>,
    pub methodology_approved: Option<String>,
    pub validated: Option<String>,
    pub registered: Option<String>,
    /// The furthest milestone with a date.
    pub stage: &'static str,
}

#[derive(Serialize)]
pub struct BlockJson {
    pub id: String,
    pub party: &'static str,
    pub vintage: i32,
    pub first: String,
    pub last: String,
    pub credits: i64,
    pub itmo: bool,
    /// Who holds it, for the tables.
    #[serde(skip)]
    pub holder: Holder,
}

/// The project's cycle, or `None` when it gives no date at all.
pub fn cycle(project: &Project) -> Option<CycleJson> {
    let stage = project.stage()?;
    let [pin, methodology, validated, registered] = project.cycle.milestones().map(|(_, d)| d.map(|d| d.to_string()));
    Some(CycleJson { pin_submitted: pin, methodology_approved: methodology, validated, registered, stage: stage.name() })
}

pub fn blocks(blocks: &[Block]) -> Vec<BlockJson> {
    blocks
        .iter()
        .map(|b| BlockJson {
            id: b.id.clone(),
            party: b.holder.key(),
            vintage: b.vintage,
            first: b.first_id.clone(),
            last: b.last_id.clone(),
            credits: b.credits(),
            itmo: b.itmo,
            holder: b.holder,
        })
        .collect()
}

/// A period's `verified` and `issued` dates, as written in project.toml.
pub fn dates(project: &Project, p: &PeriodResult) -> (Option<String>, Option<String>) {
    let period = project.periods.iter().find(|q| q.id == p.id);
    let show = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    (
        show(period.and_then(super::super::project::model::Period::verified_on)),
        show(period.and_then(super::super::project::model::Period::issued_on)),
    )
}
