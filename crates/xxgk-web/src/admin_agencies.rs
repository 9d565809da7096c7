//! Back office: agencies list, create, edit. Every handler checks
//! `can(role, action, relation)` against the target (and new parent) agency.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use xxgk_domain::{Action, Agency, AgencyInput, AgencyKind, OfficeDetails};
use xxgk_store::{Actor, StoreError};

use crate::AppState;
use crate::auth::Staff;
use crate::error::{WebError, field_label};
use crate::scope::Tree;
use crate::views::{Chrome, render};

pub struct Row {
    id: i64,
    depth: usize,
    name: String,
    kind: &'static str,
    phone: String,
    can_edit: bool,
    can_add_child: bool,
}

#[derive(Template)]
#[template(path = "admin_agencies.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
    can_create: bool,
}

fn may_create_under(tree: &Tree, staff: &Staff, parent: Option<i64>) -> bool {
    let (role, home) = (staff.user.role, staff.user.agency_id);
    match parent {
        Some(p) => tree.get(p).is_some() && tree.allows(role, home, Action::CreateChildAgency, Some(p)),
        None => tree.allows(role, home, Action::CreateRootAgency, None),
    }
}

pub async fn list(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let (role, home) = (staff.user.role, staff.user.agency_id);
    if !tree.allows(role, home, Action::ViewAgency, Some(home)) {
        return Err(WebError::Forbidden);
    }
    let rows: Vec<Row> = tree
        .ordered()
        .into_iter()
        .map(|(depth, a)| Row {
            id: a.id,
            depth: depth.min(6),
            name: a.name.clone(),
            kind: a.kind.label(),
            phone: a.office.phone.clone(),
            can_edit: tree.allows(role, home, Action::EditAgency, Some(a.id)),
            can_add_child: tree.allows(role, home, Action::CreateChildAgency, Some(a.id)),
        })
        .collect();
    let can_create = rows.iter().any(|r| r.can_add_child) || may_create_under(&tree, &staff, None);
    Ok(Html(render(&ListPage { chrome, rows, can_create })?))
}

/// One `<option>`.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "admin_agency_form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    parents: Vec<Opt>,
    kinds: Vec<Opt>,
    v: AgencyForm,
    error: Option<String>,
}

/// The agency form as submitted (all strings, so a bad value re-renders).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgencyForm {
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    functions: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    head: String,
}

impl AgencyForm {
    fn from_agency(a: &Agency) -> Self {
        Self {
            parent_id: a.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            name: a.name.clone(),
            kind: a.kind.as_str().into(),
            functions: a.office.functions.clone(),
            address: a.office.address.clone(),
            hours: a.office.hours.clone(),
            phone: a.office.phone.clone(),
            head: a.office.head.clone(),
        }
    }

    fn parent(&self) -> Result<Option<i64>, WebError> {
        let p = self.parent_id.trim();
        if p.is_empty() {
            return Ok(None);
        }
        p.parse().map(Some).map_err(|_| WebError::BadRequest("上级机关：无效的选择".into()))
    }

    fn input(&self) -> Result<AgencyInput, WebError> {
        let kind =
            AgencyKind::parse(self.kind.trim()).map_err(|_| WebError::BadRequest("机关类型：请选择机关类型".into()))?;
        Ok(AgencyInput {
            parent_id: self.parent()?,
            name: self.name.clone(),
            kind,
            office: OfficeDetails {
                functions: self.functions.clone(),
                address: self.address.clone(),
                hours: self.hours.clone(),
                phone: self.phone.clone(),
                head: self.head.clone(),
            },
        })
    }
}

fn options(tree: &Tree, staff: &Staff, v: &AgencyForm, editing: Option<i64>) -> (Vec<Opt>, Vec<Opt>) {
    let mut parents = Vec::new();
    let current_parent = editing.and_then(|id| tree.get(id)).and_then(|a| a.parent_id);
    if may_create_under(tree, staff, None) || (editing.is_some() && current_parent.is_none()) {
        parents.push(Opt {
            value: String::new(), label: "（无上级机关）".into(), selected: v.parent_id.is_empty()
        });
    }
    for (depth, a) in tree.ordered() {
        let below_self =
            editing.is_some_and(|id| a.id == id || tree.relation(id, Some(a.id)) == xxgk_domain::Relation::Below);
        let allowed = may_create_under(tree, staff, Some(a.id)) || current_parent == Some(a.id);
        if allowed && !below_self {
            parents.push(Opt {
                value: a.id.to_string(),
                label: format!("{}{}", "　".repeat(depth), a.name),
                selected: v.parent_id == a.id.to_string(),
            });
        }
    }
    let kinds = AgencyKind::ALL
        .into_iter()
        .map(|k| Opt { value: k.as_str().into(), label: k.label().into(), selected: v.kind == k.as_str() })
        .collect();
    (parents, kinds)
}

fn form_page(
    tree: &Tree,
    chrome: Chrome,
    staff: &Staff,
    v: AgencyForm,
    editing: Option<i64>,
    error: Option<String>,
) -> Result<String, WebError> {
    let (parents, kinds) = options(tree, staff, &v, editing);
    let (heading, action) = match editing {
        Some(id) => (format!("编辑机关：{}", tree.name(id)), format!("/admin/agencies/{id}")),
        None => ("新建机关".to_string(), "/admin/agencies".to_string()),
    };
    render(&FormPage { chrome, heading, action, parents, kinds, v, error })
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    parent: Option<i64>,
}

pub async fn new_form(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let parent = q.parent.or(Some(staff.user.agency_id)).filter(|p| may_create_under(&tree, &staff, Some(*p)));
    if parent.is_none() && !may_create_under(&tree, &staff, None) {
        return Err(WebError::Forbidden);
    }
    let v = AgencyForm {
        parent_id: parent.map(|p| p.to_string()).unwrap_or_default(),
        kind: AgencyKind::Department.as_str().into(),
        ..Default::default()
    };
    Ok(Html(form_page(&tree, chrome, &staff, v, None, None)?))
}

fn store_message(e: StoreError) -> Result<String, WebError> {
    match e {
        StoreError::Validation(v) => Ok(format!("{}：{}", field_label(v.field), v.message)),
        StoreError::Conflict(m) => Ok(m),
        StoreError::NotFound(m) => Ok(format!("{m}不存在")),
        other => Err(other.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Form(v): Form<AgencyForm>,
) -> Result<Response, WebError> {
    let tree = state.tree().await?;
    let input = match v.input() {
        Ok(i) => i,
        Err(WebError::BadRequest(m)) => {
            let body = form_page(&tree, chrome, &staff, v, None, Some(m))?;
            return Ok((StatusCode::BAD_REQUEST, Html(body)).into_response());
        }
        Err(e) => return Err(e),
    };
    if !may_create_under(&tree, &staff, input.parent_id) {
        return Err(WebError::Forbidden);
    }
    match state.store.create_agency(&Actor::user(&staff.user), input).await {
        Ok(a) => Ok(Redirect::to(&format!("/admin/agencies?created={}", a.id)).into_response()),
        Err(e) => {
            let msg = store_message(e)?;
            let body = form_page(&tree, chrome, &staff, v, None, Some(msg))?;
            Ok((StatusCode::BAD_REQUEST, Html(body)).into_response())
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let agency = tree.get(id).ok_or(WebError::NotFound)?;
    if !tree.allows(staff.user.role, staff.user.agency_id, Action::EditAgency, Some(id)) {
        return Err(WebError::Forbidden);
    }
    let v = AgencyForm::from_agency(agency);
    Ok(Html(form_page(&tree, chrome, &staff, v, Some(id), None)?))
}

pub async fn update(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Path(id): Path<i64>,
    Form(v): Form<AgencyForm>,
) -> Result<Response, WebError> {
    let tree = state.tree().await?;
    let agency = tree.get(id).ok_or(WebError::NotFound)?;
    if !tree.allows(staff.user.role, staff.user.agency_id, Action::EditAgency, Some(id)) {
        return Err(WebError::Forbidden);
    }
    let old_parent = agency.parent_id;
    let input = match v.input() {
        Ok(i) => i,
        Err(WebError::BadRequest(m)) => {
            let body = form_page(&tree, chrome, &staff, v, Some(id), Some(m))?;
            return Ok((StatusCode::BAD_REQUEST, Html(body)).into_response());
        }
        Err(e) => return Err(e),
    };
    if input.parent_id != old_parent && !may_create_under(&tree, &staff, input.parent_id) {
        return Err(WebError::Forbidden);
    }
    match state.store.update_agency(&Actor::user(&staff.user), id, input).await {
        Ok(_) => Ok(Redirect::to("/admin/agencies").into_response()),
        Err(e) => {
            let msg = store_message(e)?;
            let body = form_page(&tree, chrome, &staff, v, Some(id), Some(msg))?;
            Ok((StatusCode::BAD_REQUEST, Html(body)).into_response())
        }
    }
}
