//! Batch import for supervisors: many files in one multipart request, or
//! one `.zip` (bounded: entry count, per-entry and total uncompressed size,
//! names that would leave the archive refused). Each file is imported and
//! matched to an agency of the uploader's subtree by the name it prints
//! (`xxgk_hub::match_agency`): sure matches are filed as drafts at once,
//! unsure ones wait for the supervisor to pick the agency. The result table
//! shows per file the agency, year, errors and warnings, or the import error.

use std::io::Read;

use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use xxgk_hub::AgencyMatch;
use xxgk_store::Actor;

use super::workspace::{file_report, files_in, provenance_json};
use super::{counts, oversight, previous_report, review};
use crate::AppState;
use crate::auth::Staff;
use crate::error::WebError;
use crate::scope::Tree;
use crate::views::{Chrome, render};

/// At most this many files per batch (after unpacking).
pub const MAX_FILES: usize = 300;
/// At most this many bytes unpacked from one archive.
pub const MAX_UNZIPPED: u64 = 200 * 1024 * 1024;

/// Unpacks a `.zip` into (name, bytes), refusing unsafe names and bombs.
pub fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("不是有效的 zip 文件：{e}"))?;
    if archive.len() > MAX_FILES {
        return Err(format!("压缩包内文件过多（{} 个，上限 {MAX_FILES}）", archive.len()));
    }
    let per_file = xxgk_import::MAX_INPUT_BYTES as u64;
    let mut total = 0u64;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| format!("压缩包损坏：{e}"))?;
        if entry.is_dir() {
            continue;
        }
        let Some(path) = entry.enclosed_name() else {
            return Err(format!("压缩包内的文件名不安全：{}", entry.name()));
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.is_empty() || name.starts_with('.') || path.starts_with("__MACOSX") {
            continue;
        }
        let mut data = Vec::new();
        (&mut entry).take(per_file + 1).read_to_end(&mut data).map_err(|e| format!("{name}：无法解压：{e}"))?;
        if data.len() as u64 > per_file {
            return Err(format!("{name}：解压后超过 {per_file} 字节"));
        }
        total += data.len() as u64;
        if total > MAX_UNZIPPED {
            return Err(format!("压缩包解压后超过 {MAX_UNZIPPED} 字节"));
        }
        out.push((name, data));
    }
    Ok(out)
}

/// A candidate agency in the confirmation form.
pub struct Candidate {
    pub id: i64,
    pub name: String,
}

/// One file of the batch.
pub struct ResultRow {
    pub file: String,
    pub printed: String,
    pub year: String,
    /// Filed: the agency and the workspace link.
    pub filed: Option<(i64, String, String)>,
    pub errors: usize,
    pub warnings: usize,
    /// Why the file was not read or not filed.
    pub problem: Option<String>,
    /// Waiting for the supervisor to pick the agency.
    pub confirm: Option<Confirm>,
}

/// The data carried by a confirmation form.
pub struct Confirm {
    pub candidates: Vec<Candidate>,
    pub report_json: String,
    pub provenance: String,
}

#[derive(Template)]
#[template(path = "reports_batch.html")]
struct BatchPage {
    chrome: Chrome,
    rows: Vec<ResultRow>,
    filed: usize,
    waiting: usize,
}

pub async fn form(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let tree = Tree::new(state.store.list_agencies().await?);
    oversight(&tree, &staff.user)?;
    Ok(Html(render(&BatchPage { chrome, rows: Vec::new(), filed: 0, waiting: 0 })?))
}

pub async fn upload(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Html<String>, WebError> {
    let tree = Tree::new(state.store.list_agencies().await?);
    let scope = oversight(&tree, &staff.user)?;
    let mut files: Vec<(String, Result<Vec<u8>, String>)> = Vec::new();
    for part in files_in(&headers, &body)? {
        let name = part.filename.clone().unwrap_or_default();
        if name.to_ascii_lowercase().ends_with(".zip") {
            match unzip(&part.data) {
                Ok(entries) => files.extend(entries.into_iter().map(|(n, d)| (format!("{name}/{n}"), Ok(d)))),
                Err(e) => files.push((name, Err(e))),
            }
        } else {
            files.push((name, Ok(part.data)));
        }
    }
    if files.is_empty() {
        return Err(WebError::BadRequest("请选择要导入的文件".into()));
    }
    if files.len() > MAX_FILES {
        return Err(WebError::BadRequest(format!("一次最多导入 {MAX_FILES} 个文件")));
    }
    let names: Vec<(i64, String)> = scope.iter().map(|id| (*id, tree.name(*id))).collect();
    let actor = Actor::user(&staff.user);
    let mut rows = Vec::new();
    for (file, data) in files {
        let mut row = ResultRow {
            file: file.clone(),
            printed: String::new(),
            year: String::new(),
            filed: None,
            errors: 0,
            warnings: 0,
            problem: None,
            confirm: None,
        };
        let imported = match data.and_then(|d| super::read_upload(&d, &file).map_err(|e| e.to_string())) {
            Ok(i) => i,
            Err(e) => {
                row.problem = Some(format!("无法读取：{e}"));
                rows.push(row);
                continue;
            }
        };
        let report = &imported.report;
        row.printed = report.agency.clone().unwrap_or_default();
        row.year = report.year.to_string();
        let provenance = provenance_json(&imported);
        match xxgk_hub::match_agency(report.agency.as_deref(), &names) {
            AgencyMatch::Sure(id) => match file_report(&state, &actor, id, report, &file, provenance).await {
                Ok(v) => {
                    let kind = tree.get(id).map(|a| a.kind).unwrap_or(xxgk_domain::AgencyKind::Other);
                    let previous = previous_report(&state, id, report.year).await?;
                    (row.errors, row.warnings) =
                        counts(&review(report, previous.as_ref(), kind, Some(&imported.facts)));
                    row.filed = Some((id, tree.name(id), format!("/admin/reports/{id}/{}?v={}", v.year, v.id)));
                }
                Err(e) => row.problem = Some(format!("未能归档到 {}：{e}", tree.name(id))),
            },
            other => {
                let ids = match other {
                    AgencyMatch::Unsure(ids) => ids,
                    _ => scope.clone(),
                };
                (row.errors, row.warnings) =
                    counts(&review(report, None, xxgk_domain::AgencyKind::Department, Some(&imported.facts)));
                row.confirm = Some(Confirm {
                    candidates: ids.into_iter().map(|id| Candidate { id, name: tree.name(id) }).collect(),
                    report_json: xxgk_report::to_json_pretty(report),
                    provenance,
                });
            }
        }
        rows.push(row);
    }
    let filed = rows.iter().filter(|r| r.filed.is_some()).count();
    let waiting = rows.iter().filter(|r| r.confirm.is_some()).count();
    Ok(Html(render(&BatchPage { chrome, rows, filed, waiting })?))
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    agency_id: i64,
    file: String,
    report_json: String,
    #[serde(default)]
    provenance: String,
}

/// Files an unsure match under the agency the supervisor picked.
pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    let tree = Tree::new(state.store.list_agencies().await?);
    let scope = oversight(&tree, &staff.user)?;
    if !scope.contains(&form.agency_id) {
        return Err(WebError::Forbidden);
    }
    let report =
        xxgk_report::from_json(&form.report_json).map_err(|e| WebError::BadRequest(format!("报告数据无效：{e}")))?;
    // Carried through the confirmation form; anything but JSON is dropped.
    let provenance = serde_json::from_str::<serde_json::Value>(&form.provenance)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| "[]".into());
    let v = file_report(&state, &Actor::user(&staff.user), form.agency_id, &report, &form.file, provenance).await?;
    Ok(Redirect::to(&format!("/admin/reports/{}/{}?v={}", form.agency_id, v.year, v.id)).into_response())
}
