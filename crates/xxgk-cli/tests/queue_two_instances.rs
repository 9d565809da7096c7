//! Two real `xxgk serve` processes on one PostgreSQL database share the
//! batch queue (issue 9): a batch of many small reports is uploaded, one
//! instance is killed with SIGKILL while it holds a file, and the other
//! takes the file over when its lease runs out and finishes the batch, with
//! every file filed exactly once.
//!
//! PostgreSQL comes from `XXGK_TEST_PG_URL` (`scripts/pg-test-start.sh`).
//! Without it this test FAILS, unless `XXGK_TEST_PG_OPTOUT=1` says to skip.

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection as _;

/// Agencies of the demo subtree the reports are printed for.
const AGENCIES: [&str; 5] =
    ["示范县人民政府", "示范县自然资源局", "示范县卫生健康局", "城关镇人民政府", "东山乡人民政府"];
/// Years no demo report uses: one file per (agency, year).
const YEARS: std::ops::RangeInclusive<i32> = 2001..=2012;

/// A fresh database on the server `XXGK_TEST_PG_URL` names, or `None` when
/// the run opted out of PostgreSQL.
async fn fresh_database(tag: &str) -> Option<(String, String, String)> {
    let Ok(base) = std::env::var("XXGK_TEST_PG_URL") else {
        if std::env::var("XXGK_TEST_PG_OPTOUT").as_deref() == Ok("1") {
            eprintln!("note: XXGK_TEST_PG_OPTOUT=1: skipping the two-instance PostgreSQL story");
            return None;
        }
        panic!(
            "XXGK_TEST_PG_URL is not set: start PostgreSQL with scripts/pg-test-start.sh (or set XXGK_TEST_PG_OPTOUT=1)"
        );
    };
    let name = format!("xxgk_{tag}_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&base).await.expect("connect to XXGK_TEST_PG_URL");
    for sql in [format!("DROP DATABASE IF EXISTS {name}"), format!("CREATE DATABASE {name}")] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await.unwrap();
    }
    let url = match base.rsplit_once('/') {
        Some((head, tail)) => match tail.split_once('?') {
            Some((_, q)) => format!("{head}/{name}?{q}"),
            None => format!("{head}/{name}"),
        },
        None => panic!("XXGK_TEST_PG_URL has no database part: {base}"),
    };
    Some((base, name, url))
}

/// A server instance; killed when dropped, whatever happened.
struct Instance {
    child: Child,
    addr: String,
}

impl Instance {
    fn start(url: &str, config: &std::path::Path, data_dir: &std::path::Path) -> Instance {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database-url", url, "--config"])
            .arg(config)
            .arg("--data-dir")
            .arg(data_dir)
            .env_remove("XXGK_LISTEN")
            .env_remove("XXGK_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start xxgk serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("xxgk serve printed its address").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        // Keep draining stdout so the server never blocks on it.
        std::thread::spawn(move || lines.for_each(drop));
        Instance { child, addr }
    }

    fn kill_9(&mut self) {
        Command::new("kill").args(["-KILL", &self.child.id().to_string()]).status().unwrap();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A report printed for `agency` and `year`, as a plain-text document.
fn document(agency: &str, year: i32) -> Vec<u8> {
    let json = include_str!("../../xxgk-store/demo/pingtan-2024.json");
    let mut report = xxgk_report::from_json(json).unwrap();
    report.agency = Some(agency.to_string());
    report.year = year;
    xxgk_render::text(&report).into_bytes()
}

fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, data) in entries {
            w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_the_queue_and_survive_kill_9() {
    let Some((base, name, url)) = fresh_database("two_instances").await else {
        return;
    };
    // The demo county and an API token for its supervisor, straight in the store.
    let store = xxgk_store::open(&url).await.unwrap();
    let hasher = xxgk_store::password::PasswordHasher::fast_for_tests();
    xxgk_store::demo::seed_demo(store.as_ref(), &hasher).await.unwrap();
    let supervisor = store.get_credentials("supervisor").await.unwrap().unwrap().0;
    let token = format!("xxgk_{}", xxgk_store::password::random_token(32));
    let actor = xxgk_store::Actor::user(&supervisor);
    let hash = xxgk_store::password::token_hash(&token);
    store.create_api_token(&actor, supervisor.id, "two-instance test", &hash).await.unwrap();
    // The documents are read as the agencies they print.
    let sample = xxgk_import::import(&document(AGENCIES[1], 2003), Some("x.txt")).unwrap();
    assert_eq!((sample.report.agency.as_deref(), sample.report.year), (Some(AGENCIES[1]), 2003));

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("xxgk.toml");
    std::fs::write(&config, "batch_lease_seconds = 2\nbatch_max_attempts = 3\n").unwrap();
    let mut a = Instance::start(&url, &config, dir.path());
    let b = Instance::start(&url, &config, dir.path());

    let mut entries = Vec::new();
    for year in YEARS {
        for agency in AGENCIES {
            entries.push((format!("{agency}-{year}.txt"), document(agency, year)));
        }
    }
    let files = entries.len();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut r = agent
        .post(format!("http://{}/api/batches?name=reports.zip", a.addr))
        .header("Authorization", format!("Bearer {token}"))
        .send(&zip_of(&entries)[..])
        .unwrap();
    let body: serde_json::Value = r.body_mut().read_json().unwrap();
    assert_eq!(r.status(), 202, "{body}");
    let batch_id = body["id"].as_i64().unwrap();
    assert_eq!(body["total"], files);

    // Kill A with SIGKILL while it holds a file (its lease owner names its pid).
    let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
    let a_owner = format!("{}-%", a.child.id());
    let give_up = Instant::now() + Duration::from_secs(120);
    loop {
        let (filed, a_holds): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE state = 'filed'), \
             COUNT(*) FILTER (WHERE state = 'working' AND lease_owner LIKE $1) FROM batch_files WHERE batch_id = $2",
        )
        .bind(&a_owner)
        .bind(batch_id)
        .fetch_one(&mut db)
        .await
        .unwrap();
        assert!((filed as usize) < files, "the batch finished before A could be killed; make it larger");
        if filed >= 3 && a_holds == 1 {
            break;
        }
        assert!(Instant::now() < give_up, "A never held a file");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    a.kill_9();

    // B takes A's file over once the lease runs out, and finishes the batch.
    let give_up = Instant::now() + Duration::from_secs(300);
    loop {
        let finished: Option<i64> = sqlx::query_scalar("SELECT finished_at FROM batch_imports WHERE id = $1")
            .bind(batch_id)
            .fetch_one(&mut db)
            .await
            .unwrap();
        if finished.is_some() {
            break;
        }
        assert!(Instant::now() < give_up, "the batch did not finish after A was killed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let rows: Vec<(String, Option<i64>, i64)> =
        sqlx::query_as("SELECT state, version_id, attempts FROM batch_files WHERE batch_id = $1 ORDER BY position")
            .bind(batch_id)
            .fetch_all(&mut db)
            .await
            .unwrap();
    assert_eq!(rows.len(), files);
    assert!(rows.iter().all(|(state, v, _)| state == "filed" && v.is_some()), "{rows:?}");
    assert!(rows.iter().any(|(_, _, attempts)| *attempts == 2), "A's file was taken over: {rows:?}");
    let versions: BTreeSet<i64> = rows.iter().filter_map(|r| r.1).collect();
    assert_eq!(versions.len(), files, "one version per file");
    // Exactly once: one version per (agency, year), created once, never updated.
    let (reports, creates, updates): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM annual_reports WHERE year BETWEEN $1 AND $2), \
         (SELECT COUNT(*) FROM audit_log WHERE action = 'report.create' AND target IN \
            (SELECT 'report:' || id FROM annual_reports WHERE year BETWEEN $1 AND $2)), \
         (SELECT COUNT(*) FROM audit_log WHERE action = 'report.update' AND target IN \
            (SELECT 'report:' || id FROM annual_reports WHERE year BETWEEN $1 AND $2))",
    )
    .bind(i64::from(*YEARS.start()))
    .bind(i64::from(*YEARS.end()))
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!((reports, creates, updates), (files as i64, files as i64, 0));
    // The surviving server moved the audit anchor (outside the database) to the head.
    let head: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(&mut db).await.unwrap();
    let anchor_file = dir.path().join("audit-anchor.json");
    let give_up = Instant::now() + Duration::from_secs(10);
    loop {
        let anchor: Option<serde_json::Value> =
            std::fs::read_to_string(&anchor_file).ok().and_then(|t| serde_json::from_str(&t).ok());
        if anchor.as_ref().is_some_and(|a| a["last_id"] == head) {
            break;
        }
        assert!(Instant::now() < give_up, "anchor not at #{head}: {anchor:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // B still answers.
    let health = agent.get(format!("http://{}/healthz", b.addr)).call().unwrap();
    assert_eq!(health.status(), 200);

    drop(b);
    db.close().await.unwrap();
    store.close().await;
    let mut admin = sqlx::PgConnection::connect(&base).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
        .execute(&mut admin)
        .await
        .unwrap();
}
