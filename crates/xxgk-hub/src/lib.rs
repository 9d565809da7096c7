//! The annual-report hub's rules, free of storage and HTTP: the workflow of a
//! report version (draft → submitted → approved → published → superseded),
//! publication deadlines and lateness per kind of body, the roll-up of a
//! subtree's tables, the dashboard's CSV export, and matching an uploaded
//! document to its agency by the name it prints.

pub mod chart;
pub mod csv;
pub mod deadline;
pub mod matching;
pub mod rollup;
pub mod seed;
pub mod workflow;

pub use deadline::{DeadlinePolicy, DueDay, Timeliness, timeliness};
pub use matching::{AgencyMatch, match_agency};
pub use rollup::Rollup;
pub use workflow::{Action, ReportState, WorkflowError};
