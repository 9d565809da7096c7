//! Legal citations a decision and its letter name: articles of the 条例
//! (第三十六条第（三）项, 第十六条第二款) and provisions of other laws, with
//! the Chinese numerals written by one function.

use std::fmt;

/// The regulation every bare article refers to.
pub const REGULATION: &str = "《中华人民共和国政府信息公开条例》";

/// One cited provision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Citation {
    /// An article of the 条例, optionally narrowed to a paragraph (款) or an item (项).
    Article { article: u8, paragraph: Option<u8>, item: Option<u8> },
    /// A provision of another law or rule, as written (e.g. `《中华人民共和国保守国家秘密法》第三十条`).
    Other(String),
}

impl Citation {
    pub const fn article(article: u8) -> Citation {
        Citation::Article { article, paragraph: None, item: None }
    }

    pub const fn paragraph(article: u8, paragraph: u8) -> Citation {
        Citation::Article { article, paragraph: Some(paragraph), item: None }
    }

    pub const fn item(article: u8, item: u8) -> Citation {
        Citation::Article { article, paragraph: None, item: Some(item) }
    }

    /// The article number, for citations of the 条例.
    pub fn article_number(&self) -> Option<u8> {
        match self {
            Citation::Article { article, .. } => Some(*article),
            Citation::Other(_) => None,
        }
    }
}

impl fmt::Display for Citation {
    /// `第三十六条第（三）项`, `第十六条第二款`, or the other provision as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Citation::Article { article, paragraph, item } => {
                write!(f, "第{}条", chinese_number(u32::from(*article)))?;
                if let Some(p) = paragraph {
                    write!(f, "第{}款", chinese_number(u32::from(*p)))?;
                }
                if let Some(i) = item {
                    write!(f, "第（{}）项", chinese_number(u32::from(*i)))?;
                }
                Ok(())
            }
            Citation::Other(text) => f.write_str(text),
        }
    }
}

/// `依据《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项` style
/// list: articles of the 条例 after its title, other provisions after them.
pub fn cite_all(citations: &[Citation]) -> String {
    let articles: Vec<String> =
        citations.iter().filter(|c| c.article_number().is_some()).map(ToString::to_string).collect();
    let others: Vec<String> =
        citations.iter().filter(|c| c.article_number().is_none()).map(ToString::to_string).collect();
    let mut parts = Vec::new();
    if !articles.is_empty() {
        parts.push(format!("{REGULATION}{}", articles.join("、")));
    }
    parts.extend(others);
    parts.join("和")
}

/// Chinese numerals for article numbers: 1 → 一, 10 → 十, 14 → 十四, 36 → 三十六, 105 → 一百零五.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[(n % 10) as usize] }),
        20..=99 => {
            let ones = if n.is_multiple_of(10) { "" } else { DIGITS[(n % 10) as usize] };
            format!("{}十{ones}", DIGITS[(n / 10) as usize])
        }
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                10..=19 => format!("一{}", chinese_number(rest)),
                _ => chinese_number(rest),
            };
            format!("{}百{tail}", DIGITS[(n / 100) as usize])
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        let cases =
            [(1, "一"), (10, "十"), (14, "十四"), (20, "二十"), (36, "三十六"), (105, "一百零五"), (110, "一百一十")];
        for (n, text) in cases {
            assert_eq!(chinese_number(n), text, "{n}");
        }
    }

    #[test]
    fn citations_print_as_letters_write_them() {
        assert_eq!(Citation::item(36, 3).to_string(), "第三十六条第（三）项");
        assert_eq!(Citation::paragraph(16, 2).to_string(), "第十六条第二款");
        let all = cite_all(&[Citation::article(14), Citation::item(36, 3), Citation::Other("《保密法》".into())]);
        assert_eq!(all, "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项和《保密法》");
    }
}
