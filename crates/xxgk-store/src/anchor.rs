//! What keeps the audit chain honest from outside the database: the key
//! file (`audit.key`, 64 hex digits, created with mode 0600 on first start)
//! and the head anchor (`audit-anchor.json`: the last record's id and hash),
//! replaced atomically and only ever moved forward along an intact chain.

use std::io::Write as _;
use std::path::Path;

use xxgk_domain::{AuditAnchor, AuditKey};

use crate::{Store, StoreError};

/// Name of the key file in the data directory.
pub const KEY_FILE: &str = "audit.key";
/// Name of the anchor file in the data directory.
pub const ANCHOR_FILE: &str = "audit-anchor.json";

fn io_error(what: &str, path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::AuditFile(format!("{what} {}：{e}", path.display()))
}

/// The key in the key file, if there is one.
pub fn read_key(path: &Path) -> crate::Result<Option<AuditKey>> {
    match std::fs::read_to_string(path) {
        Ok(text) => AuditKey::from_hex(&text)
            .map(Some)
            .ok_or_else(|| io_error("审计密钥文件格式错误", path, "应为 64 位十六进制数")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error("无法读取审计密钥文件", path, e)),
    }
}

/// Writes a new key file readable by its owner only (mode 0600), creating
/// its directory; refuses to replace an existing one.
pub fn write_new_key(path: &Path, key: &AuditKey) -> crate::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_error("无法创建目录", dir, e))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts.open(path).map_err(|e| io_error("无法创建审计密钥文件", path, e))?;
    file.write_all(format!("{}\n", key.to_hex()).as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(|e| io_error("无法写入审计密钥文件", path, e))
}

/// The anchor file's content, if there is one.
pub fn read_anchor(path: &Path) -> crate::Result<Option<AuditAnchor>> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| io_error("审计锚点文件格式错误", path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error("无法读取审计锚点文件", path, e)),
    }
}

/// Checks the database's chain against the anchor at `path` (if any).
pub async fn check_anchor(store: &dyn Store, path: &Path) -> crate::Result<Result<Option<AuditAnchor>, String>> {
    let Some(anchor) = read_anchor(path)? else {
        return Ok(Ok(None));
    };
    let last = store.last_audit_id().await?;
    let at_anchor = store.audit_record(anchor.last_id).await?;
    Ok(anchor.check(at_anchor.as_ref(), last).map(|_| Some(anchor)).map_err(|e| e.to_string()))
}

/// Moves the anchor at `path` to the database's newest record, after
/// checking that the chain still reaches the old anchor unchanged (a cut or
/// rewritten tail is never written over: `Conflict` names it). Returns the
/// anchor now in the file.
pub async fn advance_anchor(store: &dyn Store, path: &Path) -> crate::Result<Option<AuditAnchor>> {
    let old = match check_anchor(store, path).await? {
        Ok(old) => old,
        Err(problem) => return Err(StoreError::Conflict(problem)),
    };
    let last = store.last_audit_id().await?;
    if last == 0 || old.as_ref().is_some_and(|a| a.last_id == last) {
        return Ok(old);
    }
    let Some(head) = store.audit_record(last).await? else {
        return Ok(old);
    };
    let anchor = AuditAnchor { last_id: head.id, hash: head.hash };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_error("无法创建目录", dir, e))?;
    }
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(&anchor).unwrap_or_default();
    std::fs::write(&tmp, text + "\n")
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| io_error("无法写入审计锚点文件", path, e))?;
    Ok(Some(anchor))
}
