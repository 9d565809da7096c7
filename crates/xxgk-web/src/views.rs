//! Page chrome and shared view helpers: the [`Chrome`] every page carries
//! (signed-in user, CSRF token, large-font mode, navigation rights), template
//! rendering, time formatting (China Standard Time) and URL encoding.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use time::macros::offset;
use time::{OffsetDateTime, format_description::BorrowedFormatItem, macros::format_description};
use xxgk_domain::{Action, Relation, can};

use crate::auth::{Staff, cookie};
use crate::error::WebError;

/// What the page frame needs: who is signed in, the CSRF token for forms,
/// large-font mode, and which back-office sections to show.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub large: bool,
    /// URL-encoded current path + query (for the font toggle's return).
    pub here: String,
    pub username: Option<String>,
    pub role_label: String,
    pub csrf: String,
    pub nav_users: bool,
    pub nav_audit: bool,
}

impl Chrome {
    /// Frame for error pages rendered outside an extractor.
    pub fn bare() -> Self {
        Self { here: "%2F".into(), ..Default::default() }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let large = cookie(&parts.headers, "xxgk_font").as_deref() == Some("large");
        // Inside `nest("/admin", …)` the URI is stripped; the original is not.
        let uri = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map(|o| o.0.clone())
            .unwrap_or_else(|| parts.uri.clone());
        let here = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let mut chrome = Chrome { large, here: urlencode(here), ..Default::default() };
        if let Some(staff) = parts.extensions.get::<Staff>() {
            let role = staff.user.role;
            chrome.username = Some(staff.user.username.clone());
            chrome.role_label = role.label().to_string();
            chrome.csrf = staff.csrf.clone();
            chrome.nav_users = can(role, Action::ViewUsers, Relation::Same);
            chrome.nav_audit = can(role, Action::ViewAudit, Relation::Same);
        }
        Ok(chrome)
    }
}

/// Renders a template.
pub fn render(t: &impl Template) -> Result<String, WebError> {
    Ok(t.render()?)
}

/// Percent-encodes everything but unreserved characters.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

const TIME_FMT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

/// Unix milliseconds as `YYYY-MM-DD HH:MM:SS` in China Standard Time.
pub fn fmt_time(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| t.to_offset(offset!(+8)).format(TIME_FMT).unwrap_or_default())
        .unwrap_or_default()
}

/// `YYYY-MM-DD` (China Standard Time) to Unix ms at that day's start.
pub fn parse_day(s: &str) -> Option<i64> {
    let fmt = format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(s.trim(), &fmt).ok()?;
    let t = d.midnight().assume_offset(offset!(+8));
    Some((t.unix_timestamp_nanos() / 1_000_000) as i64)
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub status: u16,
    pub message: String,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub csrf: String,
    pub next: String,
    pub username: String,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times() {
        let ms = parse_day("2026-01-02").unwrap();
        assert_eq!(fmt_time(ms), "2026-01-02 00:00:00");
        assert!(parse_day("2026-13-01").is_none());
        assert_eq!(urlencode("/a?b=c&d"), "/a%3Fb%3Dc%26d");
    }
}

/// One page of a long list (thousands of agencies): which rows it shows and
/// the links to its neighbours (`templates/pager.html`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// Index of the first row shown.
    pub first: usize,
    /// This page, from 1.
    pub page: usize,
    pub pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// Page `page` (from 1; 0 and pages past the end show the nearest page)
    /// of `rows` rows, `per` a page; `base` is the list's URL with its query,
    /// to which the links add `page=N`.
    pub fn new(rows: usize, page: usize, per: usize, base: &str) -> Pager {
        let per = per.max(1);
        let pages = rows.div_ceil(per).max(1);
        let page = page.clamp(1, pages);
        let sep = if base.contains('?') { '&' } else { '?' };
        let link = |p: usize| format!("{base}{sep}page={p}");
        Pager {
            first: (page - 1) * per,
            page,
            pages,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }
}

#[cfg(test)]
mod pager_tests {
    use super::Pager;

    #[test]
    fn pages_cover_every_row_once_and_clamp_out_of_range_pages() {
        let p = Pager::new(450, 2, 200, "/x?year=2024");
        assert_eq!((p.first, p.page, p.pages), (200, 2, 3));
        assert_eq!(p.prev.as_deref(), Some("/x?year=2024&page=1"));
        assert_eq!(p.next.as_deref(), Some("/x?year=2024&page=3"));
        let last = Pager::new(450, 99, 200, "/x");
        assert_eq!((last.first, last.page, last.next), (400, 3, None));
        let empty = Pager::new(0, 0, 200, "/x");
        assert_eq!((empty.first, empty.page, empty.pages, empty.prev), (0, 1, 1, None));
        assert_eq!(Pager::new(10, 1, 5, "/y").next.as_deref(), Some("/y?page=2"));
    }
}
