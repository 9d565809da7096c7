//! Fonts as far as text extraction needs them: how a shown string splits
//! into character codes, the Unicode text of each code (ToUnicode CMap;
//! predefined UCS-2/UTF-16/GBK CMaps; simple-font encodings with
//! `Differences`) and each code's advance width (`Widths`, CID `W`/`DW`).

use std::collections::HashMap;

use super::file::File;
use super::syntax::{Dict, Lexer, Obj, Token};

/// How the codes of a string map to Unicode when there is no ToUnicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fallback {
    /// Simple font: the 256-entry table.
    Simple,
    /// The code is UTF-16BE (UniGB-UCS2-H, UniGB-UTF16-H …).
    Utf16,
    /// The code is GBK (GBK-EUC-H, GB-EUC-H …).
    Gbk,
    /// Identity-H without ToUnicode: codes are glyph ids, text unknown.
    None,
}

/// One font of a page's resources.
#[derive(Debug, Clone)]
pub struct Font {
    /// Code lengths by codespace: (bytes, low, high) of each range.
    codespace: Vec<(usize, u32, u32)>,
    two_byte: bool,
    to_unicode: HashMap<u32, String>,
    /// bfrange entries kept as ranges: (low, high, first destination).
    ranges: Vec<(u32, u32, Vec<u16>)>,
    simple: Box<[Option<char>; 256]>,
    fallback: Fallback,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

impl Font {
    /// Reads a font dictionary.
    pub fn load(file: &File<'_>, dict: &Dict) -> Font {
        let subtype = file.get(dict, b"Subtype").as_name().unwrap_or_default().to_vec();
        let mut font = Font {
            codespace: Vec::new(),
            two_byte: subtype == b"Type0",
            to_unicode: HashMap::new(),
            ranges: Vec::new(),
            simple: Box::new(win_ansi()),
            fallback: if subtype == b"Type0" { Fallback::None } else { Fallback::Simple },
            widths: HashMap::new(),
            default_width: if subtype == b"Type0" { 1000.0 } else { 500.0 },
        };
        if font.two_byte {
            if let Obj::Name(enc) = file.get(dict, b"Encoding") {
                let enc = String::from_utf8_lossy(enc);
                if enc.contains("UCS2") || enc.contains("UTF16") {
                    font.fallback = Fallback::Utf16;
                } else if enc.contains("GBK") || enc.contains("GB-EUC") || enc.contains("GBpc-EUC") {
                    font.fallback = Fallback::Gbk;
                    font.two_byte = false;
                }
            }
            if let Some(desc) = file.get(dict, b"DescendantFonts").as_array().and_then(|a| a.first())
                && let Some(cid) = file.resolve(desc).as_dict()
            {
                font.cid_widths(file, cid);
            }
        } else {
            font.simple_encoding(file, dict);
            let first = file.get(dict, b"FirstChar").as_i64().unwrap_or(0);
            if let Some(ws) = file.get(dict, b"Widths").as_array() {
                for (i, w) in ws.iter().enumerate().take(256) {
                    if let (Some(w), Ok(code)) =
                        (file.resolve(w).as_f64(), u32::try_from(first.saturating_add(i as i64)))
                    {
                        font.widths.insert(code, w);
                    }
                }
            }
        }
        if let Some((_, stream)) = dict.get(&b"ToUnicode"[..]).and_then(|o| file.stream_of(o))
            && let Ok(data) = file.decode(stream)
        {
            font.read_cmap(&data);
        }
        font
    }

    fn cid_widths(&mut self, file: &File<'_>, cid: &Dict) {
        if let Some(dw) = file.get(cid, b"DW").as_f64() {
            self.default_width = dw;
        }
        let Some(w) = file.get(cid, b"W").as_array() else { return };
        let mut i = 0;
        while i < w.len() && self.widths.len() < 70_000 {
            let Some(first) = file.resolve(&w[i]).as_i64() else { break };
            match w.get(i + 1).map(|o| file.resolve(o)) {
                Some(Obj::Array(list)) => {
                    for (k, v) in list.iter().enumerate().take(70_000) {
                        if let (Some(v), Ok(code)) =
                            (file.resolve(v).as_f64(), u32::try_from(first.saturating_add(k as i64)))
                        {
                            self.widths.insert(code, v);
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let last = last.as_i64().unwrap_or(first);
                    let v = w.get(i + 2).and_then(|o| file.resolve(o).as_f64()).unwrap_or(self.default_width);
                    for code in first..=last.min(first.saturating_add(70_000)) {
                        if let Ok(code) = u32::try_from(code) {
                            self.widths.insert(code, v);
                        }
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    fn simple_encoding(&mut self, file: &File<'_>, dict: &Dict) {
        let Some(enc) = file.dict(dict, b"Encoding") else { return };
        let Some(diffs) = file.get(enc, b"Differences").as_array() else { return };
        let mut code = 0usize;
        for d in diffs {
            match file.resolve(d) {
                Obj::Int(i) => code = usize::try_from(*i).unwrap_or(256),
                Obj::Name(n) => {
                    if code < 256 {
                        self.simple[code] = glyph_name(n);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }

    fn read_cmap(&mut self, data: &[u8]) {
        let mut lx = Lexer::new(data);
        let mut operands: Vec<Obj> = Vec::new();
        let mut section: &[u8] = b"";
        while let Some(tok) = lx.next_token() {
            match tok {
                Token::Keyword(k @ (b"begincodespacerange" | b"beginbfchar" | b"beginbfrange")) => {
                    section = k;
                    operands.clear();
                }
                Token::Keyword(b"endcodespacerange") => {
                    for pair in operands.chunks_exact(2) {
                        if let [Obj::Str(lo), Obj::Str(hi)] = pair {
                            self.codespace.push((lo.len().clamp(1, 4), be(lo), be(hi)));
                        }
                    }
                    section = b"";
                }
                Token::Keyword(b"endbfchar") => {
                    for pair in operands.chunks_exact(2) {
                        if let [Obj::Str(src), Obj::Str(dst)] = pair {
                            self.to_unicode.insert(be(src), utf16(dst));
                        }
                    }
                    section = b"";
                }
                Token::Keyword(b"endbfrange") => {
                    for triple in operands.chunks_exact(3) {
                        match triple {
                            [Obj::Str(lo), Obj::Str(hi), Obj::Str(dst)] => {
                                let units = dst.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]));
                                self.ranges.push((be(lo), be(hi), units.collect()));
                            }
                            [Obj::Str(lo), Obj::Str(_), Obj::Array(list)] => {
                                for (k, d) in list.iter().enumerate() {
                                    if let Obj::Str(d) = d {
                                        self.to_unicode.insert(be(lo).saturating_add(k as u32), utf16(d));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    section = b"";
                }
                Token::Keyword(_) => operands.clear(),
                Token::ArrayOpen if !section.is_empty() => {
                    if let Ok(o) = lx.object_from(Token::ArrayOpen, false) {
                        operands.push(o);
                    }
                }
                Token::Str(s) if !section.is_empty() => operands.push(Obj::Str(s)),
                _ => {}
            }
            if operands.len() > 300_000 {
                break;
            }
        }
    }

    /// Splits a shown string into codes: (code, byte length).
    pub fn codes(&self, s: &[u8]) -> Vec<(u32, usize)> {
        let mut out = Vec::with_capacity(s.len());
        let mut i = 0;
        while i < s.len() {
            let len =
                if self.fallback == Fallback::Gbk { if s[i] >= 0x81 { 2 } else { 1 } } else { self.code_len(&s[i..]) };
            let len = len.min(s.len() - i);
            out.push((be(&s[i..i + len]), len));
            i += len;
        }
        out
    }

    fn code_len(&self, rest: &[u8]) -> usize {
        for &(len, lo, hi) in &self.codespace {
            if rest.len() >= len {
                let v = be(&rest[..len]);
                if (lo..=hi).contains(&v) {
                    return len;
                }
            }
        }
        if self.two_byte { 2 } else { 1 }
    }

    /// The text of one code (empty when unknown).
    pub fn text(&self, code: u32, len: usize) -> String {
        if let Some(t) = self.to_unicode.get(&code) {
            return t.clone();
        }
        for (lo, hi, first) in &self.ranges {
            if (*lo..=*hi).contains(&code) {
                let mut units = first.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add((code - lo) as u16);
                }
                return String::from_utf16_lossy(&units);
            }
        }
        match self.fallback {
            Fallback::Simple => self.simple.get(code as usize).copied().flatten().map(String::from).unwrap_or_default(),
            Fallback::Utf16 => {
                let units: Vec<u16> = if len == 4 { vec![(code >> 16) as u16, code as u16] } else { vec![code as u16] };
                String::from_utf16_lossy(&units)
            }
            Fallback::Gbk => {
                let bytes = if len == 2 { vec![(code >> 8) as u8, code as u8] } else { vec![code as u8] };
                encoding_rs::GBK.decode_without_bom_handling(&bytes).0.into_owned()
            }
            Fallback::None => String::new(),
        }
    }

    /// Advance width of a code in text space units (thousandths).
    pub fn width(&self, code: u32) -> f64 {
        self.widths.get(&code).copied().unwrap_or(self.default_width)
    }

    /// Whether a one-byte code 32 gets word spacing.
    pub fn is_space(&self, code: u32, len: usize) -> bool {
        code == 32 && len == 1
    }
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
    String::from_utf16_lossy(&units)
}

/// WinAnsi-like default for simple fonts: ASCII and Latin-1.
fn win_ansi() -> [Option<char>; 256] {
    let mut t = [None; 256];
    for (code, slot) in t.iter_mut().enumerate() {
        if (0x20..0x7F).contains(&code) || code >= 0xA0 {
            *slot = char::from_u32(code as u32);
        }
    }
    t
}

/// The character of a glyph name (`uni4E2D`, `a`, `zero`, `space` …).
fn glyph_name(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    if let Some(hex) = name.strip_prefix("uni").or_else(|| name.strip_prefix('u')).and_then(|h| h.get(..4))
        && let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    {
        return Some(c);
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(c);
    }
    const DIGITS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    if let Some(d) = DIGITS.iter().position(|&n| n == name) {
        return char::from_digit(d as u32, 10);
    }
    Some(match name {
        "space" => ' ',
        "period" => '.',
        "comma" => ',',
        "hyphen" | "minus" => '-',
        "percent" => '%',
        "parenleft" => '(',
        "parenright" => ')',
        "colon" => ':',
        "slash" => '/',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font_with_cmap(cmap: &str) -> Font {
        let file = File::open(b"%PDF-1.4\n").expect("empty file");
        let mut dict = Dict::new();
        dict.insert(b"Subtype".to_vec(), Obj::Name(b"Type0".to_vec()));
        let mut f = Font::load(&file, &dict);
        f.read_cmap(cmap.as_bytes());
        f
    }

    #[test]
    fn to_unicode_bfchar_and_bfrange() {
        let f = font_with_cmap(
            "1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0003> <4E2D> <0004> <56FD> endbfchar \
             1 beginbfrange <0010> <0012> <0030> endbfrange 1 beginbfrange <0020> <0021> [<0041> <0042>] endbfrange",
        );
        let text: String = f.codes(&[0, 3, 0, 4, 0, 0x11, 0, 0x21]).into_iter().map(|(c, l)| f.text(c, l)).collect();
        assert_eq!(text, "中国1B");
        assert_eq!(f.text(0x99, 2), "", "unknown glyph ids give no text");
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_name(b"seven"), Some('7'));
        assert_eq!(glyph_name(b"g123"), None);
    }
}
