//! Hostile and broken input: arbitrary bytes, mutated fixtures, broken
//! containers and pathological sizes. The importer must never panic, must
//! refuse oversized input with a clear error and must stay fast.

mod mutate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use xxgk_import::{ImportError, MAX_INPUT_BYTES, import};

fn fixtures() -> Vec<Vec<u8>> {
    let dir = match std::env::var_os("XXGK_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
    .join("fixtures/reports");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
                .filter_map(|p| std::fs::read(p).ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096), hint in 0..4usize) {
        let name = ["a.txt", "a.html", "a.md", "a.docx"][hint];
        let _ = import(&bytes, Some(name));
    }

    #[test]
    fn container_headers_with_garbage_never_panic(
        kind in 0..4usize,
        tail in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let head: &[u8] = [&b"%PDF-1.7\n"[..], b"PK\x03\x04", b"<html><table><tr><td rowspan=99999 colspan=99999>", b"\xFF\xFE"][kind];
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(&tail);
        let _ = import(&bytes, None);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    /// Fixtures with random bytes changed, cut or duplicated.
    #[test]
    fn mutated_fixtures_never_panic(which in 0..16usize, edits in proptest::collection::vec((any::<u32>(), any::<u8>(), 0..4u8), 1..24)) {
        let all = fixtures();
        prop_assume!(!all.is_empty());
        let mut bytes = all[which % all.len()].clone();
        mutate::apply(&mut bytes, &edits);
        let _ = import(&bytes, None);
    }
}

#[test]
fn oversized_input_is_refused_with_a_clear_error() {
    let bytes = vec![b' '; MAX_INPUT_BYTES + 1];
    let err = import(&bytes, None).expect_err("must refuse");
    assert!(matches!(err, ImportError::TooLarge { .. }));
    assert!(err.to_string().contains("超过上限"), "{err}");
}

#[test]
fn empty_and_junk_input_fail_cleanly() {
    assert_eq!(import(b"", None), Err(ImportError::Empty));
    let err = import("这不是年报。".as_bytes(), None).expect_err("no table");
    assert!(err.to_string().contains("表三"), "{err}");
    let err = import(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", None).expect_err("doc");
    assert!(matches!(err, ImportError::Unsupported(_)));
}

fn assert_fast(name: &str, bytes: &[u8]) {
    let start = Instant::now();
    let _ = import(bytes, None);
    let took = start.elapsed();
    // Debug build, shared CI cores: generous, but far below quadratic time.
    assert!(took < Duration::from_secs(20), "{name}: {took:?}");
}

#[test]
fn pathological_inputs_stay_linear() {
    let mb = 1024 * 1024;
    let tabs = "\t0\n".repeat(6 * mb / 3);
    assert_fast("cells", tabs.as_bytes());
    let rows =
        format!("三、收到和处理政府信息公开申请情况\n{}", "1.属于国家秘密\t1\t2\t3\t4\t5\t6\t7\n".repeat(150_000));
    assert_fast("repeated rows", rows.as_bytes());
    let spans = format!("<table>{}</table>", "<tr><td rowspan=256 colspan=256>x</td></tr>".repeat(60_000));
    assert_fast("spans", spans.as_bytes());
    let nested = format!("{}{}", "<table><tr><td>".repeat(200_000), "</td></tr></table>".repeat(200_000));
    assert_fast("nested", nested.as_bytes());
    let words = "规章 ".repeat(3 * mb);
    assert_fast("one long line", words.as_bytes());
    let lt = "<".repeat(6 * mb);
    assert_fast("angle brackets", lt.as_bytes());
    let amp = "&".repeat(6 * mb);
    assert_fast("ampersands", amp.as_bytes());
}

/// A DOCX (zip) of the given entries, stored.
fn docx_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write as _;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn docx_limits_are_named_in_their_errors() {
    use xxgk_import::docx::{MAX_XML_DEPTH, MAX_ZIP_ENTRIES};
    let document = |depth: usize| {
        let mut xml = String::from("<w:document><w:body>");
        xml.push_str(&"<w:p>".repeat(depth));
        (String::from("word/document.xml"), xml.into_bytes())
    };
    // Just under the limits: read (and refused later only for lacking a report).
    let mut entries: Vec<_> = (0..MAX_ZIP_ENTRIES - 1).map(|i| (format!("word/media/{i}.xml"), Vec::new())).collect();
    entries.push(document(MAX_XML_DEPTH - 2));
    let err = import(&docx_of(&entries), Some("a.docx")).unwrap_err().to_string();
    assert!(!err.contains("上限") && !err.contains("嵌套"), "{err}");
    // One over each limit.
    entries.push(("word/extra.xml".into(), Vec::new()));
    let err = import(&docx_of(&entries), Some("a.docx")).unwrap_err().to_string();
    assert!(err.contains(&format!("超过上限 {MAX_ZIP_ENTRIES}")), "{err}");
    let err = import(&docx_of(&[document(MAX_XML_DEPTH)]), Some("a.docx")).unwrap_err().to_string();
    assert!(err.contains(&format!("嵌套超过 {MAX_XML_DEPTH} 层")), "{err}");
}
