//! Platform configuration, layered: built-in defaults → TOML file
//! (`--config FILE` / `XXGK_CONFIG`) → `XXGK_*` environment → flags. Clap
//! merges environment and flags (flags win); this module puts the file and
//! the defaults underneath.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use serde::Deserialize;

/// Flags shared by `serve` and `admin`: where the configuration and data are.
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigArgs {
    /// TOML configuration file (keys: database_url, listen, data_dir, secure_cookies, session_hours, login_max_failures, login_account_max_failures, login_window_minutes, batch_lease_seconds, batch_max_attempts, audit_key_file, db_max_connections, db_acquire_timeout, import_worker, import_memory_mib, import_cpu_seconds, import_timeout_seconds, import_workers, [report_deadlines] government/department/township/other = "MM-DD").
    #[arg(long, env = "XXGK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database URL: `sqlite:PATH` or `postgres://user:pass@host/db`. Default: an SQLite file in the data directory.
    #[arg(long, env = "XXGK_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Data directory (holds the default SQLite database).
    #[arg(long, env = "XXGK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// What the configuration file may say. Unknown keys are an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    secure_cookies: Option<bool>,
    session_hours: Option<i64>,
    login_max_failures: Option<i64>,
    login_account_max_failures: Option<i64>,
    login_window_minutes: Option<i64>,
    batch_lease_seconds: Option<i64>,
    batch_max_attempts: Option<i64>,
    /// The audit key file (default `<data_dir>/audit.key`).
    audit_key_file: Option<PathBuf>,
    /// PostgreSQL pool size.
    db_max_connections: Option<i64>,
    /// Seconds a request waits for a PostgreSQL connection.
    db_acquire_timeout: Option<i64>,
    /// The executable started to read uploaded documents (default: this one).
    import_worker: Option<PathBuf>,
    import_memory_mib: Option<i64>,
    import_cpu_seconds: Option<i64>,
    import_timeout_seconds: Option<i64>,
    import_workers: Option<i64>,
    /// Annual-report deadlines, `MM-DD` of the following year, per kind of body.
    report_deadlines: Option<DeadlineConfig>,
}

/// `[report_deadlines]` of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineConfig {
    government: Option<String>,
    department: Option<String>,
    township: Option<String>,
    other: Option<String>,
}

impl DeadlineConfig {
    /// The statutory defaults (`xxgk_hub::DeadlinePolicy::default`) with the
    /// configured days over them.
    fn policy(&self) -> anyhow::Result<xxgk_hub::DeadlinePolicy> {
        let mut p = xxgk_hub::DeadlinePolicy::default();
        for (key, value, slot) in [
            ("government", &self.government, &mut p.government),
            ("department", &self.department, &mut p.department),
            ("township", &self.township, &mut p.township),
            ("other", &self.other, &mut p.other),
        ] {
            if let Some(text) = value {
                *slot = xxgk_hub::DueDay::parse(text)
                    .with_context(|| format!("配置项 report_deadlines.{key} 应为 MM-DD（如 01-31），当前为 {text}"))?;
            }
        }
        Ok(p)
    }
}

/// The resolved settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub database_url: String,
    pub listen: String,
    pub data_dir: PathBuf,
    pub secure_cookies: bool,
    pub session_hours: i64,
    pub login_max_failures: i64,
    pub login_account_max_failures: i64,
    pub login_window_minutes: i64,
    /// How long a claim on a queued batch file holds without renewal.
    pub batch_lease_seconds: i64,
    /// Claims a batch file gets before it is failed.
    pub batch_max_attempts: i64,
    /// The key the audit chain is kept with (created on first use).
    pub audit_key_file: PathBuf,
    /// The default SQLite file is used (the data directory must exist).
    pub uses_default_db: bool,
    /// Annual-report deadlines per kind of body.
    pub report_deadlines: xxgk_hub::DeadlinePolicy,
    /// The PostgreSQL connection pool.
    pub db_pool: xxgk_store::PoolSettings,
    /// The worker executable that reads uploads (`None`: this executable).
    pub import_worker: Option<PathBuf>,
    /// What one document reader may use.
    pub import_limits: xxgk_isolate::Limits,
}

/// Flag/env values that only `serve` has.
#[derive(Debug, Clone, Default)]
pub struct ServeOverrides {
    pub listen: Option<String>,
    pub secure_cookies: Option<bool>,
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("无法读取配置文件 {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("配置文件 {} 格式错误", path.display()))
}

/// Resolves the layers.
pub fn load(args: &ConfigArgs, serve: &ServeOverrides) -> anyhow::Result<Settings> {
    let file = match &args.config {
        Some(p) => read_file(p)?,
        None => FileConfig::default(),
    };
    let data_dir = args.data_dir.clone().or(file.data_dir).unwrap_or_else(|| PathBuf::from("xxgk-data"));
    let audit_key_file = file.audit_key_file.unwrap_or_else(|| data_dir.join(xxgk_store::anchor::KEY_FILE));
    let explicit_url = args.database_url.clone().or(file.database_url);
    let uses_default_db = explicit_url.is_none();
    let database_url = explicit_url.unwrap_or_else(|| format!("sqlite:{}", data_dir.join("xxgk.db").display()));
    let positive = |name: &str, v: i64| -> anyhow::Result<i64> {
        anyhow::ensure!(v > 0, "配置项 {name} 必须为正数（当前为 {v}）");
        Ok(v)
    };
    let defaults = xxgk_isolate::Limits::default();
    let limit = |name: &str, v: Option<i64>, default: u64| -> anyhow::Result<u64> {
        v.map_or(Ok(default), |v| positive(name, v).map(i64::unsigned_abs))
    };
    let import_limits = xxgk_isolate::Limits {
        memory_mib: limit("import_memory_mib", file.import_memory_mib, defaults.memory_mib)?,
        cpu_seconds: limit("import_cpu_seconds", file.import_cpu_seconds, defaults.cpu_seconds)?,
        wall_seconds: limit("import_timeout_seconds", file.import_timeout_seconds, defaults.wall_seconds)?,
        workers: usize::try_from(limit("import_workers", file.import_workers, defaults.workers as u64)?)
            .unwrap_or(usize::MAX),
    };
    Ok(Settings {
        database_url,
        listen: serve.listen.clone().or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".into()),
        data_dir,
        secure_cookies: serve.secure_cookies.or(file.secure_cookies).unwrap_or(false),
        session_hours: positive("session_hours", file.session_hours.unwrap_or(12))?,
        login_max_failures: positive("login_max_failures", file.login_max_failures.unwrap_or(5))?,
        login_account_max_failures: positive(
            "login_account_max_failures",
            file.login_account_max_failures.unwrap_or(20),
        )?,
        login_window_minutes: positive("login_window_minutes", file.login_window_minutes.unwrap_or(15))?,
        batch_lease_seconds: positive("batch_lease_seconds", file.batch_lease_seconds.unwrap_or(60))?,
        batch_max_attempts: positive("batch_max_attempts", file.batch_max_attempts.unwrap_or(2))?,
        audit_key_file,
        uses_default_db,
        report_deadlines: file.report_deadlines.unwrap_or_default().policy()?,
        db_pool: pool_settings(file.db_max_connections, file.db_acquire_timeout)?,
        import_worker: file.import_worker,
        import_limits,
    })
}

impl Settings {
    /// Where the audit chain's head anchor is kept.
    pub fn audit_anchor_file(&self) -> PathBuf {
        self.data_dir.join(xxgk_store::anchor::ANCHOR_FILE)
    }
}

/// The pool settings of the file over the defaults, each checked.
fn pool_settings(max: Option<i64>, timeout: Option<i64>) -> anyhow::Result<xxgk_store::PoolSettings> {
    let mut pool = xxgk_store::PoolSettings::default();
    if let Some(n) = max {
        pool.max_connections = u32::try_from(n)
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .with_context(|| format!("配置项 db_max_connections 应在 1 到 1000 之间（当前为 {n}）"))?;
    }
    if let Some(s) = timeout {
        let secs = u64::try_from(s)
            .ok()
            .filter(|s| (1..=600).contains(s))
            .with_context(|| format!("配置项 db_acquire_timeout 应为 1 到 600 秒（当前为 {s}）"))?;
        pool.acquire_timeout = std::time::Duration::from_secs(secs);
    }
    Ok(pool)
}

/// Opens the store the settings name (creating the data directory for the
/// default SQLite file), keying the audit chain with the key file's key.
/// The key file is created (mode 0600) on first use, once the database
/// has opened.
pub async fn open_store(settings: &Settings) -> anyhow::Result<xxgk_store::DynStore> {
    if settings.uses_default_db {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("无法创建数据目录 {}", settings.data_dir.display()))?;
    }
    let (key, is_new) = match xxgk_store::anchor::read_key(&settings.audit_key_file)? {
        Some(key) => (key, false),
        None => (xxgk_store::random_audit_key()?, true),
    };
    let store = xxgk_store::open_with(&settings.database_url, key.clone(), settings.db_pool).await?;
    if is_new {
        xxgk_store::anchor::write_new_key(&settings.audit_key_file, &key)?;
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("xxgk.toml");
        std::fs::write(&f, "listen = \"0.0.0.0:9000\"\ndata_dir = \"/srv/x\"\nsecure_cookies = true\n").unwrap();
        let defaults = load(&ConfigArgs::default(), &ServeOverrides::default()).unwrap();
        assert_eq!(defaults.listen, "127.0.0.1:8080");
        assert_eq!(defaults.database_url, "sqlite:xxgk-data/xxgk.db");
        let args = ConfigArgs { config: Some(f.clone()), ..Default::default() };
        let s = load(&args, &ServeOverrides::default()).unwrap();
        assert_eq!((s.listen.as_str(), s.secure_cookies), ("0.0.0.0:9000", true));
        assert_eq!(s.database_url, "sqlite:/srv/x/xxgk.db");
        let args = ConfigArgs { config: Some(f), data_dir: Some("/d".into()), database_url: None };
        let s =
            load(&args, &ServeOverrides { listen: Some("127.0.0.1:1".into()), secure_cookies: Some(false) }).unwrap();
        assert_eq!((s.listen.as_str(), s.secure_cookies), ("127.0.0.1:1", false));
        assert_eq!(s.data_dir, PathBuf::from("/d"));
        assert_eq!(s.report_deadlines, xxgk_hub::DeadlinePolicy::default());
        let g = dir.path().join("deadlines.toml");
        std::fs::write(&g, "[report_deadlines]\ntownship = \"02-28\"\n").unwrap();
        let s =
            load(&ConfigArgs { config: Some(g.clone()), ..Default::default() }, &ServeOverrides::default()).unwrap();
        assert_eq!(Some(s.report_deadlines.township), xxgk_hub::DueDay::parse("02-28"));
        assert_eq!(s.report_deadlines.government, xxgk_hub::DeadlinePolicy::default().government);
        std::fs::write(&g, "[report_deadlines]\ntownship = \"2月\"\n").unwrap();
        assert!(
            load(&ConfigArgs { config: Some(g.clone()), ..Default::default() }, &ServeOverrides::default()).is_err()
        );
        std::fs::write(&g, "db_max_connections = 64\ndb_acquire_timeout = 10\n").unwrap();
        let s =
            load(&ConfigArgs { config: Some(g.clone()), ..Default::default() }, &ServeOverrides::default()).unwrap();
        assert_eq!(s.db_pool.max_connections, 64);
        assert_eq!(s.db_pool.acquire_timeout, std::time::Duration::from_secs(10));
        assert_eq!(defaults.db_pool, xxgk_store::PoolSettings::default());
        for bad in ["db_max_connections = 0", "db_acquire_timeout = -1", "db_max_connections = 5000"] {
            std::fs::write(&g, bad).unwrap();
            let err = load(&ConfigArgs { config: Some(g.clone()), ..Default::default() }, &ServeOverrides::default())
                .unwrap_err();
            assert!(format!("{err:#}").contains(bad.split(' ').next().unwrap()), "{bad}: {err:#}");
        }
        std::fs::write(dir.path().join("bad.toml"), "nope = 1").unwrap();
        let bad = ConfigArgs { config: Some(dir.path().join("bad.toml")), ..Default::default() };
        assert!(load(&bad, &ServeOverrides::default()).is_err());
    }

    #[test]
    fn import_limits_default_and_are_positive() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("xxgk.toml");
        let defaults = load(&ConfigArgs::default(), &ServeOverrides::default()).unwrap();
        assert_eq!((defaults.import_limits, defaults.import_worker), (xxgk_isolate::Limits::default(), None));
        std::fs::write(
            &f,
            "import_worker = \"/opt/xxgk\"\nimport_memory_mib = 256\nimport_timeout_seconds = 5\nimport_workers = 2\n",
        )
        .unwrap();
        let args = ConfigArgs { config: Some(f.clone()), ..Default::default() };
        let s = load(&args, &ServeOverrides::default()).unwrap();
        assert_eq!(s.import_worker, Some(PathBuf::from("/opt/xxgk")));
        let expected = xxgk_isolate::Limits { memory_mib: 256, wall_seconds: 5, workers: 2, ..Default::default() };
        assert_eq!(s.import_limits, expected);
        std::fs::write(&f, "import_cpu_seconds = 0\n").unwrap();
        let err = load(&args, &ServeOverrides::default()).unwrap_err();
        assert!(err.to_string().contains("import_cpu_seconds"), "{err}");
    }
}
