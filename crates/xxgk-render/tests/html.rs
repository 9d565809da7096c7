//! Structure of the HTML rendering: it parses (as XML, stricter than HTML),
//! is a standalone zh-CN page, shows the six headings in order, and its three
//! tables have spans that tile every row exactly, every label of the template
//! as a header cell and every number in a cell naming its report path. Text
//! from the report is escaped. No element has a `style` attribute: the
//! official style sheet, scoped under `article.report`, sets every column
//! width of both templates from the layout model.

mod common;

use std::collections::BTreeMap;

use roxmltree::{Document, Node, ParsingOptions};
use xxgk_render::layout::Body;
use xxgk_report::labels::SECTIONS;
use xxgk_report::{Report, Template};

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

#[test]
fn no_inline_styles_and_the_article_is_the_page_body() {
    let mut reports = common::fixtures();
    reports.push(("narrative".to_string(), common::with_narrative()));
    for (name, report) in reports {
        let page = xxgk_render::html(&report);
        let article = xxgk_render::html_article(&report);
        for html in [&page, &article] {
            let doc = parse(html);
            let styled: Vec<String> = doc
                .descendants()
                .filter(|n| n.attribute("style").is_some())
                .map(|n| n.tag_name().name().to_string())
                .collect();
            assert!(styled.is_empty(), "{name}: style attributes on {styled:?}");
            assert!(!html.contains("style="), "{name}: no style attribute anywhere");
        }
        let doc = parse(&article);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "article", "{name}");
        let class = format!("report template-{}", report.format);
        assert_eq!(root.attribute("class"), Some(class.as_str()), "{name}");
        assert!(elements(root, "style").next().is_none(), "{name}: the article holds no style sheet");
        let tables: Vec<Node> = elements(root, "table").collect();
        assert_eq!(tables.len(), 3, "{name}");
        for table in tables {
            assert_eq!(table.parent_element().and_then(|p| p.attribute("class")), Some("table-wrap"), "{name}");
        }
        // One code path: the page is its style sheet around the same article.
        let body = page.split("<body>\n").nth(1).and_then(|b| b.strip_suffix("</body>\n</html>\n"));
        assert_eq!(body, Some(article.as_str()), "{name}: the page body is html_article");
        let doc = parse(&page);
        let sheets: Vec<String> = elements(doc.root_element(), "style").map(text).collect();
        assert_eq!(sheets.len(), 1, "{name}");
        assert!(sheets[0].contains(&xxgk_render::official_css()), "{name}: the page embeds official_css()");
        assert!(sheets[0].contains("@page"), "{name}: and the A4 page rules");
    }
}

/// A style sheet's rules as `(selectors, declarations, enclosing at-rule)`.
/// Enough CSS for the official sheet: comments, plain rules, `@media`
/// blocks holding rules and `@page` blocks holding declarations.
fn css_rules(css: &str) -> Vec<(Vec<String>, String, Option<String>)> {
    let mut stripped = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        stripped.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    stripped.push_str(rest);
    let mut rules = Vec::new();
    block(&stripped, None, &mut rules);
    rules
}

fn block(css: &str, at: Option<&str>, rules: &mut Vec<(Vec<String>, String, Option<String>)>) {
    let mut rest = css.trim();
    while !rest.is_empty() {
        let open = rest.find('{').unwrap_or_else(|| panic!("no block after {rest:?}"));
        let prelude = rest[..open].trim();
        // The matching closing brace.
        let mut depth = 0;
        let close = rest[open..]
            .char_indices()
            .find_map(|(i, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(open + i)
            })
            .unwrap_or_else(|| panic!("unclosed block {prelude:?}"));
        let inner = &rest[open + 1..close];
        if prelude.starts_with("@media") {
            assert!(at.is_none(), "nested at-rule in {prelude}");
            block(inner, Some(prelude), rules);
        } else {
            let selectors = prelude.split(',').map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
            rules.push((selectors, inner.trim().to_string(), at.map(str::to_string)));
        }
        rest = rest[close + 1..].trim();
    }
}

#[test]
fn official_css_is_scoped_under_the_article() {
    let css = xxgk_render::official_css();
    assert!(!css.contains('<') && !css.contains('&'), "safe inside <style> in HTML and XML");
    let rules = css_rules(&css);
    assert!(rules.len() > 20, "{} rules", rules.len());
    for (selectors, declarations, at) in &rules {
        for selector in selectors {
            let scoped = selector
                .strip_prefix("article.report")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '.', ':', '>', '[']));
            assert!(scoped, "selector {selector:?} (in {at:?}) is not under article.report");
            assert!(!selector.starts_with('@'), "page-level rule {selector:?} belongs to the standalone page only");
        }
        assert!(!declarations.is_empty(), "{selectors:?}");
    }
    // The standalone page adds its page rules (`@page`, `body`) outside the
    // article; they are not part of the shared sheet.
    assert!(!css.contains("@page") && !css.contains("body"), "page-level rules stay on the standalone page");
    let h1 = rules.iter().find(|(s, _, _)| s == &["article.report h1"]).expect("a title rule");
    assert!(h1.1.contains("text-align: center") && h1.1.contains("小标宋"), "{}", h1.1);
}

/// The expected width of each column: its share of the table, in hundredths
/// of a percent, truncated.
fn percent(widths: &[u32], col: usize) -> String {
    let total: u64 = widths.iter().map(|&w| u64::from(w)).sum();
    let bp = u64::from(widths[col]) * 10_000 / total;
    format!("{}.{:02}%", bp / 100, bp % 100)
}

#[test]
fn official_css_sets_every_column_of_both_templates() {
    let rules = css_rules(&xxgk_render::official_css());
    let mut checked = 0;
    for (template, year) in [(Template::V2019, 2020), (Template::V2021, 2023)] {
        let report = Report::empty(template, year);
        let article = xxgk_render::html_article(&report);
        let doc = parse(&article);
        let root = doc.root_element();
        let article_classes: Vec<&str> = root.attribute("class").unwrap_or_default().split(' ').collect();
        let grids: Vec<_> = xxgk_render::layout::document(&report)
            .sections
            .into_iter()
            .filter_map(|s| match s.body {
                Body::Table(grid) => Some(grid),
                _ => None,
            })
            .collect();
        assert_eq!(grids.len(), 3, "{template}");
        for grid in grids {
            let name = grid.id.name();
            let table = elements(root, "table")
                .find(|t| t.attribute("class") == Some(name))
                .unwrap_or_else(|| panic!("{template}: no table.{name}"));
            assert_eq!(elements(table, "col").count(), grid.columns(), "{template} {name}: one col per column");
            for col in 0..grid.columns() {
                // The width rules this template's article and this table match.
                let matching: Vec<&String> = rules
                    .iter()
                    .filter(|(selectors, _, at)| {
                        at.is_none()
                            && selectors.iter().any(|s| {
                                let Some((scope, rest)) = s.split_once(' ') else { return false };
                                let scope_ok = scope.strip_prefix("article.report").is_some_and(|classes| {
                                    classes.split('.').filter(|c| !c.is_empty()).all(|c| article_classes.contains(&c))
                                });
                                scope_ok && rest == format!("table.{name} col:nth-child({})", col + 1)
                            })
                    })
                    .map(|(_, declarations, _)| declarations)
                    .collect();
                let expected = format!("width: {};", percent(&grid.widths, col));
                assert_eq!(matching, vec![&expected], "{template} {name} column {}", col + 1);
                checked += 1;
            }
        }
    }
    assert!(checked >= 2 * (4 + 10 + 15), "{checked} columns checked");
}
