//! The strict JSON reader: each kind of bad input gives one error that names
//! the place (line/column or JSON path).

use xxgk_report::{JsonError, Report, Template, from_json, to_json_pretty};

fn valid_json(template: Template, year: i32) -> String {
    to_json_pretty(&xxgk_report::sample::busy(template, year))
}

fn error_of(text: &str) -> String {
    from_json(text).expect_err("must be rejected").to_string()
}

fn edit(template: Template, year: i32, f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(&valid_json(template, year)).unwrap();
    f(&mut value);
    value.to_string()
}

#[test]
fn empty_and_truncated_and_garbage() {
    assert_eq!(from_json(""), Err(JsonError::Empty));
    assert_eq!(from_json("  \n"), Err(JsonError::Empty));
    let full = valid_json(Template::V2021, 2022);
    let truncated = &full[..full.len() / 2];
    let message = error_of(truncated);
    assert!(message.starts_with("第 "), "{message}");
    assert!(message.contains("中断"), "{message}");
    let message = error_of("{\"format\": \"2021\",, }");
    assert!(message.contains("第 1 行第 19 列"), "{message}");
    let binary = String::from_utf8_lossy(&[0x89, b'P', b'N', b'G', 0, 1, 2]).into_owned();
    assert!(error_of(&binary).contains("JSON 语法错误"));
}

#[test]
fn unknown_keys_are_named() {
    let text = edit(Template::V2021, 2022, |v| {
        v["table3"]["granted_typo"] = serde_json::json!([0, 0, 0, 0, 0, 0, 0]);
    });
    assert_eq!(error_of(&text), "table3.granted_typo：未知的行");
    let text = edit(Template::V2021, 2022, |v| v["extra"] = serde_json::json!(1));
    assert_eq!(error_of(&text), "extra：未知的键");
    let text = edit(Template::V2021, 2022, |v| v["table2"]["fees"]["amount"] = serde_json::json!(1));
    assert_eq!(error_of(&text), "table2.fees.amount：未知的键");
}

#[test]
fn missing_rows_and_wrong_lengths() {
    let text = edit(Template::V2021, 2022, |v| {
        v["table3"].as_object_mut().unwrap().remove("carried_forward");
    });
    assert_eq!(error_of(&text), "table3.carried_forward：缺少此项");
    let text = edit(Template::V2021, 2022, |v| v["table3"]["granted"] = serde_json::json!([1, 2, 3]));
    assert_eq!(error_of(&text), "table3.granted：应有 7 个数字（自然人…总计），实有 3 个");
    let text = edit(Template::V2019, 2020, |v| v["table4"]["reconsideration"] = serde_json::json!([1, 2, 3, 4, 5, 6]));
    assert!(error_of(&text).starts_with("table4.reconsideration：应有 5 个数字"));
    let text = edit(Template::V2021, 2022, |v| v["table3"]["granted"][2] = serde_json::json!(1.5));
    assert_eq!(error_of(&text), "table3.granted[2]：应为整数，实为 1.5");
    let text = edit(Template::V2021, 2022, |v| v["table3"]["granted"][2] = serde_json::json!("3"));
    assert_eq!(error_of(&text), "table3.granted[2]：应为整数，实为 字符串");
}

#[test]
fn keys_of_the_other_template_are_named() {
    let text = edit(Template::V2021, 2022, |v| {
        v["table3"]["other"] = serde_json::json!([0, 0, 0, 0, 0, 0, 0]);
    });
    assert!(error_of(&text).starts_with("table3.other：此行不属于 2021 年版模板"));
    let text = edit(Template::V2019, 2020, |v| {
        v["table2"]["procurement"] = serde_json::json!({"projects": 1, "amount_10k_yuan": 2});
        v["format"] = serde_json::json!("2021");
    });
    assert!(error_of(&text).contains("属于 2019 年版模板"), "{}", error_of(&text));
    let text = edit(Template::V2021, 2022, |v| v["format"] = serde_json::json!("2020"));
    assert!(error_of(&text).starts_with("format：未知模板"));
}

#[test]
fn money_is_exact_and_kept_as_written() {
    let text = edit(Template::V2021, 2024, |v| {
        v["table2"]["fees"]["amount_10k_yuan"] = serde_json::from_str("18651.060000").unwrap();
    });
    let report: Report = from_json(&text).unwrap();
    let out = to_json_pretty(&report);
    assert!(out.contains("\"amount_10k_yuan\": 18651.060000"), "{out}");
    let text = edit(Template::V2021, 2024, |v| {
        v["table2"]["fees"]["amount_10k_yuan"] = serde_json::from_str("0.1234567890123456789").unwrap();
    });
    assert!(to_json_pretty(&from_json(&text).unwrap()).contains("0.1234567890123456789"));
}

#[test]
fn unfilled_and_narrative_round_trip() {
    let text = edit(Template::V2021, 2022, |v| {
        v["unfilled"] = serde_json::json!([{"path": "table3.granted[6]", "mark": "/"}]);
        v["narrative"] = serde_json::json!({"overview": "总体情况正文", "other_matters": "未收取信息处理费"});
    });
    let report = from_json(&text).unwrap();
    assert_eq!(report.unfilled.len(), 1);
    assert_eq!(report.narrative.overview.as_deref(), Some("总体情况正文"));
    assert_eq!(from_json(&to_json_pretty(&report)).unwrap(), report);
    let text = edit(Template::V2021, 2022, |v| {
        v["unfilled"] = serde_json::json!([{"path": "table3.other[6]", "mark": ""}]);
    });
    assert!(error_of(&text).starts_with("unfilled[0].path："));
}

#[test]
fn document_facts_round_trip() {
    use time::macros::date;
    use xxgk_report::{CellPath, DocumentFacts, Section, T2Field, T2Row, VariantUse, facts_from_value, facts_to_value};
    let facts = DocumentFacts {
        title: Some("某镇2022年政府信息公开工作年度报告".into()),
        sections: vec![(Section::Overview, "总体情况正文".into()), (Section::OtherMatters, "无".into())],
        stated_period: Some((date!(2022 - 01 - 01), date!(2022 - 12 - 31))),
        signed_on: Some(date!(2023 - 01 - 17)),
        published_on: None,
        label_variants: vec![VariantUse { label: "社会公益组织".into(), variant: "社会组织".into() }],
        money_in_yuan: vec![CellPath::Table2 { row: T2Row::Fees, field: T2Field::Amount10kYuan }],
        money_unit_assumed: vec![],
    };
    let value = facts_to_value(&facts);
    assert_eq!(facts_from_value(&value, Template::V2021), Some(facts));
    assert_eq!(facts_from_value(&serde_json::json!([1, 2]), Template::V2021), None);
}
