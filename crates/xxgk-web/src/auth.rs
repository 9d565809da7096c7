//! Sign-in, sessions and CSRF.
//!
//! * Sessions: a random 256-bit token in the `xxgk_session` cookie (HttpOnly,
//!   SameSite=Lax, Secure when configured or behind `X-Forwarded-Proto: https`);
//!   the database keeps only its sha256, so sessions are revocable (logout,
//!   password change, account disabled, admin "sign out everywhere").
//! * CSRF, authenticated forms: a synchronizer token stored with the session
//!   and sent as the hidden `csrf` field of every form; [`staff_layer`] checks
//!   it on every non-GET request under `/admin` before any handler runs.
//! * CSRF, the sign-in form (no session yet): double-submit — a random
//!   `xxgk_login_csrf` cookie must equal the form's `csrf` field.
//! * Throttling: after `login_max_failures` failed sign-ins for one
//!   (username, IP), or `login_account_max_failures` for one username from
//!   any address, within `login_window_ms`, further tries are refused (429,
//!   saying when to try again) without checking the password. Each try is
//!   counted before its password is checked, so bursts cannot race it.

use std::net::SocketAddr;

use axum::Form;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use xxgk_store::password::{random_token, token_hash};
use xxgk_store::{LoginGate, User};

use crate::AppState;
use crate::error::WebError;
use crate::views::{Chrome, LoginPage, render};

pub const SESSION_COOKIE: &str = "xxgk_session";
pub const LOGIN_CSRF_COOKIE: &str = "xxgk_login_csrf";

/// The signed-in staff member of a back-office request.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub csrf: String,
    /// sha256 of the session token (to keep this session on password change).
    pub session_hash: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Staff>().cloned().ok_or_else(|| WebError::LoginRequired("/admin".into()))
    }
}

/// Value of a cookie in the request, if present.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Whether cookies should carry `Secure`.
pub fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value; `max_age: Some(0)` deletes.
pub fn set_cookie(name: &str, value: &str, path: &str, secure: bool, max_age: Option<i64>) -> String {
    let mut c = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

/// Compares two secrets without an early exit.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client IP used for throttling: the TCP peer.
fn client_ip(req_ext: &axum::http::Extensions) -> String {
    req_ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// Middleware for `/admin/*`: loads the session (or redirects to sign-in) and
/// checks the CSRF token of every state-changing request.
pub async fn staff_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let now = xxgk_store::now_ms();
    let token = cookie(req.headers(), SESSION_COOKIE);
    let session = match token {
        Some(t) => match state.store.get_session(&token_hash(&t), now).await {
            Ok(s) => s.map(|s| (s, token_hash(&t))),
            Err(e) => return WebError::from(e).into_response(),
        },
        None => None,
    };
    let Some((session, session_hash)) = session else {
        let next_path = if req.method() == Method::GET {
            let uri = req
                .extensions()
                .get::<axum::extract::OriginalUri>()
                .map(|o| o.0.clone())
                .unwrap_or_else(|| req.uri().clone());
            uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default()
        } else {
            "/admin".to_string()
        };
        return WebError::LoginRequired(next_path).into_response();
    };
    let staff = Staff { user: session.user, csrf: session.csrf_token, session_hash };
    let mut req = req;
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let (parts, body) = req.into_parts();
        // File uploads (multipart) carry the token as a form part.
        let boundary = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::reports::multipart::boundary);
        let limit = if boundary.is_some() { crate::reports::multipart::MAX_BODY } else { 1 << 20 };
        let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
            return WebError::BadRequest("请求内容过大".into()).into_response();
        };
        let sent = match &boundary {
            Some(b) => crate::reports::multipart::parse(&bytes, b)
                .ok()
                .and_then(|parts| parts.into_iter().find(|p| p.name == "csrf" && p.filename.is_none()))
                .map(|p| String::from_utf8_lossy(&p.data).into_owned()),
            None => {
                let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
                fields.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v)
            }
        };
        if !sent.as_deref().is_some_and(|t| same_secret(t, &staff.csrf)) {
            return WebError::Csrf.into_response();
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }
    req.extensions_mut().insert(staff);
    next.run(req).await
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Where a sign-in returns to: a same-site path, else the back office.
pub fn safe_next(next: &str) -> String {
    crate::redirect::same_site_path(next, "/admin")
}

fn login_page(
    chrome: Chrome,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
) -> Result<String, WebError> {
    render(&LoginPage { chrome, csrf, next, username, error })
}

pub async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    chrome: Chrome,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let csrf = cookie(&headers, LOGIN_CSRF_COOKIE).filter(|c| c.len() >= 32).unwrap_or_else(|| random_token(32));
    let body = login_page(chrome, csrf.clone(), safe_next(&q.next), String::new(), None)?;
    let c = set_cookie(LOGIN_CSRF_COOKIE, &csrf, "/admin/login", secure(&state, &headers), None);
    Ok(([(header::SET_COOKIE, c)], Html(body)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    chrome: Chrome,
    req_parts: LoginExt,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let cookie_csrf = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if cookie_csrf.is_empty() || !same_secret(&cookie_csrf, &form.csrf) {
        return Err(WebError::Csrf);
    }
    let next = safe_next(&form.next);
    let username = form.username.trim().to_ascii_lowercase();
    let again = |status: StatusCode, msg: &str| -> Result<Response, WebError> {
        let body =
            login_page(chrome.clone(), form.csrf.clone(), next.clone(), username.clone(), Some(msg.to_string()))?;
        Ok((status, Html(body)).into_response())
    };
    if username.is_empty() || form.password.is_empty() {
        return again(StatusCode::BAD_REQUEST, "请输入用户名和密码");
    }
    let now = xxgk_store::now_ms();
    let ip = req_parts.ip;
    // Counted as a failure before the password is checked (atomically in
    // the store), so parallel tries cannot check more than the limits.
    let limits = state.config.login_limits();
    if let LoginGate::Locked { until_ms } = state.store.open_login_attempt(&username, &ip, now, &limits).await? {
        tracing::warn!(%ip, "sign-in throttled");
        return again(StatusCode::TOO_MANY_REQUESTS, &WebError::TooManyAttempts { until_ms, now_ms: now }.to_string());
    }
    let creds = state.store.get_credentials(&username).await?;
    let (user, hash) = match creds {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    let ok = state.hasher.verify(form.password.clone(), hash).await?;
    let user = match user {
        Some(u) if ok && !u.disabled => u,
        _ => return again(StatusCode::UNAUTHORIZED, "用户名或密码错误，或账号已停用"),
    };
    state.store.clear_login_failures(&username, &ip).await?;
    let token = random_token(32);
    let csrf = random_token(32);
    state.store.create_session(user.id, &token_hash(&token), &csrf, now, now + state.config.session_ttl_ms).await?;
    let sec = secure(&state, &headers);
    let mut resp = Redirect::to(&next).into_response();
    let h = resp.headers_mut();
    if let Ok(v) = set_cookie(SESSION_COOKIE, &token, "/", sec, None).parse() {
        h.append(header::SET_COOKIE, v);
    }
    if let Ok(v) = set_cookie(LOGIN_CSRF_COOKIE, "", "/admin/login", sec, Some(0)).parse() {
        h.append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// The client IP of a sign-in request.
pub struct LoginExt {
    ip: String,
}

impl<S: Send + Sync> FromRequestParts<S> for LoginExt {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(LoginExt { ip: client_ip(&parts.extensions) })
    }
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap, staff: Staff) -> Result<Response, WebError> {
    state.store.revoke_session(&staff.session_hash, xxgk_store::now_ms()).await?;
    let c = set_cookie(SESSION_COOKIE, "", "/", secure(&state, &headers), Some(0));
    Ok(([(header::SET_COOKIE, c)], Redirect::to("/admin/login")).into_response())
}
