//! PDF → report, read by glyph position. [`file`] finds the objects,
//! [`content`] runs each page's operators into positioned glyphs and
//! ruling segments, [`layout`] rebuilds lines and ruled tables (page
//! furniture dropped, tables continued over pages joined). The ruled
//! tables go to the grid model, so the same label matching applies as for
//! DOCX and HTML; when that reading does not give a report, the same
//! positioned lines (tables as tab-separated rows) go through the text
//! importer. Tables drawn without lines are rebuilt from x-alignment
//! ([`aligned`]). Every resource is capped ([`limits`]); a PDF without a text
//! layer (a scan) is refused with a message that says so.

pub mod aligned;
pub mod content;
pub mod file;
pub mod font;
pub mod layout;
pub mod limits;
pub mod syntax;

use crate::doc::{Block, Document};
use crate::error::ImportError;
use crate::grid::GridBuilder;
use crate::{Imported, Source, tables, text};
use layout::{Item, Table};
use limits::unreadable;

/// The positioned reading of a PDF: its pages' items in reading order.
pub fn read_items(bytes: &[u8]) -> Result<Vec<Item>, ImportError> {
    let file = file::File::open(bytes)?;
    let pages = file.pages()?;
    if pages.is_empty() {
        return Err(unreadable("文件中没有页面"));
    }
    let mut interpreter = content::Interpreter::new(&file);
    let mut contents = Vec::with_capacity(pages.len());
    for page in &pages {
        contents.push(interpreter.page(page)?);
    }
    if contents.iter().all(|c| c.glyphs.iter().all(|g| g.text.trim().is_empty())) {
        let reason = if contents.iter().any(|c| c.images) {
            "没有文本层（可能是扫描件），无法读取表格；请导入原始 Word 文件或带文字的 PDF"
        } else {
            "页面中没有可识别的文字（可能是扫描件，或字体缺少 Unicode 映射）"
        };
        return Err(unreadable(reason));
    }
    Ok(layout::layout(&contents))
}

/// Reads a report from a PDF. Tables are read as grids (ruled, or rebuilt
/// by x-alignment in each [`aligned::Reading`]); readings that give a report must
/// agree, else the PDF is refused. When no grid reading gives a report, the
/// positioned text goes through the text importer.
pub fn import(bytes: &[u8]) -> Result<Imported, ImportError> {
    let items = read_items(bytes)?;
    let mut variants: Vec<Vec<Item>> = Vec::new();
    for v in aligned::distinct_readings(items.clone()) {
        if !variants.contains(&v) {
            variants.push(v);
        }
    }
    let readings = variants.iter().map(|v| tables::read_report(&grid_document(v)));
    let mut first_error = None;
    let mut found: Option<Imported> = None;
    for reading in readings {
        match reading {
            Ok(imported) => match &found {
                Some(f) if f.report != imported.report => {
                    return Err(unreadable(
                        "表格没有边框线，折行的单元格属于上一行还是下一行无法确定（两种读法得出的数不同），请导入原始 Word 文件",
                    ));
                }
                Some(_) => {}
                None => found = Some(imported),
            },
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(imported) = found {
        return Ok(imported);
    }
    let by_text = tables::read_report(&text::parse(&plain_text(&items)));
    match (by_text, first_error) {
        (Ok(imported), _) => Ok(imported),
        (Err(_), Some(grid_error)) => Err(grid_error),
        (Err(e), None) => Err(e),
    }
}

/// The positioned text of a PDF (what the text fallback reads).
pub fn extract_text(bytes: &[u8]) -> Result<String, ImportError> {
    Ok(plain_text(&read_items(bytes)?))
}

/// The text a PDF shows, in reading order: lines, and table rows with their
/// cells separated by tabs.
pub fn plain_text(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Line(l) => {
                out.push_str(&l.text);
                out.push('\n');
            }
            Item::Table(t) => {
                for r in 0..t.rows {
                    let cells: Vec<String> =
                        t.cells.iter().filter(|c| c.row == r).map(|c| c.text.replace('\n', "")).collect();
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Lines as paragraphs and ruled tables as grids; line numbers count table
/// rows as lines, as in [`plain_text`].
pub fn grid_document(items: &[Item]) -> Document {
    let mut doc = Document::default();
    let mut line = 0;
    let mut table_no = 0;
    for item in items {
        match item {
            Item::Line(l) => {
                line += 1;
                doc.blocks.push(Block::Para { text: l.text.clone(), src: Source::Line { line }, scope: 0 });
            }
            Item::Table(t) => {
                line += t.rows;
                doc.blocks.push(Block::Table(grid(t, table_no)));
                table_no += 1;
            }
        }
    }
    doc
}

fn grid(table: &Table, table_no: usize) -> crate::grid::Grid {
    let mut cells: Vec<&layout::TableCell> = table.cells.iter().collect();
    cells.sort_by_key(|c| (c.row, c.col));
    let mut builder = GridBuilder::new(table_no);
    let mut cells = cells.into_iter().peekable();
    for r in 0..table.rows {
        builder.start_row();
        while let Some(c) = cells.next_if(|c| c.row == r) {
            builder.add_cell(c.text.clone(), c.rowspan, c.colspan);
        }
    }
    builder.finish()
}
