//! Audit events and the hash chain. An [`AuditEvent`] is what a change
//! reports; the store turns it into an [`AuditRecord`] with a sequence number,
//! a time, the previous record's hash and its own hash. Records before the
//! keyed chain began carry `sha256(canonical serialization)`; from then on
//! `hmac-sha256:` + HMAC-SHA256 under an [`AuditKey`] kept outside the
//! database, so recomputing the chain after an edit needs the key.
//! [`ChainVerifier`] re-derives every hash; an [`AuditAnchor`] (the head as
//! last seen, kept outside the database) exposes a cut-off tail.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `prev_hash` of the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change to be appended to the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// The acting account, if any (`None` for the command line / system).
    pub actor_user_id: Option<i64>,
    /// The actor's username, or e.g. `cli:root` / `system:demo`.
    pub actor_name: String,
    /// The agency the change belongs to (for filtering and scoping).
    pub agency_id: Option<i64>,
    /// Dotted action name, e.g. `agency.create`, `user.role_change`.
    pub action: String,
    /// What was changed, e.g. `agency:12`, `user:7`.
    pub target: String,
    /// State before the change (absent for creations).
    pub before: Option<Value>,
    /// State after the change (absent for deletions).
    pub after: Option<Value>,
}

/// A stored audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Sequence number: 1, 2, 3 … without gaps.
    pub id: i64,
    /// Unix time in milliseconds (UTC).
    pub at_ms: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub agency_id: Option<i64>,
    pub action: String,
    pub target: String,
    /// Canonical JSON text of the state before, as hashed.
    pub before_json: Option<String>,
    /// Canonical JSON text of the state after, as hashed.
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// JSON with object keys sorted recursively and no insignificant whitespace:
/// the same value always gives the same text, whatever the map order.
pub fn canonical_json(value: &Value) -> String {
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = serde_json::Map::new();
                for k in keys {
                    out.insert(k.clone(), sort(&map[k]));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    // Serializing a `Value` cannot fail.
    serde_json::to_string(&sort(value)).unwrap_or_default()
}

/// The hash of a record: sha256 (lower-case hex) over a JSON array of every
/// field except `hash`, in a fixed order, prefixed by a format tag.
pub fn chain_hash(r: &AuditRecord) -> String {
    hex::encode(Sha256::digest(hashed_text(r).as_bytes()))
}

/// What a record's hash covers: every field but `hash`, in a fixed order.
fn hashed_text(r: &AuditRecord) -> String {
    let fields = serde_json::json!([
        "xxgk-audit-v1",
        r.id,
        r.at_ms,
        r.actor_user_id,
        r.actor_name,
        r.agency_id,
        r.action,
        r.target,
        r.before_json,
        r.after_json,
        r.prev_hash,
    ]);
    serde_json::to_string(&fields).unwrap_or_default()
}

/// Marks a keyed hash (plain ones are bare hex).
const KEYED_PREFIX: &str = "hmac-sha256:";

/// The secret the chain is keyed with (32 bytes). Never printed: `Debug`
/// shows only that it is there.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl AuditKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Reads the key file's text: 64 hex digits (surrounding space ignored).
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// The key file's text.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

/// The keyed hash of a record: HMAC-SHA256 under `key` over the same text
/// as [`chain_hash`], tagged `hmac-sha256:`.
pub fn keyed_chain_hash(key: &AuditKey, r: &AuditRecord) -> String {
    use hmac::Mac as _;
    // HMAC takes a key of any length: this cannot fail.
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&key.0).expect("HMAC accepts any key length");
    mac.update(hashed_text(r).as_bytes());
    format!("{KEYED_PREFIX}{}", hex::encode(mac.finalize().into_bytes()))
}

/// Why a chain does not verify, naming the first bad record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("审计记录 #{id}: 序号不连续（应为 #{expected}）")]
    Gap { id: i64, expected: i64 },
    #[error("审计记录 #{id}: prev_hash 与上一条记录的哈希不一致")]
    BrokenLink { id: i64 },
    #[error("审计记录 #{id}: 哈希与内容不符（记录被篡改）")]
    BadHash { id: i64 },
    #[error("审计记录 #{id}: 带密钥的哈希无法核验：未提供审计密钥（audit.key）")]
    NoKey { id: i64 },
}

impl ChainError {
    /// The first bad record's sequence number.
    pub fn id(&self) -> i64 {
        match self {
            ChainError::Gap { id, .. }
            | ChainError::BrokenLink { id }
            | ChainError::BadHash { id }
            | ChainError::NoKey { id } => *id,
        }
    }
}

/// Incremental verifier: feed records in id order. Records from
/// `keyed_from` on must carry the keyed hash (a plain one there is a
/// forgery by someone without the key); earlier ones the plain hash.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_id: i64,
    prev_hash: String,
    key: Option<AuditKey>,
    keyed_from: i64,
}

impl Default for ChainVerifier {
    /// A verifier for a chain that is plain throughout.
    fn default() -> Self {
        Self::keyed(None, i64::MAX)
    }
}

impl ChainVerifier {
    /// A verifier for a chain keyed with `key` from record `keyed_from` on.
    pub fn keyed(key: Option<AuditKey>, keyed_from: i64) -> Self {
        Self { expected_id: 1, prev_hash: GENESIS_HASH.to_string(), key, keyed_from }
    }

    /// Checks the next record; the first error stops the chain.
    pub fn push(&mut self, r: &AuditRecord) -> Result<(), ChainError> {
        if r.id != self.expected_id {
            return Err(ChainError::Gap { id: r.id, expected: self.expected_id });
        }
        if r.prev_hash != self.prev_hash {
            return Err(ChainError::BrokenLink { id: r.id });
        }
        let expected = if r.id >= self.keyed_from {
            match &self.key {
                Some(key) => keyed_chain_hash(key, r),
                None => return Err(ChainError::NoKey { id: r.id }),
            }
        } else {
            chain_hash(r)
        };
        if expected != r.hash {
            return Err(ChainError::BadHash { id: r.id });
        }
        self.expected_id += 1;
        self.prev_hash = r.hash.clone();
        Ok(())
    }

    /// Number of records checked so far.
    pub fn count(&self) -> i64 {
        self.expected_id - 1
    }
}

/// The head of the chain as last seen, kept outside the database (the
/// `audit-anchor.json` file). A database whose chain no longer reaches it,
/// or reaches it with another hash, lost or rewrote records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditAnchor {
    pub last_id: i64,
    pub hash: String,
}

/// Why the chain in the database does not match its anchor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    #[error("审计日志被截断：锚点记录到 #{anchor_id}，数据库中只到 #{last_id}")]
    Truncated { anchor_id: i64, last_id: i64 },
    #[error("审计记录 #{id} 与锚点的哈希不一致（记录被改写）")]
    Rewritten { id: i64 },
}

impl AuditAnchor {
    /// Checks the database's chain against this anchor: `at_anchor` is the
    /// record with the anchor's id (if any), `last_id` the newest id.
    pub fn check(&self, at_anchor: Option<&AuditRecord>, last_id: i64) -> Result<(), AnchorError> {
        match at_anchor {
            None if self.last_id > 0 => Err(AnchorError::Truncated { anchor_id: self.last_id, last_id }),
            Some(r) if r.hash != self.hash => Err(AnchorError::Rewritten { id: r.id }),
            _ => Ok(()),
        }
    }
}

/// Verifies a whole chain given in id order.
pub fn verify_chain<'a>(records: impl IntoIterator<Item = &'a AuditRecord>) -> Result<i64, ChainError> {
    let mut v = ChainVerifier::default();
    for r in records {
        v.push(r)?;
    }
    Ok(v.count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: i64, prev: &str) -> AuditRecord {
        let mut r = AuditRecord {
            id,
            at_ms: 1_700_000_000_000 + id,
            actor_user_id: Some(1),
            actor_name: "admin".into(),
            agency_id: Some(2),
            action: "agency.create".into(),
            target: format!("agency:{id}"),
            before_json: None,
            after_json: Some(canonical_json(&serde_json::json!({"b": 1, "a": "<x>"}))),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        r.hash = chain_hash(&r);
        r
    }

    #[test]
    fn keyed_records_need_the_key() {
        let key = AuditKey::from_bytes([7; 32]);
        let r1 = rec(1, GENESIS_HASH);
        let mut r2 = rec(2, &r1.hash);
        r2.hash = keyed_chain_hash(&key, &r2);
        assert!(r2.hash.starts_with("hmac-sha256:"));
        let mut v = ChainVerifier::keyed(Some(key.clone()), 2);
        assert_eq!((v.push(&r1), v.push(&r2)), (Ok(()), Ok(())));
        // Without the key, or with another, the keyed part does not verify.
        let mut v = ChainVerifier::keyed(None, 2);
        assert_eq!((v.push(&r1), v.push(&r2)), (Ok(()), Err(ChainError::NoKey { id: 2 })));
        let mut v = ChainVerifier::keyed(Some(AuditKey::from_bytes([8; 32])), 2);
        assert_eq!((v.push(&r1), v.push(&r2)), (Ok(()), Err(ChainError::BadHash { id: 2 })));
        // A forger without the key who edits a record and recomputes the
        // plain hashes is caught.
        let mut forged = r2.clone();
        forged.actor_name = "mallory".into();
        forged.hash = chain_hash(&forged);
        let mut v = ChainVerifier::keyed(Some(key.clone()), 2);
        assert_eq!((v.push(&r1), v.push(&forged)), (Ok(()), Err(ChainError::BadHash { id: 2 })));
        assert_eq!(AuditKey::from_hex(&key.to_hex()), Some(key));
        assert_eq!(format!("{:?}", AuditKey::from_bytes([1; 32])), "AuditKey(…)");
        assert!(AuditKey::from_hex("abcd").is_none());
    }

    #[test]
    fn anchors_expose_a_cut_tail() {
        let r1 = rec(1, GENESIS_HASH);
        let r2 = rec(2, &r1.hash);
        let anchor = AuditAnchor { last_id: 2, hash: r2.hash.clone() };
        assert_eq!(anchor.check(Some(&r2), 5), Ok(()));
        assert_eq!(anchor.check(None, 1), Err(AnchorError::Truncated { anchor_id: 2, last_id: 1 }));
        assert_eq!(anchor.check(Some(&r1), 2), Err(AnchorError::Rewritten { id: 1 }));
        assert_eq!(AuditAnchor { last_id: 0, hash: String::new() }.check(None, 0), Ok(()));
    }

    #[test]
    fn canonical_sorts_keys() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"d":2,"c":[{"z":1,"y":2}]}}"#).unwrap();
        assert_eq!(canonical_json(&a), r#"{"a":{"c":[{"y":2,"z":1}],"d":2},"b":1}"#);
    }

    #[test]
    fn chain_verifies_and_detects_tampering() {
        let r1 = rec(1, GENESIS_HASH);
        let r2 = rec(2, &r1.hash);
        let r3 = rec(3, &r2.hash);
        assert_eq!(verify_chain([&r1, &r2, &r3]), Ok(3));

        let mut bad = r2.clone();
        bad.actor_name = "mallory".into();
        assert_eq!(verify_chain([&r1, &bad, &r3]).map_err(|e| e.id()), Err(2));
        assert_eq!(verify_chain([&r1, &r3]).map_err(|e| e.id()), Err(3));
        let mut relinked = r3.clone();
        relinked.prev_hash = r1.hash.clone();
        relinked.hash = chain_hash(&relinked);
        assert!(matches!(verify_chain([&r1, &r2, &relinked]), Err(ChainError::BrokenLink { id: 3 })));
    }
}
