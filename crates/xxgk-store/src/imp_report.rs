//! Annual-report version queries (list, read, create, edit a draft, state
//! changes with supersession, corrections), instantiated per backend. Every
//! write appends to the audit chain in its own transaction.

/// Column list of `annual_reports` in the order `report_from_row` reads.
macro_rules! report_cols {
    () => {
        "id, agency_id, year, version, state, report_json, source_name, provenance_json, created_at, updated_at, \
         submitted_at, approved_at, published_at, superseded_at"
    };
}
pub(crate) use report_cols;

/// The audit snapshot of a version: its metadata, and the report when `full`.
pub(crate) fn report_snapshot(v: &crate::ReportVersion, full: bool) -> Option<serde_json::Value> {
    let mut value = serde_json::json!({
        "id": v.id,
        "agency_id": v.agency_id,
        "year": v.year,
        "version": v.version,
        "state": v.state,
        "source_name": v.source_name,
    });
    if full {
        let report: serde_json::Value =
            serde_json::from_str(&v.report_json).unwrap_or(serde_json::Value::String(v.report_json.clone()));
        value["report"] = report;
    }
    Some(value)
}

macro_rules! impl_report {
    ($store:ty) => {
        impl $store {
            fn report_from_row(
                row: &<Self as $crate::imp_report::HasDb>::Row,
            ) -> $crate::Result<$crate::ReportVersion> {
                use sqlx::Row;
                let year: i64 = row.try_get("year")?;
                Ok($crate::ReportVersion {
                    id: row.try_get("id")?,
                    agency_id: row.try_get("agency_id")?,
                    year: year as i32,
                    version: row.try_get("version")?,
                    state: row.try_get("state")?,
                    report_json: row.try_get("report_json")?,
                    source_name: row.try_get("source_name")?,
                    provenance_json: row.try_get("provenance_json")?,
                    created_at_ms: row.try_get("created_at")?,
                    updated_at_ms: row.try_get("updated_at")?,
                    submitted_at_ms: row.try_get("submitted_at")?,
                    approved_at_ms: row.try_get("approved_at")?,
                    published_at_ms: row.try_get("published_at")?,
                    superseded_at_ms: row.try_get("superseded_at")?,
                })
            }

            /// Appends the audit record of a change to a report version
            /// inside `tx`: the version after the change, and the one before
            /// (the same version, or the one it was derived from).
            async fn audit_report(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                key: &xxgk_domain::AuditKey,
                actor: &$crate::Actor,
                action: &str,
                before: Option<&$crate::ReportVersion>,
                after: &$crate::ReportVersion,
                with_text: bool,
            ) -> $crate::Result<()> {
                let ev = $crate::imp_common::event(
                    actor,
                    Some(after.agency_id),
                    action,
                    format!("report:{}", after.id),
                    before.and_then(|b| $crate::imp_report::report_snapshot(b, with_text)),
                    $crate::imp_report::report_snapshot(after, with_text),
                );
                Self::audit_tx(tx, key, ev).await?;
                Ok(())
            }

            /// A version inside `tx`, or `NotFound`.
            async fn report_tx(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                id: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_report::report_cols!(),
                    " FROM annual_reports WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| $crate::StoreError::NotFound(format!("年度报告 #{id} ")))?;
                Self::report_from_row(&row)
            }

            /// Fails when the agency and year have a version still open.
            async fn no_open_version(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                agency_id: i64,
                year: i32,
            ) -> $crate::Result<i64> {
                use sqlx::Row;
                let rows = sqlx::query("SELECT version, state FROM annual_reports WHERE agency_id = $1 AND year = $2")
                    .bind(agency_id)
                    .bind(i64::from(year))
                    .fetch_all(&mut **tx)
                    .await?;
                let mut max = 0i64;
                for r in &rows {
                    let version: i64 = r.try_get("version")?;
                    let state: String = r.try_get("state")?;
                    if $crate::OPEN_REPORT_STATES.contains(&state.as_str()) {
                        return Err($crate::StoreError::Conflict(format!(
                            "{year} 年度报告已有未发布的第 {version} 版，请在该版本上继续工作"
                        )));
                    }
                    max = max.max(version);
                }
                Ok(max + 1)
            }

            /// Creates the next version as a draft (`report.create`), inside
            /// the caller's transaction.
            async fn create_version_tx(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                key: &xxgk_domain::AuditKey,
                actor: &$crate::Actor,
                new: &$crate::NewReportVersion,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                if Self::agency_tx(tx, new.agency_id).await?.is_none() {
                    return Err($crate::StoreError::NotFound(format!("机关 #{} ", new.agency_id)));
                }
                let version = Self::no_open_version(tx, new.agency_id, new.year).await?;
                let created = Self::insert_version(tx, new, version, at_ms).await?;
                Self::audit_report(tx, key, actor, "report.create", None, &created, true).await?;
                Self::bump_subtree(tx, created.agency_id).await?;
                Ok(created)
            }

            /// Replaces a draft's report (`report.update`), inside the
            /// caller's transaction.
            async fn update_draft_tx(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                key: &xxgk_domain::AuditKey,
                actor: &$crate::Actor,
                id: i64,
                report_json: &str,
                provenance: Option<(&str, &str)>,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                let before = Self::report_tx(tx, id).await?;
                if before.state != "draft" {
                    return Err($crate::StoreError::Conflict(
                        "只有草稿可以修改；已提交、已发布的版本不可更改（发布后请使用“更正”生成新版本）".into(),
                    ));
                }
                let (source, prov) = provenance.unwrap_or((&before.source_name, &before.provenance_json));
                sqlx::query(
                    "UPDATE annual_reports SET report_json = $1, source_name = $2, provenance_json = $3, \
                     updated_at = $4 WHERE id = $5 AND state = 'draft'",
                )
                .bind(report_json)
                .bind(source)
                .bind(prov)
                .bind(at_ms)
                .bind(id)
                .execute(&mut **tx)
                .await?;
                let after = Self::report_tx(tx, id).await?;
                Self::audit_report(tx, key, actor, "report.update", Some(&before), &after, true).await?;
                Self::bump_subtree(tx, after.agency_id).await?;
                Ok(after)
            }

            /// Files a report read from a document, inside the caller's
            /// transaction: the newest version's draft is replaced, else the
            /// next version is created.
            async fn file_version_tx(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                key: &xxgk_domain::AuditKey,
                actor: &$crate::Actor,
                new: &$crate::NewReportVersion,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                use sqlx::Row;
                let newest = sqlx::query(
                    "SELECT id, state FROM annual_reports WHERE agency_id = $1 AND year = $2 \
                     ORDER BY version DESC LIMIT 1",
                )
                .bind(new.agency_id)
                .bind(i64::from(new.year))
                .fetch_optional(&mut **tx)
                .await?;
                if let Some(row) = newest {
                    let state: String = row.try_get("state")?;
                    if state == "draft" {
                        let id: i64 = row.try_get("id")?;
                        let provenance = Some((new.source_name.as_str(), new.provenance_json.as_str()));
                        return Self::update_draft_tx(tx, key, actor, id, &new.report_json, provenance, at_ms).await;
                    }
                }
                Self::create_version_tx(tx, key, actor, new, at_ms).await
            }

            async fn insert_version(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                new: &$crate::NewReportVersion,
                version: i64,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                use sqlx::Row;
                let row = sqlx::query(
                    "INSERT INTO annual_reports (agency_id, year, version, state, report_json, source_name, \
                     provenance_json, created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $7) \
                     RETURNING id",
                )
                .bind(new.agency_id)
                .bind(i64::from(new.year))
                .bind(version)
                .bind(&new.report_json)
                .bind(&new.source_name)
                .bind(&new.provenance_json)
                .bind(at_ms)
                .fetch_one(&mut **tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                Self::report_tx(tx, id).await
            }
        }

        #[$crate::async_trait]
        impl $crate::ReportStore for $store {
            async fn list_report_versions(
                &self,
                f: &$crate::ReportFilter,
            ) -> $crate::Result<Vec<$crate::ReportVersion>> {
                let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(if f.metadata_only {
                    concat!(
                        "SELECT report_id AS id, agency_id, year, version, state, '' AS report_json, source_name, ",
                        "'' AS provenance_json, created_at, updated_at, submitted_at, approved_at, published_at, ",
                        "superseded_at FROM report_summaries WHERE 1 = 1"
                    )
                } else {
                    concat!("SELECT ", $crate::imp_report::report_cols!(), " FROM annual_reports WHERE 1 = 1")
                });
                if let Some(ids) = &f.agency_ids {
                    if ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    $crate::imp_common::push_in(&mut q, "agency_id", ids.iter().copied());
                }
                if let Some(years) = &f.years {
                    if years.is_empty() {
                        return Ok(Vec::new());
                    }
                    $crate::imp_common::push_in(&mut q, "year", years.iter().map(|y| i64::from(*y)));
                }
                q.push(" ORDER BY agency_id, year, version");
                let rows = q.build().fetch_all(&self.pool).await?;
                rows.iter().map(Self::report_from_row).collect()
            }

            async fn get_report_version(&self, id: i64) -> $crate::Result<Option<$crate::ReportVersion>> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_report::report_cols!(),
                    " FROM annual_reports WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::report_from_row).transpose()
            }

            async fn create_report_version(
                &self,
                actor: &$crate::Actor,
                new: $crate::NewReportVersion,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                let mut tx = self.write_tx().await?;
                let created = Self::create_version_tx(&mut tx, &self.audit_key, actor, &new, at_ms).await?;
                tx.commit().await?;
                Ok(created)
            }

            async fn update_report_draft(
                &self,
                actor: &$crate::Actor,
                id: i64,
                report_json: &str,
                provenance: Option<(&str, &str)>,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                let mut tx = self.write_tx().await?;
                let after =
                    Self::update_draft_tx(&mut tx, &self.audit_key, actor, id, report_json, provenance, at_ms).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn file_report_version(
                &self,
                actor: &$crate::Actor,
                new: $crate::NewReportVersion,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                let mut tx = self.write_tx().await?;
                let filed = Self::file_version_tx(&mut tx, &self.audit_key, actor, &new, at_ms).await?;
                tx.commit().await?;
                Ok(filed)
            }

            async fn set_report_state(
                &self,
                actor: &$crate::Actor,
                id: i64,
                from: &str,
                to: &str,
                action: &str,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                let mut tx = self.write_tx().await?;
                let before = Self::report_tx(&mut tx, id).await?;
                if before.state != from {
                    return Err($crate::StoreError::Conflict("报告状态已改变，请刷新后重试".into()));
                }
                let column = match to {
                    "submitted" => Some("submitted_at"),
                    "approved" => Some("approved_at"),
                    "published" => Some("published_at"),
                    _ => None,
                };
                if to == "published" {
                    let older = sqlx::query(concat!(
                        "SELECT ",
                        $crate::imp_report::report_cols!(),
                        " FROM annual_reports WHERE agency_id = $1 AND year = $2 AND state = 'published' AND id <> $3"
                    ))
                    .bind(before.agency_id)
                    .bind(i64::from(before.year))
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
                    for row in &older {
                        let old = Self::report_from_row(row)?;
                        sqlx::query("UPDATE annual_reports SET state = 'superseded', superseded_at = $1 WHERE id = $2")
                            .bind(at_ms)
                            .bind(old.id)
                            .execute(&mut *tx)
                            .await?;
                        let mut after = old.clone();
                        after.state = "superseded".into();
                        Self::audit_report(
                            &mut tx,
                            &self.audit_key,
                            actor,
                            "report.supersede",
                            Some(&old),
                            &after,
                            false,
                        )
                        .await?;
                    }
                }
                let sql = match column {
                    Some(c) => format!(
                        "UPDATE annual_reports SET state = $1, updated_at = $2, {c} = $2 WHERE id = $3 AND state = $4"
                    ),
                    None => {
                        "UPDATE annual_reports SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4".to_string()
                    }
                };
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(to)
                    .bind(at_ms)
                    .bind(id)
                    .bind(from)
                    .execute(&mut *tx)
                    .await?;
                let after = Self::report_tx(&mut tx, id).await?;
                Self::audit_report(
                    &mut tx,
                    &self.audit_key,
                    actor,
                    &format!("report.{action}"),
                    Some(&before),
                    &after,
                    false,
                )
                .await?;
                Self::bump_subtree(&mut tx, after.agency_id).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn correct_report(
                &self,
                actor: &$crate::Actor,
                id: i64,
                at_ms: i64,
            ) -> $crate::Result<$crate::ReportVersion> {
                let mut tx = self.write_tx().await?;
                let published = Self::report_tx(&mut tx, id).await?;
                if published.state != "published" {
                    return Err($crate::StoreError::Conflict("只能更正已发布的版本".into()));
                }
                let version = Self::no_open_version(&mut tx, published.agency_id, published.year).await?;
                let new = $crate::NewReportVersion {
                    agency_id: published.agency_id,
                    year: published.year,
                    report_json: published.report_json.clone(),
                    source_name: published.source_name.clone(),
                    provenance_json: published.provenance_json.clone(),
                };
                let created = Self::insert_version(&mut tx, &new, version, at_ms).await?;
                Self::audit_report(
                    &mut tx,
                    &self.audit_key,
                    actor,
                    "report.correct",
                    Some(&published),
                    &created,
                    false,
                )
                .await?;
                Self::bump_subtree(&mut tx, created.agency_id).await?;
                tx.commit().await?;
                Ok(created)
            }
        }
    };
}
pub(crate) use impl_report;

/// The database type behind a store, so the macro can name its row type.
pub(crate) trait HasDb {
    type Db: sqlx::Database;
    type Row;
}

impl HasDb for crate::SqliteStore {
    type Db = sqlx::Sqlite;
    type Row = sqlx::sqlite::SqliteRow;
}

impl HasDb for crate::PgStore {
    type Db = sqlx::Postgres;
    type Row = sqlx::postgres::PgRow;
}
