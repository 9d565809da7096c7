//! The annual report (政府信息公开工作年度报告) as data.
//!
//! Owns both national templates (2019 trial format, 2021 format) as typed
//! tables ([`Report`]), every label of the templates written once
//! ([`labels`]), the canonical interchange JSON ([`json`]) and every check of
//! `annual-report-format.md` §4 ([`check`]). Pure: no IO, no async, no
//! framework; the importers, renderers, CLI and platform all build on it.

pub mod check;
pub mod identity;
pub mod json;
pub mod labels;
pub mod path;
pub mod report;
pub mod sample;
pub mod template;
pub mod text;

pub use check::{AgencyKind, CheckId, Context, DocumentFacts, Finding, Location, Severity, VariantUse, check};
pub use json::{JsonError, facts_from_value, facts_to_value, finding_to_value, from_json, to_json_pretty, to_value};
pub use labels::{Section, T2Field, T2Row, T3Col, T3Row, T4Group};
pub use path::CellPath;
pub use report::{Narrative, Report, Table2, Table2V2019, Table2V2021, Table3, Table4, Unfilled, Value};
pub use rust_decimal::Decimal;
pub use template::Template;
