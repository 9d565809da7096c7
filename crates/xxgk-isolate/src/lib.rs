//! Reading untrusted documents in isolation. An uploaded or imported file is
//! parsed by a worker process — the `xxgk` binary itself, re-executed as
//! `xxgk internal import-worker` — that first confines itself
//! ([`confine`]: address-space and CPU-time limits, no core dumps, and a
//! seccomp filter refusing sockets and exec), then reads the document from
//! stdin and writes the result to stdout ([`wire`]). The parent
//! ([`Reader::read`]) enforces a wall-clock timeout, kills the worker when it
//! passes, and turns a crash, an exhausted limit or a garbled answer into a
//! [`ReadError`] for that one file: nothing a document does can take the
//! calling process down.
//!
//! Knows processes, not HTTP or SQL. [`Reader::InProcess`] runs the
//! importer directly, for unit tests and fuzzing only.

mod confine;
mod slots;
mod spawn;
pub mod wire;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;

pub use confine::{ConfineError, confine};
pub use worker::run_worker;
use xxgk_import::Imported;

/// The argv (after the executable) that starts a worker; the `xxgk` binary
/// answers to it with a hidden subcommand that calls [`run_worker`].
pub const WORKER_SUBCOMMAND: [&str; 2] = ["internal", "import-worker"];
/// The worker flags carrying [`Limits::memory_mib`] and [`Limits::cpu_seconds`].
pub const MEMORY_FLAG: &str = "--memory-mib";
pub const CPU_FLAG: &str = "--cpu-seconds";

/// What one worker may use. The defaults suit a 2-core / 24 GB server:
/// every ordinary report reads in well under a second and 100 MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space of the worker (RLIMIT_AS), in MiB.
    pub memory_mib: u64,
    /// CPU time of the worker (RLIMIT_CPU), in seconds.
    pub cpu_seconds: u64,
    /// Wall-clock time before the parent kills the worker, in seconds.
    pub wall_seconds: u64,
    /// Workers running at once per reader; further documents wait their
    /// turn (so memory stays under `workers × memory_mib`).
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { memory_mib: 512, cpu_seconds: 30, wall_seconds: 60, workers: 4 }
    }
}

/// How documents are read.
#[derive(Debug, Clone)]
pub enum Reader {
    /// In this process, without any protection: for tests and fuzzing.
    InProcess,
    /// In a confined worker process started from `exe`; `slots` counts the
    /// workers running (shared by the clones of this reader).
    Isolated { exe: PathBuf, limits: Limits, slots: Arc<slots::Slots> },
}

impl Default for Reader {
    /// Isolated, with this very executable as the worker (right when the
    /// running program is `xxgk`) and the default limits.
    fn default() -> Self {
        Reader::isolated(None, Limits::default())
    }
}

impl Reader {
    /// Isolated reading with the worker `exe` (default: this executable).
    pub fn isolated(exe: Option<PathBuf>, limits: Limits) -> Self {
        let exe = exe.or_else(|| std::env::current_exe().ok()).unwrap_or_else(|| PathBuf::from("/proc/self/exe"));
        Reader::Isolated { exe, limits, slots: Arc::default() }
    }

    /// Reads one document; `name` is its file name (a hint for the format).
    /// Blocks until the worker ends: async callers use a blocking task.
    pub fn read(&self, bytes: &[u8], name: &str) -> Result<Imported, ReadError> {
        match self {
            Reader::InProcess => xxgk_import::import(bytes, hint(name)).map_err(|e| ReadError::Rejected(e.to_string())),
            Reader::Isolated { exe, limits, slots } => {
                let _slot = slots.take(limits.workers);
                spawn::read_isolated(exe, limits, bytes, name)
            }
        }
    }
}

/// The file name as the importer's hint (none when empty).
fn hint(name: &str) -> Option<&str> {
    Some(name).filter(|n| !n.is_empty())
}

/// Why a document was not read. Each message is one Chinese sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The importer refused the document (its own message).
    #[error("{0}")]
    Rejected(String),
    #[error("文件解析超出内存限制（{mib} MiB），已停止")]
    Memory { mib: u64 },
    #[error("文件解析超出 CPU 时间限制（{seconds} 秒），已停止")]
    CpuTime { seconds: u64 },
    #[error("文件解析超时（{seconds} 秒），已停止")]
    Timeout { seconds: u64 },
    #[error("文件结构嵌套过深，解析时栈溢出，已停止")]
    StackOverflow,
    #[error("解析进程异常终止（{0}），文件未读取")]
    Crashed(String),
    #[error("解析进程返回了无法识别的结果（{0}），文件未读取")]
    Garbled(String),
    #[error("无法启动解析进程 {exe}（{reason}）")]
    Spawn { exe: String, reason: String },
}
