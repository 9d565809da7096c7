//! The web error type and how it renders: an HTML page (Chinese) for the
//! portal and back office. API handlers map it to JSON in `api.rs`.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use xxgk_store::StoreError;

use crate::views::{Chrome, ErrorPage, render};

/// Why a request did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("页面不存在")]
    NotFound,
    #[error("您没有执行此操作的权限")]
    Forbidden,
    #[error("请先登录")]
    LoginRequired(String),
    #[error("表单已过期或来源不明（CSRF 校验失败），请返回后刷新页面重试")]
    Csrf,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    #[error("登录失败次数过多，请于 {} 后再试（约 {} 分钟后）", crate::views::fmt_time(*until_ms), minutes_until(*now_ms, *until_ms))]
    TooManyAttempts { until_ms: i64, now_ms: i64 },
    #[error("服务器内部错误，请稍后重试")]
    Internal(String),
    /// A service this server lacks for now (no Chinese font for PDF); the
    /// message says what and what to use instead.
    #[error("{0}")]
    Unavailable(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::LoginRequired(_) => StatusCode::UNAUTHORIZED,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::Validation(v) => WebError::BadRequest(format!("{}：{}", field_label(v.field), v.message)),
            StoreError::UsernameTaken(_) | StoreError::Conflict(_) => WebError::Conflict(e.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

/// Chinese name of a form field, for error messages.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "名称",
        "kind" => "机关类型",
        "functions" => "机构职能",
        "address" => "办公地址",
        "hours" => "办公时间",
        "phone" => "联系电话",
        "head" => "负责人",
        "username" => "用户名",
        "password" => "密码",
        "display_name" => "姓名",
        "role" => "角色",
        "agency_id" | "parent_id" => "机关",
        _ => "输入",
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::LoginRequired(next) = &self {
            let next = crate::auth::safe_next(next);
            return Redirect::to(&format!("/admin/login?next={}", crate::views::urlencode(&next))).into_response();
        }
        if let WebError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let page = ErrorPage { chrome: Chrome::bare(), status: self.status().as_u16(), message: self.to_string() };
        let body = render(&page).unwrap_or_else(|_| self.to_string());
        (self.status(), Html(body)).into_response()
    }
}

/// Whole minutes from `now_ms` to `until_ms`, rounded up (at least 1).
fn minutes_until(now_ms: i64, until_ms: i64) -> i64 {
    ((until_ms - now_ms).max(1) + 59_999) / 60_000
}
