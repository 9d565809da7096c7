//! Batch import over HTTP: several files in one multipart request or one
//! `.zip`, queued and read in the background; the progress page follows the
//! queue; sure matches filed as drafts, unsure ones confirmed (or dismissed)
//! by the supervisor, import errors reported per file; unsafe archives
//! refused; the same through the API.

mod common;

use std::io::Write as _;
use std::time::{Duration, Instant};

use axum::http::Method;
use common::{App, Who, app, app_on, csrf_in, shared_dir};
use serde_json::{Value, json};
use xxgk_web::WebConfig;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(shared_dir().join("fixtures/reports").join(name)).expect("shared fixture")
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

/// Follows the progress page until the batch is read; returns the last page.
/// The deadline only stops a hung queue from hanging the suite.
async fn finished_page(app: &App, who: &Who, path: &str) -> String {
    let give_up = Instant::now() + Duration::from_secs(120);
    loop {
        let page = app.get(path, Some(&who.cookie)).await;
        assert_eq!(page.status, 200, "{}", page.body);
        if page.body.contains("已读取完毕") {
            assert!(!page.body.contains("http-equiv=\"refresh\""), "a finished batch stops refreshing");
            return page.body;
        }
        assert!(page.body.contains("http-equiv=\"refresh\""), "a running batch refreshes itself");
        assert!(Instant::now() < give_up, "the batch queue did not finish: {}", page.body);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The action of the first form after `from` whose action ends with `suffix`.
fn action_after(html: &str, suffix: &str) -> String {
    let i = html.find(&format!("{suffix}\"")).expect(suffix);
    let start = html[..i].rfind("action=\"").unwrap() + "action=\"".len();
    html[start..i + suffix.len()].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_zip_sqlite() {
    batch_zip_is_queued_read_and_confirmed(app().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_zip_postgres() {
    if let Some(db) = common::PgDb::create("batch").await {
        batch_zip_is_queued_read_and_confirmed(app_on(db.store.clone(), WebConfig::default()).await).await;
        db.drop_db().await;
    }
}

async fn batch_zip_is_queued_read_and_confirmed(app: App) {
    let supervisor = app.who("supervisor").await;
    let dongshan = app.agency("东山乡人民政府");
    // A real report whose printed name is a demo agency's: a sure match.
    let text = String::from_utf8(fixture("002_19e7a58c87b6c757.txt")).unwrap().replace("灵武市临河镇", "东山乡");
    let zip = zip_of(&[
        ("reports/dongshan-2021.txt", text.as_bytes()),
        ("reports/jiangzuo-2022.txt", &fixture("001_29593275bb59ad88.txt")),
        ("reports/old.doc", b"\xD0\xCF\x11\xE0 not a report"),
        ("reports/other-2022.txt", &fixture("001_29593275bb59ad88.txt")),
    ]);
    let r = app.post_file("/admin/hub/batch", &supervisor, "files", "batch.zip", &zip).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let progress = r.location().to_string();
    assert!(progress.starts_with("/admin/hub/batch/"), "{progress}");
    let page = finished_page(&app, &supervisor, &progress).await;
    assert!(page.contains("已归档 1 份，待确认 2 份，未导入 1 份"), "{page}");
    // The counts the page's script polls.
    let counts = app.get(&format!("{progress}/progress"), Some(&supervisor.cookie)).await;
    assert_eq!(counts.status, 200, "{}", counts.body);
    let counts: Value = serde_json::from_str(&counts.body).unwrap();
    assert_eq!(
        (&counts["finished"], &counts["total"], &counts["done"], &counts["waiting"]),
        (&json!(true), &json!(4), &json!(4), &json!(2))
    );
    assert!(page.contains("value=\"4\" max=\"4\""), "the progress bar is full: {page}");
    assert!(page.contains(&format!("/admin/reports/{dongshan}/2021")), "filed under 东山乡");
    assert!(page.contains(".docx"), "the .doc import error is shown: {page}");
    let filed = app
        .store
        .list_report_versions(&xxgk_store::ReportFilter {
            agency_ids: Some(vec![dongshan]),
            years: Some(vec![2021]),
            metadata_only: false,
        })
        .await
        .unwrap();
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[0].state, "draft");
    assert!(filed[0].provenance_json.contains("行"), "provenance kept");
    let audit = app
        .store
        .list_audit(&xxgk_store::AuditFilter { action: Some("report.create".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(audit[0].actor_name, "supervisor", "filed in the uploader's name");

    // The unsure file: the supervisor picks the agency; the report comes
    // from the store, not from the form.
    let csrf = csrf_in(&page).unwrap();
    let confirm = action_after(&page, "/confirm");
    let chengguan = app.agency("城关镇人民政府").to_string();
    let r = app.post_form(&confirm, Some(&supervisor.cookie), &[("csrf", &csrf), ("agency_id", &chengguan)]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), progress);
    let again = app.post_form(&confirm, Some(&supervisor.cookie), &[("csrf", &csrf), ("agency_id", &chengguan)]).await;
    assert_eq!(again.status, 409, "a file is filed once");
    let page = app.get(&progress, Some(&supervisor.cookie)).await.body;
    assert!(page.contains(&format!("/admin/reports/{chengguan}/2022")), "{page}");
    assert!(page.contains("已归档 2 份，待确认 1 份"), "{page}");
    // The other unsure file is left unfiled.
    let dismiss = action_after(&page, "/dismiss");
    let r = app.post_form(&dismiss, Some(&supervisor.cookie), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get(&progress, Some(&supervisor.cookie)).await.body;
    assert!(page.contains("待确认 0 份") && page.contains("已放弃"), "{page}");
    // The batch is listed on the upload page.
    let list = app.get("/admin/hub/batch", Some(&supervisor.cookie)).await.body;
    assert!(list.contains(&format!("href=\"{progress}\"")), "{list}");

    // Someone else's batch is not theirs to see or act on.
    let edu_admin = app.who("edu-admin").await;
    assert_eq!(app.get(&progress, Some(&edu_admin.cookie)).await.status, 403);
    assert_eq!(app.get(&format!("{progress}/progress"), Some(&edu_admin.cookie)).await.status, 403);
    let refused =
        app.post_form(&confirm, Some(&edu_admin.cookie), &[("csrf", &edu_admin.csrf), ("agency_id", &chengguan)]).await;
    assert_eq!(refused.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirmation_outside_the_subtree_is_refused() {
    let app = app().await;
    let edu_admin = app.who("edu-admin").await;
    let r =
        app.post_file("/admin/hub/batch", &edu_admin, "files", "001.txt", &fixture("001_29593275bb59ad88.txt")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = finished_page(&app, &edu_admin, r.location()).await;
    assert!(page.contains("待确认 1 份"), "{page}");
    let confirm = action_after(&page, "/confirm");
    let county = app.agency("示范县人民政府").to_string();
    let r =
        app.post_form(&confirm, Some(&edu_admin.cookie), &[("csrf", &edu_admin.csrf), ("agency_id", &county)]).await;
    assert_eq!(r.status, 403, "the county is above the 教育局 admin");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsafe_archives_and_bad_uploads() {
    let app = app().await;
    let supervisor = app.who("supervisor").await;
    let evil = zip_of(&[("../../etc/evil.txt", b"x")]);
    let r = app.post_file("/admin/hub/batch", &supervisor, "files", "evil.zip", &evil).await;
    assert_eq!(r.status, 303);
    let page = finished_page(&app, &supervisor, r.location()).await;
    assert!(page.contains("文件名不安全"), "{page}");
    let broken = app.post_file("/admin/hub/batch", &supervisor, "files", "broken.zip", b"PK\x03\x04 nope").await;
    let page = finished_page(&app, &supervisor, broken.location()).await;
    assert!(page.contains("不是有效的 zip"), "{page}");
    // A multipart form without the right CSRF token is refused before any handler.
    let mut forged = supervisor.clone();
    forged.csrf = "not-the-token".into();
    let r = app.post_file("/admin/hub/batch", &forged, "files", "004.txt", b"x").await;
    assert_eq!(r.status, 403);
    let county = app.agency("示范县人民政府");
    let mut forged_editor = app.who("editor").await;
    forged_editor.csrf = String::new();
    let r = app.post_file(&format!("/admin/reports/{county}/upload"), &forged_editor, "file", "a.txt", b"x").await;
    assert_eq!(r.status, 403);
    // Editors have no batch import.
    let editor = app.who("editor").await;
    assert_eq!(app.post_file("/admin/hub/batch", &editor, "files", "a.txt", b"x").await.status, 403);
}

/// Waits for a batch through the API; returns its final JSON.
async fn finished_json(app: &App, token: &str, path: &str) -> Value {
    let give_up = Instant::now() + Duration::from_secs(120);
    loop {
        let r = app.api(Method::GET, path, Some(token), None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let v: Value = serde_json::from_str(&r.body).unwrap();
        if v["finished"] == json!(true) {
            return v;
        }
        assert!(Instant::now() < give_up, "the batch queue did not finish: {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_through_the_api() {
    let app = app().await;
    let supervisor = app.who("supervisor").await;
    let zip = zip_of(&[("a/001.txt", &fixture("001_29593275bb59ad88.txt")), ("a/empty.txt", b"")]);
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/batches?name=reports.zip")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {}", supervisor.api_token))
        .body(axum::body::Body::from(zip))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, 202, "{}", r.body);
    let location = r.location().to_string();
    let started: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(started["total"], json!(2));
    assert_eq!(location, format!("/api/batches/{}", started["id"]));
    let done = finished_json(&app, &supervisor.api_token, &location).await;
    assert_eq!((done["done"].clone(), done["waiting"].clone(), done["failed"].clone()), (json!(2), json!(1), json!(1)));
    let files = done["files"].as_array().unwrap();
    let waiting = files.iter().find(|f| f["state"] == "confirm").unwrap();
    assert!(!waiting["candidates"].as_array().unwrap().is_empty(), "{waiting}");
    assert!(waiting.get("report_json").is_none(), "the stored report is not echoed");
    let failed = files.iter().find(|f| f["state"] == "failed").unwrap();
    assert!(failed["problem"].as_str().unwrap().contains("无法读取"), "{failed}");
    let township = app.agency("城关镇人民政府");
    let path = format!("{location}/files/{}/confirm", waiting["id"]);
    let r = app.api(Method::POST, &path, Some(&supervisor.api_token), Some(json!({ "agency_id": township }))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let after: Value = serde_json::from_str(&r.body).unwrap();
    let filed = after["files"].as_array().unwrap().iter().find(|f| f["id"] == waiting["id"]).unwrap().clone();
    assert_eq!((filed["state"].clone(), filed["agency_id"].clone()), (json!("filed"), json!(township)));
    let v = app.store.get_report_version(filed["version_id"].as_i64().unwrap()).await.unwrap().unwrap();
    assert_eq!((v.agency_id, v.year, v.state.as_str()), (township, 2022, "draft"));
    // A name is needed to know the format.
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/batches")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {}", supervisor.api_token))
        .body(axum::body::Body::from("x"))
        .unwrap();
    assert_eq!(app.send(req).await.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queue_left_by_a_stopped_process_is_read_on_start() {
    use xxgk_store::{Actor, BatchFileState, NewBatchFile};
    let app = app().await;
    let supervisor = app.user("supervisor").await;
    // Queued by a process that died: one file never read, one in the middle
    // of reading (its lease ran out long ago).
    let files = vec![
        NewBatchFile { name: "001.txt".into(), content: Ok(fixture("001_29593275bb59ad88.txt")) },
        NewBatchFile { name: "004.txt".into(), content: Ok(fixture("004_65023467b4397fcb.txt")) },
    ];
    let actor = Actor::user(&supervisor);
    let batch = app.store.create_batch(&actor, supervisor.id, supervisor.agency_id, files, 0).await.unwrap();
    let dead = xxgk_store::BatchLease { owner: "dead".into(), lease_ms: 60_000, max_attempts: 2 };
    let working = app.store.claim_batch_file(&dead, 0).await.unwrap().unwrap().file;
    assert_eq!(working.state, BatchFileState::Working);
    let state = xxgk_web::AppState::new(
        app.store.clone(),
        xxgk_store::password::PasswordHasher::fast_for_tests(),
        WebConfig { document_reader: xxgk_isolate::Reader::InProcess, ..WebConfig::default() },
    );
    state.start_background_work();
    let give_up = Instant::now() + Duration::from_secs(120);
    let done = loop {
        let b = app.store.get_batch(batch.id).await.unwrap().unwrap();
        if b.finished_at_ms.is_some() {
            break b;
        }
        assert!(Instant::now() < give_up, "the queue was not resumed: {b:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(done.files.iter().all(|f| !f.state.pending() && f.outcome.year.is_some()), "{done:?}");
}

/// Every real report of the shared fixtures, in one archive.
fn fixture_documents() -> Vec<(String, Vec<u8>, Value)> {
    let dir = shared_dir().join("fixtures/reports");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") || !path.with_extension("json").exists() {
            continue;
        }
        let expected: Value = serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, std::fs::read(&path).unwrap(), expected));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

async fn batch_of(app: &App, who: &Who, files: &[(String, Vec<u8>)]) -> Value {
    let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/batches?name=fixtures.zip")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {}", who.api_token))
        .body(axum::body::Body::from(zip_of(&entries)))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, 202, "{}", r.body);
    finished_json(app, &who.api_token, r.location()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fixture_report_is_read_in_one_batch() {
    let app = app().await;
    let supervisor = app.who("supervisor").await;
    let docs = fixture_documents();
    assert!(docs.len() >= 7, "the shared fixtures are there");
    let files: Vec<(String, Vec<u8>)> = docs.iter().map(|(n, d, _)| (n.clone(), d.clone())).collect();
    let done = batch_of(&app, &supervisor, &files).await;
    let mut wrong = Vec::new();
    for (file, (name, _, expected)) in done["files"].as_array().unwrap().iter().zip(&docs) {
        assert!(file["name"].as_str().unwrap().ends_with(name.as_str()), "upload order kept");
        if file["state"] == "failed" || file["year"] != expected["year"] {
            wrong.push(format!("{name}: {file}"));
        }
    }
    assert!(wrong.is_empty(), "fixtures not read right:\n{}", wrong.join("\n"));
}

/// A load figure, not a check of speed: run with
/// `cargo test --release -p xxgk-web --test hub_batch -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement: prints the batch queue's throughput"]
async fn batch_throughput() {
    let app = app().await;
    let supervisor = app.who("supervisor").await;
    let docs = fixture_documents();
    let files: Vec<(String, Vec<u8>)> = (0..50)
        .flat_map(|i| docs.iter().map(move |(n, d, _)| (format!("{i:02}-{n}"), d.clone())))
        .take(300) // as many files as one batch takes
        .collect();
    let started = Instant::now();
    let done = batch_of(&app, &supervisor, &files).await;
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(done["done"].as_u64().unwrap() as usize, files.len());
    assert_eq!(done["failed"], json!(0), "{done}");
    eprintln!("batch of {} files read in {secs:.2} s: {:.0} files/s", files.len(), files.len() as f64 / secs);
}

/// A zip of `copies` entries, each `size` bytes of zeros, compressed once
/// and copied raw (so the test does not spend its time deflating).
fn zero_bomb(copies: usize, size: usize) -> Vec<u8> {
    let one = zip_of(&[("zeros-0.txt", &vec![b'0'; size])]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(one)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for i in 0..copies {
            w.raw_copy_file_rename(src.by_index_raw(0).unwrap(), format!("zeros-{i}.txt")).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

/// Issue 9: a 195 KB zip stored 190 MB in the queue. The queue now keeps
/// each file gzip-compressed; a batch over the limit is refused by name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_stored_compressed_and_bounded() {
    use sqlx::Connection as _;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("xxgk.db").display());
    let app = app_on(xxgk_store::open(&url).await.unwrap(), WebConfig::default()).await;
    let supervisor = app.who("supervisor").await;
    let zip = zero_bomb(10, 19 * 1024 * 1024);
    assert!(zip.len() < 200 * 1024, "a small archive: {} bytes", zip.len());
    let r = app.post_file("/admin/hub/batch", &supervisor, "files", "bomb.zip", &zip).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut raw = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let (files, stored): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(LENGTH(content)), 0) FROM batch_files")
            .fetch_one(&mut raw)
            .await
            .unwrap();
    assert_eq!(files, 10);
    assert!(stored < 2 * 1024 * 1024, "190 MiB unpacked, {stored} bytes stored");
    // Over the per-batch limit: the archive is one failed entry saying so.
    let r = app.post_file("/admin/hub/batch", &supervisor, "files", "big.zip", &zero_bomb(11, 19 * 1024 * 1024)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get(r.location(), Some(&supervisor.cookie)).await;
    assert!(page.body.contains("超过每批上限 200 MiB"), "{}", page.body);
}
