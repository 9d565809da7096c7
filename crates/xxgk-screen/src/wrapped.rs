//! Numbers wrapped over lines of a PDF text layer. In a 公示 list saved as
//! PDF, a narrow 身份证号码 column wraps `110105194` / `91231002X` onto two
//! lines, which the text layer gives as two lines, often with other cells
//! of the row beside them and the next row's serial number after them.
//!
//! Where a line ends in a digit and the next line starts with one, the
//! number at the end (from each of its group boundaries) is joined with the
//! numbers starting the next one to three lines (directly, or with a space
//! for grouped numbers) and screened; a value that spans the line break is a
//! finding at the line where it starts. Values within one line are the
//! per-line pass's.

use xxgk_import::{DocumentText, Place, TextBlock};

use crate::{Finding, Masked, Policy, scan};

/// The most lines one value is taken to wrap over.
const MAX_WRAPS: usize = 3;

/// The findings that only wrapped lines of a PDF page show.
pub(crate) fn findings(doc: &DocumentText, policy: &Policy, out: &mut Vec<Finding>) {
    let blocks = &doc.blocks;
    for (i, block) in blocks.iter().enumerate() {
        let Place::Page { page, .. } = block.place else { continue };
        let same_page = |b: &&TextBlock| matches!(b.place, Place::Page { page: p, .. } if p == page);
        let next: Vec<&TextBlock> = blocks[i + 1..].iter().take(MAX_WRAPS).take_while(same_page).collect();
        if let Some((masked, hit)) = wrapped_value(&block.text, &next, policy) {
            let found = Finding { kind: hit.kind, severity: hit.severity, location: block.place.clone(), masked };
            if !out.contains(&found) {
                out.push(found);
            }
        }
    }
}

/// The first value that starts at the end of `line` and continues on the
/// following lines.
fn wrapped_value(line: &str, next: &[&TextBlock], policy: &Policy) -> Option<(Masked, scan::Hit)> {
    let tail = trailing_number(line)?;
    let mut heads: Vec<&str> = Vec::new();
    // The reading over the most lines wins: a shorter one that also passes
    // (a Luhn check holds one time in ten) is a prefix of the real value.
    let mut best = None;
    for block in next {
        let Some(head) = leading_number(&block.text) else { break };
        heads.push(head);
        if let Some(found) = joined_reading(tail, &heads, policy) {
            best = Some(found);
        }
        // A line holding more than the number ends the wrap.
        if head.len() != block.text.trim().len() {
            break;
        }
    }
    best
}

/// A value spanning the end of `tail` and the first of `heads`, joining
/// them directly or with spaces, from each group of `tail`.
fn joined_reading(tail: &str, heads: &[&str], policy: &Policy) -> Option<(Masked, scan::Hit)> {
    for joiner in ["", " "] {
        let rest = heads.join(joiner);
        for tail_start in group_starts(tail) {
            let tail = &tail[tail_start..];
            let candidate = format!("{tail}{joiner}{rest}");
            let break_at = tail.chars().count();
            let hit = scan::scan(&candidate, policy, false)
                .into_iter()
                .find(|h| h.start < break_at && h.end > break_at + joiner.len());
            if let Some(hit) = hit {
                let chars: Vec<char> = candidate.chars().collect();
                let masked =
                    (hit.start..hit.end).map(|i| if hit.hidden.contains(&i) { '*' } else { chars[i] }).collect();
                return Some((Masked(masked), hit));
            }
        }
    }
    None
}

fn number_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == ' '
}

/// The digits, letters and spaces ending a line, when it ends in a digit.
fn trailing_number(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let start = line.char_indices().rev().take_while(|(_, c)| number_char(*c)).last().map(|(i, _)| i)?;
    let tail = line[start..].trim_start();
    tail.ends_with(|c: char| c.is_ascii_digit()).then_some(tail)
}

/// The digits, letters and spaces starting a line, when it starts with a digit.
fn leading_number(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let end = line.char_indices().find(|(_, c)| !number_char(*c)).map_or(line.len(), |(i, _)| i);
    let head = line[..end].trim_end();
    head.starts_with(|c: char| c.is_ascii_digit()).then_some(head)
}

/// Byte offsets where a group of `tail` starts, longest suffix first.
fn group_starts(tail: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(tail.char_indices().filter(|(_, c)| *c == ' ').map(|(i, _)| i + 1));
    starts
}

#[cfg(test)]
mod tests {
    use time::macros::date;
    use xxgk_import::{InputKind, TextBlock};

    use super::*;

    fn pdf(pages: &[&[&str]]) -> DocumentText {
        let blocks = pages
            .iter()
            .enumerate()
            .flat_map(|(p, lines)| {
                lines.iter().enumerate().map(move |(l, text)| TextBlock {
                    text: text.to_string(),
                    place: Place::Page { page: p + 1, line: l + 1 },
                })
            })
            .collect();
        DocumentText { kind: InputKind::Pdf, blocks }
    }

    fn wrapped(doc: &DocumentText) -> Vec<(String, String)> {
        let mut out = Vec::new();
        findings(doc, &Policy::new(date!(2026 - 12 - 01)), &mut out);
        out.into_iter().map(|f| (f.location.to_string(), f.masked.to_string())).collect()
    }

    #[test]
    fn numbers_wrapped_in_narrow_columns_are_found_where_they_start() {
        // The text layer LibreOffice gives for a 公示 table with narrow columns.
        let doc = pdf(&[&[
            "序号 姓名 公民身份号码 联系电话 银行账号",
            "1 张某 110105194",
            "91231002X 138123456",
            "78 622202123",
            "456789012",
            "8",
            "2 李某 110105194",
            "912310021 0591-",
            "83456789 6222 0212",
            "3456 7890",
            "128",
        ]]);
        assert_eq!(
            wrapped(&doc),
            [
                ("第 1 页第 2 行".into(), "110105********002X".into()),
                ("第 1 页第 3 行".into(), "138****5678".into()),
                ("第 1 页第 4 行".into(), "***************0128".into()),
                ("第 1 页第 7 行".into(), "110105********0021".into()),
                ("第 1 页第 9 行".into(), "**** **** **** ***0 128".into()),
            ]
        );
    }

    #[test]
    fn values_on_one_line_and_joins_across_pages_are_not_added() {
        // Whole values are the per-line pass's; a page break is no wrap.
        assert!(wrapped(&pdf(&[&["张某 11010519491231002X", "2 李某"]])).is_empty());
        assert!(wrapped(&pdf(&[&["张某 110105194"], &["91231002X"]])).is_empty());
        assert!(wrapped(&pdf(&[&["合计 1200", "元"]])).is_empty());
    }
}
