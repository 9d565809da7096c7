//! Confining the current process before it touches a document: the lowest
//! CPU priority (nice 19, so the server's own threads always come first),
//! address space (RLIMIT_AS), CPU time (RLIMIT_CPU; SIGXCPU at the limit,
//! SIGKILL two seconds later), no core dumps, and a seccomp filter under which
//! `socket`, `socketpair`, `execve` and `execveat` fail with EPERM — a
//! document cannot reach the network or start another program.

use crate::Limits;

/// A confinement step the kernel refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfineError {
    #[error("cannot set {resource}: {source}")]
    Limit { resource: &'static str, source: std::io::Error },
    #[error("cannot lower the priority: {0}")]
    Priority(std::io::Error),
    #[error("cannot install the seccomp filter: {0}")]
    Seccomp(String),
}

/// The nice value of a worker.
const LOWEST_PRIORITY: i32 = 19;
/// Grace between SIGXCPU and SIGKILL.
const CPU_KILL_GRACE_SECONDS: u64 = 2;

/// Applies `limits` and the network/exec filter to this process, for good.
pub fn confine(limits: &Limits) -> Result<(), ConfineError> {
    use rlimit::Resource;
    let set = |resource: Resource, name: &'static str, soft: u64, hard: u64| {
        rlimit::setrlimit(resource, soft, hard).map_err(|source| ConfineError::Limit { resource: name, source })
    };
    rustix::process::setpriority_process(None, LOWEST_PRIORITY).map_err(|e| ConfineError::Priority(e.into()))?;
    set(Resource::CORE, "RLIMIT_CORE", 0, 0)?;
    let bytes = limits.memory_mib.saturating_mul(1024 * 1024);
    set(Resource::AS, "RLIMIT_AS", bytes, bytes)?;
    let cpu = limits.cpu_seconds.max(1);
    set(Resource::CPU, "RLIMIT_CPU", cpu, cpu + CPU_KILL_GRACE_SECONDS)?;
    deny_network_and_exec()
}

#[cfg(target_os = "linux")]
fn deny_network_and_exec() -> Result<(), ConfineError> {
    use std::collections::BTreeMap;

    use seccompiler::{BpfProgram, SeccompAction, SeccompFilter};
    let err = |e: &dyn std::fmt::Display| ConfineError::Seccomp(e.to_string());
    let denied = [libc::SYS_socket, libc::SYS_socketpair, libc::SYS_execve, libc::SYS_execveat];
    let rules: BTreeMap<i64, Vec<seccompiler::SeccompRule>> = denied.into_iter().map(|n| (n, Vec::new())).collect();
    let arch = std::env::consts::ARCH.try_into().map_err(|e| err(&e))?;
    let filter = SeccompFilter::new(rules, SeccompAction::Allow, SeccompAction::Errno(libc::EPERM as u32), arch)
        .map_err(|e| err(&e))?;
    let program: BpfProgram = filter.try_into().map_err(|e: seccompiler::BackendError| err(&e))?;
    seccompiler::apply_filter(&program).map_err(|e| err(&e))
}

#[cfg(not(target_os = "linux"))]
fn deny_network_and_exec() -> Result<(), ConfineError> {
    Err(ConfineError::Seccomp("only supported on Linux".into()))
}
