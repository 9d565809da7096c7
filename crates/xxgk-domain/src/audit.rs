//! Audit events and the hash chain. An [`AuditEvent`] is what a change
//! reports; the store turns it into an [`AuditRecord`] with a sequence number,
//! a time, the previous record's hash and its own hash
//! (`sha256(canonical serialization)`). [`verify_chain`] re-derives every hash.

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
    let text = serde_json::to_string(&fields).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
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
}

impl ChainError {
    /// The first bad record's sequence number.
    pub fn id(&self) -> i64 {
        match self {
            ChainError::Gap { id, .. } | ChainError::BrokenLink { id } | ChainError::BadHash { id } => *id,
        }
    }
}

/// Incremental verifier: feed records in id order.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_id: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { expected_id: 1, prev_hash: GENESIS_HASH.to_string() }
    }
}

impl ChainVerifier {
    /// Checks the next record; the first error stops the chain.
    pub fn push(&mut self, r: &AuditRecord) -> Result<(), ChainError> {
        if r.id != self.expected_id {
            return Err(ChainError::Gap { id: r.id, expected: self.expected_id });
        }
        if r.prev_hash != self.prev_hash {
            return Err(ChainError::BrokenLink { id: r.id });
        }
        if chain_hash(r) != r.hash {
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
