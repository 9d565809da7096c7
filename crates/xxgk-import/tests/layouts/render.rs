//! Renders a logical document into the layouts seen in the wild: Word
//! "save as text" (one cell per line), tab-separated rows, Markdown tables
//! from converters, HTML with rowspan/colspan, a PDF-like stream (one cell
//! per line, no tabs), and DOCX.

pub use super::package::docx_package;
use super::{Damage, Item, LCell, Rng};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    CellPerLine,
    Tabbed,
    Markdown,
    Html,
    Stream,
    Docx,
}

pub const LAYOUTS: [Layout; 6] =
    [Layout::CellPerLine, Layout::Tabbed, Layout::Markdown, Layout::Html, Layout::Stream, Layout::Docx];

/// One slot of the flattened grid.
#[derive(Clone)]
enum Slot {
    Origin(usize, usize),
    /// Continuation of a colspan in the same row.
    ColCont(usize, usize),
    /// Continuation of a rowspan from above.
    RowCont,
}

/// Flattens a table with spans into slots per row.
fn slots(rows: &[Vec<LCell>]) -> Vec<Vec<Slot>> {
    let mut out: Vec<Vec<Option<Slot>>> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        while out.len() <= r {
            out.push(Vec::new());
        }
        let mut c = 0;
        for (k, cell) in row.iter().enumerate() {
            while out[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            for dr in 0..cell.rs {
                while out.len() <= r + dr {
                    out.push(Vec::new());
                }
                for dc in 0..cell.cs {
                    let line = &mut out[r + dr];
                    if line.len() <= c + dc {
                        line.resize(c + dc + 1, None);
                    }
                    line[c + dc] = Some(match (dr, dc) {
                        (0, 0) => Slot::Origin(r, k),
                        (0, _) => Slot::ColCont(r, k),
                        _ => Slot::RowCont,
                    });
                }
            }
            c += cell.cs;
        }
    }
    out.into_iter().map(|row| row.into_iter().map(|s| s.unwrap_or(Slot::RowCont)).collect()).collect()
}

/// Wraps a label over two pieces joined by `sep` (a converter's line break).
fn wrap(rng: &mut Rng, damage: Damage, text: &str, sep: &str, value: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    if value || !damage.has(Damage::WRAP) || chars.len() < 4 || !rng.chance(40) {
        return text.to_string();
    }
    let cut = 2 + rng.below(chars.len() as u64 - 3) as usize;
    format!("{}{sep}{}", chars[..cut].iter().collect::<String>(), chars[cut..].iter().collect::<String>())
}

pub fn render(items: &[Item], layout: Layout, damage: Damage, rng: &mut Rng) -> Vec<u8> {
    let text = match layout {
        Layout::CellPerLine => cell_per_line(items, damage, rng),
        Layout::Tabbed => tabbed(items, damage, rng),
        Layout::Markdown => markdown(items, damage, rng),
        Layout::Html => html(items, damage, rng),
        Layout::Stream => stream(items, damage, rng),
        Layout::Docx => return docx(items, damage, rng),
    };
    if damage.has(Damage::GBK) {
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        bytes.into_owned()
    } else {
        text.into_bytes()
    }
}

fn cell_per_line(items: &[Item], damage: Damage, rng: &mut Rng) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Para(p) => {
                out.push_str("\u{3000}\u{3000}");
                out.push_str(p);
                out.push('\n');
            }
            Item::Table(rows) => {
                for row in slots(rows) {
                    for slot in row {
                        match slot {
                            Slot::Origin(r, k) => {
                                let c = &rows[r][k];
                                out.push('\t');
                                out.push_str(&wrap(rng, damage, &c.text, "\n", c.value));
                                out.push('\n');
                                if c.value && c.cs > 1 && damage.has(Damage::SHIFT) {
                                    for _ in 1..c.cs {
                                        out.push_str(&format!("\t{}\n", c.text));
                                    }
                                }
                            }
                            Slot::ColCont(..) => {}
                            Slot::RowCont => out.push_str("\t\n"),
                        }
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
    out
}

fn tabbed(items: &[Item], damage: Damage, rng: &mut Rng) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Para(p) => {
                out.push_str(p);
                out.push_str("\n\n");
            }
            Item::Table(rows) => {
                for row in slots(rows) {
                    let mut cells: Vec<(String, bool)> = Vec::new();
                    for slot in row {
                        match slot {
                            Slot::Origin(r, k) => {
                                let c = &rows[r][k];
                                cells.push((wrap(rng, damage, &c.text, " ", c.value), c.value));
                                if !c.value && damage.has(Damage::SHIFT) && rng.chance(30) {
                                    cells.push((String::new(), false));
                                }
                            }
                            Slot::ColCont(..) | Slot::RowCont => cells.push((String::new(), false)),
                        }
                    }
                    let mut cells = run_together(rng, damage, cells);
                    if damage.has(Damage::SHIFT) && rng.chance(30) {
                        cells.push(String::new());
                    }
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
    out
}

fn markdown(items: &[Item], damage: Damage, rng: &mut Rng) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Para(p) => {
                let heading = p.chars().nth(1) == Some('、') && p.chars().count() < 30;
                if heading {
                    out.push_str("## ");
                }
                out.push_str(p);
                out.push_str("\n\n");
            }
            Item::Table(rows) => {
                let flat = slots(rows);
                let split_at = (damage.has(Damage::SPLIT_TABLE) && flat.len() > 6)
                    .then(|| 3 + rng.below(flat.len() as u64 - 4) as usize);
                let has_value =
                    |row: &[Slot]| row.iter().any(|s| matches!(s, Slot::Origin(r, k) if rows[*r][*k].value));
                let header_rows = flat.iter().take_while(|r| !has_value(r)).count();
                // A converter's merged header cells: the empty slots a span
                // covers are dropped, so the header's columns shift.
                let shift_header = damage.has(Damage::SHIFT) && rng.chance(50);
                let repeat_header = rng.chance(50);
                let mut lines: Vec<(usize, &Vec<Slot>)> = flat.iter().enumerate().collect();
                if let Some(at) = split_at.filter(|&at| repeat_header && at > header_rows) {
                    let again: Vec<(usize, &Vec<Slot>)> = flat[..header_rows].iter().enumerate().collect();
                    lines.splice(at..at, again);
                }
                let mut split_done = false;
                for (n, (i, row)) in lines.into_iter().enumerate() {
                    let split_here = split_at.is_some_and(|at| n == at) && !split_done;
                    if split_here {
                        split_done = true;
                        out.push_str("\n（续表）\n\n");
                    }
                    let header = !has_value(row);
                    let cells: Vec<String> = row
                        .iter()
                        .filter(|slot| !(shift_header && header && !matches!(slot, Slot::Origin(..))))
                        .map(|slot| match slot {
                            Slot::Origin(r, k) => {
                                let c = &rows[*r][*k];
                                wrap(rng, damage, &c.text, "<br>", c.value)
                            }
                            Slot::ColCont(r, k) if damage.has(Damage::SHIFT) => rows[*r][*k].text.clone(),
                            _ => String::new(),
                        })
                        .collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    if (i == 0 && n == 0) || split_here {
                        out.push_str(&format!("|{}\n", "---|".repeat(cells.len())));
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn html(items: &[Item], damage: Damage, rng: &mut Rng) -> String {
    let charset = if damage.has(Damage::GBK) { "gbk" } else { "utf-8" };
    let mut out = format!(
        "<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>报告</title></head><body><div class=\"nav\"><a href=\"/\">首页</a></div><div class=\"article\">\n"
    );
    for item in items {
        match item {
            Item::Para(p) => {
                out.push_str(&format!("<p style=\"text-indent: 2em;\"><span>{}</span>&nbsp;</p>\n", esc(p)))
            }
            Item::Table(rows) => {
                out.push_str("<table border=\"1\"><tbody>\n");
                // OCR'd pages: one table per row group (a row starting a
                // spanning group cell starts a new table; spans are cut).
                let starts_group = |r: usize| rows[r].iter().any(|c| !c.value && c.rs > 1);
                let header_rows = rows.iter().take_while(|r| !r.iter().any(|c| c.value)).count();
                let cuts: Vec<usize> = (header_rows + 1..rows.len())
                    .filter(|&r| damage.has(Damage::SPLIT_TABLE) && starts_group(r))
                    .collect();
                // A converter that drops the spans of merged header cells:
                // the header's columns shift against the numbers below.
                let flat_header = damage.has(Damage::SHIFT) && rng.chance(50);
                for (r, row) in rows.iter().enumerate() {
                    if cuts.contains(&r) {
                        out.push_str("</tbody></table>\n<table border=\"1\"><tbody>\n");
                    }
                    let piece_end = cuts.iter().copied().find(|&c| c > r).unwrap_or(rows.len());
                    out.push_str("<tr>");
                    for c in row {
                        let header = r < header_rows && flat_header;
                        let (rs, cs) = if header { (1, 1) } else { (c.rs.min(piece_end - r), c.cs) };
                        let c = &LCell { rs, cs, ..c.clone() };
                        let text = esc(&wrap(rng, damage, &c.text, "\u{0}", c.value)).replace('\u{0}', "<br/>");
                        let mut attrs = String::new();
                        if c.rs > 1 {
                            attrs.push_str(&format!(" rowspan=\"{}\"", c.rs));
                        }
                        if c.cs > 1 {
                            attrs.push_str(&format!(" colspan={}", c.cs));
                        }
                        out.push_str(&format!("<td{attrs}><p style=\"text-indent: 0em;\">{text}</p></td>"));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
        }
    }
    out.push_str("</div><div class=\"footer\"><p>扫一扫在手机上查看当前页面</p></div></body></html>\n");
    out
}

fn stream(items: &[Item], damage: Damage, rng: &mut Rng) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Para(p) => {
                out.push_str(p);
                out.push('\n');
            }
            Item::Table(rows) => {
                for row in slots(rows) {
                    let mut cells = Vec::new();
                    for slot in row {
                        if let Slot::Origin(r, k) = slot {
                            let c = &rows[r][k];
                            if c.text.is_empty() {
                                continue;
                            }
                            cells.push((wrap(rng, damage, &c.text, "\n", c.value), c.value));
                        }
                    }
                    for cell in run_together(rng, damage, cells) {
                        out.push_str(&cell);
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// Crawled-text and OCR damage to a row's number cells: a stray space
/// inside a number (`1 52`), and a run of adjacent numbers written as one
/// (`7000007`). Text cells are kept as they are.
fn run_together(rng: &mut Rng, damage: Damage, cells: Vec<(String, bool)>) -> Vec<String> {
    let mut cells = cells;
    // Rows of tables 三 and 四 (seven or fifteen numbers): table 二 has no
    // identity to split or join its numbers by, so such rows there can only
    // be refused (`tests/hard_layouts.rs` shows it).
    let values = cells.iter().filter(|c| c.1).count();
    if damage.has(Damage::STRAY_SPACE) && values >= 7 {
        for (text, value) in &mut cells {
            let digits = text.len() >= 2 && text.bytes().all(|b| b.is_ascii_digit());
            if *value && digits && rng.chance(30) {
                let at = 1 + rng.below(text.len() as u64 - 1) as usize;
                text.insert(at, ' ');
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    let runs = damage.has(Damage::RUN_TOGETHER) && values >= 7 && rng.chance(50);
    let mut prev_value = false;
    for (text, value) in cells {
        let join = runs && value && prev_value && rng.chance(60);
        match out.last_mut() {
            Some(last) if join => last.push_str(&text),
            _ => out.push(text),
        }
        prev_value = value;
    }
    out
}

fn xml_esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn docx_para(text: &str) -> String {
    let runs: Vec<String> = text
        .split('\n')
        .map(|t| {
            format!("<w:r><w:rPr><w:sz w:val=\"15\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>", xml_esc(t))
        })
        .collect();
    format!("<w:p>{}</w:p>", runs.join("<w:r><w:br/></w:r>"))
}

/// Column widths (twips) like the national template: wide label columns.
fn widths(columns: usize) -> Vec<usize> {
    match columns {
        4 => vec![3500, 3300, 3300, 3300],
        10 => [900, 1800, 4200].into_iter().chain(std::iter::repeat_n(1000, 7)).collect(),
        n => vec![13500 / n.max(1); n],
    }
}

/// The `word/document.xml` of a logical document.
pub fn document_xml(items: &[Item], damage: Damage, rng: &mut Rng) -> String {
    let mut body = String::new();
    for item in items {
        match item {
            Item::Para(p) => body.push_str(&docx_para(p)),
            Item::Table(rows) => {
                let flat = slots(rows);
                let w = widths(flat.iter().map(Vec::len).max().unwrap_or(1));
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
                for x in &w {
                    body.push_str(&format!("<w:gridCol w:w=\"{x}\"/>"));
                }
                body.push_str("</w:tblGrid>");
                for row in flat {
                    body.push_str("<w:tr>");
                    for slot in row {
                        match slot {
                            Slot::Origin(r, k) => {
                                let c = &rows[r][k];
                                let mut pr = String::new();
                                if c.cs > 1 {
                                    pr.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", c.cs));
                                }
                                if c.rs > 1 {
                                    pr.push_str("<w:vMerge w:val=\"restart\"/>");
                                }
                                let text = wrap(rng, damage, &c.text, "\n", c.value);
                                body.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>", docx_para(&text)));
                            }
                            Slot::ColCont(..) => {}
                            Slot::RowCont => body.push_str("<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"),
                        }
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1000\" w:right=\"1000\" w:bottom=\"1000\" w:left=\"1000\"/></w:sectPr></w:body></w:document>"
    )
}

fn docx(items: &[Item], damage: Damage, rng: &mut Rng) -> Vec<u8> {
    docx_package(&document_xml(items, damage, rng))
}
