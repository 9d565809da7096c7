//! The content-stream interpreter: runs a page's operators with the text
//! state (Tm/Td/TD/T*/TL/Tf/Tc/Tw/Tz/Ts/TJ/Tj/'/") and the graphics state
//! (q/Q/cm, Form XObjects via Do) and records each glyph with its position
//! in page space, and each straight stroked line or thin filled rectangle
//! as a ruling segment. Operator count, `q` depth and XObject depth are
//! capped (see [`super::limits`]).

use std::collections::HashMap;

use super::file::{File, Page};
use super::font::Font;
use super::limits::{MAX_GLYPHS, MAX_GRAPHICS_DEPTH, MAX_OPERATORS, MAX_SEGMENTS_PER_PAGE, exceeded};
use super::syntax::{Dict, Lexer, Obj, Token};
use crate::error::ImportError;

/// One shown character (or ligature) in page space.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Advance along x.
    pub w: f64,
    /// Font size in page space.
    pub size: f64,
}

/// A horizontal or vertical ruling segment in page space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Segment {
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < 0.5 && (self.x1 - self.x0).abs() >= 0.5
    }
    pub fn vertical(&self) -> bool {
        (self.x1 - self.x0).abs() < 0.5 && (self.y1 - self.y0).abs() >= 0.5
    }
}

/// What one page shows.
#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    /// Whether the page paints an image (a scan, when there is no text).
    pub images: bool,
    pub width: f64,
    pub height: f64,
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<usize>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

/// Runs pages, sharing fonts and the operator budget over a document.
pub struct Interpreter<'f, 'a> {
    file: &'f File<'a>,
    fonts: Vec<Font>,
    font_ids: HashMap<u32, usize>,
    operators: usize,
    glyphs: usize,
}

impl<'f, 'a> Interpreter<'f, 'a> {
    pub fn new(file: &'f File<'a>) -> Self {
        Interpreter { file, fonts: Vec::new(), font_ids: HashMap::new(), operators: 0, glyphs: 0 }
    }

    /// Runs one page.
    pub fn page(&mut self, page: &Page) -> Result<PageContent, ImportError> {
        let [x0, y0, x1, y1] = page.media_box;
        // Page space: origin at the media box's lower left, rotation applied.
        let (w, h) = (x1 - x0, y1 - y0);
        let base = match page.rotate {
            90 => [0.0, -1.0, 1.0, 0.0, -y0, x1],
            180 => [-1.0, 0.0, 0.0, -1.0, x1, y1],
            270 => [0.0, 1.0, -1.0, 0.0, y1, -x0],
            _ => [1.0, 0.0, 0.0, 1.0, -x0, -y0],
        };
        let (width, height) = if matches!(page.rotate, 90 | 270) { (h, w) } else { (w, h) };
        let mut out = PageContent { width, height, ..PageContent::default() };
        let mut data = Vec::new();
        for id in &page.contents {
            if let Some(s) = self.file.stream(*id) {
                data.extend_from_slice(&self.file.decode(s)?);
                data.push(b'\n');
            }
        }
        self.run(&data, &page.resources, base, &mut out, 0)?;
        Ok(out)
    }

    fn font(&mut self, resources: &Dict, name: &[u8]) -> Option<usize> {
        let fonts = self.file.dict(resources, b"Font")?;
        let obj = fonts.get(name)?;
        if let Obj::Ref(id) = obj
            && let Some(&i) = self.font_ids.get(id)
        {
            return Some(i);
        }
        let dict = self.file.resolve(obj).as_dict()?;
        self.fonts.push(Font::load(self.file, dict));
        let i = self.fonts.len() - 1;
        if let Obj::Ref(id) = obj {
            self.font_ids.insert(*id, i);
        }
        Some(i)
    }

    fn run(
        &mut self,
        data: &[u8],
        resources: &Dict,
        ctm: Matrix,
        out: &mut PageContent,
        depth: usize,
    ) -> Result<(), ImportError> {
        if depth > MAX_GRAPHICS_DEPTH {
            return Err(exceeded("表单对象（Form XObject）嵌套层数", MAX_GRAPHICS_DEPTH));
        }
        let mut lx = Lexer::new(data);
        let mut ops: Vec<Obj> = Vec::new();
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // Current path: subpaths of points in page space, and closed flags.
        let mut path: Vec<Vec<(f64, f64)>> = Vec::new();
        while let Some(tok) = lx.next_token() {
            let op = match tok {
                Token::Keyword(k) => k,
                other => {
                    let o = lx.object_from(other, false)?;
                    if ops.len() < 64 {
                        ops.push(o);
                    }
                    continue;
                }
            };
            self.operators += 1;
            if self.operators > MAX_OPERATORS {
                return Err(exceeded("内容流操作符数量", MAX_OPERATORS));
            }
            let num = |i: usize| ops.get(i).and_then(Obj::as_f64).unwrap_or(0.0);
            match op {
                b"q" => {
                    if stack.len() >= MAX_GRAPHICS_DEPTH {
                        return Err(exceeded("图形状态（q）嵌套层数", MAX_GRAPHICS_DEPTH));
                    }
                    stack.push(gs.clone());
                }
                b"Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                b"cm" if ops.len() >= 6 => {
                    gs.ctm = mul(&[num(0), num(1), num(2), num(3), num(4), num(5)], &gs.ctm);
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    gs.size = num(1);
                    gs.font = ops.first().and_then(Obj::as_name).and_then(|n| self.font(resources, n));
                }
                b"Tc" => gs.char_spacing = num(0),
                b"Tw" => gs.word_spacing = num(0),
                b"Tz" => gs.scale = num(0) / 100.0,
                b"TL" => gs.leading = num(0),
                b"Ts" => gs.rise = num(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        gs.leading = -num(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, num(0), num(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" if ops.len() >= 6 => {
                    tlm = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"\"" {
                        gs.word_spacing = num(0);
                        gs.char_spacing = num(1);
                    }
                    if op == b"'" || op == b"\"" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    let items: Vec<Obj> = match ops.last() {
                        Some(Obj::Array(a)) if op == b"TJ" => a.clone(),
                        Some(s @ Obj::Str(_)) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    for item in items {
                        match item {
                            Obj::Str(s) => self.show(&s, &gs, &mut tm, out)?,
                            other => {
                                let adj = other.as_f64().unwrap_or(0.0);
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, -adj / 1000.0 * gs.size * gs.scale, 0.0], &tm);
                            }
                        }
                    }
                }
                b"m" => path.push(vec![apply(&gs.ctm, num(0), num(1))]),
                b"l" => {
                    let p = apply(&gs.ctm, num(0), num(1));
                    match path.last_mut() {
                        Some(sub) => sub.push(p),
                        None => path.push(vec![p]),
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                    path.push(
                        [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
                            .iter()
                            .map(|&(a, b)| apply(&gs.ctm, a, b))
                            .collect(),
                    );
                }
                b"h" => {
                    if let Some(sub) = path.last_mut()
                        && let Some(&first) = sub.first()
                    {
                        sub.push(first);
                    }
                }
                b"S" | b"s" => {
                    stroke(&path, out);
                    path.clear();
                }
                b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    fill(&path, out);
                    if op.starts_with(b"B") || op.starts_with(b"b") {
                        stroke(&path, out);
                    }
                    path.clear();
                }
                b"n" => path.clear(),
                b"Do" => {
                    if let Some(name) = ops.first().and_then(Obj::as_name) {
                        self.x_object(resources, name, &gs, out, depth)?;
                    }
                }
                b"BI" => {
                    skip_inline_image(&mut lx);
                    out.images = true;
                }
                _ => {}
            }
            if out.segments.len() > MAX_SEGMENTS_PER_PAGE {
                return Err(exceeded("单页线段数量", MAX_SEGMENTS_PER_PAGE));
            }
            ops.clear();
        }
        Ok(())
    }

    fn x_object(
        &mut self,
        resources: &Dict,
        name: &[u8],
        gs: &GState,
        out: &mut PageContent,
        depth: usize,
    ) -> Result<(), ImportError> {
        let Some(xobjects) = self.file.dict(resources, b"XObject") else { return Ok(()) };
        let Some((_, stream)) = xobjects.get(name).and_then(|o| self.file.stream_of(o)) else { return Ok(()) };
        match self.file.get(&stream.dict, b"Subtype").as_name() {
            Some(b"Image") => out.images = true,
            Some(b"Form") => {
                let m: Vec<f64> = self
                    .file
                    .get(&stream.dict, b"Matrix")
                    .as_array()
                    .map(|a| a.iter().filter_map(|o| self.file.resolve(o).as_f64()).collect())
                    .unwrap_or_default();
                let matrix = <[f64; 6]>::try_from(m.as_slice()).unwrap_or(IDENTITY);
                let res = self.file.dict(&stream.dict, b"Resources").cloned().unwrap_or_else(|| resources.clone());
                let data = self.file.decode(stream)?;
                self.run(&data, &res, mul(&matrix, &gs.ctm), out, depth + 1)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn show(&mut self, s: &[u8], gs: &GState, tm: &mut Matrix, out: &mut PageContent) -> Result<(), ImportError> {
        let Some(font) = gs.font.and_then(|i| self.fonts.get(i)) else { return Ok(()) };
        for (code, len) in font.codes(s) {
            let trm = mul(&mul(&[gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise], tm), &gs.ctm);
            let w0 = font.width(code) / 1000.0;
            let spacing = gs.char_spacing + if font.is_space(code, len) { gs.word_spacing } else { 0.0 };
            let tx = (w0 * gs.size + spacing) * gs.scale;
            let (x, y) = apply(&trm, 0.0, 0.0);
            let end = apply(&mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm), 0.0, 0.0);
            let (ex, _) = apply(&gs.ctm, end.0, end.1);
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let text = font.text(code, len);
            if !text.is_empty() && x.is_finite() && y.is_finite() {
                self.glyphs += 1;
                if self.glyphs > MAX_GLYPHS {
                    return Err(exceeded("字符数量", MAX_GLYPHS));
                }
                out.glyphs.push(Glyph { text, x, y, w: (ex - x).abs().min(size * 4.0), size });
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
        Ok(())
    }
}

/// Straight horizontal or vertical pieces of stroked subpaths.
fn stroke(path: &[Vec<(f64, f64)>], out: &mut PageContent) {
    for sub in path {
        for pair in sub.windows(2) {
            let seg = Segment { x0: pair[0].0, y0: pair[0].1, x1: pair[1].0, y1: pair[1].1 };
            if seg.horizontal() || seg.vertical() {
                out.segments.push(normalized(seg));
            }
        }
    }
}

/// Thin filled rectangles (how many writers draw table borders) as segments.
fn fill(path: &[Vec<(f64, f64)>], out: &mut PageContent) {
    const THIN: f64 = 3.0;
    for sub in path {
        if sub.len() < 3 {
            continue;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in sub {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= THIN && w > h * 2.0 {
            let y = (y0 + y1) / 2.0;
            out.segments.push(Segment { x0, y0: y, x1, y1: y });
        } else if w <= THIN && h > w * 2.0 {
            let x = (x0 + x1) / 2.0;
            out.segments.push(Segment { x0: x, y0, x1: x, y1 });
        }
    }
}

fn normalized(s: Segment) -> Segment {
    if s.horizontal() {
        let y = (s.y0 + s.y1) / 2.0;
        Segment { x0: s.x0.min(s.x1), y0: y, x1: s.x0.max(s.x1), y1: y }
    } else {
        let x = (s.x0 + s.x1) / 2.0;
        Segment { x0: x, y0: s.y0.min(s.y1), x1: x, y1: s.y0.max(s.y1) }
    }
}

/// Skips an inline image's dictionary and binary data up to `EI`.
fn skip_inline_image(lx: &mut Lexer<'_>) {
    while let Some(tok) = lx.next_token() {
        if tok == Token::Keyword(b"ID") {
            break;
        }
    }
    let data = lx.data;
    let mut i = lx.pos + 1;
    while i + 2 < data.len() {
        if super::syntax::is_white(data[i])
            && &data[i + 1..i + 3] == b"EI"
            && data.get(i + 3).is_none_or(|&b| super::syntax::is_white(b))
        {
            lx.pos = i + 3;
            return;
        }
        i += 1;
    }
    lx.pos = data.len();
}
