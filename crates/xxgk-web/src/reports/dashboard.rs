//! The supervisor dashboard (supervisors, agency admins, the system admin;
//! scoped to their subtree): per agency for a year its status, timeliness
//! against its deadline (`xxgk_hub::DeadlinePolicy` and the app clock),
//! errors and warnings, the C-1 carry-over result; filters; the roll-up of
//! tables 三 and 四; SVG charts; CSV export. The same rows feed the API.

use std::collections::{HashMap, HashSet};
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
use xxgk_store::{CheckTotals, ReportChecks, ReportFilter, ReportVersion, User};

use super::{counting, oversight, report_of};
use crate::AppState;
use crate::auth::Staff;
use crate::error::WebError;
use crate::scope::Tree;
use crate::views::{Chrome, Pager, render};

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
    /// Page of the table, from 1.
    #[serde(default)]
    pub page: usize,
}

/// Everything the dashboard shows.
pub struct Dashboard {
    pub rows: Vec<DashRow>,
    pub rollup: Rollup,
    /// (year, received, concluded) over five years, subtree totals.
    pub trend: Vec<(i32, i64, i64)>,
    /// The two charts, SVG.
    pub chart_agencies: String,
    pub chart_years: String,
    /// The `/api/dashboard` body, serialized on first use.
    pub api_body: std::sync::OnceLock<axum::body::Bytes>,
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

/// Whose dashboard: it depends on the place and role, not on the account,
/// and on today's date (lateness moves with the day).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DashScope {
    agency: i64,
    role: xxgk_domain::Role,
    year: i32,
    today: time::Date,
}

/// The dashboard of `user`'s subtree (everything for the system admin) for
/// `year`: kept until a report or agency in that subtree changes; computed
/// once for all requests that arrive while it is being computed.
pub async fn build(state: &AppState, user: &User, year: i32) -> Result<Arc<Dashboard>, WebError> {
    // Stamps first, then the data: what is computed is at least as new.
    let mut stamps = state.store.view_stamps(user.agency_id).await?;
    let tree = state.tree_at(stamps.tree).await?;
    if user.role == xxgk_domain::Role::SystemAdmin {
        // Every root's subtree: their stamps only grow, so the sum moves
        // whenever any of them does.
        stamps.subtree = 0;
        for root in tree.roots() {
            stamps.subtree += state.store.view_stamps(root).await?.subtree;
        }
    }
    let scope = DashScope { agency: user.agency_id, role: user.role, year, today: state.clock.today() };
    state.views.dashboards.get(scope, stamps, || compute(state, &tree, user, year)).await
}

async fn compute(state: &AppState, tree: &Tree, user: &User, year: i32) -> Result<Dashboard, WebError> {
    let ids = oversight(tree, user)?;
    let years: Vec<i32> = (year - TREND_YEARS + 1..=year).collect();
    let all = state
        .store
        .list_report_versions(&ReportFilter {
            // The system admin sees every agency: no list of ids to send.
            agency_ids: (user.role != xxgk_domain::Role::SystemAdmin).then(|| ids.clone()),
            // One year more: the first trend year is checked against it (C-1).
            years: Some((year - TREND_YEARS..=year).collect()),
            metadata_only: true,
        })
        .await?;
    let mut by_key: HashMap<(i64, i32), Vec<&ReportVersion>> = HashMap::new();
    for v in &all {
        by_key.entry((v.agency_id, v.year)).or_default().push(v);
    }
    let counted: HashMap<(i64, i32), &ReportVersion> =
        by_key.iter().filter_map(|(k, vs)| counting(vs.iter().copied()).map(|v| (*k, v))).collect();
    let Checks { shown: checks, totals } = checks_of(state, tree, &counted, year).await?;
    let today = state.clock.today();
    let mut rows = Vec::with_capacity(ids.len());
    let mut tables = Vec::new();
    let mut received = Vec::new();
    let depths: Box<dyn Iterator<Item = (usize, &xxgk_domain::Agency)>> = if user.role == xxgk_domain::Role::SystemAdmin
    {
        Box::new(tree.ordered().into_iter())
    } else {
        Box::new(tree.subtree_ordered(user.agency_id))
    };
    for (depth, agency) in depths {
        let id = agency.id;
        let versions = by_key.get(&(id, year)).cloned().unwrap_or_default();
        let (status, status_label) = status_of(&versions);
        let deadline = state.deadlines.deadline(agency.kind, year);
        let first = versions.iter().filter_map(|v| v.published_at_ms).min().map(crate::date_of_ms);
        let t = timeliness(first, deadline, today);
        let mut row = DashRow {
            agency_id: id,
            agency: agency.name.clone(),
            depth: depth.min(6),
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
        if let Some(v) = counted.get(&(id, year))
            && let Some(c) = checks.get(&v.id)
        {
            (row.errors, row.warnings) = (c.errors as usize, c.warnings as usize);
            (row.carry_over, row.carry_over_label) = match (counted.get(&(id, year - 1)), c.carry_over) {
                (None, _) => ("no_previous", "无上年报告".into()),
                (Some(_), 0) => ("ok", "一致".into()),
                (Some(_), n) => ("broken", format!("不一致（{n} 处）")),
            };
            row.version_id = Some(v.id);
            received.push((id, c.received, c.concluded));
            tables.push(
                super::cache::tables(c, year).ok_or_else(|| {
                    WebError::Internal(format!("derived numbers of report #{} do not read back", v.id))
                })?,
            );
        }
        rows.push(row);
    }
    let rollup = Rollup::of(ReportTemplate::for_year(year), tables.iter());
    drop(tables);
    let trend: Vec<(i32, i64, i64)> = years
        .iter()
        .map(|&y| {
            let (mut r, mut c) = (0, 0);
            for (_, v) in counted.iter().filter(|((_, vy), _)| *vy == y) {
                if let Some((received, concluded)) = totals.get(&v.id) {
                    r += received;
                    c += concluded;
                }
            }
            (y, r, c)
        })
        .collect();
    let (chart_agencies, chart_years) = charts(year, &rows, &received, &trend)?;
    Ok(Dashboard { rows, rollup, trend, chart_agencies, chart_years, api_body: Default::default() })
}

/// Years the trend chart spans, the shown one included.
const TREND_YEARS: i32 = 5;

/// The derived numbers a dashboard needs, by version id.
struct Checks {
    /// In full, for the counting versions of the shown year.
    shown: HashMap<i64, ReportChecks>,
    /// (received, concluded) of the counting versions of every trend year.
    totals: HashMap<i64, (i64, i64)>,
}

/// The derived numbers of the counting versions of the trend years (in
/// full for the shown `year` only: the tables of the other years are never
/// read), from the store; versions with none, or stale ones, are computed
/// from their reports — fetched in one query — and stored for next time.
async fn checks_of(
    state: &AppState,
    tree: &Tree,
    counted: &HashMap<(i64, i32), &ReportVersion>,
    year: i32,
) -> Result<Checks, WebError> {
    let in_trend = |y: i32| y > year - TREND_YEARS && y <= year;
    let (mut shown_ids, mut trend_ids) = (Vec::new(), Vec::new());
    for (&(_, y), v) in counted {
        if y == year {
            shown_ids.push(v.id);
        } else if in_trend(y) {
            trend_ids.push(v.id);
        }
    }
    let mut shown: HashMap<i64, ReportChecks> =
        state.store.report_checks(&shown_ids).await?.into_iter().map(|c| (c.report_id, c)).collect();
    let stored_totals: HashMap<i64, CheckTotals> =
        state.store.report_check_totals(&trend_ids).await?.into_iter().map(|c| (c.report_id, c)).collect();
    // What each stored row was derived from: (version's updated_at, basis).
    let marker = |id: i64| -> Option<(i64, &str)> {
        match shown.get(&id) {
            Some(c) => Some((c.updated_at_ms, c.basis.as_str())),
            None => stored_totals.get(&id).map(|c| (c.updated_at_ms, c.basis.as_str())),
        }
    };
    let kind = |agency: i64| tree.get(agency).map(|a| a.kind).unwrap_or(xxgk_domain::AgencyKind::Other);
    let stale: Vec<(&ReportVersion, Option<&ReportVersion>)> = counted
        .iter()
        .filter(|((_, y), _)| in_trend(*y))
        .map(|(&(agency, y), &v)| (v, counted.get(&(agency, y - 1)).copied()))
        .filter(|(v, previous)| {
            marker(v.id).is_none_or(|(updated_at_ms, basis)| {
                updated_at_ms != v.updated_at_ms || basis != super::cache::basis(*previous, kind(v.agency_id))
            })
        })
        .collect();
    let mut totals: HashMap<i64, (i64, i64)> = shown
        .values()
        .map(|c| (c.report_id, (c.received, c.concluded)))
        .chain(stored_totals.values().map(|c| (c.report_id, (c.received, c.concluded))))
        .collect();
    if stale.is_empty() {
        return Ok(Checks { shown, totals });
    }
    let mut wanted: Vec<i64> = stale.iter().flat_map(|(v, p)| [Some(v.id), p.map(|p| p.id)]).flatten().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let full: HashMap<i64, ReportVersion> =
        state.store.report_versions_by_id(&wanted).await?.into_iter().map(|v| (v.id, v)).collect();
    let mut parsed: HashMap<i64, Report> = HashMap::with_capacity(full.len());
    for (id, v) in &full {
        parsed.insert(*id, report_of(v)?);
    }
    let shown_set: HashSet<i64> = shown_ids.into_iter().collect();
    let mut fresh = Vec::with_capacity(stale.len());
    for (v, previous) in stale {
        let (Some(full_v), Some(report)) = (full.get(&v.id), parsed.get(&v.id)) else { continue };
        let prev = previous.and_then(|p| Some((full.get(&p.id)?, parsed.get(&p.id)?)));
        fresh.push(super::cache::derive(full_v, report, prev, kind(v.agency_id)));
    }
    state.store.put_report_checks(&fresh).await?;
    for c in fresh {
        totals.insert(c.report_id, (c.received, c.concluded));
        if shown_set.contains(&c.report_id) {
            shown.insert(c.report_id, c);
        }
    }
    Ok(Checks { shown, totals })
}

/// Applies the filters to the rows.
pub fn filtered<'a>(rows: &'a [DashRow], q: &DashQuery) -> Vec<&'a DashRow> {
    rows.iter()
        .filter(|r| q.status.is_empty() || r.status == q.status || (q.status == "late" && r.late))
        .filter(|r| q.errors != "1" || r.errors > 0)
        .filter(|r| q.late != "1" || r.late)
        .collect()
}

/// A roll-up row: label and numbers.
pub struct SumRow {
    pub label: String,
    pub values: Vec<i64>,
}

#[derive(Template)]
#[template(path = "reports_dashboard.html")]
struct DashboardPage<'a> {
    chrome: Chrome,
    year: i32,
    q: DashQuery,
    rows: Vec<&'a DashRow>,
    pager: Pager,
    total: usize,
    summed: usize,
    skipped: usize,
    t3_cols: Vec<&'static str>,
    t3: Vec<SumRow>,
    t4: Vec<SumRow>,
    t4_cols: Vec<&'static str>,
    chart_agencies: &'a str,
    chart_years: &'a str,
    csv_href: String,
}

/// Rows of the dashboard table per page.
pub const PAGE_ROWS: usize = 200;

pub async fn page(
    State(state): State<AppState>,
    chrome: Chrome,
    staff: Staff,
    Query(q): Query<DashQuery>,
) -> Result<Html<String>, WebError> {
    let year = q.year.unwrap_or_else(|| super::default_year(&state));
    let dash = build(&state, &staff.user, year).await?;
    let template = dash.rollup.template;
    let t3 = T3Row::of(template)
        .iter()
        .map(|row| SumRow { label: row.display(), values: dash.rollup.table3[*row].to_vec() })
        .collect();
    let t4 = T4Group::ALL
        .iter()
        .map(|g| SumRow { label: g.label().to_string(), values: dash.rollup.table4[*g].to_vec() })
        .collect();
    let filters = format!(
        "year={year}&status={}&errors={}&late={}",
        crate::views::urlencode(&q.status),
        crate::views::urlencode(&q.errors),
        crate::views::urlencode(&q.late)
    );
    let rows = filtered(&dash.rows, &q);
    let pager = Pager::new(rows.len(), q.page, PAGE_ROWS, &format!("/admin/hub?{filters}"));
    let page = DashboardPage {
        chrome,
        year,
        total: dash.rows.len(),
        rows: rows.into_iter().skip(pager.first).take(PAGE_ROWS).collect(),
        pager,
        q,
        summed: dash.rollup.reports,
        skipped: dash.rollup.skipped,
        t3_cols: (0..7).filter_map(T3Col::from_index).map(|c| c.label()).collect(),
        t3,
        t4,
        t4_cols: TABLE4_COLUMNS.to_vec(),
        chart_agencies: &dash.chart_agencies,
        chart_years: &dash.chart_years,
        csv_href: format!("/admin/hub.csv?{filters}"),
    };
    Ok(Html(render(&page)?))
}

/// The charts of a dashboard (SVG), drawn once per computed dashboard.
fn charts(
    year: i32,
    rows: &[DashRow],
    received: &[(i64, i64, i64)],
    trend: &[(i32, i64, i64)],
) -> Result<(String, String), WebError> {
    let names: HashMap<i64, &str> = rows.iter().map(|r| (r.agency_id, r.agency.as_str())).collect();
    let groups: Vec<BarGroup> = received
        .iter()
        .take(40)
        .map(|(id, received, concluded)| BarGroup {
            label: names.get(id).map(|n| n.to_string()).unwrap_or_default(),
            values: vec![*received, *concluded],
        })
        .collect();
    let agencies =
        grouped_bars(&format!("{year} 年度各机关申请收到与办结（件）"), &["新收申请", "办理结果总计"], &groups)
            .map_err(WebError::Internal)?;
    let years: Vec<BarGroup> =
        trend.iter().map(|(y, a, b)| BarGroup { label: format!("{y}"), values: vec![*a, *b] }).collect();
    let years = grouped_bars("近五年申请收到与办结（件，合计）", &["新收申请", "办理结果总计"], &years)
        .map_err(WebError::Internal)?;
    Ok((agencies, years))
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
                r.agency.clone(),
                r.kind.to_string(),
                r.status_label.to_string(),
                r.deadline.clone(),
                r.first_published.clone().unwrap_or_default(),
                r.timeliness.clone(),
                r.errors.to_string(),
                r.warnings.to_string(),
                r.carry_over_label.clone(),
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
