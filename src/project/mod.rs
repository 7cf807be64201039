//! Projects: project.toml mirrored as-is ([`raw`]) and validated against its methodology into
//! the model ([`model`], [`load`]); `[ccs]` of CCS and CCUS projects in [`ccs`]; the `[buffer]` of other
//! reversible projects in [`buffer`].

pub mod allocation;
pub mod article6;
pub mod buffer;
pub mod ccs;
pub mod corrections;
pub mod cycle;
pub mod estimate;
pub mod history;
pub mod load;
pub mod model;
pub mod monitoring;
pub mod options;
pub mod periods;
pub mod raw;
pub mod values;

pub use buffer::Buffer;
pub use ccs::Ccs;
pub use model::{Allocation, Attr, Estimate, HistoryStep, Period, Point, Project};
