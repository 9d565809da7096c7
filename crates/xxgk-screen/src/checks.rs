//! The validations of proactive-disclosure.md §5, each written once: province
//! codes and birth dates of 居民身份证号码, the GB 11643 check digit, the
//! Luhn check of bank cards, mobile prefixes, and the GB 32100 check
//! character of the 统一社会信用代码 (so that a USCC is recognised and skipped).

use time::{Date, Month};

/// The first two digits of a 居民身份证号码: 11–15, 21–23, 31–37, 41–46,
/// 50–54, 61–65, 71, 81, 82.
pub fn is_province(code: &str) -> bool {
    matches!(code.parse::<u8>(), Ok(11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82))
        && code.len() == 2
}

/// `YYYYMMDD` as a real date between 1900-01-01 and `today`.
pub fn is_birth_date(yyyymmdd: &str, today: Date) -> bool {
    let field = |r: std::ops::Range<usize>| yyyymmdd.get(r).filter(|s| s.bytes().all(|b| b.is_ascii_digit()));
    let (Some(y), Some(m), Some(d)) = (field(0..4), field(4..6), field(6..8)) else { return false };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else { return false };
    let Ok(month) = Month::try_from(m) else { return false };
    Date::from_calendar_date(y, month, d).is_ok_and(|date| date.year() >= 1900 && date <= today)
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character of the first 17 digits (`None` if they are
/// not 17 ASCII digits).
pub fn id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(ID_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(char::from(ID_CHECK[(sum % 11) as usize]))
}

/// How an 18-character candidate reads as a 居民身份证号码.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id18 {
    /// Province, date and check digit all hold.
    Valid,
    /// Province and date hold, the check digit does not (a mistyped ID?).
    BadCheck,
    /// Not an ID.
    No,
}

/// Reads 17 digits + digit or X (upper or lower case).
pub fn id18(candidate: &str, today: Date) -> Id18 {
    let (Some(first17), Some(last)) = (candidate.get(..17), candidate.get(17..)) else { return Id18::No };
    let last = last.to_ascii_uppercase();
    let Some(expected) = id_check_char(first17) else { return Id18::No };
    if last.len() != 1 || !(last == "X" || last.bytes().all(|b| b.is_ascii_digit())) {
        return Id18::No;
    }
    if !is_province(&first17[..2]) || !is_birth_date(&first17[6..14], today) {
        return Id18::No;
    }
    if last.starts_with(expected) { Id18::Valid } else { Id18::BadCheck }
}

/// The 15-digit 身份证号码 of before 1999: province, then `YYMMDD` of a
/// real date in the 1900s.
pub fn id15(candidate: &str, today: Date) -> bool {
    candidate.len() == 15
        && candidate.bytes().all(|b| b.is_ascii_digit())
        && is_province(&candidate[..2])
        && is_birth_date(&format!("19{}", &candidate[6..12]), today)
}

/// 11 digits starting 13–19.
pub fn is_mobile(digits: &str) -> bool {
    digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.starts_with('1')
        && matches!(digits.as_bytes()[1], b'3'..=b'9')
}

/// The Luhn check over ASCII digits (false for anything else or nothing).
pub fn luhn(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A bank card number: 16–19 digits passing Luhn.
pub fn is_bank_card(digits: &str) -> bool {
    (16..=19).contains(&digits.len()) && luhn(digits)
}

/// The 31 characters of GB 32100 (no I, O, S, V, Z).
const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The GB 32100 check character of the first 17 characters.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in first17.bytes().zip(USCC_WEIGHTS) {
        let value = USCC_CHARSET.iter().position(|&c| c == b.to_ascii_uppercase())?;
        sum += value as u32 * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(char::from(USCC_CHARSET[check as usize]))
}

/// A 统一社会信用代码: 18 characters of the GB 32100 set whose last is the
/// check character of the others.
pub fn is_uscc(candidate: &str) -> bool {
    let (Some(first17), Some(last)) = (candidate.get(..17), candidate.get(17..)) else { return false };
    last.len() == 1 && uscc_check_char(first17).is_some_and(|c| last.eq_ignore_ascii_case(&c.to_string()))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 12 - 01);

    #[test]
    fn province_codes() {
        for ok in ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82"] {
            assert!(is_province(ok), "{ok}");
        }
        for bad in [
            "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80", "83", "99", "1",
            "011",
        ] {
            assert!(!is_province(bad), "{bad}");
        }
    }

    #[test]
    fn birth_dates_are_real_and_not_in_the_future() {
        assert!(is_birth_date("19000101", TODAY));
        assert!(is_birth_date("20000229", TODAY));
        assert!(is_birth_date("20261201", TODAY));
        assert!(!is_birth_date("18991231", TODAY));
        assert!(!is_birth_date("19000229", TODAY), "1900 is not a leap year");
        assert!(!is_birth_date("20261202", TODAY), "tomorrow");
        assert!(!is_birth_date("19901301", TODAY));
        assert!(!is_birth_date("19900431", TODAY));
        assert!(!is_birth_date("1990010", TODAY));
    }

    #[test]
    fn gb11643_check_digit() {
        // The standard's own example and a check value of X.
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert_eq!(id18("11010519491231002X", TODAY), Id18::Valid);
        assert_eq!(id18("11010519491231002x", TODAY), Id18::Valid);
        assert_eq!(id_check_char("44052418800101001"), Some('4'));
        assert_eq!(id18("440524188001010014", TODAY), Id18::No, "born 1880");
        assert_eq!(id18("110105194912310021", TODAY), Id18::BadCheck);
        assert_eq!(id18("990105194912310021", TODAY), Id18::No, "province 99");
        assert_eq!(id18("110105194913310021", TODAY), Id18::No, "month 13");
        assert_eq!(id18("1101051949123100", TODAY), Id18::No);
    }

    #[test]
    fn old_fifteen_digit_ids() {
        assert!(id15("110105491231002", TODAY));
        assert!(!id15("990105491231002", TODAY));
        assert!(!id15("110105491331002", TODAY));
        assert!(!id15("11010549123100", TODAY));
    }

    #[test]
    fn mobiles() {
        assert!(is_mobile("13812345678"));
        assert!(is_mobile("19912345678"));
        assert!(!is_mobile("12812345678"));
        assert!(!is_mobile("1381234567"));
        assert!(!is_mobile("23812345678"));
    }

    #[test]
    fn luhn_and_cards() {
        assert!(is_bank_card("6222021234567890128") || !luhn("6222021234567890128"));
        assert!(luhn("4111111111111111"));
        assert!(is_bank_card("4111111111111111"));
        assert!(!is_bank_card("4111111111111112"));
        assert!(!is_bank_card("411111111111111"), "15 digits");
        assert!(luhn("79927398713"));
        assert!(!luhn("79927398710"));
        assert!(!luhn(""));
        assert!(!luhn("4111 1111"));
    }

    #[test]
    fn gb32100_uscc() {
        // Published codes (中国石化 and the standard's usual example) and a
        // constructed all-digit one.
        assert!(is_uscc("91110000710926094P"));
        assert!(is_uscc("91350100M000100Y43"));
        assert!(is_uscc("911100001000024618"), "an all-digit code");
        assert!(!is_uscc("911100001000024614"));
        assert!(!is_uscc("91350100M000100Y44"));
        assert!(!is_uscc("91350100M000100Y4"));
        assert!(!is_uscc("91350100O000100Y43"), "O is not in the set");
    }
}
