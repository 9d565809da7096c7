//! Bytes → text: byte-order marks (UTF-8, UTF-16LE/BE), `<meta charset>` for
//! HTML, UTF-8 when the bytes are valid UTF-8, otherwise the encoding
//! `chardetng` detects (GBK/GB18030 in practice). Malformed sequences become
//! U+FFFD; decoding never fails.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decodes a document. `html` enables the `<meta charset>` look-up.
pub fn decode(bytes: &[u8], html: bool) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    if html && let Some(declared) = meta_charset(bytes) {
        if let Some(text) = utf8
            && (declared == UTF_8 || !text.is_ascii())
        {
            // Valid UTF-8 with non-ASCII text is UTF-8 whatever the page
            // claims (saved pages are often re-encoded without fixing meta).
            return text.to_string();
        }
        // A page declaring UTF-8 whose bytes are not UTF-8 is mislabelled:
        // detect instead.
        if declared != UTF_8 && declared != UTF_16LE && declared != UTF_16BE {
            let (text, _) = declared.decode_without_bom_handling(bytes);
            return text.into_owned();
        }
    }
    if let Some(text) = utf8 {
        return text.to_string();
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// The encoding a page declares in `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = sniff_ascii(&bytes[..bytes.len().min(4096)]);
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("<meta") {
        let tag = &rest[pos..];
        let end = tag.find('>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(c) = tag.find("charset=") {
            let value = tag[c + 8..].trim_start_matches(['"', '\'', ' ']);
            let label: String =
                value.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')).collect();
            if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                return Some(enc);
            }
        }
        rest = &rest[pos + 5..];
    }
    None
}

/// The ASCII characters of a byte prefix, lower-cased (other bytes dropped),
/// for sniffing markup. UTF-16 with a BOM is decoded first.
pub fn sniff_ascii(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes)
        && encoding != UTF_8
    {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.chars().filter(char::is_ascii).map(|c| c.to_ascii_lowercase()).collect();
    }
    // Only ASCII bytes are kept, so the bytes are always UTF-8.
    String::from_utf8(bytes.iter().filter(|b| b.is_ascii()).map(u8::to_ascii_lowercase).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_utf16_and_meta_are_decoded() {
        let text = "二、主动公开政府信息情况";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk, false), text);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&utf16, false), text);
        let mut page = b"<html><head><meta charset=\"gb2312\"></head><body>".to_vec();
        page.extend_from_slice(&gbk);
        assert!(decode(&page, true).contains(text));
    }
}
