//! The parent's side: start a worker, feed it the request, collect its
//! reply under the wall-clock timeout, and name what went wrong when it did
//! not answer ([`classify`]).

use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt as _;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::Duration;

use wait_timeout::ChildExt as _;
use xxgk_import::Imported;

use crate::wire::{Reply, decode_reply, encode_request};
use crate::{CPU_FLAG, Limits, MEMORY_FLAG, ReadError, WORKER_SUBCOMMAND};

/// Largest reply read (a report's JSON is tens of KiB).
const MAX_REPLY_BYTES: usize = 16 * 1024 * 1024;
/// Largest diagnostic kept from the worker's stderr (never logged: it may
/// quote the document).
const MAX_DIAGNOSTIC_BYTES: usize = 16 * 1024;

/// How a worker ended, as far as [`classify`] needs it.
struct Ended {
    status: ExitStatus,
    timed_out: bool,
    stdout: Captured,
    stderr: Captured,
}

/// What was read from a pipe, up to a cap.
#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    overflowed: bool,
}

/// Reads a document in a confined worker started from `exe`.
pub fn read_isolated(exe: &Path, limits: &Limits, bytes: &[u8], name: &str) -> Result<Imported, ReadError> {
    let ended = run(exe, limits, encode_request(name, bytes))?;
    classify(&ended, limits)
}

fn run(exe: &Path, limits: &Limits, request: Vec<u8>) -> Result<Ended, ReadError> {
    let spawn_error = |e: std::io::Error| ReadError::Spawn { exe: exe.display().to_string(), reason: e.to_string() };
    let mut child = Command::new(exe)
        .args(WORKER_SUBCOMMAND)
        .args([MEMORY_FLAG, &limits.memory_mib.to_string(), CPU_FLAG, &limits.cpu_seconds.to_string()])
        // Nothing of the parent's environment (database URLs, keys) reaches the worker.
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(spawn_error(std::io::Error::other("pipes missing")));
    };
    // A worker that dies early closes its stdin: the write error is moot,
    // the exit status tells what happened.
    let writer = thread::spawn(move || drop(stdin.write_all(&request)));
    let out_reader = thread::spawn(move || capture(stdout, MAX_REPLY_BYTES));
    let err_reader = thread::spawn(move || capture(stderr, MAX_DIAGNOSTIC_BYTES));
    let wall = Duration::from_secs(limits.wall_seconds.max(1));
    let (status, timed_out) = match child.wait_timeout(wall) {
        Ok(Some(status)) => (status, false),
        Ok(None) | Err(_) => {
            let _ = child.kill();
            (child.wait().map_err(spawn_error)?, true)
        }
    };
    let _ = writer.join();
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ok(Ended { status, timed_out, stdout, stderr })
}

/// Reads a pipe to its end, keeping at most `cap` bytes (the rest is
/// drained, so the worker never blocks on a full pipe).
fn capture(mut pipe: impl Read, cap: usize) -> Captured {
    let mut bytes = Vec::new();
    let _ = (&mut pipe).take(cap as u64 + 1).read_to_end(&mut bytes);
    let overflowed = bytes.len() > cap;
    bytes.truncate(cap);
    let _ = std::io::copy(&mut pipe, &mut std::io::sink());
    Captured { bytes, overflowed }
}

/// Rust's messages on stderr for an allocation refused by RLIMIT_AS and
/// for a blown stack (both followed by SIGABRT).
const OUT_OF_MEMORY_MARK: &str = "memory allocation of";
const STACK_OVERFLOW_MARK: &str = "has overflowed its stack";

/// Names the outcome of a worker run.
fn classify(ended: &Ended, limits: &Limits) -> Result<Imported, ReadError> {
    let diagnostic = String::from_utf8_lossy(&ended.stderr.bytes);
    if ended.timed_out {
        return Err(ReadError::Timeout { seconds: limits.wall_seconds });
    }
    match ended.status.signal() {
        Some(SIGXCPU) => return Err(ReadError::CpuTime { seconds: limits.cpu_seconds }),
        _ if diagnostic.contains(OUT_OF_MEMORY_MARK) => return Err(ReadError::Memory { mib: limits.memory_mib }),
        _ if diagnostic.contains(STACK_OVERFLOW_MARK) => return Err(ReadError::StackOverflow),
        Some(SIGKILL) => return Err(ReadError::Crashed("被强制结束（SIGKILL），可能是系统内存不足".into())),
        Some(signal) => return Err(ReadError::Crashed(format!("信号 {signal}"))),
        None => {}
    }
    match ended.status.code() {
        Some(0) => {}
        Some(code) => return Err(ReadError::Crashed(format!("退出码 {code}"))),
        None => return Err(ReadError::Crashed("未知原因".into())),
    }
    if ended.stdout.overflowed {
        return Err(ReadError::Garbled(format!("输出超过 {MAX_REPLY_BYTES} 字节")));
    }
    let text = std::str::from_utf8(&ended.stdout.bytes).map_err(|_| ReadError::Garbled("输出不是 UTF-8".into()))?;
    match decode_reply(text).map_err(ReadError::Garbled)? {
        Reply::Imported(imported) => Ok(*imported),
        Reply::Rejected(message) => Err(ReadError::Rejected(message)),
    }
}

const SIGKILL: i32 = 9;
const SIGXCPU: i32 = 24;
