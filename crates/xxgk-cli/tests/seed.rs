//! `xxgk admin seed` end to end on SQLite and (when `XXGK_TEST_PG_URL` is
//! set; required on CI) PostgreSQL: the JSON line, the tree and the report
//! versions in the database (every version with its summary row, several
//! workflow states), the intact audit chain, and the refusal of a database
//! that already has agencies (exit 2).

use predicates::prelude::*;
use sqlx::Connection as _;

fn xxgk() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("xxgk").unwrap();
    for v in ["XXGK_DATABASE_URL", "XXGK_DATA_DIR", "XXGK_LISTEN", "XXGK_CONFIG", "XXGK_SECURE_COOKIES"] {
        c.env_remove(v);
    }
    c
}

/// Seeds 60 agencies × 3 years through `url` and checks what was written.
fn seed_and_check(url: &str, count: impl Fn(&str) -> i64) {
    // Its own data directory: the audit key and anchor live there.
    let data = tempfile::tempdir().unwrap();
    let xxgk = || {
        let mut c = xxgk();
        c.env("XXGK_DATA_DIR", data.path());
        c
    };
    let out = xxgk()
        .args([
            "admin",
            "seed",
            "--agencies",
            "60",
            "--years",
            "3",
            "--documents-per-agency",
            "2",
            "--database-url",
            url,
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("暂不生成"))
        .get_output()
        .stdout
        .clone();
    let line: serde_json::Value = serde_json::from_slice(&out).expect("one JSON line");
    assert_eq!(line["agencies"], 60);
    assert_eq!(line["root_agency"], "示范省人民政府");
    assert_eq!(line["years"].as_array().map(Vec::len), Some(3));
    let root = line["root_agency_id"].as_i64().unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM agencies"), 60);
    assert_eq!(count(&format!("SELECT COUNT(*) FROM agencies WHERE parent_id IS NULL AND id = {root}")), 1);
    assert!(count("SELECT COUNT(*) FROM agencies WHERE kind = 'township'") > 10);
    let versions = count("SELECT COUNT(*) FROM annual_reports");
    assert!(versions > 60 * 2, "{versions} versions");
    assert_eq!(count("SELECT COUNT(*) FROM report_summaries"), versions);
    assert!(count("SELECT COUNT(DISTINCT state) FROM annual_reports") >= 4);
    // One record per level of agencies (province, city, county, township) and one for the reports.
    assert_eq!(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'seed.%'"), 4 + 1);
    xxgk().args(["admin", "audit-verify", "--database-url", url]).assert().success();
    // A second seed is refused: the database has agencies.
    xxgk()
        .args(["admin", "seed", "--agencies", "5", "--years", "1", "--database-url", url])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("空数据库"));
    assert_eq!(count("SELECT COUNT(*) FROM agencies"), 60);
}

fn block_on<T>(f: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

#[test]
fn seeds_an_empty_sqlite_database_and_refuses_a_full_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.db");
    let url = format!("sqlite:{}", path.display());
    seed_and_check(&url, |sql| {
        block_on(async {
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(&mut c).await.unwrap()
        })
    });
}

#[test]
fn seeds_an_empty_postgres_database() {
    let Ok(base) = std::env::var("XXGK_TEST_PG_URL") else {
        assert!(
            std::env::var("XXGK_TEST_PG_OPTOUT").as_deref() == Ok("1"),
            "XXGK_TEST_PG_URL is not set: start PostgreSQL with scripts/pg-test-start.sh (or set XXGK_TEST_PG_OPTOUT=1 to skip PostgreSQL)"
        );
        eprintln!("note: XXGK_TEST_PG_URL not set; skipping the PostgreSQL seed (scripts/pg-test-start.sh)");
        return;
    };
    let name = format!("xxgk_seed_{}", std::process::id());
    let (head, _) = base.rsplit_once('/').expect("XXGK_TEST_PG_URL has a database part");
    let url = format!("{head}/{name}");
    let admin = |sql: String| {
        block_on(async {
            let mut c = sqlx::PgConnection::connect(&base).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut c).await.unwrap();
        })
    };
    admin(format!("DROP DATABASE IF EXISTS {name}"));
    admin(format!("CREATE DATABASE {name}"));
    seed_and_check(&url, |sql| {
        block_on(async {
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(&mut c).await.unwrap()
        })
    });
    admin(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}
