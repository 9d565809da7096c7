//! The JSON API (`/api/*`): agencies, users and the audit log, authenticated
//! by `Authorization: Bearer <token>` (tokens created per user in the back
//! office, stored hashed). Same permission rule as the back office. DTOs live
//! here, not in the domain crate.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use xxgk_domain::validate::check_password;
use xxgk_domain::{Action, Agency, AgencyInput, AgencyKind, AuditRecord, OfficeDetails, Role};
use xxgk_store::password::token_hash;
use xxgk_store::{Actor, NewUser, User};

use crate::AppState;
use crate::admin_audit::{AuditQuery, scoped_filter};
use crate::error::WebError;
use crate::scope::Tree;

pub fn routes(_state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(crate::api_doc::openapi))
        .route("/api/me", get(me))
        .route("/api/agencies", get(list_agencies).post(create_agency))
        .route("/api/agencies/{id}", get(get_agency).put(update_agency))
        .route("/api/users", get(list_users).post(create_user))
        .route("/api/users/{id}", get(get_user).patch(patch_user))
        .route("/api/audit", get(audit))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
}

async fn api_not_found() -> ApiError {
    ApiError(WebError::NotFound)
}

/// An API error: `{"error": "..."}` with the matching status.
pub struct ApiError(WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            WebError::LoginRequired(_) => StatusCode::UNAUTHORIZED,
            other => other.status(),
        };
        if let WebError::Internal(detail) = &self.0 {
            tracing::error!(%detail, "internal error (api)");
        }
        let msg = match &self.0 {
            WebError::LoginRequired(_) => "需要有效的 API 令牌（Authorization: Bearer …）".to_string(),
            other => other.to_string(),
        };
        let mut resp = (status, Json(json!({ "error": msg }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The account behind the bearer token.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError(WebError::LoginRequired(String::new())))?;
        let user = state
            .store
            .user_for_api_token(&token_hash(token), xxgk_store::now_ms())
            .await?
            .ok_or(ApiError(WebError::LoginRequired(String::new())))?;
        Ok(ApiUser(user))
    }
}

fn parse_body<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError(WebError::BadRequest(format!("请求体不是有效的 JSON：{e}"))))
}

#[derive(Debug, Serialize, Deserialize, Default)]
pub struct OfficeDto {
    #[serde(default)]
    pub functions: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub head: String,
}

#[derive(Debug, Serialize)]
pub struct AgencyDto {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: &'static str,
    pub office: OfficeDto,
}

impl From<Agency> for AgencyDto {
    fn from(a: Agency) -> Self {
        let o = a.office;
        AgencyDto {
            id: a.id,
            parent_id: a.parent_id,
            name: a.name,
            kind: a.kind.as_str(),
            office: OfficeDto {
                functions: o.functions,
                address: o.address,
                hours: o.hours,
                phone: o.phone,
                head: o.head,
            },
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct AgencyIn {
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub office: OfficeDto,
}

impl AgencyIn {
    fn input(self) -> Result<AgencyInput, ApiError> {
        let kind = AgencyKind::parse(&self.kind)?;
        let o = self.office;
        Ok(AgencyInput {
            parent_id: self.parent_id,
            name: self.name,
            kind,
            office: OfficeDetails {
                functions: o.functions,
                address: o.address,
                hours: o.hours,
                phone: o.phone,
                head: o.head,
            },
        })
    }
}

#[derive(Debug, Serialize)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub agency_id: i64,
    pub role: &'static str,
    pub disabled: bool,
}

impl From<User> for UserDto {
    fn from(u: User) -> Self {
        UserDto {
            id: u.id,
            role: u.role.as_str(),
            username: u.username,
            display_name: u.display_name,
            agency_id: u.agency_id,
            disabled: u.disabled,
        }
    }
}

impl From<xxgk_domain::ValidationError> for WebError {
    fn from(e: xxgk_domain::ValidationError) -> Self {
        WebError::BadRequest(format!("{}: {}", e.field, e.message))
    }
}

async fn tree(state: &AppState) -> ApiResult<Arc<Tree>> {
    Ok(state.tree().await?)
}

fn check(tree: &Tree, u: &User, action: Action, target: Option<i64>) -> ApiResult<()> {
    if tree.allows(u.role, u.agency_id, action, target) { Ok(()) } else { Err(ApiError(WebError::Forbidden)) }
}

async fn me(ApiUser(u): ApiUser) -> Json<UserDto> {
    Json(u.into())
}

async fn list_agencies(State(state): State<AppState>, ApiUser(_): ApiUser) -> ApiResult<Json<Vec<AgencyDto>>> {
    Ok(Json(state.store.list_agencies().await?.into_iter().map(Into::into).collect()))
}

async fn get_agency(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<AgencyDto>> {
    Ok(Json(state.store.get_agency(id).await?.ok_or(WebError::NotFound)?.into()))
}

async fn create_agency(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<AgencyDto>)> {
    let input = parse_body::<AgencyIn>(&body)?.input()?;
    let tree = tree(&state).await?;
    match input.parent_id {
        Some(p) if tree.get(p).is_some() => check(&tree, &u, Action::CreateChildAgency, Some(p))?,
        Some(_) => return Err(ApiError(WebError::BadRequest("parent_id: 上级机关不存在".into()))),
        None => check(&tree, &u, Action::CreateRootAgency, None)?,
    }
    let a = state.store.create_agency(&Actor::user(&u), input).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

async fn update_agency(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult<Json<AgencyDto>> {
    let tree = tree(&state).await?;
    let old = tree.get(id).ok_or(WebError::NotFound)?;
    check(&tree, &u, Action::EditAgency, Some(id))?;
    let input = parse_body::<AgencyIn>(&body)?.input()?;
    if input.parent_id != old.parent_id {
        match input.parent_id {
            Some(p) => check(&tree, &u, Action::CreateChildAgency, Some(p))?,
            None => check(&tree, &u, Action::CreateRootAgency, None)?,
        }
    }
    Ok(Json(state.store.update_agency(&Actor::user(&u), id, input).await?.into()))
}

async fn list_users(State(state): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Json<Vec<UserDto>>> {
    let tree = tree(&state).await?;
    if tree.allowed_ids(u.role, u.agency_id, Action::ViewUsers).is_empty() {
        return Err(ApiError(WebError::Forbidden));
    }
    let users = state.store.list_users().await?;
    Ok(Json(
        users
            .into_iter()
            .filter(|x| tree.allows(u.role, u.agency_id, Action::ViewUsers, Some(x.agency_id)))
            .map(Into::into)
            .collect(),
    ))
}

async fn get_user(State(state): State<AppState>, ApiUser(u): ApiUser, Path(id): Path<i64>) -> ApiResult<Json<UserDto>> {
    let tree = tree(&state).await?;
    let target = state.store.get_user(id).await?.ok_or(WebError::NotFound)?;
    check(&tree, &u, Action::ViewUsers, Some(target.agency_id))?;
    Ok(Json(target.into()))
}

#[derive(Debug, Deserialize)]
struct UserIn {
    username: String,
    #[serde(default)]
    display_name: String,
    agency_id: i64,
    role: String,
    password: String,
}

fn check_grant(tree: &Tree, u: &User, agency: i64, role: Role) -> ApiResult<()> {
    check(tree, u, Action::ManageUsers, Some(agency))?;
    if role == Role::SystemAdmin {
        check(tree, u, Action::GrantSystemAdmin, None)?;
    }
    Ok(())
}

async fn create_user(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<UserDto>)> {
    let input: UserIn = parse_body(&body)?;
    let role = Role::parse(&input.role)?;
    let tree = tree(&state).await?;
    if tree.get(input.agency_id).is_none() {
        return Err(ApiError(WebError::BadRequest("agency_id: 机关不存在".into())));
    }
    check_grant(&tree, &u, input.agency_id, role)?;
    let username = xxgk_domain::validate::check_username(&input.username)?;
    check_password(&input.password, &username)?;
    let password_hash = state.hasher.hash(input.password).await?;
    let new = NewUser { username, display_name: input.display_name, agency_id: input.agency_id, role, password_hash };
    let created = state.store.create_user(&Actor::user(&u), new).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[derive(Debug, Deserialize)]
struct UserPatch {
    role: Option<String>,
    agency_id: Option<i64>,
    disabled: Option<bool>,
}

async fn patch_user(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult<Json<UserDto>> {
    let patch: UserPatch = parse_body(&body)?;
    let tree = tree(&state).await?;
    let target = state.store.get_user(id).await?.ok_or(WebError::NotFound)?;
    check_grant(&tree, &u, target.agency_id, target.role)?;
    let actor = Actor::user(&u);
    let mut current = target.clone();
    if patch.role.is_some() || patch.agency_id.is_some() {
        let role = match &patch.role {
            Some(r) => Role::parse(r)?,
            None => target.role,
        };
        let agency = patch.agency_id.unwrap_or(target.agency_id);
        if tree.get(agency).is_none() {
            return Err(ApiError(WebError::BadRequest("agency_id: 机关不存在".into())));
        }
        check_grant(&tree, &u, agency, role)?;
        current = state.store.set_user_role(&actor, id, role, agency).await?;
    }
    if let Some(d) = patch.disabled {
        if d && id == u.id {
            return Err(ApiError(WebError::Conflict("不能停用自己的账号".into())));
        }
        if d != current.disabled {
            current = state.store.set_user_disabled(&actor, id, d).await?;
        }
    }
    Ok(Json(current.into()))
}

fn audit_dto(r: AuditRecord) -> Value {
    let parse = |s: Option<String>| s.and_then(|t| serde_json::from_str::<Value>(&t).ok());
    json!({
        "id": r.id,
        "at_ms": r.at_ms,
        "at": crate::views::fmt_time(r.at_ms),
        "actor_user_id": r.actor_user_id,
        "actor": r.actor_name,
        "agency_id": r.agency_id,
        "action": r.action,
        "target": r.target,
        "before": parse(r.before_json),
        "after": parse(r.after_json),
        "prev_hash": r.prev_hash,
        "hash": r.hash,
    })
}

async fn audit(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<Vec<Value>>> {
    let tree = tree(&state).await?;
    let filter = scoped_filter(&tree, &u, &q)?;
    Ok(Json(state.store.list_audit(&filter).await?.into_iter().map(audit_dto).collect()))
}
