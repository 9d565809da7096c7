//! The PostgreSQL backend. Writes serialize on a transaction-scoped advisory
//! lock so the audit chain is extended one record at a time.

use std::path::Path;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

use crate::{BackupOutcome, Result, StoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long the start waits for an unreachable server.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Advisory lock key held by every writing transaction.
const WRITE_LOCK_KEY: i64 = 0x7878_676b; // "xxgk"

/// PostgreSQL implementation of [`crate::Store`].
pub struct PgStore {
    pub(crate) pool: PgPool,
    url: String,
    /// The key new audit records are hashed with.
    pub(crate) audit_key: xxgk_domain::AuditKey,
}

/// The URL with any password replaced by `***`.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

impl PgStore {
    /// Connects (failing within [`CONNECT_TIMEOUT`] if the server is
    /// unreachable) and applies migrations. The pool holds at most
    /// `pool.max_connections`; a request waits up to `pool.acquire_timeout`
    /// for one before it fails.
    pub async fn connect(url: &str, pool: crate::PoolSettings) -> Result<Self> {
        let shown = redact(url);
        let failed = |reason: String| StoreError::Connect { url: shown.clone(), reason };
        let connecting = PgPoolOptions::new()
            .max_connections(pool.max_connections)
            .acquire_timeout(pool.acquire_timeout)
            .connect(url);
        let pool = tokio::time::timeout(CONNECT_TIMEOUT, connecting)
            .await
            .map_err(|_| failed(format!("{} 秒内未能连接", CONNECT_TIMEOUT.as_secs())))?
            .map_err(|e| failed(e.to_string()))?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, url: shown, audit_key: crate::random_audit_key()? })
    }

    /// Hashes new audit records with `key` (from the key file or the
    /// configuration) instead of the random one it was opened with.
    pub fn with_audit_key(mut self, key: xxgk_domain::AuditKey) -> Self {
        self.audit_key = key;
        self
    }

    pub(crate) async fn write_tx(&self) -> Result<Transaction<'static, Postgres>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK_KEY).execute(&mut *tx).await?;
        Ok(tx)
    }

    /// The transaction a queue claim runs in: without the write lock, so
    /// instances claim in parallel; rows are locked `FOR UPDATE SKIP LOCKED`.
    pub(crate) async fn queue_tx(&self) -> Result<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }

    pub(crate) fn url(&self) -> String {
        self.url.clone()
    }

    pub(crate) async fn backup_impl(&self, _path: &Path) -> Result<BackupOutcome> {
        Ok(BackupOutcome::UsePgDump { url: self.url.clone() })
    }
}

crate::imp_common::impl_common!(PgStore, Postgres);
crate::imp_agency::impl_agency!(PgStore);
crate::imp_user::impl_user!(PgStore);
crate::imp_session::impl_session!(PgStore);
crate::imp_report::impl_report!(PgStore);
crate::imp_seed::impl_seed!(PgStore);
crate::imp_summary::impl_summary!(PgStore);
crate::imp_batch::impl_batch!(PgStore);
crate::imp_audit::impl_audit!(PgStore, crate::Backend::Postgres);

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_password() {
        assert_eq!(super::redact("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(super::redact("postgres://h/db"), "postgres://h/db");
    }
}
