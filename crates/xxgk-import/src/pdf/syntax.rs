//! PDF syntax: the lexer and the object parser shared by the file body and
//! content streams. Parsing is iterative (an explicit stack, never
//! recursion), so nesting is bounded by [`MAX_NESTING`] and a file of a
//! thousand nested `[` fails with an error instead of overflowing the stack.

use std::collections::BTreeMap;

use super::limits::{MAX_NESTING, exceeded, unreadable};
use crate::error::ImportError;

/// A dictionary: keys are names without the slash.
pub type Dict = BTreeMap<Vec<u8>, Obj>;

/// A PDF object (streams are kept by the file reader beside their dict).
#[derive(Debug, Clone, PartialEq)]
pub enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    Ref(u32),
}

impl Obj {
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Obj::Int(i) => Some(i as f64),
            Obj::Real(r) if r.is_finite() => Some(r),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Obj::Int(i) => Some(i),
            _ => None,
        }
    }
    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) => Some(d),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Obj]> {
        match self {
            Obj::Array(a) => Some(a),
            _ => None,
        }
    }
}

/// One lexical token.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// `{` and `}` (PostScript functions): skipped by callers.
    Brace,
    Keyword(&'a [u8]),
}

pub fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

pub fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// A cursor over PDF bytes.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer { data, pos: 0 }
    }

    pub fn skip_white(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, `None` at the end.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_white();
        let &b = self.data.get(self.pos)?;
        match b {
            b'[' => {
                self.pos += 1;
                Some(Token::ArrayOpen)
            }
            b']' => {
                self.pos += 1;
                Some(Token::ArrayClose)
            }
            b'{' | b'}' => {
                self.pos += 1;
                Some(Token::Brace)
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Some(Token::DictOpen)
            }
            b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                self.pos += 2;
                Some(Token::DictClose)
            }
            b'<' => Some(Token::Str(self.hex_string())),
            b'>' | b')' => {
                self.pos += 1;
                Some(Token::Keyword(&self.data[self.pos - 1..self.pos]))
            }
            b'(' => Some(Token::Str(self.literal_string())),
            b'/' => Some(Token::Name(self.name())),
            _ => {
                let start = self.pos;
                while let Some(&c) = self.data.get(self.pos) {
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    self.pos += 1;
                }
                let word = &self.data[start..self.pos];
                Some(number(word).unwrap_or(Token::Keyword(word)))
            }
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex(c) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn name(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(&c) = self.data.get(self.pos) {
            if is_white(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
            if c == b'#'
                && let (Some(h), Some(l)) =
                    (self.data.get(self.pos).and_then(|&b| hex(b)), self.data.get(self.pos + 1).and_then(|&b| hex(b)))
            {
                out.push(h << 4 | l);
                self.pos += 2;
                continue;
            }
            out.push(c);
        }
        out
    }

    /// Parses one object starting with `first` (already read). References
    /// (`n g R`) are recognised when `refs` is set (file body, not content).
    pub fn object_from(&mut self, first: Token<'a>, refs: bool) -> Result<Obj, ImportError> {
        enum Frame {
            Array(Vec<Obj>),
            Dict(Dict, Option<Vec<u8>>),
        }
        let mut stack: Vec<Frame> = Vec::new();
        let mut token = Some(first);
        loop {
            let Some(tok) = token.take().or_else(|| self.next_token()) else {
                return Err(unreadable("对象在文件末尾处不完整"));
            };
            let value = match tok {
                Token::ArrayOpen | Token::DictOpen => {
                    if stack.len() >= MAX_NESTING {
                        return Err(exceeded("数组或字典的嵌套层数", MAX_NESTING));
                    }
                    stack.push(if tok == Token::ArrayOpen {
                        Frame::Array(Vec::new())
                    } else {
                        Frame::Dict(Dict::new(), None)
                    });
                    continue;
                }
                Token::ArrayClose => match stack.pop() {
                    Some(Frame::Array(items)) => Obj::Array(items),
                    Some(frame @ Frame::Dict(..)) => {
                        stack.push(frame);
                        continue;
                    }
                    None => Obj::Null,
                },
                Token::DictClose => match stack.pop() {
                    Some(Frame::Dict(d, _)) => Obj::Dict(d),
                    Some(frame @ Frame::Array(_)) => {
                        stack.push(frame);
                        continue;
                    }
                    None => Obj::Null,
                },
                Token::Int(i) => {
                    if refs && i >= 0 {
                        let save = self.pos;
                        if let Some(Token::Int(g)) = self.next_token()
                            && g >= 0
                            && let Some(Token::Keyword(b"R")) = self.next_token()
                        {
                            Obj::Ref(u32::try_from(i).unwrap_or(u32::MAX))
                        } else {
                            self.pos = save;
                            Obj::Int(i)
                        }
                    } else {
                        Obj::Int(i)
                    }
                }
                Token::Real(r) => Obj::Real(r),
                Token::Name(n) => Obj::Name(n),
                Token::Str(s) => Obj::Str(s),
                Token::Brace => continue,
                Token::Keyword(b"true") => Obj::Bool(true),
                Token::Keyword(b"false") => Obj::Bool(false),
                Token::Keyword(b"null") => Obj::Null,
                Token::Keyword(_) if stack.is_empty() => Obj::Null,
                // A stray keyword inside a container ends nothing; skip it.
                Token::Keyword(_) => continue,
            };
            match stack.last_mut() {
                None => return Ok(value),
                Some(Frame::Array(items)) => items.push(value),
                Some(Frame::Dict(d, key)) => match key.take() {
                    None => {
                        if let Obj::Name(n) = value {
                            *key = Some(n);
                        }
                    }
                    Some(k) => {
                        d.insert(k, value);
                    }
                },
            }
        }
    }
}

fn number(word: &[u8]) -> Option<Token<'static>> {
    let first = *word.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let s = std::str::from_utf8(word).ok()?;
    if let Ok(i) = s.parse::<i64>() {
        return Some(Token::Int(i));
    }
    if s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')) {
        // Real numbers; malformed ones such as `--5` or `1.2.3` read as 0.
        let v = s.trim_start_matches(['+', '-']).parse::<f64>().unwrap_or(0.0);
        let v = if s.starts_with('-') { -v } else { v };
        return Some(Token::Real(if v.is_finite() { v } else { 0.0 }));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str, refs: bool) -> Result<Obj, ImportError> {
        let mut lx = Lexer::new(s.as_bytes());
        let first = lx.next_token().expect("token");
        lx.object_from(first, refs)
    }

    #[test]
    fn objects_parse() {
        let o =
            parse("<< /Type /Page /Kids [1 0 R 2 0 R] /W [0 [500 600]] /S (a\\(b\\)c) /H <4E2D> /N#20x 1.5 >>", true)
                .expect("dict");
        let d = o.as_dict().expect("dict");
        assert_eq!(d[&b"Kids"[..]], Obj::Array(vec![Obj::Ref(1), Obj::Ref(2)]));
        assert_eq!(d[&b"S"[..]], Obj::Str(b"a(b)c".to_vec()));
        assert_eq!(d[&b"H"[..]], Obj::Str(vec![0x4E, 0x2D]));
        assert_eq!(d[&b"N x"[..]], Obj::Real(1.5));
        assert_eq!(parse("[1 0 R]", false).expect("array"), Obj::Array(vec![Obj::Int(1), Obj::Int(0)]));
    }

    #[test]
    fn deep_nesting_fails_cleanly_and_shallow_passes() {
        let deep = "[".repeat(100_000);
        let err = parse(&deep, true).expect_err("too deep");
        assert!(err.to_string().contains("嵌套层数"), "{err}");
        let ok = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        assert!(parse(&ok, true).is_ok());
    }

    #[test]
    fn numbers() {
        assert_eq!(number(b"-12"), Some(Token::Int(-12)));
        assert_eq!(number(b"-.5"), Some(Token::Real(-0.5)));
        assert_eq!(number(b"abc"), None);
    }
}
