//! `xxgk calendar`: due dates over holidays and 调休 days, day kinds, JSON
//! output, a replacement holiday table, and clear errors (exit 2) for bad
//! dates and bad tables.

use assert_cmd::Command;
use predicates::prelude::*;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk").expect("binary built")
}

#[test]
fn due_date_over_national_day() {
    xxgk().args(["calendar", "due", "2024-09-30", "20"]).assert().code(0).stdout("2024-11-01\n");
    let out = xxgk().args(["calendar", "due", "2024-09-30", "1", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["due"], "2024-10-08");
    assert_eq!(v["provisional"], false);
}

#[test]
fn a_due_date_in_an_unpublished_year_is_flagged() {
    xxgk()
        .args(["calendar", "due", "2026-12-20", "20"])
        .assert()
        .code(0)
        .stdout("2027-01-15\n")
        .stderr(predicate::str::contains("尚无放假安排"));
}

#[test]
fn day_kinds() {
    xxgk().args(["calendar", "day", "2024-09-29"]).assert().code(0).stdout("2024-09-29 调休上班日\n");
    xxgk().args(["calendar", "day", "2024-10-03"]).assert().code(0).stdout("2024-10-03 法定节假日\n");
}

#[test]
fn a_newer_holiday_table_can_be_given() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("holidays.csv");
    std::fs::write(&table, "date,kind,name\n2027-01-01,holiday,元旦\n2026-12-31,holiday,元旦\n").unwrap();
    let t = table.to_str().unwrap();
    xxgk().args(["calendar", "due", "2026-12-30", "1", "--holidays", t]).assert().code(0).stdout("2027-01-04\n");
    std::fs::write(&table, "date,kind,name\n2027-01-04,workday,x\n").unwrap();
    xxgk()
        .args(["calendar", "day", "2027-01-04", "--holidays", t])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("第 2 行").and(predicate::str::contains("不是周六或周日")));
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    xxgk()
        .args(["calendar", "due", "2024-02-30", "20"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("日期无效").and(predicate::str::contains("2024-02-30")));
    xxgk().args(["calendar", "due", "2024-01-01", "999999"]).assert().code(2).stderr(predicate::str::contains("过大"));
    xxgk()
        .args(["calendar", "day", "2024-01-01", "--holidays", "/nonexistent/h.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("无法读取节假日文件"));
}
