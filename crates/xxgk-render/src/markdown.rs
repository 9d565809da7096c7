//! The Markdown renderer: the title as `#`, the six headings as `##`, prose
//! as paragraphs, and each table as GitHub-style pipe tables flattened from
//! the shared layout ([`crate::flat`]): table 二 one pipe table per 条例 item
//! under a `###` caption; table 三 with one label column whose text is the
//! merged labels joined by a space (`三、本年度办理结果 （三）不予公开
//! 1.属于国家秘密`); headers list the labels above each column, top first.
//! Text that is not a template label is escaped so that it cannot turn into
//! markup (or raw HTML) in a Markdown viewer.

use crate::flat::{FlatTable, flatten};
use crate::layout::{Body, Document, document};

/// Renders the report as Markdown.
pub fn markdown(report: &xxgk_report::Report) -> String {
    let doc = document(report);
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("# ");
    escape_block(&doc.title, &mut out);
    out.push('\n');
    for section in &doc.sections {
        out.push_str("\n## ");
        escape_block(section.heading, &mut out);
        out.push('\n');
        match &section.body {
            Body::Paragraphs(paragraphs) => {
                for p in paragraphs {
                    out.push('\n');
                    escape_block(p, &mut out);
                    out.push('\n');
                }
            }
            Body::NotFilled => {
                out.push('\n');
                escape_block(Document::PLACEHOLDER, &mut out);
                out.push('\n');
            }
            Body::Table(grid) => {
                for part in flatten(grid) {
                    pipe_table(&part, &mut out);
                }
            }
        }
    }
    out
}

fn pipe_table(t: &FlatTable<'_>, out: &mut String) {
    if let Some(caption) = t.caption {
        out.push_str("\n### ");
        escape_block(caption, out);
        out.push('\n');
    }
    out.push('\n');
    let label = |parts: &[&str]| t.has_labels.then(|| join(parts));
    let head = label(&t.label_head).into_iter().chain(t.value_heads.iter().map(|h| join(h)));
    line(head, out);
    let rule = t.has_labels.then(|| "---".to_string()).into_iter();
    line(rule.chain(t.value_heads.iter().map(|_| "---:".to_string())), out);
    for row in &t.rows {
        line(label(&row.labels).into_iter().chain(row.values.iter().map(|v| inline(v))), out);
    }
}

fn line(cells: impl Iterator<Item = String>, out: &mut String) {
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(&cell);
        out.push_str(" |");
    }
    out.push('\n');
}

/// Header or label parts joined by a space, each escaped for a table cell.
fn join(parts: &[&str]) -> String {
    parts.iter().map(|p| inline(p)).collect::<Vec<_>>().join(" ")
}

/// Escapes text inside a line (a table cell, a heading's rest): every ASCII
/// punctuation mark Markdown gives a meaning to inline is backslash-escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' | '!') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Escapes a paragraph or heading text: as [`inline`], plus the marks that
/// start a block at the beginning of a line (`-`, `+`, `=`, `1.`, `1)`).
fn escape_block(text: &str, out: &mut String) {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let mut chars = text.chars();
    match chars.clone().next() {
        Some(c @ ('-' | '+' | '=')) => {
            out.push('\\');
            out.push(c);
            chars.next();
        }
        Some(_) if digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')) => {
            out.push_str(&text[..digits]);
            out.push('\\');
            chars = text[digits..].chars();
        }
        _ => {}
    }
    out.push_str(&inline(chars.as_str()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        let mut out = String::new();
        escape_block("<script>alert(1)</script> | *x*", &mut out);
        assert_eq!(out, "\\<script\\>alert(1)\\</script\\> \\| \\*x\\*");
        out.clear();
        escape_block("1. 第一", &mut out);
        assert_eq!(out, "1\\. 第一");
        out.clear();
        escape_block("- 项", &mut out);
        assert_eq!(out, "\\- 项");
    }
}
