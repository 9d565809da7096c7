//! Property: whatever an agency name or a narrative holds (Typst markup,
//! quotes, backslashes, control characters), the report's Typst source
//! compiles and the PDF shows that text as text.

mod poppler;

use std::sync::OnceLock;

use proptest::prelude::*;
use xxgk_pdf::{FontSearch, PdfEngine};
use xxgk_report::{Report, Template};

fn engine() -> &'static PdfEngine {
    static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
    ENGINE.get_or_init(|| PdfEngine::new(&FontSearch::default()).expect("fonts-noto-cjk"))
}

/// Pieces that mean something to Typst, mixed with Chinese and noise.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("#".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("*".to_string()),
        Just("$".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("//".to_string()),
        Just("/*".to_string()),
        Just("#set page(width: 1pt)".to_string()),
        Just("\")\n#pagebreak()\n".to_string()),
        Just("@label".to_string()),
        Just("<x>".to_string()),
        "[甲乙丙丁政府信息公开]{1,4}",
        "[a-z0-9 ]{1,4}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|v| v.concat())
}

/// The printable characters a reader should see, spaces left out.
fn visible(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() && !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_text_compiles_and_reads_back(agency in hostile(), overview in hostile()) {
        let mut report = Report::empty(Template::V2021, 2024);
        report.agency = Some(agency);
        report.narrative.overview = Some(overview.clone());
        let pdf = engine().compile(&xxgk_render::typst(&report), &[]);
        let pdf = pdf.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = visible(&poppler::raw_text(&pdf));
        // Characters the fonts lack (any::<char>) may be dropped or replaced;
        // the CJK and ASCII letters and digits must all be there.
        let expected: String = visible(&overview)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fa5}').contains(c))
            .collect();
        // Read from the heading of section 一 on, past the title (which holds the agency).
        let heading = "一总体情况";
        let Some(start) = text.find(heading) else {
            return Err(TestCaseError::fail(format!("no section 一 in {text}")));
        };
        let mut rest = &text[start + heading.len()..];
        for c in expected.chars() {
            match rest.find(c) {
                Some(at) => rest = &rest[at + c.len_utf8()..],
                None => return Err(TestCaseError::fail(format!("{c:?} of {overview:?} missing from {text}"))),
            }
        }
    }
}
