//! Batch-import queries (create a batch with its queued files, read batches,
//! claim the next queued file, settle a file's outcome, requeue files a
//! stopped process left working), instantiated per backend. Claims and
//! settlements are compare-and-set on the file's state, inside the write
//! lock, so two workers never read the same file.

/// Column list of `batch_files` (without the bytes) in the order
/// `batch_file_from_row` reads.
macro_rules! batch_file_cols {
    () => {
        "id, batch_id, position, name, state, printed_agency, year, errors, warnings, problem, candidates_json, \
         report_json, provenance_json, agency_id, version_id, updated_at"
    };
}
pub(crate) use batch_file_cols;

macro_rules! impl_batch {
    ($store:ty) => {
        impl $store {
            fn batch_file_from_row(
                row: &<Self as $crate::imp_report::HasDb>::Row,
            ) -> $crate::Result<$crate::BatchFile> {
                use sqlx::Row;
                let state: String = row.try_get("state")?;
                let year: Option<i64> = row.try_get("year")?;
                let candidates: String = row.try_get("candidates_json")?;
                Ok($crate::BatchFile {
                    id: row.try_get("id")?,
                    batch_id: row.try_get("batch_id")?,
                    position: row.try_get("position")?,
                    name: row.try_get("name")?,
                    state: $crate::BatchFileState::parse(&state)
                        .ok_or_else(|| $crate::StoreError::Conflict(format!("未知的批量导入状态：{state}")))?,
                    outcome: $crate::BatchOutcome {
                        printed_agency: row.try_get("printed_agency")?,
                        year: year.map(|y| y as i32),
                        errors: row.try_get("errors")?,
                        warnings: row.try_get("warnings")?,
                        problem: row.try_get("problem")?,
                        candidates: serde_json::from_str(&candidates).unwrap_or_default(),
                        report_json: row.try_get("report_json")?,
                        provenance_json: row.try_get("provenance_json")?,
                        agency_id: row.try_get("agency_id")?,
                        version_id: row.try_get("version_id")?,
                    },
                    updated_at_ms: row.try_get("updated_at")?,
                })
            }

            /// The batches with these ids (in the order given), with files.
            async fn batches_by_id(&self, ids: &[i64]) -> $crate::Result<Vec<$crate::Batch>> {
                use sqlx::Row;
                let mut out = Vec::with_capacity(ids.len());
                for id in ids {
                    let Some(row) = sqlx::query(
                        "SELECT id, user_id, agency_id, created_at, finished_at FROM batch_imports WHERE id = $1",
                    )
                    .bind(*id)
                    .fetch_optional(&self.pool)
                    .await?
                    else {
                        continue;
                    };
                    let files = sqlx::query(concat!(
                        "SELECT ",
                        $crate::imp_batch::batch_file_cols!(),
                        " FROM batch_files WHERE batch_id = $1 ORDER BY position"
                    ))
                    .bind(*id)
                    .fetch_all(&self.pool)
                    .await?;
                    out.push($crate::Batch {
                        id: row.try_get("id")?,
                        user_id: row.try_get("user_id")?,
                        agency_id: row.try_get("agency_id")?,
                        created_at_ms: row.try_get("created_at")?,
                        finished_at_ms: row.try_get("finished_at")?,
                        files: files.iter().map(Self::batch_file_from_row).collect::<$crate::Result<_>>()?,
                    });
                }
                Ok(out)
            }

            async fn batch_file_tx(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                id: i64,
            ) -> $crate::Result<$crate::BatchFile> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_batch::batch_file_cols!(),
                    " FROM batch_files WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| $crate::StoreError::NotFound(format!("批量导入文件 #{id} ")))?;
                Self::batch_file_from_row(&row)
            }

            /// Marks the batch finished once nothing of it is pending.
            async fn finish_batch_if_done(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                batch_id: i64,
                at_ms: i64,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "UPDATE batch_imports SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL AND NOT EXISTS \
                     (SELECT 1 FROM batch_files WHERE batch_id = $2 AND state IN ('queued', 'working'))",
                )
                .bind(at_ms)
                .bind(batch_id)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }
        }

        #[$crate::async_trait]
        impl $crate::BatchStore for $store {
            async fn create_batch(
                &self,
                actor: &$crate::Actor,
                user_id: i64,
                agency_id: i64,
                files: Vec<$crate::NewBatchFile>,
                at_ms: i64,
            ) -> $crate::Result<$crate::Batch> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "INSERT INTO batch_imports (user_id, agency_id, created_at) VALUES ($1, $2, $3) RETURNING id",
                )
                .bind(user_id)
                .bind(agency_id)
                .bind(at_ms)
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
                for (i, file) in files.iter().enumerate() {
                    let (state, content, problem) = match &file.content {
                        Ok(bytes) => ("queued", Some(bytes.as_slice()), ""),
                        Err(problem) => ("failed", None, problem.as_str()),
                    };
                    sqlx::query(
                        "INSERT INTO batch_files (batch_id, position, name, content, state, problem, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id)
                    .bind(i as i64 + 1)
                    .bind(&file.name)
                    .bind(content)
                    .bind(state)
                    .bind(problem)
                    .bind(at_ms)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::finish_batch_if_done(&mut tx, id, at_ms).await?;
                let ev = $crate::imp_common::event(
                    actor,
                    Some(agency_id),
                    "batch.create",
                    format!("batch:{id}"),
                    None,
                    Some(serde_json::json!({ "id": id, "files": names })),
                );
                Self::audit_tx(&mut tx, ev).await?;
                tx.commit().await?;
                self.batches_by_id(&[id])
                    .await?
                    .pop()
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("批量导入 #{id} ")))
            }

            async fn get_batch(&self, id: i64) -> $crate::Result<Option<$crate::Batch>> {
                Ok(self.batches_by_id(&[id]).await?.pop())
            }

            async fn list_batches(&self, user_id: i64, limit: i64) -> $crate::Result<Vec<$crate::Batch>> {
                use sqlx::Row;
                let rows = sqlx::query("SELECT id FROM batch_imports WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
                    .bind(user_id)
                    .bind(limit.clamp(1, 100))
                    .fetch_all(&self.pool)
                    .await?;
                let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
                self.batches_by_id(&ids).await
            }

            async fn claim_batch_file(&self, at_ms: i64) -> $crate::Result<Option<$crate::ClaimedBatchFile>> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let Some(row) = sqlx::query(
                    "SELECT f.id, f.content, b.user_id FROM batch_files f JOIN batch_imports b ON b.id = f.batch_id \
                     WHERE f.state = 'queued' ORDER BY f.id LIMIT 1",
                )
                .fetch_optional(&mut *tx)
                .await?
                else {
                    return Ok(None);
                };
                let id: i64 = row.try_get("id")?;
                let content: Option<Vec<u8>> = row.try_get("content")?;
                let uploader_id: i64 = row.try_get("user_id")?;
                sqlx::query("UPDATE batch_files SET state = 'working', updated_at = $1 WHERE id = $2 AND state = 'queued'")
                    .bind(at_ms)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let file = Self::batch_file_tx(&mut tx, id).await?;
                tx.commit().await?;
                Ok(Some($crate::ClaimedBatchFile { file, content: content.unwrap_or_default(), uploader_id }))
            }

            async fn settle_batch_file(
                &self,
                id: i64,
                from: $crate::BatchFileState,
                to: $crate::BatchFileState,
                o: &$crate::BatchOutcome,
                at_ms: i64,
            ) -> $crate::Result<$crate::BatchFile> {
                let mut tx = self.write_tx().await?;
                let before = Self::batch_file_tx(&mut tx, id).await?;
                if before.state != from {
                    return Err($crate::StoreError::Conflict("该文件已处理，请刷新页面".into()));
                }
                let candidates = serde_json::to_string(&o.candidates).unwrap_or_else(|_| "[]".into());
                sqlx::query(
                    "UPDATE batch_files SET content = NULL, state = $1, printed_agency = $2, year = $3, errors = $4, \
                     warnings = $5, problem = $6, candidates_json = $7, report_json = $8, provenance_json = $9, \
                     agency_id = $10, version_id = $11, updated_at = $12 WHERE id = $13 AND state = $14",
                )
                .bind(to.as_str())
                .bind(&o.printed_agency)
                .bind(o.year.map(i64::from))
                .bind(o.errors)
                .bind(o.warnings)
                .bind(&o.problem)
                .bind(candidates)
                .bind(&o.report_json)
                .bind(&o.provenance_json)
                .bind(o.agency_id)
                .bind(o.version_id)
                .bind(at_ms)
                .bind(id)
                .bind(from.as_str())
                .execute(&mut *tx)
                .await?;
                Self::finish_batch_if_done(&mut tx, before.batch_id, at_ms).await?;
                let after = Self::batch_file_tx(&mut tx, id).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn requeue_batch_files(&self) -> $crate::Result<u64> {
                let mut tx = self.write_tx().await?;
                // Unread files go back to the queue; a confirmation that
                // was being filed (its bytes are gone) waits again.
                let done =
                    sqlx::query("UPDATE batch_files SET state = 'queued' WHERE state = 'working' AND content IS NOT NULL")
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                sqlx::query("UPDATE batch_files SET state = 'confirm' WHERE state = 'working' AND content IS NULL")
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(done)
            }
        }
    };
}
pub(crate) use impl_batch;
