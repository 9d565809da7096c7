//! The hot queries of the pages that span the tree use indexes, on SQLite
//! (`EXPLAIN QUERY PLAN`) and, when `XXGK_TEST_PG_URL` is set (required on
//! CI), PostgreSQL (`EXPLAIN` with sequential scans priced out, so the test
//! shows an index serves the predicate even on a tiny table).

use sqlx::Connection as _;

/// (what, SQL) of the hot reads: the year page / dashboard list, the change
/// stamps read on every request, derived numbers and versions by id.
const HOT: [(&str, &str); 5] = [
    (
        "versions of a year for a list of agencies",
        "SELECT report_id, state, published_at FROM report_summaries WHERE year IN (2024) AND agency_id IN (1, 2, 3) ORDER BY agency_id, year, version",
    ),
    (
        "an agency's versions",
        "SELECT report_id FROM report_summaries WHERE agency_id IN (7) ORDER BY agency_id, year, version",
    ),
    (
        "change stamps",
        "SELECT (SELECT stamp FROM change_stamps WHERE name = 'agencies') AS tree, (SELECT stamp FROM subtree_stamps WHERE agency_id = 5) AS subtree",
    ),
    ("derived numbers by id", "SELECT errors FROM report_checks WHERE report_id IN (1, 2, 3)"),
    ("versions by id", "SELECT report_json FROM annual_reports WHERE id IN (1, 2, 3)"),
];

#[tokio::test]
async fn sqlite_hot_queries_use_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.db");
    let store = xxgk_store::open(&format!("sqlite:{}", path.display())).await.unwrap();
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    for (what, sql) in HOT {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}"))).fetch_all(&mut c).await.unwrap();
        let plan: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
        // (The select without a table reads one constant row: not a scan of data.)
        let scans = plan.iter().filter(|p| p.starts_with("SCAN ") && **p != "SCAN CONSTANT ROW").count();
        assert_eq!(scans, 0, "{what}: a full scan: {plan:?}");
        assert!(plan.iter().any(|p| p.contains("USING")), "{what}: no index: {plan:?}");
    }
    store.close().await;
}

#[tokio::test]
async fn postgres_hot_queries_use_indexes() {
    let Ok(base) = std::env::var("XXGK_TEST_PG_URL") else {
        assert!(
            std::env::var("XXGK_TEST_PG_OPTOUT").as_deref() == Ok("1"),
            "XXGK_TEST_PG_URL is not set: start PostgreSQL with scripts/pg-test-start.sh (or set XXGK_TEST_PG_OPTOUT=1 to skip PostgreSQL)"
        );
        eprintln!("note: XXGK_TEST_PG_URL not set; skipping the PostgreSQL plans (scripts/pg-test-start.sh)");
        return;
    };
    let name = format!("xxgk_plans_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&base).await.unwrap();
    for sql in [format!("DROP DATABASE IF EXISTS {name}"), format!("CREATE DATABASE {name}")] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await.unwrap();
    }
    let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
    let store = xxgk_store::open(&url).await.unwrap();
    let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::raw_sql("SET enable_seqscan = off").execute(&mut c).await.unwrap();
    for (what, sql) in HOT {
        let plan: Vec<String> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("EXPLAIN {sql}"))).fetch_all(&mut c).await.unwrap();
        assert!(!plan.iter().any(|p| p.contains("Seq Scan")), "{what}: a sequential scan: {plan:?}");
        assert!(plan.iter().any(|p| p.contains("Index")), "{what}: no index: {plan:?}");
    }
    c.close().await.unwrap();
    store.close().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
        .execute(&mut admin)
        .await
        .unwrap();
}
