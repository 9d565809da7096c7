//! Plain records the store reads and writes (accounts, sessions, tokens,
//! audit filters) and the actor of a change.

use serde::{Deserialize, Serialize};
use xxgk_domain::Role;

/// Who makes a change, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
}

impl Actor {
    /// A signed-in account.
    pub fn user(user: &User) -> Self {
        Self { user_id: Some(user.id), name: user.username.clone() }
    }

    /// A non-account actor, e.g. `cli` or `system:demo`.
    pub fn system(name: &str) -> Self {
        Self { user_id: None, name: name.to_string() }
    }
}

/// A staff account (never carries the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub agency_id: i64,
    pub role: Role,
    pub disabled: bool,
    pub created_at_ms: i64,
}

/// A new account; `password_hash` is an Argon2id PHC string.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub agency_id: i64,
    pub role: Role,
    pub password_hash: String,
}

/// A live sign-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_ms: i64,
}

/// An API token's metadata (the secret itself is shown once and never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at_ms: i64,
    pub last_used_ms: Option<i64>,
    pub revoked: bool,
}

/// Audit log query. `agency_ids: Some(..)` restricts to those agencies
/// (records without an agency are then excluded).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub agency_ids: Option<Vec<i64>>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Only records with a smaller id (paging backwards).
    pub before_id: Option<i64>,
    /// At most this many (capped at 1000; 0 means 100).
    pub limit: i64,
}

/// What a backup did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupOutcome {
    /// A file was written.
    Written { bytes: u64 },
    /// The backend cannot copy itself; use `pg_dump` with this URL.
    UsePgDump { url: String },
}

/// One stored version of an agency's annual report for a year. The report
/// itself is the canonical JSON of `report-json.md` (the store does not read
/// it); `state` is the workflow state's machine name (`draft` … `superseded`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportVersion {
    pub id: i64,
    pub agency_id: i64,
    pub year: i32,
    /// 1, 2, 3 … per agency and year.
    pub version: i64,
    pub state: String,
    pub report_json: String,
    /// The uploaded file's name, empty when entered in the form.
    pub source_name: String,
    /// JSON array of `[cell path, where it was read]` pairs from the import.
    pub provenance_json: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub submitted_at_ms: Option<i64>,
    pub approved_at_ms: Option<i64>,
    pub published_at_ms: Option<i64>,
    pub superseded_at_ms: Option<i64>,
}

/// A new draft version.
#[derive(Debug, Clone)]
pub struct NewReportVersion {
    pub agency_id: i64,
    pub year: i32,
    pub report_json: String,
    pub source_name: String,
    pub provenance_json: String,
}

/// Which report versions to list (`None` = all).
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub agency_ids: Option<Vec<i64>>,
    pub years: Option<Vec<i32>>,
    /// Leave `report_json` and `provenance_json` empty (lists that only need
    /// states and dates, or that read reports through a cache).
    pub metadata_only: bool,
}

/// The states in which a version is still being worked on.
pub const OPEN_REPORT_STATES: [&str; 3] = ["draft", "submitted", "approved"];

/// Where a file of a batch import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchFileState {
    /// Waiting to be read.
    Queued,
    /// Being read and filed now.
    Working,
    /// Filed as a draft of an agency's report (`version_id`).
    Filed,
    /// Read, but the agency is not certain: waits for the supervisor.
    Confirm,
    /// Could not be read or filed (`problem` says why).
    Failed,
    /// The supervisor chose not to file it.
    Dismissed,
}

impl BatchFileState {
    pub const ALL: [Self; 6] = [Self::Queued, Self::Working, Self::Filed, Self::Confirm, Self::Failed, Self::Dismissed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Working => "working",
            Self::Filed => "filed",
            Self::Confirm => "confirm",
            Self::Failed => "failed",
            Self::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Not yet read.
    pub fn pending(self) -> bool {
        matches!(self, Self::Queued | Self::Working)
    }
}

/// A file handed to a new batch: its bytes, or why it could not even be
/// unpacked (it is then recorded as failed straight away).
#[derive(Debug, Clone)]
pub struct NewBatchFile {
    pub name: String,
    pub content: Result<Vec<u8>, String>,
}

/// A batch import with its files (never their bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Batch {
    pub id: i64,
    /// Who uploaded it; its files are filed in this account's name.
    pub user_id: i64,
    /// The uploader's agency when uploading.
    pub agency_id: i64,
    pub created_at_ms: i64,
    /// Set when the last file has been read.
    pub finished_at_ms: Option<i64>,
    pub files: Vec<BatchFile>,
}

impl Batch {
    /// Files already read (whatever the outcome).
    pub fn done(&self) -> usize {
        self.files.iter().filter(|f| !f.state.pending()).count()
    }

    /// Files in `state`.
    pub fn count(&self, state: BatchFileState) -> usize {
        self.files.iter().filter(|f| f.state == state).count()
    }
}

/// A file taken from the queue to be read: its bytes, the account that
/// uploaded it (in whose name it is filed), and which claim this is (1 for
/// the first reading, 2 after a worker died holding it, …).
#[derive(Debug, Clone)]
pub struct ClaimedBatchFile {
    pub file: BatchFile,
    pub content: Vec<u8>,
    pub uploader_id: i64,
    pub attempt: i64,
}

/// How one server instance takes files from the shared queue: its own id
/// (the lease owner), how long a claim holds without renewal, and how many
/// claims a file gets before a file whose workers keep dying is failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchLease {
    pub owner: String,
    pub lease_ms: i64,
    pub max_attempts: i64,
}

/// A batch file as the caller holds it: in `state`, and (for a file being
/// read) claimed by `owner`. Settling and filing are compare-and-set on
/// both, so a worker that lost its claim cannot record or file anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchHold<'a> {
    pub id: i64,
    pub state: BatchFileState,
    pub owner: Option<&'a str>,
}

impl<'a> BatchHold<'a> {
    /// A file this instance claimed for reading.
    pub fn claimed(id: i64, owner: &'a str) -> Self {
        Self { id, state: BatchFileState::Working, owner: Some(owner) }
    }

    /// A file known to be in `state` (no claim involved).
    pub fn in_state(id: i64, state: BatchFileState) -> Self {
        Self { id, state, owner: None }
    }
}

/// One file of a batch and its outcome so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchFile {
    pub id: i64,
    pub batch_id: i64,
    /// 1, 2, 3 … in upload order.
    pub position: i64,
    pub name: String,
    pub state: BatchFileState,
    #[serde(flatten)]
    pub outcome: BatchOutcome,
    pub updated_at_ms: i64,
}

/// What reading a batch file gave; all empty while it is queued.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// The agency name the document prints.
    pub printed_agency: String,
    pub year: Option<i32>,
    pub errors: i64,
    pub warnings: i64,
    /// Why it failed, in Chinese.
    pub problem: String,
    /// Agencies it may belong to (state `confirm`).
    pub candidates: Vec<i64>,
    /// The report read, kept while it waits for confirmation.
    #[serde(skip)]
    pub report_json: String,
    /// Its provenance (as stored with a version), kept with it.
    #[serde(skip)]
    pub provenance_json: String,
    /// The agency it was filed under.
    pub agency_id: Option<i64>,
    /// The version it was filed as.
    pub version_id: Option<i64>,
}

/// Sign-in limits: at most `pair_max` failed tries per (username, IP) and
/// `account_max` per username (from any address) within `window_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    pub window_ms: i64,
    pub pair_max: i64,
    pub account_max: i64,
}

/// Whether a sign-in attempt may check its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginGate {
    /// Counted as a failure already; check the password.
    Open,
    /// Refused without checking; the account may try again at `until_ms`.
    Locked { until_ms: i64 },
}
