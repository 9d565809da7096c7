//! LibreOffice for the PDF tests: finding it, and converting DOCX files to
//! PDF the way agencies do (`soffice --headless --convert-to pdf`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The LibreOffice binary, when installed.
pub fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|bin| Command::new(bin).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// LibreOffice, or `None` after a note; under `CI` a missing LibreOffice fails.
pub fn soffice_or_skip(what: &str) -> Option<&'static str> {
    let bin = soffice();
    if bin.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs LibreOffice (apt-get install libreoffice-writer) for {what}"
        );
        eprintln!("note: LibreOffice not found, {what} skipped");
    }
    bin
}

/// Converts DOCX files to PDFs beside them (one LibreOffice run); returns
/// the PDF paths.
pub fn to_pdf(bin: &str, dir: &Path, docx: &[PathBuf]) -> Vec<PathBuf> {
    let out = Command::new(bin)
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(docx)
        .env("HOME", dir)
        .output()
        .expect("run soffice");
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    docx.iter().map(|p| dir.join(p.with_extension("pdf").file_name().expect("file name"))).collect()
}
