//! Batch import for supervisors: many files in one multipart request, or
//! one `.zip` (bounded: entry count, per-entry and total uncompressed size,
//! names that would leave the archive refused). The upload only records the
//! batch and queues its files (`xxgk_store::BatchStore`); a background
//! [`Worker`] reads them one at a time, matches each to an agency of the
//! uploader's subtree by the name it prints (`xxgk_hub::match_agency`), and
//! files sure matches as drafts. Unsure ones wait, stored with the report
//! read, for the supervisor to pick the agency. The progress page shows how
//! far the batch is and follows the queue until every file has been read
//! (`static/batch.js`, or a meta refresh without JavaScript).

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use xxgk_domain::Role;
use xxgk_hub::AgencyMatch;
use xxgk_store::{
    Actor, Batch, BatchFile, BatchFileState, BatchHold, BatchLease, BatchOutcome, ClaimedBatchFile, NewBatchFile,
    NewReportVersion, User,
};

use super::workspace::{files_in, new_version, provenance_json};
use super::{counts, oversight, review, review_for};
use crate::AppState;
use crate::auth::Staff;
use crate::error::WebError;
use crate::scope::Tree;
use crate::views::{Chrome, render};

/// At most this many files per batch (after unpacking).
pub const MAX_FILES: usize = 300;
/// At most this many bytes in one batch, archives counted unpacked (the
/// queue keeps them gzip-compressed until each file has been read).
pub const MAX_BATCH_BYTES: u64 = 200 * 1024 * 1024;
/// At most this many bytes per file (what the importers accept).
pub const MAX_FILE_BYTES: u64 = xxgk_import::MAX_INPUT_BYTES as u64;

/// Bytes as whole MiB, for messages.
fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}
/// The worker looks at the queue at least this often, even unwoken.
const IDLE_POLL: Duration = Duration::from_secs(30);

/// Unpacks a `.zip` into (name, bytes), refusing unsafe names and bombs.
pub fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("不是有效的 zip 文件：{e}"))?;
    if archive.len() > MAX_FILES {
        return Err(format!("压缩包内文件过多（{} 个，上限 {MAX_FILES}）", archive.len()));
    }
    let per_file = MAX_FILE_BYTES;
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
            return Err(format!("{name}：解压后超过单个文件上限 {} MiB", mib(per_file)));
        }
        total += data.len() as u64;
        if total > MAX_BATCH_BYTES {
            return Err(format!("压缩包解压后超过每批上限 {} MiB", mib(MAX_BATCH_BYTES)));
        }
        out.push((name, data));
    }
    Ok(out)
}

/// The files of an upload: plain files as they are, archives unpacked (an
/// archive that cannot be unpacked, or a file over the per-file limit, is
/// one failed entry). A batch over [`MAX_BATCH_BYTES`] in all is refused.
fn unpack(uploaded: Vec<(String, Vec<u8>)>) -> Result<Vec<NewBatchFile>, WebError> {
    let mut files = Vec::new();
    for (name, data) in uploaded {
        if name.to_ascii_lowercase().ends_with(".zip") {
            match unzip(&data) {
                Ok(entries) => files.extend(
                    entries.into_iter().map(|(n, d)| NewBatchFile { name: format!("{name}/{n}"), content: Ok(d) }),
                ),
                Err(e) => files.push(NewBatchFile { name, content: Err(e) }),
            }
        } else if data.len() as u64 > MAX_FILE_BYTES {
            let problem =
                format!("文件有 {} MiB，超过单个文件上限 {} MiB，未导入", mib(data.len() as u64), mib(MAX_FILE_BYTES));
            files.push(NewBatchFile { name, content: Err(problem) });
        } else {
            files.push(NewBatchFile { name, content: Ok(data) });
        }
    }
    let total: u64 = files.iter().filter_map(|f| f.content.as_ref().ok()).map(|d| d.len() as u64).sum();
    if total > MAX_BATCH_BYTES {
        return Err(WebError::BadRequest(format!(
            "本批文件共 {} MiB（压缩包按解压后计），超过每批上限 {} MiB，请分批上传",
            mib(total),
            mib(MAX_BATCH_BYTES)
        )));
    }
    if files.is_empty() {
        return Err(WebError::BadRequest("请选择要导入的文件".into()));
    }
    if files.len() > MAX_FILES {
        return Err(WebError::BadRequest(format!("一次最多导入 {MAX_FILES} 个文件")));
    }
    Ok(files)
}

/// Records a batch of uploaded files for `user`, who must oversee a subtree
/// (checked before anything is unpacked), and wakes the worker.
pub async fn start(state: &AppState, user: &User, uploaded: Vec<(String, Vec<u8>)>) -> Result<Batch, WebError> {
    let tree = state.tree().await?;
    oversight(&tree, user)?;
    let files = unpack(uploaded)?;
    let batch =
        state.store.create_batch(&Actor::user(user), user.id, user.agency_id, files, state.clock.now_ms()).await?;
    state.batch_worker.wake(state);
    Ok(batch)
}

/// Reads the queue in the background, one file at a time. Started by the
/// first upload, or when the server starts (`AppState::start_background_work`).
/// Any number of instances may share one queue: each claims a file under a
/// lease in its own name and renews it while reading; a file whose holder
/// died is taken over when the lease runs out, and failed after
/// `batch_max_attempts` claims.
pub struct Worker {
    started: AtomicBool,
    signal: tokio::sync::Notify,
    /// This instance's name on the leases it holds.
    owner: String,
}

impl Default for Worker {
    fn default() -> Self {
        let owner = format!("{}-{}", std::process::id(), xxgk_store::password::random_token(8));
        Self { started: AtomicBool::new(false), signal: tokio::sync::Notify::new(), owner }
    }
}

impl Worker {
    /// Makes sure the worker runs and tells it there is work.
    pub fn wake(&self, state: &AppState) {
        if !self.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(run(state.clone()));
        }
        self.signal.notify_one();
    }

    /// The lease this instance claims files under.
    fn lease(&self, config: &crate::WebConfig) -> BatchLease {
        BatchLease {
            owner: self.owner.clone(),
            lease_ms: config.batch_lease_ms,
            max_attempts: config.batch_max_attempts,
        }
    }

    /// A graceful stop: the files this instance holds go back to the queue
    /// (never another instance's).
    pub async fn release(&self, state: &AppState) {
        match state.store.release_batch_claims(&self.owner).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(files = n, "batch queue: returned this instance's files to the queue"),
            Err(e) => tracing::error!(error = %e, "batch queue: cannot return this instance's files"),
        }
    }
}

/// What reading a file decided: file it (one transaction with its outcome),
/// or just record the outcome.
enum Settlement {
    File { actor: Actor, report: NewReportVersion, agency: String, outcome: BatchOutcome },
    Record(BatchFileState, BatchOutcome),
}

async fn run(state: AppState) {
    let lease = state.batch_worker.lease(&state.config);
    // Unwoken, the queue is looked at again before a dead holder's lease
    // could have run out twice.
    let idle = IDLE_POLL.min(Duration::from_millis(lease.lease_ms.max(1) as u64));
    loop {
        match state.store.claim_batch_file(&lease, xxgk_store::now_ms()).await {
            Ok(Some(claimed)) => {
                let file = claimed.file.clone();
                // Its own task, so that a bug that panics fails this file
                // instead of stopping the queue.
                let task = tokio::spawn({
                    let state = state.clone();
                    async move { read_and_file(&state, claimed).await }
                });
                let renewing = tokio::spawn(renew_while_reading(state.clone(), lease.clone(), file.id));
                let failed = |problem: String| {
                    Settlement::Record(BatchFileState::Failed, BatchOutcome { problem, ..Default::default() })
                };
                let settlement = match task.await {
                    Ok(Ok(done)) => done,
                    Ok(Err(e)) => failed(e.to_string()),
                    Err(e) => {
                        tracing::error!(file = file.id, error = %e, "batch queue: reading a file panicked");
                        failed("读取时发生内部错误，未导入".into())
                    }
                };
                renewing.abort();
                settle(&state, BatchHold::claimed(file.id, &lease.owner), settlement).await;
            }
            Ok(None) => {
                let _ = tokio::time::timeout(idle, state.batch_worker.signal.notified()).await;
            }
            Err(e) => {
                tracing::error!(error = %e, "batch queue: cannot claim a file");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Keeps the lease on a file alive while it is read (three renewals per
/// lease period); stops when the claim is no longer ours.
async fn renew_while_reading(state: AppState, lease: BatchLease, file_id: i64) {
    let every = Duration::from_millis((lease.lease_ms / 3).max(1) as u64);
    loop {
        tokio::time::sleep(every).await;
        match state.store.renew_batch_lease(file_id, &lease, xxgk_store::now_ms()).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(file = file_id, "batch queue: lost the lease on a file being read");
                return;
            }
            Err(e) => tracing::error!(file = file_id, error = %e, "batch queue: cannot renew a lease"),
        }
    }
}

/// Records what reading a file decided, guarded by the claim: filing and
/// the file's outcome commit together, so a retry cannot file twice.
async fn settle(state: &AppState, held: BatchHold<'_>, settlement: Settlement) {
    let now = state.clock.now_ms();
    let result = match settlement {
        Settlement::File { actor, report, agency, outcome } => {
            match state.store.file_batch_file(held, &actor, report, &outcome, now).await {
                Ok(f) => Ok(f),
                Err(e) => {
                    let outcome = BatchOutcome { problem: format!("未能归档到 {agency}：{e}"), ..outcome };
                    state.store.settle_batch_file(held, BatchFileState::Failed, &outcome, now).await
                }
            }
        }
        Settlement::Record(to, outcome) => state.store.settle_batch_file(held, to, &outcome, now).await,
    };
    if let Err(e) = result {
        tracing::error!(file = held.id, error = %e, "batch queue: cannot record a file's outcome");
    }
}

/// Reads one queued file and decides whether to file it (its agency is
/// certain) or to let the supervisor pick.
async fn read_and_file(state: &AppState, claimed: ClaimedBatchFile) -> Result<Settlement, WebError> {
    let ClaimedBatchFile { file, content: bytes, uploader_id, .. } = claimed;
    let user = state.store.get_user(uploader_id).await?.filter(|u| !u.disabled);
    let Some(user) = user else {
        return Err(WebError::BadRequest("上传人的账户已停用，未导入".into()));
    };
    let tree = state.tree().await?;
    let scope = oversight(&tree, &user).map_err(|_| WebError::BadRequest("上传人已无批量导入权限，未导入".into()))?;
    let name = file.name.clone();
    let imported =
        super::read_upload(state, bytes, &name).await.map_err(|e| WebError::BadRequest(format!("无法读取：{e}")))?;
    let report = &imported.report;
    let mut outcome = BatchOutcome {
        printed_agency: report.agency.clone().unwrap_or_default(),
        year: Some(report.year),
        ..Default::default()
    };
    let provenance = provenance_json(&imported);
    let names: Vec<(i64, String)> = scope.iter().map(|id| (*id, tree.name(*id))).collect();
    match xxgk_hub::match_agency(report.agency.as_deref(), &names) {
        AgencyMatch::Sure(id) => {
            let (errors, warnings) = counts(&review_for(state, &tree, id, report, Some(&imported.facts)).await?);
            outcome.errors = errors as i64;
            outcome.warnings = warnings as i64;
            Ok(Settlement::File {
                actor: Actor::user(&user),
                report: new_version(id, report, &file.name, provenance),
                agency: tree.name(id),
                outcome,
            })
        }
        other => {
            outcome.candidates = match other {
                AgencyMatch::Unsure(ids) => ids,
                _ => scope,
            };
            let findings = review(report, None, xxgk_domain::AgencyKind::Department, Some(&imported.facts));
            let (errors, warnings) = counts(&findings);
            outcome.errors = errors as i64;
            outcome.warnings = warnings as i64;
            outcome.report_json = xxgk_report::to_json_pretty(report);
            outcome.provenance_json = provenance;
            Ok(Settlement::Record(BatchFileState::Confirm, outcome))
        }
    }
}

/// A batch `user` may see and act on: their own, or (system admin) any.
/// Batches are the uploader's work in progress; what they file is visible
/// to everyone who may read the agency's reports.
pub async fn visible_batch(state: &AppState, user: &User, id: i64) -> Result<Batch, WebError> {
    let batch = state.store.get_batch(id).await?.ok_or(WebError::NotFound)?;
    if batch.user_id != user.id && user.role != Role::SystemAdmin {
        return Err(WebError::Forbidden);
    }
    Ok(batch)
}

/// Files a file waiting for confirmation under `agency_id` (which must be
/// in `user`'s oversight), as `user`.
pub async fn confirm_file(
    state: &AppState,
    user: &User,
    batch_id: i64,
    file_id: i64,
    agency_id: i64,
) -> Result<BatchFile, WebError> {
    let batch = visible_batch(state, user, batch_id).await?;
    let file = batch.files.into_iter().find(|f| f.id == file_id).ok_or(WebError::NotFound)?;
    let tree = state.tree().await?;
    if !oversight(&tree, user)?.contains(&agency_id) {
        return Err(WebError::Forbidden);
    }
    if file.state != BatchFileState::Confirm {
        return Err(WebError::Conflict("该文件已处理，请刷新页面".into()));
    }
    let report = xxgk_report::from_json(&file.outcome.report_json)
        .map_err(|e| WebError::Internal(format!("batch file #{file_id} keeps an invalid report: {e}")))?;
    let facts = super::facts_in(&file.outcome.provenance_json, report.format);
    let (errors, warnings) = counts(&review_for(state, &tree, agency_id, &report, facts.as_ref()).await?);
    let outcome = BatchOutcome {
        errors: errors as i64,
        warnings: warnings as i64,
        problem: String::new(),
        candidates: Vec::new(),
        report_json: String::new(),
        provenance_json: String::new(),
        ..file.outcome.clone()
    };
    // Filing and leaving `confirm` are one step, so two confirmations
    // cannot both file it.
    let held = BatchHold::in_state(file.id, BatchFileState::Confirm);
    let new = new_version(agency_id, &report, &file.name, file.outcome.provenance_json.clone());
    let now = state.clock.now_ms();
    match state.store.file_batch_file(held, &Actor::user(user), new, &outcome, now).await {
        Ok(filed) => Ok(filed),
        // Still waiting, with the reason (if it is no longer waiting, this
        // says so).
        Err(e) => {
            let waiting =
                BatchOutcome { problem: format!("未能归档到 {}：{e}", tree.name(agency_id)), ..file.outcome };
            Ok(state.store.settle_batch_file(held, BatchFileState::Confirm, &waiting, now).await?)
        }
    }
}

/// Leaves a file waiting for confirmation unfiled.
pub async fn dismiss_file(state: &AppState, user: &User, batch_id: i64, file_id: i64) -> Result<BatchFile, WebError> {
    let batch = visible_batch(state, user, batch_id).await?;
    let file = batch.files.into_iter().find(|f| f.id == file_id).ok_or(WebError::NotFound)?;
    let outcome = BatchOutcome { report_json: String::new(), provenance_json: String::new(), ..file.outcome };
    let held = BatchHold::in_state(file.id, BatchFileState::Confirm);
    Ok(state.store.settle_batch_file(held, BatchFileState::Dismissed, &outcome, state.clock.now_ms()).await?)
}

/// How far a batch is, as JSON.
fn progress_value(batch: &Batch) -> Value {
    json!({
        "id": batch.id,
        "created_on": super::day(Some(batch.created_at_ms)),
        "finished": batch.finished_at_ms.is_some(),
        "total": batch.files.len(),
        "done": batch.done(),
        "filed": batch.count(BatchFileState::Filed),
        "waiting": batch.count(BatchFileState::Confirm),
        "failed": batch.count(BatchFileState::Failed),
    })
}

/// The JSON of a batch for the API: its progress and every file.
pub fn batch_json(batch: &Batch, tree: &Tree) -> Value {
    let files: Vec<Value> = batch
        .files
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            v["candidates"] = f.outcome.candidates.iter().map(|id| json!({"id": id, "name": tree.name(*id)})).collect();
            v
        })
        .collect();
    let mut value = progress_value(batch);
    value["files"] = Value::Array(files);
    value
}

/// A candidate agency in the confirmation form.
pub struct Candidate {
    pub id: i64,
    pub name: String,
}

/// One file on the progress page.
pub struct FileRow {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub printed: String,
    pub year: String,
    /// Filed: the agency and the workspace link.
    pub filed: Option<(String, String)>,
    pub errors: i64,
    pub warnings: i64,
    pub problem: String,
    /// Waiting for the supervisor to pick the agency.
    pub candidates: Option<Vec<Candidate>>,
}

fn state_label(s: BatchFileState) -> &'static str {
    match s {
        BatchFileState::Queued => "排队中",
        BatchFileState::Working => "读取中",
        BatchFileState::Filed => "已归档",
        BatchFileState::Confirm => "待确认机关",
        BatchFileState::Failed => "未导入",
        BatchFileState::Dismissed => "已放弃",
    }
}

fn file_row(f: &BatchFile, tree: &Tree) -> FileRow {
    let o = &f.outcome;
    FileRow {
        id: f.id,
        position: f.position,
        name: f.name.clone(),
        state: f.state.as_str(),
        state_label: state_label(f.state),
        printed: o.printed_agency.clone(),
        year: o.year.map(|y| y.to_string()).unwrap_or_default(),
        filed: match (o.agency_id, o.version_id, o.year) {
            (Some(a), Some(v), Some(y)) => Some((tree.name(a), format!("/admin/reports/{a}/{y}?v={v}"))),
            _ => None,
        },
        errors: o.errors,
        warnings: o.warnings,
        problem: o.problem.clone(),
        candidates: (f.state == BatchFileState::Confirm)
            .then(|| o.candidates.iter().map(|id| Candidate { id: *id, name: tree.name(*id) }).collect()),
    }
}

/// A batch in the list of recent ones.
pub struct BatchSummary {
    pub id: i64,
    pub created: String,
    pub total: usize,
    pub done: usize,
    pub filed: usize,
    pub waiting: usize,
    pub failed: usize,
}

fn summary(b: &Batch) -> BatchSummary {
    BatchSummary {
        id: b.id,
        created: crate::views::fmt_time(b.created_at_ms),
        total: b.files.len(),
        done: b.done(),
        filed: b.count(BatchFileState::Filed),
        waiting: b.count(BatchFileState::Confirm),
        failed: b.count(BatchFileState::Failed),
    }
}

#[derive(Template)]
#[template(path = "reports_batch.html")]
struct BatchForm {
    chrome: Chrome,
    recent: Vec<BatchSummary>,
}

#[derive(Template)]
#[template(path = "reports_batch_progress.html")]
struct ProgressPage {
    chrome: Chrome,
    batch: BatchSummary,
    finished: bool,
    rows: Vec<FileRow>,
}

pub async fn form(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    oversight(&tree, &staff.user)?;
    let recent = state.store.list_batches(staff.user.id, 20).await?.iter().map(summary).collect();
    Ok(Html(render(&BatchForm { chrome, recent })?))
}

pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let uploaded = files_in(&headers, &body)?.into_iter().map(|p| (p.filename.unwrap_or_default(), p.data)).collect();
    let batch = start(&state, &staff.user, uploaded).await?;
    Ok(Redirect::to(&format!("/admin/hub/batch/{}", batch.id)).into_response())
}

pub async fn progress(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let batch = visible_batch(&state, &staff.user, id).await?;
    let tree = state.tree().await?;
    let rows = batch.files.iter().map(|f| file_row(f, &tree)).collect();
    Ok(Html(render(&ProgressPage { chrome, batch: summary(&batch), finished: batch.finished_at_ms.is_some(), rows })?))
}

/// The progress page's counts, polled by `static/batch.js`.
pub async fn progress_json(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<axum::Json<Value>, WebError> {
    let batch = visible_batch(&state, &staff.user, id).await?;
    Ok(axum::Json(progress_value(&batch)))
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    agency_id: i64,
}

/// Files an unsure match under the agency the supervisor picked.
pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    Path((batch_id, file_id)): Path<(i64, i64)>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    confirm_file(&state, &staff.user, batch_id, file_id, form.agency_id).await?;
    Ok(Redirect::to(&format!("/admin/hub/batch/{batch_id}")).into_response())
}

/// Leaves an unsure file unfiled.
pub async fn dismiss(
    State(state): State<AppState>,
    staff: Staff,
    Path((batch_id, file_id)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    dismiss_file(&state, &staff.user, batch_id, file_id).await?;
    Ok(Redirect::to(&format!("/admin/hub/batch/{batch_id}")).into_response())
}
