//! Back office: the audit log page, filtered by agency, actor, action and
//! date, scoped to the agencies whose audit the viewer may read.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use xxgk_domain::{Action, AuditRecord, Role};
use xxgk_store::AuditFilter;

use crate::AppState;
use crate::admin_agencies::Opt;
use crate::auth::Staff;
use crate::error::WebError;
use crate::scope::Tree;
use crate::views::{Chrome, fmt_time, parse_day, render};

/// Query parameters of the audit page (also used by the API).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub agency: String,
    /// Include the agencies below the chosen one (`1`).
    #[serde(default)]
    pub subtree: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    /// `YYYY-MM-DD`, inclusive (China Standard Time).
    #[serde(default)]
    pub from: String,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub before: Option<i64>,
    #[serde(default)]
    pub limit: Option<i64>,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Turns a query into a store filter scoped to what `staff` may read.
pub fn scoped_filter(tree: &Tree, user: &xxgk_store::User, q: &AuditQuery) -> Result<AuditFilter, WebError> {
    let allowed: Option<Vec<i64>> = if user.role == Role::SystemAdmin {
        None
    } else {
        let ids = tree.allowed_ids(user.role, user.agency_id, Action::ViewAudit);
        if ids.is_empty() {
            return Err(WebError::Forbidden);
        }
        Some(ids)
    };
    let agency_ids = match opt(&q.agency) {
        Some(a) => {
            let id: i64 = a.parse().map_err(|_| WebError::BadRequest("机关：无效的选择".into()))?;
            if allowed.as_ref().is_some_and(|ids| !ids.contains(&id)) {
                return Err(WebError::Forbidden);
            }
            if q.subtree.trim() == "1" {
                let mut ids = tree.subtree(id);
                if let Some(allowed) = &allowed {
                    ids.retain(|x| allowed.contains(x));
                }
                Some(ids)
            } else {
                Some(vec![id])
            }
        }
        None => allowed,
    };
    let day = |s: &str, field: &str| -> Result<Option<i64>, WebError> {
        match opt(s) {
            Some(d) => {
                parse_day(&d).map(Some).ok_or_else(|| WebError::BadRequest(format!("{field}：日期格式应为 YYYY-MM-DD")))
            }
            None => Ok(None),
        }
    };
    Ok(AuditFilter {
        agency_ids,
        actor: opt(&q.actor).map(|a| a.to_ascii_lowercase()),
        action: opt(&q.action),
        from_ms: day(&q.from, "起始日期")?,
        to_ms: day(&q.to, "截止日期")?.map(|t| t + 86_400_000),
        before_id: q.before,
        limit: q.limit.unwrap_or(100),
    })
}

pub struct Row {
    id: i64,
    at: String,
    actor: String,
    agency: String,
    action: String,
    target: String,
    before: String,
    after: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    chrome: Chrome,
    q: AuditQuery,
    agencies: Vec<Opt>,
    actions: Vec<Opt>,
    rows: Vec<Row>,
    older: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, WebError> {
    let tree = state.tree().await?;
    let filter = scoped_filter(&tree, &staff.user, &q)?;
    let records: Vec<AuditRecord> = state.store.list_audit(&filter).await?;
    let agencies = tree
        .ordered()
        .into_iter()
        .filter(|(_, a)| {
            staff.user.role == Role::SystemAdmin
                || tree.allows(staff.user.role, staff.user.agency_id, Action::ViewAudit, Some(a.id))
        })
        .map(|(d, a)| Opt {
            value: a.id.to_string(),
            label: format!("{}{}", "　".repeat(d), a.name),
            selected: q.agency.trim() == a.id.to_string(),
        })
        .collect();
    let actions = state
        .store
        .audit_actions()
        .await?
        .into_iter()
        .map(|a| Opt { selected: q.action.trim() == a, label: a.clone(), value: a })
        .collect();
    let full_page = records.len() as i64 >= filter.limit.clamp(1, 1000);
    let older = match (full_page, records.last()) {
        (true, Some(last)) => Some(format!(
            "/admin/audit?agency={}&subtree={}&actor={}&action={}&from={}&to={}&before={}",
            crate::views::urlencode(&q.agency),
            crate::views::urlencode(&q.subtree),
            crate::views::urlencode(&q.actor),
            crate::views::urlencode(&q.action),
            crate::views::urlencode(&q.from),
            crate::views::urlencode(&q.to),
            last.id
        )),
        _ => None,
    };
    let rows = records
        .into_iter()
        .map(|r| Row {
            id: r.id,
            at: fmt_time(r.at_ms),
            agency: r.agency_id.map(|a| tree.name(a)).unwrap_or_else(|| "—".into()),
            actor: r.actor_name,
            action: r.action,
            target: r.target,
            before: r.before_json.unwrap_or_default(),
            after: r.after_json.unwrap_or_default(),
        })
        .collect();
    Ok(Html(render(&AuditPage { chrome, q, agencies, actions, rows, older })?))
}
