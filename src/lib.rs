//! `jcm`: exact greenhouse-gas emission-reduction and credit-issuance calculations for Japan's
//! Joint Crediting Mechanism.
//!
//! The pipeline ([`pipeline`], the one place that orders a calculation's I/O), one module per
//! step:
//!
//! 1. **load** — [`methodology`] (TOML → validated model with compiled, unit-checked equations)
//!    and [`project`] (project.toml → points, periods, values, allocation);
//! 2. **row plan** — [`rows`]: the row equations and the static values they start from, built
//!    before reading and handed to the reader;
//! 3. **read** — [`monitoring`] streams the readings into period buckets (with the meter
//!    corrections [`compute::correct`] resolved from a plain read when needed);
//! 4. **calculate** — [`compute`] (pure) binds values per period, evaluates the equations with the
//!    pure [`engine`], and turns ER into whole credits, vintages and party shares;
//! 5. **report** — [`report::model`] builds one typed report per project, which [`report`]
//!    renders as tables, JSON and CSV.
//!
//! Several projects at once: [`cmd::discover`] expands the command line into project folders,
//! [`batch`] computes them on all cores in a fixed order (with a [`progress`] bar for people),
//! and [`portfolio`] adds them up by project, partner country, vintage and party.
//!
//! Problems anywhere become [`diag::Diagnostic`]s with a stable code and a location.

pub mod article6;
pub mod batch;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod compute;
pub mod countries;
pub mod diag;
pub mod digest;
pub mod engine;
pub mod inputs;
pub mod methodology;
pub mod monitoring;
pub mod pipeline;
pub mod policy;
pub mod portfolio;
pub mod progress;
pub mod project;
pub mod report;
pub mod rows;
pub mod scaffold;
pub mod tomlx;
pub mod verify;
