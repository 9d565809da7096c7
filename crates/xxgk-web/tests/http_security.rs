//! Security behaviour over HTTP: CSRF rejection, output escaping (XSS),
//! session revocation (logout, admin revoke, disable, password change), login
//! throttling, API token checks, open-redirect guards, large-font mode, the
//! OpenAPI document's coverage, and the portal's report page under the CSP
//! (its official style sheet linked, no inline styles).

mod common;

use axum::http::{Method, StatusCode};
use common::{app, app_with, csrf_in};
use xxgk_domain::{AgencyInput, AgencyKind, OfficeDetails};
use xxgk_store::Actor;

#[tokio::test]
async fn csrf_is_required_on_every_form() {
    let app = app().await;
    let admin = app.who("admin").await;
    let county = app.agency("示范县人民政府").to_string();
    let before = app.store.list_agencies().await.unwrap().len();
    let fields = [("parent_id", county.as_str()), ("name", "伪造机关"), ("kind", "department")];
    // Missing token.
    let r = app.post_form("/admin/agencies", Some(&admin.cookie), &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("CSRF"));
    // Wrong token.
    let mut bad = fields.to_vec();
    bad.push(("csrf", "not-the-token"));
    assert_eq!(app.post_form("/admin/agencies", Some(&admin.cookie), &bad).await.status, StatusCode::FORBIDDEN);
    // Another session's token.
    let other = app.who("county-admin").await;
    let mut foreign = fields.to_vec();
    foreign.push(("csrf", &other.csrf));
    assert_eq!(app.post_form("/admin/agencies", Some(&admin.cookie), &foreign).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.list_agencies().await.unwrap().len(), before, "nothing created");
    // Logout is a form too.
    assert_eq!(app.post_form("/admin/logout", Some(&admin.cookie), &[]).await.status, StatusCode::FORBIDDEN);
    // The right token works, and pages carry it.
    let page = app.get("/admin/agencies/new", Some(&admin.cookie)).await;
    assert_eq!(csrf_in(&page.body).as_deref(), Some(admin.csrf.as_str()));
    let mut good = fields.to_vec();
    good.push(("csrf", &admin.csrf));
    assert_eq!(app.post_form("/admin/agencies", Some(&admin.cookie), &good).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.list_agencies().await.unwrap().len(), before + 1);
    // The sign-in form uses a double-submit cookie.
    let r = app
        .post_form("/admin/login", None, &[("username", "admin"), ("password", &admin.password), ("csrf", "x")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            "/admin/login",
            Some("xxgk_login_csrf=aaaaaaaa"),
            &[("username", "admin"), ("password", &admin.password), ("csrf", "bbbbbbbb")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn agency_names_are_escaped() {
    let app = app().await;
    let evil = "<script>alert(1)</script>";
    let a = app
        .store
        .create_agency(
            &Actor::system("test"),
            AgencyInput {
                parent_id: Some(app.agency("示范县人民政府")),
                name: evil.into(),
                kind: AgencyKind::Other,
                office: OfficeDetails { address: "\"><img src=x onerror=alert(2)>".into(), ..Default::default() },
            },
        )
        .await
        .unwrap();
    let admin = app.who("admin").await;
    for (path, cookie) in [
        ("/agencies".to_string(), None),
        (format!("/agencies/{}", a.id), None),
        ("/admin/agencies".to_string(), Some(admin.cookie.as_str())),
        (format!("/admin/agencies/{}/edit", a.id), Some(admin.cookie.as_str())),
        ("/admin/audit".to_string(), Some(admin.cookie.as_str())),
    ] {
        let r = app.get(&path, cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.body.contains(evil), "{path} contains the raw script");
        assert!(!r.body.contains("<img src=x"), "{path} contains the raw img");
        assert!(
            r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
                || r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path} lacks the escaped name"
        );
    }
}

#[tokio::test]
async fn sessions_are_revocable() {
    let app = app().await;
    let pw = app.who("editor").await.password;
    // Real sign-in sets an HttpOnly SameSite cookie.
    let r = app.login("editor", &pw, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let set = r.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(set.iter().any(|c| c.starts_with("xxgk_session=") && c.contains("HttpOnly") && c.contains("SameSite=Lax")));
    let cookie = format!("xxgk_session={}", r.cookie("xxgk_session").unwrap());
    let home = app.get("/admin", Some(&cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    // Logout ends it.
    let csrf = csrf_in(&home.body).unwrap();
    assert_eq!(app.post_form("/admin/logout", Some(&cookie), &[("csrf", &csrf)]).await.status, StatusCode::SEE_OTHER);
    let after = app.get("/admin", Some(&cookie)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location().starts_with("/admin/login"));

    // An admin's "sign out everywhere" ends it.
    let r = app.login("editor", &pw, None).await;
    let cookie = format!("xxgk_session={}", r.cookie("xxgk_session").unwrap());
    assert_eq!(app.get("/admin", Some(&cookie)).await.status, StatusCode::OK);
    let admin = app.who("county-admin").await;
    let editor_id = app.user("editor").await.id;
    let r = app
        .post_form(&format!("/admin/users/{editor_id}/revoke-sessions"), Some(&admin.cookie), &[("csrf", &admin.csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/admin", Some(&cookie)).await.status, StatusCode::SEE_OTHER);

    // Disabling the account ends it, and sign-in is refused.
    let r = app.login("editor", &pw, None).await;
    let cookie = format!("xxgk_session={}", r.cookie("xxgk_session").unwrap());
    app.post_form(&format!("/admin/users/{editor_id}/disable"), Some(&admin.cookie), &[("csrf", &admin.csrf)]).await;
    assert_eq!(app.get("/admin", Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.login("editor", &pw, None).await.status, StatusCode::UNAUTHORIZED);
    app.post_form(&format!("/admin/users/{editor_id}/enable"), Some(&admin.cookie), &[("csrf", &admin.csrf)]).await;

    // A password change keeps this session and ends the others.
    let a = app.login("editor", &pw, None).await;
    let b = app.login("editor", &pw, None).await;
    let ca = format!("xxgk_session={}", a.cookie("xxgk_session").unwrap());
    let cb = format!("xxgk_session={}", b.cookie("xxgk_session").unwrap());
    let csrf = csrf_in(&app.get("/admin/password", Some(&ca)).await.body).unwrap();
    let new = "a-brand-new-password-1";
    let r = app
        .post_form("/admin/password", Some(&ca), &[("current", &pw), ("new", new), ("confirm", new), ("csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("密码已修改"));
    assert_eq!(app.get("/admin", Some(&ca)).await.status, StatusCode::OK);
    assert_eq!(app.get("/admin", Some(&cb)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.login("editor", &pw, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("editor", new, None).await.status, StatusCode::SEE_OTHER);
    // Wrong current password is refused.
    let r = app
        .post_form(
            "/admin/password",
            Some(&ca),
            &[("current", "nope"), ("new", new), ("confirm", new), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sign_in_is_throttled_per_username_and_ip() {
    let app = app_with(xxgk_web::WebConfig::default()).await;
    let pw = app.who("reviewer").await.password;
    for _ in 0..5 {
        let r = app.login("reviewer", "wrong password!", Some("10.1.1.1")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("用户名或密码错误"));
    }
    // Even the right password is refused now, from that IP.
    let r = app.login("reviewer", &pw, Some("10.1.1.1")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("15 分钟"));
    // Another IP, or another username, is not affected.
    assert_eq!(app.login("reviewer", &pw, Some("10.1.1.2")).await.status, StatusCode::SEE_OTHER);
    let hpw = app.who("handler").await.password;
    assert_eq!(app.login("handler", &hpw, Some("10.1.1.1")).await.status, StatusCode::SEE_OTHER);
    // Unknown usernames fail the same way (no user enumeration).
    let r = app.login("nobody", "whatever-password", Some("10.1.1.3")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("用户名或密码错误"));
}

/// Issue 9: parallel bursts got 10, 44 and 25 passwords checked against a
/// limit of 5, and ten addresses gave fifty guesses at one account.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_checks_at_most_the_limit() {
    let app = std::sync::Arc::new(app_with(xxgk_web::WebConfig::default()).await);
    let pw = app.who("reviewer").await.password;
    let tries: Vec<_> = (0..100)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.login("reviewer", "wrong password!", Some("10.2.2.2")).await.status })
        })
        .collect();
    let mut checked = 0;
    for t in tries {
        match t.await.unwrap() {
            // Only a checked password answers 401.
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(checked, 5, "exactly the limit was checked");
    let r = app.login("reviewer", &pw, Some("10.2.2.2")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn many_addresses_are_stopped_by_the_account_limit() {
    let config = xxgk_web::WebConfig { login_account_max_failures: 12, ..Default::default() };
    let app = app_with(config).await;
    let pw = app.who("reviewer").await.password;
    let mut checked = 0;
    for ip in 1..=10 {
        for _ in 0..5 {
            let r = app.login("reviewer", "wrong password!", Some(&format!("10.3.3.{ip}"))).await;
            if r.status == StatusCode::UNAUTHORIZED {
                checked += 1;
            } else {
                assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
                assert!(r.body.contains("后再试") && r.body.contains("分钟"), "{}", r.body);
            }
        }
    }
    assert_eq!(checked, 12, "ten addresses share one account limit");
    // The account is locked from a fresh address too, even with the right
    // password; another account is not.
    assert_eq!(app.login("reviewer", &pw, Some("10.3.3.99")).await.status, StatusCode::TOO_MANY_REQUESTS);
    let hpw = app.who("handler").await.password;
    assert_eq!(app.login("handler", &hpw, Some("10.3.3.1")).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn api_tokens_are_checked() {
    let app = app().await;
    let admin = app.who("admin").await;
    let r = app.api(Method::GET, "/api/me", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("\"error\""));
    assert_eq!(app.api(Method::GET, "/api/me", Some("xxgk_forged"), None).await.status, StatusCode::UNAUTHORIZED);
    let nf = app.api(Method::GET, "/api/nope", Some(&admin.api_token), None).await;
    assert_eq!(nf.status, StatusCode::NOT_FOUND);
    assert!(nf.body.contains("\"error\""));
    let me = app.api(Method::GET, "/api/me", Some(&admin.api_token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.body.contains("\"role\":\"system_admin\""));
    // Bad JSON is a clear 400.
    let r = app
        .send(
            axum::http::Request::post("/api/agencies")
                .header("authorization", format!("Bearer {}", admin.api_token))
                .body(axum::body::Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Revoked tokens stop working.
    let id = app.store.list_api_tokens(admin.user.id).await.unwrap()[0].id;
    app.store.revoke_api_token(&Actor::user(&admin.user), admin.user.id, id).await.unwrap();
    assert_eq!(app.api(Method::GET, "/api/me", Some(&admin.api_token), None).await.status, StatusCode::UNAUTHORIZED);
    // Tokens made in the back office are shown once and work.
    let r = app.post_form("/admin/tokens", Some(&admin.cookie), &[("name", "脚本"), ("csrf", &admin.csrf)]).await;
    let i = r.body.find("id=\"new-token\">").unwrap() + "id=\"new-token\">".len();
    let token = &r.body[i..i + r.body[i..].find('<').unwrap()];
    assert_eq!(app.api(Method::GET, "/api/me", Some(token), None).await.status, StatusCode::OK);
    assert!(!app.get("/admin/tokens", Some(&admin.cookie)).await.body.contains(token));
}

#[tokio::test]
async fn audit_filters_and_scope() {
    let app = app().await;
    let admin = app.who("admin").await;
    let edu = app.who("edu-admin").await;
    let county = app.agency("示范县人民政府");
    let r = app.get(&format!("/admin/audit?action=user.create&agency={county}"), Some(&admin.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("county-admin") && !r.body.contains(">edu-admin<"));
    let r = app.get("/admin/audit?actor=system%3Ademo&from=2000-01-01&to=2999-12-31", Some(&admin.cookie)).await;
    assert!(r.body.contains("agency.create"));
    let r = app.get(&format!("/admin/audit?action=agency.create&agency={county}&subtree=1"), Some(&admin.cookie)).await;
    assert_eq!(r.body.matches("<td>agency.create</td>").count(), 6, "the county and its five agencies");
    let r = app.get(&format!("/admin/audit?action=agency.create&agency={county}"), Some(&admin.cookie)).await;
    assert_eq!(r.body.matches("<td>agency.create</td>").count(), 1);
    let r = app.get("/admin/audit?from=2999-01-01", Some(&admin.cookie)).await;
    assert!(r.body.contains("没有符合条件的记录"));
    assert_eq!(app.get("/admin/audit?from=yesterday", Some(&admin.cookie)).await.status, StatusCode::BAD_REQUEST);
    // The education bureau's admin sees only its own subtree.
    let r = app.get("/admin/audit", Some(&edu.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("示范市人民政府</td>"));
    assert_eq!(
        app.get(&format!("/admin/audit?agency={county}"), Some(&edu.cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.api(Method::GET, "/api/audit?action=agency.create", Some(&admin.api_token), None).await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn redirects_stay_local_and_font_mode_works() {
    let app = app().await;
    let r = app.get("/prefs/font?size=large&next=//evil.example/", None).await;
    assert!(!r.location().starts_with("//"));
    let r = app.get("/prefs/font?size=large&next=/agencies", None).await;
    assert_eq!(r.location(), "/agencies");
    assert_eq!(r.cookie("xxgk_font").as_deref(), Some("large"));
    let page = app.get("/agencies", Some("xxgk_font=large")).await;
    assert!(page.headers["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
    assert_eq!(page.headers["x-frame-options"], "DENY");
    assert_eq!(app.get("/admin/login", None).await.headers["cache-control"], "no-store");
    assert!(page.body.contains("<html lang=\"zh-CN\" class=\"large\">"));
    assert!(page.body.contains("标准字号"));
    let login = app.get("/admin/login?next=https://evil.example/", None).await;
    assert!(login.body.contains("name=\"next\" value=\"/admin\""));
}

/// Issue 9: `/%09/evil.com` became `Location: /\t/evil.com` (followed by
/// browsers to `//evil.com`), and a CR/LF in `next` gave a 500.
#[tokio::test]
async fn every_next_refuses_other_origins_and_control_characters() {
    let app = app().await;
    let attacks = [
        "/%09/evil.com",
        "/%0d%0aSet-Cookie:%20x=1",
        "/%0a/evil.com",
        "%2F%2Fevil.com",
        "/%5Cevil.com",
        "%5C%5Cevil.com",
        "/%252F/evil.com",
        "https://evil.com",
        "javascript:alert(1)",
    ];
    for next in attacks {
        let r = app.get(&format!("/prefs/font?size=large&next={next}"), None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.location(), "/", "font next={next}");
        let form = app.get(&format!("/admin/login?next={next}"), None).await;
        assert_eq!(form.status, StatusCode::OK, "{next}");
        assert!(form.body.contains("name=\"next\" value=\"/admin\""), "login form next={next}");
    }
    // The sign-in form's own `next` field, posted with the right password.
    let pw = app.who("reviewer").await.password;
    for next in ["/\t/evil.com", "/\r\nX: y", "//evil.com", "/\\evil.com"] {
        let form = app.get("/admin/login", None).await;
        let csrf = form.cookie("xxgk_login_csrf").unwrap();
        let r = app
            .post_form(
                "/admin/login",
                Some(&format!("xxgk_login_csrf={csrf}")),
                &[("username", "reviewer"), ("password", &pw), ("csrf", &csrf), ("next", next)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.location(), "/admin", "{next:?}");
    }
    // A same-site path still works everywhere.
    assert_eq!(app.get("/prefs/font?size=large&next=/agencies%3Fa%3D1", None).await.location(), "/agencies?a=1");
}

#[tokio::test]
async fn openapi_lists_every_api_route() {
    let app = app().await;
    let r = app.get("/api/openapi.json", None).await;
    let doc: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for (path, method) in [
        ("/api/me", "get"),
        ("/api/agencies", "get"),
        ("/api/agencies", "post"),
        ("/api/agencies/{id}", "get"),
        ("/api/agencies/{id}", "put"),
        ("/api/users", "get"),
        ("/api/users", "post"),
        ("/api/users/{id}", "get"),
        ("/api/users/{id}", "patch"),
        ("/api/audit", "get"),
        ("/api/openapi.json", "get"),
        ("/api/reports", "get"),
        ("/api/reports/{id}", "get"),
        ("/api/reports/{id}/actions/{action}", "post"),
        ("/api/agencies/{id}/reports", "post"),
        ("/api/dashboard", "get"),
        ("/api/batches", "post"),
        ("/api/batches/{id}", "get"),
        ("/api/batches/{id}/files/{file}/confirm", "post"),
        ("/api/batches/{id}/files/{file}/dismiss", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} missing");
    }
    let src = include_str!("../src/api.rs");
    let hub = include_str!("../src/reports/api.rs");
    // Minus the JSON 404 fallback.
    let routes = src.matches(".route(\"/api/").count() - 1 + hub.matches(".route(\"/api/").count();
    assert_eq!(routes, doc["paths"].as_object().unwrap().len(), "every route is documented");
}

#[tokio::test]
async fn sign_in_returns_to_the_requested_page() {
    let app = app().await;
    let r = app.get("/admin/users?x=1", None).await;
    assert_eq!(r.location(), "/admin/login?next=/admin/users%3Fx%3D1");
    let admin = app.who("admin").await;
    let page = app.get("/admin/audit?action=user.create", Some(&admin.cookie)).await;
    assert!(page.body.contains("/prefs/font?size=large&amp;next=/admin/audit%3Faction%3Duser.create"));
}

#[tokio::test]
async fn portal_report_is_styled_by_a_linked_sheet_not_inline() {
    let app = app().await;
    let css = app.get("/static/report.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers["content-type"], "text/css; charset=utf-8");
    assert!(css.headers["cache-control"].to_str().unwrap().starts_with("public"));
    assert_eq!(css.body, xxgk_render::official_css());
    assert!(css.body.contains("article.report table.table3 col:nth-child(1) {"), "column widths are rules");

    // The county's 2024 report (2021 template) and 自然资源局's 2020 report (2019 template).
    for (id, template) in [(app.reports[0], "2021"), (app.reports[5], "2019")] {
        let page = app.get(&format!("/reports/{id}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        let body = &page.body;
        let head = &body[..body.find("</head>").expect("a head")];
        assert!(head.contains(r#"<link rel="stylesheet" href="/static/report.css">"#), "{head}");
        assert!(head.find("/static/style.css") < head.find("/static/report.css"), "the official sheet comes last");
        assert!(
            body.contains(&format!(r#"<div class="official-report"><article class="report template-{template}">"#))
        );
        assert!(body.contains("</table>\n</div>\n</section>"), "tables inside their scroll wrapper");
        assert_eq!(body.matches("<table class=\"table").count(), 3);
        assert!(!body.contains("style="), "no inline style attribute (the CSP would block it)");
        assert!(!body.contains("<style"), "no style element");
        // The same article as the printable page's.
        let print = app.get(&format!("/reports/{id}/print"), None).await;
        let article = &print.body[print.body.find("<article").unwrap()..print.body.find("</article>").unwrap()];
        assert!(body.contains(article));
        assert!(
            print.body.contains("<style>") && print.body.contains("@page"),
            "the printable page stays self-contained"
        );
    }
}

/// Issue 9: an agency named like a formula landed unescaped in the
/// supervisor's `/admin/hub.csv`.
#[tokio::test]
async fn csv_cells_never_start_a_formula() {
    let app = app().await;
    let evil = "@SUM(1+1)*cmd|' /C calc'!A0";
    let county = app.agency("示范县人民政府");
    app.store
        .create_agency(
            &Actor::system("test"),
            AgencyInput {
                parent_id: Some(county),
                name: evil.into(),
                kind: AgencyKind::Department,
                office: OfficeDetails::default(),
            },
        )
        .await
        .unwrap();
    let supervisor = app.who("supervisor").await;
    let csv = app.get("/admin/hub.csv?year=2024", Some(&supervisor.cookie)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains(&format!("\n'{evil},")), "{}", csv.body);
    for line in csv.body.lines() {
        let cell = line.trim_start_matches('\u{FEFF}');
        assert!(!cell.starts_with(['=', '+', '-', '@', '\t']), "{line}");
    }
}
