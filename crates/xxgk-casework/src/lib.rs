//! Request casework (依申请公开) as data: the pure core that the store, the
//! web pages, the API and the CLI all call.
//!
//! - [`applicant`]: applicant kinds (the six table-三 columns) and personal
//!   data that masks itself in `Debug`/`Display`;
//! - [`case`]: the case record, validated against its events;
//! - [`channel`]: how an application arrived and the 第三十一条 receipt rule;
//! - [`state`]: case states and events (transitions), each name and label once;
//! - [`clock`]: the due date as a pure function of the events, over
//!   `xxgk-calendar`, explained line by line with its legal basis;
//! - [`decision`] and [`citation`]: outcomes (table-三 rows), default
//!   articles, required reasons, the form of provision;
//! - [`letter`]: the letters as a content model (rendered by `xxgk-render`);
//! - [`fee`]: the 信息处理费 tariffs and the monthly per-applicant count;
//! - [`register`]: the 复议/诉讼 register;
//! - [`tables`]: tables 三 and 四 of the annual report from cases.
//!
//! No IO, no async, no clock of its own: "today" is always an argument.

pub mod applicant;
pub mod case;
pub mod channel;
pub mod citation;
pub mod clock;
pub mod decision;
pub mod fee;
pub mod letter;
pub mod names;
pub mod register;
pub mod sample;
pub mod state;
pub mod tables;

pub use applicant::{Applicant, ApplicantError, ApplicantKind};
pub use case::{Case, CaseError};
pub use channel::Channel;
pub use citation::Citation;
pub use clock::{Approval, Clock, ClockError, ClockLine, ClockSettings, Event, Pause, Urgency, evaluate};
pub use decision::{Decision, DecisionDraft, DecisionError, InfoForm, Outcome, Provision, ResponsibleOrgan};
pub use names::{NameError, Named};
pub use state::{CaseState, DeliveryMethod, EventKind, Party};
