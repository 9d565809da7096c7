//! Structure of the HTML rendering: it parses (as XML, stricter than HTML),
//! is a standalone zh-CN page, shows the six headings in order, and its three
//! tables have spans that tile every row exactly, every label of the template
//! as a header cell and every number in a cell naming its report path. Text
//! from the report is escaped.

mod common;

use std::collections::BTreeMap;

use roxmltree::{Document, Node, ParsingOptions};
use xxgk_report::labels::SECTIONS;

fn parse(html: &str) -> Document<'_> {
    Document::parse_with_options(html, ParsingOptions { allow_dtd: true, ..ParsingOptions::default() })
        .unwrap_or_else(|e| panic!("HTML does not parse: {e}"))
}

fn elements<'a>(node: Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = Node<'a, 'a>> {
    node.descendants().filter(move |n| n.has_tag_name(name))
}

fn text(node: Node<'_, '_>) -> String {
    node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect()
}

fn span(cell: Node<'_, '_>, attribute: &str) -> usize {
    cell.attribute(attribute).map_or(1, |v| v.parse().unwrap_or_else(|_| panic!("{attribute}={v}")))
}

/// Lays the table's cells out as a browser does and checks that, in every
/// row, the cells starting there plus those reaching down from above cover
/// each column exactly once (so the colspans of every row sum to the column
/// count), and that no rowspan runs past the last row. Returns the width.
fn check_spans(table: Node<'_, '_>) -> Result<usize, String> {
    let rows: Vec<Node> = elements(table, "tr").collect();
    let width: usize = rows
        .first()
        .ok_or("table without rows")?
        .children()
        .filter(|c| c.has_tag_name("th") || c.has_tag_name("td"))
        .map(|c| span(c, "colspan"))
        .sum();
    let mut reach = vec![0usize; width]; // rows still covered from above, per column
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        let mut covered = reach.iter().map(|&n| n > 0).collect::<Vec<_>>();
        for cell in row.children().filter(|c| c.has_tag_name("th") || c.has_tag_name("td")) {
            while col < width && covered[col] {
                col += 1;
            }
            let (rs, cs) = (span(cell, "rowspan"), span(cell, "colspan"));
            if col + cs > width {
                return Err(format!("row {r}: '{}' overflows {width} columns", text(cell)));
            }
            for c in col..col + cs {
                covered[c] = true;
                reach[c] = rs;
            }
            col += cs;
        }
        if let Some(c) = covered.iter().position(|&x| !x) {
            return Err(format!("row {r}: column {c} is not covered"));
        }
        for n in reach.iter_mut() {
            *n = n.saturating_sub(1);
        }
    }
    match reach.iter().position(|&n| n > 0) {
        Some(c) => Err(format!("a rowspan in column {c} runs past the last row")),
        None => Ok(width),
    }
}

#[test]
fn html_structure_of_every_fixture() {
    for (name, report) in common::fixtures() {
        let html = xxgk_render::html(&report);
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        let doc = parse(&html);
        let root = doc.root_element();
        assert_eq!(root.attribute("lang"), Some("zh-CN"), "{name}");
        assert!(elements(root, "meta").any(|m| m.attribute("charset") == Some("utf-8")), "{name}");
        assert!(elements(root, "style").next().is_some_and(|s| text(s).contains("A4")), "{name}: print CSS");

        let title = xxgk_render::layout::document(&report).title;
        assert_eq!(elements(root, "h1").map(text).collect::<Vec<_>>(), vec![title.clone()], "{name}");
        assert_eq!(elements(root, "title").map(text).next(), Some(title), "{name}");
        let headings: Vec<String> = elements(root, "h2").map(text).collect();
        let expected: Vec<&str> = SECTIONS.iter().map(|s| s.heading).collect();
        assert_eq!(headings, expected, "{name}: six headings in order");

        let tables: Vec<Node> = elements(root, "table").collect();
        let widths: Vec<usize> =
            tables.iter().map(|t| check_spans(*t).unwrap_or_else(|e| panic!("{name}: {e}"))).collect();
        assert_eq!(widths, vec![4, 10, 15], "{name}: column counts of tables 二, 三, 四");

        let headers: Vec<String> = elements(root, "th").map(text).collect();
        let section_and_cells: Vec<String> = headers.iter().cloned().chain(headings.iter().cloned()).collect();
        for label in common::all_labels(report.format) {
            assert!(section_and_cells.iter().any(|h| h == label), "{name}: label {label} missing");
        }

        let shown: BTreeMap<String, String> = elements(root, "td")
            .map(|td| (td.attribute("data-path").expect("every number names its cell").to_string(), text(td)))
            .collect();
        let expected: BTreeMap<String, String> =
            common::all_cells(&report).into_iter().map(|(path, value)| (path.to_string(), value)).collect();
        assert_eq!(shown, expected, "{name}: every number, in its cell");
    }
}

#[test]
fn money_keeps_every_digit() {
    let html = xxgk_render::html(&common::fixture("pingtan-2025"));
    assert!(html.contains(r#"data-path="table2.fees.amount_10k_yuan">4166.241619<"#));
}

#[test]
fn prose_sections_become_paragraphs_or_the_placeholder() {
    let html = xxgk_render::html(&common::with_narrative());
    let doc = parse(&html);
    let sections: Vec<Node> = elements(doc.root_element(), "section").collect();
    let paragraphs = |i: usize| elements(sections[i], "p").map(text).collect::<Vec<_>>();
    assert_eq!(paragraphs(0).len(), 3, "blank lines dropped");
    assert!(paragraphs(0)[0].starts_with("2025年"), "leading full-width spaces trimmed");
    assert_eq!(paragraphs(4).len(), 2);
    assert_eq!(paragraphs(5), vec![xxgk_report::labels::NOT_FILLED]);
    // The table sections hold no paragraph.
    assert!(paragraphs(1).is_empty());
}

#[test]
fn agency_and_prose_are_escaped() {
    let mut report = common::with_narrative();
    report.agency = Some("<script>alert('x')</script>".into());
    report.narrative.problems = Some("<img src=x onerror=alert(1)> & \"quotes\"".into());
    let html = xxgk_render::html(&report);
    assert!(!html.contains("<script"), "no live script element");
    assert!(!html.contains("<img"), "no live img element");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;2025"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;"));
    let doc = parse(&html);
    let h1 = elements(doc.root_element(), "h1").map(text).next().unwrap_or_default();
    assert!(h1.starts_with("<script>alert('x')</script>"), "shown literally: {h1}");

    let markdown = xxgk_render::markdown(&report);
    assert!(markdown.contains("# \\<script\\>alert('x')\\</script\\>2025"), "Markdown escapes raw HTML too");
    let unescaped = markdown.match_indices('<').filter(|&(i, _)| !markdown[..i].ends_with('\\')).count();
    assert_eq!(unescaped, 0, "every < in the Markdown is escaped");
}

#[test]
fn agency_left_out_when_unknown() {
    let mut report = common::fixture("pingtan-2025");
    report.agency = None;
    let title = xxgk_render::layout::document(&report).title;
    assert!(title.starts_with("2025"), "{title}");
    assert!(xxgk_render::html(&report).contains(&format!("<h1>{title}</h1>")));
    assert!(xxgk_render::text(&report).starts_with(&format!("{title}\n")));
    assert!(xxgk_render::markdown(&report).starts_with(&format!("# {title}\n")));
}
