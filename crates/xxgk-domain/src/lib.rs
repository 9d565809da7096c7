//! Domain types of the disclosure platform: agencies (机关) in a hierarchy,
//! staff roles and the pure permission function, audit events and their hash
//! chain, and validation of user input. No IO, no async: everything here is a
//! plain function of its arguments, so the web, store and CLI crates share one
//! meaning of every rule.

pub mod agency;
pub mod audit;
pub mod names;
pub mod role;
pub mod validate;

pub use agency::{Agency, AgencyInput, AgencyKind, OfficeDetails};
pub use audit::{
    AnchorError, AuditAnchor, AuditEvent, AuditKey, AuditRecord, ChainError, ChainVerifier, GENESIS_HASH,
    canonical_json, chain_hash, keyed_chain_hash, verify_chain,
};
pub use names::{NameError, Named};
pub use role::{Action, Relation, Role, can};
pub use validate::ValidationError;
