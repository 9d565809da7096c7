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
        .args(["admin", "audit-verify", "--database-url", &url])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("#2"));
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
