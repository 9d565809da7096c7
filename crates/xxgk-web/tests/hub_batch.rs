//! Batch import over HTTP: several files in one multipart request or one
//! `.zip`; sure matches filed as drafts, unsure ones confirmed by the
//! supervisor, import errors reported per file; unsafe archives refused.

mod common;

use std::io::Write as _;

use common::{app, csrf_in, shared_dir};

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

/// Value of the first `name="field" value="…"` after `from` in a page.
fn field_after(html: &str, from: usize, field: &str) -> String {
    let key = format!("name=\"{field}\" value=\"");
    let i = html[from..].find(&key).unwrap() + from + key.len();
    let raw = &html[i..i + html[i..].find('"').unwrap()];
    raw.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_zip_matches_files_and_asks_for_the_rest() {
    let app = app().await;
    let supervisor = app.who("supervisor").await;
    let dongshan = app.agency("东山乡人民政府");
    // A real report whose printed name is a demo agency's: a sure match.
    let text = String::from_utf8(fixture("002_19e7a58c87b6c757.txt")).unwrap().replace("灵武市临河镇", "东山乡");
    let zip = zip_of(&[
        ("reports/dongshan-2021.txt", text.as_bytes()),
        ("reports/jiangzuo-2022.txt", &fixture("001_29593275bb59ad88.txt")),
        ("reports/old.doc", b"\xD0\xCF\x11\xE0 not a report"),
    ]);
    let r = app.post_file("/admin/hub/batch", &supervisor, "files", "batch.zip", &zip).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("已归档 1 份，待确认 1 份"), "{}", r.body);
    assert!(r.body.contains(&format!("/admin/reports/{dongshan}/2021")), "filed under 东山乡");
    assert!(r.body.contains(".docx"), "the .doc import error is shown: {}", r.body);
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

    // The unsure file: the supervisor picks the agency.
    let form_at = r.body.find("/admin/hub/batch/confirm").expect("a confirmation form");
    let report_json = field_after(&r.body, form_at, "report_json");
    let file = field_after(&r.body, form_at, "file");
    let csrf = csrf_in(&r.body).unwrap();
    let chengguan = app.agency("城关镇人民政府").to_string();
    let confirm = app
        .post_form(
            "/admin/hub/batch/confirm",
            Some(&supervisor.cookie),
            &[
                ("csrf", &csrf),
                ("agency_id", &chengguan),
                ("file", &file),
                ("report_json", &report_json),
                ("provenance", "[]"),
            ],
        )
        .await;
    assert_eq!(confirm.status, 303, "{}", confirm.body);
    assert!(confirm.location().starts_with(&format!("/admin/reports/{chengguan}/2022")));

    // An agency outside the supervisor's reach is refused.
    let edu_admin = app.who("edu-admin").await;
    let refused = app
        .post_form(
            "/admin/hub/batch/confirm",
            Some(&edu_admin.cookie),
            &[("csrf", &edu_admin.csrf), ("agency_id", &chengguan), ("file", "x"), ("report_json", &report_json)],
        )
        .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsafe_archives_and_many_files() {
    let app = app().await;
    let supervisor = app.who("supervisor").await;
    let evil = zip_of(&[("../../etc/evil.txt", b"x")]);
    let r = app.post_file("/admin/hub/batch", &supervisor, "files", "evil.zip", &evil).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("文件名不安全"), "{}", r.body);
    let broken = app.post_file("/admin/hub/batch", &supervisor, "files", "broken.zip", b"PK\x03\x04 nope").await;
    assert!(broken.body.contains("zip"), "{}", broken.body);
    // A plain file upload (no zip) works as well.
    let one =
        app.post_file("/admin/hub/batch", &supervisor, "files", "004.txt", &fixture("004_65023467b4397fcb.txt")).await;
    assert_eq!(one.status, 200);
    assert!(one.body.contains("待确认 1 份") || one.body.contains("已归档 1 份"), "{}", one.body);
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
