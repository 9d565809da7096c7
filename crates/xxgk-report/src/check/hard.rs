//! Hard rules on one report (H-1 … H-7): the template's printed 勾稽关系, the
//! totals that follow from the definitions, signs, template and shape.

use rust_decimal::Decimal;

use super::{Context, Finding, Location, diff, sum_expr};
use crate::check::CheckId;
use crate::identity;
use crate::labels::{
    Section, T2Field, T3Col, T3Row, T4Group, TABLE4_COLUMNS, ValueKind, table2_cell_labels, table2_cells,
};
use crate::path::CellPath;
use crate::report::{Report, Value};
use crate::template::Template;

pub(super) fn run(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    h1_balance(report, out);
    h2_row_totals(report, out);
    h3_outcome_totals(report, out);
    h4_case_totals(report, out);
    h5_signs(report, out);
    h6_template_year(report, out);
    h7_shape(report, ctx, out);
}

/// Names a table-三 cell: `「（一）予以公开」行「总计」列`.
pub(super) fn t3_cell(row: T3Row, col: T3Col) -> String {
    format!("「{}」行「{}」列", row.display(), col.label())
}

fn cell_name(path: &CellPath, template: Template) -> String {
    match *path {
        CellPath::Table2 { row, field } => match table2_cell_labels(template, row, field) {
            Some((r, f)) => format!("表二「{r}」行「{f}」"),
            None => path.to_string(),
        },
        CellPath::Table3 { row, col } => format!("表三{}", t3_cell(row, col)),
        CellPath::Table4 { group, index } => {
            format!("表四「{}」的「{}」", group.display(), TABLE4_COLUMNS.get(index).unwrap_or(&"?"))
        }
    }
}

/// When a broken identity involves cells the document left unfilled, the
/// message says so: the cell was left empty, it is not an arithmetic slip.
fn unfilled_note(report: &Report, cells: &[CellPath]) -> Option<String> {
    let blanks: Vec<String> = cells
        .iter()
        .filter_map(|path| {
            report.unfilled_mark(path).map(|mark| {
                let shown = if mark.trim().is_empty() { "空白".to_string() } else { format!("「{mark}」") };
                format!("{}未填写（文档中为{shown}，按 0 计）", cell_name(path, report.format))
            })
        })
        .collect();
    (!blanks.is_empty()).then(|| blanks.join("；"))
}

fn push_identity(
    report: &Report,
    out: &mut Vec<Finding>,
    check: CheckId,
    at: CellPath,
    involved: &[CellPath],
    arithmetic: String,
) {
    let message = match unfilled_note(report, involved) {
        Some(note) => format!("{note}，因此{arithmetic}。这是漏填，请补上该单元格的数字"),
        None => arithmetic,
    };
    out.push(Finding::error(check, Location::Cell(at), message));
}

/// H-1: 一 + 二 = 三（七）总计 + 四, for every column.
fn h1_balance(report: &Report, out: &mut Vec<Finding>) {
    let t = &report.table3;
    for col in T3Col::ALL {
        let c = col as usize;
        let (new, carried, total, forward) = (
            t[T3Row::NewReceived][c],
            t[T3Row::CarriedOver][c],
            t[T3Row::TotalProcessed][c],
            t[T3Row::CarriedForward][c],
        );
        if !identity::t3_balance_holds(t, col) {
            let involved = [T3Row::NewReceived, T3Row::CarriedOver, T3Row::TotalProcessed, T3Row::CarriedForward]
                .map(|r| CellPath::t3(r, col));
            let arithmetic = format!(
                "表三「{}」列：{} {new} + {} {carried} = {}，但{} {total} + {} {forward} = {}，{}",
                col.label(),
                T3Row::NewReceived.spec().short,
                T3Row::CarriedOver.spec().short,
                new + carried,
                T3Row::TotalProcessed.spec().short,
                T3Row::CarriedForward.spec().short,
                total + forward,
                diff(new + carried, total + forward)
            );
            push_identity(report, out, CheckId::H1, involved[0], &involved, arithmetic);
        }
    }
}

/// H-2: 总计 = 自然人 + the five 法人或其他组织 columns, for every row.
fn h2_row_totals(report: &Report, out: &mut Vec<Finding>) {
    for &row in T3Row::of(report.format) {
        let cells = report.table3[row];
        if !identity::t3_row_total_holds(&cells) {
            let parts: i64 = cells[..6].iter().sum();
            let terms: Vec<(&str, i64)> = T3Col::ALL[..6].iter().map(|c| (c.label(), cells[*c as usize])).collect();
            let involved: Vec<CellPath> = T3Col::ALL.iter().map(|&c| CellPath::t3(row, c)).collect();
            let arithmetic = format!(
                "表三「{}」行：{} = {parts}，但「{}」列为 {}，{}",
                row.display(),
                sum_expr(&terms),
                T3Col::Total.label(),
                cells[6],
                diff(parts, cells[6])
            );
            push_identity(report, out, CheckId::H2, CellPath::t3(row, T3Col::Total), &involved, arithmetic);
        }
    }
}

/// H-3: （七）总计 = the sum of the outcome rows, for every column.
fn h3_outcome_totals(report: &Report, out: &mut Vec<Finding>) {
    let outcomes: Vec<T3Row> = T3Row::of(report.format).iter().copied().filter(|r| r.spec().outcome).collect();
    for col in T3Col::ALL {
        let c = col as usize;
        let sum: i64 = outcomes.iter().map(|&r| report.table3[r][c]).sum();
        let total = report.table3[T3Row::TotalProcessed][c];
        if !identity::t3_outcomes_hold(&report.table3, report.format, col) {
            let nonzero: Vec<(&str, i64)> = outcomes
                .iter()
                .filter(|&&r| report.table3[r][c] != 0)
                .map(|&r| (r.spec().short, report.table3[r][c]))
                .collect();
            let detail = if nonzero.is_empty() { "各项均为 0".to_string() } else { sum_expr(&nonzero) };
            let mut involved: Vec<CellPath> = outcomes.iter().map(|&r| CellPath::t3(r, col)).collect();
            involved.push(CellPath::t3(T3Row::TotalProcessed, col));
            let arithmetic = format!(
                "表三「{}」列：各项办理结果之和为 {sum}（{detail}），但「{}」为 {total}，{}",
                col.label(),
                T3Row::TotalProcessed.spec().label,
                diff(sum, total)
            );
            push_identity(report, out, CheckId::H3, CellPath::t3(T3Row::TotalProcessed, col), &involved, arithmetic);
        }
    }
}

/// H-4: each table-四 group's 总计 = 维持 + 纠正 + 其他 + 尚未审结.
fn h4_case_totals(report: &Report, out: &mut Vec<Finding>) {
    for group in T4Group::ALL {
        let cells = report.table4[group];
        if !identity::t4_group_holds(&cells) {
            let parts: i64 = cells[..4].iter().sum();
            let terms: Vec<(&str, i64)> = (0..4).map(|i| (TABLE4_COLUMNS[i], cells[i])).collect();
            let involved: Vec<CellPath> = (0..5).map(|index| CellPath::Table4 { group, index }).collect();
            let arithmetic = format!(
                "表四「{}」：{} = {parts}，但「{}」为 {}，{}",
                group.display(),
                sum_expr(&terms),
                TABLE4_COLUMNS[4],
                cells[4],
                diff(parts, cells[4])
            );
            push_identity(report, out, CheckId::H4, involved[4], &involved, arithmetic);
        }
    }
}

/// H-5: counts are ≥ 0 (2019 本年增/减 excepted); money is ≥ 0.
fn h5_signs(report: &Report, out: &mut Vec<Finding>) {
    for (row, field) in table2_cells(report.format) {
        let negative = match report.table2.get(row, field) {
            Some(Value::Count(n)) => field.kind() == ValueKind::Count && n < 0,
            Some(Value::Money(d)) => d < Decimal::ZERO,
            None => false,
        };
        if negative {
            let path = CellPath::Table2 { row, field };
            let what = if field == T2Field::Amount10kYuan { "金额" } else { "件数" };
            let value = report.table2.get(row, field).map(|v| v.as_decimal()).unwrap_or_default();
            out.push(Finding::error(
                CheckId::H5,
                Location::Cell(path),
                format!("{}为 {value}，{what}不能为负数", cell_name(&path, report.format)),
            ));
        }
    }
    for &row in T3Row::of(report.format) {
        for col in T3Col::ALL {
            let n = report.table3[row][col as usize];
            if n < 0 {
                out.push(Finding::error(
                    CheckId::H5,
                    Location::Cell(CellPath::t3(row, col)),
                    format!("表三{}为 {n}，申请件数不能为负数", t3_cell(row, col)),
                ));
            }
        }
    }
    for group in T4Group::ALL {
        for (index, &n) in report.table4[group].iter().enumerate() {
            if n < 0 {
                let path = CellPath::Table4 { group, index };
                out.push(Finding::error(
                    CheckId::H5,
                    Location::Cell(path),
                    format!("{}为 {n}，案件数不能为负数", cell_name(&path, report.format)),
                ));
            }
        }
    }
}

/// H-6: the template matches the year.
fn h6_template_year(report: &Report, out: &mut Vec<Finding>) {
    let expected = Template::for_year(report.year);
    if report.year < 2019 {
        out.push(Finding::error(
            CheckId::H6,
            Location::Field("year"),
            format!("报告年度为 {} 年：2019 年以前的年报没有全国统一表格格式，不适用本模板", report.year),
        ));
    } else if report.format != expected {
        out.push(Finding::error(
            CheckId::H6,
            Location::Field("format"),
            format!(
                "{} 年度报告应使用 {} 年版模板（{}），但本报告使用 {} 年版模板（{}）",
                report.year,
                expected,
                expected.notice(),
                report.format,
                report.format.notice()
            ),
        ));
    }
}

/// H-7: table 二 is of the report's template, and the document (when there is
/// one) has all six section headings, in order. Rows and columns of tables 三
/// and 四 are guaranteed by the model and the JSON reader.
fn h7_shape(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if report.table2.template() != report.format {
        out.push(Finding::error(
            CheckId::H7,
            Location::Field("format"),
            format!("表二是 {} 年版模板的表格，与报告模板 {} 不符", report.table2.template(), report.format),
        ));
    }
    let Some(doc) = ctx.document else { return };
    let found: Vec<Section> = doc.sections.iter().map(|(s, _)| *s).collect();
    let missing: Vec<&str> = Section::ALL.iter().filter(|s| !found.contains(s)).map(|s| s.spec().heading).collect();
    if !missing.is_empty() {
        out.push(Finding::error(
            CheckId::H7,
            Location::Document,
            format!("缺少标题：{}（六个部分缺一不可，即使内容为“无”）", missing.join("、")),
        ));
    } else if found.windows(2).any(|w| w[0] >= w[1]) {
        let order: Vec<&str> = found.iter().map(|s| s.spec().numeral).collect();
        out.push(Finding::error(
            CheckId::H7,
            Location::Document,
            format!("六个部分的顺序应为一至六，文档中为 {}", order.join("、")),
        ));
    }
}
