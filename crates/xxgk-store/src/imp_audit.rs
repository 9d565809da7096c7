//! Audit-log queries (append, filtered listing, chain verification, backup)
//! and the `Store` impl itself, instantiated per backend.

macro_rules! impl_audit {
    ($store:ty, $backend:expr) => {
        #[$crate::async_trait]
        impl $crate::AuditStore for $store {
            async fn append_audit(&self, event: xxgk_domain::AuditEvent) -> $crate::Result<xxgk_domain::AuditRecord> {
                let mut tx = self.write_tx().await?;
                let rec = Self::audit_tx(&mut tx, event).await?;
                tx.commit().await?;
                Ok(rec)
            }

            async fn list_audit(&self, f: &$crate::AuditFilter) -> $crate::Result<Vec<xxgk_domain::AuditRecord>> {
                let mut sql =
                    String::from(concat!("SELECT ", $crate::imp_common::audit_cols!(), " FROM audit_log WHERE 1 = 1"));
                let mut n = 0usize;
                let mut next = || {
                    n += 1;
                    format!("${n}")
                };
                if let Some(ids) = &f.agency_ids {
                    if ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    let ps: Vec<String> = ids.iter().map(|_| next()).collect();
                    sql.push_str(&format!(" AND agency_id IN ({})", ps.join(", ")));
                }
                if f.actor.is_some() {
                    sql.push_str(&format!(" AND actor_name = {}", next()));
                }
                if f.action.is_some() {
                    sql.push_str(&format!(" AND action = {}", next()));
                }
                if f.from_ms.is_some() {
                    sql.push_str(&format!(" AND at >= {}", next()));
                }
                if f.to_ms.is_some() {
                    sql.push_str(&format!(" AND at < {}", next()));
                }
                if f.before_id.is_some() {
                    sql.push_str(&format!(" AND id < {}", next()));
                }
                let limit = match f.limit {
                    l if l <= 0 => 100,
                    l => l.min(1000),
                };
                sql.push_str(&format!(" ORDER BY id DESC LIMIT {limit}"));
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                if let Some(ids) = &f.agency_ids {
                    for id in ids {
                        q = q.bind(*id);
                    }
                }
                if let Some(a) = &f.actor {
                    q = q.bind(a.clone());
                }
                if let Some(a) = &f.action {
                    q = q.bind(a.clone());
                }
                if let Some(v) = f.from_ms {
                    q = q.bind(v);
                }
                if let Some(v) = f.to_ms {
                    q = q.bind(v);
                }
                if let Some(v) = f.before_id {
                    q = q.bind(v);
                }
                let rows = q.fetch_all(&self.pool).await?;
                rows.iter().map(Self::audit_from_row).collect()
            }

            async fn audit_actions(&self) -> $crate::Result<Vec<String>> {
                use sqlx::Row;
                let rows =
                    sqlx::query("SELECT DISTINCT action FROM audit_log ORDER BY action").fetch_all(&self.pool).await?;
                rows.iter().map(|r| Ok(r.try_get("action")?)).collect()
            }

            async fn last_audit_id(&self) -> $crate::Result<i64> {
                use sqlx::Row;
                let row =
                    sqlx::query("SELECT COALESCE(MAX(id), 0) AS last FROM audit_log").fetch_one(&self.pool).await?;
                Ok(row.try_get::<i64, _>("last")?)
            }

            async fn verify_audit(&self) -> $crate::Result<Result<i64, xxgk_domain::ChainError>> {
                // Page through the log in id order so memory stays bounded.
                let mut verifier = xxgk_domain::ChainVerifier::default();
                let mut after = 0i64;
                loop {
                    let rows = sqlx::query(concat!(
                        "SELECT ",
                        $crate::imp_common::audit_cols!(),
                        " FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000"
                    ))
                    .bind(after)
                    .fetch_all(&self.pool)
                    .await?;
                    if rows.is_empty() {
                        return Ok(Ok(verifier.count()));
                    }
                    for row in &rows {
                        let rec = Self::audit_from_row(row)?;
                        if let Err(e) = verifier.push(&rec) {
                            return Ok(Err(e));
                        }
                        after = rec.id;
                    }
                }
            }

            async fn backup(&self, path: &std::path::Path) -> $crate::Result<$crate::BackupOutcome> {
                self.backup_impl(path).await
            }
        }

        #[$crate::async_trait]
        impl $crate::Store for $store {
            fn backend(&self) -> $crate::Backend {
                $backend
            }

            fn display_url(&self) -> String {
                self.url()
            }

            async fn close(&self) {
                self.pool.close().await;
            }
        }
    };
}
pub(crate) use impl_audit;
