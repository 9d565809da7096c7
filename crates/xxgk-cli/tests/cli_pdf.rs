//! `xxgk report render --to pdf`: a PDF with the report's text, `-o`
//! required, and one line with exit 2 when no Chinese font is found.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    std::env::var_os("XXGK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("fixtures/reports")
        .join(name)
}

fn xxgk() -> Command {
    let mut cmd = Command::cargo_bin("xxgk").expect("binary built");
    cmd.env_remove("XXGK_FONT_DIR");
    cmd
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn render_pdf_writes_a_pdf_with_the_report_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let output = xxgk()
        .args(["report", "render", "--to", "pdf", "-o"])
        .arg(&out)
        .arg(fixture("pingtan-2025.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by this test");
    // The title wraps, and Typst spaces Chinese from digits: compare without whitespace.
    let text: String = String::from_utf8(text.stdout).unwrap().split_whitespace().collect();
    assert!(text.contains("平潭综合实验区2025年政府信息公开工作年度报告"), "{text}");
    assert!(text.contains("4166.241619"), "money printed exactly");
}

#[test]
fn render_pdf_needs_an_output_file() {
    let output = xxgk().args(["report", "render", "--to", "pdf"]).arg(fixture("pingtan-2025.json")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("--to pdf 需要用 -o 指定输出文件"), "{}", stderr_of(&output));
}

#[test]
fn no_chinese_font_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    let out = dir.path().join("r.pdf");
    let output = xxgk()
        .args(["report", "render", "--to", "pdf", "--no-system-fonts", "--font-dir"])
        .arg(&fonts)
        .arg("-o")
        .arg(&out)
        .arg(fixture("pingtan-2025.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("xxgk: 未找到中文字体") && stderr.contains("fonts-noto-cjk"), "{stderr}");
    assert!(!out.exists(), "no PDF is written");
}
