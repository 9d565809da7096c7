//! Opens the DOCX rendering in LibreOffice (`soffice --headless
//! --convert-to txt:Text`) and checks that the converted text holds every
//! label and every number in reading order: the document opens without
//! repair and its tables read as the template's.
//!
//! Skips with a note when `soffice` is not installed, but fails when the `CI`
//! environment variable is set (CI must install `libreoffice-writer-nogui`).

mod common;

use std::path::PathBuf;

#[test]
fn libreoffice_reads_every_label_and_number() {
    let Some(soffice) = common::soffice() else {
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
    common::convert(&soffice, &files, &outdir);

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
