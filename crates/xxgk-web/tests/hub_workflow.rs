//! The annual-report hub over HTTP, on SQLite and (when `XXGK_TEST_PG_URL`
//! is set; required when `CI` is set) PostgreSQL: a published report cannot
//! be edited, a correction supersedes it, permissions (editor cannot approve,
//! supervisors see only their subtree and edit nothing, another agency's
//! editor cannot touch a report), status and lateness around the deadlines
//! with the app clock, every step in the audit log.

mod common;

use axum::http::Method;
use common::{App, Who, app, app_on};
use serde_json::Value;
use time::macros::date;
use xxgk_domain::{AgencyInput, AgencyKind, Role};
use xxgk_store::{Actor, AuditFilter, NewReportVersion};
use xxgk_web::WebConfig;

async fn json(app: &App, who: &Who, path: &str) -> (u16, Value) {
    let r = app.api(Method::GET, path, Some(&who.api_token), None).await;
    (r.status.as_u16(), serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

async fn step(app: &App, who: &Who, id: i64, action: &str) -> u16 {
    app.post_form(
        &format!("/admin/report-versions/{id}/action"),
        Some(&who.cookie),
        &[("action", action), ("csrf", &who.csrf)],
    )
    .await
    .status
    .as_u16()
}

async fn save(app: &App, who: &Who, id: i64, fields: &[(&str, &str)]) -> u16 {
    let mut all = fields.to_vec();
    all.push(("csrf", &who.csrf));
    app.post_form(&format!("/admin/report-versions/{id}"), Some(&who.cookie), &all).await.status.as_u16()
}

async fn version(app: &App, id: i64) -> xxgk_store::ReportVersion {
    app.store.get_report_version(id).await.unwrap().unwrap()
}

fn row(dash: &Value, agency: i64) -> &Value {
    dash["agencies"].as_array().unwrap().iter().find(|r| r["agency_id"] == agency).expect("agency on dashboard")
}

async fn scenario(app: App) {
    let county = app.agency("示范县人民政府");
    let dongshan = app.agency("东山乡人民政府");
    let chengguan = app.agency("城关镇人民政府");
    let edu = app.agency("示范县教育局");
    let editor = app.who("editor").await;
    let approver = app.who("approver").await;
    let reviewer = app.who("reviewer").await;
    let supervisor = app.who("supervisor").await;
    let edu_admin = app.who("edu-admin").await;
    let published_2024 = app.reports[0];
    let draft_2025 = app.reports[1];

    // The workspace shows the draft with its findings beside the cells.
    let page = app.get(&format!("/admin/reports/{county}/2025"), Some(&editor.cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"table3.granted[6]\""), "form inputs named by path");
    assert!(page.body.contains("C-1") || page.body.contains("核对结果"));

    // 1. A published version cannot be edited: 409 and the data unchanged.
    let before = version(&app, published_2024).await;
    assert_eq!(save(&app, &editor, published_2024, &[("table3.granted[6]", "999")]).await, 409);
    assert_eq!(version(&app, published_2024).await, before);
    let api = app
        .api(Method::POST, &format!("/api/reports/{published_2024}/actions/submit"), Some(&editor.api_token), None)
        .await;
    assert_eq!(api.status, 409, "{}", api.body);

    // 2. An editor edits a draft; the server re-checks.
    assert_eq!(
        save(&app, &editor, draft_2025, &[("table3.granted[6]", "7"), ("narrative.overview", "总体情况良好。")]).await,
        303
    );
    let edited = xxgk_report::from_json(&version(&app, draft_2025).await.report_json).unwrap();
    assert_eq!(edited.table3[xxgk_report::T3Row::Granted][6], 7);
    assert_eq!(edited.narrative.overview.as_deref(), Some("总体情况良好。"));
    assert_eq!(save(&app, &editor, draft_2025, &[("table3.granted[6]", "x")]).await, 400);

    // 3. Editors cannot approve or publish; the approver can.
    assert_eq!(step(&app, &editor, draft_2025, "submit").await, 303);
    assert_eq!(step(&app, &editor, draft_2025, "approve").await, 403);
    assert_eq!(step(&app, &reviewer, draft_2025, "approve").await, 403);
    assert_eq!(save(&app, &editor, draft_2025, &[("table3.granted[6]", "8")]).await, 409, "submitted is not editable");
    assert_eq!(step(&app, &approver, draft_2025, "publish").await, 409, "approval comes first");
    assert_eq!(step(&app, &approver, draft_2025, "approve").await, 303);
    // The county report is due 2026-03-31; the clock says 2026-06-01.
    app.clock.set_date(date!(2026 - 03 - 31));
    assert_eq!(step(&app, &approver, draft_2025, "publish").await, 303);
    let v = version(&app, draft_2025).await;
    assert_eq!(v.state, "published");
    assert_eq!(xxgk_web::date_of_ms(v.published_at_ms.unwrap()), date!(2026 - 03 - 31));

    // 4. A correction: a new draft from the published version; publishing it
    // supersedes the old one, which stays visible with its dates.
    assert_eq!(step(&app, &editor, published_2024, "correct").await, 303);
    let versions = app
        .store
        .list_report_versions(&xxgk_store::ReportFilter {
            agency_ids: Some(vec![county]),
            years: Some(vec![2024]),
            metadata_only: false,
        })
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    let correction = versions[1].id;
    assert_eq!(versions[1].state, "draft");
    assert_eq!(versions[1].version, 2);
    assert_eq!(step(&app, &editor, published_2024, "correct").await, 409, "one open correction at a time");
    assert_eq!(save(&app, &editor, correction, &[("agency", "示范县人民政府（更正）")]).await, 303);
    app.clock.set_date(date!(2026 - 04 - 10));
    for (who, action) in [(&editor, "submit"), (&approver, "approve"), (&approver, "publish")] {
        assert_eq!(step(&app, who, correction, action).await, 303, "{action}");
    }
    let old = version(&app, published_2024).await;
    assert_eq!(old.state, "superseded");
    assert_eq!(xxgk_web::date_of_ms(old.superseded_at_ms.unwrap()), date!(2026 - 04 - 10));
    assert_eq!(old.report_json, before.report_json, "the superseded version is unchanged");
    let portal = app.get(&format!("/agencies/{county}/reports"), None).await;
    assert_eq!(portal.status, 200);
    assert!(portal.body.contains("已被更正"), "{}", portal.body);
    assert!(portal.body.contains("2026-04-10"));
    let old_page = app.get(&format!("/reports/{published_2024}"), None).await;
    assert!(old_page.body.contains("id=\"superseded\""));
    assert!(old_page.body.contains(&format!("/reports/{correction}")));
    assert_eq!(app.get(&format!("/reports/{correction}/docx"), None).await.status, 200);
    let canonical = app.get(&format!("/reports/{correction}/json"), None).await;
    assert!(xxgk_report::from_json(&canonical.body).is_ok());
    // Drafts are not public.
    assert_eq!(app.get(&format!("/reports/{}", app.reports[4]), None).await.status, 404);
    // Every step is in the audit log.
    let audit = app
        .store
        .list_audit(&AuditFilter { action: Some("report.supersede".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].target, format!("report:{published_2024}"));
    for action in ["report.correct", "report.submit", "report.approve", "report.publish", "report.update"] {
        let n = app.store.list_audit(&AuditFilter { action: Some(action.into()), ..Default::default() }).await.unwrap();
        assert!(!n.is_empty(), "{action} audited");
    }
    assert!(app.store.verify_audit().await.unwrap().is_ok());

    // 5. Supervisors see their subtree only, and change nothing.
    let other_root = app
        .store
        .create_agency(
            &Actor::system("test"),
            AgencyInput {
                parent_id: None,
                name: "外市人民政府".into(),
                kind: AgencyKind::Government,
                office: Default::default(),
            },
        )
        .await
        .unwrap()
        .id;
    let outside = app
        .store
        .create_report_version(
            &Actor::system("test"),
            NewReportVersion {
                agency_id: other_root,
                year: 2025,
                report_json: xxgk_report::to_json_pretty(&xxgk_report::Report::empty(
                    xxgk_report::Template::V2021,
                    2025,
                )),
                source_name: String::new(),
                provenance_json: "[]".into(),
            },
            0,
        )
        .await
        .unwrap()
        .id;
    let (status, dash) = json(&app, &supervisor, "/api/dashboard?year=2025").await;
    assert_eq!(status, 200);
    let ids: Vec<i64> = dash["agencies"].as_array().unwrap().iter().map(|r| r["agency_id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&county) && !ids.contains(&other_root));
    assert_eq!(app.get(&format!("/admin/reports/{other_root}/2025"), Some(&supervisor.cookie)).await.status, 403);
    assert_eq!(json(&app, &supervisor, &format!("/api/reports/{outside}")).await.0, 403);
    assert_eq!(app.get(&format!("/admin/reports/{dongshan}/2022"), Some(&supervisor.cookie)).await.status, 200);
    assert_eq!(save(&app, &supervisor, app.reports[4], &[("table3.granted[6]", "1")]).await, 403);
    assert_eq!(step(&app, &supervisor, app.reports[4], "submit").await, 403);
    let (_, edu_dash) = json(&app, &edu_admin, "/api/dashboard?year=2025").await;
    let edu_ids: Vec<i64> =
        edu_dash["agencies"].as_array().unwrap().iter().map(|r| r["agency_id"].as_i64().unwrap()).collect();
    assert_eq!(edu_ids, vec![edu]);
    assert_eq!(app.get(&format!("/admin/reports/{county}/2025"), Some(&edu_admin.cookie)).await.status, 403);
    assert_eq!(app.get("/admin/hub?year=2025", Some(&editor.cookie)).await.status, 403);

    // 6. Another agency's editor cannot touch the county's reports.
    let town_editor = app.new_who("town-editor", chengguan, Role::Editor).await;
    assert_eq!(save(&app, &town_editor, app.reports[4], &[("table3.granted[6]", "1")]).await, 403);
    assert_eq!(step(&app, &town_editor, correction, "correct").await, 403);
    assert_eq!(app.get(&format!("/admin/reports/{county}/2025"), Some(&town_editor.cookie)).await.status, 403);
    let upload = app.post_file(&format!("/admin/reports/{county}/upload"), &town_editor, "file", "r.json", b"{}").await;
    assert_eq!(upload.status, 403);

    // 7. Status and lateness around the deadlines (departments and townships
    // 1月31日, the government's own report 3月31日).
    app.clock.set_date(date!(2026 - 01 - 31));
    let (_, d) = json(&app, &supervisor, "/api/dashboard?year=2025").await;
    assert_eq!(row(&d, edu)["status"], "none");
    assert_eq!(row(&d, edu)["late"], false, "due today");
    app.clock.set_date(date!(2026 - 02 - 01));
    let (_, d) = json(&app, &supervisor, "/api/dashboard?year=2025").await;
    assert_eq!(row(&d, edu)["late"], true, "a department is late on 2 February");
    assert_eq!(row(&d, county)["status"], "published");
    assert_eq!(row(&d, county)["late"], false, "published on 3月31日: on time");
    let (_, d) = json(&app, &supervisor, "/api/dashboard?year=2022").await;
    assert_eq!(row(&d, dongshan)["status"], "draft");
    assert_eq!(row(&d, dongshan)["late"], true);
    assert_eq!(row(&d, chengguan)["status"], "published");
    assert_eq!(row(&d, chengguan)["late"], false);
    let (_, d) = json(&app, &supervisor, "/api/dashboard?year=2023").await;
    assert_ne!(row(&d, chengguan)["carry_over"], "no_previous", "2022 → 2023 pair is checked");
    let (_, d) = json(&app, &supervisor, "/api/dashboard?year=2021").await;
    let health = app.agency("示范县卫生健康局");
    assert!(row(&d, health)["errors"].as_i64().unwrap() > 0, "the demo's arithmetic error shows");
    // Publishing 东山乡's 2022 draft now is late.
    let town_approver = app.new_who("dongshan-approver", dongshan, Role::Approver).await;
    let town_editor2 = app.new_who("dongshan-editor", dongshan, Role::Editor).await;
    assert_eq!(step(&app, &town_editor2, app.reports[4], "submit").await, 303);
    assert_eq!(step(&app, &town_approver, app.reports[4], "approve").await, 303);
    assert_eq!(step(&app, &town_approver, app.reports[4], "publish").await, 303);
    let (_, d) = json(&app, &supervisor, "/api/dashboard?year=2022").await;
    assert_eq!(row(&d, dongshan)["status"], "published");
    assert_eq!(row(&d, dongshan)["late"], true);
    assert!(row(&d, dongshan)["timeliness"].as_str().unwrap().contains("逾期"));
    // The dashboard page, its filters and CSV.
    let page = app.get("/admin/hub?year=2022&late=1", Some(&supervisor.cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("data-agency=\"{dongshan}\"")));
    assert!(!page.body.contains(&format!("data-agency=\"{chengguan}\"")), "filtered out: not late");
    assert!(page.body.contains("<svg"));
    let csv = app.get("/admin/hub.csv?year=2022", Some(&supervisor.cookie)).await;
    assert!(csv.body.starts_with('\u{FEFF}') && csv.body.contains("东山乡人民政府"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hub_workflow_sqlite() {
    scenario(app().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hub_workflow_postgres() {
    if let Some(db) = common::PgDb::create("hub").await {
        scenario(app_on(db.store.clone(), WebConfig::default()).await).await;
        db.drop_db().await;
    }
}

/// Pages read the agency tree from a cache stamped with the newest audit
/// record: a change made anywhere (here straight in the store) shows on the
/// next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agency_changes_show_at_once() {
    let app = app().await;
    let township = app.agency("城关镇人民政府");
    let county = app.agency("示范县人民政府");
    assert!(app.get("/agencies", None).await.body.contains("城关镇人民政府"));
    let renamed = AgencyInput {
        parent_id: Some(county),
        name: "城关街道办事处".into(),
        kind: AgencyKind::Township,
        office: Default::default(),
    };
    app.store.update_agency(&Actor::system("test"), township, renamed).await.unwrap();
    let page = app.get("/agencies", None).await.body;
    assert!(page.contains("城关街道办事处") && !page.contains("城关镇人民政府"), "{page}");
    let added = AgencyInput {
        parent_id: Some(county),
        name: "示范县新设局".into(),
        kind: AgencyKind::Department,
        office: Default::default(),
    };
    let new = app.store.create_agency(&Actor::system("test"), added).await.unwrap();
    assert_eq!(app.get(&format!("/agencies/{}", new.id), None).await.status, 200);
}
