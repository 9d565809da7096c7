//! Secrets: Argon2id password hashing (off the async threads, in
//! `spawn_blocking`), random tokens for sessions / API tokens / CSRF, token
//! hashing for storage, and random passwords for the demo.

use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// Argon2 working memory kept for reuse. Argon2id needs m_cost KiB per hash
/// (19 MiB by default); allocating and freeing that on whichever blocking
/// thread runs the hash leaves the freed memory parked in malloc's per-thread
/// arenas (measured: +19 MiB resident per sign-in up to ~130 MiB), so buffers
/// are kept here instead, at most [`MemoryPool::KEEP`] of them.
#[derive(Debug, Default)]
struct MemoryPool {
    free: Mutex<Vec<Vec<Block>>>,
}

impl MemoryPool {
    const KEEP: usize = 2;

    fn take(&self, blocks: usize) -> Vec<Block> {
        let reused = self.free.lock().ok().and_then(|mut free| {
            let i = free.iter().position(|b| b.len() == blocks)?;
            Some(free.swap_remove(i))
        });
        reused.unwrap_or_else(|| vec![Block::default(); blocks])
    }

    fn give(&self, buf: Vec<Block>) {
        if let Ok(mut free) = self.free.lock()
            && free.len() < Self::KEEP
        {
            free.push(buf);
        }
    }
}

/// Hashes and verifies passwords with Argon2id (PHC strings, compatible with
/// the `argon2` crate's own `PasswordHasher`/`PasswordVerifier`).
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    params: Params,
    /// Hash checked for unknown usernames; made on first use.
    dummy_hash: Arc<OnceLock<String>>,
    pool: Arc<MemoryPool>,
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD_NO_PAD;

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Password(e.to_string())
}

impl PasswordHasher {
    /// Production cost (OWASP-recommended: m = 19 MiB, t = 2, p = 1).
    pub fn standard() -> Self {
        Self::with_params(Params::DEFAULT)
    }

    /// Minimal cost, for tests only (debug builds hash slowly).
    pub fn fast_for_tests() -> Self {
        let params = Params::new(Params::MIN_M_COST.max(64), 1, 1, None).unwrap_or(Params::DEFAULT);
        Self::with_params(params)
    }

    fn with_params(params: Params) -> Self {
        Self { params, dummy_hash: Arc::new(OnceLock::new()), pool: Arc::new(MemoryPool::default()) }
    }

    fn compute(
        &self,
        alg: Algorithm,
        version: Version,
        params: &Params,
        pwd: &[u8],
        salt: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        let mut buf = self.pool.take(params.block_count());
        let result = Argon2::new(alg, version, params.clone()).hash_password_into_with_memory(pwd, salt, out, &mut buf);
        self.pool.give(buf);
        result.map_err(err)
    }

    fn hash_blocking(&self, password: &str) -> Result<String> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(err)?;
        let mut out = [0u8; 32];
        self.compute(Algorithm::Argon2id, Version::V0x13, &self.params, password.as_bytes(), &salt, &mut out)?;
        let salt = SaltString::encode_b64(&salt).map_err(err)?;
        Ok(format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            self.params.m_cost(),
            self.params.t_cost(),
            self.params.p_cost(),
            salt.as_str(),
            B64.encode(out)
        ))
    }

    fn verify_blocking(&self, password: &str, hash: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(hash) else { return false };
        let Ok(alg) = Algorithm::try_from(parsed.algorithm) else { return false };
        let version = match parsed.version.map(Version::try_from) {
            Some(Ok(v)) => v,
            Some(Err(_)) => return false,
            None => Version::default(),
        };
        let Ok(params) = Params::try_from(&parsed) else { return false };
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
        let mut salt_buf = [0u8; 64];
        let Ok(salt) = salt.decode_b64(&mut salt_buf) else { return false };
        let mut out = vec![0u8; expected.len()];
        if self.compute(alg, version, &params, password.as_bytes(), salt, &mut out).is_err() {
            return false;
        }
        out.iter().zip(expected.as_bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }

    /// Hashes a password (PHC string), off the async threads.
    pub async fn hash(&self, password: String) -> Result<String> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.hash_blocking(&password)).await.map_err(err)?
    }

    /// Checks a password against a stored hash; `None` runs a dummy check so
    /// unknown usernames take as long as known ones.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool> {
        let known = hash.is_some();
        let me = self.clone();
        let ok = tokio::task::spawn_blocking(move || {
            let hash = match hash {
                Some(h) => h,
                None => {
                    me.dummy_hash.get_or_init(|| me.hash_blocking("xxgk-dummy-password").unwrap_or_default()).clone()
                }
            };
            me.verify_blocking(&password, &hash)
        })
        .await
        .map_err(err)?;
        Ok(ok && known)
    }
}

/// `n` random bytes, base64url without padding.
pub fn random_token(n: usize) -> String {
    let mut buf = vec![0u8; n];
    // getrandom only fails if the OS has no entropy source at all.
    if getrandom::fill(&mut buf).is_err() {
        panic_free_fallback(&mut buf);
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&buf)
}

fn panic_free_fallback(buf: &mut [u8]) {
    // Never reached on supported platforms; mix time so tokens still differ.
    let seed = crate::now_ms().to_le_bytes();
    let digest = Sha256::digest(seed);
    for (i, b) in buf.iter_mut().enumerate() {
        *b = digest[i % digest.len()];
    }
}

/// sha256 hex of a token, as stored in the database.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random 16-character password from an unambiguous alphabet.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(16);
    while out.len() < 16 {
        let mut buf = [0u8; 32];
        if getrandom::fill(&mut buf).is_err() {
            panic_free_fallback(&mut buf);
        }
        for b in buf {
            // Rejection sampling keeps the distribution uniform.
            let limit = 256 - (256 % ALPHABET.len());
            if (b as usize) < limit && out.len() < 16 {
                out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatible_with_the_argon2_crate() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let h = PasswordHasher::fast_for_tests();
        let ours = h.hash_blocking("pässwörd 123").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password("pässwörd 123".as_bytes(), &parsed).is_ok());
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let theirs = Argon2::default().hash_password(b"other password", &salt).unwrap().to_string();
        assert!(h.verify_blocking("other password", &theirs));
        assert!(!h.verify_blocking("other passwore", &theirs));
        assert!(!h.verify_blocking("x", "not a hash"));
    }

    #[tokio::test]
    async fn hash_and_verify() {
        let h = PasswordHasher::fast_for_tests();
        let hash = h.hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(h.verify("correct horse battery".into(), Some(hash.clone())).await.unwrap());
        assert!(!h.verify("wrong".into(), Some(hash)).await.unwrap());
        assert!(!h.verify("xxgk-dummy-password".into(), None).await.unwrap());
    }

    #[test]
    fn tokens_and_passwords() {
        assert_ne!(random_token(32), random_token(32));
        assert_eq!(random_token(32).len(), 43);
        let p = random_password();
        assert_eq!(p.chars().count(), 16);
        assert_eq!(token_hash("a").len(), 64);
    }
}
