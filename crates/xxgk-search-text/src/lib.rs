//! Chinese text for the database full-text index (SQLite FTS5, PostgreSQL
//! `tsvector`), which splits on spaces: [`Segmenter::index_terms`] turns a
//! text into space-joined words, [`Segmenter::query_terms`] turns a query
//! into the words to look up, and [`Segmenter::snippet`] cuts a highlighted,
//! HTML-escaped excerpt.
//!
//! Guarantee: every query term of a Chinese query that occurs in a text is
//! among the text's index terms, so 信息公开 finds 政府信息公开 (Latin words
//! and numbers are matched whole). A query is cut into dictionary words,
//! Latin/digit runs and single characters (jieba's precise mode without
//! HMM); a text is indexed with every dictionary word at every position
//! (jieba's full mode, a superset of its search-mode words), its own
//! precise-mode words (for the Latin/digit runs) and every Han character.
//!
//! Pure. The dictionary takes a moment to load, so a [`Segmenter`] is made
//! once by the caller and shared (it is `Sync`); there is no global one.

use std::collections::BTreeSet;

use jieba_rs::Jieba;

/// jieba with the default dictionary.
pub struct Segmenter {
    jieba: Jieba,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    pub fn new() -> Segmenter {
        Segmenter { jieba: Jieba::new() }
    }

    /// The words of `text` joined by single spaces, in text order (each
    /// word once per position), folded like queries.
    pub fn index_terms(&self, text: &str) -> String {
        let text = fold(text);
        let mut spans: BTreeSet<(usize, usize)> = BTreeSet::new();
        for t in self.jieba.cut_all(&text).into_iter().chain(self.jieba.cut(&text, false)) {
            spans.insert((t.byte_start, t.byte_end));
        }
        for (i, c) in text.char_indices() {
            if is_han(c) {
                spans.insert((i, i + c.len_utf8()));
            }
        }
        let words: Vec<&str> = spans.into_iter().map(|(s, e)| &text[s..e]).filter(|w| is_term(w)).collect();
        words.join(" ")
    }

    /// The distinct words of a query, in order. Every one must match.
    pub fn query_terms(&self, query: &str) -> Vec<String> {
        let query = fold(query);
        let mut out: Vec<String> = Vec::new();
        for t in self.jieba.cut(&query, false) {
            if is_term(t.word) && !out.iter().any(|w| w == t.word) {
                out.push(t.word.to_string());
            }
        }
        out
    }

    /// An excerpt of about `width` characters around the first term found,
    /// HTML-escaped, each occurrence of a term in `<mark>`; `…` where cut.
    pub fn snippet(&self, text: &str, terms: &[String], width: usize) -> String {
        let original: Vec<char> = text.chars().collect();
        let folded: Vec<char> = original.iter().map(|&c| fold_char(c)).collect();
        let terms: Vec<Vec<char>> = {
            let mut t: Vec<Vec<char>> =
                terms.iter().map(|t| fold(t).chars().collect::<Vec<char>>()).filter(|t| !t.is_empty()).collect();
            t.sort_by_key(|t| std::cmp::Reverse(t.len()));
            t
        };
        let marks = find_marks(&folded, &terms);
        let first = marks.first().map_or(0, |m| m.0);
        let start = first.saturating_sub(width / 4);
        let end = (start + width).min(original.len());
        let start = end.saturating_sub(width).min(start);
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        let mut at = start;
        for &(s, e) in marks.iter().filter(|(s, e)| *s >= start && *e <= end) {
            escape_into(&original[at..s], &mut out);
            out.push_str("<mark>");
            escape_into(&original[s..e], &mut out);
            out.push_str("</mark>");
            at = e;
        }
        escape_into(&original[at..end], &mut out);
        if end < original.len() {
            out.push('…');
        }
        out
    }
}

/// Non-overlapping occurrences of the terms (longest first at each place),
/// adjacent ones merged.
fn find_marks(text: &[char], terms: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match terms.iter().find(|t| text[i..].starts_with(t)) {
            Some(t) => {
                // Adjacent terms (信息|公开) make one mark.
                match out.last_mut() {
                    Some((_, end)) if *end == i => *end = i + t.len(),
                    _ => out.push((i, i + t.len())),
                }
                i += t.len();
            }
            None => i += 1,
        }
    }
    out
}

fn escape_into(chars: &[char], out: &mut String) {
    for &c in chars {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Full-width ASCII to ASCII, ASCII lower-cased; one char for one char.
fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// A word worth indexing: holds a letter, digit or Han character.
fn is_term(word: &str) -> bool {
    word.chars().any(|c| c.is_alphanumeric())
}
