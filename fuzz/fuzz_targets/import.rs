//! Fuzz target: the importer over arbitrary bytes must never panic, hang or
//! allocate without bound — PDF included (the PDF reader is the project's
//! own, with its limits in `xxgk_import::pdf::limits`). Besides the raw
//! input, the bytes are also read as the content stream of a minimal PDF
//! page, so that the content interpreter and the layout see fuzzed input.
#![no_main]

use libfuzzer_sys::fuzz_target;

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

fuzz_target!(|data: &[u8]| {
    let _ = xxgk_import::import(data, None);
    let _ = xxgk_import::import(&page_with_content(data), None);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = xxgk_import::import(text.as_bytes(), Some("x.html"));
    }
});
