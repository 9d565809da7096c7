//! Test harness: an app on an in-memory SQLite store loaded with the demo
//! county, and helpers to send requests through `tower::ServiceExt::oneshot`.
#![allow(dead_code)]

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;
use xxgk_store::demo::{DemoSeed, seed_demo, seed_demo_reports};
use xxgk_store::password::{PasswordHasher, random_token, token_hash};
use xxgk_store::{DynStore, SqliteStore, User};
use xxgk_web::{AppState, Clock, WebConfig};

pub struct App {
    pub router: Router,
    pub store: DynStore,
    pub seed: DemoSeed,
    /// The app's clock: fixed at 2026-06-01 unless a test moves it.
    pub clock: Clock,
    /// The demo report versions (`seed_demo_reports`), in placement order.
    pub reports: Vec<i64>,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The value a `Set-Cookie` header gives `name`, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

/// A signed-in staff member: session cookie, CSRF token, API token.
#[derive(Clone)]
pub struct Who {
    pub user: User,
    pub cookie: String,
    pub csrf: String,
    pub api_token: String,
    pub password: String,
}

pub async fn app() -> App {
    app_with(WebConfig::default()).await
}

pub async fn app_with(config: WebConfig) -> App {
    let store: DynStore = std::sync::Arc::new(SqliteStore::memory().await.expect("memory store"));
    app_on(store, config).await
}

/// An app on `store` (empty), loaded with the demo county and its reports.
pub async fn app_on(store: DynStore, config: WebConfig) -> App {
    // A test binary is not `xxgk`, so it cannot be the isolated reader's
    // worker: documents are read in-process here (the isolated path is tested
    // end to end against the real binary in xxgk-cli's tests).
    let config = WebConfig { document_reader: xxgk_isolate::Reader::InProcess, ..config };
    let hasher = PasswordHasher::fast_for_tests();
    let seed = seed_demo(store.as_ref(), &hasher).await.expect("demo seed");
    let reports = seed_demo_reports(store.as_ref(), &seed).await.expect("demo reports");
    let clock = Clock::fixed(0);
    clock.set_date(time::macros::date!(2026 - 06 - 01));
    let router = xxgk_web::router(AppState::new(store.clone(), hasher, config).with_clock(clock.clone()));
    App { router, store, seed, clock, reports }
}

impl App {
    pub fn agency(&self, name: &str) -> i64 {
        self.seed.agencies.iter().find(|(_, n)| n == name).map(|(id, _)| *id).expect(name)
    }

    pub async fn user(&self, username: &str) -> User {
        self.store.get_credentials(username).await.unwrap().expect(username).0
    }

    /// A session and API token for a demo account, made directly in the store.
    pub async fn who(&self, username: &str) -> Who {
        let user = self.user(username).await;
        let password = self.seed.accounts.iter().find(|a| a.username == username).unwrap().password.clone();
        self.who_user(user, password).await
    }

    /// A new account (no usable password) with a session and API token.
    pub async fn new_who(&self, username: &str, agency_id: i64, role: xxgk_domain::Role) -> Who {
        let user = self
            .store
            .create_user(
                &xxgk_store::Actor::system("test"),
                xxgk_store::NewUser {
                    username: username.into(),
                    display_name: username.into(),
                    agency_id,
                    role,
                    password_hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
                },
            )
            .await
            .unwrap();
        self.who_user(user, String::new()).await
    }

    /// A session and API token for an account.
    pub async fn who_user(&self, user: User, password: String) -> Who {
        let token = random_token(32);
        let csrf = random_token(32);
        let now = xxgk_store::now_ms();
        self.store.create_session(user.id, &token_hash(&token), &csrf, now, now + 3_600_000).await.unwrap();
        let api = format!("xxgk_{}", random_token(32));
        self.store.create_api_token(&xxgk_store::Actor::user(&user), user.id, "test", &token_hash(&api)).await.unwrap();
        Who { user, cookie: format!("xxgk_session={token}"), csrf, api_token: api, password }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Resp {
        let mut b = Request::builder().method(Method::GET).uri(path);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    /// A form POST; `fields` are URL-encoded.
    pub async fn post_form(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Resp {
        self.post_form_from(path, cookie, fields, None).await
    }

    pub async fn post_form_from(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
        ip: Option<&str>,
    ) -> Resp {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        let mut req = b.body(Body::from(body)).unwrap();
        if let Some(ip) = ip {
            let addr: SocketAddr = format!("{ip}:40000").parse().unwrap();
            req.extensions_mut().insert(ConnectInfo(addr));
        }
        self.send(req).await
    }

    pub async fn api(&self, method: Method, path: &str, token: Option<&str>, json: Option<serde_json::Value>) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match json {
            Some(j) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(j.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap()).await
    }

    /// Signs in through the real form (login CSRF cookie, password check).
    pub async fn login(&self, username: &str, password: &str, ip: Option<&str>) -> Resp {
        let form = self.get("/admin/login", None).await;
        let csrf = form.cookie("xxgk_login_csrf").expect("login csrf cookie");
        let cookie = format!("xxgk_login_csrf={csrf}");
        self.post_form_from(
            "/admin/login",
            Some(&cookie),
            &[("username", username), ("password", password), ("csrf", &csrf), ("next", "/admin")],
            ip,
        )
        .await
    }
}

impl App {
    /// A multipart POST with one file part (`file`) and the CSRF field.
    pub async fn post_file(&self, path: &str, who: &Who, field: &str, name: &str, data: &[u8]) -> Resp {
        let boundary = "xxgkTestBoundary7MA4YWxk";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n", who.csrf).as_bytes(),
        );
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::COOKIE, &who.cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}

/// The shared fixture directory (`XXGK_SHARED_DIR` or `../../../shared`).
pub fn shared_dir() -> std::path::PathBuf {
    std::env::var_os("XXGK_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// The CSRF token embedded in a page's forms.
pub fn csrf_in(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")?;
    let rest = &html[i + "name=\"csrf\" value=\"".len()..];
    Some(rest[..rest.find('"')?].to_string())
}

/// A fresh PostgreSQL database for one test, on the server `XXGK_TEST_PG_URL`
/// names (`scripts/pg-test-start.sh`). `None` (with a note) when it is not
/// set, except on CI (`CI` set), where that is a failure.
pub struct PgDb {
    pub store: DynStore,
    name: String,
    base: String,
}

impl PgDb {
    pub async fn create(tag: &str) -> Option<PgDb> {
        use sqlx::Connection as _;
        let Ok(base) = std::env::var("XXGK_TEST_PG_URL") else {
            if std::env::var("XXGK_TEST_PG_OPTOUT").as_deref() != Ok("1") {
                panic!(
                    "XXGK_TEST_PG_URL is not set: start PostgreSQL with scripts/pg-test-start.sh (or set XXGK_TEST_PG_OPTOUT=1 to skip PostgreSQL)"
                );
            }
            eprintln!(
                "note: XXGK_TEST_PG_URL not set; skipping the PostgreSQL run of {tag} (scripts/pg-test-start.sh)"
            );
            return None;
        };
        let name = format!("xxgk_{tag}_{}", std::process::id());
        let mut admin = sqlx::PgConnection::connect(&base).await.expect("connect to XXGK_TEST_PG_URL");
        for sql in [format!("DROP DATABASE IF EXISTS {name}"), format!("CREATE DATABASE {name}")] {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await.unwrap();
        }
        let url = match base.rsplit_once('/') {
            Some((head, tail)) => match tail.split_once('?') {
                Some((_, q)) => format!("{head}/{name}?{q}"),
                None => format!("{head}/{name}"),
            },
            None => panic!("XXGK_TEST_PG_URL has no database part: {base}"),
        };
        let store = xxgk_store::open(&url).await.unwrap();
        Some(PgDb { store, name, base })
    }

    /// Closes the store and drops the database.
    pub async fn drop_db(self) {
        use sqlx::Connection as _;
        self.store.close().await;
        let mut admin = sqlx::PgConnection::connect(&self.base).await.expect("connect to XXGK_TEST_PG_URL");
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await.unwrap();
    }
}
