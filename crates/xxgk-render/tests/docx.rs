//! The DOCX rendering, read back from its zip: `word/document.xml` has real
//! merged cells (`gridSpan`, `vMerge`) whose spans fill every row of every
//! table exactly, an A4 page, the East-Asian fonts, every label and every
//! number in reading order.

mod common;

use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("DOCX is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).expect("UTF-8");
    xml
}

fn w<'a>(node: Node<'a, 'a>, name: &str) -> impl Iterator<Item = Node<'a, 'a>> {
    let name = name.to_string();
    node.children().filter(move |n| n.tag_name().namespace() == Some(W) && n.tag_name().name() == name)
}

fn val<'a>(node: Node<'a, 'a>) -> Option<&'a str> {
    node.attribute((W, "val"))
}

/// The text of a paragraph or cell: its `w:t` runs.
fn text_of(node: Node<'_, '_>) -> String {
    node.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|n| n.text()).collect()
}

/// Checks that every row's cells (gridSpan included) fill the table's grid
/// and that every vMerge continuation sits under a merged cell of the same
/// span. Returns the number of gridSpan and vMerge cells.
fn check_table(tbl: Node<'_, '_>) -> (usize, usize) {
    let grid: Vec<Node> = w(tbl, "tblGrid").flat_map(|g| w(g, "gridCol")).collect();
    let width = grid.len();
    assert!(width > 0, "table without grid");
    let mut above: Vec<Option<(usize, bool)>> = vec![None; width]; // (span, merged vertically)
    let (mut spans, mut merges) = (0, 0);
    for (r, tr) in w(tbl, "tr").enumerate() {
        let mut col = 0;
        let mut this_row: Vec<Option<(usize, bool)>> = vec![None; width];
        for tc in w(tr, "tc") {
            let pr = w(tc, "tcPr").next();
            let span: usize = pr
                .and_then(|p| w(p, "gridSpan").next())
                .and_then(val)
                .map_or(1, |v| v.parse().expect("gridSpan number"));
            let vmerge = pr.and_then(|p| w(p, "vMerge").next());
            spans += usize::from(span > 1);
            merges += usize::from(vmerge.is_some());
            if let Some(v) = vmerge
                && val(v) != Some("restart")
            {
                assert_eq!(
                    above[col],
                    Some((span, true)),
                    "row {r} col {col}: vMerge continue without a merged cell above"
                );
                assert!(text_of(tc).is_empty(), "continuation cells hold no text");
            }
            assert!(w(tc, "p").next().is_some(), "every cell needs a paragraph");
            this_row[col] = Some((span, vmerge.is_some()));
            col += span;
        }
        assert_eq!(col, width, "row {r}: spans add up to {col}, grid has {width} columns");
        above = this_row;
    }
    (spans, merges)
}

#[test]
fn docx_has_merged_cells_labels_and_numbers() {
    for (name, report) in common::fixtures() {
        let bytes = xxgk_render::docx(&report).expect("renders");
        let xml = document_xml(&bytes);
        assert!(xml.contains("w:gridSpan") && xml.contains("w:vMerge"), "{name}");
        let doc = Document::parse(&xml).expect("document.xml is well-formed XML");
        let body = w(doc.root_element(), "body").next().expect("w:body");

        let tables: Vec<Node> = w(body, "tbl").collect();
        assert_eq!(tables.len(), 3, "{name}: tables 二, 三, 四");
        let mut totals = (0, 0);
        for tbl in &tables {
            let (s, m) = check_table(*tbl);
            totals = (totals.0 + s, totals.1 + m);
        }
        assert!(totals.0 > 0 && totals.1 > 0, "{name}: merged cells present");

        let paragraphs: Vec<String> = body.descendants().filter(|n| n.has_tag_name((W, "p"))).map(text_of).collect();
        for label in common::all_labels(report.format) {
            assert!(paragraphs.iter().any(|p| p == label), "{name}: label {label} missing");
        }
        let numbers: Vec<String> = tables
            .iter()
            .flat_map(|t| t.descendants().filter(|n| n.has_tag_name((W, "p"))))
            .map(text_of)
            .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-'))
            .collect();
        let expected: Vec<String> = common::all_cells(&report).into_iter().map(|(_, v)| v).collect();
        assert_eq!(numbers, expected, "{name}: numbers in reading order");
    }
}

#[test]
fn docx_page_is_a4_with_chinese_fonts() {
    let bytes = xxgk_render::docx(&common::fixture("pingtan-2025")).expect("renders");
    let xml = document_xml(&bytes);
    assert!(xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#), "A4 page size");
    for font in ["仿宋_GB2312", "黑体", "方正小标宋简体"] {
        assert!(xml.contains(font), "font {font}");
    }
    assert!(xml.contains("平潭综合实验区2025"), "title");
}

#[test]
fn docx_escapes_text() {
    let mut report = common::with_narrative();
    report.agency = Some("<script>alert(1)</script>&".into());
    report.narrative.problems = Some("a < b & c\u{1}".into());
    let xml = document_xml(&xxgk_render::docx(&report).expect("renders"));
    Document::parse(&xml).expect("still well-formed");
    assert!(!xml.contains("<script>"));
}

#[test]
fn docx_is_deterministic_and_compressed() {
    let report = common::fixture("pingtan-2025");
    let first = xxgk_render::docx(&report).expect("renders");
    assert_eq!(first, xxgk_render::docx(&report).expect("renders"), "same report, same bytes");
    let mut zip = zip::ZipArchive::new(Cursor::new(first.as_slice())).expect("zip");
    assert_eq!(zip.by_index(0).expect("first part").name(), "[Content_Types].xml");
    let part = zip.by_name("word/document.xml").expect("document");
    assert_eq!(part.compression(), zip::CompressionMethod::Deflated);
}
