//! 文号 (发文字号): 发文机关代字 + 年份 + 发文顺序号, e.g. `某政发〔2025〕12号`.
//! GB/T 9704-2012 7.2.4: the year in 六角括号〔〕, the serial without padding
//! ("不编虚位", 1 not 01), ending with 号. A 规章 is promulgated by an order
//! numbered without a year, `某省人民政府令第315号` (立法法 第八十五条).
//! Common mistakes get a message that says what to write instead.

use std::fmt;
use std::str::FromStr;

use xxgk_domain::ValidationError;

const FIELD: &str = "doc_number";

/// A parsed 文号.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocNumber {
    /// 发文机关代字 (with the kind character), e.g. `某政发`; for an
    /// order, the issuer and 令, e.g. `某省人民政府令`.
    pub prefix: String,
    /// `None` for an order (令第N号).
    pub year: Option<i32>,
    pub serial: u32,
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) => write!(f, "{}〔{year}〕{}号", self.prefix, self.serial),
            None => write!(f, "{}第{}号", self.prefix, self.serial),
        }
    }
}

fn check_prefix(t: &str, prefix: &str) -> Result<String, ValidationError> {
    let prefix = prefix.trim();
    if prefix.is_empty() {
        return Err(invalid(t, "缺少发文机关代字"));
    }
    if prefix.chars().any(|c| c.is_whitespace() || c.is_ascii_digit() || c.is_ascii_punctuation()) {
        return Err(invalid(t, "的发文机关代字只能含文字"));
    }
    if prefix.chars().count() > 30 {
        return Err(invalid(t, "的发文机关代字过长（至多 30 个字）"));
    }
    Ok(prefix.to_string())
}

fn check_serial(t: &str, serial: &str) -> Result<u32, ValidationError> {
    if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(t, "的发文顺序号须为阿拉伯数字"));
    }
    if serial.starts_with('0') {
        return Err(invalid(t, "的发文顺序号不编虚位（写“1号”，不写“01号”）"));
    }
    serial.parse().map_err(|_| invalid(t, "的发文顺序号过大"))
}

fn invalid(text: &str, why: &str) -> ValidationError {
    ValidationError::new(FIELD, format!("文号“{text}”{why}"))
}

impl FromStr for DocNumber {
    type Err = ValidationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        for (open, close) in
            [('[', ']'), ('［', '］'), ('(', ')'), ('（', '）'), ('【', '】'), ('〈', '〉'), ('〖', '〗')]
        {
            if t.contains(open) && t.contains(close) {
                return Err(invalid(t, &format!("的年份须用六角括号〔〕，不用“{open}{close}”")));
            }
        }
        if !t.contains('〔')
            && let Some((issuer, serial)) = t.strip_suffix('号').and_then(|r| r.rsplit_once("令第"))
        {
            if issuer.trim().is_empty() {
                return Err(invalid(t, "缺少发布令的机关名称"));
            }
            let prefix = check_prefix(t, &format!("{issuer}令"))?;
            return Ok(DocNumber { prefix, year: None, serial: check_serial(t, serial)? });
        }
        let (prefix, rest) = t.split_once('〔').ok_or_else(|| invalid(t, "缺少用〔〕括起的年份"))?;
        let (year, rest) = rest.split_once('〕').ok_or_else(|| invalid(t, "缺少“〕”"))?;
        let serial = rest.strip_suffix('号').ok_or_else(|| invalid(t, "须以“号”结尾"))?;
        let prefix = check_prefix(t, prefix)?;
        let year: i32 = match year.len() {
            4 if year.bytes().all(|b| b.is_ascii_digit()) => year.parse().map_err(|_| invalid(t, "的年份无效"))?,
            _ => return Err(invalid(t, "的年份须为四位数字")),
        };
        if !(1949..=2200).contains(&year) {
            return Err(invalid(t, "的年份不在合理范围内"));
        }
        Ok(DocNumber { prefix, year: Some(year), serial: check_serial(t, serial)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_common_shape_parses() {
        let n: DocNumber = "某政发〔2025〕12号".parse().unwrap();
        assert_eq!((n.prefix.as_str(), n.year, n.serial), ("某政发", Some(2025), 12));
        assert_eq!(n.to_string(), "某政发〔2025〕12号");
        assert!(" 国办发〔2019〕3号 ".parse::<DocNumber>().is_ok());
        let order: DocNumber = "某省人民政府令第315号".parse().unwrap();
        assert_eq!((order.prefix.as_str(), order.year, order.serial), ("某省人民政府令", None, 315));
        assert_eq!(order.to_string(), "某省人民政府令第315号");
    }

    #[test]
    fn mistakes_are_named() {
        for (text, why) in [
            ("某政发[2025]12号", "六角括号"),
            ("某政发（2025）12号", "六角括号"),
            ("某政发【2025】12号", "六角括号"),
            ("某政发2025年12号", "年份"),
            ("某政发〔25〕12号", "四位数字"),
            ("某政发〔2025〕012号", "不编虚位"),
            ("某政发〔2025〕12", "号"),
            ("〔2025〕12号", "代字"),
            ("某政发〔2025〕十二号", "阿拉伯数字"),
            ("某政发〔1900〕1号", "范围"),
            ("某省人民政府令第0315号", "不编虚位"),
            ("令第3号", "机关名称"),
        ] {
            let err = text.parse::<DocNumber>().unwrap_err();
            assert_eq!(err.field, "doc_number");
            assert!(err.message.contains(why), "{text}: {err}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(
            prefix in "[某县政府办发字财]{1,6}",
            year in prop::option::of(1949i32..2200),
            serial in 1u32..100_000,
        ) {
            let prefix = if year.is_none() { format!("{prefix}令") } else { prefix };
            let n = DocNumber { prefix, year, serial };
            prop_assert_eq!(n.to_string().parse::<DocNumber>().unwrap(), n);
        }
    }
}
