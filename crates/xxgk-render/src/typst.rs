//! The Typst renderer: the report as one self-contained Typst document (page
//! setup, title, the six sections, tables 二, 三 and 四 as Typst `table`s with
//! the template's `rowspan`/`colspan`), drawn from the shared layout model.
//! Only the source text is made here; `xxgk-pdf` compiles it, so this crate
//! stays free of typst itself.
//!
//! The page is A4 with the margins of official documents (GB/T 9704: 37/35 mm
//! top/bottom, 28/26 mm left/right) and the page number centred in the
//! footer as `— N —`. Every piece of report text enters the source as a
//! Typst string literal ([`string_literal`]), never as markup, so no input
//! can change the document's structure.

use std::fmt::Write as _;

use crate::grid::{CellKind, Grid};
use crate::layout::{Body, Document, document};

/// The font families the document asks for. Typst refuses (through
/// `xxgk-pdf`) a family that is not installed, so these must exist on the
/// machine that compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypstFonts {
    /// Body text, tables and the title (宋体-like).
    pub serif: &'static str,
    /// Section headings (黑体-like).
    pub sans: &'static str,
}

impl TypstFonts {
    /// Debian's `fonts-noto-cjk`: the free stand-ins for 仿宋/宋体 and 黑体.
    pub const NOTO_CJK: TypstFonts = TypstFonts { serif: "Noto Serif CJK SC", sans: "Noto Sans CJK SC" };
}

impl Default for TypstFonts {
    fn default() -> TypstFonts {
        TypstFonts::NOTO_CJK
    }
}

/// Renders the report as a Typst document with the Noto CJK fonts.
pub fn typst(report: &xxgk_report::Report) -> String {
    typst_with_fonts(report, TypstFonts::NOTO_CJK)
}

/// Renders the report as a Typst document with the given fonts.
pub fn typst_with_fonts(report: &xxgk_report::Report, fonts: TypstFonts) -> String {
    let doc = document(report);
    let mut out = String::with_capacity(32 * 1024);
    preamble(&mut out, &doc, fonts);
    let _ = writeln!(out, "#heading(level: 1, {})\n", string_literal(&doc.title));
    for section in &doc.sections {
        let _ = writeln!(out, "#heading(level: 2, {})\n", string_literal(section.heading));
        match &section.body {
            Body::Paragraphs(paragraphs) => {
                for p in paragraphs {
                    let _ = writeln!(out, "#{}\n", string_literal(&p.replace('\t', " ")));
                }
            }
            Body::NotFilled => {
                let _ = writeln!(out, "#{}\n", string_literal(Document::PLACEHOLDER));
            }
            Body::Table(grid) => table(&mut out, grid),
        }
    }
    out
}

/// Page, text and heading styles.
fn preamble(out: &mut String, doc: &Document, fonts: TypstFonts) {
    let serif = string_literal(fonts.serif);
    let sans = string_literal(fonts.sans);
    let title = string_literal(&doc.title);
    let _ = write!(
        out,
        r#"#set document(title: {title})
#set page(
  paper: "a4",
  margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context align(center, text(font: {serif}, size: 14pt)[— #counter(page).display() —]),
)
#set text(font: {serif}, size: 16pt, lang: "zh", region: "cn")
#set par(justify: true, leading: 0.75em, spacing: 0.75em, first-line-indent: (amount: 2em, all: true))
#show heading.where(level: 1): it => block(width: 100%, above: 0pt, below: 1.2em,
  align(center, text(font: {serif}, size: 22pt, weight: "bold", it.body)))
#show heading.where(level: 2): it => block(above: 1em, below: 0.6em, sticky: true,
  pad(left: 2em, text(font: {sans}, size: 16pt, weight: "regular", it.body)))
#set table(stroke: 0.5pt + black, inset: (x: 2pt, y: 3pt), align: center + horizon)
#show table: set text(size: 10.5pt)
#show table: set par(justify: false, leading: 0.4em, first-line-indent: 0pt)

"#
    );
}

/// A table: columns in proportion to the layout's widths, its header rows
/// repeated on each page, each cell with its spans.
fn table(out: &mut String, grid: &Grid) {
    let columns: Vec<String> = grid.widths.iter().map(|w| format!("{w}fr")).collect();
    let _ = writeln!(out, "#table(\n  columns: ({}),", columns.join(", "));
    let head = grid.head_rows.min(grid.rows.len());
    if head > 0 {
        out.push_str("  table.header(\n");
        for row in &grid.rows[..head] {
            cells(out, row, "    ");
        }
        out.push_str("  ),\n");
    }
    for row in &grid.rows[head..] {
        cells(out, row, "  ");
    }
    out.push_str(")\n\n");
}

fn cells(out: &mut String, row: &crate::grid::Row, indent: &str) {
    for cell in &row.cells {
        let mut args = Vec::new();
        if cell.rows > 1 {
            args.push(format!("rowspan: {}", cell.rows));
        }
        if cell.cols > 1 {
            args.push(format!("colspan: {}", cell.cols));
        }
        let body = match cell.kind {
            CellKind::Label => {
                args.push("align: left + horizon".to_string());
                string_literal(&cell.text)
            }
            CellKind::Caption => format!("strong({})", string_literal(&cell.text)),
            CellKind::Header | CellKind::Number => string_literal(&cell.text),
        };
        args.push(body);
        let _ = writeln!(out, "{indent}table.cell({}),", args.join(", "));
    }
}

/// A Typst string literal holding `text` exactly: `\`, `"` and line breaks
/// escaped, and any other control character as a `\u{…}` escape.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_report::{Report, Template};

    #[test]
    fn string_literals_escape_what_typst_reads_specially() {
        assert_eq!(string_literal(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string_literal("甲\n乙\t丙\u{1}"), r#""甲\n乙\t丙\u{1}""#);
        // Markup characters are plain text inside a string literal.
        assert_eq!(
            string_literal("#set page(width: 1pt) *粗* $x$ [链接]"),
            "\"#set page(width: 1pt) *粗* $x$ [链接]\""
        );
    }

    #[test]
    fn hostile_agency_names_stay_inside_their_literal() {
        let mut report = Report::empty(Template::V2021, 2023);
        report.agency = Some("某局\")\n#set page(width: 1pt)\n//".into());
        report.narrative.overview = Some("第一段 \\\"#pagebreak()".into());
        let source = typst(&report);
        assert!(!source.contains("\n#set page(width: 1pt)"), "{source}");
        assert!(
            source.contains(r#"#heading(level: 1, "某局\") #set page(width: 1pt) //2023年政府信息公开工作年度报告")"#)
        );
        assert!(source.contains(r##"#"第一段 \\\"#pagebreak()""##));
    }

    #[test]
    fn tables_carry_the_layout_spans_and_header_rows() {
        let source = typst(&Report::empty(Template::V2021, 2023));
        assert_eq!(source.matches("#table(").count(), 3);
        // Table 三: the corner note over 3 rows × 3 columns, repeated with the header.
        assert!(source.contains("table.header(\n    table.cell(rowspan: 3, colspan: 3, "), "{source}");
        // Every table's columns in the proportions of the layout.
        for (_, widths) in crate::layout::column_widths(Template::V2021) {
            let columns: Vec<String> = widths.iter().map(|w| format!("{w}fr")).collect();
            assert!(source.contains(&format!("columns: ({}),", columns.join(", "))), "{widths:?}");
        }
        assert!(source.contains("rowspan: 22, align: left + horizon, \"三、本年度办理结果\""));
    }
}
