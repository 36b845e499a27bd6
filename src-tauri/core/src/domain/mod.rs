//! Pure rules: no IO, no SQL; time is passed in.
pub mod audit;
pub mod campaign;
pub mod case;
pub mod catalog;
pub mod classify;
pub mod correction;
pub mod customer;
pub mod deadline;
pub mod error;
pub mod followup;
pub mod improvement;
pub mod kpi;
pub mod letterhead;
pub mod lifecycle;
pub mod privacy;
pub mod reply;
pub mod screen_pop;
pub mod signin;
pub mod sites;
pub mod step;
pub mod types;

pub use error::{DeskError, DeskResult, ErrorCode};
