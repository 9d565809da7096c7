//! Finding personal data in one piece of text (a line, a paragraph, a cell).
//!
//! Numbers: a *token* is a run of digit groups joined by single spaces or
//! hyphens (`138 1234 5678`, `6222-0212-3456-7890`), starting and ending at
//! a boundary that is not an ASCII letter or digit — so a number inside a
//! longer run (`…4013812345678…`, `11440300007543014G`) is never read as a
//! shorter one. A token is read whole when it forms one pattern; otherwise
//! its groups are tried in windows, longest first, where a window must not
//! continue the grouping of its neighbours. Decimals, amounts (`元`),
//! percentages, 文号 serials (`〔2024〕3号`) and numbers labelled
//! 统一社会信用代码/索引号/文号 are skipped.
//! E-mail addresses are found around `@`.

use crate::checks::{self, Id18};
use crate::{Kind, Policy, Severity};

/// One finding in a piece of text: char positions, and the chars to mask.
pub(crate) struct Hit {
    pub kind: Kind,
    pub severity: Severity,
    /// Char range `start..end` of the value in the text.
    pub start: usize,
    pub end: usize,
    /// Char positions (within the text) that masking replaces with `*`.
    pub hidden: Vec<usize>,
}

/// The fewest letters and digits a value can have (a mobile number).
const MIN_DIGITS: usize = 11;

/// Labels after which a number is an identifier of a body or a document.
const IDENTIFIER_LABELS: [&str; 5] = ["统一社会信用代码", "信用代码", "索引号", "文号", "发文字号"];

/// Whether a column header or label names an identifier that is never
/// personal data.
pub(crate) fn is_identifier_label(text: &str) -> bool {
    IDENTIFIER_LABELS.iter().any(|l| text.contains(l))
}

/// The char as the scanner sees it: full-width digits, letters, `+`, `-`,
/// `@` and the ideographic space folded to ASCII.
fn fold(c: char) -> char {
    match c {
        // Not the full-width comma or full stop: `，` between two numbers is
        // Chinese punctuation, not a thousands separator.
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '＋' | '－' | '＠' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Every finding in `text`, in order. `skip_numbers`: the text is in a column
/// of identifiers (统一社会信用代码, 索引号, 文号).
pub(crate) fn scan(text: &str, policy: &Policy, skip_numbers: bool) -> Vec<Hit> {
    // Most prose has nothing to look at.
    if !text.chars().any(|c| c.is_ascii_digit() || matches!(c, '@' | '０'..='９' | '＠')) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut hits = emails(&chars, policy);
    if !skip_numbers {
        let mut i = 0;
        while i < chars.len() {
            if starts_token(&chars, i) {
                let token = read_token(&chars, i);
                let end = token.end;
                // Nothing shorter than a mobile number is personal data.
                let size: usize = token.groups.iter().map(|g| g.end - g.start).sum();
                if size >= MIN_DIGITS && !is_skipped(&chars, &token) {
                    for hit in classify(&chars, &token, policy) {
                        if !hits.iter().any(|e| e.start < hit.end && hit.start < e.end) {
                            hits.push(hit);
                        }
                    }
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}

fn is_alnum(c: Option<&char>) -> bool {
    c.is_some_and(char::is_ascii_alphanumeric)
}

fn starts_token(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|p| chars.get(p));
    if is_alnum(before) || before == Some(&'+') {
        return false;
    }
    match chars[i] {
        c if c.is_ascii_digit() => true,
        '+' => chars.get(i + 1).is_some_and(char::is_ascii_digit),
        _ => false,
    }
}

/// A group of ASCII letters and digits, with the separator before it.
struct Group {
    start: usize,
    end: usize,
    /// The separator joining it to the previous group (`None` for the first).
    sep: Option<char>,
}

struct Token {
    start: usize,
    end: usize,
    plus: bool,
    groups: Vec<Group>,
}

fn read_token(chars: &[char], start: usize) -> Token {
    let plus = chars[start] == '+';
    let mut at = if plus { start + 1 } else { start };
    let mut groups = Vec::new();
    let mut sep = None;
    loop {
        let g_start = at;
        while is_alnum(chars.get(at)) {
            at += 1;
        }
        groups.push(Group { start: g_start, end: at, sep });
        match chars.get(at) {
            Some(&c @ (' ' | '-')) if chars.get(at + 1).is_some_and(char::is_ascii_digit) => {
                sep = Some(c);
                at += 1;
            }
            _ => break,
        }
    }
    Token { start, end: at, plus, groups }
}

/// Decimals (`12.50`), amounts (`…元`), percentages and labelled identifiers.
fn is_skipped(chars: &[char], token: &Token) -> bool {
    let after = chars.get(token.end).copied();
    let after2 = chars.get(token.end + 1);
    if matches!(after, Some('.' | ',')) && after2.is_some_and(char::is_ascii_digit) {
        return true;
    }
    if matches!(after, Some('元' | '万' | '亿' | '%' | '％')) {
        return true;
    }
    if token.start >= 2 && matches!(chars[token.start - 1], '.' | ',') && chars[token.start - 2].is_ascii_digit() {
        return true;
    }
    // The serial of a 文号: 〔2024〕3号.
    if token.start >= 1 && matches!(chars[token.start - 1], '〕' | ']' | '】') {
        return true;
    }
    let mut end = token.start;
    while end > 0 && matches!(chars[end - 1], ' ' | ':' | '：' | '(' | '（' | '\t') {
        end -= 1;
    }
    IDENTIFIER_LABELS.iter().any(|label| {
        let n = label.chars().count();
        end >= n && label.chars().eq(chars[end - n..end].iter().copied())
    })
}

/// The readings of a token's groups as personal data.
fn classify(chars: &[char], token: &Token, policy: &Policy) -> Vec<Hit> {
    let groups = &token.groups;
    let mut out = Vec::new();
    let mut i = 0;
    while i < groups.len() {
        let mut matched = false;
        for j in (i..groups.len()).rev() {
            let window = &groups[i..=j];
            let inner_sep = window.get(1).and_then(|g| g.sep);
            let joined_like_neighbours = j > i
                && (groups[i].sep.is_some() && groups[i].sep == inner_sep
                    || groups.get(j + 1).is_some_and(|g| g.sep == inner_sep));
            if joined_like_neighbours && !(i == 0 && j + 1 == groups.len()) {
                continue;
            }
            let plus = token.plus && i == 0;
            if let Some(hit) = read_window(chars, window, plus, policy) {
                out.push(hit);
                i = j + 1;
                matched = true;
                break;
            }
        }
        if !matched {
            i += 1;
        }
    }
    out
}

/// One window of groups read as a single value.
fn read_window(chars: &[char], window: &[Group], plus: bool, policy: &Policy) -> Option<Hit> {
    let text = |g: &Group| chars[g.start..g.end].iter().collect::<String>();
    let lens: Vec<usize> = window.iter().map(|g| g.end - g.start).collect();
    let same_sep = window.iter().skip(1).all(|g| g.sep == window.get(1).and_then(|g| g.sep));
    let positions = |from: usize| -> Vec<usize> { window[from..].iter().flat_map(|g| g.start..g.end).collect() };
    let all: String = window.iter().map(text).collect();
    let digits_only = all.bytes().all(|b| b.is_ascii_digit());
    let (start, end) = (window[0].start - usize::from(plus), window[window.len() - 1].end);
    let hit = |kind, severity, sig: Vec<usize>| {
        let hidden = kind_hidden(kind, &sig);
        Some(Hit { kind, severity, start, end, hidden })
    };
    let today = policy.today;

    // +86 / 86 before a mobile, as its own group or run together.
    let prefixed = lens[0] == 2 && text(&window[0]) == "86" && window.len() > 1;
    if prefixed {
        let rest = &window[1..];
        let rest_same = rest.iter().skip(1).all(|g| g.sep == rest.get(1).and_then(|g| g.sep));
        let rest_lens: Vec<usize> = rest.iter().map(|g| g.end - g.start).collect();
        let digits: String = rest.iter().map(text).collect();
        if (rest_lens == [11] || rest_lens == [3, 4, 4] && rest_same) && checks::is_mobile(&digits) {
            return mobile_hit(policy, &digits, start, end, positions(1));
        }
        if plus {
            return None;
        }
        // Without `+`, a leading 86 group may start some other number.
    }
    if plus {
        let digits = all.strip_prefix("86")?;
        if lens.len() == 1 && checks::is_mobile(digits) {
            let sig: Vec<usize> = positions(0).into_iter().skip(2).collect();
            return mobile_hit(policy, digits, start, end, sig);
        }
        return None;
    }
    if !same_sep {
        return None;
    }
    match lens.as_slice() {
        [18] | [6, 8, 4] => match checks::id18(&all, today) {
            Id18::Valid => return hit(Kind::IdCard, Severity::Error, positions(0)),
            Id18::BadCheck if !checks::is_uscc(&all) => return hit(Kind::IdCard, Severity::Warning, positions(0)),
            Id18::BadCheck => return None,
            Id18::No => {}
        },
        [15] if checks::id15(&all, today) => return hit(Kind::IdCard15, Severity::Error, positions(0)),
        [11] | [3, 4, 4] if checks::is_mobile(&all) => return mobile_hit(policy, &all, start, end, positions(0)),
        [13] if all.starts_with("86") && checks::is_mobile(&all[2..]) => {
            return mobile_hit(policy, &all[2..], start, end, positions(0).into_iter().skip(2).collect());
        }
        _ => {}
    }
    let card_grouping = lens.len() == 1 || lens.len() >= 4 && lens[..lens.len() - 1].iter().all(|&l| l == 4);
    // An all-digit 18-digit value passing both Luhn and GB 32100 is read as
    // a card: USCCs are written with their label (skipped above), cards
    // often without.
    if digits_only && card_grouping && checks::is_bank_card(&all) {
        return hit(Kind::BankCard, Severity::Error, positions(0));
    }
    None
}

fn mobile_hit(policy: &Policy, digits: &str, start: usize, end: usize, sig: Vec<usize>) -> Option<Hit> {
    if policy.is_office_phone(digits) {
        return None;
    }
    let hidden = kind_hidden(Kind::Mobile, &sig);
    Some(Hit { kind: Kind::Mobile, severity: Severity::Error, start, end, hidden })
}

/// How many significant chars each kind keeps visible at the start and end
/// (§5: ID first 6 + last 4; mobile 138****5678; bank card last 4; the
/// old ID keeps its last 3 so the whole birth date is hidden; e-mail keeps
/// the first letter of the mailbox name).
pub(crate) fn kept(kind: Kind) -> (usize, usize) {
    match kind {
        Kind::IdCard => (6, 4),
        Kind::IdCard15 => (6, 3),
        Kind::Mobile => (3, 4),
        Kind::BankCard => (0, 4),
        Kind::Email => (1, 0),
        Kind::Address => (6, 0),
    }
}

/// The significant positions a kind hides.
pub(crate) fn kind_hidden(kind: Kind, sig: &[usize]) -> Vec<usize> {
    let (head, tail) = kept(kind);
    hide_between(sig, head, tail)
}

/// The positions of `sig` except the first `head` and the last `tail`.
pub(crate) fn hide_between(sig: &[usize], head: usize, tail: usize) -> Vec<usize> {
    let head = head.min(sig.len());
    let tail = tail.min(sig.len() - head);
    sig[head..sig.len() - tail].to_vec()
}

/// Personal e-mail addresses (those not on the agency's own record).
fn emails(chars: &[char], policy: &Policy) -> Vec<Hit> {
    let local_char = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain_char = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let mut out = Vec::new();
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        let mut start = at;
        while start > 0 && local_char(&chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && domain_char(&chars[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
            end -= 1;
        }
        let domain: String = chars[at + 1..end].iter().collect();
        let tld_ok = domain.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
        if start == at || !tld_ok {
            continue;
        }
        let address: String = chars[start..end].iter().collect();
        if policy.is_agency_email(&address) {
            continue;
        }
        // A colleague's address at a government domain is less likely a
        // resident's: a warning, not an error.
        let severity =
            if domain.to_ascii_lowercase().ends_with(".gov.cn") { Severity::Warning } else { Severity::Error };
        let sig: Vec<usize> = (start..at).collect();
        out.push(Hit { kind: Kind::Email, severity, start, end, hidden: kind_hidden(Kind::Email, &sig) });
    }
    out
}
