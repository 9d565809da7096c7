//! Opens the DOCX rendering in LibreOffice (`soffice --headless
//! --convert-to txt:Text`) and checks that the converted text holds every
//! label and every number in reading order: the document opens without
//! repair and its tables read as the template's.
//!
//! Skips with a note when `soffice` is not installed, but fails when the `CI`
//! environment variable is set (CI must install `libreoffice-writer-nogui`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// `soffice` (or `libreoffice`) on the PATH.
fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Converts `files` to text with a private LibreOffice profile, so that
/// parallel runs do not share (and lock) one user installation.
fn convert(soffice: &Path, files: &[PathBuf], outdir: &Path) {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let profile = std::env::temp_dir().join(format!("xxgk-render-lo-{}-{nanos}", std::process::id()));
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "txt:Text", "--outdir"])
        .arg(outdir)
        .args(files)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start soffice");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for soffice") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("soffice did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = child.wait_with_output().expect("soffice output");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        status.success(),
        "soffice failed: {status}\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn libreoffice_reads_every_label_and_number() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but soffice is missing: install the Debian package libreoffice-writer-nogui"
        );
        eprintln!("note: soffice not found, LibreOffice test skipped (apt-get install libreoffice-writer-nogui)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let reports = [common::fixture("pingtan-2025"), common::fixture("004_65023467b4397fcb"), common::with_narrative()];
    let files: Vec<PathBuf> = reports
        .iter()
        .enumerate()
        .map(|(i, report)| {
            let path = dir.path().join(format!("report-{i}.docx"));
            std::fs::write(&path, xxgk_render::docx(report).expect("renders")).expect("write docx");
            path
        })
        .collect();
    let outdir = dir.path().join("out");
    convert(&soffice, &files, &outdir);

    for (i, report) in reports.iter().enumerate() {
        let txt = outdir.join(format!("report-{i}.txt"));
        let bytes = std::fs::read(&txt).unwrap_or_else(|e| panic!("{}: {e}", txt.display()));
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let dump = || lines.join("\n");
        for label in common::all_labels(report.format) {
            assert!(lines.contains(&label), "report {i}: label {label} missing from LibreOffice text:\n{}", dump());
        }
        let numbers: Vec<&str> =
            lines.iter().copied().filter(|l| l.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')).collect();
        let expected: Vec<String> = common::all_cells(report).into_iter().map(|(_, v)| v).collect();
        assert_eq!(numbers, expected, "report {i}: numbers in reading order; LibreOffice text:\n{}", dump());
        let title = xxgk_render::layout::document(report).title;
        assert!(lines.first() == Some(&title.as_str()), "report {i}: title first:\n{}", dump());
    }
}
