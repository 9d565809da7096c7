//! Agency queries (list, read, create, update with cycle check), instantiated
//! per backend.

macro_rules! impl_agency {
    ($store:ty) => {
        #[$crate::async_trait]
        impl $crate::AgencyStore for $store {
            async fn list_agencies(&self) -> $crate::Result<Vec<xxgk_domain::Agency>> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_common::agency_cols!(),
                    " FROM agencies ORDER BY id"
                ))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::agency_from_row).collect()
            }

            async fn get_agency(&self, id: i64) -> $crate::Result<Option<xxgk_domain::Agency>> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_common::agency_cols!(),
                    " FROM agencies WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::agency_from_row).transpose()
            }

            async fn create_agency(
                &self,
                actor: &$crate::Actor,
                input: xxgk_domain::AgencyInput,
            ) -> $crate::Result<xxgk_domain::Agency> {
                use sqlx::Row;
                let input = input.validate()?;
                let mut tx = self.write_tx().await?;
                if let Some(p) = input.parent_id {
                    if Self::agency_tx(&mut tx, p).await?.is_none() {
                        return Err($crate::StoreError::NotFound(format!("上级机关 #{p} ")));
                    }
                }
                let now = $crate::now_ms();
                let o = &input.office;
                let row = sqlx::query(
                    "INSERT INTO agencies (parent_id, name, kind, functions, address, hours, phone, head, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                )
                .bind(input.parent_id)
                .bind(&input.name)
                .bind(input.kind.as_str())
                .bind(&o.functions)
                .bind(&o.address)
                .bind(&o.hours)
                .bind(&o.phone)
                .bind(&o.head)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                let agency = Self::agency_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("机关 #{id} ")))?;
                let ev = $crate::imp_common::event(
                    actor,
                    Some(id),
                    "agency.create",
                    format!("agency:{id}"),
                    None,
                    $crate::imp_common::snapshot(&agency),
                );
                Self::audit_tx(&mut tx, &self.audit_key, ev).await?;
                tx.commit().await?;
                Ok(agency)
            }

            async fn update_agency(
                &self,
                actor: &$crate::Actor,
                id: i64,
                input: xxgk_domain::AgencyInput,
            ) -> $crate::Result<xxgk_domain::Agency> {
                use sqlx::Row;
                let input = input.validate()?;
                let mut tx = self.write_tx().await?;
                let before = Self::agency_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("机关 #{id} ")))?;
                if input.parent_id != before.parent_id {
                    if let Some(p) = input.parent_id {
                        if p == id {
                            return Err($crate::StoreError::Conflict("上级机关不能是机关本身".into()));
                        }
                        if Self::agency_tx(&mut tx, p).await?.is_none() {
                            return Err($crate::StoreError::NotFound(format!("上级机关 #{p} ")));
                        }
                        let rows = sqlx::query("SELECT id, parent_id FROM agencies")
                            .fetch_all(&mut *tx)
                            .await?;
                        let mut parents = std::collections::HashMap::new();
                        for r in &rows {
                            let aid: i64 = r.try_get("id")?;
                            let pid: Option<i64> = r.try_get("parent_id")?;
                            parents.insert(aid, pid);
                        }
                        if xxgk_domain::agency::is_below(p, id, |x| parents.get(&x).copied().flatten()) {
                            return Err($crate::StoreError::Conflict(
                                "上级机关不能是本机关的下级机关".into(),
                            ));
                        }
                    }
                }
                let o = &input.office;
                sqlx::query(
                    "UPDATE agencies SET parent_id = $1, name = $2, kind = $3, functions = $4, address = $5, \
                     hours = $6, phone = $7, head = $8, updated_at = $9 WHERE id = $10",
                )
                .bind(input.parent_id)
                .bind(&input.name)
                .bind(input.kind.as_str())
                .bind(&o.functions)
                .bind(&o.address)
                .bind(&o.hours)
                .bind(&o.phone)
                .bind(&o.head)
                .bind($crate::now_ms())
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let after = Self::agency_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("机关 #{id} ")))?;
                let ev = $crate::imp_common::event(
                    actor,
                    Some(id),
                    "agency.update",
                    format!("agency:{id}"),
                    $crate::imp_common::snapshot(&before),
                    $crate::imp_common::snapshot(&after),
                );
                Self::audit_tx(&mut tx, &self.audit_key, ev).await?;
                tx.commit().await?;
                Ok(after)
            }
        }
    };
}
pub(crate) use impl_agency;
