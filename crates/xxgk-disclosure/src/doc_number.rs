//! 文号 (发文字号): 发文机关代字 + 年份 + 发文顺序号, e.g. `某政发〔2025〕12号`.
//! GB/T 9704-2012 7.2.4: the year in 六角括号〔〕, the serial without padding
//! ("不编虚位", 1 not 01), ending with 号. Common mistakes get a message that
//! says what to write instead.

use std::fmt;
use std::str::FromStr;

use xxgk_domain::ValidationError;

const FIELD: &str = "doc_number";

/// A parsed 文号.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocNumber {
    /// 发文机关代字 (with the kind character), e.g. `某政发`.
    pub prefix: String,
    pub year: i32,
    pub serial: u32,
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.serial)
    }
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
        let (prefix, rest) = t.split_once('〔').ok_or_else(|| invalid(t, "缺少用〔〕括起的年份"))?;
        let (year, rest) = rest.split_once('〕').ok_or_else(|| invalid(t, "缺少“〕”"))?;
        let serial = rest.strip_suffix('号').ok_or_else(|| invalid(t, "须以“号”结尾"))?;
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err(invalid(t, "缺少发文机关代字"));
        }
        if prefix.chars().any(|c| c.is_whitespace() || c.is_ascii_digit() || c.is_ascii_punctuation()) {
            return Err(invalid(t, "的发文机关代字只能含文字"));
        }
        if prefix.chars().count() > 20 {
            return Err(invalid(t, "的发文机关代字过长（至多 20 个字）"));
        }
        let year: i32 = match year.len() {
            4 if year.bytes().all(|b| b.is_ascii_digit()) => year.parse().map_err(|_| invalid(t, "的年份无效"))?,
            _ => return Err(invalid(t, "的年份须为四位数字")),
        };
        if !(1949..=2200).contains(&year) {
            return Err(invalid(t, "的年份不在合理范围内"));
        }
        if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(t, "的发文顺序号须为阿拉伯数字"));
        }
        if serial.starts_with('0') {
            return Err(invalid(t, "的发文顺序号不编虚位（写“1号”，不写“01号”）"));
        }
        let serial = serial.parse().map_err(|_| invalid(t, "的发文顺序号过大"))?;
        Ok(DocNumber { prefix: prefix.to_string(), year, serial })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_common_shape_parses() {
        let n: DocNumber = "某政发〔2025〕12号".parse().unwrap();
        assert_eq!((n.prefix.as_str(), n.year, n.serial), ("某政发", 2025, 12));
        assert_eq!(n.to_string(), "某政发〔2025〕12号");
        assert!(" 国办发〔2019〕3号 ".parse::<DocNumber>().is_ok());
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
        ] {
            let err = text.parse::<DocNumber>().unwrap_err();
            assert_eq!(err.field, "doc_number");
            assert!(err.message.contains(why), "{text}: {err}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(prefix in "[某县政府办发字财]{1,6}", year in 1949i32..2200, serial in 1u32..100_000) {
            let n = DocNumber { prefix, year, serial };
            prop_assert_eq!(n.to_string().parse::<DocNumber>().unwrap(), n);
        }
    }
}
