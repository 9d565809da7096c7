//! HTML → [`Document`]: a small tolerant scanner (no DOM). Paragraph-level
//! elements outside tables become paragraphs; `<table>` rows and cells go
//! through [`GridBuilder`] (rowspan/colspan expanded); `<br>` and paragraphs
//! inside cells become line breaks; entities (`&nbsp;`, numeric) are
//! decoded; `<script>`, `<style>`, comments are skipped. The page title
//! comes from `<meta name="ArticleTitle">` or `<title>`. Work is linear in
//! the input.

use crate::Source;
use crate::doc::{Block, Document};
use crate::grid::GridBuilder;

const BLOCK_TAGS: [&str; 24] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "center",
    "dd",
    "dt",
    "dl",
    "hr",
    "nav",
    "caption",
];
const CONTAINER_TAGS: [&str; 5] = ["div", "section", "article", "main", "body"];
const RAW_TAGS: [&str; 5] = ["script", "style", "noscript", "template", "textarea"];
const MAX_NESTING: usize = 32;
/// Containers nested deeper than this are read as part of the 512th: the
/// page's text is kept, only its scoping stops (a deeply nested page cannot
/// make the scope look-ups expensive).
pub const MAX_CONTAINER_DEPTH: usize = 512;

struct TableState {
    builder: GridBuilder,
    cell: Option<(String, usize, usize)>,
    /// The open cell holds a nested table: it is page layout, and its text
    /// is read as paragraphs, not as a cell.
    layout_cell: bool,
}

struct Parser {
    doc: Document,
    para: String,
    para_line: usize,
    line: usize,
    tables: Vec<TableState>,
    table_count: usize,
    title: Option<String>,
    article_title: Option<String>,
    /// Open containers: (tag name, id).
    containers: Vec<(String, u32)>,
}

impl Parser {
    fn text(&mut self, text: &str) {
        if let Some(t) = self.tables.last_mut() {
            if let Some((cell, _, _)) = t.cell.as_mut() {
                push_collapsed(cell, text);
            }
            return;
        }
        if self.para.is_empty() {
            self.para_line = self.line;
        }
        push_collapsed(&mut self.para, text);
    }

    fn newline(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            if let Some((cell, _, _)) = t.cell.as_mut()
                && !cell.is_empty()
                && !cell.ends_with('\n')
            {
                cell.push('\n');
            }
            return;
        }
        self.flush();
    }

    fn flush(&mut self) {
        let text = self.para.trim();
        if !text.is_empty() {
            let scope = self.containers.last().map_or(0, |c| c.1);
            self.doc.blocks.push(Block::Para {
                text: text.to_string(),
                src: Source::Line { line: self.para_line },
                scope,
            });
        }
        self.para.clear();
    }

    fn finish_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else { return };
        let Some((text, rs, cs)) = t.cell.take() else { return };
        if std::mem::take(&mut t.layout_cell) {
            self.paras_from(&text);
        } else {
            t.builder.add_cell(text.trim().to_string(), rs, cs);
        }
    }

    /// Emits the lines of a layout cell's text as paragraphs.
    fn paras_from(&mut self, text: &str) {
        self.flush();
        for line in text.split('\n') {
            self.para_line = self.line;
            self.para.push_str(line);
            self.flush();
        }
    }

    fn tag(&mut self, name: &str, closing: bool, attrs: &str) {
        match (name, closing) {
            ("table", false) => {
                self.flush();
                let outer_text = self.tables.last_mut().and_then(|outer| {
                    let (text, _, _) = outer.cell.as_mut()?;
                    outer.layout_cell = true;
                    Some(std::mem::take(text))
                });
                if let Some(text) = outer_text {
                    self.paras_from(&text);
                }
                if self.tables.len() < MAX_NESTING {
                    self.tables.push(TableState {
                        builder: GridBuilder::new(self.table_count),
                        cell: None,
                        layout_cell: false,
                    });
                    self.table_count += 1;
                }
            }
            ("table", true) => {
                self.finish_cell();
                if let Some(t) = self.tables.pop() {
                    let grid = t.builder.finish();
                    if !grid.rows.is_empty() {
                        self.doc.blocks.push(Block::Table(grid));
                    }
                }
            }
            ("tr", false) => {
                self.finish_cell();
                if let Some(t) = self.tables.last_mut() {
                    t.builder.start_row();
                }
            }
            ("tr", true) => {
                self.finish_cell();
                if let Some(t) = self.tables.last_mut() {
                    t.builder.end_row();
                }
            }
            ("td" | "th", false) => {
                self.finish_cell();
                if let Some(t) = self.tables.last_mut() {
                    let has_span = attrs.contains("pan") || attrs.contains("PAN");
                    let span = |n| {
                        if !has_span {
                            return 1;
                        }
                        attr(attrs, n).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1)
                    };
                    t.cell = Some((String::new(), span("rowspan"), span("colspan")));
                }
            }
            ("td" | "th", true) => self.finish_cell(),
            ("br", _) => self.newline(),
            ("meta", false) if attr(attrs, "name").is_some_and(|n| n.eq_ignore_ascii_case("ArticleTitle")) => {
                self.article_title = attr(attrs, "content").map(|c| decode_entities(&c).into_owned());
            }
            (n, false) if CONTAINER_TAGS.contains(&n) && self.tables.is_empty() => {
                self.newline();
                if self.containers.len() < MAX_CONTAINER_DEPTH && self.doc.parents.len() < u32::MAX as usize {
                    let id = self.doc.parents.len() as u32;
                    self.doc.parents.push(self.containers.last().map_or(0, |c| c.1));
                    self.containers.push((n.to_string(), id));
                }
            }
            (n, true) if CONTAINER_TAGS.contains(&n) && self.tables.is_empty() => {
                self.newline();
                if let Some(pos) = self.containers.iter().rposition(|c| c.0 == n) {
                    self.containers.truncate(pos);
                }
            }
            (n, _) if BLOCK_TAGS.contains(&n) => self.newline(),
            _ => {}
        }
    }
}

fn push_collapsed(out: &mut String, text: &str) {
    if !text.bytes().any(|b| b.is_ascii_whitespace()) {
        out.push_str(text);
        return;
    }
    if text.bytes().all(|b| b.is_ascii_whitespace()) {
        if !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        return;
    }
    for ch in text.chars() {
        if ch.is_ascii_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(ch);
        }
    }
}

/// The value of an attribute (`name` in lower case) in a tag's attribute text.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let (bytes, pat) = (attrs.as_bytes(), name.as_bytes());
    let mut from = 0;
    // ASCII matches only, so `at` and `from` stay on character boundaries.
    while let Some(pos) = bytes[from..].windows(pat.len()).position(|w| w.eq_ignore_ascii_case(pat)) {
        let at = from + pos;
        from = at + pat.len();
        let before_ok = at == 0 || bytes[at - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let offset = attrs.len() - rest.len() + 1;
        let value = attrs[offset..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or("").to_string(),
        });
    }
    None
}

/// Decodes character references.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|e| e + 1);
        let (name, consumed) = match end {
            Some(e) if rest[e..].starts_with(';') => (&rest[1..e], e + 1),
            Some(e) => (&rest[1..e], e),
            None => (&rest[1..], rest.len()),
        };
        let ch = match name {
            "nbsp" | "ensp" | "emsp" | "thinsp" => Some(' '),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "ldquo" => Some('“'),
            "rdquo" => Some('”'),
            "mdash" => Some('—'),
            "ndash" => Some('–'),
            "middot" => Some('·'),
            "hellip" => Some('…'),
            n if n.starts_with("#x") || n.starts_with("#X") => {
                u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32)
            }
            n if n.starts_with('#') => n[1..].parse::<u32>().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) if consumed > 1 => {
                out.push(c);
                rest = &rest[consumed..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn count_lines(s: &str) -> usize {
    // Sixteen bytes at a time with a byte-sized sum, which the compiler
    // vectorises (a page is counted in full, tag by tag).
    let mut chunks = s.as_bytes().chunks_exact(16);
    let mut n = 0;
    for chunk in &mut chunks {
        n += usize::from(chunk.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>());
    }
    n + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// Parses a decoded HTML page.
pub fn parse(html: &str) -> Document {
    let mut p = Parser {
        doc: Document::default(),
        para: String::new(),
        para_line: 1,
        line: 1,
        tables: Vec::new(),
        table_count: 0,
        title: None,
        article_title: None,
        containers: Vec::new(),
    };
    p.doc.parents.push(0);
    let lower_needed = |s: &str, pat: &str| -> Option<usize> {
        // ASCII case-insensitive find of `</name`.
        let (bytes, pat) = (s.as_bytes(), pat.as_bytes());
        let mut from = 0;
        while let Some(pos) = s[from..].find("</") {
            let at = from + pos;
            if bytes.get(at..at + pat.len()).is_some_and(|w| w.eq_ignore_ascii_case(pat)) {
                return Some(at);
            }
            from = at + 2;
        }
        None
    };
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if !text.is_empty() {
            p.text(&decode_entities(text));
            p.line += count_lines(text);
        }
        rest = &rest[lt..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").map_or(body.len(), |e| e + 3);
            p.line += count_lines(&body[..end]);
            rest = &body[end..];
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            p.text(rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        p.line += count_lines(tag);
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/');
        let name_end = tag.find(|c: char| c.is_ascii_whitespace() || c == '/').unwrap_or(tag.len());
        let raw_name = &tag[..name_end];
        let name: std::borrow::Cow<'_, str> = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(raw_name.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(raw_name)
        };
        if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
            continue;
        }
        let attrs = &tag[name_end..];
        if !closing && (RAW_TAGS.contains(&name.as_ref()) || name == "title") {
            let close = format!("</{name}");
            let end = lower_needed(rest, &close).unwrap_or(rest.len());
            if name == "title" {
                p.title = Some(decode_entities(rest[..end].trim()).into_owned());
            }
            p.line += count_lines(&rest[..end]);
            rest = &rest[end..];
            if let Some(gt) = rest.find('>') {
                rest = &rest[gt + 1..];
            }
            continue;
        }
        p.tag(&name, closing, attrs);
    }
    p.text(&decode_entities(rest));
    while !p.tables.is_empty() {
        p.tag("table", true, "");
    }
    p.flush();
    p.doc.title_hint = p.article_title.or(p.title).filter(|t| !t.trim().is_empty());
    p.doc
}

/// The index of the `>` closing a tag that starts at `s[0] == '<'`,
/// honouring quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    // Fast path: the first `>` with balanced quotes before it.
    if let Some(gt) = s.find('>') {
        // One pass over the tag: no `<` inside, quotes balanced.
        let (mut lt, mut double, mut single) = (false, 0usize, 0usize);
        for &b in &bytes[1..gt] {
            match b {
                b'<' => lt = true,
                b'"' => double += 1,
                b'\'' => single += 1,
                _ => {}
            }
        }
        if !lt && double % 2 == 0 && single % 2 == 0 {
            return Some(gt);
        }
    }
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            (None, b'<') if i == 1 => return None,
            _ => {}
        }
        if i > 64 * 1024 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_with_spans_and_paragraphs() {
        let doc = parse(
            "<html><head><title>X年度报告_站</title></head><body><p>一、总体情况&nbsp;</p>\
             <table><tr><td rowspan=2>A</td><td colspan=\"2\">B<br/>C</td></tr><tr><td>1</td><td>&#50;</td></tr></table></body></html>",
        );
        assert_eq!(doc.title_hint.as_deref(), Some("X年度报告_站"));
        assert_eq!(doc.blocks[0].para_text(), Some("一、总体情况"));
        let Some(Block::Table(grid)) = doc.blocks.get(1) else { panic!("table expected") };
        let rows: Vec<Vec<&str>> =
            grid.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(rows, vec![vec!["A", "B\nC"], vec!["A", "1", "2"]]);
    }

    #[test]
    fn attributes_are_found_in_any_case_as_whole_names() {
        assert_eq!(attr("ROWSPAN=2 colspan='3'", "rowspan").as_deref(), Some("2"));
        assert_eq!(attr(" data-colspan=5 ColSpan = \"4\"", "colspan").as_deref(), Some("4"));
        assert_eq!(attr(" title=\"平潭名\" name=x>", "name").as_deref(), Some("x"));
        assert_eq!(attr(" rowspan", "rowspan"), None);
        assert_eq!(attr("", "name"), None);
    }

    #[test]
    fn lines_are_counted_in_long_and_short_text() {
        let text = "a\nbc\n\n".repeat(20) + "\nx\n";
        assert_eq!(count_lines(&text), 62);
        assert_eq!(count_lines(&"\n".repeat(16)), 16);
        assert_eq!(count_lines(""), 0);
    }

    #[test]
    fn layout_tables_become_paragraphs() {
        let doc = parse(
            "<table><tr><td><p>一、总体情况</p><p>正文</p><table><tr><td>1</td></tr></table><p>二、主动公开政府信息情况</p></td></tr></table>",
        );
        let paras: Vec<&str> = doc.blocks.iter().filter_map(Block::para_text).collect();
        assert_eq!(paras, vec!["一、总体情况", "正文", "二、主动公开政府信息情况"]);
        assert_eq!(doc.blocks.iter().filter(|b| matches!(b, Block::Table(_))).count(), 1);
    }
}
