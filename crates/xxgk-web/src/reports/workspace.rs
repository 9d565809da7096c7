//! The report workspace of an agency and year (back office): its versions
//! with their dates, the selected version as the official tables with every
//! number an input (read-only unless it is a draft the viewer may edit), the
//! findings beside the cells, provenance of uploaded numbers, and the
//! workflow buttons. Saving re-checks on the server; no JavaScript needed.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use xxgk_hub::ReportState;
use xxgk_hub::workflow::Action as Step;
use xxgk_report::{Report, Template as ReportTemplate};
use xxgk_store::{Actor, NewReportVersion, ReportFilter, ReportVersion};

use super::form::{FormTable, Note, TextField};
use super::{
    agency_or_404, counts, day, default_year, latest, may_act, may_read, multipart, previous_report, report_of, review,
    state_of,
};
use crate::AppState;
use crate::auth::Staff;
use crate::error::WebError;
use crate::scope::Tree;
use crate::views::{Chrome, render};

/// One agency on the workspace index.
pub struct IndexRow {
    pub id: i64,
    pub name: String,
    pub depth: usize,
    /// (year, state label) of every year with a version.
    pub years: Vec<(i32, &'static str)>,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "reports_index.html")]
struct IndexPage {
    chrome: Chrome,
    rows: Vec<IndexRow>,
    default_year: i32,
    oversight: bool,
}

pub async fn index(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let user = &staff.user;
    let readable: Vec<i64> =
        tree.ordered().into_iter().map(|(_, a)| a.id).filter(|id| may_read(&tree, user, *id)).collect();
    if readable.is_empty() {
        return Err(WebError::Forbidden);
    }
    let versions = state
        .store
        .list_report_versions(&ReportFilter { agency_ids: Some(readable.clone()), years: None, metadata_only: true })
        .await?;
    let rows = tree
        .ordered()
        .into_iter()
        .filter(|(_, a)| readable.contains(&a.id))
        .map(|(depth, a)| {
            let mut years: Vec<(i32, &'static str)> = Vec::new();
            for v in versions.iter().filter(|v| v.agency_id == a.id) {
                let label = state_of(v).label();
                match years.iter_mut().find(|(y, _)| *y == v.year) {
                    Some(slot) => slot.1 = label,
                    None => years.push((v.year, label)),
                }
            }
            years.sort_by_key(|y| std::cmp::Reverse(y.0));
            IndexRow {
                id: a.id,
                name: a.name.clone(),
                depth: depth.min(6),
                years,
                can_edit: may_act(&tree, user, a.id, Step::Edit),
            }
        })
        .collect();
    let oversight = super::oversight(&tree, user).is_ok();
    Ok(Html(render(&IndexPage { chrome, rows, default_year: default_year(&state), oversight })?))
}

/// A version in the list.
pub struct VersionRow {
    pub id: i64,
    pub version: i64,
    pub state: &'static str,
    pub label: &'static str,
    pub created: String,
    pub submitted: String,
    pub approved: String,
    pub published: String,
    pub superseded: String,
    pub selected: bool,
}

/// A finding in the list under the form.
pub struct FindingRow {
    pub check: String,
    pub error: bool,
    pub location: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "reports_workspace.html")]
struct WorkspacePage {
    chrome: Chrome,
    agency_id: i64,
    agency_name: String,
    year: i32,
    template_label: &'static str,
    versions: Vec<VersionRow>,
    selected: Option<i64>,
    editable: bool,
    can_upload: bool,
    steps: Vec<(&'static str, &'static str)>,
    agency_field: String,
    source_name: String,
    tables: Vec<FormTable>,
    texts: Vec<TextField>,
    other: Vec<Note>,
    findings: Vec<FindingRow>,
    errors: usize,
    warnings: usize,
    previous_note: String,
    public_link: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    #[serde(default)]
    v: Option<i64>,
}

pub async fn page(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Path((agency_id, year)): Path<(i64, i32)>,
    Query(q): Query<VersionQuery>,
) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let agency = agency_or_404(&tree, agency_id)?.clone();
    let user = &staff.user;
    if !may_read(&tree, user, agency_id) {
        return Err(WebError::Forbidden);
    }
    if !(1990..=2200).contains(&year) {
        return Err(WebError::NotFound);
    }
    let versions = state
        .store
        .list_report_versions(&ReportFilter {
            agency_ids: Some(vec![agency_id]),
            years: Some(vec![year]),
            metadata_only: false,
        })
        .await?;
    let chosen: Option<&ReportVersion> = match q.v {
        Some(id) => Some(versions.iter().find(|v| v.id == id).ok_or(WebError::NotFound)?),
        None => latest(&versions),
    };
    let previous = previous_report(&state, agency_id, year).await?;
    let previous_note = match &previous {
        Some(p) => format!("跨年度核对（C-1 等）使用本机关 {} 年度报告（{}）。", year - 1, p.format.as_str()),
        None => format!("没有本机关 {} 年度的报告，跨年度核对（C-1）未进行。", year - 1),
    };
    let report = match chosen {
        Some(v) => report_of(v)?,
        None => {
            let mut r = Report::empty(ReportTemplate::for_year(year), year);
            r.agency = Some(agency.name.clone());
            r
        }
    };
    let facts = chosen.and_then(|v| super::facts_of(v, report.format));
    let findings =
        if chosen.is_some() { review(&report, previous.as_ref(), agency.kind, facts.as_ref()) } else { Vec::new() };
    let (errors, warnings) = counts(&findings);
    let provenance = chosen.map(super::provenance_of).unwrap_or_default();
    let chosen_state = chosen.map(state_of);
    let editable = chosen_state == Some(ReportState::Draft) && may_act(&tree, user, agency_id, Step::Edit);
    let steps = match chosen {
        Some(v) => [Step::Submit, Step::Return, Step::Approve, Step::Publish, Step::Correct]
            .into_iter()
            .filter(|s| super::authorize_step(&tree, user, v, *s).is_ok())
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        None => Vec::new(),
    };
    let rows = versions
        .iter()
        .map(|v| VersionRow {
            id: v.id,
            version: v.version,
            state: state_of(v).as_str(),
            label: state_of(v).label(),
            created: day(Some(v.created_at_ms)),
            submitted: day(v.submitted_at_ms),
            approved: day(v.approved_at_ms),
            published: day(v.published_at_ms),
            superseded: day(v.superseded_at_ms),
            selected: chosen.is_some_and(|c| c.id == v.id),
        })
        .collect();
    let page = WorkspacePage {
        chrome,
        agency_id,
        agency_name: agency.name.clone(),
        year,
        template_label: report.format.as_str(),
        versions: rows,
        selected: chosen.map(|v| v.id),
        editable,
        can_upload: may_act(&tree, user, agency_id, Step::Edit),
        steps,
        agency_field: report.agency.clone().unwrap_or_default(),
        source_name: chosen.map(|v| v.source_name.clone()).unwrap_or_default(),
        tables: super::form::tables(&report, &findings, &provenance),
        texts: super::form::texts(&report, &findings),
        other: super::form::other_notes(&report, &findings),
        findings: findings
            .iter()
            .map(|f| FindingRow {
                check: f.check.to_string(),
                error: f.severity == xxgk_report::Severity::Error,
                location: f.location.to_string(),
                message: f.message.clone(),
            })
            .collect(),
        errors,
        warnings,
        previous_note,
        public_link: chosen.filter(|v| matches!(v.state.as_str(), "published" | "superseded")).map(|v| v.id),
    };
    Ok(Html(render(&page)?))
}

/// Files a report as the agency's draft for its year: replaces the open
/// draft, or starts the next version. Returns the version.
pub async fn file_report(
    state: &AppState,
    actor: &Actor,
    agency_id: i64,
    report: &Report,
    source_name: &str,
    provenance_json: String,
) -> Result<ReportVersion, WebError> {
    let new = new_version(agency_id, report, source_name, provenance_json);
    Ok(state.store.file_report_version(actor, new, state.clock.now_ms()).await?)
}

/// A report read from a document, as the version it would be filed as.
pub fn new_version(agency_id: i64, report: &Report, source_name: &str, provenance_json: String) -> NewReportVersion {
    NewReportVersion {
        agency_id,
        year: report.year,
        report_json: xxgk_report::to_json_pretty(report),
        source_name: source_name.to_string(),
        provenance_json,
    }
}

/// Provenance of an import as stored JSON: where each number was read, and
/// what the document said beyond its numbers (for the document checks).
pub fn provenance_json(imported: &xxgk_import::Imported) -> String {
    let pairs: Vec<(String, String)> =
        imported.provenance.iter().map(|(p, s)| (p.to_string(), s.to_string())).collect();
    serde_json::json!({ "cells": pairs, "facts": xxgk_report::facts_to_value(&imported.facts) }).to_string()
}

/// The file parts of a multipart body.
pub fn files_in(headers: &HeaderMap, body: &Bytes) -> Result<Vec<multipart::Part>, WebError> {
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(multipart::boundary)
        .ok_or_else(|| WebError::BadRequest("请以文件上传表单提交".into()))?;
    let parts = multipart::parse(body, &boundary).map_err(WebError::BadRequest)?;
    Ok(parts.into_iter().filter(|p| p.filename.as_deref().is_some_and(|f| !f.is_empty())).collect())
}

pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    Path(agency_id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let tree = state.tree().await?;
    agency_or_404(&tree, agency_id)?;
    if !may_act(&tree, &staff.user, agency_id, Step::Edit) {
        return Err(WebError::Forbidden);
    }
    let files = files_in(&headers, &body)?;
    let file = files.into_iter().next().ok_or_else(|| WebError::BadRequest("请选择要上传的年度报告文件".into()))?;
    let name = file.filename.clone().unwrap_or_default();
    let imported = super::read_upload(&state, file.data, &name)
        .await
        .map_err(|e| WebError::BadRequest(format!("无法读取文件“{name}”：{e}")))?;
    let v =
        file_report(&state, &Actor::user(&staff.user), agency_id, &imported.report, &name, provenance_json(&imported))
            .await?;
    Ok(Redirect::to(&format!("/admin/reports/{agency_id}/{}?v={}", v.year, v.id)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewForm {
    year: String,
}

pub async fn create_empty(
    State(state): State<AppState>,
    staff: Staff,
    Path(agency_id): Path<i64>,
    Form(form): Form<NewForm>,
) -> Result<Response, WebError> {
    let tree = state.tree().await?;
    let agency = agency_or_404(&tree, agency_id)?.clone();
    if !may_act(&tree, &staff.user, agency_id, Step::Edit) {
        return Err(WebError::Forbidden);
    }
    let year: i32 = form
        .year
        .trim()
        .parse()
        .ok()
        .filter(|y| (2008..=2200).contains(y))
        .ok_or_else(|| WebError::BadRequest("年度：请输入 2008 以后的年份".into()))?;
    let mut report = Report::empty(ReportTemplate::for_year(year), year);
    report.agency = Some(agency.name);
    let v = state
        .store
        .create_report_version(
            &Actor::user(&staff.user),
            NewReportVersion {
                agency_id,
                year,
                report_json: xxgk_report::to_json_pretty(&report),
                source_name: String::new(),
                provenance_json: "[]".into(),
            },
            state.clock.now_ms(),
        )
        .await?;
    Ok(Redirect::to(&format!("/admin/reports/{agency_id}/{year}?v={}", v.id)).into_response())
}

/// Saves the form of a draft (server-side re-check on the next page view).
/// A version and the agency tree, for the handlers that act on a version.
async fn version_and_tree(state: &AppState, id: i64) -> Result<(ReportVersion, Arc<Tree>), WebError> {
    let v = state.store.get_report_version(id).await?.ok_or(WebError::NotFound)?;
    Ok((v, state.tree().await?))
}

/// The version's report with a submitted form applied (not saved).
fn with_form(v: &ReportVersion, fields: &[(String, String)]) -> Result<xxgk_report::Report, WebError> {
    let mut report = report_of(v)?;
    super::form::apply(&mut report, fields).map_err(|problems| WebError::BadRequest(problems.join("；")))?;
    Ok(report)
}

pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (v, tree) = version_and_tree(&state, id).await?;
    if !may_read(&tree, &staff.user, v.agency_id) && !may_act(&tree, &staff.user, v.agency_id, Step::Edit) {
        return Err(WebError::Forbidden);
    }
    super::authorize_step(&tree, &staff.user, &v, Step::Edit)?;
    let report = with_form(&v, &fields)?;
    let json = xxgk_report::to_json_pretty(&report);
    state.store.update_report_draft(&Actor::user(&staff.user), id, &json, None, state.clock.now_ms()).await?;
    Ok(Redirect::to(&format!("/admin/reports/{}/{}?v={id}", v.agency_id, v.year)).into_response())
}

/// Checks the form as it stands, without saving: the findings as JSON for
/// the workspace's live re-check (`static/recheck.js`) while the user types.
pub async fn recheck(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (v, tree) = version_and_tree(&state, id).await?;
    if !may_read(&tree, &staff.user, v.agency_id) {
        return Err(WebError::Forbidden);
    }
    let agency = agency_or_404(&tree, v.agency_id)?;
    let report = with_form(&v, &fields)?;
    let previous = previous_report(&state, v.agency_id, v.year).await?;
    let facts = super::facts_of(&v, report.format);
    let findings = review(&report, previous.as_ref(), agency.kind, facts.as_ref());
    let (errors, warnings) = counts(&findings);
    let body = serde_json::json!({
        "errors": errors,
        "warnings": warnings,
        "findings": findings.iter().map(xxgk_report::finding_to_value).collect::<Vec<_>>(),
    });
    Ok(([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response())
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    action: String,
}

pub async fn step(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response, WebError> {
    let v = state.store.get_report_version(id).await?.ok_or(WebError::NotFound)?;
    let step = super::parse_step(form.action.trim())?;
    let after = super::take_step(&state, &staff.user, &v, step).await?;
    Ok(Redirect::to(&format!("/admin/reports/{}/{}?v={}", after.agency_id, after.year, after.id)).into_response())
}
