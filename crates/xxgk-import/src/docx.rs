//! DOCX → [`Document`]: `word/document.xml` read from the zip (size-capped)
//! and walked with quick-xml. Paragraphs (`w:p`) outside tables become
//! paragraphs; tables (`w:tbl`) go through [`GridBuilder`] with `gridSpan`
//! as colspan and `vMerge` continuations as the cell above; `w:tab` and
//! `w:br` inside cells become tabs and line breaks. Deleted text and field
//! instructions are skipped.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::doc::{Block, Document};
use crate::error::ImportError;
use crate::grid::GridBuilder;
use crate::{MAX_INPUT_BYTES, Source};

/// Largest `word/document.xml` read, decompressed (a zip bomb stops here).
pub const MAX_XML_BYTES: u64 = 4 * MAX_INPUT_BYTES as u64;
/// Most entries a DOCX may have (real ones have tens, with images hundreds).
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Largest sum of the sizes the entries declare once decompressed.
pub const MAX_DECLARED_BYTES: u64 = 512 * 1024 * 1024;
/// Deepest element nesting of `word/document.xml`.
pub const MAX_XML_DEPTH: usize = 256;
const MAX_NESTING: usize = 32;

fn unreadable(reason: impl Into<String>) -> ImportError {
    ImportError::Unreadable { kind: "DOCX", reason: reason.into() }
}

/// Extracts `word/document.xml` from a DOCX.
pub fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(format!("不是有效的 zip 文件（{e}）")))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(unreadable(format!("压缩包内有 {} 个文件，超过上限 {MAX_ZIP_ENTRIES}", archive.len())));
    }
    let declared = archive.decompressed_size().map_or(u128::MAX, |n| n);
    if declared > u128::from(MAX_DECLARED_BYTES) {
        return Err(unreadable(format!("压缩包声明的解压后大小超过上限 {MAX_DECLARED_BYTES} 字节")));
    }
    let mut entry = archive
        .by_name("word/document.xml")
        .map_err(|_| unreadable("压缩包中没有 word/document.xml，不是 Word 文档"))?;
    let mut xml = Vec::new();
    (&mut entry)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| unreadable(format!("解压 word/document.xml 失败（{e}）")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(unreadable(format!("word/document.xml 解压后过大（超过上限 {MAX_XML_BYTES} 字节）")));
    }
    Ok(xml)
}

struct Cell {
    text: String,
    span: usize,
    merge: Option<bool>, // Some(true) restart, Some(false) continue
}

struct Table {
    builder: GridBuilder,
    cell: Option<Cell>,
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| std::str::from_utf8(&a.value).ok().map(str::to_string))
}

/// Parses a DOCX file.
pub fn parse(bytes: &[u8]) -> Result<Document, ImportError> {
    let xml = document_xml(bytes)?;
    parse_xml(&xml)
}

/// Parses the XML of `word/document.xml`.
pub fn parse_xml(xml: &[u8]) -> Result<Document, ImportError> {
    let mut reader = Reader::from_reader(xml);
    let mut doc = Document::default();
    let mut tables: Vec<Table> = Vec::new();
    let mut table_count = 0;
    let mut para = String::new();
    let mut para_no = 0usize;
    let mut in_text = false;
    let mut in_run = false;
    let mut skip_depth = 0usize;
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| unreadable(format!("XML 错误（{e}）")))?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_XML_DEPTH {
            return Err(unreadable(format!("XML 元素嵌套超过 {MAX_XML_DEPTH} 层")));
        }
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_vec();
                match name.as_slice() {
                    b"delText" | b"instrText" => skip_depth = 1,
                    b"t" => in_text = true,
                    b"r" => in_run = true,
                    b"tbl" if tables.len() < MAX_NESTING => {
                        flush(&mut doc, &mut para, para_no);
                        tables.push(Table { builder: GridBuilder::new(table_count), cell: None });
                        table_count += 1;
                    }
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.builder.start_row();
                        }
                    }
                    b"tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell = Some(Cell { text: String::new(), span: 1, merge: None });
                        }
                    }
                    _ => start_or_empty(&name, &e, in_run, &mut tables, &mut para),
                }
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_vec();
                start_or_empty(&name, &e, in_run, &mut tables, &mut para);
            }
            Event::Text(t) if in_text && skip_depth == 0 => {
                let text = t.decode().map_err(|e| unreadable(format!("文本编码错误（{e}）")))?;
                sink(&mut tables, &mut para).push_str(&text);
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                let ch = match r.resolve_char_ref().ok().flatten() {
                    Some(c) => Some(c),
                    None => match r.decode().ok().as_deref() {
                        Some("amp") => Some('&'),
                        Some("lt") => Some('<'),
                        Some("gt") => Some('>'),
                        Some("quot") => Some('"'),
                        Some("apos") => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = ch {
                    sink(&mut tables, &mut para).push(c);
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_vec();
                match name.as_slice() {
                    b"delText" | b"instrText" => skip_depth = 0,
                    b"t" => in_text = false,
                    b"r" => in_run = false,
                    b"p" => {
                        if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            cell.text.push('\n');
                        } else {
                            para_no += 1;
                            flush(&mut doc, &mut para, para_no);
                        }
                    }
                    b"tc" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(cell) = t.cell.take()
                        {
                            let text = cell.text.trim().to_string();
                            match cell.merge {
                                Some(false) => t.builder.add_merged_above(cell.span),
                                _ => t.builder.add_cell(text, 1, cell.span),
                            }
                        }
                    }
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.builder.end_row();
                        }
                    }
                    b"tbl" => {
                        if let Some(t) = tables.pop() {
                            let grid = t.builder.finish();
                            if !grid.rows.is_empty() {
                                doc.blocks.push(Block::Table(grid));
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    while let Some(t) = tables.pop() {
        doc.blocks.push(Block::Table(t.builder.finish()));
    }
    flush(&mut doc, &mut para, para_no + 1);
    Ok(doc)
}

/// Elements that may be self-closing or opening: tabs, breaks, spans, merges.
fn start_or_empty(name: &[u8], e: &BytesStart<'_>, in_run: bool, tables: &mut [Table], para: &mut String) {
    match name {
        b"tab" if in_run => sink(tables, para).push('\t'),
        b"br" | b"cr" if in_run => sink(tables, para).push('\n'),
        b"gridSpan" => {
            if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1);
            }
        }
        b"vMerge" => {
            if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.merge = Some(val(e).as_deref() == Some("restart"));
            }
        }
        _ => {}
    }
}

fn sink<'a>(tables: &'a mut [Table], para: &'a mut String) -> &'a mut String {
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => &mut cell.text,
        None => para,
    }
}

fn flush(doc: &mut Document, para: &mut String, para_no: usize) {
    let text = para.trim();
    if !text.is_empty() {
        // DOCX paragraphs are numbered like lines (1-based).
        doc.blocks.push(Block::Para { text: text.to_string(), src: Source::Line { line: para_no.max(1) }, scope: 0 });
    }
    para.clear();
}
