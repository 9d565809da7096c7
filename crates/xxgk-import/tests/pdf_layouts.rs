//! Hard PDF layouts, made the way agencies make them: generated reports
//! written as DOCX in several page styles (portrait and landscape; tall
//! rows that break tables over pages, with and without a repeated heading
//! row; running headers and page-number footers; other fonts and sizes),
//! converted by LibreOffice and imported by glyph position. Every case
//! imports exactly or is refused with a reason; none gives a wrong number.
//! Counts per class are printed. Without LibreOffice the test is skipped
//! with a note, unless `CI` is set, where it fails.

mod layouts;
mod office;

use std::io::Write;

use layouts::render::document_xml;
use layouts::{Damage, Rng, case};

/// One page style applied to the generated `word/document.xml`.
#[derive(Debug, Clone, Copy)]
struct Style {
    name: &'static str,
    landscape: bool,
    /// Footer: `None`, `- N -` or `第 N 页 共 M 页`; with a running header.
    footer: Option<&'static str>,
    font: Option<&'static str>,
    /// Half-points.
    size: u32,
    /// Row height in twips (tall rows break tables over pages).
    row_height: Option<u32>,
    repeat_heading: bool,
    /// Table borders drawn (ruling lines in the PDF).
    borders: bool,
}

const STYLES: [Style; 10] = [
    Style {
        name: "横向",
        landscape: true,
        footer: None,
        font: None,
        size: 15,
        row_height: None,
        repeat_heading: false,
        borders: false,
    },
    Style {
        name: "纵向",
        landscape: false,
        footer: None,
        font: None,
        size: 15,
        row_height: None,
        repeat_heading: false,
        borders: false,
    },
    Style {
        name: "纵向+页码+页眉",
        landscape: false,
        footer: Some("dash"),
        font: None,
        size: 15,
        row_height: Some(400),
        repeat_heading: false,
        borders: false,
    },
    Style {
        name: "纵向+表格跨页",
        landscape: false,
        footer: Some("dash"),
        font: None,
        size: 15,
        row_height: Some(700),
        repeat_heading: false,
        borders: false,
    },
    Style {
        name: "横向+表格跨页+重复标题行",
        landscape: true,
        footer: Some("of"),
        font: None,
        size: 15,
        row_height: Some(600),
        repeat_heading: true,
        borders: false,
    },
    Style {
        name: "纵向+宋体大字号",
        landscape: false,
        footer: Some("of"),
        font: Some("Noto Serif CJK SC"),
        size: 21,
        row_height: None,
        repeat_heading: false,
        borders: false,
    },
    Style {
        name: "横向+DejaVu+小字号",
        landscape: true,
        footer: Some("dash"),
        font: Some("DejaVu Sans"),
        size: 12,
        row_height: Some(450),
        repeat_heading: false,
        borders: false,
    },
    Style {
        name: "框线+横向",
        landscape: true,
        footer: None,
        font: None,
        size: 15,
        row_height: None,
        repeat_heading: false,
        borders: true,
    },
    Style {
        name: "框线+纵向+表格跨页+页码",
        landscape: false,
        footer: Some("dash"),
        font: Some("Noto Serif CJK SC"),
        size: 18,
        row_height: Some(500),
        repeat_heading: false,
        borders: true,
    },
    Style {
        name: "框线+横向+跨页重复标题行",
        landscape: true,
        footer: Some("of"),
        font: None,
        size: 15,
        row_height: Some(600),
        repeat_heading: true,
        borders: true,
    },
];

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Scales every `w:gridCol` width (portrait pages are narrower).
fn scale_columns(xml: &str, percent: usize) -> String {
    let marker = "<w:gridCol w:w=\"";
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at + marker.len()]);
        rest = &rest[at + marker.len()..];
        let end = rest.find('"').expect("closing quote");
        let width: usize = rest[..end].parse().expect("width");
        out.push_str(&(width * percent / 100).to_string());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn styled(xml: &str, style: Style) -> String {
    let mut xml = xml.to_string();
    if !style.landscape {
        xml = xml.replace(
            "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>",
            "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
        );
        xml = scale_columns(&xml, 70);
    }
    if style.borders {
        let edges: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|e| format!("<w:{e} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"))
            .collect();
        xml = xml.replace("<w:tblPr>", &format!("<w:tblPr><w:tblBorders>{edges}</w:tblBorders>"));
    }
    if style.repeat_heading {
        xml = xml.replace("</w:tblGrid><w:tr>", "</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
    }
    if let Some(h) = style.row_height {
        xml = xml.replace("<w:tr>", &format!("<w:tr><w:trPr><w:trHeight w:val=\"{h}\"/></w:trPr>"));
    }
    let fonts = style
        .font
        .map(|f| format!("<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\"/>"))
        .unwrap_or_default();
    xml = xml.replace(
        "<w:rPr><w:sz w:val=\"15\"/></w:rPr>",
        &format!("<w:rPr>{fonts}<w:sz w:val=\"{}\"/></w:rPr>", style.size),
    );
    if style.footer.is_some() {
        xml = xml.replace(
            &format!("<w:document xmlns:w=\"{W_NS}\">"),
            &format!("<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">"),
        );
        xml = xml.replace(
            "<w:sectPr>",
            "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdH\"/><w:footerReference w:type=\"default\" r:id=\"rIdF\"/>",
        );
    }
    xml
}

fn field(instr: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r>\
<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

fn text_run(t: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>")
}

/// The DOCX package, with a running header and a page-number footer when
/// the style has one.
fn package(xml: &str, footer: Option<&str>) -> Vec<u8> {
    let mut files: Vec<(&str, String)> = vec![("word/document.xml", xml.to_string())];
    let mut overrides = String::from(
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    );
    if let Some(kind) = footer {
        let number = match kind {
            "of" => format!(
                "{}{}{}{}{}",
                text_run("第 "),
                field("PAGE"),
                text_run(" 页 共 "),
                field("NUMPAGES"),
                text_run(" 页")
            ),
            _ => format!("{}{}{}", text_run("- "), field("PAGE"), text_run(" -")),
        };
        files.push((
            "word/footer1.xml",
            format!("<w:ftr xmlns:w=\"{W_NS}\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{number}</w:p></w:ftr>"),
        ));
        files.push((
            "word/header1.xml",
            format!(
                "<w:hdr xmlns:w=\"{W_NS}\"><w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr>{}</w:p></w:hdr>",
                text_run("政府信息公开工作年度报告（公开）")
            ),
        ));
        files.push((
            "word/_rels/document.xml.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdH\" Type=\"{R_NS}/header\" Target=\"header1.xml\"/><Relationship Id=\"rIdF\" Type=\"{R_NS}/footer\" Target=\"footer1.xml\"/></Relationships>"
            ),
        ));
        overrides.push_str("<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>");
    }
    files.push((
        "[Content_Types].xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>{overrides}</Types>"
        ),
    ));
    files.push((
        "_rels/.rels",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"{R_NS}/officeDocument\" Target=\"word/document.xml\"/></Relationships>"
        ),
    ));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// The path and values of the first difference between two JSON values.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: String) -> String {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            for (k, v) in x {
                let w = y.get(k).unwrap_or(&serde_json::Value::Null);
                if v != w {
                    return first_difference(v, w, format!("{path}.{k}"));
                }
            }
            format!("{path}: keys differ")
        }
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) if x.len() == y.len() => {
            let i = x.iter().zip(y).position(|(v, w)| v != w).unwrap_or(0);
            first_difference(&x[i], &y[i], format!("{path}[{i}]"))
        }
        _ => format!("{path}: got {a}, expected {b}"),
    }
}

#[derive(Default, Debug)]
struct Tally {
    exact: usize,
    refused: usize,
    wrong: usize,
}

#[test]
fn hard_pdf_layouts_import_exactly_or_refuse() {
    let Some(bin) = office::soffice_or_skip("the PDF layout corpus") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let seeds: Vec<u64> = (100..106).collect();
    let mut cases = Vec::new();
    let mut paths = Vec::new();
    for (s, style) in STYLES.iter().enumerate() {
        for &seed in &seeds {
            let damage = Damage(if seed % 2 == 0 { 0 } else { Damage::WRAP | Damage::BLANK_TOTALS | Damage::VARIANTS });
            let case = case(seed, damage);
            let mut rng = Rng::new(seed);
            let xml = styled(&document_xml(&case.items, damage, &mut rng), *style);
            let path = dir.path().join(format!("s{s}-{seed}.docx"));
            std::fs::write(&path, package(&xml, style.footer)).expect("write docx");
            paths.push(path);
            cases.push((s, seed, damage, case));
        }
    }
    let pdfs = office::to_pdf(bin, dir.path(), &paths);
    let mut tallies: Vec<Tally> = STYLES.iter().map(|_| Tally::default()).collect();
    let mut failures = Vec::new();
    for ((s, seed, damage, case), path) in cases.iter().zip(&pdfs) {
        let pdf = std::fs::read(path).expect("pdf written");
        // XXGK_PDF_CORPUS_DIR=DIR keeps the generated PDFs for inspection.
        if let Some(keep) = std::env::var_os("XXGK_PDF_CORPUS_DIR") {
            let _ = std::fs::copy(path, std::path::Path::new(&keep).join(path.file_name().expect("name")));
        }
        let tally = &mut tallies[*s];
        match xxgk_import::import(&pdf, Some("report.pdf")) {
            Ok(imported) => {
                let got = xxgk_report::json::to_value(&imported.report);
                if !case.must_fail && got == xxgk_report::json::to_value(&case.expected) {
                    tally.exact += 1;
                } else {
                    tally.wrong += 1;
                    let expected = xxgk_report::json::to_value(&case.expected);
                    let at = first_difference(&got, &expected, String::new());
                    failures.push(format!("{} seed {seed}: WRONG at {at}", STYLES[*s].name));
                }
            }
            Err(e) => {
                tally.refused += 1;
                if damage.0 == 0 && !case.must_fail {
                    failures.push(format!("{} seed {seed} (clean): refused: {e}", STYLES[*s].name));
                } else {
                    eprintln!("{} seed {seed}: refused: {e}", STYLES[*s].name);
                }
            }
        }
    }
    for (style, t) in STYLES.iter().zip(&tallies) {
        eprintln!("{:<28} exact {:>2}  refused {:>2}  wrong {}", style.name, t.exact, t.refused, t.wrong);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
