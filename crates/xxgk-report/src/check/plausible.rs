//! Plausibility rules on one report (W-1 … W-11): usually true, legitimately
//! broken sometimes, so they are warnings.

use rust_decimal::Decimal;
use time::{Date, Month};

use super::{AgencyKind, Context, Finding, Location};
use crate::check::CheckId;
use crate::labels::{Section, T2Field, T2Row, T3Col, T3Row, T4Group, ValueKind, table2_cell_labels, table2_cells};
use crate::path::CellPath;
use crate::report::{Report, Table2, Value};
use crate::text::{Stated, says_no_applications, stated_counts, stated_period, title_year};

pub(super) fn run(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    w1_w2_documents(report, ctx, out);
    w3_items(report, out);
    w4_money(report, ctx, out);
    w5_w6_prose(report, ctx, out);
    w7_w10_fee_mention(report, ctx, out);
    w8_dates(report, ctx, out);
    w9_period(report, ctx, out);
    w11_variants(ctx, out);
}

fn field_label(report: &Report, row: T2Row, field: T2Field) -> &'static str {
    table2_cell_labels(report.format, row, field).unwrap_or_default().1
}

fn t2_label(report: &Report, row: T2Row, field: T2Field) -> String {
    let (r, f) = table2_cell_labels(report.format, row, field).unwrap_or_default();
    format!("表二「{r}」「{f}」")
}

/// W-1: 现行有效 ≥ 本年制发; W-2: 本年废止 ≤ 上年现行有效 + 本年制发.
fn w1_w2_documents(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Table2::V2021(t) = &report.table2 else { return };
    let prev = ctx.previous.and_then(|p| match &p.table2 {
        Table2::V2021(p) if ctx.previous.is_some_and(|r| r.year == report.year - 1) => Some(p),
        _ => None,
    });
    for (row, docs, last) in [
        (T2Row::Regulations, t.regulations, prev.map(|p| p.regulations)),
        (T2Row::NormativeDocuments, t.normative_documents, prev.map(|p| p.normative_documents)),
    ] {
        if docs.in_force < docs.issued {
            out.push(Finding::warning(
                CheckId::W1,
                Location::Cell(CellPath::Table2 { row, field: T2Field::InForce }),
                format!(
                    "{}为 {}，少于{} {}：本年制发的文件一般在年底仍然有效",
                    t2_label(report, row, T2Field::InForce),
                    docs.in_force,
                    field_label(report, row, T2Field::Issued),
                    docs.issued
                ),
            ));
        }
        if let Some(last) = last
            && docs.repealed > last.in_force + docs.issued
        {
            out.push(Finding::warning(
                CheckId::W2,
                Location::Cell(CellPath::Table2 { row, field: T2Field::Repealed }),
                format!(
                    "{}为 {}，多于上年现行有效 {} 与本年制发 {} 之和 {}",
                    t2_label(report, row, T2Field::Repealed),
                    docs.repealed,
                    last.in_force,
                    docs.issued,
                    last.in_force + docs.issued
                ),
            ));
        }
    }
}

/// W-3 (2019): 本年新公开 ≤ 对外公开总数量; 上一年项目数量 + 本年增/减 ≥ 0.
fn w3_items(report: &Report, out: &mut Vec<Finding>) {
    let Table2::V2019(t) = &report.table2 else { return };
    for (row, docs) in [(T2Row::Regulations, t.regulations), (T2Row::NormativeDocuments, t.normative_documents)] {
        if docs.published > docs.total_published {
            out.push(Finding::warning(
                CheckId::W3,
                Location::Cell(CellPath::Table2 { row, field: T2Field::TotalPublished }),
                format!(
                    "{}为 {}，少于{} {}",
                    t2_label(report, row, T2Field::TotalPublished),
                    docs.total_published,
                    field_label(report, row, T2Field::Published),
                    docs.published
                ),
            ));
        }
    }
    for (row, items) in [
        (T2Row::Licensing, t.licensing),
        (T2Row::OtherServices, t.other_services),
        (T2Row::Punishment, t.punishment),
        (T2Row::Compulsion, t.compulsion),
        (T2Row::Fees, t.fees),
    ] {
        if items.last_year_items + items.change < 0 {
            out.push(Finding::warning(
                CheckId::W3,
                Location::Cell(CellPath::Table2 { row, field: T2Field::Change }),
                format!(
                    "{}：{} {} + {} {} 为负数",
                    t2_label(report, row, T2Field::Change),
                    field_label(report, row, T2Field::LastYearItems),
                    items.last_year_items,
                    field_label(report, row, T2Field::Change),
                    items.change
                ),
            ));
        }
    }
}

/// W-4: money looks like 万元 (no 元 unit, ≤ 4 decimals, a township < 1 亿).
fn w4_money(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let township = ctx.agency_kind(report) == Some(AgencyKind::Township);
    for (row, field) in table2_cells(report.format).filter(|(_, f)| f.kind() == ValueKind::Money) {
        let Some(Value::Money(amount)) = report.table2.get(row, field) else { continue };
        let path = CellPath::Table2 { row, field };
        let label = t2_label(report, row, field);
        if amount.scale() > 4 && amount.normalize().scale() > 4 {
            out.push(Finding::warning(
                CheckId::W4,
                Location::Cell(path),
                format!("{label}为 {amount} 万元，超过 4 位小数：金额可能以元填写"),
            ));
        }
        if township && amount >= Decimal::from(10_000) {
            out.push(Finding::warning(
                CheckId::W4,
                Location::Cell(path),
                format!("{label}为 {amount} 万元（≥ 1 亿元），对乡镇而言异常：可能误以元为单位填写"),
            ));
        }
        if ctx.document.is_some_and(|d| d.money_unit_assumed.contains(&path)) {
            out.push(Finding::warning(
                CheckId::W4,
                Location::Cell(path),
                format!("{label}在文档中未注明单位，已按万元读取为 {amount}：请核实单位"),
            ));
        }
        if ctx.document.is_some_and(|d| d.money_in_yuan.contains(&path)) {
            out.push(Finding::warning(
                CheckId::W4,
                Location::Cell(path),
                format!("{label}在文档中以“元”为单位，模板单位为万元（已换算为 {amount} 万元）"),
            ));
        }
    }
}

fn stated_table_value(report: &Report, quantity: Stated) -> (i64, Location) {
    let total = T3Col::Total as usize;
    let t3 = |row: T3Row| (report.table3[row][total], Location::Cell(CellPath::t3(row, T3Col::Total)));
    let t4 = |g: T4Group| report.table4[g][4];
    match quantity {
        Stated::Received => t3(T3Row::NewReceived),
        Stated::CarriedOver => t3(T3Row::CarriedOver),
        Stated::Processed => t3(T3Row::TotalProcessed),
        Stated::CarriedForward => t3(T3Row::CarriedForward),
        Stated::Granted => t3(T3Row::Granted),
        Stated::PartiallyGranted => t3(T3Row::PartiallyGranted),
        Stated::Reconsideration => (
            t4(T4Group::Reconsideration),
            Location::Cell(CellPath::Table4 { group: T4Group::Reconsideration, index: 4 }),
        ),
        Stated::Litigation => (
            t4(T4Group::LitigationDirect) + t4(T4Group::LitigationAfterReconsideration),
            Location::Cell(CellPath::Table4 { group: T4Group::LitigationDirect, index: 4 }),
        ),
    }
}

/// W-5: numbers in section 一 equal the tables; W-6: "no applications" prose
/// agrees with rows 一 and 二.
fn w5_w6_prose(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(text) = ctx.text(report, Section::Overview) else { return };
    let mut seen = Vec::new();
    for statement in stated_counts(text) {
        if seen.contains(&statement.quantity) {
            continue; // the first statement of a quantity is the summary one
        }
        seen.push(statement.quantity);
        let (table, location) = stated_table_value(report, statement.quantity);
        if statement.value != table {
            out.push(Finding::warning(
                CheckId::W5,
                location,
                format!("正文“{}”与表格不符：表中相应总计为 {table}", statement.snippet),
            ));
        }
    }
    let total = T3Col::Total as usize;
    let received = report.table3[T3Row::NewReceived][total] + report.table3[T3Row::CarriedOver][total];
    let any_row = [T3Row::NewReceived, T3Row::CarriedOver].iter().any(|&r| report.table3[r].iter().any(|&n| n != 0));
    if says_no_applications(text) && any_row {
        out.push(Finding::warning(
            CheckId::W6,
            Location::Cell(CellPath::t3(T3Row::NewReceived, T3Col::Total)),
            format!("正文称未收到政府信息公开申请，但表三本年新收与上年结转合计 {received} 件"),
        ));
    }
}

const FEE_WORDS: [&str; 3] = ["信息处理费", "处理费", "收费"];

/// W-7: 逾期未缴费 cases imply fees; W-10: section 六 mentions 信息处理费.
fn w7_w10_fee_mention(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let six = ctx.text(report, Section::OtherMatters);
    let mentions = six.is_some_and(|t| FEE_WORDS.iter().any(|w| t.contains(w)));
    let unpaid = report.table3[T3Row::OtherNoFee][T3Col::Total as usize];
    if report.format == crate::template::Template::V2021 && unpaid > 0 && six.is_some() && !mentions {
        out.push(Finding::warning(
            CheckId::W7,
            Location::Cell(CellPath::t3(T3Row::OtherNoFee, T3Col::Total)),
            format!(
                "表三有 {unpaid} 件申请因逾期未缴纳费用不再处理，但“{}”未说明信息处理费的收取情况",
                Section::OtherMatters.spec().heading
            ),
        ));
    }
    if six.is_some() && !mentions {
        out.push(Finding::warning(
            CheckId::W10,
            Location::Section(Section::OtherMatters),
            format!(
                "“{}”未提及信息处理费（即使未收取，多数省份要求写明“本年度未收取信息处理费”）",
                Section::OtherMatters.spec().heading
            ),
        ));
    }
}

/// The publication deadline of a report on `year` for a kind of body.
pub fn deadline(year: i32, kind: AgencyKind) -> Option<Date> {
    let month = match kind {
        AgencyKind::Government => Month::March,
        AgencyKind::Department | AgencyKind::Township => Month::January,
    };
    Date::from_calendar_date(year + 1, month, 31).ok()
}

/// W-8: the report was signed and published by its deadline.
fn w8_dates(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document else { return };
    let kind = ctx.agency_kind(report).unwrap_or(AgencyKind::Department);
    let Some(due) = deadline(report.year, kind) else { return };
    for (what, date) in [("落款日期", doc.signed_on), ("发布日期", doc.published_on)] {
        if let Some(date) = date
            && date > due
        {
            out.push(Finding::warning(
                CheckId::W8,
                Location::Document,
                format!(
                    "{what}为 {}年{}月{}日，晚于 {}年{}月{}日 的公开期限（条例第四十九条）",
                    date.year(),
                    date.month() as u8,
                    date.day(),
                    due.year(),
                    due.month() as u8,
                    due.day()
                ),
            ));
        }
    }
}

/// W-9: the stated 统计期限 is the calendar year; the title's year is `year`.
fn w9_period(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document else { return };
    if let Some(title) = doc.title.as_deref()
        && let Some(y) = title_year(title)
        && y != report.year
    {
        out.push(Finding::warning(
            CheckId::W9,
            Location::Document,
            format!("标题中的年度为 {y} 年，与报告年度 {} 年不符", report.year),
        ));
    }
    let period = doc.stated_period.or_else(|| doc.section(Section::Overview).and_then(stated_period));
    if let Some((from, to)) = period {
        let expected = (
            Date::from_calendar_date(report.year, Month::January, 1).ok(),
            Date::from_calendar_date(report.year, Month::December, 31).ok(),
        );
        if (Some(from), Some(to)) != expected {
            out.push(Finding::warning(
                CheckId::W9,
                Location::Section(Section::Overview),
                format!(
                    "统计期限为 {}年{}月{}日至{}年{}月{}日，应为 {} 年 1 月 1 日至 12 月 31 日",
                    from.year(),
                    from.month() as u8,
                    from.day(),
                    to.year(),
                    to.month() as u8,
                    to.day(),
                    report.year
                ),
            ));
        }
    }
}

/// W-11: every label matched only through a variant, once.
fn w11_variants(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document else { return };
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for v in &doc.label_variants {
        if seen.contains(&(v.label.as_str(), v.variant.as_str())) {
            continue;
        }
        seen.push((v.label.as_str(), v.variant.as_str()));
        out.push(Finding::warning(
            CheckId::W11,
            Location::Document,
            format!("标签“{}”与模板不一致，模板为“{}”：请按国家模板修改", v.variant, v.label),
        ));
    }
}
