//! The portal's PDF of a published report: `GET /reports/{id}/pdf` answers
//! `application/pdf` with the report's text, the report page links it, and a
//! server without a Chinese font answers 503 with a plain message while every
//! other page still works.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;
use xxgk_store::ReportFilter;
use xxgk_store::password::PasswordHasher;
use xxgk_web::pdf::{FontSearch, PdfService};
use xxgk_web::{AppState, WebConfig};

async fn published(app: &common::App) -> (i64, String) {
    let versions = app
        .store
        .list_report_versions(&ReportFilter { agency_ids: None, years: None, metadata_only: false })
        .await
        .unwrap();
    let v = versions.into_iter().find(|v| v.state == "published").expect("the demo has a published report");
    let report = xxgk_report::from_json(&v.report_json).unwrap();
    (v.id, xxgk_render::layout::document(&report).title)
}

async fn get_bytes(router: &axum::Router, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = Request::get(path).body(Body::empty()).unwrap();
    let resp = router.clone().oneshot(req).await.expect("infallible");
    let (parts, body) = resp.into_parts();
    (parts.status, parts.headers, body.collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn published_report_as_pdf() {
    let app = common::app().await;
    let (id, title) = published(&app).await;
    let page = app.get(&format!("/reports/{id}"), None).await;
    assert!(page.body.contains(&format!("href=\"/reports/{id}/pdf\"")), "the report page links its PDF");

    let (status, headers, pdf) = get_bytes(&app.router, &format!("/reports/{id}/pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"report.pdf\""), "{disposition}");
    assert!(pdf.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by this test");
    let text: String = String::from_utf8(text.stdout).unwrap().split_whitespace().collect();
    assert!(text.contains(&title), "{title} in {text}");

    // Drafts have no public PDF.
    let drafts = app
        .store
        .list_report_versions(&ReportFilter { agency_ids: None, years: None, metadata_only: true })
        .await
        .unwrap();
    let draft = drafts.iter().find(|v| v.state == "draft").expect("the demo has a draft").id;
    assert_eq!(app.get(&format!("/reports/{draft}/pdf"), None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_a_chinese_font_the_pdf_is_503_and_the_rest_works() {
    let app = common::app().await;
    let (id, _) = published(&app).await;
    let empty = tempfile::tempdir().unwrap();
    let pdf = PdfService::lazy(FontSearch::only([empty.path().to_path_buf()]));
    let state = AppState::new(app.store.clone(), PasswordHasher::fast_for_tests(), WebConfig::default()).with_pdf(pdf);
    let router = xxgk_web::router(state);

    let (status, headers, body) = get_bytes(&router, &format!("/reports/{id}/pdf")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("本服务器暂不能生成 PDF") && body.contains("未找到中文字体"), "{body}");
    for page in [format!("/reports/{id}"), format!("/reports/{id}/docx")] {
        assert_eq!(get_bytes(&router, &page).await.0, StatusCode::OK, "{page}");
    }
}
