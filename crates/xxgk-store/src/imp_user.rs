//! Account and API-token queries, instantiated per backend. Password hashes
//! are written but never put into audit snapshots.

macro_rules! impl_user {
    ($store:ty) => {
        #[$crate::async_trait]
        impl $crate::UserStore for $store {
            async fn count_users(&self) -> $crate::Result<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&self.pool).await?;
                Ok(row.try_get("n")?)
            }

            async fn list_users(&self) -> $crate::Result<Vec<$crate::User>> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_common::user_cols!(),
                    " FROM users ORDER BY agency_id, username"
                ))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::user_from_row).collect()
            }

            async fn get_user(&self, id: i64) -> $crate::Result<Option<$crate::User>> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_common::user_cols!(),
                    " FROM users WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::user_from_row).transpose()
            }

            async fn get_credentials(&self, username: &str) -> $crate::Result<Option<($crate::User, String)>> {
                use sqlx::Row;
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::imp_common::user_cols!(),
                    ", password_hash FROM users WHERE username = $1"
                ))
                .bind(username.trim().to_ascii_lowercase())
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    Some(r) => Ok(Some((Self::user_from_row(&r)?, r.try_get("password_hash")?))),
                    None => Ok(None),
                }
            }

            async fn create_user(&self, actor: &$crate::Actor, new: $crate::NewUser) -> $crate::Result<$crate::User> {
                use sqlx::Row;
                let username = xxgk_domain::validate::check_username(&new.username)?;
                let display =
                    xxgk_domain::validate::check_optional_text("display_name", &new.display_name, 50)?;
                let mut tx = self.write_tx().await?;
                if Self::agency_tx(&mut tx, new.agency_id).await?.is_none() {
                    return Err($crate::StoreError::NotFound(format!("机关 #{} ", new.agency_id)));
                }
                let now = $crate::now_ms();
                let row = sqlx::query(
                    "INSERT INTO users (username, display_name, password_hash, agency_id, role, disabled, created_at, password_changed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                )
                .bind(&username)
                .bind(&display)
                .bind(&new.password_hash)
                .bind(new.agency_id)
                .bind(new.role.as_str())
                .bind(false)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| $crate::imp_common::map_unique(e, &username))?;
                let id: i64 = row.try_get("id")?;
                let user = Self::user_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{id} ")))?;
                Self::audit_tx(&mut tx, &self.audit_key, $crate::imp_common::event(
                    actor, Some(user.agency_id), "user.create", format!("user:{id}"),
                    None, $crate::imp_common::snapshot(&user),
                )).await?;
                tx.commit().await?;
                Ok(user)
            }

            async fn set_user_role(
                &self,
                actor: &$crate::Actor,
                id: i64,
                role: xxgk_domain::Role,
                agency_id: i64,
            ) -> $crate::Result<$crate::User> {
                let mut tx = self.write_tx().await?;
                let before = Self::user_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{id} ")))?;
                if Self::agency_tx(&mut tx, agency_id).await?.is_none() {
                    return Err($crate::StoreError::NotFound(format!("机关 #{agency_id} ")));
                }
                sqlx::query("UPDATE users SET role = $1, agency_id = $2 WHERE id = $3")
                    .bind(role.as_str())
                    .bind(agency_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let after = Self::user_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{id} ")))?;
                Self::audit_tx(&mut tx, &self.audit_key, $crate::imp_common::event(
                    actor, Some(agency_id), "user.role_change", format!("user:{id}"),
                    $crate::imp_common::snapshot(&before), $crate::imp_common::snapshot(&after),
                )).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn set_user_disabled(&self, actor: &$crate::Actor, id: i64, disabled: bool) -> $crate::Result<$crate::User> {
                let mut tx = self.write_tx().await?;
                let before = Self::user_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{id} ")))?;
                sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                    .bind(disabled)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if disabled {
                    let now = $crate::now_ms();
                    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                        .bind(now).bind(id).execute(&mut *tx).await?;
                    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                        .bind(now).bind(id).execute(&mut *tx).await?;
                }
                let after = Self::user_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{id} ")))?;
                let action = if disabled { "user.disable" } else { "user.enable" };
                Self::audit_tx(&mut tx, &self.audit_key, $crate::imp_common::event(
                    actor, Some(after.agency_id), action, format!("user:{id}"),
                    $crate::imp_common::snapshot(&before), $crate::imp_common::snapshot(&after),
                )).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn set_password(
                &self,
                actor: &$crate::Actor,
                id: i64,
                hash: String,
                keep_session: Option<&str>,
            ) -> $crate::Result<()> {
                let mut tx = self.write_tx().await?;
                let user = Self::user_tx(&mut tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{id} ")))?;
                let now = $crate::now_ms();
                sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
                    .bind(&hash).bind(now).bind(id).execute(&mut *tx).await?;
                sqlx::query(
                    "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND token_hash <> $3",
                )
                .bind(now)
                .bind(id)
                .bind(keep_session.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
                Self::audit_tx(&mut tx, &self.audit_key, $crate::imp_common::event(
                    actor, Some(user.agency_id), "user.password_change", format!("user:{id}"),
                    None, None,
                )).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_api_token(
                &self,
                actor: &$crate::Actor,
                user_id: i64,
                name: &str,
                token_hash: &str,
            ) -> $crate::Result<$crate::ApiToken> {
                use sqlx::Row;
                let name = xxgk_domain::validate::check_required_text("name", name, 100)?;
                let mut tx = self.write_tx().await?;
                let user = Self::user_tx(&mut tx, user_id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{user_id} ")))?;
                let now = $crate::now_ms();
                let row = sqlx::query(
                    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(user_id).bind(&name).bind(token_hash).bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                let token = $crate::ApiToken { id, user_id, name, created_at_ms: now, last_used_ms: None, revoked: false };
                Self::audit_tx(&mut tx, &self.audit_key, $crate::imp_common::event(
                    actor, Some(user.agency_id), "token.create", format!("token:{id}"),
                    None, $crate::imp_common::snapshot(&token),
                )).await?;
                tx.commit().await?;
                Ok(token)
            }

            async fn list_api_tokens(&self, user_id: i64) -> $crate::Result<Vec<$crate::ApiToken>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let revoked: Option<i64> = r.try_get("revoked_at")?;
                        Ok($crate::ApiToken {
                            id: r.try_get("id")?,
                            user_id: r.try_get("user_id")?,
                            name: r.try_get("name")?,
                            created_at_ms: r.try_get("created_at")?,
                            last_used_ms: r.try_get("last_used_at")?,
                            revoked: revoked.is_some(),
                        })
                    })
                    .collect()
            }

            async fn revoke_api_token(&self, actor: &$crate::Actor, user_id: i64, token_id: i64) -> $crate::Result<bool> {
                let mut tx = self.write_tx().await?;
                let user = Self::user_tx(&mut tx, user_id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{user_id} ")))?;
                let done = sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
                )
                .bind($crate::now_ms()).bind(token_id).bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done == 0 {
                    return Ok(false);
                }
                Self::audit_tx(&mut tx, &self.audit_key, $crate::imp_common::event(
                    actor, Some(user.agency_id), "token.revoke", format!("token:{token_id}"), None, None,
                )).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn user_for_api_token(&self, token_hash: &str, now_ms: i64) -> $crate::Result<Option<$crate::User>> {
                let row = sqlx::query(
                    "SELECT u.id, u.username, u.display_name, u.agency_id, u.role, u.disabled, u.created_at, \
                     t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
                     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = $2",
                )
                .bind(token_hash)
                .bind(false)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                // A read-only request stays read-only: the mark is written at
                // most once per TOKEN_USE_GRANULARITY_MS, not per request (a
                // write per API call serialized every reader on SQLite).
                use sqlx::Row;
                let last: Option<i64> = row.try_get("last_used_at")?;
                if last.is_none_or(|at| now_ms - at >= $crate::TOKEN_USE_GRANULARITY_MS) {
                    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
                        .bind(now_ms).bind(token_hash).execute(&self.pool).await?;
                }
                Ok(Some(Self::user_from_row(&row)?))
            }
        }
    };
}
pub(crate) use impl_user;
