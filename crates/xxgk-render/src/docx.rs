//! The DOCX renderer (docx-rs): an A4 page (11906×16838 twips) with the
//! margins of official documents (GB/T 9704: 37/35 mm top/bottom, 28/26 mm
//! left/right), the title in 方正小标宋简体, headings in 黑体, body and
//! tables in 仿宋_GB2312 (Word and LibreOffice substitute an installed font
//! when one is missing), and the three tables as real Word tables whose merged
//! cells are `gridSpan` (columns) and `vMerge` restart/continue (rows), drawn
//! cell by cell from the shared layout's placement.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    VMergeType, WidthType,
};

use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::RenderError;
use crate::grid::{CellKind, Grid};
use crate::layout::{BODY_WIDTH, Body, Document, document};

/// A4 portrait, in twips.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
/// Margins in twips (1 mm ≈ 56.7 twips): left + right leave [`BODY_WIDTH`].
const MARGIN_TOP: i32 = 2098;
const MARGIN_BOTTOM: i32 = 1984;
const MARGIN_LEFT: i32 = 1588;
const MARGIN_RIGHT: i32 = 1474;

/// East-Asian font names of Chinese official documents.
pub(crate) const FONT_TITLE: &str = "方正小标宋简体";
const FONT_HEADING: &str = "黑体";
pub(crate) const FONT_BODY: &str = "仿宋_GB2312";
const FONT_LATIN: &str = "Times New Roman";

/// Font sizes in half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt.
pub(crate) const SIZE_TITLE: usize = 44;
pub(crate) const SIZE_BODY: usize = 32;
const SIZE_TABLE: usize = 21;
/// First-line indent of headings and prose: two characters of 16 pt, in twips.
pub(crate) const INDENT: i32 = 640;
/// Left and right padding inside table cells (1 mm), in twips.
const CELL_PADDING: usize = 57;

/// Renders the report as a `.docx` file.
pub fn docx(report: &xxgk_report::Report) -> Result<Vec<u8>, RenderError> {
    let doc = document(report);
    let mut file = official_page();

    file = file.add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text(&doc.title).fonts(fonts(FONT_TITLE)).size(SIZE_TITLE))
            .align(AlignmentType::Center)
            .outline_lvl(0)
            .line_spacing(LineSpacing::new().line(720).line_rule(LineSpacingType::AtLeast).after(300)),
    );
    for section in &doc.sections {
        file = file.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(section.heading).fonts(fonts(FONT_HEADING)).size(SIZE_BODY))
                .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
                .outline_lvl(1)
                .keep_next(true)
                .line_spacing(body_spacing()),
        );
        match &section.body {
            Body::Paragraphs(paragraphs) => {
                for p in paragraphs {
                    file = file.add_paragraph(body_paragraph(p));
                }
            }
            Body::NotFilled => file = file.add_paragraph(body_paragraph(Document::PLACEHOLDER)),
            Body::Table(grid) => {
                file = file.add_table(table(grid));
                // Word needs a paragraph between two tables and after the last one.
                file = file.add_paragraph(Paragraph::new().line_spacing(body_spacing()));
            }
        }
    }

    pack(file)
}

/// docx-rs stores its parts uncompressed and adds folder entries, which an
/// OPC package does not need. Repacks the parts deflated (the table XML
/// shrinks about twentyfold), `[Content_Types].xml` first, with the zip
/// format's fixed default timestamp so equal reports give equal bytes.
fn repack(stored: &[u8]) -> Result<Vec<u8>, ZipError> {
    let mut archive = ZipArchive::new(Cursor::new(stored))?;
    let mut names: Vec<String> = archive.file_names().filter(|n| !n.ends_with('/')).map(String::from).collect();
    names.sort_by_key(|n| n != "[Content_Types].xml");
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 8)));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for name in names {
        let mut part = archive.by_name(&name)?;
        out.start_file(name.as_str(), options)?;
        std::io::copy(&mut part, &mut out)?;
    }
    Ok(out.finish()?.into_inner())
}

/// An empty A4 document with the official margins, body font and size.
pub(crate) fn official_page() -> Docx {
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(FONT_BODY))
        .default_size(SIZE_BODY)
}

/// Packs a document into `.docx` bytes (deflated, deterministic).
pub(crate) fn pack(file: Docx) -> Result<Vec<u8>, RenderError> {
    let mut buffer = Cursor::new(Vec::with_capacity(64 * 1024));
    file.build().pack(&mut buffer).map_err(|e| RenderError::Docx(e.to_string()))?;
    repack(buffer.get_ref()).map_err(|e| RenderError::Docx(e.to_string()))
}

pub(crate) fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(FONT_LATIN).hi_ansi(FONT_LATIN).cs(FONT_LATIN)
}

/// 28 pt exact line pitch, the usual grid of official documents.
pub(crate) fn body_spacing() -> LineSpacing {
    LineSpacing::new().line(560).line_rule(LineSpacingType::Exact).before(0).after(0)
}

pub(crate) fn body_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text.replace('\t', " ")).fonts(fonts(FONT_BODY)).size(SIZE_BODY))
        // No `jc` here: docx-rs writes it before `w:ind`, and LibreOffice
        // then drops the first-line indent.
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(body_spacing())
}

fn table(grid: &Grid) -> Table {
    let placement = grid.placement();
    let widths: Vec<usize> = grid.widths.iter().map(|&w| w as usize).collect();
    let span_width = |start: usize, cols: usize| widths.iter().skip(start).take(cols).sum::<usize>();
    let mut rows = Vec::with_capacity(grid.rows.len());
    for (r, row) in grid.rows.iter().enumerate() {
        // Captions and header rows stay on the page of the row below them.
        let keep = row.is_caption() || row.is_header();
        let mut cells = Vec::new();
        let mut c = 0;
        while c < widths.len() {
            let Some(origin) = placement.slot(r, c) else {
                cells.push(TableCell::new().add_paragraph(Paragraph::new()).width(widths[c], WidthType::Dxa));
                c += 1;
                continue;
            };
            let start = placement.start(origin);
            let Some(cell) = grid.cell(origin) else { break };
            let cols = cell.cols.min(widths.len() - c).max(1);
            if start != c {
                // Covered from the left by a cell of this row: already drawn.
                c += 1;
                continue;
            }
            let mut tc = TableCell::new().width(span_width(c, cols), WidthType::Dxa).vertical_align(VAlignType::Center);
            if cols > 1 {
                tc = tc.grid_span(cols);
            }
            if origin.row == r {
                if cell.rows > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                }
                tc = tc.add_paragraph(cell_paragraph(&cell.text, cell.kind, keep));
            } else {
                tc = tc.vertical_merge(VMergeType::Continue).add_paragraph(cell_paragraph("", cell.kind, keep));
            }
            cells.push(tc);
            c += cols;
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    let border = |position| TableBorder::new(position).size(4).color("000000");
    let borders = TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    Table::new(rows)
        .set_grid(widths.clone())
        .width(BODY_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_PADDING, 0, CELL_PADDING))
        .set_borders(borders)
}

fn cell_paragraph(text: &str, kind: CellKind, keep_with_next: bool) -> Paragraph {
    let align = match kind {
        CellKind::Label => AlignmentType::Left,
        CellKind::Caption | CellKind::Header | CellKind::Number => AlignmentType::Center,
    };
    let mut run = Run::new().fonts(fonts(FONT_BODY)).size(SIZE_TABLE);
    if !text.is_empty() {
        run = run.add_text(text);
    }
    if kind == CellKind::Caption {
        run = run.bold();
    }
    Paragraph::new()
        .add_run(run)
        .align(align)
        .size(SIZE_TABLE)
        .keep_next(keep_with_next)
        .line_spacing(LineSpacing::new().line(240).line_rule(LineSpacingType::Auto).before(0).after(0))
}
