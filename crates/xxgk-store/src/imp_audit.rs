//! Audit-log queries (append, filtered listing, chain verification, backup)
//! and the `Store` impl itself, instantiated per backend.

macro_rules! impl_audit {
    ($store:ty, $backend:expr) => {
        #[$crate::async_trait]
        impl $crate::AuditStore for $store {
            async fn append_audit(&self, event: xxgk_domain::AuditEvent) -> $crate::Result<xxgk_domain::AuditRecord> {
                let mut tx = self.write_tx().await?;
                let rec = Self::audit_tx(&mut tx, &self.audit_key, event).await?;
                tx.commit().await?;
                Ok(rec)
            }

            async fn list_audit(&self, f: &$crate::AuditFilter) -> $crate::Result<Vec<xxgk_domain::AuditRecord>> {
                let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(concat!(
                    "SELECT ",
                    $crate::imp_common::audit_cols!(),
                    " FROM audit_log WHERE 1 = 1"
                ));
                if let Some(ids) = &f.agency_ids {
                    if ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    $crate::imp_common::push_in(&mut q, "agency_id", ids.iter().copied());
                }
                if let Some(actor) = &f.actor {
                    q.push(" AND actor_name = ").push_bind(actor.clone());
                }
                if let Some(action) = &f.action {
                    q.push(" AND action = ").push_bind(action.clone());
                }
                if let Some(v) = f.from_ms {
                    q.push(" AND at >= ").push_bind(v);
                }
                if let Some(v) = f.to_ms {
                    q.push(" AND at < ").push_bind(v);
                }
                if let Some(v) = f.before_id {
                    q.push(" AND id < ").push_bind(v);
                }
                let limit = match f.limit {
                    l if l <= 0 => 100,
                    l => l.min(1000),
                };
                q.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
                let rows = q.build().fetch_all(&self.pool).await?;
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
                use sqlx::Row;
                // Records from `keyed_from` on carry the keyed hash.
                let keyed_from: i64 = sqlx::query("SELECT keyed_from FROM audit_chain")
                    .fetch_one(&self.pool)
                    .await?
                    .try_get("keyed_from")?;
                // Page through the log in id order so memory stays bounded.
                let mut verifier = xxgk_domain::ChainVerifier::keyed(Some(self.audit_key.clone()), keyed_from);
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

            async fn audit_record(&self, id: i64) -> $crate::Result<Option<xxgk_domain::AuditRecord>> {
                let row =
                    sqlx::query(concat!("SELECT ", $crate::imp_common::audit_cols!(), " FROM audit_log WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.as_ref().map(Self::audit_from_row).transpose()
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
