//! The HTML renderer: the report as an `<article class="report">` (title,
//! the six sections, the three tables as real `<table>`s with the template's
//! `rowspan`/`colspan`), the official style sheet for it, and a standalone,
//! printable page (UTF-8, `lang="zh-CN"`, A4) holding both. Every piece of
//! text goes through [`escape`]. The markup is also well-formed XML, so it can
//! be checked with an XML parser.
//!
//! The markup carries no `style` attribute: column widths are rules of
//! [`official_css`], generated from the layout model
//! ([`layout::column_widths`]), so a page with a strict Content-Security-Policy
//! (no inline styles) can embed [`html_article`] and link the style sheet.

use std::fmt::Write as _;

use xxgk_report::Template;

use crate::grid::{CellKind, Grid, TableId};
use crate::layout::{self, Body, Document, document};

/// Page-level rules of the standalone page only: the A4 page box with
/// official-document margins, and the body as the page's text block.
const PAGE_STYLE: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: 156mm; padding: 12mm 8mm; }
@media print { body { max-width: none; padding: 0; } }
"#;

/// The official look of the report itself: 仿宋 body, 黑体 headings, 小标宋
/// title, ruled tables. Every selector is under `article.report`, and every
/// property a host page's own style sheet may set on these elements (colours,
/// borders, padding, backgrounds, box sizing) is set here, so the article
/// looks the same on its own page and inside another site's page.
const REPORT_STYLE: &str = r#"
article.report, article.report * { box-sizing: content-box; }
article.report { color: #000; background: #fff; font-size: 16pt; line-height: 1.75; text-align: start;
  font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "宋体", serif; }
article.report h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; padding: 0; border: 0; color: inherit; }
article.report h2 { font-family: "黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 16pt; font-weight: normal; margin: 0.8em 0 0.4em; padding: 0; border: 0; color: inherit; text-indent: 2em; break-after: avoid; page-break-after: avoid; }
article.report section { margin: 0; padding: 0; }
article.report p { margin: 0; text-indent: 2em; text-align: justify; }
article.report p.not-filled { color: #555; }
/* Each table sits in a wrapper that scrolls it sideways on a narrow screen; the
   1px padding holds the outer half of the table's collapsed borders. */
article.report .table-wrap { margin: 0; padding: 0 1px; }
article.report table { width: calc(100% - 2px); border-collapse: collapse; table-layout: fixed; margin: 0.4em 0 1em;
  font-size: 10.5pt; line-height: 1.35; }
article.report th, article.report td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; overflow-wrap: anywhere;
  background: none; color: inherit; }
article.report th { font-weight: normal; text-align: center; }
article.report th.label { text-align: left; }
article.report th.caption { font-weight: bold; }
article.report td { text-align: center; font-variant-numeric: tabular-nums; }
article.report thead { display: table-header-group; }
@media screen {
  article.report .table-wrap { overflow-x: auto; }
  article.report table { min-width: 36em; }
}
"#;

/// The class naming the template of an article (`template-2021`).
fn template_class(template: Template) -> String {
    format!("template-{}", template.as_str())
}

/// The official style sheet of [`html_article`]: the rules above plus one
/// width rule per column of every table of both templates, as percentages of
/// the table (`article.report table.table3 col:nth-child(2) { width: 13.56%; }`).
/// Where a table's widths differ between the templates, its rules are
/// qualified by the article's template class
/// (`article.report.template-2019 table.table2 …`). Every selector is under
/// `article.report`; the sheet holds no `<` or `&`, so it is safe inside
/// `<style>` in both HTML and XML.
pub fn official_css() -> String {
    let templates = [Template::V2019, Template::V2021];
    let per_template = templates.map(layout::column_widths);
    let mut out = String::with_capacity(REPORT_STYLE.len() + 4096);
    out.push_str(REPORT_STYLE);
    out.push_str("/* Column widths of the official tables. */\n");
    let ids = per_template[0].iter().map(|(id, _)| *id);
    for id in ids {
        let widths: Vec<(Template, &Vec<u32>)> = templates
            .iter()
            .zip(&per_template)
            .filter_map(|(&t, tables)| tables.iter().find(|(i, _)| *i == id).map(|(_, w)| (t, w)))
            .collect();
        let shared = widths.windows(2).all(|pair| pair[0].1 == pair[1].1);
        if shared {
            if let Some((_, w)) = widths.first() {
                width_rules("article.report", id, w, &mut out);
            }
        } else {
            for (template, w) in &widths {
                width_rules(&format!("article.report.{}", template_class(*template)), id, w, &mut out);
            }
        }
    }
    out
}

fn width_rules(scope: &str, id: TableId, widths: &[u32], out: &mut String) {
    for (i, percent) in percentages(widths).iter().enumerate() {
        let _ = writeln!(out, "{scope} table.{} col:nth-child({}) {{ width: {percent}; }}", id.name(), i + 1);
    }
}

/// Column widths as percentages of their sum, truncated to hundredths (`32.15%`).
fn percentages(widths: &[u32]) -> Vec<String> {
    let total: u64 = widths.iter().map(|&w| u64::from(w)).sum::<u64>().max(1);
    widths
        .iter()
        .map(|&w| {
            let basis_points = u64::from(w) * 10_000 / total;
            format!("{}.{:02}%", basis_points / 100, basis_points % 100)
        })
        .collect()
}

/// Renders the report as a standalone HTML page: the official style sheet
/// (with the A4 page rules) in its `<style>` and [`html_article`] as its body.
pub fn html(report: &xxgk_report::Report) -> String {
    let doc = document(report);
    let mut out = String::with_capacity(56 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
    escape(&doc.title, &mut out);
    out.push_str("</title>\n<style>");
    out.push_str(PAGE_STYLE);
    out.push_str(&official_css());
    out.push_str("</style>\n</head>\n<body>\n");
    article(&doc, report.format, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// Renders the report as an `<article class="report">` for embedding in
/// another page, which links [`official_css`]. The same markup as the body
/// of [`html`].
pub fn html_article(report: &xxgk_report::Report) -> String {
    let mut out = String::with_capacity(48 * 1024);
    article(&document(report), report.format, &mut out);
    out
}

fn article(doc: &Document, template: Template, out: &mut String) {
    let _ = write!(out, "<article class=\"report {}\">\n<h1>", template_class(template));
    escape(&doc.title, out);
    out.push_str("</h1>\n");
    for section in &doc.sections {
        out.push_str("<section>\n<h2>");
        escape(section.heading, out);
        out.push_str("</h2>\n");
        match &section.body {
            Body::Paragraphs(paragraphs) => {
                for p in paragraphs {
                    out.push_str("<p>");
                    escape(p, out);
                    out.push_str("</p>\n");
                }
            }
            Body::NotFilled => {
                out.push_str("<p class=\"not-filled\">");
                escape(Document::PLACEHOLDER, out);
                out.push_str("</p>\n");
            }
            Body::Table(grid) => table(grid, out),
        }
        out.push_str("</section>\n");
    }
    out.push_str("</article>\n");
}

fn table(grid: &Grid, out: &mut String) {
    // The wrapper lets a wide table scroll sideways on a narrow screen.
    let _ = writeln!(out, "<div class=\"table-wrap\">\n<table class=\"{}\">", grid.id.name());
    out.push_str("<colgroup>");
    for _ in &grid.widths {
        out.push_str("<col/>");
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
    out.push_str("</table>\n</div>\n");
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
