//! The role × route matrix: every route, every role (and anonymous), the
//! expected outcome, each cell on a fresh in-memory app loaded with the demo
//! county. Back-office routes answer 303→login for anonymous users, 403 for
//! roles without the right; API routes answer 401 / 403.

mod common;

use axum::http::Method;
use serde_json::json;

use common::{App, app};

/// Column order of the expectation rows.
const WHO: [&str; 9] =
    ["anon", "admin", "county-admin", "editor", "reviewer", "handler", "approver", "supervisor", "edu-admin"];

/// Expected: redirect to the sign-in page (303, `Location: /admin/login?next=…`).
const LOGIN: u16 = 1;

enum Body {
    None,
    Form(&'static [(&'static str, &'static str)]),
    Json(fn(&Ids) -> serde_json::Value),
    /// A multipart upload of a shared fixture file (part `file`).
    File(&'static str),
    /// An API request whose body is a shared fixture file.
    Raw(&'static str),
}

/// An empty 2023 report as canonical JSON (a batch file to confirm).
fn empty_report() -> String {
    let mut r = xxgk_report::Report::empty(xxgk_report::Template::V2021, 2023);
    r.agency = Some("城关镇人民政府".into());
    xxgk_report::to_json_pretty(&r)
}

/// Bytes of a report fixture in the shared directory.
fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::shared_dir().join("fixtures/reports").join(name)).expect("shared fixture")
}

struct Ids {
    county: i64,
    township: i64,
    editor: i64,
    handler: i64,
    token: i64,
    /// The county's published 2024 report and its 2025 draft (demo).
    published: i64,
    draft: i64,
    /// The supervisor's batch import and its file waiting for confirmation.
    batch: i64,
    batch_file: i64,
}

fn fill(s: &str, ids: &Ids, password: &str) -> String {
    s.replace("{county}", &ids.county.to_string())
        .replace("{township}", &ids.township.to_string())
        .replace("{editor}", &ids.editor.to_string())
        .replace("{handler}", &ids.handler.to_string())
        .replace("{token}", &ids.token.to_string())
        .replace("{published}", &ids.published.to_string())
        .replace("{draft}", &ids.draft.to_string())
        .replace("{batch_file}", &ids.batch_file.to_string())
        .replace("{batch}", &ids.batch.to_string())
        .replace("{password}", password)
}

const STAFF_OK: [u16; 9] = [LOGIN, 200, 200, 200, 200, 200, 200, 200, 200];
const PUBLIC: [u16; 9] = [200; 9];
const API_ANY: [u16; 9] = [401, 200, 200, 200, 200, 200, 200, 200, 200];
/// system admin + county admin only (the target is in the county subtree).
const COUNTY_ADMINS_GET: [u16; 9] = [LOGIN, 200, 200, 403, 403, 403, 403, 403, 403];
const COUNTY_ADMINS_POST: [u16; 9] = [LOGIN, 303, 303, 403, 403, 403, 403, 403, 403];
/// Readers of the county's reports: everyone but the 教育局 admin.
const COUNTY_READERS: [u16; 9] = [LOGIN, 200, 200, 200, 200, 200, 200, 200, 403];
/// Drafters of the county's reports: system admin, county admin, editor.
const COUNTY_DRAFTERS: [u16; 9] = [LOGIN, 303, 303, 303, 403, 403, 403, 403, 403];
/// The hub's oversight: system admin, agency admins, the supervisor.
const OVERSIGHT: [u16; 9] = [LOGIN, 200, 200, 403, 403, 403, 403, 200, 200];
/// A batch import: its uploader (the supervisor) and the system admin.
const BATCH_OWNER_GET: [u16; 9] = [LOGIN, 200, 403, 403, 403, 403, 403, 200, 403];
const BATCH_OWNER_POST: [u16; 9] = [LOGIN, 303, 403, 403, 403, 403, 403, 303, 403];
/// Readers of users / audit: admins and the supervisor above the county.
const READERS: [u16; 9] = [LOGIN, 200, 200, 403, 403, 403, 403, 200, 200];

#[rustfmt::skip]
fn table() -> Vec<(Method, &'static str, Body, [u16; 9])> {
    use Method as M;
    vec![
        // Public portal.
        (M::GET, "/", Body::None, PUBLIC),
        (M::GET, "/agencies", Body::None, PUBLIC),
        (M::GET, "/agencies/{county}", Body::None, PUBLIC),
        (M::GET, "/healthz", Body::None, PUBLIC),
        (M::GET, "/static/style.css", Body::None, PUBLIC),
        (M::GET, "/static/recheck.js", Body::None, PUBLIC),
        (M::GET, "/static/batch.js", Body::None, PUBLIC),
        (M::GET, "/prefs/font?size=large&next=/agencies", Body::None, [303; 9]),
        (M::GET, "/admin/login", Body::None, PUBLIC),
        (M::GET, "/no/such/page", Body::None, [404; 9]),
        // Back office.
        (M::GET, "/admin", Body::None, STAFF_OK),
        (M::GET, "/admin/agencies", Body::None, STAFF_OK),
        (M::GET, "/admin/agencies/new", Body::None, [LOGIN, 200, 200, 403, 403, 403, 403, 403, 200]),
        (M::POST, "/admin/agencies", Body::Form(&[("parent_id", "{county}"), ("name", "示范县新机关"), ("kind", "department")]), COUNTY_ADMINS_POST),
        (M::GET, "/admin/agencies/{county}/edit", Body::None, COUNTY_ADMINS_GET),
        (M::POST, "/admin/agencies/{township}", Body::Form(&[("parent_id", "{county}"), ("name", "城关镇人民政府（改）"), ("kind", "township")]), COUNTY_ADMINS_POST),
        (M::GET, "/admin/users", Body::None, READERS),
        (M::GET, "/admin/users/new", Body::None, [LOGIN, 200, 200, 403, 403, 403, 403, 403, 200]),
        (M::POST, "/admin/users", Body::Form(&[("username", "newuser"), ("display_name", "新用户"), ("agency_id", "{county}"), ("role", "editor"), ("password", "a-long-password-123")]), COUNTY_ADMINS_POST),
        (M::GET, "/admin/users/{editor}", Body::None, [LOGIN, 200, 200, 403, 403, 403, 403, 200, 403]),
        (M::POST, "/admin/users/{handler}/role", Body::Form(&[("agency_id", "{county}"), ("role", "reviewer")]), COUNTY_ADMINS_POST),
        (M::POST, "/admin/users/{handler}/disable", Body::Form(&[]), COUNTY_ADMINS_POST),
        (M::POST, "/admin/users/{handler}/enable", Body::Form(&[]), COUNTY_ADMINS_POST),
        (M::POST, "/admin/users/{handler}/revoke-sessions", Body::Form(&[]), COUNTY_ADMINS_POST),
        (M::GET, "/admin/audit", Body::None, READERS),
        (M::GET, "/admin/password", Body::None, STAFF_OK),
        (M::POST, "/admin/password", Body::Form(&[("current", "{password}"), ("new", "another-long-pass-9"), ("confirm", "another-long-pass-9")]), STAFF_OK),
        (M::GET, "/admin/tokens", Body::None, STAFF_OK),
        (M::POST, "/admin/tokens", Body::Form(&[("name", "脚本")]), STAFF_OK),
        (M::POST, "/admin/tokens/{token}/revoke", Body::Form(&[]), [LOGIN, 303, 303, 303, 303, 303, 303, 303, 303]),
        (M::POST, "/admin/logout", Body::Form(&[]), [LOGIN, 303, 303, 303, 303, 303, 303, 303, 303]),
        // JSON API.
        (M::GET, "/api/openapi.json", Body::None, PUBLIC),
        (M::GET, "/api/me", Body::None, API_ANY),
        (M::GET, "/api/agencies", Body::None, API_ANY),
        (M::GET, "/api/agencies/{county}", Body::None, API_ANY),
        (M::POST, "/api/agencies", Body::Json(|i| json!({"parent_id": i.county, "name": "接口新机关", "kind": "department"})), [401, 201, 201, 403, 403, 403, 403, 403, 403]),
        (M::PUT, "/api/agencies/{township}", Body::Json(|i| json!({"parent_id": i.county, "name": "城关镇人民政府", "kind": "township", "office": {"phone": "123"}})), [401, 200, 200, 403, 403, 403, 403, 403, 403]),
        (M::GET, "/api/users", Body::None, [401, 200, 200, 403, 403, 403, 403, 200, 200]),
        (M::POST, "/api/users", Body::Json(|i| json!({"username": "apiuser", "agency_id": i.county, "role": "editor", "password": "a-long-password-123"})), [401, 201, 201, 403, 403, 403, 403, 403, 403]),
        (M::GET, "/api/users/{editor}", Body::None, [401, 200, 200, 403, 403, 403, 403, 200, 403]),
        (M::PATCH, "/api/users/{handler}", Body::Json(|_| json!({"role": "reviewer"})), [401, 200, 200, 403, 403, 403, 403, 403, 403]),
        (M::GET, "/api/audit", Body::None, [401, 200, 200, 403, 403, 403, 403, 200, 200]),
        (M::GET, "/api/no/such/route", Body::None, [404; 9]),
        // Annual-report hub: portal.
        (M::GET, "/agencies/{county}/reports", Body::None, PUBLIC),
        (M::GET, "/agencies/{county}/reports/2024", Body::None, PUBLIC),
        (M::GET, "/reports/{published}", Body::None, PUBLIC),
        (M::GET, "/reports/{published}/print", Body::None, PUBLIC),
        (M::GET, "/reports/{published}/docx", Body::None, PUBLIC),
        (M::GET, "/reports/{published}/pdf", Body::None, PUBLIC),
        (M::GET, "/reports/{published}/json", Body::None, PUBLIC),
        (M::GET, "/reports/{draft}", Body::None, [404; 9]),
        (M::GET, "/reports/{draft}/json", Body::None, [404; 9]),
        (M::GET, "/reports/{draft}/pdf", Body::None, [404; 9]),
        // Annual-report hub: back office.
        (M::GET, "/admin/reports", Body::None, STAFF_OK),
        (M::GET, "/admin/reports/{county}/2025", Body::None, COUNTY_READERS),
        (M::POST, "/admin/reports/{county}/upload", Body::File("002_19e7a58c87b6c757.txt"), COUNTY_DRAFTERS),
        (M::POST, "/admin/reports/{county}/new", Body::Form(&[("year", "2023")]), COUNTY_DRAFTERS),
        (M::POST, "/admin/report-versions/{draft}", Body::Form(&[("table3.granted[6]", "1")]), COUNTY_DRAFTERS),
        (M::POST, "/admin/report-versions/{draft}/action", Body::Form(&[("action", "submit")]), COUNTY_DRAFTERS),
        (M::POST, "/admin/report-versions/{draft}/check", Body::Form(&[("table3.granted[6]", "1")]), COUNTY_READERS),
        (M::POST, "/admin/report-versions/{published}", Body::Form(&[("table3.granted[6]", "1")]), [LOGIN, 409, 409, 409, 403, 403, 403, 403, 403]),
        (M::POST, "/admin/report-versions/{published}/action", Body::Form(&[("action", "correct")]), COUNTY_DRAFTERS),
        (M::GET, "/admin/hub", Body::None, OVERSIGHT),
        (M::GET, "/admin/hub?year=2022&status=draft&errors=1&late=1", Body::None, OVERSIGHT),
        (M::GET, "/admin/hub.csv", Body::None, OVERSIGHT),
        (M::GET, "/admin/hub/batch", Body::None, OVERSIGHT),
        (M::POST, "/admin/hub/batch", Body::File("002_19e7a58c87b6c757.txt"), [LOGIN, 303, 303, 403, 403, 403, 403, 303, 303]),
        (M::GET, "/admin/hub/batch/{batch}", Body::None, BATCH_OWNER_GET),
        (M::GET, "/admin/hub/batch/{batch}/progress", Body::None, BATCH_OWNER_GET),
        (M::POST, "/admin/hub/batch/{batch}/files/{batch_file}/confirm", Body::Form(&[("agency_id", "{township}")]), BATCH_OWNER_POST),
        (M::POST, "/admin/hub/batch/{batch}/files/{batch_file}/dismiss", Body::Form(&[]), BATCH_OWNER_POST),
        // Annual-report hub: API.
        (M::GET, "/api/reports", Body::None, API_ANY),
        (M::GET, "/api/reports?agency={county}&year=2024", Body::None, [401, 200, 200, 200, 200, 200, 200, 200, 403]),
        (M::GET, "/api/reports/{published}", Body::None, [401, 200, 200, 200, 200, 200, 200, 200, 403]),
        (M::POST, "/api/reports/{draft}/actions/submit", Body::Json(|_| json!({})), [401, 200, 200, 200, 403, 403, 403, 403, 403]),
        (M::POST, "/api/agencies/{county}/reports?name=002.txt", Body::Raw("002_19e7a58c87b6c757.txt"), [401, 201, 201, 201, 403, 403, 403, 403, 403]),
        (M::GET, "/api/dashboard?year=2024", Body::None, [401, 200, 200, 403, 403, 403, 403, 200, 200]),
        (M::POST, "/api/batches?name=002.txt", Body::Raw("002_19e7a58c87b6c757.txt"), [401, 202, 202, 403, 403, 403, 403, 202, 202]),
        (M::GET, "/api/batches/{batch}", Body::None, [401, 200, 403, 403, 403, 403, 403, 200, 403]),
        (M::POST, "/api/batches/{batch}/files/{batch_file}/confirm", Body::Json(|i| json!({"agency_id": i.township})), [401, 200, 403, 403, 403, 403, 403, 200, 403]),
        (M::POST, "/api/batches/{batch}/files/{batch_file}/dismiss", Body::Json(|_| json!({})), [401, 200, 403, 403, 403, 403, 403, 200, 403]),
    ]
}

/// A batch of the supervisor's with one file read and waiting for the
/// agency to be confirmed (made in the store: no worker is involved).
async fn waiting_batch(app: &App, township: i64) -> (i64, i64) {
    use xxgk_store::{Actor, BatchFileState, BatchOutcome, NewBatchFile};
    let supervisor = app.user("supervisor").await;
    let file = NewBatchFile { name: "x.txt".into(), content: Ok(b"x".to_vec()) };
    let actor = Actor::user(&supervisor);
    let batch = app.store.create_batch(&actor, supervisor.id, supervisor.agency_id, vec![file], 0).await.unwrap();
    let lease = xxgk_store::BatchLease { owner: "test".into(), lease_ms: 60_000, max_attempts: 2 };
    let file = app.store.claim_batch_file(&lease, 0).await.unwrap().unwrap().file;
    let outcome = BatchOutcome {
        year: Some(2023),
        candidates: vec![township],
        report_json: empty_report(),
        provenance_json: "[]".into(),
        ..Default::default()
    };
    let held = xxgk_store::BatchHold::claimed(file.id, "test");
    app.store.settle_batch_file(held, BatchFileState::Confirm, &outcome, 0).await.unwrap();
    (batch.id, file.id)
}

async fn cell(method: Method, path: &'static str, body: &Body, who: &'static str) -> u16 {
    let app: App = app().await;
    let actor = if who == "anon" { None } else { Some(app.who(who).await) };
    let token_id = match &actor {
        Some(w) => app.store.list_api_tokens(w.user.id).await.unwrap()[0].id,
        None => 1,
    };
    let township = app.agency("城关镇人民政府");
    let (batch, batch_file) = waiting_batch(&app, township).await;
    let ids = Ids {
        county: app.agency("示范县人民政府"),
        township: app.agency("城关镇人民政府"),
        editor: app.user("editor").await.id,
        handler: app.user("handler").await.id,
        token: token_id,
        published: app.reports[0],
        draft: app.reports[1],
        batch,
        batch_file,
    };
    let password = actor.as_ref().map(|w| w.password.clone()).unwrap_or_default();
    let url = fill(path, &ids, &password);
    let cookie = actor.as_ref().map(|w| w.cookie.clone());
    let resp = match body {
        Body::None if !path.starts_with("/api/") => app.get(&url, cookie.as_deref()).await,
        Body::Form(fields) => {
            let filled: Vec<(String, String)> =
                fields.iter().map(|(k, v)| (k.to_string(), fill(v, &ids, &password))).collect();
            let mut pairs: Vec<(&str, &str)> = filled.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let csrf = actor.as_ref().map(|w| w.csrf.clone()).unwrap_or_default();
            pairs.push(("csrf", &csrf));
            app.post_form(&url, cookie.as_deref(), &pairs).await
        }
        Body::File(name) => match &actor {
            Some(w) => app.post_file(&url, w, "file", name, &fixture(name)).await,
            None => app.post_form(&url, None, &[]).await,
        },
        Body::Raw(name) => {
            let mut b = axum::http::Request::builder().method(method).uri(&url);
            if let Some(w) = &actor {
                b = b.header(axum::http::header::AUTHORIZATION, format!("Bearer {}", w.api_token));
            }
            app.send(b.body(axum::body::Body::from(fixture(name))).unwrap()).await
        }
        Body::None => app.api(method, &url, actor.as_ref().map(|w| w.api_token.as_str()), None).await,
        Body::Json(f) => app.api(method, &url, actor.as_ref().map(|w| w.api_token.as_str()), Some(f(&ids))).await,
    };
    let status = resp.status.as_u16();
    if status == 303 && resp.location().starts_with("/admin/login?next=") { LOGIN } else { status }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_route_matrix() {
    let mut failures = Vec::new();
    let mut cells = 0;
    for (method, path, body, expected) in table() {
        for (i, who) in WHO.iter().enumerate() {
            let got = cell(method.clone(), path, &body, who).await;
            cells += 1;
            if got != expected[i] {
                failures.push(format!("{method} {path} as {who}: expected {}, got {got}", expected[i]));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cells} cells wrong:\n{}", failures.len(), failures.join("\n"));
    eprintln!("role × route matrix: {cells} cells ok");
}
