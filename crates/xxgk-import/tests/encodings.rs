//! The fixtures re-encoded the ways they are found on the web: GBK with and
//! without `<meta charset>`, GB18030, UTF-16 (LE and BE) with a BOM, UTF-8
//! with a BOM. Every encoding must give the same report as the original.

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Option<String> {
    let dir = match std::env::var_os("XXGK_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    std::fs::read_to_string(dir.join("fixtures/reports").join(name)).ok()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

fn same_report(original: &[u8], encoded: &[u8], what: &str) {
    let want = xxgk_import::import(original, None).map(|i| xxgk_report::json::to_value(&i.report));
    let got = xxgk_import::import(encoded, None).map(|i| xxgk_report::json::to_value(&i.report));
    assert!(want.is_ok(), "{what}: original fails: {want:?}");
    assert_eq!(got, want, "{what}");
}

#[test]
fn text_and_html_in_every_encoding() {
    for name in ["000_c334de6829cd204d.txt", "004_65023467b4397fcb.txt", "pingtan-2024.html"] {
        let Some(text) = fixture(name) else {
            panic!("fixture {name} missing");
        };
        let gbk_text = text.replace("charset=\"utf-8\"", "charset=\"gbk\"");
        let (gbk, _, lossy) = encoding_rs::GBK.encode(&gbk_text);
        assert!(!lossy || name.ends_with(".html"), "{name} not representable in GBK");
        same_report(text.as_bytes(), &gbk, &format!("{name} GBK"));
        let (gb18030, _, _) = encoding_rs::GB18030.encode(&text);
        same_report(text.as_bytes(), &gb18030, &format!("{name} GB18030"));
        same_report(text.as_bytes(), &utf16(&text, false), &format!("{name} UTF-16LE"));
        same_report(text.as_bytes(), &utf16(&text, true), &format!("{name} UTF-16BE"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        same_report(text.as_bytes(), &bom, &format!("{name} UTF-8 BOM"));
    }
}
