//! Shared test helpers: the report fixtures of `shared/fixtures/reports`,
//! every label of a template and every cell value a rendering must show, and
//! LibreOffice's conversion of DOCX files to text.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use xxgk_render::layout::value_text;
use xxgk_report::labels::{
    SECTIONS, T2_CONTENT_HEADER, T3_APPLICANTS, T3_CORNER_NOTE, T3_LEGAL_PERSONS, T3_RESULTS_GROUP, T4_LITIGATION,
    T4_RECONSIDERATION, TABLE4_COLUMNS, table2_blocks, table2_cells,
};
use xxgk_report::{CellPath, Narrative, Report, T3Col, T3Row, T4Group, Template, from_json};

/// `shared/fixtures/reports`: `$XXGK_SHARED_DIR/fixtures/reports`, or the
/// `shared` directory beside the repository.
pub fn fixtures_dir() -> PathBuf {
    let shared = match std::env::var_os("XXGK_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    shared.join("fixtures").join("reports")
}

/// Every fixture report, sorted by file name: `(stem, report)`.
pub fn fixtures() -> Vec<(String, Report)> {
    let dir = fixtures_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read fixtures at {}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixture JSON in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let report = from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (stem, report)
        })
        .collect()
}

pub fn fixture(stem: &str) -> Report {
    fixtures().into_iter().find(|(s, _)| s == stem).map(|(_, r)| r).unwrap_or_else(|| panic!("no fixture {stem}"))
}

/// A real-shaped report with prose in sections 一 and 五 (六 left empty).
pub fn with_narrative() -> Report {
    let mut report = fixture("pingtan-2025");
    report.narrative = Narrative {
        overview: Some(
            "　　2025年，平潭综合实验区认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n（一）主动公开\n全年主动公开政府信息 1,234 条；收费 4166.241619 万元。"
                .into(),
        ),
        problems: Some("一是公开内容不够全面。\n二是解读形式较为单一。".into()),
        other_matters: None,
    };
    report
}

/// Every label a rendering of `template` must print.
pub fn all_labels(template: Template) -> Vec<&'static str> {
    let mut labels: Vec<&'static str> = SECTIONS.iter().map(|s| s.heading).collect();
    labels.push(T2_CONTENT_HEADER);
    for block in table2_blocks(template) {
        labels.push(block.item);
        labels.extend(block.fields.iter().map(|f| f.label));
        labels.extend(block.rows.iter().map(|r| r.label));
    }
    labels.extend([T3_CORNER_NOTE, T3_APPLICANTS, T3_LEGAL_PERSONS, T3_RESULTS_GROUP]);
    labels.extend(T3Col::ALL.iter().map(|c| c.label()));
    for row in T3Row::of(template) {
        labels.push(row.spec().label);
        labels.extend(row.spec().group);
    }
    labels.extend([T4_RECONSIDERATION, T4_LITIGATION]);
    labels.extend(T4Group::ALL.iter().map(|g| g.label()));
    labels.extend(TABLE4_COLUMNS);
    labels.sort_unstable();
    labels.dedup();
    labels
}

/// Every cell of the report's template with its printed value, in reading
/// order (table 二 block by block, table 三 row by row, table 四 left to right).
pub fn all_cells(report: &Report) -> Vec<(CellPath, String)> {
    let mut cells = Vec::new();
    for (row, field) in table2_cells(report.format) {
        let value = report.table2.get(row, field).map(value_text).expect("template cell");
        cells.push((CellPath::Table2 { row, field }, value));
    }
    for &row in T3Row::of(report.format) {
        for col in T3Col::ALL {
            cells.push((CellPath::t3(row, col), report.table3.get(row, col).to_string()));
        }
    }
    for group in T4Group::ALL {
        for index in 0..5 {
            cells.push((CellPath::Table4 { group, index }, report.table4[group][index].to_string()));
        }
    }
    cells
}

/// `soffice` (or `libreoffice`) on the PATH.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Converts `files` to text with a private LibreOffice profile, so that
/// parallel runs do not share (and lock) one user installation.
pub fn convert(soffice: &Path, files: &[PathBuf], outdir: &Path) {
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
