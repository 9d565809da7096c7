//! An uploaded document's own facts (title, stated period, 落款 date, label
//! variants) stay with the report, so the hub runs the document checks
//! (W-9, W-11 …) on every later view, not only at upload time.

mod common;

use common::{app, shared_dir};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn label_variants_of_an_upload_are_reported_in_the_workspace() {
    let app = app().await;
    let editor = app.who("editor").await;
    let county = app.agency("示范县人民政府");
    // 江左镇 2022 prints 社会组织 for 社会公益组织 (a W-11 variant).
    let data = std::fs::read(shared_dir().join("fixtures/reports/001_29593275bb59ad88.txt")).unwrap();
    let r = app.post_file(&format!("/admin/reports/{county}/upload"), &editor, "file", "jiangzuo.txt", &data).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get(r.location(), Some(&editor.cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("W-11"), "{}", page.body);
    assert!(page.body.contains("社会组织"), "the printed variant is named");

    // The API reports the same findings for the stored version.
    let id: i64 = r.location().rsplit("v=").next().unwrap().parse().unwrap();
    let api = app.api(axum::http::Method::GET, &format!("/api/reports/{id}"), Some(&editor.api_token), None).await;
    assert_eq!(api.status, 200, "{}", api.body);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let codes: Vec<&str> = json["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(codes.contains(&"W-11"), "{codes:?}");
}
