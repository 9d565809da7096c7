//! The PDF file body: objects found by scanning for `n g obj` (which also
//! reads files whose cross-reference table is broken; a later definition of
//! an object wins, as in an incremental update), object streams, stream
//! data decompressed through a capped reader with a per-document budget,
//! and the page tree with inherited resources.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::limits::{MAX_DOCUMENT_INFLATED_BYTES, MAX_OBJECTS, MAX_PAGES, MAX_STREAM_BYTES, exceeded, unreadable};
use super::syntax::{Dict, Lexer, Obj, Token, is_delim, is_white};
use crate::error::ImportError;

/// A stream: its dictionary and the raw (still encoded) data.
#[derive(Debug, Clone)]
pub struct Stream<'a> {
    pub dict: Dict,
    pub raw: &'a [u8],
}

/// One page: its content streams (in order), resources and media box.
#[derive(Debug, Clone)]
pub struct Page {
    pub contents: Vec<u32>,
    pub resources: Dict,
    /// `[x0 y0 x1 y1]`.
    pub media_box: [f64; 4],
    pub rotate: i64,
}

/// An opened PDF.
pub struct File<'a> {
    objects: HashMap<u32, Obj>,
    streams: HashMap<u32, Stream<'a>>,
    inflated: Cell<usize>,
    pub trailer: Dict,
}

fn find(data: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    data.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// The digits ending just before `end` (after skipping whitespace back).
fn number_before(data: &[u8], end: usize) -> Option<(u64, usize)> {
    let mut i = end;
    let mut saw_white = false;
    while i > 0 && is_white(data[i - 1]) {
        i -= 1;
        saw_white = true;
    }
    if !saw_white {
        return None;
    }
    let stop = i;
    while i > 0 && data[i - 1].is_ascii_digit() && stop - i < 10 {
        i -= 1;
    }
    if i == stop || (i > 0 && !is_white(data[i - 1]) && !is_delim(data[i - 1])) {
        return None;
    }
    let n = std::str::from_utf8(&data[i..stop]).ok()?.parse().ok()?;
    Some((n, i))
}

impl<'a> File<'a> {
    /// Scans the file for its objects.
    pub fn open(data: &'a [u8]) -> Result<File<'a>, ImportError> {
        let mut file =
            File { objects: HashMap::new(), streams: HashMap::new(), inflated: Cell::new(0), trailer: Dict::new() };
        let mut at = 0;
        let mut count = 0usize;
        while let Some(p) = find(data, b"obj", at) {
            at = p + 3;
            if data.get(p + 3).is_some_and(|&b| !is_white(b) && !is_delim(b)) {
                continue;
            }
            let Some((_gen, gen_start)) = number_before(data, p) else { continue };
            let Some((num, _)) = number_before(data, gen_start) else { continue };
            let Ok(num) = u32::try_from(num) else { continue };
            count += 1;
            if count > MAX_OBJECTS {
                return Err(exceeded("对象数量", MAX_OBJECTS));
            }
            let mut lx = Lexer::new(data);
            lx.pos = p + 3;
            let Some(first) = lx.next_token() else { break };
            let obj = lx.object_from(first, true)?;
            at = lx.pos;
            let body_start = lx.pos;
            if let Obj::Dict(dict) = &obj
                && let Some(Token::Keyword(b"stream")) = lx.next_token()
            {
                let mut start = lx.pos;
                if data.get(start) == Some(&b'\r') {
                    start += 1;
                }
                if data.get(start) == Some(&b'\n') {
                    start += 1;
                }
                let declared = dict.get(&b"Length"[..]).and_then(Obj::as_i64).and_then(|l| usize::try_from(l).ok());
                let end = declared
                    .filter(|&l| {
                        start.checked_add(l).is_some_and(|e| {
                            e <= data.len() && {
                                let mut t = Lexer::new(data);
                                t.pos = e;
                                matches!(t.next_token(), Some(Token::Keyword(b"endstream")))
                            }
                        })
                    })
                    .map(|l| start + l)
                    .or_else(|| find(data, b"endstream", start).map(|e| trim_eol(data, start, e)));
                let Some(end) = end else { break };
                file.streams.insert(num, Stream { dict: dict.clone(), raw: &data[start..end] });
                file.objects.insert(num, obj);
                at = end;
                continue;
            }
            lx.pos = body_start;
            file.objects.insert(num, obj);
        }
        file.read_trailer(data)?;
        file.unpack_object_streams(&mut count)?;
        Ok(file)
    }

    fn read_trailer(&mut self, data: &[u8]) -> Result<(), ImportError> {
        // The last `trailer` dictionary, else the last cross-reference stream's dictionary.
        let mut at = 0;
        let mut last = None;
        while let Some(p) = find(data, b"trailer", at) {
            last = Some(p);
            at = p + 7;
        }
        if let Some(p) = last {
            let mut lx = Lexer::new(data);
            lx.pos = p + 7;
            if let Some(first) = lx.next_token()
                && let Obj::Dict(d) = lx.object_from(first, true)?
            {
                self.trailer = d;
            }
        }
        if !self.trailer.contains_key(&b"Root"[..]) {
            let xref = self
                .streams
                .iter()
                .filter(|(_, s)| s.dict.get(&b"Type"[..]).and_then(Obj::as_name) == Some(b"XRef"))
                .max_by_key(|(n, _)| **n);
            if let Some((_, s)) = xref {
                self.trailer = s.dict.clone();
            }
        }
        Ok(())
    }

    fn unpack_object_streams(&mut self, count: &mut usize) -> Result<(), ImportError> {
        let mut ids: Vec<u32> = self
            .streams
            .iter()
            .filter(|(_, s)| s.dict.get(&b"Type"[..]).and_then(Obj::as_name) == Some(b"ObjStm"))
            .map(|(n, _)| *n)
            .collect();
        ids.sort_unstable();
        for id in ids {
            let Some(stream) = self.streams.get(&id) else { continue };
            let n = stream.dict.get(&b"N"[..]).and_then(Obj::as_i64).unwrap_or(0).max(0) as usize;
            let first = stream.dict.get(&b"First"[..]).and_then(Obj::as_i64).unwrap_or(0).max(0) as usize;
            if count.saturating_add(n) > MAX_OBJECTS {
                return Err(exceeded("对象数量", MAX_OBJECTS));
            }
            let data = self.decode(stream)?;
            let mut header = Lexer::new(&data);
            let mut entries = Vec::new();
            for _ in 0..n {
                match (header.next_token(), header.next_token()) {
                    (Some(Token::Int(num)), Some(Token::Int(off))) => entries.push((num, off)),
                    _ => break,
                }
            }
            for (num, off) in entries {
                *count += 1;
                let (Ok(num), Ok(off)) = (u32::try_from(num), usize::try_from(off)) else { continue };
                // Objects defined directly in the file win over compressed ones.
                if self.objects.contains_key(&num) {
                    continue;
                }
                let mut lx = Lexer::new(&data);
                lx.pos = first.saturating_add(off);
                if let Some(tok) = lx.next_token() {
                    let obj = lx.object_from(tok, true)?;
                    self.objects.insert(num, obj);
                }
            }
        }
        Ok(())
    }

    /// Follows a reference (a chain of at most a few).
    pub fn resolve<'o>(&'o self, mut obj: &'o Obj) -> &'o Obj {
        for _ in 0..8 {
            match obj {
                Obj::Ref(n) => obj = self.objects.get(n).unwrap_or(&Obj::Null),
                _ => return obj,
            }
        }
        &Obj::Null
    }

    pub fn get<'o>(&'o self, dict: &'o Dict, key: &[u8]) -> &'o Obj {
        dict.get(key).map_or(&Obj::Null, |o| self.resolve(o))
    }

    pub fn dict<'o>(&'o self, dict: &'o Dict, key: &[u8]) -> Option<&'o Dict> {
        self.get(dict, key).as_dict()
    }

    pub fn stream(&self, id: u32) -> Option<&Stream<'a>> {
        self.streams.get(&id)
    }

    /// The stream a value refers to, with its object number.
    pub fn stream_of(&self, obj: &Obj) -> Option<(u32, &Stream<'a>)> {
        match obj {
            Obj::Ref(n) => self.streams.get(n).map(|s| (*n, s)),
            _ => None,
        }
    }

    /// The decoded data of a stream, within [`MAX_STREAM_BYTES`] and the
    /// document's remaining budget.
    pub fn decode(&self, stream: &Stream<'_>) -> Result<Vec<u8>, ImportError> {
        let filters: Vec<Vec<u8>> = match self.get(&stream.dict, b"Filter") {
            Obj::Name(n) => vec![n.clone()],
            Obj::Array(a) => a.iter().filter_map(|o| self.resolve(o).as_name().map(<[u8]>::to_vec)).collect(),
            _ => Vec::new(),
        };
        let budget = MAX_DOCUMENT_INFLATED_BYTES.saturating_sub(self.inflated.get());
        let cap = MAX_STREAM_BYTES.min(budget);
        let mut data = stream.raw.to_vec();
        for f in &filters {
            data = match f.as_slice() {
                b"FlateDecode" | b"Fl" => match inflate(&data, cap) {
                    Err(Inflate::OverCap) if cap < MAX_STREAM_BYTES => {
                        return Err(exceeded("全部流解压后的总字节数", MAX_DOCUMENT_INFLATED_BYTES));
                    }
                    Err(Inflate::OverCap) => return Err(exceeded("单个流解压后的字节数", MAX_STREAM_BYTES)),
                    Err(Inflate::Broken(e)) => return Err(unreadable(format!("流解压失败（{e}）"))),
                    Ok(d) => d,
                },
                other => {
                    return Err(unreadable(format!("不支持的流压缩方式 {}", String::from_utf8_lossy(other))));
                }
            };
        }
        self.inflated.set(self.inflated.get() + data.len());
        Ok(data)
    }

    /// The pages in order, with inherited resources and media box.
    pub fn pages(&self) -> Result<Vec<Page>, ImportError> {
        if self.trailer.contains_key(&b"Encrypt"[..]) {
            return Err(unreadable("文件已加密，请另存为未加密的 PDF 后导入"));
        }
        let root =
            self.dict(&self.trailer, b"Root").ok_or_else(|| unreadable("找不到文档目录（Root），文件结构损坏"))?;
        let top = root.get(&b"Pages"[..]).cloned().ok_or_else(|| unreadable("找不到页面树（Pages）"))?;
        let mut pages = Vec::new();
        let mut seen = HashSet::new();
        // (node, inherited resources, inherited media box, inherited rotation)
        let mut stack = vec![(top, Dict::new(), [0.0, 0.0, 595.0, 842.0], 0i64)];
        while let Some((node_ref, res, mb, rot)) = stack.pop() {
            if let Obj::Ref(n) = node_ref
                && !seen.insert(n)
            {
                continue;
            }
            let Some(node) = self.resolve(&node_ref).as_dict() else { continue };
            let res = self.dict(node, b"Resources").cloned().unwrap_or(res);
            let mb = self.media_box(node).unwrap_or(mb);
            let rot = self.get(node, b"Rotate").as_i64().unwrap_or(rot);
            if let Some(kids) = self.get(node, b"Kids").as_array() {
                if seen.len() > MAX_PAGES * 4 || kids.len() > MAX_PAGES * 4 {
                    return Err(exceeded("页数", MAX_PAGES));
                }
                for kid in kids.iter().rev() {
                    stack.push((kid.clone(), res.clone(), mb, rot));
                }
                continue;
            }
            if pages.len() >= MAX_PAGES {
                return Err(exceeded("页数", MAX_PAGES));
            }
            let contents = match node.get(&b"Contents"[..]) {
                Some(Obj::Ref(n)) => match self.objects.get(n) {
                    Some(Obj::Array(a)) => refs(a),
                    _ => vec![*n],
                },
                Some(Obj::Array(a)) => refs(a),
                _ => Vec::new(),
            };
            pages.push(Page { contents, resources: res, media_box: mb, rotate: rot.rem_euclid(360) });
        }
        Ok(pages)
    }

    fn media_box(&self, node: &Dict) -> Option<[f64; 4]> {
        let a = self.get(node, b"MediaBox").as_array()?;
        let v: Vec<f64> = a.iter().filter_map(|o| self.resolve(o).as_f64()).collect();
        let [x0, y0, x1, y1] = v[..] else { return None };
        let b = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
        (b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0).then_some(b)
    }
}

fn refs(a: &[Obj]) -> Vec<u32> {
    a.iter()
        .filter_map(|o| match o {
            Obj::Ref(n) => Some(*n),
            _ => None,
        })
        .collect()
}

fn trim_eol(data: &[u8], start: usize, mut end: usize) -> usize {
    if end > start && data[end - 1] == b'\n' {
        end -= 1;
    }
    if end > start && data[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

/// Inflates zlib data, reading at most `cap` bytes of output: a bomb stops
/// at the cap without allocating more. Damaged data after good output (a
/// bad checksum, a cut tail) keeps what was read.
fn inflate(data: &[u8], cap: usize) -> Result<Vec<u8>, Inflate> {
    let mut out = Vec::new();
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    let result = flate2::read::ZlibDecoder::new(data).take(limit).read_to_end(&mut out);
    if out.len() > cap {
        return Err(Inflate::OverCap);
    }
    match result {
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        Err(e) => Err(Inflate::Broken(e.to_string())),
    }
}

/// Why inflating failed.
#[derive(Debug)]
enum Inflate {
    OverCap,
    Broken(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).expect("compress");
        e.finish().expect("finish")
    }

    #[test]
    fn inflate_stops_at_the_cap() {
        let bomb = zlib(&vec![b' '; 4 * 1024 * 1024]);
        assert_eq!(inflate(&bomb, 4 * 1024 * 1024).expect("fits").len(), 4 * 1024 * 1024);
        assert!(matches!(inflate(&bomb, 1024 * 1024), Err(Inflate::OverCap)));
        assert!(matches!(inflate(b"not zlib", 1024), Err(Inflate::Broken(_))));
    }

    #[test]
    fn objects_are_found_by_scanning() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 600 800] >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n4 0 obj << /Length 5 >> stream\nBT ET\nendstream endobj\ntrailer << /Root 1 0 R >>\n";
        let file = File::open(pdf).expect("opens");
        let pages = file.pages().expect("pages");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].media_box, [0.0, 0.0, 600.0, 800.0]);
        let s = file.stream(pages[0].contents[0]).expect("stream");
        assert_eq!(file.decode(s).expect("raw"), b"BT ET");
    }
}
