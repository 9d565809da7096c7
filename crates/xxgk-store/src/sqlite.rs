//! The SQLite backend: a file in the data directory (WAL, busy_timeout,
//! foreign keys), or an in-memory database for tests. Writes take the write
//! lock up front (`BEGIN IMMEDIATE`) so the audit chain is extended serially.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, Transaction};

use crate::{BackupOutcome, Result, StoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// SQLite implementation of [`crate::Store`].
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    url: String,
    /// The key new audit records are hashed with.
    pub(crate) audit_key: xxgk_domain::AuditKey,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file and applies migrations.
    pub async fn open_file(path: &Path) -> Result<Self> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let url = format!("sqlite:{}", path.display());
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts)
            .await
            .map_err(|e| StoreError::Connect { url: url.clone(), reason: e.to_string() })?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, url, audit_key: crate::random_audit_key()? })
    }

    /// A private in-memory database (one connection), migrated.
    pub async fn memory() -> Result<Self> {
        let opts = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(|e| StoreError::BadUrl(e.to_string()))?
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(opts)
            .await
            .map_err(|e| StoreError::Connect { url: "sqlite::memory:".into(), reason: e.to_string() })?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, url: "sqlite::memory:".into(), audit_key: crate::random_audit_key()? })
    }

    /// Hashes new audit records with `key` (from the key file or the
    /// configuration) instead of the random one it was opened with.
    pub fn with_audit_key(mut self, key: xxgk_domain::AuditKey) -> Self {
        self.audit_key = key;
        self
    }

    pub(crate) async fn write_tx(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The transaction a queue claim runs in: SQLite has one writer at a
    /// time anyway.
    pub(crate) async fn queue_tx(&self) -> Result<Transaction<'static, Sqlite>> {
        self.write_tx().await
    }

    pub(crate) fn url(&self) -> String {
        self.url.clone()
    }

    pub(crate) async fn backup_impl(&self, path: &Path) -> Result<BackupOutcome> {
        if path.exists() {
            return Err(StoreError::Backup(format!("目标文件已存在：{}（为避免覆盖，请指定新文件）", path.display())));
        }
        let target: PathBuf = path.to_path_buf();
        let text = target.to_str().ok_or_else(|| StoreError::Backup("目标路径不是有效的 UTF-8".into()))?.to_string();
        sqlx::query("VACUUM INTO $1")
            .bind(text)
            .execute(&self.pool)
            .await
            .map_err(|e| StoreError::Backup(e.to_string()))?;
        let bytes = std::fs::metadata(&target).map_err(|e| StoreError::Backup(e.to_string()))?.len();
        Ok(BackupOutcome::Written { bytes })
    }
}

crate::imp_common::impl_common!(SqliteStore, Sqlite);
crate::imp_agency::impl_agency!(SqliteStore);
crate::imp_user::impl_user!(SqliteStore);
crate::imp_session::impl_session!(SqliteStore);
crate::imp_report::impl_report!(SqliteStore);
crate::imp_seed::impl_seed!(SqliteStore);
crate::imp_summary::impl_summary!(SqliteStore);
crate::imp_batch::impl_batch!(SqliteStore);
crate::imp_audit::impl_audit!(SqliteStore, crate::Backend::Sqlite);
