//! One failing and one passing case for every rule of the screen
//! (proactive-disclosure.md §5), through the public API.

use time::macros::date;
use xxgk_screen::{Finding, Kind, Place, Policy, Severity, mask, screen_bytes, screen_text};

fn policy() -> Policy {
    Policy::new(date!(2026 - 12 - 01))
        .with_agency_emails(["xxgk@example.gov.cn"])
        .with_office_phones(["0591-87654321", "+86 139 0000 1111"])
}

fn found(text: &str) -> Vec<(Kind, Severity, String)> {
    screen_text(text, &policy()).into_iter().map(|f| (f.kind, f.severity, f.masked.to_string())).collect()
}

fn kinds(text: &str) -> Vec<Kind> {
    found(text).into_iter().map(|(k, _, _)| k).collect()
}

// 11010519491231002X: the GB 11643 example; check digit X.
const ID: &str = "11010519491231002X";

#[test]
fn id18_valid_is_an_error_masked_to_first_6_and_last_4() {
    assert_eq!(
        found(&format!("申请人身份证号{ID}，已审核")),
        [(Kind::IdCard, Severity::Error, "110105********002X".into())]
    );
    assert_eq!(kinds("身份证：11010519491231002x"), [Kind::IdCard], "lower-case x");
    assert_eq!(kinds("１１０１０５１９４９１２３１００２Ｘ"), [Kind::IdCard], "full-width digits");
    assert_eq!(found("110105 19491231 002X"), [(Kind::IdCard, Severity::Error, "110105 ******** 002X".into())]);
}

#[test]
fn id18_bad_check_digit_is_a_warning_bad_province_or_date_nothing() {
    assert_eq!(found("110105194912310021"), [(Kind::IdCard, Severity::Warning, "110105********0021".into())]);
    assert!(kinds("990105194912310021").is_empty(), "province 99");
    assert!(kinds("110105194902310021").is_empty(), "31 February");
    assert!(kinds("110105203001010021").is_empty(), "born in 2030");
    assert!(kinds("110105189912310021").is_empty(), "born 1899");
}

#[test]
fn id15_old_numbers() {
    assert_eq!(found("旧证 110105491231002"), [(Kind::IdCard15, Severity::Error, "110105******002".into())]);
    assert!(kinds("110105491331002").is_empty(), "month 13");
    assert!(kinds("000105491231002").is_empty(), "province 00");
}

#[test]
fn mobiles_with_prefixes_and_separators() {
    for text in [
        "13812345678",
        "电话:13812345678。",
        "+8613812345678",
        "+86 138 1234 5678",
        "86-138-1234-5678",
        "138 1234 5678",
        "138-1234-5678",
        "8613812345678",
    ] {
        let f = found(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        assert_eq!(f[0].0, Kind::Mobile, "{text}");
        assert!(f[0].2.contains("138") && f[0].2.contains("5678") && f[0].2.contains("****"), "{text}: {f:?}");
    }
    assert_eq!(found("13812345678")[0].2, "138****5678");
    assert!(kinds("12812345678").is_empty(), "12 is not a mobile prefix");
    assert!(kinds("138-12345-678").is_empty(), "not split 3-4-4");
    assert!(kinds("138 1234-5678").is_empty(), "mixed separators");
}

#[test]
fn numbers_inside_longer_runs_are_not_read_as_shorter_ones() {
    assert!(kinds("4013812345678").is_empty());
    assert!(kinds("13812345678901").is_empty());
    assert!(kinds("A13812345678").is_empty());
    assert!(kinds("13812345678B").is_empty());
    assert!(kinds("X11010519491231002X").is_empty());
    assert!(kinds("4111111111111111 1").is_empty() || kinds("4111111111111111 1") == [Kind::BankCard]);
    assert!(kinds("1234-4111-1111-1111-1111-5").is_empty(), "a 4-grouped run longer than a card");
    // Two numbers side by side are two findings.
    assert_eq!(kinds("0591-87654322 13812345678"), [Kind::Mobile]);
    assert_eq!(kinds(&format!("{ID} 13812345678")), [Kind::IdCard, Kind::Mobile]);
    assert_eq!(kinds(&format!("{ID}，13812345678。")), [Kind::IdCard, Kind::Mobile], "Chinese comma");
}

#[test]
fn bank_cards_pass_luhn_and_keep_the_last_4() {
    assert_eq!(found("账号 6222021234567890128"), [(Kind::BankCard, Severity::Error, "***************0128".into())]);
    assert_eq!(found("4111 1111 1111 1111"), [(Kind::BankCard, Severity::Error, "**** **** **** 1111".into())]);
    assert_eq!(kinds("4111-1111-1111-1111"), [Kind::BankCard]);
    assert!(kinds("4111111111111112").is_empty(), "Luhn fails");
    assert!(kinds("4111 1111 1111 1112").is_empty(), "Luhn fails");
    assert!(kinds("911111111111111").is_empty(), "15 digits");
    // Passes Luhn and GB 32100: a card unless labelled as a USCC.
    assert_eq!(kinds("625634729289594469"), [Kind::BankCard]);
    assert!(kinds("统一社会信用代码 625634729289594469").is_empty());
}

#[test]
fn emails_except_the_agencys_own() {
    assert_eq!(found("联系邮箱 zhangsan@163.com。"), [(Kind::Email, Severity::Error, "z*******@163.com".into())]);
    assert!(kinds("来信请寄 xxgk@example.gov.cn").is_empty(), "the agency's published mailbox");
    assert!(kinds("来信请寄 XXGK@Example.gov.cn").is_empty(), "case does not matter");
    assert_eq!(found("经办人 li.si@example.gov.cn")[0].1, Severity::Warning, "a colleague at a .gov.cn domain");
    assert!(kinds("a@b").is_empty() && kinds("@163.com").is_empty());
    assert_eq!(kinds("13812345678@qq.com"), [Kind::Email], "one finding, not two");
}

#[test]
fn uscc_dates_money_document_numbers_and_office_phones_are_never_flagged() {
    for text in [
        "统一社会信用代码：91110000710926094P",
        "91350100M000100Y43",
        "911100001000024618",
        // An all-digit code that reads as a valid ID, labelled as a USCC.
        &format!("统一社会信用代码：{ID}"),
        "索引号：11350100-2024-00012",
        "索引号:000014349/2024-00123",
        "榕政办〔2024〕13812345678号",
        "发文字号 闽政〔2024〕3号",
        "2024-01-15 2024年1月15日 20240115",
        "补助金额 6222021234567890128元",
        "合计 4111111111111111.00",
        "1,234,567.89",
        "办公电话 0591-87654321，传真 0591-87654322",
        "联系电话：+86 139 0000 1111",
        "值班 13900001111",
    ] {
        assert!(kinds(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn masked_values_are_not_flagged_again_and_mask_masks_every_error() {
    for masked in
        ["110105********002X", "138****5678", "***************0128", "**** **** **** 1111", "z*******@163.com"]
    {
        assert!(kinds(masked).is_empty(), "{masked}");
    }
    let text = format!("张三 {ID} 13812345678\n李四 6222021234567890128 zhangsan@163.com\n王五 110105194912310021");
    let masked = mask(&text, &policy());
    assert_eq!(
        masked,
        "张三 110105********002X 138****5678\n李四 ***************0128 z*******@163.com\n王五 110105194912310021"
    );
    assert!(screen_text(&masked, &policy()).iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn findings_name_their_line() {
    let f = screen_text("第一行\n第二行 13812345678", &policy());
    assert_eq!(f[0].location, Place::Line { line: 2 });
    assert_eq!(f[0].location.to_string(), "第 2 行");
}

fn cell_findings(md: &str) -> Vec<(String, Kind, Severity, String)> {
    let f: Vec<Finding> = screen_bytes(md.as_bytes(), Some("a.md"), &policy()).unwrap();
    f.into_iter().map(|f| (f.location.to_string(), f.kind, f.severity, f.masked.to_string())).collect()
}

#[test]
fn column_rule_flags_every_unmasked_value_of_a_personal_column() {
    let md = "| 姓名 | 身份证号码 | 联系电话 | 家庭住址 | 金额 |\n|---|---|---|---|---|\n\
              | 张三 | 110105194912310021 | 0591-83456789 | 福建省福州市鼓楼区某路1号 | 1200 |\n\
              | 李四 | 110105********002X | 138****5678 | 无 | 800 |\n";
    let f = cell_findings(md);
    assert_eq!(
        f,
        [
            (
                "第 1 个表格第 2 行第 2 列（身份证号码）".into(),
                Kind::IdCard,
                Severity::Error,
                "110105********0021".into()
            ),
            ("第 1 个表格第 2 行第 3 列（联系电话）".into(), Kind::Mobile, Severity::Error, "059*-****6789".into()),
            (
                "第 1 个表格第 2 行第 4 列（家庭住址）".into(),
                Kind::Address,
                Severity::Error,
                "福建省福*********".into()
            ),
        ]
    );
}

#[test]
fn the_agencys_office_phone_in_a_phone_column_is_not_a_finding() {
    let md = "| 单位 | 联系电话 |\n|---|---|\n| 本机关 | 0591-87654321 |\n| 某村委会 | 0591-83456789 |\n";
    let f = cell_findings(md);
    assert_eq!(
        f,
        [("第 1 个表格第 3 行第 2 列（联系电话）".into(), Kind::Mobile, Severity::Error, "059*-****6789".into())]
    );
}

#[test]
fn identifier_columns_are_skipped_and_other_columns_use_the_value_rules() {
    let md = format!("| 单位 | 统一社会信用代码 | 备注 |\n|---|---|---|\n| 某公司 | {ID} | 13812345678 |\n");
    let f = cell_findings(&md);
    assert_eq!(f, [("第 1 个表格第 2 行第 3 列（备注）".into(), Kind::Mobile, Severity::Error, "138****5678".into())]);
}

#[test]
fn no_output_of_a_finding_holds_the_full_number() {
    let text = format!("{ID} 13812345678 6222021234567890128 110105491231002 zhangsan@163.com");
    for f in screen_text(&text, &policy()) {
        let shown = format!("{f:?} {} {}", f.masked, serde_json::to_string(&f).unwrap());
        for full in [ID, "13812345678", "6222021234567890128", "110105491231002", "zhangsan"] {
            assert!(!shown.contains(full), "{shown}");
        }
    }
}

#[test]
fn findings_serialise_as_cli_md_says() {
    let f = &screen_text("13812345678", &policy())[0];
    assert_eq!(
        serde_json::to_value(f).unwrap(),
        serde_json::json!({"kind": "mobile", "severity": "error", "location": "第 1 行", "masked": "138****5678"})
    );
    let f = &screen_text("110105491231002", &policy())[0];
    assert_eq!(serde_json::to_value(f).unwrap()["kind"], "id_card_15");
}
