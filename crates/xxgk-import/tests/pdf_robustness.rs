//! The PDF path under random damage: a real PDF (a fixture rendered to DOCX
//! and converted by LibreOffice) with random bytes changed, cut or
//! duplicated, and minimal PDF pages whose content stream is random tokens.
//! The importer must never panic; it imports or refuses.

mod mutate;
mod office;

use std::sync::OnceLock;

use proptest::prelude::*;

/// A real PDF, made once; `None` without LibreOffice (outside CI).
fn real_pdf() -> Option<&'static [u8]> {
    static PDF: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    PDF.get_or_init(|| {
        let bin = office::soffice_or_skip("the PDF mutation test")?;
        let fixtures = std::env::var_os("XXGK_SHARED_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
            .join("fixtures/reports/pingtan-2024.json");
        let report = xxgk_report::from_json(&std::fs::read_to_string(fixtures).expect("fixture")).expect("parses");
        let dir = tempfile::tempdir().expect("tempdir");
        let docx = dir.path().join("report.docx");
        std::fs::write(&docx, xxgk_render::docx(&report).expect("docx")).expect("write");
        let pdf = std::fs::read(&office::to_pdf(bin, dir.path(), &[docx])[0]).expect("pdf");
        assert!(xxgk_import::import(&pdf, None).is_ok(), "the unmutated PDF imports");
        Some(pdf)
    })
    .as_deref()
}

fn page_with_content(content: &[u8]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n\
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
        .to_vec();
    pdf.extend_from_slice(format!("4 0 obj << /Length {} >> stream\n", content.len()).as_bytes());
    pdf.extend_from_slice(content);
    pdf.extend_from_slice(b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n");
    pdf
}

const TOKENS: &[&str] = &[
    "BT",
    "ET",
    "q",
    "Q",
    "cm",
    "Tf",
    "/F1",
    "/F9",
    "Td",
    "TD",
    "Tm",
    "T*",
    "TL",
    "Tc",
    "Tw",
    "Tz",
    "Ts",
    "Tj",
    "TJ",
    "'",
    "\"",
    "(3)",
    "(- 2 -)",
    "<4E2D>",
    "[",
    "]",
    "<<",
    ">>",
    "(",
    ")",
    "re",
    "m",
    "l",
    "h",
    "S",
    "f",
    "n",
    "Do",
    "/X",
    "BI",
    "ID",
    "EI",
    "0",
    "1",
    "-1",
    "12",
    "0.5",
    "1e9",
    "-99999999999",
    "700",
    "%c\n",
    "{",
    "}",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_real_pdf_never_panics(edits in proptest::collection::vec((any::<u32>(), any::<u8>(), 0..4u8), 1..16)) {
        let Some(pdf) = real_pdf() else { return Ok(()) };
        let mut bytes = pdf.to_vec();
        mutate::apply(&mut bytes, &edits);
        let _ = xxgk_import::import(&bytes, None);
    }

    #[test]
    fn random_content_streams_never_panic(tokens in proptest::collection::vec(0..TOKENS.len(), 0..400)) {
        let content: Vec<u8> = tokens.iter().flat_map(|&t| format!("{} ", TOKENS[t]).into_bytes()).collect();
        let _ = xxgk_import::import(&page_with_content(&content), None);
        let _ = xxgk_import::pdf::extract_text(&page_with_content(&content));
    }
}
