//! Session and login-throttling queries, instantiated per backend. Session
//! tokens are stored only as hashes; a sign-in attempt is counted as a
//! failure before its password is checked, and cleared when it succeeds.

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
                Self::audit_tx(&mut tx, &self.audit_key, $crate::imp_common::event(
                    actor, Some(user.agency_id), "user.revoke_sessions", format!("user:{user_id}"),
                    None, Some(serde_json::json!({ "revoked": n })),
                )).await?;
                tx.commit().await?;
                Ok(n)
            }

            async fn open_login_attempt(
                &self,
                username: &str,
                ip: &str,
                now_ms: i64,
                limits: &$crate::LoginLimits,
            ) -> $crate::Result<$crate::LoginGate> {
                use sqlx::Row;
                // Under the write lock: the count and the insert are one
                // step, so parallel tries cannot all see room for one more.
                let mut tx = self.write_tx().await?;
                sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(now_ms - limits.window_ms.max(86_400_000))
                    .execute(&mut *tx)
                    .await?;
                let since = now_ms - limits.window_ms;
                let pair = sqlx::query(
                    "SELECT at FROM login_failures WHERE username = $1 AND ip = $2 AND at >= $3 ORDER BY at DESC LIMIT $4",
                )
                .bind(username)
                .bind(ip)
                .bind(since)
                .bind(limits.pair_max)
                .fetch_all(&mut *tx)
                .await?;
                let account = sqlx::query(
                    "SELECT at FROM login_failures WHERE username = $1 AND at >= $2 ORDER BY at DESC LIMIT $3",
                )
                .bind(username)
                .bind(since)
                .bind(limits.account_max)
                .fetch_all(&mut *tx)
                .await?;
                // Locked until the oldest failure that keeps the count at
                // its limit leaves the window.
                let mut until = None;
                for (rows, max) in [(&pair, limits.pair_max), (&account, limits.account_max)] {
                    if rows.len() as i64 >= max
                        && let Some(row) = rows.last()
                    {
                        let at: i64 = row.try_get("at")?;
                        until = until.max(Some(at + limits.window_ms));
                    }
                }
                if let Some(until_ms) = until {
                    tx.commit().await?;
                    return Ok($crate::LoginGate::Locked { until_ms });
                }
                sqlx::query("INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)")
                    .bind(username)
                    .bind(ip)
                    .bind(now_ms)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok($crate::LoginGate::Open)
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
