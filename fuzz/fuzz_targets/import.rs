//! Fuzz target: the importer over arbitrary bytes must never panic, hang or
//! allocate without bound. PDF input is excluded: `pdf-extract` panics on
//! malformed files, which the importer catches, but libFuzzer's panic hook
//! aborts before the catch (and the PDF parser is third-party code).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.windows(4).take(1100).any(|w| w == b"%PDF") {
        return;
    }
    let _ = xxgk_import::import(data, None);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = xxgk_import::import(text.as_bytes(), Some("x.html"));
    }
});
