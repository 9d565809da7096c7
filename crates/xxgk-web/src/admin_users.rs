//! Back office: accounts — list, create, detail, role change, disable /
//! enable, sign-out-everywhere. Scoped by `can` on the account's agency; only
//! a system admin may grant, remove or touch the system-admin role.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use xxgk_domain::validate::check_password;
use xxgk_domain::{Action, Role};
use xxgk_store::{Actor, NewUser, StoreError, User};

use crate::AppState;
use crate::admin_agencies::Opt;
use crate::auth::Staff;
use crate::error::{WebError, field_label};
use crate::scope::Tree;
use crate::views::{Chrome, fmt_time, render};

pub struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    agency: String,
    role: &'static str,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct ListPage {
    chrome: Chrome,
    users: Vec<UserRow>,
    can_create: bool,
}

fn allows(tree: &Tree, staff: &Staff, action: Action, agency: i64) -> bool {
    tree.allows(staff.user.role, staff.user.agency_id, action, Some(agency))
}

/// May the staff member manage this account (and, for system admins, that role)?
fn may_manage(tree: &Tree, staff: &Staff, target: &User) -> bool {
    allows(tree, staff, Action::ManageUsers, target.agency_id)
        && (target.role != Role::SystemAdmin
            || tree.allows(staff.user.role, staff.user.agency_id, Action::GrantSystemAdmin, None))
}

pub async fn list(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    if tree.allowed_ids(staff.user.role, staff.user.agency_id, Action::ViewUsers).is_empty() {
        return Err(WebError::Forbidden);
    }
    let users = state
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| allows(&tree, &staff, Action::ViewUsers, u.agency_id))
        .map(|u| UserRow {
            id: u.id,
            agency: tree.name(u.agency_id),
            role: u.role.label(),
            username: u.username,
            display_name: u.display_name,
            disabled: u.disabled,
        })
        .collect();
    let can_create = !tree.allowed_ids(staff.user.role, staff.user.agency_id, Action::ManageUsers).is_empty();
    Ok(Html(render(&ListPage { chrome, users, can_create })?))
}

#[derive(Template)]
#[template(path = "admin_user_form.html")]
struct NewPage {
    chrome: Chrome,
    agencies: Vec<Opt>,
    roles: Vec<Opt>,
    v: UserForm,
    error: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

fn agency_opts(tree: &Tree, staff: &Staff, selected: &str) -> Vec<Opt> {
    tree.ordered()
        .into_iter()
        .filter(|(_, a)| allows(tree, staff, Action::ManageUsers, a.id))
        .map(|(d, a)| Opt {
            value: a.id.to_string(),
            label: format!("{}{}", "　".repeat(d), a.name),
            selected: selected == a.id.to_string(),
        })
        .collect()
}

fn role_opts(tree: &Tree, staff: &Staff, selected: &str) -> Vec<Opt> {
    let grant_sa = tree.allows(staff.user.role, staff.user.agency_id, Action::GrantSystemAdmin, None);
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::SystemAdmin || grant_sa)
        .map(|r| Opt { value: r.as_str().into(), label: r.label().into(), selected: selected == r.as_str() })
        .collect()
}

fn new_page(
    tree: &Tree,
    chrome: Chrome,
    staff: &Staff,
    mut v: UserForm,
    error: Option<String>,
) -> Result<String, WebError> {
    v.password.clear();
    let agencies = agency_opts(tree, staff, &v.agency_id);
    let roles = role_opts(tree, staff, &v.role);
    render(&NewPage { chrome, agencies, roles, v, error })
}

pub async fn new_form(State(state): State<AppState>, chrome: Chrome, staff: Staff) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    if tree.allowed_ids(staff.user.role, staff.user.agency_id, Action::ManageUsers).is_empty() {
        return Err(WebError::Forbidden);
    }
    let v = UserForm {
        agency_id: staff.user.agency_id.to_string(),
        role: Role::Editor.as_str().into(),
        ..Default::default()
    };
    Ok(Html(new_page(&tree, chrome, &staff, v, None)?))
}

/// A target agency + role the staff member may assign.
fn check_assignment(tree: &Tree, staff: &Staff, agency: &str, role: &str) -> Result<(i64, Role), WebError> {
    let agency: i64 = agency.trim().parse().map_err(|_| WebError::BadRequest("机关：请选择机关".into()))?;
    let role = Role::parse(role).map_err(|_| WebError::BadRequest("角色：请选择角色".into()))?;
    if tree.get(agency).is_none() {
        return Err(WebError::BadRequest("机关：所选机关不存在".into()));
    }
    if !allows(tree, staff, Action::ManageUsers, agency)
        || (role == Role::SystemAdmin
            && !tree.allows(staff.user.role, staff.user.agency_id, Action::GrantSystemAdmin, None))
    {
        return Err(WebError::Forbidden);
    }
    Ok((agency, role))
}

pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Form(v): Form<UserForm>,
) -> Result<Response, WebError> {
    let tree = state.tree().await?;
    let again = |msg: String, v: UserForm, chrome: Chrome| -> Result<Response, WebError> {
        Ok((StatusCode::BAD_REQUEST, Html(new_page(&tree, chrome, &staff, v, Some(msg))?)).into_response())
    };
    let (agency_id, role) = match check_assignment(&tree, &staff, &v.agency_id, &v.role) {
        Ok(x) => x,
        Err(WebError::BadRequest(m)) => return again(m, v, chrome),
        Err(e) => return Err(e),
    };
    let username = match xxgk_domain::validate::check_username(&v.username) {
        Ok(u) => u,
        Err(e) => return again(format!("{}：{}", field_label(e.field), e.message), v, chrome),
    };
    if let Err(e) = check_password(&v.password, &username) {
        return again(format!("{}：{}", field_label(e.field), e.message), v, chrome);
    }
    let password_hash = state.hasher.hash(v.password.clone()).await?;
    let new = NewUser { username, display_name: v.display_name.clone(), agency_id, role, password_hash };
    match state.store.create_user(&Actor::user(&staff.user), new).await {
        Ok(u) => Ok(Redirect::to(&format!("/admin/users/{}", u.id)).into_response()),
        Err(e @ (StoreError::UsernameTaken(_) | StoreError::Validation(_))) => {
            let msg = match e {
                StoreError::Validation(v) => format!("{}：{}", field_label(v.field), v.message),
                other => other.to_string(),
            };
            again(msg, v, chrome)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct DetailPage {
    chrome: Chrome,
    user: User,
    agency: String,
    role: &'static str,
    created: String,
    manage: bool,
    is_self: bool,
    agencies: Vec<Opt>,
    roles: Vec<Opt>,
}

async fn load(state: &AppState, staff: &Staff, id: i64, action: Action) -> Result<(Arc<Tree>, User), WebError> {
    let tree = state.tree().await?;
    let user = state.store.get_user(id).await?.ok_or(WebError::NotFound)?;
    if !allows(&tree, staff, action, user.agency_id) {
        return Err(WebError::Forbidden);
    }
    if action == Action::ManageUsers && !may_manage(&tree, staff, &user) {
        return Err(WebError::Forbidden);
    }
    Ok((tree, user))
}

pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let (tree, user) = load(&state, &staff, id, Action::ViewUsers).await?;
    let manage = may_manage(&tree, &staff, &user);
    let agencies = agency_opts(&tree, &staff, &user.agency_id.to_string());
    let roles = role_opts(&tree, &staff, user.role.as_str());
    Ok(Html(render(&DetailPage {
        chrome,
        agency: tree.name(user.agency_id),
        role: user.role.label(),
        created: fmt_time(user.created_at_ms),
        is_self: user.id == staff.user.id,
        user,
        manage,
        agencies,
        roles,
    })?))
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    role: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Redirect, WebError> {
    let (tree, _) = load(&state, &staff, id, Action::ManageUsers).await?;
    let (agency_id, role) = check_assignment(&tree, &staff, &f.agency_id, &f.role)?;
    state.store.set_user_role(&Actor::user(&staff.user), id, role, agency_id).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}")))
}

async fn set_disabled(state: AppState, staff: Staff, id: i64, disabled: bool) -> Result<Redirect, WebError> {
    load(&state, &staff, id, Action::ManageUsers).await?;
    if disabled && id == staff.user.id {
        return Err(WebError::Conflict("不能停用自己的账号".into()));
    }
    state.store.set_user_disabled(&Actor::user(&staff.user), id, disabled).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}")))
}

pub async fn disable(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Redirect, WebError> {
    set_disabled(state, staff, id, true).await
}

pub async fn enable(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Redirect, WebError> {
    set_disabled(state, staff, id, false).await
}

pub async fn revoke_sessions(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Redirect, WebError> {
    load(&state, &staff, id, Action::ManageUsers).await?;
    state.store.revoke_user_sessions(&Actor::user(&staff.user), id).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}")))
}
