//! Labels damaged by OCR: a misread look-alike character (形近字 such as
//! 己/已/巳, 末/未, 士/土, 人/入, 曰/日), a missing or an extra character.
//! A damaged label names a row only when it is close to that row's labels
//! (variants included) and clearly farther from every other row's; the
//! caller then also requires the row's numbers to satisfy the template's
//! identities before it accepts them.

use std::collections::HashMap;

/// Pairs of characters OCR confuses; a swap within a pair costs half an edit.
pub const LOOKALIKES: [(char, char); 16] = [
    ('己', '已'),
    ('已', '巳'),
    ('己', '巳'),
    ('末', '未'),
    ('士', '土'),
    ('人', '入'),
    ('曰', '日'),
    ('大', '太'),
    ('王', '玉'),
    ('问', '间'),
    ('候', '侯'),
    ('戌', '戍'),
    ('拨', '拔'),
    ('析', '折'),
    ('汨', '汩'),
    ('0', 'O'),
];

/// Cost units: a look-alike swap is 1, any other edit 2.
const EDIT: u32 = 2;
const LOOKALIKE: u32 = 1;
/// Labels shorter than this (in characters) are never matched loosely.
const MIN_CHARS: usize = 4;
/// How much closer the best row must be than any other row.
const MARGIN: u32 = 2 * EDIT;

/// What a damaged label matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loose<T> {
    /// One row, clearly: the row and the template label it is closest to.
    Row(T, String),
    /// Close to several rows' labels (named in the message).
    Ambiguous(String),
    /// Close to no row.
    None,
}

/// Edits allowed for a label of `chars` characters: one edit, two from ten
/// characters on.
fn allowed(chars: usize) -> u32 {
    if chars >= 10 { 2 * EDIT } else { EDIT }
}

fn substitution(a: char, b: char) -> u32 {
    if a == b {
        0
    } else if LOOKALIKES.iter().any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b)) {
        LOOKALIKE
    } else {
        EDIT
    }
}

/// Weighted edit distance, or `None` when it exceeds `cap`.
pub fn distance(a: &str, b: &str, cap: u32) -> Option<u32> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) as u32 * EDIT > cap {
        return None;
    }
    let mut prev: Vec<u32> = (0..=b.len() as u32).map(|j| j * EDIT).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = (i as u32 + 1) * EDIT;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + substitution(ca, cb)).min(prev[j + 1] + EDIT).min(cur[j] + EDIT);
        }
        if cur.iter().all(|&d| d > cap) {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|&d| d <= cap)
}

/// The row a damaged (normalised) label names, if exactly one is close.
pub fn loose_match<T: Copy + PartialEq>(norm: &str, map: &HashMap<String, T>) -> Loose<T> {
    let chars = norm.chars().count();
    if !(MIN_CHARS..=120).contains(&chars) {
        return Loose::None;
    }
    let cap = allowed(chars) + MARGIN;
    // (distance, row, key) of the best key of each row.
    let mut best: Vec<(u32, T, &String)> = Vec::new();
    for (key, &row) in map {
        if key.chars().count() < MIN_CHARS {
            continue;
        }
        let Some(d) = distance(norm, key, cap) else { continue };
        match best.iter_mut().find(|b| b.1 == row) {
            Some(b) if b.0 <= d => {}
            Some(b) => *b = (d, row, key),
            None => best.push((d, row, key)),
        }
    }
    best.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.2.cmp(y.2)));
    match best.as_slice() {
        [] => Loose::None,
        [(d, ..), ..] if *d > allowed(chars) => Loose::None,
        [(d, row, key), rest @ ..] => match rest.first() {
            Some((d2, _, key2)) if *d2 < d + MARGIN => Loose::Ambiguous(format!("与「{key}」和「{key2}」都相近")),
            _ => Loose::Row(*row, (*key).clone()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> HashMap<String, u8> {
        [
            ("1.属于国家秘密", 1),
            ("2.其他法律行政法规禁止公开", 2),
            ("要求行政机关确认或重新出具已获取信息", 3),
            ("本机关不掌握相关政府信息", 4),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    #[test]
    fn lookalikes_cost_less_than_other_edits() {
        assert_eq!(distance("已获取", "己获取", 8), Some(LOOKALIKE));
        assert_eq!(distance("已获取", "亿获取", 8), Some(EDIT));
        assert_eq!(distance("获取信息", "获信息", 8), Some(EDIT));
        assert_eq!(distance("获取信息", "完全不同的字", 3), None);
    }

    #[test]
    fn one_row_clearly_or_none() {
        assert_eq!(
            loose_match("要求行政机关确认或重新出具己获取信息", &map()),
            Loose::Row(3, "要求行政机关确认或重新出具已获取信息".into())
        );
        assert_eq!(loose_match("1.属于国家祕密", &map()), Loose::Row(1, "1.属于国家秘密".into()));
        assert_eq!(loose_match("1.属于国家", &map()), Loose::None);
        assert_eq!(loose_match("秘密", &map()), Loose::None);
    }

    #[test]
    fn close_to_two_rows_is_ambiguous() {
        let mut m = map();
        m.insert("1.属于国家秘书".into(), 9);
        assert!(matches!(loose_match("1.属于国家秘x", &m), Loose::Ambiguous(_)));
    }
}
