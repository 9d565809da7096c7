//! The annual-report hub: report workspaces per agency and year (upload with
//! provenance, the form laid out like the official tables, findings beside
//! the cells), the workflow (`xxgk_hub::workflow`), the public report pages,
//! the supervisor dashboard with roll-up, CSV and charts, batch upload, and
//! the JSON API. This module holds what they share: permissions, picking the
//! version that counts, running the checks with last year's report.

pub mod api;
pub(crate) mod batch;
pub(crate) mod cache;
mod dashboard;
mod form;
pub mod multipart;
mod public;
mod workspace;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use xxgk_domain::{Action, Agency, AgencyKind, Relation, Role};
use xxgk_hub::workflow::Action as Step;
use xxgk_hub::{ReportState, WorkflowError};
use xxgk_isolate::ReadError;
use xxgk_report::{Context, Finding, Report, Severity};
use xxgk_store::{ReportFilter, ReportVersion, User};

use crate::AppState;
use crate::error::WebError;
use crate::scope::Tree;

/// Back-office routes (under `/admin`, behind the session and CSRF layer).
pub fn admin_routes() -> Router<AppState> {
    Router::new()
        .route("/reports", get(workspace::index))
        .route("/reports/{agency}/upload", post(workspace::upload))
        .route("/reports/{agency}/new", post(workspace::create_empty))
        .route("/reports/{agency}/{year}", get(workspace::page))
        .route("/report-versions/{id}", post(workspace::save))
        .route("/report-versions/{id}/check", post(workspace::recheck))
        .route("/report-versions/{id}/action", post(workspace::step))
        .route("/hub", get(dashboard::page))
        .route("/hub.csv", get(dashboard::csv))
        .route("/hub/batch", get(batch::form).post(batch::upload))
        .route("/hub/batch/{id}", get(batch::progress))
        .route("/hub/batch/{id}/progress", get(batch::progress_json))
        .route("/hub/batch/{batch}/files/{file}/confirm", post(batch::confirm))
        .route("/hub/batch/{batch}/files/{file}/dismiss", post(batch::dismiss))
        .layer(DefaultBodyLimit::max(multipart::MAX_BODY))
}

/// Public portal routes.
pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/agencies/{id}/reports", get(public::agency_reports))
        .route("/agencies/{id}/reports/{year}", get(public::subtree_year))
        .route("/reports/{id}", get(public::report_page))
        .route("/reports/{id}/print", get(public::standalone))
        .route("/reports/{id}/docx", get(public::docx))
        .route("/reports/{id}/pdf", get(public::pdf))
        .route("/reports/{id}/json", get(public::json))
}

/// The domain kind as the check engine knows it.
pub fn check_kind(kind: AgencyKind) -> xxgk_report::AgencyKind {
    match kind {
        AgencyKind::Government => xxgk_report::AgencyKind::Government,
        AgencyKind::Township => xxgk_report::AgencyKind::Township,
        AgencyKind::Department | AgencyKind::Other => xxgk_report::AgencyKind::Department,
    }
}

/// The state of a stored version.
pub fn state_of(v: &ReportVersion) -> ReportState {
    ReportState::parse(&v.state).unwrap_or(ReportState::Draft)
}

/// The report of a stored version.
pub fn report_of(v: &ReportVersion) -> Result<Report, WebError> {
    xxgk_report::from_json(&v.report_json)
        .map_err(|e| WebError::Internal(format!("stored report #{} is not valid JSON: {e}", v.id)))
}

/// The version that counts for an agency and year: the latest published one,
/// else the latest version. `versions` are in version order.
pub fn counting<'a>(versions: impl IntoIterator<Item = &'a ReportVersion>) -> Option<&'a ReportVersion> {
    let all: Vec<&ReportVersion> = versions.into_iter().collect();
    all.iter().rev().find(|v| v.state == "published").or(all.last()).copied()
}

/// The version being worked on: the latest.
pub fn latest<'a>(versions: impl IntoIterator<Item = &'a ReportVersion>) -> Option<&'a ReportVersion> {
    versions.into_iter().max_by_key(|v| v.version)
}

/// Runs every check on `report`, with last year's report for C-*.
pub fn review(
    report: &Report,
    previous: Option<&Report>,
    kind: AgencyKind,
    document: Option<&xxgk_report::DocumentFacts>,
) -> Vec<Finding> {
    let ctx = Context { previous, document, agency_kind: Some(check_kind(kind)), ..Context::default() };
    xxgk_report::check(report, &ctx)
}

/// Every check on `report` as filed for `agency_id`: the agency's kind (for
/// the deadline and township checks) from `tree`, and its previous year's
/// report for the cross-year checks.
pub async fn review_for(
    state: &AppState,
    tree: &Tree,
    agency_id: i64,
    report: &Report,
    document: Option<&xxgk_report::DocumentFacts>,
) -> Result<Vec<Finding>, WebError> {
    let kind = tree.get(agency_id).map(|a| a.kind).unwrap_or(AgencyKind::Other);
    let previous = previous_report(state, agency_id, report.year).await?;
    Ok(review(report, previous.as_ref(), kind, document))
}

/// Reads an uploaded document with the configured reader (a confined worker
/// process), waiting for it off the request threads. The prose of sections
/// 一, 五 and 六 is kept as the report's narrative, so the text checks (W-6,
/// W-7, W-10, C-4) and the portal see it after the document itself is gone.
pub async fn read_upload(
    state: &AppState,
    bytes: impl AsRef<[u8]> + Send + 'static,
    name: &str,
) -> Result<xxgk_import::Imported, ReadError> {
    let reader = state.config.document_reader.clone();
    let owned_name = name.to_string();
    let read = tokio::task::spawn_blocking(move || reader.read(bytes.as_ref(), &owned_name));
    let mut imported = read.await.map_err(|e| ReadError::Crashed(format!("读取任务失败：{e}")))??;
    if imported.report.narrative.is_empty() {
        imported.report.narrative = imported.facts.narrative();
    }
    Ok(imported)
}

/// (errors, warnings) of a list of findings.
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    (errors, findings.len() - errors)
}

/// The previous year's counting report of an agency, if any.
pub async fn previous_report(state: &AppState, agency_id: i64, year: i32) -> Result<Option<Report>, WebError> {
    let filter = ReportFilter { agency_ids: Some(vec![agency_id]), years: Some(vec![year - 1]), metadata_only: false };
    let versions = state.store.list_report_versions(&filter).await?;
    counting(&versions).map(report_of).transpose()
}

/// May `user` read the reports (all versions) of `agency` in the back office?
pub fn may_read(tree: &Tree, user: &User, agency: i64) -> bool {
    user.role == Role::SystemAdmin || tree.allows(user.role, user.agency_id, Action::ReadWork, Some(agency))
}

/// May `user` take workflow `step` on reports of `agency` (in any state)?
/// Editors, reviewers and approvers act in their own agency, agency admins in
/// their subtree, the system admin everywhere; the step's roles come from
/// `xxgk_hub::workflow`.
pub fn may_act(tree: &Tree, user: &User, agency: i64, step: Step) -> bool {
    let relation = tree.relation(user.agency_id, Some(agency));
    let in_scope = match user.role {
        Role::SystemAdmin => true,
        Role::AgencyAdmin => relation != Relation::Outside,
        Role::Editor | Role::Reviewer | Role::Approver => relation == Relation::Same,
        Role::Handler | Role::Supervisor => false,
    };
    in_scope && (user.role == Role::SystemAdmin || step.allowed_roles().contains(&user.role))
}

/// Checks a step against permissions (403) and the version's state (409).
pub fn authorize_step(tree: &Tree, user: &User, v: &ReportVersion, step: Step) -> Result<ReportState, WebError> {
    if !may_act(tree, user, v.agency_id, step) {
        return Err(WebError::Forbidden);
    }
    xxgk_hub::workflow::apply(state_of(v), step, user.role).map_err(|e| match e {
        WorkflowError::NotAllowed { .. } => WebError::Forbidden,
        WorkflowError::WrongState { .. } => WebError::Conflict(e.to_string()),
    })
}

/// Agencies whose hub a supervisor, agency admin or system admin oversees:
/// the subtree of the own agency (everything for the system admin).
pub fn oversight(tree: &Tree, user: &User) -> Result<Vec<i64>, WebError> {
    match user.role {
        Role::SystemAdmin => Ok(tree.ordered().into_iter().map(|(_, a)| a.id).collect()),
        Role::Supervisor | Role::AgencyAdmin => Ok(tree.subtree(user.agency_id)),
        _ => Err(WebError::Forbidden),
    }
}

/// Step parsed from its machine name.
pub fn parse_step(name: &str) -> Result<Step, WebError> {
    [Step::Submit, Step::Return, Step::Approve, Step::Publish, Step::Correct]
        .into_iter()
        .find(|s| s.as_str() == name)
        .ok_or_else(|| WebError::BadRequest(format!("未知的操作：{name}")))
}

/// Carries out a workflow step on a stored version (already authorized).
pub async fn take_step(
    state: &AppState,
    user: &User,
    v: &ReportVersion,
    step: Step,
) -> Result<ReportVersion, WebError> {
    let tree = state.tree().await?;
    let next = authorize_step(&tree, user, v, step)?;
    let actor = xxgk_store::Actor::user(user);
    let now = state.clock.now_ms();
    let out = if step == Step::Correct {
        state.store.correct_report(&actor, v.id, now).await?
    } else {
        state.store.set_report_state(&actor, v.id, &v.state, next.as_str(), step.as_str(), now).await?
    };
    Ok(out)
}

/// `YYYY-MM-DD` (China Standard Time) of a Unix-ms instant.
pub fn day(ms: Option<i64>) -> String {
    ms.map(|ms| crate::date_of_ms(ms).to_string()).unwrap_or_default()
}

/// The year a page shows by default: last year (reports are written in the
/// year after the one they cover).
pub fn default_year(state: &AppState) -> i32 {
    state.clock.today().year() - 1
}

/// An agency or 404.
pub fn agency_or_404(tree: &Tree, id: i64) -> Result<&Agency, WebError> {
    tree.get(id).ok_or(WebError::NotFound)
}

/// Parses the stored provenance (`[[path, source], …]`).
pub fn provenance_of(v: &ReportVersion) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(&v.provenance_json).unwrap_or_default();
    // Stored as `{"cells": [[path, source], …], "facts": {…}}`; early
    // versions stored the bare list of cells.
    let cells = value.get("cells").cloned().unwrap_or(value);
    serde_json::from_value(cells).unwrap_or_default()
}

/// What the uploaded document said beyond its numbers (dates, title, label
/// variants), for the document checks; `None` for reports typed in.
pub fn facts_of(v: &ReportVersion, template: xxgk_report::Template) -> Option<xxgk_report::DocumentFacts> {
    facts_in(&v.provenance_json, template)
}

/// The document facts kept in a stored provenance JSON.
pub fn facts_in(provenance_json: &str, template: xxgk_report::Template) -> Option<xxgk_report::DocumentFacts> {
    let value: serde_json::Value = serde_json::from_str(provenance_json).ok()?;
    xxgk_report::facts_from_value(value.get("facts")?, template)
}
