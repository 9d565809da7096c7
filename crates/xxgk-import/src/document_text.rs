//! The text of any document the importer reads, with the place of every
//! piece — for the personal-data screen and for search, not for reports.
//!
//! [`document_text`] reuses the importer's decoders and format readers
//! (encodings, text/Markdown, HTML, DOCX) and keeps what the report reader
//! throws away: every paragraph with its line, every table cell with its row,
//! column and column header. PDF text layers are read page by page, one
//! block per non-blank line, so that a place names the page.

use std::fmt;

use crate::doc::{Block, Document};
use crate::error::ImportError;
use crate::grid::Grid;
use crate::{InputKind, MAX_INPUT_BYTES, Source, decode, detect_kind, docx, html, text};

/// The text of a document in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentText {
    pub kind: InputKind,
    pub blocks: Vec<TextBlock>,
}

/// One paragraph, line or table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    pub text: String,
    pub place: Place,
}

/// Where a piece of text is. Numbers are 1-based, as people count.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// A line of a text document (for HTML the source line, for DOCX the
    /// paragraph number).
    Line { line: usize },
    /// A line of a page of a PDF text layer.
    Page { page: usize, line: usize },
    /// A table cell; `header` is the text of the column's header cell.
    Cell { table: usize, row: usize, col: usize, header: Option<String> },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line { line } => write!(f, "第 {line} 行"),
            Place::Page { page, line } => write!(f, "第 {page} 页第 {line} 行"),
            Place::Cell { table, row, col, header } => {
                write!(f, "第 {table} 个表格第 {row} 行第 {col} 列")?;
                match header {
                    Some(h) => write!(f, "（{h}）"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Reads the text of a document (kind decided by content, as [`crate::import`]).
pub fn document_text(bytes: &[u8], name_hint: Option<&str>) -> Result<DocumentText, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge { size: bytes.len(), limit: MAX_INPUT_BYTES });
    }
    let kind = detect_kind(bytes, name_hint)?;
    let blocks = match kind {
        InputKind::Pdf => pdf_pages(bytes)?,
        InputKind::Docx => from_document(&docx::parse(bytes)?),
        InputKind::Html => from_document(&html::parse(&decode::decode(bytes, true))),
        InputKind::Text => from_document(&text::parse(&decode::decode(bytes, false))),
    };
    Ok(DocumentText { kind, blocks })
}

/// The blocks of a parsed document: paragraphs by line, tables by cell.
fn from_document(doc: &Document) -> Vec<TextBlock> {
    let mut out = Vec::new();
    let mut table = 0;
    for block in &doc.blocks {
        match block {
            Block::Para { text, src, .. } => out.push(TextBlock { text: text.clone(), place: line_place(*src) }),
            Block::Table(grid) => {
                table += 1;
                table_cells(grid, table, &mut out);
            }
        }
    }
    out
}

fn line_place(src: Source) -> Place {
    match src {
        Source::Line { line } | Source::RecoveredLine { line } => Place::Line { line },
        Source::Cell { row, .. } | Source::RecoveredCell { row, .. } => Place::Line { line: row + 1 },
    }
}

/// Every non-blank cell of a table once (a cell spanning rows is read in the
/// first row it covers), with its column header.
fn table_cells(grid: &Grid, table: usize, out: &mut Vec<TextBlock>) {
    let header_row = header_row(grid);
    let headers: Vec<(usize, &str)> = grid.rows.get(header_row).map_or_else(Vec::new, |row| {
        row.cells.iter().enumerate().map(|(i, c)| (c.col.unwrap_or(i), c.text.as_str())).collect()
    });
    let header_of = |col: usize| {
        // A header spanning several columns covers them all.
        headers
            .iter()
            .rev()
            .find(|(start, _)| *start <= col)
            .map(|(_, text)| text.split_whitespace().collect::<String>())
            .filter(|t| !t.is_empty())
    };
    let col_of = |i: usize, cell: &crate::grid::Cell| cell.col.unwrap_or(i);
    for (r, row) in grid.rows.iter().enumerate() {
        let above = r.checked_sub(1).and_then(|a| grid.rows.get(a));
        for (i, cell) in row.cells.iter().enumerate() {
            let col = col_of(i, cell);
            // A rowspan repeats its cell in every row it covers.
            let spanned = above
                .is_some_and(|a| a.cells.iter().enumerate().any(|(j, c)| col_of(j, c) == col && c.text == cell.text));
            if cell.text.trim().is_empty() || spanned {
                continue;
            }
            let header = if r > header_row { header_of(col) } else { None };
            out.push(TextBlock {
                text: cell.text.clone(),
                place: Place::Cell { table, row: r + 1, col: col + 1, header },
            });
        }
    }
}

/// The row holding the column headers: the first row, unless it is a title
/// spanning the whole table (one distinct text), then the next.
fn header_row(grid: &Grid) -> usize {
    match grid.rows.first() {
        Some(first) if grid.rows.len() > 2 => {
            let distinct: std::collections::HashSet<&str> = first.cells.iter().map(|c| c.text.trim()).collect();
            usize::from(distinct.len() == 1)
        }
        _ => 0,
    }
}

/// The text a PDF shows, page by page (read by glyph position,
/// [`crate::pdf::read_items`]). A ruled table's row is one line with its
/// cells separated by tabs and a cell's wrapped lines joined, so a number
/// wrapped inside a narrow cell reads whole. Lines laid out in columns
/// without ruling lines are read column by column (each piece a block on
/// its own line), so a number wrapped inside a narrow column comes as
/// consecutive pieces, as in a cell.
fn pdf_pages(bytes: &[u8]) -> Result<Vec<TextBlock>, ImportError> {
    use crate::pdf::layout::Item;
    let items = crate::pdf::read_items(bytes)?;
    let mut out = Vec::new();
    let mut page_lines: Vec<(usize, &crate::pdf::layout::Line)> = Vec::new();
    let (mut page, mut line) = (0usize, 0usize);
    for item in &items {
        match item {
            Item::Line(l) => {
                if l.page != page {
                    columns_first(&page_lines, page, &mut out);
                    page_lines.clear();
                    (page, line) = (l.page, 0);
                }
                line += 1;
                page_lines.push((line, l));
            }
            Item::Table(t) => {
                columns_first(&page_lines, page, &mut out);
                page_lines.clear();
                for r in 0..t.rows {
                    line += 1;
                    let cells: Vec<String> =
                        t.cells.iter().filter(|c| c.row == r).map(|c| c.text.replace('\n', "")).collect();
                    push_block(cells.join("\t"), page, line, &mut out);
                }
            }
        }
    }
    columns_first(&page_lines, page, &mut out);
    if out.is_empty() {
        return Err(ImportError::Unreadable {
            kind: "PDF", reason: "没有文本层（可能是扫描件），无法读取文字".into()
        });
    }
    Ok(out)
}

fn push_block(text: String, page: usize, line: usize, out: &mut Vec<TextBlock>) {
    if !text.trim().is_empty() {
        out.push(TextBlock { text: text.trim().to_string(), place: Place::Page { page: page + 1, line } });
    }
}

/// A page's lines: a line of one piece as it is; a run of lines in columns
/// (two or more pieces, with single-piece lines between them) column by
/// column, each piece under the column whose left edge is nearest.
fn columns_first(lines: &[(usize, &crate::pdf::layout::Line)], page: usize, out: &mut Vec<TextBlock>) {
    let multi = |i: usize| lines.get(i).is_some_and(|(_, l)| l.runs.len() >= 2);
    let in_block = |i: usize| multi(i) || (i > 0 && multi(i - 1) && multi(i + 1));
    let mut i = 0;
    while i < lines.len() {
        if !in_block(i) {
            push_block(lines[i].1.text.clone(), page, lines[i].0, out);
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && in_block(i) {
            i += 1;
        }
        let block = &lines[start..i];
        let Some((_, widest)) = block.iter().max_by_key(|(_, l)| l.runs.len()) else { continue };
        let anchors: Vec<f64> = widest.runs.iter().map(|r| r.x0).collect();
        let column_of = |x: f64| {
            (0..anchors.len()).min_by(|&a, &b| (anchors[a] - x).abs().total_cmp(&(anchors[b] - x).abs())).unwrap_or(0)
        };
        for column in 0..anchors.len() {
            for (number, l) in block {
                for run in l.runs.iter().filter(|r| column_of(r.x0) == column) {
                    push_block(run.text.clone(), page, *number, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &DocumentText) -> Vec<(String, String)> {
        doc.blocks.iter().map(|b| (b.place.to_string(), b.text.clone())).collect()
    }

    #[test]
    fn text_lines_and_markdown_cells_carry_their_places() {
        let md = "# 公示\n\n| 姓名 | 身份证号 |\n|---|---|\n| 张三 | 110101 |\n";
        let doc = document_text(md.as_bytes(), Some("a.md")).unwrap();
        assert_eq!(doc.kind, InputKind::Text);
        assert_eq!(
            texts(&doc),
            [
                ("第 1 行".into(), "公示".into()),
                ("第 1 个表格第 1 行第 1 列".into(), "姓名".into()),
                ("第 1 个表格第 1 行第 2 列".into(), "身份证号".into()),
                ("第 1 个表格第 2 行第 1 列（姓名）".into(), "张三".into()),
                ("第 1 个表格第 2 行第 2 列（身份证号）".into(), "110101".into()),
            ]
        );
    }

    #[test]
    fn html_title_row_is_skipped_for_headers_and_spans_read_once() {
        let html = "<html><body><p>前言</p><table>\
            <tr><td colspan=2>低保名单</td></tr>\
            <tr><td>姓名</td><td>联系 电话</td></tr>\
            <tr><td rowspan=2>李四</td><td>1</td></tr>\
            <tr><td>2</td></tr></table></body></html>";
        let doc = document_text(html.as_bytes(), Some("a.html")).unwrap();
        let t = texts(&doc);
        assert!(t.contains(&("第 1 个表格第 3 行第 2 列（联系电话）".into(), "1".into())), "{t:?}");
        assert!(t.contains(&("第 1 个表格第 4 行第 2 列（联系电话）".into(), "2".into())), "{t:?}");
        assert_eq!(t.iter().filter(|(_, x)| x == "李四").count(), 1, "{t:?}");
        assert_eq!(t[0], ("第 1 行".into(), "前言".into()));
    }

    #[test]
    fn gbk_text_and_tab_rows_are_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名\t手机\n王五\t138\n");
        let doc = document_text(&gbk, Some("a.txt")).unwrap();
        assert!(texts(&doc).contains(&("第 1 个表格第 2 行第 2 列（手机）".into(), "138".into())));
    }

    #[test]
    fn bad_input_names_the_problem() {
        assert!(matches!(document_text(b"%PDF-1.4 broken", None), Err(ImportError::Unreadable { kind: "PDF", .. })));
        assert!(matches!(document_text(b"PK\x03\x04garbage", None), Err(ImportError::Unreadable { .. })));
        let big = vec![b'a'; MAX_INPUT_BYTES + 1];
        assert!(matches!(document_text(&big, None), Err(ImportError::TooLarge { .. })));
    }
}
