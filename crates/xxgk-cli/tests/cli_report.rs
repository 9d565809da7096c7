//! The `xxgk report` contract of `shared/spec/cli.md`: exit codes 0/1/2, the
//! `--json` shape, one-line errors naming the file, no panics.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> PathBuf {
    std::env::var_os("XXGK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("fixtures/reports")
}

fn xxgk() -> Command {
    Command::cargo_bin("xxgk").expect("binary built")
}

/// A copy of a fixture JSON with one edit applied.
fn edited(dir: &Path, fixture: &str, f: impl FnOnce(&mut Value)) -> PathBuf {
    let text = std::fs::read_to_string(fixtures().join(fixture)).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    f(&mut value);
    let path = dir.join(format!("edited-{fixture}"));
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn clean_report_exits_0() {
    let output = xxgk().args(["report", "check"]).arg(fixtures().join("pingtan-2025.json")).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("平潭综合实验区 2025 年度报告（2021 年版模板）"), "{stdout}");
}

#[test]
fn error_finding_exits_1_with_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let broken = edited(dir.path(), "pingtan-2025.json", |v| {
        v["table3"]["new_received"][0] = Value::from(152);
    });
    let clean = fixtures().join("pingtan-2024.json");
    let output = xxgk().args(["report", "check", "--json"]).arg(&broken).arg(&clean).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    assert_eq!(first["input"], Value::from(broken.display().to_string()));
    assert_eq!(first["format"], "2021");
    assert_eq!(first["year"], 2025);
    assert_eq!(first["agency"], "平潭综合实验区");
    let finding = &first["findings"][0];
    assert_eq!(finding["code"], "H-1");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["path"], "table3.new_received[0]");
    assert!(finding["message"].as_str().unwrap().starts_with("表三「自然人」列：本年新收 152"));
    assert_eq!(lines[1]["findings"], Value::Array(vec![]));
}

#[test]
fn human_output_groups_by_table() {
    let dir = tempfile::tempdir().unwrap();
    let broken = edited(dir.path(), "pingtan-2024.json", |v| {
        v["table4"]["reconsideration"][4] = Value::from(8);
    });
    let output = xxgk().args(["report", "check"]).arg(&broken).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("  表四 政府信息公开行政复议、行政诉讼情况\n    错误 H-4 [table4.reconsideration[4]]"),
        "{stdout}"
    );
    assert!(stdout.contains("共 1 个错误、0 个提示"));
}

#[test]
fn previous_year_enables_cross_year_checks() {
    let dir = tempfile::tempdir().unwrap();
    let prev = edited(dir.path(), "pingtan-2024.json", |v| {
        v["table3"]["carried_forward"][0] = Value::from(1);
    });
    let output = xxgk()
        .args(["report", "check", "--json", "--previous"])
        .arg(&prev)
        .arg(fixtures().join("pingtan-2025.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(line["findings"][0]["code"], "C-1");
    let output = xxgk()
        .args(["report", "check", "--carry-over-override", "机构改革", "--previous"])
        .arg(&prev)
        .arg(fixtures().join("pingtan-2025.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "an explained break is a warning");
}

/// Bad inputs: exit 2, one line on stderr naming the file (and position), no panic.
#[test]
fn unreadable_inputs_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(fixtures().join("pingtan-2025.json")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("malformed.json", b"{\"format\": \"2021\",, }".to_vec(), "第 1 行第 19 列"),
        ("truncated.json", full.as_bytes()[..full.len() / 3].to_vec(), "中断"),
        ("empty.json", Vec::new(), "文件为空"),
        ("binary.json", vec![0x00, 0x9f, 0x92, 0x96, 0xff, 0x00, 0x01], ""),
        ("wrong-key.json", full.replace("\"carried_forward\"", "\"carried_fwd\"").into_bytes(), "table3.carried_fwd"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = xxgk().args(["report", "check"]).arg(&path).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(name), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    let output = xxgk().args(["report", "check"]).arg(dir.path().join("missing.json")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = xxgk().args(["report", "check", "--bogus-flag", "x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn render_every_format() {
    let input = fixtures().join("pingtan-2025.json");
    for (to, needle) in
        [("html", "<table"), ("md", "## 三、收到和处理政府信息公开申请情况"), ("txt", "四、结转下年度继续办理")]
    {
        let output = xxgk().args(["report", "render", "--to", to]).arg(&input).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{to}: {}", stderr_of(&output));
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains(needle), "{to}");
        assert!(stdout.contains("4166.241619"), "{to}: money printed exactly");
    }
    let output = xxgk().args(["report", "render", "--to", "docx"]).arg(&input).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "docx needs -o");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.docx");
    let output = xxgk().args(["report", "render", "--to", "docx", "-o"]).arg(&out).arg(&input).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
}

#[test]
fn import_one_file_to_stdout_matches_fixture() {
    let output = xxgk().args(["report", "import"]).arg(fixtures().join("002_19e7a58c87b6c757.txt")).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let got: Value = serde_json::from_slice(&output.stdout).unwrap();
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("002_19e7a58c87b6c757.json")).unwrap()).unwrap();
    assert_eq!(got, want);
}

#[test]
fn import_directory_with_summary() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    for name in ["000_c334de6829cd204d.txt", "pingtan-2024.html"] {
        std::fs::copy(fixtures().join(name), inputs.join(name)).unwrap();
    }
    std::fs::write(inputs.join("sub/notes.txt"), "这不是年报。").unwrap();
    let out = dir.path().join("out");
    let summary = dir.path().join("summary.jsonl");
    let output = xxgk()
        .args(["report", "import", "--jobs", "2", "-o"])
        .arg(&out)
        .arg("--summary")
        .arg(&summary)
        .arg(&inputs)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "one input is not a report: {stderr}");
    assert!(stderr.contains("imported 2, failed 1, with findings"), "{stderr}");
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert!(out.join("000_c334de6829cd204d.json").exists());
    assert!(out.join("pingtan-2024.json").exists());
    let lines: Vec<Value> =
        std::fs::read_to_string(&summary).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    let failed: Vec<&Value> = lines.iter().filter(|l| !l["error"].is_null()).collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]["output"].is_null());
    let output = xxgk().args(["report", "import"]).arg(&inputs).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "a directory needs -o");
}

#[test]
fn check_reads_documents_directly() {
    let output = xxgk().args(["report", "check", "--json"]).arg(fixtures().join("pingtan-2025.html")).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(line["year"], 2025);
}
