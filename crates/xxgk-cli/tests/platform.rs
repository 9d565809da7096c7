//! `xxgk serve` and `xxgk admin …` end to end: first admin from stdin,
//! backup while the database is in use and the copy opened as a database
//! (the documented restore), audit-verify exit codes, clear start-up errors,
//! graceful shutdown on SIGTERM.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt as _;
use predicates::prelude::*;
use sqlx::Connection as _;

fn xxgk() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("xxgk").unwrap();
    for v in ["XXGK_DATABASE_URL", "XXGK_DATA_DIR", "XXGK_LISTEN", "XXGK_CONFIG", "XXGK_SECURE_COOKIES"] {
        c.env_remove(v);
    }
    c
}

fn create_admin(dir: &Path) {
    xxgk()
        .args(["admin", "create-user", "--data-dir"])
        .arg(dir)
        .args(["--agency", "测试县人民政府", "--create-agency", "--role", "system_admin", "--username", "root"])
        .write_stdin("a-long-password-1\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("已创建用户 root"));
}

#[test]
fn create_user_backup_restore_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path());
    // Bad input is a clear error (exit 2).
    xxgk()
        .args(["admin", "create-user", "--data-dir"])
        .arg(dir.path())
        .args(["--agency", "测试县人民政府", "--role", "editor", "--username", "ed"])
        .write_stdin("short\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--username"));
    xxgk()
        .args(["admin", "create-user", "--data-dir"])
        .arg(dir.path())
        .args(["--agency", "测试县人民政府", "--role", "editor", "--username", "editor1"])
        .write_stdin("short\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("密码"));
    xxgk()
        .args(["admin", "create-user", "--data-dir"])
        .arg(dir.path())
        .args(["--agency", "没有这个机关", "--role", "editor", "--username", "editor1"])
        .write_stdin("a-long-password-1\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到机关"));
    xxgk()
        .args(["admin", "create-user", "--data-dir"])
        .arg(dir.path())
        .args(["--agency", "1", "--role", "boss", "--username", "editor1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--role"));

    // Backup, then use the copy as the database: the restore procedure.
    let backup = dir.path().join("backup.db");
    xxgk().args(["admin", "backup", "--data-dir"]).arg(dir.path()).arg(&backup).assert().success();
    xxgk().args(["admin", "backup", "--data-dir"]).arg(dir.path()).arg(&backup).assert().code(2);
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&backup, restored.path().join("xxgk.db")).unwrap();
    // The audit key is kept apart from the database, and restored with it.
    std::fs::copy(dir.path().join("audit.key"), restored.path().join("audit.key")).unwrap();
    xxgk()
        .args(["admin", "audit-verify", "--data-dir"])
        .arg(restored.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("共 2 条记录"));
    // The restored copy has the account: a second user can be added next to it.
    xxgk()
        .args(["admin", "create-user", "--data-dir"])
        .arg(restored.path())
        .args(["--agency", "测试县人民政府", "--role", "editor", "--username", "root"])
        .write_stdin("a-long-password-1\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("用户名已存在"));

    // Tampering behind the triggers' back: exit 1, naming the record.
    let url = format!("sqlite:{}", dir.path().join("xxgk.db").display());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut c).await.unwrap();
        sqlx::query("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 2").execute(&mut c).await.unwrap();
    });
    xxgk()
        .args(["admin", "audit-verify", "--database-url", &url, "--data-dir"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("#2"));
}

/// Two more accounts (two more audit records).
fn create_editors(dir: &Path) {
    for name in ["editor1", "editor2"] {
        xxgk()
            .args(["admin", "create-user", "--data-dir"])
            .arg(dir)
            .args(["--agency", "测试县人民政府", "--role", "editor", "--username", name])
            .write_stdin("a-long-password-1\n")
            .assert()
            .success();
    }
}

/// Issue 9: with the triggers dropped, deleting the last records, or editing
/// one and recomputing every later plain sha256, passed audit-verify.
#[test]
fn the_audit_chain_proves_its_tail() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path());
    create_editors(dir.path());
    // The key file is the owner's alone, and never in the database.
    let key_file = dir.path().join("audit.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let key = std::fs::read_to_string(&key_file).unwrap();
    let db = std::fs::read(dir.path().join("xxgk.db")).unwrap();
    assert!(!db.windows(16).any(|w| w == &key.as_bytes()[..16]), "the key is not in the database");
    // audit-verify moves the anchor to the head and prints it.
    let verify = || {
        let mut c = xxgk();
        c.args(["admin", "audit-verify", "--data-dir"]).arg(dir.path());
        c
    };
    let out = verify().assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("共 4 条记录") && out.contains("链头锚点") && out.contains("#4 hmac-sha256:"), "{out}");
    let anchor: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("audit-anchor.json")).unwrap()).unwrap();
    assert_eq!(anchor["last_id"], 4);

    let url = format!("sqlite:{}", dir.path().join("xxgk.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    // Rewriting a record and recomputing the plain sha256 of it and every
    // later record (what an attacker without the key can do) fails.
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut c).await.unwrap();
        sqlx::query("DROP TRIGGER audit_log_no_delete").execute(&mut c).await.unwrap();
        sqlx::query("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 3").execute(&mut c).await.unwrap();
        recompute_plain_chain(&mut c).await;
    });
    // Every record is keyed here, so the first recomputed one is named.
    verify().assert().code(1).stdout(predicate::str::contains("#1: 哈希与内容不符"));
    // Cutting the tail off (the chain that is left is intact) fails against the anchor.
    let cut = tempfile::tempdir().unwrap();
    create_admin(cut.path());
    create_editors(cut.path());
    xxgk().args(["admin", "audit-verify", "--data-dir"]).arg(cut.path()).assert().success();
    let url = format!("sqlite:{}", cut.path().join("xxgk.db").display());
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("DROP TRIGGER audit_log_no_delete").execute(&mut c).await.unwrap();
        sqlx::query("DELETE FROM audit_log WHERE id >= 3").execute(&mut c).await.unwrap();
    });
    xxgk()
        .args(["admin", "audit-verify", "--data-dir"])
        .arg(cut.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("截断").and(predicate::str::contains("#4")));
}

/// An audit row as read back: every hashed column but `prev_hash`.
type AuditRow = (i64, i64, Option<i64>, String, Option<i64>, String, String, Option<String>, Option<String>);

/// Recomputes every record's plain sha256 and link, as one could without
/// the key.
async fn recompute_plain_chain(c: &mut sqlx::SqliteConnection) {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT id, at, actor_user_id, actor_name, agency_id, action, target, before_json, after_json \
             FROM audit_log ORDER BY id",
    )
    .fetch_all(&mut *c)
    .await
    .unwrap();
    let mut prev = xxgk_domain::GENESIS_HASH.to_string();
    for r in rows {
        let mut rec = xxgk_domain::AuditRecord {
            id: r.0,
            at_ms: r.1,
            actor_user_id: r.2,
            actor_name: r.3,
            agency_id: r.4,
            action: r.5,
            target: r.6,
            before_json: r.7,
            after_json: r.8,
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        rec.hash = xxgk_domain::chain_hash(&rec);
        sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3")
            .bind(&rec.prev_hash)
            .bind(&rec.hash)
            .bind(rec.id)
            .execute(&mut *c)
            .await
            .unwrap();
        prev = rec.hash;
    }
}

#[test]
fn start_up_errors_are_clear() {
    xxgk()
        .args(["serve", "--database-url", "mysql://localhost/x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("数据库地址无效"));
    xxgk()
        .args(["serve", "--database-url", "postgres://u:secret@127.0.0.1:1/x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("无法连接数据库").and(predicate::str::contains("secret").not()));
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("xxgk.toml");
    std::fs::write(&cfg, "listen = 5\n").unwrap();
    xxgk().args(["serve", "--config"]).arg(&cfg).assert().code(2).stderr(predicate::str::contains("配置文件"));
}

fn get(addr: &str, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(addr).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

#[test]
fn serve_answers_and_stops_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::cargo_bin("xxgk")
        .unwrap()
        .args(["serve", "--data-dir"])
        .arg(dir.path())
        .env("XXGK_LISTEN", &addr)
        .env_remove("XXGK_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let health = loop {
        if let Some(r) = get(&addr, "/healthz") {
            break r;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(dir.path().join("xxgk.db").exists(), "SQLite file created in the data directory");
    let page = get(&addr, "/agencies").unwrap();
    assert!(page.contains("机关目录"));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert!(status.success(), "exit {status}");
    assert!(out.contains("已停止"), "{out}");
}
