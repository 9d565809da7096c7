//! The public side of the hub (no sign-in): an agency's published reports
//! by year (superseded versions marked, with their dates), one report in the
//! official layout (embedded in the portal page with the official style sheet
//! `/static/report.css`, or the standalone printable page), its DOCX, PDF and
//! canonical JSON, and the reports of an agency's whole subtree for one year
//! (computed once per change in the subtree, shown a page at a time).
//! Only published and superseded versions are public.

use askama::Template;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use xxgk_store::{ReportFilter, ReportVersion};

use super::{agency_or_404, day, report_of, state_of};
use crate::AppState;
use crate::error::WebError;
use crate::scope::Tree;
use crate::views::{Chrome, Pager, render};

/// A public version in a list.
pub struct PublicRow {
    pub id: i64,
    pub year: i32,
    pub version: i64,
    pub superseded: bool,
    pub label: &'static str,
    pub published: String,
    pub superseded_on: String,
}

fn is_public(v: &ReportVersion) -> bool {
    matches!(v.state.as_str(), "published" | "superseded")
}

fn row(v: &ReportVersion) -> PublicRow {
    PublicRow {
        id: v.id,
        year: v.year,
        version: v.version,
        superseded: v.state == "superseded",
        label: state_of(v).label(),
        published: day(v.published_at_ms),
        superseded_on: day(v.superseded_at_ms),
    }
}

#[derive(Template)]
#[template(path = "portal_reports.html")]
struct AgencyReportsPage {
    chrome: Chrome,
    agency_id: i64,
    agency_name: String,
    rows: Vec<PublicRow>,
    years: Vec<i32>,
}

pub async fn agency_reports(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let agency = agency_or_404(&tree, id)?;
    let versions = state
        .store
        .list_report_versions(&ReportFilter { agency_ids: Some(vec![id]), years: None, metadata_only: true })
        .await?;
    let mut rows: Vec<PublicRow> = versions.iter().filter(|v| is_public(v)).map(row).collect();
    rows.sort_by(|a, b| b.year.cmp(&a.year).then(b.version.cmp(&a.version)));
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.dedup();
    let page = AgencyReportsPage { chrome, agency_id: id, agency_name: agency.name.clone(), rows, years };
    Ok(Html(render(&page)?))
}

/// One agency of a subtree on the year page.
pub struct SubtreeRow {
    pub depth: usize,
    pub agency_id: i64,
    pub name: String,
    pub report: Option<PublicRow>,
}

/// The year page of a subtree, computed once per change in the subtree
/// (see `cache::Views`) and then shown a page at a time.
pub struct SubtreeYear {
    rows: Vec<SubtreeRow>,
    published: usize,
}

/// Rows of the year page per page.
pub const YEAR_PAGE_ROWS: usize = 200;

/// Year page query: page and filter.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    pub page: usize,
    /// `published` or `missing`: only agencies that have (not) published.
    #[serde(default)]
    pub only: String,
}

#[derive(Template)]
#[template(path = "portal_year.html")]
struct SubtreeYearPage<'a> {
    chrome: Chrome,
    agency_id: i64,
    agency_name: String,
    year: i32,
    rows: Vec<&'a SubtreeRow>,
    total: usize,
    published: usize,
    only: String,
    pager: Pager,
}

pub async fn subtree_year(
    State(state): State<AppState>,
    chrome: Chrome,
    Path((id, year)): Path<(i64, i32)>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, WebError> {
    // Stamps first, then the data: what is computed is at least as new.
    let stamps = state.store.view_stamps(id).await?;
    let tree = state.tree_at(stamps.tree).await?;
    let agency = agency_or_404(&tree, id)?;
    let view = state.views.year_pages.get((id, year), stamps, || subtree_year_view(&state, &tree, id, year)).await?;
    let rows: Vec<&SubtreeRow> = view
        .rows
        .iter()
        .filter(|r| match q.only.as_str() {
            "published" => r.report.is_some(),
            "missing" => r.report.is_none(),
            _ => true,
        })
        .collect();
    let base = format!("/agencies/{id}/reports/{year}?only={}", crate::views::urlencode(&q.only));
    let pager = Pager::new(rows.len(), q.page, YEAR_PAGE_ROWS, &base);
    Ok(Html(render(&SubtreeYearPage {
        chrome,
        agency_id: id,
        agency_name: agency.name.clone(),
        year,
        rows: rows.into_iter().skip(pager.first).take(YEAR_PAGE_ROWS).collect(),
        total: view.rows.len(),
        published: view.published,
        only: q.only,
        pager,
    })?))
}

/// Every agency of the subtree with its published version of the year: one
/// query over the version summaries (no report JSON).
async fn subtree_year_view(state: &AppState, tree: &Tree, id: i64, year: i32) -> Result<SubtreeYear, WebError> {
    // The whole tree needs no list of ids.
    let agency_ids = (tree.roots() != [id]).then(|| tree.subtree(id));
    let versions = state
        .store
        .list_report_versions(&ReportFilter { agency_ids, years: Some(vec![year]), metadata_only: true })
        .await?;
    // Ordered by version: the last published one wins.
    let published: HashMap<i64, &ReportVersion> =
        versions.iter().filter(|v| v.state == "published").map(|v| (v.agency_id, v)).collect();
    let rows: Vec<SubtreeRow> = tree
        .subtree_ordered(id)
        .map(|(d, a)| SubtreeRow {
            depth: d.min(6),
            agency_id: a.id,
            name: a.name.clone(),
            report: published.get(&a.id).map(|v| row(v)),
        })
        .collect();
    let published = rows.iter().filter(|r| r.report.is_some()).count();
    Ok(SubtreeYear { rows, published })
}

async fn public_version(state: &AppState, id: i64) -> Result<ReportVersion, WebError> {
    let v = state.store.get_report_version(id).await?.ok_or(WebError::NotFound)?;
    if is_public(&v) { Ok(v) } else { Err(WebError::NotFound) }
}

#[derive(Template)]
#[template(path = "portal_report.html")]
struct ReportPage {
    chrome: Chrome,
    v: PublicRow,
    agency_id: i64,
    agency_name: String,
    /// The report in the official layout, rendered (and escaped) by
    /// xxgk-render; styled by `/static/report.css`, no inline styles.
    article: String,
    current: Option<i64>,
}

pub async fn report_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let v = public_version(&state, id).await?;
    let tree = state.tree().await?;
    let agency_name = tree.name(v.agency_id);
    let report = report_of(&v)?;
    let current = if v.state == "superseded" {
        let all = state
            .store
            .list_report_versions(&ReportFilter {
                agency_ids: Some(vec![v.agency_id]),
                years: Some(vec![v.year]),
                metadata_only: true,
            })
            .await?;
        all.iter().rev().find(|x| x.state == "published").map(|x| x.id)
    } else {
        None
    };
    let page = ReportPage {
        chrome,
        v: row(&v),
        agency_id: v.agency_id,
        agency_name,
        article: xxgk_render::html_article(&report),
        current,
    };
    Ok(Html(render(&page)?))
}

/// The standalone printable page (its own embedded style sheet, no scripts).
pub async fn standalone(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let v = public_version(&state, id).await?;
    let html = xxgk_render::html(&report_of(&v)?);
    Ok((
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        )],
        Html(html),
    )
        .into_response())
}

fn attachment(name: &str) -> String {
    format!(
        "attachment; filename=\"report.{}\"; filename*=UTF-8''{}",
        name.rsplit('.').next().unwrap_or("bin"),
        crate::views::urlencode(name)
    )
}

pub async fn docx(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let v = public_version(&state, id).await?;
    let report = report_of(&v)?;
    let bytes = xxgk_render::docx(&report).map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!("{}{}年政府信息公开工作年度报告.docx", report.agency.as_deref().unwrap_or(""), v.year);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_string(),
            ),
            (header::CONTENT_DISPOSITION, attachment(&name)),
        ],
        bytes,
    )
        .into_response())
}

/// The report in the official layout as PDF (A4, embedded Chinese fonts).
pub async fn pdf(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let v = public_version(&state, id).await?;
    let report = report_of(&v)?;
    let bytes = state.pdf.render(xxgk_render::typst(&report)).await?;
    let name = format!("{}{}年政府信息公开工作年度报告.pdf", report.agency.as_deref().unwrap_or(""), v.year);
    Ok((
        [(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, attachment(&name))],
        bytes,
    )
        .into_response())
}

pub async fn json(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let v = public_version(&state, id).await?;
    let text = xxgk_report::to_json_pretty(&report_of(&v)?);
    Ok(([(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response())
}
