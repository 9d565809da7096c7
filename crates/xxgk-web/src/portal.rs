//! The public portal: agency directory with the disclosure-office details
//! (条例 第二十条（二）), agency detail page, health check, style sheets, the
//! large-font preference, and the 404 page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{secure, set_cookie};
use crate::error::WebError;
use crate::views::{Chrome, render};

const STYLE: &str = include_str!("../static/style.css");
const RECHECK: &str = include_str!("../static/recheck.js");
const BATCH: &str = include_str!("../static/batch.js");

/// One agency as shown in the directory.
pub struct AgencyRow {
    pub id: i64,
    pub depth: usize,
    pub name: String,
    pub kind: &'static str,
    pub address: String,
    pub hours: String,
    pub phone: String,
}

#[derive(Template)]
#[template(path = "directory.html")]
struct DirectoryPage {
    chrome: Chrome,
    rows: Vec<AgencyRow>,
}

pub async fn home(state: State<AppState>, chrome: Chrome) -> Result<Html<String>, WebError> {
    directory(state, chrome).await
}

pub async fn directory(State(state): State<AppState>, chrome: Chrome) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let rows = tree
        .ordered()
        .into_iter()
        .map(|(depth, a)| AgencyRow {
            id: a.id,
            depth: depth.min(6),
            name: a.name.clone(),
            kind: a.kind.label(),
            address: a.office.address.clone(),
            hours: a.office.hours.clone(),
            phone: a.office.phone.clone(),
        })
        .collect();
    Ok(Html(render(&DirectoryPage { chrome, rows })?))
}

#[derive(Template)]
#[template(path = "agency.html")]
struct AgencyPage {
    chrome: Chrome,
    agency: xxgk_domain::Agency,
    kind: &'static str,
    deadline: String,
    parent: Option<(i64, String)>,
    children: Vec<(i64, String)>,
    report_year: i32,
}

pub async fn agency(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let agency = tree.get(id).cloned().ok_or(WebError::NotFound)?;
    let parent = agency.parent_id.map(|p| (p, tree.name(p)));
    let children = tree.children(id).into_iter().map(|a| (a.id, a.name.clone())).collect();
    let kind = agency.kind.label();
    let (m, d) = agency.kind.default_report_deadline();
    let deadline = format!("每年 {m} 月 {d} 日前公布上一年度政府信息公开工作年度报告");
    let report_year = state.clock.today().year() - 1;
    Ok(Html(render(&AgencyPage { chrome, agency, kind, deadline, parent, children, report_year })?))
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.get_agency(0).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLE)
        .into_response()
}

/// The official style sheet of an annual report (xxgk-render), for the
/// portal's report page: the report keeps its printed look under the site's
/// CSP, which allows no inline styles.
pub async fn report_style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        xxgk_render::official_css(),
    )
        .into_response()
}

fn script(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], body)
        .into_response()
}

/// The workspace's live re-check (progressive enhancement: the form works
/// without it).
pub async fn recheck_script() -> Response {
    script(RECHECK)
}

/// The batch progress page's updates in place (progressive enhancement: a
/// meta refresh does the same without it).
pub async fn batch_script() -> Response {
    script(BATCH)
}

#[derive(Debug, Deserialize)]
pub struct FontQuery {
    #[serde(default)]
    size: String,
    #[serde(default)]
    next: String,
}

/// Large-font mode without JavaScript: a link sets a cookie and returns.
pub async fn font(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<FontQuery>) -> Response {
    let value = if q.size == "large" { "large" } else { "normal" };
    let next = crate::redirect::same_site_path(&q.next, "/");
    let cookie = set_cookie("xxgk_font", value, "/", secure(&state, &headers), Some(31_536_000));
    ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}
