//! Monitoring data: the streaming CSV reader ([`reader`]), its bucket aggregates
//! ([`aggregate`]), and locating a bad field for a diagnostic ([`locate`]).

pub mod aggregate;
pub mod locate;
pub mod reader;
pub mod rows;

pub use reader::{Monitoring, ReadingCorrection, read};
