//! The supervisor dashboard (supervisors, agency admins, the system admin;
//! scoped to their subtree): per agency for a year its status, timeliness
//! against its deadline (`xxgk_hub::DeadlinePolicy` and the app clock),
//! errors and warnings, the C-1 carry-over result; filters; the roll-up of
//! tables 三 and 四; SVG charts; CSV export. The same rows feed the API.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use xxgk_hub::chart::{BarGroup, grouped_bars};
use xxgk_hub::{Rollup, timeliness};
use xxgk_report::labels::TABLE4_COLUMNS;
use xxgk_report::{Report, T3Col, T3Row, T4Group, Template as ReportTemplate};
use xxgk_store::{ReportFilter, ReportVersion, User};

use super::{counting, oversight};
use crate::AppState;
use crate::auth::Staff;
use crate::error::WebError;
use crate::views::{Chrome, render};

/// One agency's line on the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct DashRow {
    pub agency_id: i64,
    pub agency: String,
    #[serde(skip)]
    pub depth: usize,
    pub kind: &'static str,
    /// `none`, `draft`, `submitted`, `approved`, `published`.
    pub status: &'static str,
    pub status_label: &'static str,
    pub deadline: String,
    pub first_published: Option<String>,
    pub timeliness: String,
    pub late: bool,
    pub errors: usize,
    pub warnings: usize,
    /// `ok`, `broken`, `no_previous` or `none` (no report).
    pub carry_over: &'static str,
    pub carry_over_label: String,
    /// The version the counts refer to.
    pub version_id: Option<i64>,
}

/// Dashboard filters (query string).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DashQuery {
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub errors: String,
    #[serde(default)]
    pub late: String,
}

/// Everything the dashboard shows.
pub struct Dashboard {
    pub rows: Vec<DashRow>,
    pub rollup: Rollup,
    /// Counting reports of the year, by agency.
    pub reports: Vec<(i64, Arc<Report>)>,
    /// (year, received, concluded) over five years, subtree totals.
    pub trend: Vec<(i32, i64, i64)>,
}

fn status_of(versions: &[&ReportVersion]) -> (&'static str, &'static str) {
    if versions.iter().any(|v| matches!(v.state.as_str(), "published" | "superseded")) {
        return ("published", "已发布");
    }
    match versions.iter().max_by_key(|v| v.version).map(|v| v.state.as_str()) {
        None => ("none", "未开始"),
        Some("submitted") => ("submitted", "已提交"),
        Some("approved") => ("approved", "已审核待发布"),
        Some(_) => ("draft", "草稿"),
    }
}

/// Builds the dashboard of `user`'s subtree for `year`.
/// The dashboard of `user` for `year`, from the cache when nothing changed
/// since it was built: the key holds the newest audit record's id (every
/// change is audited), the user's place and role, the year and today's date
/// (lateness moves with the day).
pub async fn build(state: &AppState, user: &User, year: i32) -> Result<Arc<Dashboard>, WebError> {
    let key = DashKey {
        last_change: state.store.last_audit_id().await?,
        user: user.id,
        agency: user.agency_id,
        role: user.role,
        year,
        today: state.clock.today(),
    };
    if let Some(dash) = state.hub_cache.dashboard(&key) {
        return Ok(dash);
    }
    let dash = Arc::new(compute(state, user, year).await?);
    state.hub_cache.keep_dashboard(key, dash.clone());
    Ok(dash)
}

/// What a cached dashboard depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DashKey {
    last_change: i64,
    user: i64,
    agency: i64,
    role: xxgk_domain::Role,
    year: i32,
    today: time::Date,
}

async fn compute(state: &AppState, user: &User, year: i32) -> Result<Dashboard, WebError> {
    let tree = state.tree().await?;
    let ids = oversight(&tree, user)?;
    let years: Vec<i32> = (year - 4..=year).collect();
    let all = state
        .store
        .list_report_versions(&ReportFilter {
            agency_ids: Some(ids.clone()),
            years: Some(years.clone()),
            metadata_only: true,
        })
        .await?;
    let mut by_key: HashMap<(i64, i32), Vec<&ReportVersion>> = HashMap::new();
    for v in &all {
        by_key.entry((v.agency_id, v.year)).or_default().push(v);
    }
    let today = state.clock.today();
    let depth: HashMap<i64, usize> = tree.ordered().into_iter().map(|(d, a)| (a.id, d)).collect();
    let base = depth.get(&user.agency_id).copied().unwrap_or(0);
    let mut rows = Vec::new();
    let mut reports = Vec::new();
    for id in &ids {
        let Some(agency) = tree.get(*id) else { continue };
        let versions = by_key.get(&(*id, year)).cloned().unwrap_or_default();
        let (status, status_label) = status_of(&versions);
        let deadline = state.deadlines.deadline(agency.kind, year);
        let first = versions.iter().filter_map(|v| v.published_at_ms).min().map(crate::date_of_ms);
        let t = timeliness(first, deadline, today);
        let mut row = DashRow {
            agency_id: *id,
            agency: agency.name.clone(),
            depth: depth.get(id).copied().unwrap_or(0).saturating_sub(base).min(6),
            kind: agency.kind.label(),
            status,
            status_label,
            deadline: deadline.to_string(),
            first_published: first.map(|d| d.to_string()),
            timeliness: t.label(),
            late: t.is_late(),
            errors: 0,
            warnings: 0,
            carry_over: "none",
            carry_over_label: "—".into(),
            version_id: None,
        };
        if let Some(v) = counting(versions.iter().copied()) {
            let previous = by_key.get(&(*id, year - 1)).and_then(|vs| counting(vs.iter().copied()));
            let c = state.hub_cache.counts(state, v, previous, agency.kind).await?;
            (row.errors, row.warnings) = (c.errors, c.warnings);
            (row.carry_over, row.carry_over_label) = match (previous, c.carry_over) {
                (None, _) => ("no_previous", "无上年报告".into()),
                (Some(_), 0) => ("ok", "一致".into()),
                (Some(_), n) => ("broken", format!("不一致（{n} 处）")),
            };
            row.version_id = Some(v.id);
            reports.push((*id, state.hub_cache.report(state, v).await?));
        }
        rows.push(row);
    }
    let rollup = Rollup::of(ReportTemplate::for_year(year), reports.iter().map(|(_, r)| r.as_ref()));
    let mut trend = Vec::new();
    for y in years {
        let (mut received, mut concluded) = (0, 0);
        for id in &ids {
            if let Some(v) = by_key.get(&(*id, y)).and_then(|vs| counting(vs.iter().copied())) {
                let r = state.hub_cache.report(state, v).await?;
                received += r.table3[T3Row::NewReceived][T3Col::Total as usize];
                concluded += r.table3[T3Row::TotalProcessed][T3Col::Total as usize];
            }
        }
        trend.push((y, received, concluded));
    }
    Ok(Dashboard { rows, rollup, reports, trend })
}

/// Applies the filters to the rows.
pub fn filtered(rows: &[DashRow], q: &DashQuery) -> Vec<DashRow> {
    rows.iter()
        .filter(|r| q.status.is_empty() || r.status == q.status || (q.status == "late" && r.late))
        .filter(|r| q.errors != "1" || r.errors > 0)
        .filter(|r| q.late != "1" || r.late)
        .cloned()
        .collect()
}

/// A roll-up row: label and numbers.
pub struct SumRow {
    pub label: String,
    pub values: Vec<i64>,
}

#[derive(Template)]
#[template(path = "reports_dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    year: i32,
    q: DashQuery,
    rows: Vec<DashRow>,
    total: usize,
    summed: usize,
    skipped: usize,
    t3_cols: Vec<&'static str>,
    t3: Vec<SumRow>,
    t4: Vec<SumRow>,
    t4_cols: Vec<&'static str>,
    chart_agencies: String,
    chart_years: String,
    csv_href: String,
}

pub async fn page(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Query(q): Query<DashQuery>,
) -> Result<Html<String>, WebError> {
    let year = q.year.unwrap_or_else(|| super::default_year(&state));
    let dash = build(&state, &staff.user, year).await?;
    let total = dash.rows.len();
    let names: HashMap<i64, String> = dash.rows.iter().map(|r| (r.agency_id, r.agency.clone())).collect();
    let groups: Vec<BarGroup> = dash
        .reports
        .iter()
        .map(|(id, r)| BarGroup {
            label: names.get(id).cloned().unwrap_or_default(),
            values: vec![
                r.table3[T3Row::NewReceived][T3Col::Total as usize],
                r.table3[T3Row::TotalProcessed][T3Col::Total as usize],
            ],
        })
        .take(40)
        .collect();
    let chart_agencies =
        grouped_bars(&format!("{year} 年度各机关申请收到与办结（件）"), &["新收申请", "办理结果总计"], &groups)
            .map_err(WebError::Internal)?;
    let years: Vec<BarGroup> =
        dash.trend.iter().map(|(y, a, b)| BarGroup { label: format!("{y}"), values: vec![*a, *b] }).collect();
    let chart_years = grouped_bars("近五年申请收到与办结（件，合计）", &["新收申请", "办理结果总计"], &years)
        .map_err(WebError::Internal)?;
    let template = dash.rollup.template;
    let t3 = T3Row::of(template)
        .iter()
        .map(|row| SumRow { label: row.display(), values: dash.rollup.table3[*row].to_vec() })
        .collect();
    let t4 = T4Group::ALL
        .iter()
        .map(|g| SumRow { label: g.label().to_string(), values: dash.rollup.table4[*g].to_vec() })
        .collect();
    let csv_href = format!(
        "/admin/hub.csv?year={year}&status={}&errors={}&late={}",
        crate::views::urlencode(&q.status),
        crate::views::urlencode(&q.errors),
        crate::views::urlencode(&q.late)
    );
    let page = DashboardPage {
        chrome,
        year,
        rows: filtered(&dash.rows, &q),
        q,
        total,
        summed: dash.rollup.reports,
        skipped: dash.rollup.skipped,
        t3_cols: (0..7).filter_map(T3Col::from_index).map(|c| c.label()).collect(),
        t3,
        t4,
        t4_cols: TABLE4_COLUMNS.to_vec(),
        chart_agencies,
        chart_years,
        csv_href,
    };
    Ok(Html(render(&page)?))
}

pub async fn csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DashQuery>,
) -> Result<Response, WebError> {
    let year = q.year.unwrap_or_else(|| super::default_year(&state));
    let dash = build(&state, &staff.user, year).await?;
    let rows: Vec<Vec<String>> = filtered(&dash.rows, &q)
        .into_iter()
        .map(|r| {
            vec![
                r.agency,
                r.kind.to_string(),
                r.status_label.to_string(),
                r.deadline,
                r.first_published.unwrap_or_default(),
                r.timeliness,
                r.errors.to_string(),
                r.warnings.to_string(),
                r.carry_over_label,
            ]
        })
        .collect();
    let text = xxgk_hub::csv::write(
        &["机关", "类型", "状态", "期限", "首次发布", "及时性", "错误", "提示", "跨年度衔接（C-1）"],
        &rows,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"hub-{year}.csv\"")),
        ],
        text,
    )
        .into_response())
}
