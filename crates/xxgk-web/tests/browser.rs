//! A real browser: headless Chromium driven through WebDriver (chromedriver)
//! by a minimal W3C WebDriver client over `ureq`. Signs in, creates an agency
//! and a user through the forms, and finds both changes in the audit log.
//!
//! Skips with a note when chromedriver is absent, unless `CI` is set, in which
//! case it fails. `XXGK_CHROMEDRIVER` / `XXGK_CHROMIUM` override the Debian
//! paths (/usr/bin/chromedriver, /usr/bin/chromium).

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use xxgk_store::SqliteStore;
use xxgk_store::demo::seed_demo;
use xxgk_store::password::PasswordHasher;
use xxgk_web::{AppState, WebConfig};

/// Settings with documents read in-process (this test binary is not `xxgk`).
fn in_process() -> WebConfig {
    WebConfig { document_reader: xxgk_isolate::Reader::InProcess, ..WebConfig::default() }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.agent.delete(format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Driver {
    fn start(chromedriver: &str, chromium: &str) -> Driver {
        let port = free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let started = Instant::now();
        loop {
            if let Ok(mut r) = agent.get(format!("{base}/status")).call() {
                let v: Value = r.body_mut().read_json().unwrap_or(Value::Null);
                if v["value"]["ready"] == true {
                    break;
                }
            }
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not become ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1200,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args }
        }}});
        let mut r = agent.post(format!("{base}/session")).send_json(&caps).expect("new session");
        let v: Value = r.body_mut().read_json().unwrap();
        let session = v["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        Driver { child, base, agent, session, _profile: profile }
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut r = match method {
            "GET" => self.agent.get(&url).call(),
            _ => self.agent.post(&url).send_json(&body),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let v: Value = r.body_mut().read_json().unwrap();
        if v["value"]["error"].is_string() {
            panic!("{method} {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd("POST", "/element", json!({ "using": "css selector", "value": css }));
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("find {css}: {v}")).to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/clear"), json!({}));
        self.cmd("POST", &format!("/element/{e}/value"), json!({ "text": text }));
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), json!({}));
    }

    /// The rendered width of the first element matching `css`, in CSS pixels.
    fn width(&self, css: &str) -> f64 {
        let e = self.find(css);
        let rect = self.cmd("GET", &format!("/element/{e}/rect"), Value::Null);
        rect["width"].as_f64().unwrap_or_else(|| panic!("no width for {css}: {rect}"))
    }

    /// The computed value of a CSS property of the first element matching `css`.
    fn css_value(&self, css: &str, property: &str) -> String {
        let e = self.find(css);
        self.cmd("GET", &format!("/element/{e}/css/{property}"), Value::Null).as_str().unwrap_or_default().to_string()
    }

    fn source(&self) -> String {
        self.cmd("GET", "/source", Value::Null).as_str().unwrap_or_default().to_string()
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", Value::Null).as_str().unwrap_or_default().to_string()
    }

    /// Saves a screenshot (base64 PNG text) when `XXGK_SCREENSHOT_DIR` is set.
    fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("XXGK_SCREENSHOT_DIR") {
            let png = self.cmd("GET", "/screenshot", Value::Null);
            let _ = std::fs::write(format!("{dir}/{name}.png.b64"), png.as_str().unwrap_or_default());
        }
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&Driver) -> bool) {
        let started = Instant::now();
        while !ok(self) {
            assert!(started.elapsed() < Duration::from_secs(15), "timed out waiting for {what}; at {}", self.url());
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn tool(env: &str, default: &str) -> Option<String> {
    let p = std::env::var(env).unwrap_or_else(|_| default.to_string());
    PathBuf::from(&p).exists().then_some(p)
}

#[test]
fn browser_sign_in_create_agency_and_user_then_audit() {
    let (Some(driver_bin), Some(chromium)) =
        (tool("XXGK_CHROMEDRIVER", "/usr/bin/chromedriver"), tool("XXGK_CHROMIUM", "/usr/bin/chromium"))
    else {
        if std::env::var_os("CI").is_some() {
            panic!("chromedriver/chromium missing but CI is set: apt-get install -y chromium chromium-driver");
        }
        eprintln!(
            "note: chromedriver or chromium not found; skipping the browser test (apt-get install chromium chromium-driver)"
        );
        return;
    };

    // The app, on a real port.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (addr, password, _stop) = rt.block_on(async {
        let store: xxgk_store::DynStore = std::sync::Arc::new(SqliteStore::memory().await.unwrap());
        let hasher = PasswordHasher::fast_for_tests();
        let seed = seed_demo(store.as_ref(), &hasher).await.unwrap();
        let pw = seed.accounts.iter().find(|a| a.username == "admin").unwrap().password.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(store, hasher, in_process());
        tokio::spawn(xxgk_web::serve(listener, state, async {
            let _ = rx.await;
        }));
        (addr, pw, tx)
    });
    let base = format!("http://{addr}");
    let started = Instant::now();
    let d = Driver::start(&driver_bin, &chromium);

    // Sign in.
    d.goto(&format!("{base}/admin/login"));
    d.type_into("#username", "admin");
    d.type_into("#password", &password);
    d.click("form.form button[type=submit]");
    d.wait_for("the dashboard", |d| d.url().ends_with("/admin"));
    assert!(d.source().contains("工作台"));

    // Create an agency under 示范县人民政府.
    d.goto(&format!("{base}/admin/agencies/new"));
    let county_option = {
        let src = d.source();
        let i = src.find("示范县人民政府</option>").expect("county in parent options");
        let start = src[..i].rfind("value=\"").unwrap() + 7;
        src[start..start + src[start..].find('"').unwrap()].to_string()
    };
    d.click(&format!("#parent_id option[value=\"{county_option}\"]"));
    d.type_into("#name", "示范县浏览器测试局");
    d.click("#kind option[value=\"department\"]");
    d.type_into("#address", "示范县测试路 1 号");
    d.type_into("#phone", "0000-9999999");
    d.click("form.form button[type=submit]");
    d.wait_for("the agencies list", |d| d.url().contains("/admin/agencies?created="));
    assert!(d.source().contains("示范县浏览器测试局"));

    // Create a user in it.
    d.goto(&format!("{base}/admin/users/new"));
    d.type_into("#username", "browser-user");
    d.type_into("#display_name", "浏览器用户");
    let src = d.source();
    let i = src.find("示范县浏览器测试局</option>").expect("new agency offered");
    let start = src[..i].rfind("value=\"").unwrap() + 7;
    let new_agency = src[start..start + src[start..].find('"').unwrap()].to_string();
    d.click(&format!("#agency_id option[value=\"{new_agency}\"]"));
    d.click("#role option[value=\"editor\"]");
    d.type_into("#password", "browser-password-123");
    d.click("form.form button[type=submit]");
    d.wait_for("the user page", |d| d.source().contains("用户：browser-user"));

    // Both changes are in the audit log.
    d.goto(&format!("{base}/admin/audit?action=agency.create&actor=admin"));
    let audit = d.source();
    assert!(audit.contains("示范县浏览器测试局"), "agency.create not in the audit log");
    d.goto(&format!("{base}/admin/audit?action=user.create&agency={new_agency}"));
    let audit = d.source();
    assert!(audit.contains("browser-user") && audit.contains("admin"), "user.create not in the audit log");
    d.screenshot("audit");
    d.goto(&format!("{base}/admin/users/new"));
    d.screenshot("user-form");

    // Large-font mode works without JavaScript.
    d.click("a[href^=\"/prefs/font?size=large\"]");
    d.wait_for("large font", |d| d.source().contains("class=\"large\""));
    eprintln!("browser story: {:?}", started.elapsed());
}

/// On the portal's report page (under the site's CSP, no inline styles) the
/// official style sheet really applies: table 三's columns have the official
/// widths of the layout model, and the site's own heading and table rules do
/// not show through.
fn official_layout_applies(d: &Driver) {
    let widths = xxgk_render::layout::column_widths(xxgk_report::Template::V2021);
    let (_, t3) = widths.iter().find(|(id, _)| *id == xxgk_render::grid::TableId::Requests).unwrap();
    let total: u32 = t3.iter().sum();
    let table = d.width("article.report table.table3");
    // 三、本年度办理结果 fills column 1; every number one of the last seven.
    for (css, col) in [("article.report table.table3 th.label[rowspan]", 0), ("article.report table.table3 td", 3)] {
        let expected = table * f64::from(t3[col]) / f64::from(total);
        let got = d.width(css);
        assert!(
            (got - expected).abs() <= 2.5,
            "{css}: {got:.1}px wide, the official width is {expected:.1}px of {table:.1}px"
        );
    }
    assert!(d.width("article.report table.table3 th.label[rowspan]") < d.width("article.report table.table3 td"));
    // Official, not site, styling of the title and the cells.
    assert_eq!(d.css_value("article.report h1", "text-align"), "center");
    assert_eq!(d.css_value("article.report h1", "color"), "rgba(0, 0, 0, 1)");
    assert_eq!(d.css_value("article.report h1", "border-bottom-style"), "none");
    assert_eq!(d.css_value("article.report table.table3 td", "text-align"), "center");
    assert_eq!(d.css_value("article.report table.table3 td", "border-top-color"), "rgba(0, 0, 0, 1)");
    assert!(d.css_value("article.report p", "font-family").contains("仿宋"), "仿宋 body");
}

/// Signs in through the form and waits for the back office.
fn sign_in(d: &Driver, base: &str, username: &str, password: &str) {
    d.goto(&format!("{base}/admin/login"));
    d.type_into("#username", username);
    d.type_into("#password", password);
    d.click("form.form button[type=submit]");
    d.wait_for("the back office", |d| d.url().ends_with("/admin"));
}

fn sign_out(d: &Driver) {
    d.click("form[action=\"/admin/logout\"] button");
    d.wait_for("signed out", |d| d.url().contains("/admin/login"));
}

/// The annual-report hub in a real browser: an editor uploads a fixture
/// report, sees its findings, breaks and fixes a cell in the form, submits;
/// the approver approves and publishes; the report is on the portal; the
/// supervisor's dashboard shows it.
#[test]
fn browser_report_upload_fix_submit_publish_portal_dashboard() {
    let (Some(driver_bin), Some(chromium)) =
        (tool("XXGK_CHROMEDRIVER", "/usr/bin/chromedriver"), tool("XXGK_CHROMIUM", "/usr/bin/chromium"))
    else {
        if std::env::var_os("CI").is_some() {
            panic!("chromedriver/chromium missing but CI is set: apt-get install -y chromium chromium-driver");
        }
        eprintln!("note: chromedriver or chromium not found; skipping the browser hub test");
        return;
    };
    let shared = std::env::var_os("XXGK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let fixture = shared.join("fixtures/reports/002_19e7a58c87b6c757.txt");
    let fixture = fixture.canonicalize().unwrap_or_else(|_| panic!("fixture missing: {}", fixture.display()));

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (addr, seed, _stop) = rt.block_on(async {
        let store: xxgk_store::DynStore = std::sync::Arc::new(SqliteStore::memory().await.unwrap());
        let hasher = PasswordHasher::fast_for_tests();
        let seed = seed_demo(store.as_ref(), &hasher).await.unwrap();
        xxgk_store::demo::seed_demo_reports(store.as_ref(), &seed).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(store, hasher, in_process());
        tokio::spawn(xxgk_web::serve(listener, state, async {
            let _ = rx.await;
        }));
        (addr, seed, tx)
    });
    let password = |u: &str| seed.accounts.iter().find(|a| a.username == u).unwrap().password.clone();
    let county = seed.agencies.iter().find(|(_, n)| n == "示范县人民政府").unwrap().0;
    let base = format!("http://{addr}");
    let started = Instant::now();
    let d = Driver::start(&driver_bin, &chromium);

    // The editor uploads the report for the county.
    sign_in(&d, &base, "editor", &password("editor"));
    d.goto(&format!("{base}/admin/reports"));
    let file = d.find(&format!("#file-{county}"));
    d.cmd("POST", &format!("/element/{file}/value"), json!({ "text": fixture.display().to_string() }));
    d.click(&format!("form[action=\"/admin/reports/{county}/upload\"] button"));
    d.wait_for("the workspace", |d| d.url().contains(&format!("/admin/reports/{county}/2021")));
    let page = d.source();
    assert!(page.contains("核对结果"), "findings section");
    assert!(page.contains("class=\"src\""), "provenance shown beside the cells");
    assert!(page.contains("002_19e7a58c87b6c757.txt"));
    assert!(page.contains("将党史教育成果转化为工作动力"), "section 一 of the document kept as narrative");
    d.screenshot("hub-uploaded");

    // Break a sum, see the error beside the cell, then fix it.
    let cell = "input[name=\"table3.new_received[6]\"]";
    let e = d.find(cell);
    let original = d.cmd("GET", &format!("/element/{e}/property/value"), Value::Null).as_str().unwrap().to_string();
    let wrong = (original.parse::<i64>().unwrap() + 5).to_string();
    d.type_into(cell, &wrong);
    // The live re-check places the error beside the cell while typing,
    // before anything is saved.
    d.wait_for("the live re-check", |d| {
        d.source().contains("class=\"note error\" data-for=\"table3.new_received[6]\"")
    });
    assert!(!d.source().contains("id=\"error-count\">0<"), "an error is counted");
    d.click("#save");
    d.wait_for("the re-check on save", |d| {
        d.source().contains("span class=\"note error\" data-for=\"table3.new_received[6]\"")
    });
    d.type_into(cell, &original);
    d.click("#save");
    d.wait_for("the fixed page", |d| {
        !d.source().contains("span class=\"note error\" data-for=\"table3.new_received[6]\"")
    });
    d.click("#step-submit");
    d.wait_for("submitted", |d| d.source().contains("已提交审核"));
    sign_out(&d);

    // The approver approves and publishes.
    sign_in(&d, &base, "approver", &password("approver"));
    d.goto(&format!("{base}/admin/reports/{county}/2021"));
    d.click("#step-approve");
    d.wait_for("approved", |d| d.source().contains("id=\"step-publish\""));
    d.click("#step-publish");
    d.wait_for("published", |d| d.source().contains("在门户网站查看此版本"));
    sign_out(&d);

    // The portal lists and shows it, without signing in.
    d.goto(&format!("{base}/agencies/{county}/reports"));
    assert!(d.source().contains("2021 年度"), "the year is listed on the portal");
    d.click("ul.reports a[href^=\"/reports/\"]");
    d.wait_for("the report page", |d| d.source().contains("<article class=\"report"));
    assert!(d.source().contains("收到和处理政府信息公开申请情况"));
    d.screenshot("hub-portal");
    official_layout_applies(&d);

    // The supervisor's dashboard shows it published.
    sign_in(&d, &base, "supervisor", &password("supervisor"));
    d.goto(&format!("{base}/admin/hub?year=2021"));
    let dash = d.source();
    let row_start = dash.find(&format!("data-agency=\"{county}\"")).expect("county on the dashboard");
    let row = &dash[row_start..row_start + dash[row_start..].find("</tr>").unwrap()];
    assert!(row.contains("已发布"), "{row}");
    assert!(dash.contains("<svg"), "charts inline");
    d.screenshot("hub-dashboard");

    // The supervisor imports a batch: one file's agency is certain, the
    // other's is picked on the progress page.
    let dongshan = seed.agencies.iter().find(|(_, n)| n == "东山乡人民政府").unwrap().0;
    const COPIES: usize = 30;
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("reports.zip");
    {
        use std::io::Write as _;
        let text = std::fs::read_to_string(&fixture).unwrap().replace("灵武市临河镇", "东山乡");
        let other = std::fs::read(shared.join("fixtures/reports/001_29593275bb59ad88.txt")).unwrap();
        let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        // Enough copies that the page is usually shown while files are
        // still being read: its script then follows the queue and reloads.
        for i in 0..COPIES {
            w.start_file(format!("dongshan-{i}.txt"), opts).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.start_file("unknown.txt", opts).unwrap();
        w.write_all(&other).unwrap();
        w.finish().unwrap();
    }
    d.goto(&format!("{base}/admin/hub/batch"));
    let input = d.find("#batch-files");
    d.cmd("POST", &format!("/element/{input}/value"), json!({ "text": zip_path.display().to_string() }));
    d.click("#batch-form button");
    d.wait_for("the progress page", |d| d.url().contains("/admin/hub/batch/"));
    d.wait_for("every file read", |d| d.source().contains("已读取完毕"));
    let page = d.source();
    assert!(page.contains(&format!("/admin/reports/{dongshan}/2021")), "filed under 东山乡");
    assert!(page.contains("待确认 1 份"), "one waits for the agency");
    d.screenshot("hub-batch");
    d.click("form[action$=\"/confirm\"] button");
    d.wait_for("the confirmed file", |d| d.source().contains("待确认 0 份"));
    assert!(d.source().contains(&format!("已归档 {} 份", COPIES + 1)));
    eprintln!("browser hub story: {:?}", started.elapsed());
}
