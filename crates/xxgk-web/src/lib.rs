//! HTTP for the platform, and the only crate that knows HTTP: the public
//! portal (agency directory), the staff back office (sessions, CSRF, roles
//! checked on every route), the JSON API with bearer tokens and its OpenAPI
//! document. [`router`] builds the app; [`serve`] runs it with graceful
//! shutdown.

mod admin_account;
mod admin_agencies;
mod admin_audit;
mod admin_users;
mod api;
mod api_doc;
mod auth;
mod error;
pub mod pdf;
mod portal;
mod redirect;
mod reports;
mod scope;
mod views;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::routing::{get, post};
use xxgk_store::DynStore;
use xxgk_store::password::PasswordHasher;

pub use error::WebError;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Always mark cookies `Secure` (set when served behind TLS). Requests
    /// arriving with `X-Forwarded-Proto: https` get `Secure` cookies anyway.
    pub secure_cookies: bool,
    /// Session lifetime in milliseconds.
    pub session_ttl_ms: i64,
    /// Failed sign-ins allowed per (username, IP) within the window.
    pub login_max_failures: i64,
    /// Failed sign-ins allowed per username, from any address, within the
    /// window (stops guessing spread over many addresses).
    pub login_account_max_failures: i64,
    /// Throttling window in milliseconds.
    pub login_window_ms: i64,
    /// How long a claim on a batch file holds without renewal (the holder
    /// renews three times per period while reading).
    pub batch_lease_ms: i64,
    /// Claims a batch file gets before a file whose workers keep dying is
    /// failed.
    pub batch_max_attempts: i64,
    /// Where the audit chain's head anchor is written after each change
    /// (checked within a second); `None`: nowhere.
    pub audit_anchor_file: Option<std::path::PathBuf>,
    /// How uploaded documents are read: by default in a confined worker
    /// process (this executable, which must then be `xxgk`); in-process only
    /// where a test says so.
    pub document_reader: xxgk_isolate::Reader,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_ttl_ms: 12 * 3_600_000,
            login_max_failures: 5,
            login_account_max_failures: 20,
            login_window_ms: 15 * 60_000,
            batch_lease_ms: 60_000,
            batch_max_attempts: 2,
            audit_anchor_file: None,
            document_reader: xxgk_isolate::Reader::default(),
        }
    }
}

impl WebConfig {
    /// The sign-in limits the store enforces.
    pub fn login_limits(&self) -> xxgk_store::LoginLimits {
        xxgk_store::LoginLimits {
            window_ms: self.login_window_ms,
            pair_max: self.login_max_failures,
            account_max: self.login_account_max_failures,
        }
    }
}

/// The time the hub judges deadlines and stamps workflow steps by: the
/// system clock, or a fixed instant that tests set (and move).
#[derive(Clone, Default)]
pub struct Clock(Arc<AtomicI64>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock standing at `ms` (Unix milliseconds) until [`Clock::set_ms`].
    pub fn fixed(ms: i64) -> Self {
        Self(Arc::new(AtomicI64::new(ms)))
    }

    /// Moves a fixed clock (0 returns to the system clock).
    pub fn set_ms(&self, ms: i64) {
        self.0.store(ms, Ordering::Relaxed);
    }

    /// Sets the clock to noon (China Standard Time) of `date`.
    pub fn set_date(&self, date: time::Date) {
        let t = date.with_hms(12, 0, 0).unwrap_or(date.midnight()).assume_offset(time::macros::offset!(+8));
        self.set_ms((t.unix_timestamp_nanos() / 1_000_000) as i64);
    }

    /// Now, in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        match self.0.load(Ordering::Relaxed) {
            0 => xxgk_store::now_ms(),
            ms => ms,
        }
    }

    /// Today's date in China Standard Time.
    pub fn today(&self) -> time::Date {
        date_of_ms(self.now_ms())
    }
}

/// The China Standard Time date of a Unix-ms instant.
pub fn date_of_ms(ms: i64) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| t.to_offset(time::macros::offset!(+8)).date())
        .unwrap_or(time::Date::MIN)
}

/// The agency tree and the agency stamp it was read under.
type StampedTree = (i64, Arc<scope::Tree>);

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: DynStore,
    pub hasher: PasswordHasher,
    pub config: Arc<WebConfig>,
    /// "Now" for the report workflow and deadlines.
    pub clock: Clock,
    /// Annual-report deadlines per kind of body.
    pub deadlines: xxgk_hub::DeadlinePolicy,
    /// Views that span the tree (dashboards, year pages), single-flight,
    /// keyed by the database's change stamps.
    pub(crate) views: Arc<reports::cache::ViewCaches>,
    /// Reads batch uploads in the background.
    pub(crate) batch_worker: Arc<reports::batch::Worker>,
    /// The agency tree, with the agency stamp it was read under.
    tree_cache: Arc<std::sync::Mutex<Option<StampedTree>>>,
    /// Renders reports as PDF (fonts scanned once).
    pub pdf: Arc<pdf::PdfService>,
}

impl AppState {
    pub fn new(store: DynStore, hasher: PasswordHasher, config: WebConfig) -> Self {
        Self {
            store,
            hasher,
            config: Arc::new(config),
            clock: Clock::system(),
            deadlines: xxgk_hub::DeadlinePolicy::default(),
            views: Arc::default(),
            batch_worker: Arc::default(),
            tree_cache: Arc::default(),
            pdf: Arc::default(),
        }
    }

    /// Uses this PDF engine (the server scans its fonts before it listens).
    pub fn with_pdf(mut self, pdf: pdf::PdfService) -> Self {
        self.pdf = Arc::new(pdf);
        self
    }

    /// Uses `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The agency tree. Every change to an agency row moves the database's
    /// agency stamp (a trigger), so the tree is read again only when that
    /// stamp moved: one indexed read per request instead of every agency
    /// row, and writes that touch no agency (a report step) keep the tree.
    /// Each instance on one database sees the same stamp.
    pub(crate) async fn tree(&self) -> Result<Arc<scope::Tree>, WebError> {
        self.tree_at(self.store.view_stamps(0).await?.tree).await
    }

    /// The agency tree, given the agency stamp the caller has just read
    /// (pages that read the stamps of their scope anyway save a round trip).
    pub(crate) async fn tree_at(&self, stamp: i64) -> Result<Arc<scope::Tree>, WebError> {
        if let Ok(cached) = self.tree_cache.lock()
            && let Some((at, tree)) = cached.as_ref()
            && *at == stamp
        {
            return Ok(tree.clone());
        }
        // Read after the stamp, so it is at least as new as the stamp says.
        let tree = Arc::new(scope::Tree::new(self.store.list_agencies().await?));
        if let Ok(mut cached) = self.tree_cache.lock() {
            *cached = Some((stamp, tree.clone()));
        }
        Ok(tree)
    }

    /// Starts the background work: the batch-import queue, including files
    /// a stopped process left in it. [`serve`] calls it; uploads start it too.
    pub fn start_background_work(&self) {
        self.batch_worker.wake(self);
        if let Some(path) = self.config.audit_anchor_file.clone() {
            tokio::spawn(keep_audit_anchor(self.store.clone(), path));
        }
    }

    /// Uses other annual-report deadlines.
    pub fn with_deadlines(mut self, deadlines: xxgk_hub::DeadlinePolicy) -> Self {
        self.deadlines = deadlines;
        self
    }
}

/// Moves the audit anchor file forward after changes (looked at every
/// second). A cut or rewritten tail is never written over: it is logged,
/// and `xxgk admin audit-verify` names it.
async fn keep_audit_anchor(store: DynStore, path: std::path::PathBuf) {
    let mut reported = false;
    loop {
        match xxgk_store::anchor::advance_anchor(store.as_ref(), &path).await {
            Ok(_) => reported = false,
            Err(e) if !reported => {
                tracing::error!(error = %e, "audit anchor not advanced");
                reported = true;
            }
            Err(_) => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let admin = Router::new()
        .route("/", get(admin_account::dashboard))
        .route("/logout", post(auth::logout))
        .route("/password", get(admin_account::password_form).post(admin_account::password_change))
        .route("/tokens", get(admin_account::tokens).post(admin_account::token_create))
        .route("/tokens/{id}/revoke", post(admin_account::token_revoke))
        .route("/agencies", get(admin_agencies::list).post(admin_agencies::create))
        .route("/agencies/new", get(admin_agencies::new_form))
        .route("/agencies/{id}", post(admin_agencies::update))
        .route("/agencies/{id}/edit", get(admin_agencies::edit_form))
        .route("/users", get(admin_users::list).post(admin_users::create))
        .route("/users/new", get(admin_users::new_form))
        .route("/users/{id}", get(admin_users::detail))
        .route("/users/{id}/role", post(admin_users::change_role))
        .route("/users/{id}/disable", post(admin_users::disable))
        .route("/users/{id}/enable", post(admin_users::enable))
        .route("/users/{id}/revoke-sessions", post(admin_users::revoke_sessions))
        .route("/audit", get(admin_audit::page))
        .merge(reports::admin_routes())
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::staff_layer));

    Router::new()
        .route("/", get(portal::home))
        .route("/agencies", get(portal::directory))
        .route("/agencies/{id}", get(portal::agency))
        .route("/healthz", get(portal::healthz))
        .route("/static/style.css", get(portal::style))
        .route("/static/report.css", get(portal::report_style))
        .route("/static/recheck.js", get(portal::recheck_script))
        .route("/static/batch.js", get(portal::batch_script))
        .route("/prefs/font", get(portal::font))
        .route("/admin/login", get(auth::login_form).post(auth::login))
        .nest("/admin", admin)
        .merge(reports::public_routes())
        .merge(reports::api::routes())
        .merge(api::routes(state.clone()))
        .fallback(portal::not_found)
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

/// Headers on every response: no sniffing, no framing, a strict CSP (the UI
/// uses no scripts and no inline styles), and `no-store` for staff pages and
/// the API.
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let path = req.uri().path();
    let private = path.starts_with("/admin") || path.starts_with("/api/");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // A handler may set a stricter or specific policy (the printable report page).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// Serves `router(state)` on `listener` until `shutdown` completes, then
/// finishes in-flight requests and returns the batch files this instance
/// was reading to the queue.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    state.start_background_work();
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    state.batch_worker.release(&state).await;
    served
}

/// Completes on ctrl-c or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
