//! The signed-in user's own pages: dashboard, password change, API tokens.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use xxgk_domain::validate::check_password;
use xxgk_store::password::{random_token, token_hash};
use xxgk_store::{Actor, ApiToken};

use crate::AppState;
use crate::auth::Staff;
use crate::error::WebError;
use crate::views::{Chrome, fmt_time, render};

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    chrome: Chrome,
    display_name: String,
    agency_name: String,
    role: &'static str,
}

pub async fn dashboard(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let agency_name = state.store.get_agency(staff.user.agency_id).await?.map(|a| a.name).unwrap_or_default();
    Ok(Html(render(&Dashboard {
        chrome,
        display_name: staff.user.display_name.clone(),
        agency_name,
        role: staff.user.role.label(),
    })?))
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    chrome: Chrome,
    error: Option<String>,
    done: bool,
}

pub async fn password_form(chrome: Chrome) -> Result<Html<String>, WebError> {
    Ok(Html(render(&PasswordPage { chrome, error: None, done: false })?))
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn password_change(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let fail = |chrome: Chrome, msg: String| -> Result<Response, WebError> {
        let body = render(&PasswordPage { chrome, error: Some(msg), done: false })?;
        Ok((StatusCode::BAD_REQUEST, Html(body)).into_response())
    };
    let hash = state.store.get_credentials(&staff.user.username).await?.map(|(_, h)| h);
    if !state.hasher.verify(f.current.clone(), hash).await? {
        return fail(chrome, "当前密码不正确".into());
    }
    if f.new != f.confirm {
        return fail(chrome, "两次输入的新密码不一致".into());
    }
    if let Err(e) = check_password(&f.new, &staff.user.username) {
        return fail(chrome, e.message);
    }
    let hash = state.hasher.hash(f.new.clone()).await?;
    state.store.set_password(&Actor::user(&staff.user), staff.user.id, hash, Some(&staff.session_hash)).await?;
    Ok(Html(render(&PasswordPage { chrome, error: None, done: true })?).into_response())
}

pub struct TokenRow {
    id: i64,
    name: String,
    created: String,
    last_used: String,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    chrome: Chrome,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    error: Option<String>,
}

fn token_rows(tokens: Vec<ApiToken>) -> Vec<TokenRow> {
    tokens
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: fmt_time(t.created_at_ms),
            last_used: t.last_used_ms.map(fmt_time).unwrap_or_else(|| "从未使用".into()),
            revoked: t.revoked,
        })
        .collect()
}

pub async fn tokens(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let tokens = token_rows(state.store.list_api_tokens(staff.user.id).await?);
    Ok(Html(render(&TokensPage { chrome, tokens, new_token: None, error: None })?))
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn token_create(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Form(f): Form<TokenForm>,
) -> Result<Response, WebError> {
    let secret = format!("xxgk_{}", random_token(32));
    let result =
        state.store.create_api_token(&Actor::user(&staff.user), staff.user.id, &f.name, &token_hash(&secret)).await;
    let (new_token, error, status) = match result {
        Ok(_) => (Some(secret), None, StatusCode::OK),
        Err(xxgk_store::StoreError::Validation(_)) => {
            (None, Some("请填写令牌用途".to_string()), StatusCode::BAD_REQUEST)
        }
        Err(e) => return Err(e.into()),
    };
    let tokens = token_rows(state.store.list_api_tokens(staff.user.id).await?);
    let body = render(&TokensPage { chrome, tokens, new_token, error })?;
    Ok((status, Html(body)).into_response())
}

pub async fn token_revoke(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Redirect, WebError> {
    if !state.store.revoke_api_token(&Actor::user(&staff.user), staff.user.id, id).await? {
        return Err(WebError::NotFound);
    }
    Ok(Redirect::to("/admin/tokens"))
}
