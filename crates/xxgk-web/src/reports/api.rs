//! The hub's JSON API (bearer tokens, same rules as the back office): list
//! report versions, read one with its canonical JSON and findings, upload a
//! document for an agency, take a workflow step, the dashboard rows, and
//! batch imports (queue files, follow their progress, confirm or dismiss).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use xxgk_hub::workflow::Action as Step;
use xxgk_store::{Actor, ReportFilter, ReportVersion};

use super::{may_act, may_read, report_of};
use crate::AppState;
use crate::api::{ApiError, ApiUser};
use crate::error::WebError;
use crate::scope::Tree;

type ApiResult<T> = Result<T, ApiError>;

pub fn routes() -> Router<AppState> {
    let upload = post(upload).layer(DefaultBodyLimit::max(xxgk_import::MAX_INPUT_BYTES + 1024));
    Router::new()
        .route("/api/reports", get(list))
        .route("/api/reports/{id}", get(one))
        .route("/api/reports/{id}/actions/{action}", post(action))
        .route("/api/agencies/{id}/reports", upload)
        .route("/api/dashboard", get(dashboard))
        .route("/api/batches", post(batch_upload).layer(DefaultBodyLimit::max(super::multipart::MAX_BODY)))
        .route("/api/batches/{id}", get(batch_one))
        .route("/api/batches/{id}/files/{file}/confirm", post(batch_confirm))
        .route("/api/batches/{id}/files/{file}/dismiss", post(batch_dismiss))
}

/// A version's metadata as JSON.
pub fn meta(v: &ReportVersion) -> Value {
    let day = |ms: Option<i64>| ms.map(|m| super::day(Some(m)));
    json!({
        "id": v.id,
        "agency_id": v.agency_id,
        "year": v.year,
        "version": v.version,
        "state": v.state,
        "source_name": v.source_name,
        "created_on": super::day(Some(v.created_at_ms)),
        "submitted_on": day(v.submitted_at_ms),
        "approved_on": day(v.approved_at_ms),
        "published_on": day(v.published_at_ms),
        "superseded_on": day(v.superseded_at_ms),
    })
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    agency: Option<i64>,
    #[serde(default)]
    year: Option<i32>,
}

async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let tree = state.tree().await?;
    let readable: Vec<i64> = match q.agency {
        Some(id) => {
            tree.get(id).ok_or(WebError::NotFound)?;
            if !may_read(&tree, &user, id) {
                return Err(WebError::Forbidden.into());
            }
            vec![id]
        }
        None => tree.agencies.iter().map(|a| a.id).filter(|id| may_read(&tree, &user, *id)).collect(),
    };
    let filter = ReportFilter { agency_ids: Some(readable), years: q.year.map(|y| vec![y]), metadata_only: true };
    let versions = state.store.list_report_versions(&filter).await?;
    Ok(Json(json!({ "reports": versions.iter().map(meta).collect::<Vec<_>>() })))
}

async fn with_findings(state: &AppState, tree: &Tree, v: &ReportVersion) -> ApiResult<Value> {
    let report = report_of(v)?;
    let facts = super::facts_of(v, report.format);
    let findings: Vec<Value> = super::review_for(state, tree, v.agency_id, &report, facts.as_ref())
        .await?
        .iter()
        .map(xxgk_report::finding_to_value)
        .collect();
    let mut out = meta(v);
    out["report"] = xxgk_report::to_value(&report);
    out["findings"] = Value::Array(findings);
    Ok(out)
}

async fn one(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    let v = state.store.get_report_version(id).await?.ok_or(WebError::NotFound)?;
    let tree = state.tree().await?;
    if !may_read(&tree, &user, v.agency_id) {
        return Err(WebError::Forbidden.into());
    }
    Ok(Json(with_findings(&state, &tree, &v).await?))
}

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    name: String,
}

/// The request body is the document itself; `?name=` gives its file name.
async fn upload(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let tree = state.tree().await?;
    tree.get(id).ok_or(WebError::NotFound)?;
    if !may_act(&tree, &user, id, Step::Edit) {
        return Err(WebError::Forbidden.into());
    }
    let imported = super::read_upload(&state, body, &q.name)
        .await
        .map_err(|e| WebError::BadRequest(format!("无法读取文件“{}”：{e}", q.name)))?;
    let v = super::workspace::file_report(
        &state,
        &Actor::user(&user),
        id,
        &imported.report,
        &q.name,
        super::workspace::provenance_json(&imported),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(with_findings(&state, &tree, &v).await?)).into_response())
}

async fn action(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, action)): Path<(i64, String)>,
) -> ApiResult<Json<Value>> {
    let v = state.store.get_report_version(id).await?.ok_or(WebError::NotFound)?;
    let tree = state.tree().await?;
    if !may_read(&tree, &user, v.agency_id) {
        return Err(WebError::Forbidden.into());
    }
    let step = super::parse_step(&action)?;
    let after = super::take_step(&state, &user, &v, step).await?;
    Ok(Json(meta(&after)))
}

#[derive(Debug, Deserialize)]
pub struct DashQuery {
    #[serde(default)]
    year: Option<i32>,
}

/// The `/api/dashboard` body.
#[derive(Serialize)]
struct DashboardBody<'a> {
    year: i32,
    agencies: &'a [super::dashboard::DashRow],
    rollup: Value,
    trend: Vec<Value>,
}

async fn dashboard(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<DashQuery>,
) -> ApiResult<Response> {
    let year = q.year.unwrap_or_else(|| super::default_year(&state));
    let dash = super::dashboard::build(&state, &user, year).await?;
    // Serialized once per computed dashboard, straight from its rows.
    let body = match dash.api_body.get() {
        Some(body) => body.clone(),
        None => {
            let text = serde_json::to_vec(&DashboardBody {
                year,
                agencies: &dash.rows,
                rollup: json!({ "template": dash.rollup.template.as_str(), "reports": dash.rollup.reports, "skipped": dash.rollup.skipped }),
                trend: dash.trend.iter().map(|(y, a, b)| json!({"year": y, "received": a, "concluded": b})).collect(),
            })
            .map_err(|e| WebError::Internal(e.to_string()))?;
            dash.api_body.get_or_init(|| text.into()).clone()
        }
    };
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The request body is one document or a `.zip`; `?name=` gives its file
/// name. Answers 202 with the batch: its files are read in the background.
async fn batch_upload(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    if q.name.trim().is_empty() {
        return Err(WebError::BadRequest("请用 ?name= 给出文件名（.zip 会被解压）".into()).into());
    }
    let batch = super::batch::start(&state, &user, vec![(q.name.clone(), body.to_vec())]).await?;
    let tree = state.tree().await?;
    let location = format!("/api/batches/{}", batch.id);
    Ok((
        StatusCode::ACCEPTED,
        [(axum::http::header::LOCATION, location)],
        Json(super::batch::batch_json(&batch, &tree)),
    )
        .into_response())
}

async fn batch_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let batch = super::batch::visible_batch(&state, &user, id).await?;
    let tree = state.tree().await?;
    Ok(Json(super::batch::batch_json(&batch, &tree)))
}

#[derive(Debug, Deserialize)]
pub struct ConfirmBody {
    agency_id: i64,
}

async fn batch_confirm(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, file)): Path<(i64, i64)>,
    Json(body): Json<ConfirmBody>,
) -> ApiResult<Json<Value>> {
    super::batch::confirm_file(&state, &user, id, file, body.agency_id).await?;
    batch_one(State(state), ApiUser(user), Path(id)).await
}

async fn batch_dismiss(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, file)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    super::batch::dismiss_file(&state, &user, id, file).await?;
    batch_one(State(state), ApiUser(user), Path(id)).await
}
