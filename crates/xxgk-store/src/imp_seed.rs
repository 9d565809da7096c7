//! Bulk loading of a synthetic province (`xxgk admin seed`), instantiated
//! per backend. A seed writes many rows per statement in one transaction per
//! call and appends one audit record per call (action `seed.agencies` or
//! `seed.reports`, with the count and id range), not one per row: a seed is
//! one administrative act on an empty database, and a record per row would
//! make it minutes instead of seconds.

use xxgk_domain::{AgencyKind, OfficeDetails};

/// Rows per INSERT statement (well under both backends' parameter limits).
pub(crate) const SEED_CHUNK: usize = 400;

/// One agency of a seeded tree.
#[derive(Debug, Clone)]
pub struct SeedAgency {
    pub parent_id: Option<i64>,
    /// Unique within one `seed_agencies` call (ids are matched back by name).
    pub name: String,
    pub kind: AgencyKind,
    pub office: OfficeDetails,
}

/// One report version written as it is, in its final state.
#[derive(Debug, Clone)]
pub struct SeedVersion {
    pub agency_id: i64,
    pub year: i32,
    pub version: i64,
    /// A workflow state name (`draft` … `superseded`).
    pub state: String,
    pub report_json: String,
    pub created_at_ms: i64,
    pub submitted_at_ms: Option<i64>,
    pub approved_at_ms: Option<i64>,
    pub published_at_ms: Option<i64>,
    pub superseded_at_ms: Option<i64>,
}

macro_rules! impl_seed {
    ($store:ty) => {
        #[$crate::async_trait]
        impl $crate::SeedStore for $store {
            async fn seed_agencies(
                &self,
                actor: &$crate::Actor,
                agencies: Vec<$crate::SeedAgency>,
            ) -> $crate::Result<Vec<(i64, String)>> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let now = $crate::now_ms();
                let mut out = Vec::with_capacity(agencies.len());
                for chunk in agencies.chunks($crate::imp_seed::SEED_CHUNK) {
                    let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(
                        "INSERT INTO agencies (parent_id, name, kind, functions, address, hours, phone, head, \
                         created_at, updated_at) ",
                    );
                    q.push_values(chunk, |mut b, a| {
                        b.push_bind(a.parent_id)
                            .push_bind(a.name.clone())
                            .push_bind(a.kind.as_str())
                            .push_bind(a.office.functions.clone())
                            .push_bind(a.office.address.clone())
                            .push_bind(a.office.hours.clone())
                            .push_bind(a.office.phone.clone())
                            .push_bind(a.office.head.clone())
                            .push_bind(now)
                            .push_bind(now);
                    });
                    q.push(" RETURNING id, name");
                    for row in q.build().fetch_all(&mut *tx).await? {
                        out.push((row.try_get::<i64, _>("id")?, row.try_get::<String, _>("name")?));
                    }
                }
                Self::audit_seed(&mut tx, &self.audit_key, actor, "seed.agencies", out.iter().map(|(id, _)| *id)).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn seed_reports(
                &self,
                actor: &$crate::Actor,
                versions: Vec<$crate::SeedVersion>,
            ) -> $crate::Result<u64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let mut ids = Vec::with_capacity(versions.len());
                for chunk in versions.chunks($crate::imp_seed::SEED_CHUNK) {
                    let mut q = sqlx::QueryBuilder::<<Self as $crate::imp_report::HasDb>::Db>::new(
                        "INSERT INTO annual_reports (agency_id, year, version, state, report_json, source_name, \
                         provenance_json, created_at, updated_at, submitted_at, approved_at, published_at, \
                         superseded_at) ",
                    );
                    q.push_values(chunk, |mut b, v| {
                        let updated = [v.superseded_at_ms, v.published_at_ms, v.approved_at_ms, v.submitted_at_ms]
                            .into_iter()
                            .flatten()
                            .max()
                            .unwrap_or(v.created_at_ms);
                        b.push_bind(v.agency_id)
                            .push_bind(i64::from(v.year))
                            .push_bind(v.version)
                            .push_bind(v.state.clone())
                            .push_bind(v.report_json.clone())
                            .push_bind("")
                            .push_bind("[]")
                            .push_bind(v.created_at_ms)
                            .push_bind(updated)
                            .push_bind(v.submitted_at_ms)
                            .push_bind(v.approved_at_ms)
                            .push_bind(v.published_at_ms)
                            .push_bind(v.superseded_at_ms);
                    });
                    q.push(" RETURNING id");
                    for row in q.build().fetch_all(&mut *tx).await? {
                        ids.push(row.try_get::<i64, _>("id")?);
                    }
                }
                // Every agency's views may have changed: move every stamp.
                sqlx::query(
                    "INSERT INTO subtree_stamps (agency_id, stamp) SELECT id, 1 FROM agencies WHERE true \
                     ON CONFLICT (agency_id) DO UPDATE SET stamp = subtree_stamps.stamp + 1",
                )
                .execute(&mut *tx)
                .await?;
                Self::audit_seed(&mut tx, &self.audit_key, actor, "seed.reports", ids.iter().copied()).await?;
                tx.commit().await?;
                Ok(ids.len() as u64)
            }
        }

        impl $store {
            /// The one audit record of a seeding call: how many rows, which ids.
            async fn audit_seed(
                tx: &mut sqlx::Transaction<'static, <Self as $crate::imp_report::HasDb>::Db>,
                key: &xxgk_domain::AuditKey,
                actor: &$crate::Actor,
                action: &str,
                ids: impl Iterator<Item = i64>,
            ) -> $crate::Result<()> {
                let (mut count, mut first, mut last) = (0u64, None::<i64>, None::<i64>);
                for id in ids {
                    count += 1;
                    first = Some(first.map_or(id, |f| f.min(id)));
                    last = Some(last.map_or(id, |l| l.max(id)));
                }
                let after = serde_json::json!({ "count": count, "first_id": first, "last_id": last });
                let ev = $crate::imp_common::event(actor, None, action, "seed".into(), None, Some(after));
                Self::audit_tx(tx, key, ev).await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_seed;
