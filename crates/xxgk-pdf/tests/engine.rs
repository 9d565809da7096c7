//! The engine on small documents: Chinese text comes out with its fonts
//! embedded, data files are read, and every way of failing (no Chinese font,
//! a missing family, bad source) is a clear error instead of an empty PDF.

mod poppler;

use std::path::PathBuf;

use xxgk_pdf::{DataFile, FontSearch, PdfEngine, PdfError};

fn engine() -> PdfEngine {
    PdfEngine::new(&FontSearch::default()).expect("fonts-noto-cjk must be installed for these tests")
}

const HELLO: &str = r#"#set page(paper: "a4")
#set text(font: "Noto Serif CJK SC", lang: "zh")
政府信息公开工作年度报告 2024
"#;

#[test]
fn chinese_text_comes_out_with_embedded_subset_fonts() {
    let engine = engine();
    assert!(engine.cjk_families().iter().any(|f| f == "Noto Serif CJK SC"), "{:?}", engine.cjk_families());
    assert!(engine.has_family("noto sans cjk sc"));
    let pdf = engine.compile(HELLO, &[]).expect("compiles");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(poppler::layout_text(&pdf).contains("政府信息公开工作年度报告 2024"));
    let fonts = poppler::fonts(&pdf);
    assert!(!fonts.is_empty(), "no fonts in the PDF");
    for (name, embedded) in &fonts {
        assert!(embedded, "{name} is not embedded");
        // A subset font's name carries a six-letter tag: ABCDEF+Name.
        assert!(name.split_once('+').is_some_and(|(tag, _)| tag.len() == 6), "{name} is not subsetted");
    }
}

#[test]
fn equal_inputs_give_equal_bytes() {
    let engine = engine();
    assert_eq!(engine.compile(HELLO, &[]).unwrap(), engine.compile(HELLO, &[]).unwrap());
}

#[test]
fn data_files_are_read_by_their_virtual_path() {
    let source = "#set text(font: \"Noto Sans CJK SC\")\n#let d = json(\"/data.json\")\n#d.agency 共 #d.count 件\n";
    let data = r#"{"agency": "示范县人民政府", "count": 17}"#.as_bytes();
    let pdf = engine().compile(source, &[DataFile { path: "/data.json", bytes: data }]).expect("compiles");
    assert!(poppler::layout_text(&pdf).contains("示范县人民政府 共 17 件"));
    let missing = engine().compile(source, &[]).unwrap_err();
    assert!(matches!(&missing, PdfError::Compile(m) if m.contains("第 2 行")), "{missing}");
}

#[test]
fn no_chinese_font_is_refused_at_start_naming_the_directories() {
    let empty = tempfile::tempdir().unwrap();
    let err = PdfEngine::new(&FontSearch::only([empty.path().to_path_buf()])).unwrap_err();
    assert_eq!(err, PdfError::NoCjkFont { searched: vec![empty.path().to_path_buf()] });
    let message = err.to_string();
    assert!(message.contains("未找到中文字体") && message.contains("fonts-noto-cjk"), "{message}");
    assert!(message.contains(&empty.path().display().to_string()), "{message}");
}

#[test]
fn latin_fonts_alone_are_not_enough() {
    let dejavu = PathBuf::from("/usr/share/fonts/truetype/dejavu");
    assert!(dejavu.is_dir(), "the test needs fonts-dejavu-core (a font without Chinese)");
    let err = PdfEngine::new(&FontSearch::only([dejavu])).unwrap_err();
    assert!(matches!(err, PdfError::NoCjkFont { .. }), "{err}");
}

#[test]
fn configured_directories_are_enough_without_the_system() {
    let engine = PdfEngine::new(&FontSearch::only([PathBuf::from("/usr/share/fonts/opentype/noto")])).unwrap();
    assert!(engine.has_family("Noto Serif CJK SC"));
    assert!(!engine.has_family("DejaVu Sans"));
}

#[test]
fn a_missing_family_is_an_error_not_an_empty_pdf() {
    let source = "#set text(font: \"FangSong_GB2312\")\n政府信息公开\n";
    let err = engine().compile(source, &[]).unwrap_err();
    match &err {
        PdfError::MissingFont { family, .. } => assert_eq!(family, "fangsong_gb2312"),
        other => panic!("expected MissingFont, got {other:?}"),
    }
    assert!(err.to_string().contains("未安装"), "{err}");
}

#[test]
fn bad_source_names_its_line() {
    let err = engine().compile("#set text(font: \"Noto Serif CJK SC\")\n\n#table(columns: (1fr,)\n", &[]).unwrap_err();
    assert!(matches!(&err, PdfError::Compile(m) if m.contains("第 3 行")), "{err}");
}
