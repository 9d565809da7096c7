//! Views that span the tree stay true at once, on SQLite and (when
//! `XXGK_TEST_PG_URL` is set; required on CI) PostgreSQL: a report published
//! in one township — written straight into the store, as another instance on
//! the same database would — shows on the county's and the province's year
//! pages and on the supervisor's dashboard on the next request, while the
//! stamps of agencies outside the township's line of ancestors do not move;
//! long lists come a page at a time; the trend years are checked against
//! their own previous year, so dashboards of different years agree.

mod common;

use axum::http::Method;
use common::{App, app, app_on};
use serde_json::Value;
use xxgk_domain::{AgencyKind, OfficeDetails};
use xxgk_report::sample::busy;
use xxgk_report::{T3Col, T3Row, Template};
use xxgk_store::{Actor, NewReportVersion, SeedAgency};
use xxgk_web::WebConfig;

const YEAR: i32 = 2024;

async fn dashboard_row(app: &App, token: &str, agency: i64) -> Value {
    let r = app.api(Method::GET, &format!("/api/dashboard?year={YEAR}"), Some(token), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    v["agencies"].as_array().unwrap().iter().find(|r| r["agency_id"] == agency).cloned().expect("agency on dashboard")
}

async fn scenario(app: App) {
    let city = app.agency("示范市人民政府");
    let county = app.agency("示范县人民政府");
    let township = app.agency("城关镇人民政府");
    let edu = app.agency("示范县教育局");
    let supervisor = app.who("supervisor").await;
    let admin = app.who("admin").await;
    let year_page = |agency: i64| format!("/agencies/{agency}/reports/{YEAR}");

    // Prime every cached view.
    for agency in [city, county] {
        let page = app.get(&year_page(agency), None).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("城关镇人民政府"));
    }
    assert_eq!(dashboard_row(&app, &supervisor.api_token, township).await["status"], "none");
    assert_eq!(dashboard_row(&app, &admin.api_token, township).await["status"], "none");
    let stamps = |id| {
        let store = app.store.clone();
        async move { store.view_stamps(id).await.unwrap() }
    };
    let (city_before, county_before, edu_before) = (stamps(city).await, stamps(county).await, stamps(edu).await);

    // The township publishes a report with a deliberate H-1 error.
    let mut report = busy(Template::V2021, YEAR);
    report.agency = Some("城关镇人民政府".into());
    report.table3[T3Row::TotalProcessed][T3Col::Total as usize] += 1;
    let actor = Actor::system("test");
    let new = NewReportVersion {
        agency_id: township,
        year: YEAR,
        report_json: xxgk_report::to_json_pretty(&report),
        source_name: String::new(),
        provenance_json: "[]".into(),
    };
    let at = 1_737_000_000_000; // 2025-01-16
    let v = app.store.create_report_version(&actor, new, at).await.unwrap();
    for (from, to, action) in
        [("draft", "submitted", "submit"), ("submitted", "approved", "approve"), ("approved", "published", "publish")]
    {
        app.store.set_report_state(&actor, v.id, from, to, action, at).await.unwrap();
    }

    // Its line of ancestors moved; a sibling department did not.
    assert!(stamps(county).await.subtree > county_before.subtree);
    assert!(stamps(city).await.subtree > city_before.subtree);
    assert_eq!(stamps(edu).await, edu_before);

    // The next request of every view shows it.
    for agency in [city, county] {
        let page = app.get(&year_page(agency), None).await;
        assert!(page.body.contains(&format!("/reports/{}", v.id)), "year page of #{agency} is stale");
    }
    for token in [&supervisor.api_token, &admin.api_token] {
        let row = dashboard_row(&app, token, township).await;
        assert_eq!(row["status"], "published");
        assert_eq!(row["version_id"], v.id);
        assert!(row["errors"].as_u64().unwrap() > 0, "the H-1 error is counted: {row}");
        assert_eq!(row["carry_over"], "broken", "2023's carry-forward differs from the sample's carry-over");
    }
    let hub = app.get(&format!("/admin/hub?year={YEAR}"), Some(&supervisor.cookie)).await;
    assert_eq!(hub.status, 200);
    assert!(hub.body.contains("城关镇人民政府"));
    // The derived numbers were kept for the next start.
    let kept = app.store.report_checks(&[v.id]).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].updated_at_ms, app.store.get_report_version(v.id).await.unwrap().unwrap().updated_at_ms);

    // Long lists come a page at a time: 250 more townships under the county.
    let many = (0..250)
        .map(|i| SeedAgency {
            parent_id: Some(county),
            name: format!("测试{i:03}镇人民政府"),
            kind: AgencyKind::Township,
            office: OfficeDetails::default(),
        })
        .collect();
    app.store.seed_agencies(&actor, many).await.unwrap();
    let first = app.get(&year_page(county), None).await;
    assert!(first.body.contains("第 1 / 2 页"), "pager on the first page");
    assert!(first.body.contains("page=2"));
    let second = app.get(&format!("{}?page=2", year_page(county)), None).await;
    assert!(second.body.contains("第 2 / 2 页"));
    assert!(second.body.contains("测试249镇人民政府"));
    assert!(!second.body.contains("测试000镇人民政府"));
    let published = app.get(&format!("{}?only=published", year_page(county)), None).await;
    assert!(published.body.contains("城关镇人民政府") && !published.body.contains("测试000镇人民政府"));
    let hub = app.get(&format!("/admin/hub?year={YEAR}&page=2"), Some(&supervisor.cookie)).await;
    assert!(hub.body.contains("第 2 / 2 页"), "dashboard pager");
}

/// The trend years' derived numbers are checked against their own previous
/// year, even the first trend year (whose previous year is not shown), so
/// dashboards of different years agree on them instead of rewriting them.
async fn trend_scenario(app: App) {
    let township = app.agency("城关镇人民政府");
    let supervisor = app.who("supervisor").await;
    let actor = Actor::system("test");
    let at = 1_737_000_000_000;
    let mut versions = Vec::new();
    for year in [YEAR - 5, YEAR - 4] {
        let mut report = busy(Template::for_year(year), year);
        report.agency = Some("城关镇人民政府".into());
        let new = NewReportVersion {
            agency_id: township,
            year,
            report_json: xxgk_report::to_json_pretty(&report),
            source_name: String::new(),
            provenance_json: "[]".into(),
        };
        let v = app.store.create_report_version(&actor, new, at).await.unwrap();
        for (from, to, action) in [
            ("draft", "submitted", "submit"),
            ("submitted", "approved", "approve"),
            ("approved", "published", "publish"),
        ] {
            app.store.set_report_state(&actor, v.id, from, to, action, at).await.unwrap();
        }
        let v = app.store.get_report_version(v.id).await.unwrap().unwrap();
        versions.push((v, report.table3[T3Row::NewReceived][T3Col::Total as usize]));
    }
    let [(before, _), (first, received)] = &versions[..] else { unreachable!() };
    let against_before = format!("|{}:{}", before.id, before.updated_at_ms);
    for year in [YEAR, YEAR - 1] {
        let r = app.api(Method::GET, &format!("/api/dashboard?year={year}"), Some(&supervisor.api_token), None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let body: Value = serde_json::from_str(&r.body).unwrap();
        let trend = body["trend"].as_array().unwrap();
        let point = trend.iter().find(|p| p["year"] == YEAR - 4).expect("first trend year");
        assert_eq!(point["received"], *received, "trend of {year}'s dashboard");
        let kept = app.store.report_check_totals(&[first.id]).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert!(kept[0].basis.ends_with(&against_before), "{year}: {} not against #{}", kept[0].basis, before.id);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trend_years_are_checked_against_their_previous_year_sqlite() {
    trend_scenario(app().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trend_years_are_checked_against_their_previous_year_postgres() {
    if let Some(db) = common::PgDb::create("trend").await {
        trend_scenario(app_on(db.store.clone(), WebConfig::default()).await).await;
        db.drop_db().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_township_change_shows_up_the_tree_at_once_sqlite() {
    scenario(app().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_township_change_shows_up_the_tree_at_once_postgres() {
    if let Some(db) = common::PgDb::create("scale").await {
        scenario(app_on(db.store.clone(), WebConfig::default()).await).await;
        db.drop_db().await;
    }
}
