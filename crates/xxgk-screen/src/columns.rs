//! The column rule of §5: in a table whose header says 身份证号, 公民身份号码,
//! 联系电话, 手机, 银行账号 or 家庭住址, every unmasked value of that column is
//! a finding, even one the value rules would let pass (a mistyped ID, a
//! landline, an address).

use crate::scan::hide_between;
use crate::{Kind, Masked, scan};

/// Header words naming a personal-data column, and what the column holds.
const PERSONAL_COLUMNS: [(&str, Kind); 7] = [
    ("身份证号", Kind::IdCard),
    ("公民身份号码", Kind::IdCard),
    ("联系电话", Kind::Mobile),
    ("手机", Kind::Mobile),
    ("银行账号", Kind::BankCard),
    ("银行卡号", Kind::BankCard),
    ("家庭住址", Kind::Address),
];

/// Values that say "nothing here".
const PLACEHOLDERS: [&str; 8] = ["-", "—", "——", "/", "无", "空", "暂无", "不详"];

/// Chars that show a value was masked already.
const MASK_CHARS: [char; 3] = ['*', '＊', '×'];

/// The kind a column holds, if its header names personal data.
pub(crate) fn personal_column(header: &str) -> Option<Kind> {
    PERSONAL_COLUMNS.iter().find(|(label, _)| header.contains(label)).map(|&(_, kind)| kind)
}

/// A masked excerpt of a cell value when it is personal data left unmasked:
/// not blank, not a placeholder, not masked already, and for number
/// columns holding at least four digits.
pub(crate) fn unmasked_value(kind: Kind, value: &str) -> Option<Masked> {
    let value = value.trim();
    if value.is_empty() || PLACEHOLDERS.contains(&value) || value.contains(MASK_CHARS) {
        return None;
    }
    let chars: Vec<char> = value.chars().collect();
    let sig: Vec<usize> = match kind {
        Kind::Address => (0..chars.len()).filter(|&i| !chars[i].is_whitespace()).collect(),
        _ => (0..chars.len()).filter(|&i| chars[i].is_ascii_alphanumeric() || chars[i].is_numeric()).collect(),
    };
    let digits = sig.iter().filter(|&&i| chars[i].is_numeric()).count();
    if kind != Kind::Address && digits < 4 {
        return None;
    }
    // A value that is not a valid number of its kind keeps at most a third
    // of its characters visible at each end.
    let (head, tail) = scan::kept(kind);
    let third = sig.len() / 3;
    let hidden = hide_between(&sig, head.min(third), tail.min(third));
    Some(Masked(chars.iter().enumerate().map(|(i, &c)| if hidden.contains(&i) { '*' } else { c }).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_their_kind() {
        assert_eq!(personal_column("身份证号码"), Some(Kind::IdCard));
        assert_eq!(personal_column("公民身份号码"), Some(Kind::IdCard));
        assert_eq!(personal_column("手机号"), Some(Kind::Mobile));
        assert_eq!(personal_column("联系电话"), Some(Kind::Mobile));
        assert_eq!(personal_column("银行账号"), Some(Kind::BankCard));
        assert_eq!(personal_column("家庭住址"), Some(Kind::Address));
        assert_eq!(personal_column("姓名"), None);
        assert_eq!(personal_column("补贴金额"), None);
    }

    #[test]
    fn placeholders_masked_and_short_values_are_not_findings() {
        for v in ["", " ", "无", "—", "110101********123X", "138****5678", "＊＊＊", "12"] {
            assert_eq!(unmasked_value(Kind::IdCard, v), None, "{v}");
        }
        assert_eq!(unmasked_value(Kind::Address, "无"), None);
    }

    #[test]
    fn unmasked_values_are_masked_excerpts() {
        let m = unmasked_value(Kind::IdCard, "110105194912310021").unwrap();
        assert_eq!(m.as_str(), "110105********0021");
        let m = unmasked_value(Kind::Mobile, "0591-87654321").unwrap();
        assert_eq!(m.as_str(), "059*-****4321");
        let m = unmasked_value(Kind::Address, "福建省福州市鼓楼区某某路12号").unwrap();
        assert_eq!(m.as_str(), "福建省福州**********");
        assert!(!m.as_str().contains("12号"));
    }
}
