//! DOCX and PDF end to end. DOCX files are built in the test (zip writer,
//! `gridSpan`/`vMerge` tables). PDFs are made from a generated DOCX by
//! LibreOffice (`soffice --headless --convert-to pdf`), the way agencies
//! produce them; without LibreOffice the PDF test is skipped with a note,
//! unless `CI` is set, where it fails.

mod layouts;
mod office;

use layouts::render::{Layout, document_xml, docx_package, render};
use layouts::{Damage, Rng, case};

fn json(report: &xxgk_report::Report) -> serde_json::Value {
    xxgk_report::json::to_value(report)
}

#[test]
fn docx_with_merged_cells_imports_exactly() {
    for seed in 0..40u64 {
        let damage = Damage(if seed % 2 == 0 { 0 } else { Damage::WRAP | Damage::BLANK_TOTALS | Damage::VARIANTS });
        let case = case(seed, damage);
        if case.must_fail {
            continue;
        }
        let mut rng = Rng::new(seed);
        let bytes = render(&case.items, Layout::Docx, damage, &mut rng);
        let imported = xxgk_import::import(&bytes, Some("report.docx")).expect("docx imports");
        assert_eq!(json(&imported.report), json(&case.expected), "seed {seed}");
        assert!(matches!(imported.provenance[0].1, xxgk_import::Source::Cell { .. }));
    }
}

#[test]
fn broken_docx_fails_with_a_reason() {
    let err = xxgk_import::import(b"PK\x03\x04garbage", None).expect_err("broken zip");
    assert!(err.to_string().contains("DOCX"), "{err}");
    let not_word = docx_package("<x/>");
    let err = xxgk_import::import(&not_word, None).expect_err("no tables");
    assert!(err.to_string().contains("表三"), "{err}");
}

#[test]
fn pdf_from_libreoffice_imports_exactly_or_refuses() {
    let Some(bin) = office::soffice_or_skip("the PDF test") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut imported_ok = 0;
    let seeds = [3u64, 8, 21];
    for seed in seeds {
        let case = case(seed, Damage(0));
        let mut rng = Rng::new(seed);
        let docx = docx_package(&document_xml(&case.items, Damage(0), &mut rng));
        let path = dir.path().join(format!("report{seed}.docx"));
        std::fs::write(&path, docx).expect("write docx");
        let pdfs = office::to_pdf(bin, dir.path(), &[path]);
        let pdf = std::fs::read(&pdfs[0]).expect("pdf written");
        match xxgk_import::import(&pdf, Some("report.pdf")) {
            Ok(imported) => {
                assert_eq!(json(&imported.report), json(&case.expected), "seed {seed}: PDF read a wrong number");
                imported_ok += 1;
            }
            Err(e) => eprintln!("seed {seed}: PDF refused: {e}"),
        }
    }
    assert_eq!(imported_ok, seeds.len(), "clean PDFs must import");
}

/// The way most agencies publish: the official Word layout (portrait A4,
/// narrow label columns whose labels wrap over several lines) saved as PDF.
/// Every fixture rendered by xxgk-render, converted by LibreOffice, imports
/// back to its numbers.
#[test]
fn official_layout_pdfs_of_the_fixtures_import_exactly() {
    let Some(bin) = office::soffice_or_skip("the PDF test") else { return };
    let fixtures = std::env::var_os("XXGK_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("fixtures/reports");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut expected = Vec::new();
    let mut docx_paths = Vec::new();
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let report = xxgk_report::from_json(&std::fs::read_to_string(&path).expect("read")).expect("fixture");
        let stem = path.file_stem().expect("stem").to_string_lossy().into_owned();
        let docx = dir.path().join(format!("{stem}.docx"));
        std::fs::write(&docx, xxgk_render::docx(&report).expect("docx")).expect("write docx");
        docx_paths.push(docx);
        expected.push((stem, report));
    }
    assert!(expected.len() >= 7);
    office::to_pdf(bin, dir.path(), &docx_paths);
    for (stem, report) in expected {
        let pdf = std::fs::read(dir.path().join(format!("{stem}.pdf"))).expect("pdf written");
        let imported = xxgk_import::import(&pdf, Some("report.pdf")).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(json(&imported.report), json(&report), "{stem}");
    }
}
