//! Persistence for the platform, and the only crate that knows SQL.
//!
//! One interface — the [`Store`] trait (made of [`AgencyStore`], [`UserStore`],
//! [`SessionStore`], [`AuditStore`] and [`ReportStore`]) — with two implementations,
//! [`SqliteStore`] and [`PgStore`], chosen by URL in [`open`]. Queries are
//! runtime `sqlx::query` calls written once (with `$n` placeholders, which both
//! backends accept) and instantiated for each backend by macros in `imp_*.rs`.
//! Migrations are embedded per backend; every change appends to the audit
//! hash chain in the same transaction.

pub mod anchor;
mod imp_agency;
mod imp_audit;
mod imp_batch;
mod imp_common;
mod imp_report;
mod imp_seed;
mod imp_session;
mod imp_summary;
mod imp_user;

pub mod demo;
pub mod password;
mod postgres;
mod sqlite;
mod types;

use std::path::Path;
use std::sync::Arc;

pub use async_trait::async_trait;
pub use imp_seed::{SeedAgency, SeedVersion};
pub use imp_summary::{CheckTotals, ReportChecks, ViewStamps};

/// How stale a token's "last used" mark may be: it is written when a use
/// comes at least this long after the recorded one (one minute), so API
/// reads do not each cost a write.
pub const TOKEN_USE_GRANULARITY_MS: i64 = 60_000;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use types::*;
use xxgk_domain::{Agency, AgencyInput, AuditEvent, AuditRecord, ChainError, Role, ValidationError};

/// Everything that can go wrong in the store. Messages are Chinese sentences
/// for the UI / CLI; database details are kept for the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库地址无效：{0}（应以 sqlite: 或 postgres:// 开头）")]
    BadUrl(String),
    #[error("无法连接数据库 {url}：{reason}")]
    Connect { url: String, reason: String },
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error("{0}不存在")]
    NotFound(String),
    #[error("用户名已存在：{0}")]
    UsernameTaken(String),
    #[error("{0}")]
    Conflict(String),
    #[error("数据库错误：{0}")]
    Db(#[from] sqlx::Error),
    #[error("备份失败：{0}")]
    Backup(String),
    #[error("密码处理失败：{0}")]
    Password(String),
    /// The audit key or anchor file (outside the database).
    #[error("{0}")]
    AuditFile(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database is behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Agencies (机关) and their hierarchy.
#[async_trait]
pub trait AgencyStore: Send + Sync {
    /// All agencies, ordered by id.
    async fn list_agencies(&self) -> Result<Vec<Agency>>;
    async fn get_agency(&self, id: i64) -> Result<Option<Agency>>;
    /// Creates an agency (audited as `agency.create`).
    async fn create_agency(&self, actor: &Actor, input: AgencyInput) -> Result<Agency>;
    /// Replaces an agency's fields (audited as `agency.update`). A parent that
    /// would make a cycle is refused.
    async fn update_agency(&self, actor: &Actor, id: i64, input: AgencyInput) -> Result<Agency>;
}

/// Accounts and API tokens.
#[async_trait]
pub trait UserStore: Send + Sync {
    async fn count_users(&self) -> Result<i64>;
    /// All accounts, ordered by agency then username.
    async fn list_users(&self) -> Result<Vec<User>>;
    async fn get_user(&self, id: i64) -> Result<Option<User>>;
    /// An account and its password hash, by (lower-case) username.
    async fn get_credentials(&self, username: &str) -> Result<Option<(User, String)>>;
    /// Creates an account (audited as `user.create`; the hash is never logged).
    async fn create_user(&self, actor: &Actor, new: NewUser) -> Result<User>;
    /// Changes role and/or agency (audited as `user.role_change`).
    async fn set_user_role(&self, actor: &Actor, id: i64, role: Role, agency_id: i64) -> Result<User>;
    /// Disables (revoking every session and token) or re-enables an account.
    async fn set_user_disabled(&self, actor: &Actor, id: i64, disabled: bool) -> Result<User>;
    /// Replaces the password hash and revokes every session except `keep_session`
    /// (a session token hash), and every API token stays valid.
    async fn set_password(&self, actor: &Actor, id: i64, hash: String, keep_session: Option<&str>) -> Result<()>;
    /// Stores a new API token (only its hash), audited as `token.create`.
    async fn create_api_token(&self, actor: &Actor, user_id: i64, name: &str, token_hash: &str) -> Result<ApiToken>;
    async fn list_api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>>;
    /// Revokes one of a user's tokens; `false` if there was no such live token.
    async fn revoke_api_token(&self, actor: &Actor, user_id: i64, token_id: i64) -> Result<bool>;
    /// The enabled account a live token belongs to (and marks the token
    /// used, to within [`TOKEN_USE_GRANULARITY_MS`]).
    async fn user_for_api_token(&self, token_hash: &str, now_ms: i64) -> Result<Option<User>>;
}

/// Sign-in sessions and login throttling.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        csrf_token: &str,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<()>;
    /// A live session (not revoked, not expired, account enabled).
    async fn get_session(&self, token_hash: &str, now_ms: i64) -> Result<Option<Session>>;
    /// Ends one session (logout).
    async fn revoke_session(&self, token_hash: &str, now_ms: i64) -> Result<()>;
    /// Ends all sessions of an account (audited as `user.revoke_sessions`).
    async fn revoke_user_sessions(&self, actor: &Actor, user_id: i64) -> Result<u64>;
    /// Lets one sign-in attempt through the limits, or says until when the
    /// account is locked. An attempt let through is already counted as a
    /// failure (the count and the increment are one atomic step), so a
    /// parallel burst cannot check more passwords than the limits allow;
    /// a successful sign-in then clears its (username, IP) failures.
    async fn open_login_attempt(
        &self,
        username: &str,
        ip: &str,
        now_ms: i64,
        limits: &LoginLimits,
    ) -> Result<LoginGate>;
    /// Forgets the failures of one (username, IP) pair (after a sign-in).
    async fn clear_login_failures(&self, username: &str, ip: &str) -> Result<()>;
}

/// The append-only audit log and backups.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends an event that is not part of another change (e.g. a sign-in).
    async fn append_audit(&self, event: AuditEvent) -> Result<AuditRecord>;
    /// Records matching the filter, newest first.
    async fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>>;
    /// Distinct action names present in the log (for the filter form).
    async fn audit_actions(&self) -> Result<Vec<String>>;
    /// The id of the newest record (0 when empty). Every change is audited
    /// in its own transaction, so this names the state of the whole
    /// database: views derived from it may be cached under it.
    async fn last_audit_id(&self) -> Result<i64>;
    /// Re-derives the whole hash chain (the keyed part with this store's
    /// key): `Ok(Ok(n))` with n records checked, or `Ok(Err(first bad record))`.
    async fn verify_audit(&self) -> Result<Result<i64, ChainError>>;
    /// One record by its sequence number.
    async fn audit_record(&self, id: i64) -> Result<Option<AuditRecord>>;
    /// A consistent copy while serving (SQLite `VACUUM INTO`); PostgreSQL says
    /// to use `pg_dump`.
    async fn backup(&self, path: &Path) -> Result<BackupOutcome>;
}

/// Annual-report versions and their workflow. Every change is audited in
/// the same transaction; a version that is not a draft is never changed
/// except for its state (compare-and-set on the expected state).
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Versions matching the filter, ordered by agency, year, version.
    async fn list_report_versions(&self, filter: &ReportFilter) -> Result<Vec<ReportVersion>>;
    async fn get_report_version(&self, id: i64) -> Result<Option<ReportVersion>>;
    /// Creates the next version as a draft (audited as `report.create`).
    /// Refused while another version of the agency and year is still open
    /// (draft, submitted or approved).
    async fn create_report_version(&self, actor: &Actor, new: NewReportVersion, at_ms: i64) -> Result<ReportVersion>;
    /// Replaces a draft's report (audited as `report.update`); refused
    /// (`Conflict`) unless the version is a draft.
    async fn update_report_draft(
        &self,
        actor: &Actor,
        id: i64,
        report_json: &str,
        provenance: Option<(&str, &str)>,
        at_ms: i64,
    ) -> Result<ReportVersion>;
    /// Moves a version from state `from` to `to` (audited as `report.<action>`),
    /// refused (`Conflict`) if it is no longer in `from`. Publishing marks the
    /// previously published version of the same agency and year superseded
    /// (audited as `report.supersede`), in the same transaction.
    async fn set_report_state(
        &self,
        actor: &Actor,
        id: i64,
        from: &str,
        to: &str,
        action: &str,
        at_ms: i64,
    ) -> Result<ReportVersion>;
    /// Files a report read from a document: replaces the agency and year's
    /// draft if the newest version is one (`report.update`), else creates
    /// the next version (`report.create`).
    async fn file_report_version(&self, actor: &Actor, new: NewReportVersion, at_ms: i64) -> Result<ReportVersion>;
    /// Starts a correction: a new draft version with the published version's
    /// report (audited as `report.correct`).
    async fn correct_report(&self, actor: &Actor, id: i64, at_ms: i64) -> Result<ReportVersion>;
}

/// Batch imports: a queue of uploaded files worked off in the background.
/// Creating a batch is audited (`batch.create`); the queue's own progress is
/// bookkeeping and is not, while filing a file is audited as the report
/// change it makes.
#[async_trait]
pub trait BatchStore: Send + Sync {
    /// Records a batch and queues its files (a file whose `content` is an
    /// error is recorded as failed at once).
    async fn create_batch(
        &self,
        actor: &Actor,
        user_id: i64,
        agency_id: i64,
        files: Vec<NewBatchFile>,
        at_ms: i64,
    ) -> Result<Batch>;
    async fn get_batch(&self, id: i64) -> Result<Option<Batch>>;
    /// An account's newest batches first, at most `limit`.
    async fn list_batches(&self, user_id: i64, limit: i64) -> Result<Vec<Batch>>;
    /// Takes the oldest file that is queued, or whose lease has expired
    /// (its holder died), marking it `working` under `lease` (PostgreSQL:
    /// `FOR UPDATE SKIP LOCKED`, so instances never wait on each other). A
    /// file whose lease expired after `max_attempts` claims is failed
    /// instead, with a reason.
    async fn claim_batch_file(&self, lease: &BatchLease, at_ms: i64) -> Result<Option<ClaimedBatchFile>>;
    /// Extends the holder's lease on a file being read; `false` when the
    /// claim is no longer the holder's.
    async fn renew_batch_lease(&self, id: i64, lease: &BatchLease, at_ms: i64) -> Result<bool>;
    /// Moves a held file to `to` with its outcome, dropping its bytes;
    /// `Conflict` if it is no longer held as `held` says. The batch is
    /// marked finished when no file is left queued or working.
    async fn settle_batch_file(
        &self,
        held: BatchHold<'_>,
        to: BatchFileState,
        outcome: &BatchOutcome,
        at_ms: i64,
    ) -> Result<BatchFile>;
    /// Files a held file's report (as [`ReportStore::file_report_version`])
    /// and records it `filed` with its outcome, in one transaction guarded
    /// by the hold: a retry, or a worker that lost its claim, gets
    /// `Conflict` and files nothing.
    async fn file_batch_file(
        &self,
        held: BatchHold<'_>,
        actor: &Actor,
        report: NewReportVersion,
        outcome: &BatchOutcome,
        at_ms: i64,
    ) -> Result<BatchFile>;
    /// Puts the files `owner` holds back in the queue (a graceful stop of
    /// that instance; their claims are not counted). Returns how many.
    async fn release_batch_claims(&self, owner: &str) -> Result<u64>;
}

/// Bulk loading for load tests and demos at scale.
#[async_trait]
pub trait SeedStore: Send + Sync {
    /// Inserts agencies in one transaction (parents must exist already);
    /// returns (id, name) of each. One audit record (`seed.agencies`).
    async fn seed_agencies(&self, actor: &Actor, agencies: Vec<SeedAgency>) -> Result<Vec<(i64, String)>>;
    /// Inserts report versions as they are, in one transaction; returns how
    /// many. One audit record (`seed.reports`).
    async fn seed_reports(&self, actor: &Actor, versions: Vec<SeedVersion>) -> Result<u64>;
}

/// Narrow reads for views that span the tree: change stamps, versions by
/// id in one query, and the persisted derived numbers of versions.
#[async_trait]
pub trait SummaryStore: Send + Sync {
    /// The stamps of the agency tree and of `agency_id`'s subtree reports:
    /// a view of the subtree built under the same stamps is still true.
    /// One indexed read.
    async fn view_stamps(&self, agency_id: i64) -> Result<ViewStamps>;
    /// Full versions (with their JSON) by id, in any order.
    async fn report_versions_by_id(&self, ids: &[i64]) -> Result<Vec<ReportVersion>>;
    /// The stored derived numbers of these versions, where there are any.
    async fn report_checks(&self, ids: &[i64]) -> Result<Vec<ReportChecks>>;
    /// Just the totals (and validity marker) of the stored derived numbers
    /// of these versions: what a trend over years needs, without the tables.
    async fn report_check_totals(&self, ids: &[i64]) -> Result<Vec<CheckTotals>>;
    /// Stores (replaces) derived numbers. Not audited: they follow from
    /// audited data and are recomputed when stale.
    async fn put_report_checks(&self, rows: &[ReportChecks]) -> Result<()>;
}

/// The whole store interface.
#[async_trait]
pub trait Store:
    AgencyStore + UserStore + SessionStore + AuditStore + ReportStore + BatchStore + SeedStore + SummaryStore
{
    fn backend(&self) -> Backend;
    /// The URL the store was opened with, password removed.
    fn display_url(&self) -> String;
    /// Closes the pool (waits for checked-out connections).
    async fn close(&self);
}

/// A shared store.
pub type DynStore = Arc<dyn Store>;

/// The PostgreSQL connection pool: how many connections at most, and how
/// long a request waits for one before it fails (SQLite keeps its own small
/// pool: one writer at a time, a few readers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: std::time::Duration,
}

impl Default for PoolSettings {
    /// 32 connections: enough that 64 concurrent requests (each holding a
    /// connection for a millisecond or two) queue briefly rather than fail,
    /// and three instances still fit PostgreSQL's default of 100. 30 s: a
    /// burst waits instead of answering 500.
    fn default() -> Self {
        Self { max_connections: 32, acquire_timeout: std::time::Duration::from_secs(30) }
    }
}

/// Opens the store a URL names and applies migrations: `sqlite:PATH` /
/// `sqlite://PATH` (file created if missing) or `postgres://…`/`postgresql://…`.
/// New audit records are keyed with a random key of this store's own, so
/// only this store can verify them: tests and tools that verify nothing
/// later. The platform opens with its key ([`open_keyed`]).
pub async fn open(url: &str) -> Result<DynStore> {
    open_keyed(url, random_audit_key()?).await
}

/// Opens the store a URL names (as [`open`]), keying the audit chain with
/// `key`, which must be the same for every process writing the database.
pub async fn open_keyed(url: &str, key: xxgk_domain::AuditKey) -> Result<DynStore> {
    open_with(url, key, PoolSettings::default()).await
}

/// [`open_keyed`] with a sized PostgreSQL pool.
pub async fn open_with(url: &str, key: xxgk_domain::AuditKey, pool: PoolSettings) -> Result<DynStore> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url, pool).await?.with_audit_key(key)))
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.strip_prefix("//").unwrap_or(rest);
        if path.is_empty() || path == ":memory:" {
            return Ok(Arc::new(SqliteStore::memory().await?.with_audit_key(key)));
        }
        Ok(Arc::new(SqliteStore::open_file(Path::new(path)).await?.with_audit_key(key)))
    } else {
        Err(StoreError::BadUrl(url.to_string()))
    }
}

/// A fresh random audit key (for stores that are not given one).
pub fn random_audit_key() -> Result<xxgk_domain::AuditKey> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Password(format!("无法生成随机数：{e}")))?;
    Ok(xxgk_domain::AuditKey::from_bytes(bytes))
}

/// Current Unix time in milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
