//! The worker's side: confine this process, read the request from stdin,
//! import, write the reply to stdout. Called by `xxgk internal import-worker`.

use std::io::{Read, Write};

use crate::wire::{Reply, decode_request, encode_reply};
use crate::{Limits, confine, hint};

/// Exit code of a worker that could not confine itself or got no request.
pub const SETUP_FAILED: u8 = 2;

/// Runs the worker; the process exit code. Exit 0 means a reply is on stdout.
pub fn run_worker(limits: &Limits) -> u8 {
    if let Err(e) = confine(limits) {
        eprintln!("import-worker: {e}");
        return SETUP_FAILED;
    }
    // The name, the length prefix and the largest document the importer takes.
    let cap = (xxgk_import::MAX_INPUT_BYTES + 64 * 1024) as u64;
    let mut frame = Vec::new();
    if let Err(e) = std::io::stdin().lock().take(cap).read_to_end(&mut frame) {
        eprintln!("import-worker: stdin: {e}");
        return SETUP_FAILED;
    }
    let Some((name, bytes)) = decode_request(&frame) else {
        eprintln!("import-worker: malformed request");
        return SETUP_FAILED;
    };
    let reply = match xxgk_import::import(bytes, hint(name)) {
        Ok(imported) => Reply::Imported(Box::new(imported)),
        Err(e) => Reply::Rejected(e.to_string()),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(encode_reply(&reply).as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("import-worker: stdout: {e}");
            SETUP_FAILED
        }
    }
}
