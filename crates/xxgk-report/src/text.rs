//! Reading facts out of report prose: dates (`2023年1月17日`, also in Chinese
//! numerals `二〇二三年一月十七日`), the stated 统计期限, the title's year, the
//! application and case counts stated in section 一, and a text-similarity
//! measure for copied reports. Pure functions over strings; used by the checks
//! and by the importer.

use std::collections::HashSet;

use time::{Date, Month};

/// Folds full-width digits to ASCII and drops white space, so prose scanning
/// sees `2022年1月1日` however it was typed.
fn fold(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | 'Ｏ' | 'O' | '○' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a number at `chars[i..]`: ASCII digits, or Chinese numerals (with 十
/// for months and days). Returns the value and the index after it.
fn number_at(chars: &[char], i: usize, max_digits: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut value: u32 = 0;
    while j < chars.len() && j - i < max_digits && chars[j].is_ascii_digit() {
        value = value * 10 + chars[j].to_digit(10)?;
        j += 1;
    }
    if j > i {
        return Some((value, j));
    }
    // Chinese numerals: positional digits (二〇二三) or 十-forms (十七, 二十, 三十一).
    let mut digits = Vec::new();
    let mut ten_seen = false;
    while j < chars.len() && j - i < max_digits + 1 {
        if let Some(d) = chinese_digit(chars[j]) {
            digits.push(d);
        } else if chars[j] == '十' && !ten_seen {
            ten_seen = true;
            let tens = digits.pop().unwrap_or(1);
            digits.push(tens * 10);
            digits.push(u32::MAX); // marker: units follow
        } else {
            break;
        }
        j += 1;
    }
    if digits.is_empty() {
        return None;
    }
    let value = if ten_seen {
        digits.iter().filter(|&&d| d != u32::MAX).sum()
    } else {
        digits.iter().fold(0, |acc, d| acc * 10 + d)
    };
    Some((value, j))
}

/// Parses a date `Y年M月D日` starting at `chars[i]`.
fn date_at(chars: &[char], i: usize) -> Option<(Date, usize)> {
    let (year, j) = number_at(chars, i, 4)?;
    if j - i != 4 || chars.get(j) != Some(&'年') {
        return None;
    }
    let (month, k) = number_at(chars, j + 1, 2)?;
    if chars.get(k) != Some(&'月') {
        return None;
    }
    let (day, m) = number_at(chars, k + 1, 2)?;
    if !matches!(chars.get(m), Some('日' | '号')) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    Some((date, m + 1))
}

/// Every full date in the text, in order.
pub fn dates(text: &str) -> Vec<Date> {
    let chars = fold(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match date_at(&chars, i) {
            Some((date, next)) => {
                out.push(date);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// The 统计期限 the text states: the first two dates after 统计期限/统计时限/
/// 统计期间 (or, failing that, after 自 … 起至), within one sentence.
pub fn stated_period(text: &str) -> Option<(Date, Date)> {
    let chars = fold(text);
    let s: String = chars.iter().collect();
    let anchors = ["统计期限", "统计时限", "统计期间", "统计时间", "统计周期"];
    let start = anchors.iter().filter_map(|a| s.find(a)).min()?;
    let sentence: String = s[start..].chars().take_while(|&c| c != '。').take(80).collect();
    let found = dates(&sentence);
    match found.as_slice() {
        [from, to, ..] => Some((*from, *to)),
        _ => None,
    }
}

/// The year printed in a title such as `平型关镇2022年政府信息公开工作年度报告`.
pub fn title_year(title: &str) -> Option<i32> {
    let chars = fold(title);
    (0..chars.len()).find_map(|i| {
        let (year, j) = number_at(&chars, i, 4)?;
        (j - i == 4 && (i == 0 || !chars[i - 1].is_ascii_digit()) && chars.get(j) == Some(&'年'))
            .then(|| i32::try_from(year).ok())
            .flatten()
    })
}

/// A quantity of tables 三/四 that section 一's prose commonly states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stated {
    /// 收到/新收/受理 … 申请 N 件 → table 三 一 总计.
    Received,
    /// 上年结转 N 件 → table 三 二 总计.
    CarriedOver,
    /// 办结 N 件 → table 三 （七）总计.
    Processed,
    /// 结转 N 件 → table 三 四 总计.
    CarriedForward,
    /// 予以公开 N 件 → table 三 （一） 总计.
    Granted,
    /// 部分公开 N 件 → table 三 （二） 总计.
    PartiallyGranted,
    /// 行政复议 N 件/起 → table 四 复议 总计.
    Reconsideration,
    /// 行政诉讼 N 件/起 → table 四 both litigation totals.
    Litigation,
}

/// One number the prose states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub quantity: Stated,
    pub value: i64,
    /// The words around it, for messages.
    pub snippet: String,
}

const UNITS: [char; 5] = ['件', '条', '起', '宗', '个'];
const CLAUSE_END: [char; 7] = ['，', '。', '；', ',', ';', '：', ':'];

/// The first `N件` after `from` within the clause, with at most `reach` chars
/// before the number.
fn count_after(chars: &[char], from: usize, reach: usize) -> Option<(i64, usize)> {
    let mut i = from;
    while i < chars.len() && i - from <= reach {
        if CLAUSE_END.contains(&chars[i]) {
            return None;
        }
        if chars[i].is_ascii_digit() {
            let (n, j) = number_at(chars, i, 9)?;
            return UNITS.contains(chars.get(j)?).then_some((i64::from(n), j));
        }
        i += 1;
    }
    None
}

/// The counts section 一's prose states, in order of appearance.
pub fn stated_counts(text: &str) -> Vec<Statement> {
    let chars = fold(text);
    let mut out = Vec::new();
    // (anchor, quantity, reach): checked at every position, longest anchors first.
    let anchors: [(&str, Stated, usize); 10] = [
        ("上年结转", Stated::CarriedOver, 14),
        ("结转", Stated::CarriedForward, 10),
        ("新收", Stated::Received, 16),
        ("收到", Stated::Received, 16),
        ("受理", Stated::Received, 16),
        ("办结", Stated::Processed, 10),
        ("部分公开", Stated::PartiallyGranted, 6),
        ("予以公开", Stated::Granted, 6),
        ("复议", Stated::Reconsideration, 6),
        ("诉讼", Stated::Litigation, 6),
    ];
    let mut i = 0;
    while i < chars.len() {
        let hit = anchors.iter().find(|(a, _, _)| starts_with(&chars, i, a));
        let Some(&(anchor, quantity, reach)) = hit else {
            i += 1;
            continue;
        };
        let after = i + anchor.chars().count();
        let sentence = sentence_around(&chars, i);
        let relevant = match quantity {
            Stated::Received => sentence.contains("申请") && !window(&chars, after, reach).contains(['复', '诉']),
            Stated::Granted => !window(&chars, after, reach).contains("部分"),
            _ => true,
        };
        if relevant
            && !(quantity == Stated::CarriedForward
                && i > 0
                && chars[i - 1] == '年'
                && starts_with(&chars, i - 2, "上年"))
            && let Some((value, end)) = count_after(&chars, after, reach)
        {
            let snippet: String = chars[i..end].iter().collect();
            out.push(Statement { quantity, value, snippet });
            i = end;
            continue;
        }
        i = after;
    }
    out
}

/// `true` when the prose says no application was received (未收到 … 申请).
pub fn says_no_applications(text: &str) -> bool {
    let chars = fold(text);
    let s: String = chars.iter().collect();
    s.split(['。', '；', ';']).any(|sentence| {
        let no_receipt =
            ["未收到", "没有收到", "无依申请", "未发生依申请", "未接到"].iter().any(|m| sentence.contains(m));
        no_receipt && sentence.contains("申请") && !sentence.contains("复议申请")
    })
}

fn starts_with(chars: &[char], i: usize, word: &str) -> bool {
    (i..).zip(word.chars()).all(|(k, w)| chars.get(k) == Some(&w))
}

fn window(chars: &[char], from: usize, reach: usize) -> String {
    chars[from.min(chars.len())..(from + reach).min(chars.len())].iter().collect()
}

fn sentence_around(chars: &[char], i: usize) -> String {
    let start = chars[..i].iter().rposition(|&c| c == '。').map_or(0, |p| p + 1);
    let end = chars[i..].iter().position(|&c| c == '。').map_or(chars.len(), |p| i + p);
    chars[start..end].iter().collect()
}

/// How much of `text` also stands in `other`: the share of `text`'s character
/// 6-grams (digits folded, so changed years and counts don't hide a copy) that
/// occur in `other`. 1.0 means every passage of `text` is in `other`.
pub fn shared_ratio(text: &str, other: &str) -> f64 {
    let grams = |t: &str| -> Vec<String> {
        let chars: Vec<char> = t
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。；：、“”（）《》".contains(*c))
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect();
        chars.windows(6).map(|w| w.iter().collect()).collect()
    };
    let mine = grams(text);
    if mine.is_empty() {
        return 0.0;
    }
    let theirs: HashSet<String> = grams(other).into_iter().collect();
    let shared = mine.iter().filter(|g| theirs.contains(*g)).count();
    shared as f64 / mine.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_digits_and_chinese_numerals() {
        assert_eq!(dates("2023年1月17日"), vec![date!(2023 - 01 - 17)]);
        assert_eq!(dates("落款：二〇二三年一月十七日"), vec![date!(2023 - 01 - 17)]);
        assert_eq!(dates("二〇二二年十二月三十一日"), vec![date!(2022 - 12 - 31)]);
        assert_eq!(dates("２０２２年１２月３１日"), vec![date!(2022 - 12 - 31)]);
        assert!(dates("2022年13月1日").is_empty());
    }

    #[test]
    fn stated_period_is_found() {
        let text = "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。如对本报告有任何疑问";
        assert_eq!(stated_period(text), Some((date!(2022 - 01 - 01), date!(2022 - 12 - 31))));
        assert_eq!(stated_period("没有期限"), None);
    }

    #[test]
    fn title_year_is_found() {
        assert_eq!(title_year("平型关镇2022年政府信息公开工作年度报告"), Some(2022));
        assert_eq!(title_year("平潭综合实验区2024年度政府信息公开工作年度报告"), Some(2024));
        assert_eq!(title_year("政府信息公开工作年度报告"), None);
    }

    #[test]
    fn stated_counts_of_real_sentences() {
        let text = "2025年，共收到政府信息公开申请154件，办结148件，结转6件。被申请行政复议36起、诉讼9起。";
        let got: Vec<(Stated, i64)> = stated_counts(text).into_iter().map(|s| (s.quantity, s.value)).collect();
        assert_eq!(
            got,
            vec![
                (Stated::Received, 154),
                (Stated::Processed, 148),
                (Stated::CarriedForward, 6),
                (Stated::Reconsideration, 36),
                (Stated::Litigation, 9),
            ]
        );
        let carried = stated_counts("本年新收申请3件，上年结转1件。");
        assert_eq!(carried[1].quantity, Stated::CarriedOver);
        assert!(stated_counts("收到群众来信5件，已办理。").is_empty());
    }

    #[test]
    fn no_application_sentences() {
        assert!(says_no_applications("本年度，我镇未收到社会公众提出的政府信息公开申请，也未发生被行政复议的情况。"));
        assert!(!says_no_applications("共收到政府信息公开申请3件。"));
    }

    #[test]
    fn shared_ratio_sees_copies_with_new_numbers() {
        let a = "2022年，我镇认真落实政务公开工作要点，全年主动公开政府信息96条，依法保障群众知情权。";
        let b = "2023年，我镇认真落实政务公开工作要点，全年主动公开政府信息87条，依法保障群众知情权。";
        assert!(shared_ratio(b, a) > 0.9);
        assert!(shared_ratio("完全不同的一段文字内容在这里出现", a) < 0.1);
    }
}
