//! LibreOffice for the PDF tests: DOCX → PDF the way agencies make their
//! PDFs. Without LibreOffice a PDF test is skipped with a note, unless `CI`
//! is set, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The LibreOffice binary, or `None` after printing a skip note (outside CI).
pub fn soffice_or_skip() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"]
        .into_iter()
        .find(|bin| Command::new(bin).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs LibreOffice (apt-get install libreoffice-writer) for the PDF tests"
        );
        eprintln!("note: LibreOffice not found, PDF test skipped");
    }
    found
}

/// Converts DOCX files into PDFs in `dir` (same stem).
pub fn convert_to_pdf(bin: &str, dir: &Path, docx: &[PathBuf]) {
    let out = Command::new(bin)
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(docx)
        .env("HOME", dir)
        .output()
        .expect("run soffice");
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
}
