//! A passing and a failing case for every check, on both templates.

use rust_decimal::Decimal;
use time::macros::date;

use super::*;
use crate::labels::{Section, T2Field, T2Row, T3Col, T3Row, T4Group};
use crate::report::{Table2, Unfilled, Value};
use crate::sample::busy;
use crate::template::Template;

const TEMPLATES: [(Template, i32); 2] = [(Template::V2019, 2020), (Template::V2021, 2022)];

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.check.as_str()).collect()
}

fn run(report: &Report, ctx: &Context<'_>) -> Vec<Finding> {
    check(report, ctx)
}

/// Findings of one check only.
fn of(report: &Report, ctx: &Context<'_>, id: CheckId) -> Vec<Finding> {
    run(report, ctx).into_iter().filter(|f| f.check == id).collect()
}

fn full_document(overview: &str, six: &str) -> DocumentFacts {
    DocumentFacts {
        title: None,
        sections: Section::ALL
            .iter()
            .map(|&s| {
                let text = match s {
                    Section::Overview => overview.to_string(),
                    Section::OtherMatters => six.to_string(),
                    _ => String::new(),
                };
                (s, text)
            })
            .collect(),
        ..DocumentFacts::default()
    }
}

#[test]
fn balanced_reports_are_clean() {
    for (template, year) in TEMPLATES {
        let report = busy(template, year);
        assert_eq!(codes(&run(&report, &Context::default())), Vec::<&str>::new(), "{template}");
    }
}

#[test]
fn h1_names_column_and_numbers() {
    for (template, year) in TEMPLATES {
        let mut report = busy(template, year);
        report.table3[T3Row::NewReceived][0] += 1;
        report.table3[T3Row::NewReceived][6] += 1;
        let found = of(&report, &Context::default(), CheckId::H1);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].location.to_string(), "table3.new_received[0]");
        assert_eq!(found[0].severity, Severity::Error);
        let t = &report.table3;
        let expected = format!(
            "表三「自然人」列：本年新收 {} + 上年结转 {} = {}，但办理结果总计 {} + 结转下年度继续办理 {} = {}，相差 1",
            t[T3Row::NewReceived][0],
            t[T3Row::CarriedOver][0],
            t[T3Row::NewReceived][0] + t[T3Row::CarriedOver][0],
            t[T3Row::TotalProcessed][0],
            t[T3Row::CarriedForward][0],
            t[T3Row::TotalProcessed][0] + t[T3Row::CarriedForward][0],
        );
        assert_eq!(found[0].message, expected);
        assert_eq!(found[1].location.to_string(), "table3.new_received[6]");
    }
}

#[test]
fn h2_row_total() {
    for (template, year) in TEMPLATES {
        let report = busy(template, year);
        assert!(of(&report, &Context::default(), CheckId::H2).is_empty());
        let mut broken = report.clone();
        broken.table3[T3Row::Granted][6] += 2;
        let found = of(&broken, &Context::default(), CheckId::H2);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.to_string(), "table3.granted[6]");
        assert!(found[0].message.contains("「（一）予以公开」行"), "{}", found[0].message);
        assert!(found[0].message.contains("相差 2"));
    }
}

#[test]
fn h2_says_total_left_empty_when_unfilled() {
    let mut report = busy(Template::V2021, 2022);
    report.table3[T3Row::Granted][6] = 0;
    report.unfilled.push(Unfilled { path: CellPath::t3(T3Row::Granted, T3Col::Total), mark: String::new() });
    let found = of(&report, &Context::default(), CheckId::H2);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("未填写（文档中为空白，按 0 计）"), "{}", found[0].message);
    assert!(found[0].message.contains("漏填"));
    // H-3 on the total column mentions the blank cell too.
    let h3 = of(&report, &Context::default(), CheckId::H3);
    assert_eq!(h3.len(), 1);
    assert!(h3[0].message.contains("未填写"));
}

#[test]
fn h3_outcome_rows_sum_to_total() {
    for (template, year) in TEMPLATES {
        let mut report = busy(template, year);
        let last_outcome = if template == Template::V2021 { T3Row::OtherMisc } else { T3Row::Other };
        report.table3[last_outcome][1] += 1;
        report.table3[last_outcome][6] += 1;
        let found = of(&report, &Context::default(), CheckId::H3);
        assert_eq!(codes(&found), ["H-3", "H-3"]);
        assert_eq!(found[0].location.to_string(), "table3.total_processed[1]");
        assert!(found[0].message.contains("「（七）总计」"), "{}", found[0].message);
        assert!(of(&report, &Context::default(), CheckId::H1).is_empty());
    }
}

#[test]
fn h4_case_totals() {
    for (template, year) in TEMPLATES {
        let mut report = busy(template, year);
        assert!(of(&report, &Context::default(), CheckId::H4).is_empty());
        report.table4[T4Group::LitigationAfterReconsideration][4] += 1;
        let found = of(&report, &Context::default(), CheckId::H4);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.to_string(), "table4.litigation_after_reconsideration[4]");
        assert!(found[0].message.contains("行政诉讼·复议后起诉"));
    }
}

#[test]
fn h5_negative_counts_and_money() {
    for (template, year) in TEMPLATES {
        let mut report = busy(template, year);
        report.table3[T3Row::DeniedStateSecret][0] = -1;
        report.table3[T3Row::DeniedStateSecret][6] -= report.table3[T3Row::DeniedStateSecret][6] + 1;
        let found = of(&report, &Context::default(), CheckId::H5);
        assert!(found.iter().any(|f| f.location.to_string() == "table3.denied_state_secret[0]"), "{found:?}");

        let mut money = busy(template, year);
        let (row, field) = match template {
            Template::V2021 => (T2Row::Fees, T2Field::Amount10kYuan),
            Template::V2019 => (T2Row::Procurement, T2Field::Amount10kYuan),
        };
        money.table2.set(row, field, Value::Money(Decimal::new(-5, 1)));
        assert_eq!(codes(&of(&money, &Context::default(), CheckId::H5)), ["H-5"]);
    }
    // 2019 本年增/减 may be negative.
    let mut report = busy(Template::V2019, 2020);
    report.table2.set(T2Row::Licensing, T2Field::Change, Value::Count(-3));
    assert!(of(&report, &Context::default(), CheckId::H5).is_empty());
}

#[test]
fn h6_template_must_match_year() {
    assert!(of(&busy(Template::V2021, 2021), &Context::default(), CheckId::H6).is_empty());
    assert!(of(&busy(Template::V2019, 2019), &Context::default(), CheckId::H6).is_empty());
    let found = of(&busy(Template::V2019, 2022), &Context::default(), CheckId::H6);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("应使用 2021 年版模板"));
    assert_eq!(codes(&of(&busy(Template::V2021, 2020), &Context::default(), CheckId::H6)), ["H-6"]);
    assert_eq!(codes(&of(&busy(Template::V2019, 2017), &Context::default(), CheckId::H6)), ["H-6"]);
}

#[test]
fn h7_headings_present_and_in_order() {
    for (template, year) in TEMPLATES {
        let report = busy(template, year);
        let doc = full_document("", "本年度未收取信息处理费。");
        let ctx = Context { document: Some(&doc), ..Context::default() };
        assert!(of(&report, &ctx, CheckId::H7).is_empty());

        let mut missing = doc.clone();
        missing.sections.retain(|(s, _)| *s != Section::Problems);
        let ctx = Context { document: Some(&missing), ..Context::default() };
        let found = of(&report, &ctx, CheckId::H7);
        assert!(found[0].message.contains("五、存在的主要问题及改进情况"), "{found:?}");

        let mut swapped = doc.clone();
        swapped.sections.swap(1, 2);
        let ctx = Context { document: Some(&swapped), ..Context::default() };
        assert_eq!(codes(&of(&report, &ctx, CheckId::H7)), ["H-7"]);
    }
    let mut wrong = busy(Template::V2021, 2022);
    wrong.table2 = Table2::empty(Template::V2019);
    assert_eq!(codes(&of(&wrong, &Context::default(), CheckId::H7)), ["H-7"]);
}

#[test]
fn c1_carry_over_matches_last_year() {
    for (template, year) in TEMPLATES {
        let report = busy(template, year);
        let mut prev = busy(template, year - 1);
        prev.table3[T3Row::CarriedForward] = report.table3[T3Row::CarriedOver];
        let ctx = Context { previous: Some(&prev), ..Context::default() };
        assert!(of(&report, &ctx, CheckId::C1).is_empty());

        prev.table3[T3Row::CarriedForward][0] += 1;
        prev.table3[T3Row::CarriedForward][6] += 1;
        let ctx = Context { previous: Some(&prev), ..Context::default() };
        let found = of(&report, &ctx, CheckId::C1);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].location.to_string(), "table3.carried_over[0]");

        let ctx = Context { previous: Some(&prev), carry_over_override: Some("机构改革"), ..Context::default() };
        let found = of(&report, &ctx, CheckId::C1);
        assert!(found.iter().all(|f| f.severity == Severity::Warning && f.message.contains("机构改革")));
    }
}

#[test]
fn c1_holds_across_the_template_change() {
    let report = busy(Template::V2021, 2021);
    let mut prev = busy(Template::V2019, 2020);
    prev.table3[T3Row::CarriedForward] = report.table3[T3Row::CarriedOver];
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::C1).is_empty());
    prev.table3[T3Row::CarriedForward][2] += 1;
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    assert_eq!(codes(&of(&report, &ctx, CheckId::C1)), ["C-1"]);
}

#[test]
fn cross_year_checks_need_the_previous_year() {
    let report = busy(Template::V2021, 2022);
    let prev = busy(Template::V2021, 2020);
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    let found = run(&report, &ctx);
    assert_eq!(codes(&found), ["C-1"]);
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn c2_documents_in_force_carry_forward() {
    let report = busy(Template::V2021, 2022);
    let Table2::V2021(now) = &report.table2 else { unreachable!() };
    let mut prev = busy(Template::V2021, 2021);
    prev.table3[T3Row::CarriedForward] = report.table3[T3Row::CarriedOver];
    for (row, docs) in [(T2Row::Regulations, now.regulations), (T2Row::NormativeDocuments, now.normative_documents)] {
        prev.table2.set(row, T2Field::InForce, Value::Count(docs.in_force - docs.issued + docs.repealed));
    }
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::C2).is_empty(), "{:?}", of(&report, &ctx, CheckId::C2));
    prev.table2.set(T2Row::NormativeDocuments, T2Field::InForce, Value::Count(1000));
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    let found = of(&report, &ctx, CheckId::C2);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location.to_string(), "table2.normative_documents.in_force");
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn c3_items_carry_forward_2019() {
    let report = busy(Template::V2019, 2020);
    let Table2::V2019(now) = &report.table2 else { unreachable!() };
    let mut prev = busy(Template::V2019, 2019);
    for (row, items) in [
        (T2Row::Licensing, now.licensing),
        (T2Row::OtherServices, now.other_services),
        (T2Row::Punishment, now.punishment),
        (T2Row::Compulsion, now.compulsion),
        (T2Row::Fees, now.fees),
    ] {
        prev.table2.set(row, T2Field::LastYearItems, Value::Count(items.last_year_items - 2));
        prev.table2.set(row, T2Field::Change, Value::Count(2));
    }
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::C3).is_empty());
    prev.table2.set(T2Row::Fees, T2Field::Change, Value::Count(-1));
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    let found = of(&report, &ctx, CheckId::C3);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location.to_string(), "table2.fees.last_year_items");
}

#[test]
fn c4_copied_text() {
    let text = "本年度，我局深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，\
                不断完善政府信息公开工作机制，加强平台建设，全面提升政务公开质量和实效，依法保障人民群众知情权。";
    let mut report = busy(Template::V2021, 2022);
    report.narrative.overview = Some(text.replace("本年度", "2022年"));
    let mut prev = busy(Template::V2021, 2021);
    prev.table3[T3Row::CarriedForward] = report.table3[T3Row::CarriedOver];
    prev.narrative.overview = Some(text.to_string());
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    let found = of(&report, &ctx, CheckId::C4);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].location.to_string(), "narrative.overview");

    prev.narrative.overview = Some("上一年度我们主要围绕重点领域信息公开开展了十项专项行动，效果明显，群众满意度持续提升，形成了一批可推广的经验做法。".into());
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::C4).is_empty());
}

#[test]
fn w1_in_force_at_least_issued() {
    let mut report = busy(Template::V2021, 2022);
    assert!(of(&report, &Context::default(), CheckId::W1).is_empty());
    report.table2.set(T2Row::Regulations, T2Field::Issued, Value::Count(5));
    report.table2.set(T2Row::Regulations, T2Field::InForce, Value::Count(4));
    let found = of(&report, &Context::default(), CheckId::W1);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("规章"));
}

#[test]
fn w2_repealed_within_stock() {
    let mut report = busy(Template::V2021, 2022);
    let mut prev = busy(Template::V2021, 2021);
    prev.table3[T3Row::CarriedForward] = report.table3[T3Row::CarriedOver];
    prev.table2.set(T2Row::Regulations, T2Field::InForce, Value::Count(10));
    report.table2.set(T2Row::Regulations, T2Field::Issued, Value::Count(2));
    report.table2.set(T2Row::Regulations, T2Field::InForce, Value::Count(2));
    report.table2.set(T2Row::Regulations, T2Field::Repealed, Value::Count(12));
    let ctx = Context { previous: Some(&prev), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W2).is_empty());
    report.table2.set(T2Row::Regulations, T2Field::Repealed, Value::Count(13));
    assert_eq!(codes(&of(&report, &ctx, CheckId::W2)), ["W-2"]);
}

#[test]
fn w3_2019_published_and_items() {
    let mut report = busy(Template::V2019, 2020);
    assert!(of(&report, &Context::default(), CheckId::W3).is_empty());
    report.table2.set(T2Row::Regulations, T2Field::Published, Value::Count(9));
    report.table2.set(T2Row::Regulations, T2Field::TotalPublished, Value::Count(8));
    report.table2.set(T2Row::Punishment, T2Field::LastYearItems, Value::Count(3));
    report.table2.set(T2Row::Punishment, T2Field::Change, Value::Count(-4));
    assert_eq!(codes(&of(&report, &Context::default(), CheckId::W3)), ["W-3", "W-3"]);
}

#[test]
fn w4_money_units() {
    let mut report = busy(Template::V2021, 2022);
    report.agency = Some("某某镇人民政府".into());
    assert!(of(&report, &Context::default(), CheckId::W4).is_empty());
    report.table2.set(T2Row::Fees, T2Field::Amount10kYuan, Value::Money(Decimal::new(123_456, 5)));
    assert_eq!(codes(&of(&report, &Context::default(), CheckId::W4)), ["W-4"]);
    report.table2.set(T2Row::Fees, T2Field::Amount10kYuan, Value::Money(Decimal::from(25_000)));
    let found = of(&report, &Context::default(), CheckId::W4);
    assert!(found[0].message.contains("乡镇"), "{found:?}");
    // A county government may collect that much.
    report.agency = Some("某某县人民政府".into());
    assert!(of(&report, &Context::default(), CheckId::W4).is_empty());
    let doc = DocumentFacts {
        money_in_yuan: vec![CellPath::Table2 { row: T2Row::Fees, field: T2Field::Amount10kYuan }],
        ..DocumentFacts::default()
    };
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W4)[0].message.contains("元"));
    let doc = DocumentFacts {
        money_unit_assumed: vec![CellPath::Table2 { row: T2Row::Fees, field: T2Field::Amount10kYuan }],
        ..DocumentFacts::default()
    };
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W4)[0].message.contains("未注明单位"));
}

#[test]
fn w5_prose_numbers_match_tables() {
    let report = busy(Template::V2021, 2022);
    let received = report.table3[T3Row::NewReceived][6];
    let cases = report.table4[T4Group::Reconsideration][4];
    let good = format!("本年度共收到政府信息公开申请{received}件。被申请行政复议{cases}件。");
    let ctx_doc = full_document(&good, "未收取信息处理费。");
    let ctx = Context { document: Some(&ctx_doc), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W5).is_empty());
    let bad = format!("本年度共收到政府信息公开申请{}件。", received + 3);
    let doc = full_document(&bad, "未收取信息处理费。");
    let ctx = Context { document: Some(&doc), ..Context::default() };
    let found = of(&report, &ctx, CheckId::W5);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location.to_string(), "table3.new_received[6]");
}

#[test]
fn w6_no_applications_prose() {
    let mut report = busy(Template::V2021, 2022);
    let mut narrative = report.clone();
    narrative.narrative.overview = Some("本年度未收到政府信息公开申请。".into());
    assert_eq!(codes(&of(&narrative, &Context::default(), CheckId::W6)), ["W-6"]);
    report.table3 = Default::default();
    report.narrative.overview = Some("本年度未收到政府信息公开申请。".into());
    assert!(of(&report, &Context::default(), CheckId::W6).is_empty());
}

#[test]
fn w7_unpaid_fee_cases_need_fee_text() {
    let mut report = busy(Template::V2021, 2022);
    assert!(report.table3[T3Row::OtherNoFee][6] > 0);
    report.narrative.other_matters = Some("本年度无其他需要报告的事项。".into());
    assert_eq!(codes(&of(&report, &Context::default(), CheckId::W7)), ["W-7"]);
    report.narrative.other_matters = Some("本年度收取信息处理费 300 元。".into());
    assert!(of(&report, &Context::default(), CheckId::W7).is_empty());
}

#[test]
fn w8_published_by_deadline() {
    let mut report = busy(Template::V2021, 2022);
    report.agency = Some("某某县教育局".into());
    let mut doc = full_document("", "未收取信息处理费");
    doc.signed_on = Some(date!(2023 - 01 - 20));
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W8).is_empty());
    doc.published_on = Some(date!(2023 - 02 - 15));
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert_eq!(codes(&of(&report, &ctx, CheckId::W8)), ["W-8"]);
    // The government's own report is due 3月31日.
    let ctx = Context { document: Some(&doc), agency_kind: Some(AgencyKind::Government), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W8).is_empty());
}

#[test]
fn w9_period_and_title_year() {
    let report = busy(Template::V2021, 2022);
    let mut doc = full_document("本报告统计期限自2022年1月1日起至2022年12月31日止。", "未收取信息处理费");
    doc.title = Some("某某镇2022年政府信息公开工作年度报告".into());
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W9).is_empty());
    doc.title = Some("某某镇2021年政府信息公开工作年度报告".into());
    doc.sections[0].1 = "本报告统计期限自2022年1月1日起至2022年11月30日止。".into();
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert_eq!(codes(&of(&report, &ctx, CheckId::W9)), ["W-9", "W-9"]);
}

#[test]
fn w10_section_six_mentions_fees() {
    let report = busy(Template::V2019, 2020);
    let doc = full_document("", "本年度未收取信息处理费。");
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W10).is_empty());
    let doc = full_document("", "无。");
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert_eq!(codes(&of(&report, &ctx, CheckId::W10)), ["W-10"]);
}

#[test]
fn document_prose_becomes_the_narrative() {
    let doc = full_document("  总体情况正文。 ", "本年度未收取信息处理费。");
    let narrative = doc.narrative();
    assert_eq!(narrative.overview.as_deref(), Some("总体情况正文。"));
    assert_eq!(narrative.problems, None, "an empty section stays unfilled");
    assert_eq!(narrative.other_matters.as_deref(), Some("本年度未收取信息处理费。"));
}

#[test]
fn w11_variants_reported_once() {
    let report = busy(Template::V2021, 2022);
    let mut doc = full_document("", "未收取信息处理费");
    let ctx = Context { document: Some(&doc), ..Context::default() };
    assert!(of(&report, &ctx, CheckId::W11).is_empty());
    let use_ = VariantUse { label: "社会公益组织".into(), variant: "社会组织".into() };
    doc.label_variants = vec![use_.clone(), use_];
    let ctx = Context { document: Some(&doc), ..Context::default() };
    let found = of(&report, &ctx, CheckId::W11);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
}
