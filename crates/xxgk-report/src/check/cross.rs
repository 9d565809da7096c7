//! Cross-year rules (C-1 … C-4): this year's report against the same agency's
//! report on the year before.

use super::{Context, Finding, Location};
use crate::check::CheckId;
use crate::check::hard::t3_cell;
use crate::labels::{Section, T2Field, T2Row, T3Col, T3Row, table2_cell_labels};
use crate::path::CellPath;
use crate::report::{Report, Table2};
use crate::template::Template;
use crate::text::shared_ratio;

/// Share of shared text above which C-4 speaks (法治蓝皮书2017: ~90 %).
pub const DUPLICATION_THRESHOLD: f64 = 0.9;

pub(super) fn run(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(prev) = ctx.previous {
        if prev.year != report.year - 1 {
            out.push(Finding::warning(
                CheckId::C1,
                Location::Field("year"),
                format!("所给上年报告为 {} 年度，不是 {} 年度，未做跨年核对", prev.year, report.year - 1),
            ));
            return;
        }
        c1_carry_over(report, prev, ctx, out);
        c2_documents_in_force(report, prev, out);
        c3_items(report, prev, out);
    }
    c4_duplication(report, ctx, out);
}

/// C-1: this year's 上年结转 = last year's 结转下年度继续办理, per column.
fn c1_carry_over(report: &Report, prev: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for col in T3Col::ALL {
        let now = report.table3[T3Row::CarriedOver][col as usize];
        let before = prev.table3[T3Row::CarriedForward][col as usize];
        if now != before {
            let location = Location::Cell(CellPath::t3(T3Row::CarriedOver, col));
            let message = format!(
                "表三{}为 {now}，但 {} 年度报告的「{}」为 {before}，两者应相等",
                t3_cell(T3Row::CarriedOver, col),
                prev.year,
                T3Row::CarriedForward.spec().label
            );
            out.push(match ctx.carry_over_override {
                Some(reason) => Finding::warning(CheckId::C1, location, format!("{message}（已说明：{reason}）")),
                None => Finding::error(CheckId::C1, location, message),
            });
        }
    }
}

/// C-2 (2021 template, both years): 现行有效 = 上年现行有效 + 本年制发 − 本年废止.
fn c2_documents_in_force(report: &Report, prev: &Report, out: &mut Vec<Finding>) {
    let (Table2::V2021(now), Table2::V2021(before)) = (&report.table2, &prev.table2) else { return };
    for (row, docs, last) in [
        (T2Row::Regulations, now.regulations, before.regulations),
        (T2Row::NormativeDocuments, now.normative_documents, before.normative_documents),
    ] {
        let expected = last.in_force + docs.issued - docs.repealed;
        if docs.in_force != expected {
            let (label, _) = table2_cell_labels(Template::V2021, row, T2Field::InForce).unwrap_or_default();
            out.push(Finding::warning(
                CheckId::C2,
                Location::Cell(CellPath::Table2 { row, field: T2Field::InForce }),
                format!(
                    "表二「{label}」：上年现行有效 {} + 本年制发 {} − 本年废止 {} = {expected}，但本年现行有效件数为 {}（因有效期届满失效、集中清理或机构改革可能合理，请核实）",
                    last.in_force, docs.issued, docs.repealed, docs.in_force
                ),
            ));
        }
    }
}

/// C-3 (2019 template, both years): 上一年项目数量 = last year's 上一年项目数量 + 本年增/减.
fn c3_items(report: &Report, prev: &Report, out: &mut Vec<Finding>) {
    let (Table2::V2019(now), Table2::V2019(before)) = (&report.table2, &prev.table2) else { return };
    for (row, items, last) in [
        (T2Row::Licensing, now.licensing, before.licensing),
        (T2Row::OtherServices, now.other_services, before.other_services),
        (T2Row::Punishment, now.punishment, before.punishment),
        (T2Row::Compulsion, now.compulsion, before.compulsion),
        (T2Row::Fees, now.fees, before.fees),
    ] {
        let expected = last.last_year_items + last.change;
        if items.last_year_items != expected {
            let label = |field| table2_cell_labels(Template::V2019, row, field).unwrap_or_default();
            let ((row_label, items_label), (_, change_label)) = (label(T2Field::LastYearItems), label(T2Field::Change));
            out.push(Finding::warning(
                CheckId::C3,
                Location::Cell(CellPath::Table2 { row, field: T2Field::LastYearItems }),
                format!(
                    "表二「{row_label}」：{} 年度报告的{items_label} {} + {change_label} {} = {expected}，但本年的{items_label}为 {}",
                    prev.year, last.last_year_items, last.change, items.last_year_items
                ),
            ));
        }
    }
}

/// C-4: sections 一 and 五 repeat last year's text (≥ 90 % shared).
fn c4_duplication(report: &Report, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(prev_report) = ctx.previous else { return };
    for section in [Section::Overview, Section::Problems] {
        let now = ctx.text(report, section);
        let before = match ctx.previous_document {
            Some(doc) => doc.section(section),
            None => match section {
                Section::Overview => prev_report.narrative.overview.as_deref(),
                _ => prev_report.narrative.problems.as_deref(),
            },
        };
        let (Some(now), Some(before)) = (now, before) else { continue };
        if now.chars().count() < 50 {
            continue;
        }
        let ratio = shared_ratio(now, before);
        if ratio >= DUPLICATION_THRESHOLD {
            out.push(Finding::warning(
                CheckId::C4,
                Location::Section(section),
                format!(
                    "「{}」与 {} 年度报告的同一部分有 {:.0}% 的文字相同，疑似照搬上年内容（内容雷同，国办公开办函〔2021〕30号）",
                    section.spec().heading,
                    prev_report.year,
                    ratio * 100.0
                ),
            ));
        }
    }
}
