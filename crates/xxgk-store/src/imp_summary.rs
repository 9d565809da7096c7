//! Narrow reads for tree-wide views, instantiated per backend: the change
//! stamps their caches are keyed by (kept in the same transaction as every
//! write), full versions fetched in one query by id, and the persisted
//! derived numbers of versions (`report_checks`).

/// The stamps a cached view of an agency's subtree depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ViewStamps {
    /// Moves on every change to any agency row (names, kinds, parents).
    pub tree: i64,
    /// Moves on every change to a report version of the agency or any
    /// agency below it.
    pub subtree: i64,
}

/// The derived numbers of one version as the dashboard shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportChecks {
    pub report_id: i64,
    /// The version's `updated_at_ms` they were derived from.
    pub updated_at_ms: i64,
    /// What else they depend on (previous version, agency kind, checker).
    pub basis: String,
    pub errors: i64,
    pub warnings: i64,
    /// C-1 (carry-over) findings.
    pub carry_over: i64,
    /// The report's template (`2021` / `2019`).
    pub template: String,
    /// Table 三 新收 and 办理结果总计, column 总计.
    pub received: i64,
    pub concluded: i64,
    /// Table 三 and 四 as comma-separated numbers (the web layer's encoding).
    pub table3: String,
    pub table4: String,
}

/// The totals of one version's derived numbers, with what they were
/// derived from (to tell whether they are still valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckTotals {
    pub report_id: i64,
    pub updated_at_ms: i64,
    pub basis: String,
    /// Table 三 新收 and 办理结果总计, column 总计.
    pub received: i64,
    pub concluded: i64,
}

macro_rules! impl_summary {
    ($store:ty) => {
        impl $store {
            /// Marks the reports of `agency_id` and of every ancestor changed,
            /// inside the write's transaction.
            async fn bump_subtree(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                agency_id: i64,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "WITH RECURSIVE up(id) AS (SELECT CAST($1 AS BIGINT) UNION \
                     SELECT a.parent_id FROM agencies a JOIN up ON a.id = up.id WHERE a.parent_id IS NOT NULL) \
                     INSERT INTO subtree_stamps (agency_id, stamp) SELECT id, 1 FROM up WHERE true \
                     ON CONFLICT (agency_id) DO UPDATE SET stamp = subtree_stamps.stamp + 1",
                )
                .bind(agency_id)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }
        }

        #[$crate::async_trait]
        impl $crate::SummaryStore for $store {
            async fn view_stamps(&self, agency_id: i64) -> $crate::Result<$crate::ViewStamps> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT (SELECT stamp FROM change_stamps WHERE name = 'agencies') AS tree, \
                     COALESCE((SELECT stamp FROM subtree_stamps WHERE agency_id = $1), 0) AS subtree",
                )
                .bind(agency_id)
                .fetch_one(&self.pool)
                .await?;
                Ok($crate::ViewStamps { tree: row.try_get("tree")?, subtree: row.try_get("subtree")? })
            }

            async fn report_versions_by_id(&self, ids: &[i64]) -> $crate::Result<Vec<$crate::ReportVersion>> {
                let mut out = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(1000) {
                    let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(concat!(
                        "SELECT ",
                        $crate::imp_report::report_cols!(),
                        " FROM annual_reports WHERE 1 = 1"
                    ));
                    $crate::imp_common::push_in(&mut q, "id", chunk.iter().copied());
                    for row in q.build().fetch_all(&self.pool).await? {
                        out.push(Self::report_from_row(&row)?);
                    }
                }
                Ok(out)
            }

            async fn report_checks(&self, ids: &[i64]) -> $crate::Result<Vec<$crate::ReportChecks>> {
                use sqlx::Row;
                let mut out = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(1000) {
                    let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(
                        "SELECT report_id, updated_at, basis, errors, warnings, carry_over, template, received, \
                         concluded, table3, table4 FROM report_checks WHERE 1 = 1",
                    );
                    $crate::imp_common::push_in(&mut q, "report_id", chunk.iter().copied());
                    for row in q.build().fetch_all(&self.pool).await? {
                        out.push($crate::ReportChecks {
                            report_id: row.try_get("report_id")?,
                            updated_at_ms: row.try_get("updated_at")?,
                            basis: row.try_get("basis")?,
                            errors: row.try_get("errors")?,
                            warnings: row.try_get("warnings")?,
                            carry_over: row.try_get("carry_over")?,
                            template: row.try_get("template")?,
                            received: row.try_get("received")?,
                            concluded: row.try_get("concluded")?,
                            table3: row.try_get("table3")?,
                            table4: row.try_get("table4")?,
                        });
                    }
                }
                Ok(out)
            }

            async fn report_check_totals(&self, ids: &[i64]) -> $crate::Result<Vec<$crate::CheckTotals>> {
                use sqlx::Row;
                let mut out = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(1000) {
                    let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(
                        "SELECT report_id, updated_at, basis, received, concluded FROM report_checks WHERE 1 = 1",
                    );
                    $crate::imp_common::push_in(&mut q, "report_id", chunk.iter().copied());
                    for row in q.build().fetch_all(&self.pool).await? {
                        out.push($crate::CheckTotals {
                            report_id: row.try_get("report_id")?,
                            updated_at_ms: row.try_get("updated_at")?,
                            basis: row.try_get("basis")?,
                            received: row.try_get("received")?,
                            concluded: row.try_get("concluded")?,
                        });
                    }
                }
                Ok(out)
            }

            async fn put_report_checks(&self, rows: &[$crate::ReportChecks]) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                for chunk in rows.chunks($crate::imp_seed::SEED_CHUNK) {
                    let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(
                        "INSERT INTO report_checks (report_id, updated_at, basis, errors, warnings, carry_over, \
                         template, received, concluded, table3, table4) ",
                    );
                    q.push_values(chunk, |mut b, c| {
                        b.push_bind(c.report_id)
                            .push_bind(c.updated_at_ms)
                            .push_bind(c.basis.clone())
                            .push_bind(c.errors)
                            .push_bind(c.warnings)
                            .push_bind(c.carry_over)
                            .push_bind(c.template.clone())
                            .push_bind(c.received)
                            .push_bind(c.concluded)
                            .push_bind(c.table3.clone())
                            .push_bind(c.table4.clone());
                    });
                    q.push(
                        " ON CONFLICT (report_id) DO UPDATE SET updated_at = excluded.updated_at, \
                         basis = excluded.basis, errors = excluded.errors, warnings = excluded.warnings, \
                         carry_over = excluded.carry_over, template = excluded.template, \
                         received = excluded.received, concluded = excluded.concluded, \
                         table3 = excluded.table3, table4 = excluded.table4",
                    );
                    q.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_summary;
