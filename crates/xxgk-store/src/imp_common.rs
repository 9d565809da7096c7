//! Helpers shared by every query macro, instantiated per backend: row
//! decoding, loading inside a transaction, and appending to the audit chain
//! inside the caller's transaction.

/// Column list of `agencies` in the order `agency_from_row` reads.
macro_rules! agency_cols {
    () => {
        "id, parent_id, name, kind, functions, address, hours, phone, head"
    };
}
pub(crate) use agency_cols;

/// Column list of `users` in the order `user_from_row` reads.
macro_rules! user_cols {
    () => {
        "id, username, display_name, agency_id, role, disabled, created_at"
    };
}
pub(crate) use user_cols;

/// Column list of `audit_log`.
macro_rules! audit_cols {
    () => {
        "id, at, actor_user_id, actor_name, agency_id, action, target, before_json, after_json, prev_hash, hash"
    };
}
pub(crate) use audit_cols;

/// Maps a unique-constraint violation to `UsernameTaken`.
pub(crate) fn map_unique(e: sqlx::Error, username: &str) -> crate::StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => crate::StoreError::UsernameTaken(username.to_string()),
        _ => crate::StoreError::Db(e),
    }
}

macro_rules! impl_common {
    ($store:ty, $db:ty) => {
        #[allow(dead_code)]
        impl $store {
            fn agency_from_row(row: &<$db as sqlx::Database>::Row) -> $crate::Result<xxgk_domain::Agency> {
                use sqlx::Row;
                let kind: String = row.try_get("kind")?;
                Ok(xxgk_domain::Agency {
                    id: row.try_get("id")?,
                    parent_id: row.try_get("parent_id")?,
                    name: row.try_get("name")?,
                    kind: xxgk_domain::AgencyKind::parse(&kind)?,
                    office: xxgk_domain::OfficeDetails {
                        functions: row.try_get("functions")?,
                        address: row.try_get("address")?,
                        hours: row.try_get("hours")?,
                        phone: row.try_get("phone")?,
                        head: row.try_get("head")?,
                    },
                })
            }

            fn user_from_row(row: &<$db as sqlx::Database>::Row) -> $crate::Result<$crate::User> {
                use sqlx::Row;
                let role: String = row.try_get("role")?;
                Ok($crate::User {
                    id: row.try_get("id")?,
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                    agency_id: row.try_get("agency_id")?,
                    role: xxgk_domain::Role::parse(&role)?,
                    disabled: row.try_get("disabled")?,
                    created_at_ms: row.try_get("created_at")?,
                })
            }

            fn audit_from_row(row: &<$db as sqlx::Database>::Row) -> $crate::Result<xxgk_domain::AuditRecord> {
                use sqlx::Row;
                Ok(xxgk_domain::AuditRecord {
                    id: row.try_get("id")?,
                    at_ms: row.try_get("at")?,
                    actor_user_id: row.try_get("actor_user_id")?,
                    actor_name: row.try_get("actor_name")?,
                    agency_id: row.try_get("agency_id")?,
                    action: row.try_get("action")?,
                    target: row.try_get("target")?,
                    before_json: row.try_get("before_json")?,
                    after_json: row.try_get("after_json")?,
                    prev_hash: row.try_get("prev_hash")?,
                    hash: row.try_get("hash")?,
                })
            }

            async fn agency_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> $crate::Result<Option<xxgk_domain::Agency>> {
                let row =
                    sqlx::query(concat!("SELECT ", $crate::imp_common::agency_cols!(), " FROM agencies WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                row.as_ref().map(Self::agency_from_row).transpose()
            }

            async fn user_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> $crate::Result<Option<$crate::User>> {
                let row =
                    sqlx::query(concat!("SELECT ", $crate::imp_common::user_cols!(), " FROM users WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                row.as_ref().map(Self::user_from_row).transpose()
            }

            /// Appends one record to the chain inside `tx` (which holds the
            /// backend's write lock, so the last record cannot move).
            async fn audit_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                key: &xxgk_domain::AuditKey,
                ev: xxgk_domain::AuditEvent,
            ) -> $crate::Result<xxgk_domain::AuditRecord> {
                use sqlx::Row;
                let last = sqlx::query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
                    .fetch_optional(&mut **tx)
                    .await?;
                let (prev_id, prev_hash): (i64, String) = match last {
                    Some(row) => (row.try_get("id")?, row.try_get("hash")?),
                    None => (0, xxgk_domain::GENESIS_HASH.to_string()),
                };
                let mut rec = xxgk_domain::AuditRecord {
                    id: prev_id + 1,
                    at_ms: $crate::now_ms(),
                    actor_user_id: ev.actor_user_id,
                    actor_name: ev.actor_name,
                    agency_id: ev.agency_id,
                    action: ev.action,
                    target: ev.target,
                    before_json: ev.before.as_ref().map(xxgk_domain::canonical_json),
                    after_json: ev.after.as_ref().map(xxgk_domain::canonical_json),
                    prev_hash,
                    hash: String::new(),
                };
                rec.hash = xxgk_domain::keyed_chain_hash(key, &rec);
                sqlx::query(concat!(
                    "INSERT INTO audit_log (",
                    $crate::imp_common::audit_cols!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                ))
                .bind(rec.id)
                .bind(rec.at_ms)
                .bind(rec.actor_user_id)
                .bind(&rec.actor_name)
                .bind(rec.agency_id)
                .bind(&rec.action)
                .bind(&rec.target)
                .bind(&rec.before_json)
                .bind(&rec.after_json)
                .bind(&rec.prev_hash)
                .bind(&rec.hash)
                .execute(&mut **tx)
                .await?;
                Ok(rec)
            }
        }
    };
}
pub(crate) use impl_common;

/// Appends ` AND column IN (…)` to a filter query, one bound parameter per
/// value. `values` must not be empty (an empty list selects nothing, which
/// callers answer without asking the database).
pub(crate) fn push_in<DB>(q: &mut sqlx::QueryBuilder<DB>, column: &str, values: impl IntoIterator<Item = i64>)
where
    DB: sqlx::Database,
    for<'t> i64: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    q.push(format_args!(" AND {column} IN ("));
    let mut list = q.separated(", ");
    for v in values {
        list.push_bind(v);
    }
    q.push(")");
}

/// JSON snapshot of a value for the audit log.
pub(crate) fn snapshot<T: serde::Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// Builds an audit event for `actor`.
pub(crate) fn event(
    actor: &crate::Actor,
    agency_id: Option<i64>,
    action: &str,
    target: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> xxgk_domain::AuditEvent {
    xxgk_domain::AuditEvent {
        actor_user_id: actor.user_id,
        actor_name: actor.name.clone(),
        agency_id,
        action: action.to_string(),
        target,
        before,
        after,
    }
}
