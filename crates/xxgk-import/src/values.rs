//! Reading one table cell: a number (count, signed change or money with its
//! unit), an "unfilled" mark (`/`, `—`, `-`, `无`, blank), or text.

use std::str::FromStr;

use rust_decimal::Decimal;

/// The unit printed with a money amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// No unit printed.
    None,
    /// 元 (converted to 万元 on import).
    Yuan,
    /// 万元.
    TenK,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    /// A number as printed, with the unit written in the cell.
    Number { value: Decimal, unit: Unit },
    /// A mark meaning "not filled": read as 0 and recorded in `unfilled`.
    Mark(String),
    /// Digits that look like several numbers run together (`000`, `0123`).
    RunTogether,
}

/// The marks the spec reads as 0 (`report-json.md`); blank is handled apart.
const MARKS: [&str; 9] = ["/", "／", "—", "——", "-", "－", "–", "无", "\\"];

/// Parses a cell; `None` for text. Blank cells are `Some(Mark(""))`.
pub fn parse_cell(raw: &str) -> Option<CellValue> {
    let text = raw.trim();
    if text.contains(char::is_whitespace) {
        // Several numbers in one cell (`0 0 0`) or text: not one value.
        return None;
    }
    if text.is_empty() {
        return Some(CellValue::Mark(String::new()));
    }
    if MARKS.contains(&text) {
        return Some(CellValue::Mark(text.to_string()));
    }
    // Text without a digit (most label cells) is no number: skip the work.
    if !text.chars().any(|c| c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)) {
        return None;
    }
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '−' => '-',
            c => c,
        })
        .collect();
    let (body, unit) = strip_unit(&folded);
    let (sign, digits) = match body.strip_prefix(['-', '+']) {
        Some(rest) => (&body[..1], rest),
        None => ("", body),
    };
    if digits.is_empty() || digits.len() > 24 {
        return None;
    }
    let plain = thousands(digits)?;
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if int.len() > 1 && int.starts_with('0') {
        return Some(CellValue::RunTogether);
    }
    let value = Decimal::from_str(&format!("{sign}{plain}")).ok()?;
    Some(CellValue::Number { value, unit })
}

/// Splits a trailing unit (`万元`, `元`, `件`, `个`, `项`, `条`) off a number.
fn strip_unit(text: &str) -> (&str, Unit) {
    if let Some(body) = text.strip_suffix("万元") {
        return (body, Unit::TenK);
    }
    if let Some(body) = text.strip_suffix('元') {
        return (body, Unit::Yuan);
    }
    let body = text.trim_end_matches(['件', '个', '项', '条', '宗', '起']);
    (body, Unit::None)
}

/// Removes thousands separators written as `1,234,567`; other commas make
/// the text not a number.
fn thousands(digits: &str) -> Option<String> {
    if !digits.contains(',') {
        return Some(digits.to_string());
    }
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let mut out = groups.concat();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Whether a header or cell text names the unit 元 (not 万元).
pub fn unit_in_text(text: &str) -> Unit {
    if text.contains("万元") {
        Unit::TenK
    } else if text.contains('元') {
        Unit::Yuan
    } else {
        Unit::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<(String, Unit)> {
        match parse_cell(s)? {
            CellValue::Number { value, unit } => Some((value.to_string(), unit)),
            _ => None,
        }
    }

    #[test]
    fn numbers_marks_and_text() {
        assert_eq!(num(" 42 "), Some(("42".into(), Unit::None)));
        assert_eq!(num("4166.241619"), Some(("4166.241619".into(), Unit::None)));
        assert_eq!(num("251000元"), Some(("251000".into(), Unit::Yuan)));
        assert_eq!(num("18,651.06万元"), Some(("18651.06".into(), Unit::TenK)));
        assert_eq!(num("-3"), Some(("-3".into(), Unit::None)));
        assert_eq!(num("１２"), Some(("12".into(), Unit::None)));
        assert_eq!(parse_cell("无"), Some(CellValue::Mark("无".into())));
        assert_eq!(parse_cell(""), Some(CellValue::Mark(String::new())));
        assert_eq!(parse_cell("000"), Some(CellValue::RunTogether));
        assert_eq!(parse_cell("1,2"), None);
        assert_eq!(parse_cell("规章"), None);
        assert_eq!(parse_cell("1."), None);
        assert_eq!(parse_cell("2022年"), None);
        assert_eq!(parse_cell("万元"), None);
        assert_eq!(parse_cell("-万元"), None);
    }
}
