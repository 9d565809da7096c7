//! One way for every closed set of names (states, events, channels, kinds):
//! the `Named` trait lives in `xxgk-domain` so that casework, proactive
//! disclosure and the platform share it.

pub use xxgk_domain::names::{NameError, Named};
