//! Projects: project.toml mirrored as-is ([`raw`]) and validated against its methodology into
//! the model ([`model`], [`load`]).

pub mod corrections;
pub mod estimate;
pub mod history;
pub mod load;
pub mod model;
pub mod options;
pub mod raw;

pub use load::load;
pub use model::{Allocation, Attr, Estimate, HistoryStep, Period, Point, Project};
