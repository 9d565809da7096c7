//! `xxgk serve`: opens the store (migrating it), optionally loads the demo
//! county, and runs the web application until ctrl-c / SIGTERM.

use anyhow::Context as _;
use clap::Args;
use xxgk_store::password::PasswordHasher;
use xxgk_web::pdf::{FontSearch, PdfService};
use xxgk_web::{AppState, WebConfig};

use crate::cmd::Outcome;
use crate::config::{self, ConfigArgs, ServeOverrides};
use crate::fonts::FontArgs;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "XXGK_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// Mark cookies Secure (set when users reach the server over HTTPS).
    #[arg(long, env = "XXGK_SECURE_COOKIES", num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub secure_cookies: Option<bool>,
    /// Load the demo county into an empty database and print its passwords.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub fonts: FontArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    let overrides = ServeOverrides { listen: args.listen.clone(), secure_cookies: args.secure_cookies };
    let settings = config::load(&args.config, &overrides)?;
    let _ = tracing_subscriber::fmt().with_target(false).with_writer(std::io::stderr).try_init();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("无法启动异步运行时")?;
    rt.block_on(serve(settings, args.demo, args.fonts.search()))?;
    Ok(Outcome::Clean)
}

async fn serve(settings: config::Settings, demo: bool, fonts: FontSearch) -> anyhow::Result<()> {
    let store = config::open_store(&settings).await?;
    let hasher = PasswordHasher::standard();
    if demo {
        if store.list_agencies().await?.is_empty() {
            let seed = xxgk_store::demo::seed_demo(store.as_ref(), &hasher).await?;
            println!("已载入演示数据（示范市 / 示范县）。演示账号如下，密码只显示这一次：");
            for a in &seed.accounts {
                println!("  {:<14} {:<16} {}（{}）", a.username, a.password, a.role.label(), a.agency_name);
            }
            let reports = xxgk_store::demo::seed_demo_reports(store.as_ref(), &seed).await?;
            println!("已载入 {} 份演示年度报告（示范县各机关，部分已发布、部分为草稿）。", reports.len());
        } else {
            println!("数据库中已有数据，未重新载入演示数据（演示账号密码仅在首次载入时显示）。");
        }
    } else if store.count_users().await? == 0 {
        eprintln!(
            "提示：尚无任何用户。请用 `xxgk admin create-user --agency 机关名称 --create-agency --role system_admin --username admin` 创建第一位管理员，或用 --demo 载入演示数据。"
        );
    }
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("无法监听 {}", settings.listen))?;
    let addr = listener.local_addr().context("无法读取监听地址")?;
    let config = WebConfig {
        secure_cookies: settings.secure_cookies,
        session_ttl_ms: settings.session_hours * 3_600_000,
        login_max_failures: settings.login_max_failures,
        login_account_max_failures: settings.login_account_max_failures,
        login_window_ms: settings.login_window_minutes * 60_000,
        batch_lease_ms: settings.batch_lease_seconds * 1_000,
        batch_max_attempts: settings.batch_max_attempts,
        audit_anchor_file: Some(settings.audit_anchor_file()),
        document_reader: xxgk_isolate::Reader::isolated(settings.import_worker.clone(), settings.import_limits),
    };
    println!("xxgk 已启动：http://{addr}/ （数据库：{}）", store.display_url());
    // Fonts for PDF are scanned once, before the server answers.
    let pdf = tokio::task::spawn_blocking(move || PdfService::start(fonts)).await.context("字体扫描失败")?;
    match pdf.engine() {
        Ok(engine) => println!("PDF 字体：{}", engine.cjk_families().join("、")),
        Err(e) => eprintln!("提示：{e}。报告的 PDF 下载将不可用（其余功能不受影响）。"),
    }
    let state = AppState::new(store.clone(), hasher, config).with_deadlines(settings.report_deadlines).with_pdf(pdf);
    xxgk_web::serve(listener, state, xxgk_web::shutdown_signal()).await.context("服务运行出错")?;
    store.close().await;
    println!("xxgk 已停止。");
    Ok(())
}
