//! Session and login-throttling queries, instantiated per backend. Session
//! tokens are stored only as hashes.

macro_rules! impl_session {
    ($store:ty) => {
        #[$crate::async_trait]
        impl $crate::SessionStore for $store {
            async fn create_session(
                &self,
                user_id: i64,
                token_hash: &str,
                csrf_token: &str,
                now_ms: i64,
                expires_ms: i64,
            ) -> $crate::Result<()> {
                // Forget sessions that ended more than a day ago.
                sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                    .bind(now_ms - 86_400_000)
                    .execute(&self.pool)
                    .await?;
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(token_hash).bind(user_id).bind(csrf_token).bind(now_ms).bind(expires_ms)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn get_session(&self, token_hash: &str, now_ms: i64) -> $crate::Result<Option<$crate::Session>> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT u.id, u.username, u.display_name, u.agency_id, u.role, u.disabled, u.created_at, \
                     s.csrf_token, s.expires_at \
                     FROM sessions s JOIN users u ON u.id = s.user_id \
                     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled = $3",
                )
                .bind(token_hash)
                .bind(now_ms)
                .bind(false)
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    Some(r) => Ok(Some($crate::Session {
                        user: Self::user_from_row(&r)?,
                        csrf_token: r.try_get("csrf_token")?,
                        expires_ms: r.try_get("expires_at")?,
                    })),
                    None => Ok(None),
                }
            }

            async fn revoke_session(&self, token_hash: &str, now_ms: i64) -> $crate::Result<()> {
                sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
                    .bind(now_ms)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn revoke_user_sessions(&self, actor: &$crate::Actor, user_id: i64) -> $crate::Result<u64> {
                let mut tx = self.write_tx().await?;
                let user = Self::user_tx(&mut tx, user_id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("用户 #{user_id} ")))?;
                let n = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                    .bind($crate::now_ms())
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                Self::audit_tx(&mut tx, $crate::imp_common::event(
                    actor, Some(user.agency_id), "user.revoke_sessions", format!("user:{user_id}"),
                    None, Some(serde_json::json!({ "revoked": n })),
                )).await?;
                tx.commit().await?;
                Ok(n)
            }

            async fn record_login_failure(&self, username: &str, ip: &str, now_ms: i64) -> $crate::Result<()> {
                // Forget failures older than a day while we are here.
                sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(now_ms - 86_400_000)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)")
                    .bind(username)
                    .bind(ip)
                    .bind(now_ms)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn count_login_failures(&self, username: &str, ip: &str, since_ms: i64) -> $crate::Result<i64> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT COUNT(*) AS n FROM login_failures WHERE username = $1 AND ip = $2 AND at >= $3",
                )
                .bind(username)
                .bind(ip)
                .bind(since_ms)
                .fetch_one(&self.pool)
                .await?;
                Ok(row.try_get("n")?)
            }

            async fn clear_login_failures(&self, username: &str, ip: &str) -> $crate::Result<()> {
                sqlx::query("DELETE FROM login_failures WHERE username = $1 AND ip = $2")
                    .bind(username)
                    .bind(ip)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_session;
