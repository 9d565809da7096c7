//! The hostile-input corpus, generated on the spot (no binary blobs in the
//! repository): the kinds of file an attack run used to crash or exhaust the
//! server — PDFs with deeply nested arrays, a flate content-stream bomb, an
//! object-stream bomb, deeply nested HTML, and zip tricks (a huge entry
//! count, a zip-bomb DOCX, path-traversal names, nested zips).
//!
//! Bombs are built without compressing hundreds of MiB: a deflate stream of
//! one repeated chunk reaches a steady state after a sync flush, so its
//! block is copied, and the checksums are combined arithmetically.

#![allow(dead_code)]

use flate2::{Compress, Compression, FlushCompress};

/// One hostile file: its name (the extension matters to the importer) and bytes.
pub struct Hostile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

const MIB: usize = 1024 * 1024;

/// Every kind of hostile file.
pub fn corpus() -> Vec<Hostile> {
    vec![
        Hostile { name: "nested-1000.pdf", bytes: nested_arrays_pdf(1_000) },
        Hostile { name: "nested-200000.pdf", bytes: nested_arrays_pdf(200_000) },
        Hostile { name: "flate-bomb.pdf", bytes: flate_bomb_pdf(200 * MIB) },
        Hostile { name: "objstm-bomb.pdf", bytes: object_stream_bomb_pdf(20_000, 5_000) },
        Hostile { name: "deep.html", bytes: deep_html(200_000) },
        Hostile { name: "many-entries.docx", bytes: many_entries_zip(60_000) },
        Hostile { name: "zip-bomb.docx", bytes: zip_bomb_docx(1024 * MIB) },
        Hostile { name: "traversal.docx", bytes: traversal_zip() },
        Hostile { name: "nested.docx", bytes: nested_zip() },
    ]
}

/// The three bombs read at once in the `/healthz` test.
pub fn bombs() -> Vec<Hostile> {
    vec![
        Hostile { name: "flate-bomb.pdf", bytes: flate_bomb_pdf(200 * MIB) },
        Hostile { name: "objstm-bomb.pdf", bytes: object_stream_bomb_pdf(20_000, 5_000) },
        Hostile { name: "nested-200000.pdf", bytes: nested_arrays_pdf(200_000) },
    ]
}

// ---- deflate, zlib and their checksums ----

/// Raw deflate of `chunk` repeated `times` times (`times` ≥ 3).
pub fn deflate_repeated(chunk: &[u8], times: usize) -> Vec<u8> {
    assert!(times >= 3);
    let mut c = Compress::new(Compression::best(), false);
    let mut step = |input: &[u8], flush| {
        let mut out = Vec::with_capacity(input.len() + 1024);
        let before = c.total_in();
        c.compress_vec(input, &mut out, flush).unwrap();
        assert_eq!(c.total_in() - before, input.len() as u64, "compressor took the whole chunk");
        out
    };
    let first = step(chunk, FlushCompress::Sync);
    let second = step(chunk, FlushCompress::Sync);
    let third = step(chunk, FlushCompress::Sync);
    assert_eq!(second, third, "deflate reached a steady state");
    let tail = step(&[], FlushCompress::Finish);
    let mut out = first;
    for _ in 1..times {
        out.extend_from_slice(&second);
    }
    out.extend_from_slice(&tail);
    out
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// Adler-32 of `ab` from those of `a` and `b` (zlib's adler32_combine).
fn adler32_combine(a1: u32, a2: u32, len2: u64) -> u32 {
    const BASE: u64 = 65521;
    let rem = len2 % BASE;
    let s1a = u64::from(a1 & 0xffff);
    let sum1 = (s1a + u64::from(a2 & 0xffff) + BASE - 1) % BASE;
    let sum2 = (rem * s1a + u64::from(a1 >> 16) + u64::from(a2 >> 16) + BASE - rem) % BASE;
    (sum1 | (sum2 << 16)) as u32
}

/// Zlib stream (what PDF's FlateDecode holds) of `chunk` repeated `times` times.
pub fn zlib_repeated(chunk: &[u8], times: usize) -> Vec<u8> {
    let one = adler32(chunk);
    let mut sum = one;
    for _ in 1..times {
        sum = adler32_combine(sum, one, chunk.len() as u64);
    }
    let mut out = vec![0x78, 0xDA];
    out.extend(deflate_repeated(chunk, times));
    out.extend_from_slice(&sum.to_be_bytes());
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

// ---- PDF ----

/// A PDF of one page whose content is `content` (`filter`: its /Filter),
/// with further objects after the standard five.
fn pdf(content: &[u8], filter: Option<&str>, extra: &[Vec<u8>]) -> Vec<u8> {
    let filter = filter.map(|f| format!(" /Filter /{f}")).unwrap_or_default();
    let mut stream = format!("<< /Length {}{filter} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream,
    ];
    objects.extend_from_slice(extra);
    let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// Page content nesting `depth` arrays: `BT [[[…(x)…]]] TJ ET`.
pub fn nested_arrays_pdf(depth: usize) -> Vec<u8> {
    let mut content = b"BT /F1 12 Tf 72 720 Td ".to_vec();
    content.extend(std::iter::repeat_n(b'[', depth));
    content.extend_from_slice(b"(x)");
    content.extend(std::iter::repeat_n(b']', depth));
    content.extend_from_slice(b" TJ ET");
    pdf(&content, None, &[])
}

/// One content stream that inflates to `inflated` bytes of `0 ` operands.
pub fn flate_bomb_pdf(inflated: usize) -> Vec<u8> {
    let chunk = b"0 ".repeat(MIB / 2);
    pdf(&zlib_repeated(&chunk, inflated / MIB), Some("FlateDecode"), &[])
}

/// An object stream of `objects` objects that all point at one array of
/// `width` numbers: a few hundred KiB naming `objects × width` PDF objects.
pub fn object_stream_bomb_pdf(objects: usize, width: usize) -> Vec<u8> {
    let header: String = (1..=objects).map(|n| format!("{} 0 ", n + 100)).collect();
    let mut data = header.clone().into_bytes();
    data.push(b'[');
    data.extend(b"0 ".repeat(width));
    data.push(b']');
    let packed = zlib(&data);
    let mut stream = format!(
        "<< /Type /ObjStm /N {objects} /First {} /Length {} /Filter /FlateDecode >>\nstream\n",
        header.len(),
        packed.len()
    )
    .into_bytes();
    stream.extend_from_slice(&packed);
    stream.extend_from_slice(b"\nendstream");
    pdf(b"BT /F1 12 Tf 72 720 Td (x) Tj ET", None, &[stream])
}

// ---- HTML ----

/// `depth` nested `<div>`s around nested tables and an unclosed tail.
pub fn deep_html(depth: usize) -> Vec<u8> {
    let mut s = String::from("<!doctype html><html><body>");
    s.push_str(&"<div>".repeat(depth));
    s.push_str(&"<table><tr><td>".repeat(depth / 10));
    s.push_str("二、主动公开政府信息情况");
    s.push_str(&"</td></tr></table>".repeat(depth / 10));
    s.push_str(&"</div>".repeat(depth));
    s.push_str(&"<span>".repeat(depth));
    s.into_bytes()
}

// ---- zip ----

/// A zip written by hand: (name, stored CRC, uncompressed size, method, data).
struct Entry {
    name: String,
    crc: u32,
    size: u64,
    method: u16,
    data: Vec<u8>,
}

fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let (size, csize) = (e.size as u32, e.data.len() as u32);
        let name = e.name.as_bytes();
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
        out.extend_from_slice(&e.crc.to_le_bytes());
        out.extend_from_slice(&csize.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&e.data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&e.crc.to_le_bytes());
        central.extend_from_slice(&csize.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attrs
        central.extend_from_slice(&0u32.to_le_bytes()); // external attrs
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn stored(name: &str, data: &[u8]) -> Entry {
    let mut h = crc32fast::Hasher::new();
    h.update(data);
    Entry { name: name.into(), crc: h.finalize(), size: data.len() as u64, method: 0, data: data.to_vec() }
}

const DOCUMENT_XML: &str = "word/document.xml";

/// A DOCX-looking zip of `count` tiny entries (fewer than 65,535).
pub fn many_entries_zip(count: usize) -> Vec<u8> {
    let mut entries: Vec<Entry> = (0..count).map(|i| stored(&format!("word/media/{i}.xml"), b"<a/>")).collect();
    entries.push(stored(DOCUMENT_XML, b"<w:document/>"));
    zip(&entries)
}

/// A DOCX whose `word/document.xml` inflates to `inflated` bytes of spaces.
pub fn zip_bomb_docx(inflated: usize) -> Vec<u8> {
    let chunk = vec![b' '; MIB];
    let mut one = crc32fast::Hasher::new();
    one.update(&chunk);
    let mut crc = one.clone();
    for _ in 1..inflated / MIB {
        crc.combine(&one);
    }
    let data = deflate_repeated(&chunk, inflated / MIB);
    zip(&[Entry { name: DOCUMENT_XML.into(), crc: crc.finalize(), size: inflated as u64, method: 8, data }])
}

/// Entries named to escape the extraction directory.
pub fn traversal_zip() -> Vec<u8> {
    zip(&[
        stored("../../../../etc/cron.d/x", b"* * * * * root true"),
        stored("/etc/passwd", b"root::0:0::/:/bin/sh"),
        stored("word/../../document.xml", b"<w:document/>"),
    ])
}

/// A zip holding a zip holding a zip bomb.
pub fn nested_zip() -> Vec<u8> {
    let inner = zip(&[stored("bomb.docx", &zip_bomb_docx(256 * MIB))]);
    zip(&[stored("inner.zip", &inner)])
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn generated_bombs_are_valid_streams() {
        let packed = zlib_repeated(&b"0 ".repeat(MIB / 2), 5);
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(&packed[..]).read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), 5 * MIB);
        assert_eq!(adler32(&out), u32::from_be_bytes(packed[packed.len() - 4..].try_into().unwrap()));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bomb_docx(8 * MIB))).unwrap();
        let mut entry = archive.by_name(DOCUMENT_XML).unwrap();
        let mut xml = Vec::new();
        entry.read_to_end(&mut xml).expect("CRC and size agree");
        assert_eq!(xml.len(), 8 * MIB);
    }
}
