//! `xxgk admin …`: platform administration without the web UI — create an
//! account (password from a hidden prompt or stdin, never argv), back up the
//! database while the server runs, verify the audit hash chain, and seed a
//! synthetic province (`seed.rs`).

use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use xxgk_domain::validate::check_password;
use xxgk_domain::{AgencyInput, AgencyKind, OfficeDetails, Role};
use xxgk_store::password::PasswordHasher;
use xxgk_store::{Actor, BackupOutcome, NewUser};

use crate::cmd::Outcome;
use crate::config::{self, ConfigArgs, ServeOverrides};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a staff account. The password is read from a hidden prompt, or from the first line of stdin when it is not a terminal.
    CreateUser(CreateUserArgs),
    /// Write a consistent copy of the database to FILE (SQLite: VACUUM INTO; PostgreSQL: pg_dump).
    Backup(BackupArgs),
    /// Verify the audit log's hash chain (exit 0 intact, 1 broken, naming the first bad record).
    AuditVerify(VerifyArgs),
    /// Fill an empty database with a synthetic province (agencies and annual reports in every state) for load tests and demos.
    Seed(crate::cmd::seed::SeedArgs),
}

#[derive(Debug, Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The account's agency: its id or its exact name.
    #[arg(long)]
    pub agency: String,
    /// Create the agency (top level) if no agency has that name — for the first administrator.
    #[arg(long)]
    pub create_agency: bool,
    /// Kind of an agency created by --create-agency: government, department, township, other.
    #[arg(long, default_value = "government")]
    pub agency_kind: String,
    /// Role: system_admin, agency_admin, editor, reviewer, handler, approver, supervisor.
    #[arg(long)]
    pub role: String,
    #[arg(long)]
    pub username: String,
    /// Display name (姓名).
    #[arg(long, default_value = "")]
    pub display_name: String,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Target file (must not exist).
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
}

pub fn run(command: AdminCommand) -> anyhow::Result<Outcome> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("无法启动异步运行时")?;
    match command {
        AdminCommand::CreateUser(a) => rt.block_on(create_user(a)),
        AdminCommand::Backup(a) => rt.block_on(backup(a)),
        AdminCommand::AuditVerify(a) => rt.block_on(audit_verify(a)),
        AdminCommand::Seed(a) => rt.block_on(crate::cmd::seed::run(a)),
    }
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("新密码：").context("无法读取密码")?;
        let second = rpassword::prompt_password("再次输入：").context("无法读取密码")?;
        if first != second {
            bail!("两次输入的密码不一致");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("无法从标准输入读取密码")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn create_user(a: CreateUserArgs) -> anyhow::Result<Outcome> {
    let role = Role::parse(&a.role).map_err(|e| anyhow::anyhow!("--role: {}", e.message))?;
    let username =
        xxgk_domain::validate::check_username(&a.username).map_err(|e| anyhow::anyhow!("--username: {}", e.message))?;
    let settings = config::load(&a.config, &ServeOverrides::default())?;
    let store = config::open_store(&settings).await?;
    let actor = Actor::system("cli");
    let agencies = store.list_agencies().await?;
    let found =
        agencies.iter().find(|x| a.agency.trim().parse::<i64>().ok() == Some(x.id) || x.name == a.agency.trim());
    let agency_id = match (found, a.create_agency) {
        (Some(x), _) => x.id,
        (None, true) => {
            let kind =
                AgencyKind::parse(&a.agency_kind).map_err(|e| anyhow::anyhow!("--agency-kind: {}", e.message))?;
            let input = AgencyInput { parent_id: None, name: a.agency.clone(), kind, office: OfficeDetails::default() };
            let created = store.create_agency(&actor, input).await?;
            eprintln!("已创建机关“{}”（#{}）", created.name, created.id);
            created.id
        }
        (None, false) => {
            bail!("--agency: 找不到机关“{}”（可用机关 id 或全称；首次使用可加 --create-agency）", a.agency)
        }
    };
    let password = read_password()?;
    check_password(&password, &username).map_err(|e| anyhow::anyhow!("密码不符合要求：{}", e.message))?;
    let hash = PasswordHasher::standard().hash(password).await?;
    let user = store
        .create_user(&actor, NewUser { username, display_name: a.display_name, agency_id, role, password_hash: hash })
        .await?;
    println!("已创建用户 {}（#{}，{}）", user.username, user.id, role.label());
    store.close().await;
    Ok(Outcome::Clean)
}

async fn backup(a: BackupArgs) -> anyhow::Result<Outcome> {
    let settings = config::load(&a.config, &ServeOverrides::default())?;
    let store = config::open_store(&settings).await?;
    let outcome = store.backup(&a.file).await?;
    store.close().await;
    match outcome {
        BackupOutcome::Written { bytes } => {
            println!("已备份到 {}（{} 字节）", a.file.display(), bytes);
            Ok(Outcome::Clean)
        }
        BackupOutcome::UsePgDump { url } => {
            println!(
                "PostgreSQL 数据库请用 pg_dump 备份，例如：pg_dump --format=custom --file {} \"{url}\"",
                a.file.display()
            );
            // The password goes through the environment, not argv, where
            // other local users could read it with `ps`.
            let (dbname, password) = split_password(&settings.database_url);
            let mut command = std::process::Command::new("pg_dump");
            command.arg("--format=custom").arg("--file").arg(&a.file).arg("--dbname").arg(dbname);
            if let Some(password) = password {
                command.env("PGPASSWORD", password);
            }
            let status = command.status();
            match status {
                Ok(s) if s.success() => {
                    println!("已用 pg_dump 备份到 {}", a.file.display());
                    Ok(Outcome::Clean)
                }
                Ok(s) => bail!("pg_dump 失败（{s}）"),
                Err(_) => bail!(
                    "未找到 pg_dump，请安装 PostgreSQL 客户端（apt-get install postgresql-client）后按上面的命令备份"
                ),
            }
        }
    }
}

/// Splits the password out of a `postgres://user:password@host/db` URL
/// (percent-decoded), returning the URL without it.
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else { return (url.to_string(), None) };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else { return (url.to_string(), None) };
    let Some((user, password)) = rest[..at].split_once(':') else { return (url.to_string(), None) };
    (format!("{scheme}://{user}@{}", &rest[at + 1..]), Some(percent_decode(password)))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn audit_verify(a: VerifyArgs) -> anyhow::Result<Outcome> {
    let settings = config::load(&a.config, &ServeOverrides::default())?;
    let store = config::open_store(&settings).await?;
    let result = store.verify_audit().await?;
    let anchor_file = settings.audit_anchor_file();
    let outcome = match result {
        Ok(n) => match xxgk_store::anchor::advance_anchor(store.as_ref(), &anchor_file).await {
            Ok(anchor) => {
                println!("审计日志完整：共 {n} 条记录，哈希链校验通过。");
                if let Some(a) = anchor {
                    println!("链头锚点（{}）：#{} {}", anchor_file.display(), a.last_id, a.hash);
                    println!("请将此锚点与另行保存的副本比对：锚点之前的记录被删除或改写都会在此被发现。");
                }
                Outcome::Clean
            }
            Err(xxgk_store::StoreError::Conflict(problem)) => {
                println!("审计日志已损坏：{problem}（锚点文件 {}）", anchor_file.display());
                Outcome::ProblemFound
            }
            Err(e) => return Err(e.into()),
        },
        Err(e) => {
            println!("审计日志已损坏：{e}");
            Outcome::ProblemFound
        }
    };
    store.close().await;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::split_password;

    #[test]
    fn passwords_leave_the_url() {
        assert_eq!(
            split_password("postgres://xxgk:s%40cret@db:5432/xxgk"),
            ("postgres://xxgk@db:5432/xxgk".to_string(), Some("s@cret".to_string()))
        );
        assert_eq!(split_password("postgres://db/xxgk"), ("postgres://db/xxgk".to_string(), None));
        assert_eq!(split_password("postgres://u@db/x"), ("postgres://u@db/x".to_string(), None));
    }
}
