//! `xxgk screen`: findings with masked excerpts, JSON lines, directories,
//! encodings, exit codes 0/1/2 — and never the full number in any output.

use assert_cmd::Command;
use predicates::prelude::*;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk").expect("binary built")
}

const ID: &str = "11010519491231002X";
const MOBILE: &str = "13812345678";
const CARD: &str = "6222021234567890128";

fn assert_no_full_number(output: &std::process::Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        for full in [ID, MOBILE, CARD, "zhangsan@163.com"] {
            assert!(!text.contains(full), "{full} in output:\n{text}");
        }
    }
}

#[test]
fn a_text_file_with_personal_data_is_reported_masked_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("公示.txt");
    std::fs::write(&file, format!("低保名单公示\n张三 {ID} {MOBILE}\n李四 {CARD} zhangsan@163.com\n")).unwrap();
    let out = xxgk().arg("screen").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_full_number(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let name = file.display().to_string();
    assert_eq!(
        lines,
        [
            format!("{name}：第 2 行：错误：居民身份证号码 110105********002X").as_str(),
            &format!("{name}：第 2 行：错误：手机号码 138****5678"),
            &format!("{name}：第 3 行：错误：银行卡号 ***************0128"),
            &format!("{name}：第 3 行：错误：电子邮箱 z*******@163.com"),
            "共检查 1 个文件：4 处错误，0 处警告",
        ]
    );
}

#[test]
fn a_clean_file_exits_0_and_warnings_alone_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("通知.md");
    std::fs::write(
        &file,
        "# 关于印发某办法的通知\n\n文号：某政发〔2026〕3号，统一社会信用代码 91110000710926094P，\
         咨询电话 0591-87654321，邮箱 xxgk@example.gov.cn。疑似证号 110105194912310021。\n",
    )
    .unwrap();
    xxgk()
        .arg("screen")
        .arg(&file)
        .args(["--agency-email", "xxgk@example.gov.cn"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("警告：居民身份证号码 110105********0021"))
        .stdout(predicate::str::ends_with("共检查 1 个文件：0 处错误，1 处警告\n"));
}

#[test]
fn office_phones_given_are_not_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, format!("值班电话 {MOBILE}\n")).unwrap();
    xxgk().arg("screen").arg(&file).assert().code(1);
    xxgk().arg("screen").arg(&file).args(["--office-phone", "138-1234-5678"]).assert().code(0);
}

#[test]
fn json_lines_per_input_over_a_directory_with_tables_and_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let md = format!("| 姓名 | 身份证号 | 家庭住址 |\n|---|---|---|\n| 张三 | {ID} | 某县某镇某村3组 |\n");
    std::fs::write(dir.path().join("a.md"), md).unwrap();
    let html = format!(
        "<html><head><meta charset=\"gbk\"></head><body><p>补助发放</p><table>\
         <tr><td>姓名</td><td>联系电话</td></tr><tr><td>李四</td><td>{MOBILE}</td></tr></table></body></html>"
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&html);
    std::fs::write(dir.path().join("b.html"), &gbk).unwrap();
    std::fs::write(dir.path().join("c.txt"), "无个人信息\n").unwrap();
    std::fs::write(dir.path().join("ignored.json"), format!("{{\"id\": \"{ID}\"}}")).unwrap();

    let out = xxgk().arg("screen").arg(dir.path()).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_full_number(&out);
    let objects: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects.len(), 3, "{objects:?}");
    assert!(objects[0]["input"].as_str().unwrap().ends_with("a.md"));
    assert_eq!(
        objects[0]["findings"],
        serde_json::json!([
            {"kind": "id_card", "severity": "error", "location": "第 1 个表格第 2 行第 2 列（身份证号）", "masked": "110105********002X"},
            {"kind": "address", "severity": "error", "location": "第 1 个表格第 2 行第 3 列（家庭住址）", "masked": "某县******"},
        ])
    );
    assert_eq!(
        objects[1]["findings"],
        serde_json::json!([
            {"kind": "mobile", "severity": "error", "location": "第 1 个表格第 2 行第 2 列（联系电话）", "masked": "138****5678"},
        ])
    );
    assert_eq!(objects[2]["findings"], serde_json::json!([]));
}

#[test]
fn an_unreadable_input_exits_2_and_the_others_are_still_screened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.pdf"), b"%PDF-1.4 not really").unwrap();
    std::fs::write(dir.path().join("b.txt"), format!("{MOBILE}\n")).unwrap();
    let out = xxgk().arg("screen").arg(dir.path()).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_no_full_number(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let objects: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(objects[0]["error"].as_str().unwrap().contains("无法读取PDF文件"), "{objects:?}");
    assert_eq!(objects[1]["findings"][0]["masked"], "138****5678");
    assert!(String::from_utf8(out.stderr).unwrap().contains("a.pdf"));

    xxgk()
        .arg("screen")
        .arg(dir.path().join("missing.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.txt"));
}
