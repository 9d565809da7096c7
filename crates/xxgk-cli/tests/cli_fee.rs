//! `xxgk fee`: the worked examples of `fees.md` §8 as text and JSON, and
//! bad counts refused with one line and exit 2.

use assert_cmd::Command;
use predicates::prelude::*;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk").expect("binary built")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = xxgk().args(args).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn example_1_forty_five_pieces_in_march() {
    xxgk().args(["fee", "pieces", "45"]).assert().code(0).stdout(
        predicate::str::starts_with("5500\n").and(predicate::str::contains("第 41–45 件：5 件 × 300 元 = 1500 元")),
    );
    let v = json(&["fee", "pieces", "45"]);
    assert_eq!(
        v,
        serde_json::json!({"method": "pieces", "units": 45, "total_yuan": 5500, "bands": [
            {"from": 11, "to": 30, "rate_yuan": 100, "units": 20, "subtotal_yuan": 2000},
            {"from": 31, "to": 40, "rate_yuan": 200, "units": 10, "subtotal_yuan": 2000},
            {"from": 41, "to": 45, "rate_yuan": 300, "units": 5, "subtotal_yuan": 1500},
        ]})
    );
    for (n, total) in [
        ("30", 2000),
        ("31", 2200),
        ("40", 4000),
        ("41", 4300),
        ("50", 7000),
        ("51", 7400),
        ("60", 11000),
        ("10", 0),
        ("0", 0),
    ] {
        assert_eq!(json(&["fee", "pieces", n])["total_yuan"], total, "{n} 件");
    }
}

#[test]
fn example_2_pages() {
    xxgk().args(["fee", "pages", "2219"]).assert().code(0).stdout(predicate::str::starts_with("83460\n"));
    let v = json(&["fee", "pages", "2219"]);
    assert_eq!(v["method"], "pages");
    assert_eq!(
        v["bands"][2],
        serde_json::json!({"from": 201, "to": 2219, "rate_yuan": 40, "units": 2019, "subtotal_yuan": 80760})
    );
    for (p, total) in [("150", 1700), ("200", 2700), ("201", 2740), ("30", 0)] {
        assert_eq!(json(&["fee", "pages", p])["total_yuan"], total, "{p} 页");
    }
}

#[test]
fn bad_counts_exit_2_with_one_line() {
    for bad in ["-1", "1.5", "abc", "", "1e3", "99999999999999999999999"] {
        let out = xxgk().args(["fee", "pages", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{bad}: {stderr}");
        assert!(out.stdout.is_empty());
    }
    xxgk().args(["fee", "pieces", "100001"]).assert().code(2).stderr(predicate::str::contains("超出可计算的范围"));
}
