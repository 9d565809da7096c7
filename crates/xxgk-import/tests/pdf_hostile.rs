//! Hostile PDFs built by the test (issue 9): deep nesting in content
//! streams and objects, flate bombs (one stream, many streams), an object-
//! stream bomb, a huge page tree, an operator flood, `q` and Form XObject
//! recursion, a scan without text, an encrypted file. Each fails with a
//! clear Chinese error naming the limit, without a crash or unbounded
//! memory (streams are inflated through a capped reader). The time bound
//! is a hang guard, not a speed test.

use std::io::Write;
use std::time::{Duration, Instant};

/// Builds a PDF from numbered objects (dictionary text, optional stream).
struct Pdf {
    objects: Vec<(u32, String, Option<Vec<u8>>)>,
}

impl Pdf {
    /// Catalog 1, page tree 2 with the given kids, resources as given.
    fn new() -> Pdf {
        Pdf { objects: vec![(1, "<< /Type /Catalog /Pages 2 0 R >>".into(), None)] }
    }
    fn obj(mut self, n: u32, dict: &str, stream: Option<Vec<u8>>) -> Pdf {
        self.objects.push((n, dict.to_string(), stream));
        self
    }
    /// One page (object 3) showing content object 4 with font F1 (object 5).
    fn one_page(content: Vec<u8>, compressed: bool) -> Pdf {
        let (dict, data) = if compressed { ("<< /Filter /FlateDecode >>", zlib(&content)) } else { ("<< >>", content) };
        Pdf::new()
            .obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", None)
            .obj(
                3,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                None,
            )
            .obj(4, dict, Some(data))
            .obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", None)
    }
    fn bytes(&self) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        for (n, dict, stream) in &self.objects {
            match stream {
                Some(data) => {
                    let dict = dict.trim_end_matches(">>");
                    write!(out, "{n} 0 obj\n{dict} /Length {} >>\nstream\n", data.len()).expect("write");
                    out.extend_from_slice(data);
                    out.extend_from_slice(b"\nendstream\nendobj\n");
                }
                None => write!(out, "{n} 0 obj\n{dict}\nendobj\n").expect("write"),
            }
        }
        out.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        out
    }
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("compress");
    e.finish().expect("finish")
}

/// A zlib stream of `mib` MiB of spaces, written by hand (one literal, then
/// copies of 258 bytes in a fixed-Huffman block: 13 bits each), so that
/// making it costs nothing.
fn raw_bomb(mib: usize) -> Vec<u8> {
    let total = (mib * 1024 * 1024) as u64;
    let copies = (total - 1) / 258;
    let n = 1 + copies * 258;
    let mut out = vec![0x78, 0x01];
    let (mut acc, mut bits) = (0u64, 0u32);
    let mut put = |out: &mut Vec<u8>, value: u64, len: u32| {
        acc |= value << bits;
        bits += len;
        while bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            bits -= 8;
        }
    };
    // Huffman codes go most significant bit first.
    let code = |c: u64, len: u32| (0..len).fold(0u64, |r, i| r | ((c >> (len - 1 - i)) & 1) << i);
    put(&mut out, 0b011, 3); // final block, fixed Huffman
    put(&mut out, code(0x30 + 0x20, 8), 8); // literal ' '
    for _ in 0..copies {
        put(&mut out, code(0b1100_0101, 8), 8); // length 258
        put(&mut out, 0, 5); // distance 1
    }
    put(&mut out, 0, 7); // end of block
    put(&mut out, 0, 7); // flush to a byte
    let a = (1 + u128::from(n) * 32) % 65521;
    let b = (u128::from(n) + 32 * u128::from(n) * (u128::from(n) + 1) / 2) % 65521;
    out.extend_from_slice(&((b << 16 | a) as u32).to_be_bytes());
    out
}

/// The hand-written bomb compressed once more (two Flate filters): small.
fn bomb(mib: usize) -> Vec<u8> {
    zlib(&raw_bomb(mib))
}

const TWICE: &str = "<< /Filter [/FlateDecode /FlateDecode] >>";

/// Imports, expects a refusal whose message contains `needle`, within the
/// hang guard. With `XXGK_PDF_CORPUS_DIR` set the file is kept there.
fn refused(name: &str, bytes: &[u8], needle: &str) {
    if let Some(dir) = std::env::var_os("XXGK_PDF_CORPUS_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(format!("hostile-{name}.pdf")), bytes).expect("keep");
    }
    let start = Instant::now();
    let err = xxgk_import::import(bytes, Some("x.pdf")).expect_err(name);
    let took = start.elapsed();
    let msg = err.to_string();
    assert!(msg.contains(needle), "{name}: {msg}");
    assert!(msg.starts_with("无法读取PDF文件"), "{name}: {msg}");
    assert!(took < Duration::from_secs(30), "{name} took {took:?}");
    eprintln!("{name}: {} bytes, refused in {took:?}: {msg}", bytes.len());
}

#[test]
fn the_hand_written_bomb_inflates_to_its_size() {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(&raw_bomb(1)[..]).read_to_end(&mut out).expect("valid zlib");
    assert_eq!(out.len(), 1024 * 1024 - (1024 * 1024 - 1) % 258);
    assert!(out.iter().all(|&b| b == b' '));
}

#[test]
fn nested_arrays_in_a_content_stream() {
    let mut content = b"BT /F1 12 Tf ".to_vec();
    content.extend(std::iter::repeat_n(b'[', 100_000));
    refused("nested-content", &Pdf::one_page(content, false).bytes(), "嵌套层数");
}

#[test]
fn nested_arrays_in_an_object() {
    let deep = format!("<< /Type /Catalog /Pages 2 0 R /X {} >>", "[".repeat(5_000));
    let pdf = Pdf { objects: vec![(1, deep, None)] };
    refused("nested-object", &pdf.bytes(), "嵌套层数");
}

#[test]
fn a_flate_bomb_stops_at_the_stream_limit() {
    let pdf = Pdf::one_page(Vec::new(), false).obj(4, TWICE, Some(bomb(200))).bytes();
    assert!(pdf.len() < 600 * 1024, "a small file: {}", pdf.len());
    refused("flate-bomb", &pdf, "单个流解压后的字节数超过上限");
}

#[test]
fn many_streams_stop_at_the_document_limit() {
    let mut pdf = Pdf::new().obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", None).obj(
        3,
        "<< /Type /Page /Parent 2 0 R /Contents [10 0 R 11 0 R 12 0 R 13 0 R 14 0 R 15 0 R] >>",
        None,
    );
    for n in 10..16 {
        pdf = pdf.obj(n, TWICE, Some(bomb(15)));
    }
    refused("many-streams", &pdf.bytes(), "全部流解压后的总字节数超过上限");
}

#[test]
fn an_object_stream_bomb_is_refused() {
    let objstm = "<< /Type /ObjStm /N 5000000 /First 10 /Filter [/FlateDecode /FlateDecode] >>";
    let pdf = Pdf::one_page(b"BT ET".to_vec(), false).obj(9, objstm, Some(bomb(40))).bytes();
    refused("objstm-count", &pdf, "对象数量超过上限");
    let objstm = "<< /Type /ObjStm /N 10 /First 10 /Filter [/FlateDecode /FlateDecode] >>";
    let pdf = Pdf::one_page(b"BT ET".to_vec(), false).obj(9, objstm, Some(bomb(40))).bytes();
    refused("objstm-bomb", &pdf, "超过上限");
}

#[test]
fn a_huge_page_tree_is_refused() {
    let kids: String = (0..100_000).map(|_| "3 0 R ").collect();
    let pdf = Pdf::one_page(b"BT ET".to_vec(), false)
        .obj(2, &format!("<< /Type /Pages /Kids [{kids}] /Count 100000 >>"), None)
        .bytes();
    refused("pages", &pdf, "页数超过上限");
}

#[test]
fn an_operator_flood_is_refused() {
    let content = b"n\n".repeat(2_500_000);
    refused("operators", &Pdf::one_page(content, true).bytes(), "操作符数量超过上限");
}

#[test]
fn graphics_state_and_form_recursion_are_refused() {
    refused("q-depth", &Pdf::one_page(b"q ".repeat(1_000), false).bytes(), "图形状态");
    let form = "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 6 0 R >> >> >>";
    let pdf = Pdf::one_page(Vec::new(), false)
        .obj(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /X 6 0 R >> >> >>", None)
        .obj(4, "<< >>", Some(b"/X Do".to_vec()))
        .obj(6, form, Some(b"/X Do".to_vec()))
        .bytes();
    refused("form-recursion", &pdf, "嵌套层数");
}

#[test]
fn a_scan_without_text_is_refused_as_such() {
    let image = "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 >>";
    let pdf = Pdf::one_page(Vec::new(), false)
        .obj(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /Im0 6 0 R >> >> >>", None)
        .obj(4, "<< >>", Some(b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec()))
        .obj(6, image, Some(vec![0]))
        .bytes();
    refused("scan", &pdf, "扫描件");
}

#[test]
fn an_encrypted_pdf_is_refused() {
    let mut bytes = Pdf::one_page(b"BT ET".to_vec(), false).bytes();
    let at = bytes.windows(7).rposition(|w| w == b"trailer").expect("trailer");
    bytes.truncate(at);
    bytes.extend_from_slice(b"trailer\n<< /Root 1 0 R /Encrypt << /Filter /Standard >> >>\n");
    refused("encrypted", &bytes, "加密");
}

#[test]
fn a_small_valid_pdf_reads_its_text() {
    let content = b"BT /F1 12 Tf 72 700 Td (Hello) Tj 0 -20 Td [(W) 120 (orld)] TJ ET".to_vec();
    let text = xxgk_import::pdf::extract_text(&Pdf::one_page(content, true).bytes()).expect("reads");
    assert_eq!(text, "Hello\nWorld\n");
}
