//! Batch-import queries (create a batch with its queued files, read batches,
//! claim the next file under a lease, renew and release leases, settle or
//! file a file's outcome), instantiated per backend. A claim is a lease
//! (owner instance + expiry) so that any number of server instances share
//! one queue: an expired lease is taken over, a file claimed too often is
//! failed, and settling or filing is compare-and-set on state and owner in
//! the same transaction as the report change, so nothing is filed twice.
//! Stored bytes are gzip-compressed: an upload is kept once, small.

use std::io::{Read, Write};

/// How stored bytes are encoded (`batch_files.content_codec`).
const CODEC_GZIP: &str = "gzip";

/// The most bytes one stored file may unpack to (a guard: the web layer
/// refuses larger files before they are stored).
const MAX_STORED_FILE: u64 = 256 * 1024 * 1024;

/// Compresses a file's bytes for storage (fast level: uploads are mostly
/// already-compressed PDFs and DOCX, where effort buys little).
pub(crate) fn pack(bytes: &[u8]) -> crate::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes)
        .and_then(|_| enc.finish())
        .map_err(|e| crate::StoreError::Conflict(format!("无法压缩上传文件：{e}")))
}

/// The bytes of a stored file, whatever its codec.
pub(crate) fn unpack(codec: &str, stored: Vec<u8>) -> crate::Result<Vec<u8>> {
    if codec != CODEC_GZIP {
        return Ok(stored);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(stored.as_slice())
        .take(MAX_STORED_FILE + 1)
        .read_to_end(&mut out)
        .map_err(|e| crate::StoreError::Conflict(format!("队列中的文件已损坏：{e}")))?;
    if out.len() as u64 > MAX_STORED_FILE {
        return Err(crate::StoreError::Conflict(format!("队列中的文件解压后超过 {MAX_STORED_FILE} 字节")));
    }
    Ok(out)
}

/// Why a file whose workers kept dying is not read again.
pub(crate) fn exhausted_problem(attempts: i64) -> String {
    format!("读取此文件时处理进程已 {attempts} 次中断（文件可能导致崩溃、内存耗尽或超时），不再重试，未导入")
}

/// The next claimable file: queued, or working under an expired (or
/// missing) lease. Backend-specific only in the row lock.
pub(crate) trait QueueSql {
    const NEXT_CLAIMABLE: &'static str;
}

impl QueueSql for crate::SqliteStore {
    // SQLite: the claim runs under BEGIN IMMEDIATE, one writer at a time.
    const NEXT_CLAIMABLE: &'static str = "SELECT id FROM batch_files WHERE state = 'queued' \
         OR (state = 'working' AND (lease_until IS NULL OR lease_until < $1)) ORDER BY id LIMIT 1";
}

impl QueueSql for crate::PgStore {
    const NEXT_CLAIMABLE: &'static str = "SELECT id FROM batch_files WHERE state = 'queued' \
         OR (state = 'working' AND (lease_until IS NULL OR lease_until < $1)) ORDER BY id LIMIT 1 \
         FOR UPDATE SKIP LOCKED";
}

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

            /// Moves a held file to `to` with its outcome (bytes and lease
            /// dropped), compare-and-set on the hold; returns its batch.
            async fn settle_held_tx(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                held: $crate::BatchHold<'_>,
                to: $crate::BatchFileState,
                o: &$crate::BatchOutcome,
                at_ms: i64,
            ) -> $crate::Result<i64> {
                use sqlx::Row;
                let candidates = serde_json::to_string(&o.candidates).unwrap_or_else(|_| "[]".into());
                let row = sqlx::query(
                    "UPDATE batch_files SET content = NULL, state = $1, printed_agency = $2, year = $3, errors = $4, \
                     warnings = $5, problem = $6, candidates_json = $7, report_json = $8, provenance_json = $9, \
                     agency_id = $10, version_id = $11, updated_at = $12, lease_owner = NULL, lease_until = NULL \
                     WHERE id = $13 AND state = $14 AND ($15 IS NULL OR lease_owner = $15) RETURNING batch_id",
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
                .bind(held.id)
                .bind(held.state.as_str())
                .bind(held.owner)
                .fetch_optional(&mut **tx)
                .await?;
                match row {
                    Some(row) => Ok(row.try_get("batch_id")?),
                    None if held.owner.is_some() => {
                        Err($crate::StoreError::Conflict("该文件已不再由本进程处理（租约已被其他实例接管）".into()))
                    }
                    None => Err($crate::StoreError::Conflict("该文件已处理，请刷新页面".into())),
                }
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
                        Ok(bytes) => ("queued", Some($crate::imp_batch::pack(bytes)?), ""),
                        Err(problem) => ("failed", None, problem.as_str()),
                    };
                    sqlx::query(
                        "INSERT INTO batch_files (batch_id, position, name, content, content_codec, state, problem, \
                         updated_at) VALUES ($1, $2, $3, $4, 'gzip', $5, $6, $7)",
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
                Self::audit_tx(&mut tx, &self.audit_key, ev).await?;
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

            async fn claim_batch_file(
                &self,
                lease: &$crate::BatchLease,
                at_ms: i64,
            ) -> $crate::Result<Option<$crate::ClaimedBatchFile>> {
                use sqlx::Row;
                let mut tx = self.queue_tx().await?;
                // Files whose holders died too often are failed, not handed out again.
                let exhausted = sqlx::query(
                    "UPDATE batch_files SET state = 'failed', content = NULL, problem = $1, lease_owner = NULL, \
                     lease_until = NULL, updated_at = $2 WHERE state = 'working' \
                     AND (lease_until IS NULL OR lease_until < $2) AND attempts >= $3 RETURNING batch_id",
                )
                .bind($crate::imp_batch::exhausted_problem(lease.max_attempts))
                .bind(at_ms)
                .bind(lease.max_attempts)
                .fetch_all(&mut *tx)
                .await?;
                for row in &exhausted {
                    Self::finish_batch_if_done(&mut tx, row.try_get("batch_id")?, at_ms).await?;
                }
                let next = sqlx::query(<Self as $crate::imp_batch::QueueSql>::NEXT_CLAIMABLE)
                    .bind(at_ms)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(next) = next else {
                    tx.commit().await?;
                    return Ok(None);
                };
                let id: i64 = next.try_get("id")?;
                let row = sqlx::query(
                    "UPDATE batch_files SET state = 'working', lease_owner = $1, lease_until = $2, \
                     attempts = attempts + 1, updated_at = $3 WHERE id = $4 \
                     RETURNING content, content_codec, attempts, \
                     (SELECT user_id FROM batch_imports b WHERE b.id = batch_id) AS uploader_id",
                )
                .bind(&lease.owner)
                .bind(at_ms + lease.lease_ms)
                .bind(at_ms)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                let content: Option<Vec<u8>> = row.try_get("content")?;
                let codec: String = row.try_get("content_codec")?;
                let attempt: i64 = row.try_get("attempts")?;
                let uploader_id: i64 = row.try_get("uploader_id")?;
                let file = Self::batch_file_tx(&mut tx, id).await?;
                tx.commit().await?;
                let content = $crate::imp_batch::unpack(&codec, content.unwrap_or_default())?;
                Ok(Some($crate::ClaimedBatchFile { file, content, uploader_id, attempt }))
            }

            async fn renew_batch_lease(
                &self,
                id: i64,
                lease: &$crate::BatchLease,
                at_ms: i64,
            ) -> $crate::Result<bool> {
                let renewed = sqlx::query(
                    "UPDATE batch_files SET lease_until = $1 WHERE id = $2 AND state = 'working' AND lease_owner = $3",
                )
                .bind(at_ms + lease.lease_ms)
                .bind(id)
                .bind(&lease.owner)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(renewed == 1)
            }

            async fn settle_batch_file(
                &self,
                held: $crate::BatchHold<'_>,
                to: $crate::BatchFileState,
                o: &$crate::BatchOutcome,
                at_ms: i64,
            ) -> $crate::Result<$crate::BatchFile> {
                let mut tx = self.write_tx().await?;
                let batch_id = Self::settle_held_tx(&mut tx, held, to, o, at_ms).await?;
                Self::finish_batch_if_done(&mut tx, batch_id, at_ms).await?;
                let after = Self::batch_file_tx(&mut tx, held.id).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn file_batch_file(
                &self,
                held: $crate::BatchHold<'_>,
                actor: &$crate::Actor,
                report: $crate::NewReportVersion,
                o: &$crate::BatchOutcome,
                at_ms: i64,
            ) -> $crate::Result<$crate::BatchFile> {
                let mut tx = self.write_tx().await?;
                // The hold first: the row stays locked until commit, and a
                // lost claim files nothing.
                let batch_id = Self::settle_held_tx(&mut tx, held, $crate::BatchFileState::Filed, o, at_ms).await?;
                let version = Self::file_version_tx(&mut tx, &self.audit_key, actor, &report, at_ms).await?;
                sqlx::query(
                    "UPDATE batch_files SET agency_id = $1, version_id = $2, report_json = '', provenance_json = '', \
                     candidates_json = '[]' WHERE id = $3",
                )
                .bind(version.agency_id)
                .bind(version.id)
                .bind(held.id)
                .execute(&mut *tx)
                .await?;
                Self::finish_batch_if_done(&mut tx, batch_id, at_ms).await?;
                let after = Self::batch_file_tx(&mut tx, held.id).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn release_batch_claims(&self, owner: &str) -> $crate::Result<u64> {
                let released = sqlx::query(
                    "UPDATE batch_files SET state = 'queued', lease_owner = NULL, lease_until = NULL, \
                     attempts = attempts - 1 WHERE state = 'working' AND lease_owner = $1 AND content IS NOT NULL",
                )
                .bind(owner)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(released)
            }
        }
    };
}
pub(crate) use impl_batch;
