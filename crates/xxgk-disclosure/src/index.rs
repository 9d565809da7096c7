//! 索引号 (index numbers): a per-deployment pattern such as
//! `{agency_code}/{year}-{seq:05}`, checked once at configuration time,
//! then a pure formatter and its inverse parser. The serial comes from the
//! caller's counter ([`Sequence`]), which only moves forward: a number once
//! issued is never issued again, and it never changes (even when the body is
//! renamed — the agency code is whatever was current when it was issued).

use std::fmt;

use time::Date;

/// A pattern that cannot be used (configuration error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("索引号格式“{pattern}”：{message}")]
pub struct PatternError {
    pub pattern: String,
    pub message: String,
}

/// A value that does not fit the pattern (when formatting or parsing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct IndexError {
    pub field: &'static str,
    pub message: String,
}

fn index_error(field: &'static str, message: impl Into<String>) -> IndexError {
    IndexError { field, message: message.into() }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    AgencyCode,
    Year,
    /// The serial, zero-padded to this width (0 = no padding).
    Seq {
        width: usize,
    },
}

/// A checked 索引号 pattern. Placeholders: `{agency_code}` (ASCII letters
/// and digits, e.g. an organisation code or 统一社会信用代码), `{year}` (the
/// year of the 成文日期, four digits), `{seq}` or `{seq:0N}` (the serial,
/// padded to N digits; longer serials are written in full).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPattern {
    source: String,
    pieces: Vec<Piece>,
}

/// The 2006 实施指引's shape: organisation code / year-serial.
pub const DEFAULT_PATTERN: &str = "{agency_code}/{year}-{seq:05}";

impl IndexPattern {
    /// Checks the pattern: placeholders known and closed; `{seq}` exactly
    /// once, the others at most once; two placeholders always separated by a
    /// literal that does not start with a letter or digit (so that a number
    /// parses back unambiguously); no whitespace.
    pub fn new(pattern: &str) -> Result<Self, PatternError> {
        let fail = |message: String| PatternError { pattern: pattern.to_string(), message };
        if pattern.is_empty() || pattern.chars().count() > 100 {
            return Err(fail("须为 1–100 个字符".into()));
        }
        if pattern.chars().any(char::is_whitespace) {
            return Err(fail("不能含空白字符".into()));
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut rest = pattern;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after.find('}').ok_or_else(|| fail("“{”没有对应的“}”".into()))?;
                let name = &after[..end];
                let piece = match name {
                    "agency_code" => Piece::AgencyCode,
                    "year" => Piece::Year,
                    "seq" => Piece::Seq { width: 0 },
                    _ => match name.strip_prefix("seq:0").map(str::parse::<usize>) {
                        Some(Ok(width)) if (1..=12).contains(&width) => Piece::Seq { width },
                        _ => {
                            return Err(fail(format!(
                                "未知的占位符“{{{name}}}”（可用：{{agency_code}}、{{year}}、{{seq}}、{{seq:05}}）"
                            )));
                        }
                    },
                };
                if pieces.iter().any(|p| std::mem::discriminant(p) == std::mem::discriminant(&piece)) {
                    return Err(fail(format!("占位符“{{{name}}}”重复")));
                }
                if matches!(pieces.last(), Some(p) if !matches!(p, Piece::Literal(_))) {
                    return Err(fail("两个占位符之间须有分隔符".into()));
                }
                pieces.push(piece);
                rest = &after[end + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let literal = &rest[..end];
                if literal.contains('}') {
                    return Err(fail("“}”没有对应的“{”".into()));
                }
                if !pieces.is_empty() && literal.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    return Err(fail(format!("占位符后的分隔符“{literal}”不能以字母或数字开头")));
                }
                pieces.push(Piece::Literal(literal.to_string()));
                rest = &rest[end..];
            }
        }
        if !pieces.iter().any(|p| matches!(p, Piece::Seq { .. })) {
            return Err(fail("须含序号占位符 {seq}（否则索引号会重复）".into()));
        }
        Ok(Self { source: pattern.to_string(), pieces })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern contains `{agency_code}` / `{year}`.
    pub fn uses_agency_code(&self) -> bool {
        self.pieces.contains(&Piece::AgencyCode)
    }

    pub fn uses_year(&self) -> bool {
        self.pieces.contains(&Piece::Year)
    }

    /// The index number of `seq` (never reused: see [`Sequence`]).
    pub fn format(&self, agency_code: &str, year: i32, seq: Serial) -> Result<IndexNumber, IndexError> {
        if self.uses_agency_code() {
            check_agency_code(agency_code)?;
        }
        if !(1000..=9999).contains(&year) {
            return Err(index_error("year", format!("年份 {year} 须为四位数")));
        }
        if seq.0 == 0 {
            return Err(index_error("seq", "序号从 1 开始"));
        }
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Literal(l) => out.push_str(l),
                Piece::AgencyCode => out.push_str(agency_code),
                Piece::Year => out.push_str(&year.to_string()),
                Piece::Seq { width } => out.push_str(&format!("{:0width$}", seq.0, width = *width)),
            }
        }
        Ok(IndexNumber(out))
    }

    /// Issues the index number of an item formed on `formed_on` (the year is
    /// the 成文日期's): the values are checked first, so a refusal burns no
    /// serial; then the next serial is taken from `sequence`.
    pub fn issue(
        &self,
        agency_code: &str,
        formed_on: Date,
        sequence: &mut Sequence,
    ) -> Result<IndexNumber, IndexError> {
        let mut trial = *sequence;
        let serial = trial.take()?;
        let number = self.format(agency_code, formed_on.year(), serial)?;
        *sequence = trial;
        Ok(number)
    }

    /// Reads an index number back into its parts (`None` for parts the
    /// pattern does not use).
    pub fn parse(&self, text: &str) -> Result<IndexParts, IndexError> {
        let bad = || index_error("index_number", format!("“{text}”不符合索引号格式“{}”", self.source));
        let mut parts = IndexParts { agency_code: None, year: None, seq: Serial(0) };
        let mut rest = text;
        for piece in &self.pieces {
            match piece {
                Piece::Literal(l) => rest = rest.strip_prefix(l.as_str()).ok_or_else(bad)?,
                Piece::AgencyCode => {
                    let n = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
                    check_agency_code(&rest[..n]).map_err(|_| bad())?;
                    parts.agency_code = Some(rest[..n].to_string());
                    rest = &rest[n..];
                }
                Piece::Year => {
                    let y = rest.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).ok_or_else(bad)?;
                    parts.year = Some(y.parse().map_err(|_| bad())?);
                    rest = &rest[4..];
                }
                Piece::Seq { width } => {
                    let n = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                    let digits = &rest[..n];
                    // A serial is written in exactly one way: padded to the
                    // width, never with extra leading zeros.
                    let canonical =
                        digits.len() >= (*width).max(1) && (digits.len() <= *width || !digits.starts_with('0'));
                    if !canonical {
                        return Err(bad());
                    }
                    parts.seq = Serial(digits.parse().map_err(|_| bad())?);
                    rest = &rest[n..];
                }
            }
        }
        if rest.is_empty() && parts.seq.0 > 0 { Ok(parts) } else { Err(bad()) }
    }
}

fn check_agency_code(code: &str) -> Result<(), IndexError> {
    if (1..=32).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(index_error("agency_code", format!("机关代码“{code}”须为 1–32 个字母或数字")))
    }
}

/// A serial handed out by a [`Sequence`] (1, 2, 3 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Serial(pub u64);

/// The parts of a parsed index number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexParts {
    pub agency_code: Option<String>,
    pub year: Option<i32>,
    pub seq: Serial,
}

/// A 索引号 as issued.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndexNumber(String);

impl IndexNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IndexNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The contract with the store's counter (one per deployment, or per agency
/// and year when the pattern contains both `{agency_code}` and `{year}`):
/// the last serial issued is persisted, and [`Sequence::take`] only moves
/// forward — a deleted draft's serial is burnt, not handed out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sequence {
    last_issued: u64,
}

impl Sequence {
    /// Resumes from the last serial the store says was issued (0 = none).
    pub fn resume(last_issued: u64) -> Self {
        Self { last_issued }
    }

    pub fn last_issued(self) -> u64 {
        self.last_issued
    }

    /// The next serial; the caller persists [`Sequence::last_issued`] in the
    /// same transaction as the item.
    pub fn take(&mut self) -> Result<Serial, IndexError> {
        self.last_issued = self.last_issued.checked_add(1).ok_or_else(|| index_error("seq", "索引号序号已用尽"))?;
        Ok(Serial(self.last_issued))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_pattern_formats_and_parses() {
        let p = IndexPattern::new(DEFAULT_PATTERN).unwrap();
        let n = p.format("11410100MB1234567X", 2025, Serial(12)).unwrap();
        assert_eq!(n.as_str(), "11410100MB1234567X/2025-00012");
        let parts = p.parse(n.as_str()).unwrap();
        assert_eq!(parts.agency_code.as_deref(), Some("11410100MB1234567X"));
        assert_eq!((parts.year, parts.seq), (Some(2025), Serial(12)));
        assert_eq!(p.format("A", 2025, Serial(1234567)).unwrap().as_str(), "A/2025-1234567");
    }

    #[test]
    fn bad_patterns_are_refused_at_configuration() {
        for (pattern, why) in [
            ("{agency_code}/{year}", "{seq}"),
            ("{agency_code}{seq}", "分隔符"),
            ("{year}-{seq}-{seq}", "重复"),
            ("{year}-{sequence}", "未知的占位符"),
            ("{year-{seq}", "未知的占位符"),
            ("{year}}-{seq}", "“}”"),
            ("{year}-{seq", "没有对应"),
            ("{year}A{seq}", "不能以字母或数字开头"),
            ("{year} {seq}", "空白"),
            ("", "1–100"),
        ] {
            let err = IndexPattern::new(pattern).unwrap_err();
            assert!(err.to_string().contains(why), "{pattern}: {err}");
        }
        assert!(IndexPattern::new("XX-{seq:08}").is_ok());
        assert!(IndexPattern::new("{agency_code}-{year}-{seq}号").is_ok());
    }

    #[test]
    fn bad_values_name_their_field() {
        let p = IndexPattern::new(DEFAULT_PATTERN).unwrap();
        assert_eq!(p.format("某县", 2025, Serial(1)).unwrap_err().field, "agency_code");
        assert_eq!(p.format("A1", 25, Serial(1)).unwrap_err().field, "year");
        assert_eq!(p.format("A1", 2025, Serial(0)).unwrap_err().field, "seq");
        for text in
            ["A1/2025-0001", "A1/2025-000012", "A1/2025-00012x", "A1-2025-00012", "/2025-00012", "A1/2025-00000"]
        {
            assert_eq!(p.parse(text).unwrap_err().field, "index_number", "{text}");
        }
    }

    #[test]
    fn issuing_takes_a_serial_only_on_success() {
        let p = IndexPattern::new(DEFAULT_PATTERN).unwrap();
        let mut s = Sequence::resume(7);
        let n = p.issue("A1", time::macros::date!(2025 - 03 - 10), &mut s).unwrap();
        assert_eq!((n.as_str(), s.last_issued()), ("A1/2025-00008", 8));
        assert_eq!(p.issue("某县", time::macros::date!(2025 - 03 - 10), &mut s).unwrap_err().field, "agency_code");
        assert_eq!(s.last_issued(), 8);
    }

    #[test]
    fn sequence_only_moves_forward() {
        let mut s = Sequence::resume(41);
        assert_eq!(s.take().unwrap(), Serial(42));
        assert_eq!(s.take().unwrap(), Serial(43));
        assert_eq!(s.last_issued(), 43);
        assert_eq!(Sequence::resume(u64::MAX).take().unwrap_err().field, "seq");
    }

    fn patterns() -> impl Strategy<Value = IndexPattern> {
        prop::sample::select(vec![
            DEFAULT_PATTERN,
            "{agency_code}-{year}-{seq}",
            "{seq:03}",
            "某县〔{year}〕{seq:04}号",
            "{year}/{agency_code}/{seq:06}",
        ])
        .prop_map(|p| IndexPattern::new(p).unwrap())
    }

    proptest! {
        #[test]
        fn distinct_serials_never_collide_and_round_trip(
            pattern in patterns(),
            code in "[A-Z0-9]{1,18}",
            year in 1990i32..2100,
            a in 1u64..u64::MAX,
            b in 1u64..u64::MAX,
        ) {
            let na = pattern.format(&code, year, Serial(a)).unwrap();
            let nb = pattern.format(&code, year, Serial(b)).unwrap();
            prop_assert_eq!(a == b, na == nb);
            let parts = pattern.parse(na.as_str()).unwrap();
            prop_assert_eq!(parts.seq, Serial(a));
            prop_assert_eq!(pattern.format(&code, year, parts.seq).unwrap(), na);
            if pattern.uses_agency_code() { prop_assert_eq!(parts.agency_code, Some(code)); }
            if pattern.uses_year() { prop_assert_eq!(parts.year, Some(year)); }
        }

        #[test]
        fn a_sequence_never_issues_a_serial_twice(start in 0u64..1_000_000, n in 1usize..50) {
            let mut s = Sequence::resume(start);
            let serials: Vec<Serial> = (0..n).map(|_| s.take().unwrap()).collect();
            prop_assert!(serials.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(serials[0].0 > start);
        }
    }
}
