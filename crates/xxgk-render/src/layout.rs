//! The one layout of a rendered report, shared by every format: the title,
//! the six sections in order, their prose split into paragraphs, and tables
//! 二, 三 and 四 as [`Grid`]s reproducing the official template's merged
//! cells. Every label comes from `xxgk_report::labels`; every number is
//! printed from the report's own digits (money from the `Decimal`, never a
//! float).

use std::borrow::Cow;

use xxgk_report::labels::{
    SECTIONS, Section, T2_CONTENT_HEADER, T3_APPLICANTS, T3_CORNER_NOTE, T3_LEGAL_PERSONS, T3_RESULTS_GROUP,
    T4_LITIGATION, T4_RECONSIDERATION, TABLE4_COLUMNS, table2_blocks,
};
use xxgk_report::{CellPath, Report, T3Col, T3Row, T4Group, Template, Value};

use crate::grid::{Cell, CellKind, Grid, Row, TableId};
use xxgk_report::labels::{NOT_FILLED, TITLE_AFTER_YEAR};

/// Width of the text block of an A4 page with the DOCX margins, in twips.
pub const BODY_WIDTH: u32 = 8844;

/// A report laid out for rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `{agency}{year}年政府信息公开工作年度报告`; the agency is left out when unknown.
    pub title: String,
    /// The six sections, in the template's order.
    pub sections: Vec<SectionLayout>,
}

/// One section: its heading and what follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionLayout {
    pub section: Section,
    pub heading: &'static str,
    pub body: Body,
}

/// The content of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Prose, one entry per paragraph (never empty).
    Paragraphs(Vec<String>),
    /// A prose section with no text: renderers print [`Document::PLACEHOLDER`].
    NotFilled,
    /// The section's table.
    Table(Grid),
}

impl Document {
    /// What a prose section without text shows, in every format.
    pub const PLACEHOLDER: &'static str = NOT_FILLED;
}

/// Lays a report out.
pub fn document(report: &Report) -> Document {
    let agency = report.agency.as_deref().map(one_line).unwrap_or_default();
    let title = format!("{agency}{}{TITLE_AFTER_YEAR}", report.year);
    let sections = SECTIONS
        .iter()
        .map(|spec| {
            let body = match spec.section {
                Section::Overview => prose(report.narrative.overview.as_deref()),
                Section::Problems => prose(report.narrative.problems.as_deref()),
                Section::OtherMatters => prose(report.narrative.other_matters.as_deref()),
                Section::ActiveDisclosure => Body::Table(table2(report)),
                Section::Requests => Body::Table(table3(report)),
                Section::ReviewLitigation => Body::Table(table4(report)),
            };
            SectionLayout { section: spec.section, heading: spec.heading, body }
        })
        .collect();
    Document { title, sections }
}

/// Drops characters no XML document may hold (C0 controls other than tab and
/// line breaks, U+FFFE/U+FFFF), so that no format is broken by them.
pub fn clean(text: &str) -> Cow<'_, str> {
    let bad = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if text.chars().any(bad) { Cow::Owned(text.chars().filter(|&c| !bad(c)).collect()) } else { Cow::Borrowed(text) }
}

/// A single-line field (the agency name): controls and line breaks become spaces.
fn one_line(text: &str) -> String {
    let text = clean(text);
    text.split(|c: char| c.is_control()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ").trim().to_string()
}

/// Splits prose into paragraphs on line breaks; blank lines are dropped and
/// each paragraph is trimmed (the indent is the renderer's business).
fn prose(text: Option<&str>) -> Body {
    let paragraphs: Vec<String> = text
        .map(|t| clean(t).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default();
    if paragraphs.is_empty() { Body::NotFilled } else { Body::Paragraphs(paragraphs) }
}

/// A number exactly as held: counts as integers, money with the decimal's own digits.
pub fn value_text(value: Value) -> String {
    match value {
        Value::Count(n) => n.to_string(),
        Value::Money(d) => d.to_string(),
    }
}

fn header(text: &'static str) -> Cell {
    Cell::new(CellKind::Header, text)
}

fn label(text: &'static str) -> Cell {
    Cell::new(CellKind::Label, text)
}

/// Table 二: per block a caption row, a header row (信息内容 + field labels)
/// and the data rows. The field columns share the width of the widest block;
/// a block with fewer fields lets its last field span the rest.
fn table2(report: &Report) -> Grid {
    let blocks = table2_blocks(report.format);
    let value_cols = blocks.iter().map(|b| b.fields.len()).max().unwrap_or(1).max(1);
    let columns = 1 + value_cols;
    let mut rows = Vec::new();
    for block in blocks {
        let n = block.fields.len().max(1);
        let span = |i: usize| if i + 1 == n { value_cols - (n - 1) * (value_cols / n) } else { value_cols / n };
        rows.push(Row { cells: vec![Cell::new(CellKind::Caption, block.item).span(1, columns)] });
        let mut head = vec![header(T2_CONTENT_HEADER)];
        head.extend(block.fields.iter().enumerate().map(|(i, f)| header(f.label).span(1, span(i))));
        rows.push(Row { cells: head });
        for row in block.rows {
            let mut cells = vec![label(row.label)];
            for (i, field) in block.fields.iter().enumerate() {
                let text = report.table2.get(row.id, field.id).map(value_text).unwrap_or_default();
                let path = CellPath::Table2 { row: row.id, field: field.id };
                cells.push(Cell::number(text, path).span(1, span(i)));
            }
            rows.push(Row { cells });
        }
    }
    Grid { id: TableId::Active, widths: table2_widths(report.format), head_rows: 0, rows }
}

/// Columns of table 二 of a template: 信息内容, then as many value columns as
/// the widest block has fields.
fn table2_widths(template: Template) -> Vec<u32> {
    let value_cols = table2_blocks(template).iter().map(|b| b.fields.len()).max().unwrap_or(1).max(1);
    let first = BODY_WIDTH - 2000 * value_cols as u32;
    let mut widths = vec![first];
    widths.extend(std::iter::repeat_n(2000, value_cols));
    widths
}

/// Label columns of table 三: 三、本年度办理结果 | group (（三）不予公开 …) | item.
const T3_LABEL_COLS: usize = 3;

/// Table 三 as printed: the 勾稽 note in the corner (3 rows × the label
/// columns), 申请人情况 over the seven numeric columns, 自然人 and 总计 over
/// two header rows, 法人或其他组织 over its five kinds; then the data rows,
/// with 三、本年度办理结果 spanning every result row and each group cell
/// spanning its items.
fn table3(report: &Report) -> Grid {
    let numeric = T3Col::ALL.len();
    let kinds = &T3Col::ALL[T3Col::Commercial as usize..T3Col::Total as usize];
    let mut rows = vec![
        Row { cells: vec![header(T3_CORNER_NOTE).span(3, T3_LABEL_COLS), header(T3_APPLICANTS).span(1, numeric)] },
        Row {
            cells: vec![
                header(T3Col::Natural.label()).span(2, 1),
                header(T3_LEGAL_PERSONS).span(1, kinds.len()),
                header(T3Col::Total.label()).span(2, 1),
            ],
        },
        Row { cells: kinds.iter().map(|k| header(k.label())).collect() },
    ];
    let order = T3Row::of(report.format);
    let results = order.iter().filter(|r| r.spec().in_results).count();
    let mut results_started = false;
    for (i, &row) in order.iter().enumerate() {
        let spec = row.spec();
        let mut cells = Vec::with_capacity(T3_LABEL_COLS + numeric);
        if !spec.in_results {
            cells.push(label(spec.label).span(1, T3_LABEL_COLS));
        } else {
            if !results_started {
                results_started = true;
                cells.push(label(T3_RESULTS_GROUP).span(results, 1));
            }
            match spec.group {
                Some(group) => {
                    let starts_group = i == 0 || order[i - 1].spec().group != Some(group);
                    if starts_group {
                        let size = order[i..].iter().take_while(|r| r.spec().group == Some(group)).count();
                        cells.push(label(group).span(size, 1));
                    }
                    cells.push(label(spec.label));
                }
                None => cells.push(label(spec.label).span(1, T3_LABEL_COLS - 1)),
            }
        }
        for col in T3Col::ALL {
            cells.push(Cell::number(report.table3.get(row, col).to_string(), CellPath::t3(row, col)));
        }
        rows.push(Row { cells });
    }
    Grid { id: TableId::Requests, widths: table3_widths(), head_rows: 3, rows }
}

/// Columns of table 三: the three label columns, then the seven numbers.
fn table3_widths() -> Vec<u32> {
    let mut widths = vec![560, 1200, 2401];
    widths.extend(std::iter::repeat_n(669, T3Col::ALL.len()));
    widths
}

/// Table 四 as printed: 行政复议 (5 columns) | 行政诉讼 (10); the five
/// reconsideration outcomes over two rows beside 未经复议直接起诉 and 复议后起诉;
/// the ten litigation outcomes; one row of fifteen numbers.
fn table4(report: &Report) -> Grid {
    let n = TABLE4_COLUMNS.len();
    let litigation = [T4Group::LitigationDirect, T4Group::LitigationAfterReconsideration];
    let mut second: Vec<Cell> = TABLE4_COLUMNS.iter().map(|&l| header(l).span(2, 1)).collect();
    second.extend(litigation.iter().map(|g| header(g.label()).span(1, n)));
    let third = litigation.iter().flat_map(|_| TABLE4_COLUMNS.iter().map(|&l| header(l))).collect();
    let numbers = T4Group::ALL
        .into_iter()
        .flat_map(|group| {
            (0..n).map(move |index| {
                Cell::number(report.table4[group][index].to_string(), CellPath::Table4 { group, index })
            })
        })
        .collect();
    let rows = vec![
        Row { cells: vec![header(T4_RECONSIDERATION).span(1, n), header(T4_LITIGATION).span(1, 2 * n)] },
        Row { cells: second },
        Row { cells: third },
        Row { cells: numbers },
    ];
    Grid { id: TableId::Review, widths: table4_widths(), head_rows: 3, rows }
}

/// Columns of table 四: fifteen of equal width (5 reconsideration + 2 × 5 litigation).
fn table4_widths() -> Vec<u32> {
    let columns = 3 * TABLE4_COLUMNS.len();
    let base = BODY_WIDTH / columns as u32;
    let extra = (BODY_WIDTH - base * columns as u32) as usize;
    (0..columns).map(|c| base + u32::from(c < extra)).collect()
}

/// The column widths (twips) of the tables of a template, in report order:
/// what [`document`] gives each [`Grid`], without laying out a report. The
/// HTML style sheet is generated from this.
pub fn column_widths(template: Template) -> [(TableId, Vec<u32>); 3] {
    [
        (TableId::Active, table2_widths(template)),
        (TableId::Requests, table3_widths()),
        (TableId::Review, table4_widths()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grids(template: Template) -> Vec<Grid> {
        document(&Report::empty(template, 2022))
            .sections
            .into_iter()
            .filter_map(|s| match s.body {
                Body::Table(grid) => Some(grid),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_grid_is_a_clean_rectangle() {
        for template in [Template::V2019, Template::V2021] {
            for grid in grids(template) {
                assert_eq!(grid.problems(), Vec::<String>::new(), "{template} {:?}", grid.id);
                assert_eq!(grid.widths.iter().sum::<u32>(), BODY_WIDTH, "{:?}", grid.id);
            }
        }
    }

    #[test]
    fn column_widths_are_those_of_the_grids() {
        for template in [Template::V2019, Template::V2021] {
            let laid_out: Vec<(TableId, Vec<u32>)> = grids(template).into_iter().map(|g| (g.id, g.widths)).collect();
            assert_eq!(laid_out, column_widths(template).to_vec(), "{template}");
        }
    }

    #[test]
    fn official_shapes() {
        let g = grids(Template::V2021);
        assert_eq!((g[0].columns(), g[0].rows.len()), (4, 4 * 2 + 6));
        assert_eq!((g[1].columns(), g[1].rows.len()), (10, 3 + 25));
        assert_eq!((g[2].columns(), g[2].rows.len()), (15, 4));
        // 三、本年度办理结果 spans the 21 outcome rows and （七）总计.
        assert_eq!(g[1].rows[5].cells[0].rows, 22);
        let g = grids(Template::V2019);
        assert_eq!((g[0].columns(), g[0].rows.len()), (4, 5 * 2 + 8));
        assert_eq!(g[1].rows.len(), 3 + 23);
        assert_eq!(g[1].rows[5].cells[0].rows, 20);
    }

    #[test]
    fn prose_is_split_and_cleaned() {
        assert_eq!(
            prose(Some(" \n\u{3000}第一段\u{1}\r\n\n第二段  ")),
            Body::Paragraphs(vec!["第一段".into(), "第二段".into()])
        );
        assert_eq!(prose(Some(" \n ")), Body::NotFilled);
        assert_eq!(prose(None), Body::NotFilled);
        assert_eq!(one_line("甲\n乙\t丙"), "甲 乙 丙");
    }
}
