//! The HTML renderer: one standalone, printable page (UTF-8, `lang="zh-CN"`,
//! embedded A4 print style sheet, Chinese serif fonts) with the title, the
//! six sections and the three tables as real `<table>`s with the template's
//! `rowspan`/`colspan`. Every piece of text goes through [`escape`]. The
//! markup is also well-formed XML, so it can be checked with an XML parser.

use std::fmt::Write as _;

use crate::grid::{CellKind, Grid};
use crate::layout::{Body, Document, document};

/// The embedded style sheet: A4 page with official-document margins,
/// 仿宋 body, 黑体 headings, 小标宋 title, ruled tables. It contains no `<`
/// or `&`, so it is safe inside `<style>` in both HTML and XML.
const STYLE: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: 156mm; padding: 12mm 8mm; font-size: 16pt; line-height: 1.75;
  font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "宋体", serif; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2 { font-family: "黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 16pt; font-weight: normal; margin: 0.8em 0 0.4em; text-indent: 2em; break-after: avoid; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.not-filled { color: #555; }
table { width: calc(100% - 2px); border-collapse: collapse; table-layout: fixed; margin: 0.4em 1px 1em;
  font-size: 10.5pt; line-height: 1.35; }
th, td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; overflow-wrap: anywhere; }
th { font-weight: normal; text-align: center; }
th.label { text-align: left; }
th.caption { font-weight: bold; }
td { text-align: center; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
@media print { body { max-width: none; padding: 0; } }
"#;

/// Renders the report as a standalone HTML page.
pub fn html(report: &xxgk_report::Report) -> String {
    let doc = document(report);
    let mut out = String::with_capacity(48 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
    escape(&doc.title, &mut out);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<article class=\"report\">\n<h1>");
    escape(&doc.title, &mut out);
    out.push_str("</h1>\n");
    for section in &doc.sections {
        out.push_str("<section>\n<h2>");
        escape(section.heading, &mut out);
        out.push_str("</h2>\n");
        match &section.body {
            Body::Paragraphs(paragraphs) => {
                for p in paragraphs {
                    out.push_str("<p>");
                    escape(p, &mut out);
                    out.push_str("</p>\n");
                }
            }
            Body::NotFilled => {
                out.push_str("<p class=\"not-filled\">");
                escape(Document::PLACEHOLDER, &mut out);
                out.push_str("</p>\n");
            }
            Body::Table(grid) => table(grid, &mut out),
        }
        out.push_str("</section>\n");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

fn table(grid: &Grid, out: &mut String) {
    let _ = writeln!(out, "<table class=\"{}\">", grid.id.name());
    out.push_str("<colgroup>");
    let total: u64 = grid.widths.iter().map(|&w| u64::from(w)).sum::<u64>().max(1);
    for &w in &grid.widths {
        let basis_points = u64::from(w) * 10_000 / total;
        let _ = write!(out, "<col style=\"width:{}.{:02}%\"/>", basis_points / 100, basis_points % 100);
    }
    out.push_str("</colgroup>\n");
    let head = grid.head_rows.min(grid.rows.len());
    for (r, row) in grid.rows.iter().enumerate() {
        if r == 0 {
            out.push_str(if head > 0 { "<thead>\n" } else { "<tbody>\n" });
        } else if r == head {
            out.push_str("</thead>\n<tbody>\n");
        }
        out.push_str("<tr>");
        for cell in &row.cells {
            let (tag, class) = match cell.kind {
                CellKind::Caption => ("th", Some("caption")),
                CellKind::Header => ("th", None),
                CellKind::Label => ("th", Some("label")),
                CellKind::Number => ("td", None),
            };
            let _ = write!(out, "<{tag}");
            if let Some(class) = class {
                let _ = write!(out, " class=\"{class}\"");
            }
            let scope = match cell.kind {
                CellKind::Caption => Some("colgroup"),
                CellKind::Header => Some(if cell.cols > 1 { "colgroup" } else { "col" }),
                CellKind::Label => Some("row"),
                CellKind::Number => None,
            };
            if let Some(scope) = scope {
                let _ = write!(out, " scope=\"{scope}\"");
            }
            if cell.rows > 1 {
                let _ = write!(out, " rowspan=\"{}\"", cell.rows);
            }
            if cell.cols > 1 {
                let _ = write!(out, " colspan=\"{}\"", cell.cols);
            }
            if let Some(path) = cell.path {
                let _ = write!(out, " data-path=\"{path}\"");
            }
            out.push('>');
            escape(&cell.text, out);
            let _ = write!(out, "</{tag}>");
        }
        out.push_str("</tr>\n");
    }
    if !grid.rows.is_empty() {
        out.push_str(if head == grid.rows.len() { "</thead>\n" } else { "</tbody>\n" });
    }
    out.push_str("</table>\n");
}

/// Appends `text` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe
/// in element content and in quoted attribute values.
pub fn escape(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        let mut out = String::new();
        escape("<script>alert(\"x\" & 'y')</script>", &mut out);
        assert_eq!(out, "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
    }
}
